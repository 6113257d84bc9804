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
