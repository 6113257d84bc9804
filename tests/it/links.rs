//! Every link and image of a body is rewritten and checked, wherever it
//! stands, and a broken one says what was probably meant.

use crate::fixture::{Fixture, find, place};

const FRONT: &str = "---\ntitle: \"Water\"\ndate: 2025-09-12\nsummary: \"Wells.\"\n---\n\n";

/// A site with a brief `y` to link to, and a brief `x` with `body`.
fn linking(body: &str) -> Fixture {
    Fixture::new().brief("y", "en", "", "## Part\n\nText.").brief("x", "en", "", body)
}

/// The places where a link may stand, each with `[y](y.en.md)` in it.
const PLACES: [(&str, &str, &str); 5] = [
    ("heading", "## See [y](LINK)\n", ".prose h2 a"),
    ("footnote", "A claim.[^1]\n\n[^1]: See [y](LINK).\n", ".footnotes a:not(.footnote-back)"),
    ("table", "| a |\n|---|\n| [y](LINK) |\n", ".prose td a"),
    ("alert", "> [!NOTE]\n> See [y](LINK).\n", ".callout a"),
    ("list item", "- one\n- See [y](LINK).\n", ".prose li a"),
];

#[test]
fn links_are_rewritten_wherever_they_stand() {
    for (place_name, body, css) in PLACES {
        let b = linking(&body.replace("LINK", "y.en.md#part")).build();
        let page = b.page("en/briefs/x/");
        assert_eq!(page.attr(css, "href"), "../../../en/briefs/y/#part", "a link in a {place_name}");
    }
}

#[test]
fn broken_links_are_found_wherever_they_stand() {
    for (place_name, body, _) in PLACES {
        for (link, says) in [("missing.en.md", "link to `missing.en.md`"), ("y.en.md#nowhere", "`#nowhere`")] {
            let errors = linking(&body.replace("LINK", link)).errors();
            let e = find(&errors, says);
            let line = body.lines().position(|l| l.contains("LINK")).expect("has a link") + 7;
            assert_eq!(e.line, Some(line), "a broken link in a {place_name}: {e}");
        }
    }
}

#[test]
fn images_are_checked_wherever_they_stand() {
    for (place_name, body, _) in PLACES {
        let body = body.replace("[y](LINK)", "![a map](missing.svg)");
        let errors = linking(&body).errors();
        find(&errors, "no file `missing.svg`");
        assert!(errors.iter().all(|d| !d.message.contains("alt")), "{place_name}: {errors:?}");
    }
}

#[test]
fn mail_and_phone_links_pass_untouched() {
    let body = "Write to <desk@example.org>, [the desk](mailto:desk@example.org) or [call](tel:+963110000).";
    let b = linking(body).build();
    let page = b.page("en/briefs/x/");
    assert_eq!(
        page.attrs(".prose a", "href"),
        vec!["mailto:desk@example.org", "mailto:desk@example.org", "tel:+963110000"]
    );
}

#[test]
fn a_file_of_a_bundle_is_linked_from_its_folder_and_from_other_briefs() {
    let b = Fixture::new()
        .file(
            "content/briefs/water/index.en.md",
            &format!("{FRONT}The [well list](wells.csv) and [map](maps/map.pdf)."),
        )
        .file("content/briefs/water/wells.csv", "name\nA\n")
        .file("content/briefs/water/maps/map.pdf", "%PDF")
        .brief("x", "en", "", "From elsewhere: [wells](water/wells.csv).")
        .build();
    assert_eq!(b.page("en/briefs/water/").attrs(".prose a", "href"), vec!["wells.csv", "maps/map.pdf"]);
    assert_eq!(b.page("en/briefs/x/").attr(".prose a", "href"), "../../../en/briefs/water/wells.csv");
    assert!(b.exists("en/briefs/water/wells.csv") && b.exists("en/briefs/water/maps/map.pdf"));
}

#[test]
fn a_missing_file_suggests_the_nearest_one() {
    let f = Fixture::new()
        .file("content/briefs/water/index.en.md", &format!("{FRONT}The [well list](well.csv)."))
        .file("content/briefs/water/wells.csv", "name\nA\n");
    let errors = f.errors();
    let e = find(&errors, "broken link: no file `well.csv`");
    assert_eq!(place(e), "index.en.md:7:5");
    assert_eq!(e.help.as_deref(), Some("did you mean `wells.csv`?"));
}

#[test]
fn a_file_the_site_does_not_publish_is_an_error() {
    // A file beside a one-file brief is in no bundle: the build does not copy it.
    let f = linking("The [list](wells.csv).").file("content/briefs/wells.csv", "name\n");
    let errors = f.errors();
    let e = find(&errors, "link to `wells.csv`, a file the site does not publish");
    assert!(e.help.as_deref().unwrap_or("").contains("bundle folder"), "{e}");
}

#[test]
fn a_link_to_a_brief_file_suggests_the_nearest_brief() {
    let f = Fixture::new()
        .file("content/briefs/water/index.en.md", &format!("{FRONT}Text."))
        .brief("recruitment", "en", "", "Text.")
        .brief("x", "en", "", "See [water](water.en.md) and [recruitment](recruitmnet.en.md).");
    let errors = f.errors();
    let water = find(&errors, "link to `water.en.md`");
    assert_eq!(water.help.as_deref(), Some("did you mean `water/index.en.md`?"));
    let recruitment = find(&errors, "link to `recruitmnet.en.md`");
    assert_eq!(recruitment.help.as_deref(), Some("did you mean `recruitment.en.md`?"));
}

#[test]
fn a_broken_url_and_fragment_suggest_the_nearest() {
    let errors = linking("A [url](../yy/) and a [fragment](y.en.md#prat).").errors();
    assert_eq!(find(&errors, "`en/briefs/yy/` is not a page").help.as_deref(), Some("did you mean `/en/briefs/y/`?"));
    assert_eq!(find(&errors, "`#prat` is not a heading").help.as_deref(), Some("did you mean `part`?"));
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let f = linking("See [the draft](d.en.md).").brief("d", "en", "draft: true\n", "Not yet.");
    let errors = f.errors();
    let e = find(&errors, "link to `d.en.md`, which is a draft");
    assert_eq!(place(e), "x.en.md:7:5");
    assert!(e.help.as_deref().unwrap_or("").contains("--drafts"), "{e}");
    // With drafts, the link works.
    let b = f.build_with_drafts();
    assert_eq!(b.page("en/briefs/x/").attr(".prose a", "href"), "../../../en/briefs/d/");
}

#[test]
fn code_and_data_urls_are_refused_however_written() {
    let payloads = [
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](<\tjavascript:alert(1)>)",
        "[a](&#106;avascript:alert(1))",
        "[a](&#x4A;AVASCRIPT&colon;alert(1))",
        "[a](vbscript:msgbox)",
        "[a](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
        "![a](data:image/svg+xml,<svg/onload=alert(1)>)",
        "![a](javascript:alert(1))",
        "[a][r]\n\n[r]: javascript:alert(1)",
    ];
    for payload in payloads {
        let errors = linking(payload).errors();
        let e = find(&errors, "URLs are not allowed in links and images");
        assert_eq!(e.line, Some(7), "{payload}: {e}");
    }
}

/// A brief in both languages with `body`, so that `check --strict` has
/// nothing else to say.
fn both_languages(body: &str) -> Fixture {
    Fixture::new().brief("x", "en", "", body).brief("x", "ar", "", body)
}

#[test]
fn an_image_without_alt_text_is_a_warning_and_an_error_under_strict() {
    let body = "![](/static/favicon.svg)\n\nText with ![ ](/static/favicon.svg) inline.";
    let f = both_languages(body);
    let warnings = f.check();
    let alt: Vec<_> = warnings.iter().filter(|d| d.message.contains("has no alt text")).collect();
    assert_eq!(alt.len(), 4, "{warnings:?}");
    assert!(alt.iter().all(|d| !d.is_error()));
    assert_eq!(place(alt[0]), "x.ar.md:7:1");
    assert_eq!(place(alt[1]), "x.ar.md:9:11");
    assert_eq!(f.run(&["check"]).code, 0);
    let strict = f.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stderr.contains("image `/static/favicon.svg` has no alt text"), "{}", strict.stderr);
    // With alt text, the same site passes.
    let described = both_languages(&body.replace("![]", "![The logo]").replace("![ ]", "![The logo]"));
    let run = described.run(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
