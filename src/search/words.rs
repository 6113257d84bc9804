//! Reading a document's words into terms, fast.
//!
//! Takes texts and rendered HTML; returns each term of the document once,
//! by its number in the site's [`Vocab`], with its weight and the shortest
//! spelling that became it. A site's documents share most of their words,
//! so each word *as written* is folded and analysed once per lexicon and
//! kept in a [`Lexicon`]: reading a word is then one hash lookup, and
//! counting it one addition. The words
//! a document gives are those of [`fold`](super::analyse::fold) cut at characters that
//! are not letters or digits (a test holds the two to each other).

use super::analyse::{Folded, fold_char, is_word_char};
use super::hash::{KEY_BYTES, Key, hash, hash_key, hash_long, key, key_at};
use super::vocab::{Part, Span, Vocab, Word};
use super::{Analyser, TermCount};
use hashbrown::HashTable;
use std::ops::Range;
use std::sync::{Arc, RwLock, RwLockWriteGuard};

/// The longest token, in bytes, looked up whole: longer ones (a URL, a
/// text without spaces) are read run by run.
const MAX_TOKEN: usize = 48;

/// How many spellings a lexicon keeps before it starts again: a bound on
/// memory for sites with a very large vocabulary.
const MAX_SPELLINGS: usize = 1 << 18;

/// How many bytes of text a lexicon or its part keeps before it starts
/// again: spans count in `u32`, and one document adds less than the rest.
const MAX_TEXT: usize = 1 << 30;

/// Spellings met so far and what they became, kept from document to
/// document: a language's documents are read with one lexicon, in turn.
#[derive(Default)]
pub struct Lexicon {
    /// The vocabulary whose part it writes.
    vocab: u64,
    /// What the words were analysed with: the plural list's fingerprint.
    analysis: u64,
    /// Its part of the vocabulary, and the part's number there: the words
    /// of its spellings, their terms and their texts.
    part: Arc<RwLock<Part>>,
    part_number: u32,
    known: Known,
}

/// What a lexicon knows of the words it read, besides its part.
#[derive(Default)]
struct Known {
    /// Hash of a spelling → its key, and its index in `spellings`.
    table: HashTable<Slot>,
    spellings: Vec<Spelling>,
    /// Hash of a word as written → its first place in the part's words:
    /// a word met again in another spelling ("attack," after "attack") is
    /// not analysed again.
    written: HashTable<u32>,
    /// The text of every spelling, end to end.
    text: String,
    /// The word being read, folded.
    folded: String,
    /// The term of the word being read.
    term: String,
    /// Spelling → how much it weighs in the document being read (0 when
    /// not met): a token is counted at its spelling, and a spelling's
    /// words once for the document, when it is finished.
    weights: Vec<u32>,
    /// Term number → its tally in the document being read ([`UNMET`]
    /// when it has not met the term): a word is counted where its term is,
    /// with no list to look the term up in first.
    tallies: Vec<Tally>,
}

/// A spelling as a lexicon's table finds it: by its key and length,
/// which tell a short one from any other without reading its text.
struct Slot {
    key: Key,
    len: u32,
    /// Its index in `Known::spellings`.
    spelling: u32,
}

/// A token (the text between two spaces) or a run of a long one, as
/// written, punctuation and all.
struct Spelling {
    /// Where it is in `Known::text`.
    text: Span,
    /// Its words in the part: one, most often; none when it is a single
    /// letter or punctuation; more when it holds a break ("a,b"). A word
    /// met in several spellings is there once for each.
    words: Range<u32>,
}

impl Lexicon {
    /// Starts again, with a new part, when its part is of another
    /// vocabulary, when the words were analysed with another plural list
    /// (`analysis`), or when it has grown past its bounds.
    pub fn keep_for(&mut self, vocab: &Vocab, analysis: u64) {
        if self.vocab != vocab.id()
            || self.analysis != analysis
            || self.known.spellings.len() > MAX_SPELLINGS
            || self.known.text.len() > MAX_TEXT
            || self.part.read().is_ok_and(|p| p.text.len() > MAX_TEXT)
        {
            // Room for the words this lexicon will meet: most of the site's.
            let n = vocab.expected();
            let (part_number, part) = vocab.new_part();
            *self = Lexicon {
                vocab: vocab.id(),
                analysis,
                part,
                part_number,
                known: Known {
                    table: HashTable::with_capacity(n),
                    spellings: Vec::with_capacity(n),
                    written: HashTable::with_capacity(n),
                    text: String::with_capacity(n * 8),
                    ..Known::default()
                },
            };
        }
    }
}

impl Known {
    /// The index of `run`'s spelling, analysed and added to `part` when new.
    #[inline]
    fn spelling(&mut self, part: &mut Part, run: &str, hash: u64, key: &Key, analyser: Analyser) -> usize {
        let Known { table, spellings, text, .. } = self;
        let n = run.len();
        let found = table.find(hash, |slot| {
            slot.len as usize == n
                && slot.key == *key
                && (n <= KEY_BYTES || same(spellings[slot.spelling as usize].text.bytes(text), run.as_bytes()))
        });
        if let Some(slot) = found {
            return slot.spelling as usize;
        }
        self.add(part, hash, *key, run, analyser)
    }

    /// Adds `run`'s spelling: its words, cut as [`fold`](super::analyse::fold)
    /// and a cut at characters that are not letters or digits make them.
    #[cold]
    fn add(&mut self, part: &mut Part, hash: u64, key: Key, run: &str, analyser: Analyser) -> usize {
        let first = part.words.len() as u32;
        let start = self.text.len() as u32;
        self.text.push_str(run);
        let spelling = Span { start, end: self.text.len() as u32 };
        // The word being read: its first byte in the part's text, where
        // the word as written goes, and its letters.
        let mut start = part.text.len();
        let mut letters = 0;
        // Whether a character became letters that are not in the word as
        // written: then the folded word is not the written one's alone.
        let mut more = false;
        // A letter is pushed here, in the loop; a word's end is a call.
        macro_rules! push {
            ($original:expr, $c:expr) => {{
                let (original, c): (Option<char>, char) = ($original, $c);
                if is_word_char(c) {
                    self.folded.push(c);
                    if let Some(o) = original {
                        part.text.push(o);
                    }
                    more |= original.is_none();
                    letters += 1;
                } else if !self.folded.is_empty() {
                    self.word(part, start, letters, !more, analyser);
                    start = part.text.len();
                    (letters, more) = (0, false);
                }
            }};
        }
        let mut rest = run;
        while let Some(&b) = rest.as_bytes().first() {
            // ASCII, most of an English text, a byte at a time.
            if b.is_ascii() {
                push!(Some(char::from(b)), char::from(b.to_ascii_lowercase()));
                rest = &rest[1..];
                continue;
            }
            let Some(c) = rest.chars().next() else { break };
            rest = &rest[c.len_utf8()..];
            match fold_char(c) {
                Folded::Dropped => {}
                Folded::One(f) => push!(Some(c), f),
                Folded::Lower(l) => {
                    for (n, f) in l.enumerate() {
                        push!((n == 0).then_some(c), f);
                    }
                }
            }
        }
        if !self.folded.is_empty() {
            self.word(part, start, letters, !more, analyser);
        }
        let i = self.spellings.len();
        self.spellings.push(Spelling { text: spelling, words: first..part.words.len() as u32 });
        self.weights.push(0);
        let (spellings, text) = (&self.spellings, &self.text);
        let slot = Slot { key, len: run.len() as u32, spelling: i as u32 };
        self.table.insert_unique(hash, slot, |slot| match slot.len as usize {
            n @ 0..=KEY_BYTES => hash_key(&slot.key, n),
            _ => hash_long(spellings[slot.spelling as usize].text.bytes(text)),
        });
        i
    }

    /// Adds the word just read: folded in `folded`, as written in the
    /// part's text from `start` on, of `letters` letters; `plain` when the
    /// folded word follows from the written one, as it does but for a few
    /// capitals whose lower case is two characters. Empties `folded`.
    #[inline(never)]
    fn word(&mut self, part: &mut Part, start: usize, letters: usize, plain: bool, analyser: Analyser) {
        let written = Span { start: start as u32, end: part.text.len() as u32 };
        let Known { written: table, folded, term, .. } = self;
        if letters < 2 {
            part.text.truncate(start);
            folded.clear();
            return;
        }
        let shown = written.of(&part.text);
        let hash = self::hash(shown.as_bytes());
        let words = &part.words;
        let mine = || table.find(hash, |&w| same(words[w as usize].written.bytes(&part.text), shown.as_bytes()));
        if let Some(&w) = plain.then(mine).flatten() {
            // Written as this lexicon read it before: its text is there already.
            part.words.push(part.words[w as usize]);
            part.text.truncate(start);
            folded.clear();
            return;
        }
        // New to this lexicon.
        term.clear();
        analyser(folded, shown, term);
        folded.clear();
        if term.chars().nth(1).is_none() {
            part.text.truncate(start);
            return;
        }
        let chars = shown.chars().count() as u32;
        let number = part.number(term, self::hash(term.as_bytes()));
        if number as usize >= self.tallies.len() {
            self.tallies.resize(number as usize + 1, UNMET);
        }
        let w = part.words.len() as u32;
        part.words.push(Word { term: number, chars, written });
        if plain {
            let (words, text) = (&part.words, &part.text);
            table.insert_unique(hash, w, |&v| self::hash(words[v as usize].written.bytes(text)));
        }
    }
}

/// One term of the document being read.
#[derive(Clone, Copy)]
struct Tally {
    weight: u32,
    /// The word whose spelling is the shortest so far.
    word: u32,
    /// The last word found not to be shorter: a document that writes a
    /// term two ways ("الخلايا", "خلايا") compares them once, not at every
    /// turn.
    longer: u32,
}

/// The tally of a term the document has not met.
const UNMET: Tally = Tally { weight: 0, word: u32::MAX, longer: u32::MAX };

/// The words of one document's texts, with the weight of the field being
/// read.
pub struct Reader<'l, 'a> {
    known: &'l mut Known,
    /// The lexicon's part, written by this reader alone while it lives.
    part: RwLockWriteGuard<'l, Part>,
    part_number: u32,
    analyser: Analyser<'a>,
    /// How much each word read now counts.
    pub weight: u32,
    length: u32,
    /// The spellings met, in the order first met: their weights are in `known`.
    spelled: Vec<u32>,
    /// The terms met, in the order first met: their tallies are in `known`.
    met: Vec<u32>,
}

/// What a reader read: the terms of its lexicon's part `part`, each once,
/// in the order first read, and the document's length (the sum of the
/// weights).
pub struct Read {
    pub part: u32,
    pub terms: Vec<TermCount>,
    pub length: u32,
}

impl<'l, 'a> Reader<'l, 'a> {
    /// A reader of words into `vocab`'s numbers, with `lexicon` (started
    /// again first when it holds another vocabulary's).
    pub fn new(lexicon: &'l mut Lexicon, vocab: &Vocab, analyser: Analyser<'a>) -> Self {
        let analysis = lexicon.analysis;
        lexicon.keep_for(vocab, analysis);
        let Lexicon { part, part_number, known, .. } = lexicon;
        let part = part.write().unwrap_or_else(|e| e.into_inner());
        Reader {
            known,
            part,
            part_number: *part_number,
            analyser,
            weight: 1,
            length: 0,
            spelled: Vec::with_capacity(256),
            met: Vec::with_capacity(256),
        }
    }

    /// Reads plain text.
    pub fn text(&mut self, text: &str) {
        self.scan::<false>(text);
    }

    /// Reads the visible text of rendered HTML: tags, charts' SVG and
    /// entities part words, as the characters they stand for would.
    pub fn html(&mut self, html: &str) {
        self.scan::<true>(html);
    }

    /// Reads `s` a space-separated token at a time (and, in HTML, up to
    /// each tag or entity): a token is looked up whole in the lexicon,
    /// whatever punctuation it holds, since [`split`] cuts it into the
    /// same words as reading it character by character would. Long
    /// tokens are read run by run, so the lexicon keeps only short ones.
    /// The bytes that end tokens are found 64 at a time ([`ends`]), so
    /// that reading a token costs no branch on its length.
    fn scan<const HTML: bool>(&mut self, s: &str) {
        let b = s.as_bytes();
        // Where the token being read starts, and where the 64 bytes whose
        // ends are in `ends` start.
        let (mut start, mut at) = (0, 0);
        while at < b.len() {
            let (mut ends, marks) = match b.get(at..at + 64) {
                Some(block) => ends::<HTML>(block),
                None => {
                    let mut block = [b' '; 64];
                    block[..b.len() - at].copy_from_slice(&b[at..]);
                    let (ends, marks) = ends::<HTML>(&block);
                    (ends & (u64::MAX >> (64 - (b.len() - at))), marks)
                }
            };
            while ends != 0 {
                let end = at + ends.trailing_zeros() as usize;
                if end > start {
                    self.token(s, start, end);
                }
                if !HTML || marks & ends & ends.wrapping_neg() == 0 {
                    // A space or a control character: one byte.
                    start = end + 1;
                    ends &= ends - 1;
                    continue;
                }
                start = end + markup(&s[end..]);
                if start >= at + 64 {
                    break;
                }
                // The ends inside a tag or an entity skipped end nothing.
                ends &= u64::MAX << (start - at);
            }
            at = (at + 64).max(start);
        }
        if start < b.len() {
            self.token(s, start, b.len());
        }
    }

    /// Counts the words of the token `s[start..end]`.
    #[inline(always)]
    fn token(&mut self, s: &str, start: usize, end: usize) {
        let (b, n) = (s.as_bytes(), end - start);
        if n > MAX_TOKEN {
            return self.runs(&s[start..end]);
        }
        let key = match start + 16 <= b.len() && end >= 8 {
            true => key_at(b, start, end),
            false => key(&b[start..end]),
        };
        let hash = match n <= KEY_BYTES {
            true => hash_key(&key, n),
            false => hash_long(&b[start..end]),
        };
        self.hashed(&s[start..end], hash, &key);
    }

    /// Reads a long token run by run: a run ends at a space or ASCII
    /// punctuation, or at a character that folds to one. Arabic letters,
    /// diacritics and tatweel are read from their two bytes; others are
    /// decoded.
    fn runs(&mut self, text: &str) {
        let arabic_breaks = &*ARABIC_BREAKS;
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let start = i;
            while let Some(&byte) = b.get(i) {
                match byte {
                    _ if byte.is_ascii_alphanumeric() => i += 1,
                    _ if byte.is_ascii() => break,
                    0xD8 | 0xD9 => {
                        let low = b.get(i + 1).map_or(0, |&c| c & 0x3F);
                        if arabic_breaks[usize::from(byte & 1) << 6 | usize::from(low)] {
                            break;
                        }
                        i += 2;
                    }
                    _ => {
                        let Some(c) = text[i..].chars().next() else { break };
                        if breaks(c) {
                            break;
                        }
                        i += c.len_utf8();
                    }
                }
            }
            if i == start {
                // The break itself: a comma, a no-break space.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            self.run(&text[start..i]);
        }
    }

    /// Counts the words of a token or a run.
    #[inline]
    fn run(&mut self, run: &str) {
        self.hashed(run, hash(run.as_bytes()), &key(run.as_bytes()));
    }

    /// Counts the words of a token whose [`hash`] is known.
    #[inline]
    fn hashed(&mut self, run: &str, hash: u64, key: &Key) {
        let s = self.known.spelling(&mut self.part, run, hash, key, self.analyser);
        let weight = &mut self.known.weights[s];
        if *weight == 0 {
            self.spelled.push(s as u32);
        }
        *weight += self.weight;
    }

    /// Counts word `w`, met with `weight` in all.
    #[inline]
    fn count(&mut self, w: u32, weight: u32) {
        let term = self.part.words[w as usize].term;
        let t = &mut self.known.tallies[term as usize];
        self.length += weight;
        if t.word == UNMET.word {
            self.met.push(term);
            *t = Tally { weight, word: w, longer: u32::MAX };
            return;
        }
        t.weight += weight;
        if t.word != w && t.longer != w {
            if self.part.shorter(w, t.word) {
                (t.word, t.longer) = (w, t.word);
            } else {
                t.longer = w;
            }
        }
    }

    /// What was read.
    pub fn finish(mut self) -> Read {
        // Each spelling's words, in the order the spellings were first
        // met: the terms are met in the order the tokens gave them.
        for k in 0..self.spelled.len() {
            let s = self.spelled[k] as usize;
            let weight = std::mem::replace(&mut self.known.weights[s], 0);
            for w in self.known.spellings[s].words.clone() {
                self.count(w, weight);
            }
        }
        self.spelled.clear();
        let tallies = &mut self.known.tallies;
        let terms: Vec<TermCount> = self
            .met
            .drain(..)
            .map(|term| {
                let t = std::mem::replace(&mut tallies[term as usize], UNMET);
                TermCount { term, weight: t.weight, word: t.word }
            })
            .collect();
        Read { part: self.part_number, terms, length: self.length }
    }
}

impl Drop for Reader<'_, '_> {
    /// A reader left unfinished leaves the lexicon ready for the next.
    fn drop(&mut self) {
        for &s in &self.spelled {
            self.known.weights[s as usize] = 0;
        }
        for &term in &self.met {
            self.known.tallies[term as usize] = UNMET;
        }
    }
}

/// Whether `c` (not ASCII) ends a word: it folds to a character that is
/// not a letter or digit. Characters that folding drops, or lowercases
/// into several, stay inside the run; [`split`] reads them.
#[inline]
fn breaks(c: char) -> bool {
    match fold_char(c) {
        Folded::One(f) => !is_word_char(f),
        Folded::Dropped => false,
        Folded::Lower(mut l) => !l.any(is_word_char),
    }
}

/// Which of U+0600..U+067F (two bytes, D8 or D9 then 80..BF) end a word:
/// [`breaks`] read once into a table.
static ARABIC_BREAKS: std::sync::LazyLock<[bool; 128]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|k| char::from_u32(0x0600 + k as u32).is_none_or(breaks)));

/// The length of the tag, chart or entity at the start of `rest` (which
/// starts with `<` or `&`): a chart's SVG is skipped whole; an entity
/// (`&amp;`, `&#39;`) is one character, never a letter; a lone `&` is one.
fn markup(rest: &str) -> usize {
    if rest.starts_with("<svg") {
        return memchr::memmem::find(rest.as_bytes(), b"</svg>").map_or(rest.len(), |e| e + 6);
    }
    if rest.starts_with('<') {
        return memchr::memchr(b'>', rest.as_bytes()).map_or(rest.len(), |e| e + 1);
    }
    let name = rest[1..].bytes().take(8).position(|b| !(b.is_ascii_alphanumeric() || b == b'#'));
    name.filter(|&n| n > 0 && rest.as_bytes()[n + 1] == b';').map_or(1, |n| n + 2)
}

/// Which of the 64 bytes of `block` end a token, as the bits of the
/// first result: a space, a line break or another control character,
/// and in HTML the start of a tag or an entity, which are the bits of the
/// second too. Eight bytes at a time, each byte tested exactly. (Cutting
/// a token at a tab or a carriage return, which are not letters, gives
/// the words reading it whole would.)
#[inline(always)]
fn ends<const HTML: bool>(block: &[u8]) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // The eight high bits of `found` gathered into the top byte, then moved down.
    let gather = |found: u64| (found >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    let (mut ends, mut marks) = (0, 0);
    for (k, w) in block.chunks_exact(8).take(8).enumerate() {
        let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
        // The high bit of each byte of `w` up to 0x20 (a space).
        let space = !(((w & LOW).wrapping_add(ONES * (0x7F - 0x20))) | w) & !LOW;
        // The high bit of each byte of `w` equal to `c`.
        let equal = |c: u8| {
            let x = w ^ (ONES * u64::from(c));
            !(((x & LOW).wrapping_add(LOW)) | x) & !LOW
        };
        if HTML {
            let mark = gather(equal(b'<') | equal(b'&'));
            marks |= mark << (8 * k);
            ends |= (gather(space) | mark) << (8 * k);
        } else {
            ends |= gather(space) << (8 * k);
        }
    }
    (ends, marks)
}

/// Byte equality, inlined for words' lengths: eight bytes at a time,
/// the last eight overlapping.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let u64_at = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or_default());
    let u32_at = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or_default());
    match n {
        0..4 => a == b,
        4..8 => u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4),
        _ => {
            let mut i = 0;
            while i + 8 < n {
                if u64_at(a, i) != u64_at(b, i) {
                    return false;
                }
                i += 8;
            }
            u64_at(a, n - 8) == u64_at(b, n - 8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::testing::xorshift;

    fn terms(lexicon: &mut Lexicon, vocab: &Vocab, analyser: Analyser, text: &str) -> Vec<(String, u32)> {
        let mut r = Reader::new(lexicon, vocab, analyser);
        r.text(text);
        crate::search::tests::weighed(vocab, r.finish())
    }

    #[test]
    fn a_reader_left_unfinished_counts_nothing_for_the_next() {
        let (mut lexicon, vocab) = (Lexicon::default(), Vocab::default());
        let mut r = Reader::new(&mut lexicon, &vocab, &|w, _, out| out.push_str(w));
        r.text("attack attack cells");
        drop(r);
        assert_eq!(terms(&mut lexicon, &vocab, &|w, _, out| out.push_str(w), "attack"), [("attack".to_string(), 1)]);
    }

    #[test]
    fn a_word_met_again_in_another_spelling_is_not_analysed_again() {
        let (mut lexicon, vocab) = (Lexicon::default(), Vocab::default());
        let calls = std::cell::Cell::new(0);
        let analyser = |w: &str, _: &str, out: &mut String| {
            calls.set(calls.get() + 1);
            out.push_str(w);
        };
        let got = terms(&mut lexicon, &vocab, &analyser, "attack attack, (attack) Attack «attack»");
        assert_eq!(got, [("attack".to_string(), 5)]);
        assert_eq!(calls.get(), 2, "\"attack\" and \"Attack\", once each");
        // The shortest and first spelling is still the one shown.
        let mut r = Reader::new(&mut lexicon, &vocab, &analyser);
        r.text("(Attack) attack,");
        let got = crate::search::tests::named(&vocab, r.finish());
        assert_eq!(got, [("attack".to_string(), 2, "Attack".to_string())]);
    }

    #[test]
    fn another_plural_list_analyses_the_words_again() {
        let (mut lexicon, vocab) = (Lexicon::default(), Vocab::default());
        lexicon.keep_for(&vocab, 1);
        assert_eq!(terms(&mut lexicon, &vocab, &|w, _, out| out.push_str(w), "cells"), [("cells".to_string(), 1)]);
        lexicon.keep_for(&vocab, 1);
        // Same list: the word is not analysed again.
        assert_eq!(
            terms(&mut lexicon, &vocab, &|_, _, out| out.push_str("other"), "cells"),
            [("cells".to_string(), 1)]
        );
        lexicon.keep_for(&vocab, 2);
        assert_eq!(terms(&mut lexicon, &vocab, &|_, _, out| out.push_str("cell"), "cells"), [("cell".to_string(), 1)]);
    }

    #[test]
    fn another_vocabulary_reads_the_words_again_into_its_own_numbers() {
        let mut lexicon = Lexicon::default();
        let (first, second) = (Vocab::default(), Vocab::default());
        second.new_part().1.write().unwrap().number("padding", hash(b"padding"));
        assert_eq!(terms(&mut lexicon, &first, &|w, _, out| out.push_str(w), "cells"), [("cells".to_string(), 1)]);
        // The lexicon wrote a part of `first`: `second` gets a part of its own.
        assert_eq!(terms(&mut lexicon, &second, &|w, _, out| out.push_str(w), "cells"), [("cells".to_string(), 1)]);
        let terms_of = |vocab: &Vocab| vocab.parts().iter().map(|p| p.read().unwrap().terms()).collect::<Vec<_>>();
        assert_eq!(terms_of(&second), [1, 1]);
        assert_eq!(terms_of(&first), [1]);
    }

    #[test]
    fn the_ends_of_a_block_are_its_spaces_and_controls_and_in_html_its_markup() {
        // Bytes one bit away from an end (`!` is a space's, `=` a `<`'s),
        // around real ends: the bits are found byte by byte exactly.
        let bytes = [
            b' ', b'\n', b'<', b'&', b'!', 0x0B, b'=', b'\'', b'\t', 0x1F, b'a', 0, 0x80, 0xA0, 0xA1, 0xD8, 0xFF, 0x7F,
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut block = [0u8; 64];
            for byte in &mut block {
                *byte = match xorshift(&mut seed) % 5 {
                    0 => (seed >> 8) as u8,
                    _ => bytes[(seed >> 16) as usize % bytes.len()],
                };
            }
            let naive = |html: bool| {
                let bits = |end: &dyn Fn(u8) -> bool| {
                    block.iter().enumerate().filter(|&(_, &b)| end(b)).fold(0u64, |m, (k, _)| m | 1 << k)
                };
                let mark = |b: u8| html && matches!(b, b'<' | b'&');
                (bits(&|b| b <= b' ' || mark(b)), bits(&mark))
            };
            assert_eq!(ends::<false>(&block), naive(false), "{block:?}");
            assert_eq!(ends::<true>(&block), naive(true), "{block:?}");
        }
    }

    #[test]
    fn a_lexicon_grown_large_still_finds_every_spelling_it_has() {
        // Enough different tokens, short and long, to grow the lexicon's
        // table several times over: read again, none is new.
        let text: String = (0..20_000).map(|k| format!("w{k} الكلمة{k}، {}{k} ", "x".repeat(k % 40))).collect();
        let (mut lexicon, vocab) = (Lexicon::default(), Vocab::sized(16));
        let calls = std::cell::Cell::new(0);
        let analyser = |w: &str, _: &str, out: &mut String| {
            calls.set(calls.get() + 1);
            out.push_str(w);
        };
        let first = terms(&mut lexicon, &vocab, &analyser, &text);
        let (analysed, spellings) = (calls.get(), lexicon.known.spellings.len());
        assert_eq!(terms(&mut lexicon, &vocab, &analyser, &text), first);
        assert_eq!((calls.get(), lexicon.known.spellings.len()), (analysed, spellings));
    }

    #[test]
    fn equal_bytes_and_only_those_are_the_same() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "خلايا",
            "الاستخبارات",
            "abcdefghijklmnopq",
        ];
        for a in words {
            for b in words {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
            let mut changed = a.as_bytes().to_vec();
            if let Some(last) = changed.last_mut() {
                *last ^= 1;
                assert!(!same(a.as_bytes(), &changed), "{a:?}");
                changed[0] ^= 2;
                assert!(!same(a.as_bytes(), &changed), "{a:?}");
            }
        }
    }
}
