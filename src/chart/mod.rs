//! Charts (temporary stub until the chart module lands).
use crate::locale::Locale;
pub struct ChartContext<'a> {
    pub site_root: &'a std::path::Path,
    pub bundle_dir: Option<&'a std::path::Path>,
    pub locale: &'a Locale,
    pub label: &'a (dyn Fn(&str, &str) -> Option<String> + Sync),
    pub data: &'a DataStore,
    pub id: &'a str,
}
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError {
    pub line: usize,
    pub message: String,
    pub help: Option<String>,
}
pub fn render_block(_yaml: &str, ctx: &ChartContext) -> Result<String, Vec<ChartError>> {
    Ok(format!("<figure class=\"chart\" id=\"{}\"></figure>", ctx.id))
}
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: Kind,
    pub title: String,
    pub caption: Option<String>,
    pub source: Option<String>,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    pub events: Vec<TimelineEvent>,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bar,
    Hbar,
    Line,
    Stacked,
    Timeline,
}
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    pub date: chrono::NaiveDate,
    pub label: String,
}
pub fn figure(_chart: &Chart, _locale: &Locale, id: &str) -> String {
    format!("<figure class=\"chart\" id=\"{id}\"></figure>")
}
#[derive(Default)]
pub struct DataStore;
impl DataStore {
    pub fn new() -> Self {
        DataStore
    }
}
