//! Key judgments and the estimative scales their likelihood is written in.
//!
//! Takes the front matter's `key_judgments` list and the site's scale
//! (`estimative: phia | icd203`); returns each judgment's text with its
//! likelihood (a term of that scale) and its confidence (low, moderate,
//! high). Refuses an unknown term or confidence with a did-you-mean, and a
//! term of the other scale with the term of the site's scale at the same
//! rank. A judgment without a likelihood or a confidence is read: `mujaz
//! check` warns about it (see [`super::check`]), so a draft can be saved
//! half-written.

use crate::diag::did_you_mean;
use crate::fields::{Fields, index, join};
use crate::locale::Locale;
use crate::yaml::{Mapping, Seg};
use serde::Deserialize;

/// The estimative scale a site writes its likelihoods in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// The UK Professional Head of Intelligence Assessment's probability yardstick.
    #[default]
    Phia,
    /// US Intelligence Community Directive 203.
    Icd203,
}

/// One term of a scale: its key and its band of probability, in percent.
#[derive(Debug, PartialEq, Eq)]
pub struct Term {
    pub scale: Scale,
    pub key: &'static str,
    pub low: u8,
    pub high: u8,
    /// Whether the band stops short of `high` ("40 to under 50 %").
    pub below_high: bool,
}

const fn term(scale: Scale, key: &'static str, low: u8, high: u8, below_high: bool) -> Term {
    Term { scale, key, low, high, below_high }
}

/// The PHIA yardstick, from least to most likely.
pub const PHIA: [Term; 7] = [
    term(Scale::Phia, "remote-chance", 0, 5, false),
    term(Scale::Phia, "highly-unlikely", 10, 20, false),
    term(Scale::Phia, "unlikely", 25, 35, false),
    term(Scale::Phia, "realistic-possibility", 40, 50, true),
    term(Scale::Phia, "likely", 55, 75, false),
    term(Scale::Phia, "highly-likely", 80, 90, false),
    term(Scale::Phia, "almost-certain", 95, 100, true),
];

/// The ICD 203 scale, from least to most likely.
pub const ICD203: [Term; 7] = [
    term(Scale::Icd203, "almost-no-chance", 1, 5, false),
    term(Scale::Icd203, "very-unlikely", 5, 20, false),
    term(Scale::Icd203, "unlikely", 20, 45, false),
    term(Scale::Icd203, "roughly-even-chance", 45, 55, false),
    term(Scale::Icd203, "likely", 55, 80, false),
    term(Scale::Icd203, "very-likely", 80, 95, false),
    term(Scale::Icd203, "almost-certain", 95, 99, false),
];

impl Scale {
    pub const ALL: [Scale; 2] = [Scale::Phia, Scale::Icd203];

    /// The scale's terms, from least to most likely.
    pub fn terms(self) -> &'static [Term; 7] {
        match self {
            Scale::Phia => &PHIA,
            Scale::Icd203 => &ICD203,
        }
    }

    pub fn term(self, key: &str) -> Option<&'static Term> {
        self.terms().iter().find(|t| t.key == key)
    }

    /// The value written in `site.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Phia => "phia",
            Scale::Icd203 => "icd203",
        }
    }

    /// The scale's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Phia => "the PHIA yardstick",
            Scale::Icd203 => "ICD 203",
        }
    }

    pub fn other(self) -> Scale {
        match self {
            Scale::Phia => Scale::Icd203,
            Scale::Icd203 => Scale::Phia,
        }
    }
}

impl Term {
    /// The key of the term's label in the theme's interface strings: `est_phia_highly_likely`.
    pub fn i18n_key(&self) -> String {
        format!("est_{}_{}", self.scale.as_str(), self.key.replace('-', "_"))
    }

    /// Its rank on its scale, from 0 (least likely) to 6.
    pub fn rank(&self) -> usize {
        self.scale.terms().iter().position(|t| t == self).unwrap_or(0)
    }

    /// The band as a reader reads it, in the locale's digits: "55–75 %",
    /// "40 to under 50 %", "٥٥–٧٥٪". `below` is the theme's pattern for a
    /// band that stops short of its top, with `{low}`, `{high}`, `{pct}`.
    pub fn band(&self, locale: &Locale, below: &str) -> String {
        let pct = percent_sign(locale);
        let (low, high) = (locale.digits(&self.low.to_string()), locale.digits(&self.high.to_string()));
        if self.below_high {
            below.replace("{low}", &low).replace("{high}", &high).replace("{pct}", pct)
        } else {
            format!("{low}–{high}{pct}")
        }
    }
}

/// "\u{a0}%" in English, "٪" beside Arabic-Indic digits, "%" beside Latin ones in Arabic.
pub fn percent_sign(locale: &Locale) -> &'static str {
    if locale.lang.is_english() {
        "\u{a0}%"
    } else if locale.digits("5") != "5" {
        "٪"
    } else {
        "%"
    }
}

/// How sure the analysts are of the evidence behind a judgment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Moderate,
    High,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::Low, Confidence::Moderate, Confidence::High];

    pub fn key(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Moderate => "moderate",
            Confidence::High => "high",
        }
    }

    fn parse(s: &str) -> Option<Confidence> {
        Confidence::ALL.into_iter().find(|c| c.key() == s)
    }
}

/// One key judgment: what is judged, how likely, how confidently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgment {
    pub text: String,
    pub likelihood: Option<&'static Term>,
    pub confidence: Option<Confidence>,
}

/// The front matter's `key_judgments`, each item checked against `scale`.
pub fn read(f: &mut Fields, map: &Mapping, scale: Scale) -> Vec<Judgment> {
    let mut out = Vec::new();
    for (i, m) in f.map_list(map, &[], "key_judgments") {
        let at = index(&[], "key_judgments", i);
        f.unknown_keys(m, &at, &["text", "likelihood", "confidence"], "a key judgment");
        let text = f.text(m, &at, "text", true);
        let likelihood = f.text(m, &at, "likelihood", false).and_then(|k| likelihood(f, &at, &k, scale));
        let confidence = f.text(m, &at, "confidence", false).and_then(|c| confidence(f, &at, &c));
        if let Some(text) = text {
            out.push(Judgment { text, likelihood, confidence });
        }
    }
    out
}

/// The term `key` of `scale`, or an error: a did-you-mean among its
/// terms, or, for a term of the other scale, the term of the same rank.
fn likelihood(f: &mut Fields, at: &[Seg], key: &str, scale: Scale) -> Option<&'static Term> {
    if let Some(t) = scale.term(key) {
        return Some(t);
    }
    let path = join(at, "likelihood");
    let keys = || scale.terms().iter().map(|t| t.key);
    let (message, help) = match scale.other().term(key) {
        Some(other) => (
            format!("`{key}` is {} term; this site uses {}", article_name(scale.other()), scale.name()),
            format!(
                "did you mean `{}`? (or set `estimative: {}` in site.yaml)",
                scale.terms()[other.rank()].key,
                scale.other().as_str()
            ),
        ),
        None => (
            format!("unknown likelihood `{key}`"),
            did_you_mean(key, keys())
                .unwrap_or_else(|| format!("{} has: {}", scale.name(), keys().collect::<Vec<_>>().join(", "))),
        ),
    };
    f.error_at_value(&path, key, message).help = Some(help);
    None
}

/// The scale's short name with its article: "a PHIA", "an ICD 203".
fn article_name(scale: Scale) -> &'static str {
    match scale {
        Scale::Phia => "a PHIA",
        Scale::Icd203 => "an ICD 203",
    }
}

fn confidence(f: &mut Fields, at: &[Seg], value: &str) -> Option<Confidence> {
    if let Some(c) = Confidence::parse(value) {
        return Some(c);
    }
    let keys = || Confidence::ALL.into_iter().map(Confidence::key);
    let help = match value {
        "medium" | "mid" | "middle" => Some("did you mean `moderate`?".to_string()),
        _ => did_you_mean(value, keys()),
    };
    let help = help.unwrap_or_else(|| format!("confidence is one of: {}", keys().collect::<Vec<_>>().join(", ")));
    f.error_at_value(&join(at, "confidence"), value, format!("unknown confidence `{value}`")).help = Some(help);
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::{ArabicMonths, Dir, Numerals};

    fn judgments(yaml: &str, scale: Scale) -> (Vec<Judgment>, Vec<String>) {
        let tree = crate::yaml::parse(yaml).expect("yaml");
        let crate::yaml::Value::Mapping(map) = &tree else { panic!("a mapping") };
        let mut f = Fields::new(std::path::Path::new("x.en.md"), yaml, 1);
        let out = read(&mut f, map, scale);
        let diags = f
            .diags
            .iter()
            .map(|d| format!("{}: {} ({})", d.line.unwrap_or(0), d.message, d.help.as_deref().unwrap_or("")))
            .collect();
        (out, diags)
    }

    #[test]
    fn both_scales_have_seven_terms_in_rising_bands() {
        for scale in Scale::ALL {
            let lows: Vec<u8> = scale.terms().iter().map(|t| t.low).collect();
            assert!(lows.windows(2).all(|w| w[0] < w[1]), "{scale:?}");
            assert!(scale.terms().iter().all(|t| t.scale == scale));
        }
    }

    #[test]
    fn a_misspelt_term_gets_a_suggestion_and_a_term_of_the_other_scale_its_peer() {
        let (_, diags) =
            judgments("key_judgments:\n  - {text: a, likelihood: likley, confidence: high}\n", Scale::Phia);
        assert_eq!(diags, ["3: unknown likelihood `likley` (did you mean `likely`?)"]);
        let (_, diags) = judgments("key_judgments:\n  - text: a\n    likelihood: very-likely\n", Scale::Phia);
        assert_eq!(
            diags,
            [
                "4: `very-likely` is an ICD 203 term; this site uses the PHIA yardstick (did you mean `highly-likely`? (or set `estimative: icd203` in site.yaml))"
            ]
        );
        let (_, diags) = judgments("key_judgments:\n  - {text: a, confidence: medium}\n", Scale::Phia);
        assert_eq!(diags, ["3: unknown confidence `medium` (did you mean `moderate`?)"]);
    }

    #[test]
    fn a_judgment_may_leave_its_likelihood_and_confidence_for_later() {
        let (out, diags) = judgments("key_judgments:\n  - text: a\n", Scale::Icd203);
        assert!(diags.is_empty());
        assert_eq!(out, [Judgment { text: "a".into(), likelihood: None, confidence: None }]);
    }

    #[test]
    fn bands_read_in_the_page_language_and_digits() {
        let en = Locale::english();
        let ar = Locale::new("ar", Dir::Rtl, Numerals::ArabicIndic, ArabicMonths::Both);
        let ar_latin = Locale::new("ar", Dir::Rtl, Numerals::Latin, ArabicMonths::Both);
        let likely = Scale::Phia.term("likely").unwrap();
        assert_eq!(likely.band(&en, ""), "55–75\u{a0}%");
        assert_eq!(likely.band(&ar, ""), "٥٥–٧٥٪");
        assert_eq!(likely.band(&ar_latin, ""), "55–75%");
        let realistic = Scale::Phia.term("realistic-possibility").unwrap();
        assert_eq!(realistic.band(&en, "{low} to under {high}{pct}"), "40 to under 50\u{a0}%");
        assert_eq!(realistic.i18n_key(), "est_phia_realistic_possibility");
    }
}
