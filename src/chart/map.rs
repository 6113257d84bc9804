//! `type: map`: a chart's values drawn on the site's outlines.
//!
//! Takes a resolved [`Chart`] whose `keys` are region keys, the site's
//! [`Atlas`] and, for a region page, the region to highlight; returns the
//! `<svg>` (and, through [`figure`], the whole `<figure>` with its table).
//! Values are drawn as circles at each region's place, their area
//! proportional to the value, with a legend of two or three reference sizes;
//! or, when the outlines have a feature for every region drawn, as a
//! choropleth in five sequential classes that stay apart in greyscale and
//! for colour-blind readers. The drawing is never mirrored: the `<svg>` is
//! left to right on every page, north up and east right; only the legend's
//! place follows the page's direction. Colours are classes the theme paints
//! (`map-land`, `map-bubble`, `map-class-1`…), with plain fallbacks.
//! [`check`] refuses, at the block's line: a site without `map:`, a map of
//! more than one series, a negative value, a key that is not a region key,
//! and a region with no place when circles are drawn.

use std::fmt::Write as _;

use super::spec::Spec;
use super::svg::{FIT, FONT, LINE, PAD, SMALL, W, em, measure};
use super::table::Words;
use super::{Chart, ChartContext, ChartError, text};
use crate::diag::did_you_mean;
use crate::escape::xml_text as escape;
use crate::geo::{Atlas, Projected};
use crate::locale::Locale;

/// The radius of the largest circle, in units.
pub const MAX_RADIUS: f64 = 26.0;
/// Classes of a choropleth.
const CLASSES: usize = 5;
/// Fallback fills of the classes (the theme's custom properties win).
const CLASS_FILL: [&str; CLASSES] = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];
const LAND_FILL: &str = "#ece6d8";
const BORDER: &str = "#8a7f6a";
const BUBBLE: &str = "#d55e00";
/// Height of the legend band under the drawing.
const LEGEND_PAD: f64 = 12.0;
/// The least distance between two values of the circle legend: one line of
/// their text at the size phones draw it, so they never overlap there.
pub const LEGEND_GAP: f64 = SMALL * FIT;

/// Checks a map's chart against the site's geography and turns its keys
/// into labels in the page's language. `spec` gives the lines for errors.
pub fn check(chart: &mut Chart, spec: &Spec, ctx: &ChartContext, errors: &mut Vec<ChartError>) -> bool {
    let before = errors.len();
    let line = spec_line(spec);
    let Some(atlas) = ctx.map else {
        let help = "add `map:` to site.yaml with `places` (a [latitude, longitude] per region) and `outlines`";
        errors.push(ChartError {
            line: 0,
            message: "a map needs the site's geography".into(),
            help: Some(help.into()),
        });
        return false;
    };
    if chart.series.len() > 1 {
        let message = format!("a map draws one series; this one has {}", chart.series.len());
        let help = "draw one map per series, or a bar chart to compare them";
        errors.push(ChartError { line, message, help: Some(help.into()) });
    }
    if let Some(v) = chart.series.first().and_then(|s| s.values.iter().find(|v| **v < 0.0)) {
        let message = format!("a map's values are zero or more: circles and shades cannot show {v}");
        errors.push(ChartError { line, message, help: None });
    }
    if chart.keys.is_empty() {
        chart.keys = chart.labels.clone();
    }
    let choropleth = is_choropleth(chart, atlas);
    let mut labels = Vec::new();
    let known: Vec<&str> = atlas.places.keys().map(String::as_str).collect();
    let mut seen = std::collections::HashSet::new();
    // Each kind of problem is reported for a few keys, then counted: a file
    // of thousands of rows gives a few lines, not thousands.
    let mut found = [Vec::new(), Vec::new(), Vec::new()];
    for key in &chart.keys {
        if !seen.insert(key.as_str()) {
            found[0].push(ChartError {
                line,
                message: format!("region `{key}` is given twice"),
                help: Some("a map has one value per region: add the rows up first".into()),
            });
        }
        match (ctx.label)("region", key) {
            Some(label) => labels.push(label),
            None => {
                let help = did_you_mean(key, known.iter().copied())
                    .or_else(|| Some("a map's labels are keys of `taxonomies.regions`".into()));
                found[1].push(ChartError { line, message: format!("`{key}` is not a region key"), help });
                labels.push(key.clone());
                continue;
            }
        }
        if !choropleth && !atlas.places.contains_key(key) {
            let message = format!("region `{key}` has no place on the map");
            let help = format!("add `{key}: [latitude, longitude]` to `map.places` in site.yaml");
            found[2].push(ChartError { line, message, help: Some(help) });
        }
    }
    for problems in found {
        report(problems, errors);
    }
    chart.labels = labels;
    errors.len() == before
}

/// How many problems of one kind are reported one by one.
const REPORTED: usize = 3;

/// The first few problems, then how many more there are.
fn report(mut problems: Vec<ChartError>, errors: &mut Vec<ChartError>) {
    let more = problems.len().saturating_sub(REPORTED);
    problems.truncate(REPORTED);
    if more > 0
        && let Some(last) = problems.last()
    {
        let message = format!("{more} more like this: {}", last.message);
        errors.push(ChartError { line: last.line, message, help: None });
    }
    errors.extend(problems);
}

/// The line of the block that names the regions: `x`, `labels` or `data`.
fn spec_line(spec: &Spec) -> usize {
    match &spec.body {
        super::spec::Body::Data(d) if d.lines.x > 0 => d.lines.x,
        super::spec::Body::Data(d) => d.lines.data,
        _ => 0,
    }
}

/// Whether the outlines have a feature for every region drawn.
fn is_choropleth(chart: &Chart, atlas: &Atlas) -> bool {
    !chart.keys.is_empty() && chart.keys.iter().all(|k| atlas.has_shape(k))
}

/// The whole `<figure>` of a map: its SVG, caption and data table.
pub fn figure(
    chart: &Chart,
    atlas: &Atlas,
    highlight: Option<&str>,
    locale: &Locale,
    words: &Words,
    id: &str,
) -> String {
    let svg = if chart.is_empty() {
        super::svg::empty(chart, locale, words, id)
    } else {
        draw(chart, atlas, highlight, locale, words, id)
    };
    let words = Words { category: words.region.clone(), ..words.clone() };
    super::table::figure(chart, locale, &words, id, &svg)
}

/// One region's value as drawn.
struct Item<'a> {
    key: &'a str,
    label: &'a str,
    value: f64,
}

/// The `<svg>` of a map.
pub fn draw(chart: &Chart, atlas: &Atlas, highlight: Option<&str>, locale: &Locale, words: &Words, id: &str) -> String {
    let drawn = atlas.projected(W as f64);
    let values = chart.series.first().map_or(&[][..], |s| &s.values[..]);
    let items: Vec<Item> = chart
        .keys
        .iter()
        .zip(&chart.labels)
        .zip(values)
        .map(|((key, label), &value)| Item { key, label, value })
        .collect();
    let max = items.iter().map(|i| i.value).fold(0.0, f64::max);
    let choropleth = is_choropleth(chart, atlas);
    let mut body = String::new();
    let mut labels = String::new();
    // The legend opens with what is counted: the series' name.
    let name = chart.series.first().map_or("", |s| s.name.as_str());
    let heading = legend_heading(name, drawn.height + LEGEND_PAD, locale.is_rtl());
    let legend_top = drawn.height + LEGEND_PAD + if heading.is_empty() { 0.0 } else { LINE };
    let (legend, legend_height) = if choropleth {
        let step = nice_step(max);
        shapes(&mut body, &drawn, &items, Some(step), highlight);
        class_legend(step, max, legend_top, locale)
    } else {
        shapes(&mut body, &drawn, &items, None, highlight);
        labels = bubbles(&mut body, &drawn, &items, max, highlight, locale);
        circle_legend(max, legend_top, integers(&items), locale)
    };
    let legend = heading + &legend;
    let height = (legend_top + legend_height + PAD).ceil();
    let top = items.iter().filter(|i| i.value > 0.0).max_by(|a, b| a.value.total_cmp(&b.value).then(b.key.cmp(a.key)));
    let desc = top.map_or_else(String::new, |t| {
        let template = if choropleth { &words.map_areas } else { &words.map_circles };
        template.replace("{region}", t.label).replace("{value}", &locale.number(t.value))
    });
    frame(id, (&chart.title, &desc), height, (&body, &labels, &legend), locale.is_rtl())
}

/// The outline features: land, or a class's shade for a choropleth.
fn shapes(out: &mut String, drawn: &Projected, items: &[Item], step: Option<f64>, highlight: Option<&str>) {
    out.push_str("<g class=\"map-shapes\" stroke-linejoin=\"round\">\n");
    for (region, d) in &drawn.shapes {
        if d.is_empty() {
            continue;
        }
        let item = region.as_deref().and_then(|r| items.iter().find(|i| i.key == r));
        let mark = if region.is_some() && region.as_deref() == highlight { " map-highlight" } else { "" };
        match (step, item) {
            (Some(step), Some(item)) => {
                let k = class_of(item.value, step);
                let _ = writeln!(
                    out,
                    "<path class=\"map-area map-class-{n}{mark}\" fill=\"{fill}\" stroke=\"{BORDER}\" d=\"{d}\"/>",
                    n = k + 1,
                    fill = CLASS_FILL[k]
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "<path class=\"map-land{mark}\" fill=\"{LAND_FILL}\" stroke=\"{BORDER}\" d=\"{d}\"/>"
                );
            }
        }
    }
    out.push_str("</g>\n");
}

/// A circle's radius: its area is proportional to the value.
pub fn radius(value: f64, max: f64) -> f64 {
    if max <= 0.0 || value <= 0.0 { 0.0 } else { MAX_RADIUS * (value / max).sqrt() }
}

/// The circles, largest first so small ones stay on top; returns their
/// labels, placed east of each circle (west when there is no room), and
/// left out where they would cover one already placed.
fn bubbles(out: &mut String, drawn: &Projected, items: &[Item], max: f64, hl: Option<&str>, locale: &Locale) -> String {
    let mut order: Vec<&Item> = items.iter().filter(|i| i.value > 0.0 && drawn.places.contains_key(i.key)).collect();
    order.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.key.cmp(b.key)));
    out.push_str("<g class=\"map-bubbles\">\n");
    for item in &order {
        let (x, y) = drawn.places[item.key];
        let mark = if Some(item.key) == hl { " map-highlight" } else { "" };
        let _ = writeln!(
            out,
            "<circle class=\"map-bubble{mark}\" fill=\"{BUBBLE}\" fill-opacity=\".55\" stroke=\"{BUBBLE}\" cx=\"{}\" cy=\"{}\" r=\"{}\"><title>{}: {}</title></circle>",
            text::coord(x),
            text::coord(y),
            text::coord(radius(item.value, max)),
            escape(item.label),
            escape(&locale.number(item.value))
        );
    }
    out.push_str("</g>\n");
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let mut labels = String::new();
    for item in &order {
        let (x, y) = drawn.places[item.key];
        let r = radius(item.value, max);
        let w = measure(item.label, SMALL);
        let h = SMALL * FIT;
        let east = [x + r + 3.0, y - h / 2.0, x + r + 3.0 + w, y + h / 2.0];
        let west = [x - r - 3.0 - w, y - h / 2.0, x - r - 3.0, y + h / 2.0];
        let fits = |b: &[f64; 4]| b[0] >= PAD && b[2] <= W as f64 - PAD && !placed.iter().any(|p| overlaps(p, b));
        let (b, anchor) = if fits(&east) {
            (east, "start")
        } else if fits(&west) {
            (west, "end")
        } else {
            continue;
        };
        placed.push(b);
        let tx = if anchor == "start" { b[0] } else { b[2] };
        let bold = if Some(item.key) == hl { " font-weight=\"bold\"" } else { "" };
        let _ = writeln!(
            labels,
            "<text x=\"{}\" y=\"{}\" dy=\".35em\" text-anchor=\"{anchor}\" font-size=\"{}\"{bold}>{}</text>",
            text::coord(tx),
            text::coord(y),
            em(SMALL),
            text::label(item.label, false)
        );
    }
    labels
}

fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Whether every value is a whole number (counts): reference sizes stay whole.
fn integers(items: &[Item]) -> bool {
    items.iter().all(|i| i.value.fract() == 0.0)
}

/// The reference values of the circle legend: the largest round number
/// (1, 2 or 5 × 10ⁿ) not above the largest value, and a smaller one.
pub fn reference_values(max: f64, whole: bool) -> Vec<f64> {
    if max <= 0.0 {
        return Vec::new();
    }
    let top = round_below(max);
    let mut out = vec![top];
    let mut small = round_below(top / 4.0);
    if whole && small < 1.0 {
        // Counts: the smallest reference is one.
        small = 1.0;
    }
    if small < top && small > 0.0 {
        out.push(small);
    }
    out
}

/// The largest 1, 2 or 5 × 10ⁿ at most `v`.
fn round_below(v: f64) -> f64 {
    let p = 10f64.powf(v.log10().floor());
    [5.0, 2.0, 1.0].into_iter().map(|m| m * p).find(|c| *c <= v * (1.0 + 1e-9)).unwrap_or(p)
}

/// The series' name over the legend, at the start of the line.
fn legend_heading(name: &str, top: f64, rtl: bool) -> String {
    if name.trim().is_empty() {
        return String::new();
    }
    let x = if rtl { W as f64 - PAD } else { PAD };
    let name = super::svg::shorten(name, W as f64 - 2.0 * PAD, FONT);
    format!(
        "<text class=\"map-legend-title\" x=\"{}\" y=\"{}\" dy=\".8em\" text-anchor=\"start\" font-weight=\"bold\">{}</text>\n",
        text::coord(x),
        text::coord(top),
        text::label(&name, rtl)
    )
}

/// Reference circles standing on one base line, their values beside them;
/// at the start of the line (the right on right-to-left pages). Each value
/// sits level with its circle's top, lowered where needed to stay a line of
/// phone-sized text below the one above it, with a leader to the circle.
fn circle_legend(max: f64, top: f64, whole: bool, locale: &Locale) -> (String, f64) {
    let refs = reference_values(max, whole);
    let Some(&biggest) = refs.first() else { return (String::new(), 0.0) };
    let rtl = locale.is_rtl();
    let rb = radius(biggest, max);
    let base = top + 2.0 * rb + 4.0;
    let cx = if rtl { W as f64 - PAD - rb } else { PAD + rb };
    let text_x = if rtl { cx - rb - 8.0 } else { cx + rb + 8.0 };
    // The leader runs level from the circle's top, then bends to its value.
    let toward = if rtl { 1.0 } else { -1.0 };
    let (knee, end) = (text_x + 10.0 * toward, text_x + 4.0 * toward);
    let tops: Vec<f64> = refs.iter().map(|v| base - 2.0 * radius(*v, max)).collect();
    let ys = legend_label_ys(&tops);
    let mut out = String::from("<g class=\"map-legend\">\n");
    for ((v, circle_top), y) in refs.iter().zip(&tops).zip(&ys) {
        let r = radius(*v, max);
        let _ = writeln!(
            out,
            "<circle class=\"map-legend-circle\" fill=\"none\" stroke=\"currentColor\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>\
             <path class=\"map-legend-rule\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\".5\" d=\"M{} {}H{}L{} {}\"/>",
            text::coord(cx),
            text::coord(base - r),
            text::coord(r),
            text::coord(cx),
            text::coord(*circle_top),
            text::coord(knee),
            text::coord(end),
            text::coord(*y),
        );
        let _ = writeln!(
            out,
            // In the legend's own direction, "start" faces the circle.
            "<text x=\"{}\" y=\"{}\" dy=\".35em\" text-anchor=\"start\" font-size=\"{}\">{}</text>",
            text::coord(text_x),
            text::coord(*y),
            em(SMALL),
            text::number(&locale.number(*v), rtl)
        );
    }
    out.push_str("</g>\n");
    let bottom = ys.last().map_or(base, |y| base.max(y + LEGEND_GAP / 2.0));
    (out, bottom - top + SMALL)
}

/// The heights of the legend's values, top to bottom: each at its circle's
/// top (`tops`, rising), or [`LEGEND_GAP`] under the one above if that is lower.
fn legend_label_ys(tops: &[f64]) -> Vec<f64> {
    let mut ys: Vec<f64> = Vec::with_capacity(tops.len());
    for &t in tops {
        let y = ys.last().map_or(t, |above| t.max(above + LEGEND_GAP));
        ys.push(y);
    }
    ys
}

/// The width of a class of a choropleth: a round step that splits
/// `0…max` into at most five classes.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let rough = max / CLASSES as f64;
    let p = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * p).find(|s| s * CLASSES as f64 >= max).unwrap_or(max)
}

/// The class of a value: `[0, step)` is the first.
fn class_of(value: f64, step: f64) -> usize {
    ((value / step).floor() as usize).min(CLASSES - 1)
}

/// One swatch per class with its range, from the start of the line.
fn class_legend(step: f64, max: f64, top: f64, locale: &Locale) -> (String, f64) {
    let rtl = locale.is_rtl();
    let count = class_of(max, step) + 1;
    let mut out = String::from("<g class=\"map-legend\">\n");
    let mut x = if rtl { W as f64 - PAD } else { PAD };
    for (k, fill) in CLASS_FILL.iter().enumerate().take(count) {
        let (lo, hi) = (k as f64 * step, (k + 1) as f64 * step);
        let range = if k + 1 == count {
            format!("{}+", locale.number(lo))
        } else {
            format!("{}–{}", locale.number(lo), locale.number(hi))
        };
        let w = measure(&range, SMALL);
        let sx = if rtl { x - 16.0 } else { x };
        let _ = writeln!(
            out,
            "<rect class=\"map-class-{n}\" fill=\"{fill}\" stroke=\"{BORDER}\" x=\"{}\" y=\"{}\" width=\"16\" height=\"16\"/>",
            text::coord(sx),
            text::coord(top),
            n = k + 1,
        );
        let tx = if rtl { sx - 6.0 } else { sx + 22.0 };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" dy=\".35em\" text-anchor=\"start\" font-size=\"{}\">{}</text>",
            text::coord(tx),
            text::coord(top + 8.0),
            em(SMALL),
            text::number(&range, rtl)
        );
        let advance = 22.0 + w + 18.0;
        x += if rtl { -advance } else { advance };
    }
    out.push_str("</g>\n");
    (out, 16.0 + 4.0)
}

/// The `<svg>` around the drawing: named and described for screen readers,
/// always left to right, its text in the page's colour and font.
fn frame(
    id: &str,
    (title, desc): (&str, &str),
    height: f64,
    (body, labels, legend): (&str, &str, &str),
    rtl: bool,
) -> String {
    let id = escape(id);
    let mut out = String::with_capacity(body.len() + legend.len() + 1024);
    let described = if desc.is_empty() { String::new() } else { format!(" aria-describedby=\"{id}-desc\"") };
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-title\"{described} direction=\"ltr\" class=\"chart-svg map-svg\">\n<title id=\"{id}-title\">{}</title>",
        escape(title),
        h = text::coord(height),
    );
    if !desc.is_empty() {
        let _ = writeln!(out, "<desc id=\"{id}-desc\">{}</desc>", escape(desc));
    }
    let _ = writeln!(
        out,
        "<style>@media (max-width: 36em) {{ [id=\"{id}\"] .chart-text {{ font-size: {}px }} }}</style>",
        text::coord(FONT * FIT)
    );
    out.push_str(body);
    let size = text::coord(FONT);
    let _ =
        writeln!(out, "<g class=\"chart-text map-labels\" fill=\"currentColor\" font-size=\"{size}\">\n{labels}</g>");
    let _ = write!(
        out,
        "<g class=\"chart-text\" fill=\"currentColor\" font-size=\"{size}\"{}>\n{legend}</g>\n</svg>",
        // The legend's numbers read in the page's direction; the map does not turn.
        if rtl { " direction=\"rtl\"" } else { "" }
    );
    out
}
