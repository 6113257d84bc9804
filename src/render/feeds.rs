//! The Atom feed of each language and the sitemap.

use super::ctx::LangCtx;
use super::jobs::Job;
use super::{OutFile, render_template};
use crate::config::Language;
use crate::content::{Dated, Doc};
use crate::diag::Diagnostic;
use crate::escape::xml_chars;
use crate::site::{Site, doc_url};
use crate::theme::Theme;
use crate::urls;
use chrono::NaiveDate;
use rayon::prelude::*;
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
    /// Analytic briefs: the marking and key judgments, as HTML.
    content: Option<String>,
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

fn rfc3339(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

/// The `updated` of a feed when the whole site has no dated document: a
/// fixed value, so that the feed stays the same from build to build
/// (Atom requires the element, and the time of the build would change it).
const UNDATED_FEED: &str = "1970-01-01T00:00:00Z";

/// When a document last changed, as far as its front matter says.
fn last_change(d: &Doc) -> Option<NaiveDate> {
    // `updated`, when given, is the latest revision's date.
    d.meta.updated.or(d.meta.analytic.latest_revision()).or(d.meta.date.get())
}

/// When the feed of `lang` last changed: its newest brief's date (or
/// revision). A language with no briefs takes the newest date of the
/// whole site, briefs in other languages and pages alike: its feed was
/// last looked at then.
fn feed_updated(site: &Site, lang: &str) -> String {
    let newest = |docs: &mut dyn Iterator<Item = &Doc>| docs.filter_map(last_change).max();
    newest(&mut site.briefs(lang))
        .or_else(|| newest(&mut site.docs.iter()))
        .map_or_else(|| UNDATED_FEED.to_string(), rfc3339)
}

/// The Atom feed of one language: every brief, newest first.
pub fn atom(site: &Site, theme: &Theme, lang: &Language) -> Result<Vec<u8>, Diagnostic> {
    let base = &site.config.base_url;
    let locale = site.config.locale(lang);
    let entries: Vec<Entry> = site
        .briefs(&lang.code)
        .take(FEED_ENTRIES)
        .filter_map(|d| {
            let Dated::Brief(published) = d.meta.date else { return None };
            Some(Entry {
                title: d.meta.title.clone(),
                url: urls::absolute(base, &doc_url(d)),
                published: rfc3339(published),
                updated: rfc3339(last_change(d).unwrap_or(published)),
                summary: d.meta.summary.clone().unwrap_or_default(),
                authors: d.meta.authors.clone(),
                content: crate::analytic::view::feed_content(
                    d.meta.summary.as_deref().unwrap_or_default(),
                    &d.meta.analytic,
                    &locale,
                    theme.words(&lang.code),
                ),
            })
        })
        .collect();
    let updated = feed_updated(site, &lang.code);
    let feed = Feed {
        lang: LangCtx::new(lang),
        title: site.config.title.get(&lang.code).to_string(),
        url: urls::absolute(base, &urls::feed(&lang.code)),
        home: urls::absolute(base, &urls::home(&lang.code)),
        id: urls::absolute(base, &urls::home(&lang.code)),
        updated,
        entries,
        t: theme.words(&lang.code),
    };
    let mut context = tera::Context::new();
    context.insert("feed", &feed);
    render_template(theme, "atom.xml", &context).map(xml_chars)
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

/// URLs in one sitemap file. The protocol allows 50,000; smaller parts
/// render in parallel and hold less at once.
pub const SITEMAP_URLS: usize = 10_000;

/// The sitemap files of a site of `urls` pages: `sitemap.xml` alone, or
/// beside the parts it indexes.
pub fn sitemap_paths(urls: usize) -> Vec<String> {
    paths_in_parts(urls, SITEMAP_URLS)
}

fn paths_in_parts(urls: usize, per_file: usize) -> Vec<String> {
    let mut out = vec![urls::SITEMAP.to_string()];
    if urls > per_file {
        out.extend((1..=urls.div_ceil(per_file)).map(urls::sitemap_part));
    }
    out
}

/// The pages a sitemap lists: every HTML page but the 404 page.
pub fn in_sitemap(job: &Job) -> bool {
    !matches!(job, Job::NotFound | Job::Feed { .. } | Job::Search { .. })
}

/// `sitemap.xml`: every HTML page with its translations as alternates. A
/// site of more than [`SITEMAP_URLS`] pages gets parts, `sitemap-1.xml`
/// and on, rendered in parallel, and `sitemap.xml` indexes them.
pub fn sitemaps(site: &Site, theme: &Theme, jobs: &[Job]) -> Vec<Result<OutFile, Diagnostic>> {
    sitemaps_in_parts(site, theme, jobs, SITEMAP_URLS)
}

fn sitemaps_in_parts(site: &Site, theme: &Theme, jobs: &[Job], per_file: usize) -> Vec<Result<OutFile, Diagnostic>> {
    let listed: Vec<&Job> = jobs.iter().filter(|j| in_sitemap(j)).collect();
    if listed.len() <= per_file {
        return vec![urlset(site, theme, &listed, PathBuf::from(urls::SITEMAP))];
    }
    let paths = paths_in_parts(listed.len(), per_file);
    let mut files: Vec<Result<OutFile, Diagnostic>> = listed
        .par_chunks(per_file)
        .zip(&paths[1..])
        .map(|(part, path)| urlset(site, theme, part, PathBuf::from(path)))
        .collect();
    let base = &site.config.base_url;
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in &paths[1..] {
        index.push_str(&format!("<sitemap><loc>{}/{path}</loc></sitemap>\n", crate::escape::html(base)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(Ok(OutFile { path: PathBuf::from(urls::SITEMAP), bytes: xml_chars(index.into_bytes()) }));
    files
}

/// One sitemap file of the pages of `jobs`, through the theme's template.
fn urlset(site: &Site, theme: &Theme, jobs: &[&Job], path: PathBuf) -> Result<OutFile, Diagnostic> {
    let base = &site.config.base_url;
    let urls: Vec<Url> = jobs
        .iter()
        .map(|job| {
            let alternates = site
                .config
                .languages
                .iter()
                .filter_map(|l| {
                    job.version_in(site, &l.code)
                        .map(|v| Alternate { lang: l.code.clone(), href: urls::absolute(base, &v.url(site)) })
                })
                .collect::<Vec<_>>();
            let lastmod = match job {
                Job::Doc { index } => last_change(&site.docs[*index]).map(|d| d.to_string()),
                _ => None,
            };
            Url {
                loc: urls::absolute(base, &job.url(site)),
                lastmod,
                alternates: if alternates.len() > 1 { alternates } else { Vec::new() },
            }
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("urls", &urls);
    let bytes = xml_chars(render_template(theme, "sitemap.xml", &context)?);
    Ok(OutFile { path, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text that has broken feeds: controls, CDATA ends, markup, entities.
    const HOSTILE: &str = "a\u{1}b\u{8}c\u{1b}[31m ]]> </title><x>&amp; \u{FFFF}\"'";

    #[test]
    fn a_feed_stays_well_formed_whatever_its_titles_hold() {
        let (mut site, theme) = crate::build::testing::example();
        for doc in &mut site.docs {
            doc.meta.title = HOSTILE.to_string();
            doc.meta.summary = Some(HOSTILE.to_string());
            doc.meta.authors = vec![HOSTILE.to_string()];
        }
        for lang in site.config.languages.clone() {
            let feed = String::from_utf8(atom(&site, &theme, &lang).expect("renders")).expect("UTF-8");
            let xml = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}:\n{feed}"));
            let titles: Vec<&str> = xml
                .descendants()
                .filter(|n| n.has_tag_name("entry"))
                .filter_map(|e| e.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()))
                .collect();
            assert!(!titles.is_empty());
            assert!(titles.iter().all(|t| *t == "abc[31m ]]> </title><x>&amp; \"'"), "{titles:?}");
        }
    }

    #[test]
    fn a_sitemap_stays_well_formed_whatever_its_base_url_holds() {
        let (mut site, theme) = crate::build::testing::example();
        site.config.base_url = "https://ex.org/a&b\u{1}".into();
        let jobs = crate::render::all_jobs(&site);
        for file in sitemaps(&site, &theme, &jobs).into_iter().chain(sitemaps_in_parts(&site, &theme, &jobs, 20)) {
            let text = text(&Ok(file.expect("renders")));
            let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
            let loc = xml.descendants().find(|n| n.has_tag_name("loc")).and_then(|n| n.text()).expect("a loc");
            assert!(loc.starts_with("https://ex.org/a&b/"), "{loc}");
        }
    }

    fn text(file: &Result<OutFile, Diagnostic>) -> String {
        String::from_utf8(file.as_ref().expect("renders").bytes.clone()).expect("UTF-8")
    }

    #[test]
    fn a_large_sitemap_is_split_into_parts_that_an_index_lists() {
        let (site, theme) = crate::build::testing::example();
        let jobs = crate::render::all_jobs(&site);
        let whole = sitemaps(&site, &theme, &jobs);
        assert_eq!(whole.len(), 1);
        let whole = text(&whole[0]);
        let urls = whole.matches("<url>").count();
        assert!(urls > 40, "{urls}");

        let parts = sitemaps_in_parts(&site, &theme, &jobs, 20);
        let names = paths_in_parts(urls, 20);
        assert_eq!(parts.len(), urls.div_ceil(20) + 1);
        let index = text(parts.last().expect("index"));
        assert!(index.contains("<sitemapindex"), "{index}");
        let mut joined = String::new();
        for (part, name) in parts.iter().zip(&names[1..]) {
            let part_text = text(part);
            assert_eq!(part.as_ref().unwrap().path, PathBuf::from(name));
            assert!(part_text.starts_with("<?xml") && part_text.contains("<urlset"));
            assert!(part_text.matches("<url>").count() <= 20);
            assert!(index.contains(&format!("<loc>https://briefs.example.org/{name}</loc>")), "{index}");
            joined.push_str(&part_text);
        }
        // Every page is in one part, with its alternates, in the same order.
        let entries = |t: &str| {
            t.split("<url>").skip(1).map(|u| u.split("</url>").next().unwrap_or("").to_string()).collect::<Vec<_>>()
        };
        assert_eq!(entries(&joined), entries(&whole));
    }
}
