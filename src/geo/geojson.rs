//! A GeoJSON file (RFC 7946) into outline [`Shape`]s.
//!
//! Takes the file's text and the site's region keys; returns the features'
//! polygons, or every problem found, each at its line and column. The text
//! is parsed with `serde_json`, whose syntax errors carry their place; the
//! places of later problems (a bad coordinate, an unknown region) are found
//! by searching the text from the start of their feature. Accepts a
//! FeatureCollection, a Feature, or a bare Polygon or MultiPolygon, with or
//! without a UTF-8 byte order mark. Refuses text that is not JSON (numbers
//! too large for a float among it), JSON that is not GeoJSON, an outline
//! with no shapes, a feature without a geometry (`null` included),
//! geometries other than Polygon and MultiPolygon, positions that are not
//! two numbers in range, rings of fewer than four positions, and a `region`
//! property that is not a region key (with the nearest key).

use serde_json::Value;

use super::{Ring, Shape};
use crate::diag::did_you_mean;

/// A problem in a GeoJSON file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: Option<String>,
}

/// How many problems one file reports before it stops listing them.
const MAX_ERRORS: usize = 20;

/// The shapes of a GeoJSON text.
pub fn read(text: &str, regions: &[&str]) -> Result<Vec<Shape>, Vec<GeoError>> {
    // Editors on Windows start files with a byte order mark; JSON has none.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = serde_json::from_str(text).map_err(|e| {
        let (line, col) = (e.line().max(1), e.column().max(1));
        vec![GeoError {
            line,
            col: number_start(text, line, col),
            message: format!("this outline is not valid JSON: {}", strip_place(&e.to_string())),
            help: Some("check the file with a JSON validator; GeoJSON is JSON".into()),
        }]
    })?;
    let mut r = Reader { text, regions, errors: Vec::new(), feature_at: 0 };
    let shapes = r.root(&root);
    if r.errors.is_empty() && !shapes.iter().flat_map(|s| &s.polygons).flatten().any(|ring| !ring.is_empty()) {
        r.feature_at = 0;
        let at = r.find_any(&["\"features\"", "\"coordinates\""]);
        let help = "add a Polygon or MultiPolygon feature, or leave the file out of `map.outlines`";
        r.error(at, "this outline has no shapes to draw".into(), Some(help.into()));
    }
    if r.errors.is_empty() { Ok(shapes) } else { Err(r.errors) }
}

/// The column where the number ending at `col` of `line` starts (serde_json
/// places "number out of range" at the number's last digit); `col` itself
/// when no number ends there.
fn number_start(text: &str, line: usize, col: usize) -> usize {
    let Some(l) = text.lines().nth(line - 1) else { return col };
    let chars: Vec<char> = l.chars().take(col).collect();
    let number = |c: &char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E');
    if chars.len() < col || !chars.last().is_some_and(char::is_ascii_digit) {
        return col;
    }
    col - chars.iter().rev().take_while(|c| number(c)).count() + 1
}

/// serde_json ends its messages with " at line L column C": the
/// diagnostic already says where.
fn strip_place(message: &str) -> &str {
    message.rfind(" at line ").map_or(message, |i| &message[..i])
}

struct Reader<'a> {
    text: &'a str,
    regions: &'a [&'a str],
    errors: Vec<GeoError>,
    /// Byte offset of the feature being read: searches start there.
    feature_at: usize,
}

impl Reader<'_> {
    fn error(&mut self, at: usize, message: String, help: Option<String>) {
        if self.errors.len() >= MAX_ERRORS {
            return;
        }
        let before = &self.text[..at.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rfind('\n').map_or(before.chars().count(), |i| before[i + 1..].chars().count()) + 1;
        self.errors.push(GeoError { line, col, message, help });
    }

    /// Whether no more errors are listed: their places need not be found.
    fn full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    /// Byte offset of `needle` at or after the current feature, else the feature's.
    fn find(&self, needle: &str) -> usize {
        self.text[self.feature_at..].find(needle).map_or(self.feature_at, |i| self.feature_at + i)
    }

    /// Byte offset of the first of `needles` found at or after the current feature.
    fn find_any(&self, needles: &[&str]) -> usize {
        let rest = &self.text[self.feature_at..];
        needles.iter().find_map(|n| rest.find(n)).map_or(self.feature_at, |i| self.feature_at + i)
    }

    /// Byte offset of the first JSON number at or after the current feature
    /// that reads as `value`, however it is written (`1e300`, `236.0`).
    fn find_number(&self, value: f64) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = self.feature_at;
        while i < bytes.len() {
            let starts = bytes[i] == b'-' || bytes[i].is_ascii_digit();
            if !starts {
                i += 1;
                continue;
            }
            let end = i + bytes[i..]
                .iter()
                .position(|b| !(b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')))
                .unwrap_or(bytes.len() - i);
            if self.text[i..end].parse::<f64>().is_ok_and(|n| n == value) {
                return i;
            }
            i = end;
        }
        self.feature_at
    }

    fn root(&mut self, root: &Value) -> Vec<Shape> {
        match type_of(root) {
            Some("FeatureCollection") => match root.get("features") {
                Some(Value::Array(features)) => {
                    let mut shapes = Vec::new();
                    for feature in features {
                        self.next_feature();
                        shapes.extend(self.feature(feature));
                    }
                    shapes
                }
                _ => {
                    let at = self.find("\"FeatureCollection\"");
                    self.error(at, "a FeatureCollection needs `features`, a list".into(), None);
                    Vec::new()
                }
            },
            Some("Feature") => {
                self.next_feature();
                self.feature(root).into_iter().collect()
            }
            Some("Polygon" | "MultiPolygon") => {
                self.geometry(root).map(|polygons| Shape { region: None, polygons }).into_iter().collect()
            }
            found => {
                let message = match found {
                    Some(t) => format!("GeoJSON of type `{t}` cannot be an outline"),
                    None => "this JSON is not GeoJSON: it has no `type`".to_string(),
                };
                let help = "an outline is a FeatureCollection of Polygon or MultiPolygon features";
                self.error(0, message, Some(help.into()));
                Vec::new()
            }
        }
    }

    /// Moves the search start to the next feature's `"Feature"` token.
    fn next_feature(&mut self) {
        let from = if self.feature_at == 0 { 0 } else { self.feature_at + 1 };
        if let Some(i) = self.text[from..].find("\"Feature\"") {
            self.feature_at = from + i;
        }
    }

    fn feature(&mut self, feature: &Value) -> Option<Shape> {
        if type_of(feature) != Some("Feature") {
            self.error(self.feature_at, "each of `features` must be a GeoJSON Feature".into(), None);
            return None;
        }
        let region = self.region(feature.get("properties"));
        let polygons = match feature.get("geometry") {
            Some(g @ Value::Object(_)) => self.geometry(g)?,
            found => {
                let at = self.find("\"geometry\"");
                let message = match found {
                    Some(Value::Null) => "this feature's geometry is null: there is nothing to draw",
                    _ => "this feature has no geometry to draw",
                };
                let help = "give it a Polygon or MultiPolygon geometry, or leave the feature out";
                self.error(at, message.into(), Some(help.into()));
                return None;
            }
        };
        Some(Shape { region, polygons })
    }

    /// The `region` property, when it is a region key.
    fn region(&mut self, properties: Option<&Value>) -> Option<String> {
        let value = properties?.get("region")?;
        let Some(key) = value.as_str() else {
            let at = self.find("\"region\"");
            self.error(at, "the `region` property must be a region key, as text".into(), None);
            return None;
        };
        if self.regions.contains(&key) {
            return Some(key.to_string());
        }
        let at = self.find(&format!("\"{key}\""));
        let help = did_you_mean(key, self.regions.iter().copied())
            .or_else(|| Some("use a key of `taxonomies.regions` in site.yaml".into()));
        self.error(at, format!("the `region` property `{key}` is not a region key"), help);
        None
    }

    fn geometry(&mut self, g: &Value) -> Option<Vec<Vec<Ring>>> {
        let coords = g.get("coordinates");
        match (type_of(g), coords) {
            (Some("Polygon"), Some(c)) => self.polygon(c).map(|p| vec![p]),
            (Some("MultiPolygon"), Some(Value::Array(polys))) => {
                let read: Vec<Option<Vec<Ring>>> = polys.iter().map(|p| self.polygon(p)).collect();
                read.into_iter().collect()
            }
            (Some(t @ ("Polygon" | "MultiPolygon")), _) => {
                let at = self.find(&format!("\"{t}\""));
                self.error(at, format!("this {t} has no `coordinates` list"), None);
                None
            }
            (found, _) => {
                let t = found.unwrap_or("?");
                let at = self.find(&format!("\"{t}\""));
                let help = "outlines are areas: draw points as `map.places` in site.yaml, and leave out lines";
                self.error(
                    at,
                    format!("an outline's geometry must be a Polygon or MultiPolygon, not `{t}`"),
                    Some(help.into()),
                );
                None
            }
        }
    }

    fn polygon(&mut self, v: &Value) -> Option<Vec<Ring>> {
        let Value::Array(rings) = v else {
            let at = self.find("\"coordinates\"");
            self.error(at, "a polygon's coordinates must be a list of rings".into(), None);
            return None;
        };
        let read: Vec<Option<Ring>> = rings.iter().map(|r| self.ring(r)).collect();
        read.into_iter().collect()
    }

    fn ring(&mut self, v: &Value) -> Option<Ring> {
        let points = match v {
            Value::Array(points) => points,
            _ => {
                let at = self.find("\"coordinates\"");
                self.error(at, "a ring must be a list of [longitude, latitude] positions".into(), None);
                return None;
            }
        };
        let read: Vec<Option<[f64; 2]>> = points.iter().map(|p| self.position(p)).collect();
        let ring: Ring = read.into_iter().collect::<Option<_>>()?;
        if ring.len() < 4 {
            let at = self.find("\"coordinates\"");
            let msg = format!(
                "a ring needs at least four positions, the last the same as the first; this one has {}",
                ring.len()
            );
            self.error(at, msg, None);
            return None;
        }
        Some(ring)
    }

    fn position(&mut self, v: &Value) -> Option<[f64; 2]> {
        let nums: Option<Vec<f64>> = match v {
            Value::Array(items) if items.len() >= 2 => items.iter().take(2).map(Value::as_f64).collect(),
            _ => None,
        };
        let Some([lon, lat]) = nums.as_deref().and_then(|n| <[f64; 2]>::try_from(n).ok()) else {
            if self.full() {
                return None;
            }
            let at = self.find("\"coordinates\"");
            self.error(at, format!("a position must be [longitude, latitude], found `{v}`"), None);
            return None;
        };
        let bad = if !(-180.0..=180.0).contains(&lon) {
            Some(("longitude", lon, "−180…180"))
        } else if !(-90.0..=90.0).contains(&lat) {
            Some(("latitude", lat, "−90…90"))
        } else {
            None
        };
        if let Some((what, value, range)) = bad {
            if self.full() {
                return None;
            }
            let at = self.find_number(value);
            // 236 as 236, 1e300 as 1e300, not as its three hundred digits.
            let value = if value.abs() < 1e9 { value.to_string() } else { format!("{value:e}") };
            let help = if what == "latitude" && (-180.0..=180.0).contains(&lat) && (-90.0..=90.0).contains(&lon) {
                "GeoJSON writes longitude first: [longitude, latitude]"
            } else {
                "GeoJSON positions are [longitude, latitude] in degrees (WGS 84)"
            };
            self.error(at, format!("{what} {value} is outside {range}"), Some(help.into()));
            return None;
        }
        Some([lon, lat])
    }
}

fn type_of(v: &Value) -> Option<&str> {
    v.get("type").and_then(Value::as_str)
}
