//! The `mujaz` command line.

use clap::{Parser, Subcommand};
use mujaz::build::{self, Options};
use mujaz::diag;
use mujaz::serve;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// A static site generator for bilingual briefing reports.
#[derive(Parser)]
#[command(name = "mujaz", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site's folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site will be served from, overriding site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include briefs marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check everything `build` checks, writing nothing.
    Check {
        /// The site's folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
    },
    /// Build and serve the site on 127.0.0.1, rebuilding and reloading the
    /// browser when a file changes.
    ///
    /// Builds into <root>/.mujaz-serve/ (removed on Ctrl-C), never into
    /// output/. Watches site.yaml, content/, data/, static/, templates/ and
    /// themes/. A failed rebuild keeps serving the last good site and shows
    /// the errors over the page.
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let (opts, verb) = match cli.command {
        Command::Build { root, output, base_url, drafts } => {
            (Options { root, output, base_url, drafts, write: true }, "built")
        }
        Command::Check { root, drafts } => {
            (Options { root, output: None, base_url: None, drafts, write: false }, "checked")
        }
        Command::Serve { root, port, drafts } => {
            return match serve::run(&serve::Options { root, port, drafts, color }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            };
        }
    };
    match build::build(&opts) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                eprint!("{}", diag::render(&report.warnings, color));
            }
            let per_lang: Vec<String> = report.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
            let total: usize = report.pages.values().sum();
            let ms = report.elapsed.as_secs_f64() * 1000.0;
            let place = if opts.write { format!(" into {}", report.output.display()) } else { String::new() };
            println!("{verb} {total} pages ({}){place} in {ms:.0} ms", per_lang.join(", "));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{}", diag::render(&diags, color));
            if opts.write {
                eprintln!("nothing was written; the previous output is unchanged");
            }
            ExitCode::from(1)
        }
    }
}
