//! mujaz compiles bilingual briefing reports into a static site.
pub mod build;
pub mod chart;
pub mod config;
pub mod content;
pub mod diag;
pub mod fields;
pub mod links;
pub mod locale;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;
pub mod yaml;
