//! Interface strings: a theme's `i18n/<lang>.yaml`, one file a language.
//!
//! Takes the text of each language's file, and the built-in theme's files
//! when the theme is a folder of the site; returns the [`Strings`] of every
//! language of the site. A key a theme's file lacks is taken from the
//! built-in file of its language, with one warning per file naming the keys
//! (a theme copied before mujaz added strings builds as it did). Refuses, at
//! the file and the key's line where there is one: a file that is not a
//! mapping of `key: text`, a value that is not text (or not plural forms
//! where those are needed), a key mujaz does not know that is near one the
//! file lacks (`serach_label`), a language without a file, and a language
//! missing a [`REQUIRED`] string or a string another language has, where the
//! built-in theme has no text for it (the help says where another language
//! has it). Nothing downstream sees a language without a string it asks for,
//! so no page ever shows a key in place of a word.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::locale::Lang;
use crate::plural::Forms;
use crate::yaml::{self, Value, scalar_text};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The interface strings mujaz writes itself (chart words, notes, callouts,
/// list and page titles) and those the default templates read. Every
/// language of every theme must have each; a theme may add keys of its own
/// for its templates, and then every language must have those too.
pub const REQUIRED: &[&str] = &[
    // The page frame.
    "skip",
    "languages",
    "sections",
    "home",
    "feed",
    "comma",
    "search",
    "search_placeholder",
    "search_none",
    "search_count",
    // Lists and taxonomies.
    "latest",
    "topics",
    "regions",
    "timeline",
    "briefs",
    "events",
    "more_briefs",
    "no_briefs",
    "no_events",
    "brief_count",
    "page_n",
    "page_of",
    "newer_briefs",
    "older_briefs",
    // A brief.
    "published",
    "updated",
    "by",
    "contents",
    "sources",
    "related",
    "newer",
    "older",
    "not_translated",
    "image_credit",
    "from_brief",
    "print_url",
    // Markdown bodies.
    "footnotes",
    "back_to_text",
    "callout_note",
    "callout_tip",
    "callout_important",
    "callout_warning",
    "callout_caution",
    // The root and 404 pages.
    "enter_site",
    "choose_language",
    "not_found_title",
    "not_found_text",
    // Charts.
    "chart_events_per_month",
    "chart_briefs_per_month",
    "chart_source",
    "chart_data_table",
    "chart_category",
    "chart_date",
    "chart_event",
    "chart_no_data",
    // Analytic briefs: key judgments, estimative terms, markings, revisions.
    "judgments",
    "judgments_how",
    "judgments_intro",
    "judgments_scale_title",
    "judgments_scale_phia",
    "judgments_scale_icd203",
    "judgments_term",
    "judgments_band",
    "judgments_band_below",
    "judgments_confidence_title",
    "confidence_low",
    "confidence_moderate",
    "confidence_high",
    "confidence_low_text",
    "confidence_moderate_text",
    "confidence_high_text",
    "est_phia_remote_chance",
    "est_phia_highly_unlikely",
    "est_phia_unlikely",
    "est_phia_realistic_possibility",
    "est_phia_likely",
    "est_phia_highly_likely",
    "est_phia_almost_certain",
    "est_icd203_almost_no_chance",
    "est_icd203_very_unlikely",
    "est_icd203_unlikely",
    "est_icd203_roughly_even_chance",
    "est_icd203_likely",
    "est_icd203_very_likely",
    "est_icd203_almost_certain",
    "marking",
    "marking_clear",
    "marking_green",
    "marking_amber",
    "marking_amber_strict",
    "marking_red",
    "revisions",
    // Maps (issue #14).
    "chart_region",
    "chart_events_by_region",
    "chart_term_events_by_region",
    "map_desc_circles",
    "map_desc_areas",
    // Counted phrases (plural forms, see crate::plural), the theme's
    // phone-first and language-details round.
    "count_briefs",
    "count_events",
    // Graded sources, citations and numbered figures.
    "figure_label",
    "grade",
    "grade_sep",
    "back_to_citation",
    "grade_a",
    "grade_b",
    "grade_c",
    "grade_d",
    "grade_e",
    "grade_f",
    "grade_1",
    "grade_2",
    "grade_3",
    "grade_4",
    "grade_5",
    "grade_6",
    // --- search (issue 13): the search page ---
    "search_description",
    "search_label",
    "search_needs_js",
    "search_browse",
    "search_loading",
    "search_error",
    "search_no_results",
    "search_did_you_mean",
    "search_try",
    "search_more",
    "search_page",
    "count_results",
];

/// The [`REQUIRED`] keys written as plural forms, a text per CLDR category
/// of the language, rather than as one text.
pub const PLURAL: &[&str] = &["count_briefs", "count_events", "count_results"];

/// The interface strings of one language: every [`REQUIRED`] key, checked
/// when the theme loads, and the theme's own keys. Templates read the texts
/// as `page.t.<key>`, and counted phrases (plural forms) through the
/// `plural(key=…, n=…)` function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strings {
    lang: Lang,
    texts: BTreeMap<String, String>,
    plurals: BTreeMap<String, Forms>,
}

impl Default for Strings {
    fn default() -> Self {
        Strings { lang: Lang::new("en"), texts: BTreeMap::new(), plurals: BTreeMap::new() }
    }
}

/// Templates see the texts; plural forms are read through `plural()`.
impl serde::Serialize for Strings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.texts.serialize(s)
    }
}

impl Strings {
    /// The string of a [`REQUIRED`] key, which every loaded theme has.
    pub fn get(&self, key: &str) -> &str {
        debug_assert!(REQUIRED.contains(&key), "interface string `{key}` is not in i18n::REQUIRED");
        self.find(key).unwrap_or_default()
    }

    /// The string of any key, when the theme has it (such as `kind_raid`
    /// for an event kind the site does not list).
    pub fn find(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(String::as_str)
    }

    /// Whether the theme has a string (text or plural forms) for `key`.
    pub fn has(&self, key: &str) -> bool {
        self.texts.contains_key(key) || self.plurals.contains_key(key)
    }

    /// Every key, in order: texts, then plural forms.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.texts.keys().chain(self.plurals.keys())
    }

    /// The counted phrase `key` for `n` ("3 briefs", "٣ موجزات"), with the
    /// number written as `number`; `None` when the theme has no plural
    /// forms under `key`.
    pub fn count(&self, key: &str, n: u64, number: &str) -> Option<String> {
        Some(self.plurals.get(key)?.phrase(&self.lang, n, number))
    }

    /// The plural forms under `key` as a JSON object, category to text.
    pub fn forms_json(&self, key: &str) -> Option<String> {
        Some(self.plurals.get(key)?.json())
    }

    /// Copies the string `key` (text or plural forms) of `from`, the same
    /// language's strings of another theme.
    fn take(&mut self, from: &Strings, key: &str) {
        if let Some(text) = from.texts.get(key) {
            self.texts.insert(key.to_string(), text.clone());
        }
        if let Some(forms) = from.plurals.get(key) {
            self.plurals.insert(key.to_string(), forms.clone());
        }
    }
}

/// One language's file of interface strings: its path to show and its text.
pub type I18nFile = (PathBuf, String);

/// Reads the interface strings of every language of the site and checks
/// that each has every required key and every key another language has.
///
/// `builtin` holds the built-in theme's files when the theme is a folder of
/// the site, and is empty otherwise. A key a file lacks is then taken from
/// the built-in file of its language, so a theme copied before mujaz added
/// strings still builds, with one warning per file naming the keys taken.
/// A key the built-in theme has no text for in that language stays an
/// error, and so does a key the file writes with a value of the wrong type.
pub fn load(
    files: &BTreeMap<String, I18nFile>,
    builtin: &BTreeMap<String, I18nFile>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Strings> {
    let mut out: BTreeMap<String, Strings> = BTreeMap::new();
    // Every key each file writes, the ones refused for their value too.
    let mut written: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for lang in &config.languages {
        let Some((shown, text)) = files.get(&lang.code) else {
            diags.push(
                Diagnostic::error(
                    PathBuf::from(format!("i18n/{}.yaml", lang.code)),
                    format!("the theme has no interface strings for `{}`", lang.code),
                )
                .help(format!(
                    "add i18n/{}.yaml to the theme with a translation of every string in i18n/en.yaml",
                    lang.code
                )),
            );
            continue;
        };
        if let Some((strings, keys)) = read_strings(&Lang::new(&lang.code), shown, text, diags) {
            out.insert(lang.code.clone(), strings);
            written.insert(lang.code.clone(), keys);
        }
    }
    let fallback = Fallback::read(builtin);
    let typos = typos(&out, &written, &fallback, files, diags);
    let others: BTreeSet<String> = out
        .values()
        .flat_map(Strings::keys)
        .filter(|k| !REQUIRED.contains(&k.as_str()) && !typos.iter().any(|(_, typo, _)| typo == *k))
        .cloned()
        .collect();
    let mut taken: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (lang, strings) in &out {
        for key in REQUIRED.iter().copied().chain(others.iter().map(String::as_str)) {
            let meant = typos.iter().any(|(l, _, m)| l == lang && m == key);
            if strings.has(key) || written[lang].contains(key) || meant {
                continue;
            }
            match fallback.strings.get(lang) {
                Some(b) if b.has(key) => taken.entry(lang.clone()).or_default().push(key.to_string()),
                _ => diags.push(missing_string(lang, key, files, &out)),
            }
        }
    }
    for (lang, keys) in taken {
        let (Some(from), Some(strings)) = (fallback.strings.get(&lang), out.get_mut(&lang)) else { continue };
        for key in &keys {
            strings.take(from, key);
        }
        diags.push(taken_warning(&files[&lang].0, &lang, keys, &builtin[&lang].1));
    }
    out
}

/// The built-in theme's strings, to fill in what a theme folder lacks.
#[derive(Default)]
struct Fallback {
    /// Per language the built-in theme has.
    strings: BTreeMap<String, Strings>,
    /// Every key of every built-in file: none of them is a misspelling.
    known: BTreeSet<String>,
}

impl Fallback {
    fn read(builtin: &BTreeMap<String, I18nFile>) -> Fallback {
        let mut out = Fallback::default();
        for (lang, (shown, text)) in builtin {
            // The built-in files are checked by this module's tests.
            let Some((strings, keys)) = read_strings(&Lang::new(lang), shown, text, &mut Vec::new()) else {
                continue;
            };
            out.known.extend(keys);
            out.strings.insert(lang.clone(), strings);
        }
        out
    }
}

/// Keys a file writes that mujaz does not know, each near a required key
/// the file lacks (`serach_label` for `search_label`): errors at their line,
/// rather than a key of the theme's own beside the built-in text taken in
/// place of the misspelt one. Returns `(language, key, the key meant)`.
fn typos(
    out: &BTreeMap<String, Strings>,
    written: &BTreeMap<String, BTreeSet<String>>,
    fallback: &Fallback,
    files: &BTreeMap<String, I18nFile>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (lang, strings) in out {
        let missing: Vec<&str> =
            REQUIRED.iter().copied().filter(|k| !strings.has(k) && !written[lang].contains(*k)).collect();
        let unknown = strings.keys().filter(|k| !REQUIRED.contains(&k.as_str()) && !fallback.known.contains(*k));
        for key in unknown {
            let Some(meant) = crate::diag::suggest(key, missing.iter().copied()) else { continue };
            let (shown, text) = &files[lang];
            let at = yaml::Locator::new(text, 0).key(&[yaml::Seg::Key(key)]);
            diags.push(
                Diagnostic::error(
                    shown,
                    format!("interface string `{key}` is not one mujaz knows, and `{meant}` is missing"),
                )
                .at_pos(at)
                .help(format!("did you mean `{meant}`?")),
            );
            found.push((lang.clone(), key.clone(), meant.to_string()));
        }
    }
    found
}

/// The one warning of a file whose missing `keys` were taken from the
/// built-in theme, the keys in the order of the built-in file.
fn taken_warning(shown: &Path, lang: &str, mut keys: Vec<String>, builtin_text: &str) -> Diagnostic {
    let at = yaml::Locator::new(builtin_text, 0);
    keys.sort_by_cached_key(|k| (at.key(&[yaml::Seg::Key(k)]).map_or(usize::MAX, |p| p.line), k.clone()));
    let list: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    let (what, them) = match keys.len() {
        1 => ("1 interface string missing here is".to_string(), "it"),
        n => (format!("{n} interface strings missing here are"), "them"),
    };
    Diagnostic::warning(shown, format!("{what} taken from the built-in theme: {}", list.join(", "))).help(format!(
        "to silence this warning, copy {them} into this file from the built-in theme's i18n/{lang}.yaml \
         (`mujaz init <folder> --theme-copy` writes one), then change their text as you wish"
    ))
}

/// Registers the template function `plural(lang, key, n)`: the counted
/// phrase `key` of `lang` for the whole number `n`, the number written as
/// the site writes numbers ("3 briefs", "١١ موجزًا"). An unknown language
/// or key, or an `n` that is not a whole number, fails the page at the
/// template's line. And `plural_forms(lang, key)`: the forms themselves as
/// a JSON object (`{"one":"1 result","other":"{n} results"}`), for a script
/// that counts in the browser (the search page's).
pub fn register_plural(tera: &mut tera::Tera, strings: &BTreeMap<String, Strings>, config: &Config) {
    let langs: BTreeMap<String, (Strings, crate::locale::Locale)> = config
        .languages
        .iter()
        .filter_map(|l| Some((l.code.clone(), (strings.get(&l.code)?.clone(), config.locale(l)))))
        .collect();
    let forms_of = langs.clone();
    tera.register_function("plural", move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
        let lang: &str = kwargs.must_get("lang")?;
        let key: &str = kwargs.must_get("key")?;
        let n: u64 = kwargs.must_get("n")?;
        let (strings, locale) = langs
            .get(lang)
            .ok_or_else(|| tera::Error::message(format!("plural(): `{lang}` is not a language of the site")))?;
        strings.count(key, n, &locale.number(n as f64)).ok_or_else(|| {
            tera::Error::message(format!("plural(): `{key}` is not an interface string with plural forms"))
        })
    });
    tera.register_function("plural_forms", move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
        let lang: &str = kwargs.must_get("lang")?;
        let key: &str = kwargs.must_get("key")?;
        let (strings, _) = forms_of
            .get(lang)
            .ok_or_else(|| tera::Error::message(format!("plural_forms(): `{lang}` is not a language of the site")))?;
        strings.forms_json(key).ok_or_else(|| {
            tera::Error::message(format!("plural_forms(): `{key}` is not an interface string with plural forms"))
        })
    });
}

/// The strings of one file: a mapping of `key: text`, each value at its line
/// when it is not text; and every key the file writes, refused ones too.
fn read_strings(
    lang: &Lang,
    shown: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Strings, BTreeSet<String>)> {
    let text = crate::content::normalize(text.to_string());
    let map = match yaml::parse(&text) {
        Ok(Value::Mapping(m)) => m,
        Ok(_) => {
            diags.push(Diagnostic::error(shown, "interface strings must be a mapping of `key: text`"));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::error(shown, e.message).at(e.line, e.col));
            return None;
        }
    };
    let locator = yaml::Locator::new(&text, 0);
    let mut strings = BTreeMap::new();
    let mut plurals = BTreeMap::new();
    let mut written = BTreeSet::new();
    for (k, v) in &map {
        let Some(key) = scalar_text(k) else { continue };
        written.insert(key.clone());
        if let Value::Mapping(forms) = v
            && (PLURAL.contains(&key.as_str()) || Forms::looks_like(forms))
        {
            plurals.insert(key.clone(), Forms::read(lang, &key, forms, shown, &locator, diags));
            continue;
        }
        if PLURAL.contains(&key.as_str()) {
            diags.push(
                Diagnostic::error(shown, format!("interface string `{key}` must be plural forms, not text"))
                    .at_pos(locator.key(&[yaml::Seg::Key(&key)]))
                    .help(plural_help(lang, &key)),
            );
            continue;
        }
        match scalar_text(v) {
            Some(value) => {
                strings.insert(key, value);
            }
            None => diags.push(
                Diagnostic::error(shown, format!("interface string `{key}` must be text, not {}", yaml::kind_name(v)))
                    .at_pos(locator.key(&[yaml::Seg::Key(&key)])),
            ),
        }
    }
    Some((Strings { lang: lang.clone(), texts: strings, plurals }, written))
}

/// How to write `key` as plural forms in `lang`.
fn plural_help(lang: &Lang, key: &str) -> String {
    let forms: Vec<String> = crate::plural::categories(lang).iter().map(|c| format!("  {}: …", c.as_str())).collect();
    format!("write one text per form, with {{n}} for the number:\n{key}:\n{}", forms.join("\n"))
}

/// "`ar` has no `chart_source`", with where another language has it.
fn missing_string(
    lang: &str,
    key: &str,
    files: &BTreeMap<String, I18nFile>,
    loaded: &BTreeMap<String, Strings>,
) -> Diagnostic {
    let shown = &files[lang].0;
    let elsewhere = loaded.iter().find_map(|(other, s)| Some((other, s.find(key)?)));
    let help = match elsewhere {
        Some((other, text)) => {
            let (other_shown, other_text) = &files[other];
            let line = yaml::Locator::new(other_text, 0).key(&[yaml::Seg::Key(key)]).map(|p| p.line).unwrap_or(1);
            format!("{}:{line} has `{key}: {text}`; add its translation here", other_shown.display())
        }
        None => format!("add `{key}: …` in the language of `{lang}`"),
    };
    Diagnostic::error(shown, format!("interface string `{key}` is missing in `{lang}`")).help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::BUILTIN;

    #[test]
    fn the_default_theme_has_every_required_string_in_both_languages() {
        for lang in ["ar", "en"] {
            let name = format!("i18n/{lang}.yaml");
            let (_, bytes) = BUILTIN.iter().find(|(n, _)| *n == name).expect("built in");
            let mut diags = Vec::new();
            let (strings, _) =
                read_strings(&Lang::new(lang), Path::new(&name), std::str::from_utf8(bytes).unwrap(), &mut diags)
                    .unwrap();
            assert!(diags.is_empty(), "{diags:?}");
            let missing: Vec<&&str> = REQUIRED.iter().filter(|k| !strings.has(k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
    }
}
