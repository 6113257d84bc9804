//! The HTTP side of `mujaz serve`: a small static file server.
//!
//! Takes connections from a listener bound by the caller (on 127.0.0.1) and
//! answers each on a thread of its own, one request per connection
//! (`Connection: close`). Serves the files of the current good build from
//! [`Live`], adds the live-reload script to HTML, and streams build events.
//! Answers GET and HEAD only (405 otherwise); a folder URL serves its
//! `index.html` and, without its trailing slash, redirects (301) to it; an
//! unknown path gets the site's `404.html` with status 404. Refuses any path
//! that could leave the served folder ([`super::path`]), then checks the
//! canonical path of the file (after symlinks) is still inside it. Reads at
//! most [`MAX_HEAD`] bytes of request head, with a timeout, and never panics
//! on what a client sends.

use super::path::{self, RequestPath};
use super::reload::{self, Live};
use std::fs;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The largest request head read before answering 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once; more are closed straight away.
const MAX_CONNECTIONS: usize = 256;

/// Accepts connections until the process ends, each on its own thread.
pub fn serve(listener: TcpListener, live: Arc<Live>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, say: wait rather than spin.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let (live, done) = (Arc::clone(&live), Arc::clone(&open));
        let spawned = std::thread::Builder::new().name("mujaz-http".into()).spawn(move || {
            handle(stream, &live);
            done.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Answers one request on `stream`; errors only mean the client went away.
fn handle(mut stream: TcpStream, live: &Live) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(Some(resp)) => {
            let _ = resp.write(&mut stream, false);
            return;
        }
        Err(None) => return,
    };
    let (action, head_only) = match parse_request_line(&head) {
        Ok((method, target)) => (route(method, target, live), method == b"HEAD"),
        Err(resp) => (Action::Respond(resp), false),
    };
    let _ = match action {
        Action::Respond(resp) => resp.write(&mut stream, head_only),
        Action::Events if head_only => {
            Response::new(200, "OK", "text/event-stream", Vec::new()).write(&mut stream, true)
        }
        Action::Events => live.stream(&mut stream),
    };
    let _ = stream.flush();
}

/// What to do with a request.
#[derive(Debug)]
enum Action {
    Respond(Response),
    /// Keep the connection open and send build events.
    Events,
}

/// A complete response with its body.
#[derive(Debug)]
struct Response {
    status: u16,
    reason: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, reason: &'static str, content_type: &str, body: Vec<u8>) -> Self {
        Response { status, reason, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    fn text(status: u16, reason: &'static str, text: &str) -> Self {
        Response::new(status, reason, "text/plain; charset=utf-8", format!("{text}\n").into_bytes())
    }

    fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    fn write(&self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, self.reason);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// Reads up to the blank line that ends the head. `Err(None)`: nothing to answer.
fn read_head(stream: &mut impl Read) -> Result<Vec<u8>, Option<Response>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(None),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Err(Some(Response::text(408, "Request Timeout", "request timeout")));
            }
            Err(_) => return Err(None),
        };
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = head_end(&buf) {
            buf.truncate(end);
            return Ok(buf);
        }
        if buf.len() > MAX_HEAD {
            return Err(Some(Response::text(431, "Request Header Fields Too Large", "request head too large")));
        }
    }
}

fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = buf.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `GET /path HTTP/1.1` → (method, target).
fn parse_request_line(head: &[u8]) -> Result<(&[u8], &[u8]), Response> {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let parts: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    match parts[..] {
        [method, target, version] if !method.is_empty() && version.starts_with(b"HTTP/1.") => Ok((method, target)),
        _ => Err(Response::text(400, "Bad Request", "bad request line")),
    }
}

/// Picks the response for a method and target.
fn route(method: &[u8], target: &[u8], live: &Live) -> Action {
    if method != b"GET" && method != b"HEAD" {
        let resp = Response::text(405, "Method Not Allowed", "only GET and HEAD are served");
        return Action::Respond(resp.header("Allow", "GET, HEAD".into()));
    }
    let req = match path::parse_target(target) {
        Ok(req) => req,
        Err(refusal) => {
            let (status, reason) = refusal.status();
            return Action::Respond(Response::text(status, reason, reason));
        }
    };
    match req.encoded().as_str() {
        reload::EVENTS_PATH => Action::Events,
        reload::SCRIPT_PATH => {
            Action::Respond(Response::new(200, "OK", path::content_type("live.js"), reload::SCRIPT.as_bytes().to_vec()))
        }
        _ => Action::Respond(serve_file(&req, live)),
    }
}

/// A file of the current build, its folder's index, a redirect, or the 404 page.
fn serve_file(req: &RequestPath, live: &Live) -> Response {
    let status = live.status();
    let tag = live.script_tag(status.good);
    let Some(base) = status.site.as_deref().and_then(|s| fs::canonicalize(s).ok()) else {
        return not_built(&tag);
    };
    let mut wanted = base.clone();
    wanted.extend(&req.segments);
    let found = match inside(&base, &wanted, &tag) {
        Ok(found) if found.is_dir() && !req.trailing_slash => {
            let to = RequestPath { trailing_slash: true, ..req.clone() }.encoded();
            return Response::text(301, "Moved Permanently", &format!("moved to {to}")).header("Location", to);
        }
        Ok(found) if found.is_dir() => match inside(&base, &found.join("index.html"), &tag) {
            Ok(index) => index,
            Err(resp) => return resp,
        },
        Ok(_) if req.trailing_slash => return not_found(&base, &tag),
        Ok(found) => found,
        Err(resp) => return resp,
    };
    file_response(&found, &tag).unwrap_or_else(|| not_found(&base, &tag))
}

/// The canonical path of `wanted`, which must exist and, after symlinks, be
/// inside `base`: else the 404 page, or 403 for a way out.
fn inside(base: &Path, wanted: &Path, tag: &str) -> Result<PathBuf, Response> {
    match fs::canonicalize(wanted) {
        Ok(p) if p.starts_with(base) => Ok(p),
        Ok(_) => Err(Response::text(403, "Forbidden", "Forbidden")),
        Err(_) => Err(not_found(base, tag)),
    }
}

/// A 200 response with the file, the script added to HTML; `None` if unreadable.
fn file_response(file: &Path, tag: &str) -> Option<Response> {
    if !file.is_file() {
        return None;
    }
    let bytes = fs::read(file).ok()?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kind = path::content_type(&name);
    let body = if kind.starts_with("text/html") { reload::inject(&bytes, tag) } else { bytes };
    Some(Response::new(200, "OK", kind, body))
}

fn not_found(base: &Path, tag: &str) -> Response {
    match file_response(&base.join("404.html"), tag) {
        Some(resp) => Response { status: 404, reason: "Not Found", ..resp },
        None => Response::text(404, "Not Found", "not found"),
    }
}

/// What a tab sees before the first good build; the script shows the errors.
fn not_built(tag: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mujaz serve</title></head>\
         <body><p>The site has not been built yet. Its errors are shown over this page; \
         it reloads when they are fixed.</p>{tag}</body></html>\n"
    );
    Response::new(503, "Service Unavailable", path::content_type("index.html"), html.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Live) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir_all(out.join("en/briefs/x")).unwrap();
        fs::write(out.join("en/briefs/x/index.html"), "<html><body><h1>X</h1></body></html>").unwrap();
        fs::write(out.join("404.html"), "<html><body>missing</body></html>").unwrap();
        fs::write(out.join("style.css"), "p{}").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let live = Live::new("t".into());
        let g = live.next_generation();
        live.succeeded(g, out);
        (dir, live)
    }

    fn get(live: &Live, target: &str) -> Response {
        match route(b"GET", target.as_bytes(), live) {
            Action::Respond(r) => r,
            Action::Events => panic!("events for {target}"),
        }
    }

    #[test]
    fn folders_serve_their_index_with_the_script() {
        let (_dir, live) = site();
        let r = get(&live, "/en/briefs/x/");
        assert_eq!(r.status, 200);
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.contains("<h1>X</h1><script id=\"mujaz-live-reload\""), "{body}");
        assert!(body.contains("data-generation=\"1\""), "{body}");
        let r = get(&live, "/en/briefs/x?utm=1");
        assert_eq!((r.status, r.headers.last().unwrap().1.as_str()), (301, "/en/briefs/x/"));
        assert_eq!(get(&live, "/style.css").body, b"p{}");
        assert_eq!(get(&live, "/style.css/").status, 404);
    }

    #[test]
    fn unknown_paths_get_the_404_page() {
        let (_dir, live) = site();
        let r = get(&live, "/nothing/here/");
        assert_eq!(r.status, 404);
        assert!(String::from_utf8(r.body).unwrap().contains("missing<script"));
    }

    #[test]
    fn escapes_are_refused() {
        let (_dir, live) = site();
        for target in ["/../secret.txt", "/%2e%2e/secret.txt", "/en/..%2f..%2fsecret.txt", "/..\\secret.txt"] {
            let r = get(&live, target);
            assert!(matches!(r.status, 400 | 403), "{target}: {}", r.status);
            assert!(!String::from_utf8_lossy(&r.body).contains("secret\n"), "{target}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_refused() {
        let (dir, live) = site();
        let out = dir.path().join("site");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), out.join("up")).unwrap();
        for target in ["/link.txt", "/up/secret.txt", "/up/"] {
            let r = get(&live, target);
            assert_eq!(r.status, 403, "{target}");
            assert!(!String::from_utf8_lossy(&r.body).contains("secret"), "{target}");
        }
    }

    #[test]
    fn only_get_and_head() {
        let (_dir, live) = site();
        match route(b"POST", b"/", &live) {
            Action::Respond(r) => assert_eq!(r.status, 405),
            Action::Events => panic!(),
        }
        assert!(matches!(route(b"GET", b"/__mujaz/events", &live), Action::Events));
    }

    #[test]
    fn heads_are_bounded_and_checked() {
        let long = vec![b'a'; MAX_HEAD + 10];
        let err = read_head(&mut &long[..]).unwrap_err().unwrap();
        assert_eq!(err.status, 431);
        assert!(read_head(&mut &b"GET / HTTP/1.1\r\nHost: x"[..]).unwrap_err().is_none());
        assert_eq!(read_head(&mut &b"GET / HTTP/1.1\r\n\r\nbody"[..]).unwrap(), b"GET / HTTP/1.1");
        assert!(parse_request_line(b"GET / HTTP/1.1\r\nHost: x").is_ok());
        for bad in [&b""[..], b"GET", b"GET /", b"GET / FTP/1", b"\xff\xfe", b" / HTTP/1.1", b"GET  / HTTP/1.1"] {
            assert!(parse_request_line(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
