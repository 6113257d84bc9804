//! Reading one file: UTF-8, front matter, body.

use super::{Citation, Dated, Doc, Event, Image, Meta, Section, SourceFile, Unchecked, normalize};
use crate::config::{Config, Tax, Taxonomy};
use crate::diag::{Diagnostic, did_you_mean};
use crate::fields::{Fields, index, join, script_scheme};
use crate::yaml::{self, Mapping, Seg};
use std::path::Path;

const BRIEF_FIELDS: &[&str] =
    &["title", "date", "summary", "updated", "authors", "topics", "regions", "draft", "image", "sources", "events"];
const PAGE_FIELDS: &[&str] = &["title", "summary", "date", "updated", "draft"];

/// Reads and validates one document. Returns the document, or every
/// problem found in it.
pub fn parse_doc(src: SourceFile, config: &Config, site_root: &Path) -> Result<Doc, Vec<Diagnostic>> {
    match read_doc(src, config, site_root) {
        (Read::Valid(doc), diags) if diags.is_empty() => Ok(doc),
        (_, diags) => Err(diags),
    }
}

/// What reading one file gives.
// Almost every file is `Valid`: boxing it would cost an allocation per
// file to save space in the rare others.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Read {
    /// A document whose front matter is valid (it may have warnings).
    Valid(Doc),
    /// A body whose front matter has errors: only checked, never published.
    Unchecked(Unchecked),
    /// Nothing: the file cannot be read, or has no front matter.
    Unread,
}

/// Reads one document and every problem of its front matter. Whenever the
/// body could be found it comes back, even with front-matter errors (as
/// [`Read::Unchecked`]), so it can still be checked in the same run.
pub fn read_doc(src: SourceFile, config: &Config, site_root: &Path) -> (Read, Vec<Diagnostic>) {
    let text = match read_text(&src) {
        Ok(text) => text,
        Err(d) => return (Read::Unread, vec![d]),
    };
    let Some((fm, body, body_line)) = split_front_matter(&text) else {
        let d = Diagnostic::error(&src.path, "the file has no front matter")
            .at(1, 1)
            .help("start the file with a `---` line, the fields (title, date, summary), and another `---` line");
        return (Read::Unread, vec![d]);
    };
    let (raw, diags) = read_meta(fm, &src, config, site_root);
    // The body ends the text: keep it without copying.
    let start = text.len() - body.len();
    let mut body = text;
    body.drain(..start);
    let read = match raw.meta {
        Some(meta) if !diags.iter().any(Diagnostic::is_error) => Read::Valid(Doc { src, meta, body, body_line }),
        _ => Read::Unchecked(Unchecked { src, body, body_line, draft: raw.draft }),
    };
    (read, diags)
}

/// What the front matter gave: the validated metadata when every field
/// it needs is there, and whether it asks to be a draft, in any case.
struct Raw {
    meta: Option<Meta>,
    draft: bool,
}

/// The file's text, normalised, or why it cannot be read.
fn read_text(src: &SourceFile) -> Result<String, Diagnostic> {
    let bytes =
        std::fs::read(&src.fs_path).map_err(|e| Diagnostic::error(&src.path, format!("cannot read the file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(t) => Ok(normalize(t)),
        Err(e) => {
            let (line, col) = crate::text::line_col(e.as_bytes(), e.utf8_error().valid_up_to());
            Err(Diagnostic::error(&src.path, "the file is not valid UTF-8 text")
                .at(line, col)
                .help("save the file as UTF-8 in your editor"))
        }
    }
}

/// The front matter's fields, and the problems found. The metadata is
/// there only when its required fields are; the caller still refuses it
/// when any other field has an error.
fn read_meta(fm: &str, src: &SourceFile, config: &Config, site_root: &Path) -> (Raw, Vec<Diagnostic>) {
    let nothing = Raw { meta: None, draft: false };
    let tree = match yaml::parse(fm) {
        Ok(tree) => tree,
        Err(e) => {
            let message = format!("front matter is not valid YAML: {}", e.message);
            let d = Diagnostic { help: e.help, ..Diagnostic::error(&src.path, message) }.at(e.line + 1, e.col);
            return (nothing, vec![d]);
        }
    };
    let mut f = Fields::new(&src.path, fm, 1);
    let Some(map) = f.mapping(&tree, &[], "front matter") else { return (nothing, f.diags) };
    let draft = f.boolean(map, &[], "draft").unwrap_or(false);
    let meta = match src.section {
        Section::Briefs => read_brief(&mut f, map, config, src, site_root, draft),
        Section::Pages => Some(read_page(&mut f, map, draft)),
    };
    (Raw { meta, draft }, f.diags)
}

/// Splits `---\n…\n---\n` from the body of a normalised text. Returns
/// (front matter, body, body's first line); the front matter starts on line 2.
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---\n").or_else(|| (text.trim_end() == "---").then_some(""))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let fm = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((fm, body, i + 3));
        }
        offset += line.len();
    }
    None
}

fn read_page(f: &mut Fields, map: &Mapping, draft: bool) -> Meta {
    f.unknown_keys(map, &[], PAGE_FIELDS, "a page's front matter");
    let title = f.text(map, &[], "title", true).unwrap_or_default();
    let summary = f.text(map, &[], "summary", false);
    let date = Dated::Page(f.date(map, &[], "date", false));
    let updated = f.date(map, &[], "updated", false);
    Meta {
        title,
        date,
        summary,
        updated,
        authors: Vec::new(),
        topics: Vec::new(),
        regions: Vec::new(),
        draft,
        image: None,
        sources: Vec::new(),
        events: Vec::new(),
        analytic: Default::default(),
    }
}

/// A brief's metadata, or nothing when it has no valid `date` (an error
/// then says why). Every other field is read either way, for its errors.
fn read_brief(
    f: &mut Fields,
    map: &Mapping,
    config: &Config,
    src: &SourceFile,
    site_root: &Path,
    draft: bool,
) -> Option<Meta> {
    // The analytic fields (key judgments, marking, revisions) are allowed too.
    let fields: Vec<&str> = BRIEF_FIELDS.iter().chain(crate::analytic::FIELDS).copied().collect();
    f.unknown_keys(map, &[], &fields, "a brief's front matter");
    let title = f.text(map, &[], "title", true).unwrap_or_default();
    let date = f.date(map, &[], "date", true);
    let summary = f.text(map, &[], "summary", true);
    let updated = f.date(map, &[], "updated", false);
    if let (Some(d), Some(u)) = (date, updated)
        && u < d
    {
        let text = u.to_string();
        f.error_at_value(&[Seg::Key("updated")], &text, format!("`updated` ({u}) is before `date` ({d})")).help =
            Some("`updated` is the date of the last revision: it cannot come before publication".into());
    }
    let authors = f.text_list(map, &[], "authors");
    let topics = keys(f, map, Tax::Topics, config);
    let regions = keys(f, map, Tax::Regions, config);
    let mut image = read_image(f, map);
    if let Some(img) = &mut image {
        img.size = check_image(f, img, src, site_root);
    }
    let sources = read_sources(f, map);
    let events = read_events(f, map, config);
    // Analytic briefs: key judgments, marking, revisions.
    let analytic = crate::analytic::read(f, map, config, date, updated);
    let date = Dated::Brief(date?);
    Some(Meta { title, date, summary, updated, authors, topics, regions, draft, image, sources, events, analytic })
}

/// A list of taxonomy keys, each checked against `site.yaml`.
fn keys(f: &mut Fields, map: &Mapping, tax: Tax, config: &Config) -> Vec<String> {
    let (field, tax) = (tax.as_str(), config.terms(tax));
    let list = f.text_list(map, &[], field);
    let mut out: Vec<String> = Vec::new();
    for (i, key) in list.iter().enumerate() {
        if tax.term(key).is_none() {
            unknown_term(f, &[Seg::Key(field)], key, field, tax);
        } else if out.contains(key) {
            // At the repeat, not at the first: the one to delete.
            let before = list[..i].iter().filter(|k| *k == key).count();
            f.error_at_nth_value(&[Seg::Key(field)], key, before, format!("`{key}` is listed twice in `{field}`"));
        } else {
            out.push(key.clone());
        }
    }
    out
}

fn unknown_term(f: &mut Fields, at: &[Seg], key: &str, field: &str, tax: &Taxonomy) {
    let help = did_you_mean(key, tax.keys()).unwrap_or_else(|| {
        let known: Vec<&str> = tax.keys().collect();
        if known.is_empty() {
            format!("site.yaml lists no `{}` under `taxonomies`", tax.name)
        } else {
            format!("add it to `taxonomies.{}` in site.yaml, or use one of: {}", tax.name, known.join(", "))
        }
    });
    f.error_at_value(at, key, format!("unknown {} `{key}` in `{field}`", singular(&tax.name))).help = Some(help);
}

fn singular(name: &str) -> &str {
    name.strip_suffix('s').unwrap_or(name)
}

fn read_image(f: &mut Fields, map: &Mapping) -> Option<Image> {
    let v = map.get("image")?;
    let at = [Seg::Key("image")];
    let m = f.mapping(v, &at, "image")?;
    f.unknown_keys(m, &at, &["src", "alt", "caption", "credit"], "`image`");
    let src = f.text(m, &at, "src", false);
    let alt = f.text(m, &at, "alt", false);
    let caption = f.text(m, &at, "caption", false);
    let credit = f.text(m, &at, "credit", false);
    match (src, alt) {
        (Some(src), Some(alt)) => Some(Image { src, alt, caption, credit, size: None }),
        (Some(_), None) => {
            f.error_at_key(&at, "`image` has a `src` but no `alt`").help =
                Some("describe the image for readers who cannot see it: `alt: \"…\"`".into());
            None
        }
        (None, _) => {
            f.error_at_key(&at, "`image` has no `src`");
            None
        }
    }
}

/// A lead image must be a URL, a file of the brief's bundle, or a file of
/// the site's `static/` folder named from the root (`/images/x.jpg`).
/// Returns a local file's width and height, which must be readable.
fn check_image(f: &mut Fields, img: &Image, src: &SourceFile, site_root: &Path) -> Option<crate::dimensions::Size> {
    let at = [Seg::Key("image"), Seg::Key("src")];
    let s = img.src.as_str();
    if let Some(scheme) = script_scheme(s) {
        refuse_script(f, &at, s, scheme);
        return None;
    }
    if s.starts_with("http://") || s.starts_with("https://") {
        return None;
    }
    let (file, help) = match (s.strip_prefix('/'), &src.bundle) {
        (Some(abs), _) => (site_root.join("static").join(abs), format!("put the file at static/{abs}")),
        (None, Some(bundle)) => {
            (bundle.join(s), format!("put `{s}` in the brief's folder beside index.{}.md", src.lang))
        }
        (None, None) => {
            f.error_at_value(&at, s, format!("image `{s}` has no folder to live in: this brief is a single file"))
                .help = Some(format!(
                "make the brief a bundle (content/briefs/{0}/index.{1}.md with the image beside it), or use a path from the site root such as `/images/{s}` for static/images/{s}",
                src.slug, src.lang
            ));
            return None;
        }
    };
    if s.contains("..") || !file.is_file() {
        f.error_at_value(&at, s, format!("image `{s}` does not exist")).help = Some(help);
        return None;
    }
    if let Some(to) = super::leads_out(site_root, &file) {
        let (message, help) = super::named_link_out(&format!("image `{s}`"), &to);
        f.error_at_value(&at, s, message).help = Some(help.into());
        return None;
    }
    // Its size goes into the page, so the browser keeps its place. A file
    // that cannot be opened is an error; one whose size mujaz cannot tell
    // (another format, an SVG without a viewBox) is shown without it, as
    // before sizes were read.
    match crate::dimensions::read(&file) {
        Ok(size) => Some(size),
        Err(crate::dimensions::Unknown::Unreadable(why)) => {
            f.error_at_value(&at, s, format!("cannot read image `{s}`: {why}"));
            None
        }
        Err(crate::dimensions::Unknown::NoSize(_)) => None,
    }
}

/// The error for a `javascript:`, `vbscript:` or `data:` URL.
fn refuse_script(f: &mut Fields, at: &[Seg], url: &str, scheme: &str) {
    let shown: String = url.chars().take(40).collect();
    let d = f.error_at_value(at, url, format!("`{scheme}` URLs are refused: `{shown}`"));
    d.help = Some(if scheme == "data:" {
        "put the file in the brief's folder or in static/, and name it here".into()
    } else {
        "a link must lead to a page (https://…), not run code in the reader's browser".into()
    });
}

fn read_sources(f: &mut Fields, map: &Mapping) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for (i, m) in f.map_list(map, &[], "sources") {
        let at = index(&[], "sources", i);
        f.unknown_keys(m, &at, SOURCE_FIELDS, "a source");
        let title = f.text(m, &at, "title", true);
        let publisher = f.text(m, &at, "publisher", false);
        let url = f.text(m, &at, "url", false);
        if let Some(u) = &url {
            if let Some(scheme) = script_scheme(u) {
                refuse_script(f, &join(&at, "url"), u, scheme);
            } else if !(u.starts_with("http://") || u.starts_with("https://")) {
                f.error_at_value(&join(&at, "url"), u, format!("source url `{u}` must start with http:// or https://"));
            }
        }
        let date = f.date(m, &at, "date", false);
        let id = source_id(f, m, &at, &mut ids);
        let grade = source_grade(f, m, &at);
        if let Some(title) = title {
            out.push(Citation { title, publisher, url, date, id, grade });
        }
    }
    out
}

// sources: the fields of a source, its `id` and its `grade`.
const SOURCE_FIELDS: &[&str] = &["title", "publisher", "url", "date", "id", "grade"];

/// A source's `id`: a slug, not used by another source of the brief.
fn source_id(f: &mut Fields, m: &Mapping, at: &[Seg], ids: &mut Vec<String>) -> Option<String> {
    let id = f.text(m, at, "id", false)?;
    let path = join(at, "id");
    if !crate::text::is_slug(&id) {
        f.error_at_value(&path, &id, format!("source id `{id}` must be lowercase letters, digits and `-`")).help =
            Some(format!("e.g. `id: {}`, cited in the text as `[@{0}]`", crate::markdown::slugify(&id)));
        return None;
    }
    if ids.contains(&id) {
        f.error_at_value(&path, &id, format!("source id `{id}` is used by another source of this brief")).help =
            Some("give each source its own id: `[@id]` must name one source".into());
        return None;
    }
    ids.push(id.clone());
    Some(id)
}

/// A source's Admiralty `grade`, such as `B2`.
fn source_grade(f: &mut Fields, m: &Mapping, at: &[Seg]) -> Option<crate::sources::Grade> {
    use crate::sources::{GRADE_HELP, Grade};
    let text = f.text(m, at, "grade", false)?;
    let grade = Grade::parse(&text);
    if grade.is_none() {
        let why = Grade::why_not(&text);
        f.error_at_value(&join(at, "grade"), &text, format!("`{text}` is not a grade: {why}")).help =
            Some(GRADE_HELP.into());
    }
    grade
}

fn read_events(f: &mut Fields, map: &Mapping, config: &Config) -> Vec<Event> {
    let mut out = Vec::new();
    for (i, m) in f.map_list(map, &[], "events") {
        let at = index(&[], "events", i);
        f.unknown_keys(m, &at, &["date", "region", "kind", "title"], "an event");
        let date = f.date(m, &at, "date", true);
        let title = f.text(m, &at, "title", true);
        let region = f.text(m, &at, "region", true);
        if let Some(r) = &region
            && config.regions.term(r).is_none()
        {
            unknown_term(f, &join(&at, "region"), r, "region", &config.regions);
        }
        let kind = f.text(m, &at, "kind", true);
        if let Some(k) = &kind {
            match &config.kinds {
                Some(kinds) if kinds.term(k).is_none() => unknown_term(f, &join(&at, "kind"), k, "kind", kinds),
                None if !crate::content::is_slug(k) || k.len() > 24 => {
                    f.error_at_value(
                        &join(&at, "kind"),
                        k,
                        format!("event kind `{k}` must be a short lowercase word"),
                    )
                    .help = Some("e.g. attack, raid, arrest, seizure, meeting, statement".into());
                }
                _ => {}
            }
        }
        if let (Some(date), Some(title), Some(region), Some(kind)) = (date, title, region, kind) {
            out.push(Event { date, region, kind, title });
        }
    }
    out
}
