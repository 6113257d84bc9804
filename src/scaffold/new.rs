//! `mujaz new <slug>`: a brief in every language of the site.
//!
//! Takes the site's root, a slug and the form (one file per language, or a
//! bundle folder); returns the paths of the files it created, one per
//! language of `site.yaml`, each with its front matter filled in — a title
//! and summary to replace in that language, today's date, `draft: true`,
//! empty `topics` and `regions`, and the analytic fields (key judgments,
//! marking, revisions) commented out — and a short body to write over. Refuses
//! an invalid slug, suggesting a valid one, and a slug that any version of
//! a brief already uses, in either form.

use super::{NewFile, Refused, create_all, suggest_slug, today};
use crate::config::{Config, Taxonomy};
use crate::content::{self, is_slug};
use crate::diag::Diagnostic;
use crate::locale::Lang;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The placeholder texts of a new brief in one language.
struct Skeleton {
    title: &'static str,
    summary: &'static str,
    lead: &'static str,
    heading: &'static str,
    paragraph: &'static str,
    /// A key judgment to replace (analytic briefs).
    judgment: &'static str,
    /// A revision's note to replace (analytic briefs).
    revision: &'static str,
}

const ARABIC: Skeleton = Skeleton {
    title: "عنوان الموجز",
    summary: "جملة أو جملتان تلخّصان الموجز: تظهران تحت العنوان وفي بطاقة الموجز وفي خلاصة الموقع.",
    lead: "ابدأ بالخبر: ما الذي حدث، وأين، ومتى، ولماذا يهمّ.",
    heading: "خلفية",
    paragraph: "ما يحتاج القارئ إلى معرفته ليتابع القصة.",
    judgment: "الحكم في جملة واحدة: ما الذي نقدّر أنه سيحدث.",
    revision: "ما الذي تغيّر في الموجز ولماذا.",
};

const ENGLISH: Skeleton = Skeleton {
    title: "Title of the brief",
    summary: "One or two sentences that sum up the brief: shown under the title, on its card and in the feed.",
    lead: "Start with the news: what happened, where and when, and why it matters.",
    heading: "Background",
    paragraph: "What readers need to know to follow the story.",
    judgment: "The judgment in one sentence: what we assess will happen.",
    revision: "What changed in the brief, and why.",
};

/// Writes the brief `slug` in every language of the site at `root`, as
/// `content/briefs/<slug>.<lang>.md` or, with `bundle`, as
/// `content/briefs/<slug>/index.<lang>.md`. Returns the created paths.
pub fn new_brief(root: &Path, slug: &str, bundle: bool) -> Result<Vec<PathBuf>, Refused> {
    check_slug(slug)?;
    let display = crate::build::display_root(root);
    let config = Config::load(root, &display).map_err(Refused::Failed)?;
    let date = today()?;
    let briefs = root.join("content").join("briefs");
    let existing = existing_versions(&briefs, slug);
    if !existing.is_empty() {
        let shown = |p: &PathBuf| content::shown(root, &display, p);
        return Err(Refused::Usage(
            existing
                .iter()
                .map(|p| {
                    Diagnostic::error(shown(p), format!("the brief `{slug}` already exists"))
                        .help("`mujaz new` never overwrites: pick another slug, or edit the existing files")
                })
                .collect(),
        ));
    }
    let files: Vec<NewFile> = config
        .languages
        .iter()
        .map(|lang| {
            let fs_path = match bundle {
                true => briefs.join(slug).join(format!("index.{}.md", lang.code)),
                false => briefs.join(format!("{slug}.{}.md", lang.code)),
            };
            let text = brief_text(&config, &lang.code, date);
            NewFile { shown: content::shown(root, &display, &fs_path), fs_path, bytes: text.into_bytes() }
        })
        .collect();
    create_all(&files)
}

fn check_slug(slug: &str) -> Result<(), Refused> {
    if is_slug(slug) {
        return Ok(());
    }
    let suggestion = suggest_slug(slug);
    let rule = "a slug is lowercase ASCII letters, digits and `-`, and is the brief's address";
    let help = if suggestion.is_empty() {
        format!("{rule}: e.g. `isis-recruitment-2025`")
    } else {
        format!("try `{suggestion}`: {rule}")
    };
    Err(Refused::Usage(vec![Diagnostic::error("", format!("`{slug}` is not a valid slug")).help(help)]))
}

/// Every file that is already a version of `slug`, in any language and
/// either form: `<slug>.<lang>.md` and `<slug>/index.<lang>.md`.
fn existing_versions(briefs: &Path, slug: &str) -> Vec<PathBuf> {
    let version_of = |name: &str, stem: &str| {
        name.strip_suffix(".md").and_then(|n| n.rsplit_once('.')).is_some_and(|(s, lang)| s == stem && !lang.is_empty())
    };
    let mut out = Vec::new();
    let names = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    for name in names(briefs) {
        if version_of(&name, slug) {
            out.push(briefs.join(name));
        }
    }
    let folder = briefs.join(slug);
    for name in names(&folder) {
        if version_of(&name, "index") {
            out.push(folder.join(name));
        }
    }
    out
}

/// The text of a new brief in `lang`.
fn brief_text(config: &Config, lang: &str, date: NaiveDate) -> String {
    let s = if Lang::new(lang).is_arabic() { &ARABIC } else { &ENGLISH };
    let keys = |tax: &Taxonomy| {
        let keys: Vec<&str> = tax.keys().collect();
        if keys.is_empty() { String::new() } else { format!("  # from site.yaml: {}", keys.join(", ")) }
    };
    format!(
        "---\n\
         title: \"{title}\"\n\
         date: {date}\n\
         draft: true  # delete this line to publish\n\
         summary: \"{summary}\"\n\
         authors: []\n\
         topics: []{topics}\n\
         regions: []{regions}\n\
         # also: updated, image, sources, events (see the front matter fields in the README)\n\
         {sources}\
         {analytic}\
         ---\n\
         \n\
         {lead}\n\
         \n\
         ## {heading}\n\
         \n\
         {paragraph}\n",
        title = s.title,
        summary = s.summary,
        topics = keys(&config.topics),
        regions = keys(&config.regions),
        lead = s.lead,
        heading = s.heading,
        paragraph = s.paragraph,
        sources = SOURCES,
        analytic = analytic_fields(config, s, date),
    )
}

/// The analytic fields of a new brief, commented out, ready to fill:
/// key judgments with the site's scale named, the marking with the
/// site's limit, a revision dated today.
fn analytic_fields(config: &Config, s: &Skeleton, date: NaiveDate) -> String {
    let scale = config.estimative;
    let terms: Vec<&str> = scale.terms().iter().map(|t| t.key).collect();
    format!(
        "# key_judgments:  # the bottom line, shown first\n\
         #   - text: \"{judgment}\"\n\
         #     likelihood: likely  # estimative: {name}: {terms}\n\
         #     confidence: moderate  # low, moderate or high\n\
         # marking: TLP:CLEAR  # TLP 2.0; this site publishes up to {limit}\n\
         # revisions:  # the change log, once published; `updated` is the latest date\n\
         #   - {{date: {date}, note: \"{revision}\"}}\n",
        judgment = s.judgment,
        name = scale.as_str(),
        terms = terms.join(", "),
        limit = config.max_marking.label(),
        revision = s.revision,
    )
}

// sources: the commented lines of a graded, citable source.
/// A source to fill in: uncomment, cite it in the text as `[@id]`.
const SOURCES: &str = "\
# sources:                    # cite each in the text as [@id]; several as [@a; @b]
#   - title: \"\"
#     publisher: \"\"
#     url: https://
#     date: YYYY-MM-DD
#     id: short-name
#     grade: B2               # reliability A-F (A completely reliable), credibility 1-6 (1 confirmed)
";
