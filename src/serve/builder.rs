//! Builds on a thread of their own, so a build that panics or hangs never
//! takes the server down.
//!
//! Takes a way to make a fresh build [`Job`] (in `serve`, an incremental
//! session) and the [`Live`] status the server answers from.
//! [`Builder::request`] queues a build of what changed (nothing: the whole
//! site); builds run one after another on the builder thread, requests
//! queued meanwhile merged into one. A build's outcome goes to [`Live`] (a
//! good one is served, a failed one's errors shown over the page) and to the
//! terminal, and a [`Msg::Built`] goes to the rebuild loop.
//!
//! A build that panics is caught: its message is shown like a build error,
//! the last good site stays served, and the next build starts from a fresh
//! job (the whole site). A build still running after [`STUCK`] when the next
//! change comes is given up on: a new thread with a fresh job builds the
//! whole site, and whatever the old thread does if it ever ends is dropped
//! ([`Live`] keeps the newest outcome). Serving and Ctrl-C never wait for a
//! build. A terminal that has gone away (a closed pipe) is not an error.

use super::reload::Live;
use super::watch::Msg;
use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a build may run before the next change gives up on it.
pub const STUCK: Duration = Duration::from_secs(10);

/// One build: of the whole site when `changed` is empty, else of what those
/// files touch. `Ok`: the line to print. Runs on the builder thread.
pub type Job = Box<dyn FnMut(&[PathBuf]) -> Result<String, Failure> + Send>;
/// Makes a fresh [`Job`]: at the start, and after a panic or a stuck build.
pub type MakeJob = Arc<dyn Fn() -> Job + Send + Sync>;

/// A build that did not succeed, told twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// For the browser's overlay: plain text.
    pub overlay: String,
    /// For the terminal: may be coloured, ends with a newline.
    pub terminal: String,
}

/// The builder thread of the moment, and how to make another.
pub struct Builder {
    shared: Shared,
    worker: Option<Worker>,
    /// [`STUCK`], shorter in tests.
    stuck: Duration,
}

/// What every builder thread needs.
#[derive(Clone)]
struct Shared {
    make: MakeJob,
    live: Arc<Live>,
    /// Where a good build is served from.
    site: PathBuf,
    done: Sender<Msg>,
}

/// A builder thread: where its requests go, and since when it is building.
struct Worker {
    tx: Sender<Vec<PathBuf>>,
    busy_since: Arc<Mutex<Option<Instant>>>,
}

impl Builder {
    /// A builder whose jobs come from `make`; a good build serves `site`.
    /// Nothing is built until the first [`Builder::request`].
    pub fn new(make: MakeJob, live: Arc<Live>, site: PathBuf, done: Sender<Msg>) -> Builder {
        Builder { shared: Shared { make, live, site, done }, worker: None, stuck: STUCK }
    }

    /// Queues a build of `changed` (empty: the whole site).
    pub fn request(&mut self, mut changed: Vec<PathBuf>) {
        if let Some(took) = self.worker.as_ref().and_then(Worker::busy_for).filter(|t| *t >= self.stuck) {
            eprintln!(
                "warning: the build started {} s ago has not ended (a bug in mujaz: please report it); \
                 building the whole site again on a new thread",
                took.as_secs()
            );
            self.worker = None;
            changed.clear();
        }
        let changed = match &self.worker {
            Some(worker) => match worker.tx.send(changed) {
                Ok(()) => return,
                // The thread is gone (it cannot be, short of a bug): start anew.
                Err(mpsc::SendError(_)) => Vec::new(),
            },
            None => changed,
        };
        match Worker::start(self.shared.clone()) {
            Ok(worker) => {
                let _ = worker.tx.send(changed);
                self.worker = Some(worker);
            }
            Err(e) => eprintln!("error: cannot start a thread to build the site: {e}"),
        }
    }
}

impl Worker {
    fn start(shared: Shared) -> std::io::Result<Worker> {
        let (tx, rx) = mpsc::channel();
        let busy_since = Arc::new(Mutex::new(None));
        let busy = Arc::clone(&busy_since);
        std::thread::Builder::new().name("mujaz-build".into()).spawn(move || work(&rx, &busy, &shared))?;
        Ok(Worker { tx, busy_since })
    }

    /// How long the build under way has run; `None` when idle.
    fn busy_for(&self) -> Option<Duration> {
        self.busy_since.lock().unwrap_or_else(|e| e.into_inner()).map(|t| t.elapsed())
    }
}

/// The builder thread: builds what is asked, one at a time, until its
/// [`Builder`] lets it go.
fn work(rx: &Receiver<Vec<PathBuf>>, busy: &Mutex<Option<Instant>>, shared: &Shared) {
    let mut job = (shared.make)();
    while let Ok(first) = rx.recv() {
        let changed = merge(first, rx.try_iter());
        let generation = shared.live.next_generation();
        *busy.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| job(&changed)));
        *busy.lock().unwrap_or_else(|e| e.into_inner()) = None;
        match outcome {
            Ok(Ok(said)) => {
                shared.live.succeeded(generation, shared.site.clone());
                let _ = writeln!(io::stdout(), "{said}");
            }
            Ok(Err(failure)) => {
                shared.live.failed(generation, failure.overlay);
                let _ = write!(io::stderr(), "{}", failure.terminal);
            }
            Err(panicked) => {
                let failure = panicked_failure(&*panicked);
                shared.live.failed(generation, failure.overlay);
                let _ = write!(io::stderr(), "{}", failure.terminal);
                job = (shared.make)();
            }
        }
        let _ = shared.done.send(Msg::Built);
    }
}

/// The files of several requests, first changed first; a whole-site request
/// (empty) wins.
fn merge(first: Vec<PathBuf>, more: impl Iterator<Item = Vec<PathBuf>>) -> Vec<PathBuf> {
    let mut all = first;
    let mut whole = all.is_empty();
    for changed in more {
        whole |= changed.is_empty();
        for path in changed {
            if !all.contains(&path) {
                all.push(path);
            }
        }
    }
    if whole { Vec::new() } else { all }
}

/// A panic, said as a build error.
fn panicked_failure(panicked: &(dyn std::any::Any + Send)) -> Failure {
    let message = panicked
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panicked.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    let text = format!(
        "error: the build stopped on an internal error (a bug in mujaz): {message}\n  \
         = help: the last good build is still served; undo or change the last edit to go on, \
         and please report this\n"
    );
    Failure { overlay: text.clone(), terminal: text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A builder whose jobs run `f` with the job's number (0 first); its
    /// site folder, and the receiver of its `Built` messages.
    fn builder(
        f: impl Fn(usize, &[PathBuf]) -> Result<String, Failure> + Send + Sync + 'static,
    ) -> (Builder, Arc<Live>, Receiver<Msg>) {
        let f = Arc::new(f);
        let made = Arc::new(AtomicUsize::new(0));
        let make: MakeJob = Arc::new(move || {
            let (f, n) = (Arc::clone(&f), made.fetch_add(1, Ordering::SeqCst));
            Box::new(move |changed: &[PathBuf]| f(n, changed)) as Job
        });
        let live = Arc::new(Live::new("t".into()));
        let (tx, rx) = mpsc::channel();
        (Builder::new(make, Arc::clone(&live), PathBuf::from("site"), tx), live, rx)
    }

    fn built(rx: &Receiver<Msg>) {
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Msg::Built) => {}
            other => panic!("no build ended: {other:?}"),
        }
    }

    #[test]
    fn a_good_build_is_served() {
        let (mut b, live, rx) = builder(|_, _| Ok("built".into()));
        b.request(Vec::new());
        built(&rx);
        let s = live.status();
        assert_eq!((s.good, s.site, s.error), (1, Some(PathBuf::from("site")), None));
    }

    #[test]
    fn a_panicking_build_is_an_error_and_the_next_starts_afresh() {
        let (mut b, live, rx) = builder(|job, changed| match (job, changed.is_empty()) {
            (0, true) => Ok("built".into()),
            (0, false) => panic!("empty site.yaml"),
            (_, whole) => Ok(format!("job {job}, whole site: {whole}")),
        });
        b.request(Vec::new());
        built(&rx);
        b.request(vec![PathBuf::from("site.yaml")]);
        built(&rx);
        let s = live.status();
        assert_eq!((s.good, s.site.is_some()), (1, true), "the last good build is still served");
        let error = s.error.expect("the panic shown as an error");
        assert!(error.contains("internal error (a bug in mujaz): empty site.yaml"), "{error}");
        b.request(vec![PathBuf::from("site.yaml")]);
        built(&rx);
        let s = live.status();
        assert_eq!((s.good, s.error), (3, None));
    }

    #[test]
    fn a_hung_build_is_given_up_on_at_the_next_change() {
        let (release, hold) = mpsc::channel::<()>();
        let hold = Mutex::new(hold);
        let (mut b, live, rx) = builder(move |job, _| {
            if job == 0 {
                // Hangs until the test ends (the sender is dropped).
                let _ = hold.lock().unwrap().recv();
                return Ok("the hung build ended".into());
            }
            Ok(format!("job {job}"))
        });
        b.stuck = Duration::from_millis(50);
        b.request(Vec::new());
        std::thread::sleep(Duration::from_millis(100));
        b.request(vec![PathBuf::from("content/x.en.md")]);
        built(&rx);
        let s = live.status();
        assert_eq!((s.good, s.error), (2, None), "a new thread built generation 2");
        drop(release);
        built(&rx);
        assert_eq!(live.status().good, 2, "the hung build, ending late, changes nothing");
    }

    #[test]
    fn a_slow_build_is_waited_for() {
        let (mut b, live, rx) = builder(|_, changed| {
            std::thread::sleep(Duration::from_millis(100));
            Ok(format!("{} files", changed.len()))
        });
        b.request(Vec::new());
        while b.worker.as_ref().and_then(Worker::busy_for).is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        b.request(vec![PathBuf::from("a")]);
        b.request(vec![PathBuf::from("b"), PathBuf::from("a")]);
        built(&rx);
        built(&rx);
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err(), "the two requests queued were merged");
        assert_eq!(live.status().good, 2);
    }

    #[test]
    fn requests_merge_and_the_whole_site_wins() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(merge(vec![p("a")], [vec![p("b"), p("a")]].into_iter()), [p("a"), p("b")]);
        assert_eq!(merge(vec![p("a")], [vec![]].into_iter()), Vec::<PathBuf>::new());
    }
}
