//! Stage 7: writing the site, all or nothing, and only over what mujaz wrote.
//!
//! Takes the rendered files, as they are rendered, and the files to copy;
//! writes them into a temporary folder beside the output ([`Staging`]) and
//! swaps it in only when every file was written, so a failed build leaves
//! the previous output as it was, and no build holds every page in memory.
//! On Linux the swap is one atomic step (`renameat2(RENAME_EXCHANGE)`): at
//! every instant the output is the whole old site or the whole new one.
//!
//! The output holds a record of the files mujaz wrote there, [`MANIFEST`].
//! Only those are ever replaced or removed: anything else found in the
//! output (a deploy checkout's `.git`, a `CNAME`) is carried into the new
//! output unchanged, and a file of the site that would land on one of them
//! is an error. Where a build may write at all is decided first, by
//! [`check_target`]; what it will write, by [`planned_outputs`] and
//! [`plan_copies`]; `mujaz serve`'s rebuilds write a few files in place
//! ([`update_in_place`]).

mod in_place;
mod plan;
mod target;

pub use in_place::update_in_place;
pub use plan::{plan_copies, planned_outputs};
pub use target::{MANIFEST, Target, check_target, record_written};

use crate::diag::Diagnostic;
use crate::render::OutFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};
use target::{folders_of, read_list, record, write_manifest};

/// A file to copy into the output.
#[derive(Debug, Clone)]
pub enum Source {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// A fresh folder beside the output that files are written into as they
/// are rendered, swapped in place of the output by [`Staging::commit`].
/// Dropped without a commit, it goes away and the output is untouched.
pub struct Staging {
    /// The output folder (where a link named as the output points).
    real: PathBuf,
    /// What of the output mujaz did not write, found while the site is
    /// rendered (see [`foreign`]).
    found: Option<JoinHandle<Vec<PathBuf>>>,
    tmp: PathBuf,
    /// `.<output>.prev`: the build before the last, kept to be written over.
    prev: PathBuf,
    /// When `tmp` is a previous build being written over: the files it has.
    reused: Option<HashSet<PathBuf>>,
    /// Files written by [`Staging::copy`] (the writer threads keep their own).
    copied: Mutex<HashSet<PathBuf>>,
    /// Folders already made, so each is made once.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Rendered files go to writer threads, so rendering threads never wait
    /// on the disk; the channel is bounded, so memory stays small.
    queue: Mutex<Option<SyncSender<Vec<OutFile>>>>,
    writers: Vec<JoinHandle<Result<HashSet<PathBuf>, Diagnostic>>>,
    /// Every file written, once the writers are done.
    written: HashSet<PathBuf>,
    committed: bool,
    /// Whether `tmp` may hold files its record will not list: files carried
    /// into it, or written by a writer that failed.
    untracked: bool,
    /// Held until the build is over: one build at a time per output.
    _lock: Option<fs::File>,
}

impl Staging {
    /// Waits for any other build into the same output, removes what killed
    /// builds left, and makes the temporary folder beside the output.
    pub fn new(target: Target) -> Result<Staging, Diagnostic> {
        let Target { real, owned } = target;
        let name = file_name(&real);
        let parent = real.parent().unwrap_or(Path::new("/")).to_path_buf();
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "cannot create the folder", e))?;
        let lock = lock(&parent.join(format!(".{name}.lock")))?;
        clean_up(&parent, &name, &real);
        // A build that held the lock may have written the output since it was checked.
        let owned = record(&real).unwrap_or(owned);
        let found = {
            let real = real.clone();
            std::thread::spawn(move || match fs::symlink_metadata(&real) {
                Ok(m) if m.is_dir() => foreign(&real, Path::new(""), &owned, &folders_of(owned.iter())),
                _ => Vec::new(),
            })
        };
        let tmp = parent.join(format!(".{name}.tmp-{}", unique()));
        let prev = parent.join(format!(".{name}.prev"));
        // Writing over the build before the last costs far less than
        // creating thousands of files anew.
        let reused = reuse(&prev, &tmp, &name);
        if reused.is_none() {
            fs::create_dir(&tmp).map_err(|e| io_error(&tmp, "cannot create the temporary folder", e))?;
        }
        let (send, receive) = sync_channel::<Vec<OutFile>>(256);
        let receive = std::sync::Arc::new(Mutex::new(receive));
        let writers = (0..WRITERS).map(|_| {
            let root = tmp.clone();
            let receive = receive.clone();
            std::thread::spawn(move || write_files(&root, &receive))
        });
        let writers = writers.collect();
        Ok(Staging {
            real,
            found: Some(found),
            tmp,
            prev,
            reused,
            copied: Mutex::new(HashSet::new()),
            dirs: Mutex::new(HashSet::new()),
            queue: Mutex::new(Some(send)),
            writers,
            committed: false,
            untracked: false,
            written: HashSet::new(),
            _lock: lock,
        })
    }

    /// Hands rendered files to the writer threads, together: a writer
    /// takes them all at once, so files made in a burst (the search index's
    /// hundreds) do not wake a writer each.
    pub fn send(&self, files: Vec<OutFile>) -> Result<(), Diagnostic> {
        let queue = self.queue.lock().unwrap_or_else(|e| e.into_inner()).clone();
        match queue {
            Some(q) => q.send(files).map_err(|_| Diagnostic::error(&self.tmp, "the output writer stopped")),
            None => Err(Diagnostic::error(&self.tmp, "the output is already committed")),
        }
    }

    /// Waits for the writer threads to write everything sent to them, and
    /// adds every file written to `written`.
    fn finish_writing(&mut self) -> Result<(), Diagnostic> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).take();
        let mut failed = None;
        for writer in std::mem::take(&mut self.writers) {
            match writer.join() {
                Ok(Ok(files)) => self.written.extend(files),
                Ok(Err(d)) => failed = Some(d),
                Err(_) => failed = Some(Diagnostic::error(&self.tmp, "the output writer failed")),
            }
        }
        self.written.extend(self.copied.lock().unwrap_or_else(|e| e.into_inner()).drain());
        match failed {
            Some(d) => {
                self.untracked = true;
                Err(d)
            }
            None => Ok(()),
        }
    }

    fn dir_for(&self, rel: &Path) -> Result<PathBuf, Diagnostic> {
        let full = self.tmp.join(rel);
        if let Some(parent) = rel.parent() {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !dirs.contains(parent) {
                make_dir(&self.tmp, parent)?;
                dirs.insert(parent.to_path_buf());
            }
        }
        Ok(full)
    }

    /// Writes one file, relative to the output.
    pub fn put(&self, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        let full = self.dir_for(rel)?;
        unlink(&full);
        retry(&self.tmp, rel, || fs::write(&full, bytes)).map_err(|e| io_error(&full, "cannot write", e))?;
        self.copied.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_path_buf());
        Ok(())
    }

    /// Copies one file into the output.
    pub fn copy(&self, rel: &Path, src: &Source) -> Result<(), Diagnostic> {
        match src {
            Source::Bytes(b) => self.put(rel, b),
            Source::File(p) => {
                let full = self.dir_for(rel)?;
                unlink(&full);
                retry(&self.tmp, rel, || fs::copy(p, &full).map(drop)).map_err(|e| io_error(p, "cannot copy", e))?;
                self.copied.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_path_buf());
                Ok(())
            }
        }
    }

    /// Carries over what mujaz did not write, records what it wrote, and
    /// swaps the written folder in place of the output.
    pub fn commit(mut self) -> Result<(), Vec<Diagnostic>> {
        self.finish_writing().map_err(|d| vec![d])?;
        let written = std::mem::take(&mut self.written);
        let done = self.commit_written(&written);
        self.written = written;
        done
    }

    fn commit_written(&mut self, written: &HashSet<PathBuf>) -> Result<(), Vec<Diagnostic>> {
        if written.contains(Path::new(MANIFEST)) {
            return Err(vec![
                Diagnostic::error(&self.real, format!("the site writes a file named `{MANIFEST}`"))
                    .help("that name is mujaz's record of what it wrote: rename the file"),
            ]);
        }
        if let Some(files) = &self.reused {
            remove_listed(&self.tmp, files, written);
        }
        let carried = self.carry(written)?;
        self.untracked = !carried.is_empty();
        write_manifest(&self.tmp, written.iter()).map_err(|d| vec![d])?;
        let old = self.swap().map_err(|d| vec![d])?;
        self.committed = true;
        // The lists an older mujaz kept beside the output: the record inside replaces them.
        let name = file_name(&self.real);
        for list in [format!(".{name}.files"), format!(".{name}.prev.files")] {
            let _ = fs::remove_file(self.real.with_file_name(list));
        }
        // Keep the previous output, as mujaz wrote it, to write the next
        // build over: what was carried out of it goes.
        if let Some(old) = old {
            carried.par_iter().for_each(|rel| remove_any(&old.join(rel)));
            if fs::symlink_metadata(&self.prev).is_ok() || fs::rename(&old, &self.prev).is_err() {
                discard(&old, &name);
            }
        }
        Ok(())
    }

    /// Links (or copies) into the new output every file of the output that
    /// mujaz did not write; one the site now writes too is an error.
    fn carry(&mut self, written: &HashSet<PathBuf>) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
        let found = match self.found.take().map(JoinHandle::join) {
            Some(Ok(found)) => found,
            _ => return Err(vec![Diagnostic::error(&self.real, "cannot read the output to keep what is not mujaz's")]),
        };
        let written_folders = folders_of(written.iter());
        let taken = |p: &PathBuf| {
            written.contains(p) || written_folders.contains(p) || p.ancestors().any(|a| written.contains(a))
        };
        let clashes: Vec<Diagnostic> = found
            .iter()
            .filter(|p| taken(p))
            .map(|p| {
                Diagnostic::error(self.real.join(p), "mujaz did not write this, and the site now writes the same path")
                    .help(
                        "move it out of the output, or rename the site's file (in static/ or a bundle) that lands here",
                    )
            })
            .collect();
        if !clashes.is_empty() {
            return Err(clashes);
        }
        for rel in &found {
            let to = self.tmp.join(rel);
            if let Some(parent) = rel.parent() {
                make_dir(&self.tmp, parent).map_err(|d| vec![d])?;
            }
            link_tree(&self.real.join(rel), &to)
                .map_err(|e| vec![io_error(&self.real.join(rel), "cannot carry into the new output", e)])?;
        }
        Ok(found)
    }

    /// Puts the new output in place; returns where the old one went.
    fn swap(&self) -> Result<Option<PathBuf>, Diagnostic> {
        if fs::symlink_metadata(&self.real).is_err() {
            fs::rename(&self.tmp, &self.real).map_err(|e| io_error(&self.real, "cannot move the new output in", e))?;
            return Ok(None);
        }
        if exchange(&self.tmp, &self.real).is_ok() {
            return Ok(Some(self.tmp.clone()));
        }
        // Where folders cannot be swapped in one step: two renames, and
        // the next build puts the old output back if none is left between.
        let old = self.real.with_file_name(format!(".{}.old-{}", file_name(&self.real), unique()));
        fs::rename(&self.real, &old).map_err(|e| io_error(&self.real, "cannot move the previous output aside", e))?;
        if let Err(e) = fs::rename(&self.tmp, &self.real) {
            let _ = fs::rename(&old, &self.real);
            return Err(io_error(&self.real, "cannot move the new output in", e));
        }
        Ok(Some(old))
    }
}

/// Swaps two folders in one step, where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid C strings that outlive the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Takes the lock of an output, waiting for a build that holds it.
#[cfg(unix)]
fn lock(path: &Path) -> Result<Option<fs::File>, Diagnostic> {
    use std::os::fd::AsRawFd;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| io_error(path, "cannot create the lock", e))?;
    // SAFETY: the descriptor is open for the whole call.
    while unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(io_error(path, "cannot take the lock", e));
        }
    }
    Ok(Some(file))
}

#[cfg(not(unix))]
fn lock(_: &Path) -> Result<Option<fs::File>, Diagnostic> {
    Ok(None)
}

/// A name no other build uses.
fn unique() -> String {
    static BUILDS: AtomicU64 = AtomicU64::new(0);
    let n = BUILDS.fetch_add(1, Ordering::Relaxed);
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{}-{n}-{stamp}", std::process::id())
}

/// Removes what builds killed mid-way left beside the output (holding the
/// lock, no build is under way): their temporary folders. A build killed
/// between the two renames of a swap (where the system cannot swap in one
/// step) left no output: the old one is put back.
fn clean_up(parent: &Path, name: &str, real: &Path) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let mut asides: Vec<PathBuf> = Vec::new();
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else { continue };
        if rest.starts_with("tmp-") || rest.starts_with("trash-") {
            discard(&e.path(), name);
        } else if rest.starts_with("old-") {
            asides.push(e.path());
        }
    }
    asides.sort();
    if fs::symlink_metadata(real).is_err()
        && let Some(newest) = asides.pop()
    {
        let _ = fs::rename(&newest, real);
    }
    asides.iter().for_each(|a| discard(a, name));
}

/// Takes the build before the last to be written over. It holds what its
/// record lists and nothing else: what was carried into it went when it was
/// swapped out, and a build that failed on it recorded what it wrote.
fn reuse(prev: &Path, tmp: &Path, name: &str) -> Option<HashSet<PathBuf>> {
    if !fs::symlink_metadata(prev).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let Some(files) = read_list(&prev.join(MANIFEST)) else {
        discard(prev, name);
        return None;
    };
    fs::rename(prev, tmp).ok()?;
    Some(files)
}

/// Removes a link, so that what it points to is never written through.
fn unlink(path: &Path) {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        let _ = fs::remove_file(path);
    }
}

/// Removes a file, a link or a whole folder.
fn remove_any(path: &Path) {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let _ = fs::remove_dir_all(path);
        }
        _ => {
            let _ = fs::remove_file(path);
        }
    }
}

/// The entries of `dir` (`rel` in the output) that its record does not
/// list, sorted: a folder holding none of its files is one entry. A large
/// site has thousands of folders, so this runs while the site is rendered.
/// A file added to the output after its folder was read stays in the
/// output swapped out (only what was carried out of it is removed), which
/// is written over by the next build but one: it is then carried.
fn foreign(dir: &Path, rel: &Path, files: &HashSet<PathBuf>, folders: &HashSet<PathBuf>) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    let mut out = Vec::new();
    for e in entries {
        let rel = rel.join(e.file_name());
        match e.file_type() {
            Ok(t) if t.is_dir() && folders.contains(&rel) => out.extend(foreign(&e.path(), &rel, files, folders)),
            Ok(t) if !t.is_dir() && files.contains(&rel) => {}
            _ if rel.as_os_str() == MANIFEST => {}
            _ => out.push(rel),
        }
    }
    out
}

/// Recreates `from` at `to`: files as hard links (copies where links
/// cannot be made), folders anew, symbolic links as links.
fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(fs::read_link(from)?, to);
        #[cfg(not(unix))]
        return fs::copy(from, to).map(drop);
    }
    if meta.is_dir() {
        fs::create_dir(to)?;
        for e in fs::read_dir(from)? {
            let e = e?;
            link_tree(&e.path(), &to.join(e.file_name()))?;
        }
        return fs::set_permissions(to, meta.permissions());
    }
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(drop))
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into())
}

/// Makes the folder `rel` inside `root`, a folder mujaz alone writes.
fn make_dir(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    let d = root.join(rel);
    retry(root, &rel.join("-"), || fs::create_dir_all(&d)).map_err(|e| io_error(&d, "cannot create the folder", e))
}

/// Runs `write`, and once more after [`make_room`] if it failed.
fn retry(root: &Path, rel: &Path, mut write: impl FnMut() -> io::Result<()>) -> io::Result<()> {
    write().or_else(|_| {
        make_room(root, rel);
        write()
    })
}

/// Clears the way for a file at `rel` in a folder mujaz alone writes (a
/// build written over): a file where a folder must now be, or a folder
/// where the file must be (or a link: mujaz writes none). A path can turn
/// from one into the other between builds.
fn make_room(root: &Path, rel: &Path) {
    let parts: Vec<Component> = rel.components().collect();
    let mut at = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let Ok(meta) = fs::symlink_metadata(&at) else { return };
        if i + 1 == parts.len() {
            remove_any(&at);
        } else if !meta.is_dir() {
            let _ = fs::remove_file(&at);
            return;
        }
    }
}

/// Removes the files of `files` (relative to `dir`) that this build did not
/// write, and their folders when that leaves them empty.
fn remove_listed(dir: &Path, files: &HashSet<PathBuf>, written: &HashSet<PathBuf>) {
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
/// the paths it wrote. A file is written first and its folder made only if
/// that failed: written over a build before, the folders are there, and
/// making each again costs two system calls a file.
fn write_files(root: &Path, queue: &Mutex<Receiver<Vec<OutFile>>>) -> Result<HashSet<PathBuf>, Diagnostic> {
    let mut written: HashSet<PathBuf> = HashSet::new();
    loop {
        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(files) = next else { return Ok(written) };
        for file in files {
            let full = root.join(&file.path);
            let write = || overwrite(&full, &file.bytes);
            if write().is_err() {
                // No folder yet, or something else where the file or a folder must be.
                if let Some(parent) = file.path.parent() {
                    make_dir(root, parent)?;
                }
                retry(root, &file.path, write).map_err(|e| io_error(&full, "cannot write", e))?;
            }
            written.insert(file.path);
        }
    }
}

/// Writes `bytes` over the file at `path` in place, cutting it to its new
/// length after when it was longer. Emptying a file and writing it anew
/// (as `fs::write` does) makes ext4 send each file to the disk as it is
/// closed (`auto_da_alloc`), which on a large site costs more than
/// rendering it. Most files written over hold what they held (the same
/// page built again), and reading a file costs less than writing it: a
/// file as long as `bytes` is read first, and written only if it differs.
/// Cutting a file to its own length costs as much as writing it, so the
/// length is looked at first.
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::{Seek, Write};
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    // A link is never written through: it is replaced (see `make_room`).
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut file = options.open(path)?;
    let before = file.metadata()?.len();
    if before == bytes.len() as u64 {
        if holds(&mut file, bytes)? {
            return Ok(());
        }
        file.rewind()?;
    }
    file.write_all(bytes)?;
    if before > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// Whether `file`, read from where it is, goes on with `bytes` (the caller
/// has seen that it is as long).
fn holds(file: &mut fs::File, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Read;
    let mut buffer = [0u8; 16 * 1024];
    for want in bytes.chunks(buffer.len()) {
        let got = &mut buffer[..want.len()];
        match file.read_exact(got) {
            Ok(()) if got == want => {}
            Ok(()) => return Ok(false),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = self.finish_writing();
        // A build being written over goes back to wait for the next build,
        // its record listing what it holds now.
        let back = match &self.reused {
            Some(files) if !self.untracked && fs::symlink_metadata(&self.prev).is_err() => {
                write_manifest(&self.tmp, files.iter().chain(self.written.iter())).is_ok()
                    && fs::rename(&self.tmp, &self.prev).is_ok()
            }
            _ => false,
        };
        if !back {
            discard(&self.tmp, &file_name(&self.real));
        }
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.send(vec![file])
    }

    fn put_all(&self, files: Vec<OutFile>) -> Result<(), Diagnostic> {
        // In parts, so that both writers have some.
        let mut files = files.into_iter().peekable();
        while files.peek().is_some() {
            self.send(files.by_ref().take(BURST).collect())?;
        }
        Ok(())
    }
}

/// How many files of a burst a writer takes at once.
const BURST: usize = 32;

/// Writes every file into a fresh folder and swaps it in place of `output`.
pub fn write_all(output: &Path, files: Vec<OutFile>, copies: Vec<(PathBuf, Source)>) -> Result<(), Vec<Diagnostic>> {
    let staging = Staging::new(Target::named(output, false).map_err(|d| vec![d])?).map_err(|d| vec![d])?;
    files.par_iter().try_for_each(|f| staging.put(&f.path, &f.bytes)).map_err(|d| vec![d])?;
    copies.par_iter().try_for_each(|(rel, src)| staging.copy(rel, src)).map_err(|d| vec![d])?;
    staging.commit()
}

/// Removes a folder of mujaz's own, renamed first so that no later build
/// takes its name while it goes. On Unix a detached `rm -rf` does it, so
/// the build does not wait for thousands of deletions; elsewhere, or if
/// that cannot start, it is done here.
fn discard(dir: &Path, output: &str) {
    let trash_prefix = format!(".{output}.trash-");
    let trash = dir.with_file_name(format!("{trash_prefix}{}", unique()));
    let dir = if file_name(dir).starts_with(&trash_prefix) || fs::rename(dir, &trash).is_err() {
        dir.to_path_buf()
    } else {
        trash
    };
    #[cfg(unix)]
    {
        let spawned = std::process::Command::new("rm")
            .arg("-rf")
            .arg(&dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    remove_parallel(&dir);
}

/// Removes a folder, its subfolders in parallel (a site has thousands).
fn remove_parallel(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.par_iter().for_each(|p| match fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => remove_parallel(p),
            _ => {
                let _ = fs::remove_file(p);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}

fn io_error(path: &Path, what: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Sink;

    #[test]
    fn files_put_together_are_all_written_and_recorded() {
        // More than a burst, in folders not made yet, beside a page put alone.
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("output");
        let staging = Staging::new(Target::named(&output, false).expect("target")).expect("staging");
        let file = |path: String| OutFile { path: PathBuf::from(path), bytes: b"{}".to_vec() };
        Sink::put(&staging, file("index.html".into())).expect("put");
        staging.put_all((0..BURST * 3 + 5).map(|i| file(format!("en/search/d/{i}.json"))).collect()).expect("put");
        staging.commit().expect("committed");
        for i in 0..BURST * 3 + 5 {
            assert_eq!(fs::read(output.join(format!("en/search/d/{i}.json"))).expect("written"), b"{}");
        }
        let recorded = record(&output).expect("recorded");
        assert_eq!(recorded.len(), BURST * 3 + 6, "{recorded:?}");
    }

    #[test]
    fn a_file_written_over_holds_the_new_bytes_whatever_its_length_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("page.html");
        let long = vec![b'x'; 40_000];
        let mut long_changed = long.clone();
        long_changed[39_999] = b'y';
        let cases: [&[u8]; 9] = [
            b"a page of some length",
            b"shorter",
            b"same 7!",
            b"same 7?",
            b"same 7?",
            b"",
            b"longer than all of them before",
            &long,
            &long_changed,
        ];
        for bytes in cases {
            overwrite(&path, bytes).expect("written");
            assert_eq!(fs::read(&path).expect("read"), bytes);
        }
    }

    #[test]
    fn a_file_that_holds_its_bytes_already_is_not_written_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("page.html");
        fs::write(&path, "the page").expect("written");
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        let file = fs::File::options().write(true).open(&path).expect("opened");
        file.set_modified(old).expect("dated");
        drop(file);
        overwrite(&path, b"the page").expect("written");
        assert_eq!(fs::metadata(&path).and_then(|m| m.modified()).expect("time"), old);
        overwrite(&path, b"the past").expect("written");
        assert_ne!(fs::metadata(&path).and_then(|m| m.modified()).expect("time"), old);
        assert_eq!(fs::read(&path).expect("read"), b"the past");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_not_written_through() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "keep").expect("written");
        let link = dir.path().join("page.html");
        std::os::unix::fs::symlink(&outside, &link).expect("link");
        assert!(overwrite(&link, b"page").is_err());
        assert_eq!(fs::read_to_string(&outside).expect("read"), "keep");
    }
}
