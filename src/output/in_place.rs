//! Writing a few files straight into a built output, for `mujaz serve`'s
//! rebuilds.
//!
//! Takes the output folder and the rendered files; writes each one whose
//! bytes differ from what is there, beside it first and then renamed over
//! it, so a reader never sees half a file, and adds them to the output's
//! record ([`super::MANIFEST`]). Returns how many it wrote.

use super::record_written;
use crate::diag::Diagnostic;
use crate::render::OutFile;
use rayon::prelude::*;
use std::path::Path;

/// Writes the files that differ from the output's, in place. Returns how
/// many were written.
pub fn update_in_place(output: &Path, files: &[OutFile]) -> Result<usize, Vec<Diagnostic>> {
    let written: Vec<Result<bool, Diagnostic>> = files.par_iter().map(|f| write_if_changed(output, f)).collect();
    let mut count = 0;
    for w in written {
        count += usize::from(w.map_err(|d| vec![d])?);
    }
    record_written(output, files.iter().map(|f| f.path.as_path())).map_err(|d| vec![d])?;
    Ok(count)
}

/// Writes a file unless it already holds these bytes. Returns whether it wrote.
fn write_if_changed(output: &Path, file: &OutFile) -> Result<bool, Diagnostic> {
    let full = output.join(&file.path);
    if std::fs::read(&full).is_ok_and(|old| old == file.bytes) {
        return Ok(false);
    }
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(parent, format!("cannot create the folder: {e}")))?;
    }
    // Write beside it and rename, so a reader never sees half a file.
    let tmp = full.with_extension("mujaz-tmp");
    std::fs::write(&tmp, &file.bytes).map_err(|e| Diagnostic::error(&tmp, format!("cannot write: {e}")))?;
    std::fs::rename(&tmp, &full).map_err(|e| Diagnostic::error(&full, format!("cannot write: {e}")))?;
    Ok(true)
}
