//! The theme: templates, interface strings and static files.
//!
//! Takes the site root and the theme's name; returns a [`Theme`] with its
//! templates loaded into Tera, the interface strings of every language and
//! the static files to copy. The `default` theme is compiled into the
//! binary, so a site without a `themes/` folder builds; a folder
//! `themes/<name>/` in the site wins over the built-in copy, and the site's
//! own `templates/` overrides any template of the same name. Refuses a
//! template that does not compile and a language missing an interface
//! string that another language has.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::yaml::{self, Value, scalar_text};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/", $name)) as &[u8])),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
pub const BUILTIN: &[(&str, &[u8])] = builtin![
    "templates/base.html",
    "templates/index.html",
    "templates/brief.html",
    "templates/page.html",
    "templates/taxonomy.html",
    "templates/term.html",
    "templates/timeline.html",
    "templates/root.html",
    "templates/404.html",
    "templates/card.html",
    "templates/list.html",
    "templates/atom.xml",
    "templates/sitemap.xml",
    "i18n/ar.yaml",
    "i18n/en.yaml",
    "static/style.css",
    "static/favicon.svg",
    "static/search.js",
];

/// Interface strings of one language.
pub type Strings = BTreeMap<String, String>;

/// A loaded theme.
pub struct Theme {
    pub tera: tera::Tera,
    /// Interface strings per language code.
    pub strings: BTreeMap<String, Strings>,
    /// The same strings as template values, made once for every page.
    pub values: BTreeMap<String, tera::Value>,
    /// Static files: path in the output (under `static/`) and their bytes.
    pub static_files: Vec<(PathBuf, Vec<u8>)>,
}

impl Theme {
    /// Loads the theme named in `site.yaml` for the site at `root`.
    pub fn load(root: &Path, display: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let files = theme_files(root, display, config)?;
        let mut diags = Vec::new();
        let mut templates: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut i18n_files: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut static_files = Vec::new();
        for (rel, shown, bytes) in files {
            let rel_str = rel.to_string_lossy().replace('\\', "/");
            if let Some(name) = rel_str.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(t) => {
                        templates.insert(name.to_string(), (shown, t));
                    }
                    Err(_) => diags.push(Diagnostic::error(shown, "template is not valid UTF-8")),
                }
            } else if let Some(name) = rel_str.strip_prefix("i18n/").and_then(|n| n.strip_suffix(".yaml")) {
                match String::from_utf8(bytes) {
                    Ok(t) => {
                        i18n_files.insert(name.to_string(), (shown, t));
                    }
                    Err(_) => diags.push(Diagnostic::error(shown, "interface strings are not valid UTF-8")),
                }
            } else if let Some(name) = rel_str.strip_prefix("static/") {
                static_files.push((PathBuf::from("static").join(name), bytes));
            }
        }
        // The site's own templates override the theme's.
        let own = root.join("templates");
        let (own_files, own_diags) = walk(root, display, &own);
        diags.extend(own_diags);
        for (rel, full) in own_files {
            let shown = crate::content::shown(root, display, &full);
            match std::fs::read_to_string(&full) {
                Ok(t) => {
                    templates.insert(rel.to_string_lossy().replace('\\', "/"), (shown, t));
                }
                Err(e) => diags.push(Diagnostic::error(shown, format!("cannot read template: {e}"))),
            }
        }
        let mut tera = tera::Tera::new();
        if let Err(e) = tera.add_raw_templates(templates.iter().map(|(name, (_, text))| (name.as_str(), text.as_str())))
        {
            // Tera names the template in its message; point at the theme's folder.
            let shown =
                templates.values().next().map(|(p, _)| p.parent().unwrap_or(p).to_path_buf()).unwrap_or_default();
            diags.push(Diagnostic::error(shown, format!("template error: {}", error_chain(&e))));
        }
        let strings = load_strings(&i18n_files, config, &mut diags);
        if !diags.is_empty() {
            return Err(diags);
        }
        let values = strings.iter().map(|(code, s)| (code.clone(), tera::Value::from_serializable(s))).collect();
        Ok(Theme { tera, strings, values, static_files })
    }
}

/// An error with its causes, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// A theme file: its path relative to the theme, the path to show, its bytes.
type ThemeFile = (PathBuf, PathBuf, Vec<u8>);

/// Every file of the theme.
fn theme_files(root: &Path, display: &Path, config: &Config) -> Result<Vec<ThemeFile>, Vec<Diagnostic>> {
    let dir = root.join("themes").join(&config.theme);
    if dir.is_dir() {
        let mut out = Vec::new();
        let (files, mut diags) = walk(root, display, &dir);
        for (rel, full) in files {
            let shown = crate::content::shown(root, display, &full);
            match std::fs::read(&full) {
                Ok(b) => out.push((rel, shown, b)),
                Err(e) => diags.push(Diagnostic::error(shown, format!("cannot read: {e}"))),
            }
        }
        return if diags.is_empty() { Ok(out) } else { Err(diags) };
    }
    if config.theme == "default" {
        let base = PathBuf::from("<built-in theme>");
        return Ok(BUILTIN.iter().map(|(rel, b)| (PathBuf::from(rel), base.join(rel), b.to_vec())).collect());
    }
    Err(vec![
        Diagnostic::error(display.join("site.yaml"), format!("theme `{}` not found in themes/", config.theme))
            .help("use `theme: default` for the built-in theme, or add the theme's folder under themes/"),
    ])
}

/// Files under `dir`, sorted, with their path relative to it; links are
/// followed only inside the site (see [`crate::content::walk_inside`]).
fn walk(root: &Path, display: &Path, dir: &Path) -> (Vec<(PathBuf, PathBuf)>, Vec<Diagnostic>) {
    if !dir.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let (files, diags) = crate::content::walk_inside(root, display, dir);
    let files = files
        .into_iter()
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .map(|p| (p.strip_prefix(dir).unwrap_or(&p).to_path_buf(), p))
        .collect();
    (files, diags)
}

fn load_strings(
    files: &BTreeMap<String, (PathBuf, String)>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Strings> {
    let mut out: BTreeMap<String, Strings> = BTreeMap::new();
    for lang in &config.languages {
        let Some((shown, text)) = files.get(&lang.code) else {
            diags.push(
                Diagnostic::error(
                    PathBuf::from(format!("i18n/{}.yaml", lang.code)),
                    format!("the theme has no interface strings for `{}`", lang.code),
                )
                .help(format!(
                    "add i18n/{}.yaml to the theme with a translation of every string in i18n/en.yaml",
                    lang.code
                )),
            );
            continue;
        };
        let text = crate::content::normalize(text.clone());
        match yaml::parse(&text) {
            Ok(Value::Mapping(m)) => {
                let strings = m.iter().filter_map(|(k, v)| Some((scalar_text(k)?, scalar_text(v)?))).collect();
                out.insert(lang.code.clone(), strings);
            }
            Ok(_) => diags.push(Diagnostic::error(shown, "interface strings must be a mapping of `key: text`")),
            Err(e) => diags.push(Diagnostic::error(shown, e.message).at(e.line, e.col)),
        }
    }
    // Every language must have every string any language has.
    let all: std::collections::BTreeSet<&String> = out.values().flat_map(|s| s.keys()).collect();
    for (lang, strings) in &out {
        let missing: Vec<&str> = all.iter().filter(|k| !strings.contains_key(**k)).map(|k| k.as_str()).collect();
        if !missing.is_empty() {
            let (shown, _) = &files[lang];
            diags.push(Diagnostic::error(
                shown,
                format!("interface strings missing in `{lang}`: {}", missing.join(", ")),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_theme_file_is_built_in() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (files, diags) = walk(root, Path::new(""), &root.join("themes/default"));
        assert!(diags.is_empty());
        let on_disk: Vec<String> = files.into_iter().map(|(rel, _)| rel.to_string_lossy().replace('\\', "/")).collect();
        let mut built_in: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
        built_in.sort();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(on_disk, built_in, "list every file of themes/default in theme::BUILTIN");
    }
}
