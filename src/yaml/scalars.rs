//! One line of YAML split into the scalars it holds as values, for finding
//! where a value is written.
//!
//! Takes a line; returns each value scalar — plain, `'single'`- or
//! `"double"`-quoted, in block style or inside flow lists and mappings
//! (`[a, b]`, `{k: v}`) — with its text as the parser reads it and the byte
//! offset of its first character (after any opening quote). Keys, list
//! dashes, flow brackets, anchors, tags and comments are not values and are
//! left out. It reads one line at a time and refuses nothing: a quote left
//! open runs to the end of the line, and text it cannot make sense of is
//! taken as plain.

use std::borrow::Cow;

/// A value scalar on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar<'a> {
    /// Byte offset in the line of the scalar's first character, inside its quotes.
    pub at: usize,
    /// The scalar as written, without its quotes.
    pub raw: &'a str,
    /// The scalar as the parser reads it: escapes undone.
    pub text: Cow<'a, str>,
}

/// The value scalars of `line`, in order.
pub fn values(line: &str) -> Vec<Scalar<'_>> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let after_space = i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t';
        let next = bytes.get(i + 1).copied();
        let ends_token = |b: Option<u8>| b.is_none_or(|b| b == b' ' || b == b'\t');
        match c {
            b' ' | b'\t' => i += 1,
            b'#' if after_space => break,
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b',' if depth > 0 => i += 1,
            // A list item's dash, a complex key's `?`, a lone `:`.
            b'-' | b'?' | b':' if ends_token(next) => i += 1,
            // Anchors and tags come before a value and are not part of it.
            b'&' | b'!' => i = token_end(line, i),
            // Block scalar headers (`|`, `>-`): the text is on the lines after.
            b'|' | b'>' if depth == 0 => i = token_end(line, i),
            b'"' | b'\'' => {
                let (scalar, end) = quoted(line, i);
                i = end;
                if !is_key(bytes, &mut i) {
                    out.push(scalar);
                }
            }
            _ => {
                let start = i;
                let end = plain_end(bytes, start, depth);
                let raw = line[start..end].trim_end();
                i = end.max(start + 1);
                if !is_key(bytes, &mut i) && !raw.is_empty() {
                    out.push(Scalar { at: start, raw, text: Cow::Borrowed(raw) });
                }
            }
        }
    }
    out
}

/// The end of a token that runs to the next space.
fn token_end(line: &str, from: usize) -> usize {
    line[from..].find([' ', '\t']).map_or(line.len(), |n| from + n)
}

/// Whether a `:` follows what was just read (spaces allowed): then it was a
/// key, and `i` moves past the colon.
fn is_key(bytes: &[u8], i: &mut usize) -> bool {
    let mut j = *i;
    while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
        j += 1;
    }
    if bytes.get(j) == Some(&b':') {
        *i = j + 1;
        return true;
    }
    false
}

/// The end of a plain scalar starting at `from`: at `: `, ` #`, the line's
/// end, and, inside flow brackets, at `,`, `[`, `]`, `{` or `}`.
fn plain_end(bytes: &[u8], from: usize, depth: usize) -> usize {
    let mut j = from;
    while j < bytes.len() {
        let b = bytes[j];
        let next = bytes.get(j + 1).copied();
        let space_before = j > from && (bytes[j - 1] == b' ' || bytes[j - 1] == b'\t');
        let flow_stop = |n: Option<u8>| depth > 0 && matches!(n, Some(b',' | b'[' | b']' | b'{' | b'}'));
        if b == b':' && (next.is_none_or(|n| n == b' ' || n == b'\t') || flow_stop(next)) {
            break;
        }
        if b == b'#' && space_before {
            break;
        }
        if depth > 0 && matches!(b, b',' | b'[' | b']' | b'{' | b'}') {
            break;
        }
        j += 1;
    }
    j
}

/// A quoted scalar starting at the quote at `from`, and the byte after its
/// closing quote (the line's end when it is left open).
fn quoted(line: &str, from: usize) -> (Scalar<'_>, usize) {
    let quote = line.as_bytes()[from];
    let start = from + 1;
    let bytes = line.as_bytes();
    let mut j = start;
    let mut escaped = false;
    while j < bytes.len() {
        let b = bytes[j];
        if quote == b'"' && b == b'\\' {
            escaped = true;
            j += 2;
            continue;
        }
        if b == quote {
            if quote == b'\'' && bytes.get(j + 1) == Some(&b'\'') {
                escaped = true;
                j += 2;
                continue;
            }
            break;
        }
        j += 1;
    }
    let end = j.min(bytes.len());
    let raw = &line[start..end];
    let text = if !escaped {
        Cow::Borrowed(raw)
    } else if quote == b'\'' {
        Cow::Owned(raw.replace("''", "'"))
    } else {
        Cow::Owned(unescape(raw))
    };
    (Scalar { at: start, raw, text }, (end + 1).min(bytes.len()))
}

/// The text of a double-quoted scalar: YAML's escapes undone.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let hex = |chars: &mut std::str::Chars, n: usize| {
            let digits: String = chars.by_ref().take(n).collect();
            u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32)
        };
        let decoded = match e {
            'n' => Some('\n'),
            't' | '\t' => Some('\t'),
            'r' => Some('\r'),
            '0' => Some('\0'),
            ' ' => Some(' '),
            '"' => Some('"'),
            '/' => Some('/'),
            '\\' => Some('\\'),
            'x' => hex(&mut chars, 2),
            'u' => hex(&mut chars, 4),
            'U' => hex(&mut chars, 8),
            _ => None,
        };
        match decoded {
            Some(d) => out.push(d),
            None => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(byte offset, text)` of each value scalar.
    fn split(line: &str) -> Vec<(usize, String)> {
        values(line).into_iter().map(|s| (s.at, s.text.into_owned())).collect()
    }

    #[test]
    fn a_block_value_is_one_scalar_and_its_key_is_not() {
        assert_eq!(split("title: Aleppo east"), [(7, "Aleppo east".to_string())]);
        assert_eq!(split("  - region: daraa"), [(12, "daraa".to_string())]);
        assert_eq!(split("  - daraa"), [(4, "daraa".to_string())]);
        assert_eq!(split("events:"), []);
        assert_eq!(split("url: https://x.org/a:b"), [(5, "https://x.org/a:b".to_string())]);
        assert_eq!(split("title: a, [b]"), [(7, "a, [b]".to_string())], "brackets are text outside flow");
        assert_eq!(split("date: 2025-01-01"), [(6, "2025-01-01".to_string())]);
        assert_eq!(split("\"key\": v"), [(7, "v".to_string())]);
    }

    #[test]
    fn flow_lists_and_mappings_give_each_item() {
        assert_eq!(
            split("topics: [aleppo_east, aleppo, \"north aleppo\"]"),
            [(9, "aleppo_east".into()), (22, "aleppo".into()), (31, "north aleppo".into())]
        );
        assert_eq!(split("- {date: 2025-09-01, region: homs}"), [(9, "2025-09-01".into()), (29, "homs".into())]);
        assert_eq!(split("values: [[1, 10], {a: 1}]"), [(10, "1".into()), (13, "10".into()), (22, "1".into())]);
        assert_eq!(split("d: [ a , b ]"), [(5, "a".into()), (9, "b".into())]);
        assert_eq!(split("x: []"), []);
    }

    #[test]
    fn comments_anchors_and_tags_are_not_values() {
        assert_eq!(split("region: homs  # not aleppo"), [(8, "homs".into())]);
        assert_eq!(split("# aleppo"), []);
        assert_eq!(split("tag: a#b"), [(5, "a#b".into())], "a # inside a word is text");
        assert_eq!(split("a: &x !!str homs"), [(12, "homs".into())]);
        assert_eq!(split("body: |"), []);
        assert_eq!(split("t: \"a # b\" # c"), [(4, "a # b".into())]);
    }

    #[test]
    fn quoted_scalars_are_read_as_the_parser_reads_them() {
        assert_eq!(split(r#"t: "say \"hi\"\u0021""#), [(4, "say \"hi\"!".into())]);
        assert_eq!(split("t: 'it''s'"), [(4, "it's".into())]);
        assert_eq!(split("t: ['a, b', c]"), [(5, "a, b".into()), (12, "c".into())]);
        assert_eq!(split("t: \"open"), [(4, "open".into())], "a quote left open runs to the end");
        assert_eq!(values("t: 'x'")[0].raw, "x");
        assert_eq!(split("مفتاح: \"قيمة\""), [(13, "قيمة".into())], "offsets are in bytes");
    }

    #[test]
    fn any_line_splits_without_panicking() {
        for line in ["\"", "'", "\\", "[", "]]]", "{:}", ": :", "- - -", "\"\\u12", "a: \"\\", "é: 'x", ":x", "#", "?"]
        {
            for s in values(line) {
                assert!(line.is_char_boundary(s.at) && s.at <= line.len(), "{line:?}");
            }
        }
    }
}
