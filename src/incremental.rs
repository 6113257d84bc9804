//! Rebuilding only what a change touches, for `mujaz serve`.
//!
//! A [`Session`] keeps what the last build knew: the linked site, the theme,
//! every rendered body and search entry. Told which files changed, it
//! re-reads only those; when they are briefs whose order and counts stay
//! the same (same date, topics, regions, draft), it re-renders their
//! Markdown, the pages that show them ([`render::affected`]), the search
//! index of their language and the sitemap, and writes the files whose
//! bytes differ, in place. Any other change — `site.yaml`, a template, a
//! data file, a new or deleted file, a new date — is a full build. A
//! failed rebuild changes neither the output nor what the session knows.

use crate::bodies;
use crate::build::{self, Options, Report, State};
use crate::content::{self, Section};
use crate::diag::Diagnostic;
use crate::render::{self, Change, Collect};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a rebuild did.
#[derive(Debug)]
pub enum Rebuilt {
    /// Everything was built again.
    Full(Report),
    /// Only some pages were rendered.
    Partial {
        /// The documents re-read, as shown to authors.
        docs: Vec<PathBuf>,
        /// Pages and files rendered.
        rendered: usize,
        /// Files whose bytes changed, written in place.
        written: usize,
        elapsed: Duration,
    },
}

/// A build that remembers, for rebuilding after changes.
pub struct Session {
    opts: Options,
    state: Option<State>,
    /// Canonical source path → index into `state.site.docs`.
    by_path: HashMap<PathBuf, usize>,
}

impl Session {
    pub fn new(opts: Options) -> Self {
        Session { opts, state: None, by_path: HashMap::new() }
    }

    /// Builds everything and remembers it.
    pub fn build(&mut self) -> Result<Report, Vec<Diagnostic>> {
        let (report, state) = build::build_state(&self.opts)?;
        self.by_path = state.site.docs.iter().enumerate().map(|(i, d)| (canonical(&d.src.fs_path), i)).collect();
        self.state = Some(state);
        Ok(report)
    }

    /// Rebuilds after `changed` files changed (absolute or relative paths).
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Vec<Diagnostic>> {
        match self.try_partial(changed)? {
            Some(done) => Ok(done),
            None => self.build().map(Rebuilt::Full),
        }
    }

    /// `Ok(None)` when the change needs a full build.
    fn try_partial(&mut self, changed: &[PathBuf]) -> Result<Option<Rebuilt>, Vec<Diagnostic>> {
        let start = Instant::now();
        let Some(state) = self.state.as_mut() else { return Ok(None) };
        let mut indexes = Vec::new();
        for path in changed {
            match self.by_path.get(&canonical(path)) {
                Some(&i) if path.is_file() => indexes.push(i),
                _ => return Ok(None),
            }
        }
        indexes.sort_unstable();
        indexes.dedup();
        // Read the changed files again; an error leaves everything as it was.
        let config = &state.site.config;
        let mut new_docs = Vec::new();
        let mut diags = Vec::new();
        for &i in &indexes {
            let old = &state.site.docs[i];
            match content::parse_doc(old.src.clone(), config, &self.opts.root) {
                Ok(doc) => new_docs.push((i, doc)),
                Err(d) => diags.extend(d),
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let mut changes = Vec::new();
        for (i, doc) in &new_docs {
            let old = &state.site.docs[*i].meta;
            let new = &doc.meta;
            let reorders = old.date != new.date || old.topics != new.topics || old.regions != new.regions;
            if reorders || old.draft != new.draft || (doc.src.section == Section::Pages && old.title != new.title) {
                return Ok(None);
            }
            changes.push((*i, if old == new { Change::Body } else { Change::Meta }));
        }
        let Some(jobs) = render::affected(&state.site, &changes) else { return Ok(None) };
        // Swap the new documents in, keeping the old ones to put back on error.
        let mut saved = Vec::new();
        for (i, doc) in new_docs {
            saved.push((i, std::mem::replace(&mut state.site.docs[i], doc), state.bodies[i].clone()));
        }
        match render_partial(state, &indexes, &jobs, &self.opts) {
            Ok((rendered, written)) => {
                let docs = indexes.iter().map(|&i| state.site.docs[i].src.path.clone()).collect();
                Ok(Some(Rebuilt::Partial { docs, rendered, written, elapsed: start.elapsed() }))
            }
            Err(d) => {
                for (i, doc, body) in saved {
                    state.site.docs[i] = doc;
                    state.bodies[i] = body;
                }
                Err(d)
            }
        }
    }
}

/// Re-renders the changed bodies and the affected pages, and writes the
/// files that differ. Returns (files rendered, files written).
fn render_partial(
    state: &mut State,
    indexes: &[usize],
    jobs: &[render::Job],
    opts: &Options,
) -> Result<(usize, usize), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for &i in indexes {
        let env = bodies::Env { site: &state.site, theme: Some(&state.theme), urls: &state.urls, data: &state.data };
        let (body, d) = env.render(&state.site.docs[i]);
        diags.extend(d);
        state.bodies[i] = body;
    }
    let outputs = build::planned_outputs(&state.site, Some(&state.theme));
    diags.extend(crate::links::check(&state.site, &state.bodies, &outputs));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    for &i in indexes {
        state.search[i] = crate::search::entry(&state.site, &state.site.docs[i], &state.bodies[i]);
    }
    let mut langs: Vec<&str> = indexes.iter().map(|&i| state.site.docs[i].src.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    let sink = Collect::default();
    render::render_jobs(&state.site, &state.theme, render::Bodies::all(&state.bodies), jobs, &sink)?;
    render::render_indexes(&state.site, &state.theme, &state.search, &langs, &sink)?;
    let files = sink.0.into_inner().unwrap_or_else(|e| e.into_inner());
    let output = opts.output.clone().unwrap_or_else(|| opts.root.join("output"));
    let written: Vec<Result<bool, Diagnostic>> = files.par_iter().map(|f| write_if_changed(&output, f)).collect();
    let mut count = 0;
    for w in written {
        count += usize::from(w.map_err(|d| vec![d])?);
    }
    crate::output::record_written(&output, files.iter().map(|f| f.path.as_path())).map_err(|d| vec![d])?;
    Ok((files.len(), count))
}

/// Writes a file unless it already holds these bytes. Returns whether it wrote.
fn write_if_changed(output: &Path, file: &render::OutFile) -> Result<bool, Diagnostic> {
    let full = output.join(&file.path);
    if std::fs::read(&full).is_ok_and(|old| old == file.bytes) {
        return Ok(false);
    }
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(parent, format!("cannot create the folder: {e}")))?;
    }
    // Write beside it and rename, so a reader never sees half a file.
    let tmp = full.with_extension("mujaz-tmp");
    std::fs::write(&tmp, &file.bytes).map_err(|e| Diagnostic::error(&tmp, format!("cannot write: {e}")))?;
    std::fs::rename(&tmp, &full).map_err(|e| Diagnostic::error(&full, format!("cannot write: {e}")))?;
    Ok(true)
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}
