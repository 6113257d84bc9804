//! Progress on long work, for a person watching a terminal.
//!
//! Takes counts from the stages (documents read, rendered, links fetched)
//! and draws one line on stderr — but only when stderr is a terminal, the
//! command was not given `--quiet`, and the work has run past [`DELAY`]
//! (a timer shows it then, whether or not a stage has moved): a quick
//! build, a pipe or a log file never see it. The line
//! is cleared before the command prints its result, so the final line
//! keeps its figures. A [`Progress::off`] costs nothing to update.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long work runs before its progress is shown.
pub const DELAY: Duration = Duration::from_secs(1);

/// Where the line is in its life: waiting for [`DELAY`], drawn, or gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Waiting,
    Shown,
    Cleared,
}

/// One line of progress: a stage's name and how far it has come.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Shared with the timer that shows the line after [`DELAY`]: showing
    /// and clearing never cross, so no line is drawn after the last one.
    phase: Arc<Mutex<Phase>>,
}

impl Progress {
    /// Progress that is never drawn.
    pub fn off() -> Progress {
        Progress { bar: None, phase: Arc::new(Mutex::new(Phase::Cleared)) }
    }

    /// Progress drawn on stderr once the work has run past [`DELAY`],
    /// when `wanted` (no `--quiet`) and stderr is a terminal.
    /// `MUJAZ_PROGRESS_DELAY_MS` sets another delay: the tests' way to see
    /// progress without a build that lasts a second.
    pub fn on_terminal(wanted: bool) -> Progress {
        let delay = std::env::var("MUJAZ_PROGRESS_DELAY_MS").ok().and_then(|ms| ms.parse().ok());
        match wanted && std::io::stderr().is_terminal() {
            true => Progress::drawn(delay.map_or(DELAY, Duration::from_millis)),
            false => Progress::off(),
        }
    }

    /// A hidden line, and a timer that shows it after `delay` unless it
    /// was cleared by then.
    fn drawn(delay: Duration) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {msg:<22} {wide_bar} {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        let phase = Arc::new(Mutex::new(Phase::Waiting));
        let (timer_bar, timer_phase) = (bar.clone(), Arc::clone(&phase));
        let timer = std::thread::Builder::new().name("mujaz-progress".into()).spawn(move || {
            std::thread::sleep(delay);
            show(&timer_bar, &timer_phase);
        });
        if timer.is_err() {
            // No timer: the line is never shown, and the work goes on.
            *lock(&phase) = Phase::Cleared;
        }
        Progress { bar: Some(bar), phase }
    }

    /// Starts a stage of `len` steps.
    pub fn stage(&self, name: &'static str, len: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(0);
            bar.set_length(len as u64);
            bar.set_message(name);
        }
    }

    /// `n` more steps of the current stage are done.
    pub fn advance(&self, n: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
    }

    /// Removes the line, before the result is printed; it is not shown again.
    pub fn clear(&self) {
        let mut phase = lock(&self.phase);
        if let Some(bar) = &self.bar
            && *phase != Phase::Cleared
        {
            bar.finish_and_clear();
        }
        *phase = Phase::Cleared;
    }
}

/// Draws the line on stderr, unless it was cleared already.
fn show(bar: &ProgressBar, phase: &Mutex<Phase>) {
    let mut phase = lock(phase);
    if *phase == Phase::Waiting {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
        *phase = Phase::Shown;
    }
}

fn lock(phase: &Mutex<Phase>) -> std::sync::MutexGuard<'_, Phase> {
    phase.lock().unwrap_or_else(|e| e.into_inner())
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

    fn phase(p: &Progress) -> Phase {
        *lock(&p.phase)
    }

    #[test]
    fn progress_off_counts_nothing_and_draws_nothing() {
        let p = Progress::off();
        p.stage("reading", 10);
        p.advance(3);
        assert!(p.bar.is_none());
        assert_eq!(phase(&p), Phase::Cleared);
    }

    #[test]
    fn progress_stays_hidden_before_the_delay() {
        let p = Progress::drawn(Duration::from_secs(3600));
        p.stage("reading", 10);
        p.advance(3);
        assert_eq!(phase(&p), Phase::Waiting);
        assert!(p.bar.as_ref().is_some_and(ProgressBar::is_hidden));
        assert_eq!(p.bar.as_ref().map(ProgressBar::position), Some(3));
    }

    #[test]
    fn progress_is_shown_after_the_delay_even_without_steps() {
        let p = Progress::drawn(Duration::from_millis(10));
        p.stage("linking", 0);
        let start = std::time::Instant::now();
        while phase(&p) == Phase::Waiting && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(phase(&p), Phase::Shown);
        p.clear();
        assert_eq!(phase(&p), Phase::Cleared);
    }

    #[test]
    fn cleared_progress_is_never_shown() {
        let p = Progress::drawn(Duration::from_millis(10));
        p.clear();
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(phase(&p), Phase::Cleared);
        assert!(p.bar.as_ref().is_some_and(ProgressBar::is_hidden));
    }
}
