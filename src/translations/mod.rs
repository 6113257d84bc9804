//! Translation checks: do the versions of each brief agree?
//!
//! Takes a linked [`Site`] (and the drafts the run left out); returns
//! warnings, never errors, each at the file and line to fix:
//!
//! - a brief with no version in one of the site's languages;
//! - facts that differ between versions: `date`, `updated`, `topics` and
//!   `regions` (as sets), the events' dates, regions and kinds, the number
//!   of sources, and the numbers of inline chart blocks (block by block);
//! - numbers written in one version's title, summary or text and missing
//!   from another (see [`numbers`] for what counts as a number).
//!
//! Each version is compared with the brief's version in the site's default
//! language (or its first version when there is none in that language), and
//! a warning is put in the version that does not match it, with the place in
//! the other version in its help. Numbers are compared both ways, each
//! reported where it is written. `mujaz check` runs these checks; `build`
//! does not, as a translation in progress is not a broken site.

mod facts;
pub mod numbers;
// Analytic briefs: key judgments and revisions.
mod analytic;
// sources: source ids and grades, figure ids and order.
mod sources;

use crate::content::{self, Doc, Section, SourceFile};
use crate::diag::{Diagnostic, Pos};
use crate::site::Site;
use crate::yaml::Locator;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Every translation warning of the site's briefs. `held_back` are the
/// drafts the run left out, named when they are the missing version;
/// `unchecked` the files left out for errors in their front matter.
pub fn check(site: &Site, held_back: &[SourceFile], unchecked: &[&SourceFile]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen = BTreeSet::new();
    for doc in site.docs.iter().filter(|d| d.src.section == Section::Briefs) {
        if !seen.insert(doc.src.slug.as_str()) {
            continue;
        }
        // A version whose front matter has errors has nothing sure to compare.
        if unchecked.iter().any(|u| u.section == Section::Briefs && u.slug == doc.src.slug) {
            continue;
        }
        let versions: Vec<Version> = site.versions(doc).into_iter().map(|d| Version::new(site, d)).collect();
        let reference = versions.iter().position(|v| v.doc.src.lang == site.config.default_language).unwrap_or(0);
        let r = &versions[reference];
        diags.extend(missing_languages(site, r, &versions, held_back));
        for (i, o) in versions.iter().enumerate() {
            if i != reference {
                diags.extend(facts::compare(o, r));
                diags.extend(analytic::compare(o, r));
                diags.extend(sources::compare(o, r));
                diags.extend(compare_numbers(o, r));
                diags.extend(compare_numbers(r, o));
            }
        }
    }
    diags
}

/// One version of a brief with what the checks read again from its file.
pub(crate) struct Version<'a> {
    pub doc: &'a Doc,
    /// The language's name from `site.yaml`: "English", "العربية".
    pub name: &'a str,
    /// The front matter's text, for finding lines (empty if unreadable).
    pub fm: String,
}

impl<'a> Version<'a> {
    fn new(site: &'a Site, doc: &'a Doc) -> Self {
        let name = site.config.language(&doc.src.lang).map_or(doc.src.lang.as_str(), |l| l.name.as_str());
        let fm = std::fs::read_to_string(&doc.src.fs_path)
            .ok()
            .map(content::normalize)
            .and_then(|t| content::split_front_matter(&t).map(|(fm, _, _)| fm.to_string()))
            .unwrap_or_default();
        Version { doc, name, fm }
    }

    /// Finds keys and values in the front matter, with file lines.
    pub fn loc(&self) -> Locator<'_> {
        // The front matter starts on line 2, after `---`.
        Locator::new(&self.fm, 1)
    }

    /// A warning in this version's file, at `pos` or else at line 1.
    pub fn warn(&self, pos: Option<Pos>, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::warning(&self.doc.src.path, message);
        if pos.is_some() { d.at_pos(pos) } else { d.at(1, 1) }
    }

    /// `path:line` of a place in this version, for a help line.
    pub fn place(&self, pos: Option<Pos>) -> String {
        format!("{}:{}", self.doc.src.path.display(), pos.map_or(1, |p| p.line))
    }
}

/// "`x` has no English version", once per language the brief lacks.
fn missing_languages(site: &Site, r: &Version, versions: &[Version], held_back: &[SourceFile]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for lang in &site.config.languages {
        if versions.iter().any(|v| v.doc.src.lang == lang.code) {
            continue;
        }
        let slug = &r.doc.src.slug;
        let draft = held_back.iter().find(|s| s.section == Section::Briefs && &s.slug == slug && s.lang == lang.code);
        let help = match draft {
            Some(d) => format!(
                "its {} version, {}, is a draft: run `mujaz check --drafts` to compare them",
                lang.name,
                d.path.display()
            ),
            None => format!(
                "translate it into {}, or leave it if the brief is for {} readers only",
                expected_path(r.doc, &lang.code).display(),
                r.name
            ),
        };
        out.push(r.warn(None, format!("`{slug}` has no {} version", lang.name)).help(help));
    }
    out
}

/// Where the version of `doc` in `code` would be written.
fn expected_path(doc: &Doc, code: &str) -> PathBuf {
    let name = match doc.src.bundle {
        Some(_) => format!("index.{code}.md"),
        None => format!("{}.{code}.md", doc.src.slug),
    };
    doc.src.path.with_file_name(name)
}

/// A warning for every number written in `a` and not in `b`, where `a` writes it.
fn compare_numbers(a: &Version, b: &Version) -> Vec<Diagnostic> {
    let theirs: BTreeSet<String> = all_numbers(b).into_iter().map(|n| n.value).collect();
    let mut told = BTreeSet::new();
    let mut out = Vec::new();
    for n in all_numbers(a) {
        if theirs.contains(&n.value) || !told.insert(n.value.clone()) {
            continue;
        }
        let shown =
            if n.written == n.value { format!("`{}`", n.written) } else { format!("`{}` ({})", n.written, n.value) };
        out.push(a.warn(Some(n.pos), format!("the number {shown} is not in the {} version", b.name)).help(format!(
            "the {} version ({}) may write it in words or round it; if so, leave it",
            b.name,
            b.doc.src.path.display()
        )));
    }
    out
}

/// The numbers of a version's title, summary and text, in file order.
fn all_numbers(v: &Version) -> Vec<numbers::Number> {
    let mut out = numbers::in_field(&v.fm, "title", 1);
    out.extend(numbers::in_field(&v.fm, "summary", 1));
    out.extend(numbers::in_body(&v.doc.body, v.doc.body_line));
    out
}
