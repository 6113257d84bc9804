//! Watching the site's sources, and grouping a burst of saves into one change.
//!
//! Takes the site's root and a channel; watches `site.yaml` (through the
//! root, not recursively) and `content/`, `data/`, `static/`, `templates/`
//! and `themes/` recursively, adding a folder when it appears. Returns, from
//! [`next_burst`], the files that changed once the changes have paused for
//! [`QUIET`]. Ignores everything else under the root (`output/`, the serve
//! folder, `target/`), reads (the build's own), and editors' temporary files
//! (`.x.swp`, `x~`, `.#x`, `#x#`, vim's `4913`).

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

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
    watched: HashSet<PathBuf>,
}

impl Watch {
    /// Watches the site at `root` (canonical), sending events to `tx`.
    pub fn start(root: &Path, tx: Sender<Msg>) -> notify::Result<Watch> {
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(Msg::Fs(e));
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch { watcher, root: root.to_path_buf(), watched: HashSet::new() };
        for warning in watch.refresh() {
            eprintln!("warning: {warning}");
        }
        Ok(watch)
    }

    /// Watches the site folders that exist now and forgets those that went;
    /// returns a message for each folder that cannot be watched.
    pub fn refresh(&mut self) -> Vec<String> {
        let mut warnings = Vec::new();
        for name in FOLDERS {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            if exists && !self.watched.contains(&dir) {
                match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => warnings.push(format!("cannot watch {name}/: {e}; its changes will not rebuild")),
                }
            } else if !exists && self.watched.remove(&dir) {
                let _ = self.watcher.unwatch(&dir);
            }
        }
        warnings
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

    #[test]
    fn reads_do_not_count() {
        assert!(!counts(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!counts(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(counts(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(counts(&EventKind::Modify(notify::event::ModifyKind::Any)));
    }
}
