//! Stage 6: the site's pages through the theme's templates.
//!
//! Takes the linked [`Site`], the [`Theme`] and every document's rendered
//! body; returns each output file's path and bytes: per language a home,
//! the briefs and pages, topic and region pages with their indexes, a
//! timeline and an Atom feed; for the whole site a root page, a 404 page
//! and a sitemap. Pages render in parallel. Refuses nothing of the
//! author's; a template that fails to render is an error naming it.

mod brief;
mod ctx;
mod feeds;
mod jobs;
mod pages;
mod special;

pub use ctx::*;

use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::site::Site;
use crate::theme::Theme;
use rayon::prelude::*;
use std::path::PathBuf;

/// One file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Renders every page of the site. `bodies[i]` is the body of `site.docs[i]`.
pub fn render_site(site: &Site, theme: &Theme, bodies: &[Rendered]) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let jobs = jobs::jobs(site);
    let results: Vec<Result<OutFile, Diagnostic>> =
        jobs.par_iter().map(|job| pages::render(job, site, theme, bodies)).collect();
    let mut files = Vec::with_capacity(results.len() + 1);
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    files.extend(crate::search::indexes(site, bodies));
    match feeds::sitemap(site, theme, &jobs) {
        Ok(f) => files.push(f),
        Err(d) => diags.push(d),
    }
    if diags.is_empty() { Ok(files) } else { Err(diags) }
}

/// Renders a template, turning Tera's error into a diagnostic.
fn render_template(theme: &Theme, name: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
    theme.tera.render(name, context).map(String::into_bytes).map_err(|e| {
        let msg = crate::theme::error_chain(&e);
        Diagnostic::error(PathBuf::from(format!("templates/{name}")), format!("template failed: {msg}"))
    })
}

/// Escapes text for a JSON string (and for a `<script>` element).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The path of every page and feed the site will have, relative to the output.
pub fn page_paths(site: &Site) -> Vec<String> {
    let mut out: Vec<String> =
        jobs::jobs(site).iter().map(|j| j.path(site).to_string_lossy().replace('\\', "/")).collect();
    out.push("sitemap.xml".into());
    out.extend(site.config.languages.iter().map(|l| format!("{}/search-index.json", l.code)));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_strings_cannot_close_a_script() {
        assert_eq!(super::json_string("a\"</script>"), "\"a\\\"\\u003c/script\\u003e\"");
    }
}
