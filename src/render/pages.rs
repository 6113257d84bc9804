//! Which pages the site has, and each one's context.

use super::brief::{brief, event};
use super::common::{common, lang_of, word};
use super::ctx::*;
use super::jobs::{Job, PER_PAGE, pages};
use super::special::{not_found, root_page};
use super::{OutFile, render_template};
use crate::chart::{self, Chart, Kind, Series};
use crate::config::{Language, Tax};
use crate::content::{Dated, Doc, Event};
use crate::diag::Diagnostic;
use crate::locale::Locale;
use crate::markdown::Rendered;
use crate::site::Site;
use crate::theme::Theme;
use crate::urls;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// Renders one job to its file.
pub fn render(job: &Job, site: &Site, theme: &Theme, bodies: super::Bodies) -> Result<OutFile, Diagnostic> {
    let path = job.path(site);
    let bytes = match job {
        Job::Root => root_page(site, theme)?,
        Job::NotFound => not_found(site, theme)?,
        Job::Feed { lang } => super::feeds::atom(site, theme, lang_of(site, lang))?,
        _ => page(job, site, theme, bodies)?,
    };
    Ok(OutFile { path, bytes })
}

/// What every page's context starts from.
struct Req<'a> {
    site: &'a Site,
    theme: &'a Theme,
    job: &'a Job,
    lang: &'a Language,
    locale: Locale,
    code: &'a str,
}

impl<'a> Req<'a> {
    fn common(&self, title: String, description: String, kind: &'static str) -> Common<'a> {
        let (title, description) = (self.locale.prose(&title), self.locale.prose(&description));
        common(self.site, self.theme, self.job, self.lang, title, description, kind)
    }

    fn word(&self, key: &str) -> String {
        word(self.theme, self.code, key)
    }

    /// The site's description in this page's language (may be empty: the
    /// page then falls back to the theme's, see `common`).
    fn site_description(&self) -> String {
        self.site.config.description.get(self.code).to_string()
    }

    /// A term page's description: "Attacks: 4 briefs. <the site's>".
    fn term_description(&self, label: &str, briefs: usize) -> String {
        let count =
            self.theme.words(self.code).count("count_briefs", briefs as u64, &self.locale.number(briefs as f64));
        let site = self.site_description();
        let site = if site.is_empty() {
            self.theme.words(self.code).find("about_site").unwrap_or_default().to_string()
        } else {
            site
        };
        format!("{label}: {}. {site}", count.unwrap_or_default()).trim_end().to_string()
    }

    /// A chart's interface words in this page's language.
    fn chart_words(&self) -> chart::Words {
        chart::Words::from_strings(|key| self.word(key))
    }

    /// "Title" on a list's first page, "Title · Page 2" on the others.
    fn paged_title(&self, title: String, page: usize) -> String {
        match page {
            1 => title,
            n => format!("{title} · {}", self.word("page_n").replace("{n}", &self.locale.digits(&n.to_string()))),
        }
    }

    /// Links between the pages of a list whose first page is at `base`.
    fn pager(&self, base: &str, page: usize, briefs: usize) -> PagerCtx {
        let total = pages(briefs);
        let url = |p: usize| format!("{base}{}", urls::page_suffix(p));
        PagerCtx {
            current: page,
            total,
            text: self
                .word("page_of")
                .replace("{n}", &self.locale.digits(&page.to_string()))
                .replace("{total}", &self.locale.digits(&total.to_string())),
            newer: (page > 1).then(|| url(page - 1)),
            older: (page < total).then(|| url(page + 1)),
        }
    }
}

fn page(job: &Job, site: &Site, theme: &Theme, bodies: super::Bodies) -> Result<Vec<u8>, Diagnostic> {
    let code = job.lang(site).unwrap_or_default();
    let lang = lang_of(site, &code);
    let r = Req { site, theme, job, lang, locale: site.config.locale(lang), code: &code };
    let mut cx = tera::Context::new();
    let (template, common) = match job {
        Job::Home { page, .. } => home(&r, *page, &mut cx),
        Job::Doc { index } => {
            let body = bodies.get(*index).ok_or_else(|| {
                Diagnostic::error(&site.docs[*index].src.path, "internal error: the page was rendered without its body")
            })?;
            doc_page(&r, *index, body, &mut cx)
        }
        Job::TaxIndex { tax, .. } => tax_index(&r, *tax, &mut cx),
        Job::Term { tax, key, page, .. } => term(&r, *tax, key, *page, &mut cx),
        Job::Timeline { .. } => timeline(&r, &mut cx),
        Job::Judgments { .. } => judgments(&r, &mut cx),
        Job::Search { .. } => search(&r, &mut cx),
        Job::Root | Job::NotFound | Job::Feed { .. } => unreachable!("rendered elsewhere"),
    };
    cx.insert_value("page", common.value(theme));
    render_template(theme, template, &cx)
}

fn home<'a>(r: &Req<'a>, page: usize, cx: &mut tera::Context) -> (&'static str, Common<'a>) {
    let config = &r.site.config;
    let title = r.paged_title(config.title.get(r.code).to_string(), page);
    let c = r.common(title, config.description.get(r.code).to_string(), "home");
    let list = r.site.brief_indexes(r.code);
    let cards: Vec<CardCtx> =
        page_slice(list, page).iter().filter_map(|&i| card(&r.site.docs[i], config, &r.locale, &c.root)).collect();
    cx.insert("briefs", &cards);
    cx.insert("pager", &r.pager(&format!("{}{}", c.root, urls::home(r.code)), page, list.len()));
    ("index.html", c)
}

/// The briefs of one page of a list.
fn page_slice(list: &[usize], page: usize) -> &[usize] {
    let start = ((page - 1) * PER_PAGE).min(list.len());
    &list[start..(start + PER_PAGE).min(list.len())]
}

fn doc_page<'a>(r: &Req<'a>, index: usize, body: &Rendered, cx: &mut tera::Context) -> (&'static str, Common<'a>) {
    let doc = &r.site.docs[index];
    let summary = doc.meta.summary.clone().unwrap_or_default();
    // A brief, and only a brief, is dated for sure.
    if let Dated::Brief(date) = doc.meta.date {
        let c = r.common(doc.meta.title.clone(), summary, "brief");
        cx.insert("brief", &brief(r.site, r.theme, index, date, body, &c, &r.locale));
        ("brief.html", c)
    } else {
        let c = r.common(doc.meta.title.clone(), summary, "page");
        cx.insert("body", &body.html);
        cx.insert("summary", &doc.meta.summary);
        cx.insert("updated", &doc.meta.updated.map(|d| DateCtx::new(d, &r.locale)));
        ("page.html", c)
    }
}

fn tax_index<'a>(r: &Req<'a>, tax: Tax, cx: &mut tera::Context) -> (&'static str, Common<'a>) {
    let c = r.common(r.word(tax.as_str()), r.site_description(), "taxonomy");
    let taxonomy = r.site.config.terms(tax);
    let terms: Vec<LinkCtx> = taxonomy
        .terms
        .iter()
        .map(|t| {
            let n = r.site.term_indexes(r.code, tax, &t.key).len();
            LinkCtx {
                label: t.label.get(r.code).to_string(),
                url: format!("{}{}", c.root, urls::term(r.code, tax, &t.key)),
                count: n,
                count_text: r.locale.number(n as f64),
            }
        })
        .collect();
    cx.insert("terms", &terms);
    cx.insert("taxonomy", tax.as_str());
    ("taxonomy.html", c)
}

fn term<'a>(r: &Req<'a>, tax: Tax, key: &str, page: usize, cx: &mut tera::Context) -> (&'static str, Common<'a>) {
    let taxonomy = r.site.config.terms(tax);
    let term_label = label(taxonomy, key, r.code);
    let list = r.site.term_indexes(r.code, tax, key);
    let description = r.term_description(&term_label, list.len());
    let c = r.common(r.paged_title(term_label.clone(), page), description, "term");
    let cards: Vec<CardCtx> = page_slice(list, page)
        .iter()
        .filter_map(|&i| card(&r.site.docs[i], &r.site.config, &r.locale, &c.root))
        .collect();
    // The chart of the whole term opens its first page.
    let chart = if page == 1 {
        let dates: Vec<NaiveDate> = list.iter().filter_map(|&i| r.site.docs[i].meta.date.get()).collect();
        let chart_title = r.word("chart_briefs_per_month").replace("{term}", &term_label);
        per_month_chart(&dates, chart_title, r.word("briefs"), (&r.locale, &r.chart_words()), "term-chart")
    } else {
        String::new()
    };
    cx.insert("chart", &chart);
    // maps (issue #14): a region page opens with its briefs' events by region.
    let map_chart = if page == 1 && tax == Tax::Regions {
        let events = list.iter().flat_map(|&i| r.site.docs[i].meta.events.iter());
        let title = r.word("chart_term_events_by_region").replace("{term}", &term_label);
        events_map(r, events, title, Some(key), "term-map")
    } else {
        String::new()
    };
    cx.insert("map_chart", &map_chart);
    cx.insert("count", &list.len());
    cx.insert("briefs", &cards);
    cx.insert("pager", &r.pager(&format!("{}{}", c.root, urls::term(r.code, tax, key)), page, list.len()));
    cx.insert("taxonomy", tax.as_str());
    cx.insert("taxonomy_title", &r.word(tax.as_str()));
    cx.insert("taxonomy_url", &format!("{}{}", c.root, urls::taxonomy(r.code, tax)));
    ("term.html", c)
}

fn timeline<'a>(r: &Req<'a>, cx: &mut tera::Context) -> (&'static str, Common<'a>) {
    let c = r.common(r.word("timeline"), r.site_description(), "timeline");
    let events = r.site.events(r.code);
    let dates: Vec<NaiveDate> = events.iter().map(|(e, _)| e.date).collect();
    let words = r.chart_words();
    let chart = per_month_chart(
        &dates,
        r.word("chart_events_per_month"),
        r.word("events"),
        (&r.locale, &words),
        "timeline-chart",
    );
    cx.insert("chart", &chart);
    // maps (issue #14)
    let map_chart =
        events_map(r, events.iter().map(|(e, _)| *e), r.word("chart_events_by_region"), None, "timeline-map");
    cx.insert("map_chart", &map_chart);
    cx.insert("months", &months(r.site, r.theme, &events, &r.locale, &c.root));
    ("timeline.html", c)
}

/// "How to read our judgments": the site's scale and the confidence levels.
fn judgments<'a>(r: &Req<'a>, cx: &mut tera::Context) -> (&'static str, Common<'a>) {
    let c = r.common(r.word("judgments_how"), r.word("judgments_intro"), "judgments");
    let words = r.theme.words(r.code);
    cx.insert("judgments", &crate::analytic::view::judgments_page(r.site.config.estimative, &r.locale, words));
    ("judgments.html", c)
}

fn months(
    site: &Site,
    theme: &Theme,
    events: &[(&Event, &Doc)],
    locale: &crate::locale::Locale,
    root: &str,
) -> Vec<MonthCtx> {
    // Keyed by the month's first event's date: the months sort by it, and
    // its year and month are the month's.
    let mut by_month: BTreeMap<(i32, u32), (NaiveDate, Vec<EventCtx>)> = BTreeMap::new();
    for (e, d) in events {
        let month = by_month.entry((e.date.year(), e.date.month())).or_insert_with(|| (e.date, Vec::new()));
        month.1.push(event(site, theme, e, Some(d), locale, root));
    }
    by_month
        .into_iter()
        .map(|((y, m), (date, events))| MonthCtx {
            id: format!("m-{y}-{m:02}"),
            title: locale.month_year(date),
            events,
        })
        .collect()
}

/// A bar chart counting dates per month, from the first month to the last.
fn per_month_chart(
    dates: &[NaiveDate],
    title: String,
    series: String,
    (locale, words): (&crate::locale::Locale, &chart::Words),
    id: &str,
) -> String {
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else { return String::new() };
    let mut counts: BTreeMap<(i32, u32), f64> = BTreeMap::new();
    let (mut y, mut m) = (first.year(), first.month());
    while (y, m) <= (last.year(), last.month()) {
        counts.insert((y, m), 0.0);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    for d in dates {
        *counts.entry((d.year(), d.month())).or_default() += 1.0;
    }
    // One month is no trend: a site-wide chart needs two points at least.
    if counts.len() < 2 {
        return String::new();
    }
    let labels = counts.keys().map(|(y, m)| locale.digits(&format!("{} {y}", locale.month_short(*m)))).collect();
    let chart = Chart {
        kind: Kind::Bar,
        title,
        caption: None,
        source: None,
        labels,
        series: vec![Series { name: series, values: counts.values().copied().collect() }],
        events: Vec::new(),
        keys: Vec::new(),
    };
    chart::figure(&chart, locale, words, id)
}

// --- maps (issue #14) ---

/// A map counting `events` per region, in the order of the site's
/// regions; `highlight` is drawn apart. Nothing when the site has no
/// `map:` or there are no events.
fn events_map<'e>(
    r: &Req,
    events: impl Iterator<Item = &'e Event>,
    title: String,
    highlight: Option<&str>,
    id: &str,
) -> String {
    let Some(atlas) = r.site.config.map.as_ref() else { return String::new() };
    let mut counts: BTreeMap<&str, f64> = BTreeMap::new();
    for e in events {
        *counts.entry(e.region.as_str()).or_default() += 1.0;
    }
    let regions = &r.site.config.regions;
    let terms: Vec<_> = regions.terms.iter().filter(|t| counts.contains_key(t.key.as_str())).collect();
    if terms.is_empty() {
        return String::new();
    }
    let chart = Chart {
        kind: Kind::Map,
        title,
        caption: None,
        source: None,
        labels: terms.iter().map(|t| t.label.get(r.code).to_string()).collect(),
        series: vec![Series { name: r.word("events"), values: terms.iter().map(|t| counts[t.key.as_str()]).collect() }],
        events: Vec::new(),
        keys: terms.iter().map(|t| t.key.clone()).collect(),
    };
    chart::map_figure(&chart, atlas, highlight, &r.locale, &r.chart_words(), id)
}

// --- search (issue 13) ---
/// The search page: the form, and the topics and regions to browse, which
/// readers without JavaScript get instead of results. The script fills in
/// the results from `?q=`.
fn search<'a>(r: &Req<'a>, cx: &mut tera::Context) -> (&'static str, Common<'a>) {
    let c = r.common(r.word("search"), r.word("search_description"), "search");
    // The script writes counts with the digits the site's pages use.
    cx.insert("digits", &r.locale.digits("0123456789"));
    ("search.html", c)
}
