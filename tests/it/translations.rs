//! `mujaz check`: the versions of a brief must agree, or a warning says where not.

use crate::fixture::{Fixture, find, place};
use mujaz::diag::Diagnostic;

const AR: &str = r#"---
title: "التجنيد برواتب شهرية"
date: 2025-09-12
updated: 2025-09-20
summary: "رواتب تصل إلى 400 دولار."
topics: [recruitment, extortion]
regions: [deir-ez-zor, daraa]
events:
  - {date: 2025-09-03, region: daraa, kind: arrest, title: "توقيف مجنّدين"}
  - {date: 2025-09-05, region: deir-ez-zor, kind: attack, title: "هجوم على حاجز"}
sources:
  - {title: "تقرير", publisher: "المجلة", url: "https://example.org/a", date: 2025-09-10, grade: B2}
---

أوقف الأمن العام ١٬٢٥٠ شخصًا منذ عام ٢٠٢٤، في ثلاث محافظات.[^1]

```chart
type: bar
title: الموقوفون بحسب المنطقة
labels: [درعا, دير الزور]
series:
  - name: الموقوفون
    values: [12, 30]
```

[^1]: بحسب [تقرير 2023](https://example.org/2023/99).
"#;

const EN: &str = r#"---
title: "Recruitment with monthly pay"
date: 2025-09-12
updated: 2025-09-20
summary: "Salaries of up to $400."
topics: [extortion, recruitment]
regions: [daraa, deir-ez-zor]
events:
  - {date: 2025-09-05, region: deir-ez-zor, kind: attack, title: "Attack on a checkpoint"}
  - {date: 2025-09-03, region: daraa, kind: arrest, title: "Recruiters detained"}
sources:
  - {title: "Report", publisher: "Al Majalla", url: "https://example.org/a", date: 2025-09-10, grade: B2}
---

General Security has detained 1,250 people since 2024, in 3 governorates.[^1]

```chart
type: bar
title: Detained by region
labels: [Daraa, Deir ez-Zor]
series:
  - name: Detained
    values: [12, 30]
```

[^1]: According to [a 2023 report](https://example.org/2023/77).
"#;

/// The pair, with `(from, to)` replaced in the English version.
fn pair_with(en_edit: (&str, &str)) -> Fixture {
    assert!(EN.contains(en_edit.0), "the edit must apply: {}", en_edit.0);
    Fixture::new()
        .file("content/briefs/recruitment.ar.md", AR)
        .file("content/briefs/recruitment.en.md", &EN.replacen(en_edit.0, en_edit.1, 1))
}

/// The only warning of a check.
fn only_warning(f: &Fixture) -> Diagnostic {
    let diags = f.check();
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    assert_eq!(diags.len(), 1, "{}", mujaz::diag::render(&diags, false));
    diags[0].clone()
}

#[test]
fn versions_that_agree_are_silent() {
    // Order of topics, regions and events, titles, footnote labels, URLs,
    // numbers under 10 and Arabic-Indic digits make no difference.
    let diags = pair_with(("", "")).check();
    assert!(diags.is_empty(), "{}", mujaz::diag::render(&diags, false));
}

#[test]
fn a_brief_in_one_language_is_named() {
    let f = Fixture::new().file("content/briefs/recruitment.en.md", EN);
    let d = only_warning(&f);
    assert_eq!(d.message, "`recruitment` has no العربية version");
    assert_eq!(place(&d), "recruitment.en.md:1:1");
    assert!(d.help.as_deref().unwrap_or("").contains("content/briefs/recruitment.ar.md"), "{d:?}");
    let f = Fixture::new().file("content/briefs/recruitment/index.ar.md", AR);
    let d = only_warning(&f);
    assert_eq!(d.message, "`recruitment` has no English version");
    assert!(d.help.as_deref().unwrap_or("").contains("content/briefs/recruitment/index.en.md"), "{d:?}");
}

#[test]
fn a_draft_translation_is_named_as_a_draft() {
    let f = Fixture::new().file("content/briefs/recruitment.ar.md", AR).file(
        "content/briefs/recruitment.en.md",
        &EN.replacen("date: 2025-09-12\n", "date: 2025-09-12\ndraft: true\n", 1),
    );
    let d = only_warning(&f);
    assert_eq!(d.message, "`recruitment` has no English version");
    assert!(d.help.as_deref().unwrap_or("").contains("is a draft"), "{d:?}");
}

#[test]
fn dates_differ() {
    let d = only_warning(&pair_with(("date: 2025-09-12", "date: 2025-09-13")));
    assert_eq!(d.message, "`date` is 2025-09-13 here but 2025-09-12 in the العربية version");
    assert_eq!(place(&d), "recruitment.en.md:3:7");
    let help = d.help.unwrap_or_default();
    assert!(
        help.starts_with("the العربية version has it at ") && help.ends_with("content/briefs/recruitment.ar.md:3"),
        "{help}"
    );
}

#[test]
fn updated_differs_or_is_missing() {
    let d = only_warning(&pair_with(("updated: 2025-09-20", "updated: 2025-09-21")));
    assert_eq!(d.message, "`updated` is 2025-09-21 here but 2025-09-20 in the العربية version");
    assert_eq!(place(&d), "recruitment.en.md:4:10");
    let d = only_warning(&pair_with(("updated: 2025-09-20\n", "")));
    assert_eq!(d.message, "`updated` is missing here but 2025-09-20 in the العربية version");
    assert_eq!(place(&d), "recruitment.en.md:3:1");
}

#[test]
fn topics_differ_as_sets() {
    let d = only_warning(&pair_with(("topics: [extortion, recruitment]", "topics: [recruitment]")));
    assert_eq!(d.message, "`topics` differ from the العربية version (only there: `extortion`)");
    assert_eq!(place(&d), "recruitment.en.md:6:1");
    let d = only_warning(&pair_with(("topics: [extortion, recruitment]", "topics: [recruitment, infiltration]")));
    assert_eq!(
        d.message,
        "`topics` differ from the العربية version (only here: `infiltration`; only there: `extortion`)"
    );
    assert_eq!(place(&d), "recruitment.en.md:6:23");
}

#[test]
fn regions_differ_as_sets() {
    let d = only_warning(&pair_with(("regions: [daraa, deir-ez-zor]", "regions: [daraa]")));
    assert_eq!(d.message, "`regions` differ from the العربية version (only there: `deir-ez-zor`)");
    assert_eq!(place(&d), "recruitment.en.md:7:1");
}

#[test]
fn events_differ_by_date_region_or_kind() {
    let d = only_warning(&pair_with((
        "{date: 2025-09-03, region: daraa, kind: arrest",
        "{date: 2025-09-03, region: daraa, kind: raid",
    )));
    assert_eq!(
        d.message,
        "`events` differ from the العربية version (only here: 2025-09-03 raid in daraa; only there: 2025-09-03 arrest in daraa)"
    );
    assert_eq!(place(&d), "recruitment.en.md:10:3");
    let d = only_warning(&pair_with((
        "  - {date: 2025-09-05, region: deir-ez-zor, kind: attack, title: \"Attack on a checkpoint\"}\n",
        "",
    )));
    assert_eq!(d.message, "`events` differ from the العربية version (only there: 2025-09-05 attack in deir-ez-zor)");
    assert_eq!(place(&d), "recruitment.en.md:8:1");
}

#[test]
fn the_number_of_sources_differs() {
    let extra = "sources:\n  - {title: \"Statement\", publisher: \"Ministry of Interior\", url: \"https://example.org/b\", grade: B2}\n";
    let d = only_warning(&pair_with(("sources:\n", extra)));
    assert_eq!(d.message, "`sources` lists 2 sources here but 1 in the العربية version");
    assert_eq!(place(&d), "recruitment.en.md:11:1");
}

#[test]
fn inline_chart_values_differ() {
    let d = only_warning(&pair_with(("values: [12, 30]", "values: [12, 31]")));
    assert_eq!(d.message, "chart 1's values differ from the العربية version: [12, 31] here, [12, 30] there");
    assert_eq!(place(&d), "recruitment.en.md:23:5");
    let help = d.help.unwrap_or_default();
    assert!(help.starts_with("the العربية version's chart is at ") && help.ends_with("recruitment.ar.md:17"), "{help}");
}

#[test]
fn a_chart_missing_from_one_version() {
    let chart = "```chart\ntype: bar\ntitle: Detained by region\nlabels: [Daraa, Deir ez-Zor]\nseries:\n  - name: Detained\n    values: [12, 30]\n```\n";
    let d = only_warning(&pair_with((chart, "")));
    assert_eq!(d.message, "this version has 0 charts but the العربية version has 1");
    assert_eq!(place(&d), "recruitment.en.md:1:1");
}

#[test]
fn charts_that_read_data_are_compared_by_file() {
    let block = |name: &str| format!("```chart\ntype: bar\ntitle: T\ndata: {name}\nx: region\ny: [attacks]\n```\n");
    let brief = |name: &str| format!("---\ntitle: T\ndate: 2025-09-12\nsummary: S\n---\n\nText.\n\n{}", block(name));
    let csv = "region,attacks\ndaraa,4\ndeir-ez-zor,6\n";
    let f = Fixture::new()
        .file("data/attacks.csv", csv)
        .file("data/attacks-old.csv", csv)
        .file("content/briefs/x.ar.md", &brief("attacks"))
        .file("content/briefs/x.en.md", &brief("attacks"));
    assert!(f.check().is_empty(), "{:?}", f.check());
    let f = f.file("content/briefs/x.en.md", &brief("attacks-old"));
    let d = only_warning(&f);
    assert_eq!(d.message, "chart 1 reads `data: attacks-old` here but `data: attacks` in the العربية version");
    assert_eq!(place(&d), "x.en.md:12:1");
}

#[test]
fn numbers_in_the_text_are_compared_both_ways() {
    let diags = pair_with(("1,250 people", "1,350 people")).check();
    assert_eq!(diags.len(), 2, "{}", mujaz::diag::render(&diags, false));
    let en = find(&diags, "the number `1,350` (1350) is not in the العربية version");
    assert_eq!(place(en), "recruitment.en.md:15:31");
    assert_eq!(en.span, 5);
    let ar = find(&diags, "the number `١٬٢٥٠` (1250) is not in the English version");
    assert_eq!(place(ar), "recruitment.ar.md:15:18");
    assert!(ar.help.as_deref().unwrap_or("").contains("content/briefs/recruitment.en.md"), "{ar:?}");
}

#[test]
fn numbers_in_the_title_and_summary_count() {
    let diags = pair_with(("up to $400", "up to $450")).check();
    assert_eq!(place(find(&diags, "the number `450` is not in the العربية version")), "recruitment.en.md:5:30");
    assert_eq!(place(find(&diags, "the number `400` is not in the English version")), "recruitment.ar.md:5:25");
}

#[test]
fn check_prints_warnings_and_strict_makes_them_errors() {
    let f = Fixture::new().file("content/briefs/recruitment.en.md", EN);
    let run = f.run(&["check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("content/briefs/recruitment.en.md:1:1: warning: `recruitment` has no العربية version"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 warning\n"), "{}", run.stderr);
    let run = f.run(&["check", "--strict"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("content/briefs/recruitment.en.md:1:1: error: `recruitment` has no العربية version"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 error\n"), "{}", run.stderr);
}

#[test]
fn build_does_not_print_translation_warnings() {
    let f = Fixture::new().file("content/briefs/recruitment.en.md", EN);
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("has no"), "{}", run.stderr);
}

#[test]
fn the_arabic_source_line_is_isolated_in_the_report() {
    let f = pair_with(("1,250 people", "1,350 people"));
    let run = f.run(&["check"]);
    assert!(run.stderr.contains("15 | \u{2068}أوقف الأمن العام ١٬٢٥٠"), "{}", run.stderr);
    assert!(run.stderr.contains("15 | General Security"), "{}", run.stderr);
}

#[test]
fn the_example_site_has_no_translation_warnings() {
    let f = Fixture::example();
    let run = f.run(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
