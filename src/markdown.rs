//! Stage 4: one document's Markdown into HTML.
//!
//! Takes a [`Doc`] and what its page needs to know of the site (where other
//! documents live, the interface words, the chart context); returns the
//! body's HTML, its headings with their ids, and every internal link it
//! makes, to be checked once all pages are known. Links and images are
//! rewritten wherever they stand: paragraphs, headings, footnotes, tables,
//! alerts, list items. Refuses, each at its line, a link to a Markdown file
//! that is not a brief or page, to a file that is missing or not published,
//! a `javascript:`, `vbscript:` or `data:` URL, and a chart block that does
//! not draw; warns of an image without alt text and of raw `<script>`-like
//! HTML.
//!
//! Beyond CommonMark: tables (wrapped for narrow screens), footnotes with
//! prefixed ids, GitHub alerts as callouts, images alone in a paragraph as
//! `<figure>` with their title as caption, Unicode heading ids, and
//! ```` ```chart ```` blocks drawn as SVG.

use crate::chart::{self, ChartContext, DataStore};
use crate::content::{Doc, SourceFile};
use crate::diag::Diagnostic;
use crate::locale::Locale;
use crate::text::Lines;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

mod dest;
mod refs;
use crate::escape::html as escape;
pub use dest::is_external;

/// What rendering one document needs from the rest of the site.
pub struct Env<'a> {
    pub locale: &'a Locale,
    /// Interface words: `callout_note`, `footnotes`, `back_to_text`, …
    pub word: &'a (dyn Fn(&str) -> String + Sync),
    /// The URL path (from the site root, e.g. `en/briefs/x/`) of the
    /// document at a source path, if it is one.
    pub doc_url: &'a (dyn Fn(&Path) -> Option<String> + Sync),
    /// This page's URL path from the site root, e.g. `en/briefs/x/`.
    pub page_url: &'a str,
    /// Relative prefix from this page to the site root, e.g. `../../../`.
    pub root: &'a str,
    pub site_root: &'a Path,
    pub data: &'a DataStore,
    pub label: &'a (dyn Fn(&str, &str) -> Option<String> + Sync),
    /// The site's geography for `type: map` charts (issue #14).
    pub map: Option<&'a crate::geo::Atlas>,
    // sources: what `[@id]` may cite: a brief's sources, nothing on a
    // page, and unchecked for a brief whose front matter could not be read.
    pub sources: crate::citations::Citable<'a>,
}

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link to somewhere in the site, to be checked when every page is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Path from the site root, without fragment (e.g. `en/briefs/x/`).
    pub target: String,
    pub fragment: Option<String>,
    pub line: usize,
    pub col: usize,
    /// The `.md` file the link names, as written, when it names one.
    pub source: Option<String>,
}

/// A link to another site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub line: usize,
    pub col: usize,
}

/// The rendered body of one document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<InternalLink>,
    /// Every `http(s)` link, with its place, for `mujaz check --external`.
    pub external: Vec<ExternalLink>,
    /// Every id in the body, for checking `#fragment` links.
    pub ids: HashSet<String>,
    // sources: the sources cited, in the order of their first citation.
    pub cited: crate::citations::Cited,
}

/// The Markdown extensions mujaz reads, for every reader of a body: the
/// renderer and the checks that walk the same tree.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders a document's body, `text` (its `body`, or the same text taken
/// out of it).
pub fn render(doc: &Doc, text: &str, env: &Env) -> (Rendered, Vec<Diagnostic>) {
    render_source(&doc.src, doc.body_line, text, env)
}

/// Renders the body `text` of the file `src`, which starts on line
/// `body_line`: a [`Doc`]'s, or that of a file whose front matter has
/// errors, rendered only to be checked.
pub fn render_source(src: &SourceFile, body_line: usize, text: &str, env: &Env) -> (Rendered, Vec<Diagnostic>) {
    let lines = Lines::new(text, body_line);
    let mut opts = options();
    if env.locale.lang.is_english() {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let events: Vec<(Event, Range<usize>)> = crate::citations::parser(text, opts).into_offset_iter().collect();
    let mut r = Renderer {
        src,
        env,
        text,
        lines,
        out: Vec::new(),
        diags: Vec::new(),
        rendered: Rendered::default(),
        footnotes: Vec::new(),
        footnote_order: Vec::new(),
        footnote_ids: HashMap::new(),
        footnote_taken: HashSet::new(),
        used_ids: HashMap::new(),
        charts: 0,
        suggestions: SUGGESTIONS,
        figures: Vec::new(),
        next_figure: 0,
        plain: 0,
    };
    r.scan_figures(&events);
    r.source_anchors();
    r.run(&events);
    let mut html = String::with_capacity(text.len() * 2);
    let out = std::mem::take(&mut r.out);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    html.push_str(&r.footnotes_html());
    r.rendered.html = html;
    (r.rendered, r.diags)
}

struct Renderer<'a, 'e> {
    src: &'a SourceFile,
    env: &'a Env<'e>,
    text: &'a str,
    lines: Lines,
    out: Vec<Event<'a>>,
    diags: Vec<Diagnostic>,
    rendered: Rendered,
    /// (name, events of its definition)
    footnotes: Vec<(String, Vec<Event<'a>>)>,
    footnote_order: Vec<String>,
    /// The id of each footnote, by its label.
    footnote_ids: HashMap<String, String>,
    footnote_taken: HashSet<String>,
    used_ids: HashMap<String, usize>,
    charts: usize,
    /// How many more broken paths may look for a "did you mean": each
    /// reads a folder, and a file of thousands of broken links needs the
    /// list, not a guess for each.
    suggestions: usize,
    // sources: the body's figures (found before rendering, so a reference
    // may come first), the next one to render, and how deep the renderer
    // is in a link, an image or a code block, where `@fig-…` stays text.
    figures: Vec<crate::figures::Figure>,
    next_figure: usize,
    plain: usize,
}

/// Broken paths of one document that get a "did you mean".
const SUGGESTIONS: usize = 50;

impl<'a> Renderer<'a, '_> {
    /// Renders `events` into `self.out`; headings and footnote definitions
    /// render their own events through here too, so a link or an image is
    /// rewritten and checked wherever it stands.
    fn run(&mut self, events: &[(Event<'a>, Range<usize>)]) {
        let mut i = 0;
        while i < events.len() {
            let (ev, range) = &events[i];
            i += 1;
            match ev {
                Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                    let end = find_end(events, i - 1);
                    self.heading(*level, id.clone(), classes.clone(), attrs.clone(), &events[i..end]);
                    i = end + 1;
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if chart::is_chart_fence(info) => {
                    let end = find_end(events, i - 1);
                    let yaml: String = events[i..end]
                        .iter()
                        .filter_map(|(e, _)| match e {
                            Event::Text(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    self.chart(&yaml, range.start);
                    i = end + 1;
                }
                Event::Start(Tag::Paragraph) if crate::figures::lone_image(events, i).is_some() => {
                    let (end, _) = crate::figures::lone_image(events, i).expect("just checked");
                    self.figure(&events[i..=end], events[i].1.start);
                    i = find_end(events, i - 1) + 1; // past End(Paragraph)
                }
                Event::Start(Tag::Link { link_type, dest_url, .. })
                    if crate::citations::of_link(*link_type, dest_url).is_some() =>
                {
                    let end = find_end(events, i - 1);
                    self.cite(dest_url, range.start);
                    i = end + 1;
                }
                Event::Text(t) if self.plain == 0 && t.contains("@fig-") => self.figure_refs(t, range),
                Event::Start(Tag::CodeBlock(_)) => {
                    self.plain += 1;
                    self.out.push(ev.clone());
                }
                Event::End(TagEnd::CodeBlock | TagEnd::Link) => {
                    self.plain = self.plain.saturating_sub(1);
                    self.out.push(ev.clone());
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    let end = find_end(events, i - 1);
                    let inner = self.nested(&events[i..end]);
                    self.footnotes.push((name.to_string(), inner));
                    i = end + 1;
                }
                Event::FootnoteReference(name) => self.footnote_ref(name),
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    self.plain += 1;
                    let dest = self.link(*link_type, dest_url, range.start);
                    self.out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: dest,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    self.plain += 1;
                    let end = find_end(events, i - 1);
                    self.check_alt(&events[i..end], dest_url, range.start);
                    let dest = self.image_src(dest_url, range.start);
                    self.out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: dest,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, key) = callout(*kind);
                    let title = escape(&(self.env.word)(key));
                    self.out.push(Event::Html(format!("<aside class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n").into()));
                }
                Event::End(TagEnd::Image) => {
                    self.plain = self.plain.saturating_sub(1);
                    self.out.push(ev.clone());
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => self.out.push(Event::Html("</aside>\n".into())),
                Event::Start(Tag::Table(_)) => {
                    self.out.push(Event::Html("<div class=\"table-wrap\">".into()));
                    self.out.push(ev.clone());
                }
                Event::End(TagEnd::Table) => {
                    self.out.push(ev.clone());
                    self.out.push(Event::Html("</div>\n".into()));
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.raw_html(html, range.start);
                    self.out.push(ev.clone());
                }
                other => self.out.push(other.clone()),
            }
        }
    }

    /// Raw HTML is the author's own markup and is published as written;
    /// markup that runs code or embeds another document is unusual in a
    /// brief, and a warning says so (an error under `check --strict`).
    fn raw_html(&mut self, html: &str, offset: usize) {
        let lower = html.to_ascii_lowercase();
        let Some(tag) = ACTIVE_TAGS.iter().find(|t| lower.contains(&format!("<{t}"))) else { return };
        let (line, col) = self.at(offset);
        self.diags.push(
            Diagnostic::warning(&self.src.path, format!("raw HTML `<{tag}>` is published as written"))
                .at(line, col)
                .help("a brief's HTML runs in every reader's browser: make sure this is meant"),
        );
    }

    /// The events of a part of the body (a heading's text, a footnote),
    /// rendered on their own.
    fn nested(&mut self, events: &[(Event<'a>, Range<usize>)]) -> Vec<Event<'a>> {
        let outer = std::mem::take(&mut self.out);
        self.run(events);
        std::mem::replace(&mut self.out, outer)
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        self.lines.at(self.text, offset)
    }

    fn error(&mut self, offset: usize, message: String) -> &mut Diagnostic {
        let (line, col) = self.at(offset);
        self.diags.push(Diagnostic::error(&self.src.path, message).at(line, col));
        self.diags.last_mut().expect("just pushed")
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        inner: &[(Event<'a>, Range<usize>)],
    ) {
        let text = plain_text(inner);
        let base = match &id {
            Some(id) => id.to_string(),
            None => slugify(&text),
        };
        let id = self.unique_id(base);
        self.rendered.headings.push(Heading { level: level as u8, id: id.clone(), text: text.clone() });
        let inner = self.nested(inner);
        self.out.push(Event::Start(Tag::Heading { level, id: Some(id.into()), classes, attrs }));
        self.out.extend(inner);
        self.out.push(Event::End(TagEnd::Heading(level)));
    }

    /// `base`, or `base-1`, `base-2`… when an earlier heading has it
    /// (including a heading written `A 1` after two written `A`).
    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() { "section".to_string() } else { base };
        let n = self.used_ids.entry(base.clone()).or_insert(0);
        let mut id = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
        while self.rendered.ids.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        *n += 1;
        self.rendered.ids.insert(id.clone());
        id
    }

    fn chart(&mut self, yaml: &str, offset: usize) {
        self.charts += 1;
        let (label, fig_id) = self.next_figure();
        let id = fig_id.unwrap_or_else(|| format!("chart-{}", self.charts));
        let words = chart::Words::from_strings(self.env.word);
        let ctx = ChartContext {
            site_root: self.env.site_root,
            bundle_dir: self.src.bundle.as_deref(),
            locale: self.env.locale,
            words: &words,
            label: self.env.label,
            data: self.env.data,
            id: &id,
            map: self.env.map,
        };
        match chart::render_block(yaml, &ctx) {
            Ok(html) => {
                self.rendered.ids.insert(id);
                let html = crate::figures::label_caption(&html, &label);
                self.out.push(Event::Html(html.into()));
            }
            Err(errors) => {
                let (fence_line, _) = self.at(offset);
                for e in errors {
                    let line = fence_line + e.line;
                    let mut d = Diagnostic::error(&self.src.path, format!("chart: {}", e.message)).at(line, 1);
                    d.help = e.help;
                    self.diags.push(d);
                }
            }
        }
    }

    /// An image alone in its paragraph: a `<figure>` with the title as caption.
    fn figure(&mut self, events: &[(Event<'a>, Range<usize>)], offset: usize) {
        let Some((Event::Start(Tag::Image { dest_url, title, .. }), _)) = events.first() else { return };
        let inner = &events[1..events.len() - 1];
        self.check_alt(inner, dest_url, offset);
        let src = self.image_src(dest_url, offset);
        let alt = plain_text(inner);
        let (label, id) = self.next_figure();
        let id = id.map(|id| format!(" id=\"{}\"", escape(&id))).unwrap_or_default();
        let mut html = format!(
            "<figure class=\"figure\"{id}><img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
            escape(&src),
            escape(&alt)
        );
        html.push_str(&format!("<figcaption><span class=\"figure-label\">{}</span>", escape(&label)));
        if !title.is_empty() {
            html.push_str(&format!(": {}", escape(title)));
        }
        html.push_str("</figcaption></figure>\n");
        self.out.push(Event::Html(html.into()));
    }

    /// An image without alt text is a warning (an error under
    /// `check --strict`): a reader who cannot see it learns nothing.
    fn check_alt(&mut self, alt: &[(Event<'a>, Range<usize>)], dest: &str, offset: usize) {
        if plain_text(alt).trim().is_empty() {
            let (line, col) = self.at(offset);
            self.diags.push(
                Diagnostic::warning(&self.src.path, format!("image `{dest}` has no alt text"))
                    .at(line, col)
                    .help("say what the image shows for readers who cannot see it: `![what it shows](file.svg)`"),
            );
        }
    }

    /// The id of a footnote: its label's words, made distinct from every
    /// other footnote's (`[^a b]`, `[^a-b]` and `[^A-B]` are three notes).
    fn footnote_id(&mut self, name: &str) -> String {
        if let Some(id) = self.footnote_ids.get(name) {
            return id.clone();
        }
        let base = slugify(name);
        let base = if base.is_empty() { "note".to_string() } else { base };
        let mut id = base.clone();
        let mut n = 1;
        while self.footnote_taken.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.footnote_taken.insert(id.clone());
        self.footnote_ids.insert(name.to_string(), id.clone());
        id
    }

    fn footnote_ref(&mut self, name: &str) {
        let n = match self.footnote_order.iter().position(|f| f == name) {
            Some(p) => p + 1,
            None => {
                self.footnote_order.push(name.to_string());
                self.footnote_order.len()
            }
        };
        let id = self.footnote_id(name);
        let label = escape(&self.env.locale.digits(&n.to_string()));
        self.rendered.ids.insert(format!("fnref-{id}"));
        self.out.push(Event::Html(format!("<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"fnref-{id}\" role=\"doc-noteref\">{label}</a></sup>").into()));
    }

    fn footnotes_html(&mut self) -> String {
        if self.footnotes.is_empty() {
            return String::new();
        }
        let title = escape(&(self.env.word)("footnotes"));
        let back = escape(&(self.env.word)("back_to_text"));
        let mut html = format!(
            "<section class=\"footnotes\" role=\"doc-endnotes\"><h2 class=\"footnotes-title\">{title}</h2>\n<ol>\n"
        );
        let mut defs = std::mem::take(&mut self.footnotes);
        // Referenced notes in order of first reference, then the others.
        defs.sort_by_key(|(name, _)| self.footnote_order.iter().position(|f| f == name).unwrap_or(usize::MAX));
        for (name, events) in defs {
            let id = self.footnote_id(&name);
            self.rendered.ids.insert(format!("fn-{id}"));
            let mut body = String::new();
            pulldown_cmark::html::push_html(&mut body, events.into_iter());
            let backlink = if self.footnote_order.contains(&name) {
                format!(" <a href=\"#fnref-{id}\" class=\"footnote-back\" aria-label=\"{back}\">↩</a>")
            } else {
                String::new()
            };
            // Put the back link inside the last paragraph.
            let body = match body.rfind("</p>") {
                Some(i) => format!("{}{backlink}{}", &body[..i], &body[i..]),
                None => format!("{body}{backlink}"),
            };
            html.push_str(&format!("<li id=\"fn-{id}\">{body}</li>\n"));
        }
        html.push_str("</ol>\n</section>\n");
        html
    }
}

/// The text of some events, as a heading or an image's alt text reads:
/// line breaks are spaces.
fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
}

/// Raw HTML elements that run code or embed another document.
const ACTIVE_TAGS: [&str; 5] = ["script", "iframe", "object", "embed", "frame"];

pub(crate) fn find_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "callout_note"),
        BlockQuoteKind::Tip => ("tip", "callout_tip"),
        BlockQuoteKind::Important => ("important", "callout_important"),
        BlockQuoteKind::Warning => ("warning", "callout_warning"),
        BlockQuoteKind::Caution => ("caution", "callout_caution"),
    }
}

/// Resolves a relative URL against a page's folder URL (`en/briefs/x/`).
pub fn join_url(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = rel.ends_with('/') || rel.is_empty();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    out
}

/// Drops `.` and resolves `..` in a path without touching the disk.
pub fn normalize_path(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A heading id from its text: letters and digits of any script, lowercased,
/// words joined by `-` (`a title, a lot` → `a-title-a-lot`); apostrophes,
/// Arabic diacritics and tatweel dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if is_arabic_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’') {
            // Spaces, line breaks and punctuation part words; an apostrophe does not.
            dash = true;
        }
    }
    out
}

/// Arabic short vowels, shadda, sukun, superscript alef and tatweel.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_arabic_and_drop_marks() {
        assert_eq!(slugify("الاستراتيجيةُ الجديدة"), "الاستراتيجية-الجديدة");
        assert_eq!(slugify("Recruitment & pay: $400"), "recruitment-pay-400");
        assert_eq!(slugify("خلفيـــة"), "خلفية");
    }

    #[test]
    fn ids_keep_word_boundaries_across_punctuation_and_lines() {
        assert_eq!(slugify("a title, a lot"), "a-title-a-lot");
        assert_eq!(slugify("a\ntitle"), "a-title");
        assert_eq!(slugify("north/south.east"), "north-south-east");
        assert_eq!(slugify("the group’s pay"), "the-groups-pay");
    }

    #[test]
    fn relative_urls_resolve_against_the_page() {
        assert_eq!(join_url("en/briefs/x/", "../y/"), "en/briefs/y/");
        assert_eq!(join_url("en/briefs/x/", "cover.svg"), "en/briefs/x/cover.svg");
        assert_eq!(join_url("en/briefs/x/", "../../topics/"), "en/topics/");
    }
}
