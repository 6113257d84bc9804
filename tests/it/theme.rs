//! Themes: interface strings are checked when the theme loads, templates
//! read only strings that exist, and template errors name their line.

use crate::fixture::{Fixture, find, place};
use std::path::Path;

/// The built-in theme's file `rel` (such as `i18n/ar.yaml`), as text.
pub(crate) fn builtin(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default").join(rel);
    std::fs::read_to_string(path).expect("built-in theme file")
}

/// A site with a copy of the built-in theme in `themes/default/`, in which
/// `edit` has changed the file `rel`.
fn theme_with(rel: &str, edit: impl Fn(String) -> String) -> Fixture {
    let top = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let mut f = Fixture::new().brief("x", "en", "", "Body.");
    for dir in ["templates", "i18n"] {
        for entry in std::fs::read_dir(top.join(dir)).expect("theme folder") {
            let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
            let file = format!("{dir}/{name}");
            let text = if file == rel { edit(builtin(&file)) } else { builtin(&file) };
            f = f.file(&format!("themes/default/{file}"), &text);
        }
    }
    f
}

/// The file's text without the line that starts with `key:`.
fn without(key: &str) -> impl Fn(String) -> String {
    let prefix = format!("{key}:");
    move |text| text.lines().filter(|l| !l.starts_with(&prefix)).map(|l| format!("{l}\n")).collect()
}

/// The 1-based line of `key:` in the built-in theme's file `rel`.
fn line_of(rel: &str, key: &str) -> usize {
    builtin(rel).lines().position(|l| l.starts_with(&format!("{key}:"))).expect("key in file") + 1
}

/// Where the fixture's English strings are, as diagnostics show it.
fn en_yaml(f: &Fixture) -> String {
    f.root().join("themes/default/i18n/en.yaml").display().to_string()
}

/// A site in English and French whose theme folder has `i18n/en.yaml` and
/// `i18n/fr.yaml` (a copy of the English file standing in for a
/// translation), each changed by `edit`. The built-in theme has no French.
fn third_language(edit: impl Fn(&str, String) -> String) -> Fixture {
    let site = "title: Briefs\nbase_url: https://briefs.example.org\ndefault_language: en\nlanguages:\n  - {code: en, name: English, dir: ltr}\n  - {code: fr, name: Français, dir: ltr}\n";
    let mut f = Fixture::empty().file("site.yaml", site).brief("x", "en", "", "Body.");
    for lang in ["en", "fr"] {
        f = f.file(&format!("themes/default/i18n/{lang}.yaml"), &edit(lang, builtin("i18n/en.yaml")));
    }
    f
}

#[test]
fn a_language_missing_a_string_the_built_in_theme_lacks_fails_at_its_file_and_key() {
    let f = third_language(|lang, t| if lang == "fr" { without("chart_source")(t) } else { t });
    let errors = f.errors();
    let e = find(&errors, "interface string `chart_source` is missing in `fr`");
    assert_eq!(e.path, f.root().join("themes/default/i18n/fr.yaml"));
    let line = line_of("i18n/en.yaml", "chart_source");
    let help = format!("{}:{line} has `chart_source: Source:`; add its translation here", en_yaml(&f));
    assert_eq!(e.help.as_deref(), Some(help.as_str()));
    assert!(!f.root().join("output").exists(), "nothing is written");
}

#[test]
fn a_string_no_language_has_is_the_built_in_one_where_there_is_one_and_an_error_elsewhere() {
    // Both languages lose it: English takes the built-in text, with a
    // warning; French has none to take.
    let f = third_language(|_, t| without("no_briefs")(t));
    let errors = f.errors();
    let missing: Vec<String> = errors
        .iter()
        .filter(|d| d.message.starts_with("interface string `no_briefs` is missing"))
        .map(|d| d.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(missing, ["fr.yaml"]);
    let e = find(&errors, "interface string `no_briefs` is missing in `fr`");
    assert_eq!(e.help.as_deref(), Some("add `no_briefs: …` in the language of `fr`"));
    let w = find(&errors, "taken from the built-in theme");
    assert!(!w.is_error());
    assert_eq!(w.path, f.root().join("themes/default/i18n/en.yaml"));
    assert_eq!(w.message, "1 interface string missing here is taken from the built-in theme: `no_briefs`");
}

#[test]
fn a_string_that_is_not_text_is_refused_at_its_line() {
    let f = theme_with("i18n/en.yaml", |t| t.replace("search: Search\n", "search:\n  label: Search\n"));
    let errors = f.errors();
    let e = find(&errors, "interface string `search` must be text, not a mapping");
    assert_eq!(place(e), format!("en.yaml:{}:1", line_of("i18n/en.yaml", "search")));
}

#[test]
fn a_theme_may_add_strings_of_its_own_in_every_language() {
    let f = theme_with("i18n/en.yaml", |t| t + "tagline: Read closely\n");
    let errors = f.errors();
    let e = find(&errors, "interface string `tagline` is missing in `ar`");
    let line = builtin("i18n/en.yaml").lines().count() + 1;
    let help = format!("{}:{line} has `tagline: Read closely`; add its translation here", en_yaml(&f));
    assert_eq!(e.help.as_deref(), Some(help.as_str()));

    f.write("themes/default/i18n/ar.yaml", (builtin("i18n/ar.yaml") + "tagline: اقرأ بتمعّن\n").as_bytes());
    let page = builtin("templates/page.html").replace("<h1>", "<p class=\"tagline\">{{ page.t.tagline }}</p><h1>");
    let f = f
        .file("themes/default/templates/page.html", &page)
        .file("content/pages/about.en.md", "---\ntitle: About\n---\nText.\n");
    let built = f.build();
    assert_eq!(built.page("en/about/").text(".tagline"), "Read closely");
}

#[test]
fn a_template_reading_an_unknown_string_fails_even_where_it_is_not_rendered() {
    // The branch is never taken, so rendering alone would never notice.
    let template = "{% extends \"base.html\" %}\n{% block main %}\n{% if page.kind == \"never\" %}<p>{{ page.t.sorces }}</p>{% endif %}\n{% endblock main %}\n";
    let f = Fixture::new().brief("x", "en", "", "Body.").file("templates/page.html", template);
    let errors = f.errors();
    let e = find(&errors, "unknown interface string `sorces`");
    assert_eq!(place(e), "page.html:3:43");
    assert_eq!(e.help.as_deref(), Some("did you mean `sources`?"));
}

#[test]
fn the_feed_template_is_checked_too() {
    let feed = builtin("templates/atom.xml").replacen("\n", "\n<!-- {{ feed.t.fed }} -->\n", 1);
    let f = Fixture::new().brief("x", "en", "", "Body.").file("templates/atom.xml", &feed);
    let errors = f.errors();
    let e = find(&errors, "unknown interface string `fed`");
    assert_eq!(place(e), "atom.xml:2:16");
    assert_eq!(e.help.as_deref(), Some("did you mean `feed`?"));
}

#[test]
fn a_template_syntax_error_names_its_line() {
    let template = "{% extends \"base.html\" %}\n{% block main %}\n{% if %}x{% endif %}\n{% endblock main %}\n";
    let f = Fixture::new().brief("x", "en", "", "Body.").file("templates/page.html", template);
    let errors = f.errors();
    let e = find(&errors, "template error");
    assert_eq!(e.path.file_name().unwrap(), "page.html");
    assert_eq!(e.line, Some(3), "{e}");
}

#[test]
fn every_template_with_a_syntax_error_is_reported() {
    let f = Fixture::new()
        .brief("x", "en", "", "Body.")
        .file("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}{{ }}{% endblock main %}\n")
        .file("templates/card.html", "<li>\n{% for %}\n</li>\n");
    let errors = f.errors();
    let mut places: Vec<String> =
        errors.iter().filter(|d| d.message.starts_with("template error")).map(place).collect();
    places.sort();
    assert_eq!(places.len(), 2, "{places:?}");
    assert!(places[0].starts_with("card.html:2:") && places[1].starts_with("page.html:2:"), "{places:?}");
}

#[test]
fn a_template_failing_while_rendering_names_its_line() {
    let template = "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n{{ page.nothing.here }}\n{% endblock main %}\n";
    let f = Fixture::new().brief("x", "en", "", "Body.").file("templates/brief.html", template);
    let errors = f.errors();
    let e = find(&errors, "template failed");
    assert_eq!(e.path, f.root().join("templates/brief.html"));
    assert_eq!(e.line, Some(4), "{e}");
}

#[test]
fn chart_words_are_the_themes_strings() {
    let chart = "```chart\ntype: bar\ntitle: Attacks\nsource: Weekly claims\nlabels: [Daraa, Homs]\nseries:\n  - name: Attacks\n    values: [4, 6]\n```\n";
    let f = theme_with("i18n/en.yaml", |t| {
        t.replace("chart_source: \"Source:\"", "chart_source: \"From:\"")
            .replace("chart_data_table: Data table", "chart_data_table: The numbers & more")
            .replace("chart_category: Category", "chart_category: Place")
    });
    let f = f.brief("c", "en", "", chart).brief("c", "ar", "", &chart.replace("Attacks", "الهجمات"));
    let built = f.build();
    let en = built.page("en/briefs/c/");
    assert_eq!(en.text(".chart-source"), "From: Weekly claims");
    assert_eq!(en.text(".chart-data summary"), "The numbers & more");
    assert_eq!(en.text(".chart-data thead th:first-child"), "Place");
    let ar = built.page("ar/briefs/c/");
    assert_eq!(ar.text(".chart-data summary"), "جدول البيانات");
    assert_eq!(ar.text(".chart-data thead th:first-child"), "الفئة");
}

#[test]
fn an_error_in_the_base_template_names_the_base_template() {
    let base = builtin("templates/base.html").replacen("\n", "\n{{ page.nothing.here }}\n", 1);
    let f = Fixture::new().brief("x", "en", "", "Body.").file("templates/base.html", &base);
    let errors = f.errors();
    let e = find(&errors, "template failed: Field `nothing` is not defined");
    assert_eq!(place(e), "base.html:2:9");
}

#[test]
fn a_template_extending_a_missing_one_is_named() {
    let template = "{% extends \"bsae.html\" %}\n{% block main %}x{% endblock main %}\n";
    let f = Fixture::new().brief("x", "en", "", "Body.").file("templates/page.html", template);
    let errors = f.errors();
    let e = find(&errors, "inheriting from 'bsae.html'");
    assert_eq!(e.path, f.root().join("templates/page.html"));
}

#[test]
fn a_site_without_briefs_has_no_year_rather_than_1970() {
    let template = "{% extends \"base.html\" %}\n{% block main %}<p class=\"year\">{% if page.year %}{{ page.year }}{% else %}none{% endif %}</p>{% endblock main %}\n";
    let b = Fixture::new()
        .file("content/pages/about.en.md", "---\ntitle: About\n---\n\nText.\n")
        .file("templates/page.html", template)
        .build();
    assert_eq!(b.page("en/about/").text(".year"), "none");
}
