//! Times incremental rebuilds of a site after one brief is edited.
//!
//! `cargo run --release --example rebuild -- SITE_DIR [RUNS]`
//!
//! Builds the site once into `SITE_DIR/.rebuild-output`, then edits the body
//! of the first brief RUNS times (default 9), then its title RUNS times,
//! rebuilding after each edit, and prints the median time from the edit to
//! the output written.

use mujaz::build::Options;
use mujaz::incremental::{Rebuilt, Session};
use std::path::PathBuf;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(args.get(1).expect("usage: rebuild SITE_DIR [RUNS]"));
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(9);
    let output = root.join(".rebuild-output");
    let opts = Options { root: root.clone(), output: Some(output.clone()), write: true, ..Options::default() };
    let mut session = Session::new(opts);
    let t = Instant::now();
    let report = session.build().expect("first build");
    println!("full build: {} files in {:.0} ms", report.files, t.elapsed().as_secs_f64() * 1000.0);
    let brief = std::fs::read_dir(root.join("content/briefs"))
        .expect("content/briefs")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .min()
        .expect("a brief");
    let original = std::fs::read_to_string(&brief).expect("read");
    for (what, edit) in [("body", "\nOne more sentence, edit {n}.\n"), ("title", "title: \"Edit {n}: ")] {
        let mut times = Vec::new();
        for n in 0..runs {
            let text = match what {
                "body" => format!("{original}{}", edit.replace("{n}", &n.to_string())),
                _ => original.replacen("title: \"", &edit.replace("{n}", &n.to_string()), 1),
            };
            let t = Instant::now();
            std::fs::write(&brief, text).expect("write");
            match session.rebuild(std::slice::from_ref(&brief)).expect("rebuild") {
                Rebuilt::Partial { rendered, written, .. } if n == 0 => {
                    println!("{what} edit: {rendered} files rendered, {written} written")
                }
                Rebuilt::Full(_) => println!("{what} edit: full rebuild"),
                _ => {}
            }
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!("{what} edit: median {:.1} ms from save to output written ({runs} runs)", median(times));
    }
    std::fs::write(&brief, original).expect("restore");
    let _ = std::fs::remove_dir_all(&output);
}
