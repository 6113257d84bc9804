//! Live reload: the state of the last build, the events stream, the script.
//!
//! Takes the outcome of each build ([`Live::succeeded`], [`Live::failed`])
//! and hands it to every open tab over Server-Sent Events at
//! [`EVENTS_PATH`]: `event: reload` with the new build generation after a
//! good build, `event: failed` with the diagnostics' text after a failed one.
//! The script at [`SCRIPT_PATH`] is added to HTML responses by the server
//! only ([`inject`]); nothing here touches what `mujaz build` writes. A tab
//! reloads when a good build is newer than the page it shows, so once per
//! rebuild, and shows an overlay while the site does not build.

use crate::render::json_string;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// The events stream's URL path.
pub const EVENTS_PATH: &str = "/__mujaz/events";
/// The live-reload script's URL path.
pub const SCRIPT_PATH: &str = "/__mujaz/live.js";
/// What the browser runs: follows the events, reloads, shows the overlay.
pub const SCRIPT: &str = include_str!("live.js");

/// How often an idle events stream sends a comment, to find closed tabs.
const PING: Duration = Duration::from_secs(15);

/// What the server is showing, shared by the rebuild loop and the connections.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Builds tried so far; each build writes into a folder named after it.
    pub generation: u64,
    /// The generation being served (0: none built yet).
    pub good: u64,
    /// The folder of the good generation.
    pub site: Option<PathBuf>,
    /// The newest build whose outcome is shown; an older one's is dropped.
    pub settled: u64,
    /// The errors of the last build, when it failed.
    pub error: Option<String>,
    /// Set on Ctrl-C: events streams end.
    pub stopping: bool,
}

/// The shared status and a condition variable that wakes the events streams.
#[derive(Debug)]
pub struct Live {
    status: Mutex<Status>,
    changed: Condvar,
    /// Tells this server's pages from another run's, whose generations restart.
    run: String,
}

impl Live {
    /// A status with nothing built yet; `run` names this server process.
    pub fn new(run: String) -> Self {
        Live { status: Mutex::new(Status::default()), changed: Condvar::new(), run }
    }

    /// A copy of the current status.
    pub fn status(&self) -> Status {
        self.lock().clone()
    }

    /// The next generation number, counted as tried.
    pub fn next_generation(&self) -> u64 {
        let mut s = self.lock();
        s.generation += 1;
        s.generation
    }

    /// Serves `site`, built as `generation`, and tells the tabs to reload.
    /// A build older than the last one settled (one given up on as stuck
    /// that finished later) changes nothing.
    pub fn succeeded(&self, generation: u64, site: PathBuf) {
        self.update(|s| {
            if generation > s.settled {
                s.settled = generation;
                s.good = generation;
                s.site = Some(site);
                s.error = None;
            }
        });
    }

    /// Keeps serving the last good site and shows `text`, the errors of
    /// build `generation`, in every tab; an older build's errors are dropped.
    pub fn failed(&self, generation: u64, text: String) {
        self.update(|s| {
            if generation > s.settled {
                s.settled = generation;
                s.error = Some(text);
            }
        });
    }

    /// The name of this server process, as pages carry it.
    pub fn run(&self) -> &str {
        &self.run
    }

    /// Ends every events stream.
    pub fn stop(&self) {
        self.update(|s| s.stopping = true);
    }

    fn update(&self, f: impl FnOnce(&mut Status)) {
        f(&mut self.lock());
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, Status> {
        // A panicking connection thread must not stop the server.
        self.status.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The tag added before `</body>` of a page served from generation `good`.
    pub fn script_tag(&self, good: u64) -> String {
        format!(
            "<script id=\"mujaz-live-reload\" src=\"{SCRIPT_PATH}\" data-generation=\"{good}\" data-run=\"{}\"></script>",
            self.run
        )
    }

    /// Writes the body of an events stream to `out` until the tab goes or
    /// the server stops.
    pub fn stream(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(b"retry: 1000\n\n")?;
        let mut sent: Option<(u64, u64)> = None;
        loop {
            let status = {
                let mut s = self.lock();
                while !s.stopping && sent == Some((s.generation, s.good)) {
                    let (next, timeout) = self.changed.wait_timeout(s, PING).unwrap_or_else(|e| e.into_inner());
                    s = next;
                    if timeout.timed_out() {
                        break;
                    }
                }
                s.clone()
            };
            if status.stopping {
                return Ok(());
            }
            if sent == Some((status.generation, status.good)) {
                out.write_all(b": ping\n\n")?;
            } else {
                out.write_all(self.event(&status).as_bytes())?;
                sent = Some((status.generation, status.good));
            }
            out.flush()?;
        }
    }

    /// The event that tells a tab about `status`.
    fn event(&self, status: &Status) -> String {
        let run = json_string(&self.run);
        match &status.error {
            Some(text) => format!(
                "event: failed\nid: {}\ndata: {{\"generation\":{},\"run\":{run},\"text\":{}}}\n\n",
                status.generation,
                status.good,
                json_string(text)
            ),
            None => format!(
                "event: reload\nid: {}\ndata: {{\"generation\":{},\"run\":{run}}}\n\n",
                status.generation, status.good
            ),
        }
    }
}

/// Adds `tag` before the last `</body>` of an HTML page, or at its end.
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_goes_before_the_last_body_end() {
        let page = b"<html><body><p>x</p></BODY>\n</html>\n";
        let out = String::from_utf8(inject(page, "<s>")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><s></BODY>\n</html>\n");
        assert_eq!(inject(b"<p>no body</p>", "<s>"), b"<p>no body</p><s>");
    }

    #[test]
    fn events_carry_the_generation_and_escaped_errors() {
        let live = Live::new("r1".into());
        let g = live.next_generation();
        live.succeeded(g, PathBuf::from("x"));
        let ev = live.event(&live.status());
        assert!(ev.starts_with("event: reload\nid: 1\ndata: {\"generation\":1,\"run\":\"r1\"}"), "{ev}");
        let g = live.next_generation();
        live.failed(g, "a.md:5:1: error: <b>\n5 | عنوان".into());
        let ev = live.event(&live.status());
        assert!(ev.starts_with("event: failed\nid: 2\n"), "{ev}");
        assert!(ev.contains(r#""generation":1"#), "{ev}");
        assert!(ev.contains(r#""text":"a.md:5:1: error: \u003cb\u003e\n5 | عنوان""#), "{ev}");
        assert_eq!(ev.matches('\n').count(), 4, "one data line: {ev}");
    }

    #[test]
    fn a_stuck_build_that_ends_late_changes_nothing() {
        let live = Live::new("r".into());
        let stuck = live.next_generation();
        let next = live.next_generation();
        live.failed(next, "newer errors".into());
        live.succeeded(stuck, PathBuf::from("old"));
        live.failed(stuck, "older errors".into());
        let s = live.status();
        assert_eq!((s.good, s.site, s.error.as_deref()), (0, None, Some("newer errors")));
        let last = live.next_generation();
        live.succeeded(last, PathBuf::from("new"));
        assert_eq!((live.status().good, live.status().error), (3, None));
    }

    #[test]
    fn a_stream_ends_when_the_server_stops() {
        let live = Live::new("r".into());
        live.stop();
        let mut out = Vec::new();
        live.stream(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "retry: 1000\n\n");
    }
}
