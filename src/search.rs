//! The search index: every brief and page of a language, as folded words.
//!
//! Takes the site and the rendered bodies; returns one small JSON file per
//! language that the theme's script loads on the first search. Text is
//! folded so that a reader finds a brief however a word is spelt: Latin
//! letters lowercased; Arabic diacritics and tatweel dropped; أ إ آ ٱ read
//! as ا, ة as ه, ى as ي; Arabic-Indic digits as Latin ones. The script
//! folds the query by the same rules (see `static/search.js`), so each
//! document needs only its distinct words, not its full text.

use crate::escape::json_string;
use crate::markdown::Rendered;
use crate::outfile::OutFile;
use crate::site::{Site, doc_url};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;

/// What a character folds to: see the module's documentation.
enum Folded {
    Dropped,
    One(char),
    Lower(std::char::ToLowercase),
}

#[inline]
fn fold_char(c: char) -> Folded {
    Folded::One(match c {
        c if c.is_ascii() => c.to_ascii_lowercase(),
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' => return Folded::Dropped,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ة' => 'ه',
        'ى' => 'ي',
        '٠'..='٩' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        // Arabic has no case: the rest of its block stays as it is.
        '\u{0600}'..='\u{06FF}' => c,
        c => return Folded::Lower(c.to_lowercase()),
    })
}

/// Whether `c` belongs to a word: a quick answer for ASCII and Arabic letters.
#[inline]
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | '0'..='9' => true,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphanumeric(),
    }
}

/// The distinct folded words of texts and HTML, in one pass over each.
#[derive(Default)]
struct Words {
    /// The words, folded, one after another.
    folded: String,
    /// Where each word of two letters or more lies in `folded`.
    found: Vec<std::ops::Range<usize>>,
    /// Where the word being read starts, and its letters so far.
    start: usize,
    letters: usize,
}

impl Words {
    #[inline]
    fn push(&mut self, c: char) {
        if is_word_char(c) {
            self.folded.push(c);
            self.letters += 1;
        } else {
            self.end_word();
        }
    }

    fn end_word(&mut self) {
        if self.letters >= 2 {
            self.found.push(self.start..self.folded.len());
            self.start = self.folded.len();
        } else {
            self.folded.truncate(self.start);
        }
        self.letters = 0;
    }

    /// Reads plain text.
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            // Most characters are letters that fold to themselves.
            if matches!(c, 'a'..='z' | '0'..='9' | 'ا'..='غ' | 'ف'..='ي') && !matches!(c, 'آ' | 'أ' | 'إ' | 'ة' | 'ى')
            {
                self.folded.push(c);
                self.letters += 1;
                continue;
            }
            match fold_char(c) {
                Folded::Dropped => {}
                Folded::One(c) => self.push(c),
                Folded::Lower(l) => l.for_each(|c| self.push(c)),
            }
        }
        self.end_word();
    }

    /// Reads the visible text of rendered HTML: tags, charts' SVG and
    /// entities part words, as the characters they stand for would.
    fn html(&mut self, html: &str) {
        let mut rest = html;
        while let Some(i) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
            self.text(&rest[..i]);
            rest = &rest[i..];
            let skip = if rest.starts_with("<svg") {
                rest.find("</svg>").map(|e| e + 6)
            } else if rest.starts_with('<') {
                rest.find('>').map(|e| e + 1)
            } else {
                // `&amp;`, `&#39;`: an entity is one character, never a letter.
                let name = rest[1..].bytes().take(8).position(|b| !(b.is_ascii_alphanumeric() || b == b'#'));
                Some(name.filter(|&n| n > 0 && rest.as_bytes()[n + 1] == b';').map_or(1, |n| n + 2))
            };
            rest = &rest[skip.unwrap_or(rest.len())..];
        }
        self.text(rest);
    }

    /// Each word once, in order of first appearance, separated by spaces.
    fn finish(self) -> String {
        // Fixed seeds: only membership is asked, and seeding from the
        // thread's random state costs more than the hashing.
        let hasher = ahash::RandomState::with_seeds(1, 2, 3, 4);
        let mut seen: HashSet<&str, ahash::RandomState> = HashSet::with_capacity_and_hasher(512, hasher);
        let mut out = String::with_capacity(self.folded.len() / 2);
        for range in self.found {
            let word = &self.folded[range];
            if seen.insert(word) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
        }
        out
    }
}

/// Every document's entry in the index, made in parallel; `entries[i]`
/// is the entry of `site.docs[i]`.
pub fn entries(site: &Site, bodies: &[Rendered]) -> Vec<String> {
    site.docs.par_iter().zip(bodies).map(|(doc, body)| entry(site, doc, body)).collect()
}

/// The index of each language in `langs`, from the entries.
pub fn indexes(site: &Site, entries: &[String], langs: &[&str]) -> Vec<OutFile> {
    site.config
        .languages
        .iter()
        .filter(|l| langs.contains(&l.code.as_str()))
        .map(|l| {
            let items = || site.docs.iter().zip(entries).filter(|(d, _)| d.src.lang == l.code).map(|(_, e)| e);
            let mut json = Vec::with_capacity(items().map(|e| e.len() + 1).sum::<usize>() + 2);
            json.push(b'[');
            for (n, item) in items().enumerate() {
                if n > 0 {
                    json.push(b',');
                }
                json.extend_from_slice(item.as_bytes());
            }
            json.push(b']');
            OutFile { path: PathBuf::from(crate::urls::search_index(&l.code)), bytes: json }
        })
        .collect()
}

/// One document's entry of `<lang>/search-index.json`:
/// `{"t":title,"u":url,"s":summary,"d":date,"w":"word word …"}`, the URL
/// relative to the language's folder.
pub fn entry(site: &Site, doc: &crate::content::Doc, body: &Rendered) -> String {
    let lang = &doc.src.lang;
    let m = &doc.meta;
    let summary = m.summary.as_deref().unwrap_or("");
    let mut words = Words::default();
    for text in [m.title.as_str(), summary].into_iter().chain(m.authors.iter().map(String::as_str)) {
        words.text(text);
    }
    words.html(&body.html);
    let url = doc_url(doc);
    let url = url.strip_prefix(&format!("{lang}/")).unwrap_or(&url);
    let date = match (m.date.get(), site.config.language(lang)) {
        (Some(d), Some(l)) => site.config.locale(l).date(d),
        _ => String::new(),
    };
    format!(
        "{{\"t\":{},\"u\":{},\"s\":{},\"d\":{},\"w\":{}}}",
        json_string(&m.title),
        json_string(url),
        json_string(summary),
        json_string(&date),
        json_string(&words.finish()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text folded whole, as the theme's script folds a query.
    fn fold(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match fold_char(c) {
                Folded::Dropped => {}
                Folded::One(c) => out.push(c),
                Folded::Lower(l) => out.extend(l),
            }
        }
        out
    }

    /// The distinct folded words of a plain text.
    fn words(text: &str) -> String {
        let mut w = Words::default();
        w.text(text);
        w.finish()
    }

    #[test]
    fn arabic_spellings_fold_together() {
        assert_eq!(fold("الإسلامية"), fold("الاسلامية"));
        assert_eq!(fold("أحمد"), "احمد");
        assert_eq!(fold("آب"), "اب");
        assert_eq!(fold("مدرسة"), fold("مدرسه"));
        assert_eq!(fold("مستشفى"), fold("مستشفي"));
        assert_eq!(fold("عُمَرُ"), "عمر");
        assert_eq!(fold("الدولـــة"), fold("الدولة"));
        assert_eq!(fold("٤٠٠ Dollars"), "400 dollars");
    }

    #[test]
    fn words_are_distinct_and_skip_markup() {
        let mut w = Words::default();
        w.text("Deir, the 2 \"a\" AT&T");
        w.html("<p>Deir ez-Zor <b>Deir</b></p><svg><text>Hidden</text></svg> a&amp;b AT&amp;T x&#39;s &amp");
        w.html("ar&nbsp;rival <i>it</i>alic");
        assert_eq!(w.finish(), "deir the at ez zor amp ar rival it alic");
        assert_eq!(words("عُمَرُ وأحمد، الدولـــة"), "عمر واحمد الدوله");
    }
}
