//! `map:` in `site.yaml`: the places and outline files of the site's maps.
//!
//! Takes the `map` mapping of `site.yaml` and the region keys; returns an
//! [`Atlas`] whose outlines are not read yet (the config stage reads them,
//! see [`Atlas::read_outlines`]), adding an error at its line for an
//! unknown field, a place that is not a region key (with the nearest key),
//! a place that is not `[latitude, longitude]`, a latitude outside −90…90 or
//! a longitude outside −180…180, and an outline that is not a `.geojson`
//! file inside `data/`.

use std::collections::BTreeMap;

use super::{Atlas, LatLon, OutlineFile};
use crate::diag::did_you_mean;
use crate::fields::{Fields, join};
use crate::yaml::{Mapping, Seg, Value, kind_name, scalar_text};

/// Reads `map:` when the site has one.
pub fn read(f: &mut Fields, site: &Mapping, regions: &[&str]) -> Option<Atlas> {
    let v = site.get("map")?;
    let at = [Seg::Key("map")];
    let map = f.mapping(v, &at, "map")?;
    f.unknown_keys(map, &at, &["outlines", "places"], "map");
    let files = outlines(f, map);
    let places = places(f, map, regions);
    Some(Atlas::new(places, files))
}

fn outlines(f: &mut Fields, map: &Mapping) -> Vec<OutlineFile> {
    let at = [Seg::Key("map")];
    let path = join(&at, "outlines");
    let mut files = Vec::new();
    for name in f.text_list(map, &at, "outlines") {
        let name = name.trim().to_string();
        let inside = name.starts_with("data/") && !name.split('/').any(|p| p == ".." || p.is_empty());
        if !inside || !name.ends_with(".geojson") || name.contains('\\') {
            f.error_at_value(&path, &name, format!("outline `{name}` must be a .geojson file inside data/")).help =
                Some("write it from the site's folder: `outlines: [data/country.geojson]`".into());
            continue;
        }
        let pos = f.loc.value(&path, &name);
        files.push(OutlineFile { name, pos });
    }
    files
}

fn places(f: &mut Fields, map: &Mapping, regions: &[&str]) -> BTreeMap<String, LatLon> {
    let at = [Seg::Key("map"), Seg::Key("places")];
    let mut out = BTreeMap::new();
    let Some(v) = map.get("places") else { return out };
    let Some(places) = f.mapping(v, &at, "places") else { return out };
    for (k, v) in places {
        let key = scalar_text(k).unwrap_or_default();
        let path = join(&at, &key);
        if !regions.contains(&key.as_str()) {
            let help = did_you_mean(&key, regions.iter().copied())
                .unwrap_or_else(|| "places are keys of `taxonomies.regions`".into());
            f.error_at_key(&path, format!("place `{key}` is not a region key")).help = Some(help);
            continue;
        }
        if let Some(p) = lat_lon(f, &path, &key, v) {
            out.insert(key, p);
        }
    }
    out
}

/// `[latitude, longitude]`, both in range.
fn lat_lon(f: &mut Fields, path: &[Seg], key: &str, v: &Value) -> Option<LatLon> {
    let nums: Option<Vec<f64>> = match v {
        Value::Sequence(items) if items.len() == 2 => items.iter().map(number).collect(),
        _ => None,
    };
    let Some([lat, lon]) = nums.as_deref().and_then(|n| <[f64; 2]>::try_from(n).ok()) else {
        let found = if let Value::Sequence(items) = v { format!("{} items", items.len()) } else { kind_name(v).into() };
        f.error_at_key(path, format!("place `{key}` must be [latitude, longitude], found {found}")).help =
            Some(format!("write `{key}: [33.51, 36.29]`: latitude (north) first, then longitude (east), in degrees"));
        return None;
    };
    for (what, value, max) in [("latitude", lat, 90.0), ("longitude", lon, 180.0)] {
        if value.abs() > max {
            let shown = scalar_shown(v, what == "longitude");
            let d = f.error_at_value(path, &shown, format!("{what} {shown} of `{key}` is outside −{max}…{max}"));
            if what == "latitude" && lon.abs() <= 90.0 && lat.abs() <= 180.0 {
                d.help = Some("write latitude first: `[latitude, longitude]`".into());
            }
            return None;
        }
    }
    Some(LatLon { lat, lon })
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64().filter(|x| x.is_finite()),
        _ => None,
    }
}

/// The first or second item of a pair as written.
fn scalar_shown(v: &Value, second: bool) -> String {
    match v {
        Value::Sequence(items) => items.get(usize::from(second)).and_then(scalar_text).unwrap_or_default(),
        _ => String::new(),
    }
}
