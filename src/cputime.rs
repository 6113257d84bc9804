//! CPU time, for `MUJAZ_TIMINGS`: what a stage costs summed over the
//! threads that run it, which a clock on the wall cannot tell on a
//! machine whose cores are all busy.
//!
//! [`Meter`] adds up the CPU time of the calls it measures, whatever
//! thread makes them; [`process`] is the whole process's, to compare.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// CPU time summed over the calls of [`Meter::measure`], while on.
pub struct Meter {
    on: AtomicBool,
    nanos: AtomicU64,
}

impl Meter {
    pub const fn new() -> Self {
        Meter { on: AtomicBool::new(false), nanos: AtomicU64::new(0) }
    }

    /// Starts measuring from zero.
    pub fn start(&self) {
        self.nanos.store(0, Ordering::Relaxed);
        self.on.store(true, Ordering::Relaxed);
    }

    /// Runs `f`, adding the CPU time this thread spent in it when on; when
    /// off, only runs it.
    #[inline]
    pub fn measure<T>(&self, f: impl FnOnce() -> T) -> T {
        if !self.on.load(Ordering::Relaxed) {
            return f();
        }
        let start = thread();
        let out = f();
        self.nanos.fetch_add(thread().saturating_sub(start), Ordering::Relaxed);
        out
    }

    /// The CPU time measured so far, in milliseconds.
    pub fn ms(&self) -> f64 {
        self.nanos.load(Ordering::Relaxed) as f64 / 1e6
    }
}

impl Default for Meter {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(unix)]
fn clock(id: libc::clockid_t) -> u64 {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to fill.
    if unsafe { libc::clock_gettime(id, &mut t) } != 0 {
        return 0;
    }
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

/// This thread's CPU time so far, in milliseconds.
pub fn thread_ms() -> f64 {
    thread() as f64 / 1e6
}

/// This thread's CPU time in nanoseconds (0 where the system does not say).
fn thread() -> u64 {
    #[cfg(unix)]
    return clock(libc::CLOCK_THREAD_CPUTIME_ID);
    #[cfg(not(unix))]
    return 0;
}

/// The process's CPU time so far, all threads, in milliseconds (0 where
/// the system does not say).
pub fn process() -> f64 {
    #[cfg(unix)]
    return clock(libc::CLOCK_PROCESS_CPUTIME_ID) as f64 / 1e6;
    #[cfg(not(unix))]
    return 0.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spins for `ms` milliseconds of this thread's CPU time.
    fn spin(ms: f64) -> u64 {
        let start = thread();
        let mut x = 1u64;
        while (thread() - start) as f64 / 1e6 < ms {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        }
        x
    }

    #[test]
    #[cfg(unix)]
    fn a_meter_counts_the_calls_it_measures_while_on_and_only_those() {
        let meter = Meter::new();
        meter.measure(|| spin(5.0));
        assert_eq!(meter.ms(), 0.0, "off: nothing measured");
        meter.start();
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| meter.measure(|| spin(10.0)));
            }
        });
        spin(10.0);
        let ms = meter.ms();
        assert!((20.0..60.0).contains(&ms), "two threads of 10 ms each, not the third: {ms}");
        assert!(process() >= ms);
        meter.start();
        assert_eq!(meter.ms(), 0.0, "started again from zero");
    }
}
