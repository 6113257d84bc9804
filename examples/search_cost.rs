//! What the search index costs, stage by stage, on one thread.
//!
//! `cargo run --release --example search_cost -- SITE_DIR [RUNS]`
//!
//! Loads the site, renders every body's Markdown, then times, RUNS times
//! (default 5), the search entries of every document (the words of its
//! title, summary, labels and HTML, analysed) and the index files made from
//! them, against the Markdown itself. Entries are timed twice: with the
//! thread's words known from the run before, and with every word new, as
//! a first build meets them (a new vocabulary each run). Prints the medians of this thread's
//! CPU time, in milliseconds. A build makes the entries in parallel with
//! the Markdown, and the index files of the languages in parallel; this
//! runs each on one thread, so the figures are CPU time, to compare with a
//! whole build's (user + system).

use mujaz::chart::DataStore;
use mujaz::config::Config;
use mujaz::content::{self, Doc};
use mujaz::site::{Site, doc_url};
use mujaz::theme::Theme;
use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The median CPU time of `runs` calls of `f`, on this thread.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = mujaz::cputime::thread_ms();
        black_box(f());
        times.push(mujaz::cputime::thread_ms() - t);
    }
    median(times)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(args.get(1).expect("usage: search_cost SITE_DIR [RUNS]"));
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let config = Config::load(&root, Path::new("")).expect("site.yaml");
    let theme = Theme::load(&root, Path::new(""), &config, &mut Vec::new()).expect("theme");
    let (found, _) = content::discover(&root, Path::new(""), &config);
    let docs: Vec<Doc> =
        found.docs.into_iter().map(|s| content::parse_doc(s, &config, &root).expect("parses")).collect();
    let mut site = Site::link(config, root.clone(), docs, found.assets).expect("links");
    let urls: HashMap<PathBuf, String> = site.docs.iter().map(|d| (d.src.fs_path.clone(), doc_url(d))).collect();
    let data = DataStore::new();
    let render = |d: &Doc| mujaz::bodies::render_body(&site, Some(&theme), &urls, &data, d, &d.body).0;
    let markdown = time(runs, || site.docs.iter().map(render).collect::<Vec<_>>());
    let bodies: Vec<_> = site.docs.iter().map(render).collect();
    let entries_ms = time(runs, || {
        site.docs.iter().zip(&bodies).map(|(d, b)| mujaz::search::entry(&site, d, b)).collect::<Vec<_>>()
    });
    // As a first build meets them: every word new to the thread.
    let mut cold = Vec::with_capacity(runs);
    for _ in 0..runs {
        // A vocabulary sized as a build sizes it.
        site.search_words = mujaz::search::Words::sized(site.search_words.vocab.expected());
        let t = mujaz::cputime::thread_ms();
        black_box(site.docs.iter().zip(&bodies).map(|(d, b)| mujaz::search::entry(&site, d, b)).collect::<Vec<_>>());
        cold.push(mujaz::cputime::thread_ms() - t);
    }
    let cold_ms = median(cold);
    let entries: Vec<_> = site.docs.iter().zip(&bodies).map(|(d, b)| mujaz::search::entry(&site, d, b)).collect();
    let langs: Vec<&str> = site.config.languages.iter().map(|l| l.code.as_str()).collect();
    let index_ms =
        time(runs, || langs.iter().map(|l| mujaz::search::indexes(&site, &entries, &[l])).collect::<Vec<_>>());
    let files = mujaz::search::indexes(&site, &entries, &langs);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!("{} documents, medians of {runs} runs, one thread", site.docs.len());
    println!("markdown and charts: {markdown:.2} ms");
    println!("search entries:      {entries_ms:.2} ms, {cold_ms:.2} ms with every word new");
    println!("index files:         {index_ms:.2} ms ({} files, {} kB)", files.len(), bytes / 1024);
}
