//! Graded sources and numbered figures two versions of a brief must share.
//!
//! Takes a version and the version it is compared with; returns a warning
//! in the first for each difference: a source id only one version has, a
//! source whose grade differs (sources matched by id, or by place when
//! neither has one), and figures whose ids or order differ, since "Figure 3"
//! must be the same figure in every language.

use super::Version;
use crate::diag::{Diagnostic, Pos};
use crate::fields::index;
use crate::text::Lines;
use crate::yaml::Seg;

/// Every source and figure difference of `o` from `r`, as warnings in `o`.
pub fn compare(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let mut out = ids(o, r);
    out.extend(grades(o, r));
    out.extend(figures(o, r));
    out
}

fn source_pos(v: &Version, i: usize, key: &'static str) -> Option<Pos> {
    let loc = v.loc();
    let at = index(&[], "sources", i);
    let mut path = at.clone();
    path.push(Seg::Key(key));
    loc.key(&path).or_else(|| loc.start(&at))
}

/// Source ids only one version has.
fn ids(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let theirs = &r.doc.meta.sources;
    let mut out = Vec::new();
    for (i, s) in o.doc.meta.sources.iter().enumerate() {
        let Some(id) = &s.id else { continue };
        if theirs.iter().any(|t| t.id.as_ref() == Some(id)) {
            continue;
        }
        let msg = format!("source id `{id}` is not in the {} version", r.name);
        let help = match theirs.get(i).and_then(|t| t.id.as_ref()) {
            Some(other) => format!(
                "the {} version's source {} has `id: {other}` at {}: both versions cite the same ids",
                r.name,
                i + 1,
                r.place(source_pos(r, i, "id"))
            ),
            None => format!("give the same source `id: {id}` in {}", r.doc.src.path.display()),
        };
        out.push(o.warn(source_pos(o, i, "id"), msg).help(help));
    }
    out
}

/// Grades that differ, sources matched by id, or by place when neither has one.
fn grades(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let theirs = &r.doc.meta.sources;
    let mut out = Vec::new();
    for (i, s) in o.doc.meta.sources.iter().enumerate() {
        let j = match &s.id {
            Some(id) => theirs.iter().position(|t| t.id.as_ref() == Some(id)),
            // By place only when the lists match (else the count's warning says it).
            None if o.doc.meta.sources.len() == theirs.len() => theirs.get(i).filter(|t| t.id.is_none()).map(|_| i),
            None => None,
        };
        let Some(j) = j else { continue };
        let (a, b) = (s.grade, theirs[j].grade);
        if a == b {
            continue;
        }
        let show = |g: Option<crate::sources::Grade>| g.map_or("no grade".to_string(), |g| format!("`{g}`"));
        let name = s.id.as_ref().map_or_else(|| format!("source {}", i + 1), |id| format!("source `{id}`"));
        let msg = format!("{name} is graded {} here but {} in the {} version", show(a), show(b), r.name);
        let help = format!("the {} version grades it at {}", r.name, r.place(source_pos(r, j, "grade")));
        out.push(o.warn(source_pos(o, i, "grade"), msg).help(help));
    }
    out
}

/// Figures: the same ids in the same order, so numbers match.
fn figures(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let ours = crate::figures::in_body(&o.doc.body);
    let theirs = crate::figures::in_body(&r.doc.body);
    let line = |v: &Version, offset: usize| {
        let (line, _) = Lines::new(&v.doc.body, v.doc.body_line).at(&v.doc.body, offset);
        Some(Pos { line, col: 1, len: 1 })
    };
    let show = |id: &Option<String>| id.as_ref().map_or("no id".to_string(), |id| format!("`{id}`"));
    for (n, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        if a.id != b.id {
            let msg = format!(
                "figure {} has {} here but {} in the {} version: figures must come in the same order",
                n + 1,
                show(&a.id),
                show(&b.id),
                r.name
            );
            let help = format!("the {} version's figure {} is at {}", r.name, n + 1, r.place(line(r, b.offset)));
            return vec![o.warn(line(o, a.offset), msg).help(help)];
        }
    }
    // A missing chart is already named by the charts' own check.
    let images = |fs: &[crate::figures::Figure]| fs.iter().filter(|f| !f.chart).count();
    if images(&ours) != images(&theirs) {
        let msg = format!("this version has {} figures but the {} version has {}", ours.len(), r.name, theirs.len());
        let pos = ours.get(theirs.len()).and_then(|f| line(o, f.offset));
        let help = "charts and images alone in a paragraph are numbered figures: give both versions the same ones";
        return vec![o.warn(pos, msg).help(help)];
    }
    Vec::new()
}
