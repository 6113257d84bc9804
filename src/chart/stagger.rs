//! Where a timeline's labels go: the time axis, the side of each label, its
//! lines, and its level above the axis.
//!
//! Takes a timeline's events, sorted by date, and the page's locale;
//! returns the axis and the placed labels, so that no two labels overlap and
//! no leader line (from a marker up to its label) crosses another label.
//! Labels run from their marker in the reading direction, or the other way
//! near the end of the line; long ones wrap onto two lines. A label that
//! passes over another event's marker stands above that event's label, so
//! the levels form a staircase. When two labels would each pass over the
//! other's marker (no order of levels can then avoid a crossing), every
//! label runs in the reading direction instead and the axis stops short of
//! the end of the line to make room for the last ones. Refuses nothing: a
//! label with no room left is shortened with "…".

use chrono::{Datelike, NaiveDate};

use super::TimelineEvent;
use super::svg::{Align, FONT, PAD, SMALL, W};
use super::text;
use crate::locale::Locale;

/// How much larger text is drawn on phones: as for other charts (see
/// `svg::FIT`), so that labels render at 12 CSS px or more at 360 px.
pub const FIT: f64 = super::svg::FIT;
/// Space between a marker's leader line and its label, and between labels.
pub const GAP: f64 = 6.0;
/// The widest a label may be on one line, its day included.
const LABEL_ONE: f64 = 340.0;
/// The widest a label may be on two lines.
const LABEL_W: f64 = 250.0;
/// At most this many rows of labels; beyond, labels may overlap.
const MAX_ROWS: usize = 24;

/// Width of text as layout must allow for it, at the larger phone size.
pub fn measure(s: &str, size: f64) -> f64 {
    text::width(s, size * FIT)
}

/// The time axis: first and last day shown, in days since the common era,
/// and where they stand. Time starts at the reading start of the line.
#[derive(Debug, Clone, Copy)]
pub struct Axis {
    pub d0: f64,
    pub d1: f64,
    /// Where `d0` and `d1` are drawn.
    pub start: f64,
    pub end: f64,
}

impl Axis {
    pub fn x(&self, d: NaiveDate) -> f64 {
        self.start + (day(d) - self.d0) / (self.d1 - self.d0) * (self.end - self.start)
    }

    /// The days as plotters takes them: left end first.
    pub fn range(&self) -> std::ops::Range<f64> {
        if self.start <= self.end { self.d0..self.d1 } else { self.d1..self.d0 }
    }

    pub fn left(&self) -> f64 {
        self.start.min(self.end)
    }

    pub fn right(&self) -> f64 {
        self.start.max(self.end)
    }
}

/// An event's label, placed.
#[derive(Debug, Clone)]
pub struct Placed {
    pub date: NaiveDate,
    /// "12 Sep", written in bold before the first line.
    pub day: String,
    /// One or two lines of label, the first after the day.
    pub lines: Vec<String>,
    /// The row of the label's first line (0 is the row just above the axis).
    pub top: usize,
    /// Where the text stands: the end of its span next to the marker.
    pub x: f64,
    /// Which side of `x` the text runs to.
    pub align: Align,
}

fn day(d: NaiveDate) -> f64 {
    d.num_days_from_ce() as f64
}

/// A label before it has a row.
struct Item {
    px: f64,
    day: String,
    lines: Vec<String>,
    span: (f64, f64),
}

impl Item {
    /// Whether this label passes over `other`'s marker.
    fn covers(&self, other: &Item) -> bool {
        self.span.0 - 3.0 <= other.px && other.px <= self.span.1 + 3.0
    }
}

/// An event's texts, measured.
struct Text {
    day: String,
    day_w: f64,
    label: String,
}

/// Lays out the axis and places every label.
pub fn stagger(events: &[TimelineEvent], locale: &Locale, rtl: bool) -> (Axis, Vec<Placed>) {
    let first = events.iter().map(|e| day(e.date)).fold(f64::INFINITY, f64::min);
    let last = events.iter().map(|e| day(e.date)).fold(f64::NEG_INFINITY, f64::max);
    let pad = if last > first { ((last - first) * 0.03).max(2.0) } else { 15.0 };
    let (d0, d1) = (first - pad, last + pad);
    let with_year = events.first().map(|e| e.date.year()) != events.last().map(|e| e.date.year());
    let texts: Vec<Text> = events
        .iter()
        .map(|e| {
            let day = day_label(e.date, locale, with_year);
            let day_w = measure(&day, SMALL) * 1.06 + measure(" ", FONT);
            Text { day, day_w, label: e.label.clone() }
        })
        .collect();
    let start = if rtl { W as f64 - PAD - 8.0 } else { PAD + 8.0 };
    let full = W as f64 - 2.0 * PAD - 16.0;
    let axis = |len: f64| Axis { d0, d1, start, end: if rtl { start - len } else { start + len } };
    let both_ways = items(events, &texts, &axis(full), rtl, false);
    let tangled = both_ways
        .iter()
        .enumerate()
        .any(|(i, a)| both_ways.iter().enumerate().any(|(j, b)| i != j && a.covers(b) && b.covers(a)));
    if !tangled {
        return (axis(full), place(events, both_ways));
    }
    let len = forward_length(events, &texts, &axis(full), full);
    let axis = axis(len);
    let forward = items(events, &texts, &axis, rtl, true);
    (axis, place(events, forward))
}

/// The longest axis that leaves every label room to run forward, but at
/// least 60% of the line.
fn forward_length(events: &[TimelineEvent], texts: &[Text], full_axis: &Axis, full: f64) -> f64 {
    let room = full + 8.0;
    let mut len = full;
    for (e, t) in events.iter().zip(texts) {
        let at = (day(e.date) - full_axis.d0) / (full_axis.d1 - full_axis.d0);
        let w = fit(t, LABEL_ONE).map_or(LABEL_W, |(_, w)| w);
        if at > 0.0 {
            len = len.min((room - GAP - w) / at);
        }
    }
    len.max(full * 0.6)
}

/// Labels with their lines and spans. A label goes on one line ahead of
/// its marker (in the reading direction) if it fits, else on two lines
/// ahead, else (unless `forward_only`) behind on one or two lines, else on
/// the roomier side, shortened.
fn items(events: &[TimelineEvent], texts: &[Text], axis: &Axis, rtl: bool, forward_only: bool) -> Vec<Item> {
    let (lo, hi) = (PAD, W as f64 - PAD);
    events
        .iter()
        .zip(texts)
        .map(|(e, t)| {
            let px = axis.x(e.date);
            let (after, before) = (hi - px - GAP, px - GAP - lo);
            let (ahead, behind) = if rtl { (before, after) } else { (after, before) };
            let (forward, (lines, w)) = match (fit(t, ahead), fit(t, behind)) {
                (Some(f), _) => (true, f),
                (None, Some(b)) if !forward_only => (false, b),
                _ => {
                    let forward = forward_only || ahead >= behind;
                    let room = if forward { ahead } else { behind };
                    let (lines, w, _) = wrap(t, LABEL_W.min(room).max(0.0));
                    (forward, (lines, w))
                }
            };
            let runs_right = forward != rtl;
            let span = if runs_right { (px + GAP, px + GAP + w) } else { (px - GAP - w, px - GAP) };
            Item { px, day: t.day.clone(), lines, span }
        })
        .collect()
}

/// The label whole within `room`: on one line, or else on two.
fn fit(t: &Text, room: f64) -> Option<(Vec<String>, f64)> {
    let one = t.day_w + measure(&t.label, FONT);
    if one <= room.min(LABEL_ONE) {
        return Some((vec![t.label.clone()], one));
    }
    let (lines, w, whole) = wrap(t, LABEL_W.min(room));
    (whole && w <= room).then_some((lines, w))
}

/// A label on one line if it fits `max` with its day, else on two: as
/// many words as fit after the day, then the rest, shortened if need be.
/// Returns the lines, the width they take, and whether nothing was cut.
fn wrap(t: &Text, max: f64) -> (Vec<String>, f64, bool) {
    let one = t.day_w + measure(&t.label, FONT);
    if one <= max {
        return (vec![t.label.clone()], one, true);
    }
    let words: Vec<&str> = t.label.split_whitespace().collect();
    let mut first = String::new();
    let mut used = 0;
    for word in &words {
        let candidate = if first.is_empty() { word.to_string() } else { format!("{first} {word}") };
        if t.day_w + measure(&candidate, FONT) > max {
            break;
        }
        first = candidate;
        used += 1;
    }
    let rest = words[used..].join(" ");
    let second = text::truncate(&rest, max, FONT * FIT);
    let w = (t.day_w + measure(&first, FONT)).max(measure(&second, FONT));
    let whole = second == rest;
    (vec![first, second], w, whole)
}

/// Gives each label rows so that no two labels overlap and no leader line
/// crosses a label: a label that passes over another event's marker stands
/// above that event's label. Labels get the lowest free rows, each after
/// every label it must stand above.
fn place(events: &[TimelineEvent], items: Vec<Item>) -> Vec<Placed> {
    let n = items.len();
    let below: Vec<Vec<usize>> =
        (0..n).map(|i| (0..n).filter(|&j| i != j && items[i].covers(&items[j])).collect()).collect();
    // The lowest row of each placed label, and its number of rows.
    let mut rows: Vec<Option<(usize, usize)>> = vec![None; n];
    for _ in 0..n {
        // The first label whose markers below are all placed (on a cycle,
        // which only labels shortened to nothing can make, the first left).
        let ready = (0..n).find(|&i| rows[i].is_none() && below[i].iter().all(|&j| rows[j].is_some()));
        let Some(i) = ready.or_else(|| (0..n).find(|&i| rows[i].is_none())) else { break };
        let tall = items[i].lines.len();
        let min = below[i].iter().filter_map(|&j| rows[j]).map(|(b, t)| b + t).max().unwrap_or(0);
        let (a, b) = items[i].span;
        let free = |low: usize| {
            (0..n).all(|k| match rows[k] {
                Some((kb, kt)) => {
                    let apart = b + GAP <= items[k].span.0 || a >= items[k].span.1 + GAP;
                    apart || low + tall <= kb || kb + kt <= low
                }
                None => true,
            })
        };
        let low = (min..MAX_ROWS).find(|&l| free(l)).unwrap_or(min.min(MAX_ROWS - 1));
        rows[i] = Some((low, tall));
    }
    items
        .into_iter()
        .zip(events)
        .zip(rows)
        .map(|((item, e), rows)| {
            let (low, tall) = rows.unwrap_or((0, 1));
            // Text stands against its leader line, whichever side of it it runs to.
            let (x, align) =
                if item.span.0 > item.px { (item.span.0, Align::Left) } else { (item.span.1, Align::Right) };
            Placed { date: e.date, day: item.day, lines: item.lines, top: low + tall - 1, x, align }
        })
        .collect()
}

/// "12 Sep", or "12 Sep 2025" when the events span more than one year.
fn day_label(d: NaiveDate, locale: &Locale, with_year: bool) -> String {
    let s = if with_year {
        format!("{} {} {}", d.day(), locale.month_short(d.month()), d.year())
    } else {
        format!("{} {}", d.day(), locale.month_short(d.month()))
    };
    locale.digits(&s)
}
