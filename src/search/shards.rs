//! One language's index, split so that a query fetches only what it needs.
//!
//! Takes the entries of a language's documents; returns the files under
//! `<lang>/search/`:
//!
//! - `meta.json`: `{"v":1,"n":docs,"b":briefs,"c":per_chunk,"s":[first
//!   term of each shard…],"pl":[[plural,singular]…]}`: what the script
//!   reads first, a few kilobytes however large the site;
//! - `t/<i>.json`: shard `i`, the terms from `s[i]` up to `s[i+1]` in
//!   code point order, each `"term":["word",id,score,id,score…]`: the
//!   shortest word that became the term (for "did you mean"), then the
//!   documents that hold it with a BM25 score (×10, at least 1) that
//!   already weighs titles above summaries above bodies;
//! - `d/<j>.json`: the details of documents `j*c` to `j*c+c-1`, an array of
//!   `{"t":title,"u":url,"s":summary,"d":date,"p":[[topic,url]…],"k":"b"|"p"}`,
//!   fetched only for the results shown.
//!
//! Documents are numbered briefs first, newest first, then pages, so a
//! smaller id is the better result among equals and `id < b` says "brief".
//! Shards are cut where they pass [`shard_bytes`] of the index's size:
//! about √(16 × size), between 2 and 8 kB, the size at which `meta.json`'s
//! list of first terms and the one shard a word needs weigh least
//! together. So shards stay small on a small site and grow in number, not
//! in size, on a large one. The bytes depend only on the entries.

use super::analyse::Plurals;
use super::vocab::{Part, Span, precedes};
use super::{Entry, TermCount, Vocab};
use crate::escape::{json_string, json_string_len, push_json_string};
use crate::outfile::OutFile;
use crate::site::Site;
use hashbrown::HashTable;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::RwLockReadGuard;

/// The least and the most bytes a shard is closed at.
const SHARD_MIN: usize = 2 * 1024;
const SHARD_MAX: usize = 8 * 1024;

/// The bytes a shard is closed at, for an index of `total` bytes of terms:
/// where meta.json's first terms (some 16 bytes per shard) and one shard
/// weigh least together, √(16 × total), kept between the bounds.
pub fn shard_bytes(total: usize) -> usize {
    ((16.0 * total as f64).sqrt() as usize).clamp(SHARD_MIN, SHARD_MAX)
}

/// Documents per details file.
pub const PER_CHUNK: usize = 4;

/// BM25's parameters: how fast repeats stop counting, how much length does.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A term and its documents, as (id, score), by id.
#[derive(Debug)]
struct Postings {
    /// The term's text and that of the shortest word that became it, in
    /// `Index::text`.
    term: Span,
    surface: Span,
    /// Where its (id, score) pairs are in `Index::postings`.
    start: u32,
    end: u32,
}

/// One language's index in memory.
pub struct Index<'a> {
    /// The texts of its terms and of their shortest words, end to end:
    /// copied from the vocabulary's parts, which the index does not hold.
    text: String,
    /// `entries` indexes of the documents, by id.
    docs: Vec<usize>,
    briefs: usize,
    entries: &'a [Entry],
    /// Every term with its postings, in code point order.
    terms: Vec<Postings>,
    /// The (id, score) pairs of every term, a term's together and by id.
    postings: Vec<(u32, u32)>,
}

/// A term as the index gathers it: where it was first met (part, number),
/// its hash, its shortest word (part, number) and how many documents hold it.
struct Found {
    part: u32,
    term: u32,
    hash: u64,
    surface: (u32, u32),
    docs: u32,
}

impl<'a> Index<'a> {
    /// The index of `lang`'s documents; `entries[i]` is the entry of `site.docs[i]`.
    pub fn new(site: &'a Site, entries: &'a [Entry], lang: &str) -> Self {
        let mut docs: Vec<usize> = site.brief_indexes(lang).to_vec();
        let briefs = docs.len();
        docs.extend(
            (0..site.docs.len()).filter(|&i| site.docs[i].src.lang == lang && !entries.get(i).is_some_and(|e| e.brief)),
        );
        docs.retain(|&i| i < entries.len());
        Self::from_docs(&site.search_words.vocab, entries, docs, briefs)
    }

    /// The index of `docs` (indexes into `entries`, in id order), the
    /// first `briefs` of them briefs; the entries' numbers are `vocab`'s.
    pub fn from_docs(vocab: &Vocab, entries: &'a [Entry], docs: Vec<usize>, briefs: usize) -> Self {
        let n = docs.len() as f64;
        let average = docs.iter().map(|&i| entries[i].length as f64).sum::<f64>() / n.max(1.0);
        let parts = vocab.parts();
        let parts: Vec<RwLockReadGuard<Part>> =
            parts.iter().map(|p| p.read().unwrap_or_else(|e| e.into_inner())).collect();
        // Each entry's terms, those its part has: numbers from another
        // vocabulary are never met, and read as no terms.
        let terms_of = |i: usize| {
            let e = &entries[i];
            let part = parts.get(e.part as usize);
            let valid = move |t: &&TermCount| {
                part.is_some_and(|p| (t.term as usize) < p.terms() && (t.word as usize) < p.words.len())
            };
            (e.part, e.terms.iter().filter(valid))
        };
        // Gathered by (part, term number), then joined by text across the
        // parts, then sorted once by text: a site of 2,500 briefs has some
        // 750,000 (document, term) pairs. They are counted first, so that
        // each term's pairs go in one array, in place.
        // (part, term number) → 1 + the term's place in `found`, or 0.
        let mut place: Vec<Vec<u32>> = parts.iter().map(|p| vec![0; p.terms()]).collect();
        let most = parts.iter().map(|p| p.terms()).sum();
        // Hash of a term → its place in `found`.
        let mut by_text: HashTable<u32> = HashTable::with_capacity(most);
        let mut found: Vec<Found> = Vec::with_capacity(most);
        for &i in &docs {
            let (p, terms) = terms_of(i);
            for t in terms {
                let at = &mut place[p as usize][t.term as usize];
                if *at == 0 {
                    let part = &parts[p as usize];
                    let (text, hash) = (part.term(t.term), part.term_hash(t.term));
                    let same = |&f: &u32| {
                        let f = &found[f as usize];
                        parts[f.part as usize].term(f.term) == text
                    };
                    *at = 1 + match by_text.find(hash, same) {
                        Some(&f) => f,
                        None => {
                            let f = found.len() as u32;
                            found.push(Found { part: p, term: t.term, hash, surface: (p, t.word), docs: 0 });
                            by_text.insert_unique(hash, f, |&g| found[g as usize].hash);
                            f
                        }
                    };
                }
                let f = &mut found[*at as usize - 1];
                if shorter(&parts, (p, t.word), f.surface) {
                    f.surface = (p, t.word);
                }
                f.docs += 1;
            }
        }
        // The terms' texts, copied, and where each term's pairs start.
        let mut text = String::new();
        let mut span = |s: &str| {
            let start = text.len() as u32;
            text.push_str(s);
            Span { start, end: text.len() as u32 }
        };
        let mut next = 0;
        let mut terms: Vec<Postings> = found
            .iter()
            .map(|f| {
                let term = span(parts[f.part as usize].term(f.term));
                let surface = span(parts[f.surface.0 as usize].word(f.surface.1));
                next += f.docs;
                Postings { term, surface, start: next - f.docs, end: next - f.docs }
            })
            .collect();
        let mut postings = vec![(0, 0); next as usize];
        for (id, &i) in docs.iter().enumerate() {
            let (p, terms_in) = terms_of(i);
            for t in terms_in {
                let p = &mut terms[place[p as usize][t.term as usize] as usize - 1];
                postings[p.end as usize] = (id as u32, t.weight);
                p.end += 1;
            }
        }
        drop(parts);
        // Sorted by their first eight bytes, read as a number, then by the
        // rest: most terms differ there, so few comparisons read the texts.
        let mut keyed: Vec<(u64, Postings)> = terms.into_iter().map(|p| (prefix(p.term.of(&text)), p)).collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.term.bytes(&text).cmp(b.1.term.bytes(&text))));
        let terms: Vec<Postings> = keyed.into_iter().map(|(_, t)| t).collect();
        for p in &terms {
            let docs_of = &mut postings[p.start as usize..p.end as usize];
            let df = docs_of.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for (id, w) in docs_of {
                let tf = *w as f64;
                let length = entries[docs[*id as usize]].length as f64;
                let s = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average.max(1.0)));
                *w = ((s * 10.0).round() as u32).max(1);
            }
        }
        Index { text, docs, briefs, entries, terms, postings }
    }

    fn term(&self, p: &Postings) -> &str {
        p.term.of(&self.text)
    }

    fn surface(&self, p: &Postings) -> &str {
        p.surface.of(&self.text)
    }

    /// A term's (id, score) pairs.
    fn docs(&self, p: &Postings) -> &[(u32, u32)] {
        &self.postings[p.start as usize..p.end as usize]
    }

    /// The documents holding every term of `query`, best first: briefs,
    /// then by summed score, then by id. Returns `entries` indexes. The
    /// script ranks the same way.
    pub fn search(&self, query: &[String]) -> Vec<usize> {
        let mut found: Option<BTreeMap<u32, u32>> = None;
        for q in query {
            let Ok(at) = self.terms.binary_search_by(|p| self.term(p).cmp(q.as_str())) else {
                return Vec::new();
            };
            let p = &self.terms[at];
            let these: BTreeMap<u32, u32> = self.docs(p).iter().copied().collect();
            found = Some(match found {
                None => these,
                Some(f) => f.into_iter().filter_map(|(id, s)| these.get(&id).map(|t| (id, s + t))).collect(),
            });
        }
        let mut hits: Vec<(u32, u32)> = found.unwrap_or_default().into_iter().collect();
        let briefs = self.briefs as u32;
        hits.sort_by_key(|&(id, score)| (id >= briefs, std::cmp::Reverse(score), id));
        hits.into_iter().map(|(id, _)| self.docs[id as usize]).collect()
    }

    /// Every file of the index, under `<lang>/search/`.
    pub fn files(&self, lang: &str, plurals: &Plurals) -> Vec<OutFile> {
        let dir = crate::urls::search(lang);
        let file = |name: String, bytes: String| OutFile {
            path: PathBuf::from(format!("{dir}{name}")),
            bytes: bytes.into_bytes(),
        };
        let shards = self.shards();
        let mut out = vec![file("meta.json".into(), self.meta(&shards, plurals))];
        out.extend(shards.into_iter().enumerate().map(|(i, (_, json))| file(format!("t/{i}.json"), json)));
        for (j, chunk) in self.docs.chunks(PER_CHUNK).enumerate() {
            let details: Vec<&str> = chunk.iter().map(|&i| self.entries[i].detail.as_str()).collect();
            out.push(file(format!("d/{j}.json"), format!("[{}]", details.join(","))));
        }
        out
    }

    /// The shards: each one's first term and its JSON.
    fn shards(&self) -> Vec<(&str, String)> {
        let limit = self.shard_limit();
        let mut out = Vec::new();
        let (mut first, mut json) = (0, String::new());
        for (i, p) in self.terms.iter().enumerate() {
            if json.is_empty() {
                // A shard's own string, of about its size: a string of the
                // whole index, grown as it is written, costs a large site
                // more in memory the system must clear than the writing.
                json.reserve(limit + 256);
                json.push('{');
                first = i;
            } else {
                json.push(',');
            }
            push_term_json(&mut json, self.term(p), self.surface(p), self.docs(p));
            // `{` and the terms so far: closed once past the limit.
            if json.len() >= limit || i + 1 == self.terms.len() {
                json.push('}');
                out.push((self.term(&self.terms[first]), std::mem::take(&mut json)));
            }
        }
        out
    }

    /// [`shard_bytes`] of the terms' JSON. Measured only when a bound that
    /// needs no measuring, every byte of text escaped as `\u` and six
    /// bytes, leaves the index large enough to pass the least shard size.
    fn shard_limit(&self) -> usize {
        let (id, score) = self.postings.iter().fold((0, 0), |(i, s), &(id, score)| (id.max(i), score.max(s)));
        let len = |s: Span| (s.end - s.start) as usize;
        let strings: usize = self.terms.iter().map(|p| len(p.term) + len(p.surface)).sum();
        // `"term":["word"` and `]`, a comma, and `,id,score` per document.
        let bound = 6 * strings + 8 * self.terms.len() + (2 + digits(id) + digits(score)) * self.postings.len();
        if shard_bytes(bound) == SHARD_MIN {
            return SHARD_MIN;
        }
        shard_bytes(self.json_len())
    }

    /// The bytes of every term's JSON, with the commas between them.
    fn json_len(&self) -> usize {
        let terms = self.terms.iter().map(|p| term_json_len(self.term(p), self.surface(p), self.docs(p)));
        terms.sum::<usize>() + self.terms.len().saturating_sub(1)
    }

    fn meta(&self, shards: &[(&str, String)], plurals: &Plurals) -> String {
        let firsts: Vec<String> = shards.iter().map(|(t, _)| json_string(t)).collect();
        let pairs: Vec<String> =
            plurals.pairs().map(|(p, s)| format!("[{},{}]", json_string(p), json_string(s))).collect();
        format!(
            "{{\"v\":1,\"n\":{},\"b\":{},\"c\":{PER_CHUNK},\"s\":[{}],\"pl\":[{}]}}",
            self.docs.len(),
            self.briefs,
            firsts.join(","),
            pairs.join(",")
        )
    }
}

/// Whether word `a` = (part, number) is the better to show than word `b`,
/// by [`precedes`].
fn shorter(parts: &[RwLockReadGuard<Part>], a: (u32, u32), b: (u32, u32)) -> bool {
    if a.0 == b.0 {
        // One part: copies of a word met in several spellings share its text.
        return parts[a.0 as usize].shorter(a.1, b.1);
    }
    let word = |(p, w): (u32, u32)| {
        let part = &parts[p as usize];
        let word = &part.words[w as usize];
        (word.chars, word.written.bytes(&part.text))
    };
    precedes(word(a), word(b))
}

/// The first eight bytes of `text`, as a number that orders texts as
/// their bytes do (a shorter text's missing bytes read as zero, which no
/// letter is).
fn prefix(text: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = text.len().min(8);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// Writes a term's `"term":["word",id,score…]`, `word` being the
/// shortest word that became it.
fn push_term_json(out: &mut String, term: &str, word: &str, docs: &[(u32, u32)]) {
    let mut number = itoa::Buffer::new();
    push_json_string(out, term);
    out.push_str(":[");
    push_json_string(out, word);
    for (id, score) in docs {
        out.push(',');
        out.push_str(number.format(*id));
        out.push(',');
        out.push_str(number.format(*score));
    }
    out.push(']');
}

/// The digits of `n` in decimal.
fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The length of what [`push_term_json`] writes.
fn term_json_len(term: &str, word: &str, docs: &[(u32, u32)]) -> usize {
    let postings: usize = docs.iter().map(|&(id, score)| 2 + digits(id) + digits(score)).sum();
    json_string_len(term) + 2 + json_string_len(word) + postings + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_two_lexicons_met_is_one_term_with_the_shortest_word_of_both() {
        // Two lexicons, as two languages have (an Arabic brief quotes an
        // English name): each writes a part of its own.
        let vocab = Vocab::default();
        let stem = |w: &str, _: &str, out: &mut String| out.push_str(w.trim_end_matches('s'));
        let entry = |lexicon: &mut super::super::Lexicon, text: &str| {
            let mut r = super::super::Reader::new(lexicon, &vocab, &stem);
            r.text(text);
            let read = r.finish();
            Entry { part: read.part, terms: read.terms, length: read.length, detail: "{}".into(), brief: true }
        };
        let (mut one, mut two) = (super::super::Lexicon::default(), super::super::Lexicon::default());
        let entries = [entry(&mut one, "Attacks cells"), entry(&mut two, "cells attack"), entry(&mut one, "attacks")];
        assert_eq!((entries[0].part, entries[1].part, entries[2].part), (0, 1, 0));
        let index = Index::from_docs(&vocab, &entries, vec![0, 1, 2], 3);
        let terms: Vec<(&str, &str, usize)> =
            index.terms.iter().map(|p| (index.term(p), index.surface(p), index.docs(p).len())).collect();
        assert_eq!(terms, [("attack", "attack", 3), ("cell", "cells", 2)]);
        assert_eq!(index.search(&["cell".into(), "attack".into()]), [0, 1]);
        // A part gone from the vocabulary's list is read as no terms.
        let stray = Entry { part: 9, ..entries[0].clone() };
        assert!(Index::from_docs(&vocab, &[stray], vec![0], 1).terms.is_empty());
    }

    #[test]
    fn numbers_another_vocabulary_gave_are_no_terms_not_a_panic() {
        let entry = Entry {
            part: 0,
            terms: vec![super::super::TermCount { term: 7, weight: 1, word: 9 }],
            length: 1,
            detail: "{}".into(),
            brief: true,
        };
        let entries = [entry];
        let vocab = Vocab::default();
        let index = Index::from_docs(&vocab, &entries, vec![0], 1);
        assert!(index.terms.is_empty());
        assert!(index.search(&["x".to_string()]).is_empty());
    }

    #[test]
    fn a_language_with_no_documents_has_a_meta_file_and_no_shards() {
        let vocab = Vocab::default();
        let index = Index::from_docs(&vocab, &[], Vec::new(), 0);
        assert_eq!(index.shard_limit(), SHARD_MIN);
        let files = index.files("en", &Plurals::new([]));
        let names: Vec<String> = files.iter().map(|f| f.path.to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(names, ["en/search/meta.json"]);
        assert!(String::from_utf8_lossy(&files[0].bytes).contains("\"s\":[]"));
    }

    #[test]
    fn prefixes_order_texts_as_their_bytes_do() {
        let texts = ["", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgz", "b", "خلية", "خلي", "حساب", "z9"];
        for a in texts {
            for b in texts {
                let (pa, pb) = (prefix(a), prefix(b));
                assert!(pa < pb && a < b || pa > pb && a > b || pa == pb, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_term_is_as_long_as_measured() {
        let words = ["cells", "خلايا", "a\"b<c>&\n\u{2028}\u{1}", ""];
        for term in words {
            for surface in words {
                for docs in [vec![], vec![(0, 1)], vec![(9, 10), (99, 100), (4_294_967_295, 1_000_000)]] {
                    let mut json = String::new();
                    push_term_json(&mut json, term, surface, &docs);
                    assert_eq!(json.len(), term_json_len(term, surface, &docs), "{term:?} {surface:?} {docs:?}");
                }
            }
        }
    }

    #[test]
    fn shards_are_small_on_a_small_site_and_bounded_on_a_large_one() {
        assert_eq!(shard_bytes(0), SHARD_MIN);
        assert_eq!(shard_bytes(40_000), SHARD_MIN);
        assert_eq!(shard_bytes(1_000_000), 4_000);
        assert_eq!(shard_bytes(50_000_000), SHARD_MAX);
    }

    #[test]
    fn the_shard_size_is_the_measured_one_whether_measured_or_bounded() {
        let vocab = Vocab::default();
        let same = |w: &str, _: &str, out: &mut String| out.push_str(w);
        // Past the least size, between (measured, the bound being past it),
        // and under it.
        for (words, expected) in
            [(40_000, SHARD_MIN + 1..SHARD_MAX), (5_000, SHARD_MIN..SHARD_MIN + 1), (50, SHARD_MIN..SHARD_MIN + 1)]
        {
            let mut lexicon = super::super::Lexicon::default();
            let text: String = (0..words).map(|i| format!("w{i} ")).collect();
            let mut r = super::super::Reader::new(&mut lexicon, &vocab, &same);
            r.text(&text);
            let read = r.finish();
            let entry =
                Entry { part: read.part, terms: read.terms, length: read.length, detail: "{}".into(), brief: true };
            let entries = [entry];
            let index = Index::from_docs(&vocab, &entries, vec![0], 1);
            assert_eq!(index.terms.len(), words);
            let limit = index.shard_limit();
            assert_eq!(limit, shard_bytes(index.json_len()), "{words} words");
            assert!(expected.contains(&limit), "{words} words: {limit}");
        }
    }

    #[test]
    fn each_shard_passes_the_limit_only_by_its_last_term() {
        let (site, theme) = crate::build::testing::example();
        let bodies = crate::build::testing::bodies(&site, &theme);
        let entries = super::super::entries(&site, &site.docs, &bodies);
        for lang in ["ar", "en"] {
            let index = Index::new(&site, &entries, lang);
            let shards = index.shards();
            let total: usize = shards.iter().map(|(_, json)| json.len() - 1).sum();
            let limit = shard_bytes(total);
            assert_eq!(
                index.json_len() + 1,
                total,
                "{lang}: the terms' JSON as measured (the sum above counts a brace a shard)"
            );
            assert_eq!(index.shard_limit(), limit, "{lang}: the limit, measured or bounded");
            assert!(shards.len() > 4, "{lang}: {} shards", shards.len());
            let mut terms = 0;
            for (first, json) in &shards {
                let parsed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).expect("JSON");
                assert_eq!(parsed.keys().next().map(String::as_str), Some(*first), "{lang}: sorted, first term first");
                let last = json.rfind(",\"").map_or(0, |i| i + 1);
                assert!(last <= limit, "{lang}: the shard was past the limit before its last term");
                terms += parsed.len();
            }
            assert_eq!(terms, index.terms.len(), "{lang}: every term in one shard");
        }
    }
}
