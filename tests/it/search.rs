//! Search: the page readers land on, and the index beside it.

use crate::fixture::{Fixture, SITE_YAML, find, place};
use std::collections::BTreeMap;

/// Every file of a language's index, by path under `<lang>/search/`.
fn index_files(dir: &std::path::Path, lang: &str) -> BTreeMap<String, Vec<u8>> {
    let base = dir.join(lang).join("search");
    let mut out = BTreeMap::new();
    for sub in ["", "t", "d"] {
        for e in std::fs::read_dir(base.join(sub)).expect("index folder").flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                let rel = p.strip_prefix(&base).expect("inside").to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

/// The documents a term's shard lists for it, as the script finds them.
fn postings(files: &BTreeMap<String, Vec<u8>>, term: &str) -> Option<Vec<u64>> {
    let meta: serde_json::Value = serde_json::from_slice(&files["meta.json"]).expect("meta parses");
    let firsts: Vec<&str> = meta["s"].as_array().expect("s").iter().map(|v| v.as_str().expect("term")).collect();
    let i = firsts.iter().rposition(|f| *f <= term)?;
    let shard: serde_json::Value = serde_json::from_slice(&files[&format!("t/{i}.json")]).expect("shard parses");
    let p = shard.get(term)?.as_array()?.clone();
    Some(p[1..].iter().step_by(2).map(|v| v.as_u64().expect("id")).collect())
}

#[test]
fn every_language_has_a_search_page_that_works_without_javascript() {
    let b = Fixture::example().build();
    for (lang, explains) in [("ar", "يحتاج إلى جافاسكربت"), ("en", "needs JavaScript")] {
        let page = b.page(&format!("{lang}/search/"));
        assert!(page.text(".search-nojs").contains(explains), "{lang}");
        let form = page.all("form.search-form[role=search][method=get]");
        assert_eq!(form.len(), 1, "{lang}: the page's own form");
        assert_eq!(page.attr("form.search-form input[type=search]", "name"), "q");
        assert_eq!(page.attr("#search-status", "role"), "status");
        assert!(page.text("label[for=search-q]").len() > 3, "{lang}: the box has a label");
        // Topics and regions to browse instead, linked.
        assert!(page.all(".search-browse a[href*='/topics/']").len() >= 6, "{lang}: topics");
        assert!(page.all(".search-browse a[href*='/regions/']").len() >= 6, "{lang}: regions");
        assert_eq!(page.attr("script[src$='static/search.js']", "defer"), "");
    }
}

#[test]
fn the_masthead_box_sends_its_words_to_the_search_page() {
    let b = Fixture::example().build();
    for (url, action) in [("ar/", "../ar/search/"), ("en/briefs/recruitment-drive/", "../../../en/search/")] {
        let page = b.page(url);
        assert_eq!(page.attr("form.site-search", "action"), action, "{url}");
        assert_eq!(page.attr("form.site-search", "method"), "get");
        assert_eq!(page.attr("form.site-search input[type=search]", "name"), "q");
        assert!(page.all("form.site-search[hidden]").is_empty(), "{url}: shown without JavaScript");
        assert!(page.all("script[src$='search.js']").is_empty(), "{url}: only the search page loads the script");
    }
    assert!(!b.read("sitemap.xml").contains("/search/"), "the search page is not in the sitemap");
}

#[test]
fn the_index_finds_a_brief_by_any_form_of_its_words() {
    let b = Fixture::new()
        .file(
            "content/briefs/x.ar.md",
            "---\ntitle: \"الدولة الإسلامية في سوريا\"\ndate: 2025-09-12\nsummary: \"رواتب تصل إلى ٤٠٠ دولار.\"\n---\n\nفرض الإتاوات على التجّار بالخلايا.\n",
        )
        .build();
    let files = index_files(&b.fixture.output(), "ar");
    let plurals = mujaz::search::analyse::Plurals::new([]);
    for typed in ["الاسلامية", "إتاوة", "تاجر", "خلية", "400", "الدوله", "راتب", "بالدولار"]
    {
        let terms = mujaz::search::analyse::terms(typed, &plurals);
        assert_eq!(terms.len(), 1, "{typed}");
        assert_eq!(postings(&files, &terms[0]), Some(vec![0]), "«{typed}» as {:?}", terms[0]);
    }
    let details: serde_json::Value = serde_json::from_slice(&files["d/0.json"]).expect("details parse");
    assert_eq!(details[0]["t"], "الدولة الإسلامية في سوريا");
    assert_eq!(details[0]["u"], "briefs/x/");
    assert_eq!(details[0]["k"], "b");
}

#[test]
fn a_site_adds_its_own_broken_plurals() {
    let yaml = format!("{SITE_YAML}search:\n  plurals:\n    كتائب: كتيبة\n");
    let b = Fixture::new().file("site.yaml", &yaml).brief("x", "ar", "", "انتشرت الكتائب في الريف.").build();
    let files = index_files(&b.fixture.output(), "ar");
    let plurals = mujaz::search::analyse::Plurals::new([("كتائب", "كتيبة")]);
    let term = &mujaz::search::analyse::terms("كتيبة", &plurals)[0];
    assert_eq!(postings(&files, term), Some(vec![0]));
    let meta = String::from_utf8(files["meta.json"].clone()).expect("utf-8");
    // Stored as the analysis reads them: folded, the clinging ك taken off.
    assert!(meta.contains("[\"تائب\",\"تيبه\"]"), "the script is told: {meta}");
}

#[test]
fn a_bad_search_setting_names_its_line() {
    let yaml = format!("{SITE_YAML}search:\n  plurls: {{}}\n");
    let f = Fixture::new().file("site.yaml", &yaml);
    let errors = f.errors();
    let e = find(&errors, "unknown field `plurls`");
    assert_eq!(place(e), format!("site.yaml:{}:3", SITE_YAML.lines().count() + 2));
    assert_eq!(e.help.as_deref(), Some("did you mean `plurals`?"));
}

#[test]
fn briefs_come_before_pages_and_the_index_is_the_same_every_build() {
    let one = Fixture::example().build();
    let two = Fixture::example().build();
    for lang in ["ar", "en"] {
        let files = index_files(&one.fixture.output(), lang);
        assert_eq!(files, index_files(&two.fixture.output(), lang), "{lang}: same bytes twice");
        let meta: serde_json::Value = serde_json::from_slice(&files["meta.json"]).expect("meta");
        let (n, briefs) = (meta["n"].as_u64().expect("n"), meta["b"].as_u64().expect("b"));
        assert_eq!((n, briefs), (7, 5), "{lang}: five briefs, then two pages");
        let chunk = meta["c"].as_u64().expect("c") as usize;
        for id in 0..n as usize {
            let d: serde_json::Value = serde_json::from_slice(&files[&format!("d/{}.json", id / chunk)]).expect("d");
            let kind = &d[id % chunk]["k"];
            assert_eq!(kind, if (id as u64) < briefs { "b" } else { "p" }, "{lang} {id}");
        }
    }
}

#[test]
fn shards_stay_small_however_many_briefs() {
    let mut f = Fixture::new();
    for i in 0..120 {
        let body = format!("Word{i} and the attack on cell {i}; recruitment, levies and raids around town {}.", i % 7);
        f = f.brief(&format!("b{i}"), "en", "", &body);
    }
    let b = f.build();
    let files = index_files(&b.fixture.output(), "en");
    let shards: Vec<usize> = files.iter().filter(|(k, _)| k.starts_with("t/")).map(|(_, v)| v.len()).collect();
    assert!(shards.len() > 1, "{} shards", shards.len());
    // A shard is closed once past 8 KiB; only its last term can take it over.
    assert!(shards.iter().all(|&n| n < 12 * 1024), "{shards:?}");
    assert!(files["meta.json"].len() < 4 * 1024, "{}", files["meta.json"].len());
    let details = files.iter().filter(|(k, _)| k.starts_with("d/")).map(|(_, v)| v.len()).max().unwrap_or(0);
    assert!(details < 4 * 1024, "{details}");
}

#[test]
fn the_benchmark_switch_builds_without_the_index_and_only_when_set_to_one() {
    let f = Fixture::example();
    let off = f.run_with(&["build"], &[("MUJAZ_BENCH_NO_SEARCH", "1")]);
    assert_eq!(off.code, 0, "{}", off.stderr);
    assert!(f.output().join("en/search/index.html").is_file(), "the page stays");
    assert!(!f.output().join("en/search/meta.json").exists(), "no index");
    let on = f.run_with(&["build"], &[("MUJAZ_BENCH_NO_SEARCH", "0")]);
    assert_eq!(on.code, 0, "{}", on.stderr);
    assert!(f.output().join("en/search/meta.json").is_file());
    assert!(f.output().join("ar/search/t/0.json").is_file());
}

#[test]
fn timings_tell_the_search_s_share_of_the_cpu_time() {
    let f = Fixture::example();
    let out = f.run_with(&["build"], &[("MUJAZ_TIMINGS", "1")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = out.stderr.lines().find(|l| l.contains("search index, CPU:")).expect("the search's line");
    let numbers: Vec<f64> =
        line.split(|c: char| !(c.is_ascii_digit() || c == '.')).filter_map(|n| n.parse().ok()).collect();
    let [search, all, share] = numbers[..] else { panic!("{line}") };
    assert!(search > 0.0 && search < all, "{line}");
    // Each figure is printed to a tenth: the share is that of the figures
    // before they were rounded.
    let (least, most) = (100.0 * (search - 0.05) / (all + 0.05), 100.0 * (search + 0.05) / (all - 0.05));
    assert!(least - 0.05 <= share && share <= most + 0.05, "{line}");
    let quiet = f.run(&["build"]);
    assert!(!quiet.stderr.contains("search index"), "only when asked: {}", quiet.stderr);
}
