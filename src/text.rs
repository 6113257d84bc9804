//! Plain text every stage reads the same way: a file's text made uniform,
//! slugs, and the line and column of a byte offset.
//!
//! Takes text as read from disk or a byte offset into it; returns the text
//! with its byte-order mark dropped and line ends made `\n`, or 1-based
//! places for diagnostics. Refuses nothing.

/// Whether `s` is a valid slug: lowercase ASCII letters, digits and `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Drops a byte-order mark and turns CRLF line endings into LF.
pub fn normalize(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text }
}

/// Where the lines of a text start, to turn byte offsets into 1-based
/// lines and columns. The text may begin at line `first` of its file.
pub struct Lines {
    starts: Vec<usize>,
    first: usize,
}

impl Lines {
    pub fn new(text: &str, first: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { starts, first }
    }

    /// 1-based (line, column) of byte `offset` of `text` (the text this
    /// was made from), the line counted in the whole file and the column
    /// in characters.
    pub fn at(&self, text: &str, offset: usize) -> (usize, usize) {
        let i = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let col = text.get(self.starts[i]..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
        (i + self.first, col)
    }
}

/// 1-based (line, column) of byte `offset` of `text`, for a single lookup.
pub fn line_col(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert!(is_slug("isis-2025"));
        assert!(!is_slug("-x") && !is_slug("x-") && !is_slug("") && !is_slug("Isis") && !is_slug("داعش"));
    }

    #[test]
    fn text_loses_its_bom_and_carriage_returns() {
        assert_eq!(normalize("\u{feff}a\r\nb\rc".into()), "a\nb\nc");
    }

    #[test]
    fn places_count_lines_from_the_first_and_columns_in_characters() {
        let text = "ab\nجد x\n";
        let lines = Lines::new(text, 5);
        assert_eq!(lines.at(text, 0), (5, 1));
        assert_eq!(lines.at(text, text.find('x').unwrap()), (6, 4));
        assert_eq!(line_col(text.as_bytes(), 3), (2, 1));
    }
}
