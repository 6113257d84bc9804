//! Typed fields out of a YAML tree, with errors that point at lines.
//!
//! `site.yaml` and front matter are read the same way: the YAML is parsed
//! into a tree, then each field is taken out with the type it must have. A
//! field of the wrong type, a missing one or an unknown one becomes a
//! [`Diagnostic`] at the field's line, and reading goes on, so one run
//! reports every problem of a file.

use crate::diag::{Diagnostic, did_you_mean, is_bidi_control};
use crate::yaml::{Locator, Mapping, Seg, Value, key_name, kind_name, scalar_text};
use chrono::NaiveDate;
use std::path::Path;

/// Reads fields of one file, collecting diagnostics.
pub struct Fields<'a> {
    pub path: &'a Path,
    pub loc: Locator<'a>,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    pub fn new(path: &'a Path, text: &'a str, line_offset: usize) -> Self {
        Fields { path, loc: Locator::new(text, line_offset), diags: Vec::new() }
    }

    /// An error at the key of `at`.
    pub fn error_at_key(&mut self, at: &[Seg], message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::error(self.path, message).at_pos(self.loc.key(at));
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// An error at `needle` inside the value of `at`.
    pub fn error_at_value(&mut self, at: &[Seg], needle: &str, message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::error(self.path, message).at_pos(self.loc.value(at, needle));
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// An error at the `n`-th (from 0) occurrence of `needle` inside `at`.
    pub fn error_at_nth_value(
        &mut self,
        at: &[Seg],
        needle: &str,
        n: usize,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = Diagnostic::error(self.path, message).at_pos(self.loc.nth_value(at, needle, n));
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// An error at the first line of `at` (a list item, say).
    pub fn error_at_start(&mut self, at: &[Seg], message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::error(self.path, message).at_pos(self.loc.start(at));
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// Reports every key of `map` that is not in `allowed`, with a suggestion.
    pub fn unknown_keys(&mut self, map: &Mapping, at: &[Seg], allowed: &[&str], what: &str) {
        for key in map.keys() {
            let name = match key_name(key) {
                Ok(name) => name,
                Err(found) => {
                    let d = Diagnostic::error(self.path, format!("a field name in {what} must be text, found {found}"))
                        .at_pos(self.loc.nameless_key(at))
                        .help(format!("write the field's name before the colon; {what} takes: {}", allowed.join(", ")));
                    self.diags.push(d);
                    continue;
                }
            };
            if allowed.contains(&name.as_str()) {
                continue;
            }
            let mut path = at.to_vec();
            path.push(Seg::Key(&name));
            let help = did_you_mean(&name, allowed.iter().copied())
                .unwrap_or_else(|| format!("{what} takes: {}", allowed.join(", ")));
            self.error_at_key(&path, format!("unknown field `{name}` in {what}")).help = Some(help);
        }
    }

    /// A mapping at `at`, or an error naming what was found.
    pub fn mapping<'v>(&mut self, v: &'v Value, at: &[Seg], name: &str) -> Option<&'v Mapping> {
        match v {
            Value::Mapping(m) => Some(m),
            other => {
                let found = kind_name(other);
                self.error_at_key(at, format!("`{name}` must be a mapping of fields, found {found}"));
                None
            }
        }
    }

    /// Text of a field; numbers are taken as written. Empty text is an error.
    pub fn text(&mut self, map: &Mapping, at: &[Seg], key: &str, required: bool) -> Option<String> {
        let path = join(at, key);
        match map.get(key) {
            None | Some(Value::Null) if required => {
                self.missing(at, key);
                None
            }
            None | Some(Value::Null) => None,
            Some(v @ (Value::String(_) | Value::Number(_))) => {
                let s = scalar_text(v).unwrap_or_default();
                if s.trim().is_empty() {
                    self.error_at_key(&path, format!("`{key}` is empty"));
                    return None;
                }
                self.check_text(&path, key, s.trim());
                Some(s.trim().to_string())
            }
            Some(other) => {
                let found = kind_name(other);
                self.error_at_key(&path, format!("`{key}` must be text, found {found}")).help =
                    Some(format!("write it on one line: `{key}: \"…\"`"));
                None
            }
        }
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&mut self, map: &Mapping, at: &[Seg], key: &str, required: bool) -> Option<NaiveDate> {
        let text = self.text(map, at, key, required)?;
        let path = join(at, key);
        match parse_date(&text) {
            Some(d) => Some(d),
            None => {
                let d = self.error_at_value(&path, &text, format!("`{key}` is not a valid date: `{text}`"));
                match impossible_date(&text) {
                    Some(why) => d.message.push_str(&format!(": {why}")),
                    None => d.help = Some("write dates as YYYY-MM-DD, e.g. 2025-09-12".into()),
                }
                None
            }
        }
    }

    /// A boolean.
    pub fn boolean(&mut self, map: &Mapping, at: &[Seg], key: &str) -> Option<bool> {
        match map.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                let found = kind_name(other);
                self.error_at_key(&join(at, key), format!("`{key}` must be true or false, found {found}"));
                None
            }
        }
    }

    /// A list of text items (a single text is not accepted: lists stay lists).
    pub fn text_list(&mut self, map: &Mapping, at: &[Seg], key: &str) -> Vec<String> {
        let path = join(at, key);
        match map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(_) | Value::Number(_) => {
                            let text = scalar_text(item).unwrap_or_default();
                            self.check_text(&path, key, &text);
                            out.push(text);
                        }
                        other => {
                            let found = kind_name(other);
                            let mut p = path.clone();
                            p.push(Seg::Index(i));
                            self.error_at_start(&p, format!("item {} of `{key}` must be text, found {found}", i + 1));
                        }
                    }
                }
                out
            }
            Some(other) => {
                let found = kind_name(other);
                self.error_at_key(&path, format!("`{key}` must be a list, found {found}")).help =
                    Some(format!("write `{key}: [first, second]`"));
                Vec::new()
            }
        }
    }

    /// A list of mappings; each item is handed back with its index.
    pub fn map_list<'v>(&mut self, map: &'v Mapping, at: &[Seg], key: &str) -> Vec<(usize, &'v Mapping)> {
        let path = join(at, key);
        match map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Mapping(m) => out.push((i, m)),
                        other => {
                            let found = kind_name(other);
                            let mut p = path.clone();
                            p.push(Seg::Index(i));
                            self.error_at_start(
                                &p,
                                format!("item {} of `{key}` must be a mapping of fields, found {found}", i + 1),
                            );
                        }
                    }
                }
                out
            }
            Some(other) => {
                let found = kind_name(other);
                self.error_at_key(&path, format!("`{key}` must be a list, found {found}"));
                Vec::new()
            }
        }
    }

    /// Reports a control character or an unbalanced bidi control in the
    /// text of `key` (see [`unsafe_char`]), at the character in the source
    /// when it is written there as is.
    pub fn check_text(&mut self, path: &[Seg], key: &str, text: &str) {
        let Some((i, c, why)) = unsafe_char(text) else { return };
        let message = format!("`{key}` holds {} at character {}: {why}", char_name(c), i + 1);
        let pos = self.loc.char_in(path, c).or_else(|| self.loc.key(path));
        let help = if is_bidi_control(c) {
            "delete it (most editors show it only with invisible characters on); to set a run's direction on purpose, wrap it in an isolate (U+2066, U+2067 or U+2068) closed by U+2069 in the same field"
        } else {
            "delete it: control characters are invisible and break feeds and pages"
        };
        self.diags.push(Diagnostic::error(self.path, message).at_pos(pos).help(help));
    }

    fn missing(&mut self, at: &[Seg], key: &str) {
        let message = format!("missing required field `{key}`");
        let d = match at.last() {
            // Inside an item: point at the item.
            Some(_) => Diagnostic::error(self.path, message).at_pos(self.loc.start(at)),
            None => Diagnostic::error(self.path, message).at(1 + self.loc_offset(), 1),
        };
        self.diags.push(d);
    }

    fn loc_offset(&self) -> usize {
        self.loc.key(&[]).map(|p| p.line - 1).unwrap_or(0)
    }
}

/// `at` with one more key.
pub fn join<'s>(at: &[Seg<'s>], key: &'s str) -> Vec<Seg<'s>> {
    let mut p = at.to_vec();
    p.push(Seg::Key(key));
    p
}

/// `at` with one more list index.
pub fn index<'s>(at: &[Seg<'s>], key: &'s str, i: usize) -> Vec<Seg<'s>> {
    let mut p = join(at, key);
    p.push(Seg::Index(i));
    p
}

/// Parses `YYYY-MM-DD` strictly.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The first character of `text` that must not stand in author text, with
/// its character index and why: a C0 or C1 control other than tab and line
/// feed, DEL, a bidi embedding or override (U+202A–U+202E), or a bidi
/// isolate (U+2066–U+2069) that is not closed, or closed but not opened,
/// in the same text. Balanced isolates are allowed: they set a run's
/// direction without reversing what follows.
pub fn unsafe_char(text: &str) -> Option<(usize, char, &'static str)> {
    let mut open: Vec<(usize, char)> = Vec::new();
    for (i, c) in text.chars().enumerate() {
        match c {
            '\t' | '\n' => {}
            c if c.is_control() => return Some((i, c, "control characters are not allowed in text")),
            '\u{202A}'..='\u{202E}' => {
                return Some((i, c, "bidi embeddings and overrides can make text read differently than it is stored"));
            }
            '\u{2066}'..='\u{2068}' => open.push((i, c)),
            '\u{2069}' if open.pop().is_none() => {
                return Some((i, c, "it closes an isolate that was not opened"));
            }
            _ => {}
        }
    }
    open.first().map(|&(i, c)| (i, c, "the isolate it opens is not closed by U+2069 in the same text"))
}

/// `U+202E (RIGHT-TO-LEFT OVERRIDE)`, or `U+0007` for a control.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => return format!("the control character U+{:04X}", c as u32),
    };
    format!("U+{:04X} ({name})", c as u32)
}

/// The scheme of a URL that runs code or smuggles a document when
/// followed (`javascript:`, `vbscript:`, `data:`), read as browsers do:
/// case-insensitively, after leading spaces and control characters and
/// without tabs and line breaks inside.
pub fn script_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].into_iter().find(|s| cleaned.starts_with(s))
}

/// Which part of a `YYYY-MM-DD` date cannot be, such as "month 13 is not
/// between 1 and 12"; `None` when the text is not of that shape at all.
pub fn impossible_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return None;
    }
    let (year, month, day): (i32, u32, u32) = (s[..4].parse().ok()?, s[5..7].parse().ok()?, s[8..].parse().ok()?);
    if !(1..=12).contains(&month) {
        return Some(format!("month {month} is not between 1 and 12"));
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    let days = next.map_or(31, |n| (n - first).num_days() as u32);
    if day == 0 || day > 31 {
        return Some(format!("day {day} is not between 1 and 31"));
    }
    (day > days).then(|| format!("day {day} is past the end of {}, which has {days} days", first.format("%B %Y")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_unbalanced_bidi_characters_are_found_balanced_isolates_are_not() {
        assert_eq!(
            unsafe_char("Attack on \u{202E}lanac"),
            Some((10, '\u{202E}', "bidi embeddings and overrides can make text read differently than it is stored"))
        );
        assert_eq!(unsafe_char("a\u{7}b").map(|(i, c, _)| (i, c)), Some((1, '\u{7}')));
        assert_eq!(unsafe_char("a\u{9b}b").map(|(i, c, _)| (i, c)), Some((1, '\u{9b}')));
        assert_eq!(unsafe_char("x \u{2067}مرحبا\u{2069} y \u{2066}a \u{2068}b\u{2069}\u{2069}"), None);
        assert_eq!(unsafe_char("x \u{2067}مرحبا").map(|(i, c, _)| (i, c)), Some((2, '\u{2067}')));
        assert_eq!(unsafe_char("x\u{2069}").map(|(i, c, _)| (i, c)), Some((1, '\u{2069}')));
        assert_eq!(unsafe_char("tab\there\nand a line, \u{200F}RLM and \u{061C}ALM"), None);
        assert_eq!(char_name('\u{202E}'), "U+202E (RIGHT-TO-LEFT OVERRIDE)");
        assert_eq!(char_name('\u{1b}'), "the control character U+001B");
    }

    #[test]
    fn script_urls_are_found_as_browsers_read_them() {
        assert_eq!(script_scheme("javascript:alert(1)"), Some("javascript:"));
        assert_eq!(script_scheme(" \u{1}JaVa\tScRipt:alert(1)"), Some("javascript:"));
        assert_eq!(script_scheme("VBScript:x"), Some("vbscript:"));
        assert_eq!(script_scheme("data:image/svg+xml,<svg onload=alert(1)>"), Some("data:"));
        assert_eq!(script_scheme("https://example.org/javascript:"), None);
        assert_eq!(script_scheme("images/data:x.png"), None);
    }

    #[test]
    fn an_impossible_date_says_which_part_is_wrong() {
        assert_eq!(impossible_date("2025-13-01").as_deref(), Some("month 13 is not between 1 and 12"));
        assert_eq!(impossible_date("2025-00-10").as_deref(), Some("month 0 is not between 1 and 12"));
        assert_eq!(impossible_date("2025-01-32").as_deref(), Some("day 32 is not between 1 and 31"));
        assert_eq!(
            impossible_date("2025-02-29").as_deref(),
            Some("day 29 is past the end of February 2025, which has 28 days")
        );
        assert_eq!(impossible_date("2024-02-29"), None);
        assert_eq!(impossible_date("12/09/2025"), None);
        assert_eq!(impossible_date("٢٠٢٥-٠١-٠١"), None);
    }
}
