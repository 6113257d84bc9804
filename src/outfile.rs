//! One file of the output, as the stages that make files hand it on: the
//! pages and feeds of `render`, the search indexes of `search`.

use std::path::PathBuf;

/// One file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}
