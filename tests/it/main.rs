//! Integration tests: fixture sites built into temporary folders.

mod charts;
mod cli;
mod commonmark;
mod errors;
mod escaping;
mod external;
mod fixture;
mod guide;
mod incremental;
mod init;
mod links;
mod markdown;
// maps (issue #14)
mod maps;
mod new;
mod output;
mod pages;
mod progress;
mod safety;
// --- search (issue 13) ---
mod search;
mod serve;
mod serve_http;
mod snapshots;
// Symbolic links in the sources: none leads a file from outside the site into a build.
mod symlinks;
mod theme;
// Themes copied from an older release.
mod theme_upgrade;
mod translations;

// Analytic briefs: key judgments, markings, revisions.
mod judgments;
// Phone-first pages and language details (phones branch).
mod phones;
// sources: graded sources, citations and numbered figures.
mod figures;
mod sources;
