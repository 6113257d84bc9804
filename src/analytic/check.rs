//! What `mujaz check` says about key judgments, as warnings.
//!
//! Takes the linked site; returns, per brief, a warning for each key
//! judgment without a `likelihood` or a `confidence` (they are optional
//! while a brief is written, so a draft saves), and for each judgment whose
//! text uses the words of another likelihood than the one it declares —
//! "It is almost certain that…" under `likelihood: likely` — in English or
//! Arabic, from either scale. Words are matched whole, after folding Arabic
//! as the search index does (diacritics and tatweel dropped, أ إ آ ٱ read
//! as ا, ة as ه, ى as ي), and an Arabic word may carry a clitic in front
//! (و، ف، ب، ل، ال) and an ending (ة، ا) behind.

use super::estimative::{Judgment, Scale, Term};
use crate::content::{self, Doc, Section};
use crate::diag::{Diagnostic, Pos};
use crate::fields::index;
use crate::site::Site;
use crate::yaml::{Locator, Seg};

/// The words that state each likelihood, English and Arabic, per term:
/// (scale, key, phrases). The Arabic ones are the default theme's labels
/// and the forms analysts write around them.
const WORDS: &[(Scale, &str, &[&str])] = &[
    (Scale::Phia, "remote-chance", &["remote chance", "ضئيل الاحتمال", "احتمال ضئيل"]),
    (Scale::Phia, "highly-unlikely", &["highly unlikely", "highly improbable", "مستبعد جدا", "مستبعد للغاية"]),
    (Scale::Phia, "unlikely", &["unlikely", "improbable", "مستبعد", "غير مرجح"]),
    (Scale::Phia, "realistic-possibility", &["realistic possibility", "احتمال وارد", "من الوارد"]),
    (Scale::Phia, "likely", &["likely", "probable", "probably", "مرجح", "يرجح"]),
    (Scale::Phia, "highly-likely", &["highly likely", "highly probable", "مرجح جدا", "مرجح للغاية"]),
    (
        Scale::Phia,
        "almost-certain",
        &["almost certain", "almost certainly", "شبه مؤكد", "شبه المؤكد", "يكاد يكون مؤكدا"],
    ),
    (Scale::Icd203, "almost-no-chance", &["almost no chance", "شبه معدوم الاحتمال", "شبه معدوم"]),
    (Scale::Icd203, "very-unlikely", &["very unlikely", "مستبعد جدا", "مستبعد للغاية"]),
    (Scale::Icd203, "unlikely", &["unlikely", "improbable", "مستبعد", "غير مرجح"]),
    (Scale::Icd203, "roughly-even-chance", &["roughly even chance", "even chance", "احتمال متكافئ", "متكافئ الاحتمال"]),
    (Scale::Icd203, "likely", &["likely", "probable", "probably", "مرجح", "يرجح"]),
    (Scale::Icd203, "very-likely", &["very likely", "very probable", "مرجح جدا", "مرجح للغاية"]),
    (
        Scale::Icd203,
        "almost-certain",
        &["almost certain", "almost certainly", "nearly certain", "شبه مؤكد", "شبه المؤكد", "يكاد يكون مؤكدا"],
    ),
];

/// Every warning about the key judgments of the site's briefs.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let scale = site.config.estimative;
    let mut out = Vec::new();
    for doc in
        site.docs.iter().filter(|d| d.src.section == Section::Briefs && !d.meta.analytic.key_judgments.is_empty())
    {
        let fm = front_matter(doc);
        let loc = Locator::new(&fm, 1);
        for (i, j) in doc.meta.analytic.key_judgments.iter().enumerate() {
            out.extend(missing(doc, &loc, i, j, scale));
            out.extend(wording(doc, &loc, i, j));
        }
    }
    out
}

/// The front matter's text, read again for lines (empty if unreadable).
fn front_matter(doc: &Doc) -> String {
    std::fs::read_to_string(&doc.src.fs_path)
        .ok()
        .map(content::normalize)
        .and_then(|t| content::split_front_matter(&t).map(|(fm, _, _)| fm.to_string()))
        .unwrap_or_default()
}

fn warn(doc: &Doc, pos: Option<Pos>, message: String) -> Diagnostic {
    let d = Diagnostic::warning(&doc.src.path, message);
    if pos.is_some() { d.at_pos(pos) } else { d.at(1, 1) }
}

/// "key judgment 2 has no `likelihood`", and the same for `confidence`.
fn missing(doc: &Doc, loc: &Locator, i: usize, j: &Judgment, scale: Scale) -> Vec<Diagnostic> {
    let at = index(&[], "key_judgments", i);
    let mut out = Vec::new();
    if j.likelihood.is_none() {
        let terms: Vec<&str> = scale.terms().iter().map(|t| t.key).collect();
        out.push(warn(doc, loc.start(&at), format!("key judgment {} has no `likelihood`", i + 1)).help(format!(
            "say how likely it is, with a term of {}: {}",
            scale.name(),
            terms.join(", ")
        )));
    }
    if j.confidence.is_none() {
        out.push(
            warn(doc, loc.start(&at), format!("key judgment {} has no `confidence`", i + 1))
                .help("say how sure the evidence makes you: `confidence: low`, `moderate` or `high`"),
        );
    }
    out
}

/// A warning for each likelihood phrase of the text that is not its declared likelihood's.
fn wording(doc: &Doc, loc: &Locator, i: usize, j: &Judgment) -> Vec<Diagnostic> {
    let Some(declared) = j.likelihood else { return Vec::new() };
    let mut path = index(&[], "key_judgments", i);
    path.push(Seg::Key("text"));
    let pos = loc.key(&path);
    let mut told = Vec::new();
    let mut out = Vec::new();
    for phrase in phrases_in(&j.text) {
        let terms: Vec<&Term> = terms_of(phrase);
        if terms.contains(&declared) || told.contains(&phrase) {
            continue;
        }
        told.push(phrase);
        let of_scale = terms.iter().find(|t| t.scale == declared.scale);
        let what = match of_scale {
            Some(t) => format!("`{}`", t.key),
            None => format!("{} term", if declared.scale == Scale::Phia { "an ICD 203" } else { "a PHIA" }),
        };
        out.push(
            warn(
                doc,
                pos,
                format!("key judgment {} says “{phrase}” ({what}) but its `likelihood` is `{}`", i + 1, declared.key),
            )
            .help("make the words and the likelihood agree: readers take the words, the page shows the term"),
        );
    }
    out
}

/// The scale terms a phrase of [`WORDS`] states.
fn terms_of(phrase: &str) -> Vec<&'static Term> {
    WORDS.iter().filter(|(_, _, ps)| ps.contains(&phrase)).filter_map(|(scale, key, _)| scale.term(key)).collect()
}

/// Every phrase of [`WORDS`] once, folded, longest first: made once a run.
fn folded_phrases() -> &'static [(&'static str, Vec<char>)] {
    static PHRASES: std::sync::OnceLock<Vec<(&'static str, Vec<char>)>> = std::sync::OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut all: Vec<&'static str> = WORDS.iter().flat_map(|(_, _, ps)| ps.iter().copied()).collect();
        all.sort_by_key(|p| (std::cmp::Reverse(p.chars().count()), *p));
        all.dedup();
        all.into_iter().map(|p| (p, fold(p))).collect()
    })
}

/// The likelihood phrases of [`WORDS`] in `text`, longest first where
/// they overlap ("highly unlikely", not "unlikely"), in text order.
pub fn phrases_in(text: &str) -> Vec<&'static str> {
    let folded: Vec<char> = fold(text);
    let mut out = Vec::new();
    let mut at = 0;
    while at < folded.len() {
        // A phrase starts a word: skip to the next word's start.
        if at > 0 && folded[at - 1].is_alphanumeric() && !is_arabic(folded[at]) {
            at += 1;
            continue;
        }
        match folded_phrases().iter().find_map(|(p, chars)| matches_at(&folded, at, chars).map(|end| (*p, end))) {
            Some((p, end)) => {
                out.push(p);
                at = end;
            }
            None => at += 1,
        }
    }
    out
}

/// Where a whole-word match of `p` starting at `at` ends, if there is one.
fn matches_at(text: &[char], at: usize, p: &[char]) -> Option<usize> {
    if text.len() < at + p.len() || text[at..at + p.len()] != *p {
        return None;
    }
    let arabic = p.first().is_some_and(|c| is_arabic(*c));
    // The word the match starts in: only a clitic may come before it.
    let start = text[..at].iter().rposition(|c| !c.is_alphanumeric()).map_or(0, |i| i + 1);
    let before: String = text[start..at].iter().collect();
    let before_ok = before.is_empty()
        || (arabic && ["و", "ف", "ب", "ل", "ال", "وال", "فال", "بال", "لل", "ولل"].contains(&before.as_str()));
    let end = at + p.len();
    let stop = text[end..].iter().position(|c| !c.is_alphanumeric()).map_or(text.len(), |i| end + i);
    let after: String = text[end..stop].iter().collect();
    let after_ok = after.is_empty() || (arabic && ["ه", "ا", "ان", "ين"].contains(&after.as_str()));
    (before_ok && after_ok).then_some(stop)
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Text folded for matching: lowercase; Arabic without diacritics and
/// tatweel, with one alef, ة as ه and ى as ي; typographic apostrophes plain.
fn fold(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}'))
        .flat_map(|c| {
            let c = match c {
                'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
                'ة' => 'ه',
                'ى' => 'ي',
                '\u{2019}' => '\'',
                c => c,
            };
            c.to_lowercase()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_found_whole_and_longest_first() {
        assert_eq!(
            phrases_in("It is almost certain that they are highly unlikely to stay."),
            ["almost certain", "highly unlikely"]
        );
        assert_eq!(phrases_in("Unlikely, and likelihood is no word of the scale"), ["unlikely"]);
        assert_eq!(phrases_in("It is VERY LIKELY"), ["very likely"]);
    }

    #[test]
    fn arabic_phrases_are_found_through_diacritics_alef_forms_and_clitics() {
        assert_eq!(phrases_in("ومن المُرجَّح أن يستمر"), ["مرجح"]);
        assert_eq!(phrases_in("عودة التنظيم شبه مؤكّدة"), ["شبه مؤكد"]);
        assert_eq!(phrases_in("وهو أمر مستبعَد جدًّا"), ["مستبعد جدا"]);
        assert_eq!(phrases_in("المرجحات وترجيح واستبعاد"), Vec::<&str>::new());
    }

    #[test]
    fn a_phrase_says_which_terms_it_states() {
        let keys: Vec<(Scale, &str)> = terms_of("likely").iter().map(|t| (t.scale, t.key)).collect();
        assert_eq!(keys, [(Scale::Phia, "likely"), (Scale::Icd203, "likely")]);
        let keys: Vec<(Scale, &str)> = terms_of("very likely").iter().map(|t| (t.scale, t.key)).collect();
        assert_eq!(keys, [(Scale::Icd203, "very-likely")]);
    }
}
