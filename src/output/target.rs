//! Where a build may write, and what of it is mujaz's.
//!
//! Takes the output folder a build was given and the site's folder;
//! returns a [`Target`]: where the output really is (a link is followed)
//! and the files its record, [`MANIFEST`], says mujaz wrote there. Refuses
//! an output that is, holds or lies inside one of the site's source
//! folders, and a folder that holds files but no record, unless forced.

use crate::diag::Diagnostic;
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The record of an output folder: the files mujaz wrote there, one a line.
pub const MANIFEST: &str = ".mujaz-manifest";

const MANIFEST_HEAD: &str = "# mujaz wrote the files listed here, and replaces or removes only these.\n\
                             # Anything else in this folder is kept as it is.\n";

/// The folders of a site that a build reads.
const SOURCE_FOLDERS: [&str; 5] = ["content", "data", "static", "templates", "themes"];

/// An output folder found safe to write: where it really is, and what of
/// it mujaz wrote before.
#[derive(Debug)]
pub struct Target {
    /// The folder written: where the named output points, absolute.
    pub(super) real: PathBuf,
    /// The files its record lists; nothing when there is no output yet.
    pub(super) owned: HashSet<PathBuf>,
}

/// Checks that the site at `root` can be written into `output`: not into
/// its sources, and not over files mujaz did not write (unless `force`).
pub fn check_target(root: &Path, output: &Path, force: bool) -> Result<Target, Diagnostic> {
    let real = resolve(output)?;
    refuse_sources(root, output, &real)?;
    Target::open(output, real, force)
}

impl Target {
    /// The output folder named `output`, with no site to protect.
    pub fn named(output: &Path, force: bool) -> Result<Target, Diagnostic> {
        Target::open(output, resolve(output)?, force)
    }

    fn open(output: &Path, real: PathBuf, force: bool) -> Result<Target, Diagnostic> {
        let owned = match fs::symlink_metadata(&real) {
            Err(_) => HashSet::new(),
            Ok(m) if !m.is_dir() => {
                return Err(Diagnostic::error(output, "refusing to write the site here: this is a file, not a folder")
                    .help("name a folder, new or built by mujaz before"));
            }
            Ok(_) => match record(&real) {
                Some(files) => files,
                None if force || is_empty(&real) => HashSet::new(),
                None => return Err(unrecorded(output, &real)),
            },
        };
        Ok(Target { real, owned })
    }
}

fn unrecorded(output: &Path, real: &Path) -> Diagnostic {
    Diagnostic::error(
        output,
        format!(
            "refusing to write the site into `{}`: it holds files, and no `{MANIFEST}` saying mujaz wrote them",
            real.display()
        ),
    )
    .help(
        "name another folder (new, empty, or built by mujaz), or add `--force` to write into this one: \
         its files are kept, and mujaz replaces only what it writes itself",
    )
}

/// Where `output` really is: a link is followed, and stays a link.
fn resolve(output: &Path) -> Result<PathBuf, Diagnostic> {
    match fs::symlink_metadata(output) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(output).map_err(|e| {
            let to = fs::read_link(output).map(|t| t.display().to_string()).unwrap_or_default();
            Diagnostic::error(output, format!("the output is a link to `{to}`, which cannot be reached: {e}"))
                .help("create the folder it points to, or name another output folder")
        }),
        _ => Ok(absolute(output)),
    }
}

/// Refuses an output that is, holds, or lies inside a source folder.
fn refuse_sources(root: &Path, output: &Path, real: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let mut sources = vec![(root.clone(), "the site's folder")];
    sources.extend(SOURCE_FOLDERS.iter().map(|name| (absolute(&root.join(name)), *name)));
    for (i, (source, name)) in sources.iter().enumerate() {
        let relation = if real == source {
            "it is"
        } else if source.starts_with(real) {
            "it holds"
        } else if i > 0 && real.starts_with(source) {
            "it lies inside"
        } else {
            continue;
        };
        let what = if i == 0 { name.to_string() } else { format!("the site's `{name}/` folder") };
        return Err(Diagnostic::error(
            output,
            format!("refusing to write the site into `{}`: {relation} {what}, `{}`", real.display(), source.display()),
        )
        .help("name an output folder outside the site's sources, such as `output/` in the site's folder"));
    }
    Ok(())
}

/// `p` absolute, with every link and `..` of the part that exists resolved.
fn absolute(p: &Path) -> PathBuf {
    let full = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut rest = Vec::new();
    for base in full.ancestors() {
        if let Ok(mut found) = fs::canonicalize(base) {
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        found.pop();
                    }
                    Component::Normal(n) => found.push(n),
                    _ => {}
                }
            }
            return found;
        }
        rest.extend(base.components().next_back());
    }
    full
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false)
}

/// The files an output's record lists: its [`MANIFEST`], or the list an
/// older mujaz kept beside it (`.<output>.files`).
pub(super) fn record(dir: &Path) -> Option<HashSet<PathBuf>> {
    read_list(&dir.join(MANIFEST)).or_else(|| {
        let name = super::file_name(dir);
        read_list(&dir.with_file_name(format!(".{name}.files")))
    })
}

/// A list of files, one a line, relative and inside the folder (a line
/// that leaves it is ignored: the list is never a way out).
pub(super) fn read_list(path: &Path) -> Option<HashSet<PathBuf>> {
    let text = fs::read_to_string(path).ok()?;
    let inside = |p: &PathBuf| p.components().all(|c| matches!(c, Component::Normal(_)));
    Some(
        text.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(PathBuf::from)
            .filter(|p| inside(p) && p.as_os_str() != MANIFEST)
            .collect(),
    )
}

/// Every folder that holds one of `files`, at any depth.
pub(super) fn folders_of<'a>(files: impl Iterator<Item = &'a PathBuf>) -> HashSet<PathBuf> {
    let mut out = HashSet::new();
    for f in files {
        for a in f.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()) {
            if !out.insert(a.to_path_buf()) {
                break;
            }
        }
    }
    out
}

/// Writes the record of `files` into `dir`.
pub(super) fn write_manifest<'a>(dir: &Path, files: impl Iterator<Item = &'a PathBuf>) -> Result<(), Diagnostic> {
    let mut names: Vec<String> = files.map(|p| p.to_string_lossy().replace('\\', "/")).collect();
    names.sort_unstable();
    names.dedup();
    let manifest = dir.join(MANIFEST);
    fs::write(&manifest, format!("{MANIFEST_HEAD}{}\n", names.join("\n")))
        .map_err(|e| super::io_error(&manifest, "cannot write", e))
}

/// Adds files written straight into an output (by `mujaz serve`'s rebuilds)
/// to its record, so the next build knows them as mujaz's.
pub fn record_written<'a>(output: &Path, paths: impl Iterator<Item = &'a Path>) -> Result<(), Diagnostic> {
    let mut files = read_list(&output.join(MANIFEST)).unwrap_or_default();
    let before = files.len();
    files.extend(paths.map(Path::to_path_buf));
    match files.len() == before {
        true => Ok(()),
        false => write_manifest(output, files.iter()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_never_names_a_file_outside_its_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let list = "# mujaz\nen/index.html\n../../etc/passwd\n/etc/passwd\na/../../b\n.mujaz-manifest\n\n";
        fs::write(dir.path().join(MANIFEST), list).expect("write");
        let files = read_list(&dir.path().join(MANIFEST)).expect("a record");
        assert_eq!(files, HashSet::from([PathBuf::from("en/index.html")]));
    }

    #[test]
    fn a_folder_yet_to_be_made_is_placed_where_its_parent_really_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = fs::canonicalize(dir.path()).expect("canonical");
        fs::create_dir(real.join("site")).expect("mkdir");
        assert_eq!(absolute(&real.join("site/../public/new")), real.join("public/new"));
        assert_eq!(absolute(&real.join("site/..")), real);
    }
}
