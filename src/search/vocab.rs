//! The terms and shown words of a site's search entries, numbered.
//!
//! Each lexicon that reads documents (one for each language) keeps its
//! own part of the site's vocabulary: the terms it met and the words as
//! written that became them, each numbered within the part. An entry holds
//! numbers of one part (the one its document was read into), so that
//! reading a word never waits on another language's reading nor writes
//! memory it reads. The index joins the parts by text when it is made. A
//! number depends on which part met the word first, so it is never written
//! out: the index orders terms by their text.

use hashbrown::HashTable;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// The words of one site's entries. Entries made with one vocabulary mean
/// nothing to another.
#[derive(Debug)]
pub struct Vocab {
    /// Tells this vocabulary from every other one of the process.
    id: u64,
    /// How many words the site is expected to have: what tables are made
    /// for, so that they are not grown and rebuilt word by word.
    expected: usize,
    /// Every part so far, by number.
    parts: Mutex<Vec<Arc<RwLock<Part>>>>,
}

/// One lexicon's terms and words as written, each by number, in one text.
/// Its lexicon writes it a document at a time; the index reads it once
/// every entry is made.
#[derive(Default)]
pub struct Part {
    /// Every term and every word as written, end to end.
    pub text: String,
    /// Each term's place in `text` and its hash, by number.
    terms: Vec<(Span, u64)>,
    /// Hash of a term → its number.
    numbers: HashTable<u32>,
    /// Words as written, by number.
    pub words: Vec<Word>,
}

/// A stretch of a text, by byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    #[inline]
    pub fn of(self, text: &str) -> &str {
        &text[self.start as usize..self.end as usize]
    }

    /// Its bytes: what a lookup compares, without checking that it starts
    /// and ends between characters (it always does).
    #[inline]
    pub fn bytes(self, text: &str) -> &[u8] {
        &text.as_bytes()[self.start as usize..self.end as usize]
    }
}

/// A word as written, less what folding drops (diacritics, tatweel): what
/// a result's "did you mean" shows, when it is the shortest of its term.
#[derive(Clone, Copy, Debug)]
pub struct Word {
    /// The number of its term in the part.
    pub term: u32,
    /// Its length in characters, and where it is in `Part::text`.
    pub chars: u32,
    pub written: Span,
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part").field("terms", &self.terms.len()).field("words", &self.words.len()).finish()
    }
}

impl Part {
    /// A part with room for `expected` words.
    pub fn sized(expected: usize) -> Self {
        Part {
            text: String::with_capacity(expected * 16),
            terms: Vec::with_capacity(expected),
            numbers: HashTable::with_capacity(expected),
            words: Vec::with_capacity(expected),
        }
    }

    /// How many terms there are: every term's number is below it.
    pub fn terms(&self) -> usize {
        self.terms.len()
    }

    #[inline]
    pub fn term(&self, number: u32) -> &str {
        self.terms[number as usize].0.of(&self.text)
    }

    /// The hash of term `number`: [`hash`](super::hash::hash) of its text.
    #[inline]
    pub fn term_hash(&self, number: u32) -> u64 {
        self.terms[number as usize].1
    }

    #[inline]
    pub fn word(&self, number: u32) -> &str {
        self.words[number as usize].written.of(&self.text)
    }

    /// The number of `term`, whose hash is `hash`, added when new.
    pub fn number(&mut self, term: &str, hash: u64) -> u32 {
        let Part { text, terms, numbers, .. } = self;
        if let Some(&n) = numbers.find(hash, |&n| terms[n as usize].0.bytes(text) == term.as_bytes()) {
            return n;
        }
        let n = terms.len() as u32;
        let start = text.len() as u32;
        text.push_str(term);
        terms.push((Span { start, end: text.len() as u32 }, hash));
        numbers.insert_unique(hash, n, |&m| terms[m as usize].1);
        n
    }

    /// Whether word `a` is the better to show than word `b`, by [`precedes`].
    #[inline]
    pub fn shorter(&self, a: u32, b: u32) -> bool {
        let (a, b) = (&self.words[a as usize], &self.words[b as usize]);
        a.written != b.written
            && precedes((a.chars, a.written.bytes(&self.text)), (b.chars, b.written.bytes(&self.text)))
    }
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab::sized(0)
    }
}

impl Vocab {
    /// A vocabulary for a site of `text` bytes of words.
    pub fn for_text(text: usize) -> Self {
        Vocab::sized(expected_words(text))
    }

    /// A vocabulary with room for `expected` words.
    pub fn sized(expected: usize) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Vocab { id: NEXT.fetch_add(1, Ordering::Relaxed), expected, parts: Mutex::default() }
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    /// How many different words the site is expected to have.
    pub fn expected(&self) -> usize {
        self.expected
    }

    /// A new part, sized for the site, and its number.
    pub fn new_part(&self) -> (u32, Arc<RwLock<Part>>) {
        let part = Arc::new(RwLock::new(Part::sized(self.expected)));
        let mut parts = self.parts.lock().unwrap_or_else(|e| e.into_inner());
        parts.push(Arc::clone(&part));
        ((parts.len() - 1) as u32, part)
    }

    /// Every part so far, by number.
    pub fn parts(&self) -> Vec<Arc<RwLock<Part>>> {
        self.parts.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// How many different words a text of `bytes` bytes has, about: they grow
/// as the square root of its words (Heaps' law). The example site's 78 kB
/// have some 2,800. Bounded low: a table made larger than its words makes
/// every lookup of a large site slower (it no longer fits the processor's
/// cache), while growing it costs a large site little. Sized for 57,000
/// words, the 2,500-brief corpus's 6,000 made its search 20 % slower.
fn expected_words(bytes: usize) -> usize {
    ((10.0 * (bytes as f64).sqrt()) as usize).min(1 << 12)
}

/// Whether a word of `a` = (characters, text) is the better to show
/// than one of `b`: shorter, or as long and first in order, so the choice
/// never depends on reading order. Texts compare as their bytes do.
#[inline]
pub fn precedes<T: Ord + ?Sized>(a: (u32, &T), b: (u32, &T)) -> bool {
    a < b
}

#[cfg(test)]
mod tests {
    use super::super::hash::hash;
    use super::*;

    fn number(part: &mut Part, term: &str) -> u32 {
        part.number(term, hash(term.as_bytes()))
    }

    #[test]
    fn a_term_has_one_number_and_every_part_its_own() {
        let vocab = Vocab::default();
        let (first, part) = vocab.new_part();
        let mut part = part.write().unwrap();
        let cell = number(&mut part, "cell");
        assert_eq!(number(&mut part, "cell"), cell);
        assert_ne!(number(&mut part, "cells"), cell);
        assert_eq!((part.term(cell), part.terms()), ("cell", 2));
        assert_eq!(part.term_hash(cell), hash(b"cell"));
        let (second, _) = vocab.new_part();
        assert_eq!((first, second), (0, 1));
        assert_eq!(vocab.parts().len(), 2);
        assert_ne!(vocab.id(), Vocab::default().id());
    }

    #[test]
    fn many_terms_keep_their_numbers_as_the_table_grows() {
        let mut part = Part::default();
        let numbers: Vec<u32> = (0..5000).map(|i| number(&mut part, &format!("t{i}"))).collect();
        for (i, &n) in numbers.iter().enumerate() {
            assert_eq!(number(&mut part, &format!("t{i}")), n);
            assert_eq!(n as usize, i);
            assert_eq!(part.term(n), format!("t{i}"));
        }
    }

    #[test]
    fn length_is_counted_in_characters_then_ties_go_by_order() {
        let mut part = Part::default();
        for (w, chars) in [("خلايا", 5), ("abcdef", 6)] {
            let start = part.text.len() as u32;
            part.text.push_str(w);
            part.words.push(Word { term: 0, chars, written: Span { start, end: part.text.len() as u32 } });
        }
        assert!(part.shorter(0, 1), "five letters in ten bytes are shorter than six");
        assert!(!part.shorter(1, 0) && !part.shorter(0, 0));
        assert!(precedes((2, "aa"), (2, "bb")) && !precedes((2, "bb"), (2, "aa")) && !precedes((2, "aa"), (2, "aa")));
        assert!(precedes((2, "zz"), (3, "aaa")));
    }
}
