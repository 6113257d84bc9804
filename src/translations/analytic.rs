//! The analytic facts two versions of a brief must share.
//!
//! Takes a version and the version it is compared with; returns a warning
//! in the first for each of: a different number of key judgments, a key
//! judgment whose likelihood or confidence differs from the judgment at
//! the same place in the other version, and revision dates that differ.
//! A differing marking is a build error, not a warning: see
//! [`crate::analytic::marking::disagreements`].

use super::Version;
use crate::analytic::Judgment;
use crate::diag::Diagnostic;
use crate::fields::index;
use crate::yaml::Seg;

/// Every analytic fact of `o` that differs from `r`, as warnings in `o`.
pub fn compare(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let mut out = judgments(o, r);
    out.extend(revisions(o, r));
    out
}

fn judgments(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let (ours, theirs) = (&o.doc.meta.analytic.key_judgments, &r.doc.meta.analytic.key_judgments);
    let mut out = Vec::new();
    if ours.len() != theirs.len() {
        let msg = format!("`key_judgments` lists {} here but {} in the {} version", ours.len(), theirs.len(), r.name);
        let there = r.place(r.loc().key(&[Seg::Key("key_judgments")]));
        out.push(
            o.warn(o.loc().key(&[Seg::Key("key_judgments")]), msg)
                .help(format!("the {} version has its judgments at {there}: translate each one", r.name)),
        );
    }
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        out.extend(field(o, r, i, "likelihood", a, b, |j| j.likelihood.map(|t| t.key)));
        out.extend(field(o, r, i, "confidence", a, b, |j| j.confidence.map(|c| c.key())));
    }
    out
}

/// A warning when `get` of judgment `i` differs between the versions.
fn field(
    o: &Version,
    r: &Version,
    i: usize,
    key: &'static str,
    a: &Judgment,
    b: &Judgment,
    get: impl Fn(&Judgment) -> Option<&'static str>,
) -> Option<Diagnostic> {
    let (x, y) = (get(a), get(b));
    if x == y {
        return None;
    }
    let at = index(&[], "key_judgments", i);
    let mut path = at.clone();
    path.push(Seg::Key(key));
    let shown = |v: Option<&str>| v.map_or("missing".to_string(), |v| format!("`{v}`"));
    let msg =
        format!("key judgment {}'s `{key}` is {} here but {} in the {} version", i + 1, shown(x), shown(y), r.name);
    let pos = o.loc().key(&path).or_else(|| o.loc().start(&at));
    let there = r.place(r.loc().key(&path).or_else(|| r.loc().start(&at)));
    Some(
        o.warn(pos, msg).help(format!(
            "the {} version states it at {there}: one judgment, one likelihood, in every language",
            r.name
        )),
    )
}

fn revisions(o: &Version, r: &Version) -> Option<Diagnostic> {
    let dates = |v: &Version| v.doc.meta.analytic.revisions.iter().map(|r| r.date.to_string()).collect::<Vec<_>>();
    let (ours, theirs) = (dates(o), dates(r));
    if ours == theirs {
        return None;
    }
    let list = |d: &[String]| if d.is_empty() { "none".to_string() } else { d.join(", ") };
    let msg = format!("the revisions are dated {} here but {} in the {} version", list(&ours), list(&theirs), r.name);
    let at = [Seg::Key("revisions")];
    let pos = o.loc().key(&at).or_else(|| o.loc().key(&[Seg::Key("date")]));
    Some(o.warn(pos, msg).help(format!("the {} version has them at {}", r.name, r.place(r.loc().key(&at)))))
}
