//! Analytic briefs: key judgments on an estimative scale, TLP markings and
//! revisions — on the page, in the feed, in print, and refused when wrong.

use crate::fixture::{Fixture, SITE_YAML, find, find_at, find_at_with_help, place, snapshot};

const JUDGED_EN: &str = "key_judgments:
  - text: \"ISIS will keep recruiting in Deir ez-Zor.\"
    likelihood: highly-likely
    confidence: moderate
  - text: \"The drive will end this year.\"
    likelihood: unlikely
    confidence: low
marking: TLP:CLEAR
revisions:
  - {date: 2025-09-20, note: \"Adds the September arrests.\"}
";

const JUDGED_AR: &str = "key_judgments:
  - text: \"سيواصل التنظيم التجنيد في دير الزور.\"
    likelihood: highly-likely
    confidence: moderate
  - text: \"ستنتهي الحملة هذا العام.\"
    likelihood: unlikely
    confidence: low
marking: TLP:CLEAR
revisions:
  - {date: 2025-09-20, note: \"أُضيفت اعتقالات أيلول.\"}
";

fn judged() -> Fixture {
    Fixture::new().brief("drive", "en", JUDGED_EN, "Body.").brief("drive", "ar", JUDGED_AR, "النص.")
}

/// The site.yaml of the fixtures with more settings.
fn site_with(settings: &str) -> Fixture {
    Fixture::empty().file("site.yaml", &format!("{SITE_YAML}{settings}"))
}

#[test]
fn the_key_judgments_come_before_the_body_with_term_band_and_confidence_in_each_language() {
    let built = judged().build();
    let en = built.page("en/briefs/drive/");
    assert_eq!(en.texts(".key-judgments h2"), ["Key judgments"]);
    assert_eq!(
        en.texts(".key-judgments .judgment-meta"),
        ["highly likely (80–90\u{a0}%), moderate confidence", "unlikely (25–35\u{a0}%), low confidence"]
    );
    assert_eq!(en.attr(".key-judgments .likelihood", "href"), "../../../en/judgments/");
    let html = built.read("en/briefs/drive/index.html");
    assert!(html.find("class=\"key-judgments\"") < html.find("class=\"prose\""), "judgments first");
    let ar = built.page("ar/briefs/drive/");
    assert_eq!(ar.texts(".key-judgments h2"), ["الأحكام الرئيسية"]);
    assert_eq!(ar.texts(".judgment-meta"), ["مرجّح جدًا (80–90%)، ثقة متوسطة", "مستبعد (25–35%)، ثقة منخفضة"]);
    assert_eq!(ar.texts(".judgments-how a"), ["كيف تُقرأ أحكامنا"]);
}

#[test]
fn arabic_indic_numerals_write_the_band_with_the_arabic_percent_sign() {
    let built = site_with("numerals: arabic-indic\n")
        .brief("drive", "ar", JUDGED_AR, "النص.")
        .brief("drive", "en", JUDGED_EN, "Body.")
        .build();
    let ar = built.page("ar/briefs/drive/");
    assert_eq!(ar.texts(".band"), ["(٨٠–٩٠٪)", "(٢٥–٣٥٪)"]);
    assert_eq!(built.page("en/briefs/drive/").texts(".band"), ["(80–90\u{a0}%)", "(25–35\u{a0}%)"]);
}

#[test]
fn numbered_lists_count_in_arabic_indic_digits_only_on_arabic_pages_of_a_site_that_writes_them() {
    let built = site_with("numerals: arabic-indic\n")
        .brief("drive", "ar", JUDGED_AR, "1. أولًا\n2. ثانيًا")
        .brief("drive", "en", JUDGED_EN, "1. First\n2. Second")
        .build();
    // The stylesheet numbers the lists under this class in Arabic-Indic digits.
    assert_eq!(built.page("ar/briefs/drive/").attr("body", "class"), "kind-brief numerals-arabic-indic");
    assert_eq!(built.page("ar/judgments/").attr("body", "class"), "kind-judgments numerals-arabic-indic");
    assert_eq!(built.page("en/briefs/drive/").attr("body", "class"), "kind-brief numerals-latin");
    assert_eq!(judged().build().page("ar/briefs/drive/").attr("body", "class"), "kind-brief numerals-latin");
}

#[test]
fn the_page_explaining_judgments_exists_in_both_languages_is_linked_and_in_the_sitemap() {
    let built = judged().build();
    let en = built.page("en/judgments/");
    assert_eq!(en.text("h1"), "How to read our judgments");
    assert_eq!(en.texts(".scale-table tbody th").len(), 7);
    assert_eq!(en.texts(".scale-table tbody tr")[3], "realistic possibility40 to under 50\u{a0}%");
    assert_eq!(en.texts(".confidence-levels dt"), ["low confidence", "moderate confidence", "high confidence"]);
    let ar = built.page("ar/judgments/");
    ar.assert_dir("ar", "rtl");
    assert_eq!(ar.text("h1"), "كيف تُقرأ أحكامنا");
    assert_eq!(ar.texts(".scale-table tbody th")[0], "ضئيل الاحتمال");
    assert_eq!(ar.attrs("link[rel=alternate][hreflang=en]", "href"), ["https://briefs.example.org/en/judgments/"]);
    let sitemap = built.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://briefs.example.org/ar/judgments/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://briefs.example.org/en/judgments/</loc>"), "{sitemap}");
}

#[test]
fn a_site_on_icd_203_explains_that_scale() {
    let en = JUDGED_EN.replace("highly-likely", "very-likely");
    let ar = JUDGED_AR.replace("highly-likely", "very-likely");
    let built =
        site_with("estimative: icd203\n").brief("drive", "en", &en, "B.").brief("drive", "ar", &ar, "ن.").build();
    let page = built.page("en/judgments/");
    assert_eq!(page.texts(".scale-table tbody th")[3], "roughly even chance");
    assert_eq!(built.page("ar/briefs/drive/").texts(".term")[0], "مرجّح جدًا");
}

#[test]
fn a_site_without_key_judgments_has_no_page_explaining_them() {
    let built = Fixture::new().brief("plain", "en", "", "Body.").build();
    assert!(!built.exists("en/judgments/index.html"));
    assert!(!built.read("sitemap.xml").contains("judgments"));
}

#[test]
fn a_misspelt_likelihood_is_an_error_at_its_line_with_a_suggestion() {
    let f = Fixture::new().brief(
        "x",
        "en",
        "key_judgments:\n  - text: \"a\"\n    likelihood: likley\n    confidence: hihg\n",
        "B.",
    );
    let errors = f.errors();
    find_at_with_help(&errors, "unknown likelihood `likley`", "x.en.md:7:17", "did you mean `likely`?");
    find_at_with_help(&errors, "unknown confidence `hihg`", "x.en.md:8:17", "did you mean `high`?");
}

#[test]
fn a_term_of_the_other_scale_names_the_scales_and_the_term_of_the_same_rank() {
    let f = Fixture::new().brief("x", "en", "key_judgments:\n  - {text: a, likelihood: very-likely}\n", "B.");
    let errors = f.errors();
    let d = find_at_with_help(
        &errors,
        "very-likely",
        "x.en.md:6:27",
        "did you mean `highly-likely`? (or set `estimative: icd203` in site.yaml)",
    );
    assert_eq!(d.message, "`very-likely` is an ICD 203 term; this site uses the PHIA yardstick");
    let f = site_with("estimative: icd203\n").brief(
        "x",
        "en",
        "key_judgments:\n  - {text: a, likelihood: realistic-possibility}\n",
        "B.",
    );
    let d = find(&f.errors(), "realistic-possibility").clone();
    assert_eq!(d.message, "`realistic-possibility` is a PHIA term; this site uses ICD 203");
    assert_eq!(d.help.as_deref(), Some("did you mean `roughly-even-chance`? (or set `estimative: phia` in site.yaml)"));
}

#[test]
fn an_unknown_scale_or_limit_in_site_yaml_is_an_error_with_a_suggestion() {
    let f = site_with("estimative: icd-203\nmax_marking: TLP:WHITE\n").brief("x", "en", "", "B.");
    let errors = f.errors();
    assert_eq!(find(&errors, "`estimative`").help.as_deref(), Some("did you mean `icd203`?"));
    let d = find(&errors, "max_marking");
    assert_eq!(d.message, "`max_marking`: `TLP:WHITE` is not a TLP 2.0 marking");
    assert_eq!(d.help.as_deref(), Some("TLP 2.0 renamed TLP:WHITE to `TLP:CLEAR`"));
}

#[test]
fn a_marking_not_written_as_the_standard_writes_it_is_an_error_at_its_line() {
    let errors = Fixture::new().brief("x", "en", "marking: tlp:amber\n", "B.").errors();
    find_at_with_help(
        &errors,
        "is not a TLP 2.0 marking",
        "x.en.md:5:10",
        "did you mean `TLP:AMBER`? The standard writes its labels in Latin capitals",
    );
}

#[test]
fn a_brief_marked_above_the_site_limit_is_refused_and_nothing_is_published_even_with_drafts() {
    let f = Fixture::new().brief("open", "en", "", "Body.");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let before = snapshot(&f.output());
    let f = f.brief("restricted", "en", "draft: true\nmarking: TLP:AMBER\n", "Secret.");
    for args in [&["build"][..], &["build", "--drafts"][..]] {
        let run = f.run(args);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr.contains(
                "content/briefs/restricted.en.md:6:10: error: this brief is marked TLP:AMBER, above this site's limit of TLP:CLEAR (`max_marking`)"
            ),
            "{}",
            run.stderr
        );
        assert_eq!(snapshot(&f.output()), before, "the previous output is untouched");
    }
    assert!(!f.output().join("en/briefs/restricted").exists());
}

#[test]
fn a_site_that_allows_amber_publishes_it_with_the_label_at_top_and_bottom_and_a_badge_on_cards() {
    let f = site_with("max_marking: TLP:AMBER\n").brief(
        "x",
        "en",
        "marking: TLP:AMBER+STRICT\ntopics: [recruitment]\n",
        "B.",
    );
    let errors = f.errors();
    assert_eq!(
        find(&errors, "above this site's limit").message,
        "this brief is marked TLP:AMBER+STRICT, above this site's limit of TLP:AMBER (`max_marking`)"
    );
    let built = site_with("max_marking: TLP:AMBER\n")
        .brief("x", "en", "marking: TLP:AMBER\ntopics: [recruitment]\n", "B.")
        .brief("x", "ar", "marking: TLP:AMBER\ntopics: [recruitment]\n", "ن.")
        .build();
    let ar = built.page("ar/briefs/x/");
    assert_eq!(ar.texts(".tlp .tlp-label"), ["TLP:AMBER", "TLP:AMBER"]);
    assert_eq!(ar.attrs(".tlp .tlp-label", "dir"), ["ltr", "ltr"]);
    assert_eq!(ar.texts(".tlp-top .tlp-text"), ["نشر محدود: لا يُطلَع عليه إلا من يحتاج إليه داخل مؤسستك وعملائها."]);
    assert_eq!(ar.attrs("article.brief", "class"), ["brief marked tlp-page-amber"]);
    let en = built.page("en/briefs/x/");
    assert!(en.text(".tlp-bottom .tlp-text").starts_with("Limited disclosure"));
    for list in ["en/", "ar/", "en/topics/recruitment/"] {
        assert_eq!(built.page(list).texts(".card .tlp-badge"), ["TLP:AMBER"], "{list}");
    }
}

#[test]
fn versions_marked_differently_are_a_build_error_naming_both_files() {
    let f = Fixture::new().brief("x", "en", "marking: TLP:CLEAR\n", "B.").brief("x", "ar", "", "ن.");
    let errors = f.errors();
    let d = find_at(&errors, "this version is", "x.en.md:5:1");
    assert!(d.message.starts_with("this version is marked TLP:CLEAR but "), "{}", d.message);
    assert!(d.message.ends_with("content/briefs/x.ar.md is unmarked"), "{}", d.message);
    let help = d.help.as_deref().unwrap_or_default();
    assert!(help.starts_with("every version of a brief carries the same marking: set `marking` alike here and at "));
    assert!(help.ends_with("content/briefs/x.ar.md:1"), "{help}");
}

#[test]
fn updated_must_be_the_latest_revision_date() {
    let extra = "updated: 2025-09-18\nrevisions:\n  - {date: 2025-09-15, note: a}\n  - {date: 2025-09-20, note: b}\n";
    let errors = Fixture::new().brief("x", "en", extra, "B.").errors();
    let d = find_at(&errors, "is not the latest revision's date", "x.en.md:5:10");
    assert_eq!(d.message, "`updated` (2025-09-18) is not the latest revision's date (2025-09-20)");
    let errors = Fixture::new().brief("x", "en", "revisions:\n  - {date: 2025-09-01, note: early}\n", "B.").errors();
    find_at(&errors, "before the brief's `date`", "x.en.md:6:12");
}

#[test]
fn the_revisions_log_ends_the_brief_and_dates_the_feed_and_sitemap() {
    let built = judged().build();
    let ar = built.page("ar/briefs/drive/");
    assert_eq!(ar.texts(".revisions h2"), ["سجل التعديلات"]);
    assert_eq!(ar.texts(".revision-list li"), ["20 أيلول/سبتمبر 2025 أُضيفت اعتقالات أيلول."]);
    assert_eq!(ar.attr(".revision-list time", "datetime"), "2025-09-20");
    let en = built.page("en/briefs/drive/");
    assert_eq!(en.texts(".revision-list li"), ["20 September 2025 Adds the September arrests."]);
    let html = built.read("en/briefs/drive/index.html");
    assert!(html.find("class=\"revisions\"") > html.find("class=\"prose\""));
    let feed = built.read("en/atom.xml");
    assert!(feed.contains("<updated>2025-09-20T00:00:00Z</updated>\n<author>"), "{feed}");
    assert!(built.read("sitemap.xml").contains("<lastmod>2025-09-20</lastmod>"));
}

#[test]
fn the_feed_entry_carries_the_key_judgments() {
    let built = judged().build();
    let feed = built.read("en/atom.xml");
    assert!(
        feed.contains("<content type=\"html\">&lt;p&gt;&lt;strong dir=&quot;ltr&quot;&gt;TLP:CLEAR&lt;/strong&gt;"),
        "{feed}"
    );
    assert!(
        feed.contains("&lt;li&gt;ISIS will keep recruiting in Deir ez-Zor. &lt;em&gt;highly likely (&lt;bdi dir=&quot;ltr&quot;&gt;80–90\u{a0}%&lt;/bdi&gt;), moderate confidence&lt;/em&gt;&lt;/li&gt;"),
        "{feed}"
    );
    let ar = built.read("ar/atom.xml");
    assert!(ar.contains("&lt;h2&gt;الأحكام الرئيسية&lt;/h2&gt;"));
    // A feed reader may show the entry left to right: the band keeps the page's order.
    assert!(ar.contains("مرجّح جدًا (&lt;bdi dir=&quot;rtl&quot;&gt;80–90%&lt;/bdi&gt;)، ثقة متوسطة"), "{ar}");
}

#[test]
fn a_band_is_isolated_in_the_page_direction_wherever_it_is_shown() {
    let built = judged().build();
    for (lang, dir) in [("ar", "rtl"), ("en", "ltr")] {
        let brief = built.page(&format!("{lang}/briefs/drive/"));
        assert_eq!(brief.attrs(".judgment-meta .band bdi", "dir"), [dir, dir], "{lang}");
        let table = built.page(&format!("{lang}/judgments/"));
        assert_eq!(table.attrs(".scale-table td bdi.band", "dir"), [dir; 7], "{lang}");
    }
}

#[test]
fn check_warns_about_judgments_whose_versions_disagree_naming_both_files() {
    let ar = JUDGED_AR.replace("likelihood: highly-likely", "likelihood: likely").replace("2025-09-20", "2025-09-21");
    let f = Fixture::new().brief("drive", "en", JUDGED_EN, "Body.").brief("drive", "ar", &ar, "النص.");
    let warnings = f.check();
    let d = find_at(&warnings, "key judgment 1's `likelihood`", "drive.en.md:7:5");
    assert_eq!(d.message, "key judgment 1's `likelihood` is `highly-likely` here but `likely` in the العربية version");
    let help = d.help.as_deref().unwrap_or_default();
    assert!(help.ends_with("content/briefs/drive.ar.md:7: one judgment, one likelihood, in every language"), "{help}");
    let d = find(&warnings, "the revisions are dated");
    assert_eq!(d.message, "the revisions are dated 2025-09-20 here but 2025-09-21 in the العربية version");
    let fewer = JUDGED_AR.replacen(
        "  - text: \"ستنتهي الحملة هذا العام.\"\n    likelihood: unlikely\n    confidence: low\n",
        "",
        1,
    );
    let f = Fixture::new().brief("drive", "en", JUDGED_EN, "Body.").brief("drive", "ar", &fewer, "النص.");
    let warnings = f.check();
    let d = find_at(&warnings, "`key_judgments` lists", "drive.en.md:5:1");
    assert_eq!(d.message, "`key_judgments` lists 2 here but 1 in the العربية version");
}

#[test]
fn check_lists_judgments_without_likelihood_or_confidence_and_build_allows_them() {
    let extra = "key_judgments:\n  - text: \"Half written.\"\n  - {text: \"Also.\", likelihood: likely}\n";
    let f = Fixture::new().brief("x", "en", extra, "B.");
    let warnings = f.check();
    let messages: Vec<String> = warnings
        .iter()
        .filter(|d| d.message.starts_with("key judgment"))
        .map(|d| format!("{} {}", place(d), d.message))
        .collect();
    assert_eq!(
        messages,
        [
            "x.en.md:6:3 key judgment 1 has no `confidence`",
            "x.en.md:6:3 key judgment 1 has no `likelihood`",
            "x.en.md:7:3 key judgment 2 has no `confidence`",
        ]
    );
    let built = f.build();
    assert_eq!(built.page("en/briefs/x/").texts(".judgment-meta"), ["likely (55–75\u{a0}%)"]);
}

#[test]
fn check_warns_when_a_judgment_says_another_likelihood_than_it_declares() {
    let en = "key_judgments:\n  - {text: \"It is almost certain that the cells will regroup.\", likelihood: likely, confidence: high}\n  - {text: \"A deal is very likely.\", likelihood: highly-likely, confidence: low}\n  - {text: \"The group will probably hold out.\", likelihood: likely, confidence: low}\n";
    let ar = "key_judgments:\n  - {text: \"من شبه المؤكَّد أن تعيد الخلايا تنظيم صفوفها.\", likelihood: likely, confidence: high}\n  - {text: \"الاتفاق مرجّح جدًّا.\", likelihood: highly-likely, confidence: low}\n  - {text: \"من المرجّح أن يصمد التنظيم.\", likelihood: likely, confidence: low}\n";
    let f = Fixture::new().brief("x", "en", en, "B.").brief("x", "ar", ar, "ن.");
    let warnings = f.check();
    let said: Vec<String> = warnings
        .iter()
        .filter(|d| d.message.contains(" says "))
        .map(|d| format!("{} {}", place(d), d.message))
        .collect();
    assert_eq!(
        said,
        [
            "x.ar.md:6:6 key judgment 1 says “شبه المؤكد” (`almost-certain`) but its `likelihood` is `likely`",
            "x.en.md:6:6 key judgment 1 says “almost certain” (`almost-certain`) but its `likelihood` is `likely`",
            "x.en.md:7:6 key judgment 2 says “very likely” (an ICD 203 term) but its `likelihood` is `highly-likely`",
        ]
    );
}

#[test]
fn new_writes_the_analytic_fields_commented_and_they_build_once_filled_in() {
    let f = Fixture::new();
    let run = f.run_with(&["new", "levies"], &[("MUJAZ_TODAY", "2025-10-01")]);
    assert_eq!(run.code, 0, "{run:?}");
    for (lang, judgment) in [("ar", "الحكم في جملة واحدة"), ("en", "The judgment in one sentence")] {
        let rel = format!("content/briefs/levies.{lang}.md");
        let text = f.read(&rel);
        assert!(text.contains("\n# key_judgments:"), "{text}");
        assert!(text.contains(judgment), "{text}");
        assert!(text.contains("#     likelihood: likely  # estimative: phia: remote-chance, "), "{text}");
        assert!(text.contains("\n# marking: TLP:CLEAR  # TLP 2.0; this site publishes up to TLP:CLEAR\n"), "{text}");
        assert!(text.contains("#   - {date: 2025-10-01, note: "), "{text}");
        let filled: String = text
            .lines()
            .map(|l| l.strip_prefix("# ").filter(|r| !r.starts_with("also:")).unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        // The commented source above the analytic fields is filled in and cited too.
        let filled =
            filled.replace("YYYY-MM-DD", "2025-09-01").replace("\"\"", "\"Filled in\"") + "\nCited [@short-name].\n";
        f.write(&rel, filled.replace("draft: true", "draft: false").as_bytes());
    }
    let warnings = f.check();
    assert!(warnings.iter().all(|d| !d.is_error()), "{warnings:?}");
    let built = f.build();
    assert_eq!(built.page("en/briefs/levies/").texts(".judgment-meta"), ["likely (55–75\u{a0}%), moderate confidence"]);
}

#[test]
fn serve_rebuilds_a_changed_judgment_as_a_full_build_would_and_refuses_a_marking_one_version_changes() {
    use mujaz::incremental::Session;
    let f = site_with("max_marking: TLP:GREEN\n").brief("drive", "en", JUDGED_EN, "Body.").brief(
        "drive",
        "ar",
        JUDGED_AR,
        "النص.",
    );
    let mut opts = f.options();
    opts.output = Some(f.root().join("served"));
    let mut session = Session::new(opts);
    session.build().expect("first build");
    let en = f.root().join("content/briefs/drive.en.md");
    let edit = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&en).unwrap();
        std::fs::write(&en, text.replacen(from, to, 1)).unwrap();
    };
    edit("likelihood: unlikely", "likelihood: realistic-possibility");
    session.rebuild(std::slice::from_ref(&en)).expect("rebuild");
    let mut full = f.options();
    full.output = Some(f.root().join("full"));
    mujaz::build::build(&full).expect("full build");
    assert_eq!(snapshot(&f.root().join("served")), snapshot(&f.root().join("full")));
    let before = snapshot(&f.root().join("served"));
    edit("marking: TLP:CLEAR", "marking: TLP:GREEN");
    let errors = session.rebuild(std::slice::from_ref(&en)).expect_err("versions marked differently");
    assert!(
        find(&errors, "this version is marked TLP:GREEN but ").message.ends_with("drive.ar.md is marked TLP:CLEAR")
    );
    assert_eq!(snapshot(&f.root().join("served")), before);
}
