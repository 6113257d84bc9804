//! `mujaz serve` over HTTP/1.1: persistent connections, ranges, ETags,
//! content types, bounded heads, and answering under load. Every client
//! here talks to 127.0.0.1 only, and is bounded in count and time.

use crate::fixture::Fixture;
use crate::serve::{PATIENCE, Served, site};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

/// A client connection that keeps its socket between requests.
struct Conn {
    stream: TcpStream,
    /// Bytes read past the last response.
    rest: Vec<u8>,
}

/// A response read off a kept connection.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

impl Conn {
    fn open(port: u16) -> Conn {
        let stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        Conn { stream, rest: Vec::new() }
    }

    /// Sends a request with the given extra header lines and reads its response.
    fn ask(&mut self, method: &str, target: &str, headers: &[&str]) -> Reply {
        let mut head = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for h in headers {
            head.push_str(h);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        self.stream.write_all(head.as_bytes()).expect("send");
        self.read(method == "HEAD")
    }

    fn get(&mut self, target: &str) -> Reply {
        self.ask("GET", target, &[])
    }

    /// Reads one response: its head, then Content-Length bytes of body.
    fn read(&mut self, head_only: bool) -> Reply {
        let end = loop {
            if let Some(end) = self.rest.windows(4).position(|w| w == b"\r\n\r\n") {
                break end;
            }
            self.fill();
        };
        let head = String::from_utf8_lossy(&self.rest[..end]).into_owned();
        self.rest.drain(..end + 4);
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{head}"));
        let mut reply = Reply { status, head, body: Vec::new() };
        let len: usize = reply.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let len = if head_only || status == 304 { 0 } else { len };
        while self.rest.len() < len {
            self.fill();
        }
        reply.body = self.rest.drain(..len).collect();
        reply
    }

    fn fill(&mut self) {
        let mut buf = [0u8; 8192];
        match self.stream.read(&mut buf) {
            Ok(0) => panic!("the server closed the connection; read so far: {:?}", String::from_utf8_lossy(&self.rest)),
            Ok(n) => self.rest.extend_from_slice(&buf[..n]),
            Err(e) => panic!("reading the response: {e}"),
        }
    }
}

#[test]
fn one_connection_answers_many_requests() {
    let f = site();
    let s = Served::start(&f);
    let mut c = Conn::open(s.port);
    for target in ["/en/briefs/x/", "/static/style.css", "/__mujaz/live.js", "/nothing/", "/en/briefs/x/"] {
        let r = c.get(target);
        assert!(matches!(r.status, 200 | 404), "{target}: {r:?}");
        assert!(!r.header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close")), "{target}: {r:?}");
    }
    let head = c.ask("HEAD", "/en/briefs/x/", &[]);
    let page = c.get("/en/briefs/x/");
    assert_eq!(head.header("content-length"), Some(page.body.len().to_string().as_str()));
    assert!(String::from_utf8_lossy(&page.body).contains("Brief x en"));
}

#[test]
fn a_range_of_a_bundle_file_is_206() {
    let audio: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let f = Fixture::new()
        .file("content/briefs/x/index.en.md", "---\ntitle: T\ndate: 2025-09-12\nsummary: S\n---\n\nListen.\n");
    f.write("content/briefs/x/interview.mp3", &audio);
    let s = Served::start(&f);
    let mut c = Conn::open(s.port);
    let r = c.ask("GET", "/en/briefs/x/interview.mp3", &["Range: bytes=1000-1999"]);
    assert_eq!(r.status, 206, "{r:?}");
    assert_eq!(r.header("content-range"), Some("bytes 1000-1999/100000"));
    assert_eq!(r.header("content-type"), Some("audio/mpeg"));
    assert_eq!(r.body, &audio[1000..2000]);
    let tail = c.ask("GET", "/en/briefs/x/interview.mp3", &["Range: bytes=-10"]);
    assert_eq!((tail.status, &tail.body[..]), (206, &audio[99_990..]));
    let past = c.ask("GET", "/en/briefs/x/interview.mp3", &["Range: bytes=100000-"]);
    assert_eq!((past.status, past.header("content-range")), (416, Some("bytes */100000")));
    let whole = c.get("/en/briefs/x/interview.mp3");
    assert_eq!((whole.status, whole.header("accept-ranges")), (200, Some("bytes")));
    assert_eq!(whole.body, audio);
}

#[test]
fn a_file_the_browser_has_is_304() {
    let f = site();
    let s = Served::start(&f);
    let mut c = Conn::open(s.port);
    let first = c.get("/static/style.css");
    let etag = first.header("etag").expect("an ETag").to_string();
    assert_eq!(first.header("cache-control"), Some("no-cache"));
    let again = c.ask("GET", "/static/style.css", &[&format!("If-None-Match: {etag}")]);
    assert_eq!((again.status, again.body.len()), (304, 0), "{again:?}");
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let other = c.ask("GET", "/static/style.css", &["If-None-Match: \"something-else\""]);
    assert_eq!(other.status, 200);
    let page = c.get("/en/briefs/x/");
    let page_etag = page.header("etag").expect("pages have an ETag too").to_string();
    assert_eq!(c.ask("GET", "/en/briefs/x/", &[&format!("If-None-Match: {page_etag}")]).status, 304);
}

#[test]
fn files_are_sent_with_their_content_types() {
    let types = [
        ("a.html", "text/html; charset=utf-8"),
        ("a.css", "text/css; charset=utf-8"),
        ("a.js", "text/javascript; charset=utf-8"),
        ("a.svg", "image/svg+xml"),
        ("a.xml", "application/xml; charset=utf-8"),
        ("a.json", "application/json"),
        ("a.png", "image/png"),
        ("a.jpg", "image/jpeg"),
        ("a.webp", "image/webp"),
        ("a.gif", "image/gif"),
        ("a.avif", "image/avif"),
        ("a.pdf", "application/pdf"),
        ("a.csv", "text/csv; charset=utf-8"),
        ("a.mp3", "audio/mpeg"),
        ("a.mp4", "video/mp4"),
        ("a.webm", "video/webm"),
        ("a.woff2", "font/woff2"),
        ("a.txt", "text/plain; charset=utf-8"),
    ];
    let mut f = site();
    for (name, _) in types {
        f = f.file(&format!("static/types/{name}"), "x");
    }
    let s = Served::start(&f);
    let mut c = Conn::open(s.port);
    for (name, kind) in types {
        let r = c.get(&format!("/types/{name}"));
        assert_eq!((r.status, r.header("content-type")), (200, Some(kind)), "{name}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{name}");
    }
    assert_eq!(c.get("/en/atom.xml").header("content-type"), Some("application/atom+xml; charset=utf-8"));
}

/// Regression: a head of 3,000 headers was reset instead of answered: the
/// server closed the connection with the rest of the head unread, so the
/// client, still sending, got a reset and never read the 431.
#[test]
fn a_head_with_thousands_of_headers_is_431() {
    let f = site();
    let s = Served::start(&f);
    let mut lines = vec!["GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_string()];
    lines.extend((0..3000).map(|i| format!("X-Header-{i}: {i}\r\n")));
    lines.push("\r\n".into());
    // Sent as a browser or a script would: in pieces, a little apart.
    let pieces: Vec<String> = lines.chunks(500).map(|c| c.concat()).collect();
    for _ in 0..2 {
        let mut c = Conn::open(s.port);
        for (i, piece) in pieces.iter().enumerate() {
            c.stream.write_all(piece.as_bytes()).unwrap_or_else(|e| panic!("sending piece {i} of the head: {e}"));
            thread::sleep(Duration::from_millis(20));
        }
        let r = c.read(false);
        assert_eq!(r.status, 431, "{r:?}");
    }
    let mut c = Conn::open(s.port);
    let long = format!("X-Long: {}", "a".repeat(40_000));
    c.stream.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{long}\r\n\r\n").as_bytes()).expect("send");
    assert_eq!(c.read(false).status, 431);
    assert_eq!(s.get("/en/").status, 200, "still answering");
}

/// Regression: 256 slow connections locked every reader out.
#[test]
fn slow_connections_do_not_lock_readers_out() {
    let f = site();
    let s = Served::start(&f);
    // 300 connections: half send nothing, half a byte of a head now and then.
    let mut slow: Vec<TcpStream> =
        (0..300).map(|_| TcpStream::connect((Ipv4Addr::LOCALHOST, s.port)).expect("connect a slow client")).collect();
    let start = Instant::now();
    for round in 0..3 {
        for c in slow.iter_mut().skip(1).step_by(2) {
            let _ = c.write_all(&[b"GET /"[round % 5]]);
        }
        let t = Instant::now();
        let mut c = Conn::open(s.port);
        for target in ["/en/", "/en/briefs/x/", "/static/style.css"] {
            assert_eq!(c.get(target).status, 200, "{target} while 300 slow clients are open");
        }
        assert!(t.elapsed() < Duration::from_secs(2), "answered in {:?}", t.elapsed());
        thread::sleep(Duration::from_millis(300));
    }
    assert!(start.elapsed() < PATIENCE);
    drop(slow);
}

#[test]
fn two_thousand_requests_in_a_loop_get_no_errors() {
    let f = site();
    let s = Served::start(&f);
    let targets = ["/en/", "/en/briefs/x/", "/static/style.css", "/ar/", "/nothing/"];
    let start = Instant::now();
    // 1,000 on one kept connection, 1,000 each on a new one.
    let mut kept = Conn::open(s.port);
    for i in 0..1000 {
        let r = kept.get(targets[i % targets.len()]);
        assert!(matches!(r.status, 200 | 404), "request {i}: {r:?}");
    }
    for i in 0..1000 {
        let mut c = Conn::open(s.port);
        let r = c.ask("GET", targets[i % targets.len()], &["Connection: close"]);
        assert!(matches!(r.status, 200 | 404), "request {i} on a new connection: {r:?}");
    }
    assert!(start.elapsed() < PATIENCE, "2,000 requests took {:?}", start.elapsed());
}
