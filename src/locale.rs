//! Dates and numbers in a page's language.
//!
//! English dates read "12 September 2025". Arabic dates name the month the
//! way Arab editors do: both the Levantine and the Egyptian name by default
//! ("12 أيلول/سبتمبر 2025"), or one of them when the site asks. Digits are
//! Latin unless the site asks for Arabic-Indic ones (٠١٢…), in which case
//! numbers also take the Arabic separators (٬ for thousands, ٫ for decimals).

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// Which Arabic month names to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArabicMonths {
    /// "أيلول/سبتمبر": both names, as most pan-Arab publications write.
    #[default]
    Both,
    /// "أيلول": the Syriac names used in the Levant and Iraq.
    Levantine,
    /// "سبتمبر": the names used in Egypt and the Gulf.
    Egyptian,
}

/// Which digits to write numbers with on Arabic pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Numerals {
    #[default]
    Latin,
    ArabicIndic,
}

impl Numerals {
    /// The value written in `site.yaml`: `latin` or `arabic-indic`.
    pub fn as_str(self) -> &'static str {
        match self {
            Numerals::Latin => "latin",
            Numerals::ArabicIndic => "arabic-indic",
        }
    }
}

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// A language code as site.yaml lists it (`ar`, `en`, `en-GB`), and what
/// mujaz knows of the language behind it. The one place that says which
/// codes are English or Arabic: a regional variant is its language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(String);

impl Lang {
    pub fn new(code: &str) -> Self {
        Lang(code.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is `base` or a regional variant of it (`base-XX`).
    fn is(&self, base: &str) -> bool {
        self.0.strip_prefix(base).is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
    }

    /// English: typographic quotes, English month names.
    pub fn is_english(&self) -> bool {
        self.is("en")
    }

    /// Arabic: Arabic month names, Arabic-Indic digits when the site asks.
    pub fn is_arabic(&self) -> bool {
        self.is("ar")
    }

    /// The direction the language is written in, when site.yaml does not say.
    pub fn default_dir(&self) -> Dir {
        let rtl = ["ar", "fa", "he", "ur", "ps", "ckb"].iter().any(|base| self.is(base));
        if rtl { Dir::Rtl } else { Dir::Ltr }
    }
}

impl std::ops::Deref for Lang {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How one language writes dates and numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    pub lang: Lang,
    pub dir: Dir,
    pub numerals: Numerals,
    pub months: ArabicMonths,
}

const LEVANTINE: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];
const EGYPTIAN: [&str; 12] =
    ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];
const ENGLISH: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ENGLISH_SHORT: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Locale {
    pub fn new(lang: &str, dir: Dir, numerals: Numerals, months: ArabicMonths) -> Self {
        Locale { lang: Lang::new(lang), dir, numerals, months }
    }

    /// An English, left-to-right locale, for tests and benchmarks.
    pub fn english() -> Self {
        Locale::new("en", Dir::Ltr, Numerals::Latin, ArabicMonths::Both)
    }

    pub fn is_rtl(&self) -> bool {
        self.dir == Dir::Rtl
    }

    fn is_arabic(&self) -> bool {
        self.lang.is_arabic()
    }

    fn arabic_digits(&self) -> bool {
        self.is_arabic() && self.numerals == Numerals::ArabicIndic
    }

    /// The digits this locale writes: Arabic-Indic on an Arabic page of a
    /// site that asks for them, Latin everywhere else.
    pub fn written_numerals(&self) -> Numerals {
        if self.arabic_digits() { Numerals::ArabicIndic } else { Numerals::Latin }
    }

    /// The month's name, as this locale writes it in running text.
    pub fn month_name(&self, month: u32) -> String {
        let i = (month.clamp(1, 12) - 1) as usize;
        if !self.is_arabic() {
            return ENGLISH[i].to_string();
        }
        match self.months {
            ArabicMonths::Both => format!("{}/{}", LEVANTINE[i], EGYPTIAN[i]),
            ArabicMonths::Levantine => LEVANTINE[i].to_string(),
            ArabicMonths::Egyptian => EGYPTIAN[i].to_string(),
        }
    }

    /// A short month name for chart axes: "Sep", or the Arabic name as the
    /// site's `arabic_months` writes it in running text, so an axis and the
    /// headings under it name a month the same way.
    pub fn month_short(&self, month: u32) -> String {
        let i = (month.clamp(1, 12) - 1) as usize;
        if !self.is_arabic() {
            return ENGLISH_SHORT[i].to_string();
        }
        self.month_name(month)
    }

    /// "12 September 2025" or "12 أيلول/سبتمبر 2025".
    pub fn date(&self, d: NaiveDate) -> String {
        let s = format!("{} {} {}", d.day(), self.month_name(d.month()), d.year());
        self.digits(&s)
    }

    /// "September 2025" or "أيلول/سبتمبر 2025".
    pub fn month_year(&self, d: NaiveDate) -> String {
        self.digits(&format!("{} {}", self.month_name(d.month()), d.year()))
    }

    /// Rewrites ASCII digits as Arabic-Indic ones when the site asks for them.
    pub fn digits(&self, s: &str) -> String {
        if !self.arabic_digits() {
            return s.to_string();
        }
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
                other => other,
            })
            .collect()
    }

    /// A number with thousands separators and at most two decimals:
    /// "1,250.5", or "١٬٢٥٠٫٥" with Arabic-Indic digits.
    pub fn number(&self, v: f64) -> String {
        if !v.is_finite() {
            return String::new();
        }
        let neg = v < 0.0;
        let rounded = (v.abs() * 100.0).round() / 100.0;
        let int = rounded.trunc() as u64;
        let frac = ((rounded - rounded.trunc()) * 100.0).round() as u64;
        let (group, point) = if self.arabic_digits() { ('٬', '٫') } else { (',', '.') };
        let digits = int.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(group);
            }
            out.push(c);
        }
        if frac > 0 {
            out.push(point);
            let f = format!("{frac:02}");
            out.push_str(f.trim_end_matches('0'));
        }
        if neg && (int > 0 || frac > 0) {
            out.insert(0, '-');
        }
        self.digits(&out)
    }
}

impl Locale {
    /// Author text as the page shows it: on English pages straight quotes
    /// become typographic ones, as the Markdown body's do; other languages
    /// keep what the author typed (Arabic writes «» itself).
    pub fn prose(&self, text: &str) -> String {
        if !self.lang.is_english() || !text.contains(['\'', '"']) {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 8);
        let mut prev: Option<char> = None;
        for c in text.chars() {
            let opens =
                || prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | '/'));
            out.push(match c {
                '\'' if opens() => '‘',
                '\'' => '’',
                '"' if opens() => '“',
                '"' => '”',
                c => c,
            });
            prev = Some(c);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ar(numerals: Numerals, months: ArabicMonths) -> Locale {
        Locale::new("ar", Dir::Rtl, numerals, months)
    }

    #[test]
    fn a_regional_variant_is_its_language() {
        assert!(Lang::new("en").is_english() && Lang::new("en-GB").is_english());
        assert!(Lang::new("ar-SY").is_arabic() && !Lang::new("arz").is_arabic() && !Lang::new("eng").is_english());
        assert_eq!(Lang::new("ar").default_dir(), Dir::Rtl);
        assert_eq!(Lang::new("ar-sy").default_dir(), Dir::Rtl);
        assert_eq!(Lang::new("fr").default_dir(), Dir::Ltr);
    }

    #[test]
    fn english_dates() {
        let d = NaiveDate::from_ymd_opt(2025, 9, 12).unwrap();
        assert_eq!(Locale::english().date(d), "12 September 2025");
    }

    #[test]
    fn arabic_dates_name_both_months_by_default() {
        let d = NaiveDate::from_ymd_opt(2025, 9, 12).unwrap();
        assert_eq!(ar(Numerals::Latin, ArabicMonths::Both).date(d), "12 أيلول/سبتمبر 2025");
        assert_eq!(ar(Numerals::Latin, ArabicMonths::Levantine).date(d), "12 أيلول 2025");
        assert_eq!(ar(Numerals::Latin, ArabicMonths::Egyptian).date(d), "12 سبتمبر 2025");
        assert_eq!(ar(Numerals::ArabicIndic, ArabicMonths::Egyptian).date(d), "١٢ سبتمبر ٢٠٢٥");
    }

    #[test]
    fn english_text_gets_typographic_quotes() {
        let en = Locale::english();
        assert_eq!(en.prose("Syria's \"new\" army ('25)"), "Syria’s “new” army (‘25)");
        let ar = ar(Numerals::Latin, ArabicMonths::Both);
        assert_eq!(ar.prose("«داعش» \"x\""), "«داعش» \"x\"");
    }

    #[test]
    fn numbers_are_grouped_per_locale() {
        let en = Locale::english();
        assert_eq!(en.number(1250.5), "1,250.5");
        assert_eq!(en.number(400.0), "400");
        assert_eq!(en.number(-3.0), "-3");
        assert_eq!(en.number(1_000_000.0), "1,000,000");
        let ai = ar(Numerals::ArabicIndic, ArabicMonths::Both);
        assert_eq!(ai.number(1250.5), "١٬٢٥٠٫٥");
        assert_eq!(ar(Numerals::Latin, ArabicMonths::Both).number(1250.0), "1,250");
    }
}
