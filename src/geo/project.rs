//! Outlines and places onto a drawing: projected, fitted, simplified.
//!
//! Takes an [`Atlas`] and a drawing width; returns a [`Projected`]: the
//! height that keeps the shape, each outline feature as SVG path data and
//! each place as a point. The projection is equirectangular with the
//! longitudes scaled by the cosine of the middle latitude, which keeps a
//! country's shape at the scale of one country; north is up and east is
//! right whatever the page's language. Outlines are simplified to what the
//! width can show (Douglas–Peucker at half a unit) and written with one
//! decimal, so the same input gives the same bytes. Refuses nothing: an
//! empty atlas gives an empty drawing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Atlas, LatLon};
use crate::chart::coord;

/// Space kept around the outlines: room for a circle at an edge.
pub const MARGIN: f64 = 30.0;
/// The tallest a drawing gets, as a share of its width.
const MAX_ASPECT: f64 = 1.0;
/// Points closer than this to the simplified line are dropped, in units.
const TOLERANCE: f64 = 0.5;

/// From degrees to drawing units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// The west and north edges of the fitted extent, in degrees.
    west: f64,
    north: f64,
    /// Units per degree of latitude; longitude is scaled by `cos_lat` more.
    scale: f64,
    cos_lat: f64,
    /// Where the extent starts, in units.
    left: f64,
    top: f64,
}

impl Projection {
    /// The projection that fits the extent `[west, south, east, north]`
    /// into `width` units with [`MARGIN`] around, and the drawing's height.
    pub fn fit(extent: [f64; 4], width: f64) -> (Projection, f64) {
        let [west, south, east, north] = extent;
        let cos_lat = ((south + north) / 2.0).to_radians().cos().max(0.05);
        let room = (width - 2.0 * MARGIN).max(1.0);
        let (w_deg, h_deg) = (((east - west) * cos_lat).max(1e-6), (north - south).max(1e-6));
        let scale = (room / w_deg).min((width * MAX_ASPECT - 2.0 * MARGIN).max(1.0) / h_deg);
        let left = MARGIN + (room - w_deg * scale) / 2.0;
        let height = h_deg * scale + 2.0 * MARGIN;
        (Projection { west, north, scale, cos_lat, left, top: MARGIN }, height)
    }

    /// Where a longitude and latitude land: x grows east, y grows south.
    pub fn point(&self, lon: f64, lat: f64) -> (f64, f64) {
        (self.left + (lon - self.west) * self.cos_lat * self.scale, self.top + (self.north - lat) * self.scale)
    }
}

/// The outlines and places of an atlas drawn at one width.
#[derive(Debug, Clone, PartialEq)]
pub struct Projected {
    pub width: f64,
    pub height: f64,
    pub projection: Projection,
    /// Each outline feature: its region, if any, and its SVG path data.
    pub shapes: Vec<(Option<String>, String)>,
    /// Region key → its point.
    pub places: BTreeMap<String, (f64, f64)>,
}

impl Projected {
    pub fn new(atlas: &Atlas, width: f64) -> Projected {
        let (projection, height) = Projection::fit(extent(atlas), width);
        let shapes = atlas
            .shapes
            .iter()
            .map(|s| {
                let mut d = String::new();
                for ring in s.polygons.iter().flatten() {
                    let points: Vec<(f64, f64)> = ring.iter().map(|&[lon, lat]| projection.point(lon, lat)).collect();
                    ring_path(&simplify(&points, TOLERANCE), &mut d);
                }
                (s.region.clone(), d)
            })
            .collect();
        let places = atlas.places.iter().map(|(k, p)| (k.clone(), projection.point(p.lon, p.lat))).collect();
        Projected { width, height, projection, shapes, places }
    }
}

/// `[west, south, east, north]` of every outline point and place; a
/// degree around the places when there are no outlines.
fn extent(atlas: &Atlas) -> [f64; 4] {
    let points = atlas
        .shapes
        .iter()
        .flat_map(|s| s.polygons.iter().flatten().flatten())
        .map(|&[lon, lat]| LatLon { lat, lon })
        .chain(atlas.places.values().copied());
    let mut e = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for p in points {
        e = [e[0].min(p.lon), e[1].min(p.lat), e[2].max(p.lon), e[3].max(p.lat)];
    }
    if !e.iter().all(|v| v.is_finite()) {
        return [-1.0, -1.0, 1.0, 1.0];
    }
    if atlas.shapes.is_empty() {
        e = [e[0] - 1.0, e[1] - 1.0, e[2] + 1.0, e[3] + 1.0];
    }
    e
}

/// Appends a closed ring as `M x y L x y … Z`; a ring that simplifies to
/// less than a triangle is too small to see and is left out.
fn ring_path(points: &[(f64, f64)], d: &mut String) {
    let mut last = String::new();
    let mut written: Vec<String> = Vec::new();
    for &(x, y) in points {
        let p = format!("{} {}", coord(x), coord(y));
        if p != last {
            written.push(p.clone());
            last = p;
        }
    }
    if written.len() > 1 && written.first() == written.last() {
        written.pop();
    }
    if written.len() < 3 {
        return;
    }
    for (i, p) in written.iter().enumerate() {
        let _ = write!(d, "{}{p}", if i == 0 { "M" } else { "L" });
    }
    d.push('Z');
}

/// Douglas–Peucker: the points of `line` that keep it within `tolerance`.
pub fn simplify(line: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    if line.len() < 3 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    // An explicit stack: a long ring cannot overflow it.
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut far = (0.0, a);
        for i in a + 1..b {
            let d = distance(line[i], line[a], line[b]);
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > tolerance {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    line.iter().zip(keep).filter_map(|(p, k)| k.then_some(*p)).collect()
}

/// Distance from `p` to the segment `a`–`b`.
fn distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}
