//! The pipeline: load → parse → link → render and write → finish.
//!
//! [`build`] reads like the table of contents of the stages: each is a
//! function taking the previous stage's output and returning its own
//! (`load`, `parse`, `link`, `render_and_write`, `finish_report`).
//! It carries on past a stage's errors when the next stage can still find
//! more (so one run reports every problem), and writes nothing unless there
//! were none. The pieces a rebuild of `mujaz serve` repeats for the files
//! that changed ([`parse_docs`], [`check_links`], [`render_indexes`]) are
//! public, so the incremental session calls the same code a build does.

use crate::bodies;
use crate::chart::DataStore;
use crate::config::Config;
use crate::content::{self, Doc, Read, SourceFile, Unchecked, walk_inside};
use crate::diag::{self, Diagnostic};
use crate::markdown::{self, Rendered};
use crate::output::{self, Source};
use crate::progress::Progress;
use crate::render;
use crate::site::Site;
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to `<root>/output`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// False for `mujaz check`: everything is done but writing.
    pub write: bool,
    /// Also fetch every link to another site (`mujaz check --external`).
    pub external: Option<crate::external::Options>,
    /// Adds the translation checks of `mujaz check` as warnings.
    pub translation_checks: bool,
    /// Write into an output folder that holds files but no record of an
    /// earlier build (`mujaz build --force`); its files are still kept.
    pub force: bool,
    /// Show progress on stderr when it is a terminal and the work is long
    /// (the command line, unless `--quiet`).
    pub progress: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Report {
    /// HTML pages per language code (the root and 404 pages are not counted).
    pub pages: BTreeMap<String, usize>,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// What `--external` found, when it ran.
    pub external: Option<crate::external::Summary>,
}

/// Builds the site. On failure returns every diagnostic, errors and warnings.
pub fn build(opts: &Options) -> Result<Report, Vec<Diagnostic>> {
    run(opts, false).map(|(report, _)| report)
}

/// What a build knows at its end, kept by `mujaz serve`'s incremental
/// session to rebuild only what a change touches.
pub struct State {
    pub site: Site,
    pub theme: Theme,
    /// Each document's rendered body, HTML included.
    pub bodies: Vec<Rendered>,
    /// Each document's entry in the search index.
    pub search: Vec<crate::search::Entry>,
    /// The URL of every discovered document, by source path.
    pub urls: HashMap<PathBuf, String>,
    pub data: DataStore,
}

/// Builds the site and returns what it knows, for incremental rebuilds.
pub fn build_state(opts: &Options) -> Result<(Report, State), Vec<Diagnostic>> {
    run(opts, true)
}

/// Builds the site, stage after stage. `keep_bodies`: whether to keep each
/// rendered body's HTML in the [`State`] (a build that ends here need not).
fn run(opts: &Options, keep_bodies: bool) -> Result<(Report, State), Vec<Diagnostic>> {
    let start = Instant::now();
    let progress = Progress::on_terminal(opts.progress);
    let timer = Timer::new();
    let loaded = load(opts)?;
    let parsed = parse(loaded, opts, &progress);
    let linked = link(parsed, opts)?;
    timer.lap("load, parse and link");
    let written = render_and_write(linked, opts, keep_bodies, &progress, &timer)?;
    progress.clear();
    Ok(finish_report(written, start))
}

/// What the first stage found: the settings, the theme, the files.
struct Loaded {
    display: PathBuf,
    output: PathBuf,
    config: Config,
    theme: Option<Theme>,
    found: content::Discovered,
    diags: Vec<Diagnostic>,
}

/// Stage 1: `site.yaml` (with `--base-url` over it), the theme, and every
/// source file. Without settings nothing else can be read: that stops here.
fn load(opts: &Options) -> Result<Loaded, Vec<Diagnostic>> {
    let root = &opts.root;
    let display = display_root(root);
    let output = opts.output.clone().unwrap_or_else(|| root.join("output"));
    let mut config = Config::load(root, &display)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let mut diags = Vec::new();
    let theme = Theme::load(root, &display, &config, &mut diags).map_err(|d| diags.extend(d)).ok();
    let (found, found_diags) = content::discover(root, &display, &config);
    diags.extend(found_diags);
    Ok(Loaded { display, output, config, theme, found, diags })
}

/// What the second stage read: every document's front matter.
struct Parsed {
    loaded: Loaded,
    docs: Vec<Doc>,
    /// Files whose front matter has errors: their bodies are only checked.
    unchecked: Vec<Unchecked>,
    /// Drafts left out of this build.
    held_back: Vec<SourceFile>,
    /// Whether some file's body could not be found: links to it cannot be checked.
    unread: bool,
}

/// Stage 2: every document's front matter, in parallel. A file with
/// front-matter errors is kept apart from the documents, so its body is
/// checked in this run too; the errors stop anything being written.
fn parse(loaded: Loaded, opts: &Options, progress: &Progress) -> Parsed {
    progress.stage("reading", loaded.found.docs.len());
    let read = parse_docs(loaded.found.docs.clone(), &loaded.config, &opts.root, progress);
    let mut parsed = Parsed {
        unread: loaded.diags.iter().any(Diagnostic::is_error),
        docs: Vec::new(),
        unchecked: Vec::new(),
        held_back: Vec::new(),
        loaded,
    };
    for (read, found) in read {
        match read {
            Read::Valid(d) if d.meta.draft && !opts.drafts => parsed.held_back.push(d.src),
            Read::Valid(d) => parsed.docs.push(d),
            Read::Unchecked(u) if u.draft && !opts.drafts => parsed.held_back.push(u.src),
            Read::Unchecked(u) => parsed.unchecked.push(u),
            Read::Unread => parsed.unread = true,
        }
        parsed.loaded.diags.extend(found);
    }
    parsed
}

/// Reads documents and their front matter, in parallel: for a full build
/// every one, for a rebuild of `mujaz serve` the ones that changed.
pub fn parse_docs(
    sources: Vec<SourceFile>,
    config: &Config,
    root: &Path,
    progress: &Progress,
) -> Vec<(Read, Vec<Diagnostic>)> {
    sources
        .into_par_iter()
        .map(|src| {
            let read = content::read_doc(src, config, root);
            progress.advance(1);
            read
        })
        .collect()
}

/// What the third stage linked: the site, and what will be written.
struct Linked {
    site: Site,
    unchecked: Vec<Unchecked>,
    theme: Option<Theme>,
    output: PathBuf,
    /// The URL of every discovered document, by source path.
    urls: HashMap<PathBuf, String>,
    /// Every path the build will write.
    outputs: HashSet<String>,
    copies: Vec<(PathBuf, Source)>,
    parse_failed: bool,
    diags: Vec<Diagnostic>,
}

/// Stage 3: the documents linked into a site (translations paired,
/// taxonomies counted), and the output planned. A site that cannot be
/// linked stops here.
fn link(parsed: Parsed, opts: &Options) -> Result<Linked, Vec<Diagnostic>> {
    let Parsed { loaded, docs, unchecked, held_back, unread } = parsed;
    let Loaded { display, output, config, theme, found, mut diags } = loaded;
    let root = &opts.root;
    let others = unchecked.iter().map(|u| &u.src);
    let site = match Site::link_beside(config, root.clone(), docs, others, found.assets) {
        Ok(s) => s,
        Err(d) => return Err(finish(diags.into_iter().chain(d).collect())),
    };
    if opts.translation_checks {
        let unchecked: Vec<&SourceFile> = unchecked.iter().map(|u| &u.src).collect();
        diags.extend(crate::translations::check(&site, &held_back, &unchecked));
        // sources: sources without a grade, and sources never cited.
        diags.extend(crate::sources::check(&site));
    }
    // Analytic briefs: versions marked differently are an error; what
    // `check` says of key judgments, warnings.
    diags.extend(crate::analytic::marking::disagreements(&site));
    if opts.translation_checks {
        diags.extend(crate::analytic::check::check(&site));
    }
    // Links may point at any discovered file, even one that failed to parse,
    // so a file with an error does not make links to it look broken too.
    let urls = found
        .docs
        .iter()
        .map(|s| (markdown::normalize_path(&s.fs_path), crate::urls::doc(s.section, &s.lang, &s.slug)))
        .collect();
    let outputs = output::planned_outputs(&site, theme.as_ref());
    let (copies, plan_diags) = output::plan_copies(&site, &display, theme.as_ref(), opts.write);
    diags.extend(plan_diags);
    diags.extend(walk_inside(root, &display, &root.join("data")).1);
    Ok(Linked { site, unchecked, theme, output, urls, outputs, copies, parse_failed: unread, diags })
}

/// Every link of the rendered bodies checked against the documents and
/// the planned output: the same check for a build and a rebuild.
pub fn check_links(site: &Site, bodies: &[Rendered], outputs: &HashSet<String>) -> Vec<Diagnostic> {
    crate::links::check(site, bodies, outputs)
}

/// What the fourth stage wrote.
struct Written {
    state: State,
    output: PathBuf,
    paths: Vec<PathBuf>,
    copies: usize,
    external: Option<crate::external::Summary>,
    diags: Vec<Diagnostic>,
}

/// Stage 4: every body, page, list and feed rendered, links checked, and
/// (for `build`) written into a staging folder swapped in at the end. With
/// an error found before, the bodies are only checked, for what else they
/// hold wrong, and nothing is written.
fn render_and_write(
    linked: Linked,
    opts: &Options,
    keep_bodies: bool,
    progress: &Progress,
    timer: &Timer,
) -> Result<Written, Vec<Diagnostic>> {
    let Linked { mut site, unchecked, theme, output, urls, mut outputs, copies, parse_failed, mut diags } = linked;
    let data = DataStore::new();
    let theme = match theme {
        Some(t) if !diags.iter().any(Diagnostic::is_error) && unchecked.is_empty() => t,
        theme => {
            let env = bodies::Env { site: &site, theme: theme.as_ref(), urls: &urls, data: &data };
            outputs.extend(unchecked_outputs(&site, &unchecked));
            return Err(check_only(&env, &unchecked, &outputs, parse_failed, diags));
        }
    };
    let staging = match opts.write {
        true => Some(
            output::Staging::new(output::check_target(&opts.root, &output, opts.force).map_err(|d| vec![d])?)
                .map_err(|d| vec![d])?,
        ),
        false => None,
    };
    let sink: &dyn render::Sink = match &staging {
        Some(s) => s,
        None => &render::Discard,
    };
    // On an error the staging folder is dropped, and removes itself. The
    // Markdown is taken out of the documents, to be dropped as it is
    // rendered; an incremental rebuild reads the files it needs again.
    let sources = site.docs.iter_mut().map(|d| std::mem::take(&mut d.body)).collect();
    progress.stage("rendering", site.docs.len());
    let env = bodies::Env { site: &site, theme: Some(&theme), urls: &urls, data: &data };
    let bodies::Finished { bodies, search, diags: body_diags, rendered } =
        bodies::render_pages(&env, &theme, sink, sources, keep_bodies, progress);
    diags.extend(body_diags);
    timer.lap("markdown, charts, templates");
    // The search index and the sitemap are made on one core while the
    // links are checked on the other: both only read. With an error found,
    // nothing is swapped in and the staging folder goes, with them.
    let (links, indexes) = rayon::join(
        || check_links(&site, &bodies, &outputs),
        || render_indexes(&site, &theme, &search, &all_languages(&site), sink),
    );
    diags.extend(links);
    let external = opts.external.map(|o| {
        let (found, summary) = crate::external::check(&site, &bodies, o, progress);
        diags.extend(found);
        summary
    });
    let mut paths = match rendered {
        Ok(paths) => paths,
        Err(d) => return Err(finish(d.into_iter().chain(diags).collect())),
    };
    if diags.iter().any(Diagnostic::is_error) {
        return Err(finish(diags));
    }
    paths.extend(indexes.map_err(finish)?);
    timer.lap("links and indexes");
    if let Some(staging) = staging {
        progress.stage("copying", copies.len());
        let copy = |(rel, src): &(PathBuf, Source)| staging.copy(rel, src).inspect(|()| progress.advance(1));
        copies.par_iter().try_for_each(copy).map_err(|d| vec![d])?;
        staging.commit()?;
        timer.lap("copy and swap");
    }
    timer.search_share();
    let state = State { site, theme, bodies, search, urls, data };
    Ok(Written { state, output, paths, copies: copies.len(), external, diags })
}

/// With an error found already nothing will be written: the bodies are
/// rendered only for what else they hold wrong.
fn check_only(
    env: &bodies::Env,
    unchecked: &[Unchecked],
    outputs: &HashSet<String>,
    parse_failed: bool,
    mut diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let (bodies, body_diags) = env.render_all();
    diags.extend(body_diags);
    let (others, other_diags) = env.render_unchecked(unchecked);
    diags.extend(other_diags);
    if !parse_failed {
        diags.extend(check_links(env.site, &bodies, outputs));
        let others: Vec<_> = unchecked.iter().map(|u| u.src.path.as_path()).zip(&others).collect();
        diags.extend(crate::links::check_others(env.site, &bodies, &others, outputs));
    }
    finish(diags)
}

/// The page, and the bundle's files, each file with front-matter errors
/// would have: links to them are not broken, only waiting for the fix.
fn unchecked_outputs<'a>(site: &'a Site, unchecked: &'a [Unchecked]) -> impl Iterator<Item = String> + 'a {
    unchecked.iter().flat_map(move |u| {
        let url = crate::urls::doc(u.src.section, &u.src.lang, &u.src.slug);
        let files = site.assets.iter().filter(move |a| a.section == u.src.section && a.slug == u.src.slug);
        let files = files.map({
            let url = url.clone();
            move |a| format!("{url}{}", a.rel.to_string_lossy().replace('\\', "/"))
        });
        std::iter::once(format!("{url}index.html")).chain(files)
    })
}

/// The search indexes of `langs` and the sitemap: what a changed body
/// changes beyond its own pages, for a build and a rebuild alike.
pub fn render_indexes(
    site: &Site,
    theme: &Theme,
    search: &[crate::search::Entry],
    langs: &[&str],
    sink: &dyn render::Sink,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    render::render_indexes(site, theme, search, langs, sink)
}

fn all_languages(site: &Site) -> Vec<&str> {
    site.config.languages.iter().map(|l| l.code.as_str()).collect()
}

/// Stage 5: the report of what was built, pages counted per language.
fn finish_report(written: Written, start: Instant) -> (Report, State) {
    let Written { state, output, paths, copies, external, mut diags } = written;
    let mut pages = BTreeMap::new();
    for p in &paths {
        if let Some(lang) =
            p.iter().next().and_then(|l| l.to_str()).filter(|_| p.extension().is_some_and(|e| e == "html"))
            && state.site.config.language(lang).is_some()
        {
            *pages.entry(lang.to_string()).or_insert(0) += 1;
        }
    }
    diag::sort(&mut diags);
    let files = paths.len() + copies;
    (Report { pages, files, output, elapsed: start.elapsed(), warnings: diags, external }, state)
}

fn finish(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diag::sort(&mut diags);
    diags.dedup();
    diags
}

/// The root as authors see it in messages: nothing for the current folder.
pub fn display_root(root: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() { PathBuf::new() } else { root.to_path_buf() }
}

/// The process's resident memory in MiB, where the system says it.
fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? / 1024)
}

/// Prints how long each stage took, and the memory then in use, when
/// `MUJAZ_TIMINGS` is set.
struct Timer {
    on: bool,
    last: std::cell::Cell<Instant>,
}

impl Timer {
    fn new() -> Self {
        let on = std::env::var_os("MUJAZ_TIMINGS").is_some();
        if on {
            crate::search::CPU.start();
        }
        Timer { on, last: std::cell::Cell::new(Instant::now()) }
    }

    /// The search's share of the CPU time so far: a figure that the load
    /// of a shared machine moves less than the build's time on the wall.
    fn search_share(&self) {
        if self.on {
            let (search, all) = (crate::search::CPU.ms(), crate::cputime::process());
            let share = if all > 0.0 { 100.0 * search / all } else { 0.0 };
            eprintln!("{:>28}: {search:>7.1} ms of {all:.1} ms CPU ({share:.1} %)", "search index, CPU");
        }
    }

    fn lap(&self, stage: &str) {
        if self.on {
            let now = Instant::now();
            let ms = (now - self.last.get()).as_secs_f64() * 1000.0;
            eprintln!(
                "{stage:>28}: {ms:>7.1} ms{}",
                resident().map(|m| format!(", {m} MiB resident")).unwrap_or_default()
            );
            self.last.set(now);
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The next state of a seeded xorshift generator: property tests'
    /// inputs, the same on every run.
    pub fn xorshift(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    /// The example site at the repository's root, parsed and linked, and
    /// the built-in theme.
    pub fn example() -> (Site, Theme) {
        site_at(Path::new(env!("CARGO_MANIFEST_DIR")))
    }

    /// Every document's body, `bodies[i]` that of `site.docs[i]`, rendered
    /// as a build renders them.
    pub fn bodies(site: &Site, theme: &Theme) -> Vec<Rendered> {
        let urls =
            site.docs.iter().map(|d| (markdown::normalize_path(&d.src.fs_path), crate::site::doc_url(d))).collect();
        let data = DataStore::new();
        let env = bodies::Env { site, theme: Some(theme), urls: &urls, data: &data };
        env.render_all().0
    }

    /// The site at `root`, parsed and linked, and its theme.
    pub fn site_at(root: &Path) -> (Site, Theme) {
        let config = Config::load(root, Path::new("")).expect("site.yaml");
        let theme = Theme::load(root, Path::new(""), &config, &mut Vec::new()).expect("theme");
        let (found, _) = content::discover(root, Path::new(""), &config);
        let docs = found.docs.into_iter().map(|s| content::parse_doc(s, &config, root).expect("parses")).collect();
        (Site::link(config, root.to_path_buf(), docs, found.assets).expect("links"), theme)
    }
}
