//! How well the search finds what readers type: recall and precision over
//! the query set in `tests/data/search/queries.yaml`, on the example site,
//! for mujaz's analysis and for the ones it was chosen against.
//!
//! - *recall*: the share of queries whose brief is among the results;
//! - *precision*: the share whose first result is that brief, or one the
//!   query set allows (`also`).
//!
//! `cargo test --lib search::eval -- --nocapture` prints the table that
//! BENCHMARKS.md quotes.

use super::analyse::{self, Plurals};
use super::shards::Index;
use super::{Entry, Lexicon, Reader, entry_with};
use crate::content::Doc;
use rust_stemmers::{Algorithm, Stemmer};

#[derive(serde::Deserialize)]
struct Queries {
    queries: Vec<Query>,
}

#[derive(serde::Deserialize)]
struct Query {
    lang: String,
    q: String,
    expect: String,
    #[serde(default)]
    also: Vec<String>,
}

/// Recall and precision of one analysis, per language, and its misses.
#[derive(Debug, Default)]
struct Score {
    queries: [usize; 2],
    found: [usize; 2],
    first: [usize; 2],
    misses: Vec<String>,
}

impl Score {
    fn recall(&self, l: usize) -> f64 {
        self.found[l] as f64 / self.queries[l] as f64
    }
    fn precision(&self, l: usize) -> f64 {
        self.first[l] as f64 / self.queries[l] as f64
    }
}

fn queries() -> Vec<Query> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/search/queries.yaml");
    let text = std::fs::read_to_string(path).expect("queries.yaml");
    let tree = crate::yaml::parse(&text).expect("queries.yaml parses");
    crate::yaml::from_value::<Queries>(tree).expect("queries.yaml reads").queries
}

/// Runs the query set with `analyser` making the terms of the example
/// site and of each query.
fn evaluate(analysis: &dyn Fn(&str, &str) -> String) -> Score {
    let analyser = &|folded: &str, written: &str, out: &mut String| out.push_str(&analysis(folded, written));
    let (site, theme) = crate::build::testing::example();
    let bodies = crate::build::testing::bodies(&site, &theme);
    let mut lexicon = Lexicon::default();
    let entries: Vec<Entry> =
        site.docs.iter().zip(&bodies).map(|(doc, body)| entry_with(&site, doc, body, &mut lexicon, analyser)).collect();
    let mut score = Score::default();
    for q in queries() {
        let l = usize::from(q.lang == "en");
        let mut r = Reader::new(&mut lexicon, &site.search_words.vocab, analyser);
        r.text(&q.q);
        let terms: Vec<String> =
            super::tests::weighed(&site.search_words.vocab, r.finish()).into_iter().map(|(t, _)| t).collect();
        let index = Index::new(&site, &entries, &q.lang);
        let hits: Vec<&Doc> = index.search(&terms).into_iter().map(|i| &site.docs[i]).collect();
        score.queries[l] += 1;
        if hits.iter().any(|d| d.src.slug == q.expect) {
            score.found[l] += 1;
        } else {
            score.misses.push(format!("{} {}", q.lang, q.q));
        }
        if hits.first().is_some_and(|d| d.src.slug == q.expect || q.also.contains(&d.src.slug)) {
            score.first[l] += 1;
        }
    }
    score
}

/// Folded words as they are: what mujaz indexed before stemming.
fn folded_only(folded: &str, _: &str) -> String {
    folded.to_string()
}

fn light(folded: &str, _: &str) -> String {
    thread_local!(static PLURALS: Plurals = Plurals::new([]));
    PLURALS.with(|p| analyse::term(folded, p))
}

fn light_without_plurals(folded: &str, _: &str) -> String {
    analyse::term(folded, &Plurals::default())
}

/// Snowball's Arabic and English stemmers (what Pagefind uses), on the
/// word as written, lowercased, then folded like the rest.
fn snowball(folded: &str, written: &str) -> String {
    thread_local!(static STEMMERS: (Stemmer, Stemmer) = (Stemmer::create(Algorithm::Arabic), Stemmer::create(Algorithm::English)));
    STEMMERS.with(|(ar, en)| {
        let lower = written.to_lowercase();
        match folded.chars().next() {
            Some(c) if ('\u{0621}'..='\u{064A}').contains(&c) => analyse::fold(&ar.stem(&lower)),
            Some(c) if c.is_ascii_lowercase() => en.stem(&lower).into_owned(),
            _ => folded.to_string(),
        }
    })
}

type Named = (&'static str, fn(&str, &str) -> String);

const ANALYSES: &[Named] = &[
    ("folded words only (before)", folded_only),
    ("Snowball Arabic + English", snowball),
    ("light, without broken plurals", light_without_plurals),
    ("light + broken plurals (mujaz)", light),
];

#[test]
fn the_analysis_finds_what_readers_type() {
    let mut table = String::from(
        "| analysis | Arabic recall | Arabic precision@1 | English recall | English precision@1 |\n| --- | --- | --- | --- | --- |\n",
    );
    let mut ours = None;
    for (name, analyser) in ANALYSES {
        let s = evaluate(analyser);
        table.push_str(&format!(
            "| {name} | {}/{} ({:.0} %) | {:.0} % | {}/{} ({:.0} %) | {:.0} % |\n",
            s.found[0],
            s.queries[0],
            100.0 * s.recall(0),
            100.0 * s.precision(0),
            s.found[1],
            s.queries[1],
            100.0 * s.recall(1),
            100.0 * s.precision(1),
        ));
        println!("{name}: misses {:?}", s.misses);
        ours = Some(s);
    }
    println!("{table}");
    let ours = ours.expect("mujaz's analysis");
    assert!(ours.queries[0] >= 40 && ours.queries[1] >= 20, "the query set has {:?} queries", ours.queries);
    // Thresholds a little under what was measured (BENCHMARKS.md).
    assert!(ours.recall(0) >= 0.9, "Arabic recall {:.2}: {:?}", ours.recall(0), ours.misses);
    assert!(ours.recall(1) >= 0.9, "English recall {:.2}: {:?}", ours.recall(1), ours.misses);
    assert!(ours.precision(0) >= 0.8, "Arabic precision {:.2}", ours.precision(0));
    assert!(ours.precision(1) >= 0.8, "English precision {:.2}", ours.precision(1));
}

/// What the index costs a build: making every entry (in parallel, as the
/// build does beside rendering) and cutting the shards, on the site at
/// `MUJAZ_SEARCH_ROOT` (a generated corpus). Medians of five; compare with
/// the whole build's wall time. Run by bench/search_cost.sh:
/// `MUJAZ_SEARCH_ROOT=DIR cargo test --release --lib search::eval::cost -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, on a corpus given by MUJAZ_SEARCH_ROOT"]
fn cost() {
    let Some(root) = std::env::var_os("MUJAZ_SEARCH_ROOT") else { return };
    let (site, theme) = crate::build::testing::site_at(std::path::Path::new(&root));
    let t = std::time::Instant::now();
    let bodies = crate::build::testing::bodies(&site, &theme);
    let render_ms = t.elapsed().as_secs_f64() * 1000.0;
    let langs: Vec<&str> = site.config.languages.iter().map(|l| l.code.as_str()).collect();
    let mut entries_ms = Vec::new();
    let mut shards_ms = Vec::new();
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let entries = super::entries(&site, &site.docs, &bodies);
        entries_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = std::time::Instant::now();
        let files = super::indexes(&site, &entries, &langs);
        shards_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(!files.is_empty());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{} documents: Markdown and charts {render_ms:.0} ms (once); entries {:.0} ms, shards {:.0} ms (medians of 5)",
        site.docs.len(),
        median(&mut entries_ms),
        median(&mut shards_ms)
    );
}
