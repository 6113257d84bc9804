//! The HTTP side of `mujaz serve`: a static file server on hyper.
//!
//! Takes a listener bound by the caller (on 127.0.0.1) and serves it with
//! hyper's HTTP/1.1 connections on a small tokio runtime of its own (one
//! thread for the connections; files are read on its blocking pool), so
//! the rebuild loop stays the plain threads it was. hyper gives persistent connections
//! (keep-alive), bounded request heads (at most [`MAX_HEAD`] bytes and
//! [`MAX_HEADERS`] headers, else 431) and a deadline for each head
//! ([`HEAD_TIMEOUT`]), so slow or silent clients cost a timer each, not a
//! thread, and never lock others out. A connection closed by the server
//! first reads what the client still sends (bounded), so an answer such as
//! 431 arrives instead of a reset.
//!
//! Serves the files of the current good build from [`Live`], adds the
//! live-reload script to HTML, and streams build events. Answers GET and HEAD
//! only (405 otherwise); a folder URL serves its `index.html` and, without
//! its trailing slash, redirects (301) to it; an unknown path gets the site's
//! `404.html` with status 404. Each file gets its Content-Type, an `ETag`
//! (`If-None-Match` → 304) and single `Range` requests (206, or 416 when
//! unsatisfiable), for audio and video in bundles. Refuses any path that
//! could leave the served folder ([`super::path`]), then checks the
//! canonical path of the file (after symlinks) is still inside it.
//!
//! Why hyper 1.x on tokio: it is what Zola uses, the most used and best
//! kept Rust HTTP implementation, and it bounds heads and answers 431 by
//! itself. Measured here (`cargo build --release`, 2 cores shared with
//! other builds, so times are rough): the binary grew from 8,744,360 to
//! 9,421,104 bytes (+661 KiB, +7.7 %; +775 KiB with tokio's multi-thread
//! runtime, which a local server does not need). A clean build took 204 s
//! of CPU before; the 11 new crates add about 55 s (tokio 31 s, hyper
//! 15 s), plus mujaz's own crate instantiating hyper. `http` and `httparse`
//! were already built for ureq. In a bare probe binary, `tiny_http` adds
//! 414 KB and 7 s against hyper's 845 KB and 35 s, but it spends a thread
//! per connection and reads header lines of any length and number with no
//! deadline, and its last release (0.12) is from 2022; `astra` and
//! `may_minihttp` are each kept by one person and bring a runtime of their
//! own anyway.

use super::path::{self, RequestPath};
use super::reload::{self, Live};
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::body::{Body, Bytes, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc;

/// The largest request head read before answering 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most headers one request may have before 431.
pub const MAX_HEADERS: usize = 100;
/// How long a client may take to send a request head; then it is closed.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once; more are closed straight away.
const MAX_CONNECTIONS: usize = 1000;
/// How long, and how much, a closed connection is still read from.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 1 << 20;

/// The body of every response: a whole buffer or an events stream.
type ResponseBody = BoxBody<Bytes, Infallible>;

/// Serves `listener` until the process ends. `Err` only if it cannot start.
pub fn serve(listener: TcpListener, live: Arc<Live>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime =
        tokio::runtime::Builder::new_current_thread().thread_name("mujaz-http").enable_io().enable_time().build()?;
    runtime.block_on(accept(listener, live))
}

async fn accept(listener: TcpListener, live: Arc<Live>) -> io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait rather than spin.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let counted = Counted(Arc::clone(&open));
        tokio::spawn(connection(stream, Arc::clone(&live), counted));
    }
}

/// One open connection, counted until it ends.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers the requests of one connection until either side closes it.
async fn connection(stream: tokio::net::TcpStream, live: Arc<Live>, _counted: Counted) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |req| {
        let live = Arc::clone(&live);
        async move { Ok::<_, Infallible>(answer(req, live).await) }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .max_headers(MAX_HEADERS)
        .serve_connection(TokioIo::new(Lingering(Some(stream))), service)
        .await;
}

/// A TCP stream that, when dropped, is shut for writing and read to its end
/// (at most [`LINGER_BYTES`], for [`LINGER`]) before it is closed: closing a
/// socket with unread bytes sends a reset, which can destroy the answer the
/// client has not read yet (a 431 to a head too large).
struct Lingering(Option<tokio::net::TcpStream>);

impl Lingering {
    fn stream(&mut self) -> Pin<&mut tokio::net::TcpStream> {
        Pin::new(self.0.as_mut().expect("a lingering stream is only taken on drop"))
    }
}

impl AsyncRead for Lingering {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_read(cx, buf)
    }
}

impl AsyncWrite for Lingering {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.stream().poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.stream().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.as_ref().is_some_and(|s| s.is_write_vectored())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_shutdown(cx)
    }
}

impl Drop for Lingering {
    fn drop(&mut self) {
        if let (Some(stream), Ok(rt)) = (self.0.take(), tokio::runtime::Handle::try_current()) {
            rt.spawn(linger(stream));
        }
    }
}

async fn linger(mut stream: tokio::net::TcpStream) {
    let _ = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_shutdown(cx)).await;
    let drain = async {
        let mut buf = [0u8; 8192];
        let mut read = 0;
        while read < LINGER_BYTES {
            if stream.readable().await.is_err() {
                return;
            }
            match stream.try_read(&mut buf) {
                Ok(0) => return,
                Ok(n) => read += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => return,
            }
        }
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

/// What a request asks for: the parts of it the answer depends on.
#[derive(Debug, Clone, Default)]
struct Asked {
    method: Method,
    /// The raw path and query, still percent-encoded.
    target: String,
    range: Option<String>,
    if_none_match: Option<String>,
    if_range: Option<String>,
}

impl Asked {
    fn of(req: &Request<Incoming>) -> Asked {
        let header =
            |name: header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let target = match req.uri().path_and_query() {
            Some(pq) if req.uri().authority().is_none() => pq.as_str().to_string(),
            // Absolute or authority form: not what a browser sends a server.
            _ => String::new(),
        };
        Asked {
            method: req.method().clone(),
            target,
            range: header(header::RANGE),
            if_none_match: header(header::IF_NONE_MATCH),
            if_range: header(header::IF_RANGE),
        }
    }

    #[cfg(test)]
    fn get(target: &str) -> Asked {
        Asked { method: Method::GET, target: target.to_string(), ..Asked::default() }
    }
}

/// The response to one request; files are read off the runtime's threads.
async fn answer(req: Request<Incoming>, live: Arc<Live>) -> hyper::Response<ResponseBody> {
    let asked = Asked::of(&req);
    match route(&asked) {
        Action::Events if asked.method == Method::HEAD => events_head().into_hyper(),
        Action::Events => events(live),
        Action::Respond(reply) => reply.into_hyper(),
        Action::File(req) => {
            let work = tokio::task::spawn_blocking(move || serve_file(&req, &asked, &live));
            work.await.unwrap_or_else(|_| Reply::text(500, "internal error")).into_hyper()
        }
    }
}

/// What to do with a request.
#[derive(Debug)]
enum Action {
    Respond(Reply),
    /// A path of the site: read from the disk.
    File(RequestPath),
    /// Keep the connection open and send build events.
    Events,
}

/// A complete response with its body, before it becomes hyper's.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(header::HeaderName, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Reply { status, headers: vec![(header::CONTENT_TYPE, content_type.to_string())], body }
    }

    fn text(status: u16, text: &str) -> Self {
        Reply::new(status, "text/plain; charset=utf-8", format!("{text}\n").into_bytes())
    }

    fn header(mut self, name: header::HeaderName, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    #[cfg(test)]
    fn get(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// hyper's response; Content-Length comes from the body (HEAD included).
    fn into_hyper(self) -> hyper::Response<ResponseBody> {
        let mut resp = hyper::Response::new(Full::new(Bytes::from(self.body)).boxed());
        *resp.status_mut() = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = resp.headers_mut();
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.append(name, value);
            }
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        resp
    }
}

/// Picks the response for a request.
fn route(asked: &Asked) -> Action {
    if asked.method != Method::GET && asked.method != Method::HEAD {
        let reply = Reply::text(405, "only GET and HEAD are served");
        return Action::Respond(reply.header(header::ALLOW, "GET, HEAD".into()));
    }
    let req = match path::parse_target(asked.target.as_bytes()) {
        Ok(req) => req,
        Err(refusal) => {
            let (status, reason) = refusal.status();
            return Action::Respond(Reply::text(status, reason));
        }
    };
    match req.encoded().as_str() {
        reload::EVENTS_PATH => Action::Events,
        reload::SCRIPT_PATH => {
            Action::Respond(Reply::new(200, path::content_type("live.js"), reload::SCRIPT.as_bytes().to_vec()))
        }
        _ => Action::File(req),
    }
}

fn events_head() -> Reply {
    Reply::new(200, "text/event-stream; charset=utf-8", Vec::new())
}

/// The events stream: a thread follows [`Live`] and feeds the body, until
/// the tab goes (its next write fails) or the server stops.
fn events(live: Arc<Live>) -> hyper::Response<ResponseBody> {
    let (tx, rx) = mpsc::channel(8);
    let spawned = std::thread::Builder::new().name("mujaz-events".into()).spawn(move || {
        let _ = live.stream(&mut Feed(tx));
    });
    if spawned.is_err() {
        return Reply::text(503, "too many open tabs").into_hyper();
    }
    let mut resp = hyper::Response::new(EventsBody(rx).boxed());
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Writes into an events stream's body; fails once the tab is gone.
struct Feed(mpsc::Sender<Bytes>);

impl Write for Feed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.blocking_send(Bytes::copy_from_slice(buf)).map_err(|_| io::ErrorKind::BrokenPipe)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The body of an events stream: what its [`Feed`] sends, as it comes.
struct EventsBody(mpsc::Receiver<Bytes>);

impl Body for EventsBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|chunk| chunk.map(|bytes| Ok(Frame::data(bytes))))
    }
}

/// A file of the current build, its folder's index, a redirect, or the 404 page.
fn serve_file(req: &RequestPath, asked: &Asked, live: &Live) -> Reply {
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
            return Reply::text(301, &format!("moved to {to}")).header(header::LOCATION, to);
        }
        Ok(found) if found.is_dir() => match inside(&base, &found.join("index.html"), &tag) {
            Ok(index) => index,
            Err(resp) => return resp,
        },
        Ok(_) if req.trailing_slash => return not_found(&base, &tag),
        Ok(found) => found,
        Err(resp) => return resp,
    };
    let page = Page { tag: &tag, etag_salt: format!("{}-{}", live.run(), status.good) };
    file_reply(&found, &page, asked).unwrap_or_else(|| not_found(&base, &tag))
}

/// The canonical path of `wanted`, which must exist and, after symlinks, be
/// inside `base`: else the 404 page, or 403 for a way out.
fn inside(base: &Path, wanted: &Path, tag: &str) -> Result<PathBuf, Reply> {
    match fs::canonicalize(wanted) {
        Ok(p) if p.starts_with(base) => Ok(p),
        Ok(_) => Err(Reply::text(403, "Forbidden")),
        Err(_) => Err(not_found(base, tag)),
    }
}

/// What an HTML page gets from the server: the script, and an ETag that
/// changes with the build it is served from.
struct Page<'a> {
    tag: &'a str,
    etag_salt: String,
}

/// A file: 200, 206 for a range of it, 304 when the client has it, 416 for a
/// range past its end; `None` if it cannot be read.
fn file_reply(file: &Path, page: &Page, asked: &Asked) -> Option<Reply> {
    let meta = fs::metadata(file).ok().filter(fs::Metadata::is_file)?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kind = path::content_type(&name);
    let html = kind.starts_with("text/html");
    let etag = etag(&meta, html.then_some(page.etag_salt.as_str()));
    if asked.if_none_match.as_deref().is_some_and(|v| matches_etag(v, &etag)) {
        return Some(Reply::new(304, kind, Vec::new()).header(header::ETAG, etag));
    }
    // A page is read whole, as the script changes it; other files only in part.
    let page_body = if html { Some(reload::inject(&fs::read(file).ok()?, page.tag)) } else { None };
    let len = page_body.as_ref().map_or(meta.len(), |b| b.len() as u64);
    let range = match (&asked.range, &asked.if_range) {
        (Some(_), Some(if_range)) if if_range.trim() != etag => None,
        (Some(range), _) => parse_range(range, len),
        (None, _) => None,
    };
    let reply = match (range, page_body) {
        (Some(Range::Unsatisfiable), _) => {
            Reply::text(416, "range not satisfiable").header(header::CONTENT_RANGE, format!("bytes */{len}"))
        }
        (Some(Range::Bytes { start, end }), body) => {
            let part = match body {
                Some(body) => body[start as usize..=end as usize].to_vec(),
                None => read_part(file, start, end).ok()?,
            };
            Reply::new(206, kind, part).header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"))
        }
        (None, Some(body)) => Reply::new(200, kind, body),
        (None, None) => Reply::new(200, kind, fs::read(file).ok()?),
    };
    Some(reply.header(header::ETAG, etag).header(header::ACCEPT_RANGES, "bytes".into()))
}

/// `"<length>-<modified, ns>"`, and for HTML the build it is served from.
fn etag(meta: &fs::Metadata, salt: Option<&str>) -> String {
    let modified =
        meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
    match salt {
        Some(salt) => format!("\"{:x}-{modified:x}-{salt}\"", meta.len()),
        None => format!("\"{:x}-{modified:x}\"", meta.len()),
    }
}

/// True when an `If-None-Match` list names `etag` (weakly) or is `*`.
fn matches_etag(list: &str, etag: &str) -> bool {
    list.split(',').map(str::trim).any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// A `Range` header's answer for a file of some length.
#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// Bytes `start..=end`.
    Bytes { start: u64, end: u64 },
    /// Starts past the end of the file: 416.
    Unsatisfiable,
}

/// Reads `bytes=a-b`, `bytes=a-` and `bytes=-n`; `None` (serve the whole
/// file) for anything else, several ranges included.
fn parse_range(header: &str, len: u64) -> Option<Range> {
    let (unit, spec) = header.trim().split_once('=')?;
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return None;
    }
    let (first, last) = spec.trim().split_once('-')?;
    let number = |s: &str| if s.is_empty() { Some(None) } else { s.parse::<u64>().ok().map(Some) };
    let range = match (number(first)?, number(last)?) {
        (Some(start), _) if start >= len => Range::Unsatisfiable,
        (Some(start), Some(end)) if end < start => return None,
        (Some(start), Some(end)) => Range::Bytes { start, end: end.min(len - 1) },
        (Some(start), None) => Range::Bytes { start, end: len - 1 },
        (None, Some(0)) => Range::Unsatisfiable,
        (None, Some(_)) if len == 0 => Range::Unsatisfiable,
        (None, Some(n)) => Range::Bytes { start: len - n.min(len), end: len - 1 },
        (None, None) => return None,
    };
    Some(range)
}

/// Bytes `start..=end` of a file, without reading the rest.
fn read_part(file: &Path, start: u64, end: u64) -> io::Result<Vec<u8>> {
    let mut f = fs::File::open(file)?;
    f.seek(SeekFrom::Start(start))?;
    let mut out = Vec::new();
    f.take(end - start + 1).read_to_end(&mut out)?;
    Ok(out)
}

fn not_found(base: &Path, tag: &str) -> Reply {
    let page = Page { tag, etag_salt: String::new() };
    match file_reply(&base.join("404.html"), &page, &Asked::default()) {
        Some(mut reply) => {
            reply.status = 404;
            reply.headers.retain(|(name, _)| name == header::CONTENT_TYPE);
            reply
        }
        None => Reply::text(404, "not found"),
    }
}

/// What a tab sees before the first good build; the script shows the errors.
fn not_built(tag: &str) -> Reply {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mujaz serve</title></head>\
         <body><p>The site has not been built yet. Its errors are shown over this page; \
         it reloads when they are fixed.</p>\
         <p lang=\"ar\" dir=\"rtl\">لم يُبنَ الموقع بعد. تظهر أخطاؤه فوق هذه الصفحة، \
         وتُعاد الصفحة حين تُصلَح.</p>{tag}</body></html>\n"
    );
    Reply::new(503, path::content_type("index.html"), html.into_bytes())
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
        fs::write(out.join("clip.mp4"), b"0123456789").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let live = Live::new("t".into());
        let g = live.next_generation();
        live.succeeded(g, out);
        (dir, live)
    }

    fn ask(live: &Live, asked: &Asked) -> Reply {
        match route(asked) {
            Action::Respond(r) => r,
            Action::File(req) => serve_file(&req, asked, live),
            Action::Events => panic!("events for {}", asked.target),
        }
    }

    fn get(live: &Live, target: &str) -> Reply {
        ask(live, &Asked::get(target))
    }

    fn ranged(live: &Live, target: &str, range: &str) -> Reply {
        ask(live, &Asked { range: Some(range.into()), ..Asked::get(target) })
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
        assert_eq!((r.status, r.get(header::LOCATION)), (301, Some("/en/briefs/x/")));
        assert_eq!(get(&live, "/style.css").body, b"p{}");
        assert_eq!(get(&live, "/style.css/").status, 404);
    }

    #[test]
    fn unknown_paths_get_the_404_page() {
        let (_dir, live) = site();
        let r = get(&live, "/nothing/here/");
        assert_eq!(r.status, 404);
        assert_eq!(r.get(header::ETAG), None);
        assert!(String::from_utf8(r.body).unwrap().contains("missing<script"));
    }

    #[test]
    fn escapes_are_refused() {
        let (_dir, live) = site();
        for target in ["/../secret.txt", "/%2e%2e/secret.txt", "/en/..%2f..%2fsecret.txt", "/..\\secret.txt", ""] {
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
        let post = Asked { method: Method::POST, ..Asked::get("/") };
        match route(&post) {
            Action::Respond(r) => assert_eq!((r.status, r.get(header::ALLOW)), (405, Some("GET, HEAD"))),
            other => panic!("{other:?}"),
        }
        assert!(matches!(route(&Asked::get("/__mujaz/events")), Action::Events));
    }

    #[test]
    fn a_range_of_a_file_is_206() {
        let (_dir, live) = site();
        let r = ranged(&live, "/clip.mp4", "bytes=2-5");
        assert_eq!((r.status, &r.body[..]), (206, &b"2345"[..]));
        assert_eq!(r.get(header::CONTENT_RANGE), Some("bytes 2-5/10"));
        assert_eq!(r.get(header::CONTENT_TYPE), Some("video/mp4"));
        assert_eq!(ranged(&live, "/clip.mp4", "bytes=7-").body, b"789");
        assert_eq!(ranged(&live, "/clip.mp4", "bytes=-3").body, b"789");
        assert_eq!(ranged(&live, "/clip.mp4", "bytes=8-100").body, b"89");
        assert_eq!(ranged(&live, "/clip.mp4", "bytes=-100").body, b"0123456789");
        let whole = get(&live, "/clip.mp4");
        assert_eq!((whole.status, whole.get(header::ACCEPT_RANGES)), (200, Some("bytes")));
        let page = get(&live, "/en/briefs/x/").body;
        let part = ranged(&live, "/en/briefs/x/", "bytes=-9");
        assert_eq!((part.status, &part.body[..]), (206, &page[page.len() - 9..]), "a page with its script");
    }

    #[test]
    fn a_range_past_the_end_is_416() {
        let (_dir, live) = site();
        for range in ["bytes=10-", "bytes=10-20", "bytes=-0"] {
            let r = ranged(&live, "/clip.mp4", range);
            assert_eq!((r.status, r.get(header::CONTENT_RANGE)), (416, Some("bytes */10")), "{range}");
        }
    }

    #[test]
    fn ranges_not_understood_serve_the_whole_file() {
        let (_dir, live) = site();
        for range in ["bytes=0-1,4-5", "bytes=5-2", "items=0-1", "bytes=a-b", "bytes=-", "bytes"] {
            assert_eq!(ranged(&live, "/clip.mp4", range).status, 200, "{range}");
        }
        let stale = Asked { if_range: Some("\"old\"".into()), ..Asked::get("/clip.mp4") };
        let stale = Asked { range: Some("bytes=0-1".into()), ..stale };
        assert_eq!(ask(&live, &stale).status, 200);
    }

    #[test]
    fn an_etag_the_client_has_is_304() {
        let (dir, live) = site();
        let first = get(&live, "/style.css");
        let etag = first.get(header::ETAG).expect("an etag").to_string();
        let again = Asked { if_none_match: Some(format!("\"x\", W/{etag}")), ..Asked::get("/style.css") };
        let r = ask(&live, &again);
        assert_eq!((r.status, r.body.len()), (304, 0));
        assert_eq!(r.get(header::ETAG), Some(etag.as_str()));
        fs::write(dir.path().join("site/style.css"), "p{color:red}").unwrap();
        assert_eq!(ask(&live, &again).status, 200, "a changed file is sent again");
    }

    #[test]
    fn a_page_changes_etag_with_each_good_build() {
        let (dir, live) = site();
        let etag = get(&live, "/en/briefs/x/").get(header::ETAG).map(String::from);
        let g = live.next_generation();
        live.succeeded(g, dir.path().join("site"));
        assert_ne!(get(&live, "/en/briefs/x/").get(header::ETAG).map(String::from), etag);
    }

    #[test]
    fn content_length_comes_from_the_body() {
        let r = Reply::text(200, "hello").into_hyper();
        assert_eq!(r.body().size_hint().exact(), Some(6));
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-cache");
    }
}
