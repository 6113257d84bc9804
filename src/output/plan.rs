//! Planning the output: every path a build will write, and the files it
//! copies there.
//!
//! Takes the linked site and the theme; returns the set of output paths
//! (so links are checked before anything is written) and the list of
//! copies: the theme's static files, the site's `static/` folder and the
//! files beside bundled briefs. Refuses two files that land on one path,
//! or a file where another needs a folder, naming both.

use super::Source;
use crate::content::walk_inside;
use crate::diag::Diagnostic;
use crate::render;
use crate::site::{Site, doc_url};
use crate::theme::Theme;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Every path the build will write, for checking links before writing.
pub fn planned_outputs(site: &Site, theme: Option<&Theme>) -> HashSet<String> {
    let mut out: HashSet<String> = render::page_paths(site).into_iter().collect();
    for (rel, _) in copies_plan(site) {
        out.insert(rel.to_string_lossy().replace('\\', "/"));
    }
    if let Some(t) = theme {
        out.extend(t.static_files.iter().map(|(p, _)| p.to_string_lossy().replace('\\', "/")));
    }
    let (files, _) = walk_inside(&site.root, Path::new(""), &site.root.join("static"));
    out.extend(files.iter().map(|p| static_rel(&site.root, p).to_string_lossy().replace('\\', "/")));
    out
}

/// Bundle files beside each language's page.
fn copies_plan(site: &Site) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for asset in &site.assets {
        for doc in site.docs.iter().filter(|d| d.src.section == asset.section && d.src.slug == asset.slug) {
            out.push((PathBuf::from(doc_url(doc)).join(&asset.rel), asset.fs_path.clone()));
        }
    }
    out
}

/// A file of the site's `static/` folder, relative to the output.
fn static_rel(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root.join("static")).unwrap_or(file).to_path_buf()
}

/// What lands on one output path, and where it comes from.
enum Origin {
    Page,
    ThemeStatic(PathBuf),
    Static(PathBuf),
    Bundle(PathBuf),
}

impl Origin {
    fn describe(&self, rel: &Path) -> String {
        match self {
            Origin::Page => format!("the page mujaz generates at `{}`", rel.display()),
            Origin::ThemeStatic(p) | Origin::Static(p) | Origin::Bundle(p) => format!("`{}`", p.display()),
        }
    }
}

/// The files to copy into the output: the theme's static files, the site's
/// `static/` folder (whose files replace the theme's of the same name) and
/// bundle files. Two that land on one path, or on a generated page, or
/// where another needs a folder, are errors naming both.
pub fn plan_copies(
    site: &Site,
    display: &Path,
    theme: Option<&Theme>,
    write: bool,
) -> (Vec<(PathBuf, Source)>, Vec<Diagnostic>) {
    let root = &site.root;
    let (static_files, mut diags) = walk_inside(root, display, &root.join("static"));
    let mut plan: BTreeMap<PathBuf, (Origin, Option<Source>)> =
        render::page_paths(site).into_iter().map(|p| (PathBuf::from(p), (Origin::Page, None))).collect();
    let theme_dir = match root.join("themes").join(&site.config.theme) {
        d if d.is_dir() => display.join("themes").join(&site.config.theme),
        _ => PathBuf::from("<built-in theme>"),
    };
    let mut entries = Vec::new();
    for (rel, bytes) in theme.map(|t| t.static_files.as_slice()).unwrap_or_default() {
        let source = write.then(|| Source::Bytes(bytes.clone()));
        entries.push((rel.clone(), Origin::ThemeStatic(theme_dir.join(rel)), source));
    }
    for file in static_files {
        let shown = crate::content::shown(root, display, &file);
        entries.push((static_rel(root, &file), Origin::Static(shown), Some(Source::File(file))));
    }
    for (rel, file) in copies_plan(site) {
        let shown = crate::content::shown(root, display, &file);
        entries.push((rel, Origin::Bundle(shown), Some(Source::File(file))));
    }
    for (rel, origin, source) in entries {
        match plan.get(&rel) {
            // The site's static files are meant to replace the theme's.
            Some((Origin::ThemeStatic(_), _)) if matches!(origin, Origin::Static(_)) => {}
            Some((other, _)) => {
                let both = format!(
                    "{} and {} would both be written to `{}`",
                    origin.describe(&rel),
                    other.describe(&rel),
                    rel.display()
                );
                diags.push(clash(&origin, other, both));
                continue;
            }
            None => {}
        }
        plan.insert(rel, (origin, source));
    }
    for (rel, (origin, _)) in &plan {
        if let Some((folder, (other, _))) = rel.ancestors().skip(1).find_map(|a| plan.get_key_value(a)) {
            let message = format!(
                "{} needs `{}` to be a folder, but {} is a file there",
                origin.describe(rel),
                folder.display(),
                other.describe(folder)
            );
            diags.push(clash(origin, other, message));
        }
    }
    let copies = plan.into_iter().filter_map(|(rel, (_, source))| Some((rel, source?))).collect();
    (copies, diags)
}

/// Two files that would land on one output path: an error at the one an
/// author wrote.
fn clash(origin: &Origin, other: &Origin, message: String) -> Diagnostic {
    let at = [origin, other].into_iter().find_map(|o| match o {
        Origin::Page => None,
        Origin::ThemeStatic(p) | Origin::Static(p) | Origin::Bundle(p) => Some(p.clone()),
    });
    Diagnostic::error(at.unwrap_or_default(), message)
        .help("rename or move one of them: the output has one file per path")
}
