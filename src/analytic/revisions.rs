//! Revisions: a brief's dated change log.
//!
//! Takes the front matter's `revisions` list, its `date` and `updated`;
//! returns the revisions, oldest first as written. Refuses an item without
//! a valid date or a note, a revision dated before the brief, and an
//! `updated` that is not the latest revision's date, at its line.

use crate::fields::{Fields, index};
use crate::yaml::{Mapping, Seg};
use chrono::NaiveDate;

/// One change to a published brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub date: NaiveDate,
    pub note: String,
}

/// The date of the latest revision.
pub fn latest(revisions: &[Revision]) -> Option<NaiveDate> {
    revisions.iter().map(|r| r.date).max()
}

/// The front matter's `revisions`, checked against `date` and `updated`.
pub fn read(f: &mut Fields, map: &Mapping, date: Option<NaiveDate>, updated: Option<NaiveDate>) -> Vec<Revision> {
    let mut out = Vec::new();
    for (i, m) in f.map_list(map, &[], "revisions") {
        let at = index(&[], "revisions", i);
        f.unknown_keys(m, &at, &["date", "note"], "a revision");
        let rev_date = f.date(m, &at, "date", true);
        let note = f.text(m, &at, "note", true);
        if let (Some(r), Some(d)) = (rev_date, date)
            && r < d
        {
            let mut path = at.clone();
            path.push(Seg::Key("date"));
            f.error_at_value(
                &path,
                &r.to_string(),
                format!("revision {} is dated {r}, before the brief's `date` ({d})", i + 1),
            )
            .help = Some("a revision changes a published brief: it cannot come before publication".into());
        }
        if let (Some(date), Some(note)) = (rev_date, note) {
            out.push(Revision { date, note });
        }
    }
    if let (Some(u), Some(l)) = (updated, latest(&out))
        && u != l
    {
        f.error_at_value(
            &[Seg::Key("updated")],
            &u.to_string(),
            format!("`updated` ({u}) is not the latest revision's date ({l})"),
        )
        .help = Some(format!(
            "`updated` is the date of the last revision: write `updated: {l}`, or leave it out and the revisions date the brief"
        ));
    }
    out
}
