//! The analytic fields as pages show them: typed template contexts.
//!
//! Takes a brief's [`Analytic`] fields, the page's locale and the theme's
//! interface strings; returns the key-judgments box (each term's label
//! with its band as text and the confidence), the marking with its
//! explanation, the dated revisions, the badge of a card, the judgments of
//! a feed entry, and the "How to read our judgments" page. The band is
//! written out, never left to a tooltip, so a screen reader reads it, and
//! isolated in the page's direction wherever it is shown (`<bdi dir>`), so
//! an Arabic reader reads it low to high, right to left, with either digits.

use super::{Analytic, Confidence, Judgment, Marking, Scale, Term};
use crate::i18n::Strings;
use crate::locale::Locale;
use crate::render::DateCtx;
use serde::Serialize;

/// A key judgment as a page shows it.
#[derive(Serialize, Clone, Debug)]
pub struct JudgmentCtx {
    pub text: String,
    /// The term's key (`highly-likely`), for classes; empty when not given.
    pub likelihood_key: String,
    /// The term in the page's language: "highly likely".
    pub likelihood: Option<String>,
    /// Its band as text: "80–90 %".
    pub band: Option<String>,
    pub confidence_key: String,
    /// "high confidence".
    pub confidence: Option<String>,
}

/// A marking and what it asks of readers.
#[derive(Serialize, Clone, Debug)]
pub struct MarkingCtx {
    /// `TLP:AMBER`, in Latin capitals in every language.
    pub label: &'static str,
    /// `amber`, for classes.
    pub class: &'static str,
    /// The standard's definition in the page's language (empty on a card).
    pub text: String,
}

/// One dated change.
#[derive(Serialize, Clone, Debug)]
pub struct RevisionCtx {
    pub date: DateCtx,
    pub note: String,
}

/// The analytic parts of a brief's page.
#[derive(Serialize, Clone, Debug)]
pub struct AnalyticCtx {
    pub judgments: Vec<JudgmentCtx>,
    /// The "How to read our judgments" page, relative to this page.
    pub judgments_url: String,
    pub marking: Option<MarkingCtx>,
    pub revisions: Vec<RevisionCtx>,
}

/// A term's label and band in the page's language.
pub fn term_text(t: &Term, locale: &Locale, words: &Strings) -> (String, String) {
    let label = words.find(&t.i18n_key()).unwrap_or(t.key).to_string();
    (label, t.band(locale, words.get("judgments_band_below")))
}

fn confidence_label(c: Confidence, words: &Strings) -> String {
    words.find(&format!("confidence_{}", c.key())).unwrap_or(c.key()).to_string()
}

fn judgment(j: &Judgment, locale: &Locale, words: &Strings) -> JudgmentCtx {
    let term = j.likelihood.map(|t| term_text(t, locale, words));
    JudgmentCtx {
        text: locale.prose(&j.text),
        likelihood_key: j.likelihood.map_or("", |t| t.key).to_string(),
        likelihood: term.as_ref().map(|(l, _)| l.clone()),
        band: term.map(|(_, b)| b),
        confidence_key: j.confidence.map_or("", Confidence::key).to_string(),
        confidence: j.confidence.map(|c| confidence_label(c, words)),
    }
}

/// A marking with its explanation in the page's language.
pub fn marking(m: Marking, words: &Strings) -> MarkingCtx {
    MarkingCtx { label: m.label(), class: m.class(), text: words.find(&m.i18n_key()).unwrap_or_default().to_string() }
}

/// A card's badge: the label alone.
pub fn badge(m: Option<Marking>) -> Option<MarkingCtx> {
    m.map(|m| MarkingCtx { label: m.label(), class: m.class(), text: String::new() })
}

/// The analytic parts of a brief's page; `root` leads to the site root.
pub fn brief(a: &Analytic, locale: &Locale, words: &Strings, root: &str) -> AnalyticCtx {
    AnalyticCtx {
        judgments: a.key_judgments.iter().map(|j| judgment(j, locale, words)).collect(),
        judgments_url: format!("{root}{}", crate::urls::judgments(locale.lang.as_str())),
        marking: a.marking.map(|m| marking(m, words)),
        revisions: a
            .revisions
            .iter()
            .map(|r| RevisionCtx { date: DateCtx::new(r.date, locale), note: locale.prose(&r.note) })
            .collect(),
    }
}

/// The key judgments of a feed entry, as HTML for its `<content>`: the
/// summary, then the judgments with their terms, bands and confidence.
pub fn feed_content(summary: &str, a: &Analytic, locale: &Locale, words: &Strings) -> Option<String> {
    use crate::escape::html;
    if a.key_judgments.is_empty() && a.marking.is_none() {
        return None;
    }
    let mut out = String::new();
    if let Some(m) = a.marking {
        out.push_str(&format!("<p><strong dir=\"ltr\">{}</strong> {}</p>", m.label(), html(&marking(m, words).text)));
    }
    out.push_str(&format!("<p>{}</p>", html(summary)));
    if !a.key_judgments.is_empty() {
        out.push_str(&format!("<h2>{}</h2><ul>", html(words.get("judgments"))));
        for j in a.key_judgments.iter().map(|j| judgment(j, locale, words)) {
            let mut facts = Vec::new();
            if let (Some(l), Some(b)) = (&j.likelihood, &j.band) {
                facts.push(format!("{} ({})", html(l), band_html(b, locale)));
            }
            facts.extend(j.confidence.as_deref().map(html));
            out.push_str(&format!("<li>{}", html(&j.text)));
            if !facts.is_empty() {
                out.push_str(&format!(" <em>{}</em>", facts.join(&html(words.get("comma")))));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    Some(out)
}

/// A band as HTML, isolated in the page's direction as the templates isolate
/// it: on an Arabic page its low end stands on the right and is read first,
/// with either digits, even in a feed reader that lays the entry out left
/// to right.
fn band_html(band: &str, locale: &Locale) -> String {
    format!("<bdi dir=\"{}\">{}</bdi>", locale.dir.as_str(), crate::escape::html(band))
}

/// One row of the scale's table on the judgments page.
#[derive(Serialize, Clone, Debug)]
pub struct TermRowCtx {
    pub key: &'static str,
    pub label: String,
    pub band: String,
}

/// One confidence level explained.
#[derive(Serialize, Clone, Debug)]
pub struct LevelCtx {
    pub key: &'static str,
    pub label: String,
    pub text: String,
}

/// The "How to read our judgments" page.
#[derive(Serialize, Clone, Debug)]
pub struct JudgmentsPageCtx {
    /// The scale's key: `phia` or `icd203`.
    pub scale: &'static str,
    /// What the scale is, in the page's language.
    pub scale_text: String,
    pub terms: Vec<TermRowCtx>,
    pub levels: Vec<LevelCtx>,
}

/// The explanation page of `scale` in the page's language.
pub fn judgments_page(scale: Scale, locale: &Locale, words: &Strings) -> JudgmentsPageCtx {
    JudgmentsPageCtx {
        scale: scale.as_str(),
        scale_text: words.find(&format!("judgments_scale_{}", scale.as_str())).unwrap_or_default().to_string(),
        terms: scale
            .terms()
            .iter()
            .map(|t| {
                let (label, band) = term_text(t, locale, words);
                TermRowCtx { key: t.key, label, band }
            })
            .collect(),
        levels: Confidence::ALL
            .into_iter()
            .map(|c| LevelCtx {
                key: c.key(),
                label: confidence_label(c, words),
                text: words.find(&format!("confidence_{}_text", c.key())).unwrap_or_default().to_string(),
            })
            .collect(),
    }
}
