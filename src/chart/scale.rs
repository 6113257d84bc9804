//! Value axes: a range rounded out to "nice" steps (1, 2, 2.5 or 5 times a
//! power of ten) and the ticks along it.
//!
//! Takes the lowest and highest values to show; returns the axis range and
//! its ticks. Refuses nothing: an empty or flat range becomes 0–1 or is
//! widened, and non-finite input is treated as zero.

/// A value axis: its ends and the ticks between them, ends included.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
}

/// A nice axis covering `lo..=hi` with about `target` steps. When `whole`
/// (every value is a whole number) the step is never below 1.
pub fn nice(lo: f64, hi: f64, target: usize, whole: bool) -> Scale {
    let (mut lo, mut hi) = (finite(lo.min(hi)), finite(hi.max(lo)));
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        if lo == 0.0 {
            hi = 1.0;
        } else if lo > 0.0 {
            lo = 0.0;
        } else {
            hi = 0.0;
        }
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mut step = mag
        * if norm <= 1.0 {
            1.0
        } else if norm <= 2.0 {
            2.0
        } else if norm <= 2.5 {
            2.5
        } else if norm <= 5.0 {
            5.0
        } else {
            10.0
        };
    // Counts are ticked in whole numbers: 2 rather than 2.5, never below 1.
    if whole && step.fract() != 0.0 {
        step = step.floor().max(1.0);
    }
    if !step.is_finite() || step <= 0.0 {
        return Scale { min: 0.0, max: 1.0, ticks: vec![0.0, 1.0] };
    }
    let min = (lo / step).floor() * step;
    let max = (hi / step).ceil() * step;
    let count = (((max - min) / step).round() as usize).min(50);
    let ticks = (0..=count).map(|i| clean(min + i as f64 * step, step)).collect();
    Scale { min, max: min + count as f64 * step, ticks }
}

fn finite(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}

/// Removes the float noise of repeated addition (0.30000000000000004) and
/// negative zero.
fn clean(v: f64, step: f64) -> f64 {
    let digits = (-step.log10().floor()).clamp(0.0, 12.0) as i32 + 1;
    let p = 10f64.powi(digits);
    let r = (v * p).round() / p;
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice(0.0, 6.0, 5, true).ticks, vec![0.0, 2.0, 4.0, 6.0]);
        assert_eq!(nice(0.0, 2.0, 5, true).ticks, vec![0.0, 1.0, 2.0]);
        assert_eq!(nice(0.0, 11.0, 5, true).ticks, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
        assert_eq!(nice(0.0, 11.0, 5, false).ticks, vec![0.0, 2.5, 5.0, 7.5, 10.0, 12.5]);
        let s = nice(0.0, 0.9, 5, false);
        assert_eq!(s.ticks, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let s = nice(-3.0, 7.0, 5, true);
        assert_eq!((s.min, s.max), (-4.0, 8.0));
        assert_eq!(nice(0.0, 0.0, 5, true).ticks, vec![0.0, 1.0]);
        assert_eq!(nice(5.0, 5.0, 5, true).max, 5.0);
    }

    #[test]
    fn extreme_ranges_do_not_panic() {
        let s = nice(0.0, 1e15, 5, true);
        assert!(s.ticks.len() <= 51 && s.max >= 1e15);
        let s = nice(f64::NAN, f64::INFINITY, 5, false);
        assert_eq!((s.min, s.max), (0.0, 1.0));
        let s = nice(-1e-12, 1e-12, 5, false);
        assert!(!s.ticks.is_empty());
    }
}
