//! Stage 1: `site.yaml` into a validated [`Config`].
//!
//! Takes the site's root folder; returns the languages with their direction,
//! the taxonomies with a label per language, the theme and the date and
//! number settings. Refuses an unknown field, a language without a code or
//! direction, a default language that is not listed, and a taxonomy label
//! missing for a language, each with the line of `site.yaml` to fix.

use crate::diag::Diagnostic;
use crate::fields::{Fields, join};
use crate::locale::{ArabicMonths, Dir, Lang, Locale, Numerals};
use crate::yaml::{self, Mapping, Seg, Value, scalar_text};
use std::collections::BTreeMap;
use std::path::Path;

/// A language the site publishes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub dir: Dir,
}

/// Text given once per language (or once for all).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translated(pub BTreeMap<String, String>);

impl Translated {
    /// The text in `lang`, else in any language (they are all checked to exist).
    pub fn get(&self, lang: &str) -> &str {
        self.0.get(lang).or_else(|| self.0.values().next()).map(String::as_str).unwrap_or("")
    }
}

/// One key of a taxonomy with its labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub key: String,
    pub label: Translated,
}

/// A taxonomy: its name (`topics`) and its terms in `site.yaml` order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Taxonomy {
    pub name: String,
    pub terms: Vec<Term>,
}

impl Taxonomy {
    pub fn term(&self, key: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.key == key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|t| t.key.as_str())
    }
}

/// The validated site settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub title: Translated,
    pub description: Translated,
    /// Without a trailing slash.
    pub base_url: String,
    pub theme: String,
    pub default_language: String,
    pub languages: Vec<Language>,
    pub topics: Taxonomy,
    pub regions: Taxonomy,
    /// When present, event kinds must be its keys.
    pub kinds: Option<Taxonomy>,
    pub arabic_months: ArabicMonths,
    pub numerals: Numerals,
    /// The scale of key judgments' likelihood (`estimative`).
    pub estimative: crate::analytic::Scale,
    /// The highest marking a brief of this site may carry (`max_marking`).
    pub max_marking: crate::analytic::Marking,
    // --- maps (issue #14) ---
    /// `map:`: where regions are and the outlines drawn under maps.
    pub map: Option<crate::geo::Atlas>,
    // --- search (issue 13) ---
    /// Broken plurals the search joins to their singular: mujaz's own
    /// list and the site's `search: plurals:`.
    pub search_plurals: crate::search::analyse::Plurals,
}

/// A taxonomy briefs are filed under, each with its own pages: the
/// closed list of them, so a name that is not one cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tax {
    Topics,
    Regions,
}

impl Tax {
    /// Every taxonomy, in the order pages list them.
    pub const ALL: [Tax; 2] = [Tax::Topics, Tax::Regions];

    /// The name in site.yaml, in front matter and in URLs: `topics`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tax::Topics => "topics",
            Tax::Regions => "regions",
        }
    }
}

const FIELDS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "theme",
    "default_language",
    "languages",
    "taxonomies",
    "arabic_months",
    "numerals",
    // Analytic briefs.
    "estimative",
    "max_marking",
    // maps (issue #14)
    "map",
    // --- search (issue 13) ---
    "search",
];

impl Config {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn locale(&self, lang: &Language) -> Locale {
        Locale::new(&lang.code, lang.dir, self.numerals, self.arabic_months)
    }

    /// The keys and labels of a taxonomy briefs are filed under.
    pub fn terms(&self, tax: Tax) -> &Taxonomy {
        match tax {
            Tax::Topics => &self.topics,
            Tax::Regions => &self.regions,
        }
    }

    /// Loads and validates `<root>/site.yaml`.
    pub fn load(root: &Path, display: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = display.join("site.yaml");
        if let Some(to) = crate::content::leads_out(root, &root.join("site.yaml")) {
            return Err(vec![crate::content::link_out(&path, &to)]);
        }
        let bytes = std::fs::read(root.join("site.yaml")).map_err(|e| {
            vec![
                Diagnostic::error(&path, format!("cannot read site.yaml: {e}"))
                    .help("run `mujaz init <dir>` to start a new site, or pass --root"),
            ]
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| vec![Diagnostic::error(&path, "site.yaml is not valid UTF-8 text")])?;
        let text = crate::text::normalize(text);
        let mut config = Config::parse(&text, &path)?;
        // --- maps (issue #14): the outlines `map:` names, read once per build ---
        let regions: Vec<String> = config.regions.keys().map(String::from).collect();
        if let Some(atlas) = &mut config.map {
            let regions: Vec<&str> = regions.iter().map(String::as_str).collect();
            let diags = atlas.read_outlines(root, display, &regions);
            if !diags.is_empty() {
                return Err(diags);
            }
        }
        Ok(config)
    }

    /// Validates the text of a `site.yaml`; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Vec<Diagnostic>> {
        let tree = yaml::parse(text)
            .map_err(|e| vec![Diagnostic { help: e.help, ..Diagnostic::error(path, e.message).at(e.line, e.col) }])?;
        let mut f = Fields::new(path, text, 0);
        let Some(map) = f.mapping(&tree, &[], "site.yaml") else { return Err(f.diags) };
        f.unknown_keys(map, &[], FIELDS, "site.yaml");
        let languages = read_languages(&mut f, map);
        let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        let title = translated(&mut f, map, &[], "title", &codes, true);
        let description = translated(&mut f, map, &[], "description", &codes, false);
        let base_url = f.text(map, &[], "base_url", true).unwrap_or_default();
        if !is_base_url(&base_url) {
            f.error_at_value(&[Seg::Key("base_url")], &base_url, "`base_url` must start with http:// or https://");
        }
        let theme = f.text(map, &[], "theme", false).unwrap_or_else(|| "default".into());
        let default_language = f
            .text(map, &[], "default_language", false)
            .or_else(|| codes.first().map(|c| c.to_string()))
            .unwrap_or_default();
        if !codes.is_empty() && !codes.contains(&default_language.as_str()) {
            f.error_at_value(
                &[Seg::Key("default_language")],
                &default_language,
                format!("default_language `{default_language}` is not one of the languages"),
            )
            .help = crate::diag::did_you_mean(&default_language, codes.iter().copied());
        }
        let (topics, regions, kinds) = read_taxonomies(&mut f, map, &codes);
        let arabic_months = setting(&mut f, map, "arabic_months", &["both", "levantine", "egyptian"]);
        let numerals = setting(&mut f, map, "numerals", &["latin", "arabic-indic"]);
        let estimative = setting(&mut f, map, "estimative", &["phia", "icd203"]);
        let max_marking = crate::analytic::marking::setting(&mut f, map);
        // maps (issue #14)
        let region_keys: Vec<&str> = regions.keys().collect();
        let site_map = crate::geo::settings::read(&mut f, map, &region_keys);
        // --- search (issue 13) ---
        let search_plurals = read_search(&mut f, map);
        if !f.diags.is_empty() {
            return Err(f.diags);
        }
        Ok(Config {
            title,
            description,
            base_url: base_url.trim_end_matches('/').to_string(),
            theme,
            default_language,
            languages,
            topics,
            regions,
            kinds,
            arabic_months,
            numerals,
            estimative,
            max_marking,
            map: site_map,
            search_plurals,
        })
    }
}

fn read_languages(f: &mut Fields, map: &Mapping) -> Vec<Language> {
    let mut out: Vec<Language> = Vec::new();
    let items = f.map_list(map, &[], "languages");
    if items.is_empty() && !f.diags.iter().any(|d| d.message.contains("`languages`")) {
        f.error_at_key(&[], "missing required field `languages`").help = Some(
            "list them: `languages: [{code: ar, name: \"العربية\", dir: rtl}, {code: en, name: English, dir: ltr}]`"
                .into(),
        );
    }
    for (i, item) in items {
        let at = crate::fields::index(&[], "languages", i);
        f.unknown_keys(item, &at, &["code", "name", "dir"], "a language");
        let code = f.text(item, &at, "code", true).unwrap_or_default();
        if !code.is_empty() && !code.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            f.error_at_value(
                &join(&at, "code"),
                &code,
                format!("language code `{code}` must be lowercase letters, like `ar` or `en`"),
            );
        }
        if out.iter().any(|l| l.code == code) {
            f.error_at_value(&join(&at, "code"), &code, format!("language `{code}` is listed twice"));
        }
        let name = f.text(item, &at, "name", false).unwrap_or_else(|| code.clone());
        let dir = match f.text(item, &at, "dir", false).as_deref() {
            None => Lang::new(&code).default_dir(),
            Some("rtl") => Dir::Rtl,
            Some("ltr") => Dir::Ltr,
            Some(other) => {
                f.error_at_value(&join(&at, "dir"), other, format!("`dir` must be `rtl` or `ltr`, not `{other}`"));
                Dir::Ltr
            }
        };
        out.push(Language { code, name, dir });
    }
    out
}

/// A text, or a mapping of language code to text covering every language.
fn translated(f: &mut Fields, map: &Mapping, at: &[Seg], key: &str, codes: &[&str], required: bool) -> Translated {
    let path = join(at, key);
    match map.get(key) {
        None | Some(Value::Null) => {
            if required {
                f.error_at_key(at, format!("missing required field `{key}`"));
            }
            Translated::default()
        }
        Some(Value::Mapping(m)) => {
            let mut out = BTreeMap::new();
            for (k, v) in m {
                let lang = scalar_text(k).unwrap_or_default();
                if !codes.contains(&lang.as_str()) {
                    let mut p = path.clone();
                    p.push(Seg::Key(&lang));
                    f.error_at_key(&p, format!("`{lang}` in `{key}` is not one of the site's languages")).help =
                        crate::diag::did_you_mean(&lang, codes.iter().copied());
                    continue;
                }
                match scalar_text(v) {
                    Some(s) if !s.trim().is_empty() => {
                        let mut p = path.clone();
                        p.push(Seg::Key(&lang));
                        f.check_text(&p, &format!("{key}.{lang}"), &s);
                        out.insert(lang, s);
                    }
                    _ => {
                        let mut p = path.clone();
                        p.push(Seg::Key(&lang));
                        f.error_at_key(&p, format!("`{key}` in `{lang}` must be text"));
                    }
                }
            }
            for code in codes {
                if !out.contains_key(*code) && !m.is_empty() {
                    f.error_at_key(&path, format!("`{key}` has no text in `{code}`")).help =
                        Some(format!("add `{code}: \"…\"` to `{key}`"));
                }
            }
            Translated(out)
        }
        Some(v) => match scalar_text(v) {
            Some(s) => {
                f.check_text(&path, key, &s);
                Translated(codes.iter().map(|c| (c.to_string(), s.clone())).collect())
            }
            None => {
                f.error_at_key(&path, format!("`{key}` must be text or one text per language"));
                Translated::default()
            }
        },
    }
}

fn read_taxonomies(f: &mut Fields, map: &Mapping, codes: &[&str]) -> (Taxonomy, Taxonomy, Option<Taxonomy>) {
    let mut topics = Taxonomy { name: Tax::Topics.as_str().into(), terms: vec![] };
    let mut regions = Taxonomy { name: Tax::Regions.as_str().into(), terms: vec![] };
    let mut kinds = None;
    let Some(v) = map.get("taxonomies") else { return (topics, regions, kinds) };
    let Some(tax) = f.mapping(v, &[Seg::Key("taxonomies")], "taxonomies") else { return (topics, regions, kinds) };
    f.unknown_keys(tax, &[Seg::Key("taxonomies")], &["topics", "regions", "kinds"], "taxonomies");
    for (name, slot) in [(Tax::Topics.as_str(), &mut topics), (Tax::Regions.as_str(), &mut regions)] {
        *slot = read_taxonomy(f, tax, name, codes);
    }
    if tax.contains_key("kinds") {
        kinds = Some(read_taxonomy(f, tax, "kinds", codes));
    }
    (topics, regions, kinds)
}

fn read_taxonomy(f: &mut Fields, tax: &Mapping, name: &str, codes: &[&str]) -> Taxonomy {
    let at = [Seg::Key("taxonomies"), Seg::Key(name)];
    let mut terms = Vec::new();
    let Some(v) = tax.get(name) else { return Taxonomy { name: name.into(), terms } };
    let Some(m) = f.mapping(v, &at, name) else { return Taxonomy { name: name.into(), terms } };
    for (k, _) in m {
        let key = scalar_text(k).unwrap_or_default();
        if !crate::text::is_slug(&key) {
            let mut p = at.to_vec();
            p.push(Seg::Key(&key));
            f.error_at_key(&p, format!("taxonomy key `{key}` must be lowercase ASCII letters, digits and `-`"));
        }
        let label = translated(f, m, &at, &key, codes, true);
        terms.push(Term { key, label });
    }
    Taxonomy { name: name.into(), terms }
}

// --- search (issue 13) ---
/// `search: {plurals: {plural: singular, …}}`: the site's broken plurals,
/// added to mujaz's own.
fn read_search(f: &mut Fields, map: &Mapping) -> crate::search::analyse::Plurals {
    let at = [Seg::Key("search")];
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(v) = map.get("search")
        && let Some(search) = f.mapping(v, &at, "search")
    {
        f.unknown_keys(search, &at, &["plurals"], "search");
        let plurals_at = [Seg::Key("search"), Seg::Key("plurals")];
        if let Some(v) = search.get("plurals")
            && let Some(m) = f.mapping(v, &plurals_at, "plurals")
        {
            for (k, _) in m {
                let plural = scalar_text(k).unwrap_or_default();
                if let Some(singular) = f.text(m, &plurals_at, &plural, true) {
                    pairs.push((plural, singular));
                }
            }
        }
    }
    crate::search::analyse::Plurals::new(pairs.iter().map(|(p, s)| (p.as_str(), s.as_str())))
}

fn setting<T: serde::de::DeserializeOwned + Default>(f: &mut Fields, map: &Mapping, key: &str, allowed: &[&str]) -> T {
    let Some(text) = f.text(map, &[], key, false) else { return T::default() };
    match yaml::from_value::<T>(Value::String(text.clone())) {
        Ok(v) => v,
        Err(_) => {
            let help = crate::diag::did_you_mean(&text, allowed.iter().copied())
                .unwrap_or_else(|| format!("one of: {}", allowed.join(", ")));
            f.error_at_value(&[Seg::Key(key)], &text, format!("`{key}` cannot be `{text}`")).help = Some(help);
            T::default()
        }
    }
}

/// Whether `url` may be a site's base URL: an `http://` or `https://`
/// address, or nothing (links then start at the root). `site.yaml` and
/// `--base-url` follow this one rule.
pub fn is_base_url(url: &str) -> bool {
    url.is_empty() || url.starts_with("http://") || url.starts_with("https://")
}
