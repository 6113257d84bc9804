//! Plural forms: which form of a word a count takes, by the CLDR rules of
//! the page's language.
//!
//! Takes a language and a whole number; returns its [`Category`] (Arabic
//! has six: zero, one, two, few, many, other; English two: one, other).
//! A theme writes a counted phrase once per category in its
//! `i18n/<lang>.yaml`:
//!
//! ```yaml
//! count_briefs:
//!   one: "{n} brief"
//!   other: "{n} briefs"
//! ```
//!
//! [`Forms::read`] refuses, at the key's line, a form that is not a CLDR
//! category (with the nearest name) or one the language does not use, and
//! a language's form that is missing.

use crate::diag::Diagnostic;
use crate::locale::Lang;
use crate::yaml;
use std::collections::BTreeMap;
use std::path::Path;

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Category {
    pub const ALL: [Category; 6] =
        [Category::Zero, Category::One, Category::Two, Category::Few, Category::Many, Category::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Zero => "zero",
            Category::One => "one",
            Category::Two => "two",
            Category::Few => "few",
            Category::Many => "many",
            Category::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// The category of the whole number `n` in `lang` (cardinal rules).
///
/// Arabic (CLDR): 0 zero; 1 one; 2 two; n % 100 in 3..=10 few;
/// n % 100 in 11..=99 many; anything else other (100, 101, 102, 200…).
/// English and every other language mujaz knows no rule for: 1 one,
/// anything else other.
pub fn select(lang: &Lang, n: u64) -> Category {
    if lang.is_arabic() {
        return match (n, n % 100) {
            (0, _) => Category::Zero,
            (1, _) => Category::One,
            (2, _) => Category::Two,
            (_, 3..=10) => Category::Few,
            (_, 11..=99) => Category::Many,
            _ => Category::Other,
        };
    }
    if n == 1 { Category::One } else { Category::Other }
}

/// The categories whole numbers take in `lang`: the forms a theme must write.
pub fn categories(lang: &Lang) -> &'static [Category] {
    if lang.is_arabic() { &Category::ALL } else { &[Category::One, Category::Other] }
}

/// One counted phrase of one language: a text per category, with `{n}`
/// where the number goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Forms(BTreeMap<Category, String>);

impl Forms {
    /// The phrase for `n`, with `{n}` replaced by `number` (the count as
    /// the page writes numbers).
    pub fn phrase(&self, lang: &Lang, n: u64, number: &str) -> String {
        let form = self.0.get(&select(lang, n)).or_else(|| self.0.get(&Category::Other));
        form.map(|f| f.replace("{n}", number)).unwrap_or_default()
    }

    /// The forms as a JSON object, `{"zero":"…","one":"…",…}`, in category
    /// order, with `{n}` left in.
    pub fn json(&self) -> String {
        let forms: Vec<String> =
            self.0.iter().map(|(c, text)| format!("\"{}\":{}", c.as_str(), crate::escape::json_string(text))).collect();
        format!("{{{}}}", forms.join(","))
    }

    /// Reads the mapping under `key` of a language's file at `shown`.
    /// Every problem is reported, at the line of the form or of the key.
    pub fn read(
        lang: &Lang,
        key: &str,
        map: &yaml::Mapping,
        shown: &Path,
        locator: &yaml::Locator,
        diags: &mut Vec<Diagnostic>,
    ) -> Forms {
        let needed = categories(lang);
        let names: Vec<&str> = needed.iter().map(|c| c.as_str()).collect();
        let mut forms = BTreeMap::new();
        for (k, v) in map {
            let Some(name) = yaml::scalar_text(k) else { continue };
            let at = locator.key(&[yaml::Seg::Key(key), yaml::Seg::Key(&name)]);
            let Some(category) = Category::from_name(&name).filter(|c| needed.contains(c)) else {
                let mut d = Diagnostic::error(
                    shown,
                    format!("`{name}` is not a plural form of `{lang}` in interface string `{key}`"),
                )
                .at_pos(at);
                d = match crate::diag::did_you_mean(&name, names.iter().copied()) {
                    Some(hint) => d.help(format!("{hint}; `{lang}` has the forms {}", names.join(", "))),
                    None => d.help(format!("`{lang}` has the forms {}", names.join(", "))),
                };
                diags.push(d);
                continue;
            };
            match yaml::scalar_text(v) {
                Some(text) => {
                    forms.insert(category, text);
                }
                None => diags.push(
                    Diagnostic::error(
                        shown,
                        format!("plural form `{key}.{name}` must be text, not {}", yaml::kind_name(v)),
                    )
                    .at_pos(at),
                ),
            }
        }
        let missing: Vec<&str> = needed.iter().filter(|c| !forms.contains_key(c)).map(|c| c.as_str()).collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::error(
                    shown,
                    format!(
                        "interface string `{key}` lacks the plural form{} {}",
                        s(missing.len()),
                        missing.join(", ")
                    ),
                )
                .at_pos(locator.key(&[yaml::Seg::Key(key)]))
                .help(format!(
                    "`{lang}` counts with the forms {}; write each, with {{n}} for the number",
                    names.join(", ")
                )),
            );
        }
        Forms(forms)
    }

    /// Whether a theme's own key is written as plural forms: a mapping
    /// whose keys are all CLDR category names. (mujaz's own counted
    /// phrases, [`crate::i18n::PLURAL`], are read as forms whatever they hold,
    /// so a misspelt form is reported as such.)
    pub fn looks_like(map: &yaml::Mapping) -> bool {
        !map.is_empty()
            && map.keys().all(|k| yaml::scalar_text(k).is_some_and(|name| Category::from_name(&name).is_some()))
    }
}

fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(lang: &str, ns: &[u64]) -> Vec<&'static str> {
        ns.iter().map(|&n| select(&Lang::new(lang), n).as_str()).collect()
    }

    const NS: [u64; 10] = [0, 1, 2, 3, 10, 11, 99, 100, 101, 102];

    #[test]
    fn arabic_counts_take_six_forms() {
        assert_eq!(cats("ar", &NS), ["zero", "one", "two", "few", "few", "many", "many", "other", "other", "other"]);
        assert_eq!(cats("ar", &[103, 111, 1000, 1003, 1011]), ["few", "many", "other", "few", "many"]);
    }

    #[test]
    fn english_counts_take_two_forms() {
        assert_eq!(
            cats("en", &NS),
            ["other", "one", "other", "other", "other", "other", "other", "other", "other", "other"]
        );
        assert_eq!(cats("en-GB", &[1, 21]), ["one", "other"]);
    }

    #[test]
    fn a_regional_arabic_counts_as_arabic() {
        assert_eq!(cats("ar-EG", &[2, 11]), ["two", "many"]);
    }
}
