//! `mujaz init`: a new site that builds, in a new or empty folder only.

use crate::fixture::{Fixture, Page};
use scraper::Html;
use std::fs;

const TODAY: (&str, &str) = ("MUJAZ_TODAY", "2025-10-01");

fn page(f: &Fixture, rel: &str) -> Page {
    Page { html: Html::parse_document(&f.read(rel)) }
}

#[test]
fn init_makes_a_site_that_builds_with_a_chart_in_both_languages() {
    let f = Fixture::empty();
    let run = f.run_with(&["init", "briefs"], &[TODAY]);
    assert_eq!(run.code, 0, "{run:?}");
    for file in
        ["site.yaml", "README.md", ".gitignore", "content/briefs/first-brief.ar.md", "content/briefs/first-brief.en.md"]
    {
        assert!(run.stdout.contains(&format!("created briefs/{file}\n")), "{file}: {}", run.stdout);
    }
    assert!(!f.root().join("briefs/themes").exists(), "the built-in theme is used");
    assert!(f.read("briefs/.gitignore").lines().any(|l| l == "output/"));
    let readme = f.read("briefs/README.md");
    assert!(readme.contains("بالعربية باختصار") && readme.contains("mujaz new my-brief"), "{readme}");
    assert!(f.read("briefs/content/briefs/first-brief.en.md").contains("date: 2025-10-01"));

    let run = f.run(&["build", "--root", "briefs"]);
    assert_eq!(run.code, 0, "{run:?}");
    let ar = page(&f, "briefs/output/ar/briefs/first-brief/index.html");
    ar.assert_dir("ar", "rtl");
    assert_eq!(ar.all(".prose figure.chart").len(), 1);
    let en = page(&f, "briefs/output/en/briefs/first-brief/index.html");
    en.assert_dir("en", "ltr");
    assert_eq!(en.all(".prose figure.chart").len(), 1);

    let run = f.run(&["check", "--root", "briefs", "--strict"]);
    assert_eq!(run.code, 0, "the example brief's versions agree: {run:?}");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let f = Fixture::empty().file("briefs/notes.txt", "mine");
    let run = f.run_with(&["init", "briefs"], &[TODAY]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("briefs: error: the folder is not empty"), "{}", run.stderr);
    assert_eq!(f.read("briefs/notes.txt"), "mine");
    assert!(!f.root().join("briefs/site.yaml").exists());
    let g = Fixture::empty().file("briefs", "a file");
    assert_eq!(g.run_with(&["init", "briefs"], &[TODAY]).code, 2);
}

#[test]
fn init_in_an_empty_folder_and_a_missing_parent() {
    let f = Fixture::empty();
    fs::create_dir(f.root().join("empty")).unwrap();
    assert_eq!(f.run_with(&["init", "empty"], &[TODAY]).code, 0);
    assert_eq!(f.run_with(&["init", "a/b/site"], &[TODAY]).code, 0);
    assert!(f.root().join("a/b/site/site.yaml").is_file());
}

#[test]
fn init_theme_copy_copies_every_theme_file_and_builds_from_the_copy() {
    let f = Fixture::empty();
    let run = f.run_with(&["init", "briefs", "--theme-copy"], &[TODAY]);
    assert_eq!(run.code, 0, "{run:?}");
    for (rel, bytes) in mujaz::theme::BUILTIN {
        let copy = fs::read(f.root().join("briefs/themes/default").join(rel)).expect(rel);
        assert_eq!(&copy, bytes, "{rel}");
    }
    let base = f.root().join("briefs/themes/default/templates/base.html");
    let text = fs::read_to_string(&base).unwrap().replace("</body>", "<p id=\"from-the-copy\"></p>\n</body>");
    fs::write(&base, text).unwrap();
    let run = f.run(&["build", "--root", "briefs"]);
    assert_eq!(run.code, 0, "{run:?}");
    let en = page(&f, "briefs/output/en/briefs/first-brief/index.html");
    assert_eq!(en.all("#from-the-copy").len(), 1);
}
