//! `mujaz check --external`: every link to another site, fetched once.
//!
//! Takes the site and the rendered bodies; returns a warning for each link
//! whose server answers with an error or does not answer in time, at every
//! place the link is written, and a summary. Each distinct URL is asked for
//! once (HEAD, then GET when HEAD is refused), a few at a time, each with a
//! timeout. Failures are warnings: other sites go down and come back, and
//! `--strict` makes them errors for those who want that.

use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::progress::Progress;
use crate::site::Site;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// How to check.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub timeout: Duration,
    pub concurrency: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { timeout: Duration::from_secs(10), concurrency: 8 }
    }
}

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub urls: usize,
    pub ok: usize,
    pub broken: usize,
    pub unreachable: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "external links: {} checked, {} ok, {} broken, {} unreachable",
            self.urls, self.ok, self.broken, self.unreachable
        )
    }
}

/// The answer for one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Ok,
    Status(u16),
    Failed(String),
}

/// A place a URL is written: file, line, column.
type Place = (PathBuf, usize, usize);

/// Checks every external link of the site; each URL answered advances
/// `progress`.
pub fn check(site: &Site, bodies: &[Rendered], opts: Options, progress: &Progress) -> (Vec<Diagnostic>, Summary) {
    let places = collect(site, bodies);
    let urls: Vec<&String> = places.keys().collect();
    progress.stage("external links", urls.len());
    let outcomes = fetch_all(&urls, opts, progress);
    let mut summary = Summary { urls: urls.len(), ..Summary::default() };
    let mut diags = Vec::new();
    for (url, outcome) in urls.iter().zip(outcomes) {
        let message = match &outcome {
            Outcome::Ok => {
                summary.ok += 1;
                continue;
            }
            Outcome::Status(code) => {
                summary.broken += 1;
                format!("external link `{url}` answers {code}")
            }
            Outcome::Failed(why) => {
                summary.unreachable += 1;
                format!("external link `{url}` cannot be reached: {why}")
            }
        };
        for (path, line, col) in &places[*url] {
            diags.push(Diagnostic::warning(path, message.clone()).at(*line, *col));
        }
    }
    (diags, summary)
}

/// Every external URL with the places it is written, from bodies and sources.
fn collect(site: &Site, bodies: &[Rendered]) -> BTreeMap<String, Vec<Place>> {
    let mut places: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for (doc, body) in site.docs.iter().zip(bodies) {
        for link in &body.external {
            let url = link.url.split('#').next().unwrap_or(&link.url).to_string();
            places.entry(url).or_default().push((doc.src.path.clone(), link.line, link.col));
        }
        for source in &doc.meta.sources {
            if let Some(url) = &source.url {
                let (line, col) = find_in_file(&doc.src.fs_path, url);
                places.entry(url.clone()).or_default().push((doc.src.path.clone(), line, col));
            }
        }
    }
    places
}

/// The line and column of the first occurrence of `needle` in a file.
fn find_in_file(path: &std::path::Path, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = line.find(needle) {
            return (i + 1, line[..c].chars().count() + 1);
        }
    }
    (1, 1)
}

/// Fetches URLs with a few threads; the outcomes come back in the same order.
fn fetch_all(urls: &[&String], opts: Options, progress: &Progress) -> Vec<Outcome> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("mujaz/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into();
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|scope| {
        for _ in 0..opts.concurrency.clamp(1, 32).min(urls.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(url) = urls.get(i) else { break };
                    let outcome = fetch(&agent, url);
                    progress.advance(1);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().map(|o| o.unwrap_or(Outcome::Ok)).collect()
}

fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(e) => Err(e.to_string()),
    };
    match status(agent.head(url).call()) {
        Ok(code) if code < 400 => Outcome::Ok,
        // Some servers refuse HEAD: ask again with GET before calling the link broken.
        Ok(_) => match status(agent.get(url).call()) {
            Ok(code) if code < 400 => Outcome::Ok,
            Ok(code) => Outcome::Status(code),
            Err(e) => Outcome::Failed(e),
        },
        Err(e) => Outcome::Failed(e),
    }
}
