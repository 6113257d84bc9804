//! The terms and shown words of a site's search entries, numbered.
//!
//! Takes the terms and spellings that the threads reading documents meet
//! for the first time; gives each a number, the same for every thread, so
//! that an entry holds numbers rather than strings and the index gathers a
//! term's documents by number instead of hashing its text once per
//! document. A number depends on which thread met the word first, so it is
//! never written out: the index orders terms by their text.

use super::hash::hash;
use hashbrown::HashTable;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{RwLock, RwLockReadGuard};

/// The words of one site's entries. Entries made with one vocabulary mean
/// nothing to another.
#[derive(Debug)]
pub struct Vocab {
    /// Tells this vocabulary from every other one of the process.
    id: u64,
    /// How many words the site is expected to have: what tables are made
    /// for, so that they are not grown and rebuilt word by word.
    expected: usize,
    names: RwLock<Names>,
}

/// Terms and shown words, each by number.
#[derive(Debug, Default)]
pub struct Names {
    terms: Table,
    words: Table,
}

/// Texts and their numbers, both ways.
#[derive(Default)]
struct Table {
    /// Every text, end to end.
    text: String,
    /// Where each text ends in `text`, its length in characters and its
    /// hash, by number; it starts where the one before ends.
    ends: Vec<(usize, u32, u64)>,
    /// Hash of a text → its number.
    numbers: HashTable<u32>,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries((0..self.ends.len() as u32).map(|n| self.get(n))).finish()
    }
}

impl Table {
    #[inline]
    fn get(&self, number: u32) -> &str {
        let n = number as usize;
        let start = if n == 0 { 0 } else { self.ends[n - 1].0 };
        &self.text[start..self.ends[n].0]
    }

    #[inline]
    fn find(&self, text: &str, hash: u64) -> Option<u32> {
        self.numbers.find(hash, |&n| self.get(n) == text).copied()
    }

    /// The number of `text`, added when new.
    fn number(&mut self, text: &str, hash: u64) -> u32 {
        if let Some(n) = self.find(text, hash) {
            return n;
        }
        let n = self.ends.len() as u32;
        self.text.push_str(text);
        self.ends.push((self.text.len(), text.chars().count() as u32, hash));
        let ends = &self.ends;
        self.numbers.insert_unique(hash, n, |&m| ends[m as usize].2);
        n
    }
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab::sized(0)
    }
}

impl Table {
    fn with_capacity(texts: usize) -> Self {
        Table {
            text: String::with_capacity(texts * 8),
            ends: Vec::with_capacity(texts),
            numbers: HashTable::with_capacity(texts),
        }
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
        let names = Names { terms: Table::with_capacity(expected), words: Table::with_capacity(expected) };
        Vocab { id: NEXT.fetch_add(1, Ordering::Relaxed), expected, names: RwLock::new(names) }
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    /// How many different words the site is expected to have.
    pub fn expected(&self) -> usize {
        self.expected
    }

    /// The numbers of `term` and of `word`, the spelling that became it,
    /// added when new; `hash` is the word's [`hash`].
    pub fn number(&self, term: &str, word: &str, hash: u64) -> (u32, u32) {
        let term_hash = self::hash(term.as_bytes());
        let mut names = self.names.write().unwrap_or_else(|e| e.into_inner());
        (names.terms.number(term, term_hash), names.words.number(word, hash))
    }

    /// Every name so far, to read.
    pub fn names(&self) -> RwLockReadGuard<'_, Names> {
        self.names.read().unwrap_or_else(|e| e.into_inner())
    }
}

impl Names {
    /// How many terms there are: every term's number is below it.
    pub fn terms(&self) -> usize {
        self.terms.ends.len()
    }

    /// How many shown words there are.
    pub fn words(&self) -> usize {
        self.words.ends.len()
    }

    pub fn term(&self, number: u32) -> &str {
        self.terms.get(number)
    }

    pub fn word(&self, number: u32) -> &str {
        self.words.get(number)
    }

    /// Whether shown word `a` is the better to show than `b` (see [`precedes`]).
    pub fn shorter(&self, a: u32, b: u32) -> bool {
        let chars = |n: u32| self.words.ends[n as usize].1;
        a != b && precedes((chars(a), self.word(a)), (chars(b), self.word(b)))
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
    use super::*;

    fn number(vocab: &Vocab, term: &str, word: &str) -> (u32, u32) {
        vocab.number(term, word, hash(word.as_bytes()))
    }

    #[test]
    fn a_text_has_one_number_and_every_vocabulary_its_own_id() {
        let vocab = Vocab::default();
        let (cell, cells) = number(&vocab, "cell", "cells");
        assert_eq!(number(&vocab, "cell", "cells"), (cell, cells));
        let (cell_too, cell_word) = number(&vocab, "cell", "Cell");
        assert_eq!(cell_too, cell);
        assert_ne!(cell_word, cells);
        let names = vocab.names();
        assert_eq!(names.term(cell), "cell");
        assert_eq!(names.word(cell_word), "Cell");
        assert_eq!((names.terms(), names.words()), (1, 2));
        assert!(names.shorter(cell_word, cells), "fewer letters");
        assert!(!names.shorter(cells, cell_word) && !names.shorter(cells, cells));
        assert_ne!(vocab.id(), Vocab::default().id());
    }

    #[test]
    fn many_texts_keep_their_numbers_as_the_table_grows() {
        let vocab = Vocab::default();
        let numbers: Vec<_> = (0..5000).map(|i| number(&vocab, &format!("t{}", i / 2), &format!("w{i}"))).collect();
        for (i, &(t, w)) in numbers.iter().enumerate() {
            assert_eq!(number(&vocab, &format!("t{}", i / 2), &format!("w{i}")), (t, w));
            assert_eq!((t as usize, w as usize), (i / 2, i));
        }
    }

    #[test]
    fn length_is_counted_in_characters_then_ties_go_by_order() {
        let vocab = Vocab::default();
        let (_, arabic) = number(&vocab, "خلي", "خلايا");
        let (_, latin) = number(&vocab, "abcdef", "abcdef");
        let names = vocab.names();
        assert!(names.shorter(arabic, latin), "five letters in ten bytes are shorter than six");
        assert!(precedes((2, "aa"), (2, "bb")) && !precedes((2, "bb"), (2, "aa")) && !precedes((2, "aa"), (2, "aa")));
        assert!(precedes((2, "zz"), (3, "aaa")));
    }
}
