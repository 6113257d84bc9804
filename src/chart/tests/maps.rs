//! `type: map`: circles in proportion, a legend of round sizes, the table,
//! never mirrored, and every geography error at its line.

use std::collections::BTreeMap;

use super::*;
use crate::chart::{MAX_RADIUS, radius, reference_values};
use crate::geo::{Atlas, LatLon, Shape};

/// The example site's outline of Syria, with places for the fixture's regions.
fn syria() -> Atlas {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/syria.geojson")).unwrap();
    let mut places = BTreeMap::new();
    for (key, lat, lon) in
        [("daraa", 32.62, 36.10), ("deir-ez-zor", 35.34, 40.14), ("hasakah", 36.50, 40.75), ("hama", 35.13, 36.76)]
    {
        places.insert(key.to_string(), LatLon { lat, lon });
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/syria.geojson"), text).unwrap();
    let file = crate::geo::OutlineFile { name: "data/syria.geojson".into(), pos: None };
    let mut atlas = Atlas::new(places, vec![file]);
    let regions = ["daraa", "deir-ez-zor", "hasakah", "hama", "homs"];
    assert!(atlas.read_outlines(dir.path(), Path::new(""), &regions).is_empty());
    atlas
}

/// Renders a block with `atlas` as the site's geography.
fn render_map(yaml: &str, locale: &Locale, atlas: Option<&Atlas>) -> Result<String, Vec<ChartError>> {
    let root = site();
    let store = DataStore::new();
    let words = words(locale);
    let label = |column: &str, key: &str| {
        let l = regions(column, key)?;
        Some(if locale.is_rtl() { format!("{l}-ar") } else { l })
    };
    let ctx = ChartContext {
        site_root: &root,
        bundle_dir: None,
        locale,
        words: &words,
        label: &label,
        data: &store,
        id: "chart-1",
        map: atlas,
    };
    render_block(yaml, &ctx)
}

const ATTACKS: &str = "type: map\ntitle: Attacks\ndata: attacks\nx: region\ny: attacks\n";

/// `(cx, cy, r)` of each circle whose tooltip starts with `label`.
fn circle(svg: &str, label: &str) -> (f64, f64, f64) {
    let at = svg.find(&format!("<title>{label}:")).unwrap_or_else(|| panic!("no circle for {label}"));
    let tag = &svg[svg[..at].rfind("<circle").unwrap()..at];
    let attr = |name: &str| -> f64 {
        tag.split(&format!(" {name}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap().parse().unwrap()
    };
    (attr("cx"), attr("cy"), attr("r"))
}

#[test]
fn circle_areas_are_proportional_to_the_values() {
    assert_eq!(radius(16.0, 16.0), MAX_RADIUS);
    let quarter = radius(4.0, 16.0);
    assert!((quarter * quarter / (MAX_RADIUS * MAX_RADIUS) - 0.25).abs() < 1e-12);
    assert_eq!(radius(0.0, 16.0), 0.0);
    let atlas = syria();
    let svg = render_map(ATTACKS, &en(), Some(&atlas)).unwrap();
    // attacks.csv: daraa 4, deir-ez-zor 6, hasakah 4, hama 2.
    let (_, _, big) = circle(&svg, "Deir ez-Zor");
    let (_, _, small) = circle(&svg, "Hama");
    assert!(((small / big).powi(2) - 2.0 / 6.0).abs() < 0.01, "{small} {big}");
}

#[test]
fn the_legend_shows_round_reference_sizes() {
    assert_eq!(reference_values(6.0, true), [5.0, 1.0]);
    assert_eq!(reference_values(120.0, true), [100.0, 20.0]);
    assert_eq!(reference_values(1.0, true), [1.0]);
    assert_eq!(reference_values(2.0, true), [2.0, 1.0], "two sizes where counts allow");
    assert_eq!(reference_values(0.8, false), [0.5, 0.1]);
    assert!(reference_values(0.0, true).is_empty());
    let svg = render_map(ATTACKS, &en(), Some(&syria())).unwrap();
    let legend = &svg[svg.find("class=\"map-legend\"").unwrap()..];
    assert_eq!(count(legend, "<circle class=\"map-legend-circle\""), 2);
    assert!(legend.contains(">5</text>") && legend.contains(">1</text>"));
}

#[test]
fn the_table_gives_every_region_and_value() {
    let html = render_map(ATTACKS, &en(), Some(&syria())).unwrap();
    assert!(html.starts_with("<figure class=\"chart chart-map\" id=\"chart-1\">"));
    let table = &html[html.find("<table>").unwrap()..];
    assert!(table.contains("<th scope=\"col\">Region</th>"));
    for (label, value) in [("Daraa", 4), ("Deir ez-Zor", 6), ("Hasakah", 4), ("Hama", 2)] {
        assert!(table.contains(&format!("<th scope=\"row\"><bdi>{label}</bdi></th><td>{value}</td>")), "{label}");
    }
    let svg = svg_of(&html);
    assert!(svg.contains("aria-labelledby=\"chart-1-title\" aria-describedby=\"chart-1-desc\""));
    assert!(svg.contains("the largest is Deir ez-Zor, 6.</desc>"), "{svg}");
}

#[test]
fn the_drawing_is_the_same_in_both_languages_only_the_legend_moves() {
    let atlas = syria();
    let en_svg = render_map(ATTACKS, &en(), Some(&atlas)).unwrap();
    let ar_svg = render_map(ATTACKS, &ar(), Some(&atlas)).unwrap();
    for svg in [&en_svg, &ar_svg] {
        assert!(svg.contains(" direction=\"ltr\" class=\"chart-svg map-svg\""));
    }
    let (ex, ey, _) = circle(&en_svg, "Deir ez-Zor");
    let (dx, dy, _) = circle(&en_svg, "Daraa");
    assert!(ex > dx && ey < dy, "east is right and north is up");
    assert_eq!(circle(&ar_svg, "Deir ez-Zor-ar"), (ex, ey, circle(&en_svg, "Deir ez-Zor").2));
    let path = |svg: &str| svg[svg.find("<path class=\"map-land\"").unwrap()..].split("/>").next().unwrap().to_string();
    assert_eq!(path(&en_svg), path(&ar_svg), "the outline is not mirrored");
    assert!(ar_svg.contains("direction=\"rtl\">\n<text class=\"map-legend-title\""), "the legend reads right to left");
    assert!(ar_svg.contains("font-weight=\"bold\">\u{2067}attacks\u{2069}</text>"), "headed by the series' name");
    let legend_x = |svg: &str| text_x(&svg[svg.find("map-legend").unwrap()..], ">5<");
    assert!(legend_x(&en_svg) < 320.0 && legend_x(&ar_svg) > 320.0);
    // Labels on the drawing are laid out left to right on both pages.
    assert!(ar_svg.contains("text-anchor=\"start\" font-size=\"0.93em\">Deir ez-Zor-ar</text>"), "{ar_svg}");
}

#[test]
fn a_map_of_the_example_outline_stays_under_thirty_kilobytes_and_is_deterministic() {
    let atlas = syria();
    let one = render_map(ATTACKS, &ar(), Some(&atlas)).unwrap();
    let svg = svg_of(&one);
    assert!(svg.len() < 30_000, "{} bytes", svg.len());
    assert_eq!(one, render_map(ATTACKS, &ar(), Some(&syria())).unwrap());
    assert_eq!(atlas.projections(), 1, "one projection for both drawings of one width");
}

#[test]
fn a_choropleth_when_the_outlines_have_the_regions() {
    let square = |lon: f64, region: &str| Shape {
        region: Some(region.into()),
        polygons: vec![vec![vec![[lon, 33.0], [lon + 1.0, 33.0], [lon + 1.0, 34.0], [lon, 34.0], [lon, 33.0]]]],
    };
    let mut atlas = Atlas::new(BTreeMap::new(), Vec::new());
    atlas.shapes = vec![square(36.0, "daraa"), square(37.0, "hama"), square(38.0, "homs")];
    let yaml = "type: map\ntitle: T\nlabels: [daraa, hama]\nseries: [{name: n, values: [10, 2]}]\n";
    let svg = render_map(yaml, &en(), Some(&atlas)).unwrap();
    // Classes of 2: 2 is in the second, 10 in the fifth; Homs has no value.
    assert!(svg.contains("<path class=\"map-area map-class-2\""), "{svg}");
    assert!(svg.contains("<path class=\"map-area map-class-5\""));
    assert_eq!(count(&svg, "<path class=\"map-land\""), 1);
    assert_eq!(count(&svg, "<circle"), 0);
    assert_eq!(count(&svg, "<rect class=\"map-class-"), 5);
    assert!(svg.contains(">8+</text>"));
}

#[test]
fn geography_errors_are_at_the_block_line() {
    let atlas = syria();
    let e = render_map(ATTACKS, &en(), None).unwrap_err();
    assert_eq!(find(&e, "a map needs the site's geography").line, 0);
    let yaml = "type: map\ntitle: T\nlabels: [daraa, homs, dara]\nseries: [{name: n, values: [1, 2, 3]}]\n";
    let e = render_map(yaml, &en(), Some(&atlas)).unwrap_err();
    let homs = find(&e, "region `homs` has no place on the map");
    assert_eq!(homs.help.as_deref(), Some("add `homs: [latitude, longitude]` to `map.places` in site.yaml"));
    assert_eq!(find(&e, "`dara` is not a region key").help.as_deref(), Some("did you mean `daraa`?"));
    let yaml = "type: map\ntitle: T\ndata: attacks\nx: region\ny: [attacks, attacks]\n";
    let e = render_map(yaml, &en(), Some(&atlas)).unwrap_err();
    assert_eq!(find(&e, "a map draws one series; this one has 2").line, 4);
    let yaml = "type: map\ntitle: T\nlabels: [daraa]\nseries: [{name: n, values: [-1]}]\n";
    let e = render_map(yaml, &en(), Some(&atlas)).unwrap_err();
    find(&e, "a map's values are zero or more");
}

#[test]
fn many_bad_rows_give_a_few_errors_quickly() {
    let atlas = syria();
    let many = (0..5000).map(|i| format!("r{i}")).collect::<Vec<_>>().join(", ");
    let ones = vec!["1"; 5000].join(", ");
    let yaml = format!("type: map\ntitle: T\nlabels: [{many}]\nseries: [{{name: n, values: [{ones}]}}]\n");
    let e = render_map(&yaml, &en(), Some(&atlas)).unwrap_err();
    assert_eq!(e.len(), 4, "{e:#?}");
    find(&e, "4997 more like this: `r2` is not a region key");
    let twice = "type: map\ntitle: T\nlabels: [daraa, hama, daraa]\nseries: [{name: n, values: [1, 2, 3]}]\n";
    let e = render_map(twice, &en(), Some(&atlas)).unwrap_err();
    find(&e, "region `daraa` is given twice");
}

/// The `y` of each value of the circle legend, top to bottom.
fn legend_label_ys(svg: &str) -> Vec<f64> {
    let legend = &svg[svg.find("<g class=\"map-legend\">").unwrap()..];
    let legend = &legend[..legend.find("</g>").unwrap()];
    legend
        .split("<text ")
        .skip(1)
        .map(|t| t.split(" y=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().parse().unwrap())
        .collect()
}

#[test]
fn the_legend_values_of_close_circles_stay_a_line_apart() {
    use crate::chart::map::LEGEND_GAP;
    // 4 and 1: reference circles of 2 and 1, whose tops are 10.8 units
    // apart, less than a line of phone-sized text.
    let yaml = "type: map\ntitle: T\nlabels: [daraa, hama]\nseries: [{name: n, values: [4, 1]}]\n";
    for locale in [en(), ar()] {
        let svg = render_map(yaml, &locale, Some(&syria())).unwrap();
        let ys = legend_label_ys(&svg);
        assert_eq!(ys.len(), 2, "{svg}");
        assert!(ys[1] - ys[0] >= LEGEND_GAP - 0.05, "{ys:?} are closer than {LEGEND_GAP}");
        // The value stays inside the drawing: its height grew to hold it.
        let height: f64 = svg.split("viewBox=\"0 0 640 ").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(ys[1] + LEGEND_GAP / 2.0 <= height, "{ys:?} in {height}");
    }
    // Far apart already, a value stays level with its circle's top.
    let svg = render_map(ATTACKS, &en(), Some(&syria())).unwrap();
    let rules: Vec<&str> = svg.split("class=\"map-legend-rule\"").skip(1).collect();
    assert!(rules.iter().all(|r| {
        let d = r.split(" d=\"M").nth(1).unwrap().split('"').next().unwrap();
        let nums: Vec<&str> = d.split([' ', 'H', 'L']).collect();
        nums[1] == nums[4]
    }));
}
