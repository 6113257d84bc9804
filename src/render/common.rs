//! What every page's context shares: the language, the links to its
//! translations, the navigation, and the site around it.

use super::ctx::*;
use super::jobs::Job;
use crate::config::{Language, Tax};
use crate::site::{Site, doc_url};
use crate::theme::Theme;
use crate::urls;
use chrono::Datelike;

pub(super) fn lang_of<'a>(site: &'a Site, code: &str) -> &'a Language {
    site.config.language(code).expect("jobs are made for the site's languages")
}

fn abs(site: &Site, url: &str) -> String {
    urls::absolute(&site.config.base_url, url)
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
    let root = if *job == Job::NotFound {
        format!("{}/", urls::base_path(&site.config.base_url))
    } else {
        urls::root_prefix(&url)
    };
    let code = &lang.code;
    let locale = site.config.locale(lang);
    let switcher = site
        .config
        .languages
        .iter()
        .map(|other| {
            let version = job.version_in(site, &other.code);
            let translated = version.is_some();
            let target = version.map(|v| v.url(site)).unwrap_or_else(|| urls::home(&other.code));
            SwitchCtx {
                lang: LangCtx::new(other),
                url: format!("{root}{target}"),
                abs_url: abs(site, &target),
                current: other.code == *code,
                translated,
                note: theme.words(&other.code).get("not_translated").to_string(),
            }
        })
        .collect();
    let nav = |tax: Tax| -> Vec<LinkCtx> {
        site.config
            .terms(tax)
            .terms
            .iter()
            .map(|t| (t, site.term_indexes(code, tax, &t.key).len()))
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| LinkCtx {
                label: t.label.get(code).to_string(),
                url: format!("{root}{}", urls::term(code, tax, &t.key)),
                count: n,
                count_text: locale.number(n as f64),
            })
            .collect()
    };
    let nav_pages =
        site.pages(code).map(|p| LinkCtx::new(p.meta.title.clone(), format!("{root}{}", doc_url(p)))).collect();
    Common {
        site_title: site.config.title.get(code),
        site_description: site.config.description.get(code),
        lang: LangCtx::new(lang),
        home_url: format!("{root}{}", urls::home(code)),
        canonical: abs(site, &url),
        feed_url: format!("{root}{}", urls::feed(code)),
        feed_abs_url: abs(site, &urls::feed(code)),
        switcher,
        nav_topics: nav(Tax::Topics),
        nav_regions: nav(Tax::Regions),
        nav_pages,
        topics_url: format!("{root}{}", urls::taxonomy(code, Tax::Topics)),
        regions_url: format!("{root}{}", urls::taxonomy(code, Tax::Regions)),
        timeline_url: format!("{root}{}", urls::timeline(code)),
        root,
        kind,
        title,
        description: described(site, theme, code, description),
        year: site.latest().map(|d| d.year()),
        numerals: locale.written_numerals().as_str(),
    }
}

/// A page's meta description: its own, else the site's description in the
/// page's language, else the theme's `about_site`, so every page has one.
fn described(site: &Site, theme: &Theme, code: &str, own: String) -> String {
    if !own.trim().is_empty() {
        return own;
    }
    let site_wide = site.config.description.get(code);
    if !site_wide.trim().is_empty() {
        return site_wide.to_string();
    }
    theme.words(code).find("about_site").unwrap_or_default().to_string()
}

/// An interface string of `lang`; the theme has every one mujaz asks for.
pub(super) fn word(theme: &Theme, lang: &str, key: &str) -> String {
    theme.words(lang).get(key).to_string()
}
