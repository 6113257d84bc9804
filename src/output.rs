//! Stage 7: writing the site, all or nothing.
//!
//! Takes the rendered files, as they are rendered, and the files to copy;
//! writes them into a temporary folder beside the output ([`Staging`]) and
//! swaps it in only when every file was written, so a failed build leaves
//! the previous output as it was, and no build holds every page in memory.
//! Refuses an output folder that is the site's root, holds it, or holds a
//! `site.yaml`: the swap would replace the site itself.

use crate::diag::Diagnostic;
use crate::render::OutFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};

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

/// A fresh folder beside the output that files are written into as they
/// are rendered, swapped in place of the output by [`Staging::commit`].
/// Dropped without a commit, it removes itself and the output is untouched.
pub struct Staging {
    output: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// `.<output>.prev`: the build before the last, kept to be written over.
    prev: PathBuf,
    /// Whether `tmp` is a previous build being written over.
    reused: bool,
    /// The files that previous build wrote, from its list beside it.
    reused_files: Option<Vec<PathBuf>>,
    /// `.<output>.files`: the list of files in the output.
    list: PathBuf,
    /// Files written by [`Staging::copy`] (the writer thread keeps its own).
    copied: Mutex<HashSet<PathBuf>>,
    /// Folders already made, so each is made once.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Rendered files go to a writer thread, so rendering threads never wait
    /// on the disk; the channel is bounded, so memory stays small.
    queue: Mutex<Option<SyncSender<OutFile>>>,
    writers: Vec<JoinHandle<Result<HashSet<PathBuf>, Diagnostic>>>,
    committed: bool,
}

impl Staging {
    /// Creates the temporary folder beside `output`.
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create the folder", e))?;
        // Unique per build: a previous build's old output may still be being removed.
        static BUILDS: AtomicU64 = AtomicU64::new(0);
        let n = BUILDS.fetch_add(1, Ordering::Relaxed);
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let id = format!("{}-{n}-{stamp}", std::process::id());
        let tmp = parent.join(format!(".{name}.tmp-{id}"));
        let old = parent.join(format!(".{name}.old-{id}"));
        let prev = parent.join(format!(".{name}.prev"));
        // Writing over the build before the last (renamed, so no other build
        // takes it too) costs far less than creating thousands of files anew.
        let reused = prev.is_dir() && fs::rename(&prev, &tmp).is_ok();
        let list = parent.join(format!(".{name}.files"));
        let prev_list = parent.join(format!(".{name}.prev.files"));
        let reused_files = match reused {
            true => fs::read_to_string(&prev_list).ok().map(|t| t.lines().map(PathBuf::from).collect()),
            false => None,
        };
        let _ = fs::remove_file(&prev_list);
        if !reused {
            fs::create_dir_all(&tmp).map_err(|e| io_error(&tmp, "cannot create the temporary folder", e))?;
        }
        let (send, receive) = sync_channel::<OutFile>(256);
        let receive = std::sync::Arc::new(Mutex::new(receive));
        let writers = (0..WRITERS).map(|_| {
            let root = tmp.clone();
            let receive = receive.clone();
            std::thread::spawn(move || write_files(&root, &receive))
        });
        let writers = writers.collect();
        Ok(Staging {
            output: output.to_path_buf(),
            tmp,
            old,
            prev,
            reused,
            reused_files,
            list,
            copied: Mutex::new(HashSet::new()),
            dirs: Mutex::new(HashSet::new()),
            queue: Mutex::new(Some(send)),
            writers,
            committed: false,
        })
    }

    /// Hands a rendered file to the writer thread.
    pub fn send(&self, file: OutFile) -> Result<(), Diagnostic> {
        let queue = self.queue.lock().unwrap_or_else(|e| e.into_inner()).clone();
        match queue {
            Some(q) => q.send(file).map_err(|_| Diagnostic::error(&self.tmp, "the output writer stopped")),
            None => Err(Diagnostic::error(&self.tmp, "the output is already committed")),
        }
    }

    /// Waits for the writer thread to write everything sent to it, and
    /// returns every file written.
    fn finish_writing(&mut self) -> Result<HashSet<PathBuf>, Diagnostic> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).take();
        let mut written = HashSet::new();
        for writer in std::mem::take(&mut self.writers) {
            match writer.join() {
                Ok(result) => written.extend(result?),
                Err(_) => return Err(Diagnostic::error(&self.tmp, "the output writer failed")),
            }
        }
        written.extend(self.copied.lock().unwrap_or_else(|e| e.into_inner()).drain());
        Ok(written)
    }

    fn dir_for(&self, rel: &Path) -> Result<PathBuf, Diagnostic> {
        let full = self.tmp.join(rel);
        if let Some(parent) = rel.parent() {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !dirs.contains(parent) {
                let d = self.tmp.join(parent);
                fs::create_dir_all(&d).map_err(|e| io_error(&d, "cannot create the folder", e))?;
                dirs.insert(parent.to_path_buf());
            }
        }
        Ok(full)
    }

    /// Writes one file, relative to the output.
    pub fn put(&self, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        let full = self.dir_for(rel)?;
        fs::write(&full, bytes).map_err(|e| io_error(&full, "cannot write", e))?;
        self.copied.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_path_buf());
        Ok(())
    }

    /// Copies one file into the output.
    pub fn copy(&self, rel: &Path, src: &Source) -> Result<(), Diagnostic> {
        match src {
            Source::Bytes(b) => self.put(rel, b),
            Source::File(p) => {
                let full = self.dir_for(rel)?;
                fs::copy(p, &full).map_err(|e| io_error(p, "cannot copy", e))?;
                self.copied.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_path_buf());
                Ok(())
            }
        }
    }

    /// Swaps the written folder in place of the output.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let written = self.finish_writing()?;
        match (self.reused, self.reused_files.take()) {
            (true, Some(files)) => remove_listed(&self.tmp, &files, &written),
            (true, None) => {
                remove_stale(&self.tmp, Path::new(""), &written);
            }
            (false, _) => {}
        }
        let output = self.output.clone();
        if output.exists() {
            fs::rename(&output, &self.old)
                .map_err(|e| io_error(&output, "cannot move the previous output aside", e))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &output) {
            // Put the previous output back.
            let _ = fs::rename(&self.old, &output);
            return Err(io_error(&output, "cannot move the new output in place", e));
        }
        self.committed = true;
        // Keep the previous output, and its list of files, to write the next
        // build over.
        let prev_list = self.prev.with_file_name(format!("{}.files", file_name(&self.prev)));
        if self.old.exists() {
            if !self.prev.exists() && fs::rename(&self.old, &self.prev).is_ok() {
                let _ = fs::rename(&self.list, &prev_list);
            } else {
                discard(&self.old);
            }
        }
        let mut names: Vec<String> = written.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        names.sort_unstable();
        let _ = fs::write(&self.list, names.join("\n"));
        Ok(())
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Removes the files of `files` (relative to `dir`) that this build did not
/// write, and their folders when that leaves them empty.
fn remove_listed(dir: &Path, files: &[PathBuf], written: &HashSet<PathBuf>) {
    let mut folders: Vec<PathBuf> = Vec::new();
    for f in files.iter().filter(|f| !written.contains(*f)) {
        let _ = fs::remove_file(dir.join(f));
        folders.extend(f.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()).map(Path::to_path_buf));
    }
    // Deepest first; a folder still holding files stays.
    folders.sort_unstable_by_key(|f| std::cmp::Reverse(f.components().count()));
    folders.dedup();
    for f in folders {
        let _ = fs::remove_dir(dir.join(f));
    }
}

/// Threads writing rendered files: two keep the disk busy while a page waits.
const WRITERS: usize = 2;

/// A writer thread: takes files off the queue until it closes, and returns
/// the paths it wrote.
fn write_files(root: &Path, queue: &Mutex<Receiver<OutFile>>) -> Result<HashSet<PathBuf>, Diagnostic> {
    let mut made: HashSet<PathBuf> = HashSet::new();
    let mut written: HashSet<PathBuf> = HashSet::new();
    loop {
        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(file) = next else { return Ok(written) };
        let full = root.join(&file.path);
        if let Some(parent) = full.parent()
            && made.insert(parent.to_path_buf())
        {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create the folder", e))?;
        }
        overwrite(&full, &file.bytes).map_err(|e| io_error(&full, "cannot write", e))?;
        written.insert(file.path);
    }
}

/// Writes `bytes` over the file at `path` in place, cutting it to its new
/// length after. Emptying a file and writing it anew (as `fs::write` does)
/// makes ext4 send each file to the disk as it is closed (`auto_da_alloc`),
/// which on a large site costs more than rendering it.
fn overwrite(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new().write(true).create(true).truncate(false).open(path)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)
}

/// Removes the files under `dir` that this build did not write, and the
/// folders left empty. `rel` is `dir` relative to the output's root.
fn remove_stale(dir: &Path, rel: &Path, written: &HashSet<PathBuf>) -> bool {
    let Ok(entries) = fs::read_dir(dir) else { return false };
    let mut empty = true;
    for e in entries.flatten() {
        let path = e.path();
        let rel = rel.join(e.file_name());
        let keep = match e.file_type() {
            Ok(t) if t.is_dir() => remove_stale(&path, &rel, written) || fs::remove_dir(&path).is_err(),
            _ => written.contains(&rel) || fs::remove_file(&path).is_err(),
        };
        empty &= !keep;
    }
    !empty
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.finish_writing();
            // A folder being written over goes back to wait for the next build.
            if !(self.reused && !self.prev.exists() && fs::rename(&self.tmp, &self.prev).is_ok()) {
                let _ = fs::remove_dir_all(&self.tmp);
            }
        }
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.send(file)
    }
}

/// Writes every file into a fresh folder and swaps it in place of `output`.
pub fn write_all(output: &Path, files: Vec<OutFile>, copies: Vec<(PathBuf, Source)>) -> Result<(), Diagnostic> {
    let staging = Staging::new(output)?;
    files.par_iter().try_for_each(|f| staging.put(&f.path, &f.bytes))?;
    copies.par_iter().try_for_each(|(rel, src)| staging.copy(rel, src))?;
    staging.commit()
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

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
}
