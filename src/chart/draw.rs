//! Vertical charts: bars (grouped when there are several series), stacked
//! bars and lines, over categories along a horizontal axis.
//!
//! Takes a resolved [`Chart`] and the page's locale; returns the `<svg>`.
//! Plotters maps values to the plot area and draws the gridlines, bars,
//! lines and markers; tick labels, category labels, value labels and the
//! legend text are written by hand. On right-to-left pages the category
//! axis runs from the right and the value axis stands on the right. Refuses
//! nothing: values that are not finite are left out.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::scale::{self, Scale};
use super::svg::{self, Align, Categories, FONT, Frame, LINE, Legend, PAD, Res, SMALL, Texts, W};
use super::text;
use super::{Chart, Kind};
use crate::locale::Locale;

/// Height of the plot area.
const PLOT_H: f64 = 260.0;
/// Value labels are written on bars when there are at most this many.
pub const MAX_VALUE_LABELS: usize = 12;

type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The `<svg>` of a bar, stacked or line chart.
pub fn vertical(chart: &Chart, locale: &Locale, words: &super::Words, id: &str) -> String {
    plot(chart, locale, id).unwrap_or_else(|_| svg::empty(chart, locale, words, id))
}

/// Where everything goes, worked out before drawing.
struct Layout {
    n: usize,
    scale: Scale,
    ticks: Vec<String>,
    legend: Option<Legend>,
    cats: Categories,
    /// Margins around the plot area.
    top: f64,
    bottom: f64,
    left: f64,
    right: f64,
    height: u32,
}

/// A value, if it can be drawn.
pub fn value(values: &[f64], i: usize) -> Option<f64> {
    values.get(i).copied().filter(|v| v.is_finite())
}

/// The lowest and highest values the axis must show, and whether all are whole.
pub fn domain(chart: &Chart) -> (f64, f64, bool) {
    let n = chart.labels.len();
    let all = || chart.series.iter().flat_map(|s| (0..n).filter_map(|i| value(&s.values, i)));
    let whole = all().all(|v| v.fract() == 0.0);
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    if chart.kind == Kind::Stacked {
        for i in 0..n {
            let vals = chart.series.iter().filter_map(|s| value(&s.values, i));
            let (pos, neg) = vals.fold((0.0, 0.0), |(p, m), v| if v >= 0.0 { (p + v, m) } else { (p, m + v) });
            (lo, hi) = (lo.min(neg), hi.max(pos));
        }
    } else {
        let (min, max) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        (lo, hi) = (lo.min(min), hi.max(max));
        // A line far from zero is shown around its values, not squashed at the top.
        if chart.kind == Kind::Line && min > 0.0 && min > 0.5 * max {
            lo = min;
        }
    }
    (lo, hi, whole)
}

fn layout(chart: &Chart, locale: &Locale) -> Layout {
    let n = chart.labels.len().max(1);
    let (lo, hi, whole) = domain(chart);
    let scale = scale::nice(lo, hi, 5, whole);
    let ticks: Vec<String> = scale.ticks.iter().map(|t| locale.number(*t)).collect();
    let gutter = ticks.iter().map(|t| svg::measure(t, SMALL)).fold(0.0, f64::max) + 14.0;
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let legend = Legend::new(&names);
    let band = (W as f64 - 2.0 * PAD - gutter) / n as f64;
    let cats = svg::categories(&chart.labels, band);
    let top = PAD + legend.as_ref().map_or(0.0, Legend::height) + LINE;
    let below_zero = if scale.min < 0.0 { LINE } else { 0.0 };
    let bottom = 8.0 + cats.rows as f64 * LINE + PAD + below_zero;
    let (left, right) = if locale.is_rtl() { (PAD, PAD + gutter) } else { (PAD + gutter, PAD) };
    let height = (top + PLOT_H + bottom).ceil() as u32;
    Layout { n, scale, ticks, legend, cats, top, bottom, left, right, height }
}

fn plot(chart: &Chart, locale: &Locale, id: &str) -> Res<String> {
    let rtl = locale.is_rtl();
    let lay = layout(chart, locale);
    let patterned = chart.series.len() > 1 && chart.kind != Kind::Line;
    let frame = Frame { id, title: &chart.title, rtl, height: lay.height, patterned, fit: svg::FIT };
    svg::render(&frame, |root, texts| {
        if let Some(legend) = &lay.legend {
            legend.draw(root, texts, PAD, chart.kind == Kind::Line)?;
        }
        let n = lay.n as f64;
        let x_range = if rtl { n..0.0 } else { 0.0..n };
        let mut plot = ChartBuilder::on(root)
            .margin_top(lay.top)
            .margin_bottom(lay.bottom)
            .margin_left(lay.left)
            .margin_right(lay.right)
            .build_cartesian_2d(x_range, lay.scale.min..lay.scale.max)?;
        grid(&mut plot, &lay, texts)?;
        match chart.kind {
            Kind::Line => lines(&mut plot, chart)?,
            Kind::Stacked => stacks(&mut plot, chart, locale, texts)?,
            _ => bars(&mut plot, chart, locale, texts)?,
        }
        baseline(&mut plot, &lay)?;
        categories(&plot, &lay, texts);
        Ok(())
    })
}

/// Gridlines at each tick, with the tick's number beside the axis.
fn grid(plot: &mut Plot, lay: &Layout, texts: &mut Texts) -> Res {
    let n = lay.n as f64;
    let rtl = texts.is_rtl();
    for (t, label) in lay.scale.ticks.iter().zip(&lay.ticks) {
        plot.draw_series(std::iter::once(PathElement::new(vec![(0.0, *t), (n, *t)], svg::grid_style())))?;
        let (_, y) = plot.backend_coord(&(0.0, *t));
        let (x, align) = if rtl { (W as f64 - lay.right + 8.0, Align::Left) } else { (lay.left - 8.0, Align::Right) };
        texts.put_mid(x, y as f64, align, SMALL, &text::number(label, rtl));
    }
    Ok(())
}

/// The zero line, in the text colour.
fn baseline(plot: &mut Plot, lay: &Layout) -> Res {
    let zero = 0.0f64.clamp(lay.scale.min, lay.scale.max);
    let line = PathElement::new(vec![(0.0, zero), (lay.n as f64, zero)], svg::INK.stroke_width(1));
    plot.draw_series(std::iter::once(line))?;
    Ok(())
}

/// Category labels under the plot, centred on their band.
fn categories(plot: &Plot, lay: &Layout, texts: &mut Texts) {
    let rtl = texts.is_rtl();
    let bottom = lay.height as f64 - lay.bottom;
    for (i, lines) in lay.cats.lines.iter().enumerate() {
        let (x, _) = plot.backend_coord(&(i as f64 + 0.5, lay.scale.min));
        for (j, line) in lines.iter().enumerate() {
            let y = bottom + 6.0 + LINE * j as f64;
            texts.put_top(x as f64, y, Align::Center, FONT, &text::label(line, rtl));
        }
    }
}

/// Grouped bars: within each band, one bar per series.
fn bars(plot: &mut Plot, chart: &Chart, locale: &Locale, texts: &mut Texts) -> Res {
    let n = chart.labels.len();
    let k_count = chart.series.len().max(1);
    let group = if k_count == 1 { 0.64 } else { 0.8 };
    let slot = group / k_count as f64;
    let labelled = n * k_count <= MAX_VALUE_LABELS;
    for (k, s) in chart.series.iter().enumerate() {
        let style = svg::series_color(k).filled();
        let mut rects = Vec::new();
        for i in 0..n {
            let Some(v) = value(&s.values, i) else { continue };
            let x0 = i as f64 + (1.0 - group) / 2.0 + k as f64 * slot;
            rects.push(Rectangle::new([(x0, 0.0), (x0 + slot, v)], style));
            if labelled {
                value_label(plot, texts, &locale.number(v), (x0 + slot / 2.0, v), slot);
            }
        }
        plot.draw_series(rects)?;
    }
    Ok(())
}

/// Stacked bars: positive values stack up from zero, negative ones down.
fn stacks(plot: &mut Plot, chart: &Chart, locale: &Locale, texts: &mut Texts) -> Res {
    let n = chart.labels.len();
    let width = 0.6;
    let mut pos = vec![0.0; n];
    let mut neg = vec![0.0; n];
    for (k, s) in chart.series.iter().enumerate() {
        let style = svg::series_color(k).filled();
        let mut rects = Vec::new();
        for i in 0..n {
            let Some(v) = value(&s.values, i) else { continue };
            let x0 = i as f64 + (1.0 - width) / 2.0;
            let acc = if v >= 0.0 { &mut pos[i] } else { &mut neg[i] };
            rects.push(Rectangle::new([(x0, *acc), (x0 + width, *acc + v)], style));
            *acc += v;
        }
        plot.draw_series(rects)?;
    }
    if n <= MAX_VALUE_LABELS {
        for i in 0..n {
            let total: f64 = chart.series.iter().filter_map(|s| value(&s.values, i)).sum();
            let end = if total >= 0.0 { pos[i] } else { neg[i] };
            value_label(plot, texts, &locale.number(total), (i as f64 + 0.5, end), width);
        }
    }
    Ok(())
}

/// A number just beyond the end of a bar, when it fits the bar's width.
fn value_label(plot: &Plot, texts: &mut Texts, shown: &str, (x, v): (f64, f64), slot: f64) {
    let rtl = texts.is_rtl();
    let (px, py) = plot.backend_coord(&(x, v));
    let (left, _) = plot.backend_coord(&(0.0, v));
    let (right, _) = plot.backend_coord(&(slot, v));
    let room = (right - left).abs() as f64 + 8.0;
    if svg::measure(shown, SMALL) > room {
        return;
    }
    let y = if v >= 0.0 { py as f64 - 6.0 } else { py as f64 + 6.0 + SMALL * 0.75 };
    texts.put(px as f64, y, Align::Center, SMALL, &text::number(shown, rtl));
}

/// One line per series through the band centres, with a marker at each point.
fn lines(plot: &mut Plot, chart: &Chart) -> Res {
    let n = chart.labels.len();
    let r = if n > 60 {
        2
    } else if n > 24 {
        3
    } else {
        4
    };
    for (k, s) in chart.series.iter().enumerate() {
        let points: Vec<(f64, f64)> = (0..n).filter_map(|i| value(&s.values, i).map(|v| (i as f64 + 0.5, v))).collect();
        let style = svg::series_color(k).stroke_width(2);
        plot.draw_series(std::iter::once(PathElement::new(points.clone(), style)))?;
        for p in points {
            svg::marker(plot.plotting_area(), p, k, r)?;
        }
    }
    Ok(())
}
