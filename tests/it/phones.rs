//! Language details and phone-first pages: counted phrases take their
//! plural form, every page has a meta description, lead images carry their
//! size, chart axes name months as the headings do, and a site-wide chart
//! of one month is not drawn.

use crate::fixture::{Fixture, SITE_YAML, find, place};
use std::path::Path;

/// `n` Arabic and English briefs on `topic`, dated in September 2025.
fn briefs_on(mut f: Fixture, topic: &str, n: usize) -> Fixture {
    for i in 1..=n {
        for lang in ["ar", "en"] {
            let extra = format!("topics: [{topic}]\n");
            f = f.brief(&format!("{topic}-{i}"), lang, &extra, "Body.");
        }
    }
    f
}

#[test]
fn counts_take_the_plural_form_of_their_number() {
    let f = briefs_on(briefs_on(briefs_on(Fixture::new(), "recruitment", 1), "infiltration", 2), "extortion", 11);
    let site = f.build();
    let ar = site.page("ar/topics/");
    assert_eq!(ar.texts(".term-index .count"), ["موجز واحد", "موجزان", "11 موجزًا"]);
    let en = site.page("en/topics/");
    assert_eq!(en.texts(".term-index .count"), ["1 brief", "2 briefs", "11 briefs"]);
    assert_eq!(site.page("ar/topics/infiltration/").text(".term-count"), "موجزان");
    assert_eq!(site.page("en/topics/recruitment/").text(".term-count"), "1 brief");
}

#[test]
fn counts_follow_the_numerals_setting() {
    let yaml = format!("{SITE_YAML}numerals: arabic-indic\n");
    let f = briefs_on(Fixture::empty().file("site.yaml", &yaml), "extortion", 3);
    let site = f.build();
    // The index lists every topic, those without briefs too.
    assert_eq!(site.page("ar/topics/").texts(".term-index .count"), ["لا موجزات", "لا موجزات", "٣ موجزات"]);
    assert_eq!(site.page("en/topics/").texts(".term-index .count"), ["0 briefs", "0 briefs", "3 briefs"]);
}

/// A site with a copy of the built-in theme whose `i18n/ar.yaml` `edit`
/// has changed.
fn arabic_strings(edit: impl Fn(String) -> String) -> Fixture {
    let top = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let mut f = Fixture::new().brief("x", "en", "", "Body.");
    for dir in ["templates", "i18n"] {
        for entry in std::fs::read_dir(top.join(dir)).expect("theme folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("theme file");
            let text = if name == "ar.yaml" { edit(text) } else { text };
            f = f.file(&format!("themes/default/{dir}/{name}"), &text);
        }
    }
    f
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.starts_with(needle)).expect("line") + 1
}

#[test]
fn a_missing_plural_form_is_an_error_at_its_key() {
    let f = arabic_strings(|t| t.replace("  many: \"{n} موجزًا\"\n", ""));
    let errors = f.errors();
    let e = find(&errors, "interface string `count_briefs` lacks the plural form many");
    let line = line_of(&f.read("themes/default/i18n/ar.yaml"), "count_briefs:");
    assert_eq!(place(e), format!("ar.yaml:{line}:1"));
    assert!(e.help.as_deref().unwrap_or_default().contains("zero, one, two, few, many, other"), "{e}");
    assert!(!f.root().join("output").exists(), "nothing is written");
}

#[test]
fn a_misspelt_plural_form_is_named_with_the_nearest() {
    let f = arabic_strings(|t| t.replace("  few: \"{n} أحداث\"", "  fwe: \"{n} أحداث\""));
    let errors = f.errors();
    let e = find(&errors, "`fwe` is not a plural form of `ar` in interface string `count_events`");
    let line = line_of(&f.read("themes/default/i18n/ar.yaml"), "  fwe:");
    assert_eq!(place(e), format!("ar.yaml:{line}:3"));
    assert!(e.help.as_deref().unwrap_or_default().starts_with("did you mean `few`?"), "{e}");
    // The form it should have been is missing too: both are reported.
    find(&errors, "interface string `count_events` lacks the plural form few");
}

#[test]
fn a_counted_phrase_written_as_text_is_refused() {
    let f = arabic_strings(|t| {
        let start = t.find("count_briefs:").expect("key");
        let end = t[start..].find("count_events:").expect("next key") + start;
        format!("{}count_briefs: موجزات\n{}", &t[..start], &t[end..])
    });
    let errors = f.errors();
    let e = find(&errors, "interface string `count_briefs` must be plural forms, not text");
    assert!(e.help.as_deref().unwrap_or_default().contains("  zero: …"), "{e}");
}

#[test]
fn every_page_has_a_meta_description() {
    let yaml = SITE_YAML.replace(
        "default_language: ar\n",
        "default_language: ar\ndescription: {ar: \"موجزات عن سوريا\", en: \"Briefs on Syria\"}\n",
    );
    let f = briefs_on(Fixture::empty().file("site.yaml", &yaml), "recruitment", 1)
        .file("content/pages/about.en.md", "---\ntitle: About\n---\n\nAbout us.\n");
    let site = f.build();
    let description = |url: &str| site.page(url).attr("meta[name=description]", "content");
    assert_eq!(description("en/"), "Briefs on Syria");
    assert_eq!(description("ar/"), "موجزات عن سوريا");
    assert_eq!(description("en/topics/"), "Briefs on Syria");
    assert_eq!(description("en/timeline/"), "Briefs on Syria");
    assert_eq!(description("en/topics/recruitment/"), "Recruitment: 1 brief. Briefs on Syria");
    assert_eq!(description("ar/topics/recruitment/"), "التجنيد: موجز واحد. موجزات عن سوريا");
    assert_eq!(description("en/briefs/recruitment-1/"), "Summary of recruitment-1.");
    assert_eq!(description("en/about/"), "Briefs on Syria");
    assert!(!site.read("404.html").is_empty());
    assert!(!site.page("404.html").attr("meta[name=description]", "content").is_empty());
}

#[test]
fn the_example_site_has_a_description_on_every_page() {
    let site = Fixture::example().build();
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(site.fixture.output()) {
        let path = entry.expect("entry").into_path();
        if path.extension().is_some_and(|e| e == "html") {
            pages.push(path.strip_prefix(site.fixture.output()).expect("inside").to_string_lossy().replace('\\', "/"));
        }
    }
    assert!(pages.len() > 20);
    for rel in pages {
        let d = site.page(&rel).attr("meta[name=description]", "content");
        assert!(!d.trim().is_empty(), "{rel} has no meta description");
    }
}

/// A PNG file's first bytes, enough for its size.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

fn bundle_with_image(src: &str) -> Fixture {
    Fixture::new().file(
        "content/briefs/pictured/index.en.md",
        &format!("---\ntitle: Pictured\ndate: 2025-09-12\nsummary: S.\nimage:\n  src: {src}\n  alt: A picture\n---\n\nBody.\n"),
    )
}

#[test]
fn lead_images_carry_their_width_and_height() {
    let f = bundle_with_image("cover.png");
    f.write("content/briefs/pictured/cover.png", &png(1200, 675));
    let page = f.build().page("en/briefs/pictured/");
    assert_eq!(page.attr(".lead-image img", "width"), "1200");
    assert_eq!(page.attr(".lead-image img", "height"), "675");

    let f = bundle_with_image("/images/map.svg");
    f.write("static/images/map.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 450\"></svg>");
    let page = f.build().page("en/briefs/pictured/");
    assert_eq!(page.attr(".lead-image img", "width"), "800");
    assert_eq!(page.attr(".lead-image img", "height"), "450");
}

#[test]
fn a_lead_image_whose_size_cannot_be_told_is_shown_without_one() {
    // Not an image mujaz knows, or an SVG that gives no size: the page
    // shows it as before, with no size rather than a wrong one.
    let f = bundle_with_image("cover.png");
    f.write("content/briefs/pictured/cover.png", b"not a picture at all");
    let page = f.build().page("en/briefs/pictured/");
    assert_eq!(page.attrs(".lead-image img", "width"), Vec::<String>::new());

    let f = bundle_with_image("cover.svg");
    f.write("content/briefs/pictured/cover.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>");
    let page = f.build().page("en/briefs/pictured/");
    assert_eq!(page.attrs(".lead-image img", "height"), Vec::<String>::new());
}

/// Briefs on `recruitment` dated in August and September 2025, in a site
/// whose `site.yaml` ends with `extra`.
fn two_months(extra: &str) -> Fixture {
    let yaml = format!("{SITE_YAML}{extra}");
    let mut f = Fixture::empty().file("site.yaml", &yaml);
    for (slug, date) in [("a", "2025-08-10"), ("b", "2025-09-12")] {
        for lang in ["ar", "en"] {
            let text =
                format!("---\ntitle: \"{slug}\"\ndate: {date}\nsummary: S.\ntopics: [recruitment]\n---\n\nBody.\n");
            f = f.file(&format!("content/briefs/{slug}.{lang}.md"), &text);
        }
    }
    f
}

fn axis_text(site: &crate::fixture::Built, url: &str) -> String {
    site.page(url).texts("figure.chart svg text").join(" | ")
}

#[test]
fn chart_axes_name_months_as_the_site_does() {
    let both = two_months("").build();
    let axis = axis_text(&both, "ar/topics/recruitment/");
    assert!(axis.contains("أيلول/") && axis.contains("سبتمبر"), "{axis}");
    assert!(both.page("ar/timeline/").text("main").contains("أيلول/سبتمبر 2025") || axis.contains("آب/"));

    let levantine = two_months("arabic_months: levantine\n").build();
    let axis = axis_text(&levantine, "ar/topics/recruitment/");
    assert!(axis.contains("أيلول") && axis.contains("آب"), "{axis}");
    assert!(!axis.contains("سبتمبر") && !axis.contains("أغسطس"), "{axis}");

    let egyptian = two_months("arabic_months: egyptian\n").build();
    let axis = axis_text(&egyptian, "ar/topics/recruitment/");
    assert!(axis.contains("سبتمبر") && !axis.contains("أيلول"), "{axis}");
    assert!(axis_text(&egyptian, "en/topics/recruitment/").contains("Sep"));
}

#[test]
fn a_site_wide_chart_of_one_month_is_not_drawn() {
    // Two briefs in one month: a one-bar chart says nothing.
    let f = briefs_on(Fixture::new(), "recruitment", 2);
    let site = f.build();
    assert!(site.page("en/topics/recruitment/").all("figure.chart").is_empty());
    assert!(site.page("ar/topics/recruitment/").all("figure.chart").is_empty());
    // Two months: drawn.
    let site = two_months("").build();
    assert_eq!(site.page("en/topics/recruitment/").all("figure.chart").len(), 1);
}

#[test]
fn a_timeline_of_one_month_has_no_chart_but_counts_its_events() {
    let f = Fixture::new().brief(
        "x",
        "ar",
        "regions: [daraa]\nevents:\n  - {date: 2025-09-01, region: daraa, kind: attack, title: \"هجوم\"}\n  - {date: 2025-09-03, region: daraa, kind: raid, title: \"مداهمة\"}\n",
        "Body.",
    );
    let site = f.build();
    let page = site.page("ar/timeline/");
    assert!(page.all("figure.chart").is_empty());
    assert_eq!(page.text(".month-count"), "حدثان");
}
