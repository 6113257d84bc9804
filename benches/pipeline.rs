//! One benchmark per stage of the pipeline, on a generated site of 40
//! bilingual briefs: front matter, Markdown, templates and writing.
//! Charts have their own benchmark (`benches/chart.rs`).

use criterion::{Criterion, criterion_group, criterion_main};
use mujaz::chart::DataStore;
use mujaz::config::Config;
use mujaz::content::{self, Doc};
use mujaz::markdown;
use mujaz::render;
use mujaz::site::{Site, doc_url};
use mujaz::theme::Theme;
use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};

const BRIEFS: usize = 40;

fn site_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--release", "-q", "--example", "corpus", "--"])
        .arg(BRIEFS.to_string())
        .arg(dir.path())
        .status()
        .expect("run the corpus example");
    assert!(status.success());
    dir
}

fn load(root: &Path) -> (Site, Theme) {
    let config = Config::load(root, Path::new("")).expect("config");
    let theme = Theme::load(root, Path::new(""), &config, &mut Vec::new()).expect("theme");
    let (found, _) = content::discover(root, Path::new(""), &config);
    let docs: Vec<Doc> = found.docs.into_iter().map(|s| content::parse_doc(s, &config, root).expect("brief")).collect();
    (Site::link(config, root.to_path_buf(), docs, found.assets).expect("site"), theme)
}

fn render_body(site: &Site, theme: &Theme, doc: &Doc, data: &DataStore) -> markdown::Rendered {
    let urls: HashMap<PathBuf, String> = site.docs.iter().map(|d| (d.src.fs_path.clone(), doc_url(d))).collect();
    mujaz::bodies::render_body(site, Some(theme), &urls, data, doc, &doc.body).0
}

fn stages(c: &mut Criterion) {
    let dir = site_dir();
    let root = dir.path();
    let (site, theme) = load(root);
    let config = site.config.clone();
    let data = DataStore::new();
    let (found, _) = content::discover(root, Path::new(""), &config);
    let one = found.docs[0].clone();
    c.bench_function("front matter: one brief", |b| {
        b.iter(|| black_box(content::parse_doc(one.clone(), &config, root).expect("parses")))
    });
    let doc = &site.docs[0];
    c.bench_function("markdown: one brief with a chart", |b| {
        b.iter(|| black_box(render_body(&site, &theme, doc, &data)))
    });
    let bodies: Vec<_> = site.docs.iter().map(|d| render_body(&site, &theme, d, &data)).collect();
    let pages = render::page_paths(&site).len();
    let mut group = c.benchmark_group(format!("templates: the whole site ({pages} files)"));
    group.sample_size(20);
    group.bench_function("render", |b| {
        b.iter(|| black_box(render::render_site(&site, &theme, &bodies).expect("renders")))
    });
    group.finish();
    let files = render::render_site(&site, &theme, &bodies).expect("renders");
    let out: PathBuf = root.join("bench-output");
    let mut group = c.benchmark_group(format!("write: the whole site ({} files)", files.len()));
    group.sample_size(10);
    group.bench_function("write", |b| {
        b.iter(|| mujaz::output::write_all(&out, files.clone(), Vec::new()).expect("writes"))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
