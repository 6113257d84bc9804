//! Diagnostics: errors and warnings with a place.
//!
//! Every stage reports problems as [`Diagnostic`] values instead of failing
//! on the first one, so a run can print all of them together. A diagnostic
//! knows its file and, where known, the line and column; [`render`] prints it
//! as `path:line:col: error: message` (or `warning:`), followed by the source
//! line with a caret and a `help:` line, in the style of rustc.
//!
//! Columns count characters in logical (typing) order. A source line with
//! right-to-left letters is shown inside Unicode isolates (FSI … PDI) so a
//! terminal that reorders Arabic keeps it beside the gutter instead of
//! flipping the whole line, and the caret is placed by display width
//! (combining marks such as Arabic harakat take no cell). The limitation: a
//! terminal that reorders bidirectional text draws an Arabic run right to
//! left while the caret line is laid out left to right, so in Arabic prose
//! the caret points at the mirrored place; it is exact in terminals that do
//! not reorder (most) and on lines that start with Latin text (front matter
//! keys). The `path:line:col` of the headline is always exact.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the input, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub col: Option<usize>,
    /// How many characters the caret should underline.
    pub span: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            col: None,
            span: 1,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, message) }
    }

    /// Places the diagnostic at a 1-based line and column.
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line.max(1));
        self.col = Some(col.max(1));
        self
    }

    /// Places the diagnostic at a [`Pos`], if there is one.
    pub fn at_pos(self, pos: Option<Pos>) -> Self {
        match pos {
            Some(p) => self.at(p.line, p.col).span(p.len),
            None => self,
        }
    }

    pub fn span(mut self, len: usize) -> Self {
        self.span = len.max(1);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A place inside a file: 1-based line and column, and a length to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    pub len: usize,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}:{}", self.col.unwrap_or(1))?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {kind}: {}", self.message)
    }
}

/// Sorts diagnostics by file, line and column so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message)));
}

/// Renders diagnostics for a terminal: the headline, the source line with a
/// caret, the help, and a closing count. `color` adds ANSI colours.
///
/// Each file is read once however many diagnostics point into it, and a
/// long line is shown as a window of [`WINDOW`] characters around the
/// column, so the cost grows with the number of diagnostics, not with
/// their number times the size of the file or line. Control and bidi
/// characters from the source are shown escaped (`\u{1b}`), so author text
/// cannot move the cursor, recolour the terminal or reorder the line.
pub fn render(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    let mut sources = Sources::default();
    let paint = |code: &str, s: &str| {
        if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    };
    for d in diags {
        let code = if d.is_error() { "1;31" } else { "1;33" };
        out.push_str(&paint(code, &escape(&headline(d))));
        out.push('\n');
        // The help's `=` lines up with the gutter's `|`.
        let mut gutter = 1;
        if let (Some(line), Some(col)) = (d.line, d.col)
            && let Some((src, index)) = sources.line(&d.path, line)
        {
            let num = line.to_string();
            gutter = num.len();
            let pad = " ".repeat(gutter);
            let (shown, caret_pad, caret_len) = window_indexed(src, index, col, d.span);
            let caret = "^".repeat(caret_len);
            out.push_str(&format!(
                "{pad} |\n{num} | {shown}\n{pad} | {}{}\n",
                " ".repeat(caret_pad),
                paint(code, &caret)
            ));
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("{} = {}: {}\n", " ".repeat(gutter), paint("1;36", "help"), escape(help)));
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        out.push_str(&format!("{}\n", count_line(errors, warnings)));
    }
    out
}

/// The most characters of a source line shown under a diagnostic.
pub const WINDOW: usize = 100;

/// Source files read for one rendering, each once.
#[derive(Default)]
struct Sources {
    files: HashMap<PathBuf, Option<SourceText>>,
}

/// A file's text, where each of its lines starts, and the character
/// index of the lines diagnostics have pointed into.
struct SourceText {
    text: String,
    starts: Vec<usize>,
    indexes: HashMap<usize, LineIndex>,
}

impl Sources {
    /// The 1-based line `n` of `path` (without its line ending) and its index.
    fn line(&mut self, path: &Path, n: usize) -> Option<(&str, &LineIndex)> {
        let src = self.files.entry(path.to_path_buf()).or_insert_with(|| SourceText::read(path)).as_mut()?;
        let start = *src.starts.get(n.checked_sub(1)?)?;
        let end = src.starts.get(n).copied().unwrap_or(src.text.len());
        let line = src.text[start..end].trim_end_matches('\n').trim_end_matches('\r');
        let index = src.indexes.entry(n).or_insert_with(|| LineIndex::new(line));
        Some((line, index))
    }
}

impl SourceText {
    fn read(path: &Path) -> Option<SourceText> {
        let bytes = std::fs::read(path).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1).filter(|&i| i < text.len()));
        Some(SourceText { text, starts, indexes: HashMap::new() })
    }
}

/// A line's length in characters and the byte offset of every
/// [`LineIndex::STEP`]-th character, to find a column without walking
/// the line from its start.
pub struct LineIndex {
    chars: usize,
    marks: Vec<usize>,
}

impl LineIndex {
    const STEP: usize = 256;

    pub fn new(line: &str) -> Self {
        let mut marks = Vec::new();
        let mut chars = 0;
        for (i, (byte, _)) in line.char_indices().enumerate() {
            if i % Self::STEP == 0 {
                marks.push(byte);
            }
            chars = i + 1;
        }
        LineIndex { chars, marks }
    }

    /// The line from its `n`-th character on.
    fn from<'l>(&self, line: &'l str, n: usize) -> &'l str {
        let Some(&mark) = self.marks.get(n / Self::STEP) else { return "" };
        let rest = &line[mark..];
        let skip = rest.char_indices().nth(n % Self::STEP).map_or(rest.len(), |(b, _)| b);
        &rest[skip..]
    }
}

/// A source line as shown under a diagnostic: at most [`WINDOW`]
/// characters around the 1-based column `col` (`…` marks what was cut),
/// tabs as spaces, control and bidi characters escaped, and right-to-left
/// lines isolated. Returns the shown text and the caret's (cells before
/// it, cells it covers).
pub fn window(line: &str, col: usize, span: usize) -> (String, usize, usize) {
    window_indexed(line, &LineIndex::new(line), col, span)
}

fn window_indexed(line: &str, index: &LineIndex, col: usize, span: usize) -> (String, usize, usize) {
    let before = col.saturating_sub(1);
    let count = index.chars;
    let from = if count <= WINDOW { 0 } else { before.saturating_sub(WINDOW / 3).min(count - WINDOW) };
    let to = (from + WINDOW).min(count);
    let mut shown = String::new();
    let mut pad = 0;
    let mut len = 0;
    if from > 0 {
        shown.push('…');
        pad += 1;
    }
    for (i, c) in (from..to).zip(index.from(line, from).chars()) {
        let start = shown.len();
        match c {
            '\t' => shown.push(' '),
            c if is_unsafe(c) => shown.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => shown.push(c),
        }
        let w: usize = shown[start..].chars().map(cells).sum();
        if i < before {
            pad += w;
        } else if i < before + span.max(1) {
            len += w;
        }
    }
    if to < count {
        shown.push('…');
    }
    // A column past the end of the line: the caret stands after it.
    pad += before.saturating_sub(count.max(from));
    (isolate(&shown), pad, len.max(1))
}

/// Whether `c` must not reach a terminal as is: C0 and C1 controls other
/// than tab and newline, DEL, and the bidi embeddings, overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || is_bidi_control(c)
}

/// Whether `c` is a bidi embedding, override or isolate control, the
/// characters of "Trojan Source" spoofing.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each unsafe character (see [`is_unsafe`]) written as `\u{…}`.
pub fn escape(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    text.chars().map(|c| if is_unsafe(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect()
}

/// The first line of a rendered diagnostic: its [`Display`](fmt::Display)
/// form, or `error: message` alone when it has no file (a usage error).
fn headline(d: &Diagnostic) -> String {
    if d.path.as_os_str().is_empty() {
        let kind = if d.is_error() { "error" } else { "warning" };
        format!("{kind}: {}", d.message)
    } else {
        d.to_string()
    }
}

/// Wraps a line holding right-to-left letters in a first-strong isolate
/// (U+2068 … U+2069), so a terminal that applies the bidi algorithm keeps
/// the line's own order and leaves the gutter on the left.
pub fn isolate(line: &str) -> String {
    if line.chars().any(is_rtl) { format!("\u{2068}{line}\u{2069}") } else { line.to_string() }
}

/// Whether `c` is a strong right-to-left letter (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko and their presentation forms) or a right-to-left mark.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}' | '\u{200F}' | '\u{202B}' | '\u{202E}')
        || matches!(c, '\u{10800}'..='\u{10FFF}' | '\u{1E800}'..='\u{1EFFF}')
}

/// Terminal cells a character takes: none for combining marks and
/// invisible format characters, one for the rest (wide East Asian
/// characters are not told apart).
fn cells(c: char) -> usize {
    let zero = matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0591}'..='\u{05BD}'
            | '\u{05BF}'
            | '\u{05C1}'..='\u{05C2}'
            | '\u{05C4}'..='\u{05C5}'
            | '\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{061C}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    );
    usize::from(!zero)
}

/// "2 errors, 1 warning".
pub fn count_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| if n == 1 { format!("1 {w}") } else { format!("{n} {w}s") };
    match (errors, warnings) {
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// The candidate nearest to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        let d = edit_distance(word, cand);
        let limit = (cand.chars().count().max(word.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" for the nearest candidate.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    suggest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Edit distance where swapping two neighbours counts as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["title", "topics", "regions", "summary"];
        assert_eq!(suggest("topcis", fields), Some("topics"));
        assert_eq!(suggest("titel", fields), Some("title"));
        assert_eq!(suggest("colour", fields), None);
    }

    #[test]
    fn arabic_lines_are_isolated_and_latin_ones_left_alone() {
        assert_eq!(isolate("title: x"), "title: x");
        assert_eq!(isolate("title: «المال»"), "\u{2068}title: «المال»\u{2069}");
    }

    #[test]
    fn caret_skips_combining_marks() {
        // "مجنِّدين": kasra and shadda after the nun take no cell.
        let line = "توقيف مجنِّدين في 2025";
        let col = line.chars().position(|c| c == '2').unwrap() + 1;
        let caret = |line: &str, col, span| {
            let (_, pad, len) = window(line, col, span);
            (pad, len)
        };
        assert_eq!(caret(line, col, 4), (col - 1 - 2, 4));
        assert_eq!(caret("abc", 1, 3), (0, 3));
        assert_eq!(caret("abc", 5, 1), (4, 1));
    }

    #[test]
    fn rendered_warnings_say_warning_and_usage_errors_have_no_path() {
        let out = render(&[Diagnostic::warning("nowhere.md", "x differs").at(3, 1)], false);
        assert!(out.starts_with("nowhere.md:3:1: warning: x differs\n"), "{out}");
        assert!(out.ends_with("1 warning\n"), "{out}");
        let out = render(&[Diagnostic::error("", "`A b` is not a valid slug").help("try `a-b`")], false);
        assert!(out.starts_with("error: `A b` is not a valid slug\n  = help: try `a-b`\n"), "{out}");
    }

    #[test]
    fn an_arabic_source_line_is_shown_isolated_with_the_caret_under_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.ar.md");
        std::fs::write(&path, "---\nنصٌّ عن 1250 مجنّدًا\n").unwrap();
        let d = Diagnostic::warning(&path, "the number `1250` is not in the English version").at(2, 9).span(4);
        let out = render(&[d], false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], "2 | \u{2068}نصٌّ عن 1250 مجنّدًا\u{2069}");
        // Two harakat before the number take no cell.
        assert_eq!(lines[3], format!("  | {}^^^^", " ".repeat(6)));
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let line = format!("{}target{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, pad, len) = window(&line, 5001, 6);
        assert!(shown.chars().count() <= WINDOW + 2, "{}", shown.len());
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().skip(pad).take(len).collect::<String>(), "target");
    }

    #[test]
    fn control_and_bidi_characters_are_shown_escaped() {
        let (shown, pad, len) = window("title: \u{1b}[2Jx\u{202e}y", 13, 1);
        assert_eq!(shown, "title: \\u{1b}[2Jx\\u{202e}y");
        // The caret stands under the escaped U+202E, all of it.
        assert_eq!((pad, len), (17, 8));
        assert_eq!(escape("a\u{7}b\u{2066}c\nd"), "a\\u{7}b\\u{2066}c\nd");
        let out = render(&[Diagnostic::error("x.md", "`\u{1b}]0;pwned\u{7}` is not a slug").help("\u{9b}31m")], false);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{9b}'), "{out:?}");
    }

    #[test]
    fn each_file_is_read_once_for_many_diagnostics() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        let line = "[a](#nowhere) ".repeat(8000);
        std::fs::write(&path, format!("---\n{line}\n")).unwrap();
        let diags: Vec<Diagnostic> =
            (0..8000).map(|i| Diagnostic::error(&path, "broken link").at(2, 1 + 14 * i).span(13)).collect();
        let start = std::time::Instant::now();
        let out = render(&diags, false);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        // Each diagnostic shows a bounded window, not the whole 112,000-character line.
        assert!(out.len() < 8000 * 600, "{}", out.len());
    }

    #[test]
    fn counts_in_english() {
        assert_eq!(count_line(2, 1), "2 errors, 1 warning");
        assert_eq!(count_line(1, 0), "1 error");
        assert_eq!(count_line(0, 3), "3 warnings");
    }
}
