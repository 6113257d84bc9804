//! Handling markings: the Traffic Light Protocol 2.0 labels.
//!
//! Takes a brief's `marking` and the site's `max_marking`; returns the
//! marking, ordered CLEAR < GREEN < AMBER < AMBER+STRICT < RED. Refuses a
//! label that is not one of the five as written by the standard (Latin
//! capitals, `TLP:` first), with a did-you-mean; a brief marked above the
//! site's limit, so a restricted brief never reaches a public site; and,
//! once the site is linked, two versions of a brief marked differently.

use crate::content::{self, Section};
use crate::diag::{Diagnostic, did_you_mean};
use crate::fields::Fields;
use crate::site::Site;
use crate::yaml::{Locator, Mapping, Seg};
use std::collections::BTreeSet;

/// A TLP 2.0 label, from the least to the most restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Marking {
    #[default]
    Clear,
    Green,
    Amber,
    AmberStrict,
    Red,
}

impl Marking {
    pub const ALL: [Marking; 5] = [Marking::Clear, Marking::Green, Marking::Amber, Marking::AmberStrict, Marking::Red];

    /// The label as the standard writes it: `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        match self {
            Marking::Clear => "TLP:CLEAR",
            Marking::Green => "TLP:GREEN",
            Marking::Amber => "TLP:AMBER",
            Marking::AmberStrict => "TLP:AMBER+STRICT",
            Marking::Red => "TLP:RED",
        }
    }

    /// A name for classes and interface strings: `amber-strict`.
    pub fn class(self) -> &'static str {
        match self {
            Marking::Clear => "clear",
            Marking::Green => "green",
            Marking::Amber => "amber",
            Marking::AmberStrict => "amber-strict",
            Marking::Red => "red",
        }
    }

    /// The key of its explanation in the theme's interface strings: `marking_amber_strict`.
    pub fn i18n_key(self) -> String {
        format!("marking_{}", self.class().replace('-', "_"))
    }

    pub fn parse(label: &str) -> Option<Marking> {
        Marking::ALL.into_iter().find(|m| m.label() == label)
    }
}

/// Why `label` is not a TLP 2.0 label, and what to write instead.
fn refusal(label: &str) -> (String, String) {
    let labels = || Marking::ALL.into_iter().map(Marking::label);
    let upper = label.trim().to_ascii_uppercase();
    let upper = if upper.starts_with("TLP:") { upper } else { format!("TLP:{upper}") };
    let help = if upper == "TLP:WHITE" {
        "TLP 2.0 renamed TLP:WHITE to `TLP:CLEAR`".to_string()
    } else if let Some(m) = Marking::parse(&upper) {
        format!("did you mean `{}`? The standard writes its labels in Latin capitals", m.label())
    } else {
        did_you_mean(&upper, labels()).unwrap_or_else(|| format!("one of: {}", labels().collect::<Vec<_>>().join(", ")))
    };
    (format!("`{label}` is not a TLP 2.0 marking"), help)
}

/// The brief's `marking`, refused above `limit`.
pub fn read(f: &mut Fields, map: &Mapping, limit: Marking) -> Option<Marking> {
    let label = f.text(map, &[], "marking", false)?;
    let at = [Seg::Key("marking")];
    let Some(marking) = Marking::parse(&label) else {
        let (message, help) = refusal(&label);
        f.error_at_value(&at, &label, message).help = Some(help);
        return None;
    };
    if marking > limit {
        let message = format!(
            "this brief is marked {}, above this site's limit of {} (`max_marking`)",
            marking.label(),
            limit.label()
        );
        f.error_at_value(&at, &label, message).help = Some(format!(
            "a {} brief may not be published on this site, not even as a draft: remove the file from content/, or raise `max_marking` in site.yaml if this site is for that audience",
            marking.label()
        ));
    }
    Some(marking)
}

/// `max_marking` of `site.yaml`: TLP:CLEAR when absent.
pub fn setting(f: &mut Fields, map: &Mapping) -> Marking {
    let Some(label) = f.text(map, &[], "max_marking", false) else { return Marking::default() };
    match Marking::parse(&label) {
        Some(m) => m,
        None => {
            let (message, help) = refusal(&label);
            f.error_at_value(&[Seg::Key("max_marking")], &label, format!("`max_marking`: {message}")).help = Some(help);
            Marking::default()
        }
    }
}

/// An error for every version of a brief whose marking differs from the
/// marking of the brief's version in the site's default language (or of
/// its first version): a translation must never be handled more loosely
/// than its original, nor the other way round.
pub fn disagreements(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for doc in site.docs.iter().filter(|d| d.src.section == Section::Briefs) {
        if !seen.insert(doc.src.slug.as_str()) {
            continue;
        }
        let versions = site.versions(doc);
        let Some(r) = versions.iter().find(|v| v.src.lang == site.config.default_language).or(versions.first()) else {
            continue;
        };
        for o in versions.iter().filter(|o| o.meta.analytic.marking != r.meta.analytic.marking) {
            let shown = |m: Option<Marking>| m.map_or("unmarked".to_string(), |m| format!("marked {}", m.label()));
            let message = format!(
                "this version is {} but {} is {}",
                shown(o.meta.analytic.marking),
                r.src.path.display(),
                shown(r.meta.analytic.marking)
            );
            let line = |d: &content::Doc| marking_line(&d.src.fs_path);
            out.push(Diagnostic::error(&o.src.path, message).at(line(o).unwrap_or(1), 1).help(format!(
                "every version of a brief carries the same marking: set `marking` alike here and at {}:{}",
                r.src.path.display(),
                line(r).unwrap_or(1)
            )));
        }
    }
    out
}

/// The line of a file's `marking` field, read again from the file.
fn marking_line(path: &std::path::Path) -> Option<usize> {
    let text = content::normalize(std::fs::read_to_string(path).ok()?);
    let (fm, _, _) = content::split_front_matter(&text)?;
    Locator::new(fm, 1).key(&[Seg::Key("marking")]).map(|p| p.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_order_from_clear_to_red() {
        assert!(Marking::Clear < Marking::Green && Marking::Amber < Marking::AmberStrict);
        assert!(Marking::AmberStrict < Marking::Red);
        assert_eq!(Marking::parse("TLP:AMBER+STRICT"), Some(Marking::AmberStrict));
        assert_eq!(Marking::AmberStrict.i18n_key(), "marking_amber_strict");
    }

    #[test]
    fn a_label_not_written_as_the_standard_writes_it_is_refused_with_the_right_one() {
        assert_eq!(
            refusal("tlp:amber").1,
            "did you mean `TLP:AMBER`? The standard writes its labels in Latin capitals"
        );
        assert_eq!(refusal("RED").1, "did you mean `TLP:RED`? The standard writes its labels in Latin capitals");
        assert_eq!(refusal("TLP:WHITE").1, "TLP 2.0 renamed TLP:WHITE to `TLP:CLEAR`");
        assert_eq!(refusal("TLP:GREN").1, "did you mean `TLP:GREEN`?");
    }
}
