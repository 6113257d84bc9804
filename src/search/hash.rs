//! The hash of the search's word tables.
//!
//! Takes a word's bytes; returns the hash by which the readers' lexicons
//! and the site's vocabulary find it. Shared by both, and by the reader's
//! search for a token's end, which hashes as it goes.

/// A quick hash of a short byte string (a word): eight bytes at a time,
/// multiplied and mixed so that both the low bits (the table's bucket)
/// and the high bits (its tag) vary. `words::token_end` computes the same
/// while it looks for the token's end.
#[inline]
pub fn hash(b: &[u8]) -> u64 {
    let mut h = SEED;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().unwrap_or_default()));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = mix(h, u64::from_le_bytes(last));
    }
    seal(h, b.len())
}

pub const SEED: u64 = 0xf135_7aea_2e62_a9c5;

#[inline(always)]
pub fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(26) ^ word).wrapping_mul(SEED)
}

#[inline(always)]
pub fn seal(h: u64, len: usize) -> u64 {
    let h = mix(h, len as u64);
    h ^ (h >> 29)
}
