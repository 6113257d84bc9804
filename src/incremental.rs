//! Rebuilding only what a change touches, for `mujaz serve`.
//!
//! A [`Session`] keeps what the last build knew: the linked site, the theme,
//! every rendered body and search entry. Told which files changed, it
//! re-reads only those; when they are briefs whose order and counts stay
//! the same (same date, topics, regions, draft), it re-renders their
//! Markdown, the pages that show them ([`render::affected`]), the search
//! index of their language and the sitemap, and writes the files whose
//! bytes differ, in place ([`output::update_in_place`]). Each step is the
//! build's own stage function ([`build::parse_docs`], the bodies' renderer,
//! [`build::check_links`], [`build::render_indexes`]) run on fewer
//! documents, so a stage changed once changes for both. Any other change
//! — `site.yaml`, a template, a data file, a new or deleted file, a new
//! date — is a full build. A failed rebuild changes neither the output nor
//! what the session knows.

use crate::bodies;
use crate::build::{self, Options, Report, State};
use crate::content::{Read, Section};
use crate::diag::Diagnostic;
use crate::output;
use crate::progress::Progress;
use crate::render::{self, Change, Collect};
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

    /// Builds everything and remembers it. Only the session's first build
    /// shows progress (when its options ask): that is the long one.
    pub fn build(&mut self) -> Result<Report, Vec<Diagnostic>> {
        let built = build::build_state(&self.opts);
        self.opts.progress = false;
        let (report, state) = built?;
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
        // Read the changed files again; an error (or a warning: the first
        // build would have shown it) leaves everything as it was.
        let sources = indexes.iter().map(|&i| state.site.docs[i].src.clone()).collect();
        let read = build::parse_docs(sources, &state.site.config, &self.opts.root, &Progress::off());
        let mut new_docs = Vec::new();
        let mut diags = Vec::new();
        for (&i, (read, found)) in indexes.iter().zip(read) {
            match read {
                Read::Valid(doc) if found.is_empty() => new_docs.push((i, doc)),
                _ => diags.extend(found),
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
            // Analytic briefs: a marking shows on every list and must agree
            // between versions; the first key judgments bring a page.
            let (a, b) = (&old.analytic, &new.analytic);
            if a.marking != b.marking || a.key_judgments.is_empty() != b.key_judgments.is_empty() {
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
/// files that differ: the build's own stages, for a few documents. Returns
/// (files rendered, files written).
fn render_partial(
    state: &mut State,
    indexes: &[usize],
    jobs: &[render::Job],
    opts: &Options,
) -> Result<(usize, usize), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut entries = Vec::new();
    for &i in indexes {
        let env = bodies::Env { site: &state.site, theme: Some(&state.theme), urls: &state.urls, data: &state.data };
        let doc = &state.site.docs[i];
        let (body, entry, d) = env.render_with_entry(doc, &doc.body);
        diags.extend(d);
        state.bodies[i] = body;
        entries.push((i, entry));
    }
    let outputs = output::planned_outputs(&state.site, Some(&state.theme));
    diags.extend(build::check_links(&state.site, &state.bodies, &outputs));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    for (i, entry) in entries {
        state.search[i] = entry;
    }
    let mut langs: Vec<&str> = indexes.iter().map(|&i| state.site.docs[i].src.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    // Rendered whole before anything is written: a template error leaves the output as it was.
    let sink = Collect::default();
    render::render_jobs(&state.site, &state.theme, render::Bodies::all(&state.bodies), jobs, &sink)?;
    build::render_indexes(&state.site, &state.theme, &state.search, &langs, &sink)?;
    let files = sink.0.into_inner().unwrap_or_else(|e| e.into_inner());
    let output = opts.output.clone().unwrap_or_else(|| opts.root.join("output"));
    let written = output::update_in_place(&output, &files)?;
    Ok((files.len(), written))
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}
