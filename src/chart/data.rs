//! Data files for charts: `NAME.csv` and `NAME.yaml`, parsed once per build.
//!
//! Takes a path; returns a [`Table`] of named columns and rows of text cells,
//! each row with the line it starts on, so a bad cell can be pointed at.
//! CSV is read by hand: a header row, commas, double-quoted fields with `""`
//! escapes (and line breaks inside quotes), CRLF line ends, a leading BOM and
//! blank lines are all accepted. YAML is a list of rows (`- {region: daraa,
//! attacks: 4}`) or a map of columns (`{region: [..], attacks: [..]}`).
//! Refuses an unclosed quote, a row whose field count differs from the
//! header's, a YAML file of any other shape, and a nested value in a cell.
//! Cells stay text: what a number is, is decided by the chart that reads it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::yaml::{self, Value};

/// A parsed data file: column names and rows of text cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row of a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line of the file the row starts on, when known.
    pub line: Option<usize>,
    /// One cell per column, in the order of [`Table::columns`]; empty when missing.
    pub cells: Vec<String>,
}

impl Table {
    /// Index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// What loading a data file gave: the table, or why there is none.
pub type Loaded = Result<Arc<Table>, String>;

/// Data files, parsed once and shared across threads: pages render in
/// parallel, and both languages of a brief usually draw on the same file.
#[derive(Debug, Default)]
pub struct DataStore {
    tables: RwLock<HashMap<PathBuf, Loaded>>,
}

impl DataStore {
    pub fn new() -> Self {
        DataStore::default()
    }

    /// The parsed file at `path`, read and parsed on first use.
    pub(crate) fn load(&self, path: &Path) -> Loaded {
        if let Ok(tables) = self.tables.read()
            && let Some(found) = tables.get(path)
        {
            return found.clone();
        }
        // Parse outside the lock: two threads may both parse a file the first
        // time, which costs little and keeps the lock short.
        let parsed = read_table(path).map(Arc::new);
        match self.tables.write() {
            Ok(mut tables) => tables.entry(path.to_path_buf()).or_insert(parsed).clone(),
            Err(_) => parsed,
        }
    }
}

fn read_table(path: &Path) -> Result<Table, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    if is_yaml { parse_yaml(text) } else { parse_csv(text) }
}

/// Parses CSV text: the first non-blank record is the header.
pub fn parse_csv(text: &str) -> Result<Table, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = csv_records(text)?.into_iter();
    let Some((_, header)) = records.next() else {
        return Err("it is empty: a CSV data file needs a header row".to_string());
    };
    let mut rows = Vec::new();
    for (line, cells) in records {
        if cells.len() != header.len() {
            return Err(format!("line {line} has {} fields, but the header has {}", cells.len(), header.len()));
        }
        rows.push(Row { line: Some(line), cells });
    }
    Ok(Table { columns: header, rows })
}

/// The records of a CSV text, each with the line it starts on; blank lines
/// are skipped.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut start) = (1usize, 1usize);
    let (mut in_quotes, mut quoted, mut quote_line) = (false, false, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() && !quoted => {
                field.clear();
                (in_quotes, quoted, quote_line) = (true, true, line);
            }
            ',' => fields.push(take_field(&mut field, &mut quoted)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(take_field(&mut field, &mut quoted));
                end_record(&mut records, &mut fields, start);
                line += 1;
                start = line;
            }
            c => field.push(c),
        }
    }
    if in_quotes {
        return Err(format!("line {quote_line}: a quoted field is not closed"));
    }
    fields.push(take_field(&mut field, &mut quoted));
    end_record(&mut records, &mut fields, start);
    Ok(records)
}

fn take_field(field: &mut String, quoted: &mut bool) -> String {
    let text = std::mem::take(field);
    let text = if *quoted { text } else { text.trim().to_string() };
    *quoted = false;
    text
}

fn end_record(records: &mut Vec<(usize, Vec<String>)>, fields: &mut Vec<String>, line: usize) {
    let cells = std::mem::take(fields);
    let blank = cells.len() == 1 && cells[0].is_empty();
    if !blank {
        records.push((line, cells));
    }
}

/// Parses a YAML data file: a list of rows or a map of columns.
pub fn parse_yaml(text: &str) -> Result<Table, String> {
    let value = yaml::parse(text).map_err(|e| match e.help {
        Some(help) => format!("line {}: {} ({help})", e.line, e.message),
        None => format!("line {}: {}", e.line, e.message),
    })?;
    match value {
        Value::Sequence(rows) => yaml_rows(text, &rows),
        Value::Mapping(map) if map.values().all(|v| matches!(v, Value::Sequence(_))) => {
            let mut columns = Vec::new();
            let mut lists = Vec::new();
            for (k, v) in &map {
                let name = yaml::scalar_text(k).unwrap_or_default();
                let Value::Sequence(list) = v else { continue };
                let mut cells = Vec::new();
                for (i, cell) in list.iter().enumerate() {
                    cells.push(cell_text(cell).map_err(|e| format!("column `{name}`, row {}: {e}", i + 1))?);
                }
                columns.push(name);
                lists.push(cells);
            }
            let len = lists.iter().map(Vec::len).max().unwrap_or(0);
            let rows = (0..len)
                .map(|i| Row {
                    line: None,
                    cells: lists.iter().map(|l| l.get(i).cloned().unwrap_or_default()).collect(),
                })
                .collect();
            Ok(Table { columns, rows })
        }
        other => {
            Err(format!("a YAML data file is a list of rows or a map of columns, not {}", yaml::kind_name(&other)))
        }
    }
}

fn yaml_rows(text: &str, rows: &[Value]) -> Result<Table, String> {
    let lines = item_lines(text);
    let mut columns: Vec<String> = Vec::new();
    let mut maps = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let line = lines.get(i).copied();
        let place = line.map_or(format!("row {}", i + 1), |l| format!("line {l}"));
        let Value::Mapping(map) = row else {
            return Err(format!("{place}: a row is a map such as `{{region: daraa, attacks: 4}}`"));
        };
        let mut cells = Vec::new();
        for (k, v) in map {
            let name = yaml::scalar_text(k).unwrap_or_default();
            let cell = cell_text(v).map_err(|e| format!("{place}, column `{name}`: {e}"))?;
            if !columns.contains(&name) {
                columns.push(name.clone());
            }
            cells.push((name, cell));
        }
        maps.push((line, cells));
    }
    let rows = maps
        .into_iter()
        .map(|(line, cells)| Row {
            line,
            cells: columns
                .iter()
                .map(|c| cells.iter().find(|(n, _)| n == c).map(|(_, v)| v.clone()).unwrap_or_default())
                .collect(),
        })
        .collect();
    Ok(Table { columns, rows })
}

fn cell_text(v: &Value) -> Result<String, String> {
    match v {
        Value::Null => Ok(String::new()),
        v => yaml::scalar_text(v).ok_or_else(|| format!("a cell holds one value, not {}", yaml::kind_name(v))),
    }
}

/// The 1-based lines of the top-level `- ` items of a block-style list.
fn item_lines(text: &str) -> Vec<usize> {
    let starts: Vec<(usize, usize)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            t.starts_with("- ") || t == "-"
        })
        .map(|(i, l)| (i + 1, l.len() - l.trim_start().len()))
        .collect();
    let min = starts.iter().map(|&(_, ind)| ind).min().unwrap_or(0);
    starts.into_iter().filter(|&(_, ind)| ind == min).map(|(l, _)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_crlf_bom_and_blank_lines() {
        let t = parse_csv("\u{feff}region,label\r\ndaraa,\"A, \"\"quoted\"\"\"\r\n\r\nhama, plain \r\n\n").unwrap();
        assert_eq!(t.columns, vec!["region", "label"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1], "A, \"quoted\"");
        assert_eq!(t.rows[1].cells, vec!["hama", "plain"]);
        assert_eq!(t.rows[1].line, Some(4));
    }

    #[test]
    fn csv_line_breaks_inside_quotes_count_lines() {
        let t = parse_csv("a,b\n\"x\ny\",1\nz,2\n").unwrap();
        assert_eq!(t.rows[0].cells[0], "x\ny");
        assert_eq!(t.rows[1].line, Some(4));
    }

    #[test]
    fn csv_errors() {
        assert!(parse_csv("").unwrap_err().contains("empty"));
        assert_eq!(parse_csv("a,b\n1\n").unwrap_err(), "line 2 has 1 fields, but the header has 2");
        assert_eq!(parse_csv("a\n\"open\n").unwrap_err(), "line 2: a quoted field is not closed");
    }

    #[test]
    fn yaml_rows_and_columns() {
        let t = parse_yaml("- {region: daraa, attacks: 4}\n- region: hama\n  attacks: 2.5\n").unwrap();
        assert_eq!(t.columns, vec!["region", "attacks"]);
        assert_eq!(t.rows[1].cells, vec!["hama", "2.5"]);
        assert_eq!(t.rows[1].line, Some(2));
        let t = parse_yaml("region: [daraa, hama]\nattacks: [4, 2]\n").unwrap();
        assert_eq!(t.rows[1].cells, vec!["hama", "2"]);
        assert!(parse_yaml("just text").is_err());
        assert!(parse_yaml("- {a: [1, 2]}").unwrap_err().contains("line 1, column `a`"));
    }

    #[test]
    fn the_store_parses_once() {
        let dir = std::env::temp_dir().join(format!("mujaz-chart-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.csv");
        std::fs::write(&path, "a,b\n1,2\n").unwrap();
        let store = DataStore::new();
        let first = store.load(&path).unwrap();
        std::fs::write(&path, "a,b\n3,4\n").unwrap();
        let second = store.load(&path).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        std::fs::remove_dir_all(&dir).ok();
    }
}
