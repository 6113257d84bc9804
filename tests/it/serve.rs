//! `mujaz serve`: the binary on a fixture site, spoken to over HTTP on 127.0.0.1.

use crate::fixture::Fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The longest any one wait in these tests may take.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running `mujaz serve` on a fixture site; killed when dropped.
pub struct Served {
    pub child: Child,
    pub port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Served {
    /// Starts the server on a free port and waits until it says where it is.
    pub fn start(f: &Fixture) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mujaz"))
            .args(["serve", "--port", "0"])
            .current_dir(f.root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mujaz serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        collect(child.stdout.take().expect("stdout"), Arc::clone(&stdout), Some(tx));
        collect(child.stderr.take().expect("stderr"), Arc::clone(&stderr), None);
        let line = rx.recv_timeout(PATIENCE).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("no `serving` line; stderr:\n{}", stderr.lock().unwrap())
        });
        let rest = line.strip_prefix("serving http://127.0.0.1:").unwrap_or_else(|| panic!("{line}"));
        let port = rest.split('/').next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("{line}"));
        assert!(line.ends_with("/ — Ctrl-C to stop"), "{line}");
        Served { child, port, stdout, stderr }
    }

    pub fn get(&self, target: &str) -> Resp {
        request(self.port, "GET", target)
    }

    /// Opens the events stream.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
        write!(stream, "GET /__mujaz/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .expect("send");
        Events { stream, text: String::new() }
    }

    /// Polls `f` every 50 ms until it holds, for at most [`PATIENCE`].
    pub fn wait_until(&self, what: &str, f: impl Fn() -> bool) {
        let start = Instant::now();
        while !f() {
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for {what}; stdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (bounded) for the process to end by itself; its exit code.
    pub fn wait_for_exit(&mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(start.elapsed() < PATIENCE, "the server did not stop");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies a pipe into `into`, sending the `serving` line to `serving`.
fn collect(pipe: impl Read + Send + 'static, into: Arc<Mutex<String>>, serving: Option<mpsc::Sender<String>>) {
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            {
                let mut all = into.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
            if let Some(tx) = &serving
                && line.starts_with("serving ")
            {
                let _ = tx.send(line);
            }
        }
    });
}

/// A response, read whole.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

pub fn request(port: u16, method: &str, target: &str) -> Resp {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(stream, "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read the response");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no head: {text:?}"));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{head}"));
    Resp { status, head: head.to_string(), body: body.to_string() }
}

/// An open events stream and what it has sent so far.
pub struct Events {
    stream: TcpStream,
    text: String,
}

impl Events {
    /// Reads until the text sent so far satisfies `f`, for at most [`PATIENCE`].
    pub fn until(&mut self, what: &str, f: impl Fn(&str) -> bool) -> &str {
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        while !f(&self.text) {
            assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}; events so far:\n{}", self.text);
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the events stream closed; so far:\n{}", self.text),
                Ok(n) => self.text.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {} // the read timeout: try again
            }
        }
        &self.text
    }
}

pub fn site() -> Fixture {
    Fixture::new().brief("x", "en", "", "Body.").brief("x", "ar", "", "نص.")
}

fn retitle(f: &Fixture, title: &str) {
    let text = format!("---\ntitle: \"{title}\"\ndate: 2025-09-12\nsummary: \"Summary of x.\"\n---\n\nBody.\n");
    f.write("content/briefs/x.en.md", text.as_bytes());
}

#[test]
fn serve_answers_pages_with_the_reload_script() {
    let f = site().file("static/خريطة.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let s = Served::start(&f);
    let page = s.get("/en/briefs/x/");
    assert_eq!(page.status, 200, "{page:?}");
    assert_eq!(page.header("content-type").as_deref(), Some("text/html; charset=utf-8"));
    assert!(page.body.contains("Brief x en"), "{}", page.body);
    assert!(page.body.contains(r#"<script id="mujaz-live-reload" src="/__mujaz/live.js""#), "{}", page.body);
    let script = s.get("/__mujaz/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(script.header("content-type").as_deref(), Some("text/javascript; charset=utf-8"));
    assert!(script.body.contains("EventSource"));
    let css = s.get("/static/style.css");
    assert_eq!((css.status, css.header("content-type").as_deref()), (200, Some("text/css; charset=utf-8")));
    let arabic = s.get("/%D8%AE%D8%B1%D9%8A%D8%B7%D8%A9.svg");
    assert_eq!((arabic.status, arabic.header("content-type").as_deref()), (200, Some("image/svg+xml")));
    let moved = s.get("/en/briefs/x");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location").as_deref(), Some("/en/briefs/x/"));
    let missing = s.get("/en/briefs/nothing/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html") && missing.body.contains("mujaz-live-reload"), "{}", missing.body);
    let head = request(s.port, "HEAD", "/en/briefs/x/");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    assert_eq!(head.header("content-length"), page.header("content-length"));
    assert_eq!(request(s.port, "POST", "/en/briefs/x/").status, 405);
    assert!(!f.output().exists(), "serve wrote into output/");
    assert!(f.root().join(".mujaz-serve").is_dir());
}

#[test]
fn serve_refuses_paths_out_of_the_site() {
    let f = site();
    let s = Served::start(&f);
    for target in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/site.yaml",
        "/en/..%2f..%2fsite.yaml",
        "/en/%2e%2e%2f%2e%2e%2f%2e%2e%2fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "/%00",
        "site.yaml",
    ] {
        let r = s.get(target);
        assert!(matches!(r.status, 400 | 403), "{target}: {r:?}");
        assert!(!r.body.contains("default_language"), "{target} served site.yaml");
    }
    // Still answering after the refusals.
    assert_eq!(s.get("/en/").status, 200);
}

#[test]
fn serve_listens_on_loopback_only() {
    let f = site();
    let s = Served::start(&f);
    assert!(s.stdout().contains(&format!("serving http://127.0.0.1:{}/", s.port)));
    #[cfg(target_os = "linux")]
    {
        // Every listening socket on the port is bound to 127.0.0.1; none to IPv6.
        let port = format!(":{:04X} ", s.port);
        let v4 = std::fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp");
        let listening: Vec<&str> =
            v4.lines().filter(|l| l.contains(&port) && l.split_whitespace().nth(3) == Some("0A")).collect();
        assert!(!listening.is_empty(), "no listening socket on {port}:\n{v4}");
        for l in listening {
            assert_eq!(l.split_whitespace().nth(1), Some(format!("0100007F{}", port.trim()).as_str()), "{l}");
        }
        let v6 = std::fs::read_to_string("/proc/net/tcp6").unwrap_or_default();
        assert!(!v6.lines().any(|l| l.contains(&port) && l.split_whitespace().nth(3) == Some("0A")), "{v6}");
    }
}

#[test]
fn an_edit_is_rebuilt_and_the_tab_told_to_reload() {
    let f = site();
    let s = Served::start(&f);
    let mut events = s.events();
    events.until("the first build's event", |t| t.contains("event: reload\nid: 1\n"));
    retitle(&f, "Brief x en, revised");
    s.wait_until("the new title", || s.get("/en/briefs/x/").body.contains("Brief x en, revised"));
    let text = events.until("a reload event", |t| t.matches("event: reload").count() >= 2);
    assert!(text.contains(r#"data: {"generation":2,"#), "{text}");
    s.wait_until("the rebuild line", || s.stdout().contains("rebuilt "));
    let stdout = s.stdout();
    let line = stdout.lines().find(|l| l.starts_with("rebuilt ")).expect("a rebuild line");
    assert!(line.ends_with(" ms (content/briefs/x.en.md)"), "{line}");
    // A new title re-renders only the pages that show it.
    assert!(line.contains(" files, ") && line.contains(" changed, in "), "{line}");
    let page = s.get("/en/briefs/x/");
    assert!(page.body.contains(r#"data-generation="2""#), "{}", page.body);
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_shows_its_errors() {
    let f = site();
    let s = Served::start(&f);
    let mut events = s.events();
    events.until("the first build's event", |t| t.contains("event: reload"));
    f.write("content/briefs/x.en.md", b"---\ntitel: \"Broken\"\ndate: 2025-09-12\nsummary: \"S.\"\n---\n\nBody.\n");
    let text = events.until("a failed event", |t| t.contains("event: failed"));
    assert!(text.contains("content/briefs/x.en.md:2:1: error: unknown field `titel`"), "{text}");
    assert!(text.contains(r#"= help: did you mean `title`?"#), "{text}");
    s.wait_until("the errors in the terminal", || s.stderr().contains("still serving the last good build"));
    assert!(s.stderr().contains("unknown field `titel`"), "{}", s.stderr());
    let page = s.get("/en/briefs/x/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Brief x en") && page.body.contains("mujaz-live-reload"), "{}", page.body);
    // A tab opened now is shown the errors straight away.
    let mut late = s.events();
    late.until("the errors for a new tab", |t| t.contains("event: failed") && t.contains("unknown field `titel`"));
    retitle(&f, "Fixed");
    events.until("a reload after the fix", |t| {
        t.split("event: failed").last().is_some_and(|r| r.contains("event: reload"))
    });
    s.wait_until("the fixed page", || s.get("/en/briefs/x/").body.contains("Fixed"));
}

#[test]
fn a_site_that_never_built_is_served_with_its_errors() {
    let f = Fixture::new().brief("x", "en", "regions: [homs]\n", "Body.");
    let s = Served::start(&f);
    s.wait_until("the errors in the terminal", || s.stderr().contains("unknown region `homs`"));
    let page = s.get("/en/briefs/x/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("mujaz-live-reload"), "{}", page.body);
    s.events().until("the errors", |t| t.contains("event: failed") && t.contains("unknown region `homs`"));
    f.write("content/briefs/x.en.md", b"---\ntitle: \"Now good\"\ndate: 2025-09-12\nsummary: \"S.\"\n---\n\nBody.\n");
    s.wait_until("the page once it builds", || s.get("/en/briefs/x/").status == 200);
}

#[test]
fn editor_swap_files_and_output_do_not_rebuild() {
    let f = site();
    let s = Served::start(&f);
    let mut events = s.events();
    events.until("the first build's event", |t| t.contains("event: reload"));
    f.write("content/briefs/.x.en.md.swp", b"swap");
    f.write("content/briefs/x.en.md~", b"backup");
    f.write("output/index.html", b"elsewhere");
    f.write("notes.txt", b"not a source");
    // A real change afterwards is the first rebuild.
    retitle(&f, "After the noise");
    let text = events.until("a reload event", |t| t.matches("event: reload").count() >= 2);
    assert!(text.contains(r#""generation":2,"#), "{text}");
    s.wait_until("the rebuild line", || s.stdout().contains("rebuilt "));
    assert!(s.stdout().contains("(content/briefs/x.en.md)"), "{}", s.stdout());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_and_removes_its_folder() {
    let f = site();
    let mut s = Served::start(&f);
    assert!(f.root().join(".mujaz-serve").is_dir());
    let pid = s.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().expect("kill -INT");
    assert!(sent.success());
    assert_eq!(s.wait_for_exit(), Some(0), "stderr:\n{}", s.stderr());
    assert!(!f.root().join(".mujaz-serve").exists(), "the serve folder was left behind");
    assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, s.port)).is_err(), "still listening");
}

#[test]
fn killing_the_server_ends_it() {
    let f = site();
    let mut s = Served::start(&f);
    s.child.kill().expect("kill");
    let status = s.child.wait().expect("wait");
    assert!(!status.success());
    assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, s.port)).is_err(), "still listening");
}

#[test]
fn a_taken_port_is_a_usage_error() {
    let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let run = site().run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")), "{}", run.stderr);
}

#[test]
fn help_gives_the_default_port() {
    let help = site().run(&["serve", "--help"]).stdout;
    assert!(help.contains("[default: 1111]"), "{help}");
    assert!(site().run(&["--help"]).stdout.contains("serve"));
}

#[test]
fn a_build_has_no_live_reload_script() {
    let built = site().build();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(built.fixture.output()) {
        let e = e.expect("walk");
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).expect("read");
            assert!(!html.contains("mujaz-live-reload") && !html.contains("__mujaz"), "{}", e.path().display());
            pages += 1;
        }
    }
    assert!(pages > 3, "only {pages} pages");
}

impl Served {
    /// Sends SIGINT, as Ctrl-C does, and waits (bounded) for the exit.
    #[cfg(unix)]
    fn interrupt(&mut self) -> (Option<i32>, Duration) {
        let start = Instant::now();
        let sent = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().expect("kill -INT");
        assert!(sent.success());
        (self.wait_for_exit(), start.elapsed())
    }
}

#[test]
fn invalid_yaml_keeps_the_last_good_site_until_it_is_fixed() {
    let f = site();
    let s = Served::start(&f);
    let mut events = s.events();
    events.until("the first build's event", |t| t.contains("event: reload"));
    f.write("site.yaml", format!("{}\nlanguages: [unclosed\n", crate::fixture::SITE_YAML).as_bytes());
    let text = events.until("a failed event", |t| t.contains("event: failed")).to_string();
    assert!(text.contains("site.yaml:"), "{text}");
    let page = s.get("/en/briefs/x/");
    assert_eq!(page.status, 200, "the last good site is served");
    assert!(page.body.contains("Brief x en") && page.body.contains("mujaz-live-reload"), "{}", page.body);
    f.write("site.yaml", crate::fixture::SITE_YAML.as_bytes());
    events.until("a reload after the fix", |t| {
        t.split("event: failed").last().is_some_and(|r| r.contains("event: reload"))
    });
    assert_eq!(s.get("/en/briefs/x/").status, 200);
}

/// An empty `site.yaml` made the build panic, and the panic took the server
/// down. Whether the build now says so as an error or still panics, the
/// server stays up, shows it, and recovers when the file is fixed.
#[test]
fn a_rebuild_that_panics_does_not_stop_the_server() {
    let f = site();
    let s = Served::start(&f);
    let mut events = s.events();
    events.until("the first build's event", |t| t.contains("event: reload"));
    f.write("site.yaml", b"");
    events.until("a failed event", |t| t.contains("event: failed"));
    s.wait_until("the terminal told", || s.stderr().contains("error"));
    assert_eq!(s.get("/en/briefs/x/").status, 200, "the last good site is served");
    f.write("site.yaml", crate::fixture::SITE_YAML.as_bytes());
    events.until("a reload after the fix", |t| {
        t.split("event: failed").last().is_some_and(|r| r.contains("event: reload"))
    });
    retitle(&f, "After the panic");
    s.wait_until("the next edit served", || s.get("/en/briefs/x/").body.contains("After the panic"));
}

/// A YAML key `"": 1` made the build loop forever, and Ctrl-C no longer
/// stopped the server. Whether the build now ends or still hangs, the
/// server answers meanwhile and Ctrl-C stops it at once.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_during_a_hung_rebuild() {
    let f = site();
    let mut s = Served::start(&f);
    s.events().until("the first build's event", |t| t.contains("event: reload"));
    f.write("content/briefs/x.en.md", b"---\ntitle: \"T\"\ndate: 2025-09-12\nsummary: \"S\"\n\"\": 1\n---\n\nBody.\n");
    thread::sleep(Duration::from_millis(500));
    let page = s.get("/en/briefs/x/");
    assert_eq!(page.status, 200, "answering while the rebuild runs");
    let (code, took) = s.interrupt();
    assert_eq!(code, Some(0), "stderr:\n{}", s.stderr());
    assert!(took < Duration::from_secs(3), "stopped after {took:?}");
    assert!(!f.root().join(".mujaz-serve").exists(), "the serve folder was left behind");
}

/// The same during the first build, before the server says where it is.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_during_a_hung_first_build() {
    let f = site()
        .file("content/briefs/y.en.md", "---\ntitle: \"T\"\ndate: 2025-09-12\nsummary: \"S\"\n\"\": 1\n---\n\nBody.\n");
    let child = Command::new(env!("CARGO_BIN_EXE_mujaz"))
        .args(["serve", "--port", "0"])
        .current_dir(f.root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mujaz serve");
    let (stdout, stderr) = (Arc::default(), Arc::default());
    let mut s = Served { child, port: 0, stdout, stderr };
    thread::sleep(Duration::from_millis(700));
    let (code, took) = s.interrupt();
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(3), "stopped after {took:?}");
    assert!(!f.root().join(".mujaz-serve").exists(), "the serve folder was left behind");
}

/// A terminal that went away (stdout a closed pipe) does not stop the
/// server: printing `serving …` or a rebuild's line used to panic.
#[cfg(unix)]
#[test]
fn a_closed_stdout_does_not_stop_the_server() {
    let f = site();
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind").local_addr().expect("addr").port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mujaz"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(f.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mujaz serve");
    drop(child.stdout.take());
    let mut s = Served { child, port, stdout: Arc::default(), stderr: Arc::default() };
    let up =
        |s: &Served| TcpStream::connect((Ipv4Addr::LOCALHOST, s.port)).is_ok() && s.get("/en/briefs/x/").status == 200;
    s.wait_until("the first page", || up(&s));
    retitle(&f, "Printed to nobody");
    s.wait_until("the rebuilt page", || s.get("/en/briefs/x/").body.contains("Printed to nobody"));
    assert_eq!(s.interrupt().0, Some(0));
}
