//! Graded sources: the Admiralty (NATO) grade of a source, and the
//! authoring checks `mujaz check` makes of a brief's sources.
//!
//! A grade is two characters: the source's reliability, `A` (completely
//! reliable) to `F` (reliability cannot be judged), then the information's
//! credibility, `1` (confirmed by other sources) to `6` (truth cannot be
//! judged), as in `B2`. [`Grade::parse`] refuses anything else (`G7`, `b2`,
//! `B`, `B22`) with a message that says what a grade is.
//!
//! [`check`] takes the linked site and returns warnings, never errors: a
//! source without a grade, and a source with an `id` that the body never
//! cites (`[@id]`), each at the source's line in the front matter.

use crate::content::{self, Doc, Section};
use crate::diag::Diagnostic;
use crate::fields::index;
use crate::site::Site;
use crate::yaml::{Locator, Seg};
use std::fmt;

/// An Admiralty grade: reliability `A`–`F`, credibility `1`–`6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grade {
    /// `A`–`F`.
    pub reliability: char,
    /// 1–6.
    pub credibility: u8,
}

/// What a grade is, for the help of an error.
pub const GRADE_HELP: &str = "a grade is the source's reliability, A (completely reliable) to F (reliability cannot be judged), then the information's credibility, 1 (confirmed by other sources) to 6 (truth cannot be judged): e.g. `B2`";

impl Grade {
    /// Reads `B2`; `None` for anything that is not one capital `A`–`F`
    /// followed by one digit `1`–`6`.
    pub fn parse(text: &str) -> Option<Grade> {
        let mut chars = text.chars();
        let (r, c) = (chars.next()?, chars.next()?);
        if chars.next().is_some() || !('A'..='F').contains(&r) || !('1'..='6').contains(&c) {
            return None;
        }
        Some(Grade { reliability: r, credibility: c as u8 - b'0' })
    }

    /// Why `text` is not a grade, for the error's message.
    pub fn why_not(text: &str) -> String {
        let upper = text.to_ascii_uppercase();
        if upper != text && Grade::parse(&upper).is_some() {
            return format!("the reliability letter is a capital: `{upper}`");
        }
        let mut chars = text.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some(r), _, _) if !('A'..='F').contains(&r) => {
                format!("`{r}` is not a reliability: it is a letter from A to F")
            }
            (Some(_), None, _) => "the credibility, a digit from 1 to 6, is missing".to_string(),
            (Some(_), Some(c), _) if !('1'..='6').contains(&c) => {
                format!("`{c}` is not a credibility: it is a digit from 1 to 6")
            }
            _ => "a grade is one letter and one digit".to_string(),
        }
    }

    /// The interface-string key of the reliability's meaning: `grade_b`.
    pub fn reliability_key(self) -> String {
        format!("grade_{}", self.reliability.to_ascii_lowercase())
    }

    /// The interface-string key of the credibility's meaning: `grade_2`.
    pub fn credibility_key(self) -> String {
        format!("grade_{}", self.credibility)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}{}", self.reliability, self.credibility)
    }
}

/// The authoring warnings of every brief's sources.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in site.docs.iter().filter(|d| d.src.section == Section::Briefs) {
        if doc.meta.sources.is_empty() {
            continue;
        }
        let fm = front_matter(doc);
        let loc = Locator::new(&fm, 1);
        let cited = crate::citations::cited(&doc.body);
        for (i, s) in doc.meta.sources.iter().enumerate() {
            let at = index(&[], "sources", i);
            let pos = loc.start(&at).or_else(|| loc.key(&[Seg::Key("sources")]));
            let warn = |message: String| {
                let d = Diagnostic::warning(&doc.src.path, message);
                if pos.is_some() { d.at_pos(pos) } else { d.at(1, 1) }
            };
            if s.grade.is_none() {
                out.push(
                    warn(format!("source `{}` has no grade", s.title))
                        .help("add its Admiralty grade, e.g. `grade: B2`: reliability A–F, then credibility 1–6"),
                );
            }
            if let Some(id) = &s.id
                && !cited.iter().any(|c| c == id)
            {
                let pos = loc.key(&[Seg::Key("sources"), Seg::Index(i), Seg::Key("id")]).or(pos);
                let d = Diagnostic::warning(&doc.src.path, format!("source `{id}` is never cited"));
                let d = if pos.is_some() { d.at_pos(pos) } else { d.at(1, 1) };
                out.push(d.help(format!("cite it in the text with `[@{id}]`, or remove it from `sources`")));
            }
        }
    }
    out
}

/// The front matter's text, read again from the file (empty if unreadable).
pub(crate) fn front_matter(doc: &Doc) -> String {
    std::fs::read_to_string(&doc.src.fs_path)
        .ok()
        .map(content::normalize)
        .and_then(|t| content::split_front_matter(&t).map(|(fm, _, _)| fm.to_string()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grade_is_a_capital_from_a_to_f_then_a_digit_from_1_to_6() {
        assert_eq!(Grade::parse("B2"), Some(Grade { reliability: 'B', credibility: 2 }));
        assert_eq!(Grade::parse("F6").map(|g| g.to_string()).as_deref(), Some("F6"));
        for bad in ["G7", "b2", "B", "B22", "B0", "", "2B", "Ｂ2"] {
            assert_eq!(Grade::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_bad_grade_says_which_part_is_wrong() {
        assert_eq!(Grade::why_not("b2"), "the reliability letter is a capital: `B2`");
        assert_eq!(Grade::why_not("G7"), "`G` is not a reliability: it is a letter from A to F");
        assert_eq!(Grade::why_not("B"), "the credibility, a digit from 1 to 6, is missing");
        assert_eq!(Grade::why_not("B7"), "`7` is not a credibility: it is a digit from 1 to 6");
        assert_eq!(Grade::why_not("B22"), "a grade is one letter and one digit");
    }
}
