//! Graded sources and `[@id]` citations: what readers see, what authors
//! are told.

use crate::fixture::{Fixture, find, find_at, find_at_with_help, place};

const SOURCES: &str = "sources:
  - title: \"Weekly claims\"
    publisher: \"al-Naba\"
    id: naba
    grade: C3
  - title: \"Damascus heads for the coalition\"
    id: majalla
    grade: B2
  - title: \"Statements\"
    grade: A1
";

fn site(en_body: &str, ar_body: &str) -> Fixture {
    Fixture::new().brief("b", "en", SOURCES, en_body).brief("b", "ar", SOURCES, ar_body)
}

#[test]
fn citations_are_numbered_in_order_of_first_citation_and_link_to_their_source() {
    let built = site("First [@majalla]. Then [@naba; @majalla].", "أولًا [@majalla]. ثم [@naba; @majalla].").build();
    let page = built.page("en/briefs/b/");
    assert_eq!(page.texts(".cite"), ["[1]", "[2, 1]"]);
    assert_eq!(page.attrs(".cite a", "href"), ["#source-majalla", "#source-naba", "#source-majalla"]);
    assert_eq!(page.attrs(".cite a", "id"), ["cite-majalla-1", "cite-naba-1", "cite-majalla-2"]);
    // The list follows the numbers; the uncited source comes last.
    assert_eq!(page.attrs(".source-list li", "id"), ["source-majalla", "source-naba"]);
    assert_eq!(page.texts(".source-number"), ["[1]", "[2]", "[3]"]);
    // Back-links, one per citation, named in the page's language.
    assert_eq!(page.attrs("#source-majalla .source-back", "href"), ["#cite-majalla-1", "#cite-majalla-2"]);
    assert_eq!(page.attr("#source-naba .source-back", "aria-label"), "Back to citation 1 in the text");
    let ar = built.page("ar/briefs/b/");
    assert_eq!(ar.texts(".cite"), ["[1]", "[2، 1]"]);
    assert_eq!(ar.attr("#source-naba .source-back", "aria-label"), "العودة إلى موضع الإحالة 1 في النص");
}

#[test]
fn grades_are_shown_with_their_meaning_in_the_page_language() {
    let built = site("[@majalla] [@naba]", "[@majalla] [@naba]").build();
    let en = built.page("en/briefs/b/");
    assert_eq!(en.text("#source-majalla .grade"), "Grade B2 (usually reliable; probably true)");
    assert_eq!(en.text("#source-naba .grade-meaning"), "(fairly reliable; possibly true)");
    let ar = built.page("ar/briefs/b/");
    assert_eq!(ar.text("#source-majalla .grade"), "التقييم B2 (موثوق عادةً؛ صحيح على الأرجح)");
    // The code stays Latin, isolated from the Arabic around it.
    assert_eq!(ar.attr("#source-majalla .grade-code", "dir"), "ltr");
}

#[test]
fn citation_numbers_follow_the_numerals_setting() {
    let f = site("[@majalla]", "[@majalla] [@naba]");
    let yaml = f.read("site.yaml") + "numerals: arabic-indic\n";
    let built = f.file("site.yaml", &yaml).build();
    let ar = built.page("ar/briefs/b/");
    assert_eq!(ar.texts(".cite"), ["[١]", "[٢]"]);
    assert_eq!(ar.texts(".source-number"), ["[١]", "[٢]", "[٣]"]);
}

#[test]
fn a_bad_grade_is_an_error_at_its_line_saying_what_a_grade_is() {
    for (bad, why) in [
        ("G7", "`G` is not a reliability: it is a letter from A to F"),
        ("b2", "the reliability letter is a capital: `B2`"),
        ("B", "the credibility, a digit from 1 to 6, is missing"),
        ("B22", "a grade is one letter and one digit"),
    ] {
        let f = Fixture::new().brief("b", "en", &SOURCES.replace("grade: B2", &format!("grade: {bad}")), "[@majalla]");
        let errors = f.errors();
        let d = find_at(&errors, "is not a grade", "b.en.md:12:12");
        assert_eq!(d.message, format!("`{bad}` is not a grade: {why}"));
        assert!(d.help.as_deref().unwrap_or("").contains("A (completely reliable) to F"), "{d:?}");
    }
}

#[test]
fn an_unknown_citation_is_an_error_with_a_did_you_mean_at_its_place() {
    let f = Fixture::new().brief("b", "en", SOURCES, "Text.\n\nAs claimed [@nabaa], and [@majalla; @nobody].");
    let errors = f.errors();
    let d = find_at_with_help(&errors, "`nabaa`", "b.en.md:19:12", "did you mean `naba`?");
    assert_eq!(d.message, "no source has the id `nabaa`");
    let d = find(&errors, "`nobody`");
    assert_eq!(d.help.as_deref(), Some("the sources' ids are: naba, majalla"));
}

#[test]
fn source_ids_are_slugs_and_unique_in_a_brief() {
    let twice = SOURCES.replace("id: majalla", "id: naba");
    let errors = Fixture::new().brief("b", "en", &twice, "").errors();
    let d = find_at(&errors, "used by another source", "b.en.md:11:9");
    assert_eq!(d.message, "source id `naba` is used by another source of this brief");
    let errors = Fixture::new().brief("b", "en", &SOURCES.replace("id: majalla", "id: Al Majalla"), "").errors();
    let d = find_at(&errors, "must be lowercase", "b.en.md:11:9");
    assert!(d.help.as_deref().unwrap_or("").contains("`id: al-majalla`"), "{d:?}");
}

#[test]
fn markdown_that_only_looks_like_a_citation_is_left_alone() {
    let body = "Write to desk@example.org or @analyst; `[@code]` and [@] and [@ spaced] stay.\n\n```\n[@in-a-block]\n```\n\n[@defined]\n\n[@defined]: https://example.org/d\n";
    let built = Fixture::new().brief("b", "en", SOURCES, body).build();
    let page = built.page("en/briefs/b/");
    assert!(page.all(".cite").is_empty());
    let prose = page.text(".prose");
    for kept in ["desk@example.org", "@analyst", "[@code]", "[@]", "[@ spaced]", "[@in-a-block]"] {
        assert!(prose.contains(kept), "{kept} in {prose}");
    }
    assert_eq!(page.attr(".prose a[href='https://example.org/d']", "href"), "https://example.org/d");
}

#[test]
fn check_warns_of_sources_never_cited_and_sources_without_a_grade() {
    let sources = SOURCES.replace("    grade: A1\n", "");
    let f = Fixture::new().brief("b", "en", &sources, "Only [@naba].").brief("b", "ar", &sources, "فقط [@naba].");
    let warnings = f.check();
    assert!(warnings.iter().all(|d| !d.is_error()), "{}", mujaz::diag::render(&warnings, false));
    let uncited: Vec<String> =
        warnings.iter().filter(|d| d.message == "source `majalla` is never cited").map(place).collect();
    assert_eq!(uncited, ["b.ar.md:11:5", "b.en.md:11:5"]);
    let ungraded: Vec<String> =
        warnings.iter().filter(|d| d.message == "source `Statements` has no grade").map(place).collect();
    assert_eq!(ungraded, ["b.ar.md:13:3", "b.en.md:13:3"]);
    // `build` says nothing of either.
    assert!(f.build().report.warnings.is_empty());
}

#[test]
fn check_compares_source_ids_and_grades_between_versions() {
    let other = SOURCES.replace("grade: C3", "grade: C2").replace("id: majalla", "id: majala");
    let f =
        Fixture::new().brief("b", "ar", SOURCES, "[@naba] [@majalla]").brief("b", "en", &other, "[@naba] [@majala]");
    let warnings = f.check();
    let d = find_at(&warnings, "is not in the", "b.en.md:11:5");
    assert_eq!(d.message, "source id `majala` is not in the العربية version");
    assert!(d.help.as_deref().unwrap_or("").contains("b.ar.md:11"), "{d:?}");
    let d = find_at(&warnings, "is graded", "b.en.md:9:5");
    assert_eq!(d.message, "source `naba` is graded `C2` here but `C3` in the العربية version");
    assert!(d.help.as_deref().unwrap_or("").ends_with("b.ar.md:9"), "{d:?}");
}

#[test]
fn a_new_brief_has_a_graded_citable_source_to_uncomment() {
    let f = Fixture::new();
    assert_eq!(f.run_with(&["new", "x"], &[("MUJAZ_TODAY", "2025-10-01")]).code, 0);
    for lang in ["ar", "en"] {
        let path = format!("content/briefs/x.{lang}.md");
        let text = f.read(&path);
        assert!(text.contains("\n# sources:") && text.contains("\n#     grade: B2"), "{text}");
        // Uncommented and cited, the lines build.
        // Only the sources block: the analytic fields after it stay commented.
        let mut in_sources = false;
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                in_sources = l.starts_with("# sources:") || (in_sources && l.starts_with("#  "));
                match l.strip_prefix("# ") {
                    Some(rest) if in_sources => rest.to_string(),
                    _ => l.to_string(),
                }
            })
            .collect();
        let filled = lines.join("\n").replace("YYYY-MM-DD", "2025-09-01").replace("\"\"", "\"Filled in\"");
        let text = filled + "\nCited [@short-name].\n";
        f.write(&path, text.as_bytes());
    }
    let built = f.build_with_drafts();
    assert_eq!(built.page("en/briefs/x/").texts(".cite"), ["[1]"]);
    assert_eq!(built.page("en/briefs/x/").text("#source-short-name .grade-code"), "B2");
}

#[test]
fn a_citation_on_a_plain_page_says_what_a_page_can_write_instead() {
    let page = "---\ntitle: \"Method\"\n---\n\nWe read al-Naba [@naba] weekly.\n";
    let f = Fixture::new().brief("b", "en", SOURCES, "[@naba] [@majalla]").file("content/pages/method.en.md", page);
    let errors = f.errors();
    let d = find_at(&errors, "a page has no sources", "method.en.md:5:17");
    assert_eq!(d.message, "`[@naba]` cites a source, but a page has no sources");
    assert_eq!(
        d.help.as_deref(),
        Some(
            "only a brief's `sources` can be cited; on a page, link to the source: `[its title](https://…)`, or write `\\[@naba]` to show the brackets as text"
        )
    );
    assert!(!errors.iter().any(|d| d.message.contains("no source has the id")), "{errors:?}");
    // Both ways out build.
    let fixed = page.replace("[@naba]", "([al-Naba](https://example.org/naba)) \\[@naba]");
    let built = f.file("content/pages/method.en.md", &fixed).build();
    let method = built.page("en/method/");
    assert!(method.all(".cite").is_empty());
    assert!(method.text(".prose").contains("(al-Naba) [@naba] weekly"), "{}", method.text(".prose"));
}
