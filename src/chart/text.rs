//! Text for charts: how wide a label will be, how to shorten it, and how to
//! write it safely into SVG and HTML.
//!
//! Takes plain author strings; returns widths in SVG user units, shortened or
//! wrapped strings, and escaped, direction-isolated text. Widths come from a
//! built-in table of average advances per class of character (Latin, digits,
//! Arabic, CJK) so that layout never depends on the fonts of the machine
//! that builds the site. It refuses nothing: every string has a width.

use crate::escape::xml_text as escape;

/// Right-to-left isolate: opens a run laid out right to left.
pub const RLI: char = '\u{2067}';
/// Left-to-right isolate: opens a run laid out left to right.
pub const LRI: char = '\u{2066}';
/// First-strong isolate: the run takes the direction of its first letter.
pub const FSI: char = '\u{2068}';
/// Closes the last isolate.
pub const PDI: char = '\u{2069}';

/// Approximate advance of one character, in em.
///
/// The figures are averages over common sans-serif UI faces (system-ui,
/// Segoe UI, Roboto, Noto Sans, Noto Sans Arabic), rounded up a little so
/// that labels err on the side of having room.
pub fn char_em(c: char) -> f64 {
    match c {
        // Formatting characters: bidi controls, joiners, the byte-order mark.
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => 0.0,
        // Arabic vowel marks and other combining marks sit on their letter.
        '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => 0.0,
        ' ' | '\u{00A0}' => 0.28,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' => 0.28,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '{' | '}' | '/' | '\\' | '"' | '`' | '-' => 0.36,
        'm' | 'w' => 0.84,
        'M' | 'W' | '@' | '%' | '&' => 0.9,
        'a'..='z' => 0.53,
        'A'..='Z' => 0.66,
        '0'..='9' => 0.56,
        '–' => 0.56,
        '—' | '…' => 1.0,
        '!'..='~' => 0.56,
        // Arabic-Indic and Eastern Arabic-Indic digits, Arabic separators.
        '\u{0660}'..='\u{066C}' | '\u{06F0}'..='\u{06F9}' => 0.52,
        '\u{060C}' | '\u{061B}' | '\u{061F}' => 0.3,
        // Arabic letters: their joined forms average a little over half an em.
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' => 0.55,
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => 0.55,
        // Hebrew, Latin with accents, Greek, Cyrillic.
        '\u{00C0}'..='\u{024F}' | '\u{0370}'..='\u{05FF}' => 0.6,
        // CJK, kana, Hangul, full-width forms: one em each.
        '\u{1100}'..='\u{11FF}' | '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' => 1.0,
        '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}' => 1.0,
        _ => 0.62,
    }
}

/// Width of `s` at `size` (the font size in user units).
pub fn width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// Whether `s` holds a letter written right to left (Arabic or Hebrew).
pub fn has_rtl(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
            && !matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
    })
}

/// `s` cut to fit `max` at `size`, ending in "…" when it was cut. A
/// combining mark is never separated from its letter.
pub fn truncate(s: &str, max: f64, size: f64) -> String {
    if width(s, size) <= max {
        return s.to_string();
    }
    let room = max - char_em('…') * size;
    let mut out = String::new();
    let mut used = 0.0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let mut cluster = String::from(c);
        while let Some(&m) = chars.peek() {
            if char_em(m) > 0.0 {
                break;
            }
            cluster.push(m);
            chars.next();
        }
        let w = width(&cluster, size);
        if used + w > room {
            break;
        }
        used += w;
        out.push_str(&cluster);
    }
    let trimmed = out.trim_end();
    format!("{trimmed}…")
}

/// `s` broken at spaces into at most `lines` lines of at most `max` each;
/// the last line is cut with "…" when the text does not fit. The flag says
/// whether everything fitted without cutting.
pub fn wrap(s: &str, max: f64, size: f64, lines: usize) -> (Vec<String>, bool) {
    let lines = lines.max(1);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (glue, word) in pieces(s, max, size) {
        if current.is_empty() {
            current = word.to_string();
            continue;
        }
        let candidate = format!("{current}{glue}{word}");
        if width(&candidate, size) <= max {
            current = candidate;
        } else {
            out.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    let mut fitted = true;
    if out.len() > lines {
        let rest = out[lines - 1..].join(" ");
        out.truncate(lines - 1);
        out.push(rest);
        fitted = false;
    }
    for line in &mut out {
        if width(line, size) > max {
            *line = truncate(line, max, size);
            fitted = false;
        }
    }
    (out, fitted)
}

/// The words of `s` with the space before each; a word too wide for `max`
/// alone is cut after its slashes ("حزيران/يونيو", the site's both month
/// names, becomes "حزيران/" and "يونيو" with nothing between).
fn pieces(s: &str, max: f64, size: f64) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    for word in s.split_whitespace() {
        let glue = if out.is_empty() { "" } else { " " };
        if width(word, size) <= max || !word.contains('/') {
            out.push((glue, word));
            continue;
        }
        let mut start = 0;
        for (i, _) in word.match_indices('/') {
            if i + 1 < word.len() {
                out.push((if start == 0 { glue } else { "" }, &word[start..=i]));
                start = i + 1;
            }
        }
        out.push((if start == 0 { glue } else { "" }, &word[start..]));
    }
    out
}

/// Escaped label text for an SVG `<text>`, isolated for the page's
/// direction: RLI…PDI on right-to-left pages, FSI…PDI on left-to-right
/// pages when the label holds Arabic, nothing otherwise.
pub fn label(s: &str, rtl: bool) -> String {
    let escaped = escape(s);
    if rtl {
        format!("{RLI}{escaped}{PDI}")
    } else if has_rtl(s) {
        format!("{FSI}{escaped}{PDI}")
    } else {
        escaped
    }
}

/// An escaped number for an SVG `<text>`: a negative number on a
/// right-to-left page is isolated left to right so its sign stays in front.
pub fn number(s: &str, rtl: bool) -> String {
    if rtl && s.starts_with('-') { format!("{LRI}{}{PDI}", escape(s)) } else { escape(s) }
}

/// A coordinate written with at most one decimal, without a trailing ".0".
pub fn coord(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_character_classes() {
        assert!(width("mmmm", 10.0) > width("iiii", 10.0));
        assert_eq!(width("\u{2067}\u{2069}", 16.0), 0.0);
        let arabic = width("دير الزور", 16.0);
        assert!(arabic > 50.0 && arabic < 100.0, "{arabic}");
        assert_eq!(width("中文", 10.0), 20.0);
    }

    #[test]
    fn truncation_ends_with_an_ellipsis_and_keeps_marks() {
        let t = truncate("Deir ez-Zor countryside", 60.0, 15.0);
        assert!(t.ends_with('…'));
        assert!(width(&t, 15.0) <= 60.0);
        let t = truncate("المجنِّدون الموقوفون", 40.0, 15.0);
        assert!(!t.starts_with('\u{0651}'));
        assert_eq!(truncate("short", 200.0, 15.0), "short");
    }

    #[test]
    fn wrapping_breaks_at_spaces() {
        let (lines, fitted) = wrap("Aleppo countryside", 80.0, 15.0, 2);
        assert_eq!(lines, vec!["Aleppo", "countryside"]);
        assert!(fitted);
        let (lines, fitted) = wrap("one two three four five six", 40.0, 15.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(!fitted);
        assert!(wrap("", 40.0, 15.0, 2).0.is_empty());
    }

    #[test]
    fn a_month_of_both_names_too_wide_breaks_after_its_slash() {
        let max = width("يونيو 2025", 15.0) + 1.0;
        let (lines, fitted) = wrap("حزيران/يونيو 2025", max, 15.0, 2);
        assert_eq!(lines, vec!["حزيران/", "يونيو 2025"]);
        assert!(fitted);
        // When it fits, it stays whole.
        let (lines, _) = wrap("حزيران/يونيو 2025", 1000.0, 15.0, 2);
        assert_eq!(lines, vec!["حزيران/يونيو 2025"]);
    }

    #[test]
    fn escapes_and_isolates() {
        assert_eq!(escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
        assert_eq!(escape("a\u{0}b"), "ab");
        assert_eq!(escape("a\u{FFFF}b\u{1b}]]>"), "ab]]&gt;");
        assert_eq!(label("Daraa", false), "Daraa");
        assert_eq!(label("درعا", false), "\u{2068}درعا\u{2069}");
        assert_eq!(label("Daraa", true), "\u{2067}Daraa\u{2069}");
        assert_eq!(number("-3", true), "\u{2066}-3\u{2069}");
        assert_eq!(coord(12.04), "12");
        assert_eq!(coord(12.25), "12.3");
    }
}
