//! mujaz compiles bilingual briefing reports into a static site.
pub mod analytic;
pub mod bodies;
pub mod build;
pub mod chart;
pub mod config;
pub mod content;
pub mod cputime;
pub mod diag;
pub mod escape;
pub mod external;
pub mod fields;
pub mod i18n;
pub mod incremental;
pub mod links;
pub mod locale;
pub mod markdown;
pub mod outfile;
pub mod output;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod theme;
pub mod translations;
pub mod urls;
pub mod yaml;
// maps (issue #14)
pub mod geo;
// Plural forms of counted phrases (phones branch).
pub mod plural;
// Lead images' width and height (phones branch).
pub mod dimensions;
// sources: graded sources, citations and numbered figures.
pub mod citations;
pub mod figures;
pub mod sources;
