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
mod deps;
mod feeds;
mod jobs;
mod pages;
mod special;

pub use deps::{Change, affected};
pub use jobs::Job;

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

/// Where rendered files go as they are made: a staging folder, or nowhere.
pub trait Sink: Sync {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic>;
}

/// A sink that keeps nothing (for `mujaz check`).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutFile) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// A sink that keeps every file in memory (for tests and benchmarks).
#[derive(Default)]
pub struct Collect(pub std::sync::Mutex<Vec<OutFile>>);

impl Sink for Collect {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Renders every page of the site into `sink`, in parallel, and returns the
/// paths written. `bodies[i]` is the body of `site.docs[i]`, `search[i]` its
/// entry in the search index.
pub fn render_to(
    site: &Site,
    theme: &Theme,
    bodies: &[Rendered],
    search: &[String],
    sink: &dyn Sink,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let jobs = jobs::jobs(site);
    let langs: Vec<&str> = site.config.languages.iter().map(|l| l.code.as_str()).collect();
    render_jobs(site, theme, bodies, search, &jobs, &langs, sink)
}

/// Renders `jobs`, the search index of `langs` and the sitemap into `sink`.
pub fn render_jobs(
    site: &Site,
    theme: &Theme,
    bodies: &[Rendered],
    search: &[String],
    jobs: &[Job],
    langs: &[&str],
    sink: &dyn Sink,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let results: Vec<Result<PathBuf, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let t = std::time::Instant::now();
            let file = pages::render(job, site, theme, bodies)?;
            if std::env::var_os("MUJAZ_JOB_TIMES").is_some() {
                eprintln!("{:>8.2} ms {job:?}", t.elapsed().as_secs_f64() * 1000.0);
            }
            let path = file.path.clone();
            sink.put(file)?;
            Ok(path)
        })
        .collect();
    let mut paths = Vec::with_capacity(results.len() + 3);
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(p) => paths.push(p),
            Err(d) => diags.push(d),
        }
    }
    let extra = crate::search::indexes(site, search, langs).into_iter().map(Ok).chain(std::iter::once(feeds::sitemap(
        site,
        theme,
        &jobs::jobs(site),
    )));
    for file in extra {
        match file.and_then(|f| {
            let path = f.path.clone();
            sink.put(f).map(|_| path)
        }) {
            Ok(p) => paths.push(p),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() { Ok(paths) } else { Err(diags) }
}

/// Renders every page of the site into memory.
pub fn render_site(site: &Site, theme: &Theme, bodies: &[Rendered]) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let sink = Collect::default();
    let search = crate::search::entries(site, bodies);
    render_to(site, theme, bodies, &search, &sink)?;
    let mut files = sink.0.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
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
