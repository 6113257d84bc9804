//! A theme copied from an older release keeps building: a template it lacks
//! is the built-in one, a static file such a template links to comes with
//! it, and an interface string it lacks is the built-in text of its
//! language, with one warning per file naming the strings taken. What the
//! built-in theme cannot supply, a misspelt key and a value of the wrong
//! type stay errors.

use crate::fixture::{Fixture, find, place, snapshot};
use crate::theme::builtin;
use mujaz::diag::Diagnostic;
use std::path::Path;

/// The interface strings the default theme gained in the release that added
/// key judgments, maps, counted phrases, graded sources and the search page
/// (`git log -p -- themes/default/i18n/en.yaml`), in the built-in file's order.
const ADDED: &[&str] = &[
    // Key judgments, markings, revisions.
    "judgments",
    "judgments_how",
    "judgments_intro",
    "judgments_scale_title",
    "judgments_scale_phia",
    "judgments_scale_icd203",
    "judgments_term",
    "judgments_band",
    "judgments_band_below",
    "judgments_confidence_title",
    "confidence_low",
    "confidence_moderate",
    "confidence_high",
    "confidence_low_text",
    "confidence_moderate_text",
    "confidence_high_text",
    "est_phia_remote_chance",
    "est_phia_highly_unlikely",
    "est_phia_unlikely",
    "est_phia_realistic_possibility",
    "est_phia_likely",
    "est_phia_highly_likely",
    "est_phia_almost_certain",
    "est_icd203_almost_no_chance",
    "est_icd203_very_unlikely",
    "est_icd203_unlikely",
    "est_icd203_roughly_even_chance",
    "est_icd203_likely",
    "est_icd203_very_likely",
    "est_icd203_almost_certain",
    "marking",
    "marking_clear",
    "marking_green",
    "marking_amber",
    "marking_amber_strict",
    "marking_red",
    "revisions",
    // Maps.
    "chart_region",
    "chart_events_by_region",
    "chart_term_events_by_region",
    "map_desc_circles",
    "map_desc_areas",
    // Counted phrases.
    "count_briefs",
    "count_events",
    // Graded sources, citations and figures.
    "figure_label",
    "grade",
    "grade_sep",
    "back_to_citation",
    "grade_a",
    "grade_b",
    "grade_c",
    "grade_d",
    "grade_e",
    "grade_f",
    "grade_1",
    "grade_2",
    "grade_3",
    "grade_4",
    "grade_5",
    "grade_6",
    // The search page.
    "search_description",
    "search_label",
    "search_needs_js",
    "search_browse",
    "search_loading",
    "search_error",
    "search_no_results",
    "search_did_you_mean",
    "search_try",
    "search_more",
    "search_page",
    "count_results",
];

/// The templates of that release's new pages.
const NEW_TEMPLATES: &[&str] = &["search.html", "judgments.html"];

/// `text` without the entries of `keys`: each `key:` line with the indented
/// lines under it (the forms of a counted phrase).
fn without_keys(text: &str, keys: &[&str]) -> String {
    let mut out = String::new();
    let mut dropping = false;
    for line in text.lines() {
        let indented = line.starts_with(' ');
        if !indented {
            dropping = keys.iter().any(|k| line.starts_with(&format!("{k}:")));
        }
        if !(dropping && (indented || !line.is_empty())) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Every file of the built-in theme under `dir`, by name.
fn builtin_dir(dir: &str) -> Vec<String> {
    let top = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default").join(dir);
    let mut names: Vec<String> = std::fs::read_dir(top)
        .expect("theme folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A site with the default theme as an author copied it before that
/// release: today's theme without its new templates and strings, with
/// `edit` applied to the text of each i18n file.
fn old_copy_with(edit: impl Fn(&str, String) -> String) -> Fixture {
    let mut f = Fixture::new()
        .brief("drive", "en", JUDGED_EN, "Body.")
        .brief("drive", "ar", JUDGED_AR, "النص.")
        .file("content/pages/about.en.md", "---\ntitle: About\n---\nText.\n");
    for name in builtin_dir("templates").iter().filter(|n| !NEW_TEMPLATES.contains(&n.as_str())) {
        f = f.file(&format!("themes/default/templates/{name}"), &builtin(&format!("templates/{name}")));
    }
    for lang in ["ar", "en"] {
        let rel = format!("i18n/{lang}.yaml");
        f = f.file(&format!("themes/default/{rel}"), &edit(lang, without_keys(&builtin(&rel), ADDED)));
    }
    for name in builtin_dir("static") {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static").join(&name))
            .expect("static file");
        f.write(&format!("themes/default/static/{name}"), &bytes);
    }
    f
}

fn old_copy() -> Fixture {
    old_copy_with(|_, text| text)
}

const JUDGED_EN: &str = "key_judgments:
  - text: \"Recruitment will go on.\"
    likelihood: highly-likely
    confidence: moderate
";

const JUDGED_AR: &str = "key_judgments:
  - text: \"سيستمر التجنيد.\"
    likelihood: highly-likely
    confidence: moderate
";

/// The theme warnings of a build, each as `file: message`.
fn theme_warnings(warnings: &[Diagnostic]) -> Vec<&Diagnostic> {
    warnings.iter().filter(|d| d.message.contains("taken from the built-in theme")).collect()
}

#[test]
fn the_copy_lacks_exactly_the_strings_and_templates_of_that_release() {
    // Guards the fixture: the keys are gone, the rest of the file is intact.
    for lang in ["ar", "en"] {
        let full = builtin(&format!("i18n/{lang}.yaml"));
        let old = without_keys(&full, ADDED);
        for key in ADDED {
            assert!(full.contains(&format!("\n{key}:")), "{lang} has `{key}`");
            assert!(!old.contains(&format!("\n{key}:")), "{lang} still has `{key}`");
        }
        assert!(old.contains("\nchart_source:") && old.contains("\nkind_raid:"), "{lang}");
        assert!(!old.contains("\n  one:"), "{lang}: no plural form left without its key");
    }
}

#[test]
fn an_old_copy_builds_with_one_warning_per_strings_file() {
    let built = old_copy().build();
    let warnings = theme_warnings(&built.report.warnings);
    assert_eq!(warnings.len(), built.report.warnings.len(), "nothing else: {:?}", built.report.warnings);
    let root = built.fixture.root();
    let files: Vec<&Path> = warnings.iter().map(|d| d.path.as_path()).collect();
    assert_eq!(files, [root.join("themes/default/i18n/ar.yaml"), root.join("themes/default/i18n/en.yaml")]);
    let listed: Vec<String> = ADDED.iter().map(|k| format!("`{k}`")).collect();
    for w in &warnings {
        assert!(!w.is_error());
        assert_eq!(
            w.message,
            format!(
                "{} interface strings missing here are taken from the built-in theme: {}",
                ADDED.len(),
                listed.join(", ")
            )
        );
        let lang = w.path.file_stem().unwrap().to_string_lossy();
        let help = w.help.as_deref().unwrap_or_default();
        assert!(help.starts_with("to silence this warning, copy them into this file"), "{help}");
        assert!(help.contains(&format!("the built-in theme's i18n/{lang}.yaml")), "{help}");
    }
}

#[test]
fn an_old_copy_gets_the_built_in_search_and_judgments_pages_in_both_languages() {
    let built = old_copy().build();
    let ar = built.page("ar/search/");
    ar.assert_dir("ar", "rtl");
    assert_eq!(ar.attr("form.search-form", "data-loading"), "جارٍ البحث…");
    assert_eq!(ar.text("label[for=search-q]"), "كلمات البحث");
    let en = built.page("en/search/");
    assert_eq!(en.attr("form.search-form", "data-loading"), "Searching…");
    assert_eq!(en.text("label[for=search-q]"), "Words to search for");
    // The theme's own frame around the built-in page: its masthead and stylesheet.
    assert_eq!(en.attrs("link[rel=stylesheet]", "href"), ["../../static/style.css"]);
    assert_eq!(built.read("static/search.js"), builtin("static/search.js"));

    let ar = built.page("ar/judgments/");
    assert_eq!(ar.text("h1"), "كيف تُقرأ أحكامنا");
    assert!(!ar.all(".scale-table tbody tr").is_empty());
    assert_eq!(built.page("en/judgments/").text("h1"), "How to read our judgments");
    // And the strings the copy lacked, in the pages of its own templates.
    let brief = built.page("ar/briefs/drive/");
    assert_eq!(brief.texts(".key-judgments h2"), ["الأحكام الرئيسية"]);
}

#[test]
fn an_old_copy_builds_the_same_bytes_and_warnings_every_time() {
    let first = old_copy().build();
    let second = old_copy().build();
    assert_eq!(snapshot(&first.fixture.output()), snapshot(&second.fixture.output()));
    let shown = |b: &crate::fixture::Built| -> Vec<String> {
        let root = b.fixture.root().display().to_string();
        b.report.warnings.iter().map(|d| format!("{d} {:?}", d.help).replace(&root, "ROOT")).collect()
    };
    assert_eq!(shown(&first), shown(&second));
}

#[test]
fn a_file_lacking_one_string_is_warned_about_that_string_only() {
    let f = old_copy_with(|lang, text| {
        let full = builtin(&format!("i18n/{lang}.yaml"));
        // The English copy is up to date but for one string.
        if lang == "en" { without_keys(&full, &["chart_source"]) } else { text }
    });
    let built = f.brief("c", "en", "", CHART).build();
    let warnings = theme_warnings(&built.report.warnings);
    let en = warnings.iter().find(|d| d.path.ends_with("en.yaml")).expect("a warning for en.yaml");
    assert_eq!(en.message, "1 interface string missing here is taken from the built-in theme: `chart_source`");
    assert!(en.help.as_deref().unwrap_or_default().starts_with("to silence this warning, copy it into this file"));
    assert_eq!(built.page("en/briefs/c/").text(".chart-source"), "Source: Weekly claims");
}

const CHART: &str = "```chart\ntype: bar\ntitle: Attacks\nsource: Weekly claims\nlabels: [Daraa, Homs]\nseries:\n  - name: Attacks\n    values: [4, 6]\n```\n";

#[test]
fn the_copys_own_text_wins_over_the_built_in_one() {
    let f = old_copy_with(|lang, text| match lang {
        "en" => text.replace("chart_data_table: Data table", "chart_data_table: The numbers"),
        _ => text,
    });
    let built = f.brief("c", "en", "", CHART).build();
    assert_eq!(built.page("en/briefs/c/").text(".chart-data summary"), "The numbers");
}

#[test]
fn a_misspelt_key_still_fails_at_its_line() {
    // `serach_label` for `search_label`: not a string of the theme's own
    // beside the built-in text, but an error at its line.
    let f = old_copy_with(|lang, text| match lang {
        "en" => text + "serach_label: Look for\n",
        _ => text,
    });
    let errors = f.errors();
    let e = find(&errors, "interface string `serach_label` is not one mujaz knows, and `search_label` is missing");
    assert!(e.is_error());
    let line = without_keys(&builtin("i18n/en.yaml"), ADDED).lines().count() + 1;
    assert_eq!(place(e), format!("en.yaml:{line}:1"));
    assert_eq!(e.help.as_deref(), Some("did you mean `search_label`?"));
    // Said once: not again as a string the Arabic file lacks.
    assert!(!errors.iter().any(|d| d.message.contains("`serach_label` is missing")), "{errors:?}");
    assert!(!f.output().exists(), "nothing is written");
}

#[test]
fn a_counted_phrase_written_as_text_is_still_an_error_at_its_line() {
    let f = old_copy_with(|lang, text| match lang {
        "en" => text + "count_briefs: \"{n} briefs\"\n",
        _ => text,
    });
    let errors = f.errors();
    let e = find(&errors, "interface string `count_briefs` must be plural forms, not text");
    let line = without_keys(&builtin("i18n/en.yaml"), ADDED).lines().count() + 1;
    assert_eq!(place(e), format!("en.yaml:{line}:1"));
    // The built-in forms are not slipped in behind the error.
    let warned = errors
        .iter()
        .filter(|d| !d.is_error())
        .any(|d| d.message.contains("`count_briefs`") && d.path.ends_with("en.yaml"));
    assert!(!warned, "{errors:?}");
}

#[test]
fn a_theme_of_only_strings_gets_the_built_in_templates_and_static_files() {
    let en = builtin("i18n/en.yaml").replace("latest: Latest briefs", "latest: Newest");
    let built = Fixture::new()
        .brief("x", "en", "", "Body.")
        .file("themes/default/i18n/en.yaml", &en)
        .file("themes/default/i18n/ar.yaml", &builtin("i18n/ar.yaml"))
        .build();
    assert_eq!(built.page("en/").text("h1"), "Newest");
    for name in builtin_dir("static") {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static").join(&name))
            .expect("static file");
        assert_eq!(std::fs::read(built.fixture.output().join("static").join(&name)).ok(), Some(bytes), "{name}");
    }
    assert!(theme_warnings(&built.report.warnings).is_empty(), "a complete copy is not warned about");
}

#[test]
fn a_themes_own_static_file_wins_over_the_built_in_one() {
    let built = Fixture::new()
        .brief("x", "en", "", "Body.")
        .file("themes/default/i18n/en.yaml", &builtin("i18n/en.yaml"))
        .file("themes/default/i18n/ar.yaml", &builtin("i18n/ar.yaml"))
        .file("themes/default/static/style.css", "body { color: teal }\n")
        .build();
    assert_eq!(built.read("static/style.css"), "body { color: teal }\n");
    assert_eq!(built.read("static/search.js"), builtin("static/search.js"));
}

#[test]
fn a_theme_whose_templates_are_its_own_gets_no_static_file_it_does_not_link() {
    // The theme writes every page's frame itself: the built-in stylesheet
    // is linked by no template in use, so it is not published.
    let base = "<!doctype html>\n<html lang=\"{{ page.lang.code }}\" dir=\"{{ page.lang.dir }}\"><head><title>{% block title %}{{ page.title }}{% endblock title %}</title>{% block head %}{% endblock head %}</head>\n<body>{% block main %}{% endblock main %}</body></html>\n";
    let built = Fixture::new()
        .brief("x", "en", "", "Body.")
        .file("themes/default/i18n/en.yaml", &builtin("i18n/en.yaml"))
        .file("themes/default/i18n/ar.yaml", &builtin("i18n/ar.yaml"))
        .file("themes/default/templates/base.html", base)
        .build();
    assert!(!built.exists("static/style.css"));
    assert!(!built.exists("static/favicon.svg"));
    // The built-in search page is still there, with its script.
    assert!(built.exists("en/search/index.html") && built.exists("static/search.js"));
}

#[test]
fn the_site_templates_folder_still_wins_over_both() {
    let search = "{% extends \"base.html\" %}\n{% block main %}<p class=\"mine\">{{ page.t.search_label }}</p>{% endblock main %}\n";
    let built = old_copy().file("templates/search.html", search).build();
    assert_eq!(built.page("en/search/").text(".mine"), "Words to search for");
    assert!(built.page("en/search/").all("form.search-form").is_empty());
}

#[test]
fn an_older_script_beside_the_built_in_search_page_is_warned_about() {
    // The copy's script drove the search box of its own masthead; the
    // built-in search page needs the built-in one.
    let f = old_copy();
    f.write("themes/default/static/search.js", b"// the search box of an older masthead\n");
    let built = f.build();
    let w = find(&built.report.warnings, "the theme has no templates/search.html");
    assert!(!w.is_error());
    assert_eq!(w.path, built.fixture.root().join("themes/default/static/search.js"));
    assert_eq!(
        w.message,
        "the theme has no templates/search.html, so the built-in one is used, and it is made for the built-in static/search.js, not this one"
    );
    assert_eq!(
        w.help.as_deref(),
        Some(
            "delete this file to publish the built-in one, or add the theme's own templates/search.html that works with it"
        )
    );
    // The theme's file wins all the same.
    assert_eq!(built.read("static/search.js"), "// the search box of an older masthead\n");
    // Deleted, the built-in script is published, and nothing is said.
    std::fs::remove_file(built.fixture.root().join("themes/default/static/search.js")).expect("delete");
    let built = built.fixture.build();
    assert_eq!(built.read("static/search.js"), builtin("static/search.js"));
    assert!(!built.report.warnings.iter().any(|d| d.message.contains("templates/search.html")));
}
