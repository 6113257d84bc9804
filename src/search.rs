//! The search index: every brief and page of a language, as folded words.
//!
//! Takes the site and the rendered bodies; returns one small JSON file per
//! language that the theme's script loads on the first search. Text is
//! folded so that a reader finds a brief however a word is spelt: Latin
//! letters lowercased; Arabic diacritics and tatweel dropped; أ إ آ ٱ read
//! as ا, ة as ه, ى as ي; Arabic-Indic digits as Latin ones. The script
//! folds the query by the same rules (see `static/search.js`), so each
//! document needs only its distinct words, not its full text.

use crate::markdown::Rendered;
use crate::render::{OutFile, json_string};
use crate::site::{Site, doc_url};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;

/// Folds text for matching: see the module's documentation.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_into(c, &mut out);
    }
    out
}

/// Folds one character onto `out`.
fn fold_into(c: char, out: &mut String) {
    match c {
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ة' => out.push('ه'),
        'ى' => out.push('ي'),
        '٠'..='٩' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '۰'..='۹' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        // Arabic has no case: the rest of its block stays as it is.
        '\u{0600}'..='\u{06FF}' => out.push(c),
        c => out.extend(c.to_lowercase()),
    }
}

/// Whether `c` belongs to a word: a quick answer for ASCII and Arabic letters.
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | '0'..='9' => true,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphanumeric(),
    }
}

/// The distinct folded words of a text of two letters or more, in order of
/// first appearance, separated by spaces.
pub fn words(text: &str) -> String {
    let folded = fold(text);
    let mut seen = HashSet::with_capacity(512);
    let mut out = String::with_capacity(folded.len() / 2);
    for w in folded.split(|c: char| !is_word_char(c)) {
        if w.chars().nth(1).is_some() && seen.insert(w) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// The visible text of rendered HTML, without tags and without charts' SVG,
/// the entities HTML needs read back.
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            let entity = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\'')]
                .into_iter()
                .find(|(e, _)| rest.starts_with(e));
            let (len, c) = entity.map_or((1, '&'), |(e, c)| (e.len(), c));
            out.push(c);
            rest = &rest[len..];
            continue;
        }
        out.push(' ');
        let skip_to =
            if rest.starts_with("<svg") { rest.find("</svg>").map(|e| e + 6) } else { rest.find('>').map(|e| e + 1) };
        rest = &rest[skip_to.unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// Every document's entry in the index, made in parallel; `entries[i]`
/// is the entry of `site.docs[i]`.
pub fn entries(site: &Site, bodies: &[Rendered]) -> Vec<String> {
    site.docs.par_iter().zip(bodies).map(|(doc, body)| entry(site, doc, body)).collect()
}

/// The index of each language in `langs`, from the entries.
pub fn indexes(site: &Site, entries: &[String], langs: &[&str]) -> Vec<OutFile> {
    site.config
        .languages
        .iter()
        .filter(|l| langs.contains(&l.code.as_str()))
        .map(|l| {
            let items = || site.docs.iter().zip(entries).filter(|(d, _)| d.src.lang == l.code).map(|(_, e)| e);
            let mut json = Vec::with_capacity(items().map(|e| e.len() + 1).sum::<usize>() + 2);
            json.push(b'[');
            for (n, item) in items().enumerate() {
                if n > 0 {
                    json.push(b',');
                }
                json.extend_from_slice(item.as_bytes());
            }
            json.push(b']');
            OutFile { path: PathBuf::from(format!("{}/search-index.json", l.code)), bytes: json }
        })
        .collect()
}

/// One document's entry of `<lang>/search-index.json`:
/// `{"t":title,"u":url,"s":summary,"d":date,"w":"word word …"}`, the URL
/// relative to the language's folder.
pub fn entry(site: &Site, doc: &crate::content::Doc, body: &Rendered) -> String {
    let lang = &doc.src.lang;
    let m = &doc.meta;
    let summary = m.summary.as_deref().unwrap_or("");
    let text = format!("{} {} {} {}", m.title, summary, m.authors.join(" "), html_text(&body.html));
    let url = doc_url(doc);
    let url = url.strip_prefix(&format!("{lang}/")).unwrap_or(&url);
    let date = match (m.date, site.config.language(lang)) {
        (Some(d), Some(l)) => site.config.locale(l).date(d),
        _ => String::new(),
    };
    format!(
        "{{\"t\":{},\"u\":{},\"s\":{},\"d\":{},\"w\":{}}}",
        json_string(&m.title),
        json_string(url),
        json_string(summary),
        json_string(&date),
        json_string(&words(&text)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_spellings_fold_together() {
        assert_eq!(fold("الإسلامية"), fold("الاسلامية"));
        assert_eq!(fold("أحمد"), "احمد");
        assert_eq!(fold("آب"), "اب");
        assert_eq!(fold("مدرسة"), fold("مدرسه"));
        assert_eq!(fold("مستشفى"), fold("مستشفي"));
        assert_eq!(fold("عُمَرُ"), "عمر");
        assert_eq!(fold("الدولـــة"), fold("الدولة"));
        assert_eq!(fold("٤٠٠ Dollars"), "400 dollars");
    }

    #[test]
    fn words_are_distinct_and_skip_markup() {
        let text = html_text("<p>Deir ez-Zor <b>Deir</b></p><svg><text>Hidden</text></svg> a&amp;b AT&amp;T");
        assert_eq!(words(&text), "deir ez zor at");
    }
}
