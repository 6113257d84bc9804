//! The width and height of an image file, read at build time so that pages
//! give the browser an image's box before the image arrives (no layout
//! shift while it loads).
//!
//! Takes a path; returns the image's size in CSS pixels. Raster formats
//! (PNG, JPEG, GIF, WebP, HEIF/AVIF) are read from their headers by the
//! `imagesize` crate; an SVG from its root element's `width` and `height`,
//! or its `viewBox`. Says why when there is no size: a file it cannot open
//! ([`Unknown::Unreadable`]), or one whose size it cannot tell (another
//! format, a damaged header, an SVG that gives none: [`Unknown::NoSize`]).

use std::path::Path;

/// An image's intrinsic size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// Why an image has no size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// The file cannot be opened or read.
    Unreadable(String),
    /// The file is read, but its size cannot be told from it.
    NoSize(String),
}

/// The size of the image at `path`, or why it cannot be known.
pub fn read(path: &Path) -> Result<Size, Unknown> {
    let is_svg = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let bytes = std::fs::read(path).map_err(|e| Unknown::Unreadable(e.to_string()))?;
        return svg(&String::from_utf8_lossy(&bytes)).map_err(Unknown::NoSize);
    }
    // Opened here, so that only a file that cannot be opened is unreadable.
    std::fs::File::open(path).map_err(|e| Unknown::Unreadable(e.to_string()))?;
    match imagesize::size(path) {
        Ok(s) => sized(s.width as f64, s.height as f64)
            .ok_or_else(|| Unknown::NoSize(format!("its header gives a size of {}×{}", s.width, s.height))),
        Err(imagesize::ImageError::NotSupported) => {
            Err(Unknown::NoSize("it is not a PNG, JPEG, GIF, WebP, AVIF or SVG image".to_string()))
        }
        Err(imagesize::ImageError::CorruptedImage) => Err(Unknown::NoSize("its header is damaged".to_string())),
        Err(imagesize::ImageError::IoError(e)) => Err(Unknown::NoSize(format!("its header is cut short: {e}"))),
    }
}

/// An SVG's size: its root's `width` and `height` in pixels (or without a
/// unit), else its `viewBox`.
pub fn svg(text: &str) -> Result<Size, String> {
    let start = find_root(text).ok_or("it has no <svg> element")?;
    let end = text[start..].find('>').map(|i| start + i).ok_or("its <svg> tag is not closed")?;
    let tag = &text[start + 4..end];
    let length = |name: &str| attr(tag, name).and_then(|v| px(&v));
    if let (Some(w), Some(h)) = (length("width"), length("height"))
        && let Some(size) = sized(w, h)
    {
        return Ok(size);
    }
    let view_box = attr(tag, "viewBox").ok_or(
        "its <svg> element has neither `width` and `height` in pixels nor a `viewBox`; add viewBox=\"0 0 W H\"",
    )?;
    let nums: Vec<f64> = view_box
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match nums[..] {
        [_, _, w, h] => sized(w, h).ok_or_else(|| format!("its viewBox `{view_box}` has no area")),
        _ => Err(format!("its viewBox `{view_box}` is not four numbers")),
    }
}

/// Where the root `<svg` tag starts, past any XML declaration, comment or
/// doctype.
fn find_root(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("<svg").map(|i| from + i) {
        let next = text[i + 4..].chars().next();
        if next.is_some_and(|c| c.is_whitespace() || c == '>' || c == '/') {
            return Some(i);
        }
        from = i + 4;
    }
    None
}

/// The value of attribute `name` in the inside of a tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name).map(|i| from + i) {
        from = i + name.len();
        let before = tag[..i].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        return value.find(quote).map(|end| value[..end].trim().to_string());
    }
    None
}

/// A length in pixels: "640", "640px", "640.5"; none for %, em and others.
fn px(v: &str) -> Option<f64> {
    v.strip_suffix("px").unwrap_or(v).trim().parse().ok()
}

/// Whole pixels, when both sides are positive and of a sane size.
fn sized(w: f64, h: f64) -> Option<Size> {
    let ok = |v: f64| (0.5..=100_000.0).contains(&v);
    (ok(w) && ok(h)).then(|| Size { width: w.round() as u32, height: h.round() as u32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_gives_its_size_by_width_and_height_or_by_its_view_box() {
        let sized =
            svg("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200px\" height='675'>");
        assert_eq!(sized, Ok(Size { width: 1200, height: 675 }));
        let boxed = svg("<!-- a map --><svg viewBox=\"0,0 800 450.4\" width=\"100%\">");
        assert_eq!(boxed, Ok(Size { width: 800, height: 450 }));
    }

    #[test]
    fn an_svg_without_a_size_says_how_to_give_it_one() {
        let e = svg("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>").unwrap_err();
        assert!(e.contains("add viewBox"), "{e}");
        assert_eq!(svg("<svgx>").unwrap_err(), "it has no <svg> element");
        assert!(svg("<svg viewBox=\"0 0 0 10\">").unwrap_err().contains("no area"));
    }

    #[test]
    fn a_png_header_gives_its_size_and_other_files_say_why_not() {
        let dir = std::env::temp_dir().join(format!("mujaz-dimensions-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join("a.png");
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend_from_slice(&640u32.to_be_bytes());
        bytes.extend_from_slice(&360u32.to_be_bytes());
        bytes.extend_from_slice(&[8, 2, 0, 0, 0]);
        std::fs::write(&png, &bytes).unwrap();
        assert_eq!(read(&png), Ok(Size { width: 640, height: 360 }));
        let text = dir.join("b.png");
        std::fs::write(&text, "not an image").unwrap();
        assert!(matches!(read(&text), Err(Unknown::NoSize(why)) if why.starts_with("it is not a PNG")));
        assert!(matches!(read(&dir.join("missing.png")), Err(Unknown::Unreadable(_))));
        std::fs::remove_dir_all(&dir).ok();
    }
}
