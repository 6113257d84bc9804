//! Bad input: every error names the file, the line and the field.

use crate::fixture::{Fixture, find, place};

#[test]
fn unknown_field_suggests_the_nearest_name() {
    let f = Fixture::new().brief("x", "en", "topcis: [recruitment]\n", "Body.");
    let errors = f.errors();
    let e = find(&errors, "unknown field `topcis`");
    assert_eq!(place(e), "x.en.md:5:1");
    assert_eq!(e.help.as_deref(), Some("did you mean `topics`?"));
}

#[test]
fn unknown_taxonomy_key_points_at_the_key() {
    let f = Fixture::new().brief("x", "en", "topics: [recruitment, extorsion]\n", "Body.");
    let errors = f.errors();
    let e = find(&errors, "unknown topic `extorsion`");
    assert_eq!(place(e), "x.en.md:5:23");
    assert_eq!(e.help.as_deref(), Some("did you mean `extortion`?"));
}

#[test]
fn unknown_region_in_a_block_list() {
    let f = Fixture::new().brief("x", "ar", "regions:\n  - daraa\n  - deir-ez-zoor\n", "نص.");
    let errors = f.errors();
    let e = find(&errors, "unknown region `deir-ez-zoor`");
    assert_eq!(place(e), "x.ar.md:7:5");
    assert_eq!(e.help.as_deref(), Some("did you mean `deir-ez-zor`?"));
}

#[test]
fn bad_date_names_the_value() {
    let f = Fixture::new().file("content/briefs/x.en.md", "---\ntitle: T\ndate: 2025-13-45\nsummary: S\n---\nBody\n");
    let errors = f.errors();
    let e = find(&errors, "`date` is not a valid date: `2025-13-45`");
    assert_eq!(place(e), "x.en.md:3:7");
    assert!(e.help.as_deref().unwrap_or("").contains("YYYY-MM-DD"));
}

#[test]
fn wrong_type_says_what_was_found() {
    let f =
        Fixture::new().file("content/briefs/x.en.md", "---\ntitle: [a, b]\ndate: 2025-09-12\nsummary: S\n---\nBody\n");
    let errors = f.errors();
    let e = find(&errors, "`title` must be text, found a list");
    assert_eq!(place(e), "x.en.md:2:1");
}

#[test]
fn topics_must_be_a_list() {
    let f = Fixture::new().brief("x", "en", "topics: recruitment\n", "Body.");
    let e = find(&f.errors(), "`topics` must be a list, found text").clone();
    assert_eq!(place(&e), "x.en.md:5:1");
}

#[test]
fn missing_required_field() {
    let f = Fixture::new().file("content/briefs/x.en.md", "---\ntitle: T\ndate: 2025-09-12\n---\nBody\n");
    let errors = f.errors();
    let e = find(&errors, "missing required field `summary`");
    assert_eq!(e.line, Some(2));
}

#[test]
fn updated_before_date() {
    let f = Fixture::new().brief("x", "en", "updated: 2025-09-01\n", "Body.");
    let errors = f.errors();
    let e = find(&errors, "`updated` (2025-09-01) is before `date` (2025-09-12)");
    assert_eq!(place(e), "x.en.md:5:10");
}

#[test]
fn image_without_alt() {
    let f =
        Fixture::new().brief("x", "en", "image:\n  src: https://example.org/a.jpg\n  caption: A caption\n", "Body.");
    let errors = f.errors();
    let e = find(&errors, "`image` has a `src` but no `alt`");
    assert_eq!(place(e), "x.en.md:5:1");
}

#[test]
fn unknown_field_inside_an_event() {
    let extra = "events:\n  - date: 2025-09-01\n    region: daraa\n    kind: attack\n    title: A\n  - date: 2025-09-02\n    regoin: daraa\n    kind: raid\n    title: B\n";
    let f = Fixture::new().brief("x", "en", extra, "Body.");
    let errors = f.errors();
    let e = find(&errors, "unknown field `regoin` in an event");
    assert_eq!(place(e), "x.en.md:11:5");
    assert_eq!(e.help.as_deref(), Some("did you mean `region`?"));
    find(&errors, "missing required field `region`");
}

#[test]
fn event_kind_outside_the_site_kinds() {
    let site = format!(
        "{}  kinds:\n    attack: {{ar: \"هجوم\", en: \"Attack\"}}\n    raid: {{ar: \"مداهمة\", en: \"Raid\"}}\n",
        crate::fixture::SITE_YAML
    );
    let extra = "events:\n  - {date: 2025-09-01, region: daraa, kind: atack, title: A}\n";
    let f = Fixture::empty().file("site.yaml", &site).brief("x", "en", extra, "Body.");
    let errors = f.errors();
    let e = find(&errors, "unknown kind `atack`");
    assert_eq!(place(e), "x.en.md:6:45");
    assert_eq!(e.help.as_deref(), Some("did you mean `attack`?"));
}

#[test]
fn invalid_slug() {
    let f = Fixture::new().brief("Bad_Slug", "en", "", "Body.");
    let errors = f.errors();
    let e = find(&errors, "`Bad_Slug` is not a valid slug");
    assert!(e.path.ends_with("content/briefs/Bad_Slug.en.md"));
    assert!(e.help.as_deref().unwrap_or("").contains("lowercase"));
}

#[test]
fn unknown_language_in_the_file_name() {
    let f = Fixture::new().brief("x", "eng", "", "Body.");
    let e = find(&f.errors(), "`eng` is not one of the site's languages").clone();
    assert_eq!(e.help.as_deref(), Some("did you mean `en`?"));
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let f = Fixture::new();
    f.write("content/briefs/x.en.md", b"---\ntitle: T\ndate: 2025-09-12\nsummary: caf\xe9\n---\n");
    let errors = f.errors();
    let e = find(&errors, "not valid UTF-8");
    assert_eq!(place(e), "x.en.md:4:13");
}

#[test]
fn no_front_matter() {
    let f = Fixture::new().file("content/briefs/x.en.md", "# Just a heading\n");
    let e = find(&f.errors(), "has no front matter").clone();
    assert_eq!(place(&e), "x.en.md:1:1");
}

#[test]
fn yaml_syntax_error_has_the_file_line() {
    let f = Fixture::new()
        .file("content/briefs/x.en.md", "---\ntitle: T\ndate: 2025-09-12\nsummary: [unclosed\n---\nBody\n");
    let e = find(&f.errors(), "front matter is not valid YAML").clone();
    assert!(e.line.unwrap_or(0) >= 4, "{e}");
}

#[test]
fn link_to_a_missing_brief() {
    let f = Fixture::new().brief("x", "en", "", "First line.\n\nSee [the other](missing.en.md) brief.");
    let errors = f.errors();
    let e = find(&errors, "link to `missing.en.md`, which is not a brief or page");
    assert_eq!(place(e), "x.en.md:9:5");
}

#[test]
fn broken_internal_url_and_fragment() {
    let f = Fixture::new().brief("y", "en", "", "## Known heading\n\nText.").brief(
        "x",
        "en",
        "",
        "A [url](../nowhere/) and a [fragment](y.en.md#unknown-heading) and [a good one](y.en.md#known-heading).",
    );
    let errors = f.errors();
    assert_eq!(errors.iter().filter(|d| d.is_error()).count(), 2, "{errors:?}");
    assert_eq!(place(find(&errors, "`en/briefs/nowhere/` is not a page")), "x.en.md:7:3");
    find(&errors, "`#unknown-heading` is not a heading");
}

#[test]
fn bad_site_yaml() {
    let f = Fixture::empty().file(
        "site.yaml",
        "title: T\nbase_url: briefs.example.org\nlanguages:\n  - {code: en, dir: sideways}\ndefault_langauge: en\n",
    );
    let errors = f.errors();
    assert_eq!(place(find(&errors, "`base_url` must start with http")), "site.yaml:2:11");
    assert_eq!(place(find(&errors, "`dir` must be `rtl` or `ltr`")), "site.yaml:4:21");
    let e = find(&errors, "unknown field `default_langauge`");
    assert_eq!(e.help.as_deref(), Some("did you mean `default_language`?"));
}

#[test]
fn every_error_of_a_run_is_reported() {
    let f = Fixture::new()
        .brief("a", "en", "topcis: [x]\n", "Body.")
        .brief("b", "en", "regions: [nowhere]\n", "Body.")
        .file("content/briefs/c.en.md", "---\ntitle: T\ndate: yesterday\nsummary: S\n---\n");
    let errors = f.errors();
    assert!(errors.len() >= 3, "{errors:?}");
    find(&errors, "unknown field `topcis`");
    find(&errors, "unknown region `nowhere`");
    find(&errors, "`date` is not a valid date");
}

#[test]
fn two_files_for_one_brief_in_one_language() {
    let f = Fixture::new()
        .brief("x", "en", "", "Flat.")
        .file("content/briefs/x/index.en.md", "---\ntitle: T\ndate: 2025-09-12\nsummary: S\n---\nBundle\n");
    find(&f.errors(), "`x` in `en` is written twice");
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let f = Fixture::new();
    f.write(
        "content/briefs/x.en.md",
        "\u{feff}---\r\ntitle: T\r\ndate: 2025-09-12\r\nsummary: S\r\n---\r\n\r\nBody\r\n".as_bytes(),
    );
    let built = f.build();
    assert_eq!(built.page("en/briefs/x/").text("h1"), "T");
}

#[test]
fn lead_image_must_exist() {
    let f = Fixture::new()
        .file(
            "content/briefs/x/index.en.md",
            "---\ntitle: T\ndate: 2025-09-12\nsummary: S\nimage: {src: cover.png, alt: A map}\n---\nBody\n",
        )
        .brief("y", "en", "image: {src: photo.jpg, alt: A photo}\n", "Body.")
        .brief("z", "en", "image: {src: /images/none.jpg, alt: A photo}\n", "Body.");
    let errors = f.errors();
    assert_eq!(place(find(&errors, "image `cover.png` does not exist")), "index.en.md:5:14");
    find(&errors, "image `photo.jpg` has no folder to live in");
    let e = find(&errors, "image `/images/none.jpg` does not exist");
    assert_eq!(e.help.as_deref(), Some("put the file at static/images/none.jpg"));
}
