//! Integration tests: fixture sites built into temporary folders.

mod cli;
mod errors;
mod external;
mod fixture;
mod markdown;
mod output;
mod pages;
