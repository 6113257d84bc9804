//! The YAML of a ```` ```chart ```` block, read and checked.
//!
//! Takes the block's text; returns a [`Spec`] holding every field that was
//! valid, plus every problem found, each at its line inside the block (the
//! line after the opening fence is 1; 0 is the block as a whole). Refuses
//! YAML syntax errors, unknown fields, a missing or unknown `type`, a missing
//! `title`, inline values that are not numbers, series whose length differs
//! from the labels', bad event dates, `data` together with inline values,
//! `data` without `x`/`y` (or `label` for a timeline) and a `data` name that
//! would leave the site. Data files are opened later, by `resolve`.

use chrono::NaiveDate;

use super::{ChartError, Kind, Series, TimelineEvent};
use crate::diag::{Pos, did_you_mean};
use crate::yaml::{self, Locator, Mapping, Seg, Value};

/// The fields a chart block may have.
const FIELDS: [&str; 13] =
    ["type", "title", "caption", "source", "labels", "series", "data", "x", "y", "names", "events", "label", "id"];

/// The largest magnitude a value may have: beyond it, numbers can no
/// longer be written exactly with thousands separators.
pub const MAX_VALUE: f64 = 1e15;

/// A checked chart block: what was valid in it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spec {
    pub kind: Option<Kind>,
    pub title: Option<String>,
    pub caption: Option<String>,
    pub source: Option<String>,
    pub body: Body,
}

/// Where a chart's numbers come from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Body {
    /// Missing or invalid; the errors say why.
    #[default]
    None,
    Inline {
        labels: Vec<String>,
        series: Vec<Series>,
    },
    Events(Vec<TimelineEvent>),
    Data(DataSpec),
}

/// `data: NAME` with the columns to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSpec {
    /// The name as written: no folder, maybe an extension.
    pub name: String,
    /// The labels column (dates for a timeline).
    pub x: String,
    /// The value columns; empty for a timeline.
    pub y: Vec<String>,
    /// Series names, one per `y` column.
    pub names: Option<Vec<String>>,
    /// The event text column of a timeline.
    pub label: Option<String>,
    /// Lines of `data`, `x`, `y` and `label` in the block, for errors.
    pub lines: DataLines,
}

/// Lines of the data fields inside the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DataLines {
    pub data: usize,
    pub x: usize,
    pub y: usize,
    pub label: usize,
}

/// Reads a chart block. The spec holds what could be read even when there
/// are errors, so later checks (data files, columns) still run.
pub fn parse(text: &str) -> (Spec, Vec<ChartError>) {
    let mut p = Parser { loc: Locator::new(text, 0), errors: Vec::new(), kind_missing: false };
    let map = match yaml::parse(text) {
        Ok(Value::Mapping(map)) => map,
        Ok(Value::Null) => Mapping::new(),
        Ok(other) => {
            let msg = format!("a chart block is a set of `key: value` lines, not {}", yaml::kind_name(&other));
            p.error(0, msg, Some("start with `type: bar` and `title: …`".to_string()));
            return (Spec::default(), p.errors);
        }
        Err(e) => {
            p.error(e.line, format!("the chart block is not valid YAML: {}", e.message), e.help);
            return (Spec::default(), p.errors);
        }
    };
    let spec = p.spec(&map);
    (spec, p.errors)
}

struct Parser<'a> {
    loc: Locator<'a>,
    errors: Vec<ChartError>,
    /// Whether the block has no `type` at all.
    kind_missing: bool,
}

impl Parser<'_> {
    fn error(&mut self, line: usize, message: String, help: Option<String>) {
        self.errors.push(ChartError { line, message, help });
    }

    fn line(&self, path: &[Seg]) -> usize {
        self.loc.key(path).map_or(0, |p| p.line)
    }

    fn spec(&mut self, map: &Mapping) -> Spec {
        for key in map.keys() {
            let name = match yaml::key_name(key) {
                Ok(name) => name,
                Err(found) => {
                    let line = self.loc.nameless_key(&[]).map_or(0, |p| p.line);
                    let help = format!("write the field's name before the colon; the fields are {}", FIELDS.join(", "));
                    self.error(line, format!("a field name in a chart block must be text, found {found}"), Some(help));
                    continue;
                }
            };
            if !FIELDS.contains(&name.as_str()) {
                let help =
                    did_you_mean(&name, FIELDS).or_else(|| Some(format!("the fields are {}", FIELDS.join(", "))));
                self.error(self.line(&[Seg::Key(&name)]), format!("unknown field `{name}` in a chart block"), help);
            }
        }
        let kind = self.kind(map.get("type"));
        let title = self.text(map, "title", true);
        let caption = self.text(map, "caption", false);
        let source = self.text(map, "source", false);
        self.figure_id(map);
        let timeline = match kind {
            Some(k) => k == Kind::Timeline,
            None => map.contains_key("events") || map.contains_key("label"),
        };
        let body = self.body(map, timeline);
        Spec { kind, title, caption, source, body }
    }

    /// `id: fig-NAME`, the figure's id for `@fig-NAME` references (the
    /// Markdown renderer reads it; here it is only checked).
    fn figure_id(&mut self, map: &Mapping) {
        let Some(v) = map.get("id") else { return };
        let text = yaml::scalar_text(v).unwrap_or_default();
        if !crate::figures::is_figure_id(text.trim()) {
            let slug = crate::markdown::slugify(text.trim_start_matches("fig-"));
            let help = format!(
                "e.g. `id: fig-{}`, referred to in the text as `@fig-{0}`",
                if slug.is_empty() { "name" } else { &slug }
            );
            let msg = format!("a chart's `id` is `fig-` then lowercase letters, digits and `-`, found `{text}`");
            self.error(self.line(&[Seg::Key("id")]), msg, Some(help));
        }
    }

    fn kind(&mut self, v: Option<&Value>) -> Option<Kind> {
        let names = Kind::ALL.map(Kind::name);
        let Some(v) = v else {
            self.kind_missing = true;
            self.error(0, "missing `type`".to_string(), Some(format!("add `type:` with one of {}", names.join(", "))));
            return None;
        };
        let line = self.line(&[Seg::Key("type")]);
        let Some(text) = yaml::scalar_text(v) else {
            let msg = format!("`type` should be one of {}, found {}", names.join(", "), yaml::kind_name(v));
            self.error(line, msg, None);
            return None;
        };
        let kind = Kind::from_name(&text);
        if kind.is_none() {
            let help = did_you_mean(&text, names).unwrap_or_else(|| format!("use one of {}", names.join(", ")));
            self.error(line, format!("unknown chart type `{text}`"), Some(help));
        }
        kind
    }

    /// A text field; numbers are taken as written.
    fn text(&mut self, map: &Mapping, key: &str, required: bool) -> Option<String> {
        let Some(v) = map.get(key) else {
            if required {
                let help = "every chart needs a title: it names the chart for screen readers and heads its table";
                self.error(0, format!("missing `{key}`"), Some(help.to_string()));
            }
            return None;
        };
        match yaml::scalar_text(v) {
            Some(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            Some(_) if !required => None,
            found => {
                let what = if found.is_some() { "empty text" } else { yaml::kind_name(v) };
                self.error(self.line(&[Seg::Key(key)]), format!("`{key}` should be text, found {what}"), None);
                None
            }
        }
    }

    fn body(&mut self, map: &Mapping, timeline: bool) -> Body {
        let not_here: &[&str] = if timeline { &["labels", "series", "y", "names"] } else { &["events", "label"] };
        for key in not_here {
            if map.contains_key(*key) {
                let (msg, help) = if timeline {
                    (
                        format!("`{key}` is not used by a timeline"),
                        "a timeline takes `events`, or `data` with `x` and `label`",
                    )
                } else {
                    (
                        format!("`{key}` is used only by a timeline"),
                        "this chart takes `labels` and `series`, or `data` with `x` and `y`",
                    )
                };
                self.error(self.line(&[Seg::Key(key)]), msg, Some(help.to_string()));
            }
        }
        let inline: Vec<&str> = ["labels", "series", "events"].into_iter().filter(|k| map.contains_key(*k)).collect();
        if let Some(data) = map.get("data") {
            if !inline.is_empty() {
                let msg = format!("give either `data` or inline `{}`, not both", inline.join("`/`"));
                self.error(self.line(&[Seg::Key("data")]), msg, None);
                return Body::None;
            }
            return self.data(map, data, timeline).map_or(Body::None, Body::Data);
        }
        // Without a type, a block with no values at all has said enough.
        let bare = !["labels", "series", "events", "label", "x", "y"].iter().any(|k| map.contains_key(*k));
        if self.kind_missing && bare {
            return Body::None;
        }
        if timeline {
            return self.events(map.get("events")).map_or(Body::None, Body::Events);
        }
        self.inline(map)
    }

    fn inline(&mut self, map: &Mapping) -> Body {
        let labels = self.labels(map.get("labels"));
        let series = self.all_series(map.get("series"));
        let (Some(labels), Some(series)) = (labels, series) else { return Body::None };
        let mut ok = true;
        for (i, s) in series.iter().enumerate() {
            if s.values.len() != labels.len() {
                let line = self.line(&[Seg::Key("series"), Seg::Index(i), Seg::Key("values")]);
                let msg =
                    format!("series `{}` has {} values but there are {} labels", s.name, s.values.len(), labels.len());
                self.error(line, msg, Some("give one value per label, in the order of `labels`".to_string()));
                ok = false;
            }
        }
        if ok { Body::Inline { labels, series } } else { Body::None }
    }

    fn labels(&mut self, v: Option<&Value>) -> Option<Vec<String>> {
        let Some(v) = v else {
            let help = "add `labels: [..]`, or take the labels from a data file with `data` and `x`";
            self.error(0, "missing `labels`".to_string(), Some(help.to_string()));
            return None;
        };
        let line = self.line(&[Seg::Key("labels")]);
        let Value::Sequence(items) = v else {
            self.error(line, format!("`labels` should be a list, found {}", yaml::kind_name(v)), None);
            return None;
        };
        let mut labels = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match yaml::scalar_text(item) {
                Some(t) => labels.push(t),
                None => {
                    self.error(line, format!("label {} should be text, found {}", i + 1, yaml::kind_name(item)), None)
                }
            }
        }
        (labels.len() == items.len()).then_some(labels)
    }

    fn all_series(&mut self, v: Option<&Value>) -> Option<Vec<Series>> {
        let Some(v) = v else {
            let help = "add `series:` with `- name: …` and `values: [..]`";
            self.error(0, "missing `series`".to_string(), Some(help.to_string()));
            return None;
        };
        let line = self.line(&[Seg::Key("series")]);
        let items = match v {
            Value::Sequence(items) if !items.is_empty() => items,
            _ => {
                self.error(line, "`series` should be a list of `{name, values}`".to_string(), None);
                return None;
            }
        };
        let parsed: Vec<Option<Series>> = items.iter().enumerate().map(|(i, item)| self.series(i, item)).collect();
        parsed.into_iter().collect()
    }

    fn series(&mut self, i: usize, item: &Value) -> Option<Series> {
        let at = |key| [Seg::Key("series"), Seg::Index(i), Seg::Key(key)];
        let Value::Mapping(map) = item else {
            let line = self.loc.start(&[Seg::Key("series"), Seg::Index(i)]).map_or(0, |p| p.line);
            self.error(line, format!("series {} should be `{{name, values}}`", i + 1), None);
            return None;
        };
        self.unknown_keys(map, &["name", "values"], |k| [Seg::Key("series"), Seg::Index(i), Seg::Key(k)]);
        let name = map.get("name").and_then(yaml::scalar_text);
        let Some(name) = name else {
            let line = self.loc.start(&[Seg::Key("series"), Seg::Index(i)]).map_or(0, |p| p.line);
            self.error(line, format!("series {} has no `name`", i + 1), None);
            return None;
        };
        let line = self.line(&at("values"));
        let Some(Value::Sequence(items)) = map.get("values") else {
            self.error(line, format!("series `{name}` needs `values: [..]`, a list of numbers"), None);
            return None;
        };
        let mut values = Vec::new();
        for item in items {
            match number(item) {
                Ok(v) => values.push(v),
                Err(e) => self.error(line, format!("value {e} in series `{name}` is not a number"), None),
            }
        }
        (values.len() == items.len()).then_some(Series { name, values })
    }

    fn unknown_keys<'k>(&mut self, map: &'k Mapping, allowed: &[&str], path: impl Fn(&'k str) -> [Seg<'k>; 3]) {
        for key in map.keys() {
            let Value::String(k) = key else { continue };
            if !allowed.contains(&k.as_str()) {
                let help = did_you_mean(k, allowed.iter().copied());
                let line = self.line(&path(k));
                self.error(line, format!("unknown field `{k}`; use {}", allowed.join(" and ")), help);
            }
        }
    }

    fn events(&mut self, v: Option<&Value>) -> Option<Vec<TimelineEvent>> {
        let Some(v) = v else {
            let help = "add `events:` with `- {date: YYYY-MM-DD, label: …}`, or `data` with `x` and `label`";
            self.error(0, "missing `events`".to_string(), Some(help.to_string()));
            return None;
        };
        let Value::Sequence(items) = v else {
            let msg = format!("`events` should be a list of `{{date, label}}`, found {}", yaml::kind_name(v));
            self.error(self.line(&[Seg::Key("events")]), msg, None);
            return None;
        };
        let parsed: Vec<Option<TimelineEvent>> = items.iter().enumerate().map(|(i, e)| self.event(i, e)).collect();
        parsed.into_iter().collect()
    }

    fn event(&mut self, i: usize, item: &Value) -> Option<TimelineEvent> {
        let start = self.loc.start(&[Seg::Key("events"), Seg::Index(i)]).map_or(0, |p| p.line);
        let Value::Mapping(map) = item else {
            self.error(start, format!("event {} should be `{{date, label}}`", i + 1), None);
            return None;
        };
        self.unknown_keys(map, &["date", "label"], |k| [Seg::Key("events"), Seg::Index(i), Seg::Key(k)]);
        let date_line = self.line(&[Seg::Key("events"), Seg::Index(i), Seg::Key("date")]).max(start);
        let date = match map.get("date").and_then(yaml::scalar_text) {
            Some(text) => match parse_date(&text) {
                Some(d) => Some(d),
                None => {
                    let msg = format!("event {}: `{text}` is not a date", i + 1);
                    match crate::fields::impossible_date(text.trim()) {
                        Some(why) => self.error(date_line, format!("{msg}: {why}"), None),
                        None => {
                            self.error(date_line, msg, Some("write dates as YYYY-MM-DD, such as 2025-09-12".into()))
                        }
                    }
                    None
                }
            },
            None => {
                self.error(start, format!("event {} has no `date`", i + 1), None);
                None
            }
        };
        let label = map.get("label").and_then(yaml::scalar_text).filter(|l| !l.trim().is_empty());
        if label.is_none() {
            self.error(start, format!("event {} has no `label`", i + 1), None);
        }
        Some(TimelineEvent { date: date?, label: label?.trim().to_string() })
    }

    fn data(&mut self, map: &Mapping, v: &Value, timeline: bool) -> Option<DataSpec> {
        let lines = DataLines {
            data: self.line(&[Seg::Key("data")]),
            x: self.line(&[Seg::Key("x")]),
            y: self.line(&[Seg::Key("y")]),
            label: self.line(&[Seg::Key("label")]),
        };
        let name = yaml::scalar_text(v).unwrap_or_default().trim().to_string();
        let name_ok = self.data_name(&name, lines.data);
        let x =
            self.column(map, "x", lines.data, if timeline { "the column of dates" } else { "the column of labels" });
        let (y, label, names) = if timeline {
            (Some(Vec::new()), self.column(map, "label", lines.data, "the column of event texts").map(Some), None)
        } else {
            let y = self.columns(map.get("y"), lines);
            let names = self.names(map.get("names"), y.as_ref().map_or(0, Vec::len));
            (y, Some(None), names)
        };
        if !name_ok {
            return None;
        }
        Some(DataSpec { name, x: x?, y: y?, names, label: label?, lines })
    }

    fn data_name(&mut self, name: &str, line: usize) -> bool {
        if name.is_empty() {
            self.error(line, "`data` should name a data file, such as `attacks-2025-09`".to_string(), None);
            return false;
        }
        let absolute = std::path::Path::new(name).is_absolute() || name.starts_with('~') || name.contains(':');
        if name.contains('/') || name.contains('\\') || name.contains("..") || absolute {
            let msg = format!("`data: {name}` leaves the site");
            let help = "name a file in data/ or beside the brief, without a folder: `data: attacks-2025-09`";
            self.error(line, msg, Some(help.to_string()));
            return false;
        }
        true
    }

    fn column(&mut self, map: &Mapping, key: &str, data_line: usize, what: &str) -> Option<String> {
        match map.get(key).and_then(yaml::scalar_text).filter(|t| !t.trim().is_empty()) {
            Some(t) => Some(t.trim().to_string()),
            None => {
                let line = if map.contains_key(key) { self.line(&[Seg::Key(key)]) } else { data_line };
                self.error(line, format!("`data` needs `{key}`: {what}"), None);
                None
            }
        }
    }

    fn columns(&mut self, v: Option<&Value>, lines: DataLines) -> Option<Vec<String>> {
        let cols: Option<Vec<String>> = match v {
            Some(Value::Sequence(items)) if !items.is_empty() => items.iter().map(yaml::scalar_text).collect(),
            Some(v) => yaml::scalar_text(v).map(|t| vec![t]),
            None => None,
        };
        let cols = cols.filter(|c| c.iter().all(|t| !t.trim().is_empty()));
        if cols.is_none() {
            let line = if v.is_some() { lines.y } else { lines.data };
            self.error(line, "`data` needs `y`: the column or list of columns of values".to_string(), None);
        }
        cols.map(|c| c.into_iter().map(|t| t.trim().to_string()).collect())
    }

    fn names(&mut self, v: Option<&Value>, count: usize) -> Option<Vec<String>> {
        let v = v?;
        let line = self.line(&[Seg::Key("names")]);
        let names: Option<Vec<String>> = match v {
            Value::Sequence(items) => items.iter().map(yaml::scalar_text).collect(),
            v => yaml::scalar_text(v).map(|t| vec![t]),
        };
        match names {
            Some(n) if n.len() == count || count == 0 => Some(n),
            Some(n) => {
                let msg = format!("`names` has {} names but `y` has {count} columns", n.len());
                self.error(line, msg, Some("give one series name per `y` column".to_string()));
                None
            }
            None => {
                self.error(line, "`names` should be a list of series names".to_string(), None);
                None
            }
        }
    }
}

/// A chart value: a YAML number, or text that reads as one.
fn number(v: &Value) -> Result<f64, String> {
    let (n, shown) = match v {
        Value::Number(n) => (n.as_f64(), format!("`{n}`")),
        Value::String(s) => (parse_number(s), format!("`{s}`")),
        other => (None, yaml::kind_name(other).to_string()),
    };
    match n {
        Some(x) if x.abs() <= MAX_VALUE => Ok(x),
        Some(x) if x.is_finite() => Err(format!("{shown} (too large: at most 10^15)")),
        _ => Err(shown),
    }
}

/// Where a chart block takes its numbers from, as a check that compares
/// two blocks (a brief and its translation) needs them.
#[derive(Debug, PartialEq)]
pub enum Numbers {
    /// Each series' values, as numbers read the way a drawn chart reads
    /// them (a value that is not one as written), with the place of its
    /// `values:`.
    Inline(Vec<(Vec<String>, Option<Pos>)>),
    /// `data: name`, with the place of the key.
    File(String, Option<Pos>),
    /// YAML that does not parse: the build reports it.
    Unreadable,
}

/// The numbers of a chart block whose text starts after line `fence_line`
/// of its file.
pub fn numbers(text: &str, fence_line: usize) -> Numbers {
    let Ok(Value::Mapping(map)) = yaml::parse(text) else { return Numbers::Unreadable };
    let loc = Locator::new(text, fence_line);
    if let Some(name) = map.get("data").and_then(yaml::scalar_text) {
        return Numbers::File(name, loc.key(&[Seg::Key("data")]));
    }
    let series = match map.get("series") {
        Some(Value::Sequence(items)) => items.as_slice(),
        _ => &[],
    };
    let shown = |v: &Value| match number(v) {
        Ok(x) => x.to_string(),
        Err(_) => yaml::scalar_text(v).map_or_else(|| "?".into(), |t| t.trim().to_string()),
    };
    let read = |(i, s): (usize, &Value)| {
        let values = match s.get("values") {
            Some(Value::Sequence(vs)) => vs.iter().map(shown).collect(),
            _ => Vec::new(),
        };
        (values, loc.key(&[Seg::Key("series"), Seg::Index(i), Seg::Key("values")]))
    };
    Numbers::Inline(series.iter().enumerate().map(read).collect())
}

/// Reads a number written as text: Latin or Arabic-Indic digits, a point
/// or the Arabic decimal separator, no thousands separators.
pub fn parse_number(s: &str) -> Option<f64> {
    let latin: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32).unwrap_or(c),
            '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32).unwrap_or(c),
            '\u{066B}' => '.',
            '\u{2212}' => '-',
            c => c,
        })
        .collect();
    let ok = !latin.is_empty() && latin.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    latin.parse::<f64>().ok().filter(|v| ok && v.is_finite())
}

/// A `YYYY-MM-DD` date, with any spaces around it.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    crate::fields::parse_date(s.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<String>> {
        match numbers(text, 0) {
            Numbers::Inline(series) => series.into_iter().map(|(v, _)| v).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numbers_read_as_the_chart_reads_them() {
        let text = "type: bar\nseries:\n  - name: a\n    values: [4, -3.50, \"١٢\", 1000.0, n/a]\n";
        assert_eq!(values(text), vec![vec!["4", "-3.5", "12", "1000", "n/a"]]);
    }

    #[test]
    fn a_data_file_is_named_with_its_place() {
        match numbers("type: bar\ndata: attacks\n", 10) {
            Numbers::File(name, Some(pos)) => assert_eq!((name.as_str(), pos.line), ("attacks", 12)),
            other => panic!("{other:?}"),
        }
        assert_eq!(numbers("type: [", 0), Numbers::Unreadable);
    }
}
