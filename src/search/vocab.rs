//! The terms and shown words of a site's search entries, numbered.
//!
//! Takes the terms and spellings that the threads reading documents meet
//! for the first time; gives each a number, the same for every thread, so
//! that an entry holds numbers rather than strings and the index gathers a
//! term's documents by number instead of hashing its text once per
//! document. A number depends on which thread met the word first, so it is
//! never written out: the index orders terms by their text.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard};

/// The words of one site's entries. Entries made with one vocabulary mean
/// nothing to another.
#[derive(Debug)]
pub struct Vocab {
    /// Tells this vocabulary from every other one of the process.
    id: u64,
    names: RwLock<Names>,
}

/// Terms and shown words, each by number.
#[derive(Debug, Default)]
pub struct Names {
    terms: Table,
    words: Table,
}

/// Texts and their numbers, both ways.
#[derive(Debug, Default)]
struct Table {
    texts: Vec<(Arc<str>, u32)>,
    numbers: HashMap<Arc<str>, u32, ahash::RandomState>,
}

impl Table {
    fn number(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let n = self.texts.len() as u32;
        let text: Arc<str> = text.into();
        self.texts.push((text.clone(), text.chars().count() as u32));
        self.numbers.insert(text, n);
        n
    }
}

impl Default for Vocab {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Vocab { id: NEXT.fetch_add(1, Ordering::Relaxed), names: RwLock::default() }
    }
}

/// A word as a document shows it, numbered.
#[derive(Debug, Clone)]
pub struct Shown {
    pub number: u32,
    pub text: Arc<str>,
    /// Its length in characters, what [`shorter`] compares first.
    pub chars: u32,
}

impl Vocab {
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The numbers of `term` and of `word`, the spelling that became it,
    /// added when new.
    pub fn number(&self, term: &str, word: &str) -> (u32, Shown) {
        let mut names = self.names.write().unwrap_or_else(|e| e.into_inner());
        let term = names.terms.number(term);
        let number = names.words.number(word);
        let (text, chars) = names.words.texts[number as usize].clone();
        (term, Shown { number, text, chars })
    }

    /// Every name so far, to read.
    pub fn names(&self) -> RwLockReadGuard<'_, Names> {
        self.names.read().unwrap_or_else(|e| e.into_inner())
    }
}

impl Names {
    /// How many terms there are: every term's number is below it.
    pub fn terms(&self) -> usize {
        self.terms.texts.len()
    }

    /// How many shown words there are.
    pub fn words(&self) -> usize {
        self.words.texts.len()
    }

    pub fn term(&self, number: u32) -> &Arc<str> {
        &self.terms.texts[number as usize].0
    }

    pub fn word(&self, number: u32) -> &Arc<str> {
        &self.words.texts[number as usize].0
    }

    /// Whether shown word `a` is the better to show than `b` (see [`shorter`]).
    pub fn shorter(&self, a: u32, b: u32) -> bool {
        let (x, y) = (&self.words.texts[a as usize], &self.words.texts[b as usize]);
        a != b && precedes((x.1, &x.0), (y.1, &y.0))
    }
}

/// Whether `a` is the better word to show than `b`: shorter, or as long
/// and first in order, so the choice never depends on reading order.
#[inline]
pub fn shorter(a: &Shown, b: &Shown) -> bool {
    a.number != b.number && precedes((a.chars, &a.text), (b.chars, &b.text))
}

/// The rule of [`shorter`], on (characters, text).
#[inline]
fn precedes(a: (u32, &str), b: (u32, &str)) -> bool {
    a < b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_has_one_number_and_every_vocabulary_its_own_id() {
        let vocab = Vocab::default();
        let (cell, cells) = vocab.number("cell", "cells");
        assert_eq!(vocab.number("cell", "cells").0, cell);
        let (cell_too, cell_word) = vocab.number("cell", "Cell");
        assert_eq!(cell_too, cell);
        assert_ne!(cell_word.number, cells.number);
        let names = vocab.names();
        assert_eq!(&**names.term(cell), "cell");
        assert_eq!(names.terms(), 1);
        assert!(names.shorter(cell_word.number, cells.number), "fewer letters");
        assert!(shorter(&cell_word, &cells));
        assert_ne!(vocab.id(), Vocab::default().id());
    }

    #[test]
    fn length_is_counted_in_characters_then_ties_go_by_order() {
        let vocab = Vocab::default();
        let (_, arabic) = vocab.number("خلي", "خلايا");
        let (_, latin) = vocab.number("abcdef", "abcdef");
        assert_eq!(arabic.chars, 5);
        assert!(shorter(&arabic, &latin), "five letters in ten bytes are shorter than six");
        let (_, b) = vocab.number("b", "bb");
        let (_, a) = vocab.number("a", "aa");
        assert!(shorter(&a, &b) && !shorter(&b, &a) && !shorter(&a, &a));
    }
}
