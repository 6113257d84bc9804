//! Geography: the places and outlines `site.yaml`'s `map:` names, read and
//! checked once per build, and projected once per drawing width.
//!
//! Takes `map: {outlines, places}` (read by [`settings`] with the rest of
//! `site.yaml`) and the GeoJSON files it names (read by [`geojson`]);
//! returns an [`Atlas`]: each place's latitude and longitude, each outline
//! feature's rings, and, on request, the [`Projected`] drawing of them at a
//! width, computed the first time it is asked for and shared by every page
//! after. Refuses, each at its file and line: a place that is not a region
//! key, a coordinate outside −90…90 / −180…180, an outline that is not a
//! `.geojson` file in `data/` or cannot be read, a file that is not GeoJSON,
//! a geometry other than Polygon and MultiPolygon, and a feature whose
//! `region` property is not a region key.

mod geojson;
mod project;
pub mod settings;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub use project::{Projected, Projection};

use crate::diag::{Diagnostic, Pos};

/// A point on the globe, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// A ring of an outline: `[longitude, latitude]` points, as GeoJSON has them.
pub type Ring = Vec<[f64; 2]>;

/// One feature of an outline file: its polygons (each an outer ring and
/// its holes) and the region it is, when its `region` property names one.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub region: Option<String>,
    pub polygons: Vec<Vec<Ring>>,
}

/// An outline file as `site.yaml` names it, with the place of its name
/// there for errors about the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineFile {
    /// As written: `data/syria.geojson`.
    pub name: String,
    pub pos: Option<Pos>,
}

/// The site's geography: places, outlines, and their drawings by width.
#[derive(Debug, Clone)]
pub struct Atlas {
    /// Region key → where its circle goes.
    pub places: BTreeMap<String, LatLon>,
    pub files: Vec<OutlineFile>,
    /// Every feature of every outline file, in file order.
    pub shapes: Vec<Shape>,
    drawings: Arc<Mutex<Vec<Arc<Projected>>>>,
    projections: Arc<AtomicUsize>,
}

// Coordinates are checked to be finite numbers, so equality is total.
impl PartialEq for Atlas {
    fn eq(&self, other: &Atlas) -> bool {
        self.places == other.places && self.files == other.files && self.shapes == other.shapes
    }
}
impl Eq for Atlas {}

impl Atlas {
    /// An atlas of places and outline files whose outlines are not read yet.
    pub fn new(places: BTreeMap<String, LatLon>, files: Vec<OutlineFile>) -> Atlas {
        Atlas { places, files, shapes: Vec::new(), drawings: Arc::default(), projections: Arc::default() }
    }

    /// Reads every outline file under `root`; `display` is the root as
    /// errors show it, `regions` the region keys a `region` property may
    /// name. Every problem of every file is returned together.
    pub fn read_outlines(&mut self, root: &Path, display: &Path, regions: &[&str]) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for file in &self.files {
            let shown = display.join(&file.name);
            let text = match std::fs::read(root.join(&file.name)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => text,
                    Err(_) => {
                        diags.push(Diagnostic::error(&shown, "an outline file must be UTF-8 text (GeoJSON)"));
                        continue;
                    }
                },
                Err(e) => {
                    let site = display.join("site.yaml");
                    diags.push(
                        Diagnostic::error(site, format!("cannot read outline `{}`: {e}", file.name))
                            .at_pos(file.pos)
                            .help("put the GeoJSON file in data/ and name it from the site's folder"),
                    );
                    continue;
                }
            };
            match geojson::read(&text, regions) {
                Ok(shapes) => self.shapes.extend(shapes),
                Err(errors) => diags.extend(errors.into_iter().map(|e| {
                    let d = Diagnostic::error(&shown, e.message).at(e.line, e.col);
                    match e.help {
                        Some(h) => d.help(h),
                        None => d,
                    }
                })),
            }
        }
        // Once drawn, a drawing no longer matches changed outlines.
        self.drawings = Arc::default();
        diags
    }

    /// The drawing of the outlines and places at `width` units: projected
    /// and simplified the first time a width is asked for, then shared.
    pub fn projected(&self, width: f64) -> Arc<Projected> {
        let Ok(mut drawings) = self.drawings.lock() else {
            // A thread that panicked while projecting: draw without the cache.
            return Arc::new(Projected::new(self, width));
        };
        if let Some(found) = drawings.iter().find(|d| d.width == width) {
            return found.clone();
        }
        self.projections.fetch_add(1, Ordering::Relaxed);
        let drawn = Arc::new(Projected::new(self, width));
        drawings.push(drawn.clone());
        drawn
    }

    /// How many times outlines were projected: once per width in a build.
    pub fn projections(&self) -> usize {
        self.projections.load(Ordering::Relaxed)
    }

    /// Whether the outlines have a feature for `region` (a choropleth can
    /// colour it).
    pub fn has_shape(&self, region: &str) -> bool {
        self.shapes.iter().any(|s| s.region.as_deref() == Some(region))
    }
}
