//! `mujaz check --external`, against a server on 127.0.0.1.

use crate::fixture::Fixture;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

/// A server that answers a fixed number of requests: `/ok` 200, `/nohead`
/// 405 to HEAD and 200 to GET, anything else 404.
fn server(requests: usize) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.expect("accept");
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            reader.read_line(&mut line).expect("request line");
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let mut parts = line.split_whitespace();
            let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            let status = match (method, path) {
                (_, "/ok") => "200 OK",
                ("HEAD", "/nohead") => "405 Method Not Allowed",
                ("GET", "/nohead") => "200 OK",
                _ => "404 Not Found",
            };
            let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (base, handle)
}

#[test]
fn broken_external_links_are_warnings_at_their_line() {
    // ok: 1 request; nohead: HEAD + GET; missing: HEAD + GET.
    let (base, handle) = server(5);
    let body = format!("Fine [a]({base}/ok).\n\nRefuses HEAD [b]({base}/nohead).\n\nGone [c]({base}/missing).");
    let f = Fixture::new().brief("x", "en", "", &body);
    let mut opts = f.options();
    opts.write = false;
    opts.external = Some(mujaz::external::Options { timeout: std::time::Duration::from_secs(5), concurrency: 2 });
    let report = mujaz::build::build(&opts).expect("warnings do not fail the check");
    handle.join().expect("server");
    let summary = report.external.expect("summary");
    assert_eq!((summary.urls, summary.ok, summary.broken, summary.unreachable), (3, 2, 1, 0));
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let w = &report.warnings[0];
    assert_eq!(w.message, format!("external link `{base}/missing` answers 404"));
    assert_eq!((w.line, w.col), (Some(11), Some(6)));
}

#[test]
fn an_unreachable_host_is_reported_not_fatal() {
    // A port nothing listens on: bind, note the port, close.
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let f = Fixture::new().brief("x", "en", "", &format!("[down](http://127.0.0.1:{port}/)"));
    let mut opts = f.options();
    opts.write = false;
    opts.external = Some(mujaz::external::Options { timeout: std::time::Duration::from_secs(3), concurrency: 1 });
    let report = mujaz::build::build(&opts).expect("warnings do not fail the check");
    assert_eq!(report.external.expect("summary").unreachable, 1);
    assert!(report.warnings[0].message.contains("cannot be reached"), "{:?}", report.warnings);
}
