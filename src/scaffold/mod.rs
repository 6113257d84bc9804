//! Authoring commands that write sources: `mujaz new` and `mujaz init`.
//!
//! [`new_brief`] takes a site and a slug and writes the brief's file in
//! every language of `site.yaml`, front matter filled in and marked as a
//! draft; [`init_site`] takes a folder and writes a new site into it, with
//! one example brief in Arabic and English. Both return the files they
//! created. They refuse, writing nothing: an invalid slug, a slug that any
//! file of the site already uses, and a folder that is not empty (a
//! [`Refused::Usage`], exit status 2). They never overwrite a file: every
//! file is created new, and a failed run removes what it created.

mod init;
mod new;

pub use init::init_site;
pub use new::new_brief;

use crate::diag::Diagnostic;
use chrono::NaiveDate;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a command wrote nothing.
#[derive(Debug)]
pub enum Refused {
    /// The command was asked for something it will not do: a bad slug, a
    /// brief that exists, a folder that is not empty (exit status 2).
    Usage(Vec<Diagnostic>),
    /// The site or the disk failed: an invalid `site.yaml`, a file that
    /// could not be written (exit status 1).
    Failed(Vec<Diagnostic>),
}

impl Refused {
    /// The diagnostics to print.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Refused::Usage(d) | Refused::Failed(d) => d,
        }
    }

    /// The exit status: 2 for usage, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Refused::Usage(_) => 2,
            Refused::Failed(_) => 1,
        }
    }
}

/// Today's date for new files: `MUJAZ_TODAY` (`YYYY-MM-DD`) when it is set,
/// so tests and scripted runs are reproducible; else the local date.
pub fn today() -> Result<NaiveDate, Refused> {
    match std::env::var("MUJAZ_TODAY") {
        Ok(s) if !s.is_empty() => crate::fields::parse_date(&s).ok_or_else(|| {
            Refused::Usage(vec![
                Diagnostic::error("", format!("MUJAZ_TODAY is not a date: `{s}`"))
                    .help("write it as YYYY-MM-DD, or unset it to use today's date"),
            ])
        }),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// A valid slug close to `s`: lowercase, accents dropped, every run of other
/// characters turned into one `-`. Empty when nothing of `s` is usable.
pub fn suggest_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// A file to create: where (on disk), where to say it is, and its text.
pub(crate) struct NewFile {
    pub fs_path: PathBuf,
    pub shown: PathBuf,
    pub bytes: Vec<u8>,
}

/// Creates every file, none of which may exist. On a failure, removes the
/// files this call created and returns the error, naming the path.
pub(crate) fn create_all(files: &[NewFile]) -> Result<Vec<PathBuf>, Refused> {
    let mut made: Vec<&Path> = Vec::new();
    for f in files {
        if let Err(e) = create_one(&f.fs_path, &f.bytes) {
            for p in &made {
                let _ = fs::remove_file(p);
            }
            let d = Diagnostic::error(&f.shown, format!("cannot create the file: {e}"));
            return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
                Refused::Usage(vec![d.help("mujaz never overwrites a file: move it away or pick another name")])
            } else {
                Refused::Failed(vec![d])
            });
        }
        made.push(&f.fs_path);
    }
    Ok(files.iter().map(|f| f.shown.clone()).collect())
}

fn create_one(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_slugs_are_valid() {
        assert_eq!(suggest_slug("ISIS Recruitment 2025"), "isis-recruitment-2025");
        assert_eq!(suggest_slug("Bad_Slug!"), "bad-slug");
        assert_eq!(suggest_slug("--Café  Levies--"), "cafe-levies");
        assert_eq!(suggest_slug("التجنيد"), "");
        for s in ["ISIS Recruitment 2025", "Bad_Slug!", "--Café  Levies--"] {
            assert!(crate::content::is_slug(&suggest_slug(s)));
        }
    }
}
