//! Markdown stays CommonMark: the 652 examples of the CommonMark 0.31.2
//! spec (tests/data/commonmark, CC-BY-SA 4.0) run through mujaz's
//! renderer. An example whose HTML differs from the spec's must differ by
//! a feature the README lists, and is listed below with that feature; a
//! new difference, or a listed one that no longer differs, fails.

use mujaz::chart::DataStore;
use mujaz::content::{Dated, Doc, Meta, Section, SourceFile};
use mujaz::locale::{ArabicMonths, Dir, Locale, Numerals};
use mujaz::markdown::{Env, render};
use scraper::{Html, Node};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why mujaz's HTML differs from the spec's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feature {
    /// `<h2 id="…">`: every heading gets an id.
    HeadingIds,
    /// A root path `/uri` is written relative to the page, `../../../uri`.
    LinkRewriting,
    /// An image alone in its paragraph is a `<figure>`.
    Figure,
    /// Footnotes, tables, strikethrough, task lists: syntax CommonMark
    /// leaves as text.
    Extension,
    /// English pages get typographic quotes, dashes and ellipses.
    Typography,
}

use Feature::*;

/// The examples that differ on every page, and why.
#[rustfmt::skip]
const DIFFER: &[(u32, Feature)] = &[
    // Headings with an id.
    (10, HeadingIds), (59, HeadingIds), (62, HeadingIds), (66, HeadingIds), (67, HeadingIds), (68, HeadingIds),
    (71, HeadingIds), (72, HeadingIds), (73, HeadingIds), (74, HeadingIds), (75, HeadingIds), (76, HeadingIds),
    (77, HeadingIds), (78, HeadingIds), (79, HeadingIds), (80, HeadingIds), (81, HeadingIds), (82, HeadingIds),
    (83, HeadingIds), (84, HeadingIds), (86, HeadingIds), (89, HeadingIds), (90, HeadingIds), (91, HeadingIds),
    (95, HeadingIds), (96, HeadingIds), (102, HeadingIds), (103, HeadingIds), (115, HeadingIds), (141, HeadingIds),
    (227, HeadingIds), (228, HeadingIds), (229, HeadingIds), (230, HeadingIds), (232, HeadingIds), (300, HeadingIds),
    (646, HeadingIds), (647, HeadingIds),
    // Links and images to root paths, written relative to the page.
    (22, LinkRewriting), (23, LinkRewriting), (32, LinkRewriting), (33, LinkRewriting), (192, LinkRewriting),
    (193, LinkRewriting), (196, LinkRewriting), (198, LinkRewriting), (202, LinkRewriting), (205, LinkRewriting),
    (206, LinkRewriting), (214, LinkRewriting), (215, LinkRewriting), (216, LinkRewriting), (217, LinkRewriting),
    (218, LinkRewriting), (404, LinkRewriting), (419, LinkRewriting), (422, LinkRewriting), (433, LinkRewriting),
    (473, LinkRewriting), (474, LinkRewriting), (482, LinkRewriting), (483, LinkRewriting), (489, LinkRewriting),
    (505, LinkRewriting), (506, LinkRewriting), (507, LinkRewriting), (509, LinkRewriting), (510, LinkRewriting),
    (512, LinkRewriting), (514, LinkRewriting), (515, LinkRewriting), (516, LinkRewriting), (517, LinkRewriting),
    (518, LinkRewriting), (519, LinkRewriting), (521, LinkRewriting), (527, LinkRewriting), (528, LinkRewriting),
    (529, LinkRewriting), (530, LinkRewriting), (531, LinkRewriting), (532, LinkRewriting), (533, LinkRewriting),
    (534, LinkRewriting), (535, LinkRewriting), (539, LinkRewriting), (540, LinkRewriting), (541, LinkRewriting),
    (542, LinkRewriting), (543, LinkRewriting), (544, LinkRewriting), (549, LinkRewriting), (550, LinkRewriting),
    (553, LinkRewriting), (554, LinkRewriting), (555, LinkRewriting), (556, LinkRewriting), (557, LinkRewriting),
    (558, LinkRewriting), (559, LinkRewriting), (560, LinkRewriting), (561, LinkRewriting), (562, LinkRewriting),
    (564, LinkRewriting), (565, LinkRewriting), (566, LinkRewriting), (568, LinkRewriting), (569, LinkRewriting),
    (570, LinkRewriting), (571, LinkRewriting), (579, LinkRewriting), (587, LinkRewriting), (593, LinkRewriting),
    // An image alone in its paragraph, as a figure.
    (520, Figure), (572, Figure), (573, Figure), (574, Figure), (575, Figure), (576, Figure), (577, Figure),
    (578, Figure), (580, Figure), (581, Figure), (582, Figure), (583, Figure), (584, Figure), (585, Figure),
    (586, Figure), (588, Figure), (589, Figure), (591, Figure),
];

/// The examples that differ on English pages only, and why.
#[rustfmt::skip]
const DIFFER_IN_ENGLISH: &[(u32, Feature)] = &[
    // Quotes, dashes and ellipses made typographic.
    (14, Typography), (46, Typography), (55, Typography), (87, Typography), (106, Typography), (197, Typography),
    (209, Typography), (210, Typography), (343, Typography), (352, Typography), (359, Typography), (363, Typography),
    (380, Typography), (385, Typography), (395, Typography), (508, Typography), (590, Typography), (619, Typography),
    (620, Typography), (622, Typography), (624, Typography), (626, Typography), (632, Typography), (650, Typography),
];

struct Example {
    number: u32,
    markdown: String,
    html: String,
}

fn examples() -> Vec<Example> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/commonmark/spec-0.31.2.json");
    let text = std::fs::read_to_string(&path).expect("the spec's examples");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    json.as_array()
        .expect("a list")
        .iter()
        .map(|e| Example {
            number: e["example"].as_u64().expect("number") as u32,
            markdown: e["markdown"].as_str().expect("markdown").to_string(),
            html: e["html"].as_str().expect("html").to_string(),
        })
        .collect()
}

/// A body's HTML as a brief of `lang` renders it.
fn mujaz_html(markdown: &str, locale: &Locale) -> String {
    let root = PathBuf::from("/nonexistent-site");
    let doc = Doc {
        src: SourceFile {
            section: Section::Briefs,
            slug: "x".into(),
            lang: locale.lang.to_string(),
            path: PathBuf::from("content/briefs/x.md"),
            fs_path: root.join("content/briefs/x.md"),
            bundle: None,
        },
        meta: Meta {
            title: "x".into(),
            date: Dated::Brief(chrono::NaiveDate::from_ymd_opt(2025, 9, 12).expect("a date")),
            summary: None,
            updated: None,
            authors: Vec::new(),
            topics: Vec::new(),
            regions: Vec::new(),
            draft: false,
            image: None,
            sources: Vec::new(),
            events: Vec::new(),
            analytic: Default::default(),
        },
        body: markdown.to_string(),
        body_line: 1,
    };
    let data = DataStore::new();
    let page_url = format!("{}/briefs/x/", locale.lang);
    let env = Env {
        locale,
        word: &|key: &str| key.to_string(),
        doc_url: &|_: &Path| None,
        page_url: &page_url,
        root: "../../../",
        site_root: &root,
        data: &data,
        label: &|_: &str, _: &str| None,
        map: None,
        sources: mujaz::citations::Citable::Unchecked,
    };
    render(&doc, markdown, &env).0.html
}

const BLOCK: &[&str] = &[
    "article",
    "header",
    "aside",
    "hgroup",
    "blockquote",
    "hr",
    "iframe",
    "body",
    "li",
    "map",
    "button",
    "object",
    "canvas",
    "ol",
    "caption",
    "output",
    "col",
    "p",
    "colgroup",
    "pre",
    "dd",
    "progress",
    "dl",
    "section",
    "dt",
    "tbody",
    "div",
    "td",
    "embed",
    "tfoot",
    "fieldset",
    "figcaption",
    "table",
    "figure",
    "thead",
    "footer",
    "tr",
    "form",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "video",
    "script",
    "style",
];

/// HTML normalised as the spec's `normalize.py` does: parsed (entities
/// resolved), whitespace runs outside `<pre>` made one space, whitespace
/// next to block tags dropped, attributes sorted, `<`, `>`, `&` and `"`
/// written as entities.
fn normalize(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut n = Normalizer { out: String::new(), last: Last::Start, last_tag: String::new(), in_pre: false };
    for child in doc.root_element().children() {
        n.node(child);
    }
    n.out
}

#[derive(PartialEq)]
enum Last {
    Start,
    End,
    Data,
}

struct Normalizer {
    out: String,
    last: Last,
    last_tag: String,
    in_pre: bool,
}

impl Normalizer {
    fn node(&mut self, node: ego_tree::NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(t) => self.data(t),
            Node::Comment(c) => self.out.push_str(&format!("<!--{}-->", &**c)),
            Node::Element(e) => {
                let tag = e.name().to_string();
                if tag == "pre" {
                    self.in_pre = true;
                }
                if BLOCK.contains(&tag.as_str()) {
                    self.trim_end();
                }
                let mut attrs: Vec<(String, String)> = e.attrs().map(|(k, v)| (k.to_string(), v.to_string())).collect();
                attrs.sort();
                self.out.push('<');
                self.out.push_str(&tag);
                for (k, v) in attrs {
                    self.out.push_str(&format!(" {k}=\"{}\"", escape(&v)));
                }
                self.out.push('>');
                self.last_tag = tag.clone();
                self.last = Last::Start;
                if is_void(&tag) {
                    self.last = Last::End;
                    return;
                }
                for child in node.children() {
                    self.node(child);
                }
                if tag == "pre" {
                    self.in_pre = false;
                } else if BLOCK.contains(&tag.as_str()) {
                    self.trim_end();
                }
                self.out.push_str(&format!("</{tag}>"));
                self.last_tag = tag;
                self.last = Last::End;
            }
            _ => {}
        }
    }

    fn data(&mut self, text: &str) {
        let after_block = self.last != Last::Data && BLOCK.contains(&self.last_tag.as_str());
        let mut data = text.to_string();
        if self.last != Last::Data && self.last_tag == "br" {
            data = data.trim_start_matches('\n').to_string();
        }
        if !self.in_pre {
            data = data.split_whitespace().collect::<Vec<_>>().join(" ")
                + if text.ends_with(char::is_whitespace) && !text.trim().is_empty() { " " } else { "" };
            if text.starts_with(char::is_whitespace) && !text.trim().is_empty() {
                data.insert(0, ' ');
            }
            if text.trim().is_empty() && !text.is_empty() {
                data = " ".into();
            }
        }
        if after_block && !self.in_pre {
            data = match self.last {
                Last::Start => data.trim_start().to_string(),
                _ => data.trim().to_string(),
            };
        }
        self.out.push_str(&escape(&data));
        self.last = Last::Data;
    }

    fn trim_end(&mut self) {
        let kept = self.out.trim_end().len();
        self.out.truncate(kept);
    }
}

fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "br" | "hr" | "img" | "input" | "col" | "embed" | "area" | "base" | "link" | "meta" | "source" | "wbr"
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Heading ids taken out.
fn without_heading_ids(html: &str) -> String {
    let mut out = html.to_string();
    for level in 1..=6 {
        let open = format!("<h{level} id=\"");
        while let Some(i) = out.find(&open) {
            let end = out[i + open.len()..].find('"').map(|e| i + open.len() + e + 1).expect("closed");
            out.replace_range(i + 3..end, "");
        }
    }
    out
}

/// Root paths as written: `../../../uri` back to `/uri`.
fn without_rewriting(html: &str) -> String {
    html.replace("href=\"../../../", "href=\"/").replace("src=\"../../../", "src=\"/")
}

/// Whether `feature` accounts for the difference between mujaz's HTML and
/// the spec's: with the feature undone they are the same, or the feature
/// is in mujaz's HTML and not in the spec's.
fn explains(feature: Feature, ours: &str, spec: &str) -> bool {
    let undone = without_rewriting(&without_heading_ids(ours));
    let has = |marks: &[&str]| marks.iter().any(|m| ours.contains(m) && !spec.contains(m));
    match feature {
        HeadingIds => without_heading_ids(ours) == spec,
        LinkRewriting => undone == spec && without_heading_ids(ours) != spec,
        Figure => has(&["<figure"]),
        Extension => has(&["<table", "<del>", "footnote", "type=\"checkbox\"", "callout"]),
        Typography => has(&["’", "‘", "“", "”", "–", "—", "…"]),
    }
}

/// The features, in the order a difference is put down to them.
const FEATURES: [Feature; 5] = [HeadingIds, LinkRewriting, Figure, Extension, Typography];

/// Every example that differs on pages of `locale`, with the feature
/// that explains it, or `None` when none does.
fn differences(locale: &Locale) -> BTreeMap<u32, Option<Feature>> {
    let mut out = BTreeMap::new();
    for e in examples() {
        let ours = normalize(&mujaz_html(&e.markdown, locale));
        let spec = normalize(&e.html);
        if ours != spec {
            out.insert(e.number, FEATURES.into_iter().find(|&f| explains(f, &ours, &spec)));
        }
    }
    out
}

fn arabic() -> Locale {
    Locale::new("ar", Dir::Rtl, Numerals::Latin, ArabicMonths::Both)
}

/// Compares what differs with what is listed, and says what changed.
fn assert_listed(found: &BTreeMap<u32, Option<Feature>>, listed: &[(u32, Feature)], what: &str) {
    let listed: BTreeMap<u32, Feature> = listed.iter().copied().collect();
    let mut problems = Vec::new();
    for (n, feature) in found {
        match (listed.get(n), feature) {
            (None, _) => problems.push(format!("example {n} now differs ({feature:?}): ({n}, {feature:?}),")),
            (Some(l), Some(f)) if l != f => {
                problems.push(format!("example {n} is listed as {l:?} but differs by {f:?}"))
            }
            (Some(_), None) => problems.push(format!("example {n} differs by no listed feature")),
            _ => {}
        }
    }
    for n in listed.keys().filter(|n| !found.contains_key(n)) {
        problems.push(format!("example {n} no longer differs: take it off the list"));
    }
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
}

#[test]
fn every_example_renders_as_the_spec_says_or_differs_by_a_listed_feature() {
    assert_eq!(examples().len(), 652);
    assert_listed(&differences(&arabic()), DIFFER, "Arabic pages");
}

#[test]
fn english_pages_differ_further_only_by_typography() {
    let arabic = differences(&arabic());
    let english: BTreeMap<u32, Option<Feature>> =
        differences(&Locale::new("en", Dir::Ltr, Numerals::Latin, ArabicMonths::Both))
            .into_iter()
            .filter(|(n, _)| !arabic.contains_key(n))
            .collect();
    assert_listed(&english, DIFFER_IN_ENGLISH, "English pages, beyond the Arabic pages' differences");
}

#[test]
fn the_normalisation_is_that_of_the_spec() {
    assert_eq!(normalize("<p>a  \n b</p>\n<p>c</p>"), "<p>a b</p><p>c</p>");
    assert_eq!(normalize("<a title=\"x\" href=\"y\">&ouml;&#x3C;</a>"), "<a href=\"y\" title=\"x\">ö&lt;</a>");
    assert_eq!(normalize("<pre><code>a  b\n</code></pre>"), "<pre><code>a  b\n</code></pre>");
    assert_eq!(without_heading_ids("<h2 id=\"a-b\">A b</h2>"), "<h2>A b</h2>");
}

#[test]
fn a_regional_english_body_gets_the_quotes_its_titles_get() {
    let gb = Locale::new("en-GB", Dir::Ltr, Numerals::Latin, ArabicMonths::Both);
    let html = mujaz_html("Syria's \"new\" army", &gb);
    assert!(html.contains("Syria’s “new” army"), "{html}");
    assert_eq!(gb.prose("Syria's \"new\" army"), "Syria’s “new” army");
}
