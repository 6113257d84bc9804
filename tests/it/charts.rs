//! Charts on fixture sites: both languages draw the same numbers, Arabic
//! charts run from the right, and bad blocks are errors at their line.

use crate::fixture::{Fixture, SITE_YAML, find, place};

const DATA: &str = "region,attacks\ndaraa,4\ndeir-ez-zor,6\n";

fn chart_block(title: &str, names: &str) -> String {
    format!(
        "Text before.\n\n```chart\ntype: bar\ntitle: {title}\ndata: attacks\nx: region\ny: [attacks]\nnames: [{names}]\n```\n"
    )
}

fn pair() -> Fixture {
    Fixture::new().file("data/attacks.csv", DATA).brief("x", "ar", "", &chart_block("الهجمات", "الهجمات")).brief(
        "x",
        "en",
        "",
        &chart_block("Attacks", "Attacks"),
    )
}

/// The x coordinate of the `<text>` in `svg` that contains `label`.
fn text_x(svg: &str, label: &str) -> f64 {
    let at = svg.find(label).unwrap_or_else(|| panic!("{label} not in the chart"));
    let open = svg[..at].rfind("<text").expect("a text element");
    let x = &svg[open..at];
    let x = x.split("x=\"").nth(1).expect("an x").split('"').next().expect("x value");
    x.parse().expect("a number")
}

#[test]
fn both_languages_draw_the_same_numbers_from_one_file() {
    let b = pair().build();
    let ar = b.page("ar/briefs/x/");
    let en = b.page("en/briefs/x/");
    assert_eq!(ar.texts("figure.chart tbody td"), vec!["4", "6"]);
    assert_eq!(en.texts("figure.chart tbody td"), vec!["4", "6"]);
    assert_eq!(ar.texts("figure.chart tbody th"), vec!["درعا", "دير الزور"]);
    assert_eq!(en.texts("figure.chart tbody th"), vec!["Daraa", "Deir ez-Zor"]);
    assert_eq!(ar.attr("figure.chart svg", "role"), "img");
    assert_eq!(ar.attr("figure.chart svg", "aria-labelledby"), "chart-1-title");
    assert!(ar.attr("figure.chart svg", "viewBox").starts_with("0 0 "));
}

#[test]
fn arabic_charts_run_from_the_right() {
    let b = pair().build();
    let ar = b.page("ar/briefs/x/");
    let en = b.page("en/briefs/x/");
    let ar_svg = ar.all("figure.chart svg")[0].html();
    let en_svg = en.all("figure.chart svg")[0].html();
    assert!(text_x(&ar_svg, "درعا") > text_x(&ar_svg, "دير الزور"), "first category on the right");
    assert!(text_x(&en_svg, "Daraa") < text_x(&en_svg, "Deir ez-Zor"), "first category on the left");
    // Arabic labels are isolated so mixed text keeps its order.
    assert!(ar_svg.contains("\u{2067}درعا\u{2069}"), "{ar_svg}");
}

#[test]
fn arabic_indic_digits_when_the_site_asks() {
    let site = format!("{SITE_YAML}numerals: arabic-indic\n");
    let b = Fixture::empty()
        .file("site.yaml", &site)
        .file("data/attacks.csv", "region,attacks\ndaraa,1250\ndeir-ez-zor,6\n")
        .brief("x", "ar", "", &chart_block("الهجمات", "الهجمات"))
        .build();
    assert_eq!(b.page("ar/briefs/x/").texts("figure.chart tbody td"), vec!["١٬٢٥٠", "٦"]);
}

#[test]
fn inline_charts_escape_author_text() {
    let body = "```chart\ntype: bar\ntitle: \"<script>alert(1)</script>\"\nlabels: [\"<b>A</b>\", B]\nseries:\n  - name: S\n    values: [1, 2]\n```\n";
    let b = Fixture::new().brief("x", "en", "", body).build();
    let html = b.read("en/briefs/x/index.html");
    assert!(!html.contains("<script>alert") && !html.contains("<b>A</b>"), "unescaped author text");
}

#[test]
fn bad_chart_blocks_are_errors_at_their_line() {
    let short =
        "Intro.\n\n```chart\ntype: bar\ntitle: T\nlabels: [a, b, c]\nseries:\n  - name: S\n    values: [1, 2]\n```\n";
    let column = "```chart\ntype: bar\ntitle: T\ndata: attacks\nx: region\ny: [atacks]\n```\n";
    let outside = "```chart\ntype: bar\ntitle: T\ndata: ../../etc/passwd\nx: a\ny: [b]\n```\n";
    let kind = "```chart\ntype: pie\ntitle: T\nlabels: [a]\nseries:\n  - {name: S, values: [1]}\n```\n";
    let f = Fixture::new()
        .file("data/attacks.csv", DATA)
        .brief("short", "en", "", short)
        .brief("column", "en", "", column)
        .brief("outside", "en", "", outside)
        .brief("kind", "en", "", kind);
    let errors = f.errors();
    let line_of = |needle: &str| {
        let e = find(&errors, needle);
        (e.path.file_name().unwrap().to_string_lossy().into_owned(), e.line.unwrap_or(0))
    };
    // Line 7 is the body's first line; the fence is at 9, `values` at 15.
    let (file, line) = line_of("values");
    assert_eq!(file, "short.en.md");
    assert!((9..=16).contains(&line), "{errors:?}");
    let (file, line) = line_of("atacks");
    assert_eq!(file, "column.en.md");
    assert!((7..=13).contains(&line), "{errors:?}");
    let e = errors.iter().find(|d| d.path.ends_with("content/briefs/outside.en.md")).expect("an error for the path");
    assert!(e.message.contains("leaves the site") || e.message.contains(".."), "{e}");
    let e = find(&errors, "pie");
    assert!(place(e).starts_with("kind.en.md:"), "{e}");
}

#[test]
fn the_timeline_and_term_pages_open_with_a_chart() {
    let extra = "topics: [recruitment]\nevents:\n  - {date: 2025-07-01, region: daraa, kind: attack, title: A}\n  - {date: 2025-09-01, region: daraa, kind: raid, title: B}\n";
    // A second brief in July: a term's chart needs two months or more.
    let july = "---\ntitle: Y\ndate: 2025-07-03\nsummary: S.\ntopics: [recruitment]\n---\n\nBody.\n";
    let b = Fixture::new()
        .brief("x", "en", extra, "Body.")
        .brief("x", "ar", extra, "نص.")
        .file("content/briefs/y.en.md", july)
        .build();
    let en = b.page("en/timeline/");
    assert_eq!(en.attr("figure.chart", "id"), "timeline-chart");
    // July, August (none) and September.
    assert_eq!(en.texts("#timeline-chart tbody td"), vec!["1", "0", "1"]);
    let ar = b.page("ar/timeline/");
    assert_eq!(ar.texts("#timeline-chart tbody td"), vec!["1", "0", "1"]);
    assert_eq!(b.page("en/topics/recruitment/").attr("figure.chart", "id"), "term-chart");
}
