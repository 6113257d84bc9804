//! Rebuilding after an edit: only what it touches, and the same bytes as a full build.

use crate::fixture::{Fixture, snapshot};
use mujaz::incremental::{Rebuilt, Session};
use std::collections::BTreeMap;

/// A full build of the site as it is now, into `full/`.
fn full_build(f: &Fixture) -> BTreeMap<String, Vec<u8>> {
    let mut opts = f.options();
    opts.output = Some(f.root().join("full"));
    mujaz::build::build(&opts).expect("full build");
    snapshot(&f.root().join("full"))
}

fn edit(f: &Fixture, rel: &str, from: &str, to: &str) -> std::path::PathBuf {
    let path = f.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn incremental_output_equals_a_full_build() {
    let f = Fixture::example();
    let mut opts = f.options();
    opts.output = Some(f.root().join("served"));
    let mut session = Session::new(opts);
    session.build().expect("first build");
    let brief = "content/briefs/recruitment-drive.en.md";

    // The body only: one page and the files of the search index that
    // hold its terms (their scores weigh the brief's length).
    let path = edit(&f, brief, "## What to watch", "## What to watch next");
    let index_files = std::fs::read_dir(f.root().join("served/en/search/t")).expect("shards").count();
    let all_index_files =
        index_files + std::fs::read_dir(f.root().join("served/en/search/d")).expect("details").count() + 1;
    match session.rebuild(&[path]).expect("rebuild") {
        Rebuilt::Partial { rendered, written, .. } => {
            // The page, the language's index and the sitemap: no other page.
            assert!(rendered <= 3 + all_index_files, "rendered {rendered}");
            assert!((2..=1 + index_files).contains(&written), "the page and some of {index_files} shards: {written}");
        }
        other => panic!("expected a partial rebuild, got {other:?}"),
    }
    assert_eq!(snapshot(&f.root().join("served")), full_build(&f));

    // An Arabic body, read again with the Arabic words of the first build:
    // a new word, with a clinging و, the article and a plural ending, is found
    // by its stem.
    let arabic = "content/briefs/recruitment-drive.ar.md";
    let path = edit(&f, arabic, "## ما ينبغي رصده", "## ما ينبغي رصده والقناصين");
    assert!(matches!(session.rebuild(&[path]).expect("rebuild"), Rebuilt::Partial { .. }));
    let served = snapshot(&f.root().join("served"));
    assert_eq!(served, full_build(&f));
    let shards: Vec<&String> = served.keys().filter(|k| k.starts_with("ar/search/t/")).collect();
    assert!(
        shards.iter().any(|k| String::from_utf8_lossy(&served[*k]).contains("\"قناص\":[\"والقناصين\"")),
        "the new word's term, shown as written, in one of {} shards",
        shards.len()
    );

    // The title: every page that shows it.
    let path = edit(&f, brief, "title: \"", "title: \"Revised: ");
    assert!(matches!(session.rebuild(&[path]).expect("rebuild"), Rebuilt::Partial { .. }));
    assert_eq!(snapshot(&f.root().join("served")), full_build(&f));

    // The topics: counts change everywhere, so everything is built again.
    let path = edit(&f, brief, "topics: [recruitment]", "topics: [recruitment, extortion]");
    assert!(matches!(session.rebuild(&[path]).expect("rebuild"), Rebuilt::Full(_)));
    assert_eq!(snapshot(&f.root().join("served")), full_build(&f));
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_output() {
    let f = Fixture::example();
    let mut opts = f.options();
    opts.output = Some(f.root().join("served"));
    let mut session = Session::new(opts);
    session.build().expect("first build");
    let before = snapshot(&f.root().join("served"));
    let path = edit(&f, "content/briefs/recruitment-drive.en.md", "date: 2025-09-17", "date: 2025-09-99");
    let errors = session.rebuild(std::slice::from_ref(&path)).expect_err("a bad date");
    assert!(errors[0].message.contains("not a valid date"), "{errors:?}");
    assert_eq!(before, snapshot(&f.root().join("served")));
    // Fixed again, the session rebuilds from what it knew.
    edit(&f, "content/briefs/recruitment-drive.en.md", "date: 2025-09-99", "date: 2025-09-17");
    session.rebuild(&[path]).expect("rebuild");
    assert_eq!(snapshot(&f.root().join("served")), before);
}

#[test]
fn a_revision_redates_the_feed_of_a_language_without_briefs() {
    let f = Fixture::new().brief("x", "en", "updated: 2025-09-20\n", "Body.");
    let mut opts = f.options();
    opts.output = Some(f.root().join("served"));
    let mut session = Session::new(opts);
    session.build().expect("first build");
    let path = edit(&f, "content/briefs/x.en.md", "updated: 2025-09-20", "updated: 2025-10-01");
    assert!(matches!(session.rebuild(&[path]).expect("rebuild"), Rebuilt::Partial { .. }));
    let served = snapshot(&f.root().join("served"));
    assert!(String::from_utf8_lossy(&served["ar/atom.xml"]).contains("<updated>2025-10-01T00:00:00Z</updated>"));
    assert_eq!(served, full_build(&f));
}
