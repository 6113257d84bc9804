//! Numbers written in a brief, for comparing its versions.
//!
//! Takes text (a line of front matter, a Markdown body, a chart block's
//! value); returns each number written in it with its place, normalised so
//! that one figure written three ways reads the same: `1,250`, `1250` and
//! `١٬٢٥٠` are all `1250`, and `2.50`, `2.5` and `٢٫٥` are all `2.5`.
//!
//! What counts as a number:
//! - runs of Latin (0-9), Arabic-Indic (٠-٩) and Persian (۰-۹) digits, each
//!   read as its Latin equal;
//! - a thousands separator (`,`, `٬`, a thin or narrow no-break space) joins
//!   groups of exactly three digits; `.` or `٫` before digits starts the
//!   decimals (so `2,5` is two numbers, as in a list, not two and a half);
//! - leading zeros and trailing decimal zeros do not count (`09` is `9`).
//!
//! What is left out, because the versions of one brief legitimately differ
//! there: numbers under 10 (style guides in both languages spell them out,
//! so `3` in one version is often «ثلاث» in the other), numbers glued to a
//! Latin letter or to a word by a hyphen (`G7`, `H5N1`, `F-16`, `إف-16`:
//! names, not figures), numbers inside URLs, and — in Markdown — code,
//! chart blocks, link targets and footnote labels.

use crate::diag::Pos;
use crate::text::Lines;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

/// A number found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// Normalised: Latin digits, no separators, `1250` or `2.5`.
    pub value: String,
    /// As the author wrote it: `١٬٢٥٠`.
    pub written: String,
    /// Its place in the file.
    pub pos: Pos,
}

/// A number in a piece of text, by byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: String,
    pub start: usize,
    pub end: usize,
    /// Glued to a Latin letter or a hyphenated word: a name such as `G7`.
    pub glued: bool,
}

impl Found {
    /// Whether the number is a figure worth comparing (see the module docs).
    pub fn counts(&self) -> bool {
        !self.glued && (self.value.len() > 1 || self.value.contains('.'))
    }
}

/// The Latin digit for a Latin, Arabic-Indic or Persian digit.
pub fn latin_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
        _ => None,
    }
}

fn is_group_separator(c: char) -> bool {
    matches!(c, ',' | '\u{066C}' | '\u{2009}' | '\u{202F}')
}

fn is_decimal_point(c: char) -> bool {
    matches!(c, '.' | '\u{066B}')
}

fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && (c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// Every number in `text`, including the ones that do not count.
pub fn scan(text: &str) -> Vec<Found> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit_at = |i: usize| chars.get(i).and_then(|&(_, c)| latin_digit(c));
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if let Some(len) = url_len(text, at) {
            while i < chars.len() && chars[i].0 < at + len {
                i += 1;
            }
            continue;
        }
        if latin_digit(c).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut int = String::new();
        while let Some(d) = digit_at(i) {
            int.push(d);
            i += 1;
        }
        // Thousands: after a lead of one to three digits, a separator,
        // exactly three digits, then no digit.
        if int.len() <= 3 {
            while chars.get(i).is_some_and(|&(_, c)| is_group_separator(c))
                && (1..=3).all(|k| digit_at(i + k).is_some())
                && digit_at(i + 4).is_none()
            {
                int.extend((1..=3).filter_map(|k| digit_at(i + k)));
                i += 4;
            }
        }
        let mut frac = String::new();
        if chars.get(i).is_some_and(|&(_, c)| is_decimal_point(c)) && digit_at(i + 1).is_some() {
            i += 1;
            while let Some(d) = digit_at(i) {
                frac.push(d);
                i += 1;
            }
        }
        let end = chars.get(i).map_or(text.len(), |&(b, _)| b);
        out.push(Found { value: normalise(&int, &frac), start: at, end, glued: glued(&chars, start) });
    }
    out
}

/// The numbers of `text` that count (see the module docs).
pub fn extract(text: &str) -> Vec<Found> {
    scan(text).into_iter().filter(Found::counts).collect()
}

/// A value as a chart reads it: the number, normalised, when the text is
fn normalise(int: &str, frac: &str) -> String {
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") }
}

/// Whether the number starting at char `i` is part of a name: right after a
/// Latin letter (`G7`), or after a word and a hyphen (`F-16`, `إف-16`).
fn glued(chars: &[(usize, char)], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).and_then(|j| chars.get(j)).map(|&(_, c)| c);
    match before(1) {
        Some(c) if is_latin_letter(c) => true,
        Some('-') => before(2).is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// The length in bytes of a URL starting at `at`, if one does.
fn url_len(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let starts = ["https://", "http://", "www."].iter().any(|p| rest.starts_with(p));
    let after_word = text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
    if !starts || after_word {
        return None;
    }
    Some(rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '»' | ')' | ']')).unwrap_or(rest.len()))
}

/// The place of bytes `start..end` of `text`: 1-based line and column, and length in characters.
fn pos(lines: &Lines, text: &str, start: usize, end: usize) -> Pos {
    let (line, col) = lines.at(text, start);
    Pos { line, col, len: text[start..end].chars().count() }
}

/// The numbers in the prose of a Markdown body whose first line is line
/// `first` of its file: text only, not code, chart blocks, link targets,
/// autolinks or footnote labels.
pub fn in_body(body: &str, first: usize) -> Vec<Number> {
    let lines = Lines::new(body, first);
    let mut out = Vec::new();
    let (mut code, mut autolink) = (0usize, 0usize);
    for (ev, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => autolink += 1,
            Event::End(TagEnd::Link) => autolink = autolink.saturating_sub(1),
            Event::Text(_) if code == 0 && autolink == 0 => {
                let slice = &body[range.clone()];
                for f in extract(slice) {
                    let (start, end) = (range.start + f.start, range.start + f.end);
                    out.push(Number {
                        value: f.value,
                        written: body[start..end].to_string(),
                        pos: pos(&lines, body, start, end),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The numbers in the value of a top-level front matter field (`title`,
/// `summary`), on its own line and the indented lines that continue it.
/// `offset` is the file line before the front matter's first line.
pub fn in_field(front_matter: &str, key: &str, offset: usize) -> Vec<Number> {
    let lines: Vec<&str> = front_matter.lines().collect();
    let quoted = format!("\"{key}\"");
    let is_key = |l: &str| {
        [key, quoted.as_str()].iter().any(|k| l.strip_prefix(k).is_some_and(|r| r.trim_start().starts_with(':')))
    };
    let Some(first) = lines.iter().position(|l| is_key(l)) else { return Vec::new() };
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate().skip(first) {
        if n > first && !(line.trim().is_empty() || line.starts_with([' ', '\t'])) {
            break;
        }
        let skip = if n == first { line.find(':').map_or(0, |c| c + 1) } else { 0 };
        for f in extract(&line[skip..]) {
            let (start, end) = (skip + f.start, skip + f.end);
            let col = line[..start].chars().count() + 1;
            let pos = Pos { line: n + 1 + offset, col, len: line[start..end].chars().count() };
            out.push(Number { value: f.value, written: line[start..end].to_string(), pos });
        }
    }
    out
}

/// A ```` ```chart ```` block of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartBlock {
    /// The file line of the opening fence.
    pub fence_line: usize,
    /// The block's YAML.
    pub yaml: String,
}

/// The chart blocks of a Markdown body whose first line is line `first` of its file.
pub fn chart_blocks(body: &str, first: usize) -> Vec<ChartBlock> {
    let lines = Lines::new(body, first);
    let mut out: Vec<ChartBlock> = Vec::new();
    let mut open = false;
    for (ev, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if crate::chart::is_chart_fence(&info) => {
                open = true;
                let fence_line = pos(&lines, body, range.start, range.start).line;
                out.push(ChartBlock { fence_line, yaml: String::new() });
            }
            Event::Text(t) if open => {
                if let Some(block) = out.last_mut() {
                    block.yaml.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => open = false,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        extract(text).into_iter().map(|f| f.value).collect()
    }

    #[test]
    fn one_figure_written_three_ways_reads_the_same() {
        assert_eq!(values("1,250 and 1250 and ١٬٢٥٠ and ۱۲۵۰"), vec!["1250"; 4]);
        assert_eq!(values("1,250,000 people"), vec!["1250000"]);
        assert_eq!(values("2.5 and ٢٫٥ and 2.50 and ۲٫۵"), vec!["2.5"; 4]);
        assert_eq!(values("رواتب تصل إلى 400 دولار"), vec!["400"]);
        assert_eq!(values("رواتب تصل إلى ٤٠٠ دولار"), vec!["400"]);
    }

    #[test]
    fn places_are_byte_offsets_of_the_written_form() {
        let text = "up to $1,250.";
        let f = &extract(text)[0];
        assert_eq!(&text[f.start..f.end], "1,250");
        let text = "نحو ١٬٢٥٠ مقاتل";
        let f = &extract(text)[0];
        assert_eq!(&text[f.start..f.end], "١٬٢٥٠");
    }

    #[test]
    fn separators_only_join_groups_of_three() {
        assert_eq!(values("in 2024, 2025 and 2026"), vec!["2024", "2025", "2026"]);
        assert_eq!(values("figures 12,34 and 10,5"), vec!["12", "34", "10"]);
        assert_eq!(values("12345,678"), vec!["12345", "678"]);
        assert_eq!(values("in 2025. Then 2026"), vec!["2025", "2026"]);
    }

    #[test]
    fn single_digits_names_and_urls_do_not_count() {
        assert_eq!(values("3 governorates, 09 and 0.5"), vec!["0.5"]);
        assert_eq!(values("the G7 and H5N1, F-16 and إف-16 jets"), Vec::<String>::new());
        assert_eq!(values("see https://example.org/2025/report-400 or www.x.org/99"), Vec::<String>::new());
        // Arabic prefixes glued to a number do not make it a name.
        assert_eq!(values("بين 2019 و2024 بـ400"), vec!["2019", "2024", "400"]);
        assert_eq!(values("the 1990s and the 21st"), vec!["1990", "21"]);
        assert_eq!(values("40% and ٤٠٪ and 10:30"), vec!["40", "40", "10", "30"]);
    }

    #[test]
    fn body_numbers_skip_code_charts_links_and_footnote_labels() {
        let body = "Up to $400 a month.[^12]\n\nSee [the 2024 report](https://example.org/1999/) and <https://example.org/77>.\n\n`code 123`\n\n```chart\ntype: bar\nseries:\n  - values: [55, 66]\n```\n\n[^12]: Note of 2023.\n";
        let found = in_body(body, 7);
        let got: Vec<(&str, usize, usize)> =
            found.iter().map(|n| (n.written.as_str(), n.pos.line, n.pos.col)).collect();
        assert_eq!(got, vec![("400", 7, 8), ("2024", 9, 10), ("2023", 19, 16)]);
    }

    #[test]
    fn field_numbers_have_their_file_line() {
        let fm = "title: \"Salaries of $400\"\ndate: 2025-09-12\nsummary: >\n  About 1,250\n  men.\ntopics: []\n";
        let t = in_field(fm, "title", 1);
        assert_eq!((t[0].value.as_str(), t[0].pos.line, t[0].pos.col), ("400", 2, 22));
        let s = in_field(fm, "summary", 1);
        assert_eq!((s[0].value.as_str(), s[0].written.as_str(), s[0].pos.line), ("1250", "1,250", 5));
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn chart_blocks_have_their_fence_line() {
        let body = "Text.\n\n```chart\ntype: bar\nseries:\n  - values: [1, 2]\n```\n";
        let blocks = chart_blocks(body, 10);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].fence_line, 12);
        assert!(blocks[0].yaml.starts_with("type: bar\n"));
    }
}
