//! Numbered figures and `@fig-NAME` cross-references.
//!
//! Every chart block and every image alone in its paragraph is a figure,
//! numbered in order on its page: "Figure 3" is the third, whether it has
//! an id or not, so the same figure has the same number in every language
//! version that has the same figures. A figure may take an id that starts
//! with `fig-`: a chart block with `id: fig-NAME`, an image with
//! `{#fig-NAME}` right after it (`![alt](file.svg "Caption"){#fig-NAME}`).
//! `@fig-NAME` in the text then becomes a link labelled like the figure's
//! caption.
//!
//! [`scan`] takes a body's events and returns its figures in order, before
//! anything is rendered, so a reference may come before its figure. It
//! refuses nothing itself: the renderer reports a duplicate id (at the
//! second figure) and a reference to an id no figure has (with a
//! did-you-mean), each at its line.

use crate::chart;
use crate::yaml::{self, Value};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::ops::Range;

/// The prefix of every figure id.
pub const PREFIX: &str = "fig-";

/// One figure of a body, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// `fig-NAME`, when the figure has one.
    pub id: Option<String>,
    /// Byte offset of the figure in the body, for errors.
    pub offset: usize,
    /// A chart block, rather than an image.
    pub chart: bool,
}

/// The figures of a body's events, in order.
pub fn scan(events: &[(Event, Range<usize>)]) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if chart::is_chart_fence(info) => {
                let end = crate::markdown::find_end(events, i);
                let text: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                out.push(Figure { id: chart_id(&text), offset: range.start, chart: true });
                i = end;
            }
            Event::Start(Tag::Paragraph) => {
                if let Some((_, id)) = lone_image(events, i + 1) {
                    out.push(Figure { id, offset: events[i + 1].1.start, chart: false });
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A chart's `<figure>` HTML with its label opening its caption: "Figure 2: Title".
pub fn label_caption(html: &str, label: &str) -> String {
    let span = format!("<figcaption><span class=\"figure-label\">{}</span>: ", crate::escape::html(label));
    html.replacen("<figcaption>", &span, 1)
}

/// The figures of a Markdown body, read on their own (for the checks that
/// compare the language versions of a brief).
pub fn in_body(body: &str) -> Vec<Figure> {
    let events: Vec<(Event, Range<usize>)> =
        pulldown_cmark::Parser::new_ext(body, crate::markdown::options()).into_offset_iter().collect();
    scan(&events)
}

/// The `id` of a chart block, when it is a valid figure id.
fn chart_id(yaml_text: &str) -> Option<String> {
    // Most charts have no id: spare them a second parse.
    if !yaml_text.contains("id:") {
        return None;
    }
    let Ok(Value::Mapping(map)) = yaml::parse(yaml_text) else { return None };
    let id = yaml::scalar_text(map.get("id")?)?;
    is_figure_id(id.trim()).then(|| id.trim().to_string())
}

/// Whether `id` is `fig-` then lowercase letters, digits and `-`.
pub fn is_figure_id(id: &str) -> bool {
    id.strip_prefix(PREFIX).is_some_and(crate::text::is_slug)
}

/// When the events from `i` (just inside a paragraph) are one image, and
/// at most an id `{#fig-NAME}` after it, up to the paragraph's end: the
/// index of the image's `End` and the id. Text around the image other
/// than the id makes it an image in running text, not a figure.
pub fn lone_image(events: &[(Event, Range<usize>)], i: usize) -> Option<(usize, Option<String>)> {
    if !matches!(events.get(i), Some((Event::Start(Tag::Image { .. }), _))) {
        return None;
    }
    let end = crate::markdown::find_end(events, i);
    let mut after = String::new();
    let mut j = end + 1;
    while let Some((Event::Text(t), _)) = events.get(j) {
        after.push_str(t);
        j += 1;
    }
    if !matches!(events.get(j), Some((Event::End(TagEnd::Paragraph), _))) {
        return None;
    }
    let after = after.trim();
    if after.is_empty() {
        return Some((end, None));
    }
    let id = after.strip_prefix("{#")?.strip_suffix('}')?;
    is_figure_id(id).then(|| (end, Some(id.to_string())))
}

/// A reference `@fig-NAME` in running text: its byte range in `text` and
/// the id. The `@` must not follow a Latin letter, a digit or `_ . - +`
/// (so an e-mail address is left alone), but may follow an Arabic letter
/// (`و@fig-x`: the conjunction is written joined to the next word); a
/// final `-` is not part of the id.
pub fn references(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find("@fig-") {
        let at = from + p;
        from = at + 1;
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '+'))
        {
            continue;
        }
        let rest = &text[at + 1..];
        let len =
            rest.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')).unwrap_or(rest.len());
        let id = rest[..len].trim_end_matches('-');
        if id.len() > PREFIX.len() {
            out.push((at..at + 1 + id.len(), id));
            from = at + 1 + id.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_need_fig_and_a_name_and_leave_e_mail_alone() {
        let found = |t: &str| references(t).into_iter().map(|(_, id)| id.to_string()).collect::<Vec<_>>();
        assert_eq!(found("as @fig-attacks shows."), ["fig-attacks"]);
        assert_eq!(found("(@fig-a, @fig-b-2-)"), ["fig-a", "fig-b-2"]);
        assert_eq!(found("mail me@fig-x.org or @user or @fig- or @figure"), Vec::<String>::new());
        assert_eq!(found("انظر @fig-attacks، ثم"), ["fig-attacks"]);
        assert_eq!(found("و@fig-weekly"), ["fig-weekly"]);
    }

    #[test]
    fn charts_and_lone_images_are_figures_in_order() {
        let body = "Text ![inline](a.svg) here.\n\n```chart\ntype: bar\nid: fig-one\n```\n\n![b](b.svg)\n\n![c](c.svg \"C\"){#fig-c}\n\n```chart\nid: not-a-fig\n```\n";
        let ids: Vec<Option<String>> = in_body(body).into_iter().map(|f| f.id).collect();
        assert_eq!(ids, [Some("fig-one".into()), None, Some("fig-c".into()), None]);
    }
}
