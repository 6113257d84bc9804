//! Analytic briefs: what a briefing report states beyond an article.
//!
//! Takes the front matter's analytic fields (`key_judgments`, `marking`,
//! `revisions`) and the site's `estimative` and `max_marking` settings;
//! returns them validated, ready to show, and the checks `mujaz check`
//! runs over them. Each concern has its own module; other analytic
//! features add their own `pub mod` lines here.

pub mod check;
pub mod estimative;
pub mod marking;
pub mod revisions;
pub mod view;

use crate::config::Config;
use crate::fields::Fields;
use crate::yaml::Mapping;
use chrono::NaiveDate;

pub use estimative::{Confidence, Judgment, Scale, Term};
pub use marking::Marking;
pub use revisions::Revision;

/// A brief's analytic fields, validated; empty for a page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analytic {
    pub key_judgments: Vec<Judgment>,
    pub marking: Option<Marking>,
    pub revisions: Vec<Revision>,
}

impl Analytic {
    /// The date of the latest revision, when there is one.
    pub fn latest_revision(&self) -> Option<NaiveDate> {
        revisions::latest(&self.revisions)
    }
}

/// The front-matter fields this module reads, for the list of a brief's fields.
pub const FIELDS: &[&str] = &["key_judgments", "marking", "revisions"];

/// Reads a brief's analytic fields; `date` and `updated` are the brief's,
/// when valid, for checking the revisions against.
pub fn read(
    f: &mut Fields,
    map: &Mapping,
    config: &Config,
    date: Option<NaiveDate>,
    updated: Option<NaiveDate>,
) -> Analytic {
    Analytic {
        key_judgments: estimative::read(f, map, config.estimative),
        marking: marking::read(f, map, config.max_marking),
        revisions: revisions::read(f, map, date, updated),
    }
}
