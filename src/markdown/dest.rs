//! Where a link or an image of a body points.
//!
//! Takes the destination as the author wrote it and the place of the file
//! that holds it; returns the URL the page writes, after remembering an
//! internal one for checking. Refuses, at the link's place, a code or data
//! scheme, a `.md` file that is no brief or page, a file reached through a
//! symbolic link that leaves the site, and a file that does not exist or is
//! not published, naming the nearest existing one.
//!
//! A relative destination is read as a path on disk, from the folder of
//! the Markdown file — the rule for `.md` links and for any file with an
//! extension (`wells.csv`, `map.pdf`). A destination without one
//! (`../../topics/`) is a URL, from the page's URL.

use super::{ExternalLink, InternalLink, Renderer, join_url, normalize_path};
use pulldown_cmark::{CowStr, LinkType};
use std::path::{Path, PathBuf};

/// Schemes a body may not link to: they run code or carry a document.
const REFUSED: [&str; 3] = ["javascript", "vbscript", "data"];

/// The refused scheme of a destination, lowercased, if it has one.
/// Browsers ignore ASCII whitespace and controls in a scheme and its case
/// (`JaVa\tScript:`), so this does too; entities are already decoded.
pub fn refused_scheme(dest: &str) -> Option<&'static str> {
    // The longest refused scheme and its colon: 11 characters.
    let start: String = dest.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).take(11).collect();
    let (scheme, _) = start.split_once(':')?;
    REFUSED.into_iter().find(|s| scheme.eq_ignore_ascii_case(s))
}

/// Whether a destination names another site or a scheme (`https:`,
/// `mailto:`, `tel:`, `//host/`): left as written.
pub fn is_external(url: &str) -> bool {
    let scheme_end = url.find(':');
    let slash = url.find('/');
    match scheme_end {
        Some(c) => slash.is_none_or(|s| c < s),
        None => url.starts_with("//"),
    }
}

/// Whether a relative destination names a file by its extension
/// (`wells.csv`, `../map.pdf`), rather than a page (`../y/`, `index.html`).
pub fn names_file(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    match last.rsplit_once('.') {
        Some((name, ext)) => {
            !name.is_empty()
                && !ext.is_empty()
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && !ext.eq_ignore_ascii_case("html")
                && !ext.eq_ignore_ascii_case("htm")
        }
        None => false,
    }
}

/// Where a file of the site's folders is published, as a URL path from
/// the site root: files of a bundle folder beside its page in `lang` (or,
/// without one, in the first language it has), files of `static/` at
/// their path. `None` for a file the build does not copy.
pub fn published_url(
    site_root: &Path,
    file: &Path,
    lang: &str,
    doc_url: &dyn Fn(&Path) -> Option<String>,
) -> Option<String> {
    let root = normalize_path(site_root);
    let rel_to = |dir: &str| file.strip_prefix(root.join(dir)).ok().map(Path::to_path_buf);
    if let Some(rel) = rel_to("static") {
        return Some(url_of(&rel));
    }
    let rel = rel_to("content")?;
    let mut parts = rel.iter();
    let (section, folder) = (parts.next()?, parts.next()?);
    let inside: PathBuf = parts.collect();
    if inside.as_os_str().is_empty() || inside.iter().any(|p| p.to_string_lossy().starts_with('.')) {
        return None;
    }
    let bundle = root.join("content").join(section).join(folder);
    let page = doc_url(&bundle.join(format!("index.{lang}.md"))).or_else(|| {
        let mut names = index_files(&bundle);
        names.sort();
        names.iter().find_map(|n| doc_url(&bundle.join(n)))
    })?;
    Some(format!("{page}{}", url_of(&inside)))
}

fn index_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("index.") && n.ends_with(".md"))
        .collect()
}

fn url_of(rel: &Path) -> String {
    rel.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The nearest existing name to a missing file, written as the link
/// would write it (`water/index.en.md` for `water.en.md` when the brief
/// is a bundle; `wells.csv` for `well.csv`).
pub fn nearest_file(written: &str, file: &Path) -> Option<String> {
    let dir = file.parent()?;
    let name = file.file_name()?.to_string_lossy().into_owned();
    let prefix = &written[..written.len() - written.rsplit('/').next().map_or(0, str::len)];
    // `x.en.md` for a bundle written `x/index.en.md`.
    if let Some((stem, rest)) = name.split_once('.')
        && rest.ends_with("md")
        && dir.join(stem).join(format!("index.{rest}")).is_file()
    {
        return Some(format!("{prefix}{stem}/index.{rest}"));
    }
    let entries = std::fs::read_dir(dir).ok()?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    crate::diag::suggest(&name, names.iter().map(String::as_str)).map(|n| format!("{prefix}{n}"))
}

impl<'a> Renderer<'a, '_> {
    /// Refuses a destination that would run code or carry a document.
    fn refused(&mut self, dest: &str, offset: usize) -> bool {
        let Some(scheme) = refused_scheme(dest) else { return false };
        self.error(offset, format!("`{scheme}:` URLs are not allowed in links and images")).help =
            Some("link to a page or file of the site, or to an `https://` address".into());
        true
    }

    /// Rewrites a link: `.md` files become their page's URL; internal URLs
    /// are made relative to this page and remembered for checking. E-mail
    /// autolinks and other schemes (`mailto:`, `tel:`) pass as written.
    pub(super) fn link(&mut self, link_type: LinkType, dest: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        if link_type == LinkType::Email || self.refused(dest, offset) {
            return dest.clone();
        }
        if is_external(dest) {
            if dest.starts_with("http://") || dest.starts_with("https://") {
                let (line, col) = self.at(offset);
                self.rendered.external.push(ExternalLink { url: dest.to_string(), line, col });
            }
            return dest.clone();
        }
        self.internal(dest, offset)
    }

    pub(super) fn image_src(&mut self, dest: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        if self.refused(dest, offset) || is_external(dest) {
            return dest.clone();
        }
        self.internal(dest, offset)
    }

    /// A destination in this site, checked and written relative to this page.
    fn internal(&mut self, dest: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest.as_ref(), None),
        };
        let (line, col) = self.at(offset);
        if path.is_empty() {
            // A fragment in this page: checked against this page's ids.
            let target = self.env.page_url.to_string();
            self.rendered.links.push(InternalLink { target, fragment, line, col, source: None });
            return dest.clone();
        }
        let (file, query) = match path.split_once('?') {
            Some((f, q)) => (f, Some(q)),
            None => (path, None),
        };
        let mut source = None;
        let target = if let Some(abs) = path.strip_prefix('/') {
            abs.to_string()
        } else if file.ends_with(".md") {
            source = Some(file.to_string());
            match self.doc_target(file, offset) {
                Some(url) => url,
                None => return dest.clone(),
            }
        } else if names_file(file) {
            match self.file_target(file, offset) {
                Some(url) => url + &query.map(|q| format!("?{q}")).unwrap_or_default(),
                None => return dest.clone(),
            }
        } else {
            join_url(self.env.page_url, path)
        };
        self.rendered.links.push(InternalLink {
            target: target.clone(),
            fragment: fragment.clone(),
            line,
            col,
            source,
        });
        // A file of this page's own folder stays written as it was.
        let mut url = match target.strip_prefix(self.env.page_url) {
            Some(own) if !path.starts_with('/') && !own.is_empty() && !file.ends_with(".md") => own.to_string(),
            _ => format!("{}{}", self.env.root, target),
        };
        if let Some(f) = fragment {
            url.push('#');
            url.push_str(&f);
        }
        url.into()
    }

    /// The source file a relative path names, from this file's folder.
    fn source_path(&self, written: &str) -> PathBuf {
        let base = self.src.fs_path.parent().unwrap_or(Path::new(""));
        normalize_path(&base.join(crate::links::percent_decode(written)))
    }

    fn nearest_file(&mut self, written: &str, file: &Path) -> Option<String> {
        self.suggestions = self.suggestions.checked_sub(1)?;
        nearest_file(written, file)
    }

    /// The page of the brief or page a `.md` link names.
    fn doc_target(&mut self, written: &str, offset: usize) -> Option<String> {
        let file = self.source_path(written);
        if let Some(url) = (self.env.doc_url)(&file) {
            return Some(url);
        }
        let help = match self.nearest_file(written, &file) {
            Some(n) => format!("did you mean `{n}`?"),
            None => "link to a file such as `other-brief.en.md`, relative to this file".into(),
        };
        self.error(offset, format!("link to `{written}`, which is not a brief or page of this site")).help = Some(help);
        None
    }

    /// Where a file a link names is published, or an error saying why it
    /// is not: it does not exist, or the build does not copy it.
    fn file_target(&mut self, written: &str, offset: usize) -> Option<String> {
        let file = self.source_path(written);
        let lang = &self.env.locale.lang;
        // A path in the site's folder, as written, that a link takes out of it.
        let written_inside = file.starts_with(normalize_path(self.env.site_root));
        if written_inside && let Some(to) = crate::content::leads_out(self.env.site_root, &file) {
            let (message, help) = crate::content::named_link_out(&format!("`{written}`"), &to);
            self.error(offset, message).help = Some(help.into());
            return None;
        }
        if file.is_file()
            && let Some(url) = published_url(self.env.site_root, &file, lang, self.env.doc_url)
        {
            return Some(url);
        }
        if file.is_file() {
            self.error(offset, format!("link to `{written}`, a file the site does not publish")).help = Some(
                "only files in a bundle folder (`content/briefs/<slug>/` beside its `index.<lang>.md`) and in `static/` are published".into(),
            );
            return None;
        }
        let help = match self.nearest_file(written, &file) {
            Some(n) => format!("did you mean `{n}`?"),
            None => "a path is read from this file's folder; a file of `static/` may also be written from the site root, `/files/report.pdf`".into(),
        };
        self.error(offset, format!("broken link: no file `{written}` beside this file")).help = Some(help);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_data_schemes_are_refused_however_written() {
        for url in ["javascript:alert(1)", "JaVaScRiPt:x", "  \tjavascript:x", "java\tscript:x", "vbscript:x"] {
            assert!(refused_scheme(url).is_some(), "{url:?}");
        }
        assert_eq!(refused_scheme("DATA:text/html,x"), Some("data"));
        for url in ["https://example.org", "mailto:a@b.c", "tel:+1", "javascript.md", "data/x.csv", "../x/"] {
            assert_eq!(refused_scheme(url), None, "{url:?}");
        }
    }

    #[test]
    fn external_urls_are_recognised() {
        assert!(is_external("https://example.org/a"));
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("../x/"));
        assert!(!is_external("other.en.md"));
    }

    #[test]
    fn files_are_told_from_pages_by_their_extension() {
        assert!(names_file("wells.csv"));
        assert!(names_file("../water/map.pdf"));
        assert!(!names_file("../y/"));
        assert!(!names_file("../../topics"));
        assert!(!names_file("index.html"));
        assert!(!names_file(".."));
    }
}
