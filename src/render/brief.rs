//! A brief's context: its facts, its neighbours, its metadata for machines.

use super::ctx::*;
use crate::config::Tax;
use crate::content::{Doc, Event};
use crate::escape::json_string;
use crate::locale::Locale;
use crate::markdown::Rendered;
use crate::site::{Site, doc_url};
use crate::theme::Theme;
use crate::urls;
use chrono::NaiveDate;

/// The context of the brief `site.docs[index]`, published on `date`.
pub(super) fn brief(
    site: &Site,
    theme: &Theme,
    index: usize,
    date: NaiveDate,
    body: &Rendered,
    c: &Common,
    locale: &crate::locale::Locale,
) -> BriefCtx {
    let doc = &site.docs[index];
    let code = &doc.src.lang;
    let root = &c.root;
    let config = &site.config;
    let list = site.brief_indexes(code);
    let pos = site.position(index);
    let link = |d: &Doc| LinkCtx::new(locale.prose(&d.meta.title), format!("{root}{}", doc_url(d)));
    let newer = pos.checked_sub(1).map(|i| link(&site.docs[list[i]]));
    let older = list.get(pos + 1).map(|&i| link(&site.docs[i]));
    let related = related(site, index).into_iter().filter_map(|i| card(&site.docs[i], config, locale, root)).collect();
    let events = doc.meta.events.iter().map(|e| event(site, theme, e, None, locale, root)).collect();
    let sources = sources(doc, body, theme.words(code), locale);
    let abs_url = urls::absolute(&config.base_url, &doc_url(doc));
    BriefCtx {
        title: locale.prose(&doc.meta.title),
        summary: locale.prose(doc.meta.summary.as_deref().unwrap_or_default()),
        date: DateCtx::new(date, locale),
        updated: doc.meta.updated.map(|d| DateCtx::new(d, locale)),
        authors: doc.meta.authors.clone(),
        image: doc.meta.image.as_ref().map(|i| ImageCtx::new(i, root, &config.base_url, &abs_url)),
        body: body.html.clone(),
        toc: body
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| TocCtx { id: h.id.clone(), text: h.text.clone() })
            .collect(),
        events,
        sources,
        topics: term_links(config, Tax::Topics, &doc.meta.topics, code, root),
        regions: term_links(config, Tax::Regions, &doc.meta.regions, code, root),
        newer,
        older,
        related,
        json_ld: json_ld(site, doc, date, &abs_url),
        abs_url,
        analytic: crate::analytic::view::brief(&doc.meta.analytic, locale, theme.words(code), root),
    }
}

/// The sources list: the sources the text cites, in the order of their
/// first citation (so a source's number is its place), then the others in
/// the order of the front matter.
fn sources(doc: &Doc, body: &Rendered, words: &crate::i18n::Strings, locale: &Locale) -> Vec<SourceCtx> {
    let cited = &body.cited;
    let mut order: Vec<&crate::content::Citation> = doc.meta.sources.iter().collect();
    order.sort_by_key(|s| s.id.as_deref().and_then(|id| cited.number(id)).unwrap_or(usize::MAX));
    order
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let anchors = s.id.as_deref().map_or(&[][..], |id| cited.anchors(id));
            let back = anchors
                .iter()
                .enumerate()
                .map(|(k, a)| {
                    let n = locale.digits(&(k + 1).to_string());
                    let label = words.get("back_to_citation").replace("{n}", &n);
                    LinkCtx { label, url: format!("#{a}"), count: k + 1, count_text: n }
                })
                .collect();
            SourceCtx {
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                url: s.url.clone(),
                date: s.date.map(|d| DateCtx::new(d, locale)),
                anchor: s.id.as_deref().map(crate::citations::source_anchor),
                number: locale.digits(&(i + 1).to_string()),
                grade: s.grade.map(|g| GradeCtx {
                    code: g.to_string(),
                    meaning: format!(
                        "{}{}{}",
                        words.get(&g.reliability_key()),
                        words.get("grade_sep"),
                        words.get(&g.credibility_key())
                    ),
                }),
                back,
            }
        })
        .collect()
}

/// Up to three briefs sharing the most topics and regions with a brief, among
/// those nearest to it in time; newest first on ties.
/// How many briefs before and after a brief, in each of its terms' lists,
/// are weighed as related to it.
const RELATED_WINDOW: usize = 150;

/// The briefs of a term's list nearest to `index` in time: those weighed as
/// its related briefs, and those that may weigh it as theirs.
pub(crate) fn near<'a>(site: &'a Site, lang: &str, tax: Tax, key: &str, index: usize) -> &'a [usize] {
    let list = site.term_indexes(lang, tax, key);
    let at = list.binary_search(&index).unwrap_or_else(|p| p);
    &list[at.saturating_sub(RELATED_WINDOW)..(at + RELATED_WINDOW).min(list.len())]
}

pub(crate) fn related(site: &Site, index: usize) -> Vec<usize> {
    thread_local! {
        /// Shared-term counts per document, reused between calls: zero except during one.
        static COUNTS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let doc = &site.docs[index];
    let lang = &doc.src.lang;
    let terms = doc.meta.all_terms();
    COUNTS.with_borrow_mut(|counts| {
        counts.resize(site.docs.len(), 0);
        // Candidates come from the lists of the brief's own terms, and from
        // the briefs nearest to it in time there, so that a site of 50,000
        // briefs costs each page no more than one of 500.
        let mut touched = Vec::new();
        for (tax, key) in terms {
            for &i in near(site, lang, tax, key, index) {
                if i != index {
                    if counts[i] == 0 {
                        touched.push(i);
                    }
                    counts[i] = counts[i].saturating_add(1);
                }
            }
        }
        // Most shared first; then newest (lower index) first.
        let mut best: Vec<(u8, usize)> = Vec::with_capacity(4);
        for &i in &touched {
            let key = (counts[i], i);
            let pos = best.partition_point(|&(c, j)| c > key.0 || (c == key.0 && j < key.1));
            if pos < 3 {
                best.insert(pos, key);
                best.truncate(3);
            }
            counts[i] = 0;
        }
        best.into_iter().map(|(_, i)| i).collect()
    })
}

pub(super) fn event(
    site: &Site,
    theme: &Theme,
    e: &Event,
    from: Option<&Doc>,
    locale: &crate::locale::Locale,
    root: &str,
) -> EventCtx {
    let code = &locale.lang;
    let kind = match &site.config.kinds {
        Some(kinds) => label(kinds, &e.kind, code),
        None => theme.words(code).find(&format!("kind_{}", e.kind)).unwrap_or(&e.kind).to_string(),
    };
    EventCtx {
        date: DateCtx::new(e.date, locale),
        title: locale.prose(&e.title),
        region: LinkCtx::new(
            label(&site.config.regions, &e.region, code),
            format!("{root}{}", urls::term(code, Tax::Regions, &e.region)),
        ),
        kind,
        kind_key: e.kind.clone(),
        brief: from.map(|d| LinkCtx::new(locale.prose(&d.meta.title), format!("{root}{}", doc_url(d)))),
    }
}

fn json_ld(site: &Site, doc: &Doc, date: NaiveDate, url: &str) -> String {
    let m = &doc.meta;
    let date = date.to_string();
    let modified = m.updated.or(m.analytic.latest_revision()).map(|d| d.to_string()).unwrap_or_else(|| date.clone());
    let authors: Vec<String> =
        m.authors.iter().map(|a| format!("{{\"@type\":\"Person\",\"name\":{}}}", json_string(a))).collect();
    let publisher = json_string(site.config.title.get(&doc.src.lang));
    let mut out = format!(
        "{{\"@context\":\"https://schema.org\",\"@type\":\"Report\",\"headline\":{},\"description\":{},\"inLanguage\":{},\"datePublished\":\"{date}\",\"dateModified\":\"{modified}\",\"url\":{},\"mainEntityOfPage\":{},\"publisher\":{{\"@type\":\"Organization\",\"name\":{publisher}}}",
        json_string(&m.title),
        json_string(m.summary.as_deref().unwrap_or("")),
        json_string(&doc.src.lang),
        json_string(url),
        json_string(url),
    );
    if !authors.is_empty() {
        out.push_str(&format!(",\"author\":[{}]", authors.join(",")));
    }
    out.push('}');
    out
}
