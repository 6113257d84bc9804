//! Stage 6: the site's pages through the theme's templates.
//!
//! Takes the linked [`Site`], the [`Theme`] and the rendered bodies of the
//! documents whose pages it renders ([`Bodies`]); returns each output
//! file's path and bytes: per language a home, the briefs and pages, topic and region pages with their indexes, a
//! timeline and an Atom feed; for the whole site a root page, a 404 page
//! and a sitemap. Pages render in parallel. Refuses nothing of the
//! author's; a template that fails to render is an error naming it.

mod brief;
mod common;
mod ctx;
mod deps;
mod feeds;
mod jobs;
mod pages;
mod special;

pub use deps::{Change, affected};
pub use jobs::Job;

pub use crate::escape::json_string;
pub use crate::outfile::OutFile;
pub use ctx::*;

use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::site::Site;
use crate::theme::Theme;
use rayon::prelude::*;
use std::path::PathBuf;

/// Where rendered files go as they are made: a staging folder, or nowhere.
pub trait Sink: Sync {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic>;

    /// Puts files made together.
    fn put_all(&self, files: Vec<OutFile>) -> Result<(), Diagnostic> {
        files.into_iter().try_for_each(|file| self.put(file))
    }
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

/// The rendered bodies at hand: `bodies[i]` is the body of
/// `site.docs[first + i]`. A full build renders the site's documents a
/// batch at a time; an incremental one has them all.
#[derive(Clone, Copy, Default)]
pub struct Bodies<'a> {
    pub first: usize,
    pub bodies: &'a [Rendered],
}

impl<'a> Bodies<'a> {
    /// Every document's body: `bodies[i]` is the body of `site.docs[i]`.
    pub fn all(bodies: &'a [Rendered]) -> Self {
        Bodies { first: 0, bodies }
    }

    fn get(&self, index: usize) -> Option<&'a Rendered> {
        self.bodies.get(index.checked_sub(self.first)?)
    }
}

/// Renders every page and feed of the site into `sink`, in parallel, and
/// returns the paths written. The search indexes and the sitemap come
/// after, from [`render_indexes`].
fn render_to(site: &Site, theme: &Theme, bodies: Bodies, sink: &dyn Sink) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    render_jobs(site, theme, bodies, &jobs::jobs(site), sink)
}

/// Every page and feed of the site, to render with [`render_jobs`].
pub fn all_jobs(site: &Site) -> Vec<Job> {
    jobs::jobs(site)
}

/// Renders `jobs` into `sink`.
pub fn render_jobs(
    site: &Site,
    theme: &Theme,
    bodies: Bodies,
    jobs: &[Job],
    sink: &dyn Sink,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let timed = std::env::var_os("MUJAZ_JOB_TIMES").is_some();
    let results: Vec<Result<PathBuf, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let t = std::time::Instant::now();
            let file = pages::render(job, site, theme, bodies)?;
            if timed {
                eprintln!("{:>8.2} ms {job:?}", t.elapsed().as_secs_f64() * 1000.0);
            }
            let path = file.path.clone();
            sink.put(file)?;
            Ok(path)
        })
        .collect();
    collect(results)
}

/// Renders the search index of each language of `langs` from `search`
/// (`search[i]` is the entry of `site.docs[i]`), and the sitemap.
pub fn render_indexes(
    site: &Site,
    theme: &Theme,
    search: &[crate::search::Entry],
    langs: &[&str],
    sink: &dyn Sink,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut files = crate::search::indexes(site, search, langs);
    let mut diags = Vec::new();
    for sitemap in feeds::sitemaps(site, theme, &jobs::jobs(site)) {
        match sitemap {
            Ok(file) => files.push(file),
            Err(d) => diags.push(d),
        }
    }
    let paths = files.iter().map(|f| f.path.clone()).collect();
    if let Err(d) = sink.put_all(files) {
        diags.push(d);
    }
    match diags.is_empty() {
        true => Ok(paths),
        false => Err(diags),
    }
}

fn collect(results: Vec<Result<PathBuf, Diagnostic>>) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut paths = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(p) => paths.push(p),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() { Ok(paths) } else { Err(diags) }
}

/// Renders every page of the site into memory, from bodies rendered before.
pub fn render_site(site: &Site, theme: &Theme, bodies: &[Rendered]) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let sink = Collect::default();
    let search = crate::search::entries(site, &site.docs, bodies);
    let langs: Vec<&str> = site.config.languages.iter().map(|l| l.code.as_str()).collect();
    render_to(site, theme, Bodies::all(bodies), &sink)?;
    render_indexes(site, theme, &search, &langs, &sink)?;
    let mut files = sink.0.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders a template, turning Tera's error into a diagnostic.
fn render_template(theme: &Theme, name: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
    // Into bytes directly: the output is UTF-8 already, and checking it again
    // costs as much as a tenth of rendering a large site.
    let mut out = Vec::with_capacity(32 * 1024);
    theme.tera.render_to(name, context, &mut out).map(|()| out).map_err(|e| theme.template_error(name, &e))
}

/// The path of every page and feed the site will have, relative to the output.
pub fn page_paths(site: &Site) -> Vec<String> {
    let jobs = jobs::jobs(site);
    let mut out: Vec<String> = jobs.iter().map(|j| j.path(site).to_string_lossy().replace('\\', "/")).collect();
    out.extend(feeds::sitemap_paths(jobs.iter().filter(|j| feeds::in_sitemap(j)).count()));
    out.extend(site.config.languages.iter().map(|l| crate::urls::search_index(&l.code)));
    out
}
