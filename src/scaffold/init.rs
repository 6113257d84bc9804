//! `mujaz init <dir>`: a new site, ready to build.
//!
//! Takes a folder (created when missing) and whether to copy the theme;
//! returns the files it created: `site.yaml` for Arabic and English with a
//! few topics, regions and event kinds; one example brief in both
//! languages with a chart; a README for the site's authors; a `.gitignore`
//! for the output; and, with `--theme-copy`, every file of the built-in
//! theme under `themes/default/` to edit. Refuses a folder that is not
//! empty, and a path that is a file.

use super::{NewFile, Refused, create_all, today};
use crate::diag::Diagnostic;
use crate::theme::BUILTIN;
use std::path::{Path, PathBuf};

const SITE_YAML: &str = include_str!("starter/site.yaml");
const README: &str = include_str!("starter/README.md");
const GITIGNORE: &str = include_str!("starter/gitignore");
const BRIEF_AR: &str = include_str!("starter/brief.ar.md");
const BRIEF_EN: &str = include_str!("starter/brief.en.md");

/// The slug of the example brief.
pub const EXAMPLE_SLUG: &str = "first-brief";

/// Writes a new site into `dir`. Returns the created paths, under `dir`.
pub fn init_site(dir: &Path, theme_copy: bool) -> Result<Vec<PathBuf>, Refused> {
    check_empty(dir)?;
    let date = today()?.to_string();
    let brief = |text: &str| text.replace("{{date}}", &date);
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.yaml".into(), SITE_YAML.into()),
        ("README.md".into(), README.into()),
        (".gitignore".into(), GITIGNORE.into()),
        (format!("content/briefs/{EXAMPLE_SLUG}.ar.md"), brief(BRIEF_AR).into_bytes()),
        (format!("content/briefs/{EXAMPLE_SLUG}.en.md"), brief(BRIEF_EN).into_bytes()),
    ];
    if theme_copy {
        files.extend(BUILTIN.iter().map(|(rel, bytes)| (format!("themes/default/{rel}"), bytes.to_vec())));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Refused::Failed(vec![Diagnostic::error(dir, format!("cannot create the folder: {e}"))]))?;
    let files: Vec<NewFile> = files
        .into_iter()
        .map(|(rel, bytes)| {
            let path = dir.join(rel);
            NewFile { fs_path: path.clone(), shown: path, bytes }
        })
        .collect();
    create_all(&files)
}

/// A missing folder or an empty one is fine; anything else is refused.
fn check_empty(dir: &Path) -> Result<(), Refused> {
    let refuse = |message: String| {
        Refused::Usage(vec![Diagnostic::error(dir, message).help(
            "`mujaz init` makes a new site in a new or empty folder; to add a brief to a site, run `mujaz new <slug>` in it",
        )])
    };
    if dir.is_file() {
        return Err(refuse("this is a file, not a folder".into()));
    }
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(refuse("the folder is not empty".into())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Refused::Failed(vec![Diagnostic::error(dir, format!("cannot read the folder: {e}"))])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_starter_site_yaml_is_valid() {
        let config = Config::parse(SITE_YAML, Path::new("site.yaml")).expect("valid site.yaml");
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["ar", "en"]);
        assert!(config.kinds.is_some());
    }
}
