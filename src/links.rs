//! Stage 5: every internal link checked against the pages the site will have.
//!
//! Takes the set of output paths and each document's rendered body; returns
//! an error, at the link's line, for a link to a page or file the build will
//! not write, and for a `#fragment` that is not an id of its target page.

use crate::diag::Diagnostic;
use crate::markdown::{InternalLink, Rendered};
use crate::site::{Site, doc_url};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// How many broken links get a "did you mean" each run: the search
/// weighs every page of a folder, and a site with thousands of broken
/// links needs the list, not a guess for each.
const SUGGESTIONS: usize = 200;

/// Checks the links of every document.
pub fn check(site: &Site, bodies: &[Rendered], outputs: &HashSet<String>) -> Vec<Diagnostic> {
    let docs: Vec<_> = site.docs.iter().map(|d| d.src.path.as_path()).zip(bodies).collect();
    check_others(site, bodies, &docs, outputs)
}

/// Checks the links of `others`, each a file's path and body, against the
/// site whose documents' bodies are `bodies`: the documents themselves,
/// or files kept out of the site for errors in their front matter.
pub fn check_others(
    site: &Site,
    bodies: &[Rendered],
    others: &[(&Path, &Rendered)],
    outputs: &HashSet<String>,
) -> Vec<Diagnostic> {
    // Ids of each document page, by URL.
    let ids: HashMap<String, &HashSet<String>> =
        site.docs.iter().zip(bodies).map(|(d, r)| (doc_url(d), &r.ids)).collect();
    let mut near = Nearest::new(outputs);
    let mut diags = Vec::new();
    for &(path, body) in others {
        for link in &body.links {
            let target = link.target.split('?').next().unwrap_or("");
            let file = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target.to_string()
            };
            let decoded = percent_decode(&file);
            if !outputs.contains(&decoded) && !outputs.contains(&format!("{decoded}/index.html")) {
                diags.push(broken(path, link, &decoded, &mut near));
                continue;
            }
            if let Some(fragment) = &link.fragment {
                let frag = percent_decode(fragment);
                let known = ids.get(target).is_none_or(|set| set.contains(&frag));
                // Pages that are not documents (lists, timeline) are not checked for ids.
                if !known && !frag.is_empty() && frag != "top" {
                    let mut d = Diagnostic::error(
                        path,
                        format!("broken link: `#{fragment}` is not a heading or note of `{}`", link.target),
                    )
                    .at(link.line, link.col);
                    if let Some(set) = ids.get(target)
                        && near.take()
                    {
                        d.help = crate::diag::did_you_mean(&frag, sorted(set));
                    }
                    diags.push(d);
                }
            }
        }
    }
    diags
}

/// The error of a link to nothing the build writes: a draft's page says
/// so; anything else gets the nearest page or file, if one is near.
fn broken(path: &std::path::Path, link: &InternalLink, file: &str, near: &mut Nearest) -> Diagnostic {
    if let Some(source) = &link.source {
        return Diagnostic::error(path, format!("link to `{source}`, which is a draft: its page is not published"))
            .at(link.line, link.col)
            .help("publish the draft (remove `draft: true`), or build with `--drafts` to preview it");
    }
    let mut d = Diagnostic::error(path, format!("broken link: `{}` is not a page or file of this site", link.target))
        .at(link.line, link.col);
    d.help = Some(match near.find(file) {
        Some(url) => format!("did you mean `/{url}`?"),
        None => "link to another brief by its file, e.g. `other-brief.en.md`, or check the path".into(),
    });
    d
}

fn sorted(set: &HashSet<String>) -> Vec<&str> {
    let mut v: Vec<&str> = set.iter().map(String::as_str).collect();
    v.sort_unstable();
    v
}

/// The nearest output to a missing one, among those of its folder.
struct Nearest<'a> {
    outputs: &'a HashSet<String>,
    /// Pages and files by folder, as links write them (`en/briefs/x/`),
    /// made at the first broken link: a site without one never pays for it.
    by_folder: Option<HashMap<&'a str, Vec<String>>>,
    left: usize,
}

impl<'a> Nearest<'a> {
    fn new(outputs: &'a HashSet<String>) -> Self {
        Nearest { outputs, by_folder: None, left: SUGGESTIONS }
    }

    fn folders(outputs: &'a HashSet<String>) -> HashMap<&'a str, Vec<String>> {
        let mut by_folder: HashMap<&str, Vec<String>> = HashMap::new();
        for out in outputs {
            let shown = out.strip_suffix("index.html").unwrap_or(out);
            let shown = shown.trim_end_matches('/');
            let folder = shown.rfind('/').map_or("", |i| &out[..=i]);
            let url = if out.ends_with("index.html") { format!("{shown}/") } else { shown.to_string() };
            by_folder.entry(folder).or_default().push(url);
        }
        for urls in by_folder.values_mut() {
            urls.sort_unstable();
        }
        by_folder
    }

    /// Whether a suggestion may still be looked for, counting this one.
    fn take(&mut self) -> bool {
        self.left = self.left.saturating_sub(1);
        self.left > 0
    }

    fn find(&mut self, file: &str) -> Option<String> {
        if !self.take() {
            return None;
        }
        let wanted = file.strip_suffix("index.html").unwrap_or(file);
        let folder = wanted.trim_end_matches('/').rfind('/').map_or("", |i| &wanted[..=i]);
        let name = &wanted[folder.len()..];
        let len = name.chars().count();
        let outputs = self.outputs;
        let urls = self.by_folder.get_or_insert_with(|| Self::folders(outputs)).get(folder)?;
        // Names far longer or shorter cannot be near; weigh only the others.
        let close = urls
            .iter()
            .map(|u| &u[folder.len()..])
            .filter(|n| !n.is_empty() && n.chars().count().abs_diff(len) <= len / 3 + 1);
        crate::diag::suggest(name, close).map(|n| format!("{folder}{n}"))
    }
}

/// Decodes `%XX` escapes (Arabic URLs are often written encoded).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_arabic_fragments() {
        assert_eq!(super::percent_decode("%D8%AE%D9%84%D9%81%D9%8A%D8%A9"), "خلفية");
        assert_eq!(super::percent_decode("a%2"), "a%2");
    }
}
