//! Numbered figures and `@fig-NAME` references, in both languages.

use crate::fixture::{Fixture, find_at, find_at_with_help};

fn chart(id: &str, title: &str) -> String {
    let id = if id.is_empty() { String::new() } else { format!("id: {id}\n") };
    format!("```chart\ntype: bar\n{id}title: {title}\nlabels: [a, b]\nseries:\n  - name: n\n    values: [1, 2]\n```\n")
}

const EN: &str = "As @fig-weekly shows, and before it @fig-map.\n\n";
const AR: &str = "كما يبيّن @fig-weekly، وقبله @fig-map.\n\n";

/// A body with a chart without an id, an image with one, then a chart with one.
fn body(lead: &str) -> String {
    format!(
        "{lead}{}\n![A map](/map.svg \"The map\"){{#fig-map}}\n\n{}",
        chart("", "First"),
        chart("fig-weekly", "Weekly")
    )
}

fn site() -> Fixture {
    Fixture::new()
        .file("static/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .brief("b", "en", "", &body(EN))
        .brief("b", "ar", "", &body(AR))
}

#[test]
fn every_chart_and_image_figure_is_numbered_and_references_carry_the_same_label() {
    let built = site().build();
    let en = built.page("en/briefs/b/");
    assert_eq!(en.texts(".figure-label"), ["Figure 1", "Figure 2", "Figure 3"]);
    assert_eq!(en.texts(".figure-ref"), ["Figure 3", "Figure 2"]);
    assert_eq!(en.attrs(".figure-ref", "href"), ["#fig-weekly", "#fig-map"]);
    assert_eq!(en.attr("figure.chart-bar#fig-weekly .figure-label", "class"), "figure-label");
    assert_eq!(en.text("figure#fig-map figcaption"), "Figure 2: The map");
    let ar = built.page("ar/briefs/b/");
    assert_eq!(ar.texts(".figure-label"), ["الشكل 1", "الشكل 2", "الشكل 3"]);
    assert_eq!(ar.texts(".figure-ref"), ["الشكل 3", "الشكل 2"]);
}

#[test]
fn figure_numbers_follow_the_numerals_setting() {
    let f = site();
    let yaml = f.read("site.yaml") + "numerals: arabic-indic\n";
    let built = f.file("site.yaml", &yaml).build();
    let ar = built.page("ar/briefs/b/");
    assert_eq!(ar.texts(".figure-label"), ["الشكل ١", "الشكل ٢", "الشكل ٣"]);
    assert_eq!(ar.texts(".figure-ref"), ["الشكل ٣", "الشكل ٢"]);
}

#[test]
fn an_unknown_figure_is_an_error_with_a_did_you_mean_at_its_line() {
    let f =
        Fixture::new().brief("b", "en", "", &format!("Text.\n\nSee @fig-weeky here.\n\n{}", chart("fig-weekly", "W")));
    let errors = f.errors();
    let d = find_at_with_help(&errors, "no figure", "b.en.md:9:5", "did you mean `fig-weekly`?");
    assert_eq!(d.message, "no figure has the id `fig-weeky`");
}

#[test]
fn a_duplicate_figure_id_is_an_error_at_the_second_figure() {
    let body = format!("{}\n{}", chart("fig-a", "One"), chart("fig-a", "Two"));
    let errors = Fixture::new().brief("b", "en", "", &body).errors();
    let d = find_at(&errors, "already used", "b.en.md:17:1");
    assert_eq!(d.message, "figure id `fig-a` is already used by the figure at line 7");
}

#[test]
fn a_chart_id_must_start_with_fig() {
    let errors = Fixture::new().brief("b", "en", "", &chart("weekly", "W")).errors();
    let d = find_at(&errors, "a chart's `id`", "b.en.md:9:1");
    assert!(d.help.as_deref().unwrap_or("").contains("`id: fig-weekly`"), "{d:?}");
}

#[test]
fn references_in_code_links_and_e_mail_stay_text() {
    let body = format!(
        "Mail figures@fig-desk.org, `@fig-a` in code, [@fig-a as link text](https://example.org).\n\n```\n@fig-a\n```\n\n{}",
        chart("fig-a", "A")
    );
    let built = Fixture::new().brief("b", "en", "", &body).build();
    let page = built.page("en/briefs/b/");
    assert!(page.all(".figure-ref").is_empty());
    assert!(page.text(".prose").contains("figures@fig-desk.org"));
    assert!(page.text(".prose code").contains("@fig-a"));
}

#[test]
fn check_warns_when_the_versions_figures_differ() {
    let swapped = format!("{}\n{}", chart("fig-b", "B"), chart("fig-a", "A"));
    let f = Fixture::new()
        .brief("b", "ar", "", &format!("{}\n{}", chart("fig-a", "A"), chart("fig-b", "B")))
        .brief("b", "en", "", &swapped);
    let warnings = f.check();
    let d = find_at(&warnings, "figure 1", "b.en.md:7:1");
    assert_eq!(
        d.message,
        "figure 1 has `fig-b` here but `fig-a` in the العربية version: figures must come in the same order"
    );
    assert!(d.help.as_deref().unwrap_or("").ends_with("b.ar.md:7"), "{d:?}");
}
