//! Which pages the site has: one [`Job`] per output file.

use crate::site::{Site, doc_url};
use std::path::PathBuf;

/// One page (or feed) to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Root,
    NotFound,
    Home { lang: String },
    Doc { index: usize },
    TaxIndex { lang: String, tax: &'static str },
    Term { lang: String, tax: &'static str, key: String },
    Timeline { lang: String },
    Feed { lang: String },
}

impl Job {
    /// URL path from the site root (`en/briefs/x/`), or the file for feeds.
    pub fn url(&self, site: &Site) -> String {
        match self {
            Job::Root => String::new(),
            Job::NotFound => "404.html".into(),
            Job::Home { lang } => format!("{lang}/"),
            Job::Doc { index } => doc_url(&site.docs[*index]),
            Job::TaxIndex { lang, tax } => format!("{lang}/{tax}/"),
            Job::Term { lang, tax, key } => format!("{lang}/{tax}/{key}/"),
            Job::Timeline { lang } => format!("{lang}/timeline/"),
            Job::Feed { lang } => format!("{lang}/atom.xml"),
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
            Job::Home { lang }
            | Job::TaxIndex { lang, .. }
            | Job::Term { lang, .. }
            | Job::Timeline { lang }
            | Job::Feed { lang } => Some(lang.clone()),
            Job::Doc { index } => Some(site.docs[*index].src.lang.clone()),
        }
    }

    /// This page in another language, if it exists there.
    pub fn version_in(&self, site: &Site, lang: &str) -> Option<Job> {
        let l = lang.to_string();
        match self {
            Job::Root | Job::NotFound | Job::Feed { .. } => None,
            Job::Home { .. } => Some(Job::Home { lang: l }),
            Job::TaxIndex { tax, .. } => Some(Job::TaxIndex { lang: l, tax }),
            Job::Term { tax, key, .. } => Some(Job::Term { lang: l, tax, key: key.clone() }),
            Job::Timeline { .. } => Some(Job::Timeline { lang: l }),
            Job::Doc { index } => site.version_index(*index, lang).map(|index| Job::Doc { index }),
        }
    }
}

/// Every page of the site, in a stable order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Root, Job::NotFound];
    for lang in &site.config.languages {
        let l = lang.code.clone();
        jobs.push(Job::Home { lang: l.clone() });
        jobs.push(Job::Timeline { lang: l.clone() });
        jobs.push(Job::Feed { lang: l.clone() });
        for tax in ["topics", "regions"] {
            jobs.push(Job::TaxIndex { lang: l.clone(), tax });
            for term in &site.config.taxonomy(tax).map(|t| t.terms.clone()).unwrap_or_default() {
                jobs.push(Job::Term { lang: l.clone(), tax, key: term.key.clone() });
            }
        }
    }
    jobs.extend((0..site.docs.len()).map(|index| Job::Doc { index }));
    jobs
}
