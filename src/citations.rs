//! Citations: `[@id]` in a body cites the source of the brief's `sources`
//! with that `id`; `[@a; @b]` cites several.
//!
//! A citation is written like a Markdown shortcut link whose label starts
//! with `@`, so Markdown finds it where a link may stand and nowhere else:
//! code spans, code blocks, `[@]`, `[@ x]`, e-mail addresses and `@user`
//! are left as written, and a link with a definition (`[@x]: url`) stays a
//! link. [`parser`] gives the Markdown parser that turns citations into
//! links the renderer recognises ([`ids`]); [`cited`] lists the ids a body
//! cites, for `mujaz check`.
//!
//! The renderer numbers sources in the order of their first citation and
//! records each citation's anchor, so the sources list can link back
//! ([`Cited`]).

use crate::content::{Citation, Section};
use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag};

/// What `[@id]` may cite in the body being rendered.
#[derive(Debug, Clone, Copy)]
pub enum Citable<'a> {
    /// A brief's `sources`.
    Sources(&'a [Citation]),
    /// A plain page: it has no sources, so a citation in it is an error
    /// that says what a page can do instead.
    Page,
    /// A brief whose front matter could not be read: its citations are
    /// shown as written and not checked.
    Unchecked,
}

impl<'a> Citable<'a> {
    /// What a file of `section` may cite: its `sources` when its front
    /// matter was read (`None` when it could not be).
    pub fn of(section: Section, sources: Option<&'a [Citation]>) -> Self {
        match (section, sources) {
            (Section::Pages, _) => Citable::Page,
            (Section::Briefs, Some(s)) => Citable::Sources(s),
            (Section::Briefs, None) => Citable::Unchecked,
        }
    }

    /// The sources, for a brief whose front matter was read.
    pub fn sources(self) -> &'a [Citation] {
        match self {
            Citable::Sources(s) => s,
            Citable::Page | Citable::Unchecked => &[],
        }
    }
}

/// The ids of a citation's label (`@a; @b` → `a`, `b`), or `None` when the
/// label is not a citation. An id is any run of letters, digits, `-`, `_`
/// and `.` (checked against the sources later, so `[@Naba]` gets a
/// did-you-mean); `@fig-…` is a figure, not a source.
pub fn ids(label: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    for part in label.split(';') {
        let id = part.trim().strip_prefix('@')?;
        let ok = !id.is_empty()
            && !id.starts_with(crate::figures::PREFIX)
            && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !ok {
            return None;
        }
        out.push(id);
    }
    Some(out)
}

/// Gives a shortcut link without a definition whose label is a citation a
/// destination: the label itself. The renderer knows it by its link type.
fn as_link<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    if link.link_type != LinkType::Shortcut || ids(&link.reference).is_none() {
        return None;
    }
    Some((link.reference, "".into()))
}

/// The ids of a citation link event: a shortcut link made by [`parser`].
pub fn of_link(link_type: LinkType, dest: &str) -> Option<Vec<&str>> {
    if link_type != LinkType::ShortcutUnknown {
        return None;
    }
    ids(dest)
}

/// A Markdown parser that reads citations.
pub fn parser(text: &str, options: Options) -> Parser<'_, impl pulldown_cmark::BrokenLinkCallback<'_>> {
    Parser::new_with_broken_link_callback(text, options, Some(as_link))
}

/// Every id a body cites, in order, once each.
pub fn cited(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for ev in parser(body, crate::markdown::options()) {
        if let Event::Start(Tag::Link { link_type, dest_url, .. }) = ev
            && let Some(ids) = of_link(link_type, &dest_url)
        {
            for id in ids {
                if !out.iter().any(|o| o == id) {
                    out.push(id.to_string());
                }
            }
        }
    }
    out
}

/// A source cited in a body: its id, and the anchor of each citation of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedSource {
    pub id: String,
    /// `cite-ID-1`, `cite-ID-2`…, in the order of the text.
    pub anchors: Vec<String>,
}

/// The sources a body cites, in the order of their first citation: the
/// number of a source is its place here, plus one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cited(pub Vec<CitedSource>);

impl Cited {
    /// Records a citation of `id`: its number and its new anchor.
    pub fn cite(&mut self, id: &str) -> (usize, String) {
        let n = match self.0.iter().position(|c| c.id == id) {
            Some(p) => p,
            None => {
                self.0.push(CitedSource { id: id.to_string(), anchors: Vec::new() });
                self.0.len() - 1
            }
        };
        let source = &mut self.0[n];
        let anchor = format!("cite-{id}-{}", source.anchors.len() + 1);
        source.anchors.push(anchor.clone());
        (n + 1, anchor)
    }

    /// The number of `id`, when the body cites it.
    pub fn number(&self, id: &str) -> Option<usize> {
        self.0.iter().position(|c| c.id == id).map(|p| p + 1)
    }

    /// The anchors of the citations of `id`.
    pub fn anchors(&self, id: &str) -> &[String] {
        self.0.iter().find(|c| c.id == id).map_or(&[], |c| &c.anchors)
    }
}

/// The anchor of a source in the sources list.
pub fn source_anchor(id: &str) -> String {
    format!("source-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_is_at_then_an_id_and_nothing_else() {
        assert_eq!(ids("@naba"), Some(vec!["naba"]));
        assert_eq!(ids("@a; @b-2"), Some(vec!["a", "b-2"]));
        assert_eq!(ids("@a;@b"), Some(vec!["a", "b"]));
        for not in ["@", "@ x", "x@y", "see @a", "@a b", "@fig-x", "@a;", "mail@x.org"] {
            assert_eq!(ids(not), None, "{not}");
        }
    }

    #[test]
    fn only_citations_outside_code_are_found() {
        let body =
            "One [@a] and [@b; @a].\n\n`[@code]` and [@]\n\n```\n[@block]\n```\n\n[@def]\n\n[@def]: https://x.org\n";
        assert_eq!(cited(body), ["a", "b"]);
    }
}
