//! Watching the site's sources, and grouping a burst of saves into one change.
//!
//! Takes the site's root and a channel; watches `site.yaml` (through the
//! root, not recursively) and `content/`, `data/`, `static/`, `templates/`
//! and `themes/` recursively, adding a folder when it appears; symbolic links
//! in them are not followed, and a folder that is a link out of the site is
//! not watched at all. Returns, from [`next_burst`], the files that changed
//! once the changes have paused for [`QUIET`]. Ignores everything else under the root (`output/`, the serve
//! folder, `target/`), reads (the build's own), and editors' temporary files
//! (`.x.swp`, `x~`, `.#x`, `#x#`, vim's `4913`).

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};
use walkdir::WalkDir;

/// The folders of a site that feed the build.
pub const FOLDERS: [&str; 5] = ["content", "data", "static", "templates", "themes"];
/// How long the files must stay still before a rebuild.
pub const QUIET: Duration = Duration::from_millis(30);
/// The longest a burst may last before it is rebuilt anyway.
const LONGEST: Duration = Duration::from_secs(2);

/// What the rebuild loop is woken by.
#[derive(Debug)]
pub enum Msg {
    /// A file system event, or the watcher's error.
    Fs(notify::Result<Event>),
    /// Ctrl-C (or SIGTERM): stop serving.
    Stop,
    /// A build ended (builds go on a thread of their own).
    Built,
}

/// The watcher and the folders it watches.
pub struct Watch {
    watcher: RecommendedWatcher,
    /// The canonical root; event paths start with it.
    root: PathBuf,
    /// Each folder watched, by the path events name it with, and where it
    /// really is (a link's target).
    watched: HashMap<PathBuf, PathBuf>,
}

impl Watch {
    /// Watches the site at `root` (canonical), sending events to `tx`.
    pub fn start(root: &Path, tx: Sender<Msg>) -> notify::Result<Watch> {
        // Symbolic links are not followed into: one that leaves the site must
        // not have the watcher walk (and report) what lies outside it. Those
        // that stay inside are watched one by one ([`Watch::folders`]).
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut watcher = RecommendedWatcher::new(
            move |e| {
                let _ = tx.send(Msg::Fs(e));
            },
            config,
        )?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch { watcher, root: root.to_path_buf(), watched: HashMap::new() };
        for warning in watch.refresh() {
            eprintln!("warning: {warning}");
        }
        Ok(watch)
    }

    /// Watches the site folders that exist now and forgets those that went;
    /// returns a message for each folder that cannot be watched.
    pub fn refresh(&mut self) -> Vec<String> {
        let want = self.folders();
        let gone: Vec<PathBuf> =
            self.watched.iter().filter(|(dir, real)| want.get(*dir) != Some(*real)).map(|(d, _)| d.clone()).collect();
        for dir in gone {
            self.watched.remove(&dir);
            let _ = self.watcher.unwatch(&entered(&dir));
        }
        let mut warnings = Vec::new();
        let mut want: Vec<(PathBuf, PathBuf)> = want.into_iter().collect();
        want.sort();
        for (dir, real) in want {
            if self.watched.contains_key(&dir) {
                continue;
            }
            match self.watcher.watch(&entered(&dir), RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(dir, real);
                }
                Err(e) => {
                    let rel = dir.strip_prefix(&self.root).unwrap_or(&dir).display();
                    warnings.push(format!("cannot watch {rel}/: {e}; its changes will not rebuild"));
                }
            }
        }
        warnings
    }

    /// The folders to watch, each with where it really is: every site
    /// folder that exists, and every folder in them reached through a
    /// symbolic link, as long as it lies inside the site. A link that leaves
    /// the site is not watched through (the build refuses it, naming it).
    fn folders(&self) -> HashMap<PathBuf, PathBuf> {
        let mut out = HashMap::new();
        let mut seen = HashSet::new();
        let mut todo: Vec<PathBuf> = FOLDERS.iter().map(|name| self.root.join(name)).collect();
        while let Some(dir) = todo.pop() {
            if !dir.is_dir() || crate::content::leaves(&self.root, &dir).is_some() {
                continue;
            }
            let Ok(real) = fs::canonicalize(&dir) else { continue };
            // A folder reached twice (a link to a folder above it) is watched once.
            if !seen.insert(real.clone()) {
                continue;
            }
            let links = WalkDir::new(&dir).min_depth(1).into_iter().filter_map(Result::ok);
            todo.extend(links.filter(walkdir::DirEntry::path_is_symlink).map(walkdir::DirEntry::into_path));
            out.insert(dir, real);
        }
        out
    }

    /// The site files an event touches, relative to the root.
    fn changes(&self, event: &Event) -> Vec<PathBuf> {
        if !counts(&event.kind) {
            return Vec::new();
        }
        event
            .paths
            .iter()
            .filter_map(|p| p.strip_prefix(&self.root).ok())
            .filter(|rel| is_source(rel))
            .map(Path::to_path_buf)
            .collect()
    }
}

/// True for events that change files; reads (the build's own) do not count.
fn counts(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// True for `site.yaml` and files under the site folders, but not editors'
/// temporary files.
pub fn is_source(rel: &Path) -> bool {
    let mut parts = rel.components();
    let first = match parts.next() {
        Some(Component::Normal(first)) => first,
        _ => return false,
    };
    let top = parts.next().is_none();
    let sourced = (top && first == "site.yaml") || FOLDERS.iter().any(|f| first == *f);
    let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    sourced && !is_editor_temp(&name)
}

/// The path to give the watcher for `dir`: with a separator at the end, so
/// that a folder that is a symbolic link is entered, not taken for a file.
fn entered(dir: &Path) -> PathBuf {
    let mut path = dir.as_os_str().to_owned();
    path.push(std::path::MAIN_SEPARATOR_STR);
    PathBuf::from(path)
}

fn is_editor_temp(name: &str) -> bool {
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// Waits for files to change and for the changes to pause, and returns them
/// (relative to the root, first changed first), leaving out files that came
/// and went within the burst (an editor's or `sed -i`'s temporary file).
/// `None`: stop serving.
pub fn next_burst(rx: &Receiver<Msg>, watch: &mut Watch) -> Option<Vec<PathBuf>> {
    let mut changed: Vec<PathBuf> = Vec::new();
    let mut created: HashSet<PathBuf> = HashSet::new();
    let mut started: Option<Instant> = None;
    loop {
        let msg = match started {
            None => rx.recv().ok()?,
            Some(t) if t.elapsed() >= LONGEST => break,
            Some(_) => match rx.recv_timeout(QUIET) {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            },
        };
        match msg {
            Msg::Stop => return None,
            Msg::Built => {}
            Msg::Fs(Err(e)) => eprintln!("warning: watching the site: {e}"),
            Msg::Fs(Ok(event)) => {
                for path in watch.changes(&event) {
                    started.get_or_insert_with(Instant::now);
                    if !changed.contains(&path) {
                        if matches!(event.kind, EventKind::Create(_)) {
                            created.insert(path.clone());
                        }
                        changed.push(path);
                    }
                }
            }
        }
    }
    changed.retain(|p| !created.contains(p) || watch.root.join(p).exists());
    for warning in watch.refresh() {
        eprintln!("warning: {warning}");
    }
    Some(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn sources_are_the_site_files() {
        for yes in ["site.yaml", "content/briefs/x.en.md", "data/a.csv", "static/i.png", "templates/base.html"] {
            assert!(is_source(Path::new(yes)), "{yes}");
        }
        assert!(is_source(Path::new("themes/default/i18n/ar.yaml")));
        assert!(is_source(Path::new("content")));
        for no in ["output/index.html", ".mujaz-serve/1/index.html", "target/x", "README.md", "x/site.yaml", ""] {
            assert!(!is_source(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn editor_temporary_files_are_ignored() {
        for name in [".x.en.md.swp", ".x.en.md.swx", "x.en.md~", ".#x.en.md", "#x.en.md#", "4913"] {
            assert!(!is_source(&Path::new("content/briefs").join(name)), "{name}");
        }
        assert!(is_source(Path::new("content/briefs/4913-report.en.md")));
    }

    fn event(kind: EventKind, path: &Path) -> Msg {
        Msg::Fs(Ok(Event::new(kind).add_path(path.to_path_buf())))
    }

    #[test]
    fn a_burst_of_saves_is_one_change() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind};
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("content/x.en.md"), "x").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watch = Watch::start(&root, tx.clone()).unwrap();
        let x = root.join("content/x.en.md");
        let tmp = root.join("content/sedAbC12");
        for _ in 0..5 {
            tx.send(event(EventKind::Modify(ModifyKind::Any), &x)).unwrap();
        }
        tx.send(event(EventKind::Create(CreateKind::File), &tmp)).unwrap();
        tx.send(event(EventKind::Remove(RemoveKind::File), &tmp)).unwrap();
        tx.send(event(EventKind::Modify(ModifyKind::Any), &root.join("output/index.html"))).unwrap();
        tx.send(event(EventKind::Modify(ModifyKind::Any), &root.join("site.yaml"))).unwrap();
        let burst = next_burst(&rx, &mut watch).unwrap();
        assert_eq!(burst, [PathBuf::from("content/x.en.md"), PathBuf::from("site.yaml")]);
        tx.send(Msg::Stop).unwrap();
        assert_eq!(next_burst(&rx, &mut watch), None);
    }

    /// The paths of file events until one for `last` arrives (inotify
    /// reports one watcher's events in order).
    fn paths_until(rx: &Receiver<Msg>, last: &Path) -> Vec<PathBuf> {
        let mut seen = Vec::new();
        while !seen.iter().any(|p: &PathBuf| p == last) {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(Msg::Fs(Ok(event))) => seen.extend(event.paths),
                Ok(_) => {}
                Err(e) => panic!("no event for {} ({e}); saw {seen:?}", last.display()),
            }
        }
        seen
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn links_out_of_the_site_are_not_watched_through() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("static")).unwrap();
        fs::create_dir_all(root.join("shared")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("data")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static/away")).unwrap();
        // Folders that are links inside the site are still watched, at the
        // top and further down.
        std::os::unix::fs::symlink(root.join("shared"), root.join("templates")).unwrap();
        fs::create_dir_all(root.join("icons")).unwrap();
        std::os::unix::fs::symlink("../icons", root.join("static/icons")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let _watch = Watch::start(&root, tx).unwrap();
        fs::write(outside.path().join("secret.csv"), "x").unwrap();
        fs::write(root.join("shared/base.html"), "x").unwrap();
        let seen = paths_until(&rx, &root.join("templates/base.html"));
        let through: Vec<_> = seen
            .iter()
            .filter(|p| p.starts_with(root.join("data")) || p.starts_with(root.join("static/away")))
            .collect();
        assert!(through.is_empty(), "watched through a link out of the site: {through:?}");
        fs::write(root.join("icons/a.svg"), "x").unwrap();
        paths_until(&rx, &root.join("static/icons/a.svg"));
        fs::write(root.join("static/ok.css"), "x").unwrap();
        paths_until(&rx, &root.join("static/ok.css"));
    }

    #[test]
    fn reads_do_not_count() {
        assert!(!counts(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!counts(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(counts(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(counts(&EventKind::Modify(notify::event::ModifyKind::Any)));
    }
}
