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
pub fn render(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    let paint = |code: &str, s: &str| {
        if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    };
    for d in diags {
        let code = if d.is_error() { "1;31" } else { "1;33" };
        out.push_str(&paint(code, &headline(d)));
        out.push('\n');
        // The help's `=` lines up with the gutter's `|`.
        let mut gutter = 1;
        if let (Some(line), Some(col)) = (d.line, d.col)
            && let Some(src) = source_line(&d.path, line)
        {
            let num = line.to_string();
            gutter = num.len();
            let pad = " ".repeat(gutter);
            let text = src.replace('\t', " ");
            let (caret_pad, caret_len) = caret_place(&text, col, d.span);
            let shown = isolate(&text);
            let caret = "^".repeat(caret_len);
            out.push_str(&format!(
                "{pad} |\n{num} | {shown}\n{pad} | {}{}\n",
                " ".repeat(caret_pad),
                paint(code, &caret)
            ));
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("{} = {}: {help}\n", " ".repeat(gutter), paint("1;36", "help")));
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        out.push_str(&format!("{}\n", count_line(errors, warnings)));
    }
    out
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

/// Where the caret goes under `line` for a 1-based character column and a
/// span in characters: (cells before it, cells it covers). The isolate marks
/// and combining marks take no cell.
pub fn caret_place(line: &str, col: usize, span: usize) -> (usize, usize) {
    let before = col.saturating_sub(1);
    let count = line.chars().count();
    let pad: usize = line.chars().take(before).map(cells).sum::<usize>() + before.saturating_sub(count);
    let len: usize = line.chars().skip(before).take(span.max(1)).map(cells).sum();
    (pad, len.max(1))
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

fn source_line(path: &Path, line: usize) -> Option<String> {
    let text = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.lines().nth(line - 1).map(|l| l.trim_end_matches('\r').to_string())
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
        assert_eq!(caret_place(line, col, 4), (col - 1 - 2, 4));
        assert_eq!(caret_place("abc", 1, 3), (0, 3));
        assert_eq!(caret_place("abc", 5, 1), (4, 1));
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
    fn counts_in_english() {
        assert_eq!(count_line(2, 1), "2 errors, 1 warning");
        assert_eq!(count_line(1, 0), "1 error");
        assert_eq!(count_line(0, 3), "3 warnings");
    }
}
