//! The one door to the YAML parser, and a way back from values to lines.
//!
//! Front matter, `site.yaml` and data files are parsed here and nowhere else,
//! so the YAML crate can be swapped by editing this file. The parser gives a
//! tree without positions; [`Locator`] finds the line and column of a key or
//! a value in the source text, so errors found after parsing (an unknown
//! taxonomy key, a date before another) still point at the line to fix. A
//! value is matched against whole scalars of its lines (module `scalars`), so an
//! error points at `aleppo`, not at the start of `"aleppo east"` before it,
//! nor at a comment.

mod scalars;

use crate::diag::Pos;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

pub use yaml_serde::{Mapping, Value};

/// A syntax error with its 1-based place in the parsed text, and how to
/// fix it when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: Option<String>,
}

/// Parses YAML text into a tree. An empty text is an empty mapping.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    if text.trim().is_empty() {
        return Ok(Value::Mapping(Mapping::new()));
    }
    if let Some(deep) = too_deep(text) {
        return Err(deep);
    }
    yaml_serde::from_str::<Value>(text).map_err(|e| {
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        if let Some(tab) = tab_indent(text, line) {
            return tab;
        }
        if let Some(control) = control_char(text) {
            return control;
        }
        let message = e.to_string();
        // The crate appends " at line X column Y"; the place is reported apart.
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        SyntaxError { line, col, message, help: None }
    })
}

/// How deep `[` and `{` may nest. The parser's time grows with the depth
/// times the length (100,000 `[` took minutes), and its reader gives up
/// at 128 levels anyway.
pub const MAX_DEPTH: usize = 128;

/// The error for flow collections nested deeper than [`MAX_DEPTH`], found
/// in one pass before parsing. Quoted text and comments are skipped; a
/// quote counts only where a value can start, so `it's` is not one, and
/// ends with its line at the latest, so a stray `'` cannot hide the
/// brackets of the lines after it.
fn too_deep(text: &str) -> Option<SyntaxError> {
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut chars = line.chars().enumerate().peekable();
        while let Some((col, c)) = chars.next() {
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if prev.is_whitespace() => break,
                (None, '\'' | '"') if prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':' | '-') => {
                    quote = Some(c);
                }
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(SyntaxError {
                            line: i + 1,
                            col: col + 1,
                            message: format!("lists and mappings nest more than {MAX_DEPTH} levels deep here"),
                            help: Some("close the `[` and `{` that are open, or write the value in quotes".into()),
                        });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// The error for a control character, which YAML refuses anywhere, at
/// the character itself, named.
fn control_char(text: &str) -> Option<SyntaxError> {
    let (i, line) = text.lines().enumerate().find(|(_, l)| l.chars().any(|c| c.is_control() && c != '\t'))?;
    let (col, c) = line.chars().enumerate().find(|&(_, c)| c.is_control() && c != '\t')?;
    Some(SyntaxError {
        line: i + 1,
        col: col + 1,
        message: format!("the control character U+{:04X} is not allowed in text", c as u32),
        help: Some("delete it: control characters are invisible and break feeds and pages".into()),
    })
}

/// The error for a tab in the indentation of `line` (1-based) or of a line
/// before it, which YAML does not allow; `None` when there is none.
fn tab_indent(text: &str, line: usize) -> Option<SyntaxError> {
    let (i, bad) = text.lines().enumerate().take(line).find(|(_, l)| {
        let indent = &l[..l.len() - l.trim_start().len()];
        indent.contains('\t')
    })?;
    let indent = &bad[..bad.len() - bad.trim_start().len()];
    let col = indent.find('\t').map_or(1, |b| b + 1);
    let fixed = format!("{}{}", indent.replace('\t', "  "), bad.trim_start());
    Some(SyntaxError {
        line: i + 1,
        col,
        message: "this line is indented with a tab: YAML indents with spaces only".into(),
        help: Some(format!("replace the tab with spaces: `{}`", fixed.trim_end())),
    })
}

/// Converts a parsed tree into a serde type (used for simple enumerations).
pub fn from_value<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
    yaml_serde::from_value(v).map_err(|e| e.to_string())
}

/// A short English name for the kind of a value, for "expected …, found …".
pub fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Text of a scalar: strings as they are, numbers and booleans as written.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The name of a mapping key: text, or a number or boolean as written.
/// A null, an empty text, a list or a mapping used as a key has no name:
/// the error names what was found instead.
pub fn key_name(key: &Value) -> Result<String, &'static str> {
    match scalar_text(key) {
        Some(name) if !name.is_empty() => Ok(name),
        Some(_) => Err("empty text"),
        None => Err(kind_name(key)),
    }
}

/// Finds keys and values of a YAML text by line, for error messages.
///
/// It understands the block style authors write (`key: value`, nested keys
/// indented, list items starting with `- `) and falls back to the key's own
/// line for flow style (`[a, b]`, `{k: v}`).
///
/// Lookups are remembered, so that finding each of 10,000 list items
/// costs what finding one does, not a scan of the whole list each time.
pub struct Locator<'a> {
    lines: Vec<&'a str>,
    /// Added to every line number: the line of the text's first line, minus one.
    offset: usize,
    /// The lines of a key's value, by (range searched, key).
    keys: RefCell<HashMap<(usize, usize, String), Option<Lines>>>,
    /// The first lines of a block list's items, by range.
    items: RefCell<HashMap<Span, Rc<Vec<usize>>>>,
    /// The block-style keys of a range.
    key_index: RefCell<HashMap<Span, Rc<KeyIndex>>>,
}

/// A range of lines.
type Lines = Range<usize>;
/// A range of lines as a map key: (first, end).
type Span = (usize, usize);

/// Where each block-style key of a range is: (line, byte column, indent).
#[derive(Default)]
struct KeyIndex {
    keys: HashMap<String, (usize, usize, usize)>,
    /// The least indent of a line holding `{`, whose keys are not indexed.
    flow_indent: Option<usize>,
}

/// The key starting `line` (after its indent and any `- `), and its byte
/// column: `key:` or `"key":`, followed by a space or the line's end.
fn block_key(line: &str) -> Option<(&str, usize)> {
    let mut rest = line.trim_start();
    while let Some(r) = rest.strip_prefix("- ") {
        rest = r.trim_start();
    }
    let col = line.len() - rest.len();
    if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find('"')?;
        let after = quoted[end + 1..].trim_start();
        return after.starts_with(':').then(|| (&quoted[..end], col));
    }
    let colon = rest.find(':')?;
    let after = &rest[colon + 1..];
    let name = rest[..colon].trim_end();
    (after.is_empty() || after.starts_with(' ')).then_some((name, col)).filter(|(n, _)| !n.is_empty())
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, offset: usize) -> Self {
        Locator {
            lines: text.lines().collect(),
            offset,
            keys: RefCell::default(),
            items: RefCell::default(),
            key_index: RefCell::default(),
        }
    }

    fn indent(line: &str) -> usize {
        line.len() - line.trim_start().len()
    }

    fn is_blank(line: &str) -> bool {
        let t = line.trim_start();
        t.is_empty() || t.starts_with('#')
    }

    /// The line and byte column of `key:` inside `within`, at the
    /// shallowest indent. Finds keys in block style (`key: v`, `- key: v`)
    /// and in flow style (`{a: 1, key: v}`).
    fn key_line(&self, key: &str, within: Range<usize>) -> Option<(usize, usize)> {
        // Block-style keys come from an index of the range, built once;
        // flow style (`{a: 1}`) at or above the key's indent needs a scan.
        let index = self.block_keys(within.clone());
        match index.keys.get(key) {
            Some(&(l, c, ind)) if index.flow_indent.is_none_or(|f| f > ind) => return Some((l, c)),
            None if index.flow_indent.is_none() => return None,
            _ => {}
        }
        let mut best: Option<(usize, usize, usize)> = None;
        for i in within {
            let line = self.lines[i];
            if let Some(col) = key_column(line, key) {
                let ind = Self::indent(line);
                if best.is_none_or(|(_, _, b)| ind < b) {
                    best = Some((i, col, ind));
                }
            }
        }
        best.map(|(i, c, _)| (i, c))
    }

    /// The block-style keys of a range (`key:` or `- key:` starting a
    /// line), each at its shallowest, first line.
    fn block_keys(&self, range: Range<usize>) -> Rc<KeyIndex> {
        let id = (range.start, range.end);
        if let Some(index) = self.key_index.borrow().get(&id) {
            return Rc::clone(index);
        }
        let mut index = KeyIndex::default();
        for l in range {
            let line = self.lines[l];
            let ind = Self::indent(line);
            if line.contains('{') {
                index.flow_indent = Some(index.flow_indent.map_or(ind, |f| f.min(ind)));
            }
            if let Some((name, col)) = block_key(line) {
                let entry = index.keys.entry(name.to_string()).or_insert((l, col, ind));
                if ind < entry.2 {
                    *entry = (l, col, ind);
                }
            }
        }
        let index = Rc::new(index);
        self.key_index.borrow_mut().insert(id, Rc::clone(&index));
        index
    }

    /// The lines of a key's value: its own line and the more indented ones after it.
    fn block_of(&self, key_line: usize, end: usize) -> Range<usize> {
        let ind = Self::indent(self.lines[key_line]);
        let mut stop = key_line + 1;
        while stop < end {
            let line = self.lines[stop];
            if !Self::is_blank(line) && Self::indent(line) <= ind && !line.trim_start().starts_with("- ") {
                break;
            }
            if !Self::is_blank(line) && Self::indent(line) < ind {
                break;
            }
            stop += 1;
        }
        key_line..stop
    }

    /// Resolves a path of keys and list indices to a range of lines.
    fn range(&self, path: &[Seg]) -> Option<Range<usize>> {
        let mut range = 0..self.lines.len();
        for seg in path {
            range = match seg {
                Seg::Key(k) => {
                    let id = (range.start, range.end, k.to_string());
                    let found = self.keys.borrow().get(&id).cloned();
                    let found = found.unwrap_or_else(|| {
                        let found = self.key_line(k, range.clone()).map(|(l, _)| self.block_of(l, range.end));
                        self.keys.borrow_mut().insert(id, found.clone());
                        found
                    });
                    found?
                }
                Seg::Index(i) => self.item(range.clone(), *i).unwrap_or(range),
            };
        }
        Some(range)
    }

    /// The `i`-th `- ` item in a block, when the list is in block style.
    fn item(&self, range: Range<usize>, i: usize) -> Option<Range<usize>> {
        let starts = self.item_starts(range.clone());
        let start = *starts.get(i)?;
        let end = starts.get(i + 1).copied().unwrap_or(range.end);
        Some(start..end)
    }

    /// The first lines of the outermost `- ` items in a range.
    fn item_starts(&self, range: Range<usize>) -> Rc<Vec<usize>> {
        let id = (range.start, range.end);
        if let Some(starts) = self.items.borrow().get(&id) {
            return Rc::clone(starts);
        }
        let starts: Vec<usize> =
            range.filter(|&l| self.lines[l].trim_start().starts_with("- ") || self.lines[l].trim() == "-").collect();
        let min = starts.iter().map(|&l| Self::indent(self.lines[l])).min().unwrap_or(0);
        let starts: Rc<Vec<usize>> =
            Rc::new(starts.into_iter().filter(|&l| Self::indent(self.lines[l]) == min).collect());
        self.items.borrow_mut().insert(id, Rc::clone(&starts));
        starts
    }

    fn pos(&self, line: usize, byte_col: usize, len: usize) -> Pos {
        let text = self.lines[line];
        let col = text[..byte_col.min(text.len())].chars().count() + 1;
        Pos { line: line + 1 + self.offset, col, len }
    }

    /// The place of the last key in `path` (the key itself, underlined).
    pub fn key(&self, path: &[Seg]) -> Option<Pos> {
        let range = self.range(path)?;
        let line = *self.lines.get(range.start)?;
        let name = match path.last() {
            Some(Seg::Key(k)) => *k,
            _ => "",
        };
        let col = if name.is_empty() { Self::indent(line) } else { key_column(line, name).unwrap_or(0) };
        Some(self.pos(range.start, col, name.chars().count()))
    }

    /// The place of `needle` inside the value at `path`, or of the path's key.
    /// `needle` is found as a whole scalar first (`aleppo` is not the start
    /// of `aleppo east`, nor a key or a comment), then, failing that, as a
    /// word inside one.
    pub fn value(&self, path: &[Seg], needle: &str) -> Option<Pos> {
        self.nth_value(path, needle, 0)
    }

    /// The place of the `n`-th (from 0) whole scalar `needle` inside the
    /// value at `path`: a value listed twice is shown where it is repeated.
    /// Falls back as [`Locator::value`] does.
    pub fn nth_value(&self, path: &[Seg], needle: &str, n: usize) -> Option<Pos> {
        let range = self.range(path)?;
        let mut seen = 0;
        for l in range.clone() {
            for s in scalars::values(self.lines[l]).into_iter().filter(|s| s.text == needle) {
                if seen == n {
                    return Some(self.pos(l, s.at, s.raw.chars().count()));
                }
                seen += 1;
            }
        }
        if seen > 0 {
            return self.nth_value(path, needle, 0);
        }
        for l in range.clone() {
            let line = self.lines[l];
            let skip = if l == range.start { line.find(':').map(|c| c + 1).unwrap_or(0) } else { 0 };
            if let Some(c) = find_token(&line[skip..], needle) {
                return Some(self.pos(l, skip + c, needle.chars().count()));
            }
        }
        self.key(path)
    }

    /// The place of the first key without a name (`"": 1`, `~: 1`, `? [a]`)
    /// inside the value at `path`, or of the value's first line.
    pub fn nameless_key(&self, path: &[Seg]) -> Option<Pos> {
        let range = self.range(path)?;
        for l in range {
            let line = self.lines[l];
            let t = line.trim_start().trim_start_matches("- ").trim_start();
            let nameless =
                ["\"\":", "'':", "~:", "null:", "Null:", "NULL:", ":", "? "].iter().any(|p| t.starts_with(p))
                    || t == "?"
                    || (t.starts_with('[') && t.contains("]:"))
                    || (t.starts_with('{') && t.contains("}:"));
            if nameless {
                return Some(self.pos(l, line.len() - t.len(), t.chars().count().min(40)));
            }
        }
        self.start(path)
    }

    /// The place of the character `c` written as is inside the value at `path`.
    pub fn char_in(&self, path: &[Seg], c: char) -> Option<Pos> {
        let range = self.range(path)?;
        range.clone().find_map(|l| self.lines[l].find(c).map(|b| self.pos(l, b, 1)))
    }

    /// The place of the first line of the value at `path` (an item or a key).
    pub fn start(&self, path: &[Seg]) -> Option<Pos> {
        let range = self.range(path)?;
        let line = *self.lines.get(range.start)?;
        Some(self.pos(range.start, Self::indent(line), line.trim().chars().count().min(40)))
    }
}

/// One step of a path into a YAML tree.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Byte column of `key` used as a mapping key in `line` (`key:` at the
/// start, after `- `, or after `{` or `,` in flow style).
fn key_column(line: &str, key: &str) -> Option<usize> {
    // An empty name (a null or a list used as a key) is found nowhere.
    if key.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(i) = line[from..].find(key) {
        let at = from + i;
        let mut start = at;
        let mut end = at + key.len();
        // A quoted key.
        if line[..start].ends_with('"') && line[end..].starts_with('"') {
            start -= 1;
            end += 1;
        }
        let before = line[..start].trim_end();
        let before_ok = before.is_empty()
            || before.ends_with('{')
            || before.ends_with(',')
            || before == "-"
            || before.ends_with(" -")
            || before.ends_with("- ");
        let after_ok = line[end..].trim_start().starts_with(':');
        if before_ok && after_ok {
            return Some(start);
        }
        from = at + key.len();
    }
    None
}

/// Byte offset of `needle` in `hay` where it stands as a whole token.
fn find_token(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        if !before.is_some_and(word) && !after.is_some_and(word) {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const FM: &str = "title: x\ntopics: [recruitment, extorsion]\nevents:\n  - date: 2025-09-01\n    region: daraa\n  - date: 2025-13-01\n    region: homs\n";

    #[test]
    fn finds_keys_values_and_items() {
        let loc = Locator::new(FM, 1);
        let p = loc.key(&[Seg::Key("topics")]).unwrap();
        assert_eq!((p.line, p.col), (3, 1));
        let p = loc.value(&[Seg::Key("topics")], "extorsion").unwrap();
        assert_eq!((p.line, p.col, p.len), (3, 23, 9));
        let p = loc.value(&[Seg::Key("events"), Seg::Index(1), Seg::Key("date")], "2025-13-01").unwrap();
        assert_eq!((p.line, p.col), (7, 11));
        let p = loc.key(&[Seg::Key("events"), Seg::Index(1), Seg::Key("region")]).unwrap();
        assert_eq!(p.line, 8);
    }

    #[test]
    fn a_tab_in_the_indentation_says_so_and_shows_the_fix() {
        let e = parse("title: x\nevents:\n  - date: 2025-01-01\n\ttitle: y\n").unwrap_err();
        assert_eq!((e.line, e.col), (4, 1));
        assert_eq!(e.message, "this line is indented with a tab: YAML indents with spaces only");
        assert_eq!(e.help.as_deref(), Some("replace the tab with spaces: `  title: y`"));
        // A tab inside a value is text, and fine.
        assert!(parse("title: \"a\tb\"\n").is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error_found_before_parsing() {
        let deep = format!("title: {}", "[".repeat(100_000));
        let start = std::time::Instant::now();
        let e = parse(&deep).unwrap_err();
        assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
        assert_eq!((e.line, e.col), (1, 8 + MAX_DEPTH));
        assert_eq!(e.message, "lists and mappings nest more than 128 levels deep here");
        let e = parse(&format!("a: {}", "{b: ".repeat(100_000))).unwrap_err();
        assert!(e.message.contains("128 levels"), "{}", e.message);
        // Brackets in quotes and comments are text, and shallow nesting is fine.
        let quoted = format!(
            "a: \"{}\"\nb: '{}' # {}\nc: it's [fine]\nd: [[1, 2], {{e: [3]}}]\n",
            "[".repeat(500),
            "{".repeat(500),
            "[".repeat(500)
        );
        assert!(parse(&quoted).is_ok(), "{:?}", parse(&quoted));
        // A stray quote does not hide what follows it.
        let e = parse(&format!("a: rock 'n roll\nb: {}", "[".repeat(100_000))).unwrap_err();
        assert_eq!((e.line, e.message.contains("128 levels")), (2, true));
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let e = parse("title: [unclosed\n").unwrap_err();
        assert!(e.line >= 1);
    }
}
