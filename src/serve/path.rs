//! Request paths: from the raw target of a request line to checked segments.
//!
//! Takes the bytes a client sent after the method (`/ar/briefs/x/?q=1`) and
//! returns the path's segments, percent-decoded as UTF-8 so Arabic paths
//! work. Refuses, before any file is touched, everything that could name a
//! file outside the served folder: `..` and `.` segments (raw or encoded),
//! encoded slashes and backslashes, raw backslashes, NUL bytes, `:` (a
//! drive on Windows), targets that do not start with `/`, bad escapes and
//! bytes that are not UTF-8. The file server still checks the final,
//! canonical path against the folder (symlinks); this is the first fence.
//! Also maps file names to their Content-Type.

/// Why a request path was refused, and the status that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a path a browser would send (400).
    Malformed,
    /// A path that tries to leave the served folder (403).
    Forbidden,
}

impl Refusal {
    /// The HTTP status code and reason phrase.
    pub fn status(self) -> (u16, &'static str) {
        match self {
            Refusal::Malformed => (400, "Bad Request"),
            Refusal::Forbidden => (403, "Forbidden"),
        }
    }
}

/// A request target split into its checked path and whether it names a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPath {
    /// Decoded, non-empty segments: `["ar", "briefs", "x"]`.
    pub segments: Vec<String>,
    /// True when the path ends with `/` (or is `/`).
    pub trailing_slash: bool,
}

impl RequestPath {
    /// The path percent-encoded again, for a `Location` header: `/ar/briefs/x`.
    pub fn encoded(&self) -> String {
        let mut out = String::new();
        for s in &self.segments {
            out.push('/');
            out.push_str(&encode_segment(s));
        }
        if self.trailing_slash || self.segments.is_empty() {
            out.push('/');
        }
        out
    }
}

/// Checks and decodes a raw request target; the query and fragment are dropped.
pub fn parse_target(raw: &[u8]) -> Result<RequestPath, Refusal> {
    let end = raw.iter().position(|&b| b == b'?' || b == b'#').unwrap_or(raw.len());
    let path = &raw[..end];
    if path.first() != Some(&b'/') {
        return Err(Refusal::Malformed);
    }
    if path.contains(&0) {
        return Err(Refusal::Malformed);
    }
    if path.contains(&b'\\') {
        return Err(Refusal::Forbidden);
    }
    let mut segments = Vec::new();
    for raw_seg in path[1..].split(|&b| b == b'/') {
        if raw_seg.is_empty() {
            continue;
        }
        let bytes = percent_decode(raw_seg).ok_or(Refusal::Malformed)?;
        let seg = String::from_utf8(bytes).map_err(|_| Refusal::Malformed)?;
        if seg.contains('\0') || seg.chars().any(char::is_control) {
            return Err(Refusal::Malformed);
        }
        if seg == "." || seg == ".." || seg.contains(['/', '\\', ':']) {
            return Err(Refusal::Forbidden);
        }
        segments.push(seg);
    }
    Ok(RequestPath { segments, trailing_slash: path.ends_with(b"/") })
}

/// Decodes `%XX` escapes; `None` for a `%` not followed by two hex digits.
fn percent_decode(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hi = hex(*raw.get(i + 1)?)?;
            let lo = hex(*raw.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    Some(out)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Percent-encodes a segment, keeping RFC 3986's unreserved characters.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The Content-Type for a file name, by its extension; text types say UTF-8.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if name.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "wav" => "audio/wav",
        "flac" => "audio/flac",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mov" => "video/quicktime",
        "vtt" => "text/vtt; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(raw: &str) -> Vec<String> {
        parse_target(raw.as_bytes()).expect(raw).segments
    }

    #[test]
    fn plain_paths_split_into_segments() {
        assert_eq!(segs("/"), Vec::<String>::new());
        assert_eq!(segs("/en/briefs/x/"), ["en", "briefs", "x"]);
        assert_eq!(segs("/static/style.css?v=3#top"), ["static", "style.css"]);
        assert_eq!(segs("//en//x"), ["en", "x"]);
        assert!(parse_target(b"/en/").unwrap().trailing_slash);
        assert!(!parse_target(b"/en").unwrap().trailing_slash);
        assert!(parse_target(b"/?a=b").unwrap().trailing_slash);
    }

    #[test]
    fn arabic_paths_are_decoded_as_utf8() {
        let raw = "/ar/%D8%AE%D9%84%D9%81%D9%8A%D8%A9/";
        assert_eq!(segs(raw), ["ar", "خلفية"]);
        assert_eq!(segs("/ar/خلفية"), ["ar", "خلفية"]);
        assert_eq!(segs("/a%20b"), ["a b"]);
    }

    #[test]
    fn traversal_is_forbidden() {
        for raw in [
            "/../site.yaml",
            "/en/../../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E/site.yaml",
            "/.%2e/site.yaml",
            "/en/..%2f..%2fsite.yaml",
            "/en/%2f%2fetc%2fpasswd",
            "/en/%5c..%5csite.yaml",
            "/en\\..\\site.yaml",
            "/./site.yaml",
            "/C:/Windows",
        ] {
            assert_eq!(parse_target(raw.as_bytes()), Err(Refusal::Forbidden), "{raw}");
        }
    }

    #[test]
    fn malformed_targets_are_bad_requests() {
        for raw in [&b"site.yaml"[..], b"http://example.org/", b"*", b"", b"/a%zz", b"/a%2", b"/a%", b"/a\0b"] {
            assert_eq!(parse_target(raw), Err(Refusal::Malformed), "{}", String::from_utf8_lossy(raw));
        }
        assert_eq!(parse_target(b"/%00"), Err(Refusal::Malformed));
        assert_eq!(parse_target(b"/%ff%fe"), Err(Refusal::Malformed));
        assert_eq!(parse_target(b"/a%0ab"), Err(Refusal::Malformed));
    }

    #[test]
    fn encoding_round_trips_for_redirects() {
        let p = parse_target("/ar/خلفية عامة".as_bytes()).unwrap();
        assert_eq!(p.encoded(), "/ar/%D8%AE%D9%84%D9%81%D9%8A%D8%A9%20%D8%B9%D8%A7%D9%85%D8%A9");
        assert_eq!(parse_target(p.encoded().as_bytes()).unwrap().segments, p.segments);
        assert_eq!(parse_target(b"/").unwrap().encoded(), "/");
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("chart.svg"), "image/svg+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("data.json"), "application/json");
        assert_eq!(content_type("map.png"), "image/png");
        assert_eq!(content_type("photo.JPG"), "image/jpeg");
        assert_eq!(content_type("photo.jpeg"), "image/jpeg");
        assert_eq!(content_type("photo.webp"), "image/webp");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("attacks.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("a.gif"), "image/gif");
        assert_eq!(content_type("a.avif"), "image/avif");
        assert_eq!(content_type("map.pdf"), "application/pdf");
        assert_eq!(content_type("interview.mp3"), "audio/mpeg");
        assert_eq!(content_type("clip.MP4"), "video/mp4");
        assert_eq!(content_type("clip.webm"), "video/webm");
        assert_eq!(content_type("captions.vtt"), "text/vtt; charset=utf-8");
        assert_eq!(content_type("README"), "application/octet-stream");
        assert_eq!(content_type("archive.tar.gz"), "application/octet-stream");
    }

    /// Many targets made of the bytes that matter: none panics, none that
    /// passes could name a file outside, and each passes again re-encoded.
    #[test]
    fn random_targets_never_escape() {
        const BYTES: &[u8] = b"/./%2e5cfF0a:?#\\\0\xff\xd8";
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || crate::build::testing::xorshift(&mut seed);
        let mut passed = 0;
        for i in 0..50_000 {
            let len = (next() % 24) as usize;
            let mut raw: Vec<u8> = (0..len).map(|_| BYTES[(next() % BYTES.len() as u64) as usize]).collect();
            if i % 2 == 0 {
                raw.insert(0, b'/');
            }
            let Ok(p) = parse_target(&raw) else { continue };
            passed += 1;
            for seg in &p.segments {
                assert!(seg != "." && seg != ".." && !seg.contains(['/', '\\', ':', '\0']), "{raw:?} → {seg:?}");
            }
            assert_eq!(parse_target(p.encoded().as_bytes()).as_ref().map(|q| &q.segments), Ok(&p.segments), "{raw:?}");
        }
        assert!(passed > 1000, "only {passed} targets passed");
    }
}
