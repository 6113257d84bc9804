//! Geography alone: projection, simplification, GeoJSON errors, the cache.

use std::collections::BTreeMap;
use std::path::Path;

use super::project::{MARGIN, simplify};
use super::{Atlas, LatLon, Projection, Shape, geojson};

const REGIONS: &[&str] = &["daraa", "deir-ez-zor", "hasakah"];

/// A square of 1° around (lon, lat).
fn square(lon: f64, lat: f64, region: Option<&str>) -> Shape {
    let ring = vec![
        [lon - 0.5, lat - 0.5],
        [lon + 0.5, lat - 0.5],
        [lon + 0.5, lat + 0.5],
        [lon - 0.5, lat + 0.5],
        [lon - 0.5, lat - 0.5],
    ];
    Shape { region: region.map(String::from), polygons: vec![vec![ring]] }
}

fn atlas(shapes: Vec<Shape>) -> Atlas {
    let mut places = BTreeMap::new();
    places.insert("daraa".to_string(), LatLon { lat: 32.62, lon: 36.10 });
    places.insert("deir-ez-zor".to_string(), LatLon { lat: 35.34, lon: 40.14 });
    let mut a = Atlas::new(places, Vec::new());
    a.shapes = shapes;
    a
}

#[test]
fn the_extent_fills_the_width_and_north_is_up_east_is_right() {
    let (p, height) = Projection::fit([30.0, 32.0, 42.0, 37.0], 640.0);
    let (west, north) = p.point(30.0, 37.0);
    let (east, south) = p.point(42.0, 32.0);
    assert!((west - MARGIN).abs() < 1e-9 && (north - MARGIN).abs() < 1e-9, "{west} {north}");
    assert!((east - (640.0 - MARGIN)).abs() < 1e-9, "{east}");
    assert!((south - (height - MARGIN)).abs() < 1e-9, "{south} {height}");
    // Equirectangular with longitudes scaled by cos(34.5°): 12° of longitude
    // are as wide as 12·cos(34.5°) ≈ 9.9° of latitude are tall.
    let ratio = (east - west) / (south - north);
    assert!((ratio - 12.0 * 34.5f64.to_radians().cos() / 5.0).abs() < 1e-9, "{ratio}");
}

#[test]
fn a_tall_extent_is_fitted_to_the_height_and_centred() {
    let (p, height) = Projection::fit([0.0, 0.0, 1.0, 10.0], 640.0);
    assert!(height <= 640.0 + 1e-9);
    let (x0, _) = p.point(0.0, 0.0);
    let (x1, _) = p.point(1.0, 0.0);
    assert!(((x0 + x1) / 2.0 - 320.0).abs() < 1e-9, "centred: {x0} {x1}");
}

#[test]
fn places_land_where_their_coordinates_say() {
    let a = atlas(vec![square(36.0, 33.0, None), square(41.0, 36.0, None)]);
    let drawn = a.projected(640.0);
    let (dx, dy) = drawn.places["daraa"];
    let (ex, ey) = drawn.places["deir-ez-zor"];
    assert!(ex > dx && ey < dy, "Deir ez-Zor is east and north of Daraa");
    let expect = drawn.projection.point(40.14, 35.34);
    assert_eq!((ex, ey), expect);
    // The extent runs from 35.5° E to 41.5° E: Daraa at 36.10° E is 0.6° in.
    let (west, _) = drawn.projection.point(35.5, 33.0);
    assert!((west - MARGIN).abs() < 1e-9);
}

#[test]
fn outlines_are_projected_once_per_width() {
    let a = atlas(vec![square(36.0, 33.0, None)]);
    let first = a.projected(640.0);
    let again = a.clone().projected(640.0);
    assert!(std::sync::Arc::ptr_eq(&first, &again), "a clone shares the drawing");
    assert_eq!(a.projections(), 1);
    a.projected(320.0);
    assert_eq!(a.projections(), 2);
}

#[test]
fn simplification_drops_what_the_width_cannot_show() {
    let wiggly: Vec<(f64, f64)> = (0..=100).map(|i| (i as f64, if i % 2 == 0 { 0.0 } else { 0.2 })).collect();
    assert_eq!(simplify(&wiggly, 0.5), vec![(0.0, 0.0), (100.0, 0.0)]);
    let corner = [(0.0, 0.0), (5.0, 0.1), (10.0, 0.0), (10.0, 10.0)];
    assert_eq!(simplify(&corner, 0.5), vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]);
}

#[test]
fn paths_have_fixed_precision_and_the_same_bytes_each_time() {
    let a = atlas(vec![square(36.123456, 33.0, Some("daraa"))]);
    let d = &a.projected(640.0).shapes[0].1;
    assert!(d.starts_with('M') && d.ends_with('Z'));
    assert!(
        d.split(|c: char| !(c.is_ascii_digit() || c == '.')).all(|n| n.split('.').nth(1).is_none_or(|f| f.len() <= 1)),
        "{d}"
    );
    assert_eq!(d, &atlas(vec![square(36.123456, 33.0, Some("daraa"))]).projected(640.0).shapes[0].1);
}

#[test]
fn the_example_outline_draws_under_thirty_kilobytes() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/syria.geojson")).unwrap();
    let shapes = geojson::read(&text, REGIONS).expect("the example outline reads");
    let drawn = atlas(shapes).projected(640.0);
    let bytes: usize = drawn.shapes.iter().map(|(_, d)| d.len()).sum();
    assert!(bytes > 1000 && bytes < 12_000, "{bytes} bytes of path");
}

fn errors(text: &str) -> Vec<(usize, String, Option<String>)> {
    geojson::read(text, REGIONS).expect_err("errors").into_iter().map(|e| (e.line, e.message, e.help)).collect()
}

#[test]
fn a_file_that_is_not_json_is_an_error_at_its_place() {
    let e = errors("{\n  \"type\": \"FeatureCollection\",\n  \"features\": [,]\n}\n");
    assert_eq!(e[0].0, 3);
    assert!(e[0].1.starts_with("this outline is not valid JSON: "), "{}", e[0].1);
    assert!(!e[0].1.contains("at line"), "the place is not said twice: {}", e[0].1);
}

#[test]
fn json_that_is_not_an_outline_is_an_error() {
    let e = errors("{\"name\": \"syria\"}");
    assert_eq!(e[0].1, "this JSON is not GeoJSON: it has no `type`");
    let e = errors(
        "{\"type\": \"Feature\", \"properties\": {},\n \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[0, 0], [1, 1]]}}",
    );
    assert_eq!(e[0].0, 2);
    assert_eq!(e[0].1, "an outline's geometry must be a Polygon or MultiPolygon, not `LineString`");
}

const FEATURES: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"region": "daraa"},
   "geometry": {"type": "Polygon", "coordinates": [[[36, 32], [37, 32], [37, 33], [36, 32]]]}},
  {"type": "Feature", "properties": {"region": "deir-ez-zorr"},
   "geometry": {"type": "Polygon", "coordinates": [[[40, 35], [41, 35], [41, 36], [40, 35]]]}},
  {"type": "Feature", "properties": {},
   "geometry": {"type": "Polygon", "coordinates": [[[40, 35], [41, 35],
     [41, 236], [40, 35]]]}}
]}"#;

#[test]
fn bad_regions_and_coordinates_are_errors_at_their_lines_with_the_nearest_key() {
    let e = errors(FEATURES);
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(e[0].0, 4);
    assert_eq!(e[0].1, "the `region` property `deir-ez-zorr` is not a region key");
    assert_eq!(e[0].2.as_deref(), Some("did you mean `deir-ez-zor`?"));
    assert_eq!(e[1].0, 8);
    assert_eq!(e[1].1, "latitude 236 is outside −90…90");
}

#[test]
fn regions_of_features_are_kept() {
    let good = FEATURES.replace("deir-ez-zorr", "deir-ez-zor").replace("236", "36");
    let shapes = geojson::read(&good, REGIONS).unwrap();
    let regions: Vec<Option<&str>> = shapes.iter().map(|s| s.region.as_deref()).collect();
    assert_eq!(regions, [Some("daraa"), Some("deir-ez-zor"), None]);
}

#[test]
fn a_short_ring_and_a_swapped_position_are_errors() {
    let e = errors(r#"{"type": "Polygon", "coordinates": [[[36, 32], [37, 32], [36, 32]]]}"#);
    assert!(e[0].1.starts_with("a ring needs at least four positions"), "{}", e[0].1);
    let e = errors(r#"{"type": "Polygon", "coordinates": [[[36, 32], [37, 32], [33, 120], [36, 32]]]}"#);
    assert_eq!(e[0].1, "latitude 120 is outside −90…90");
    assert_eq!(e[0].2.as_deref(), Some("GeoJSON writes longitude first: [longitude, latitude]"));
}

/// `(line, col, message)` of each error.
fn placed(text: &str) -> Vec<(usize, usize, String)> {
    geojson::read(text, REGIONS).expect_err("errors").into_iter().map(|e| (e.line, e.col, e.message)).collect()
}

#[test]
fn an_outline_with_no_shapes_says_so_at_its_features() {
    let e = placed("{\"type\": \"FeatureCollection\",\n  \"features\": []}\n");
    assert_eq!(e, [(2, 3, "this outline has no shapes to draw".to_string())]);
    let e = placed("{\"type\": \"MultiPolygon\", \"coordinates\": []}");
    assert_eq!(e, [(1, 26, "this outline has no shapes to draw".to_string())]);
}

#[test]
fn a_feature_with_a_null_geometry_is_an_error_at_it() {
    let text = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"region": "daraa"},
   "geometry": {"type": "Polygon", "coordinates": [[[36, 32], [37, 32], [37, 33], [36, 32]]]}},
  {"type": "Feature", "properties": {},
   "geometry": null}
]}"#;
    let e = placed(text);
    assert_eq!(e, [(5, 4, "this feature's geometry is null: there is nothing to draw".to_string())]);
}

#[test]
fn huge_and_non_numeric_coordinates_are_errors_at_the_number() {
    let ring = |bad: &str| {
        format!("{{\"type\": \"Polygon\", \"coordinates\": [[[36, 32], [37, 32],\n [{bad}, 33], [36, 32]]]}}")
    };
    // 1e300 is a finite float, far out of range; said as written.
    assert_eq!(placed(&ring("1e300")), [(2, 3, "longitude 1e300 is outside −180…180".to_string())]);
    assert_eq!(placed(&ring("-181.5")), [(2, 3, "longitude -181.5 is outside −180…180".to_string())]);
    assert_eq!(placed(&ring("180.0000001")), [(2, 3, "longitude 180.0000001 is outside −180…180".to_string())]);
    // Too large for a float, or not JSON at all: the parser says where.
    for bad in ["1e400", "NaN", "Infinity"] {
        let e = placed(&ring(bad));
        assert_eq!((e[0].0, e[0].1), (2, 3), "{bad}: {e:?}");
        assert!(e[0].2.starts_with("this outline is not valid JSON"), "{bad}: {e:?}");
    }
    let e = placed(&ring("\"NaN\""));
    assert_eq!(e[0].2, "a position must be [longitude, latitude], found `[\"NaN\",33]`");
    let e = placed(&ring("null"));
    assert_eq!(e[0].2, "a position must be [longitude, latitude], found `[null,33]`");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = "\u{feff}{\"type\": \"Polygon\", \"coordinates\": [[[36, 32], [37, 32], [37, 33], [36, 32]]]}";
    assert_eq!(geojson::read(text, REGIONS).unwrap().len(), 1);
    let e = placed("\u{feff}{\"type\": \"Polygon\", \"coordinates\": [[[36, 32], [37, 32], [36, 32]]]}");
    assert_eq!((e[0].0, e[0].1), (1, 21), "columns as an editor shows them, without the mark");
}

#[test]
fn many_bad_positions_give_twenty_errors_quickly() {
    let points = vec!["[1e300, 1]"; 200_000].join(", ");
    let text = format!("{{\"type\": \"Polygon\", \"coordinates\": [[{points}]]}}");
    let start = std::time::Instant::now();
    let e = placed(&text);
    assert_eq!(e.len(), 20);
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
}

/// A FeatureCollection of `n` × `n` small squares over 36–42° E, 32–38° N,
/// each visible at a map's width.
fn grid(n: usize) -> String {
    let step = 6.0 / n as f64;
    let mut features = Vec::new();
    for i in 0..n {
        for j in 0..n {
            let (lon, lat, s) = (36.0 + i as f64 * step, 32.0 + j as f64 * step, step * 0.6);
            features.push(format!(
                "{{\"type\": \"Feature\", \"properties\": {{}}, \"geometry\": {{\"type\": \"Polygon\", \"coordinates\": [[[{lon}, {lat}], [{}, {lat}], [{}, {}], [{lon}, {}], [{lon}, {lat}]]]}}}}",
                lon + s,
                lon + s,
                lat + s,
                lat + s
            ));
        }
    }
    format!("{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}\n", features.join(",\n"))
}

/// The errors of reading `files` (name, text) as a site's outlines.
fn read_files(files: &[(&str, &str)]) -> Vec<crate::diag::Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let mut names = Vec::new();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
        names.push(super::OutlineFile { name: name.to_string(), pos: None });
    }
    let mut a = Atlas::new(BTreeMap::new(), names);
    a.read_outlines(dir.path(), Path::new("site"), REGIONS)
}

#[test]
fn outlines_too_detailed_for_a_map_are_an_error_naming_the_file() {
    // 22,500 squares of about 2 units: some 1 MB of path on every map page.
    let fine = grid(150);
    let coarse = grid(10);
    let e = read_files(&[("data/coarse.geojson", &coarse), ("data/fine.geojson", &fine)]);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].path, Path::new("site/data/fine.geojson"));
    assert!(
        e[0].message.starts_with("this outline is too detailed for a map: the outlines draw 1")
            && e[0].message.contains("KB of SVG path on every map, at most 256 KB; this file draws"),
        "{}",
        e[0].message
    );
    assert!(e[0].help.as_deref().unwrap().starts_with("simplify it first"));
    // As much detail as a map can carry is fine.
    assert!(read_files(&[("data/coarse.geojson", &coarse)]).is_empty());
}
