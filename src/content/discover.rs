//! Finding the site's files: briefs, bundles, pages.
//!
//! Every walk of a source folder goes through [`walk_inside`]: a symbolic
//! link is followed only when what it points to lies inside the site; one
//! that leaves it is an error naming the link, and is not read. A file
//! read by name (a chart's data, an image, an outline, `site.yaml`) is
//! checked with [`leads_out`], and the error stands where it is named.

use super::{Section, SourceFile, is_slug};
use crate::config::Config;
use crate::diag::{Diagnostic, did_you_mean};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovered {
    pub docs: Vec<SourceFile>,
    /// Files inside bundles other than the Markdown (images, CSV).
    pub assets: Vec<Asset>,
}

/// A file inside a bundle, copied beside the bundle's page in every language.
#[derive(Debug, Clone)]
pub struct Asset {
    pub section: Section,
    pub slug: String,
    /// Relative to the bundle folder.
    pub rel: PathBuf,
    pub fs_path: PathBuf,
}

/// Walks `content/briefs` and `content/pages`, sorted by path.
pub fn discover(root: &Path, display: &Path, config: &Config) -> (Discovered, Vec<Diagnostic>) {
    let mut found = Discovered::default();
    let mut diags = Vec::new();
    for section in [Section::Briefs, Section::Pages] {
        let dir = root.join("content").join(section.dir());
        if !dir.is_dir() {
            continue;
        }
        let (files, walk_diags) = walk_inside(root, display, &dir);
        diags.extend(walk_diags);
        for full in files {
            let rel = full.strip_prefix(&dir).unwrap_or(&full).to_path_buf();
            classify(root, display, config, section, &rel, &full, &mut found, &mut diags);
        }
    }
    (found, diags)
}

/// The files under `dir`, sorted by path, following symbolic links only
/// where they point inside the site at `root`. A link that leaves the site
/// (`/etc/passwd`, `../../secrets/`) is an error naming it, and nothing
/// under it is read; so is `dir` itself, if it is such a link.
pub fn walk_inside(root: &Path, display: &Path, dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    if !dir.exists() {
        return (files, diags);
    }
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut walk = WalkDir::new(dir).sort_by_file_name().follow_links(true).into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                diags.push(Diagnostic::error(shown(root, display, &at), format!("cannot read: {e}")));
                continue;
            }
        };
        let is_link = entry.path_is_symlink() || entry.depth() == 0;
        if is_link && let Some(to) = leaves(&site, entry.path()) {
            diags.push(link_out(shown(root, display, entry.path()), &to));
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    (files, diags)
}

/// Where a link points, if that is outside `site` (a canonical path).
pub fn leaves(site: &Path, link: &Path) -> Option<PathBuf> {
    let to = std::fs::canonicalize(link).unwrap_or_else(|_| link.to_path_buf());
    (!to.starts_with(site)).then_some(to)
}

/// Where the file or folder at `path`, in the site at `root`, really is, if
/// that is outside the site: `path` is a symbolic link that leaves it, or
/// lies in a folder that is one, or starts a chain of links that ends
/// outside. `None` inside the site, and for a path that does not exist
/// (reading it fails, and says so, on its own).
pub fn leads_out(root: &Path, path: &Path) -> Option<PathBuf> {
    let site = std::fs::canonicalize(root).ok()?;
    path.exists().then(|| leaves(&site, path)).flatten()
}

/// What to do about a link that leaves the site.
const LINK_OUT_HELP: &str = "copy the file into the site, or make the link point inside the site's folder";

/// The error for a link that leaves the site, at the link (`shown`), which
/// points to `to`.
pub fn link_out(shown: impl Into<PathBuf>, to: &Path) -> Diagnostic {
    Diagnostic::error(shown, format!("this link points outside the site, to `{}`, and is not followed", to.display()))
        .help(LINK_OUT_HELP)
}

/// The message and help for the place that names a file reached through a
/// link out of the site (a chart's `data`, an image): `what` names the file
/// as written there (``data file `data/x.csv` ``).
pub fn named_link_out(what: &str, to: &Path) -> (String, &'static str) {
    (format!("{what} is a link that points outside the site, to `{}`, and is not read", to.display()), LINK_OUT_HELP)
}

/// The path to show an author: relative to the root they named.
pub fn shown(root: &Path, display: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(root) {
        Ok(rel) => display.join(rel),
        Err(_) => path.to_path_buf(),
    }
}

#[allow(clippy::too_many_arguments)]
fn classify(
    root: &Path,
    display: &Path,
    config: &Config,
    section: Section,
    rel: &Path,
    full: &Path,
    found: &mut Discovered,
    diags: &mut Vec<Diagnostic>,
) {
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let is_md = full.extension().is_some_and(|e| e == "md");
    let shown_path = shown(root, display, full);
    let (slug, lang, bundle) = match parts.as_slice() {
        [file] if is_md => match split_name(file) {
            Some((slug, lang)) => (slug, lang, None),
            None => {
                diags.push(bad_name(shown_path, config));
                return;
            }
        },
        [file] => {
            // A loose file beside the briefs: allowed only for hidden files.
            if !file.starts_with('.') {
                diags.push(
                    Diagnostic::warning(shown_path, "this file is not part of any brief and is not published")
                        .help("put a brief's files in a bundle folder: content/briefs/<slug>/"),
                );
            }
            return;
        }
        [folder, file] if is_md && file.starts_with("index.") => match split_name(file) {
            Some((index, lang)) if index == "index" => {
                (folder.clone(), lang, Some(full.parent().unwrap_or(full).to_path_buf()))
            }
            _ => {
                diags.push(bad_name(shown_path, config));
                return;
            }
        },
        [folder, ..] => {
            if !parts.iter().any(|p| p.starts_with('.')) {
                let asset = parts[1..].iter().collect::<PathBuf>();
                found.assets.push(Asset { section, slug: folder.clone(), rel: asset, fs_path: full.to_path_buf() });
            }
            return;
        }
        [] => return,
    };
    if !is_slug(&slug) {
        diags.push(
            Diagnostic::error(shown_path, format!("`{slug}` is not a valid slug"))
                .at(1, 1)
                .help("a slug is lowercase ASCII letters, digits and `-`, e.g. `isis-recruitment-2025`"),
        );
        return;
    }
    if config.language(&lang).is_none() {
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        let help = did_you_mean(&lang, codes.iter().copied())
            .unwrap_or_else(|| format!("the site's languages are: {}", codes.join(", ")));
        diags.push(
            Diagnostic::error(shown_path, format!("`{lang}` is not one of the site's languages")).at(1, 1).help(help),
        );
        return;
    }
    found.docs.push(SourceFile { section, slug, lang, path: shown_path, fs_path: full.to_path_buf(), bundle });
}

/// `<slug>.<lang>.md` → (slug, lang).
fn split_name(file: &str) -> Option<(String, String)> {
    let stem = file.strip_suffix(".md")?;
    let (slug, lang) = stem.rsplit_once('.')?;
    if slug.is_empty() || lang.is_empty() {
        return None;
    }
    Some((slug.to_string(), lang.to_string()))
}

fn bad_name(path: PathBuf, config: &Config) -> Diagnostic {
    let lang = config.languages.first().map_or("<lang>", |l| l.code.as_str());
    Diagnostic::error(path, "the file name does not say its language")
        .at(1, 1)
        .help(format!("name it `<slug>.<lang>.md` (e.g. `my-brief.{lang}.md`) or `<slug>/index.<lang>.md`"))
}
