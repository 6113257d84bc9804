//! Word analysis: what a word of a brief or of a query is indexed and
//! looked up as.
//!
//! Takes a text; returns its terms. The same analysis runs when mujaz
//! writes the index and, in the theme's `static/search.js`, when a reader
//! types a query, so that "بالخلايا" and "خلية", "attacks" and "attacked"
//! meet on one term. The steps:
//!
//! 1. **Folding.** Latin letters lowercased; Arabic diacritics and tatweel
//!    dropped; أ إ آ ٱ read as ا, ة as ه, ى as ي; Arabic-Indic digits as
//!    Latin ones. A word is a run of letters and digits, two or more.
//! 2. **Arabic prefixes.** The article ال and the clinging و ف ب ك ل, in any
//!    combination (وبال، فلل، بال، لل), are taken off one at a time while
//!    at least three letters remain, so "بلد" keeps its ب and "الله" its ال.
//! 3. **Broken plurals.** A built-in list of the field's common ones
//!    (خلايا → خلية, أسلحة → سلاح), which a site extends under
//!    `search: plurals:` in site.yaml, maps a plural to its singular.
//! 4. **Arabic suffixes.** Up to two of the sound plural, dual, nisba and
//!    pronoun endings (ات ون ين ان ية ها هم …), again keeping three letters.
//! 5. **English.** A light stemmer: plural `s`, `ing`, `ed`, `ment`, `ion`
//!    and `er` endings, so "attacks", "attacked" and "attacking" meet, and
//!    "recruitment" and "recruits" too.
//!
//! Any change here must be made in `search.js` too: a test writes every
//! step's result for a list of words to `tests/data/search/vectors.json`,
//! and a node test checks that the script gives the same.

use std::collections::{BTreeMap, HashMap};

/// The broken plurals mujaz knows without being told: plural, singular.
/// Sound plurals (هجمات، عمليات، مقاتلون) need no entry: the suffix step
/// joins them to their singular.
pub const BUILT_IN_PLURALS: &[(&str, &str)] = &[
    ("خلايا", "خلية"),
    ("أسلحة", "سلاح"),
    ("عناصر", "عنصر"),
    ("قادة", "قائد"),
    ("أفراد", "فرد"),
    ("أعضاء", "عضو"),
    ("مناطق", "منطقة"),
    ("قرى", "قرية"),
    ("مدن", "مدينة"),
    ("طرق", "طريق"),
    ("حواجز", "حاجز"),
    ("سجون", "سجن"),
    ("معتقلات", "معتقل"),
    ("أسرى", "أسير"),
    ("شبكات", "شبكة"),
    ("أموال", "مال"),
    ("ضرائب", "ضريبة"),
    ("تجار", "تاجر"),
    ("شيوخ", "شيخ"),
    ("عشائر", "عشيرة"),
    ("قبائل", "قبيلة"),
    ("أطفال", "طفل"),
    ("شباب", "شاب"),
    ("نساء", "امرأة"),
    ("رجال", "رجل"),
    ("جنود", "جندي"),
    ("ضباط", "ضابط"),
    ("مسؤولون", "مسؤول"),
    ("قوات", "قوة"),
    ("جماعات", "جماعة"),
    ("فصائل", "فصيل"),
    ("ميليشيات", "ميليشيا"),
    ("هجمات", "هجوم"),
    ("عمليات", "عملية"),
    ("اغتيالات", "اغتيال"),
    ("عبوات", "عبوة"),
    ("ألغام", "لغم"),
    ("صواريخ", "صاروخ"),
    ("مخيمات", "مخيم"),
    ("مواقع", "موقع"),
    ("مقرات", "مقر"),
    ("تقارير", "تقرير"),
    ("مصادر", "مصدر"),
    ("وثائق", "وثيقة"),
    ("رسائل", "رسالة"),
    ("حسابات", "حساب"),
    ("أحياء", "حي"),
    ("بلدات", "بلدة"),
    ("أسواق", "سوق"),
    ("محلات", "محل"),
    ("آبار", "بئر"),
    ("حقول", "حقل"),
    ("نقاط", "نقطة"),
    ("دوريات", "دورية"),
    ("أجهزة", "جهاز"),
    ("فروع", "فرع"),
    ("ضحايا", "ضحية"),
    ("رواتب", "راتب"),
    ("مجندون", "مجند"),
];

/// Words no step touches: the ه of الله is not an ending.
const KEPT: &[&str] = &["الله"];

/// What a character folds to.
pub(crate) enum Folded {
    Dropped,
    One(char),
    Lower(std::char::ToLowercase),
}

#[inline]
pub(crate) fn fold_char(c: char) -> Folded {
    Folded::One(match c {
        c if c.is_ascii() => c.to_ascii_lowercase(),
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' => return Folded::Dropped,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ة' => 'ه',
        'ى' => 'ي',
        '٠'..='٩' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        // Arabic has no case: the rest of its block stays as it is.
        '\u{0600}'..='\u{06FF}' => c,
        c => return Folded::Lower(c.to_lowercase()),
    })
}

/// A text folded whole: the first step, as the script folds a query.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match fold_char(c) {
            Folded::Dropped => {}
            Folded::One(c) => out.push(c),
            Folded::Lower(l) => out.extend(l),
        }
    }
    out
}

/// Whether `c` belongs to a word: a quick answer for ASCII and Arabic letters.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | '0'..='9' => true,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphanumeric(),
    }
}

/// The folded words of a text, in order, each of two characters or more.
pub fn words(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !is_word_char(c)).filter(|w| w.chars().count() >= 2).map(str::to_string).collect()
}

fn is_arabic(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// The fewest letters a stem keeps when a prefix or suffix comes off.
const MIN_STEM: usize = 3;

/// Removes the article and clinging letters from a folded Arabic word.
/// The article goes while three letters remain. A clinging letter goes
/// only while three remain *besides an ending*, so that the ب of "بلاغ" and
/// of "بلاغات" meets the same fate: both keep their ل.
pub fn strip_prefixes(word: &[char]) -> &[char] {
    let mut w = word;
    // و + ب + ال is three steps; a fourth allows ف + و + ب + ال.
    for _ in 0..4 {
        if w.len() >= 2 + MIN_STEM && w[0] == 'ا' && w[1] == 'ل' {
            w = &w[2..];
        } else if matches!(w.first(), Some('و' | 'ف' | 'ب' | 'ك' | 'ل')) && core(&w[1..]) >= MIN_STEM {
            w = &w[1..];
        } else {
            break;
        }
    }
    w
}

/// The letters of `w` before its longest ending, if it has one.
fn core(w: &[char]) -> usize {
    let ending = SUFFIXES.iter().find_map(|s| ends_with(w, s).filter(|&n| w.len() > n));
    w.len() - ending.unwrap_or(0)
}

/// When `w` ends with `ending`, the length of the ending in letters.
#[inline]
fn ends_with(w: &[char], ending: &[char]) -> Option<usize> {
    w.ends_with(ending).then_some(ending.len())
}

/// Arabic endings the suffix step takes off, longest first: pronouns,
/// sound plurals and duals, the nisba, the feminine ending.
const SUFFIXES: &[&[char]] = &[
    &['ه', 'ا'],
    &['ه', 'م'],
    &['ه', 'ن'],
    &['ك', 'م'],
    &['ن', 'ا'],
    &['ا', 'ت'],
    &['و', 'ن'],
    &['ي', 'ن'],
    &['ا', 'ن'],
    &['ي', 'ه'],
    &['ي', 'ا'],
    &['ه'],
    &['ي'],
];

/// Removes up to two endings from a folded Arabic word.
pub fn strip_suffixes(word: &[char]) -> &[char] {
    let mut w = word;
    for _ in 0..2 {
        let Some(n) = SUFFIXES.iter().find_map(|s| ends_with(w, s).filter(|&n| w.len() >= n + MIN_STEM)) else {
            break;
        };
        w = &w[..w.len() - n];
    }
    w
}

/// Pronoun endings looked past when a word is not found among the plurals:
/// خلاياها is خلايا.
const PRONOUNS: &[&[char]] = &[&['ه', 'ا'], &['ه', 'م'], &['ه', 'ن'], &['ك', 'م'], &['ن', 'ا'], &['ه']];

/// Broken plurals, folded and without prefixes, to their singulars
/// likewise.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plurals {
    /// Plural → singular, in order: what the script receives.
    pairs: BTreeMap<String, String>,
    /// The same pairs by their letters, to look a word up as it is analysed.
    letters: HashMap<Box<[char]>, Box<[char]>, ahash::RandomState>,
    /// A bit for each plural's [`Plurals::bit`]: most words are no plural,
    /// and this says so without a lookup.
    bits: [u64; 4],
    id: u64,
}

impl Plurals {
    /// The built-in list and a site's own pairs (plural, singular), the
    /// site's winning where both name a plural.
    pub fn new<'a>(site: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut map = BTreeMap::new();
        for (plural, singular) in BUILT_IN_PLURALS.iter().copied().chain(site) {
            let (p, s) = (Self::key(plural), Self::key(singular));
            if !p.is_empty() && !s.is_empty() && p != s {
                map.insert(p, s);
            }
        }
        let id = ahash::RandomState::with_seeds(5, 6, 7, 8).hash_one(&map);
        let letters: HashMap<Box<[char]>, Box<[char]>, _> =
            map.iter().map(|(p, s)| (p.chars().collect(), s.chars().collect())).collect();
        let mut bits = [0; 4];
        for plural in letters.keys() {
            let b = Self::bit(plural);
            bits[b / 64] |= 1 << (b % 64);
        }
        Plurals { pairs: map, letters, bits, id }
    }

    /// A fingerprint of the pairs: two lists with one id join words alike.
    pub fn id(&self) -> u64 {
        self.id
    }

    fn key(word: &str) -> String {
        let w: Vec<char> = fold(word.trim()).chars().collect();
        strip_prefixes(&w).iter().collect()
    }

    /// Each pair, plural first, as the script receives them.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(p, s)| (p.as_str(), s.as_str()))
    }

    /// One of 256 bits, by a word's length and its first and last letters.
    fn bit(word: &[char]) -> usize {
        let (first, last) = (word.first().map_or(0, |&c| c as usize), word.last().map_or(0, |&c| c as usize));
        (word.len().wrapping_mul(31) ^ first.wrapping_mul(7) ^ last) & 255
    }

    fn singular(&self, word: &[char]) -> Option<&[char]> {
        let find = |w: &[char]| {
            let b = Self::bit(w);
            (self.bits[b / 64] >> (b % 64) & 1 == 1).then(|| self.letters.get(w).map(|s| &**s)).flatten()
        };
        find(word).or_else(|| {
            PRONOUNS.iter().find_map(|p| {
                let n = ends_with(word, p).filter(|&n| word.len() >= n + MIN_STEM)?;
                find(&word[..word.len() - n])
            })
        })
    }
}

/// The term of one folded Arabic word.
fn arabic(word: &str, plurals: &Plurals, out: &mut String) {
    // A word's letters, on the stack unless it is very long (a character
    // is at least a byte, so a word of up to 64 bytes fits).
    let mut stack = ['\0'; 64];
    let heap: Vec<char>;
    let chars = if word.len() <= stack.len() {
        let mut n = 0;
        for c in word.chars() {
            stack[n] = c;
            n += 1;
        }
        &stack[..n]
    } else {
        heap = word.chars().collect();
        &heap[..]
    };
    let w = strip_prefixes(chars);
    if KEPT.iter().any(|k| w.iter().copied().eq(k.chars())) {
        out.extend(w);
        return;
    }
    out.extend(strip_suffixes(plurals.singular(w).unwrap_or(w)));
}

fn has_vowel(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
}

/// The term of one folded English word.
fn english(word: &str, w: &mut String) {
    w.push_str(word.strip_suffix("'s").unwrap_or(word));
    if w.len() <= 3 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    // Plurals.
    if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.pop();
    }
    // One derivational or verbal ending.
    for (end, keep) in [("ment", 4), ("ing", 3), ("ion", 4), ("ed", 3), ("er", 4)] {
        if let Some(stem) = w.strip_suffix(end)
            && stem.len() >= keep
            && has_vowel(stem)
        {
            w.truncate(stem.len());
            undouble(w);
            break;
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
}

/// `stopp` → `stop`, but `fall` and `miss` stay.
fn undouble(w: &mut String) {
    let b = w.as_bytes();
    let n = b.len();
    if n >= 4 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'a' | b'e' | b'i' | b'o' | b'u' | b'l' | b's' | b'z') {
        w.pop();
    }
}

/// The term of one folded word, in whichever script it starts.
pub fn term(word: &str, plurals: &Plurals) -> String {
    let mut out = String::new();
    term_into(word, plurals, &mut out);
    out
}

/// [`term`], into `out`, emptied first: what a build uses, one string for
/// all the words a thread analyses.
pub fn term_into(word: &str, plurals: &Plurals, out: &mut String) {
    out.clear();
    match word.chars().next() {
        Some(c) if is_arabic(c) => arabic(word, plurals, out),
        Some(c) if c.is_ascii_lowercase() => english(word, out),
        _ => out.push_str(word),
    }
}

/// The terms of a text, in order: what a query becomes.
pub fn terms(text: &str, plurals: &Plurals) -> Vec<String> {
    words(text).iter().map(|w| term(w, plurals)).filter(|t| t.chars().count() >= 2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(word: &str) -> String {
        terms(word, &Plurals::new([])).join(" ")
    }

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
    fn attached_prefixes_come_off_in_any_combination() {
        for w in ["الحرب", "بالحرب", "والحرب", "وبالحرب", "فالحرب", "للحرب", "كالحرب", "وحرب", "بحرب", "فللحرب"]
        {
            assert_eq!(t(w), "حرب", "{w}");
        }
        assert_eq!(t("بدمشق"), t("دمشق"));
        assert_eq!(t("وبالتالي"), t("التالي"));
    }

    #[test]
    fn long_words_are_analysed_like_short_ones() {
        // Up to 64 bytes a word's letters are read on the stack, past that
        // from the heap: the steps are the same either way.
        for n in [10, 27, 28, 29, 40, 200] {
            let word = format!("ال{}ات", "ب".repeat(n));
            assert_eq!(t(&word), "ب".repeat(n - 3), "{n} letters");
        }
    }

    #[test]
    fn short_words_keep_their_letters() {
        assert_eq!(t("بلد"), "بلد");
        assert_eq!(t("الله"), "الله");
        assert_eq!(t("والله"), "الله");
        assert_eq!(t("وفد"), "وفد");
        assert_eq!(t("لكن"), "لكن");
        assert_eq!(t("بيت"), "بيت");
        assert_eq!(t("بلاغات"), t("بلاغ"));
        assert_eq!(t("البيان"), t("بيان"));
        assert_eq!(t("الوزير"), t("وزير"));
        assert_eq!(t("بالبادية"), t("بادية"));
    }

    #[test]
    fn sound_plurals_and_duals_meet_their_singular() {
        assert_eq!(t("إتاوات"), t("إتاوة"));
        assert_eq!(t("الإتاوات"), t("إتاوة"));
        assert_eq!(t("مقاتلين"), t("مقاتل"));
        assert_eq!(t("المقاتلون"), t("مقاتل"));
        assert_eq!(t("مقاتلان"), t("مقاتل"));
        assert_eq!(t("عمليات"), t("عملية"));
        assert_eq!(t("العسكرية"), t("عسكري"));
    }

    #[test]
    fn broken_plurals_meet_their_singular_and_a_site_adds_its_own() {
        assert_eq!(t("خلايا"), t("خلية"));
        assert_eq!(t("بالخلايا"), t("الخلية"));
        assert_eq!(t("خلاياها"), t("خلية"));
        assert_eq!(t("أسلحة"), t("سلاح"));
        assert_eq!(t("الهجمات"), t("هجوم"));
        let site = Plurals::new([("كتائب", "كتيبة")]);
        assert_eq!(terms("الكتائب", &site), terms("كتيبة", &site));
        assert_ne!(t("الكتائب"), t("كتيبة"));
    }

    #[test]
    fn english_words_meet_their_inflections() {
        assert_eq!(t("attacks attacked attacking attack"), "attack attack attack attack");
        assert_eq!(t("recruitment recruits recruiting recruited"), "recruit recruit recruit recruit");
        assert_eq!(t("militias cells extortion extorted"), "militia cell extort extort");
        assert_eq!(t("stopped"), "stop");
        assert_eq!(t("the is of"), "the is of");
        assert_eq!(t("Deir ez-Zor's"), "deir ez zor");
    }
}

/// The shared test vectors: what each step gives for every word of the
/// example site and for the hard cases, which `search.js` must give too.
#[cfg(test)]
mod vectors {
    use super::*;
    use crate::escape::json_string;
    use std::collections::BTreeSet;

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/search/vectors.json");

    /// Texts beyond the example site's words: whole phrases, guards, digits,
    /// other scripts.
    const EXTRA: &[&str] = &[
        "بالخلايا وخلاياها والخليّة",
        "الله والله بلد البلد بيان البيان",
        "٤٠٠ دولار و۱۲ Dollars",
        "Deir ez-Zor's attacks; ATTACKED, recruitment",
        "Ünïcode ÉTAT İstanbul straße",
        "الدولـــة الإسلاميّة في سوريا",
        "قرى القرى أسرى",
        "a b ab",
    ];

    fn example_words() -> BTreeSet<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut files = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("content").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "md") {
                    files.push(p);
                }
            }
        }
        files.sort();
        let mut out = BTreeSet::new();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("read");
            out.extend(text.split(|c: char| c.is_whitespace()).map(str::to_string));
        }
        out
    }

    fn render() -> String {
        let plurals = Plurals::new([]);
        let mut out = String::from("{\"plurals\":[");
        let pairs: Vec<String> =
            plurals.pairs().map(|(p, s)| format!("[{},{}]", json_string(p), json_string(s))).collect();
        out.push_str(&pairs.join(","));
        out.push_str("],\"cases\":[\n");
        let texts: Vec<String> = EXTRA.iter().map(|s| s.to_string()).chain(example_words()).collect();
        let cases: Vec<String> = texts
            .iter()
            .map(|t| {
                let terms: Vec<String> = terms(t, &plurals).iter().map(|x| json_string(x)).collect();
                format!("[{},{},[{}]]", json_string(t), json_string(&fold(t)), terms.join(","))
            })
            .collect();
        out.push_str(&cases.join(",\n"));
        out.push_str("\n],\"categories\":{");
        // The plural category of 0..CATEGORIES in each language, a letter
        // each (z, o, t, f, m, x for other): the count on the search page.
        let langs: Vec<String> = ["ar", "en", "ar-SY"]
            .iter()
            .map(|code| {
                let lang = crate::locale::Lang::new(code);
                let letters: String = (0..CATEGORIES)
                    .map(|n| match crate::plural::select(&lang, n) {
                        crate::plural::Category::Other => 'x',
                        c => c.as_str().chars().next().unwrap_or('x'),
                    })
                    .collect();
                format!("{}:{}", json_string(code), json_string(&letters))
            })
            .collect();
        out.push_str(&langs.join(","));
        out.push_str("}}\n");
        out
    }

    /// How many whole numbers the plural vectors cover.
    const CATEGORIES: u64 = 1300;

    #[test]
    fn the_scripts_vectors_are_up_to_date() {
        let want = render();
        let have = std::fs::read_to_string(PATH).unwrap_or_default();
        if have != want {
            if std::env::var_os("MUJAZ_UPDATE_VECTORS").is_some() {
                std::fs::write(PATH, &want).expect("write vectors");
            } else {
                panic!(
                    "{PATH} is out of date: run MUJAZ_UPDATE_VECTORS=1 cargo test --lib vectors, and check search.js against it"
                );
            }
        }
    }
}
