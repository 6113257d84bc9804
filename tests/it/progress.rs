//! Progress on long work: drawn on a terminal once a build runs past a
//! second, never into a pipe, never under `--quiet`; the last line keeps
//! its figures either way.
//!
//! The terminal is a real one: the binary runs under `script`, which gives
//! it a pseudo-terminal and copies what it draws. Progress is drawn after
//! 50 ms here (`MUJAZ_PROGRESS_DELAY_MS`), not a second, so that whether
//! it shows does not depend on how fast the machine builds.

use crate::fixture::{Fixture, Run};
use std::process::Command;

/// Enough briefs that a build runs well past the tests' delay.
fn long_site() -> Fixture {
    let f = Fixture::new();
    let body = "A paragraph of the brief, with **some** words.\n\n".repeat(20);
    for n in 0..1500 {
        f.write(
            &format!("content/briefs/b{n}.en.md"),
            format!("---\ntitle: \"Brief {n}\"\ndate: 2025-09-12\nsummary: \"Summary {n}.\"\n---\n\n{body}").as_bytes(),
        );
    }
    f
}

/// Runs the binary on a pseudo-terminal; `None` where `script` is missing.
fn on_terminal(f: &Fixture, args: &str) -> Option<Run> {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_mujaz"));
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .env("MUJAZ_PROGRESS_DELAY_MS", "50")
        .output()
        .ok()?;
    Some(Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// The last line, with its figures.
fn built_line(text: &str) -> bool {
    let last = text.trim_end().rsplit(['\n', '\r']).next().unwrap_or_default();
    last.trim_start_matches("\x1b[2K").starts_with("built 1582 pages (ar 10, en 1572) into ./output in ")
        && last.ends_with(" ms")
}

#[test]
fn a_long_build_on_a_terminal_shows_progress_then_its_last_line() {
    let f = long_site();
    let Some(run) = on_terminal(&f, "build") else {
        eprintln!("skipped: no `script` to give the build a terminal");
        return;
    };
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("rendering"), "{:?}", run.stdout);
    assert!(run.stdout.contains("\x1b["), "{:?}", run.stdout);
    assert!(built_line(&run.stdout), "{:?}", run.stdout);
}

#[test]
fn quiet_draws_no_progress_on_a_terminal() {
    let f = long_site();
    let Some(run) = on_terminal(&f, "build --quiet") else {
        eprintln!("skipped: no `script` to give the build a terminal");
        return;
    };
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("rendering") && !run.stdout.contains('\x1b'), "{:?}", run.stdout);
    assert!(built_line(&run.stdout), "{:?}", run.stdout);
}

#[test]
fn a_pipe_gets_no_progress() {
    let f = long_site();
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "", "nothing but diagnostics goes to stderr");
    assert!(!run.stdout.contains('\x1b'), "{:?}", run.stdout);
    assert!(built_line(&run.stdout), "{:?}", run.stdout);
    // Check's warnings (no Arabic versions) go to stderr, and nothing else does.
    let run = f.run(&["check"]);
    assert_eq!(run.code, 0);
    assert!(!run.stderr.contains('\x1b') && !run.stderr.contains("rendering"));
    assert!(run.stderr.ends_with("1500 warnings\n") && run.stdout.starts_with("checked 1582 pages"), "{}", run.stdout);
}

#[test]
fn every_command_takes_quiet() {
    let f = Fixture::new();
    for command in ["build", "check", "serve"] {
        let help = f.run(&[command, "--help"]).stdout;
        assert!(help.contains("--quiet"), "{command}: {help}");
    }
}

/// `mujaz serve` on a terminal, stopped (as Ctrl-C would) once `until`
/// appears in what it drew or after `within`; what it drew.
fn serve_on_terminal(f: &Fixture, args: &str, until: &str, within: std::time::Duration) -> Option<String> {
    use std::io::Read;
    let command = format!("{} serve --port 0 {args}", env!("CARGO_BIN_EXE_mujaz"));
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .env("MUJAZ_PROGRESS_DELAY_MS", "50")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut out = child.stdout.take()?;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let reader = {
        let seen = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let start = std::time::Instant::now();
    while start.elapsed() < within && !String::from_utf8_lossy(&seen.lock().unwrap()).contains(until) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // `script` ends the server it started when told to stop.
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let _ = child.wait();
    let _ = reader.join();
    let drawn = String::from_utf8_lossy(&seen.lock().unwrap()).into_owned();
    Some(drawn)
}

#[test]
fn a_cold_serve_start_shows_progress_unless_quiet() {
    let f = long_site();
    let long = std::time::Duration::from_secs(60);
    let Some(drawn) = serve_on_terminal(&f, "", "serving http://127.0.0.1:", long) else {
        eprintln!("skipped: no `script` to give the server a terminal");
        return;
    };
    assert!(drawn.contains("rendering") && drawn.contains("\x1b["), "{drawn:?}");
    assert!(drawn.contains("built 1582 pages (ar 10, en 1572) in "), "{drawn:?}");
    let quiet = serve_on_terminal(&f, "--quiet", "serving http://127.0.0.1:", long).unwrap_or_default();
    assert!(quiet.contains("serving http://127.0.0.1:"), "{quiet:?}");
    assert!(!quiet.contains("rendering") && !quiet.contains('\x1b'), "{quiet:?}");
}

/// A server on 127.0.0.1 that answers every request with 200, each after
/// `delay`, for `requests` requests.
fn slow_server(requests: usize, delay: std::time::Duration) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let handle = std::thread::spawn(move || {
        let answers: Vec<_> = listener
            .incoming()
            .take(requests)
            .map(|stream| {
                let mut stream = stream.expect("accept");
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                    let mut line = String::new();
                    while reader.read_line(&mut line).unwrap_or(0) > 0 && !line.ends_with("\r\n\r\n") {}
                    std::thread::sleep(delay);
                    let _ = write!(stream, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                })
            })
            .collect();
        answers.into_iter().for_each(|a| drop(a.join()));
    });
    (base, handle)
}

#[test]
fn check_external_on_a_terminal_shows_the_links_as_they_are_fetched() {
    // 32 links, 8 at a time, 400 ms each: past a second.
    let (base, server) = slow_server(32, std::time::Duration::from_millis(400));
    let links: String = (0..32).map(|i| format!("- [link {i}]({base}/page{i})\n")).collect();
    let f = Fixture::new().brief("x", "en", "", &links);
    let Some(run) = on_terminal(&f, "check --external") else {
        eprintln!("skipped: no `script` to give the check a terminal");
        return;
    };
    server.join().expect("server");
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("external links ") && run.stdout.contains("\x1b["), "{:?}", run.stdout);
    assert!(run.stdout.contains("/32"), "the count of links: {:?}", run.stdout);
    assert!(run.stdout.contains("external links: 32 checked, 32 ok, 0 broken, 0 unreachable"), "{:?}", run.stdout);
}
