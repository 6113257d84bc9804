//! The output folder: deterministic, and untouched by a failed build.

use crate::fixture::{Fixture, snapshot};

#[test]
fn same_input_same_bytes() {
    let f = Fixture::example();
    mujaz::build::build(&f.options()).expect("first build");
    let first = snapshot(&f.output());
    mujaz::build::build(&f.options()).expect("second build");
    assert_eq!(first, snapshot(&f.output()));
    assert!(first.len() > 40);
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let f = Fixture::new().brief("x", "en", "", "Body.");
    mujaz::build::build(&f.options()).expect("build");
    let before = snapshot(&f.output());
    f.write("content/briefs/x.en.md", b"---\ntitle: T\ndate: not-a-date\nsummary: S\n---\n");
    assert!(mujaz::build::build(&f.options()).is_err());
    assert_eq!(before, snapshot(&f.output()));
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(".output.tmp-") || name.starts_with(".output.old-")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind");
}

#[test]
fn a_broken_link_leaves_the_previous_output_and_its_search_index() {
    // The link check runs while the search index is written into the
    // staging folder: its error must still leave the output as it was.
    let f = Fixture::new().brief("x", "en", "", "Body about cells.");
    mujaz::build::build(&f.options()).expect("build");
    let before = snapshot(&f.output());
    assert!(f.output().join("en/search/meta.json").is_file());
    f.write(
        "content/briefs/x.en.md",
        b"---\ntitle: T\ndate: 2025-01-01\nsummary: S\n---\nNew words and [a link](../nowhere/).\n",
    );
    let errors = mujaz::build::build(&f.options()).expect_err("a broken link fails the build");
    assert!(errors.iter().any(|e| e.message.contains("broken link")), "{errors:?}");
    assert_eq!(before, snapshot(&f.output()));
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".output.tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "the staging folder was left behind");
}

#[test]
fn refuses_to_write_over_the_site() {
    let f = Fixture::new().brief("x", "en", "", "Body.");
    let mut opts = f.options();
    opts.output = Some(f.root().to_path_buf());
    let errors = mujaz::build::build(&opts).expect_err("must refuse");
    assert!(errors[0].message.contains("refusing to write"));
    assert!(f.root().join("site.yaml").exists());
}

#[test]
fn the_example_site_builds() {
    let b = Fixture::example().build();
    assert!(b.report.pages["ar"] > 10);
    assert_eq!(b.report.pages["ar"], b.report.pages["en"]);
}

#[test]
fn a_build_written_over_the_one_before_keeps_nothing_stale() {
    let f = Fixture::new().brief("x", "en", "", "Body.").brief("y", "en", "", "Gone soon.");
    mujaz::build::build(&f.options()).expect("first build");
    mujaz::build::build(&f.options()).expect("second build: the first is kept aside");
    assert!(f.root().join(".output.prev/en/briefs/y/index.html").exists());
    std::fs::remove_file(f.root().join("content/briefs/y.en.md")).unwrap();
    mujaz::build::build(&f.options()).expect("third build, written over the first");
    assert!(!f.output().join("en/briefs/y").exists(), "a page of a deleted brief survived");
    let reused = snapshot(&f.output());
    let fresh = Fixture::new().brief("x", "en", "", "Body.");
    mujaz::build::build(&fresh.options()).expect("a fresh build");
    assert_eq!(reused, snapshot(&fresh.output()));
}
