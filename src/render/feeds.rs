//! The Atom feed of each language and the sitemap.

use super::ctx::LangCtx;
use super::jobs::Job;
use super::{OutFile, render_template};
use crate::config::Language;
use crate::diag::Diagnostic;
use crate::site::{Site, doc_url};
use crate::theme::Theme;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct Entry {
    title: String,
    url: String,
    published: String,
    updated: String,
    summary: String,
    authors: Vec<String>,
}

#[derive(Serialize)]
struct Feed<'a> {
    lang: LangCtx,
    title: String,
    url: String,
    home: String,
    id: String,
    updated: String,
    entries: Vec<Entry>,
    t: &'a crate::theme::Strings,
}

/// The newest briefs a feed carries: readers fetch it often, and a feed of
/// thousands of entries helps no one.
pub const FEED_ENTRIES: usize = 50;

fn rfc3339(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

/// The Atom feed of one language: every brief, newest first.
pub fn atom(site: &Site, theme: &Theme, lang: &Language) -> Result<Vec<u8>, Diagnostic> {
    let base = &site.config.base_url;
    let entries: Vec<Entry> = site
        .briefs(&lang.code)
        .take(FEED_ENTRIES)
        .map(|d| {
            let published = d.meta.date.unwrap_or_default();
            Entry {
                title: d.meta.title.clone(),
                url: format!("{base}/{}", doc_url(d)),
                published: rfc3339(published),
                updated: rfc3339(d.meta.updated.unwrap_or(published)),
                summary: d.meta.summary.clone().unwrap_or_default(),
                authors: d.meta.authors.clone(),
            }
        })
        .collect();
    let updated = site
        .briefs(&lang.code)
        .filter_map(|d| d.meta.updated.or(d.meta.date))
        .max()
        .map(rfc3339)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let feed = Feed {
        lang: LangCtx::new(lang),
        title: site.config.title.get(&lang.code).to_string(),
        url: format!("{base}/{}/atom.xml", lang.code),
        home: format!("{base}/{}/", lang.code),
        id: format!("{base}/{}/", lang.code),
        updated,
        entries,
        t: &theme.strings[&lang.code],
    };
    let mut context = tera::Context::new();
    context.insert("feed", &feed);
    render_template(theme, "atom.xml", &context)
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    href: String,
}

#[derive(Serialize)]
struct Url {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<Alternate>,
}

/// `sitemap.xml`: every HTML page with its translations as alternates.
pub fn sitemap(site: &Site, theme: &Theme, jobs: &[Job]) -> Result<OutFile, Diagnostic> {
    let base = &site.config.base_url;
    let urls: Vec<Url> = jobs
        .iter()
        .filter(|j| !matches!(j, Job::NotFound | Job::Feed { .. }))
        .map(|job| {
            let alternates = site
                .config
                .languages
                .iter()
                .filter_map(|l| {
                    job.version_in(site, &l.code)
                        .map(|v| Alternate { lang: l.code.clone(), href: format!("{base}/{}", v.url(site)) })
                })
                .collect::<Vec<_>>();
            let lastmod = match job {
                Job::Doc { index } => {
                    let m = &site.docs[*index].meta;
                    m.updated.or(m.date).map(|d| d.format("%Y-%m-%d").to_string())
                }
                _ => None,
            };
            Url {
                loc: format!("{base}/{}", job.url(site)),
                lastmod,
                alternates: if alternates.len() > 1 { alternates } else { Vec::new() },
            }
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("urls", &urls);
    let bytes = render_template(theme, "sitemap.xml", &context)?;
    Ok(OutFile { path: PathBuf::from("sitemap.xml"), bytes })
}
