//! Maps (issue #14) on fixture sites: `map:` in site.yaml, `type: map`
//! blocks, the event maps of the timeline and region pages, and every bad
//! geography input as an error at its file and line.

use crate::fixture::{Fixture, SITE_YAML, find, place};

/// A square outline around Daraa and Deir ez-Zor (35–41° E, 32–36° N).
const OUTLINE: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "land"},
   "geometry": {"type": "Polygon", "coordinates": [[[35, 32], [41, 32], [41, 36], [35, 36], [35, 32]]]}}
]}
"#;

const MAP: &str =
    "map:\n  outlines: [data/land.geojson]\n  places:\n    daraa: [32.62, 36.10]\n    deir-ez-zor: [35.34, 40.14]\n";

const BLOCK: &str = "```chart\ntype: map\ntitle: {title}\ndata: attacks\nx: region\ny: attacks\n```\n";

fn site(map: &str) -> Fixture {
    Fixture::new()
        .file("site.yaml", &format!("{SITE_YAML}{map}"))
        .file("data/land.geojson", OUTLINE)
        .file("data/attacks.csv", "region,attacks\ndaraa,4\ndeir-ez-zor,6\n")
}

fn with_briefs(f: Fixture) -> Fixture {
    let events = |r: &str| {
        format!(
            "events:\n  - {{date: 2025-08-15, region: {r}, kind: attack, title: T}}\n  - {{date: 2025-09-15, region: {r}, kind: attack, title: U}}\nregions: [{r}]\n"
        )
    };
    f.brief("x", "ar", &events("daraa"), &BLOCK.replace("{title}", "الهجمات"))
        .brief("x", "en", &events("daraa"), &BLOCK.replace("{title}", "Attacks"))
        .brief("y", "ar", &events("deir-ez-zor"), "نص.\n")
        .brief("y", "en", &events("deir-ez-zor"), "Text.\n")
}

#[test]
fn a_map_block_draws_the_same_map_with_its_table_in_both_languages() {
    let b = with_briefs(site(MAP)).build();
    let (ar, en) = (b.page("ar/briefs/x/"), b.page("en/briefs/x/"));
    assert_eq!(en.attr("figure.chart-map svg", "direction"), "ltr");
    assert_eq!(ar.attr("figure.chart-map svg", "direction"), "ltr");
    assert_eq!(ar.texts("figure.chart-map tbody td"), ["4", "6"]);
    assert_eq!(ar.texts("figure.chart-map tbody th"), ["درعا", "دير الزور"]);
    assert_eq!(en.texts("figure.chart-map thead th"), ["Region", "attacks"]);
    assert_eq!(ar.texts("figure.chart-map thead th"), ["المنطقة", "attacks"]);
    // The same circles, at the same places, on both pages.
    assert_eq!(
        ar.attrs("figure.chart-map circle.map-bubble", "cx"),
        en.attrs("figure.chart-map circle.map-bubble", "cx")
    );
    assert_eq!(en.attrs("figure.chart-map circle.map-bubble", "r"), ["26", "21.2"]);
}

#[test]
fn the_timeline_and_region_pages_open_with_an_event_map() {
    let b = with_briefs(site(MAP)).build();
    let timeline = b.page("en/timeline/");
    assert_eq!(timeline.texts("#timeline-map tbody th"), ["Deir ez-Zor", "Daraa"]);
    assert_eq!(timeline.texts("#timeline-map tbody td"), ["2", "2"]);
    assert!(timeline.all("#timeline-map .map-highlight").is_empty());
    let daraa = b.page("ar/regions/daraa/");
    assert_eq!(daraa.text("#term-map .chart-title"), "أحداث الموجزات عن درعا بحسب المنطقة");
    assert_eq!(daraa.all("#term-map circle.map-highlight").len(), 1);
    assert_eq!(daraa.texts("#term-map tbody th"), ["درعا"]);
    // The map comes first, then the chart per month.
    let html = b.read("ar/regions/daraa/index.html");
    let (map, chart) = (html.find("id=\"term-map\""), html.find("id=\"term-chart\""));
    // (A term's per-month chart is drawn only for two months or more.)
    assert!(map.is_some() && chart.is_none_or(|c| map < Some(c)), "map {map:?}, chart {chart:?}");
}

#[test]
fn a_site_without_map_has_no_event_maps_and_its_map_blocks_are_errors() {
    let f = with_briefs(site(""));
    let errors = f.errors();
    let e = find(&errors, "chart: a map needs the site's geography");
    assert_eq!(place(e), "x.ar.md:11:1", "at the fence");
    let b = site("")
        .brief("z", "en", "events:\n  - {date: 2025-09-15, region: daraa, kind: attack, title: T}\n", "T.\n")
        .build();
    assert!(b.page("en/timeline/").all("figure.chart-map").is_empty());
}

#[test]
fn bad_places_are_errors_in_site_yaml_with_the_nearest_key() {
    let map = "map:\n  outlines: [data/land.geojson, ../land.geojson]\n  places:\n    dara: [32.62, 36.10]\n    deir-ez-zor: [35.34, 200]\n    daraa: [36.10]\n  place: {}\n";
    let errors = site(map).errors();
    let at = |needle: &str| place(find(&errors, needle));
    assert_eq!(at("outline `../land.geojson` must be a .geojson file inside data/"), "site.yaml:16:33");
    assert_eq!(at("place `dara` is not a region key"), "site.yaml:18:5");
    assert_eq!(find(&errors, "place `dara`").help.as_deref(), Some("did you mean `daraa`?"));
    assert_eq!(at("longitude 200 of `deir-ez-zor` is outside −180…180"), "site.yaml:19:26");
    assert_eq!(at("place `daraa` must be [latitude, longitude], found 1 items"), "site.yaml:20:5");
    assert_eq!(find(&errors, "unknown field `place` in map").help.as_deref(), Some("did you mean `places`?"));
}

#[test]
fn bad_outlines_are_errors_at_their_line_in_the_geojson_file() {
    let bad = OUTLINE.replace("\"name\": \"land\"", "\"region\": \"deir-ez-zr\"").replace("[41, 36]", "[41, 96]");
    let errors = site(MAP).file("data/land.geojson", &bad).errors();
    let e = find(&errors, "the `region` property `deir-ez-zr` is not a region key");
    assert_eq!(place(e), "land.geojson:2:48");
    assert_eq!(e.help.as_deref(), Some("did you mean `deir-ez-zor`?"));
    assert_eq!(place(find(&errors, "latitude 96 is outside −90…90")), "land.geojson:3:78");
    let errors = site(MAP).file("data/land.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [}\n").errors();
    assert_eq!(place(find(&errors, "this outline is not valid JSON")), "land.geojson:2:15");
    let errors = site(&MAP.replace("land.geojson", "gone.geojson")).errors();
    assert_eq!(place(find(&errors, "cannot read outline `data/gone.geojson`")), "site.yaml:16:14");
}

#[test]
fn a_region_without_a_place_on_a_map_is_an_error_at_the_block() {
    let map = "map:\n  outlines: [data/land.geojson]\n  places:\n    daraa: [32.62, 36.10]\n";
    let f = site(map).brief("x", "en", "", &BLOCK.replace("{title}", "Attacks"));
    let errors = f.errors();
    let e = find(&errors, "chart: region `deir-ez-zor` has no place on the map");
    assert_eq!(place(e), "x.en.md:11:1", "at `x:`");
}

#[test]
fn the_example_site_builds_its_map_and_event_maps() {
    let b = Fixture::example().build();
    let en = b.page("en/briefs/attacks-and-operations/");
    assert_eq!(en.texts("figure.chart-map tbody th").len(), 4);
    assert!(en.all(".lead-image").is_empty(), "the hand-drawn cover map is gone");
    let svg = b.read("ar/briefs/attacks-and-operations/index.html");
    let start = svg.find("<svg").unwrap();
    let end = start + svg[start..].find("</svg>").unwrap();
    assert!(end - start < 30_000, "{} bytes", end - start);
    for lang in ["ar", "en"] {
        assert_eq!(b.page(&format!("{lang}/timeline/")).all("#timeline-map svg").len(), 1);
        assert_eq!(b.page(&format!("{lang}/regions/palmyra/")).all("#term-map .map-highlight").len(), 1);
    }
}

#[cfg(unix)]
#[test]
fn an_outline_linked_from_outside_the_site_is_refused_naming_the_link() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("land.geojson"), OUTLINE).unwrap();
    let f = site(MAP);
    std::fs::remove_file(f.root().join("data/land.geojson")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("land.geojson"), f.root().join("data/land.geojson")).unwrap();
    let errors = f.errors();
    let e = find(&errors, "this link points outside the site, to `");
    assert!(e.path.ends_with("data/land.geojson"), "{}", e.path.display());
    assert_eq!(e.help.as_deref(), Some("copy the file into the site, or make the link point inside the site's folder"));
    // A link inside the site is followed.
    let f = with_briefs(site(MAP).file("data/real.geojson", OUTLINE));
    std::fs::remove_file(f.root().join("data/land.geojson")).unwrap();
    std::os::unix::fs::symlink(f.root().join("data/real.geojson"), f.root().join("data/land.geojson")).unwrap();
    assert_eq!(f.build().page("en/timeline/").all("#timeline-map path.map-land").len(), 1);
}

#[test]
fn an_outline_over_64_mb_is_refused_before_it_is_read() {
    let f = site(MAP);
    // A sparse file: 65 MB long, read in full it would be zeros, not JSON.
    let file = std::fs::OpenOptions::new().write(true).truncate(true).open(f.root().join("data/land.geojson")).unwrap();
    file.set_len(65 << 20).unwrap();
    let errors = f.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(place(&errors[0]), "land.geojson:0:0");
    assert_eq!(errors[0].message, "this outline is larger than 64 MB");
    assert!(errors[0].help.as_deref().unwrap().starts_with("simplify it first"));
}

#[test]
fn odd_outline_files_are_errors_at_their_place_not_panics() {
    // A folder where the file should be.
    let f = site(MAP);
    std::fs::remove_file(f.root().join("data/land.geojson")).unwrap();
    std::fs::create_dir(f.root().join("data/land.geojson")).unwrap();
    let errors = f.errors();
    let e = find(&errors, "cannot read outline `data/land.geojson`: it is not a file");
    assert_eq!(place(e), "site.yaml:16:14");
    // No features, a null geometry, a number too large for a float.
    let empty = "{\"type\": \"FeatureCollection\",\n \"features\": []}\n";
    let errors = site(MAP).file("data/land.geojson", empty).errors();
    assert_eq!(place(find(&errors, "this outline has no shapes to draw")), "land.geojson:2:2");
    let null = OUTLINE.replace("\"geometry\": {", "\"geometry\": null, \"g\": {");
    let errors = site(MAP).file("data/land.geojson", &null).errors();
    assert_eq!(place(find(&errors, "this feature's geometry is null")), "land.geojson:3:4");
    let huge = OUTLINE.replace("[41, 36]", "[1e300, 36]");
    let errors = site(MAP).file("data/land.geojson", &huge).errors();
    assert_eq!(place(find(&errors, "longitude 1e300 is outside −180…180")), "land.geojson:3:74");
    // A byte order mark is accepted.
    let b = with_briefs(site(MAP).file("data/land.geojson", &format!("\u{feff}{OUTLINE}"))).build();
    assert_eq!(b.page("en/timeline/").all("#timeline-map path.map-land").len(), 1);
}
