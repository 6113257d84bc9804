//! The hash of the search's word tables, and the key of a short word.
//!
//! Takes a word's bytes; returns the hash by which the readers' lexicons
//! and the site's vocabulary find it, and the [`Key`] by which a lexicon
//! tells one short word from another. Shared by both, and by the reader's
//! scan, which reads both out of the text in place ([`key_at`]), with no
//! loop over the word's bytes and no branch on its length.

/// The longest byte string a [`Key`] holds whole: most words, Arabic ones
/// with their prefixes included (two bytes a letter).
pub const KEY_BYTES: usize = 24;

/// A byte string as three words: its first eight bytes, the eight after,
/// and its last eight, bytes outside the string zero. Strings of at most
/// [`KEY_BYTES`] bytes are equal when their lengths and keys are.
pub type Key = [u64; 3];

/// The key of `b[start..end]`, read in place: the text holds sixteen bytes
/// from `start` on, and eight up to `end` (`start + 16 <= b.len()`,
/// `end >= 8`), and the string is not empty.
#[inline(always)]
pub fn key_at(b: &[u8], start: usize, end: usize) -> Key {
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
    let n = end - start;
    let first = n.min(8);
    let second = n.saturating_sub(8).min(8);
    [
        word(start) & (u64::MAX >> (64 - 8 * first)),
        word(start + 8) & !(u64::MAX << (4 * second) << (4 * second)),
        word(end - 8) >> (8 * (8 - first)),
    ]
}

/// The key of `b`, wherever it is.
#[inline]
pub fn key(b: &[u8]) -> Key {
    let n = b.len();
    if n == 0 {
        return [0; 3];
    }
    if n > 16 {
        return key_at(b, 0, n);
    }
    let mut padded = [0u8; 8 + 16];
    padded[8..8 + n].copy_from_slice(b);
    key_at(&padded, 8, 8 + n)
}

/// A quick hash of a short byte string (a word), multiplied and mixed so
/// that both the low bits (the table's bucket) and the high bits (its tag)
/// vary: of its [`Key`] when that holds it whole, else eight bytes at a
/// time.
#[inline]
pub fn hash(b: &[u8]) -> u64 {
    match b.len() {
        n @ 0..=KEY_BYTES => hash_key(&key(b), n),
        _ => hash_long(b),
    }
}

/// The [`hash`] of a string of `len` bytes, at most [`KEY_BYTES`], whose
/// key is `key`.
#[inline(always)]
pub fn hash_key(key: &Key, len: usize) -> u64 {
    seal(mix(mix(mix(SEED, key[0]), key[1]), key[2]), len)
}

/// The [`hash`] of a string longer than [`KEY_BYTES`].
#[inline(never)]
pub fn hash_long(b: &[u8]) -> u64 {
    let mut h = SEED;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().unwrap_or_default()));
    }
    if !chunks.remainder().is_empty() {
        let last = &b[b.len().saturating_sub(8)..];
        h = mix(h, u64::from_le_bytes(last.try_into().unwrap_or_default()));
    }
    seal(h, b.len())
}

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

#[inline(always)]
fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(26) ^ word).wrapping_mul(SEED)
}

#[inline(always)]
fn seal(h: u64, len: usize) -> u64 {
    let h = mix(h, len as u64);
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_read_in_place_is_the_key_of_the_bytes_and_tells_short_strings_apart() {
        let text = "  attack، خلايا x الاستخبارات abcdefghijklmnopqrstuvwxyz0123  ".as_bytes();
        let mut seen = std::collections::HashMap::new();
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                let b = &text[start..end];
                if start + 16 <= text.len() && end >= 8 {
                    assert_eq!(key_at(text, start, end), key(b), "{start}..{end}");
                }
                if b.len() <= KEY_BYTES
                    && let Some(other) = seen.insert((key(b), b.len()), b)
                {
                    assert_eq!(other, b, "two strings, one key");
                }
            }
        }
        assert_eq!(key(b""), [0; 3]);
        assert_ne!(hash(b"a"), hash(b"a\0"), "the length is hashed");
    }
}
