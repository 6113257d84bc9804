//! A site in a temporary folder, built through the library or the binary,
//! with helpers to read what it wrote.

use mujaz::build::{Options, Report, build};
use mujaz::diag::Diagnostic;
use scraper::{Html, Selector};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const SITE_YAML: &str = r#"title: {ar: "موجز", en: "Briefs"}
base_url: https://briefs.example.org
default_language: ar
languages:
  - {code: ar, name: "العربية", dir: rtl}
  - {code: en, name: English, dir: ltr}
taxonomies:
  topics:
    recruitment:  {ar: "التجنيد", en: "Recruitment"}
    infiltration: {ar: "الاختراق", en: "Infiltration"}
    extortion:    {ar: "الابتزاز", en: "Extortion"}
  regions:
    deir-ez-zor:  {ar: "دير الزور", en: "Deir ez-Zor"}
    daraa:        {ar: "درعا", en: "Daraa"}
"#;

/// A site under construction in a temporary folder.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty folder.
    pub fn empty() -> Self {
        Fixture { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A folder with the standard `site.yaml`.
    pub fn new() -> Self {
        Fixture::empty().file("site.yaml", SITE_YAML)
    }

    /// A copy of the example site at the repository's root.
    pub fn example() -> Self {
        let f = Fixture::empty();
        let top = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["site.yaml", "content", "data", "static"] {
            let from = top.join(part);
            if from.is_dir() {
                copy_dir(&from, &f.root().join(part));
            } else if from.is_file() {
                fs::copy(&from, f.root().join(part)).expect("copy");
            }
        }
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub fn file(self, rel: &str, text: &str) -> Self {
        self.write(rel, text.as_bytes());
        self
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, bytes).expect("write");
    }

    /// A brief with the given front matter lines (after `title`, `date`,
    /// `summary`) and body.
    pub fn brief(self, slug: &str, lang: &str, extra: &str, body: &str) -> Self {
        let text = format!(
            "---\ntitle: \"Brief {slug} {lang}\"\ndate: 2025-09-12\nsummary: \"Summary of {slug}.\"\n{extra}---\n\n{body}\n"
        );
        self.file(&format!("content/briefs/{slug}.{lang}.md"), &text)
    }

    pub fn options(&self) -> Options {
        Options { root: self.root().to_path_buf(), write: true, ..Options::default() }
    }

    /// Builds through the library; panics with the errors on failure.
    pub fn build(self) -> Built {
        match build(&self.options()) {
            Ok(report) => Built { fixture: self, report },
            Err(diags) => panic!("build failed:\n{}", mujaz::diag::render(&diags, false)),
        }
    }

    /// Builds through the library with drafts; panics with the errors on failure.
    pub fn build_with_drafts(self) -> Built {
        let opts = Options { drafts: true, ..self.options() };
        match build(&opts) {
            Ok(report) => Built { fixture: self, report },
            Err(diags) => panic!("build failed:\n{}", mujaz::diag::render(&diags, false)),
        }
    }

    /// Builds through the library and returns the errors; panics on success.
    pub fn errors(&self) -> Vec<Diagnostic> {
        match build(&self.options()) {
            Ok(_) => panic!("the build succeeded, errors were expected"),
            Err(diags) => diags,
        }
    }

    /// Checks through the library as `mujaz check` does, translations
    /// included; returns the warnings, or every diagnostic on failure.
    pub fn check(&self) -> Vec<Diagnostic> {
        let opts = Options { root: self.root().to_path_buf(), translation_checks: true, ..Options::default() };
        match build(&opts) {
            Ok(report) => report.warnings,
            Err(diags) => diags,
        }
    }

    /// Reads a file of the site.
    pub fn read(&self, rel: &str) -> String {
        let p = self.root().join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// Runs the binary with `args` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// Runs the binary with `args` and environment variables in the site's folder.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_mujaz"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .output()
            .expect("run mujaz");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("output")
    }
}

/// What the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A built site.
pub struct Built {
    pub fixture: Fixture,
    pub report: Report,
}

impl Built {
    pub fn read(&self, rel: &str) -> String {
        let p = self.fixture.output().join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.fixture.output().join(rel).exists()
    }

    /// A page: `ar/briefs/x/` reads `ar/briefs/x/index.html`.
    pub fn page(&self, url: &str) -> Page {
        let rel = if url.is_empty() || url.ends_with('/') { format!("{url}index.html") } else { url.to_string() };
        Page { html: Html::parse_document(&self.read(&rel)) }
    }
}

/// A parsed HTML page.
pub struct Page {
    pub html: Html,
}

impl Page {
    pub fn all(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let sel = Selector::parse(css).expect("selector");
        self.html.select(&sel).collect()
    }

    pub fn text(&self, css: &str) -> String {
        self.all(css)
            .first()
            .map(|e| e.text().collect::<String>())
            .unwrap_or_else(|| panic!("no element matches {css}"))
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).iter().map(|e| e.text().collect::<String>().trim().to_string()).collect()
    }

    pub fn attr(&self, css: &str, name: &str) -> String {
        let all = self.all(css);
        let e = all.first().unwrap_or_else(|| panic!("no element matches {css}"));
        e.value().attr(name).unwrap_or_else(|| panic!("{css} has no {name}")).to_string()
    }

    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.all(css).iter().filter_map(|e| e.value().attr(name).map(str::to_string)).collect()
    }

    pub fn assert_dir(&self, lang: &str, dir: &str) {
        assert_eq!(self.attr("html", "lang"), lang);
        assert_eq!(self.attr("html", "dir"), dir);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir`, by path relative to it, with its bytes.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The first diagnostic whose message contains `needle`.
#[track_caller]
pub fn find<'a>(diags: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    match diags.iter().find(|d| d.message.contains(needle)) {
        Some(d) => d,
        None => {
            let all: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
            panic!("no error mentions {needle:?}; got:\n{}", all.join("\n"))
        }
    }
}

/// The first diagnostic whose message contains `needle`, asserted to stand
/// at `at` ("file:line:col", see [`place`]).
#[track_caller]
pub fn find_at<'a>(diags: &'a [Diagnostic], needle: &str, at: &str) -> &'a Diagnostic {
    let d = find(diags, needle);
    assert_eq!(place(d), at, "the place of {needle:?}");
    d
}

/// The first diagnostic whose message contains `needle`, asserted to stand
/// at `at` and to help with exactly `help`: how most errors are checked.
#[track_caller]
pub fn find_at_with_help<'a>(diags: &'a [Diagnostic], needle: &str, at: &str, help: &str) -> &'a Diagnostic {
    let d = find_at(diags, needle, at);
    assert_eq!(d.help.as_deref(), Some(help), "the help of {needle:?}");
    d
}

/// "file:line:col" of a diagnostic, with the file's name only.
pub fn place(d: &Diagnostic) -> String {
    let name = d.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{name}:{}:{}", d.line.unwrap_or(0), d.col.unwrap_or(0))
}
