//! The `mujaz` command line.
//!
//! Parses the arguments and hands each command to the library: `build` and
//! `check` to [`build::build`], `new` and `init` to [`scaffold`]. Prints
//! what was done on stdout and every diagnostic on stderr, and exits 0 on
//! success, 1 for content errors (or warnings under `check --strict`), 2 for
//! usage errors.

use clap::{Parser, Subcommand};
use mujaz::build::{self, Options};
use mujaz::diag::{self, Diagnostic, Severity};
use mujaz::scaffold::{self, Refused};
use mujaz::serve;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `println!`, `eprintln!` and `eprint!` without the panic: a reader that
/// went away (`mujaz build | head -c0`, a closed stdout or stderr) does not
/// make the command fail, the work is done.
macro_rules! say {
    ($($t:tt)*) => {{ use std::io::Write; let _ = writeln!(std::io::stdout(), $($t)*); }};
}
macro_rules! tell {
    ($($t:tt)*) => {{ use std::io::Write; let _ = writeln!(std::io::stderr(), $($t)*); }};
}
macro_rules! tell_raw {
    ($($t:tt)*) => {{ use std::io::Write; let _ = write!(std::io::stderr(), $($t)*); }};
}

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static site generator for bilingual briefing reports.
#[derive(Parser)]
#[command(name = "mujaz", version, about, long_about = None, after_help = MAIN_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    #[command(after_help = BUILD_HELP)]
    Build {
        /// The site's folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site will be served from, overriding site.yaml (http:// or https://).
        #[arg(long, value_parser = site_url)]
        base_url: Option<String>,
        /// Include briefs marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Write into an output folder that holds files but no record that mujaz
        /// built it (no `.mujaz-manifest`). Its files are kept as they are: mujaz
        /// replaces or removes only the files it writes itself, and a site file
        /// landing on one of them is an error.
        #[arg(long)]
        force: bool,
        /// No progress display, even on a terminal (errors and the last line still print).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check everything `build` checks, and that each brief's versions agree, writing nothing.
    #[command(after_help = CHECK_HELP)]
    Check {
        /// The site's folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
        /// Also fetch every link to another site (10 s timeout, 8 at a time).
        #[arg(long)]
        external: bool,
        /// Treat warnings as errors (exit status 1).
        #[arg(long)]
        strict: bool,
        /// No progress display, even on a terminal (errors and the last line still print).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Start a brief in every language of the site, as a draft.
    #[command(after_help = NEW_HELP)]
    New {
        /// The brief's slug: lowercase ASCII letters, digits and `-`.
        slug: String,
        /// The site's folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Make a folder content/briefs/<slug>/ with index.<lang>.md, for briefs with their own files.
        #[arg(long)]
        bundle: bool,
    },
    /// Start a new site with an example brief in Arabic and English.
    #[command(after_help = INIT_HELP)]
    Init {
        /// The folder to create the site in (new or empty).
        dir: PathBuf,
        /// Copy the built-in theme into themes/default/ to edit it.
        #[arg(long)]
        theme_copy: bool,
    },
    /// Build, serve on 127.0.0.1, rebuild on every change and reload the browser.
    #[command(after_help = SERVE_HELP)]
    Serve {
        /// The site's folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on, on 127.0.0.1 only; 0 picks a free port.
        #[arg(long, default_value_t = serve::DEFAULT_PORT)]
        port: u16,
        /// Include briefs marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// No progress display for the first build, even on a terminal.
        #[arg(long, short)]
        quiet: bool,
    },
}

/// Where `--help` sends readers for the rest.
macro_rules! guide {
    () => {
        "Every command, flag and exit status is in the guide for authors: docs/guide.md in mujaz's source."
    };
}

const MAIN_HELP: &str =
    concat!("Examples:\n  mujaz init my-briefs && cd my-briefs\n  mujaz serve\n  mujaz build\n\n", guide!());
const BUILD_HELP: &str = concat!(
    "Examples:\n  mujaz build\n  mujaz build --base-url https://staging.example.org --output ../preview\n\n",
    "Exit status: 0 built, 1 content errors (nothing written), 2 usage errors.\n",
    guide!()
);
const CHECK_HELP: &str = concat!(
    "Examples:\n  mujaz check\n  mujaz check --strict --external\n\n",
    "Exit status: 0 clean, 1 errors (with --strict, warnings too), 2 usage errors.\n",
    guide!()
);
const SERVE_HELP: &str = concat!(
    "Examples:\n  mujaz serve\n  mujaz serve --port 0 --drafts\n\n",
    "Exit status: 0 stopped with Ctrl-C, 2 no such folder or the port is taken.\n",
    guide!()
);
const NEW_HELP: &str = concat!(
    "Examples:\n  mujaz new water-crisis\n  mujaz new water-crisis --bundle\n\n",
    "Exit status: 0 created, 2 a slug that is invalid or already used.\n",
    guide!()
);
const INIT_HELP: &str = concat!(
    "Examples:\n  mujaz init my-briefs\n  mujaz init my-briefs --theme-copy\n\n",
    "Exit status: 0 created, 2 a folder that is not new or empty.\n",
    guide!()
);

/// `--base-url` follows site.yaml's `base_url` rule: an http:// or https://
/// address, or nothing at all.
fn site_url(url: &str) -> Result<String, String> {
    match mujaz::config::is_base_url(url) {
        true => Ok(url.to_string()),
        false => Err(format!("`{url}` must start with http:// or https://, as `base_url` in site.yaml")),
    }
}

/// Asks Linux not to back this process's memory with 2 MB pages. The
/// allocator marks its arena for them, and the kernel then clears two
/// megabytes on the first touch of each: a build of the example site held
/// 40 MiB instead of 16, one of 2,500 briefs 132 MiB instead of 94 and
/// took 7 % longer (BENCHMARKS.md). Elsewhere nothing to do. Run before
/// `main` (see [`SMALL_PAGES_FIRST`]), and again in it.
extern "C" fn small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes
    // nothing but how later page faults are served.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// [`small_pages`] as the program is loaded: the runtime allocates before
/// `main` starts (the main thread's name), and the allocator's first
/// allocation touches its arena, which would otherwise be two 2 MB pages
/// on every run (the example site's build held 16 MiB at its peak instead
/// of 13).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SMALL_PAGES_FIRST: extern "C" fn() = small_pages;

fn main() -> ExitCode {
    small_pages();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    match Cli::parse().command {
        Command::Build { root, output, base_url, drafts, force, quiet } => {
            let progress = !quiet;
            let opts = Options { root, output, base_url, drafts, force, progress, write: true, ..Options::default() };
            run_build(&opts, false, color)
        }
        Command::Check { root, drafts, external, strict, quiet } => {
            let external = external.then(mujaz::external::Options::default);
            let progress = !quiet;
            let opts = Options { root, drafts, external, progress, translation_checks: true, ..Options::default() };
            run_build(&opts, strict, color)
        }
        Command::Serve { root, port, drafts, quiet } => {
            match serve::run(&serve::Options { root, port, drafts, color, quiet }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    tell!("error: {message}");
                    ExitCode::from(2)
                }
            }
        }
        Command::New { slug, root, bundle } => {
            let done = scaffold::new_brief(&root, &slug, bundle).map(|created| {
                print_created(&created);
                tell!("the brief is a draft: fill in its front matter, then delete `draft: true` to publish it");
            });
            finish(done, color)
        }
        Command::Init { dir, theme_copy } => {
            let done = scaffold::init_site(&dir, theme_copy).map(|created| {
                let theme = dir.join("themes");
                let (copied, own): (Vec<PathBuf>, Vec<PathBuf>) =
                    created.into_iter().partition(|p| p.starts_with(&theme));
                print_created(&own);
                if !copied.is_empty() {
                    say!("created {} ({} files of the built-in theme)", theme.join("default").display(), copied.len());
                }
                tell!("next: cd {} && mujaz build (or mujaz serve to preview)", shell_word(&dir));
            });
            finish(done, color)
        }
    }
}

/// Builds or checks, prints the result, and says how it went.
fn run_build(opts: &Options, strict: bool, color: bool) -> ExitCode {
    let verb = if opts.write { "built" } else { "checked" };
    match build::build(opts) {
        Ok(report) if strict && !report.warnings.is_empty() => {
            tell_raw!("{}", diag::render(&as_errors(report.warnings), color));
            tell!("--strict: warnings count as errors");
            ExitCode::from(1)
        }
        Ok(report) => {
            if !report.warnings.is_empty() {
                tell_raw!("{}", diag::render(&report.warnings, color));
            }
            let per_lang: Vec<String> = report.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
            let total: usize = report.pages.values().sum();
            let ms = report.elapsed.as_secs_f64() * 1000.0;
            let place = if opts.write { format!(" into {}", report.output.display()) } else { String::new() };
            if let Some(summary) = &report.external {
                say!("{summary}");
            }
            say!("{verb} {total} pages ({}){place} in {ms:.0} ms", per_lang.join(", "));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let diags = if strict { as_errors(diags) } else { diags };
            tell_raw!("{}", diag::render(&diags, color));
            if opts.write {
                tell!("nothing was written; the previous output is unchanged");
            }
            ExitCode::from(1)
        }
    }
}

/// Warnings turned into errors, for `--strict`.
fn as_errors(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.into_iter().map(|d| Diagnostic { severity: Severity::Error, ..d }).collect()
}

/// Exit status of `new` and `init`: 0, or the refusal's after printing it.
fn finish(done: Result<(), Refused>, color: bool) -> ExitCode {
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(refused) => {
            tell_raw!("{}", diag::render(refused.diagnostics(), color));
            tell!("nothing was written");
            ExitCode::from(refused.exit_code())
        }
    }
}

fn print_created(paths: &[PathBuf]) {
    for p in paths {
        say!("created {}", p.display());
    }
}

/// A path as one word for a shell command line.
fn shell_word(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c)) {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn the_process_asks_for_small_pages_before_main() {
        // SAFETY: PR_GET_THP_DISABLE takes no pointer and returns the flag.
        let flag = || unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        // Set as the program was loaded: nothing here has called it.
        assert_eq!(flag(), 1);
        super::small_pages();
        assert_eq!(flag(), 1);
    }
}
