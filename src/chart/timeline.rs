//! Timelines: dated events along a horizontal time axis, each with a marker
//! on the axis and a label above it, labels staggered in rows (see
//! `stagger`) so that none overlaps another. Time runs left to right on
//! left-to-right pages and right to left on right-to-left ones.
//!
//! Takes a resolved [`Chart`] of kind timeline and the page's locale;
//! returns the `<svg>`. Plotters maps dates to the axis and draws the axis,
//! ticks, leader lines and markers; dates and labels are written by hand,
//! dates through the locale's month names and digits. Refuses nothing: a
//! label too long for the width is shortened (the table holds it whole).

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use super::stagger::{Axis, FIT, measure, stagger};
use super::svg::{self, Align, FONT, Frame, LINE, PAD, Res, SMALL, W};
use super::{Chart, text};
use crate::locale::Locale;

/// Vertical distance between rows of labels.
const ROW: f64 = 30.0;

/// The `<svg>` of a timeline.
pub fn draw(chart: &Chart, locale: &Locale, words: &super::Words, id: &str) -> String {
    plot(chart, locale, id).unwrap_or_else(|_| svg::empty(chart, locale, words, id))
}

fn plot(chart: &Chart, locale: &Locale, id: &str) -> Res<String> {
    let rtl = locale.is_rtl();
    let mut events = chart.events.clone();
    events.sort_by_key(|e| e.date);
    let (axis, placed) = stagger(&events, locale, rtl);
    let rows = placed.iter().map(|p| p.top + 1).max().unwrap_or(1);
    let axis_y = PAD + rows as f64 * ROW + 4.0;
    let height = (axis_y + 10.0 + LINE + PAD).ceil() as u32;
    let ticks = ticks(&axis, locale);
    let frame = Frame { id, title: &chart.title, rtl, height, patterned: false, fit: FIT };
    svg::render(&frame, |root, texts| {
        let mut plot = ChartBuilder::on(root)
            .margin_left(axis.left())
            .margin_right(W as f64 - axis.right())
            .build_cartesian_2d(axis.range(), height as f64..0.0)?;
        let line = PathElement::new(vec![(axis.d0, axis_y), (axis.d1, axis_y)], svg::INK.stroke_width(1));
        plot.draw_series(std::iter::once(line))?;
        for (d, label) in &ticks {
            let tick = PathElement::new(vec![(*d, axis_y), (*d, axis_y + 5.0)], svg::INK.stroke_width(1));
            plot.draw_series(std::iter::once(tick))?;
            let (x, _) = plot.backend_coord(&(*d, axis_y));
            texts.put_top(x as f64, axis_y + 8.0, Align::Center, SMALL, &text::label(label, rtl));
        }
        let baseline = |row: usize| axis_y - 16.0 - row as f64 * ROW;
        for p in &placed {
            let d = p.date.num_days_from_ce() as f64;
            let top = baseline(p.top) - FONT * 0.35;
            let leader = PathElement::new(vec![(d, axis_y), (d, top)], svg::INK.mix(0.4).stroke_width(1));
            plot.draw_series(std::iter::once(leader))?;
            svg::marker(plot.plotting_area(), (d, axis_y), 0, 5)?;
            let size = svg::em(SMALL);
            let day = format!("<tspan font-weight=\"600\" font-size=\"{size}\">{}</tspan>", text::label(&p.day, rtl));
            for (k, line) in p.lines.iter().enumerate() {
                let row = p.top.saturating_sub(k);
                let line = if line.is_empty() { String::new() } else { text::label(line, rtl) };
                let content = if k == 0 { format!("{day} {line}") } else { line };
                texts.put(p.x, baseline(row), p.align, FONT, &content);
            }
        }
        Ok(())
    })
}

/// Tick dates along the axis and their labels: days (every 1, 2, 5, 7 or
/// 14) for short spans, else months (every 1, 2, 3 or 6) or years, the
/// finest whose labels neither crowd nor run off the edges.
fn ticks(axis: &Axis, locale: &Locale) -> Vec<(f64, String)> {
    let (Some(start), Some(end)) = (date(axis.d0.ceil()), date(axis.d1.floor())) else { return Vec::new() };
    let per_day = (axis.end - axis.start).abs() / (axis.d1 - axis.d0);
    let inside = |d: NaiveDate, label: &str| {
        let x = axis.x(d);
        let half = measure(label, SMALL) / 2.0 + 2.0;
        x - half >= 0.0 && x + half <= W as f64
    };
    let steps =
        [(1, 0), (2, 0), (5, 0), (7, 0), (14, 0), (0, 1), (0, 2), (0, 3), (0, 6), (0, 12), (0, 24), (0, 60), (0, 120)];
    for (days, months) in steps {
        let dates = if days > 0 { day_ticks(start, end, days) } else { month_ticks(start, end, months) };
        let mut ticks: Vec<(NaiveDate, String)> = Vec::new();
        for d in dates {
            let first = ticks.is_empty();
            let label = tick_label(d, days > 0, months, first, locale);
            if inside(d, &label) {
                ticks.push((d, label));
            }
        }
        if ticks.len() < 2 || ticks.len() > 8 {
            continue;
        }
        let widest = ticks.iter().map(|(_, l)| measure(l, SMALL)).fold(0.0, f64::max);
        let spacing = per_day * (ticks[1].0 - ticks[0].0).num_days() as f64;
        if widest + 10.0 <= spacing {
            return ticks.into_iter().map(|(d, l)| (d.num_days_from_ce() as f64, l)).collect();
        }
    }
    Vec::new()
}

/// "12 Sep", "Sep", "Sep 2025" (the first month shown, and each January) or "2025".
fn tick_label(d: NaiveDate, daily: bool, months: i32, first: bool, locale: &Locale) -> String {
    let label = if daily {
        format!("{} {}", d.day(), locale.month_short(d.month()))
    } else if months >= 12 {
        d.year().to_string()
    } else if first || d.month() == 1 {
        format!("{} {}", locale.month_short(d.month()), d.year())
    } else {
        locale.month_short(d.month())
    };
    locale.digits(&label)
}

fn date(days: f64) -> Option<NaiveDate> {
    if !days.is_finite() || days.abs() > i32::MAX as f64 {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(days as i32)
}

fn day_ticks(start: NaiveDate, end: NaiveDate, step: i64) -> Vec<NaiveDate> {
    let span = (end - start).num_days();
    if span / step > 10 {
        return Vec::new();
    }
    (0..=span / step).filter_map(|i| start.checked_add_days(chrono::Days::new((i * step) as u64))).collect()
}

fn month_ticks(start: NaiveDate, end: NaiveDate, step: i32) -> Vec<NaiveDate> {
    let index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let (first, last) = (index(start) + 1, index(end));
    if (last - first) / step > 10 {
        return Vec::new();
    }
    (first..=last)
        .filter(|m| m.rem_euclid(step) == 0)
        .filter_map(|m| NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1))
        .collect()
}
