//! Fuzzing what an author feeds mujaz: `site.yaml`, front matter, chart
//! blocks, `data/` files and Markdown bodies, through the whole build.
//!
//! Each case is one of the example site's files, mutated (bytes flipped,
//! cut, repeated; lines spliced in from other files; YAML keys, indents and
//! brackets broken; pathological pieces inserted), placed in a small site
//! with the example's `site.yaml` and data, and checked as `mujaz check`
//! does, diagnostics printed. A case passes when the build returns, with
//! or without errors, within the time bound: a panic or a hang fails. The
//! bound counts processor time, not time on the clock, so that a machine
//! busy with other work does not fail a case (see `Watch`). The
//! input of the case being run is kept in `target/tmp/fuzz/current/` (so
//! an abort such as a stack overflow leaves it behind), and every failing
//! input in `target/tmp/fuzz/failures/`.
//!
//! `cargo test` runs a short, fixed pass. The long run:
//!
//! ```text
//! MUJAZ_FUZZ_CASES=200000 cargo test --release --test fuzz -- --ignored --nocapture
//! ```
//!
//! Settings: `MUJAZ_FUZZ_CASES` (cases), `MUJAZ_FUZZ_SEED` (first seed;
//! the long run takes the clock's when unset), `MUJAZ_FUZZ_TIMEOUT`
//! (seconds of processor time a case may take, 10 by default).

use mujaz::build::{Options, build};
use std::any::Any;
use std::collections::{HashMap, VecDeque};
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// A small, fast, seedable generator (SplitMix64): the cases of a seed are
/// the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A file of the example site, by its path inside the site.
#[derive(Clone)]
struct File {
    rel: String,
    bytes: Vec<u8>,
}

/// The example site's files the cases start from.
struct Seeds {
    site_yaml: File,
    docs: Vec<File>,
    data: Vec<File>,
}

impl Seeds {
    fn load() -> Seeds {
        let top = Path::new(env!("CARGO_MANIFEST_DIR"));
        let read = |rel: &str| File { rel: rel.to_string(), bytes: fs::read(top.join(rel)).expect("example file") };
        let mut docs = Vec::new();
        let mut data = Vec::new();
        for entry in walkdir::WalkDir::new(top.join("content")).sort_by_file_name() {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(top).expect("inside").to_string_lossy().replace('\\', "/");
            if rel.ends_with(".md") {
                docs.push(read(&rel));
            }
        }
        for entry in fs::read_dir(top.join("data")).expect("data") {
            let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
            data.push(read(&format!("data/{name}")));
        }
        data.sort_by(|a, b| a.rel.cmp(&b.rel));
        Seeds { site_yaml: read("site.yaml"), docs, data }
    }

    /// Every line of every seed, for splicing.
    fn lines(&self) -> Vec<Vec<u8>> {
        let all = std::iter::once(&self.site_yaml).chain(&self.docs).chain(&self.data);
        all.flat_map(|f| f.bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect::<Vec<_>>()).collect()
    }

    /// The brief whose charts read the data files.
    fn data_reader(&self) -> &File {
        self.docs.iter().find(|d| d.bytes.windows(6).any(|w| w == b"data: ")).unwrap_or(&self.docs[0])
    }
}

/// Pieces known to have troubled parsers, inserted whole.
const PIECES: &[&str] = &[
    "\"\": 1\n",
    "~: 1\n",
    "? [a]\n: 1\n",
    "? {a: b}\n: 1\n",
    "null: x\n",
    "\ttitle: tab\n",
    "[^a]: a note\n",
    "```chart\n",
    "```\n",
    "```chart\ntype: bar\ntitle: T\nlabels: []\nseries: []\n```\n",
    "```chart\ntype: line\ntitle: T\nlabels: [a, b]\nseries:\n  - {name: s, values: [1e308, -1e308]}\n```\n",
    "```chart\ntype: bar\ntitle: T\nlabels: [a, b, c]\nseries:\n  - {name: s, values: [.nan, .inf, -.inf]}\n```\n",
    "```chart\ntype: timeline\ntitle: T\nevents:\n  - {date: 2025-13-45, label: x}\n```\n",
    "```chart\ntype: hbar\ntitle: T\ndata: nowhere\nx: region\ny: attacks\n```\n",
    "1e308",
    "-1e308",
    "NaN",
    ".nan",
    ".inf",
    "-0",
    "99999999999999999999999999999",
    "0x7fffffffffffffff",
    "\0",
    "\u{202E}",
    "\u{2066}",
    "\u{2069}",
    "\u{1b}[2J",
    "\u{feff}",
    "\r",
    "\r\n",
    "---\n",
    "&a [*a]",
    "*nowhere",
    "!!binary AAAA",
    "!custom x",
    "<<: *a\n",
    "[",
    "{",
    "]",
    "}",
    "\"",
    "'",
    "|\n",
    ">-\n",
    "- ",
    "> ",
    "# ",
    "<!-- ",
    "<script>",
    "[link](#nowhere)",
    "[link](../../../../etc/passwd)",
    "[link](javascript:alert(1))",
    "![](missing.png)",
    "![]()",
    "[^]",
    "[^a b]",
    "<https://example.org>",
    "<a@b.c>",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "> [!NOTE]\n> x\n",
    "$$",
    "\\",
    "&amp;",
    "&#0;",
    "\u{0660}\u{0661}\u{0662}",
    "٢٠٢٥-٠٩-١٢",
    "2025-02-30",
    "0000-00-00",
    "+99999-01-01",
];

/// How a case changes a seed.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>, lines: &[Vec<u8>]) {
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let at = rng.below(bytes.len() + 1);
        match rng.below(12) {
            0 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            1 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] = *rng.pick(&[0u8, b'\n', b'\t', b' ', b':', b'-', b'[', b'{', b'"', b'#', 0xC3, 0xFF, 0x80]);
            }
            2 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(256)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let most = if rng.below(8) == 0 { 2000 } else { 4 };
                let times = 1 + rng.below(most);
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy.repeat(times));
            }
            4 | 5 => {
                let mut line = rng.pick(lines).clone();
                line.push(b'\n');
                let to = line_start(bytes, rng.below(count_lines(bytes) + 1));
                bytes.splice(to..to, line);
            }
            6 => swap_lines(rng, bytes),
            7 => {
                let piece = rng.pick(PIECES).as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
            8 => yaml_structure(rng, bytes),
            9 => {
                let piece = *rng.pick(&["[", "{", ">", "- ", "* ", "1. ", "  ", "*", "_", "`", "<div>", "[a]("]);
                let times = 1 + rng.below(5000);
                bytes.splice(at..at, piece.repeat(times).into_bytes());
            }
            10 => replace_number(rng, bytes),
            _ => bytes.truncate(at),
        }
    }
}

fn count_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// The byte offset of line `n` (0-based), or the end.
fn line_start(bytes: &[u8], n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    bytes.iter().enumerate().filter(|&(_, &b)| b == b'\n').nth(n - 1).map_or(bytes.len(), |(i, _)| i + 1)
}

fn swap_lines(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
    lines.swap(a, b);
    *bytes = lines.join(&b'\n');
}

/// Breaks the YAML of one line: its key, its indent, its brackets.
fn yaml_structure(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let i = rng.below(lines.len());
    let line = lines[i].clone();
    let colon = line.iter().position(|&b| b == b':');
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    lines[i] = match (rng.below(8), colon) {
        (0, Some(c)) => [&b"\"\""[..], &line[c..]].concat(),
        (1, Some(c)) => [&b"~"[..], &line[c..]].concat(),
        (2, Some(c)) => [&b"? ["[..], &line[indent..c], b"]\n", &line[c..]].concat(),
        (3, _) => [&b"\t"[..], &line[indent..]].concat(),
        (4, Some(c)) => [&line[..=c], b" [", &line[c + 1..]].concat(),
        (5, Some(c)) => [&line[..=c], b" {", &line[c + 1..]].concat(),
        (6, _) => [&b"  "[..], &line].concat(),
        (7, _) => [&b"- "[..], &line].concat(),
        _ => line[indent..].to_vec(),
    };
    *bytes = lines.join(&b'\n');
}

/// Replaces a run of digits with an extreme number.
fn replace_number(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let digits: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i].is_ascii_digit()).collect();
    if digits.is_empty() {
        return;
    }
    let start = *rng.pick(&digits);
    let end = (start..bytes.len()).find(|&i| !bytes[i].is_ascii_digit()).unwrap_or(bytes.len());
    let with = *rng.pick(&[
        "1e308",
        "-1e308",
        "1e-320",
        ".nan",
        "NaN",
        ".inf",
        "-.inf",
        "0",
        "-0",
        "18446744073709551616",
        "٣",
    ]);
    bytes.splice(start..end, with.bytes());
}

/// One input: a file of the site with its (mutated) bytes.
struct Case {
    name: String,
    file: File,
}

/// A small site the cases are written into: the example's `site.yaml`,
/// its data files and one Markdown file.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// Writes the site for `case`: the case's file replaces its seed, and
    /// `doc` is the Markdown file when the case is not one.
    fn prepare(&self, seeds: &Seeds, case: &Case, doc: &File) {
        let root = self.dir.path();
        let _ = fs::remove_dir_all(root.join("content"));
        let _ = fs::remove_dir_all(root.join("data"));
        let mut files = vec![&seeds.site_yaml, doc];
        files.extend(&seeds.data);
        for f in files.into_iter().chain(std::iter::once(&case.file)) {
            let path = root.join(&f.rel);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(&path, &f.bytes).expect("write");
        }
    }
}

/// What a case did.
enum Outcome {
    /// The build returned (with or without errors) in this time.
    Finished(Duration),
    Panicked(String),
    /// The build was still running, for the reason given.
    Hung(String),
}

/// Checks the sandbox's site as `mujaz check` does and prints the
/// diagnostics, watched for `limit`.
fn run(root: PathBuf, limit: Duration) -> Outcome {
    watched(limit, move || {
        let opts = Options { root, translation_checks: true, ..Options::default() };
        let diags = match build(&opts) {
            Ok(report) => report.warnings,
            Err(diags) => diags,
        };
        std::hint::black_box(mujaz::diag::render(&diags, true));
    })
}

/// How often the watcher looks at a running case.
const LOOK_EVERY: Duration = Duration::from_millis(50);

/// Runs `work` on threads of its own, so that their processor time is the
/// case's alone: a thread that catches a panic, and a pool of two for what
/// the build does in parallel (rayon's global pool is shared with the other
/// tests of this file). Watches them with a `Watch` of `limit`.
fn watched(limit: Duration, work: impl FnOnce() + Send + 'static) -> Outcome {
    let threads = CaseThreads::default();
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    let joining = threads.clone();
    std::thread::spawn(move || {
        joining.join();
        let result = catch_unwind(AssertUnwindSafe(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .start_handler(move |_| joining.join())
                .build()
                .expect("a thread pool");
            pool.install(work);
        }));
        let _ = tx.send(result.map_err(panic_text));
    });
    let mut watch = Watch::new(limit);
    let mut cpu = CpuClock::new(threads);
    loop {
        match rx.recv_timeout(LOOK_EVERY) {
            Ok(Ok(())) => return Outcome::Finished(start.elapsed()),
            Ok(Err(message)) => return Outcome::Panicked(message),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Outcome::Panicked("the case's thread vanished".into()),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Some(why) = watch.look(start.elapsed(), cpu.read()) {
                    return Outcome::Hung(why);
                }
            }
        }
    }
}

/// The bound on one case. On a machine busy with other work a case gets a
/// share of a processor, and takes longer on the clock for the same work
/// (a load of 12 to 20 on two cores made cases of a few seconds take more
/// than 10 s): so what is bounded is the processor time the case's threads
/// used, `limit` of it. A case that waits instead of working (a deadlock)
/// uses none, and is caught otherwise: it hangs when, over the last three
/// times `limit` on the clock, its threads got less than a hundredth of
/// `limit` in processor time. A running case gets that unless the machine is
/// some 300 times over-subscribed; the window is that long so that a case
/// kept waiting a while for the disk (a panic's backtrace reading the debug
/// symbols, say) is not taken for a deadlock. Where no processor time is
/// known (`None`), the bound is `limit` on the clock.
struct Watch {
    limit: Duration,
    /// (clock, processor) time at each look of the last `3 * limit` on the
    /// clock, and the last look before them.
    looks: VecDeque<(Duration, Duration)>,
}

impl Watch {
    fn new(limit: Duration) -> Watch {
        Watch { limit, looks: VecDeque::from([(Duration::ZERO, Duration::ZERO)]) }
    }

    /// Takes the case's clock and processor times since it started, and says
    /// why it hangs, if it does.
    fn look(&mut self, wall: Duration, cpu: Option<Duration>) -> Option<String> {
        let limit = self.limit;
        let Some(cpu) = cpu else {
            return (wall >= limit).then(|| format!("still running after {limit:?}"));
        };
        if cpu >= limit {
            return Some(format!("used {cpu:.1?} of processor time, more than {limit:?}"));
        }
        self.looks.push_back((wall, cpu));
        let window = 3 * limit;
        let window_start = wall.saturating_sub(window);
        while self.looks.len() > 1 && self.looks[1].0 <= window_start {
            self.looks.pop_front();
        }
        let (then, cpu_then) = self.looks[0];
        let got = cpu - cpu_then;
        (wall >= window && got < limit / 100)
            .then(|| format!("waiting, not working: {got:.1?} of processor time in the last {:.1?}", wall - then))
    }
}

/// The threads that run one case, by their Linux thread ids (`None` for a
/// thread whose id is not known).
#[derive(Clone, Default)]
struct CaseThreads(Arc<Mutex<Vec<Option<u32>>>>);

impl CaseThreads {
    /// Counts the calling thread among the case's.
    fn join(&self) {
        let id = fs::read_link("/proc/thread-self").ok().and_then(|p| p.file_name()?.to_str()?.parse().ok());
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(id);
    }
}

/// The processor time a case's threads used, from Linux's
/// `/proc/self/task/<id>/schedstat` (nanoseconds on a processor).
struct CpuClock {
    threads: CaseThreads,
    /// The last time read for each thread: a thread that has ended keeps it.
    last: HashMap<u32, Duration>,
}

impl CpuClock {
    fn new(threads: CaseThreads) -> CpuClock {
        CpuClock { threads, last: HashMap::new() }
    }

    /// The sum over the case's threads, or `None` when a running thread's
    /// time cannot be read (no `/proc`, or no `schedstat` in it).
    fn read(&mut self) -> Option<Duration> {
        let ids = self.threads.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        for id in ids {
            let task = PathBuf::from(format!("/proc/self/task/{id}", id = id?));
            match fs::read_to_string(task.join("schedstat"))
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse().ok())
            {
                Some(ns) => {
                    self.last.insert(id?, Duration::from_nanos(ns));
                }
                // A thread that has ended keeps the time it was last seen with.
                None if !task.exists() => {}
                None => return None,
            }
        }
        Some(self.last.values().sum())
    }
}

fn panic_text(e: Box<dyn Any + Send>) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".into())
}

/// Where failing inputs are kept.
fn keep_dir(kind: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz").join(kind);
    fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// Writes the input about to run over the previous one: `current/input`,
/// and its name and path in the site in `current/case`.
fn keep_current(case: &Case) {
    let dir = keep_dir("current");
    fs::write(dir.join("case"), format!("{} {}\n", case.name, case.file.rel)).expect("keep the name");
    fs::write(dir.join("input"), &case.file.bytes).expect("keep the input");
}

fn keep(kind: &str, case: &Case) -> PathBuf {
    let name = format!("{}--{}", case.name, case.file.rel.replace('/', "_"));
    let path = keep_dir(kind).join(name);
    fs::write(&path, &case.file.bytes).expect("keep the input");
    path
}

/// What a run of cases found.
#[derive(Default)]
struct Tally {
    cases: usize,
    failures: Vec<String>,
    longest: Duration,
    longest_case: String,
}

/// Runs `cases` through a sandbox; stops at the first hang, which leaves
/// a thread running.
fn run_cases(seeds: &Seeds, cases: impl Iterator<Item = Case>, limit: Duration) -> Tally {
    let sandbox = Sandbox::new();
    let mut tally = Tally::default();
    for case in cases {
        let doc = if case.file.rel.starts_with("data/") { seeds.data_reader() } else { &seeds.docs[0] };
        sandbox.prepare(seeds, &case, doc);
        keep_current(&case);
        tally.cases += 1;
        if tally.cases % 10_000 == 0 {
            eprintln!("  {} cases, {} failures", tally.cases, tally.failures.len());
        }
        match run(sandbox.dir.path().to_path_buf(), limit) {
            Outcome::Finished(took) => {
                if took > tally.longest {
                    tally.longest = took;
                    tally.longest_case = format!("{} ({})", case.name, case.file.rel);
                }
            }
            Outcome::Panicked(message) => {
                let kept = keep("failures", &case);
                tally.failures.push(format!("{}: panicked: {message} (input: {})", case.name, kept.display()));
            }
            Outcome::Hung(why) => {
                let kept = keep("failures", &case);
                tally.failures.push(format!("{}: hangs, {why} (input: {})", case.name, kept.display()));
                break;
            }
        }
    }
    tally
}

/// The mutated cases from `seed` on: each picks a file, then mutates it.
fn mutated(seeds: &Seeds, first: u64, count: usize) -> impl Iterator<Item = Case> + '_ {
    let lines = seeds.lines();
    (0..count as u64).map(move |n| {
        let seed = first.wrapping_add(n);
        let mut rng = Rng(seed);
        let mut file = match rng.below(10) {
            0 | 1 => seeds.site_yaml.clone(),
            2 => rng.pick(&seeds.data).clone(),
            _ => rng.pick(&seeds.docs).clone(),
        };
        mutate(&mut rng, &mut file.bytes, &lines);
        Case { name: format!("seed-{seed}"), file }
    })
}

fn setting(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn limit() -> Duration {
    Duration::from_secs(setting("MUJAZ_FUZZ_TIMEOUT").unwrap_or(10))
}

fn report(what: &str, tally: &Tally, took: Duration) {
    eprintln!(
        "{what}: {} cases in {:.1} s, {} failures, longest case {:.2} s ({})",
        tally.cases,
        took.as_secs_f64(),
        tally.failures.len(),
        tally.longest.as_secs_f64(),
        tally.longest_case
    );
    assert!(tally.failures.is_empty(), "{}", tally.failures.join("\n"));
}

#[test]
fn mutated_example_files_never_panic_or_hang() {
    let seeds = Seeds::load();
    let count = setting("MUJAZ_FUZZ_CASES").map_or(120, |n| n as usize);
    let first = setting("MUJAZ_FUZZ_SEED").unwrap_or(1);
    let start = Instant::now();
    let tally = run_cases(&seeds, mutated(&seeds, first, count), limit());
    report("short fuzz pass", &tally, start.elapsed());
}

/// The long run (see the module's documentation).
#[test]
#[ignore = "long: run with --ignored, MUJAZ_FUZZ_CASES and --release"]
fn long_fuzz_run() {
    let seeds = Seeds::load();
    let count = setting("MUJAZ_FUZZ_CASES").map_or(20_000, |n| n as usize);
    let clock = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let first = setting("MUJAZ_FUZZ_SEED").unwrap_or(clock << 20);
    eprintln!("long fuzz run: {count} cases from seed {first}");
    let start = Instant::now();
    let tally = run_cases(&seeds, mutated(&seeds, first, count), limit());
    report("long fuzz run", &tally, start.elapsed());
}

/// Hand-made inputs at the edges: depth, size, counts and odd numbers.
/// `big` is the size of the large ones (the long run uses 10 MB).
fn pathological(seeds: &Seeds, big: usize) -> Vec<Case> {
    let page = |name: &str, body: String| Case {
        name: name.to_string(),
        file: File {
            rel: "content/pages/fuzz.en.md".into(),
            bytes: format!("---\ntitle: T\n---\n{body}\n").into_bytes(),
        },
    };
    let front = |name: &str, fm: String| Case {
        name: name.to_string(),
        file: File { rel: "content/pages/fuzz.en.md".into(), bytes: format!("---\n{fm}\n---\nBody\n").into_bytes() },
    };
    let data = |name: &str, file: &str, text: String| Case {
        name: name.to_string(),
        file: File { rel: format!("data/{file}"), bytes: text.into_bytes() },
    };
    let chart = |yaml: String| format!("```chart\n{yaml}\n```");
    let labels: Vec<String> = (0..10_000).map(|i| format!("l{i}")).collect();
    let values: Vec<String> = (0..10_000).map(|i| (i % 97).to_string()).collect();
    let n = 100_000;
    vec![
        page("quotes-100000", format!("{} deep", ">".repeat(n))),
        page("brackets-100000", format!("{} deep", "[".repeat(n))),
        page("list-markers-100000", format!("{}deep", "- ".repeat(n))),
        page("nested-list-2000", (0..2000).map(|i| format!("{}- a\n", "  ".repeat(i))).collect()),
        page("emphasis-100000", format!("{}x{}", "*_".repeat(n / 2), "_*".repeat(n / 2))),
        page("links-100000", "[a](".repeat(n)),
        page("html-100000", "<div>".repeat(n)),
        page("footnotes-10000", (0..10_000).map(|i| format!("[^{i}] ")).collect()),
        page("big-body", "word ".repeat(big / 5)),
        page("one-big-line", "x".repeat(big)),
        page("errors-30000", (0..30_000).map(|i| format!("[l{i}](#nowhere-{i})\n\n")).collect()),
        page("errors-8000-on-a-line", (0..8_000).map(|i| format!("[l{i}](#nowhere-{i}) ")).collect()),
        page("nul-bytes", "a\0b\0\0c".repeat(1000)),
        page("unclosed-chart-footnote", "x[^a]\n\n```chart\ntype: bar\ntitle: T\n\n[^a]: note".into()),
        page("chart-brackets", chart(format!("type: bar\ntitle: {}", "[".repeat(n)))),
        page("chart-labels-10000", chart(format!("type: bar\ntitle: T\nlabels: [{}]\nseries:\n  - {{name: s, values: [{}]}}", labels.join(", "), values.join(", ")))),
        page("chart-hbar-10000", chart(format!("type: hbar\ntitle: T\nlabels: [{}]\nseries:\n  - {{name: s, values: [{}]}}", labels.join(", "), values.join(", ")))),
        page("chart-line-10000", chart(format!("type: line\ntitle: T\nlabels: [{}]\nseries:\n  - {{name: s, values: [{}]}}", labels.join(", "), values.join(", ")))),
        page("chart-extremes", chart("type: bar\ntitle: T\nlabels: [a, b, c, d]\nseries:\n  - {name: s, values: [1e308, 1e308, -1e308, 5e-324]}".into())),
        page("chart-nan-inf", chart("type: line\ntitle: T\nlabels: [a, b, c]\nseries:\n  - {name: s, values: [.nan, .inf, -.inf]}".into())),
        page("chart-empty-series", chart("type: bar\ntitle: T\nlabels: [a]\nseries:\n  - {name: s, values: []}".into())),
        page("chart-no-labels", chart("type: line\ntitle: T\nlabels: []\nseries: []".into())),
        page("chart-timeline-10000", chart(format!("type: timeline\ntitle: T\nevents:\n{}", (0..10_000).map(|i| format!("  - {{date: 2025-01-{:02}, label: e{i}}}\n", 1 + i % 28)).collect::<String>()))),
        page("chart-nameless-keys", chart("type: bar\n\"\": 1\n~: 2\n? [a]\n: 3".into())),
        front("front-brackets", format!("title: {}", "[".repeat(n))),
        front("front-braces", format!("title: {}", "{a: ".repeat(n))),
        front("front-dashes", format!("title: x\nsummary: {}a", "- ".repeat(n))),
        front("front-big-value", format!("title: \"{}\"", "x".repeat(big))),
        front("front-alias-bomb", {
            let mut s = "title: x\na0: &a0 [l, l, l, l, l, l, l, l, l]\n".to_string();
            for i in 1..10 {
                s.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 9].join(", ")));
            }
            s
        }),
        front("front-empty", String::new()),
        front("front-nameless", "title: x\n\"\": 1\n~: 2\n? [a]\n: 3".into()),
        front("front-10000-keys", (0..10_000).map(|i| format!("k{i}: v\n")).collect()),
        data("csv-extremes", "attacks-2025-09.csv", "region,attacks\ndaraa,1e308\nhama,-1e308\nhoms,NaN\naleppo,inf\n".into()),
        data("csv-empty", "attacks-2025-09.csv", String::new()),
        data("csv-nul", "attacks-2025-09.csv", "region,attacks\n\0,\0\n".into()),
        data("csv-10000-rows", "attacks-2025-09.csv", format!("region,attacks\n{}", (0..10_000).map(|i| format!("r{i},{i}\n")).collect::<String>())),
        data("csv-big", "attacks-2025-09.csv", format!("region,attacks\n{}", "daraa,1\n".repeat(big / 8))),
        data("csv-quotes", "attacks-2025-09.csv", format!("region,attacks\n\"{}\n", "\"\"".repeat(n))),
        data("yaml-brackets", "attacks-2025-09.yaml", format!("- {}", "[".repeat(n))),
        data("yaml-nameless", "attacks-2025-09.yaml", "- {\"\": 1, ~: 2}\n".into()),
        Case {
            name: "invalid-utf8".into(),
            file: File { rel: "content/pages/fuzz.en.md".into(), bytes: b"---\ntitle: \xff\xfe\n---\n\xc3\x28".to_vec() },
        },
        Case { name: "site-yaml-empty".into(), file: File { rel: "site.yaml".into(), bytes: Vec::new() } },
        Case {
            name: "site-yaml-brackets".into(),
            file: File { rel: "site.yaml".into(), bytes: format!("title: {}", "[".repeat(n)).into_bytes() },
        },
        Case {
            name: "site-yaml-10000-labels".into(),
            file: File {
                rel: "site.yaml".into(),
                bytes: format!(
                    "{}\n  kinds:\n{}",
                    String::from_utf8_lossy(&seeds.site_yaml.bytes).split("  kinds:").next().unwrap_or(""),
                    (0..10_000).map(|i| format!("    k{i}: {{ar: \"ك\", en: \"K\"}}\n")).collect::<String>()
                )
                .into_bytes(),
            },
        },
        Case {
            name: "site-yaml-invalid-utf8".into(),
            file: File { rel: "site.yaml".into(), bytes: b"title: \xff\n".to_vec() },
        },
    ]
}

#[test]
fn pathological_inputs_never_panic_or_hang() {
    let seeds = Seeds::load();
    let big = setting("MUJAZ_FUZZ_BIG").map_or(1 << 20, |n| n as usize);
    let start = Instant::now();
    let tally = run_cases(&seeds, pathological(&seeds, big).into_iter(), limit());
    report("pathological inputs", &tally, start.elapsed());
}

/// The same with 10 MB files.
#[test]
#[ignore = "long: run with --ignored and --release"]
fn pathological_inputs_at_10_mb() {
    let seeds = Seeds::load();
    let start = Instant::now();
    let tally = run_cases(&seeds, pathological(&seeds, 10 << 20).into_iter(), limit());
    report("pathological inputs at 10 MB", &tally, start.elapsed());
}

/// The bound's arithmetic: processor time is what runs out, however long
/// the clock says a case took, and a case that stops working is caught.
#[test]
fn the_bound_counts_processor_time_and_catches_waiting() {
    let s = Duration::from_secs_f64;
    // A case given a tenth of a processor (a load of 20 on two cores):
    // 95 s on the clock for 9.5 s of work is not a hang...
    let mut starved = Watch::new(s(10.0));
    for i in 1..=190 {
        let wall = s(i as f64 * 0.5);
        assert_eq!(starved.look(wall, Some(wall / 10)), None, "at {wall:?}");
    }
    // ...but 10 s of work is, whatever the clock says.
    let verdict = starved.look(s(100.0), Some(s(10.0))).expect("a hang");
    assert!(verdict.contains("processor time"), "{verdict}");

    // A case that worked 2 s, then waits for ever: caught once the last
    // 30 s on the clock hold less than 0.1 s of work.
    let mut waiting = Watch::new(s(10.0));
    let cpu = |wall: f64| s(wall.min(2.0));
    let mut caught = None;
    for i in 1..=800 {
        let wall = i as f64 * 0.05;
        if let Some(why) = waiting.look(s(wall), Some(cpu(wall))) {
            caught = Some((wall, why));
            break;
        }
    }
    let (at, why) = caught.expect("caught");
    assert!((31.9..=32.0).contains(&at), "caught at {at} s");
    assert!(why.contains("waiting"), "{why}");

    // Where no processor time is known, the clock bounds the case.
    let mut unknown = Watch::new(s(10.0));
    assert_eq!(unknown.look(s(9.9), None), None);
    assert!(unknown.look(s(10.0), None).expect("a hang").contains("still running"));
}

/// The same with real threads: a busy loop and a wait are hangs, and a
/// case that works one millisecond in ten (as on a busy machine) for three
/// times the bound on the clock is not.
#[cfg(target_os = "linux")]
#[test]
fn watched_cases_hang_by_work_or_by_waiting_not_by_the_clock() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let limit = Duration::from_millis(300);

    let stop = Arc::new(AtomicBool::new(false));
    let spinning = stop.clone();
    let busy = watched(limit, move || {
        while !spinning.load(Ordering::Relaxed) {
            std::hint::spin_loop();
        }
    });
    stop.store(true, Ordering::Relaxed);
    assert!(matches!(&busy, Outcome::Hung(why) if why.contains("processor time")), "busy loop: {}", describe(&busy));

    let (never, wait) = mpsc::channel::<()>();
    let waiting = watched(limit, move || {
        let _ = wait.recv();
    });
    drop(never);
    assert!(matches!(&waiting, Outcome::Hung(why) if why.contains("waiting")), "wait: {}", describe(&waiting));

    let slowed = watched(limit, move || {
        let start = Instant::now();
        // A millisecond of work, counted on this thread's processor clock
        // so that other load on the machine does not shorten it.
        let worked = || {
            let s = fs::read_to_string("/proc/thread-self/schedstat").expect("schedstat");
            Duration::from_nanos(s.split_whitespace().next().and_then(|n| n.parse().ok()).expect("a number"))
        };
        while start.elapsed() < limit * 3 {
            let burst = worked();
            while worked() - burst < Duration::from_millis(1) {
                std::hint::spin_loop();
            }
            std::thread::sleep(Duration::from_millis(9));
        }
    });
    assert!(matches!(slowed, Outcome::Finished(took) if took >= limit * 3), "slowed: {}", describe(&slowed));

    // A panic is reported as soon as it is caught, however long its
    // backtrace takes to print: the bound there is generous.
    let panicked = watched(Duration::from_secs(60), || panic!("on purpose"));
    assert!(matches!(&panicked, Outcome::Panicked(m) if m == "on purpose"), "{}", describe(&panicked));
}

#[cfg(target_os = "linux")]
fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Finished(took) => format!("finished in {took:?}"),
        Outcome::Panicked(message) => format!("panicked: {message}"),
        Outcome::Hung(why) => format!("hung: {why}"),
    }
}
