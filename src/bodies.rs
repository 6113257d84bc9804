//! Stage 5: each document's Markdown and charts, rendered once.
//!
//! Takes the linked site, the theme's words, the URL of every source file
//! and the data store; gives each document's [`Rendered`] body and the
//! problems found in it. A full build ([`render_pages`]) renders the bodies
//! a batch at a time, each batch's pages right after, and keeps only what
//! the later checks need (links, ids and search entries), not the HTML:
//! it holds one batch of bodies rather than every body of the site.

use crate::chart::DataStore;
use crate::citations::Citable;
use crate::content::{Doc, SourceFile, Unchecked};
use crate::diag::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::progress::Progress;
use crate::render::{self, Bodies, Job, Sink};
use crate::site::{Site, root_prefix};
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What one document's page needs to find other documents and data.
pub struct Env<'a> {
    pub site: &'a Site,
    pub theme: Option<&'a Theme>,
    /// The URL of every discovered document, by source path.
    pub urls: &'a HashMap<PathBuf, String>,
    pub data: &'a DataStore,
}

impl Env<'_> {
    /// Renders one document's Markdown.
    pub fn render(&self, doc: &Doc) -> (Rendered, Vec<Diagnostic>) {
        self.render_text(doc, &doc.body)
    }

    /// Renders one document's Markdown and its search entry: what a
    /// rebuild of `mujaz serve` does for each document it renders again (a
    /// full build makes the entries a batch at a time, by language).
    pub fn render_with_entry(&self, doc: &Doc, text: &str) -> (Rendered, crate::search::Entry, Vec<Diagnostic>) {
        let (body, diags) = self.render_text(doc, text);
        let search = crate::search::entry(self.site, doc, &body);
        (body, search, diags)
    }

    /// Renders `text`, the Markdown of `doc` taken out of it.
    fn render_text(&self, doc: &Doc, text: &str) -> (Rendered, Vec<Diagnostic>) {
        render_body(self.site, self.theme, self.urls, self.data, doc, text)
    }

    /// Renders the bodies of files whose front matter has errors, in
    /// parallel, only for what else they hold wrong.
    pub fn render_unchecked(&self, files: &[Unchecked]) -> (Vec<Rendered>, Vec<Diagnostic>) {
        let results: Vec<(Rendered, Vec<Diagnostic>)> = files
            .par_iter()
            .map(|u| {
                let sources = Citable::of(u.src.section, None);
                let file = File { src: &u.src, body_line: u.body_line, text: &u.body, sources };
                render_file(self.site, self.theme, self.urls, self.data, file)
            })
            .collect();
        results.into_iter().unzip_diags()
    }

    /// Renders every document's Markdown, in parallel; `bodies[i]` is the
    /// body of `site.docs[i]`.
    pub fn render_all(&self) -> (Vec<Rendered>, Vec<Diagnostic>) {
        let results: Vec<(Rendered, Vec<Diagnostic>)> = self.site.docs.par_iter().map(|d| self.render(d)).collect();
        results.into_iter().unzip_diags()
    }
}

/// Bodies and every problem found in them, from each body's own.
trait UnzipDiags {
    fn unzip_diags(self) -> (Vec<Rendered>, Vec<Diagnostic>);
}

impl<I: ExactSizeIterator<Item = (Rendered, Vec<Diagnostic>)>> UnzipDiags for I {
    fn unzip_diags(self) -> (Vec<Rendered>, Vec<Diagnostic>) {
        let mut bodies = Vec::with_capacity(self.len());
        let mut diags = Vec::new();
        for (body, found) in self {
            bodies.push(body);
            diags.extend(found);
        }
        (bodies, diags)
    }
}

/// Renders one document's Markdown with what it needs of the site.
pub fn render_body(
    site: &Site,
    theme: Option<&Theme>,
    urls: &HashMap<PathBuf, String>,
    data: &DataStore,
    doc: &Doc,
    text: &str,
) -> (Rendered, Vec<Diagnostic>) {
    let sources = Citable::of(doc.src.section, Some(&doc.meta.sources));
    let file = File { src: &doc.src, body_line: doc.body_line, text, sources };
    render_file(site, theme, urls, data, file)
}

/// The Markdown of one file, to render.
pub struct File<'a> {
    pub src: &'a SourceFile,
    /// The file's line where `text` starts.
    pub body_line: usize,
    pub text: &'a str,
    /// What `[@id]` may cite.
    pub sources: Citable<'a>,
}

/// Renders the Markdown of a file with what it needs of the site: a
/// document's, or that of a file whose front matter has errors, only to
/// be checked.
pub fn render_file(
    site: &Site,
    theme: Option<&Theme>,
    urls: &HashMap<PathBuf, String>,
    data: &DataStore,
    file: File,
) -> (Rendered, Vec<Diagnostic>) {
    let File { src, body_line, text, sources } = file;
    let lang = site.config.language(&src.lang).expect("discovery keeps known languages");
    let locale = site.config.locale(lang);
    let strings = theme.map(|t| t.words(&lang.code));
    let word = |key: &str| strings.map(|s| s.get(key).to_string()).unwrap_or_default();
    let doc_url_of = |p: &Path| urls.get(p).cloned();
    let code = lang.code.clone();
    let label = move |column: &str, key: &str| -> Option<String> {
        let tax = match column {
            "region" | "regions" => &site.config.regions,
            "topic" | "topics" => &site.config.topics,
            "kind" | "kinds" => site.config.kinds.as_ref()?,
            _ => return None,
        };
        tax.term(key).map(|t| t.label.get(&code).to_string())
    };
    let page_url = crate::urls::doc(src.section, &src.lang, &src.slug);
    let root = root_prefix(&page_url);
    let env = markdown::Env {
        locale: &locale,
        word: &word,
        doc_url: &doc_url_of,
        page_url: &page_url,
        root: &root,
        site_root: &site.root,
        data,
        label: &label,
        map: site.config.map.as_ref(),
        sources,
    };
    markdown::render_source(src, body_line, text, &env)
}

/// Documents whose Markdown is rendered, then whose pages are, before the
/// next batch: enough to keep both cores busy, few enough that a build
/// holds a batch of bodies rather than the site's.
const BATCH: usize = 512;

/// What a full build learnt of every body, once its pages are rendered.
pub struct Finished {
    /// `bodies[i]` is the body of `site.docs[i]`; its HTML is empty unless kept.
    pub bodies: Vec<Rendered>,
    /// `search[i]` is the search entry of `site.docs[i]`.
    pub search: Vec<crate::search::Entry>,
    pub diags: Vec<Diagnostic>,
    /// The paths of the files rendered, or the templates' errors.
    pub rendered: Result<Vec<PathBuf>, Vec<Diagnostic>>,
}

/// Renders every page and feed of the site into `sink`: the lists first,
/// then the documents a batch at a time, each batch's Markdown in parallel
/// and then its pages. `sources[i]` is the Markdown of `site.docs[i]`,
/// taken out of it: each batch's is dropped once rendered. `keep_html`:
/// whether to keep each body's HTML (an incremental session re-renders
/// pages from it); a build drops it once its page is written. Each batch
/// done advances `progress`.
pub fn render_pages(
    env: &Env,
    theme: &Theme,
    sink: &dyn Sink,
    sources: Vec<String>,
    keep_html: bool,
    progress: &Progress,
) -> Finished {
    render_batches(env, theme, sink, sources, keep_html, BATCH, progress)
}

fn render_batches(
    env: &Env,
    theme: &Theme,
    sink: &dyn Sink,
    sources: Vec<String>,
    keep_html: bool,
    batch_size: usize,
    progress: &Progress,
) -> Finished {
    let site = env.site;
    let lists: Vec<Job> = render::all_jobs(site).into_iter().filter(|j| !matches!(j, Job::Doc { .. })).collect();
    let mut out = Finished {
        bodies: Vec::with_capacity(site.docs.len()),
        search: Vec::with_capacity(site.docs.len()),
        diags: Vec::new(),
        rendered: render::render_jobs(site, theme, Bodies::default(), &lists, sink),
    };
    let mut sources = sources.into_iter();
    for (n, batch) in site.docs.chunks(batch_size).enumerate() {
        let first = n * batch_size;
        let texts: Vec<String> = sources.by_ref().take(batch.len()).collect();
        let rendered: Vec<(Rendered, Vec<Diagnostic>)> =
            batch.par_iter().zip(&texts).map(|(doc, text)| env.render_text(doc, text)).collect();
        let mut bodies = Vec::with_capacity(rendered.len());
        for (body, diags) in rendered {
            bodies.push(body);
            out.diags.extend(diags);
        }
        let jobs: Vec<Job> = (first..first + batch.len()).map(|index| Job::Doc { index }).collect();
        // The search entries, a task for each language, beside the pages.
        let (entries, pages) = rayon::join(
            || crate::search::entries(site, batch, &bodies),
            || render::render_jobs(site, theme, Bodies { first, bodies: &bodies }, &jobs, sink),
        );
        out.search.extend(entries);
        out.rendered = join(out.rendered, pages);
        for mut body in bodies {
            if !keep_html {
                body.html = String::new();
            }
            out.bodies.push(body);
        }
        progress.advance(batch.len());
    }
    out
}

/// The paths of both, or the errors of either.
fn join<T>(a: Result<Vec<T>, Vec<Diagnostic>>, b: Result<Vec<T>, Vec<Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    match (a, b) {
        (Ok(mut a), Ok(b)) => {
            a.extend(b);
            Ok(a)
        }
        (Err(mut a), Err(b)) => {
            a.extend(b);
            Err(a)
        }
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Collect;

    #[test]
    fn batches_render_what_rendering_every_body_first_does() {
        let (mut site, theme) = crate::build::testing::example();
        let urls: HashMap<PathBuf, String> =
            site.docs.iter().map(|d| (markdown::normalize_path(&d.src.fs_path), crate::site::doc_url(d))).collect();
        let data = DataStore::new();
        let env = Env { site: &site, theme: Some(&theme), urls: &urls, data: &data };
        let (whole, diags) = env.render_all();
        assert!(diags.is_empty(), "{diags:?}");
        let expected = render::render_site(&site, &theme, &whole).expect("renders");

        let sources: Vec<String> = site.docs.iter_mut().map(|d| std::mem::take(&mut d.body)).collect();
        let env = Env { site: &site, theme: Some(&theme), urls: &urls, data: &data };
        let sink = Collect::default();
        // Batches of 3 over the example's 10 documents: the last one short.
        let done = render_batches(&env, &theme, &sink, sources, false, 3, &Progress::off());
        let langs: Vec<&str> = site.config.languages.iter().map(|l| l.code.as_str()).collect();
        render::render_indexes(&site, &theme, &done.search, &langs, &sink).expect("indexes");
        let mut files = sink.0.into_inner().unwrap();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(files.len(), expected.len());
        for (got, want) in files.iter().zip(&expected) {
            assert_eq!(got, want, "{}", want.path.display());
        }
        // Everything but the search index files and the sitemap is a page.
        let index_files = expected
            .iter()
            .filter(|f| f.path.starts_with("ar/search") || f.path.starts_with("en/search"))
            .filter(|f| f.path.extension().is_some_and(|e| e == "json"))
            .count();
        assert_eq!(done.rendered.expect("no errors").len(), expected.len() - index_files - 1);
        // What the checks need stays; the HTML does not.
        assert_eq!(done.bodies.len(), whole.len());
        for (kept, full) in done.bodies.iter().zip(&whole) {
            assert!(kept.html.is_empty());
            assert_eq!((&kept.ids, &kept.links), (&full.ids, &full.links));
        }
    }
}
