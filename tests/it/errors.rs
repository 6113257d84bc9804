//! Bad input: every error names the file, the line and the field.

use crate::fixture::{Fixture, SITE_YAML, find, find_at, find_at_with_help};
use mujaz::diag::Diagnostic;
use std::time::{Duration, Instant};

#[test]
fn unknown_field_suggests_the_nearest_name() {
    let f = Fixture::new().brief("x", "en", "topcis: [recruitment]\n", "Body.");
    let errors = f.errors();
    find_at_with_help(&errors, "unknown field `topcis`", "x.en.md:5:1", "did you mean `topics`?");
}

#[test]
fn unknown_taxonomy_key_points_at_the_key() {
    let f = Fixture::new().brief("x", "en", "topics: [recruitment, extorsion]\n", "Body.");
    let errors = f.errors();
    find_at_with_help(&errors, "unknown topic `extorsion`", "x.en.md:5:23", "did you mean `extortion`?");
}

#[test]
fn unknown_region_in_a_block_list() {
    let f = Fixture::new().brief("x", "ar", "regions:\n  - daraa\n  - deir-ez-zoor\n", "نص.");
    let errors = f.errors();
    find_at_with_help(&errors, "unknown region `deir-ez-zoor`", "x.ar.md:7:5", "did you mean `deir-ez-zor`?");
}

#[test]
fn a_bad_value_is_found_as_a_whole_value_not_inside_a_longer_one_or_a_comment() {
    // `homs` is not where `"homs city"` starts, and a comment is not a value.
    let fm = "topics: [\"homs city\", homs]\nregions:  # deir-ez-zoor was a typo\n  - daraa\n  - deir-ez-zoor\n";
    let errors = Fixture::new().brief("x", "en", fm, "Body.").errors();
    find_at(&errors, "unknown topic `homs city`", "x.en.md:5:11");
    find_at(&errors, "unknown topic `homs`", "x.en.md:5:23");
    find_at(&errors, "unknown region `deir-ez-zoor`", "x.en.md:8:5");
    // `data/land` is not the start of `data/land.geojson`.
    let map = "map:\n  outlines: [data/land.geojson, data/land]\n";
    let errors = Fixture::new().file("site.yaml", &format!("{SITE_YAML}{map}")).errors();
    find_at(&errors, "outline `data/land` must be a .geojson file inside data/", "site.yaml:16:33");
}

#[test]
fn a_value_listed_twice_is_shown_where_it_is_repeated() {
    // The repeat is the one to delete: the error points at it, in a flow
    // list and in a block list.
    let errors = Fixture::new().brief("x", "en", "regions: [daraa, daraa]\n", "Body.").errors();
    find_at(&errors, "`daraa` is listed twice in `regions`", "x.en.md:5:18");
    let errors = Fixture::new().brief("x", "en", "regions:\n  - daraa\n  - daraa\n", "Body.").errors();
    find_at(&errors, "`daraa` is listed twice in `regions`", "x.en.md:7:5");
}

#[test]
fn bad_date_names_the_value() {
    let f = Fixture::new().file("content/briefs/x.en.md", "---\ntitle: T\ndate: 2025-13-45\nsummary: S\n---\nBody\n");
    let errors = f.errors();
    find_at(&errors, "`date` is not a valid date: `2025-13-45`: month 13 is not between 1 and 12", "x.en.md:3:7");
    let f = Fixture::new().file("content/briefs/x.en.md", "---\ntitle: T\ndate: 12 Sept\nsummary: S\n---\nBody\n");
    let errors = f.errors();
    let e = find(&errors, "`date` is not a valid date: `12 Sept`");
    assert!(e.help.as_deref().unwrap_or("").contains("YYYY-MM-DD"));
}

#[test]
fn a_day_past_the_end_of_its_month_says_so() {
    let f = Fixture::new().brief("x", "en", "updated: 2025-09-32\n", "Body.");
    let errors = f.errors();
    find_at(&errors, "`updated` is not a valid date: `2025-09-32`: day 32 is not between 1 and 31", "x.en.md:5:10");
    let f = Fixture::new().brief("x", "en", "updated: 2025-02-29\n", "Body.");
    find(&f.errors(), "day 29 is past the end of February 2025, which has 28 days");
}

#[test]
fn a_tab_in_yaml_indentation_says_so_and_shows_the_fix() {
    let extra = "events:\n  - date: 2025-09-01\n\tregion: daraa\n";
    let f = Fixture::new().brief("x", "en", extra, "Body.");
    let errors = f.errors();
    find_at_with_help(
        &errors,
        "this line is indented with a tab: YAML indents with spaces only",
        "x.en.md:7:1",
        "replace the tab with spaces: `  region: daraa`",
    );
    let f = Fixture::empty().file("site.yaml", &SITE_YAML.replace("  topics:", "\ttopics:"));
    find(&f.errors(), "indented with a tab");
}

#[test]
fn wrong_type_says_what_was_found() {
    let f =
        Fixture::new().file("content/briefs/x.en.md", "---\ntitle: [a, b]\ndate: 2025-09-12\nsummary: S\n---\nBody\n");
    let errors = f.errors();
    find_at(&errors, "`title` must be text, found a list", "x.en.md:2:1");
}

#[test]
fn topics_must_be_a_list() {
    let f = Fixture::new().brief("x", "en", "topics: recruitment\n", "Body.");
    find_at(&f.errors(), "`topics` must be a list, found text", "x.en.md:5:1");
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
    find_at(&errors, "`updated` (2025-09-01) is before `date` (2025-09-12)", "x.en.md:5:10");
}

#[test]
fn image_without_alt() {
    let f =
        Fixture::new().brief("x", "en", "image:\n  src: https://example.org/a.jpg\n  caption: A caption\n", "Body.");
    let errors = f.errors();
    find_at(&errors, "`image` has a `src` but no `alt`", "x.en.md:5:1");
}

#[test]
fn unknown_field_inside_an_event() {
    let extra = "events:\n  - date: 2025-09-01\n    region: daraa\n    kind: attack\n    title: A\n  - date: 2025-09-02\n    regoin: daraa\n    kind: raid\n    title: B\n";
    let f = Fixture::new().brief("x", "en", extra, "Body.");
    let errors = f.errors();
    find_at_with_help(&errors, "unknown field `regoin` in an event", "x.en.md:11:5", "did you mean `region`?");
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
    find_at_with_help(&errors, "unknown kind `atack`", "x.en.md:6:45", "did you mean `attack`?");
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
    find_at(&errors, "not valid UTF-8", "x.en.md:4:13");
}

#[test]
fn no_front_matter() {
    let f = Fixture::new().file("content/briefs/x.en.md", "# Just a heading\n");
    find_at(&f.errors(), "has no front matter", "x.en.md:1:1");
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
    find_at(&errors, "link to `missing.en.md`, which is not a brief or page", "x.en.md:9:5");
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
    find_at(&errors, "`en/briefs/nowhere/` is not a page", "x.en.md:7:3");
    find(&errors, "`#unknown-heading` is not a heading");
}

#[test]
fn bad_site_yaml() {
    let f = Fixture::empty().file(
        "site.yaml",
        "title: T\nbase_url: briefs.example.org\nlanguages:\n  - {code: en, dir: sideways}\ndefault_langauge: en\n",
    );
    let errors = f.errors();
    find_at(&errors, "`base_url` must start with http", "site.yaml:2:11");
    find_at(&errors, "`dir` must be `rtl` or `ltr`", "site.yaml:4:21");
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
    find_at(&errors, "image `cover.png` does not exist", "index.en.md:5:14");
    find(&errors, "image `photo.jpg` has no folder to live in");
    let e = find(&errors, "image `/images/none.jpg` does not exist");
    assert_eq!(e.help.as_deref(), Some("put the file at static/images/none.jpg"));
}

/// Runs `f` on another thread and fails the test if it takes longer than
/// `secs` (a hang is a failure, not a stuck test run).
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(Duration::from_secs(secs)).unwrap_or_else(|_| panic!("still running after {secs} s: a hang"))
}

/// The build's errors, within ten seconds.
fn errors_within(f: Fixture) -> Vec<Diagnostic> {
    within(10, move || f.errors())
}

#[test]
fn an_empty_site_yaml_is_an_error_not_a_panic() {
    let f = Fixture::empty().file("site.yaml", "").brief("x", "en", "", "Body.");
    let errors = errors_within(f);
    find(&errors, "missing required field `languages`");
    find(&errors, "missing required field `base_url`");
}

#[test]
fn front_matter_with_no_fields_is_an_error_not_a_panic() {
    let f =
        Fixture::new().file("content/briefs/x.en.md", "---\n---\n").file("content/pages/p.en.md", "---\n---\nText\n");
    let errors = errors_within(f);
    find_at(&errors, "missing required field `title`", "x.en.md:1:1");
    find(&errors, "missing required field `summary`");
}

#[test]
fn a_key_without_a_name_in_front_matter_is_an_error_not_a_hang() {
    for (key, found) in [("\"\": 1", "empty text"), ("~: 1", "nothing"), ("? [a]\n: 1", "a list")] {
        let f = Fixture::new().brief("x", "en", &format!("{key}\n"), "Body.");
        let errors = errors_within(f);
        find_at(&errors, &format!("a field name in a brief's front matter must be text, found {found}"), "x.en.md:5:1");
    }
}

#[test]
fn a_key_without_a_name_in_site_yaml_is_an_error_not_a_hang() {
    let f = Fixture::empty().file("site.yaml", &format!("{SITE_YAML}~: 1\n")).brief("x", "en", "", "Body.");
    let errors = errors_within(f);
    find_at(&errors, "a field name in site.yaml must be text, found nothing", "site.yaml:15:1");
    let f = Fixture::empty().file("site.yaml", &SITE_YAML.replace("    daraa:", "    \"\": {en: x}\n    daraa:"));
    find(&errors_within(f), "taxonomy key `` must be lowercase");
}

#[test]
fn a_key_without_a_name_in_a_chart_block_is_an_error_not_a_hang() {
    let body = "```chart\ntype: bar\ntitle: T\n? [a]\n: 1\n```";
    let f = Fixture::new().brief("x", "en", "", body);
    find_at(&errors_within(f), "chart: a field name in a chart block must be text, found a list", "x.en.md:10:1");
}

#[test]
fn an_unclosed_chart_fence_before_a_footnote_is_an_error_not_a_hang() {
    let body = "Text[^a].\n\n```chart\ntype: bar\ntitle: T\n\n[^a]: A note.\n";
    let f = Fixture::new().brief("x", "en", "", body);
    let errors = errors_within(f);
    find_at(&errors, "a field name in a chart block must be text, found a list", "x.en.md:13:1");
}

#[test]
fn a_file_with_front_matter_errors_still_has_its_body_checked() {
    let body = "A [broken](missing.en.md) link, ![a photo](nowhere.png) and a chart:\n\n```chart\ntype: bar\n```";
    let f = Fixture::new().brief("x", "en", "topcis: [x]\nupdated: 2025-13-01\n", body);
    let errors = f.errors();
    find(&errors, "unknown field `topcis`");
    find(&errors, "month 13 is not between 1 and 12");
    find_at(&errors, "link to `missing.en.md`", "x.en.md:9:3");
    find(&errors, "nowhere.png");
    find(&errors, "chart: missing `title`");
    // Nothing is written while there are errors.
    assert!(!f.output().exists());
}

#[test]
fn a_draft_with_front_matter_errors_reports_them_and_its_body_waits_like_any_draft() {
    let f = Fixture::new().brief("x", "en", "draft: true\nsummary2: x\n", "[broken](missing.en.md)");
    let errors = f.errors();
    find(&errors, "unknown field `summary2`");
    // A draft's body is checked when drafts are built (`--drafts`), not before.
    assert!(!errors.iter().any(|e| e.message.contains("missing.en.md")), "{errors:?}");
}

#[test]
fn thirty_thousand_broken_links_are_reported_in_seconds_with_bounded_lines() {
    let mut body = String::new();
    for i in 0..30_000 {
        body.push_str(&format!("[l{i}](#nowhere-{i})\n\n"));
    }
    // And 8,000 on one line.
    for i in 0..8_000 {
        body.push_str(&format!("[m{i}](#gone-{i}) "));
    }
    let f = Fixture::new().brief("x", "en", "", &body);
    let start = Instant::now();
    // The fixture comes back: its files must still exist when the errors are printed.
    let (_f, errors) = within(60, move || {
        let errors = f.errors();
        (f, errors)
    });
    let text = mujaz::diag::render(&errors, false);
    let took = start.elapsed();
    assert_eq!(errors.len(), 38_000);
    eprintln!("took {took:?}");
    assert!(text.contains("\n60007 | …[m7995](#gone-7995) "), "{}", &text[text.len() - 1000..]);
    assert!(took < Duration::from_secs(20), "{took:?}");
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 200, "a source line of {longest} characters was shown");
}

#[test]
fn a_bidi_override_in_front_matter_is_an_error_naming_it() {
    let extra = "events:\n  - {date: 2025-09-01, region: daraa, kind: attack, title: \"Raid \u{202E}sdrawkcab\"}\n";
    let f = Fixture::new()
        .brief("x", "en", extra, "Body.")
        .file("content/briefs/y.en.md", "---\ntitle: \"A \u{202E}title\"\ndate: 2025-09-12\nsummary: S\n---\n");
    let errors = f.errors();
    find_at(&errors, "`title` holds U+202E (RIGHT-TO-LEFT OVERRIDE) at character 3", "y.en.md:2:11");
    find_at(&errors, "`title` holds U+202E (RIGHT-TO-LEFT OVERRIDE) at character 6", "x.en.md:6:66");
}

#[test]
fn a_bidi_isolate_left_open_in_a_taxonomy_label_is_an_error() {
    let f = Fixture::empty()
        .file("site.yaml", &SITE_YAML.replace("en: \"Daraa\"", "en: \"Da\u{2066}raa\""))
        .brief("x", "en", "", "Body.");
    let errors = f.errors();
    let e = find_at(&errors, "`daraa.en` holds U+2066 (LEFT-TO-RIGHT ISOLATE) at character 3", "site.yaml:14:39");
    assert!(e.message.contains("not closed"), "{e}");
}

#[test]
fn balanced_isolates_written_on_purpose_are_accepted() {
    let f = Fixture::new().brief("x", "en", "", "Body.").file(
        "content/briefs/y.en.md",
        "---\ntitle: \"Statement by \u{2067}الأمن العام\u{2069} on raids\"\ndate: 2025-09-12\nsummary: S\n---\n",
    );
    let built = f.build();
    assert!(built.page("en/briefs/y/").text("h1").contains("\u{2067}الأمن العام\u{2069}"));
}

#[test]
fn a_control_character_in_front_matter_is_an_error_naming_it() {
    let f = Fixture::new()
        .file("content/briefs/x.en.md", "---\ntitle: \"Bell\\a and\\x1b[2J\"\ndate: 2025-09-12\nsummary: S\n---\n");
    let errors = f.errors();
    find_at(&errors, "`title` holds the control character U+0007 at character 5", "x.en.md:2:1");
    let f = Fixture::new();
    f.write("content/briefs/x.en.md", b"---\ntitle: Bell\x07\ndate: 2025-09-12\nsummary: S\n---\n");
    find_at(&f.errors(), "the control character U+0007 is not allowed in text", "x.en.md:2:12");
}

#[test]
fn script_and_data_urls_in_front_matter_are_refused() {
    let f = Fixture::new()
        .file(
            "content/briefs/x/index.en.md",
            "---\ntitle: T\ndate: 2025-09-12\nsummary: S\nimage: {src: \"data:image/svg+xml,<svg onload=alert(1)>\", alt: A}\n---\n",
        )
        .brief("y", "en", "sources:\n  - {title: A, url: \" JaVaScRiPt:alert(1)\"}\n  - {title: B, url: \"vbscript:msgbox\"}\n", "Body.")
        .brief("z", "en", "image: {src: \"javascript:alert(1)\", alt: A}\n", "Body.");
    let errors = f.errors();
    find_at(&errors, "`data:` URLs are refused", "index.en.md:5:15");
    find_at(&errors, "`javascript:` URLs are refused: `JaVaScRiPt:alert(1)`", "y.en.md:6:23");
    find(&errors, "`vbscript:` URLs are refused");
    find_at(&errors, "`javascript:` URLs are refused: `javascript:alert(1)`", "z.en.md:5:15");
}

#[test]
fn escape_sequences_from_sources_do_not_reach_the_terminal() {
    let f = Fixture::new().brief(
        "x",
        "en",
        "topics: [\"\\e]0;owned\\a\\e[2J\"]\n",
        "Text with \u{1b}[31m red [link](\u{1b}[2Jmissing.en.md).",
    );
    let run = f.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'), "{:?}", run.stderr);
    assert!(run.stderr.contains("\\u{1b}"), "{}", run.stderr);
}

#[test]
fn a_timeline_of_ten_thousand_events_is_refused_in_seconds() {
    let events: String =
        (0..10_000).map(|i| format!("  - date: 2025-01-{:02}\n    label: e{i}\n", 1 + i % 28)).collect();
    let f = Fixture::new().brief("x", "en", "", &format!("```chart\ntype: timeline\ntitle: T\nevents:\n{events}```"));
    let start = Instant::now();
    let errors = within(30, move || f.errors());
    find(&errors, "chart: a timeline draws at most 200 events; this one has 10000");
    assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
}

#[test]
fn ten_thousand_items_with_errors_are_located_in_seconds() {
    // Each event's error is placed by its own lookup of the list.
    let events: String =
        (0..10_000).map(|i| format!("  - {{date: 2025-09-01, region: r{i}, kind: attack, title: A}}\n")).collect();
    let f = Fixture::new().brief("x", "en", &format!("events:\n{events}"), "Body.");
    let start = Instant::now();
    let errors = within(60, move || f.errors());
    assert_eq!(errors.len(), 10_000);
    find_at(&errors, "unknown region `r9999`", "x.en.md:10005:32");
    assert!(start.elapsed() < Duration::from_secs(20), "{:?}", start.elapsed());
}

#[test]
fn ten_thousand_unknown_fields_are_reported_in_seconds() {
    let fields: String = (0..10_000).map(|i| format!("field{i}: x\n")).collect();
    let f = Fixture::new().brief("x", "en", &fields, "Body.");
    let start = Instant::now();
    let errors = within(60, move || f.errors());
    assert_eq!(errors.len(), 10_000);
    find_at(&errors, "unknown field `field9999`", "x.en.md:10004:1");
    assert!(start.elapsed() < Duration::from_secs(20), "{:?}", start.elapsed());
}

#[test]
fn a_brief_without_a_date_still_has_its_body_checked() {
    let text = "---\ntitle: X\nsummary: S.\n---\n\nA [broken](missing.en.md) link.\n";
    let f = Fixture::new().file("content/briefs/x.en.md", text);
    let errors = f.errors();
    find(&errors, "missing required field `date`");
    find_at(&errors, "link to `missing.en.md`", "x.en.md:6:3");
    assert!(!f.output().exists());
}

#[test]
fn links_to_a_file_with_front_matter_errors_are_not_broken_too() {
    let bundle = "---\ntitle: B\ndate: 2025-13-01\nsummary: S.\n---\n\n[The data](table.csv).\n";
    let f = Fixture::new()
        .brief("x", "en", "", "See [the other](b/index.en.md), [its data](/en/briefs/b/table.csv).")
        .file("content/briefs/b/index.en.md", bundle)
        .file("content/briefs/b/table.csv", "a,b\n1,2\n");
    let errors = f.errors();
    assert_eq!(errors.iter().filter(|e| e.is_error()).count(), 1, "{errors:?}");
    find(&errors, "month 13 is not between 1 and 12");
}

#[test]
fn a_file_with_front_matter_errors_still_counts_as_a_second_file_for_its_brief() {
    let f = Fixture::new().brief("x", "en", "", "Body.").file(
        "content/briefs/x/index.en.md",
        "---\ntitle: X\ndate: 2025-09-12\nsummary: S.\ntopcis: [x]\n---\n\nBody.\n",
    );
    let errors = f.errors();
    find(&errors, "unknown field `topcis`");
    find(&errors, "is written twice");
}
