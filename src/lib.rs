//! mujaz compiles bilingual briefing reports into a static site.
pub mod chart;
pub mod diag;
pub mod locale;
