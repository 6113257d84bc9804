//! mujaz compiles bilingual briefing reports into a static site.
pub mod chart;
pub mod diag;
pub mod locale;
pub mod yaml;
pub mod fields;
pub mod config;
pub mod content;
pub mod markdown;
pub mod site;
pub mod theme;
pub mod render;
pub mod output;
pub mod links;
pub mod build;
