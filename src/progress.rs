//! Progress on long work, for a person watching a terminal.
//!
//! Takes counts from the stages (documents read, rendered, links fetched)
//! and draws one line on stderr — but only when stderr is a terminal, the
//! command was not given `--quiet`, and the work has run past
//! [`DELAY`]: a quick build, a pipe or a log file never see it. The line
//! is cleared before the command prints its result, so the final line
//! keeps its figures. A [`Progress::off`] costs nothing to update.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long work runs before its progress is shown.
pub const DELAY: Duration = Duration::from_secs(1);

/// One line of progress: a stage's name and how far it has come.
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// Progress that is never drawn.
    pub fn off() -> Progress {
        Progress { bar: None, start: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// Progress drawn on stderr once the work has run past [`DELAY`],
    /// when `wanted` (no `--quiet`) and stderr is a terminal.
    pub fn on_terminal(wanted: bool) -> Progress {
        match wanted && std::io::stderr().is_terminal() {
            true => Progress::drawn(),
            false => Progress::off(),
        }
    }

    fn drawn() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {msg:<22} {wide_bar} {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress { bar: Some(bar), start: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// Starts a stage of `len` steps.
    pub fn stage(&self, name: &'static str, len: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(0);
            bar.set_length(len as u64);
            bar.set_message(name);
            self.show_if_long(bar);
        }
    }

    /// `n` more steps of the current stage are done.
    pub fn advance(&self, n: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
            self.show_if_long(bar);
        }
    }

    /// Removes the line, before the result is printed.
    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn show_if_long(&self, bar: &ProgressBar) {
        if self.start.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress").field("drawn", &self.bar.is_some()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_off_counts_nothing_and_draws_nothing() {
        let p = Progress::off();
        p.stage("reading", 10);
        p.advance(3);
        assert!(p.bar.is_none());
        assert!(!p.shown.load(Ordering::Relaxed));
    }

    #[test]
    fn progress_stays_hidden_before_the_delay() {
        let p = Progress::drawn();
        p.stage("reading", 10);
        p.advance(3);
        assert!(!p.shown.load(Ordering::Relaxed));
        assert!(p.bar.as_ref().is_some_and(ProgressBar::is_hidden));
        assert_eq!(p.bar.as_ref().map(ProgressBar::position), Some(3));
    }
}
