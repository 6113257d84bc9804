//! Unsafe text stays inert: whatever an author writes in a title, a label
//! or a chart reaches HTML, attributes, JSON-LD, Atom, the sitemap, SVG
//! and the search index as text, and every XML file stays well-formed.

use crate::fixture::{Fixture, SITE_YAML};
use scraper::{Html, Selector};

/// Closes a script, breaks out of an attribute, ends a CDATA section and
/// writes an entity: each has broken a site generator's output somewhere.
const P: &str = r#"</script><script>alert(1)</script>"><img src=x onerror=alert(1)> ]]> &amp; x"#;

fn hostile_site() -> Fixture {
    let yaml = SITE_YAML.replace(
        r#"recruitment:  {ar: "التجنيد", en: "Recruitment"}"#,
        &format!("recruitment: {{ar: '{P}', en: '{P}'}}"),
    );
    assert_ne!(yaml, SITE_YAML);
    let front = format!(
        "---\ntitle: '{P}'\ndate: 2025-09-12\nsummary: '{P}'\nauthors: ['{P}']\ntopics: [recruitment]\n\
         image: {{src: cover.svg, alt: '{P}', caption: '{P}', credit: '{P}'}}\n\
         events:\n  - {{date: 2025-09-10, region: daraa, kind: attack, title: '{P}'}}\n\
         sources:\n  - {{title: '{P}', publisher: '{P}', url: 'https://example.org/a', date: 2025-09-11}}\n---\n\n"
    );
    // Raw HTML in a body is the author's own markup, passed through: here
    // the payload is written as text, its `<`, `&` and `]` escaped.
    let m = P.replace('<', "\\<").replace('&', "\\&").replace(']', "\\]");
    let body = format!(
        "## {m}\n\n![{m}](cover.svg \"{t}\")\n\nText [a link](cover.svg \"{t}\") and ![{m}](cover.svg).\n\n\
         ```chart\ntype: bar\ntitle: '{P}'\ncaption: '{P}'\nsource: '{P}'\nlabels: ['{P}', 'b']\n\
         series:\n  - name: '{P}'\n    values: [1, 2]\n```\n\n\
         ```chart\ntype: line\ntitle: \"t\\x01\\x1b[31m ]]>\"\nlabels: [\"a\\x01b\", \"c\\x0b\"]\n\
         series:\n  - name: \"n\\x7f\\uFFFF\"\n    values: [1, 2]\n```\n",
        t = P.replace('&', "&amp;").replace('"', "&quot;"),
    );
    let mut f = Fixture::new().file("content/briefs/x/cover.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    for lang in ["ar", "en"] {
        f = f.file(&format!("content/briefs/x/index.{lang}.md"), &format!("{front}{body}"));
    }
    f.file("site.yaml", &yaml)
}

fn select(doc: &Html, css: &str) -> usize {
    doc.select(&Selector::parse(css).expect("selector")).count()
}

/// Every `<svg>…</svg>` of a page, as written.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").map(|e| start + e + "</svg>".len()).expect("closed svg");
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn no_injected_element_reaches_any_page() {
    let b = hostile_site().build();
    let mut pages = 0;
    for (path, bytes) in crate::fixture::snapshot(&b.fixture.output()) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).expect("UTF-8");
        let doc = Html::parse_document(&html);
        let bad: Vec<String> = doc.select(&Selector::parse("[onerror]").expect("css")).map(|e| e.html()).collect();
        assert!(bad.is_empty(), "{path}: {bad:?}");
        assert_eq!(select(&doc, "img[src=x]"), 0, "{path}");
        let scripts = Selector::parse("script").expect("selector");
        for s in doc.select(&scripts) {
            assert!(!s.text().collect::<String>().starts_with("alert"), "{path}: an injected script");
        }
    }
    assert!(pages > 10, "{pages}");
    // On the Arabic page: English pages get typographic quotes.
    let page = b.page("ar/briefs/x/");
    assert_eq!(page.text("h1"), P);
    assert_eq!(page.attr(".figure img", "alt"), P);
    assert_eq!(page.text(".figure figcaption"), format!("الشكل 1: {P}"));
    assert_eq!(page.text(".prose h2"), P);
    assert_eq!(page.attr(".prose p a", "title"), P);
}

#[test]
fn json_ld_and_the_search_index_hold_the_text_as_written() {
    let b = hostile_site().build();
    let page = b.read("en/briefs/x/index.html");
    let doc = Html::parse_document(&page);
    let ld = Selector::parse(r#"script[type="application/ld+json"]"#).expect("selector");
    let scripts: Vec<String> = doc.select(&ld).map(|s| s.text().collect()).collect();
    assert_eq!(scripts.len(), 1, "the title closed the JSON-LD script");
    assert!(!scripts[0].contains('<'), "{}", scripts[0]);
    let json: serde_json::Value = serde_json::from_str(&scripts[0]).expect("JSON-LD parses");
    assert_eq!(json["headline"], P);
    assert_eq!(json["author"][0]["name"], P);
    let index: serde_json::Value = serde_json::from_str(&b.read("en/search/d/0.json")).expect("index parses");
    assert_eq!(index[0]["t"], P);
    assert_eq!(index[0]["s"], P);
}

#[test]
fn atom_sitemap_and_charts_are_well_formed_xml() {
    let b = hostile_site().build();
    for lang in ["ar", "en"] {
        let feed = b.read(&format!("{lang}/atom.xml"));
        let xml = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}\n{feed}"));
        let title = xml.descendants().filter(|n| n.has_tag_name("title")).nth(1).and_then(|n| n.text());
        assert_eq!(title, Some(P));
        let page = b.read(&format!("{lang}/briefs/x/index.html"));
        // (The header's magnifier is an SVG too: only the charts count.)
        let charts: Vec<_> = svgs(&page).into_iter().filter(|s| s.contains("chart-svg")).collect();
        assert_eq!(charts.len(), 2);
        // The chart title reaches the page, without its control characters.
        assert!(page.contains("</span>: <span class=\"chart-title\"><bdi>t[31m ]]&gt;</bdi>"), "{page}");
        for svg in charts {
            let xml = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
            assert!(!xml.descendants().any(|n| n.has_tag_name("script") || n.has_tag_name("img")), "{svg}");
        }
    }
    // The timeline's and the topics' charts carry event titles and labels.
    let mut charts = 0;
    for (path, bytes) in crate::fixture::snapshot(&b.fixture.output()) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).expect("UTF-8");
            for svg in svgs(&html) {
                roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{path}: {e}\n{svg}"));
                charts += 1;
            }
        }
    }
    // The briefs' own charts; the site-wide ones of this one-month site are
    // not drawn.
    assert!(charts >= 4, "{charts}");
    let sitemap = b.read("sitemap.xml");
    roxmltree::Document::parse(&sitemap).unwrap_or_else(|e| panic!("{e}\n{sitemap}"));
}

#[test]
fn raw_html_is_the_authors_own_and_active_markup_is_a_warning() {
    let body = "<div class=\"note\">A <em>boxed</em> note.</div>\n\nText <script>track()</script> and <iframe src=\"https://example.org\"></iframe>.";
    let f = Fixture::new().brief("x", "en", "", body);
    let warnings = f.check();
    let raw: Vec<String> =
        warnings.iter().filter(|d| d.message.starts_with("raw HTML")).map(|d| d.message.clone()).collect();
    assert_eq!(raw, vec!["raw HTML `<script>` is published as written", "raw HTML `<iframe>` is published as written"]);
    let b = f.build();
    let page = b.page("en/briefs/x/");
    assert_eq!(page.text(".prose div.note em"), "boxed");
    assert_eq!(page.all(".prose script").len(), 1);
}
