//! Typed template contexts: what every template can read.
//!
//! Contexts borrow from the site and carry text ready for the page's
//! language: dates already written out, taxonomy keys already replaced by
//! their labels, URLs already relative to the page. Templates decide only
//! the markup.

use crate::config::{Config, Language, Tax, Taxonomy};
use crate::content::{Dated, Doc};
use crate::locale::Locale;
use crate::urls;
use chrono::NaiveDate;
use serde::Serialize;

/// A date as the page shows it and as machines read it.
#[derive(Serialize, Clone, Debug)]
pub struct DateCtx {
    pub iso: String,
    pub text: String,
}

impl DateCtx {
    pub fn new(d: NaiveDate, locale: &Locale) -> Self {
        DateCtx { iso: d.to_string(), text: locale.date(d) }
    }
}

/// A link with a label.
#[derive(Serialize, Clone, Debug)]
pub struct LinkCtx {
    pub label: String,
    pub url: String,
    /// How many briefs stand behind it, where that means something.
    pub count: usize,
    pub count_text: String,
}

impl LinkCtx {
    /// A link with no count.
    pub fn new(label: String, url: String) -> Self {
        LinkCtx { label, url, count: 0, count_text: String::new() }
    }
}

/// A language of the site as the switcher and head show it.
#[derive(Serialize, Clone, Debug)]
pub struct LangCtx {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
}

impl LangCtx {
    pub fn new(l: &Language) -> Self {
        LangCtx { code: l.code.clone(), name: l.name.clone(), dir: l.dir.as_str() }
    }
}

/// One entry of the language switcher.
#[derive(Serialize, Clone, Debug)]
pub struct SwitchCtx {
    pub lang: LangCtx,
    /// Relative URL: the translation, or that language's home.
    pub url: String,
    /// Absolute URL, for `<link rel="alternate">`.
    pub abs_url: String,
    pub current: bool,
    /// False when this page has no version in that language.
    pub translated: bool,
    /// "This brief is not translated" in that language, when it is not.
    pub note: String,
}

/// The parts every page shares within one language.
#[derive(Serialize, Clone, Debug)]
pub struct Common<'a> {
    pub site_title: &'a str,
    pub site_description: &'a str,
    pub lang: LangCtx,
    /// Relative prefix to the site root.
    pub root: String,
    pub home_url: String,
    pub canonical: String,
    pub feed_url: String,
    pub feed_abs_url: String,
    pub switcher: Vec<SwitchCtx>,
    pub nav_topics: Vec<LinkCtx>,
    pub nav_regions: Vec<LinkCtx>,
    pub nav_pages: Vec<LinkCtx>,
    pub topics_url: String,
    pub regions_url: String,
    pub timeline_url: String,
    /// The kind of page: home, brief, page, taxonomy, term, timeline, judgments, root, 404.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    /// The year of the newest brief; none on a site without briefs.
    pub year: Option<i32>,
    /// The digits the page writes, `latin` or `arabic-indic`: its
    /// numbered lists count in them.
    pub numerals: &'static str,
}

impl Common<'_> {
    /// The page's context as templates read it. `page.t`, the interface
    /// strings, is the theme's value made once per language, not copied
    /// into each page.
    pub fn value(&self, theme: &crate::theme::Theme) -> tera::Value {
        let mut map = tera::Value::from_serializable(self).into_map().unwrap_or_default();
        map.insert("t".into(), theme.values.get(&self.lang.code).cloned().unwrap_or_else(tera::Value::none));
        tera::Value::from(map)
    }
}

/// A brief as a list shows it.
#[derive(Serialize, Clone, Debug)]
pub struct CardCtx {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub date: DateCtx,
    pub topics: Vec<LinkCtx>,
    pub regions: Vec<LinkCtx>,
    /// Analytic briefs: the marking's badge.
    pub marking: Option<crate::analytic::view::MarkingCtx>,
}

/// A brief's lead image.
#[derive(Serialize, Clone, Debug)]
pub struct ImageCtx {
    /// Relative to the page, or a URL as written.
    pub src: String,
    /// The absolute URL, for `og:image`: the page's URL joined with `src`,
    /// the site's base URL and a root path, or a URL as written.
    pub abs_src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The file's width and height in pixels, when it is the site's own.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// An event as the brief and the timeline show it.
#[derive(Serialize, Clone, Debug)]
pub struct EventCtx {
    pub date: DateCtx,
    pub title: String,
    pub region: LinkCtx,
    pub kind: String,
    pub kind_key: String,
    /// The brief it comes from (on the timeline).
    pub brief: Option<LinkCtx>,
}

/// A cited source.
#[derive(Serialize, Clone, Debug)]
pub struct SourceCtx {
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: Option<DateCtx>,
    // sources: its place in the list, its grade and its citations.
    /// `source-ID`, the target of its citations, when it has an id.
    pub anchor: Option<String>,
    /// Its number, as citations show it: "3", "٣".
    pub number: String,
    pub grade: Option<GradeCtx>,
    /// A link back to each place the text cites it.
    pub back: Vec<LinkCtx>,
}

/// A source's Admiralty grade and what it means, in the page's language.
#[derive(Serialize, Clone, Debug)]
pub struct GradeCtx {
    /// `B2`: Latin in every language.
    pub code: String,
    /// "usually reliable; probably true", "موثوق عادةً؛ صحيح على الأرجح".
    pub meaning: String,
}

/// A heading in the table of contents.
#[derive(Serialize, Clone, Debug)]
pub struct TocCtx {
    pub id: String,
    pub text: String,
}

/// Everything the brief template shows.
#[derive(Serialize, Clone, Debug)]
pub struct BriefCtx {
    pub title: String,
    pub summary: String,
    pub date: DateCtx,
    pub updated: Option<DateCtx>,
    pub authors: Vec<String>,
    pub image: Option<ImageCtx>,
    pub body: String,
    pub toc: Vec<TocCtx>,
    pub events: Vec<EventCtx>,
    pub sources: Vec<SourceCtx>,
    pub topics: Vec<LinkCtx>,
    pub regions: Vec<LinkCtx>,
    pub newer: Option<LinkCtx>,
    pub older: Option<LinkCtx>,
    pub related: Vec<CardCtx>,
    pub json_ld: String,
    pub abs_url: String,
    /// Analytic briefs: key judgments, marking, revisions.
    pub analytic: crate::analytic::view::AnalyticCtx,
}

/// A month of events on the timeline.
#[derive(Serialize, Clone, Debug)]
pub struct MonthCtx {
    pub id: String,
    pub title: String,
    pub events: Vec<EventCtx>,
}

impl ImageCtx {
    /// The context of a lead image written `src` in the front matter of
    /// the page at `abs_url` (`https://host/en/briefs/x/`), whose relative
    /// prefix to the site root is `root`.
    pub fn new(image: &crate::content::Image, root: &str, base_url: &str, abs_url: &str) -> Self {
        let (src, abs_src) = if crate::markdown::is_external(&image.src) {
            (image.src.clone(), image.src.clone())
        } else if let Some(path) = image.src.strip_prefix('/') {
            (format!("{root}{path}"), format!("{base_url}/{path}"))
        } else {
            (image.src.clone(), format!("{abs_url}{}", image.src))
        };
        ImageCtx {
            src,
            abs_src,
            alt: image.alt.clone(),
            caption: image.caption.clone(),
            credit: image.credit.clone(),
            width: image.size.map(|s| s.width),
            height: image.size.map(|s| s.height),
        }
    }
}

/// The label of a taxonomy key in a language, or the key itself.
pub fn label(tax: &Taxonomy, key: &str, lang: &str) -> String {
    tax.term(key).map(|t| t.label.get(lang).to_string()).unwrap_or_else(|| key.to_string())
}

/// Links to the terms a brief carries.
pub fn term_links(config: &Config, tax: Tax, keys: &[String], lang: &str, root: &str) -> Vec<LinkCtx> {
    let terms = config.terms(tax);
    keys.iter().map(|k| LinkCtx::new(label(terms, k, lang), format!("{root}{}", urls::term(lang, tax, k)))).collect()
}

/// A brief's card; nothing for a page, which no list shows.
pub fn card(doc: &Doc, config: &Config, locale: &Locale, root: &str) -> Option<CardCtx> {
    let Dated::Brief(date) = doc.meta.date else { return None };
    let lang = &doc.src.lang;
    Some(CardCtx {
        title: locale.prose(&doc.meta.title),
        url: format!("{root}{}", crate::site::doc_url(doc)),
        summary: locale.prose(doc.meta.summary.as_deref().unwrap_or_default()),
        date: DateCtx::new(date, locale),
        topics: term_links(config, Tax::Topics, &doc.meta.topics, lang, root),
        regions: term_links(config, Tax::Regions, &doc.meta.regions, lang, root),
        marking: crate::analytic::view::badge(doc.meta.analytic.marking),
    })
}

/// Where a page of a list stands among the others.
#[derive(Serialize, Clone, Debug)]
pub struct PagerCtx {
    pub current: usize,
    pub total: usize,
    /// "Page 2 of 5" in the page's language.
    pub text: String,
    /// The page of newer briefs, if any.
    pub newer: Option<String>,
    /// The page of older briefs, if any.
    pub older: Option<String>,
}
