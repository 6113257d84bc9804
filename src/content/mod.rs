//! Stage 2: the site's Markdown files, parsed and validated.
//!
//! Takes the root folder and the [`Config`]; returns every brief and page
//! as a [`Doc`]: where it came from, its validated front matter and its
//! Markdown body. Refuses files named outside the contract, files that are
//! not UTF-8, and front matter that breaks the contract, with every problem
//! located; a refused file whose body could be found comes back as an
//! [`Unchecked`] body, never as a `Doc`, so its body is still checked.
//! Nothing here renders: rendered HTML lives elsewhere.

mod discover;
mod frontmatter;

pub use discover::{Asset, Discovered, discover, leads_out, leaves, link_out, named_link_out, shown, walk_inside};
pub use frontmatter::{Read, parse_doc, read_doc, split_front_matter};

use crate::config::Tax;
use chrono::NaiveDate;
use std::path::PathBuf;

/// Which part of the site a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Briefs,
    Pages,
}

impl Section {
    pub fn dir(self) -> &'static str {
        match self {
            Section::Briefs => "briefs",
            Section::Pages => "pages",
        }
    }
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub section: Section,
    pub slug: String,
    pub lang: String,
    /// The path shown in messages (relative to the root when possible).
    pub path: PathBuf,
    /// The path to read.
    pub fs_path: PathBuf,
    /// The bundle folder, for `<slug>/index.<lang>.md`.
    pub bundle: Option<PathBuf>,
}

/// A brief's lead image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Width and height read from the file at build time; none for a URL.
    pub size: Option<crate::dimensions::Size>,
}

/// One cited source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: Option<NaiveDate>,
    // sources: what `[@id]` cites, and the Admiralty grade shown beside it.
    /// What `[@id]` in the body cites: lowercase letters, digits and `-`.
    pub id: Option<String>,
    pub grade: Option<crate::sources::Grade>,
}

/// A dated incident that feeds the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: NaiveDate,
    pub region: String,
    pub kind: String,
    pub title: String,
}

/// When a document is dated. A brief always is: its `date` is required,
/// and a brief without one never becomes a [`Doc`]. A page is when its
/// front matter says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    Brief(NaiveDate),
    Page(Option<NaiveDate>),
}

impl Dated {
    /// The date, when there is one (always, for a brief).
    pub fn get(self) -> Option<NaiveDate> {
        match self {
            Dated::Brief(d) => Some(d),
            Dated::Page(d) => d,
        }
    }
}

/// Validated front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub date: Dated,
    pub summary: Option<String>,
    pub updated: Option<NaiveDate>,
    pub authors: Vec<String>,
    pub topics: Vec<String>,
    pub regions: Vec<String>,
    pub draft: bool,
    pub image: Option<Image>,
    pub sources: Vec<Citation>,
    pub events: Vec<Event>,
    /// Key judgments, marking and revisions (analytic briefs).
    pub analytic: crate::analytic::Analytic,
}

impl Meta {
    /// The keys of `tax` the document is filed under.
    pub fn terms(&self, tax: Tax) -> &[String] {
        match tax {
            Tax::Topics => &self.topics,
            Tax::Regions => &self.regions,
        }
    }

    /// Every term the document is filed under: its topics, then its regions.
    pub fn all_terms(&self) -> impl Iterator<Item = (Tax, &String)> {
        Tax::ALL.into_iter().flat_map(move |tax| self.terms(tax).iter().map(move |k| (tax, k)))
    }
}

/// A brief or a page in one language whose front matter is valid: where
/// it came from, what its front matter says, and its Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub src: SourceFile,
    pub meta: Meta,
    pub body: String,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// A file whose front matter has errors: it has no [`Meta`], is never
/// linked into the site nor rendered into a page, and is kept only so
/// that its body (links, images, charts) is checked in the same run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked {
    pub src: SourceFile,
    pub body: String,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Whether the front matter says `draft: true`, as far as it could be read.
    pub draft: bool,
}

pub use crate::text::{is_slug, normalize};
