//! Citations (`[@id]`) and figure references (`@fig-NAME`) in a body, and
//! the numbers and labels of its figures.
//!
//! Takes what the renderer met; writes numbered links into its output and
//! records every anchor it makes, so `#fragment` links to them check.
//! Refuses, each at its line with a did-you-mean: a citation of an id no
//! source has, a reference to an id no figure has, and a second figure
//! with an id already taken; and a citation on a plain page, which has no
//! sources, with what the page can write instead.

use super::{Renderer, escape};
use crate::citations::{self, Citable, source_anchor};
use crate::diag::did_you_mean;
use pulldown_cmark::{CowStr, Event};
use std::collections::HashMap;
use std::ops::Range;

impl<'a> Renderer<'a, '_> {
    /// The body's figures, found before it is rendered. A figure whose id
    /// an earlier figure has is an error, and loses the id.
    pub(super) fn scan_figures(&mut self, events: &[(Event<'a>, Range<usize>)]) {
        let mut figures = crate::figures::scan(events);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for f in &mut figures {
            let Some(id) = f.id.clone() else { continue };
            match seen.get(&id) {
                Some(&first) => {
                    let (line, _) = self.at(first);
                    self.error(f.offset, format!("figure id `{id}` is already used by the figure at line {line}"))
                        .help = Some("give each figure its own id: `@fig-…` names one figure".into());
                    f.id = None;
                }
                None => {
                    seen.insert(id.clone(), f.offset);
                    self.rendered.ids.insert(id);
                }
            }
        }
        self.figures = figures;
    }

    /// The anchors the sources list will have, so links to them check.
    pub(super) fn source_anchors(&mut self) {
        for id in self.env.sources.sources().iter().filter_map(|s| s.id.as_deref()) {
            self.rendered.ids.insert(source_anchor(id));
        }
    }

    /// The label ("Figure 3", "الشكل ٣") and id of the next figure rendered.
    pub(super) fn next_figure(&mut self) -> (String, Option<String>) {
        let id = self.figures.get(self.next_figure).and_then(|f| f.id.clone());
        self.next_figure += 1;
        (self.figure_label(self.next_figure), id)
    }

    fn figure_label(&self, n: usize) -> String {
        (self.env.word)("figure_label").replace("{n}", &self.env.locale.digits(&n.to_string()))
    }

    /// A citation `[@a; @b]`: each source's number, linked to it in the
    /// sources list, in brackets.
    pub(super) fn cite(&mut self, label: &str, offset: usize) {
        let sources = match self.env.sources {
            Citable::Sources(sources) => sources,
            Citable::Page => return self.cite_on_a_page(label, offset),
            // Not checked: shown as written.
            Citable::Unchecked => return self.out.push(Event::Text(format!("[{label}]").into())),
        };
        let mut links = Vec::new();
        for id in citations::ids(label).unwrap_or_default() {
            if !sources.iter().any(|s| s.id.as_deref() == Some(id)) {
                let known: Vec<&str> = sources.iter().filter_map(|s| s.id.as_deref()).collect();
                let help = did_you_mean(id, known.iter().copied()).unwrap_or_else(|| match known.is_empty() {
                    true => format!("give the source it cites `id: {id}` in `sources`"),
                    false => format!("the sources' ids are: {}", known.join(", ")),
                });
                self.error(offset, format!("no source has the id `{id}`")).help = Some(help);
                continue;
            }
            let (n, anchor) = self.rendered.cited.cite(id);
            self.rendered.ids.insert(anchor.clone());
            links.push(format!(
                "<a href=\"#{}\" id=\"{}\" role=\"doc-biblioref\">{}</a>",
                escape(&source_anchor(id)),
                escape(&anchor),
                escape(&self.env.locale.digits(&n.to_string()))
            ));
        }
        if !links.is_empty() {
            let comma = escape(&(self.env.word)("comma"));
            self.out.push(Event::InlineHtml(format!("<span class=\"cite\">[{}]</span>", links.join(&comma)).into()));
        }
    }

    /// A citation on a plain page, which has no sources to cite: an error
    /// saying what a page can do instead. Shown as written.
    fn cite_on_a_page(&mut self, label: &str, offset: usize) {
        self.error(offset, format!("`[{label}]` cites a source, but a page has no sources")).help = Some(format!(
            "only a brief's `sources` can be cited; on a page, link to the source: `[its title](https://…)`, \
             or write `\\[{label}]` to show the brackets as text"
        ));
        self.out.push(Event::Text(format!("[{label}]").into()));
    }

    /// Text holding `@fig-NAME`: each reference a link to its figure,
    /// labelled as the figure's caption is.
    pub(super) fn figure_refs(&mut self, text: &CowStr<'a>, range: &Range<usize>) {
        let mut last = 0;
        for (at, id) in crate::figures::references(text) {
            if at.start > last {
                self.out.push(Event::Text(text[last..at.start].to_string().into()));
            }
            last = at.end;
            match self.figures.iter().position(|f| f.id.as_deref() == Some(id)) {
                Some(p) => {
                    let label = escape(&self.figure_label(p + 1));
                    let html = format!("<a class=\"figure-ref\" href=\"#{}\">{label}</a>", escape(id));
                    self.out.push(Event::InlineHtml(html.into()));
                }
                None => {
                    let known: Vec<String> = self.figures.iter().filter_map(|f| f.id.clone()).collect();
                    let help =
                        did_you_mean(id, known.iter().map(String::as_str)).unwrap_or_else(|| match known.is_empty() {
                            true => format!("give a chart `id: {id}`, or an image `{{#{id}}}` after it"),
                            false => format!("the figures' ids are: {}", known.join(", ")),
                        });
                    let offset = (range.start + at.start).min(range.end.saturating_sub(1));
                    self.error(offset, format!("no figure has the id `{id}`")).help = Some(help);
                    self.out.push(Event::Text(text[at].to_string().into()));
                }
            }
        }
        if last < text.len() {
            self.out.push(Event::Text(text[last..].to_string().into()));
        }
    }
}
