//! The search index: every brief and page of a language, as terms.
//!
//! Takes the site and the rendered bodies; returns, per language, an index
//! split so that a reader's browser fetches only what a query needs (see
//! [`shards`]): a small `meta.json`, the shard of each query term, and the
//! details of the results it shows. Words become terms by [`analyse`],
//! which the theme's `static/search.js` repeats for the query.
//!
//! Each document's entry is made once, beside the rendering of its page,
//! each language's documents in order with that language's lexicon, and
//! kept by an incremental rebuild: only the language's shards are written
//! again from the entries.

pub mod analyse;
#[cfg(test)]
mod eval;
mod hash;
pub mod shards;
mod vocab;
mod words;

use crate::escape::push_json_string;
use crate::markdown::Rendered;
use crate::outfile::OutFile;
use crate::site::{Site, doc_url};
use rayon::prelude::*;
use std::sync::{Arc, Mutex};
pub use vocab::Vocab;
use words::{Lexicon, Read, Reader};

/// One document as the index sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// The part of the site's [`Vocab`] whose numbers `terms` holds.
    pub part: u32,
    /// Its terms, each once.
    pub terms: Vec<TermCount>,
    /// The sum of the weights: the document's length for ranking.
    pub length: u32,
    /// What a result shows, as a JSON object (see [`shards`]).
    pub detail: String,
    /// A brief, ranked above plain pages.
    pub brief: bool,
}

/// A term of a document, how much of the document it is, and the shortest
/// word that became it there: what a "did you mean" shows. Both by their
/// number in a part of the site's [`Vocab`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TermCount {
    pub term: u32,
    /// Occurrences, weighted by where they are: a title counts most.
    pub weight: u32,
    pub word: u32,
}

/// How much an occurrence counts, by field.
const TITLE: u32 = 4;
const SUMMARY: u32 = 2;
const LABELS: u32 = 2;
const BODY: u32 = 1;

/// The entry of each of `docs`, whose bodies are `bodies`: `entries[i]`
/// is the entry of `docs[i]`. Each language's documents are read in order
/// with the language's lexicon, the languages in parallel: a word is then
/// analysed once a build, not once on each thread that meets it (on the
/// example site, two threads each met some 3,700 words first, most of
/// them the other's too).
pub fn entries(site: &Site, docs: &[crate::content::Doc], bodies: &[Rendered]) -> Vec<Entry> {
    let mut langs: Vec<&str> = docs.iter().map(|d| d.src.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    let n = docs.len().min(bodies.len());
    let read: Vec<Vec<(usize, Entry)>> = langs
        .par_iter()
        .map(|&lang| {
            let mine: Vec<usize> = (0..n).filter(|&i| docs[i].src.lang == lang).collect();
            let lexicon = site.search_words.lexicon(lang);
            let mut lexicon = lexicon.lock().unwrap_or_else(|e| e.into_inner());
            mine.into_iter().map(|i| (i, entry_in(site, &docs[i], &bodies[i], &mut lexicon))).collect()
        })
        .collect();
    let mut out = vec![Entry::default(); n];
    for (i, e) in read.into_iter().flatten() {
        out[i] = e;
    }
    out
}

/// Bench only: `MUJAZ_BENCH_NO_SEARCH=1` makes empty entries and no index
/// files, so that a benchmark can time a build without the search
/// (BENCHMARKS.md). The pages still link to a search that is not there.
static BENCH_OFF: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("MUJAZ_BENCH_NO_SEARCH").is_some_and(|v| v == "1"));

/// The CPU time the search takes, entries and index files, summed over
/// threads: measured while `MUJAZ_TIMINGS` is set, which prints it with the
/// build's.
pub static CPU: crate::cputime::Meter = crate::cputime::Meter::new();

/// The index files of each language in `langs`, from the entries.
pub fn indexes(site: &Site, entries: &[Entry], langs: &[&str]) -> Vec<OutFile> {
    if *BENCH_OFF {
        return Vec::new();
    }
    let plurals = &site.config.search_plurals;
    let langs: Vec<&str> =
        site.config.languages.iter().map(|l| l.code.as_str()).filter(|code| langs.contains(code)).collect();
    langs
        .par_iter()
        .flat_map_iter(|code| CPU.measure(|| shards::Index::new(site, entries, code).files(code, plurals)))
        .collect()
}

/// What makes a term of a word, given folded and as written, at the end of
/// an empty string: [`analyse::term_into`] in a build, others when the
/// tests compare analyses.
type Analyser<'a> = &'a dyn Fn(&str, &str, &mut String);

/// One document's entry, read with its language's lexicon.
pub fn entry(site: &Site, doc: &crate::content::Doc, body: &Rendered) -> Entry {
    let lexicon = site.search_words.lexicon(&doc.src.lang);
    let mut lexicon = lexicon.lock().unwrap_or_else(|e| e.into_inner());
    entry_in(site, doc, body, &mut lexicon)
}

/// One document's entry, read with `lexicon`.
fn entry_in(site: &Site, doc: &crate::content::Doc, body: &Rendered, lexicon: &mut Lexicon) -> Entry {
    if *BENCH_OFF {
        return Entry::default();
    }
    let plurals = &site.config.search_plurals;
    CPU.measure(|| {
        lexicon.keep_for(&site.search_words.vocab, plurals.id());
        entry_with(site, doc, body, lexicon, &|folded, _, out| analyse::term_into(folded, plurals, out))
    })
}

/// The words of a site's search entries: the vocabulary their numbers
/// are of, and a lexicon for each language, which its documents are read
/// with one at a time.
#[derive(Default)]
pub struct Words {
    pub vocab: Vocab,
    lexicons: Mutex<Vec<(Box<str>, Shared)>>,
}

/// A language's lexicon, which the tasks reading its documents take turns at.
type Shared = Arc<Mutex<Lexicon>>;

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words").field("vocab", &self.vocab).finish_non_exhaustive()
    }
}

impl Words {
    /// The words of a site of `text` bytes of words.
    pub fn for_text(text: usize) -> Self {
        Words { vocab: Vocab::for_text(text), lexicons: Mutex::default() }
    }

    /// Words with room for `expected` different ones (see [`Vocab::sized`]).
    pub fn sized(expected: usize) -> Self {
        Words { vocab: Vocab::sized(expected), lexicons: Mutex::default() }
    }

    /// The lexicon of language `lang`, made when first asked for.
    fn lexicon(&self, lang: &str) -> Shared {
        let mut lexicons = self.lexicons.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, l)) = lexicons.iter().find(|(code, _)| &**code == lang) {
            return Arc::clone(l);
        }
        let l = Arc::new(Mutex::new(Lexicon::default()));
        lexicons.push((lang.into(), Arc::clone(&l)));
        l
    }
}

fn entry_with(
    site: &Site,
    doc: &crate::content::Doc,
    body: &Rendered,
    lexicon: &mut Lexicon,
    analyser: Analyser,
) -> Entry {
    let lang = &doc.src.lang;
    let m = &doc.meta;
    let summary = m.summary.as_deref().unwrap_or("");
    let mut r = Reader::new(lexicon, &site.search_words.vocab, analyser);
    r.weight = TITLE;
    r.text(&m.title);
    r.weight = SUMMARY;
    r.text(summary);
    r.weight = LABELS;
    // `[[label,url]…]`, the topics a result shows.
    let mut topics = String::from("[");
    for (tax, key) in m.all_terms() {
        if let Some(t) = site.config.terms(tax).term(key) {
            let label = t.label.get(lang);
            r.text(label);
            if tax == crate::config::Tax::Topics {
                let url = crate::urls::term(lang, tax, key);
                if topics.len() > 1 {
                    topics.push(',');
                }
                topics.push('[');
                push_json_string(&mut topics, label);
                topics.push(',');
                push_json_string(&mut topics, local(&url, lang));
                topics.push(']');
            }
        }
    }
    topics.push(']');
    r.weight = BODY;
    for a in &m.authors {
        r.text(a);
    }
    r.html(&body.html);
    let Read { part, terms, length } = r.finish();
    let url = doc_url(doc);
    let date = match (m.date.get(), site.config.language(lang)) {
        (Some(d), Some(l)) => site.config.locale(l).date(d),
        _ => String::new(),
    };
    let brief = doc.src.section == crate::content::Section::Briefs;
    let mut detail = String::with_capacity(64 + m.title.len() + url.len() + summary.len() + topics.len());
    for (key, value) in
        [("{\"t\":", &*m.title), (",\"u\":", local(&url, lang)), (",\"s\":", summary), (",\"d\":", &date)]
    {
        detail.push_str(key);
        push_json_string(&mut detail, value);
    }
    detail.push_str(",\"p\":");
    detail.push_str(&topics);
    detail.push_str(if brief { ",\"k\":\"b\"}" } else { ",\"k\":\"p\"}" });
    Entry { part, terms, length, detail, brief }
}

/// A URL relative to its language's folder.
fn local<'a>(url: &'a str, lang: &str) -> &'a str {
    url.strip_prefix(lang).and_then(|u| u.strip_prefix('/')).unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::testing::xorshift;
    use analyse::Plurals;
    use std::collections::BTreeMap;

    /// (term, weight, word shown) of each term read, in term order.
    pub(super) fn named(vocab: &Vocab, read: Read) -> Vec<(String, u32, String)> {
        let part = &vocab.parts()[read.part as usize];
        let part = part.read().unwrap();
        let mut named: Vec<_> = read
            .terms
            .into_iter()
            .map(|t| (part.term(t.term).to_string(), t.weight, part.word(t.word).to_string()))
            .collect();
        named.sort();
        named
    }

    /// (term, weight) of each term read, in term order.
    pub(super) fn weighed(vocab: &Vocab, read: Read) -> Vec<(String, u32)> {
        named(vocab, read).into_iter().map(|(t, w, _)| (t, w)).collect()
    }

    fn read(text: &str, html: &str) -> Vec<(String, u32, String)> {
        let plurals = Plurals::new([]);
        let (mut lexicon, vocab) = (Lexicon::default(), Vocab::default());
        let analyser = |w: &str, _: &str, out: &mut String| analyse::term_into(w, &plurals, out);
        let mut r = Reader::new(&mut lexicon, &vocab, &analyser);
        r.text(text);
        r.html(html);
        named(&vocab, r.finish())
    }

    #[test]
    fn the_reading_finds_the_words_fold_finds() {
        // Texts mixing letters that fold to themselves with ones that do
        // not (capitals, hamza forms, ta marbuta, tatweel, diacritics,
        // Arabic-Indic digits, Latin accents) and word breaks (ASCII and
        // Arabic punctuation, no-break space, a mark): the words counted
        // are those of `fold` cut at non-word characters, whatever words
        // the lexicon already holds.
        const ALPHABET: &[char] = &[
            'a', 'z', 'Z', '1', ' ', ',', '-', '\'', 'ا', 'ب', 'ء', 'ئ', 'أ', 'إ', 'آ', 'ة', 'ى', 'ي', 'ـ', '\u{064E}',
            '٣', '،', '؟', 'é', 'İ', 'ß', '\u{200F}', '\u{00A0}', '\u{06F5}', 'ڤ', '\n', '\t', '\r', '<', '&', ';',
        ];
        let (mut lexicon, vocab) = (Lexicon::default(), Vocab::default());
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            xorshift(&mut seed);
            for k in 0..(seed % 24) {
                text.push(ALPHABET[((seed >> (k % 40)) as usize + k as usize * 7) % ALPHABET.len()]);
            }
            // As it is, and four times over: tokens too long to be looked
            // up whole are read run by run.
            for text in [text.clone(), text.repeat(4)] {
                let mut r = Reader::new(&mut lexicon, &vocab, &|folded, _, out| out.push_str(folded));
                r.text(&text);
                let got = weighed(&vocab, r.finish());
                let mut want: BTreeMap<String, u32> = BTreeMap::new();
                let folded = analyse::fold(&text);
                for w in folded.split(|c: char| !analyse::is_word_char(c)).filter(|w| w.chars().count() >= 2) {
                    *want.entry(w.to_string()).or_default() += 1;
                }
                assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{text:?}");
            }
        }
    }

    /// The text a reader sees in `html`, each tag, chart and entity read
    /// as a break: what the index must find the words of.
    fn visible(html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(c) = rest.chars().next() {
            let skip = if rest.starts_with("<svg") {
                rest.find("</svg>").map_or(rest.len(), |e| e + 6)
            } else if c == '<' {
                rest.find('>').map_or(rest.len(), |e| e + 1)
            } else if c == '&' {
                let name: String = rest[1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
                if !name.is_empty() && name.len() < 8 && rest[1 + name.len()..].starts_with(';') {
                    name.len() + 2
                } else {
                    1
                }
            } else {
                out.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            };
            out.push(' ');
            rest = &rest[skip..];
        }
        out
    }

    #[test]
    fn the_html_reading_finds_the_words_of_the_visible_text() {
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<b>",
            "<svg><text>Hidden</text></svg>",
            "&amp;",
            "&#39;",
            "&",
            ";",
            " ",
            "\n",
            "\t",
            "attack",
            "Cells",
            "خلايا",
            "الخَلِيَّة",
            "،",
            "a",
            "b",
            "amp",
            "<a href=\"x y\">",
            "</a>",
            "\u{00A0}",
        ];
        let (mut lexicon, vocab) = (Lexicon::default(), Vocab::default());
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..3000 {
            let mut html = String::new();
            xorshift(&mut seed);
            for k in 0..(seed % 40) {
                html.push_str(PIECES[((seed >> (k % 50)) as usize + k as usize * 5) % PIECES.len()]);
            }
            let mut r = Reader::new(&mut lexicon, &vocab, &|folded, _, out| out.push_str(folded));
            r.html(&html);
            let got = weighed(&vocab, r.finish());
            let mut want: BTreeMap<String, u32> = BTreeMap::new();
            let folded = analyse::fold(&visible(&html));
            for w in folded.split(|c: char| !analyse::is_word_char(c)).filter(|w| w.chars().count() >= 2) {
                *want.entry(w.to_string()).or_default() += 1;
            }
            assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{html:?}");
        }
    }

    #[test]
    fn words_are_counted_by_term_and_skip_markup() {
        let got =
            read("Attacks, the 2 \"a\" AT&T", "<p>attacked <b>Deir</b></p><svg><text>Hidden</text></svg> a&amp;b");
        let terms: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(terms, ["at", "attack", "deir", "the"]);
        assert_eq!(got[1], ("attack".into(), 2, "Attacks".into()));
    }

    #[test]
    fn each_word_is_read_once_a_build_into_its_language_s_part() {
        // On four threads, as on a larger machine: were each thread to keep
        // its own words, a word would be analysed and numbered in the part
        // of every thread that met it.
        let (site, theme) = crate::build::testing::example();
        let bodies = crate::build::testing::bodies(&site, &theme);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let entries = pool.install(|| entries(&site, &site.docs, &bodies));
        assert_eq!(site.search_words.vocab.parts().len(), 2, "one part for each language");
        for (doc, e) in site.docs.iter().zip(&entries) {
            let mine = entries.iter().zip(&site.docs).find(|(_, d)| d.src.lang == doc.src.lang).unwrap().0.part;
            assert_eq!(e.part, mine, "{}: read into its language's part", doc.src.slug);
            assert!(!e.terms.is_empty(), "{}", doc.src.slug);
        }
        // A rebuild of one document (`mujaz serve`) reads it with the same
        // lexicon: no new part, the same entry.
        let again = entry(&site, &site.docs[0], &bodies[0]);
        assert_eq!(again, entries[0]);
        assert_eq!(site.search_words.vocab.parts().len(), 2);
    }

    #[test]
    fn the_shortest_spelling_is_kept_without_diacritics() {
        let got = read("بالخلايا، والخَلِيَّة، خلايا", "");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, 3);
        assert_eq!(got[0].2, "خلايا");
    }
}
