//! Escaping, for every kind of output mujaz writes.
//!
//! Takes author text and returns it safe for one context: HTML content and
//! attributes ([`html`]), SVG and XML text, which also drops the characters
//! XML refuses ([`xml_text`]), a whole XML file rendered by a template
//! ([`xml_chars`]), and a JSON string that may sit in a `<script>`
//! ([`json_string`]). Terminal output is escaped where it is printed, in
//! `diag`.

/// Escapes text for HTML content and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match markup(c) {
            Some(entity) => out.push_str(entity),
            None => out.push(c),
        }
    }
    out
}

/// The entity for a character that markup reads as syntax, in content and
/// in attribute values alike.
fn markup(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    }
}

/// Escapes text for XML and HTML, in content and in attribute values, turns
/// tabs and line breaks into spaces (one line of SVG text), and drops the
/// control characters that XML does not allow.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if let Some(entity) = markup(c) {
            out.push_str(entity);
            continue;
        }
        match c {
            '\t' | '\n' => out.push(' '),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// XML output with the characters XML 1.0 does not allow dropped: C0
/// controls other than tab and line ends, U+FFFE and U+FFFF. Templates
/// escape markup, not these, and one of them makes a whole feed unreadable.
pub fn xml_chars(bytes: Vec<u8>) -> Vec<u8> {
    let refused = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    let clean = bytes.iter().all(|&b| b >= b' ' || matches!(b, b'\t' | b'\n' | b'\r')) && !bytes.contains(&0xEF);
    if clean {
        return bytes;
    }
    let text = String::from_utf8_lossy(&bytes);
    if !text.chars().any(refused) {
        return bytes;
    }
    text.chars().filter(|&c| !refused(c)).collect::<String>().into_bytes()
}

/// Escapes text for a JSON string (and for a `<script>` element).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_json_string(&mut out, s);
    out
}

/// Whether no byte of `b` can start an escape: what most texts are.
/// Sixteen bytes at a time with no early exit inside them, which the
/// compiler turns into vector compares; tested a byte at a time, as before,
/// it took some eight instructions a byte of every search result's title
/// and summary.
#[inline]
fn json_plain(b: &[u8]) -> bool {
    // `|`, not `||`: no branch, so that sixteen bytes are compared at once.
    let escapes =
        |c: u8| (c < 0x20) | (c == b'"') | (c == b'\\') | (c == b'<') | (c == b'>') | (c == b'&') | (c == 0xE2);
    let mut chunks = b.chunks_exact(16);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &c| any | escapes(c)) {
            return false;
        }
    }
    !chunks.remainder().iter().any(|&c| escapes(c))
}

/// The length of [`json_string`]'s output, without writing it.
pub fn json_string_len(s: &str) -> usize {
    let b = s.as_bytes();
    if json_plain(b) {
        return 2 + b.len();
    }
    let longer: usize = (0..b.len())
        .map(|i| match json_escape(b, i) {
            None => 0,
            Some(Some(escape)) => escape.len() - 1,
            // `\u` and four digits for a character of one byte or (U+2028, U+2029) three.
            Some(None) => 6 - if b[i] == 0xE2 { 3 } else { 1 },
        })
        .sum();
    2 + b.len() + longer
}

/// [`json_string`], written at the end of `out`: what a writer of a long
/// JSON text uses to make no string of its own per value.
pub fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    let b = s.as_bytes();
    if json_plain(b) {
        out.push_str(s);
        out.push('"');
        return;
    }
    // Copied a run at a time, up to each byte that starts an escape.
    let mut clean = 0;
    for i in 0..b.len() {
        let Some(escape) = json_escape(b, i) else { continue };
        out.push_str(&s[clean..i]);
        match escape {
            Some(escape) => {
                out.push_str(escape);
                clean = i + 1;
            }
            None => {
                let c = s[i..].chars().next().unwrap_or('\0');
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
                clean = i + c.len_utf8();
            }
        }
    }
    out.push_str(&s[clean..]);
    out.push('"');
}

/// How JSON in a page writes the byte `b[i]`: as it is (`None`), as a
/// short escape (`Some(Some(…))`), or as `\u` and the code of the
/// character it starts (`Some(None)`): a control character, or U+2028 and
/// U+2029 (E2 80 A8, E2 80 A9), line breaks to a script.
fn json_escape(b: &[u8], i: usize) -> Option<Option<&'static str>> {
    Some(Some(match b[i] {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        b'<' => "\\u003c",
        b'>' => "\\u003e",
        b'&' => "\\u0026",
        0..0x20 => return Some(None),
        0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => return Some(None),
        _ => return None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(html("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
        assert_eq!(html("a\u{1}b"), "a\u{1}b");
    }

    #[test]
    fn xml_text_also_drops_what_xml_refuses() {
        assert_eq!(xml_text("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
        assert_eq!(xml_text("a\u{0}b"), "ab");
        assert_eq!(xml_text("a\u{FFFF}b\u{1b}]]>"), "ab]]&gt;");
        assert_eq!(xml_text("a\tb\nc"), "a b c");
    }

    #[test]
    fn xml_files_lose_only_refused_characters() {
        assert_eq!(xml_chars(b"<t>a\x01b\tc</t>".to_vec()), b"<t>ab\tc</t>");
        assert_eq!(xml_chars("<t>é\u{FFFF}</t>".as_bytes().to_vec()), "<t>é</t>".as_bytes());
    }

    #[test]
    fn json_strings_cannot_close_a_script() {
        assert_eq!(json_string("a\"</script>"), "\"a\\\"\\u003c/script\\u003e\"");
    }

    /// The escaping, a character at a time: what the run-by-run writer
    /// must agree with.
    fn json_string_by_chars(s: &str) -> String {
        let mut out = String::from('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn json_strings_escape_what_a_character_by_character_writer_does() {
        let pieces = [
            "a",
            "\"",
            "\\",
            "\n",
            "\r",
            "\t",
            "\u{1}",
            "\u{1f}",
            "<",
            ">",
            "&",
            "\u{2028}",
            "\u{2029}",
            "\u{2027}",
            "خلايا",
            "é",
            "€",
            "😀",
            " ",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            crate::build::testing::xorshift(&mut seed);
            let text: String =
                (0..seed % 40).map(|k| pieces[((seed >> (k * 5 % 60)) % pieces.len() as u64) as usize]).collect();
            assert_eq!(json_string(&text), json_string_by_chars(&text), "{text:?}");
            assert_eq!(json_string_len(&text), json_string(&text).len(), "{text:?}");
            let parsed: String = serde_json::from_str(&json_string(&text)).expect("valid JSON");
            assert_eq!(parsed, text);
        }
    }
}
