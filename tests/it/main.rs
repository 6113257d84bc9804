//! Integration tests: fixture sites built into temporary folders.

mod cli;
mod errors;
mod fixture;
mod markdown;
mod output;
mod pages;
mod serve;
