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
use super::vocab::Names;
use super::{Entry, Vocab};
use crate::escape::{json_string, json_string_len, push_json_string};
use crate::outfile::OutFile;
use crate::site::Site;
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

/// A term's documents, as (id, score), by id.
#[derive(Debug, Default)]
struct Postings {
    /// The number of the shortest word that became the term.
    surface: u32,
    /// Where its (id, score) pairs are in `Index::postings`.
    start: u32,
    end: u32,
}

/// One language's index in memory.
pub struct Index<'a> {
    /// The texts of the entries' numbers, read while the index lives: no
    /// entry can be made meanwhile (indexes are made once every entry is).
    names: RwLockReadGuard<'a, Names>,
    /// `entries` indexes of the documents, by id.
    docs: Vec<usize>,
    briefs: usize,
    entries: &'a [Entry],
    /// Every term, by number, with its postings, in code point order.
    terms: Vec<(u32, Postings)>,
    /// The (id, score) pairs of every term, a term's together and by id.
    postings: Vec<(u32, u32)>,
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
        Self::from_docs(&site.search_words, entries, docs, briefs)
    }

    /// The index of `docs` (indexes into `entries`, in id order), the
    /// first `briefs` of them briefs; the entries' numbers are `vocab`'s.
    pub fn from_docs(vocab: &'a Vocab, entries: &'a [Entry], docs: Vec<usize>, briefs: usize) -> Self {
        let n = docs.len() as f64;
        let average = docs.iter().map(|&i| entries[i].length as f64).sum::<f64>() / n.max(1.0);
        // Gathered by term number, then sorted once by text: a site of
        // 2,500 briefs has some 750,000 (document, term) pairs. They are
        // counted first, so that each term's pairs go in one array, in place.
        let names = vocab.names();
        // Term number → 1 + its place in `found`, or 0; numbers from another
        // vocabulary are never met, and read as no term.
        let (terms, words) = (names.terms(), names.words());
        let mut place = vec![0u32; terms];
        let valid = |t: &super::TermCount| (t.term as usize) < terms && (t.word as usize) < words;
        // Each term's number, the number of its shortest word, its documents.
        let mut found: Vec<(u32, Postings)> = Vec::new();
        for &i in &docs {
            for t in entries[i].terms.iter().filter(|t| valid(t)) {
                let at = &mut place[t.term as usize];
                if *at == 0 {
                    found.push((t.term, Postings { surface: t.word, start: 0, end: 0 }));
                    *at = found.len() as u32;
                }
                let p = &mut found[*at as usize - 1].1;
                if names.shorter(t.word, p.surface) {
                    p.surface = t.word;
                }
                p.end += 1;
            }
        }
        let mut next = 0;
        for (_, p) in &mut found {
            (p.start, p.end, next) = (next, next, next + p.end);
        }
        let mut postings = vec![(0, 0); next as usize];
        for (id, &i) in docs.iter().enumerate() {
            for t in entries[i].terms.iter().filter(|t| valid(t)) {
                let p = &mut found[place[t.term as usize] as usize - 1].1;
                postings[p.end as usize] = (id as u32, t.weight);
                p.end += 1;
            }
        }
        // Sorted by their first eight bytes, read as a number, then by the
        // rest: most terms differ there, so few comparisons read the texts.
        let mut keyed: Vec<(u64, (u32, Postings))> =
            found.into_iter().map(|(term, p)| (prefix(names.term(term)), (term, p))).collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| names.term(a.1.0).cmp(names.term(b.1.0))));
        let terms: Vec<(u32, Postings)> = keyed.into_iter().map(|(_, t)| t).collect();
        for (_, p) in &terms {
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
        Index { names, docs, briefs, entries, terms, postings }
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
            let Ok(at) = self.terms.binary_search_by(|(t, _)| self.names.term(*t).cmp(q.as_str())) else {
                return Vec::new();
            };
            let p = &self.terms[at].1;
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
        // Each term's `"term":[…]` is measured first, so that each shard is
        // written into a string of its own size: a string of the whole
        // index, grown as it is written, costs a large site more in memory
        // the system must clear than the writing itself.
        let names = &self.names;
        let sizes: Vec<usize> = self
            .terms
            .iter()
            .map(|(t, p)| term_json_len(names.term(*t), names.word(p.surface), self.docs(p)))
            .collect();
        let total = sizes.iter().sum::<usize>() + sizes.len().saturating_sub(1);
        let limit = shard_bytes(total);
        let mut out = Vec::new();
        let (mut first, mut bytes) = (0, 0);
        for (i, &size) in sizes.iter().enumerate() {
            // `{` and the terms so far, comma-separated: closed once past the limit.
            bytes += size + usize::from(i > first);
            if 1 + bytes >= limit || i + 1 == sizes.len() {
                let mut json = String::with_capacity(bytes + 2);
                json.push('{');
                for (k, (term, p)) in self.terms[first..=i].iter().enumerate() {
                    if k > 0 {
                        json.push(',');
                    }
                    push_term_json(&mut json, names.term(*term), names.word(p.surface), self.docs(p));
                }
                json.push('}');
                out.push((names.term(self.terms[first].0), json));
                (first, bytes) = (i + 1, 0);
            }
        }
        out
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

/// The length of what [`push_term_json`] writes.
fn term_json_len(term: &str, word: &str, docs: &[(u32, u32)]) -> usize {
    let digits = |n: u32| n.checked_ilog10().map_or(1, |d| d as usize + 1);
    let postings: usize = docs.iter().map(|&(id, score)| 2 + digits(id) + digits(score)).sum();
    json_string_len(term) + 2 + json_string_len(word) + postings + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_another_vocabulary_gave_are_no_terms_not_a_panic() {
        let entry = Entry {
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
    fn each_shard_passes_the_limit_only_by_its_last_term() {
        let (site, theme) = crate::build::testing::example();
        let urls = site
            .docs
            .iter()
            .map(|d| (crate::markdown::normalize_path(&d.src.fs_path), crate::site::doc_url(d)))
            .collect();
        let data = crate::chart::DataStore::new();
        let env = crate::bodies::Env { site: &site, theme: Some(&theme), urls: &urls, data: &data };
        let (bodies, _) = env.render_all();
        let entries = super::super::entries(&site, &bodies);
        for lang in ["ar", "en"] {
            let index = Index::new(&site, &entries, lang);
            let shards = index.shards();
            let total: usize = shards.iter().map(|(_, json)| json.len() - 1).sum();
            let limit = shard_bytes(total);
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
