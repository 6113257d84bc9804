//! Snapshots of the rendered `<main>` of a brief, the lists and the
//! timeline, in Arabic and English, so a change to a template or a chart
//! shows its diff in review.
//!
//! Most pages come from a small site made here, which example-content edits
//! never touch; one brief of the example site is kept too, for its real
//! chart. Each `<main>` is printed one block element a line, indented by
//! depth (see `pretty`). A changed page fails the test; `cargo insta review`
//! shows the diff and accepts it (README, Development).

use crate::fixture::{Built, Fixture};
use ego_tree::NodeRef;
use scraper::node::{Element, Node};
use scraper::{ElementRef, Html, Selector};

/// A small bilingual site: two briefs in both languages, with a chart,
/// events, sources, a note and a link between them, and one brief in
/// English only.
fn site() -> Fixture {
    Fixture::new()
        .file("data/levies.csv", "region,levies\ndaraa,12\ndeir-ez-zor,31\n")
        .file("content/briefs/levies.en.md", LEVIES_EN)
        .file("content/briefs/levies.ar.md", LEVIES_AR)
        .file("content/briefs/arrests.en.md", ARRESTS_EN)
        .file("content/briefs/arrests.ar.md", ARRESTS_AR)
        .file("content/briefs/cells.en.md", CELLS_EN)
}

const LEVIES_EN: &str = r#"---
title: "Levies on the wells of Deir ez-Zor"
date: 2025-09-20
updated: 2025-09-22
summary: "Oil traders say the group's collectors are back."
authors: [Lina Haddad, Omar Saleh]
topics: [extortion]
regions: [deir-ez-zor, daraa]
events:
  - {date: 2025-08-03, region: deir-ez-zor, kind: statement, title: "Traders report new levies"}
  - {date: 2025-09-18, region: daraa, kind: arrest, title: "Two collectors arrested"}
sources:
  - {title: "Levies return to the east", publisher: "Al Majalla", url: "https://example.org/levies", date: 2025-09-15}
---

Collectors ask for a share of every tanker's load.[^1]

## Who pays

- traders on the **Euphrates** road;
- owners of small wells.

> [!NOTE]
> The figures below are the traders' own.

```chart
type: bar
title: Levies reported by governorate
data: levies
x: region
y: [levies]
names: [Levies]
```

See [the arrests](arrests.en.md) for what followed.

[^1]: As told to reporters in September.
"#;

const LEVIES_AR: &str = r#"---
title: "إتاوات على آبار دير الزور"
date: 2025-09-20
updated: 2025-09-22
summary: "يقول تجار النفط إن جباة التنظيم عادوا."
authors: [لينا حداد, عمر صالح]
topics: [extortion]
regions: [deir-ez-zor, daraa]
events:
  - {date: 2025-08-03, region: deir-ez-zor, kind: statement, title: "تجار يبلغون عن إتاوات جديدة"}
  - {date: 2025-09-18, region: daraa, kind: arrest, title: "اعتقال جابيين اثنين"}
sources:
  - {title: "عودة الإتاوات إلى الشرق", publisher: "المجلة", url: "https://example.org/levies", date: 2025-09-15}
---

يطلب الجباة حصة من حمولة كل صهريج.[^1]

## من يدفع

- التجار على طريق **الفرات**؛
- أصحاب الآبار الصغيرة.

> [!NOTE]
> الأرقام أدناه من التجار أنفسهم.

```chart
type: bar
title: الإتاوات المبلغ عنها حسب المحافظة
data: levies
x: region
y: [levies]
names: [الإتاوات]
```

انظر [الاعتقالات](arrests.ar.md) لما تلا ذلك.

[^1]: كما رُوي للصحفيين في أيلول.
"#;

const ARRESTS_EN: &str = r#"---
title: "Arrests in Daraa"
date: 2025-09-18
summary: "Security services detain two collectors."
topics: [extortion, recruitment]
regions: [daraa]
---

Two men were detained on the road to Busra.
"#;

const ARRESTS_AR: &str = r#"---
title: "اعتقالات في درعا"
date: 2025-09-18
summary: "الأجهزة الأمنية تعتقل جابيين اثنين."
topics: [extortion, recruitment]
regions: [daraa]
---

اعتُقل رجلان على طريق بصرى.
"#;

const CELLS_EN: &str = r#"---
title: "Cells move south"
date: 2025-07-02
summary: "Written in English only."
topics: [infiltration]
---

Fighters left the east for Daraa and Homs.
"#;

/// Asserts the pretty `<main>` of the page at `url` against the snapshot
/// `name` in `tests/it/snapshots/`.
fn assert_main(built: &Built, url: &str, name: &str) {
    let page = built.page(url);
    let text = pretty(&page.html);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true, description => url }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn brief_in_english() {
    assert_main(&site().build(), "en/briefs/levies/", "brief-en");
}

#[test]
fn brief_in_arabic() {
    assert_main(&site().build(), "ar/briefs/levies/", "brief-ar");
}

#[test]
fn home_in_english() {
    assert_main(&site().build(), "en/", "home-en");
}

#[test]
fn home_in_arabic() {
    assert_main(&site().build(), "ar/", "home-ar");
}

#[test]
fn topic_in_english() {
    assert_main(&site().build(), "en/topics/extortion/", "topic-en");
}

#[test]
fn topic_in_arabic() {
    assert_main(&site().build(), "ar/topics/extortion/", "topic-ar");
}

#[test]
fn timeline_in_english() {
    assert_main(&site().build(), "en/timeline/", "timeline-en");
}

#[test]
fn timeline_in_arabic() {
    assert_main(&site().build(), "ar/timeline/", "timeline-ar");
}

#[test]
fn example_brief_with_a_chart_in_english() {
    assert_main(&Fixture::example().build(), "en/briefs/recruitment-drive/", "example-brief-en");
}

#[test]
fn example_brief_with_a_chart_in_arabic() {
    assert_main(&Fixture::example().build(), "ar/briefs/recruitment-drive/", "example-brief-ar");
}

/// Elements that stay on their parent's line, inside the text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tspan", "u", "var", "wbr",
];

/// HTML elements without an end tag.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Elements whose content is printed as written.
const RAW: &[&str] = &["pre", "script", "style", "textarea"];

/// The page's `<main>`, one block element a line, indented two spaces a
/// level. Text and inline elements stay on their block's line, as the
/// serializer writes them; runs of white space that hold a line break become
/// one space, and white space between blocks is dropped. Attributes come in
/// name order, as the parser keeps them. Invisible format characters are
/// written as references (`&#x2067;`).
fn pretty(html: &Html) -> String {
    let main = Selector::parse("main").expect("selector");
    let main = html.select(&main).next().expect("the page has a <main>");
    let mut out = String::new();
    block(*main, 0, &mut out);
    out.chars().map(visible).collect()
}

/// Invisible format characters (bidi marks and isolates, zero-width
/// characters) as character references, so a diff shows them.
fn visible(c: char) -> String {
    match c {
        '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' => {
            format!("&#x{:X};", c as u32)
        }
        c => c.to_string(),
    }
}

fn block(node: NodeRef<'_, Node>, depth: usize, out: &mut String) {
    let el = ElementRef::wrap(node).expect("an element");
    let name = el.value().name();
    let indent = "  ".repeat(depth);
    let open = open_tag(el.value());
    if VOID.contains(&name) {
        out.push_str(&format!("{indent}{open}\n"));
    } else if !node.has_children() && &*el.value().name.ns != HTML_NS {
        out.push_str(&format!("{indent}{}/>\n", &open[..open.len() - 1]));
    } else if RAW.contains(&name) {
        out.push_str(&format!("{indent}{open}{}</{name}>\n", el.inner_html()));
    } else if node.children().all(is_inline) {
        out.push_str(&format!("{indent}{open}{}</{name}>\n", flat(&el.inner_html())));
    } else {
        out.push_str(&format!("{indent}{open}\n"));
        let mut run = String::new();
        for child in node.children() {
            if is_inline(child) {
                run.push_str(&serialize(child));
            } else {
                text_line(&run, depth + 1, out);
                run.clear();
                block(child, depth + 1, out);
            }
        }
        text_line(&run, depth + 1, out);
        out.push_str(&format!("{indent}</{name}>\n"));
    }
}

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Text, comments, and inline elements holding only inline content.
fn is_inline(node: NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Element(e) => INLINE.contains(&e.name()) && node.children().all(is_inline),
        _ => true,
    }
}

/// A run of inline content as one line, or nothing when it is white space.
fn text_line(run: &str, depth: usize, out: &mut String) {
    let line = flat(run);
    if !line.is_empty() {
        out.push_str(&format!("{}{line}\n", "  ".repeat(depth)));
    }
}

/// Trims, and turns each run of white space with a line break into a space.
fn flat(s: &str) -> String {
    let mut out = String::new();
    let mut gap = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_whitespace() {
            gap.push(c);
            continue;
        }
        if !gap.is_empty() {
            out.push_str(if gap.contains('\n') { " " } else { &gap });
            gap.clear();
        }
        out.push(c);
    }
    out
}

fn serialize(node: NodeRef<'_, Node>) -> String {
    match node.value() {
        Node::Text(t) => escape(t, false),
        Node::Comment(c) => format!("<!--{}-->", &**c),
        Node::Element(_) => ElementRef::wrap(node).expect("an element").html(),
        _ => String::new(),
    }
}

fn open_tag(e: &Element) -> String {
    let mut tag = format!("<{}", e.name());
    for (name, value) in &e.attrs {
        let name = match &name.prefix {
            Some(prefix) if !prefix.is_empty() => format!("{}:{}", &**prefix, &*name.local),
            _ => name.local.to_string(),
        };
        tag.push_str(&format!(" {name}=\"{}\"", escape(value, true)));
    }
    tag.push('>');
    tag
}

/// Escapes as the HTML serializer does: `&`, no-break spaces, and `<`, `>`
/// in text or `"` in attributes.
fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '"' if attr => out.push_str("&quot;"),
            '<' if !attr => out.push_str("&lt;"),
            '>' if !attr => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
