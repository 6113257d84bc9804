//! What readers get: pages in both languages, linked to each other.

use crate::fixture::{Fixture, SITE_YAML};

fn pair() -> Fixture {
    Fixture::new()
        .file("content/briefs/recruitment.ar.md", "---\ntitle: \"التجنيد برواتب شهرية\"\ndate: 2025-09-12\nupdated: 2025-09-20\nsummary: \"رواتب تصل إلى 400 دولار.\"\nauthors: [وحدة التحليل]\ntopics: [recruitment]\nregions: [deir-ez-zor, daraa]\nevents:\n  - {date: 2025-09-03, region: daraa, kind: arrest, title: \"توقيف مجنّدين\"}\nsources:\n  - {title: \"تقرير\", publisher: \"المجلة\", url: \"https://example.org/a\", date: 2025-09-10}\n---\n\nنص الموجز.\n")
        .file("content/briefs/recruitment.en.md", "---\ntitle: \"Recruitment with monthly pay\"\ndate: 2025-09-12\nupdated: 2025-09-20\nsummary: \"Salaries of up to $400.\"\nauthors: [Analysis desk]\ntopics: [recruitment]\nregions: [deir-ez-zor, daraa]\nevents:\n  - {date: 2025-09-03, region: daraa, kind: arrest, title: \"Recruiters arrested\"}\nsources:\n  - {title: \"Report\", publisher: \"Al Majalla\", url: \"https://example.org/a\", date: 2025-09-10}\n---\n\nBody of the brief.\n")
        .brief("older", "en", "topics: [recruitment]\n", "An older brief, English only.")
        .file("content/briefs/older.en.md", "---\ntitle: \"Older brief\"\ndate: 2025-08-01\nsummary: \"English only.\"\ntopics: [recruitment]\n---\n\nText.\n")
}

#[test]
fn pages_carry_their_language_and_direction() {
    let b = pair().build();
    b.page("ar/").assert_dir("ar", "rtl");
    b.page("en/").assert_dir("en", "ltr");
    b.page("ar/briefs/recruitment/").assert_dir("ar", "rtl");
    b.page("en/briefs/recruitment/").assert_dir("en", "ltr");
    b.page("ar/topics/recruitment/").assert_dir("ar", "rtl");
    b.page("ar/timeline/").assert_dir("ar", "rtl");
    b.page("").assert_dir("ar", "rtl");
}

#[test]
fn translations_link_to_each_other() {
    let b = pair().build();
    let ar = b.page("ar/briefs/recruitment/");
    assert_eq!(ar.attr("a[hreflang=en]", "href"), "../../../en/briefs/recruitment/");
    let alternates = ar.attrs("link[rel=alternate][hreflang]", "href");
    assert_eq!(
        alternates,
        vec![
            "https://briefs.example.org/ar/briefs/recruitment/".to_string(),
            "https://briefs.example.org/en/briefs/recruitment/".to_string(),
        ]
    );
    let en = b.page("en/briefs/recruitment/");
    assert_eq!(en.attr("a[hreflang=ar]", "href"), "../../../ar/briefs/recruitment/");
}

#[test]
fn a_brief_in_one_language_only_is_published_in_it_and_says_so() {
    let b = pair().build();
    assert!(b.exists("en/briefs/older/index.html"));
    assert!(!b.exists("ar/briefs/older/index.html"));
    let en = b.page("en/briefs/older/");
    assert_eq!(en.attr(".lang-switch a[hreflang=ar]", "href"), "../../../ar/");
    assert!(en.text(".untranslated").contains("لم يُترجم"));
    assert_eq!(en.attrs("link[rel=alternate][hreflang]", "hreflang"), vec!["en"]);
}

#[test]
fn home_lists_briefs_newest_first() {
    let b = pair().build();
    let en = b.page("en/");
    assert_eq!(en.texts(".card-title"), vec!["Recruitment with monthly pay", "Older brief"]);
    assert_eq!(en.texts(".card .meta time"), vec!["12 September 2025", "1 August 2025"]);
    let ar = b.page("ar/");
    assert_eq!(ar.texts(".card-title"), vec!["التجنيد برواتب شهرية"]);
    assert_eq!(ar.texts(".card .meta time"), vec!["12 أيلول/سبتمبر 2025"]);
}

#[test]
fn brief_page_shows_its_facts() {
    let b = pair().build();
    let ar = b.page("ar/briefs/recruitment/");
    assert_eq!(ar.text("h1"), "التجنيد برواتب شهرية");
    assert_eq!(ar.text(".standfirst"), "رواتب تصل إلى 400 دولار.");
    assert_eq!(ar.texts(".byline time"), vec!["12 أيلول/سبتمبر 2025", "20 أيلول/سبتمبر 2025"]);
    assert_eq!(ar.attrs(".byline time", "datetime"), vec!["2025-09-12", "2025-09-20"]);
    assert_eq!(ar.text(".byline bdi"), "وحدة التحليل");
    assert_eq!(ar.texts(".brief-footer .tag"), vec!["التجنيد", "دير الزور", "درعا"]);
    assert_eq!(ar.text(".event .event-kind"), "اعتقال");
    assert_eq!(ar.text(".event time"), "3 أيلول/سبتمبر 2025");
    assert_eq!(ar.attr(".event-region", "href"), "../../../ar/regions/daraa/");
    assert_eq!(ar.attr(".sources a", "href"), "https://example.org/a");
    let ld = ar.text("script[type='application/ld+json']");
    assert!(
        ld.contains("\"@type\":\"Report\"")
            && ld.contains("\"inLanguage\":\"ar\"")
            && ld.contains("\"dateModified\":\"2025-09-20\""),
        "{ld}"
    );
}

#[test]
fn taxonomy_pages_use_translated_labels_and_counts() {
    let b = pair().build();
    let ar = b.page("ar/topics/");
    assert_eq!(ar.texts(".term-index a"), vec!["التجنيد", "الاختراق", "الابتزاز"]);
    assert_eq!(ar.texts(".term-index .count")[0], "موجز واحد");
    let en = b.page("en/topics/");
    assert!(en.texts(".term-index .count")[0].starts_with('2'));
    let term = b.page("en/topics/recruitment/");
    assert_eq!(term.text("h1"), "Recruitment");
    assert_eq!(term.texts(".card-title"), vec!["Recruitment with monthly pay", "Older brief"]);
    assert_eq!(b.page("ar/regions/daraa/").text("h1"), "درعا");
    assert_eq!(b.page("en/regions/").texts(".term-index a"), vec!["Deir ez-Zor", "Daraa"]);
}

#[test]
fn timeline_lists_events_by_month() {
    let b = pair().build();
    let ar = b.page("ar/timeline/");
    assert_eq!(ar.texts(".month h2"), vec!["أيلول/سبتمبر 2025"]);
    assert_eq!(ar.texts(".month .event-title"), vec!["توقيف مجنّدين"]);
    assert_eq!(ar.text(".event-source a"), "التجنيد برواتب شهرية");
}

#[test]
fn feeds_and_sitemap() {
    let b = pair().build();
    let feed = b.read("en/atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    assert!(feed.contains("<id>https://briefs.example.org/en/briefs/recruitment/</id>"));
    assert!(feed.contains("<updated>2025-09-20T00:00:00Z</updated>"));
    assert_eq!(feed.matches("<entry>").count(), 2);
    let sitemap = b.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://briefs.example.org/ar/briefs/recruitment/</loc>"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://briefs.example.org/en/briefs/recruitment/\"/>"
    ));
    assert!(sitemap.contains("<loc>https://briefs.example.org/en/briefs/older/</loc>"));
}

#[test]
fn arabic_date_settings() {
    let site = format!("{SITE_YAML}arabic_months: egyptian\nnumerals: arabic-indic\n");
    let b = Fixture::empty().file("site.yaml", &site).brief("x", "ar", "", "نص.").build();
    let ar = b.page("ar/briefs/x/");
    assert_eq!(ar.text(".byline time"), "١٢ سبتمبر ٢٠٢٥");
    let site = format!("{SITE_YAML}arabic_months: levantine\n");
    let b = Fixture::empty().file("site.yaml", &site).brief("x", "ar", "", "نص.").build();
    assert_eq!(b.page("ar/briefs/x/").text(".byline time"), "12 أيلول 2025");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let f = Fixture::new().brief("x", "en", "draft: true\n", "Draft.").brief("y", "en", "", "Published.");
    let mut opts = f.options();
    mujaz::build::build(&opts).expect("build");
    assert!(!f.output().join("en/briefs/x/index.html").exists());
    assert!(f.output().join("en/briefs/y/index.html").exists());
    opts.drafts = true;
    mujaz::build::build(&opts).expect("build");
    assert!(f.output().join("en/briefs/x/index.html").exists());
}

#[test]
fn author_text_is_escaped_everywhere() {
    let evil = "---\ntitle: \"<script>alert(1)</script> & \\\"quotes\\\"\"\ndate: 2025-09-12\nsummary: \"</script><b>bold</b>\"\nauthors: [\"<img src=x>\"]\n---\nBody\n";
    let b = Fixture::new().file("content/briefs/x.en.md", evil).build();
    let page = b.read("en/briefs/x/index.html");
    assert!(!page.contains("<script>alert"), "raw script in HTML");
    assert!(!page.contains("<img src=x>"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    let ld_start = page.find("application/ld+json").expect("json-ld");
    let ld = &page[ld_start..page[ld_start..].find("</script>").expect("end") + ld_start];
    assert!(!ld[20..].contains("</"), "JSON-LD can close its script: {ld}");
    let feed = b.read("en/atom.xml");
    assert!(!feed.contains("<script>") && !feed.contains("<b>bold"));
}

#[test]
fn builtin_theme_and_template_overrides() {
    let b = Fixture::new().brief("x", "en", "", "Body.").build();
    assert!(b.exists("static/style.css"));
    let f = Fixture::new()
        .brief("x", "en", "", "Body.")
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<p id=\"own\">own template</p>{% endblock main %}",
        )
        .file("content/pages/about.en.md", "---\ntitle: About\n---\nAbout us.\n");
    let b = f.build();
    assert_eq!(b.page("en/about/").text("#own"), "own template");
}

#[test]
fn bundles_copy_their_files_beside_each_language() {
    let b = Fixture::new()
        .file("content/briefs/x/index.en.md", "---\ntitle: T\ndate: 2025-09-12\nsummary: S\nimage: {src: cover.svg, alt: \"A map\", caption: \"The map\", credit: \"Mujaz\"}\n---\n\n![A chart](chart.svg \"What it shows\")\n")
        .file("content/briefs/x/index.ar.md", "---\ntitle: ع\ndate: 2025-09-12\nsummary: م\nimage: {src: cover.svg, alt: \"خريطة\"}\n---\n\nنص\n")
        .file("content/briefs/x/cover.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("content/briefs/x/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .build();
    assert!(b.exists("en/briefs/x/cover.svg") && b.exists("ar/briefs/x/cover.svg"));
    let en = b.page("en/briefs/x/");
    assert_eq!(en.attr(".lead-image img", "src"), "cover.svg");
    assert_eq!(en.attr(".lead-image img", "alt"), "A map");
    assert!(en.text(".lead-image figcaption").contains("The map"));
    assert_eq!(en.text(".prose figure figcaption"), "Figure 1: What it shows");
    assert_eq!(en.attr(".prose figure img", "alt"), "A chart");
}

#[test]
fn lists_use_each_language_s_comma() {
    let b = pair().build();
    assert!(b.page("ar/briefs/recruitment/").text(".sources li").contains("، المجلة"));
    let en = b.page("en/briefs/recruitment/").text(".sources li");
    assert!(en.contains(", Al Majalla") && !en.contains('،'), "{en}");
}

#[test]
fn long_lists_are_split_into_pages() {
    let mut f = Fixture::new();
    for i in 0..30 {
        let day = 1 + i % 28;
        let month = if i < 28 { 8 } else { 9 };
        f = f.file(
            &format!("content/briefs/b{i:02}.en.md"),
            &format!("---\ntitle: \"Brief {i}\"\ndate: 2025-{month:02}-{day:02}\nsummary: S\ntopics: [recruitment]\n---\nBody\n"),
        );
    }
    let b = f.brief("only", "ar", "topics: [recruitment]\n", "نص.").build();
    let first = b.page("en/");
    assert_eq!(first.all(".card").len(), 24);
    assert_eq!(first.text(".list-pager-where"), "Page 1 of 2");
    assert_eq!(first.attr(".list-pager a[rel=next]", "href"), "../en/page/2/");
    let second = b.page("en/page/2/");
    assert_eq!(second.all(".card").len(), 6);
    assert_eq!(second.attr(".list-pager a[rel=prev]", "href"), "../../../en/");
    assert!(second.text("title").contains("Page 2"));
    // The Arabic list has one page: the switcher goes to its first.
    assert_eq!(second.attr(".lang-switch a[hreflang=ar]", "href"), "../../../ar/");
    assert_eq!(b.page("en/topics/recruitment/page/2/").all(".card").len(), 6);
    assert_eq!(b.read("en/atom.xml").matches("<entry>").count(), 30);
}

#[test]
fn a_lead_image_given_as_a_url_is_the_og_image_as_written() {
    let b = Fixture::new()
        .brief("u", "en", "image: {src: 'https://cdn.example.org/a.jpg', alt: A map}\n", "Text.")
        .brief("r", "en", "image: {src: /images/a.jpg, alt: A map}\n", "Text.")
        .file("static/images/a.jpg", "jpg")
        .file(
            "content/briefs/b/index.en.md",
            "---\ntitle: B\ndate: 2025-09-12\nsummary: S.\nimage: {src: a.jpg, alt: A map}\n---\n\nText.\n",
        )
        .file("content/briefs/b/a.jpg", "jpg")
        .build();
    let og = |url: &str| b.page(url).attr(r#"meta[property="og:image"]"#, "content");
    assert_eq!(og("en/briefs/u/"), "https://cdn.example.org/a.jpg");
    assert_eq!(og("en/briefs/r/"), "https://briefs.example.org/images/a.jpg");
    assert_eq!(og("en/briefs/b/"), "https://briefs.example.org/en/briefs/b/a.jpg");
}

#[test]
fn a_language_without_briefs_dates_its_feed_by_the_newest_brief_of_the_site() {
    let newer = "---\ntitle: Newer\ndate: 2025-10-03\nsummary: S.\n---\n\nBody.\n";
    let b =
        Fixture::new().brief("x", "en", "updated: 2025-09-30\n", "Body.").file("content/briefs/y.en.md", newer).build();
    let ar = b.read("ar/atom.xml");
    assert_eq!(ar.matches("<entry>").count(), 0);
    assert!(ar.contains("<updated>2025-10-03T00:00:00Z</updated>"), "{ar}");
}

#[test]
fn a_site_without_briefs_dates_its_feeds_by_its_pages() {
    let b = Fixture::new()
        .file("content/pages/about.en.md", "---\ntitle: About\nupdated: 2024-05-06\n---\n\nText.\n")
        .build();
    for lang in ["en", "ar"] {
        let feed = b.read(&format!("{lang}/atom.xml"));
        assert!(feed.contains("<updated>2024-05-06T00:00:00Z</updated>"), "{feed}");
    }
}
