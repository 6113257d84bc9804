//! Stage 3: documents linked into a site.
//!
//! Takes the [`Config`] and the parsed documents; returns a [`Site`] that
//! knows each brief's translations, the briefs of each language newest
//! first, the briefs under each topic and region, and every event. Refuses
//! two files for one brief in one language, and a page whose slug would
//! take the place of a generated section.

use crate::config::{Config, Tax};
use crate::content::{Asset, Doc, Event, Section, SourceFile};
use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Slugs a plain page cannot take: the site's own sections.
// Analytic briefs add `judgments`, the page explaining key judgments.
pub const RESERVED: &[&str] = &["briefs", "topics", "regions", "timeline", "search", "static", "pages", "judgments"];

/// The site, linked: documents plus the indexes built over them.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub root: PathBuf,
    /// Briefs newest first, then pages by slug.
    pub docs: Vec<Doc>,
    pub assets: Vec<Asset>,
    translations: HashMap<(Section, String), Vec<usize>>,
    /// Per language: indexes of its briefs, newest first, and of its pages.
    briefs: HashMap<String, Vec<usize>>,
    pages: HashMap<String, Vec<usize>>,
    /// Each document's place in its language's list.
    position: Vec<usize>,
    /// (language, taxonomy, key) → briefs carrying the key, newest first.
    terms: HashMap<(String, Tax, String), Vec<usize>>,
    /// The words of the documents' search entries, numbered: an entry
    /// holds numbers of this site's vocabulary.
    pub search_words: crate::search::Words,
}

impl Site {
    /// Links documents into a site.
    pub fn link(config: Config, root: PathBuf, docs: Vec<Doc>, assets: Vec<Asset>) -> Result<Site, Vec<Diagnostic>> {
        Site::link_beside(config, root, docs, std::iter::empty(), assets)
    }

    /// Links documents into a site. `others` are the files kept out of it
    /// for errors in their front matter: their names are checked too.
    pub fn link_beside<'a>(
        config: Config,
        root: PathBuf,
        mut docs: Vec<Doc>,
        others: impl Iterator<Item = &'a SourceFile>,
        assets: Vec<Asset>,
    ) -> Result<Site, Vec<Diagnostic>> {
        // Briefs newest first; pages with a date newest first, then the others.
        let key = |d: &Doc| (d.src.section, std::cmp::Reverse(d.meta.date.get()));
        docs.sort_by(|a, b| (key(a), &a.src.slug, &a.src.lang).cmp(&(key(b), &b.src.slug, &b.src.lang)));
        let mut files: Vec<&SourceFile> = docs.iter().map(|d| &d.src).collect();
        for src in others {
            files.push(src);
        }
        let diags = check_names(files);
        if !diags.is_empty() {
            return Err(diags);
        }
        let docs_text = docs.iter().map(|d| d.meta.title.len() + d.body.len()).sum();
        let mut site = Site {
            config,
            root,
            docs,
            assets,
            translations: HashMap::new(),
            briefs: HashMap::new(),
            pages: HashMap::new(),
            position: Vec::new(),
            terms: HashMap::new(),
            search_words: crate::search::Words::for_text(docs_text),
        };
        site.index();
        Ok(site)
    }

    /// Builds the lookups over the sorted documents.
    fn index(&mut self) {
        for (i, d) in self.docs.iter().enumerate() {
            let lang = d.src.lang.clone();
            self.translations.entry((d.src.section, d.src.slug.clone())).or_default().push(i);
            let list = match d.src.section {
                Section::Briefs => self.briefs.entry(lang.clone()).or_default(),
                Section::Pages => self.pages.entry(lang.clone()).or_default(),
            };
            self.position.push(list.len());
            list.push(i);
            if d.src.section == Section::Briefs {
                for tax in Tax::ALL {
                    for k in d.meta.terms(tax) {
                        self.terms.entry((lang.clone(), tax, k.clone())).or_default().push(i);
                    }
                }
            }
        }
    }

    /// Briefs in `lang`, newest first.
    pub fn briefs<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Doc> + 'a {
        self.brief_indexes(lang).iter().map(|&i| &self.docs[i])
    }

    /// Indexes into `docs` of the briefs in `lang`, newest first.
    pub fn brief_indexes(&self, lang: &str) -> &[usize] {
        self.briefs.get(lang).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A document's place in its language's list of briefs (or pages).
    pub fn position(&self, index: usize) -> usize {
        self.position[index]
    }

    /// Indexes of the briefs in `lang` carrying `key` of `taxonomy`, newest first.
    pub fn term_indexes(&self, lang: &str, tax: Tax, key: &str) -> &[usize] {
        self.terms.get(&(lang.to_string(), tax, key.to_string())).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The index of `docs[index]`'s version in `lang`, if there is one.
    pub fn version_index(&self, index: usize, lang: &str) -> Option<usize> {
        let d = &self.docs[index];
        self.translations
            .get(&(d.src.section, d.src.slug.clone()))?
            .iter()
            .copied()
            .find(|&i| self.docs[i].src.lang == lang)
    }

    /// The date of the newest brief.
    pub fn latest(&self) -> Option<chrono::NaiveDate> {
        // Briefs come first in `docs`, newest first.
        self.docs.first().and_then(|d| d.meta.date.get())
    }

    /// Plain pages in `lang`, by slug.
    pub fn pages<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Doc> + 'a {
        self.pages.get(lang).map(Vec::as_slice).unwrap_or(&[]).iter().map(|&i| &self.docs[i])
    }

    /// Every version of `doc`, itself included, in the order of the site's languages.
    pub fn versions(&self, doc: &Doc) -> Vec<&Doc> {
        let mut out: Vec<&Doc> = self
            .translations
            .get(&(doc.src.section, doc.src.slug.clone()))
            .map(|v| v.iter().map(|&i| &self.docs[i]).collect())
            .unwrap_or_default();
        let order = |d: &&Doc| self.config.languages.iter().position(|l| l.code == d.src.lang);
        out.sort_by_key(order);
        out
    }

    /// Every event of the briefs in `lang`, by date, with its brief.
    pub fn events<'a>(&'a self, lang: &'a str) -> Vec<(&'a Event, &'a Doc)> {
        let mut out: Vec<(&Event, &Doc)> =
            self.briefs(lang).flat_map(|d| d.meta.events.iter().map(move |e| (e, d))).collect();
        out.sort_by(|a, b| (a.0.date, &a.1.src.slug, &a.0.title).cmp(&(b.0.date, &b.1.src.slug, &b.0.title)));
        out
    }
}

/// Two files for one document in one language, and pages named like the
/// site's own sections.
fn check_names(files: Vec<&SourceFile>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: HashMap<(Section, &str, &str), &Path> = HashMap::new();
    for src in files {
        let key = (src.section, src.slug.as_str(), src.lang.as_str());
        if let Some(first) = seen.insert(key, &src.path) {
            diags.push(
                Diagnostic::error(&src.path, format!("`{}` in `{}` is written twice", src.slug, src.lang))
                    .at(1, 1)
                    .help(format!("the other file is {}; keep one of them", first.display())),
            );
        }
        if src.section == Section::Pages && RESERVED.contains(&src.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &src.path,
                    format!("a page cannot be named `{}`: the site uses that address", src.slug),
                )
                .at(1, 1)
                .help("rename the file"),
            );
        }
    }
    diags
}

/// The URL path of a document from the site root: `en/briefs/x/` or `en/x/`.
pub fn doc_url(doc: &Doc) -> String {
    crate::urls::doc(doc.src.section, &doc.src.lang, &doc.src.slug)
}

pub use crate::urls::root_prefix;
