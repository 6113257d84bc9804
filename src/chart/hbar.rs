//! Horizontal bar charts: one row per category, bars growing from the start
//! of the line — from the left on left-to-right pages, from the right on
//! right-to-left ones — grouped when there are several series.
//!
//! Takes a resolved [`Chart`] and the page's locale; returns the `<svg>`.
//! Plotters maps values and draws the bars and gridlines; category labels,
//! tick labels and value labels are written by hand. Refuses nothing: long
//! labels are shortened (the table holds them whole), and values that are
//! not finite are left out.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::draw::{MAX_VALUE_LABELS, domain, value};
use super::scale::{self, Scale};
use super::svg::{self, Align, FONT, Frame, LINE, Legend, PAD, Res, SMALL, Texts, W};
use super::{Chart, text};
use crate::locale::Locale;

type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The `<svg>` of a horizontal bar chart.
pub fn draw(chart: &Chart, locale: &Locale, words: &super::Words, id: &str) -> String {
    plot(chart, locale, id).unwrap_or_else(|_| svg::empty(chart, locale, words, id))
}

struct Layout {
    n: usize,
    scale: Scale,
    ticks: Vec<String>,
    /// Which tick labels are written (every one, or every other when crowded).
    tick_step: usize,
    labels: Vec<String>,
    legend: Option<Legend>,
    labelled: bool,
    /// Margins around the plot area.
    top: f64,
    bottom: f64,
    left: f64,
    right: f64,
    height: u32,
}

fn layout(chart: &Chart, locale: &Locale) -> Layout {
    let rtl = locale.is_rtl();
    let n = chart.labels.len().max(1);
    let k = chart.series.len().max(1);
    let (lo, hi, whole) = domain(chart);
    let scale = scale::nice(lo, hi, 5, whole);
    let ticks: Vec<String> = scale.ticks.iter().map(|t| locale.number(*t)).collect();
    let widest = chart.labels.iter().map(|l| svg::measure(l, FONT)).fold(0.0, f64::max);
    let label_room = widest.min(W as f64 * 0.36);
    let labels = chart.labels.iter().map(|l| svg::shorten(l, label_room, FONT)).collect();
    let labelled = n * k <= MAX_VALUE_LABELS;
    let value_room = if labelled {
        let widest_value = chart.series.iter().flat_map(|s| s.values.iter()).map(|v| locale.number(*v));
        widest_value.map(|v| svg::measure(&v, SMALL)).fold(0.0, f64::max) + 10.0
    } else {
        0.0
    };
    let gutter = label_room + 12.0;
    // Negative bars grow towards the labels: leave room for their numbers too.
    let near = if scale.min < 0.0 { value_room } else { 0.0 };
    let (left, right) =
        if rtl { (PAD + value_room, PAD + gutter + near) } else { (PAD + gutter + near, PAD + value_room) };
    let plot_w = W as f64 - left - right;
    let widest_tick = ticks.iter().map(|t| svg::measure(t, SMALL)).fold(0.0, f64::max);
    let spacing = plot_w / (ticks.len().max(2) - 1) as f64;
    let tick_step = if widest_tick + 8.0 > spacing { 2 } else { 1 };
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let legend = Legend::new(&names);
    let top = PAD + legend.as_ref().map_or(0.0, Legend::height);
    let bottom = 8.0 + LINE + PAD;
    let band = band(k);
    let height = (top + n as f64 * band + bottom).ceil() as u32;
    Layout { n, scale, ticks, tick_step, labels, legend, labelled, top, bottom, left, right, height }
}

/// Height of one category's row.
fn band(series: usize) -> f64 {
    (series as f64 * 16.0 + 14.0).max(34.0)
}

fn plot(chart: &Chart, locale: &Locale, id: &str) -> Res<String> {
    let rtl = locale.is_rtl();
    let lay = layout(chart, locale);
    let frame =
        Frame { id, title: &chart.title, rtl, height: lay.height, patterned: chart.series.len() > 1, fit: svg::FIT };
    svg::render(&frame, |root, texts| {
        if let Some(legend) = &lay.legend {
            legend.draw(root, texts, PAD, false)?;
        }
        let (min, max) = (lay.scale.min, lay.scale.max);
        // On right-to-left pages the value axis runs from the right.
        let x_range = if rtl { max..min } else { min..max };
        let mut plot = ChartBuilder::on(root)
            .margin_top(lay.top)
            .margin_bottom(lay.bottom)
            .margin_left(lay.left)
            .margin_right(lay.right)
            .build_cartesian_2d(x_range, lay.n as f64..0.0)?;
        grid(&mut plot, &lay, texts)?;
        bars(&mut plot, chart, &lay, locale, texts)?;
        let zero = 0.0f64.clamp(min, max);
        let axis = PathElement::new(vec![(zero, 0.0), (zero, lay.n as f64)], svg::INK.stroke_width(1));
        plot.draw_series(std::iter::once(axis))?;
        for (i, label) in lay.labels.iter().enumerate() {
            let (_, y) = plot.backend_coord(&(zero, i as f64 + 0.5));
            let (x, align) =
                if rtl { (W as f64 - lay.right + 8.0, Align::Left) } else { (lay.left - 8.0, Align::Right) };
            texts.put_mid(x, y as f64, align, FONT, &text::label(label, rtl));
        }
        Ok(())
    })
}

/// Vertical gridlines at the ticks, with their numbers under the plot.
fn grid(plot: &mut Plot, lay: &Layout, texts: &mut Texts) -> Res {
    let rtl = texts.is_rtl();
    let y = lay.height as f64 - lay.bottom + 6.0;
    for (j, (t, label)) in lay.scale.ticks.iter().zip(&lay.ticks).enumerate() {
        plot.draw_series(std::iter::once(PathElement::new(vec![(*t, 0.0), (*t, lay.n as f64)], svg::grid_style())))?;
        if j % lay.tick_step == 0 {
            let (x, _) = plot.backend_coord(&(*t, 0.0));
            texts.put_top(x as f64, y, Align::Center, SMALL, &text::number(label, rtl));
        }
    }
    Ok(())
}

/// The bars, one slot per series within each row, series 1 at the top.
fn bars(plot: &mut Plot, chart: &Chart, lay: &Layout, locale: &Locale, texts: &mut Texts) -> Res {
    let rtl = texts.is_rtl();
    let k_count = chart.series.len().max(1);
    let group = if k_count == 1 { 0.6 } else { 0.8 };
    let slot = group / k_count as f64;
    for (k, s) in chart.series.iter().enumerate() {
        let style = svg::series_color(k).filled();
        let mut rects = Vec::new();
        for i in 0..chart.labels.len() {
            let Some(v) = value(&s.values, i) else { continue };
            let y0 = i as f64 + (1.0 - group) / 2.0 + k as f64 * slot;
            rects.push(Rectangle::new([(0.0, y0), (v, y0 + slot)], style));
            if lay.labelled {
                let (end, y) = plot.backend_coord(&(v, y0 + slot / 2.0));
                let (zero, _) = plot.backend_coord(&(0.0, y0));
                let (x, align) =
                    if end >= zero { (end as f64 + 6.0, Align::Left) } else { (end as f64 - 6.0, Align::Right) };
                // Never smaller than tick labels: 12 CSS px on a phone.
                texts.put_mid(x, y as f64, align, SMALL, &text::number(&locale.number(v), rtl));
            }
        }
        plot.draw_series(rects)?;
    }
    Ok(())
}
