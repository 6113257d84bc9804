//! Which pages the site has, and each one's context.

use super::ctx::*;
use super::{OutFile, json_string, render_template};
use crate::chart::{self, Chart, Kind, Series};
use crate::config::Language;
use crate::content::{Doc, Event, Section};
use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::site::{Site, doc_url, root_prefix};
use crate::theme::Theme;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One page (or feed) to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Root,
    NotFound,
    Home { lang: String },
    Doc { index: usize },
    TaxIndex { lang: String, tax: &'static str },
    Term { lang: String, tax: &'static str, key: String },
    Timeline { lang: String },
    Feed { lang: String },
}

impl Job {
    /// URL path from the site root (`en/briefs/x/`), or the file for feeds.
    pub fn url(&self, site: &Site) -> String {
        match self {
            Job::Root => String::new(),
            Job::NotFound => "404.html".into(),
            Job::Home { lang } => format!("{lang}/"),
            Job::Doc { index } => doc_url(&site.docs[*index]),
            Job::TaxIndex { lang, tax } => format!("{lang}/{tax}/"),
            Job::Term { lang, tax, key } => format!("{lang}/{tax}/{key}/"),
            Job::Timeline { lang } => format!("{lang}/timeline/"),
            Job::Feed { lang } => format!("{lang}/atom.xml"),
        }
    }

    /// The file written for this job, relative to the output folder.
    pub fn path(&self, site: &Site) -> PathBuf {
        let url = self.url(site);
        if url.is_empty() || url.ends_with('/') {
            PathBuf::from(format!("{url}index.html"))
        } else {
            PathBuf::from(url)
        }
    }

    pub fn lang(&self, site: &Site) -> Option<String> {
        match self {
            Job::Root | Job::NotFound => None,
            Job::Home { lang }
            | Job::TaxIndex { lang, .. }
            | Job::Term { lang, .. }
            | Job::Timeline { lang }
            | Job::Feed { lang } => Some(lang.clone()),
            Job::Doc { index } => Some(site.docs[*index].src.lang.clone()),
        }
    }

    /// This page in another language, if it exists there.
    pub fn version_in(&self, site: &Site, lang: &str) -> Option<Job> {
        let l = lang.to_string();
        match self {
            Job::Root | Job::NotFound | Job::Feed { .. } => None,
            Job::Home { .. } => Some(Job::Home { lang: l }),
            Job::TaxIndex { tax, .. } => Some(Job::TaxIndex { lang: l, tax }),
            Job::Term { tax, key, .. } => Some(Job::Term { lang: l, tax, key: key.clone() }),
            Job::Timeline { .. } => Some(Job::Timeline { lang: l }),
            Job::Doc { index } => site.version_index(*index, lang).map(|index| Job::Doc { index }),
        }
    }
}

/// Every page of the site, in a stable order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Root, Job::NotFound];
    for lang in &site.config.languages {
        let l = lang.code.clone();
        jobs.push(Job::Home { lang: l.clone() });
        jobs.push(Job::Timeline { lang: l.clone() });
        jobs.push(Job::Feed { lang: l.clone() });
        for tax in ["topics", "regions"] {
            jobs.push(Job::TaxIndex { lang: l.clone(), tax });
            for term in &site.config.taxonomy(tax).map(|t| t.terms.clone()).unwrap_or_default() {
                jobs.push(Job::Term { lang: l.clone(), tax, key: term.key.clone() });
            }
        }
    }
    jobs.extend((0..site.docs.len()).map(|index| Job::Doc { index }));
    jobs
}

/// Renders one job to its file.
pub fn render(job: &Job, site: &Site, theme: &Theme, bodies: &[Rendered]) -> Result<OutFile, Diagnostic> {
    let path = job.path(site);
    let bytes = match job {
        Job::Root => root_page(site, theme)?,
        Job::NotFound => not_found(site, theme)?,
        Job::Feed { lang } => super::feeds::atom(site, theme, lang_of(site, lang))?,
        _ => page(job, site, theme, bodies)?,
    };
    Ok(OutFile { path, bytes })
}

fn lang_of<'a>(site: &'a Site, code: &str) -> &'a Language {
    site.config.language(code).expect("jobs are made for the site's languages")
}

fn abs(site: &Site, url: &str) -> String {
    format!("{}/{}", site.config.base_url, url)
}

/// The shared part of a page's context.
pub fn common<'a>(
    site: &'a Site,
    theme: &'a Theme,
    job: &Job,
    lang: &Language,
    title: String,
    description: String,
    kind: &'static str,
) -> Common<'a> {
    let url = job.url(site);
    // The 404 page is served at any path, so its links start at the host.
    let root = if *job == Job::NotFound { format!("{}/", base_path(site)) } else { root_prefix(&url) };
    let code = &lang.code;
    let t = &theme.strings[code];
    let locale = site.config.locale(lang);
    let switcher = site
        .config
        .languages
        .iter()
        .map(|other| {
            let version = job.version_in(site, &other.code);
            let translated = version.is_some();
            let target = version.map(|v| v.url(site)).unwrap_or_else(|| format!("{}/", other.code));
            SwitchCtx {
                lang: LangCtx::new(other),
                url: format!("{root}{target}"),
                abs_url: abs(site, &target),
                current: other.code == *code,
                translated,
                note: theme.strings[&other.code].get("not_translated").cloned().unwrap_or_default(),
            }
        })
        .collect();
    let nav = |tax: &str| -> Vec<LinkCtx> {
        let taxonomy = site.config.taxonomy(tax).expect("known taxonomy");
        taxonomy
            .terms
            .iter()
            .map(|t| (t, site.term_indexes(code, tax, &t.key).len()))
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| LinkCtx {
                label: t.label.get(code).to_string(),
                url: format!("{root}{code}/{tax}/{}/", t.key),
                count: n,
                count_text: locale.number(n as f64),
            })
            .collect()
    };
    let nav_pages = site
        .pages(code)
        .map(|p| LinkCtx {
            label: p.meta.title.clone(),
            url: format!("{root}{}", doc_url(p)),
            count: 0,
            count_text: String::new(),
        })
        .collect();
    Common {
        site_title: site.config.title.get(code),
        site_description: site.config.description.get(code),
        lang: LangCtx::new(lang),
        t,
        home_url: format!("{root}{code}/"),
        canonical: abs(site, &url),
        feed_url: format!("{root}{code}/atom.xml"),
        feed_abs_url: abs(site, &format!("{code}/atom.xml")),
        switcher,
        nav_topics: nav("topics"),
        nav_regions: nav("regions"),
        nav_pages,
        topics_url: format!("{root}{code}/topics/"),
        regions_url: format!("{root}{code}/regions/"),
        timeline_url: format!("{root}{code}/timeline/"),
        root,
        kind,
        title,
        description,
        year: site.latest().map(|d| d.year()).unwrap_or(1970),
    }
}

fn word(theme: &Theme, lang: &str, key: &str) -> String {
    theme.strings.get(lang).and_then(|s| s.get(key)).cloned().unwrap_or_else(|| key.to_string())
}

fn page(job: &Job, site: &Site, theme: &Theme, bodies: &[Rendered]) -> Result<Vec<u8>, Diagnostic> {
    let code = job.lang(site).unwrap_or_default();
    let lang = lang_of(site, &code);
    let locale = site.config.locale(lang);
    let mut context = tera::Context::new();
    let (template, common) = match job {
        Job::Home { .. } => {
            let c = common(
                site,
                theme,
                job,
                lang,
                site.config.title.get(&code).to_string(),
                site.config.description.get(&code).to_string(),
                "home",
            );
            let cards: Vec<CardCtx> = site.briefs(&code).map(|d| card(d, &site.config, &locale, &c.root)).collect();
            context.insert("briefs", &cards);
            ("index.html", c)
        }
        Job::Doc { index } => {
            let doc = &site.docs[*index];
            let kind = if doc.src.section == Section::Briefs { "brief" } else { "page" };
            let c = common(
                site,
                theme,
                job,
                lang,
                doc.meta.title.clone(),
                doc.meta.summary.clone().unwrap_or_default(),
                kind,
            );
            if doc.src.section == Section::Briefs {
                context.insert("brief", &brief(site, theme, *index, &bodies[*index], &c, &locale));
                ("brief.html", c)
            } else {
                context.insert("body", &bodies[*index].html);
                context.insert("summary", &doc.meta.summary);
                context.insert("updated", &doc.meta.updated.map(|d| DateCtx::new(d, &locale)));
                ("page.html", c)
            }
        }
        Job::TaxIndex { tax, .. } => {
            let title = word(theme, &code, tax);
            let c = common(site, theme, job, lang, title, String::new(), "taxonomy");
            let terms: Vec<LinkCtx> = site
                .terms(&code, tax)
                .into_iter()
                .map(|t| LinkCtx {
                    label: label(site.config.taxonomy(tax).expect("known"), t.key, &code),
                    url: format!("{}{code}/{tax}/{}/", c.root, t.key),
                    count: t.briefs.len(),
                    count_text: locale.number(t.briefs.len() as f64),
                })
                .collect();
            context.insert("terms", &terms);
            context.insert("taxonomy", tax);
            ("taxonomy.html", c)
        }
        Job::Term { tax, key, .. } => {
            let taxonomy = site.config.taxonomy(tax).expect("known");
            let term_label = label(taxonomy, key, &code);
            let c = common(site, theme, job, lang, term_label.clone(), String::new(), "term");
            let briefs: Vec<&Doc> =
                site.terms(&code, tax).into_iter().find(|t| t.key == key).map(|t| t.briefs).unwrap_or_default();
            let cards: Vec<CardCtx> = briefs.iter().map(|d| card(d, &site.config, &locale, &c.root)).collect();
            let dates: Vec<NaiveDate> = briefs.iter().filter_map(|d| d.meta.date).collect();
            let chart_title = word(theme, &code, "chart_briefs_per_month").replace("{term}", &term_label);
            let series_name = word(theme, &code, "briefs");
            context.insert("chart", &per_month_chart(&dates, chart_title, series_name, &locale, "term-chart"));
            context.insert("briefs", &cards);
            context.insert("taxonomy", tax);
            context.insert("taxonomy_title", &word(theme, &code, tax));
            context.insert("taxonomy_url", &format!("{}{code}/{tax}/", c.root));
            ("term.html", c)
        }
        Job::Timeline { .. } => {
            let c = common(site, theme, job, lang, word(theme, &code, "timeline"), String::new(), "timeline");
            let events = site.events(&code);
            let dates: Vec<NaiveDate> = events.iter().map(|(e, _)| e.date).collect();
            let chart_title = word(theme, &code, "chart_events_per_month");
            context.insert(
                "chart",
                &per_month_chart(&dates, chart_title, word(theme, &code, "events"), &locale, "timeline-chart"),
            );
            context.insert("months", &months(site, theme, &events, &locale, &c.root));
            ("timeline.html", c)
        }
        Job::Root | Job::NotFound | Job::Feed { .. } => unreachable!("rendered elsewhere"),
    };
    context.insert("page", &common);
    render_template(theme, template, &context)
}

fn brief(
    site: &Site,
    theme: &Theme,
    index: usize,
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
    let link = |d: &Doc| LinkCtx {
        label: d.meta.title.clone(),
        url: format!("{root}{}", doc_url(d)),
        count: 0,
        count_text: String::new(),
    };
    let newer = pos.checked_sub(1).map(|i| link(&site.docs[list[i]]));
    let older = list.get(pos + 1).map(|&i| link(&site.docs[i]));
    let related = related(site, index).into_iter().map(|i| card(&site.docs[i], config, locale, root)).collect();
    let events = doc.meta.events.iter().map(|e| event(site, theme, e, None, locale, root)).collect();
    let sources = doc
        .meta
        .sources
        .iter()
        .map(|s| SourceCtx {
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            url: s.url.clone(),
            date: s.date.map(|d| DateCtx::new(d, locale)),
        })
        .collect();
    let date = doc.meta.date.unwrap_or_default();
    let abs_url = format!("{}/{}", config.base_url, doc_url(doc));
    BriefCtx {
        title: doc.meta.title.clone(),
        summary: doc.meta.summary.clone().unwrap_or_default(),
        date: DateCtx::new(date, locale),
        updated: doc.meta.updated.map(|d| DateCtx::new(d, locale)),
        authors: doc.meta.authors.clone(),
        image: doc.meta.image.as_ref().map(|i| ImageCtx {
            // A path from the site root is made relative to this page.
            src: i.src.strip_prefix('/').map(|a| format!("{root}{a}")).unwrap_or_else(|| i.src.clone()),
            alt: i.alt.clone(),
            caption: i.caption.clone(),
            credit: i.credit.clone(),
        }),
        body: body.html.clone(),
        toc: body
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| TocCtx { id: h.id.clone(), text: h.text.clone() })
            .collect(),
        events,
        sources,
        topics: term_links(config, "topics", &doc.meta.topics, code, root),
        regions: term_links(config, "regions", &doc.meta.regions, code, root),
        newer,
        older,
        related,
        json_ld: json_ld(site, doc, &abs_url),
        abs_url,
    }
}

/// Up to three briefs sharing the most topics and regions, newest first on ties.
fn related(site: &Site, index: usize) -> Vec<usize> {
    let doc = &site.docs[index];
    let lang = &doc.src.lang;
    // Candidates come from the lists of the brief's own terms only.
    let mut shared: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let terms = doc.meta.topics.iter().map(|k| ("topics", k)).chain(doc.meta.regions.iter().map(|k| ("regions", k)));
    for (tax, key) in terms {
        for &i in site.term_indexes(lang, tax, key) {
            if i != index {
                *shared.entry(i).or_insert(0) += 1;
            }
        }
    }
    let mut scored: Vec<(usize, usize)> = shared.into_iter().collect();
    // Most shared first; then newest (lower index) first.
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.into_iter().take(3).map(|(i, _)| i).collect()
}

fn event(
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
        None => theme.strings[code].get(&format!("kind_{}", e.kind)).cloned().unwrap_or_else(|| e.kind.clone()),
    };
    EventCtx {
        date: DateCtx::new(e.date, locale),
        title: e.title.clone(),
        region: LinkCtx {
            label: label(&site.config.regions, &e.region, code),
            url: format!("{root}{code}/regions/{}/", e.region),
            count: 0,
            count_text: String::new(),
        },
        kind,
        kind_key: e.kind.clone(),
        brief: from.map(|d| LinkCtx {
            label: d.meta.title.clone(),
            url: format!("{root}{}", doc_url(d)),
            count: 0,
            count_text: String::new(),
        }),
    }
}

fn months(
    site: &Site,
    theme: &Theme,
    events: &[(&Event, &Doc)],
    locale: &crate::locale::Locale,
    root: &str,
) -> Vec<MonthCtx> {
    let mut by_month: BTreeMap<(i32, u32), Vec<EventCtx>> = BTreeMap::new();
    for (e, d) in events {
        by_month.entry((e.date.year(), e.date.month())).or_default().push(event(site, theme, e, Some(d), locale, root));
    }
    by_month
        .into_iter()
        .map(|((y, m), events)| MonthCtx {
            id: format!("m-{y}-{m:02}"),
            title: locale.month_year(NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default()),
            events,
        })
        .collect()
}

/// A bar chart counting dates per month, from the first month to the last.
fn per_month_chart(
    dates: &[NaiveDate],
    title: String,
    series: String,
    locale: &crate::locale::Locale,
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
    let labels = counts.keys().map(|(y, m)| locale.digits(&format!("{} {y}", locale.month_short(*m)))).collect();
    let chart = Chart {
        kind: Kind::Bar,
        title,
        caption: None,
        source: None,
        labels,
        series: vec![Series { name: series, values: counts.values().copied().collect() }],
        events: Vec::new(),
    };
    chart::figure(&chart, locale, id)
}

fn json_ld(site: &Site, doc: &Doc, url: &str) -> String {
    let m = &doc.meta;
    let date = m.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let modified = m.updated.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| date.clone());
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

/// The path of base_url on its host, without a trailing slash: `` or `/sub`.
fn base_path(site: &Site) -> String {
    site.config
        .base_url
        .splitn(4, '/')
        .nth(3)
        .filter(|p| !p.is_empty())
        .map(|p| format!("/{}", p.trim_end_matches('/')))
        .unwrap_or_default()
}

fn root_page(site: &Site, theme: &Theme) -> Result<Vec<u8>, Diagnostic> {
    let default = lang_of(site, &site.config.default_language);
    let job = Job::Root;
    let c = common(
        site,
        theme,
        &job,
        default,
        site.config.title.get(&default.code).to_string(),
        site.config.description.get(&default.code).to_string(),
        "root",
    );
    let choices: Vec<serde_json_like::Choice> = site
        .config
        .languages
        .iter()
        .map(|l| serde_json_like::Choice {
            lang: LangCtx::new(l),
            url: format!("{}/", l.code),
            title: site.config.title.get(&l.code).to_string(),
            description: site.config.description.get(&l.code).to_string(),
            enter: word(theme, &l.code, "enter_site"),
            latest: site.briefs(&l.code).take(3).map(|d| card(d, &site.config, &site.config.locale(l), "")).collect(),
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("page", &c);
    context.insert("choices", &choices);
    render_template(theme, "root.html", &context)
}

fn not_found(site: &Site, theme: &Theme) -> Result<Vec<u8>, Diagnostic> {
    // Served from any path, so links in it are absolute from the host root
    // of base_url.
    let default = lang_of(site, &site.config.default_language);
    let job = Job::NotFound;
    let c = common(site, theme, &job, default, word(theme, &default.code, "not_found_title"), String::new(), "404");
    let base_path = base_path(site);
    let choices: Vec<serde_json_like::NotFound> = site
        .config
        .languages
        .iter()
        .map(|l| serde_json_like::NotFound {
            lang: LangCtx::new(l),
            title: word(theme, &l.code, "not_found_title"),
            text: word(theme, &l.code, "not_found_text"),
            home: word(theme, &l.code, "home"),
            url: format!("{base_path}/{}/", l.code),
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("page", &c);
    context.insert("choices", &choices);
    render_template(theme, "404.html", &context)
}

mod serde_json_like {
    use super::{CardCtx, LangCtx};
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Choice {
        pub lang: LangCtx,
        pub url: String,
        pub title: String,
        pub description: String,
        pub enter: String,
        pub latest: Vec<CardCtx>,
    }

    #[derive(Serialize)]
    pub struct NotFound {
        pub lang: LangCtx,
        pub title: String,
        pub text: String,
        pub home: String,
        pub url: String,
    }
}
