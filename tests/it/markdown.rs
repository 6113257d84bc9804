//! Markdown features authors can use.

use crate::fixture::Fixture;

#[test]
fn arabic_headings_get_unique_ids() {
    let b = Fixture::new().brief("x", "ar", "", "## خلفيةٌ عامة\n\nنص.\n\n## خلفيةٌ عامة\n\nنص.").build();
    let page = b.page("ar/briefs/x/");
    assert_eq!(page.attrs(".prose h2", "id"), vec!["خلفية-عامة", "خلفية-عامة-1"]);
}

#[test]
fn footnotes_have_prefixed_ids() {
    let b = Fixture::new().brief("x", "en", "", "A claim.[^src]\n\n[^src]: The source.").build();
    let page = b.page("en/briefs/x/");
    assert_eq!(page.attr(".footnote-ref a", "href"), "#fn-src");
    assert_eq!(page.attrs(".footnotes li", "id"), vec!["fn-src"]);
    assert_eq!(page.attr(".footnote-back", "href"), "#fnref-src");
}

#[test]
fn alerts_become_callouts_in_the_page_language() {
    let b = Fixture::new()
        .brief("x", "ar", "", "> [!WARNING]\n> الأرقام تقديرية.")
        .brief("x", "en", "", "> [!NOTE]\n> Figures are indicative.")
        .build();
    assert_eq!(b.page("ar/briefs/x/").text(".callout-warning .callout-title"), "تنبيه");
    assert_eq!(b.page("en/briefs/x/").text(".callout-note .callout-title"), "Note");
}

#[test]
fn tables_strikethrough_and_task_lists() {
    let body = "| Region | Attacks |\n|---|---|\n| Daraa | 4 |\n\n~~old~~\n\n- [x] done\n";
    let b = Fixture::new().brief("x", "en", "", body).build();
    let page = b.page("en/briefs/x/");
    assert_eq!(page.texts(".table-wrap td"), vec!["Daraa", "4"]);
    assert_eq!(page.text("del"), "old");
    assert_eq!(page.all("input[type=checkbox]").len(), 1);
}

#[test]
fn links_to_brief_files_become_urls() {
    let b = Fixture::new()
        .brief("x", "en", "", "See [y](y.en.md) and [its part](y.en.md#part).")
        .brief("y", "en", "", "## Part\n\nText.")
        .build();
    let page = b.page("en/briefs/x/");
    assert_eq!(page.attrs(".prose a", "href"), vec!["../../../en/briefs/y/", "../../../en/briefs/y/#part"]);
}

#[test]
fn footnotes_with_labels_of_the_same_words_keep_distinct_ids() {
    let body = "One.[^a b] Two.[^a-b] Three.[^A-B]\n\n[^a b]: First.\n[^a-b]: Second.\n[^A-B]: Third.";
    let b = Fixture::new().brief("x", "en", "", body).build();
    let page = b.page("en/briefs/x/");
    assert_eq!(page.attrs(".footnote-ref a", "href"), vec!["#fn-a-b", "#fn-a-b-2", "#fn-a-b-3"]);
    assert_eq!(page.attrs(".footnotes li", "id"), vec!["fn-a-b", "fn-a-b-2", "fn-a-b-3"]);
    assert_eq!(page.texts(".footnotes li p"), vec!["First. ↩", "Second. ↩", "Third. ↩"]);
}

#[test]
fn heading_ids_keep_word_boundaries_across_lines_and_punctuation() {
    let body = "Setext a\ntitle\n----\n\n## A title, a lot\n\n## North/south";
    let b = Fixture::new().brief("x", "en", "", body).build();
    let page = b.page("en/briefs/x/");
    assert_eq!(page.attrs(".prose h2", "id"), vec!["setext-a-title", "a-title-a-lot", "north-south"]);
}

#[test]
fn a_heading_whose_words_match_a_numbered_repeat_gets_its_own_id() {
    let b = Fixture::new()
        .brief(
            "x",
            "en",
            "",
            "## Gains

## Gains

## Gains 1

## Gains",
        )
        .build();
    let page = b.page("en/briefs/x/");
    assert_eq!(page.attrs(".prose h2", "id"), vec!["gains", "gains-1", "gains-1-1", "gains-2"]);
}
