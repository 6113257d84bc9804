//! Stage 7: writing the site, all or nothing.
//!
//! Takes the rendered files and the files to copy; writes them into a
//! temporary folder beside the output and swaps it in only when every file
//! was written, so a failed build leaves the previous output as it was.
//! Refuses an output folder that is the site's root, holds it, or holds a
//! `site.yaml`: the swap would replace the site itself.

use crate::diag::Diagnostic;
use crate::render::OutFile;
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

/// A file to copy into the output.
#[derive(Debug, Clone)]
pub enum Source {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// Checks that `output` can be replaced without harming the site at `root`.
pub fn check_target(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root_abs = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let out_abs = absolute(output);
    if root_abs.starts_with(&out_abs) || output.join("site.yaml").exists() || output.join("content").is_dir() {
        return Err(Diagnostic::error(
            output,
            "refusing to write the site into this folder: it holds the site's sources",
        )
        .help("choose an output folder of its own, such as `output/`"));
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    let base = p.parent().filter(|x| !x.as_os_str().is_empty()).and_then(|x| fs::canonicalize(x).ok());
    match (base, p.file_name()) {
        (Some(b), Some(n)) => b.join(n),
        _ => std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf()),
    }
}

/// Writes every file into a fresh folder and swaps it in place of `output`.
pub fn write_all(output: &Path, files: Vec<OutFile>, copies: Vec<(PathBuf, Source)>) -> Result<(), Diagnostic> {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create the folder", e))?;
    // Unique per build: a previous build's old output may still be being removed.
    static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let id = format!("{}-{n}-{stamp}", std::process::id());
    let tmp = parent.join(format!(".{name}.tmp-{id}"));
    let old = parent.join(format!(".{name}.old-{id}"));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(|e| io_error(&tmp, "cannot clear the temporary folder", e))?;
    }
    let result = fill(&tmp, files, copies);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if output.exists() {
        fs::rename(output, &old).map_err(|e| {
            let _ = fs::remove_dir_all(&tmp);
            io_error(output, "cannot move the previous output aside", e)
        })?;
    }
    if let Err(e) = fs::rename(&tmp, output) {
        // Put the previous output back.
        let _ = fs::rename(&old, output);
        let _ = fs::remove_dir_all(&tmp);
        return Err(io_error(output, "cannot move the new output in place", e));
    }
    if old.exists() {
        discard(&old);
    }
    Ok(())
}

/// Removes the previous output once the new one is in place. On Unix a
/// detached `rm -rf` does it, so the build does not wait for thousands of
/// deletions; elsewhere, or if that cannot start, it is done here.
fn discard(old: &Path) {
    #[cfg(unix)]
    {
        let spawned = std::process::Command::new("rm")
            .arg("-rf")
            .arg(old)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    remove_parallel(old);
}

/// Removes a folder, its subfolders in parallel (a site has thousands).
fn remove_parallel(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.par_iter().for_each(|p| {
            if p.is_dir() {
                remove_parallel(p);
            } else {
                let _ = fs::remove_file(p);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}

fn fill(tmp: &Path, files: Vec<OutFile>, copies: Vec<(PathBuf, Source)>) -> Result<(), Diagnostic> {
    fs::create_dir_all(tmp).map_err(|e| io_error(tmp, "cannot create the temporary folder", e))?;
    // Folders first, once each, then the files in parallel.
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|f| f.path.clone())
        .chain(copies.iter().map(|c| c.0.clone()))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        let full = tmp.join(d);
        fs::create_dir_all(&full).map_err(|e| io_error(&full, "cannot create the folder", e))?;
    }
    files.into_par_iter().try_for_each(|f| {
        let full = tmp.join(&f.path);
        fs::write(&full, &f.bytes).map_err(|e| io_error(&full, "cannot write", e))
    })?;
    copies.into_par_iter().try_for_each(|(rel, src)| {
        let full = tmp.join(&rel);
        match src {
            Source::Bytes(b) => fs::write(&full, b).map(|_| ()).map_err(|e| io_error(&full, "cannot write", e)),
            Source::File(p) => fs::copy(&p, &full).map(|_| ()).map_err(|e| io_error(&p, "cannot copy", e)),
        }
    })
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
}
