//! Which pages a change to some documents can alter.
//!
//! Takes the site after the change and, for each changed document, how it
//! changed; returns the jobs whose output may differ, or `None` when the
//! change reaches every page (a new order of briefs, new counts in the
//! navigation). The sitemap and the search index of the changed languages
//! are rendered by the caller in every case.

use super::brief::{near, related};
use super::jobs::{Job, page_of};
use crate::config::Tax;
use crate::content::Section;
use crate::site::Site;
use std::collections::BTreeSet;

/// How one document changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only the Markdown body: its own page shows it.
    Body,
    /// Front matter other than what orders and counts briefs (date, topics,
    /// regions, draft): every page that shows its title, summary or dates.
    Meta,
}

/// The jobs `changed` can alter, or `None` for all of them.
pub fn affected(site: &Site, changed: &[(usize, Change)]) -> Option<Vec<Job>> {
    let mut jobs: Vec<Job> = Vec::new();
    let mut docs: BTreeSet<usize> = BTreeSet::new();
    for &(index, change) in changed {
        docs.insert(index);
        if change == Change::Body {
            continue;
        }
        let doc = &site.docs[index];
        if doc.src.section == Section::Pages {
            // Page titles are in every page's navigation.
            return None;
        }
        let lang = doc.src.lang.clone();
        jobs.push(Job::Root);
        jobs.push(Job::Home { lang: lang.clone(), page: page_of(site.position(index)) });
        jobs.push(Job::Feed { lang: lang.clone() });
        // A language without briefs dates its feed by the newest of the site.
        for other in site.config.languages.iter().filter(|l| site.brief_indexes(&l.code).is_empty()) {
            jobs.push(Job::Feed { lang: other.code.clone() });
        }
        jobs.push(Job::Timeline { lang: lang.clone() });
        for tax in Tax::ALL {
            for key in doc.meta.terms(tax) {
                let list = site.term_indexes(&lang, tax, key);
                let page = page_of(list.binary_search(&index).unwrap_or(0));
                jobs.push(Job::Term { lang: lang.clone(), tax, key: key.clone(), page });
            }
        }
        // Newer and older neighbours show its title.
        let list = site.brief_indexes(&lang);
        let pos = site.position(index);
        docs.extend(pos.checked_sub(1).and_then(|p| list.get(p)).copied());
        docs.extend(list.get(pos + 1).copied());
        // Briefs that list it among their related briefs show its card.
        for (tax, key) in doc.meta.all_terms() {
            for &other in near(site, &lang, tax, key, index) {
                if other != index && !docs.contains(&other) && related(site, other).contains(&index) {
                    docs.insert(other);
                }
            }
        }
    }
    jobs.sort();
    jobs.dedup();
    jobs.extend(docs.into_iter().map(|index| Job::Doc { index }));
    Some(jobs)
}
