//! Every URL pattern of the site, in one place.
//!
//! Takes a page's coordinates (its language, section, slug, taxonomy and
//! key, page number) and returns its URL path from the site root, such as
//! `en/briefs/x/` or `ar/topics/recruitment/page/2/`. Pages end in `/` and
//! are written as `index.html` in that folder; feeds and indexes are files.
//! Renderers, the link checker, the search index and the sitemap all ask
//! here, so that a URL changed once changes everywhere.

use crate::config::Tax;
use crate::content::Section;

/// A brief or a plain page: `en/briefs/x/` or `en/x/`.
pub fn doc(section: Section, lang: &str, slug: &str) -> String {
    match section {
        Section::Briefs => format!("{lang}/briefs/{slug}/"),
        Section::Pages => format!("{lang}/{slug}/"),
    }
}

/// A language's home: `en/`.
pub fn home(lang: &str) -> String {
    format!("{lang}/")
}

/// A page of a language's latest briefs: `en/` or `en/page/2/`.
pub fn home_page(lang: &str, page: usize) -> String {
    format!("{}{}", home(lang), page_suffix(page))
}

/// The index of a taxonomy's terms: `en/topics/`.
pub fn taxonomy(lang: &str, tax: Tax) -> String {
    format!("{lang}/{}/", tax.as_str())
}

/// The first page of a term's briefs: `en/topics/recruitment/`.
pub fn term(lang: &str, tax: Tax, key: &str) -> String {
    format!("{lang}/{}/{key}/", tax.as_str())
}

/// A page of a term's briefs: `en/topics/recruitment/page/2/`.
pub fn term_page(lang: &str, tax: Tax, key: &str, page: usize) -> String {
    format!("{}{}", term(lang, tax, key), page_suffix(page))
}

/// A language's timeline of events: `en/timeline/`.
pub fn timeline(lang: &str) -> String {
    format!("{lang}/timeline/")
}

/// A language's "How to read our judgments" page: `en/judgments/`.
pub fn judgments(lang: &str) -> String {
    format!("{lang}/judgments/")
}

/// A language's Atom feed: `en/atom.xml`.
pub fn feed(lang: &str) -> String {
    format!("{lang}/atom.xml")
}

/// A language's search page, with its index files beside it: `en/search/`.
pub fn search(lang: &str) -> String {
    format!("{lang}/search/")
}

/// The file of a language's search index that the script reads first:
/// `en/search/meta.json`.
pub fn search_index(lang: &str) -> String {
    format!("{}meta.json", search(lang))
}

/// The 404 page, served for any missing path.
pub const NOT_FOUND: &str = "404.html";

/// The sitemap, or the index of its parts on a large site.
pub const SITEMAP: &str = "sitemap.xml";

/// Part `n` of a sitemap too large for one file, from 1: `sitemap-2.xml`.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// `` for the first page of a list, `page/N/` for the others.
pub fn page_suffix(page: usize) -> String {
    if page <= 1 { String::new() } else { format!("page/{page}/") }
}

/// The relative prefix from a URL path to the site root: `en/briefs/x/` → `../../../`.
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// A URL path made absolute under `base_url` (which has no trailing slash).
pub fn absolute(base_url: &str, url: &str) -> String {
    format!("{base_url}/{url}")
}

/// The path of `base_url` on its host, without a trailing slash: `` or `/sub`.
pub fn base_path(base_url: &str) -> String {
    base_url
        .splitn(4, '/')
        .nth(3)
        .filter(|p| !p.is_empty())
        .map(|p| format!("/{}", p.trim_end_matches('/')))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_folders_and_feeds_are_files() {
        assert_eq!(doc(Section::Briefs, "en", "x"), "en/briefs/x/");
        assert_eq!(doc(Section::Pages, "ar", "about"), "ar/about/");
        assert_eq!(home_page("en", 1), "en/");
        assert_eq!(home_page("en", 3), "en/page/3/");
        assert_eq!(term_page("ar", Tax::Regions, "daraa", 2), "ar/regions/daraa/page/2/");
        assert_eq!(taxonomy("en", Tax::Topics), "en/topics/");
        assert_eq!(feed("en"), "en/atom.xml");
        assert_eq!(search_index("ar"), "ar/search/meta.json");
        assert_eq!(search("ar"), "ar/search/");
    }

    #[test]
    fn the_root_is_as_far_as_the_folders_go() {
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("en/briefs/x/"), "../../../");
    }

    #[test]
    fn a_base_url_under_a_sub_path_keeps_it() {
        assert_eq!(base_path("https://example.org"), "");
        assert_eq!(base_path("https://example.org/"), "");
        assert_eq!(base_path("https://example.org/briefs/"), "/briefs");
        assert_eq!(absolute("https://example.org/sub", "en/"), "https://example.org/sub/en/");
    }
}
