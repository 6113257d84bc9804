//! Which pages the site has: one [`Job`] per output file.

use crate::config::Tax;
use crate::site::{Site, doc_url};
use crate::urls;
use std::path::PathBuf;

/// One page (or feed) to render. Jobs order by what they are (their
/// variant, then their fields), so a list of them sorts the same every run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    Root,
    NotFound,
    /// A page of the latest briefs, from 1.
    Home {
        lang: String,
        page: usize,
    },
    Doc {
        index: usize,
    },
    TaxIndex {
        lang: String,
        tax: Tax,
    },
    /// A page of the briefs on one term, from 1.
    Term {
        lang: String,
        tax: Tax,
        key: String,
        page: usize,
    },
    Timeline {
        lang: String,
    },
    Feed {
        lang: String,
    },
    /// "How to read our judgments", on a site whose briefs state key judgments.
    Judgments {
        lang: String,
    },
    /// A language's search page (issue 13).
    Search {
        lang: String,
    },
}

impl Job {
    /// URL path from the site root (`en/briefs/x/`), or the file for feeds.
    pub fn url(&self, site: &Site) -> String {
        match self {
            Job::Root => String::new(),
            Job::NotFound => urls::NOT_FOUND.into(),
            Job::Home { lang, page } => urls::home_page(lang, *page),
            Job::Doc { index } => doc_url(&site.docs[*index]),
            Job::TaxIndex { lang, tax } => urls::taxonomy(lang, *tax),
            Job::Term { lang, tax, key, page } => urls::term_page(lang, *tax, key, *page),
            Job::Timeline { lang } => urls::timeline(lang),
            Job::Feed { lang } => urls::feed(lang),
            Job::Judgments { lang } => urls::judgments(lang),
            Job::Search { lang } => urls::search(lang),
        }
    }

    /// The file written for this job, relative to the output folder.
    pub fn path(&self, site: &Site) -> PathBuf {
        let url = self.url(site);
        if url.is_empty() || url.ends_with('/') {
            PathBuf::from(format!("{url}index.html"))
        } else {
            PathBuf::from(url)
        }
    }

    pub fn lang(&self, site: &Site) -> Option<String> {
        match self {
            Job::Root | Job::NotFound => None,
            Job::Home { lang, .. }
            | Job::TaxIndex { lang, .. }
            | Job::Term { lang, .. }
            | Job::Timeline { lang }
            | Job::Feed { lang }
            | Job::Judgments { lang }
            | Job::Search { lang } => Some(lang.clone()),
            Job::Doc { index } => Some(site.docs[*index].src.lang.clone()),
        }
    }

    /// This page in another language, if it exists there.
    pub fn version_in(&self, site: &Site, lang: &str) -> Option<Job> {
        let l = lang.to_string();
        match self {
            Job::Root | Job::NotFound | Job::Feed { .. } => None,
            // The same page number where the other language has it, else its first.
            Job::Home { page, .. } => {
                let page = if *page <= pages(site.brief_indexes(lang).len()) { *page } else { 1 };
                Some(Job::Home { lang: l, page })
            }
            Job::TaxIndex { tax, .. } => Some(Job::TaxIndex { lang: l, tax: *tax }),
            Job::Term { tax, key, page, .. } => {
                let page = if *page <= pages(site.term_indexes(lang, *tax, key).len()) { *page } else { 1 };
                Some(Job::Term { lang: l, tax: *tax, key: key.clone(), page })
            }
            Job::Timeline { .. } => Some(Job::Timeline { lang: l }),
            Job::Judgments { .. } => Some(Job::Judgments { lang: l }),
            Job::Search { .. } => Some(Job::Search { lang: l }),
            Job::Doc { index } => site.version_index(*index, lang).map(|index| Job::Doc { index }),
        }
    }
}

/// Every page of the site, in a stable order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Root, Job::NotFound];
    for lang in &site.config.languages {
        let l = lang.code.clone();
        for page in 1..=pages(site.brief_indexes(&l).len()) {
            jobs.push(Job::Home { lang: l.clone(), page });
        }
        jobs.push(Job::Timeline { lang: l.clone() });
        jobs.push(Job::Feed { lang: l.clone() });
        if has_judgments(site) {
            jobs.push(Job::Judgments { lang: l.clone() });
        }
        jobs.push(Job::Search { lang: l.clone() });
        for tax in Tax::ALL {
            jobs.push(Job::TaxIndex { lang: l.clone(), tax });
            for term in &site.config.terms(tax).terms {
                for page in 1..=pages(site.term_indexes(&l, tax, &term.key).len()) {
                    jobs.push(Job::Term { lang: l.clone(), tax, key: term.key.clone(), page });
                }
            }
        }
    }
    jobs.extend((0..site.docs.len()).map(|index| Job::Doc { index }));
    jobs
}

/// Whether some brief of the site states key judgments: only then does
/// the site explain how to read them.
pub fn has_judgments(site: &Site) -> bool {
    site.docs.iter().any(|d| !d.meta.analytic.key_judgments.is_empty())
}

/// Briefs on one page of a list: the home page, a topic, a region.
pub const PER_PAGE: usize = 24;

/// How many pages a list of `n` briefs takes (at least one).
pub fn pages(n: usize) -> usize {
    n.div_ceil(PER_PAGE).max(1)
}

/// The page a brief at `position` of a list falls on, from 1.
pub fn page_of(position: usize) -> usize {
    position / PER_PAGE + 1
}
