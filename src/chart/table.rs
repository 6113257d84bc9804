//! The HTML around a chart's SVG: the `<figure>`, its `<figcaption>` and the
//! data table that gives every number to readers who cannot see the chart.
//!
//! Takes a resolved [`Chart`], the page's locale and the drawn SVG; returns
//! the figure's HTML, every author string escaped and numbers and dates
//! written the locale's way. Interface words ("Source:", "Data table") are
//! the theme's strings of the page's language, escaped like author text.
//! Refuses nothing.

use std::fmt::Write as _;

use super::{Chart, Kind};
use crate::escape::xml_text as escape;
use crate::locale::Locale;

/// The interface words of a chart, in the page's language: the theme's
/// strings `chart_source`, `chart_data_table`, `chart_category`,
/// `chart_date`, `chart_event` and `chart_no_data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub source: String,
    pub data_table: String,
    pub category: String,
    pub date: String,
    pub event: String,
    pub no_data: String,
    // --- maps (issue #14) ---
    /// The header of a map's label column: `chart_region`.
    pub region: String,
    /// A map's description for screen readers: `map_desc_circles` or
    /// `map_desc_areas`, with `{region}` and `{value}` of the largest value.
    pub map_circles: String,
    pub map_areas: String,
}

impl Words {
    /// The words from the interface strings, `word(key)` giving a key's text.
    pub fn from_strings(word: impl Fn(&str) -> String) -> Words {
        Words {
            source: word("chart_source"),
            data_table: word("chart_data_table"),
            category: word("chart_category"),
            date: word("chart_date"),
            event: word("chart_event"),
            no_data: word("chart_no_data"),
            // maps (issue #14)
            region: word("chart_region"),
            map_circles: word("map_desc_circles"),
            map_areas: word("map_desc_areas"),
        }
    }
}

/// The `<figure>`: the SVG, then the caption and, when there is data, the
/// table inside it.
pub fn figure(chart: &Chart, locale: &Locale, words: &Words, id: &str, svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + 2048);
    let _ = writeln!(out, "<figure class=\"chart chart-{}\" id=\"{}\">", chart.kind.name(), escape(id));
    out.push_str(svg);
    out.push('\n');
    let _ = write!(out, "<figcaption><span class=\"chart-title\"><bdi>{}</bdi></span>", escape(&chart.title));
    if let Some(caption) = &chart.caption {
        let _ = write!(out, " <span class=\"chart-caption\"><bdi>{}</bdi></span>", escape(caption));
    }
    if let Some(source) = &chart.source {
        let _ =
            write!(out, " <span class=\"chart-source\">{} <bdi>{}</bdi></span>", escape(&words.source), escape(source));
    }
    // The table goes inside the caption: a figure's caption must be its
    // first or last child, and the table belongs with the caption's words.
    if !chart.is_empty() {
        let _ = write!(
            out,
            "\n<details class=\"chart-data\"><summary>{}</summary>\n{}</details>\n",
            escape(&words.data_table),
            table(chart, locale, words)
        );
    }
    out.push_str("</figcaption>\n</figure>");
    out
}

/// The data table: a header row, then one row per label (or event).
fn table(chart: &Chart, locale: &Locale, words: &Words) -> String {
    let mut out = String::from("<table>\n");
    let _ = writeln!(out, "<caption><bdi>{}</bdi></caption>", escape(&chart.title));
    if chart.kind == Kind::Timeline {
        let _ = writeln!(
            out,
            "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            escape(&words.date),
            escape(&words.event)
        );
        for e in &chart.events {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><bdi>{}</bdi></td></tr>",
                escape(&locale.date(e.date)),
                escape(&e.label)
            );
        }
    } else {
        let _ = write!(out, "<thead><tr><th scope=\"col\">{}</th>", escape(&words.category));
        for s in &chart.series {
            let _ = write!(out, "<th scope=\"col\"><bdi>{}</bdi></th>", escape(&s.name));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (i, label) in chart.labels.iter().enumerate() {
            let _ = write!(out, "<tr><th scope=\"row\"><bdi>{}</bdi></th>", escape(label));
            for s in &chart.series {
                let cell = s.values.get(i).map(|v| locale.number(*v)).unwrap_or_default();
                // A minus sign stays in front of its number on right-to-left pages.
                if cell.starts_with('-') {
                    let _ = write!(out, "<td><bdi dir=\"ltr\">{}</bdi></td>", escape(&cell));
                } else {
                    let _ = write!(out, "<td>{}</td>", escape(&cell));
                }
            }
            out.push_str("</tr>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n");
    out
}
