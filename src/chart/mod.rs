//! Charts: a ```` ```chart ```` block, or a chart the site builds itself,
//! drawn at build time as an inline SVG with its numbers in a table beside it.
//!
//! Takes the YAML text of a block and the page's [`ChartContext`] (its
//! language and interface [`Words`], the site's data files and taxonomy
//! labels); returns the HTML of
//! a `<figure>`: the `<svg>`, a `<figcaption>` and a `<details>` data table.
//! Refuses, with every problem of the block at its line, what `spec` and
//! `resolve` refuse: bad YAML, unknown fields and types, missing fields,
//! values that are not numbers, series and labels of different lengths,
//! missing data files or columns, bad dates and unknown taxonomy keys.
//!
//! The pipeline is `spec` (read the block) → `resolve` (open data, build a
//! [`Chart`]) → `draw` (SVG) and `table` (HTML). Plotters lays out the plot
//! area and draws the bars, lines, markers and gridlines; the text is written
//! by hand, measured with the width table in `text`, so the SVG never depends
//! on the fonts of the machine that builds it and the browser shapes Arabic.

mod data;
mod draw;
mod hbar;
mod map;
mod resolve;
mod scale;
mod spec;
mod stagger;
mod svg;
mod table;
mod text;
mod timeline;

#[cfg(test)]
mod tests;

use std::path::Path;

pub use data::DataStore;
pub use spec::{Numbers, numbers};
pub use table::Words;
// maps (issue #14)
pub use map::{MAX_RADIUS, radius, reference_values};
pub use text::coord;

use crate::locale::Locale;

/// Width of every chart, maps included, in SVG user units; heights vary.
pub const W: u32 = 640;

/// Whether a fenced block's info string makes it a chart: ```` ```chart ````.
pub fn is_chart_fence(info: &str) -> bool {
    info.split_whitespace().next() == Some("chart")
}

/// What the page gives a chart block to resolve its data.
pub struct ChartContext<'a> {
    /// The site's root: `data/NAME.csv|yaml` live in `site_root/data/`.
    pub site_root: &'a Path,
    /// A brief's own folder, searched for `NAME.csv|yaml` before `data/`.
    pub bundle_dir: Option<&'a Path>,
    pub locale: &'a Locale,
    /// The interface words of the page's language.
    pub words: &'a Words,
    /// Label of a taxonomy key in the page's language: `label(column, key)`.
    /// `None` when the column is not a taxonomy column or the key is unknown.
    pub label: &'a (dyn Fn(&str, &str) -> Option<String> + Sync),
    pub data: &'a DataStore,
    /// Prefix of every id inside the figure (such as "chart-2"), unique in the page.
    pub id: &'a str,
    /// The site's geography, when `site.yaml` has `map:` (issue #14).
    pub map: Option<&'a crate::geo::Atlas>,
}

/// A problem in a chart block. `line` is 1-based within the block's YAML
/// (the line after the opening fence is 1); 0 means the block as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError {
    pub line: usize,
    pub message: String,
    pub help: Option<String>,
}

/// A resolved, drawable chart. Blocks are resolved into one; the site also
/// builds them directly (events or briefs per month).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: Kind,
    pub title: String,
    pub caption: Option<String>,
    pub source: Option<String>,
    /// Category labels, one per value of each series (unused by timelines).
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    /// Dated events of a timeline (unused by other kinds).
    pub events: Vec<TimelineEvent>,
    /// The category keys as written, one per label, before they became
    /// labels: a map finds its regions by them (issue #14).
    pub keys: Vec<String>,
}

/// The kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Vertical bars, grouped when there are several series.
    Bar,
    /// Horizontal bars, growing from the start of the line.
    Hbar,
    /// Lines with point markers.
    Line,
    /// Vertical bars with the series stacked.
    Stacked,
    /// Dated events along a time axis.
    Timeline,
    /// Values by region on the site's outlines (issue #14).
    Map,
}

impl Kind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Kind; 6] = [Kind::Bar, Kind::Hbar, Kind::Line, Kind::Stacked, Kind::Timeline, Kind::Map];

    /// The name authors write after `type:`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bar => "bar",
            Kind::Hbar => "hbar",
            Kind::Line => "line",
            Kind::Stacked => "stacked",
            Kind::Timeline => "timeline",
            Kind::Map => "map",
        }
    }

    /// The kind named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name.trim())
    }
}

/// One named series of values, one value per label.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// One dated event of a timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    pub date: chrono::NaiveDate,
    pub label: String,
}

impl Chart {
    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        match self.kind {
            Kind::Timeline => self.events.is_empty(),
            _ => self.labels.is_empty() || self.series.iter().all(|s| s.values.is_empty()),
        }
    }
}

/// Parses, checks, resolves and draws one ```` ```chart ```` block: the
/// HTML of its `<figure>`, or every error found in it, sorted by line.
pub fn render_block(yaml: &str, ctx: &ChartContext) -> Result<String, Vec<ChartError>> {
    let (spec, mut errors) = spec::parse(yaml);
    let mut chart = resolve::resolve(&spec, ctx, &mut errors);
    // maps (issue #14): checked against the site's geography, drawn on it.
    if let Some(c) = chart.as_mut().filter(|c| c.kind == Kind::Map)
        && map::check(c, &spec, ctx, &mut errors)
        && errors.is_empty()
        && let Some(atlas) = ctx.map
    {
        return Ok(map::figure(c, atlas, None, ctx.locale, ctx.words, ctx.id));
    }
    match chart {
        Some(chart) if errors.is_empty() => Ok(figure(&chart, ctx.locale, ctx.words, ctx.id)),
        _ => {
            if errors.is_empty() {
                errors.push(ChartError { line: 0, message: "the chart could not be drawn".to_string(), help: None });
            }
            errors.sort_by_key(|e| e.line);
            Err(errors)
        }
    }
}

/// The full `<figure>`: the SVG, a caption with the title, caption and
/// source, and the data table. Never panics; an empty chart gives a figure
/// that says there is no data.
pub fn figure(chart: &Chart, locale: &Locale, words: &Words, id: &str) -> String {
    table::figure(chart, locale, words, id, &draw(chart, locale, words, id))
}

/// Just the `<svg>` element of a chart.
pub fn draw(chart: &Chart, locale: &Locale, words: &Words, id: &str) -> String {
    if chart.is_empty() {
        return svg::empty(chart, locale, words, id);
    }
    match chart.kind {
        Kind::Bar | Kind::Stacked | Kind::Line => draw::vertical(chart, locale, words, id),
        Kind::Hbar => hbar::draw(chart, locale, words, id),
        Kind::Timeline => timeline::draw(chart, locale, words, id),
        // Without the site's geography a map is drawn as the bars it would
        // otherwise be; `map_figure` draws it on the outlines.
        Kind::Map => draw::vertical(chart, locale, words, id),
    }
}

/// A map's `<figure>` on the site's outlines (issue #14): `chart.keys` are
/// region keys and `chart.labels` their labels; `highlight` is a region
/// drawn apart (a region page's own).
pub fn map_figure(
    chart: &Chart,
    atlas: &crate::geo::Atlas,
    highlight: Option<&str>,
    locale: &Locale,
    words: &Words,
    id: &str,
) -> String {
    map::figure(chart, atlas, highlight, locale, words, id)
}
