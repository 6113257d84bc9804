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
//! `.geojson` file in `data/` or cannot be read, a link that leaves the
//! site, a file over [`MAX_OUTLINE_BYTES`] (before reading it), a file that
//! is not GeoJSON or has no shapes, a geometry other than Polygon and
//! MultiPolygon, a feature whose `region` property is not a region key, and
//! outlines whose drawing passes [`MAX_PATH_BYTES`] of SVG path (refused
//! rather than thinned out of recognition).

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
    /// The index in `files` of each of `shapes`' file.
    shape_files: Vec<usize>,
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
        Atlas {
            places,
            files,
            shapes: Vec::new(),
            shape_files: Vec::new(),
            drawings: Arc::default(),
            projections: Arc::default(),
        }
    }

    /// Reads every outline file under `root`; `display` is the root as
    /// errors show it, `regions` the region keys a `region` property may
    /// name. Every problem of every file is returned together.
    pub fn read_outlines(&mut self, root: &Path, display: &Path, regions: &[&str]) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for (i, file) in self.files.iter().enumerate() {
            let shown = display.join(&file.name);
            let text = match read_outline(root, display, file) {
                Ok(text) => text,
                Err(d) => {
                    diags.push(*d);
                    continue;
                }
            };
            match geojson::read(&text, regions) {
                Ok(shapes) => {
                    self.shape_files.extend(std::iter::repeat_n(i, shapes.len()));
                    self.shapes.extend(shapes);
                }
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
        if diags.is_empty() {
            diags.extend(self.too_detailed(display));
        }
        diags
    }

    /// An error when the outlines, drawn at a chart's width, take more than
    /// [`MAX_PATH_BYTES`] of SVG path: named at the file that takes most.
    fn too_detailed(&self, display: &Path) -> Option<Diagnostic> {
        let drawn = self.projected(f64::from(crate::chart::W));
        let total: usize = drawn.shapes.iter().map(|(_, d)| d.len()).sum();
        if total <= MAX_PATH_BYTES {
            return None;
        }
        let mut bytes = vec![0; self.files.len()];
        for ((_, d), file) in drawn.shapes.iter().zip(&self.shape_files) {
            bytes[*file] += d.len();
        }
        let (largest, _) = bytes.iter().enumerate().max_by_key(|(i, b)| (**b, std::cmp::Reverse(*i)))?;
        let kb = |b: usize| b.div_ceil(1024);
        let message = format!(
            "this outline is too detailed for a map: the outlines draw {} KB of SVG path on every map, at most {} KB; this file draws {} KB of it",
            kb(total),
            MAX_PATH_BYTES / 1024,
            kb(bytes[largest])
        );
        let help =
            "simplify it first (mapshaper's `-simplify 5%`, or `ogr2ogr -simplify 0.01`): a map is 640 units across";
        Some(Diagnostic::error(display.join(&self.files[largest].name), message).help(help))
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

/// The most SVG path data the outlines may take on one map, in bytes: every
/// page with a map carries them (the example's Syria takes about 4 KB).
pub const MAX_PATH_BYTES: usize = 256 * 1024;

/// The largest outline file read, in bytes: a country's detailed border is a
/// few megabytes; anything larger is refused before it is read.
pub const MAX_OUTLINE_BYTES: u64 = 64 * 1024 * 1024;

/// The text of an outline file: a UTF-8 file inside the site (a link out of
/// it is refused, as for every source) and no larger than [`MAX_OUTLINE_BYTES`].
fn read_outline(root: &Path, display: &Path, file: &OutlineFile) -> Result<String, Box<Diagnostic>> {
    let path = root.join(&file.name);
    let shown = display.join(&file.name);
    let cannot = |e: &dyn std::fmt::Display| {
        Box::new(
            Diagnostic::error(display.join("site.yaml"), format!("cannot read outline `{}`: {e}", file.name))
                .at_pos(file.pos)
                .help("put the GeoJSON file in data/ and name it from the site's folder"),
        )
    };
    if let Some(to) = crate::content::leads_out(root, &path) {
        return Err(Box::new(crate::content::link_out(&shown, &to)));
    }
    let mut f = std::fs::File::open(&path).map_err(|e| cannot(&e))?;
    let meta = f.metadata().map_err(|e| cannot(&e))?;
    if !meta.is_file() {
        return Err(cannot(&"it is not a file"));
    }
    let too_big = || {
        Box::new(
            Diagnostic::error(&shown, format!("this outline is larger than {} MB", MAX_OUTLINE_BYTES >> 20)).help(
                "simplify it first (mapshaper, or `ogr2ogr -simplify`): a map is drawn at 640 units across and needs little detail",
            ),
        )
    };
    if meta.len() > MAX_OUTLINE_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    // A file that grows while it is read is still cut at the limit.
    std::io::Read::read_to_end(&mut std::io::Read::take(&mut f, MAX_OUTLINE_BYTES + 1), &mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > MAX_OUTLINE_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes)
        .map_err(|_| Box::new(Diagnostic::error(&shown, "an outline file must be UTF-8 text (GeoJSON)")))
}
