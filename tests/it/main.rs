//! Integration tests: fixture sites built into temporary folders.

mod charts;
mod cli;
mod errors;
mod external;
mod fixture;
mod incremental;
mod init;
mod markdown;
mod new;
mod output;
mod pages;
mod safety;
mod serve;
mod translations;
