//! The search index: every brief and page of a language, as terms.
//!
//! Takes the site and the rendered bodies; returns, per language, an index
//! split so that a reader's browser fetches only what a query needs (see
//! [`shards`]): a small `meta.json`, the shard of each query term, and the
//! details of the results it shows. Words become terms by [`analyse`],
//! which the theme's `static/search.js` repeats for the query.
//!
//! Each document's entry is made once, in parallel with rendering, and
//! kept by an incremental rebuild: only the language's shards are written
//! again from the entries.

pub mod analyse;
#[cfg(test)]
mod eval;
pub mod shards;

use crate::escape::json_string;
use crate::markdown::Rendered;
use crate::outfile::OutFile;
use crate::site::{Site, doc_url};
use analyse::{Folded, fold_char, is_word_char};
use rayon::prelude::*;
use std::collections::HashMap;

/// One document as the index sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// Its terms, sorted, each once.
    pub terms: Vec<TermCount>,
    /// The sum of the weights: the document's length for ranking.
    pub length: u32,
    /// What a result shows, as a JSON object (see [`shards`]).
    pub detail: String,
    /// A brief, ranked above plain pages.
    pub brief: bool,
}

/// A term of a document, how much of the document it is, and the shortest
/// word that became it there: what a "did you mean" shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermCount {
    pub term: String,
    /// Occurrences, weighted by where they are: a title counts most.
    pub weight: u32,
    pub surface: String,
}

/// How much an occurrence counts, by field.
const TITLE: u32 = 4;
const SUMMARY: u32 = 2;
const LABELS: u32 = 2;
const BODY: u32 = 1;

/// The words of texts and HTML with their weights: the original spelling
/// (less diacritics) and the folded one.
struct Reader {
    weight: u32,
    surface: String,
    folded: String,
    letters: usize,
    /// Folded word → (weight, shortest surface).
    found: HashMap<String, (u32, String), ahash::RandomState>,
}

impl Default for Reader {
    fn default() -> Self {
        // Fixed seeds: seeding from the thread's random state costs more
        // than the hashing, and nothing depends on the order.
        let hasher = ahash::RandomState::with_seeds(1, 2, 3, 4);
        Reader {
            weight: 0,
            surface: String::new(),
            folded: String::new(),
            letters: 0,
            found: HashMap::with_capacity_and_hasher(512, hasher),
        }
    }
}

impl Reader {
    /// Counts one word: `folded` as the index reads it, `surface` as the
    /// text wrote it, `letters` its characters.
    fn add(&mut self, folded: &str, surface: &str, letters: usize) {
        if letters < 2 {
            return;
        }
        let w = self.weight;
        match self.found.get_mut(folded) {
            Some((n, s)) => {
                *n += w;
                if surface != s.as_str() && shorter(surface, s) {
                    s.clear();
                    s.push_str(surface);
                }
            }
            None => {
                self.found.insert(folded.to_string(), (w, surface.to_string()));
            }
        }
    }

    fn end_word(&mut self) {
        if self.folded.is_empty() {
            return;
        }
        let (folded, surface) = (std::mem::take(&mut self.folded), std::mem::take(&mut self.surface));
        self.add(&folded, &surface, self.letters);
        (self.folded, self.surface) = (folded, surface);
        self.surface.clear();
        self.folded.clear();
        self.letters = 0;
    }

    /// Reads one folded character; `original`, when given, is what the
    /// text had there.
    fn push(&mut self, original: Option<char>, c: char) {
        if is_word_char(c) {
            self.folded.push(c);
            self.letters += 1;
            self.surface.extend(original);
        } else {
            self.end_word();
        }
    }

    /// Reads plain text.
    fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if self.folded.is_empty() {
                // Between words, spaces and ASCII punctuation are passed by.
                if bytes[i].is_ascii() && !bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
                // Most words are letters that fold to themselves: such a
                // word ending at a space or ASCII punctuation is counted
                // as it stands, without copying a character.
                let (end, letters) = plain_run(&text[i..]);
                if letters > 0 {
                    let word = &text[i..i + end];
                    i += end;
                    if bytes.get(i).is_none_or(|b| b.is_ascii() && !b.is_ascii_alphanumeric()) {
                        self.add(word, word, letters);
                    } else {
                        self.folded.push_str(word);
                        self.surface.push_str(word);
                        self.letters = letters;
                    }
                    continue;
                }
            }
            let Some(c) = text[i..].chars().next() else { break };
            i += c.len_utf8();
            if is_plain(c) {
                self.folded.push(c);
                self.surface.push(c);
                self.letters += 1;
                continue;
            }
            match fold_char(c) {
                Folded::Dropped => {}
                Folded::One(f) => self.push(Some(c), f),
                Folded::Lower(l) => {
                    for (n, f) in l.enumerate() {
                        self.push((n == 0).then_some(c), f);
                    }
                }
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
                memchr::memmem::find(rest.as_bytes(), b"</svg>").map(|e| e + 6)
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

    /// The terms, each once, sorted, as `analyser` makes them from a
    /// folded word and its spelling.
    fn finish(self, analyser: Analyser) -> (Vec<TermCount>, u32) {
        // Term → (weight, shortest surface); the word's own strings move in.
        let mut by_term: HashMap<String, (u32, String), ahash::RandomState> =
            HashMap::with_capacity_and_hasher(self.found.len(), ahash::RandomState::with_seeds(1, 2, 3, 4));
        let mut length = 0;
        for (folded, (weight, surface)) in self.found {
            let term = analyser(&folded, &surface);
            if term.chars().nth(1).is_none() {
                continue;
            }
            length += weight;
            match by_term.get_mut(&term) {
                Some((w, s)) => {
                    *w += weight;
                    if shorter(&surface, s) {
                        *s = surface;
                    }
                }
                None => {
                    by_term.insert(term, (weight, surface));
                }
            }
        }
        let mut terms: Vec<TermCount> =
            by_term.into_iter().map(|(term, (weight, surface))| TermCount { term, weight, surface }).collect();
        terms.sort_unstable_by(|a, b| a.term.cmp(&b.term));
        (terms, length)
    }
}

/// A character that is a letter or digit and folds to itself.
#[inline]
fn is_plain(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
        && !matches!(c, 'آ' | 'أ' | 'إ' | 'ة' | 'ى')
}

/// The bytes and characters of the run of plain characters `s` opens
/// with ([`is_plain`], read from the UTF-8 bytes: ASCII letters and digits
/// are one byte, these Arabic letters two).
#[inline]
fn plain_run(s: &str) -> (usize, usize) {
    let b = s.as_bytes();
    let (mut i, mut letters) = (0, 0);
    while i < b.len() {
        let width = match b[i] {
            b'a'..=b'z' | b'0'..=b'9' => 1,
            // U+0621..=U+063A less آ أ إ ة; U+0641..=U+064A less ى.
            0xD8 if matches!(b.get(i + 1), Some(0xA1..=0xBA)) && !matches!(b[i + 1], 0xA2 | 0xA3 | 0xA5 | 0xA9) => 2,
            0xD9 if matches!(b.get(i + 1), Some(0x81..=0x8A)) && b[i + 1] != 0x89 => 2,
            _ => break,
        };
        i += width;
        letters += 1;
    }
    (i, letters)
}

/// Whether `a` is the better word to show than `b`: shorter, or as long
/// and first in order, so the choice never depends on reading order.
fn shorter(a: &str, b: &str) -> bool {
    (a.chars().count(), a) < (b.chars().count(), b)
}

/// Every document's entry in the index, made in parallel; `entries[i]`
/// is the entry of `site.docs[i]`.
pub fn entries(site: &Site, bodies: &[Rendered]) -> Vec<Entry> {
    site.docs.par_iter().zip(bodies).map(|(doc, body)| entry(site, doc, body)).collect()
}

/// The index files of each language in `langs`, from the entries.
pub fn indexes(site: &Site, entries: &[Entry], langs: &[&str]) -> Vec<OutFile> {
    let plurals = &site.config.search_plurals;
    let langs: Vec<&str> =
        site.config.languages.iter().map(|l| l.code.as_str()).filter(|code| langs.contains(code)).collect();
    langs.par_iter().flat_map_iter(|code| shards::Index::new(site, entries, code).files(code, plurals)).collect()
}

/// What makes a term of a word, given folded and as written: [`analyse::term`]
/// in a build, others when the tests compare analyses.
type Analyser<'a> = &'a dyn Fn(&str, &str) -> String;

/// One document's entry.
pub fn entry(site: &Site, doc: &crate::content::Doc, body: &Rendered) -> Entry {
    entry_with(site, doc, body, &|folded, _| cached_term(folded, &site.config.search_plurals))
}

thread_local! {
    /// Words already analysed on this thread, with the plural list's id:
    /// a site's documents share most of their words.
    static TERMS: std::cell::RefCell<(u64, HashMap<String, String, ahash::RandomState>)> =
        const { std::cell::RefCell::new((0, HashMap::with_hasher(ahash::RandomState::with_seeds(1, 2, 3, 4)))) };
}

/// [`analyse::term`], remembered.
fn cached_term(folded: &str, plurals: &analyse::Plurals) -> String {
    TERMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let (id, terms) = &mut *cache;
        if *id != plurals.id() || terms.len() > 1 << 18 {
            terms.clear();
            *id = plurals.id();
        }
        if let Some(t) = terms.get(folded) {
            return t.clone();
        }
        let t = analyse::term(folded, plurals);
        terms.insert(folded.to_string(), t.clone());
        t
    })
}

fn entry_with(site: &Site, doc: &crate::content::Doc, body: &Rendered, analyser: Analyser) -> Entry {
    let lang = &doc.src.lang;
    let m = &doc.meta;
    let summary = m.summary.as_deref().unwrap_or("");
    let mut r = Reader { weight: TITLE, ..Reader::default() };
    r.text(&m.title);
    r.weight = SUMMARY;
    r.text(summary);
    r.weight = LABELS;
    let mut topics = Vec::new();
    for (tax, key) in m.all_terms() {
        if let Some(t) = site.config.terms(tax).term(key) {
            let label = t.label.get(lang);
            r.text(label);
            if tax == crate::config::Tax::Topics {
                let url = crate::urls::term(lang, tax, key);
                topics.push(format!("[{},{}]", json_string(label), json_string(local(&url, lang))));
            }
        }
    }
    r.weight = BODY;
    for a in &m.authors {
        r.text(a);
    }
    r.html(&body.html);
    let (terms, length) = r.finish(analyser);
    let url = doc_url(doc);
    let date = match (m.date.get(), site.config.language(lang)) {
        (Some(d), Some(l)) => site.config.locale(l).date(d),
        _ => String::new(),
    };
    let brief = doc.src.section == crate::content::Section::Briefs;
    let detail = format!(
        "{{\"t\":{},\"u\":{},\"s\":{},\"d\":{},\"p\":[{}],\"k\":\"{}\"}}",
        json_string(&m.title),
        json_string(local(&url, lang)),
        json_string(summary),
        json_string(&date),
        topics.join(","),
        if brief { "b" } else { "p" },
    );
    Entry { terms, length, detail, brief }
}

/// A URL relative to its language's folder.
fn local<'a>(url: &'a str, lang: &str) -> &'a str {
    url.strip_prefix(lang).and_then(|u| u.strip_prefix('/')).unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use analyse::Plurals;
    use std::collections::BTreeMap;

    fn read(text: &str, html: &str) -> Vec<(String, u32, String)> {
        let mut r = Reader { weight: 1, ..Reader::default() };
        r.text(text);
        r.html(html);
        let plurals = Plurals::new([]);
        r.finish(&|w, _| analyse::term(w, &plurals)).0.into_iter().map(|t| (t.term, t.weight, t.surface)).collect()
    }

    #[test]
    fn plain_runs_agree_with_the_characters() {
        // Every character of the Arabic block and of ASCII, alone and
        // followed by another: the byte reading must say what is_plain says.
        let chars = (0u32..0x80).chain(0x0600..0x0700).filter_map(char::from_u32);
        for c in chars {
            let s = format!("{c}{c}!");
            let want = if is_plain(c) { (2 * c.len_utf8(), 2) } else { (0, 0) };
            assert_eq!(plain_run(&s), want, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_quick_reading_finds_the_words_fold_finds() {
        // Texts mixing letters that fold to themselves with ones that do
        // not (capitals, hamza forms, ta marbuta, tatweel, diacritics,
        // Arabic-Indic digits, Latin accents) and word breaks: the words
        // the reader counts are those of `fold` cut at non-word characters.
        const ALPHABET: &[char] = &[
            'a', 'z', 'Z', '1', ' ', ',', '-', '\'', 'ا', 'ب', 'ء', 'ئ', 'أ', 'إ', 'آ', 'ة', 'ى', 'ي', 'ـ', '\u{064E}',
            '٣', '،', 'é', 'İ', 'ß', '\u{200F}',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 24) {
                text.push(ALPHABET[((seed >> (k % 40)) as usize + k as usize * 7) % ALPHABET.len()]);
            }
            let mut r = Reader { weight: 1, ..Reader::default() };
            r.text(&text);
            let mut got: Vec<(String, u32)> = r.found.into_iter().map(|(w, (n, _))| (w, n)).collect();
            got.sort();
            let mut want: BTreeMap<String, u32> = BTreeMap::new();
            for w in analyse::fold(&text).split(|c: char| !analyse::is_word_char(c)).filter(|w| w.chars().count() >= 2)
            {
                *want.entry(w.to_string()).or_default() += 1;
            }
            assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn words_are_counted_by_term_and_skip_markup() {
        let got =
            read("Attacks, the 2 \"a\" AT&T", "<p>attacked <b>Deir</b></p><svg><text>Hidden</text></svg> a&amp;b");
        let terms: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(terms, ["at", "attack", "deir", "the"]);
        assert_eq!(got[1], ("attack".into(), 2, "Attacks".into()));
    }

    #[test]
    fn the_shortest_spelling_is_kept_without_diacritics() {
        let got = read("بالخلايا، والخَلِيَّة، خلايا", "");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, 3);
        assert_eq!(got[0].2, "خلايا");
    }
}
