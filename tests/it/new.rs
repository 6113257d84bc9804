//! `mujaz new`: a brief in every language, never over an existing one.

use crate::fixture::Fixture;

const TODAY: (&str, &str) = ("MUJAZ_TODAY", "2025-10-01");

#[test]
fn new_creates_every_language_as_a_draft_dated_today() {
    let f = Fixture::new();
    let run = f.run_with(&["new", "isis-levies"], &[TODAY]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "created content/briefs/isis-levies.ar.md\ncreated content/briefs/isis-levies.en.md\n");
    let ar = f.read("content/briefs/isis-levies.ar.md");
    let en = f.read("content/briefs/isis-levies.en.md");
    for text in [&ar, &en] {
        assert!(text.starts_with("---\ntitle: "), "{text}");
        assert!(text.contains("\ndate: 2025-10-01\n"), "{text}");
        assert!(text.contains("\ndraft: true"), "{text}");
        assert!(text.contains("\ntopics: []") && text.contains("\nregions: []"), "{text}");
    }
    assert!(ar.contains("title: \"عنوان الموجز\"") && ar.contains("\n## خلفية\n"), "{ar}");
    assert!(en.contains("title: \"Title of the brief\"") && en.contains("\n## Background\n"), "{en}");
}

#[test]
fn a_new_brief_builds_with_drafts_and_stays_out_without() {
    let f = Fixture::new();
    assert_eq!(f.run_with(&["new", "isis-levies"], &[TODAY]).code, 0);
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!f.output().join("en/briefs/isis-levies/index.html").exists());
    let run = f.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{run:?}");
    let built = f.build_with_drafts();
    assert_eq!(built.page("ar/briefs/isis-levies/").text("h1"), "عنوان الموجز");
    assert_eq!(built.page("en/briefs/isis-levies/").text("h1"), "Title of the brief");
    let run = built.fixture.run(&["check", "--drafts", "--strict"]);
    assert_eq!(run.code, 0, "a new brief's two versions agree: {run:?}");
}

#[test]
fn new_bundle_makes_a_folder() {
    let f = Fixture::new();
    let run = f.run_with(&["new", "coalition-talks", "--bundle"], &[TODAY]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("created content/briefs/coalition-talks/index.ar.md\n"), "{}", run.stdout);
    assert!(run.stdout.contains("created content/briefs/coalition-talks/index.en.md\n"), "{}", run.stdout);
    assert!(f.read("content/briefs/coalition-talks/index.en.md").contains("draft: true"));
    let built = f.build_with_drafts();
    assert!(built.exists("en/briefs/coalition-talks/index.html"));
    assert!(built.exists("ar/briefs/coalition-talks/index.html"));
}

#[test]
fn new_refuses_an_existing_brief_and_leaves_it_alone() {
    let f = Fixture::new().brief("x", "en", "", "My own words.");
    let before = f.read("content/briefs/x.en.md");
    let run = f.run_with(&["new", "x"], &[TODAY]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("content/briefs/x.en.md: error: the brief `x` already exists"), "{}", run.stderr);
    assert!(run.stderr.contains("never overwrites"), "{}", run.stderr);
    assert_eq!(f.read("content/briefs/x.en.md"), before);
    assert!(!f.root().join("content/briefs/x.ar.md").exists(), "no language may be written");
    // The bundle form counts too, in either direction.
    assert_eq!(f.run_with(&["new", "x", "--bundle"], &[TODAY]).code, 2);
    assert!(!f.root().join("content/briefs/x").exists());
    let g = Fixture::new().file("content/briefs/y/index.ar.md", "---\ntitle: ع\ndate: 2025-09-12\nsummary: م\n---\n");
    let run = g.run_with(&["new", "y"], &[TODAY]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("content/briefs/y/index.ar.md: error: the brief `y` already exists"), "{}", run.stderr);
    assert!(!g.root().join("content/briefs/y.en.md").exists());
}

#[test]
fn new_refuses_a_bad_slug_and_suggests_one() {
    let f = Fixture::new();
    let run = f.run_with(&["new", "ISIS Levies_2025"], &[TODAY]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("error: `ISIS Levies_2025` is not a valid slug\n"), "{}", run.stderr);
    assert!(run.stderr.contains("= help: try `isis-levies-2025`"), "{}", run.stderr);
    assert!(!f.root().join("content").exists());
    let run = f.run_with(&["new", "التجنيد"], &[TODAY]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("e.g. `isis-recruitment-2025`"), "{}", run.stderr);
}

#[test]
fn new_outside_a_site_says_so() {
    let f = Fixture::empty();
    let run = f.run_with(&["new", "x"], &[TODAY]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("cannot read site.yaml"), "{}", run.stderr);
    let run = Fixture::new().run_with(&["new", "x"], &[("MUJAZ_TODAY", "1 October")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("MUJAZ_TODAY is not a date"), "{}", run.stderr);
}
