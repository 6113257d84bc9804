//! The SVG every kind of chart shares: size, palette, text, legend, and the
//! finishing pass over what plotters wrote.
//!
//! Takes plotters' SVG text and the hand-written text elements; returns one
//! `<svg>` that scales with its box (a `viewBox`, `width="100%"`, no fixed
//! height), is named for screen readers (`role="img"`, `aria-labelledby` →
//! `<title id="{id}-title">`), sets its direction, inherits the page's font
//! and colour, and paints series with the palette (and, where bars of several
//! series sit together, with patterns so greyscale print tells them apart).
//! Plotters only knows plain colours, so it draws with placeholder colours
//! that the finishing pass swaps for `currentColor`, a palette colour or a
//! pattern. Refuses nothing.

use std::fmt::Write as _;

use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;

use super::Chart;
use super::table::Words;
use super::text;
use crate::escape::xml_text as escape;
use crate::locale::Locale;

pub use super::W;
/// Space kept clear along the edges.
pub const PAD: f64 = 12.0;
/// Size of category labels and the legend.
pub const FONT: f64 = 15.0;
/// Size of tick labels and value labels.
pub const SMALL: f64 = 14.0;
/// Height of one line of label text (room for the phone size).
pub const LINE: f64 = 28.0;
/// How much larger text is drawn on phones, where the chart is scaled down
/// to about half its width: layout measures text at this size so it fits
/// either way. At 360 CSS px the chart is 328 px wide (a scale of 0.51), and
/// tick labels (`SMALL`) then render at 12 px or more: 15 × 1.7 × 14/15 ×
/// 0.51 = 12.2.
pub const FIT: f64 = 1.7;
/// How much larger text is drawn on screens between phones and desktops
/// (30em–40em), where the chart is scaled to 0.7–0.95: 12 px or more there.
pub const MID_FIT: f64 = 1.25;

/// Width of `s` at `size`, as layout must allow for it: at the larger
/// size narrow screens use.
pub fn measure(s: &str, size: f64) -> f64 {
    text::width(s, size * FIT)
}

/// `s` shortened to fit `max` at either size.
pub fn shorten(s: &str, max: f64, size: f64) -> String {
    text::truncate(s, max, size * FIT)
}

/// `s` wrapped to fit `max` at either size.
pub fn wrap(s: &str, max: f64, size: f64, lines: usize) -> (Vec<String>, bool) {
    text::wrap(s, max, size * FIT, lines)
}

/// A font size relative to the chart's base size, so one rule can scale
/// every text of a chart.
pub fn em(size: f64) -> String {
    format!("{:.2}em", size / FONT).replace(".00em", "em")
}

/// Series colours: Okabe–Ito hues at different lightness, so they stay apart
/// for colour-blind readers and, mostly, in greyscale. These are the colours
/// of the light scheme and of charts read outside the site's stylesheet (in
/// feeds): on pages, series `k` carries the class `chart-f{k+1}` (fill) or
/// `chart-s{k+1}` (stroke), and the theme paints it `var(--chart-{k+1})`,
/// which follows the reader's colour scheme.
pub const PALETTE: [&str; 6] = ["#0b4f8a", "#d55e00", "#009e73", "#7a4f9a", "#b58900", "#56b4e9"];

/// Placeholder for the text colour: becomes `currentColor`.
pub const INK: RGBColor = RGBColor(1, 1, 1);

/// Placeholder colour of series `k`: becomes its palette colour or pattern.
pub fn series_color(k: usize) -> RGBColor {
    RGBColor(1, 2, 16 + (k % PALETTE.len()) as u8)
}

/// Light rules across the plot: the text colour, faint.
pub fn grid_style() -> ShapeStyle {
    INK.mix(0.16).stroke_width(1)
}

/// Errors of drawing into a string; there are none in practice.
pub type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Horizontal alignment of a text, on the page (not in reading order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// The hand-written `<text>` elements of a chart.
pub struct Texts {
    out: String,
    rtl: bool,
}

impl Texts {
    pub fn new(rtl: bool) -> Self {
        Texts { out: String::new(), rtl }
    }

    /// Whether the page reads right to left.
    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    /// A text whose baseline sits at `y`; `content` is already escaped.
    pub fn put(&mut self, x: f64, y: f64, align: Align, size: f64, content: &str) {
        self.put_with(x, y, align, size, "", content);
    }

    /// A text whose top sits at `y`, whatever size it is drawn at.
    pub fn put_top(&mut self, x: f64, y: f64, align: Align, size: f64, content: &str) {
        self.put_with(x, y, align, size, " dy=\".8em\"", content);
    }

    /// A text centred vertically on `y`, whatever size it is drawn at.
    pub fn put_mid(&mut self, x: f64, y: f64, align: Align, size: f64, content: &str) {
        self.put_with(x, y, align, size, " dy=\".35em\"", content);
    }

    /// Like [`Texts::put`], with extra attributes (starting with a space).
    pub fn put_with(&mut self, x: f64, y: f64, align: Align, size: f64, attrs: &str, content: &str) {
        // In right-to-left text, "start" is the right end.
        let anchor = match (align, self.rtl) {
            (Align::Center, _) => "middle",
            (Align::Left, false) | (Align::Right, true) => "start",
            (Align::Right, false) | (Align::Left, true) => "end",
        };
        let size = if size == FONT { String::new() } else { format!(" font-size=\"{}\"", em(size)) };
        let _ = writeln!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{size}{attrs}>{content}</text>",
            text::coord(x),
            text::coord(y)
        );
    }
}

/// What the finishing pass needs to know about a chart.
pub struct Frame<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub rtl: bool,
    pub height: u32,
    /// Whether series other than the first are filled with patterns.
    pub patterned: bool,
    /// How much larger text is drawn on narrow screens (see [`FIT`]).
    pub fit: f64,
}

/// Draws into an SVG string with plotters, then finishes it.
pub fn render(frame: &Frame, plot: impl FnOnce(&DrawingArea<SVGBackend, Shift>, &mut Texts) -> Res) -> Res<String> {
    let mut buf = String::new();
    let mut texts = Texts::new(frame.rtl);
    {
        let root = SVGBackend::with_string(&mut buf, (W, frame.height.max(1))).into_drawing_area();
        plot(&root, &mut texts)?;
        root.present()?;
    }
    Ok(finish(frame, &buf, &texts))
}

fn finish(frame: &Frame, plotted: &str, texts: &Texts) -> String {
    let id = &escape(frame.id);
    // Plotters' own <svg> line carries fixed pixel sizes: replace it.
    let body = plotted.split_once('\n').map_or("", |(_, rest)| rest);
    let body = body.trim_end().strip_suffix("</svg>").unwrap_or(body);
    let mut body = body.replace(" opacity=\"1\"", "").replace("\"#010101\"", "\"currentColor\"");
    for (k, colour) in PALETTE.iter().enumerate() {
        let placeholder = format!("\"#0102{:02X}\"", 16 + k);
        let n = k + 1;
        let paint = if frame.patterned && k > 0 {
            format!("\"url(#{id}-fill-{k})\"")
        } else {
            format!("\"{colour}\" class=\"chart-f{n}\"")
        };
        body = body.replace(&format!("fill={placeholder}"), &format!("fill={paint}"));
        body = body.replace(&format!("stroke={placeholder}"), &format!("stroke=\"{colour}\" class=\"chart-s{n}\""));
    }
    let mut out = String::with_capacity(body.len() + texts.out.len() + 1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-title\" direction=\"{dir}\" class=\"chart-svg\">\n<title id=\"{id}-title\">{title}</title>\n",
        h = frame.height,
        dir = if frame.rtl { "rtl" } else { "ltr" },
        title = escape(frame.title),
    );
    if frame.patterned {
        out.push_str(&patterns(id));
    }
    // Scaled down to a phone's width the text would be tiny: draw it larger
    // there (layout left room for that, see FIT).
    let _ = writeln!(
        out,
        "<style>@media (max-width: 40em) {{ [id=\"{id}\"] .chart-text {{ font-size: {}px }} }} \
         @media (max-width: 30em) {{ [id=\"{id}\"] .chart-text {{ font-size: {}px }} }}</style>",
        text::coord(FONT * MID_FIT.min(frame.fit)),
        text::coord(FONT * frame.fit)
    );
    out.push_str(&body);
    let _ = write!(
        out,
        "<g class=\"chart-text\" fill=\"currentColor\" font-size=\"{}\">\n{}</g>\n</svg>",
        text::coord(FONT),
        texts.out
    );
    out
}

/// Fills for series 1–5: the palette colour under light stripes, dots or
/// hatching, so bars that sit together differ in texture as well as hue.
fn patterns(id: &str) -> String {
    let marks = [
        "",
        "<rect width=\"3\" height=\"8\" fill=\"#fff\" fill-opacity=\".45\"/>",
        "<circle cx=\"4\" cy=\"4\" r=\"1.6\" fill=\"#fff\" fill-opacity=\".55\"/>",
        "<rect width=\"8\" height=\"3\" fill=\"#fff\" fill-opacity=\".4\"/>",
        "<rect width=\"3\" height=\"8\" fill=\"#000\" fill-opacity=\".35\"/>",
        "<rect width=\"3\" height=\"8\" fill=\"#fff\" fill-opacity=\".4\"/><rect width=\"8\" height=\"3\" fill=\"#fff\" fill-opacity=\".4\"/>",
    ];
    let mut out = String::from("<defs>\n");
    for (k, mark) in marks.iter().enumerate().skip(1) {
        let turn = if k == 1 {
            " patternTransform=\"rotate(45)\""
        } else if k == 4 {
            " patternTransform=\"rotate(-45)\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<pattern id=\"{id}-fill-{k}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"{turn}>\
             <rect width=\"8\" height=\"8\" fill=\"{}\" class=\"chart-f{}\"/>{mark}</pattern>",
            PALETTE[k],
            k + 1
        );
    }
    out.push_str("</defs>\n");
    out
}

/// A chart with nothing to draw: its frame and a line saying so.
pub fn empty(chart: &Chart, locale: &Locale, words: &Words, id: &str) -> String {
    let rtl = locale.is_rtl();
    let mut texts = Texts::new(rtl);
    texts.put_mid(W as f64 / 2.0, 60.0, Align::Center, FONT, &text::label(&words.no_data, rtl));
    let frame = Frame { id, title: &chart.title, rtl, height: 120, patterned: false, fit: FIT };
    finish(&frame, "<svg>\n</svg>\n", &texts)
}

/// A series marker: circle, square, triangle or diamond, so lines differ in
/// shape as well as colour.
pub fn marker<CT: CoordTranslate>(area: &DrawingArea<SVGBackend, CT>, at: CT::From, k: usize, r: i32) -> Res {
    let style = series_color(k).filled();
    let e = EmptyElement::at(at);
    match k % 4 {
        0 => area.draw(&(e + Circle::new((0, 0), r, style)))?,
        1 => area.draw(&(e + Rectangle::new([(-r + 1, -r + 1), (r - 1, r - 1)], style)))?,
        2 => area.draw(&(e + Polygon::new(vec![(0, -r - 1), (r + 1, r), (-r - 1, r)], style)))?,
        _ => area.draw(&(e + Polygon::new(vec![(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)], style)))?,
    }
    Ok(())
}

/// Legend entries laid out in rows.
pub struct Legend {
    rows: Vec<Vec<(usize, String, f64)>>,
}

const SWATCH: f64 = 14.0;
const SWATCH_GAP: f64 = 6.0;
const ITEM_GAP: f64 = 20.0;
const LEGEND_ROW: f64 = 32.0;

impl Legend {
    /// The legend of a chart's series, or `None` for a single series.
    pub fn new(names: &[&str]) -> Option<Legend> {
        if names.len() < 2 {
            return None;
        }
        let max = W as f64 - 2.0 * PAD;
        let mut rows: Vec<Vec<(usize, String, f64)>> = vec![Vec::new()];
        let mut used = 0.0;
        for (k, name) in names.iter().enumerate() {
            let name = shorten(name, max / 2.0, FONT);
            let w = SWATCH + SWATCH_GAP + measure(&name, FONT);
            if used > 0.0 && used + w > max {
                rows.push(Vec::new());
                used = 0.0;
            }
            used += w + ITEM_GAP;
            if let Some(row) = rows.last_mut() {
                row.push((k, name, w));
            }
        }
        Some(Legend { rows })
    }

    /// Its height, the space below it included.
    pub fn height(&self) -> f64 {
        self.rows.len() as f64 * LEGEND_ROW + 8.0
    }

    /// Draws it from `top`, aligned to the start of the line: swatches with
    /// plotters, names as text.
    pub fn draw(&self, root: &DrawingArea<SVGBackend, Shift>, texts: &mut Texts, top: f64, line: bool) -> Res {
        let rtl = texts.rtl;
        for (r, row) in self.rows.iter().enumerate() {
            let cy = top + r as f64 * LEGEND_ROW + LEGEND_ROW / 2.0;
            let mut x = if rtl { W as f64 - PAD } else { PAD };
            for (k, name, w) in row {
                let (sw0, text_x, align) = if rtl {
                    (x - SWATCH, x - SWATCH - SWATCH_GAP, Align::Right)
                } else {
                    (x, x + SWATCH + SWATCH_GAP, Align::Left)
                };
                let (x0, y0) = (sw0.round() as i32, (cy - SWATCH / 2.0).round() as i32);
                if line {
                    let mid = (cy.round() as i32, x0 + SWATCH as i32 / 2);
                    root.draw(&PathElement::new(
                        vec![(x0 - 2, mid.0), (x0 + SWATCH as i32 + 2, mid.0)],
                        series_color(*k).stroke_width(2),
                    ))?;
                    marker(root, (mid.1, mid.0), *k, 4)?;
                } else {
                    let style = series_color(*k).filled();
                    root.draw(&Rectangle::new([(x0, y0), (x0 + SWATCH as i32, y0 + SWATCH as i32)], style))?;
                }
                texts.put_mid(text_x, cy, align, FONT, &text::label(name, rtl));
                x += if rtl { -(w + ITEM_GAP) } else { w + ITEM_GAP };
            }
        }
        Ok(())
    }
}

/// Category labels under a horizontal axis: which to show, on how many lines.
pub struct Categories {
    /// The lines of each label; empty for a label skipped to make room.
    pub lines: Vec<Vec<String>>,
    /// How many lines the tallest label takes.
    pub rows: usize,
}

/// Fits labels into bands of `band` units: one line if they fit, else two
/// lines, else three ("أيلول/" "سبتمبر" "2025": a month under the site's
/// two names), else every n-th label, shortened.
pub fn categories(labels: &[String], band: f64) -> Categories {
    let room = band - 6.0;
    let widest = labels.iter().map(|l| measure(l, FONT)).fold(0.0, f64::max);
    if widest <= room {
        return Categories { lines: labels.iter().map(|l| vec![l.clone()]).collect(), rows: 1 };
    }
    if room >= 36.0 {
        for most in [2, 3] {
            let wrapped: Vec<(Vec<String>, bool)> = labels.iter().map(|l| wrap(l, room, FONT, most)).collect();
            if wrapped.iter().all(|(_, fitted)| *fitted) || (most == 3 && room >= 60.0) {
                let rows = wrapped.iter().map(|(l, _)| l.len()).max().unwrap_or(1);
                return Categories { lines: wrapped.into_iter().map(|(l, _)| l).collect(), rows };
            }
        }
    }
    let step = ((widest.min(140.0) + 8.0) / band.max(0.01)).ceil().max(1.0) as usize;
    let room = step as f64 * band - 8.0;
    let lines = labels
        .iter()
        .enumerate()
        .map(|(i, l)| if i % step == 0 { vec![shorten(l, room, FONT)] } else { Vec::new() })
        .collect();
    Categories { lines, rows: 1 }
}
