//! From a checked block to a drawable [`Chart`]: data files opened, columns
//! found, taxonomy keys turned into labels in the page's language.
//!
//! Takes a [`Spec`] and the page's [`ChartContext`]; returns the chart, and
//! adds to the block's errors. Refuses a data file that exists neither beside
//! the brief nor in `data/` (naming every path tried), one reached through a
//! symbolic link that leaves the site (unread), a file that does not
//! parse, a missing column (listing the columns there are), a cell that is
//! not a number (naming the file, its line and the column), a bad date in a
//! timeline's date column, and an unknown key in a taxonomy column
//! (`region(s)`, `topic(s)`, `kind(s)`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::data::{Row, Table};
use super::spec::{self, Body, DataSpec, MAX_VALUE};
use super::{Chart, ChartContext, ChartError, Kind, Series, TimelineEvent};
use crate::diag::did_you_mean;

/// Columns whose cells are taxonomy keys.
const TAXONOMY_COLUMNS: [&str; 6] = ["region", "regions", "topic", "topics", "kind", "kinds"];

/// The most events a timeline draws: placing labels so that none overlaps
/// takes time that grows with the square of the count (10,000 took 44 s
/// in a debug build), and more than this cannot be read on a page anyway.
pub const MAX_EVENTS: usize = 200;

/// How many bad cells of one column are reported one by one.
const CELL_ERRORS: usize = 3;

/// The chart a spec describes, or `None` when errors (already added) stop it.
pub fn resolve(spec: &spec::Spec, ctx: &ChartContext, errors: &mut Vec<ChartError>) -> Option<Chart> {
    let mut chart = Chart {
        kind: spec.kind.unwrap_or(Kind::Bar),
        title: spec.title.clone().unwrap_or_default(),
        caption: spec.caption.clone(),
        source: spec.source.clone(),
        labels: Vec::new(),
        series: Vec::new(),
        events: Vec::new(),
        keys: Vec::new(),
    };
    match &spec.body {
        Body::None => return None,
        Body::Inline { labels, series } => {
            chart.labels = labels.clone();
            chart.series = series.clone();
        }
        Body::Events(events) => chart.events = events.clone(),
        Body::Data(data) => {
            let table = DataFile::open(data, ctx, errors)?;
            let timeline = spec.kind == Some(Kind::Timeline);
            let ok =
                if timeline { table.events(data, &mut chart, errors) } else { table.values(data, &mut chart, errors) };
            if !ok {
                return None;
            }
        }
    }
    chart.events.sort_by_key(|e| e.date);
    if chart.events.len() > MAX_EVENTS {
        let message = format!("a timeline draws at most {MAX_EVENTS} events; this one has {}", chart.events.len());
        let help =
            "split it into several timelines (one per month, say), or chart the number of events with a bar chart";
        errors.push(ChartError { line: 0, message, help: Some(help.into()) });
        return None;
    }
    (spec.kind.is_some() && spec.title.is_some()).then_some(chart)
}

/// A data file opened for one chart block.
struct DataFile<'a> {
    table: Arc<Table>,
    /// The file's path as authors see it, from the site's root.
    shown: String,
    ctx: &'a ChartContext<'a>,
}

impl<'a> DataFile<'a> {
    fn open(data: &DataSpec, ctx: &'a ChartContext<'a>, errors: &mut Vec<ChartError>) -> Option<DataFile<'a>> {
        let tried = candidates(&data.name, ctx);
        let Some(path) = tried.iter().find(|p| p.is_file()) else {
            let list: Vec<String> = tried.iter().map(|p| shown(p, ctx.site_root)).collect();
            let message = format!("data file `{}` not found: tried {}", data.name, list.join(", "));
            let help = format!("put {0}.csv or {0}.yaml in data/, or beside the brief", data.name);
            errors.push(ChartError { line: data.lines.data, message, help: Some(help) });
            return None;
        };
        let shown = shown(path, ctx.site_root);
        // Nothing is read through a link that leaves the site: its cells
        // would be published in the chart and its table.
        if let Some(to) = crate::content::leads_out(ctx.site_root, path) {
            let (message, help) = crate::content::named_link_out(&format!("data file `{shown}`"), &to);
            errors.push(ChartError { line: data.lines.data, message, help: Some(help.into()) });
            return None;
        }
        match ctx.data.load(path) {
            Ok(table) => Some(DataFile { table, shown, ctx }),
            Err(e) => {
                errors.push(ChartError {
                    line: data.lines.data,
                    message: format!("data file {shown}: {e}"),
                    help: None,
                });
                None
            }
        }
    }

    /// Labels from `x` and one series per `y` column.
    fn values(&self, data: &DataSpec, chart: &mut Chart, errors: &mut Vec<ChartError>) -> bool {
        let before = errors.len();
        let x_line = or(data.lines.x, data.lines.data);
        let y_line = or(data.lines.y, data.lines.data);
        if let Some(x) = self.column(&data.x, x_line, errors) {
            chart.labels = self.labels(x, x_line, errors);
            chart.keys = self.table.rows.iter().map(|r| r.cells[x].trim().to_string()).collect();
        }
        for (i, name) in data.y.iter().enumerate() {
            let Some(col) = self.column(name, y_line, errors) else { continue };
            let values = self.numbers(col, y_line, errors);
            let shown_name = data.names.as_ref().and_then(|n| n.get(i)).unwrap_or(name);
            chart.series.push(Series { name: shown_name.clone(), values });
        }
        errors.len() == before
    }

    /// One event per row: a date from `x` and a text from `label`.
    fn events(&self, data: &DataSpec, chart: &mut Chart, errors: &mut Vec<ChartError>) -> bool {
        let before = errors.len();
        let x_line = or(data.lines.x, data.lines.data);
        let label_line = or(data.lines.label, data.lines.data);
        let date_col = self.column(&data.x, x_line, errors);
        let label_col = data.label.as_deref().and_then(|l| self.column(l, label_line, errors));
        let (Some(date_col), Some(label_col)) = (date_col, label_col) else { return false };
        let labels = self.labels(label_col, label_line, errors);
        for (i, (row, label)) in self.table.rows.iter().zip(labels).enumerate() {
            let cell = &row.cells[date_col];
            match spec::parse_date(cell) {
                Some(date) => chart.events.push(TimelineEvent { date, label }),
                None => {
                    let message = format!("{}, column `{}`: `{cell}` is not a date", self.place(row, i), data.x);
                    let help = Some("write dates as YYYY-MM-DD, such as 2025-09-12".to_string());
                    errors.push(ChartError { line: x_line, message, help });
                }
            }
        }
        errors.len() == before
    }

    fn column(&self, name: &str, line: usize, errors: &mut Vec<ChartError>) -> Option<usize> {
        let found = self.table.column(name);
        if found.is_none() {
            let columns = self.table.columns.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            let message = format!("no column `{name}` in {}; its columns are {columns}", self.shown);
            let help = did_you_mean(name, self.table.columns.iter().map(String::as_str));
            errors.push(ChartError { line, message, help });
        }
        found
    }

    /// "data/x.csv line 4", or "data/x.yaml row 3" when the line is unknown.
    fn place(&self, row: &Row, index: usize) -> String {
        match row.line {
            Some(l) => format!("{} line {l}", self.shown),
            None => format!("{} row {}", self.shown, index + 1),
        }
    }

    /// The cells of a column as labels: a taxonomy key becomes its label in
    /// the page's language; an unknown key in a taxonomy column is an error.
    fn labels(&self, col: usize, line: usize, errors: &mut Vec<ChartError>) -> Vec<String> {
        let name = &self.table.columns[col];
        let label = |key: &str| (self.ctx.label)(name, key.trim());
        let strict = match name.as_str() {
            "region" | "regions" | "topic" | "topics" => true,
            // Kinds are optional in site.yaml: without them no key resolves.
            "kind" | "kinds" => self.table.rows.iter().any(|r| label(&r.cells[col]).is_some()),
            _ => false,
        };
        let mut out = Vec::new();
        for (i, row) in self.table.rows.iter().enumerate() {
            let key = row.cells[col].trim();
            match label(key) {
                Some(l) => out.push(l),
                None if strict && TAXONOMY_COLUMNS.contains(&name.as_str()) => {
                    let singular = name.trim_end_matches('s');
                    let message = format!("unknown {singular} `{key}` in {}, column `{name}`", self.place(row, i));
                    let help = format!("use a key of `taxonomies.{singular}s` in site.yaml");
                    errors.push(ChartError { line, message, help: Some(help) });
                    out.push(key.to_string());
                }
                None => out.push(key.to_string()),
            }
        }
        out
    }

    /// The cells of a column as numbers; the first few bad cells are
    /// reported one by one, the rest counted.
    fn numbers(&self, col: usize, line: usize, errors: &mut Vec<ChartError>) -> Vec<f64> {
        let name = &self.table.columns[col];
        let mut values = Vec::new();
        let mut bad = 0;
        for (i, row) in self.table.rows.iter().enumerate() {
            let cell = row.cells[col].trim();
            match spec::parse_number(cell).filter(|v| v.abs() <= MAX_VALUE) {
                Some(v) => values.push(v),
                None => {
                    bad += 1;
                    if bad <= CELL_ERRORS {
                        errors.push(cell_error(&self.place(row, i), name, cell, line));
                    }
                }
            }
        }
        if bad > CELL_ERRORS {
            let message =
                format!("{}: {} more cells in column `{name}` are not numbers", self.shown, bad - CELL_ERRORS);
            errors.push(ChartError { line, message, help: None });
        }
        values
    }
}

fn cell_error(place: &str, column: &str, cell: &str, line: usize) -> ChartError {
    let (what, help) = if cell.is_empty() {
        ("is empty".to_string(), Some("write 0 if the value is zero".to_string()))
    } else if spec::parse_number(cell).is_some() {
        (format!("`{cell}` is too large (at most 10^15)"), None)
    } else if cell.contains(',') {
        (format!("`{cell}` is not a number"), Some("write numbers without thousands separators".to_string()))
    } else {
        (format!("`{cell}` is not a number"), None)
    };
    let message = if cell.is_empty() {
        format!("{place}, column `{column}` {what}")
    } else {
        format!("{place}, column `{column}`: {what}")
    };
    ChartError { line, message, help }
}

fn or(line: usize, fallback: usize) -> usize {
    if line > 0 { line } else { fallback }
}

/// The paths `data: NAME` may mean, in the order they are searched: the
/// brief's own folder first, then `data/`.
fn candidates(name: &str, ctx: &ChartContext) -> Vec<PathBuf> {
    let dirs: Vec<PathBuf> =
        ctx.bundle_dir.map(Path::to_path_buf).into_iter().chain([ctx.site_root.join("data")]).collect();
    let has_ext = [".csv", ".yaml", ".yml"].iter().any(|e| name.ends_with(e));
    let mut out = Vec::new();
    for dir in dirs {
        if has_ext {
            out.push(dir.join(name));
        } else {
            for ext in ["csv", "yaml", "yml"] {
                out.push(dir.join(format!("{name}.{ext}")));
            }
        }
    }
    out
}

/// A path relative to the site's root, with forward slashes.
fn shown(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}
