//! The pipeline: load site → parse → validate → link → render → write.
//!
//! [`build`] reads like the table of contents of the stages. It carries on
//! past a stage's errors when the next stage can still find more (so one run
//! reports every problem), and writes nothing unless there were none.

use crate::bodies;
use crate::chart::DataStore;
use crate::config::Config;
use crate::content::{self, Doc, walk_inside};
use crate::diag::{self, Diagnostic};
use crate::markdown::{self, Rendered};
use crate::output::{self, Source};
use crate::render;
use crate::site::{Site, doc_url};
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to `<root>/output`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// False for `mujaz check`: everything is done but writing.
    pub write: bool,
    /// Also fetch every link to another site (`mujaz check --external`).
    pub external: Option<crate::external::Options>,
    /// Adds the translation checks of `mujaz check` as warnings.
    pub translation_checks: bool,
    /// Write into an output folder that holds files but no record of an
    /// earlier build (`mujaz build --force`); its files are still kept.
    pub force: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Report {
    /// HTML pages per language code (the root and 404 pages are not counted).
    pub pages: BTreeMap<String, usize>,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// What `--external` found, when it ran.
    pub external: Option<crate::external::Summary>,
}

/// Builds the site. On failure returns every diagnostic, errors and warnings.
pub fn build(opts: &Options) -> Result<Report, Vec<Diagnostic>> {
    run(opts, false).map(|(report, _)| report)
}

/// What a build knows at its end, kept by [`crate::incremental::Session`]
/// to rebuild only what a change touches.
pub struct State {
    pub site: Site,
    pub theme: Theme,
    /// Each document's rendered body, HTML included.
    pub bodies: Vec<Rendered>,
    /// Each document's entry in the search index.
    pub search: Vec<String>,
    /// The URL of every discovered document, by source path.
    pub urls: HashMap<PathBuf, String>,
    pub data: DataStore,
}

/// Builds the site and returns what it knows, for incremental rebuilds.
pub fn build_state(opts: &Options) -> Result<(Report, State), Vec<Diagnostic>> {
    run(opts, true)
}

/// Builds the site. `keep_bodies`: whether to keep each rendered body's
/// HTML in the [`State`] (a build that ends here need not).
fn run(opts: &Options, keep_bodies: bool) -> Result<(Report, State), Vec<Diagnostic>> {
    let start = Instant::now();
    let root = &opts.root;
    let display = display_root(root);
    let output = opts.output.clone().unwrap_or_else(|| root.join("output"));

    let mut config = Config::load(root, &display)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let mut diags = Vec::new();
    let theme = Theme::load(root, &display, &config).map_err(|d| diags.extend(d)).ok();

    let (found, found_diags) = content::discover(root, &display, &config);
    diags.extend(found_diags);
    let timer = Timer::new();
    let parsed: Vec<(Option<Doc>, Vec<Diagnostic>)> =
        found.docs.clone().into_par_iter().map(|src| content::read_doc(src, &config, root)).collect();
    let mut docs = Vec::new();
    let mut held_back = Vec::new();
    // A file whose body could not be found at all: links to it cannot be checked.
    let mut unread = diags.iter().any(Diagnostic::is_error);
    for (doc, found) in parsed {
        // A document with front-matter errors is kept so that its body is
        // checked in this run too; the errors stop anything being written.
        match doc {
            Some(d) if d.meta.draft && !opts.drafts => held_back.push(d.src),
            Some(d) => docs.push(d),
            None => unread = true,
        }
        diags.extend(found);
    }
    let parse_failed = unread;
    let mut site = match Site::link(config, root.clone(), docs, found.assets) {
        Ok(s) => s,
        Err(d) => {
            diags.extend(d);
            return Err(finish(diags));
        }
    };
    if opts.translation_checks {
        diags.extend(crate::translations::check(&site, &held_back));
    }
    // Links may point at any discovered file, even one that failed to parse,
    // so a file with an error does not make links to it look broken too.
    let urls: HashMap<PathBuf, String> = found
        .docs
        .iter()
        .map(|s| (markdown::normalize_path(&s.fs_path), crate::urls::doc(s.section, &s.lang, &s.slug)))
        .collect();
    let data = DataStore::new();
    timer.lap("load and parse");
    let outputs = planned_outputs(&site, theme.as_ref());
    let (copies, plan_diags) = plan_copies(&site, &display, theme.as_ref(), opts.write);
    diags.extend(plan_diags);
    diags.extend(walk_inside(root, &display, &root.join("data")).1);
    let theme = match theme {
        Some(t) if !diags.iter().any(Diagnostic::is_error) => t,
        // Nothing will be written: render the bodies only for what they hold wrong.
        theme => {
            let env = bodies::Env { site: &site, theme: theme.as_ref(), urls: &urls, data: &data };
            let (bodies, body_diags) = env.render_all();
            diags.extend(body_diags);
            if !parse_failed {
                diags.extend(crate::links::check(&site, &bodies, &outputs));
            }
            return Err(finish(diags));
        }
    };
    let staging = match opts.write {
        true => {
            let target = output::check_target(root, &output, opts.force).map_err(|d| vec![d])?;
            Some(output::Staging::new(target).map_err(|d| vec![d])?)
        }
        false => None,
    };
    let sink: &dyn render::Sink = match &staging {
        Some(s) => s,
        None => &render::Discard,
    };
    // On an error the staging folder is dropped, and removes itself. The
    // Markdown is taken out of the documents, to be dropped as it is
    // rendered; an incremental rebuild reads the files it needs again.
    let sources = site.docs.iter_mut().map(|d| std::mem::take(&mut d.body)).collect();
    let env = bodies::Env { site: &site, theme: Some(&theme), urls: &urls, data: &data };
    let bodies::Finished { bodies, search, diags: body_diags, rendered } =
        bodies::render_pages(&env, &theme, sink, sources, keep_bodies);
    diags.extend(body_diags);
    timer.lap("markdown, charts, templates");
    diags.extend(crate::links::check(&site, &bodies, &outputs));
    let external = opts.external.map(|o| {
        let (found, summary) = crate::external::check(&site, &bodies, o);
        diags.extend(found);
        summary
    });
    let mut paths = match rendered {
        Ok(paths) => paths,
        Err(d) => return Err(finish(d.into_iter().chain(diags).collect())),
    };
    if diags.iter().any(Diagnostic::is_error) {
        return Err(finish(diags));
    }
    let langs: Vec<&str> = site.config.languages.iter().map(|l| l.code.as_str()).collect();
    paths.extend(render::render_indexes(&site, &theme, &search, &langs, sink).map_err(finish)?);
    timer.lap("links and indexes");
    let mut pages = BTreeMap::new();
    for p in &paths {
        if let Some(lang) =
            p.iter().next().and_then(|l| l.to_str()).filter(|_| p.extension().is_some_and(|e| e == "html"))
            && site.config.language(lang).is_some()
        {
            *pages.entry(lang.to_string()).or_insert(0) += 1;
        }
    }
    let count = paths.len() + copies.len();
    if let Some(staging) = staging {
        copies.par_iter().try_for_each(|(rel, src)| staging.copy(rel, src)).map_err(|d| vec![d])?;
        staging.commit()?;
        timer.lap("copy and swap");
    }
    diag::sort(&mut diags);
    let report = Report { pages, files: count, output, elapsed: start.elapsed(), warnings: diags, external };
    Ok((report, State { site, theme, bodies, search, urls, data }))
}

fn finish(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diag::sort(&mut diags);
    diags.dedup();
    diags
}

/// The root as authors see it in messages: nothing for the current folder.
pub fn display_root(root: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() { PathBuf::new() } else { root.to_path_buf() }
}

/// Every path the build will write, for checking links before writing.
pub fn planned_outputs(site: &Site, theme: Option<&Theme>) -> HashSet<String> {
    let mut out: HashSet<String> = render::page_paths(site).into_iter().collect();
    for (rel, _) in copies_plan(site) {
        out.insert(rel.to_string_lossy().replace('\\', "/"));
    }
    if let Some(t) = theme {
        out.extend(t.static_files.iter().map(|(p, _)| p.to_string_lossy().replace('\\', "/")));
    }
    let (files, _) = walk_inside(&site.root, Path::new(""), &site.root.join("static"));
    out.extend(files.iter().map(|p| static_rel(&site.root, p).to_string_lossy().replace('\\', "/")));
    out
}

/// Bundle files beside each language's page.
fn copies_plan(site: &Site) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for asset in &site.assets {
        for doc in site.docs.iter().filter(|d| d.src.section == asset.section && d.src.slug == asset.slug) {
            out.push((PathBuf::from(doc_url(doc)).join(&asset.rel), asset.fs_path.clone()));
        }
    }
    out
}

/// A file of the site's `static/` folder, relative to the output.
fn static_rel(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root.join("static")).unwrap_or(file).to_path_buf()
}

/// What lands on one output path, and where it comes from.
enum Origin {
    Page,
    ThemeStatic(PathBuf),
    Static(PathBuf),
    Bundle(PathBuf),
}

impl Origin {
    fn describe(&self, rel: &Path) -> String {
        match self {
            Origin::Page => format!("the page mujaz generates at `{}`", rel.display()),
            Origin::ThemeStatic(p) | Origin::Static(p) | Origin::Bundle(p) => format!("`{}`", p.display()),
        }
    }
}

/// The files to copy into the output: the theme's static files, the site's
/// `static/` folder (whose files replace the theme's of the same name) and
/// bundle files. Two that land on one path, or on a generated page, or
/// where another needs a folder, are errors naming both.
fn plan_copies(
    site: &Site,
    display: &Path,
    theme: Option<&Theme>,
    write: bool,
) -> (Vec<(PathBuf, Source)>, Vec<Diagnostic>) {
    let root = &site.root;
    let (static_files, mut diags) = walk_inside(root, display, &root.join("static"));
    let mut plan: BTreeMap<PathBuf, (Origin, Option<Source>)> =
        render::page_paths(site).into_iter().map(|p| (PathBuf::from(p), (Origin::Page, None))).collect();
    let theme_dir = match root.join("themes").join(&site.config.theme) {
        d if d.is_dir() => display.join("themes").join(&site.config.theme),
        _ => PathBuf::from("<built-in theme>"),
    };
    let mut entries = Vec::new();
    for (rel, bytes) in theme.map(|t| t.static_files.as_slice()).unwrap_or_default() {
        let source = write.then(|| Source::Bytes(bytes.clone()));
        entries.push((rel.clone(), Origin::ThemeStatic(theme_dir.join(rel)), source));
    }
    for file in static_files {
        let shown = crate::content::shown(root, display, &file);
        entries.push((static_rel(root, &file), Origin::Static(shown), Some(Source::File(file))));
    }
    for (rel, file) in copies_plan(site) {
        let shown = crate::content::shown(root, display, &file);
        entries.push((rel, Origin::Bundle(shown), Some(Source::File(file))));
    }
    for (rel, origin, source) in entries {
        match plan.get(&rel) {
            // The site's static files are meant to replace the theme's.
            Some((Origin::ThemeStatic(_), _)) if matches!(origin, Origin::Static(_)) => {}
            Some((other, _)) => {
                let both = format!(
                    "{} and {} would both be written to `{}`",
                    origin.describe(&rel),
                    other.describe(&rel),
                    rel.display()
                );
                diags.push(clash(&origin, other, both));
                continue;
            }
            None => {}
        }
        plan.insert(rel, (origin, source));
    }
    for (rel, (origin, _)) in &plan {
        if let Some((folder, (other, _))) = rel.ancestors().skip(1).find_map(|a| plan.get_key_value(a)) {
            let message = format!(
                "{} needs `{}` to be a folder, but {} is a file there",
                origin.describe(rel),
                folder.display(),
                other.describe(folder)
            );
            diags.push(clash(origin, other, message));
        }
    }
    let copies = plan.into_iter().filter_map(|(rel, (_, source))| Some((rel, source?))).collect();
    (copies, diags)
}

/// Two files that would land on one output path: an error at the one an
/// author wrote.
fn clash(origin: &Origin, other: &Origin, message: String) -> Diagnostic {
    let at = [origin, other].into_iter().find_map(|o| match o {
        Origin::Page => None,
        Origin::ThemeStatic(p) | Origin::Static(p) | Origin::Bundle(p) => Some(p.clone()),
    });
    Diagnostic::error(at.unwrap_or_default(), message)
        .help("rename or move one of them: the output has one file per path")
}

/// The process's resident memory in MiB, where the system says it.
fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? / 1024)
}

/// Prints how long each stage took, and the memory then in use, when
/// `MUJAZ_TIMINGS` is set.
struct Timer {
    on: bool,
    last: std::cell::Cell<Instant>,
}

impl Timer {
    fn new() -> Self {
        Timer { on: std::env::var_os("MUJAZ_TIMINGS").is_some(), last: std::cell::Cell::new(Instant::now()) }
    }

    fn lap(&self, stage: &str) {
        if self.on {
            let now = Instant::now();
            let ms = (now - self.last.get()).as_secs_f64() * 1000.0;
            eprintln!(
                "{stage:>28}: {ms:>7.1} ms{}",
                resident().map(|m| format!(", {m} MiB resident")).unwrap_or_default()
            );
            self.last.set(now);
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The example site at the repository's root, parsed and linked, and
    /// the built-in theme.
    pub fn example() -> (Site, Theme) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(root, Path::new("")).expect("site.yaml");
        let theme = Theme::load(root, Path::new(""), &config).expect("theme");
        let (found, _) = content::discover(root, Path::new(""), &config);
        let docs = found.docs.into_iter().map(|s| content::parse_doc(s, &config, root).expect("parses")).collect();
        (Site::link(config, root.to_path_buf(), docs, found.assets).expect("links"), theme)
    }
}
