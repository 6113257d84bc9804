//! `mujaz serve`: build the site, serve it on 127.0.0.1, rebuild on change.
//!
//! Takes the site's root, a port and whether to include drafts. Builds into a
//! folder of its own, `<root>/.mujaz-serve/<process id>/site/`, so `output/`
//! is never touched, with `base_url` set to the local address; serves it
//! ([`http`]) on 127.0.0.1 only; watches the sources ([`watch`]) and after
//! each burst of changes rebuilds what they touch
//! ([`crate::incremental::Session`]) on a thread of its own ([`builder`]),
//! so a build that panics or hangs never stops the server; tells open tabs
//! to reload, or shows them the errors of a failed build ([`reload`]) while
//! the last good build stays served. A site that does not build at first is
//! still served (its errors only) so authors can fix it as they go. Ctrl-C
//! stops the server and removes its folder, whatever a build is doing. Returns an error message, for exit status
//! 2, only when it cannot start: no such root, or the port is taken.

pub mod builder;
pub mod http;
pub mod path;
pub mod reload;
pub mod watch;

use crate::build;
use crate::diag::{self, Diagnostic};
use crate::incremental::{Rebuilt, Session};
use builder::{Builder, Failure, Job, MakeJob};
use reload::Live;
use std::fs;
use std::io::{ErrorKind, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};
use watch::{Msg, Watch};

/// The port `mujaz serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;
/// The folder under the site's root that serve builds into.
pub const FOLDER: &str = ".mujaz-serve";
/// How long the first build is waited for before the server says where it is.
const FIRST_BUILD: Duration = Duration::from_secs(20);

/// What to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// 0 lets the system pick a free port.
    pub port: u16,
    pub drafts: bool,
    /// ANSI colours in the terminal's error messages.
    pub color: bool,
    /// No progress for the first build, even on a terminal (`--quiet`).
    pub quiet: bool,
}

/// Builds, serves and rebuilds until Ctrl-C. `Err` is a message for a
/// problem that stops it from starting.
pub fn run(opts: &Options) -> Result<(), String> {
    if !opts.root.is_dir() {
        return Err(format!("{}: no such folder", opts.root.display()));
    }
    let listener = bind(opts.port)?;
    let port = listener.local_addr().map_err(|e| format!("cannot read the server's address: {e}"))?.port();
    let canonical = fs::canonicalize(&opts.root).map_err(|e| format!("{}: {e}", opts.root.display()))?;
    let (tx, rx) = mpsc::channel();
    catch_ctrl_c(tx.clone());
    let mut watch = match Watch::start(&canonical, tx.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: cannot watch the site ({e}); changes will not rebuild");
            None
        }
    };
    let live = Arc::new(Live::new(format!("{}-{}", std::process::id(), unix_millis())));
    let server = Server::prepare(opts, &canonical, port)?;
    let http_live = Arc::clone(&live);
    std::thread::Builder::new()
        .name("mujaz-accept".into())
        .spawn(move || {
            if let Err(e) = http::serve(listener, http_live) {
                eprintln!("error: cannot serve 127.0.0.1:{port}: {e}");
            }
        })
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let mut builder = Builder::new(server.jobs(), Arc::clone(&live), server.folder.join("site"), tx.clone());
    builder.request(Vec::new());
    if first_build(&rx, &tx) {
        let _ = writeln!(std::io::stdout(), "serving http://127.0.0.1:{port}/ — Ctrl-C to stop");
        match watch.as_mut() {
            Some(w) => {
                while let Some(changed) = watch::next_burst(&rx, w) {
                    builder.request(changed);
                }
            }
            None => while !matches!(rx.recv(), Ok(Msg::Stop) | Err(_)) {},
        }
    }
    live.stop();
    server.clean();
    let _ = writeln!(std::io::stdout(), "stopped");
    Ok(())
}

/// Ctrl-C (and SIGTERM) stop the rebuild loop; a second one ends the
/// process at once, whatever it is doing.
fn catch_ctrl_c(tx: mpsc::Sender<Msg>) {
    let times = AtomicUsize::new(0);
    if let Err(e) = ctrlc::set_handler(move || {
        if times.fetch_add(1, Ordering::SeqCst) > 0 {
            std::process::exit(130);
        }
        let _ = tx.send(Msg::Stop);
    }) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); the serve folder will be left behind");
    }
}

/// Waits for the first build to end, for at most [`FIRST_BUILD`], keeping
/// the changes seen meanwhile for the rebuild loop. False: stopped.
fn first_build(rx: &mpsc::Receiver<Msg>, tx: &mpsc::Sender<Msg>) -> bool {
    let start = Instant::now();
    let mut kept = Vec::new();
    let going = loop {
        match rx.recv_timeout(FIRST_BUILD.saturating_sub(start.elapsed())) {
            Ok(Msg::Built) => break true,
            Ok(Msg::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => break false,
            Ok(fs) => kept.push(fs),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                eprintln!("the first build is taking long; its pages are served when it ends");
                break true;
            }
        }
    };
    for msg in kept {
        let _ = tx.send(msg);
    }
    going
}

/// Listens on 127.0.0.1 only; a taken port is said plainly.
fn bind(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).map_err(|e| match e.kind() {
        ErrorKind::AddrInUse => format!(
            "port {port} on 127.0.0.1 is already in use: stop the program using it, \
             or choose another port with --port N (--port 0 picks a free one)"
        ),
        ErrorKind::PermissionDenied => {
            format!("not allowed to listen on port {port}: choose a port above 1023 with --port N")
        }
        _ => format!("cannot listen on 127.0.0.1:{port}: {e}"),
    })
}

fn unix_millis() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
}

/// The site being served and the folder its builds go into.
struct Server {
    /// `<root>/.mujaz-serve/<pid>`: the site is built into `site/` inside.
    folder: PathBuf,
    root: PathBuf,
    color: bool,
    build_opts: build::Options,
}

impl Server {
    /// Makes this process's build folder, clearing those left by servers that died.
    fn prepare(opts: &Options, canonical: &Path, port: u16) -> Result<Server, String> {
        let parent = canonical.join(FOLDER);
        remove_stale(&parent);
        let folder = parent.join(std::process::id().to_string());
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).map_err(|e| format!("{}: cannot create the folder: {e}", folder.display()))?;
        let build_opts = build::Options {
            root: opts.root.clone(),
            output: Some(folder.join("site")),
            base_url: Some(format!("http://127.0.0.1:{port}")),
            drafts: opts.drafts,
            write: true,
            // The cold start's build can be long; rebuilds show none (see `Session`).
            progress: !opts.quiet,
            ..build::Options::default()
        };
        Ok(Server { folder, root: opts.root.clone(), color: opts.color, build_opts })
    }

    /// Makes the builds: each job is an incremental session that remembers
    /// the last build, to rebuild only what a change touches.
    fn jobs(&self) -> MakeJob {
        let (opts, root, color) = (self.build_opts.clone(), self.root.clone(), self.color);
        let tried = Arc::new(AtomicBool::new(false));
        Arc::new(move || {
            let mut session = Session::new(opts.clone());
            let (root, tried) = (root.clone(), Arc::clone(&tried));
            Box::new(move |changed: &[PathBuf]| {
                let first = !tried.swap(true, Ordering::SeqCst);
                let start = Instant::now();
                let result = if changed.is_empty() {
                    session.build().map(Rebuilt::Full)
                } else {
                    session.rebuild(&changed.iter().map(|p| root.join(p)).collect::<Vec<_>>())
                };
                said(result, first, changed, start.elapsed(), color)
            }) as Job
        })
    }

    /// Removes this server's folder, and `.mujaz-serve` if no other server uses it.
    fn clean(&self) {
        let _ = fs::remove_dir_all(&self.folder);
        if let Some(parent) = self.folder.parent() {
            let _ = fs::remove_dir(parent);
        }
    }
}

/// What the terminal is told about a build: the line to print, or the
/// errors. Warnings are printed here.
fn said(
    result: Result<Rebuilt, Vec<Diagnostic>>,
    first: bool,
    changed: &[PathBuf],
    took: Duration,
    color: bool,
) -> Result<String, Failure> {
    let what = describe(changed);
    match result {
        Ok(Rebuilt::Full(report)) => {
            if !report.warnings.is_empty() {
                eprint!("{}", diag::render(&report.warnings, color));
            }
            if first {
                let per_lang: Vec<String> = report.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
                let total: usize = report.pages.values().sum();
                Ok(format!("built {total} pages ({}) in {}", per_lang.join(", "), ms(report.elapsed)))
            } else {
                Ok(format!("rebuilt the whole site in {} ({what})", ms(report.elapsed)))
            }
        }
        Ok(Rebuilt::Partial { rendered, written, elapsed, .. }) => {
            Ok(format!("rebuilt {rendered} files, {written} changed, in {} ({what})", ms(elapsed)))
        }
        Err(diags) => {
            let last = if first {
                "the site does not build yet: its errors are shown in the browser until they are fixed".to_string()
            } else {
                format!("rebuild failed in {} ({what}); still serving the last good build", ms(took))
            };
            Err(Failure {
                overlay: diag::render(&diags, false),
                terminal: format!("{}{last}\n", diag::render(&diags, color)),
            })
        }
    }
}

/// "42 ms".
fn ms(elapsed: std::time::Duration) -> String {
    format!("{:.0} ms", elapsed.as_secs_f64() * 1000.0)
}

/// "content/briefs/x.en.md", or the first three and how many more.
fn describe(changed: &[PathBuf]) -> String {
    let names: Vec<String> =
        changed.iter().take(3).map(|p| p.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/")).collect();
    match changed.len() {
        0 => "no file".into(),
        n if n > 3 => format!("{} and {} more", names.join(", "), n - 3),
        _ => names.join(", "),
    }
}

/// Removes the folders of servers whose process is gone (where that can be told).
fn remove_stale(parent: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let pid = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok());
        if pid.is_some_and(|pid| !proc.join(pid.to_string()).exists()) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_what_changed() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(describe(&[p("content/briefs/x.en.md")]), "content/briefs/x.en.md");
        assert_eq!(describe(&[p("a"), p("b")]), "a, b");
        assert_eq!(describe(&[p("a"), p("b"), p("c"), p("d"), p("e")]), "a, b, c and 2 more");
    }

    #[test]
    fn a_taken_port_is_a_clear_error() {
        let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = bind(port).unwrap_err();
        assert!(err.contains(&format!("port {port} on 127.0.0.1 is already in use")), "{err}");
    }

    #[test]
    fn binds_to_loopback_only() {
        let listener = bind(0).unwrap();
        assert_eq!(listener.local_addr().unwrap().ip(), Ipv4Addr::LOCALHOST);
    }
}
