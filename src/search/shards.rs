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
//! Shards are cut where they pass [`SHARD_BYTES`], so they grow in number,
//! not in size, with the site. The bytes depend only on the entries.

use super::Entry;
use super::analyse::Plurals;
use crate::escape::json_string;
use crate::outfile::OutFile;
use crate::site::Site;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// A shard is closed once it passes this many bytes.
pub const SHARD_BYTES: usize = 8 * 1024;

/// Documents per details file.
pub const PER_CHUNK: usize = 4;

/// BM25's parameters: how fast repeats stop counting, how much length does.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A term's documents, as (id, score), by id.
#[derive(Debug, Default)]
struct Postings<'a> {
    surface: &'a str,
    docs: Vec<(u32, u32)>,
}

/// One language's index in memory.
pub struct Index<'a> {
    /// `entries` indexes of the documents, by id.
    docs: Vec<usize>,
    briefs: usize,
    entries: &'a [Entry],
    /// Every term with its postings, in code point order.
    terms: Vec<(&'a str, Postings<'a>)>,
}

impl<'a> Index<'a> {
    /// The index of `lang`'s documents; `entries[i]` is the entry of `site.docs[i]`.
    pub fn new(site: &Site, entries: &'a [Entry], lang: &str) -> Self {
        let mut docs: Vec<usize> = site.brief_indexes(lang).to_vec();
        let briefs = docs.len();
        docs.extend(
            (0..site.docs.len()).filter(|&i| site.docs[i].src.lang == lang && !entries.get(i).is_some_and(|e| e.brief)),
        );
        docs.retain(|&i| i < entries.len());
        Self::from_docs(entries, docs, briefs)
    }

    /// The index of `docs` (indexes into `entries`, in id order), the
    /// first `briefs` of them briefs.
    pub fn from_docs(entries: &'a [Entry], docs: Vec<usize>, briefs: usize) -> Self {
        let n = docs.len() as f64;
        let average = docs.iter().map(|&i| entries[i].length as f64).sum::<f64>() / n.max(1.0);
        // Gathered in a hash map, then sorted once: a site of 2,500 briefs
        // has some 750,000 (document, term) pairs, and a sorted map would
        // compare strings for each.
        let mut terms: HashMap<&str, Postings, ahash::RandomState> =
            HashMap::with_capacity_and_hasher(4096, ahash::RandomState::with_seeds(1, 2, 3, 4));
        for (id, &i) in docs.iter().enumerate() {
            for t in &entries[i].terms {
                let p = terms.entry(&*t.term).or_default();
                if p.surface.is_empty() || super::words::shorter(&t.surface, p.surface) {
                    p.surface = &t.surface;
                }
                p.docs.push((id as u32, t.weight));
            }
        }
        let mut terms: Vec<(&str, Postings)> = terms.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (_, p) in &mut terms {
            let df = p.docs.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for (id, w) in &mut p.docs {
                let tf = *w as f64;
                let length = entries[docs[*id as usize]].length as f64;
                let s = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average.max(1.0)));
                *w = ((s * 10.0).round() as u32).max(1);
            }
        }
        Index { docs, briefs, entries, terms }
    }

    /// The documents holding every term of `query`, best first: briefs,
    /// then by summed score, then by id. Returns `entries` indexes. The
    /// script ranks the same way.
    pub fn search(&self, query: &[String]) -> Vec<usize> {
        let mut found: Option<BTreeMap<u32, u32>> = None;
        for q in query {
            let Ok(at) = self.terms.binary_search_by(|(t, _)| (*t).cmp(q.as_str())) else { return Vec::new() };
            let p = &self.terms[at].1;
            let these: BTreeMap<u32, u32> = p.docs.iter().copied().collect();
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
        let mut out: Vec<(&str, String)> = Vec::new();
        let mut open: Option<(&str, String)> = None;
        let mut number = itoa::Buffer::new();
        for (term, p) in &self.terms {
            let (_, json) = open.get_or_insert_with(|| (term, String::from("{")));
            if json.len() > 1 {
                json.push(',');
            }
            json.push_str(&json_string(term));
            json.push_str(":[");
            json.push_str(&json_string(p.surface));
            for (id, score) in &p.docs {
                json.push(',');
                json.push_str(number.format(*id));
                json.push(',');
                json.push_str(number.format(*score));
            }
            json.push(']');
            if json.len() >= SHARD_BYTES {
                let (first, mut json) = open.take().expect("open");
                json.push('}');
                out.push((first, json));
            }
        }
        if let Some((first, mut json)) = open {
            json.push('}');
            out.push((first, json));
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
