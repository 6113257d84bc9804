//! Stage 5: every internal link checked against the pages the site will have.
//!
//! Takes the set of output paths and each document's rendered body; returns
//! an error, at the link's line, for a link to a page or file the build will
//! not write, and for a `#fragment` that is not an id of its target page.

use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::site::{Site, doc_url};
use std::collections::{HashMap, HashSet};

/// Checks the links of every document.
pub fn check(site: &Site, bodies: &[Rendered], outputs: &HashSet<String>) -> Vec<Diagnostic> {
    // Ids of each document page, by URL.
    let ids: HashMap<String, &HashSet<String>> =
        site.docs.iter().zip(bodies).map(|(d, r)| (doc_url(d), &r.ids)).collect();
    let mut diags = Vec::new();
    for (doc, body) in site.docs.iter().zip(bodies) {
        for link in &body.links {
            let target = link.target.split('?').next().unwrap_or("");
            let file = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target.to_string()
            };
            let decoded = percent_decode(&file);
            if !outputs.contains(&decoded) && !outputs.contains(&format!("{decoded}/index.html")) {
                diags.push(
                    Diagnostic::error(
                        &doc.src.path,
                        format!("broken link: `{}` is not a page or file of this site", link.target),
                    )
                    .at(link.line, link.col)
                    .help("link to another brief by its file, e.g. `other-brief.en.md`, or check the path"),
                );
                continue;
            }
            if let Some(fragment) = &link.fragment {
                let frag = percent_decode(fragment);
                let known = ids.get(target).is_none_or(|set| set.contains(&frag));
                // Pages that are not documents (lists, timeline) are not checked for ids.
                if !known && !frag.is_empty() && frag != "top" {
                    diags.push(
                        Diagnostic::error(
                            &doc.src.path,
                            format!("broken link: `#{fragment}` is not a heading or note of `{}`", link.target),
                        )
                        .at(link.line, link.col),
                    );
                }
            }
        }
    }
    diags
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
