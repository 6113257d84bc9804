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
mod theme;
mod translations;
