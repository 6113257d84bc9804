//! Facts two versions of a brief must share.
//!
//! Takes a version and the version it is compared with; returns a warning
//! in the first for each fact that differs: `date`, `updated`, `topics`,
//! `regions`, the events (by date, region and kind, not their titles), the
//! number of sources, and the numbers of inline chart blocks. Charts that
//! read a data file share their numbers by construction; only the file they
//! name is compared. A chart block whose YAML does not parse is left to the
//! build's own errors.

use super::Version;
use super::numbers::{self, ChartBlock};
use crate::chart::Numbers;
use crate::config::Tax;
use crate::diag::{Diagnostic, Pos};
use crate::fields::index;
use crate::yaml::{Locator, Seg};
use chrono::NaiveDate;

/// Every fact of `o` that differs from `r`, as warnings in `o`.
pub fn compare(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(dates(o, r));
    for tax in Tax::ALL {
        out.extend(terms(o, r, tax.as_str(), o.doc.meta.terms(tax), r.doc.meta.terms(tax)));
    }
    out.extend(events(o, r));
    out.extend(sources(o, r));
    out.extend(charts(o, r));
    out
}

/// The help line of a fact: where the other version states it.
fn see(r: &Version, field: &str) -> String {
    format!("the {} version has it at {}", r.name, r.place(r.loc().key(&[Seg::Key(field)])))
}

fn dates(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ol = o.loc();
    let value = |loc: &Locator, key: &str, d: NaiveDate| loc.value(&[Seg::Key(key)], &d.to_string());
    if let (Some(a), Some(b)) = (o.doc.meta.date.get(), r.doc.meta.date.get())
        && a != b
    {
        let msg = format!("`date` is {a} here but {b} in the {} version", r.name);
        out.push(o.warn(value(&ol, "date", a), msg).help(see(r, "date")));
    }
    let at_date = ol.key(&[Seg::Key("date")]);
    let d = match (o.doc.meta.updated, r.doc.meta.updated) {
        (Some(a), Some(b)) if a != b => {
            let msg = format!("`updated` is {a} here but {b} in the {} version", r.name);
            o.warn(value(&ol, "updated", a), msg).help(see(r, "updated"))
        }
        (Some(a), None) => {
            let msg = format!("`updated` is {a} here but missing in the {} version", r.name);
            o.warn(value(&ol, "updated", a), msg)
                .help(format!("add `updated: {a}` to {}, or remove it here", r.doc.src.path.display()))
        }
        (None, Some(b)) => {
            let msg = format!("`updated` is missing here but {b} in the {} version", r.name);
            o.warn(at_date, msg).help(format!("add `updated: {b}` after `date`"))
        }
        _ => return out,
    };
    out.push(d);
    out
}

/// `topics` or `regions`, compared as sets.
fn terms(o: &Version, r: &Version, field: &str, ours: &[String], theirs: &[String]) -> Vec<Diagnostic> {
    let here: Vec<&String> = ours.iter().filter(|k| !theirs.contains(k)).collect();
    let there: Vec<&String> = theirs.iter().filter(|k| !ours.contains(k)).collect();
    if here.is_empty() && there.is_empty() {
        return Vec::new();
    }
    let list = |keys: &[&String]| keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    let parts = sides(&list(&here), &list(&there));
    let loc = o.loc();
    let pos = match here.first() {
        Some(k) => loc.value(&[Seg::Key(field)], k),
        None => loc.key(&[Seg::Key(field)]),
    };
    let msg = format!("`{field}` differ from the {} version ({parts})", r.name);
    vec![o.warn(pos, msg).help(see(r, field))]
}

/// "only here: …; only there: …", leaving out an empty side.
fn sides(here: &str, there: &str) -> String {
    let mut parts = Vec::new();
    if !here.is_empty() {
        parts.push(format!("only here: {here}"));
    }
    if !there.is_empty() {
        parts.push(format!("only there: {there}"));
    }
    parts.join("; ")
}

type EventKey<'a> = (NaiveDate, &'a str, &'a str);

fn event_keys<'a>(v: &Version<'a>) -> Vec<EventKey<'a>> {
    v.doc.meta.events.iter().map(|e| (e.date, e.region.as_str(), e.kind.as_str())).collect()
}

/// What is in `a` and not in `b`, counting repeats: (index in `a`, item).
fn minus<'k>(a: &[EventKey<'k>], b: &[EventKey<'k>]) -> Vec<(usize, EventKey<'k>)> {
    let mut left: Vec<Option<&EventKey>> = b.iter().map(Some).collect();
    let mut out = Vec::new();
    for (i, e) in a.iter().enumerate() {
        match left.iter_mut().find(|x| x.is_some_and(|x| x == e)) {
            Some(slot) => *slot = None,
            None => out.push((i, *e)),
        }
    }
    out.sort_by_key(|(_, e)| *e);
    out
}

/// Events compared as sorted lists of (date, region, kind).
fn events(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let (ours, theirs) = (event_keys(o), event_keys(r));
    let here = minus(&ours, &theirs);
    let there = minus(&theirs, &ours);
    if here.is_empty() && there.is_empty() {
        return Vec::new();
    }
    let list = |es: &[(usize, EventKey)]| {
        es.iter().map(|(_, (d, region, kind))| format!("{d} {kind} in {region}")).collect::<Vec<_>>().join(", ")
    };
    let parts = sides(&list(&here), &list(&there));
    let loc = o.loc();
    let pos = match here.first() {
        Some((i, _)) => loc.start(&index(&[], "events", *i)),
        None => loc.key(&[Seg::Key("events")]),
    };
    let msg = format!("`events` differ from the {} version ({parts})", r.name);
    vec![o.warn(pos, msg).help(see(r, "events"))]
}

fn sources(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let (a, b) = (o.doc.meta.sources.len(), r.doc.meta.sources.len());
    if a == b {
        return Vec::new();
    }
    let msg = format!("`sources` lists {} here but {b} in the {} version", plural(a, "source"), r.name);
    vec![o.warn(o.loc().key(&[Seg::Key("sources")]), msg).help(see(r, "sources"))]
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

fn chart_numbers(block: &ChartBlock) -> Numbers {
    crate::chart::numbers(&block.yaml, block.fence_line)
}

/// Inline chart numbers, block by block.
fn charts(o: &Version, r: &Version) -> Vec<Diagnostic> {
    let ours = numbers::chart_blocks(&o.doc.body, o.doc.body_line);
    let theirs = numbers::chart_blocks(&r.doc.body, r.doc.body_line);
    let mut out = Vec::new();
    let fence = |b: &ChartBlock| Some(Pos { line: b.fence_line, col: 1, len: 3 });
    if ours.len() != theirs.len() {
        let pos = ours.get(theirs.len()).and_then(fence);
        let msg =
            format!("this version has {} but the {} version has {}", plural(ours.len(), "chart"), r.name, theirs.len());
        out.push(o.warn(pos, msg));
    }
    for (n, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        if let Some((pos, msg)) = chart_difference(n + 1, a, b, r.name) {
            let help = format!("the {} version's chart is at {}", r.name, r.place(fence(b)));
            out.push(o.warn(pos.or(fence(a)), msg).help(help));
        }
    }
    out
}

/// How chart `n` of this version (`a`) differs from the other's (`b`),
/// with the place to fix when there is a better one than the fence.
fn chart_difference(n: usize, a: &ChartBlock, b: &ChartBlock, name: &str) -> Option<(Option<Pos>, String)> {
    let diff = match (chart_numbers(a), chart_numbers(b)) {
        (Numbers::Inline(x), Numbers::Inline(y)) => {
            let (xv, yv): (Vec<_>, Vec<_>) = (x.iter().map(|s| &s.0).collect(), y.iter().map(|s| &s.0).collect());
            if xv == yv {
                return None;
            }
            let first = (0..x.len()).find(|&i| y.get(i).is_none_or(|s| s.0 != x[i].0));
            let msg =
                format!("chart {n}'s values differ from the {name} version: {} here, {} there", show(&xv), show(&yv));
            (first.and_then(|i| x[i].1), msg)
        }
        (Numbers::File(x, pos), Numbers::File(y, _)) if x != y => {
            (pos, format!("chart {n} reads `data: {x}` here but `data: {y}` in the {name} version"))
        }
        (Numbers::File(x, pos), Numbers::Inline(_)) => {
            (pos, format!("chart {n} reads `data: {x}` here but inline values in the {name} version"))
        }
        (Numbers::Inline(_), Numbers::File(y, _)) => {
            (None, format!("chart {n} has inline values here but reads `data: {y}` in the {name} version"))
        }
        _ => return None,
    };
    Some(diff)
}

/// `[4, 6, 3]; [1, 2, 0]`: each series' values.
fn show(series: &[&Vec<String>]) -> String {
    series.iter().map(|v| format!("[{}]", v.join(", "))).collect::<Vec<_>>().join("; ")
}
