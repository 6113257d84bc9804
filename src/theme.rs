//! The theme: templates, interface strings and static files.
//!
//! Takes the site root and the theme's name; returns a [`Theme`] with its
//! templates loaded into Tera, the interface strings of every language and
//! the static files to copy. The `default` theme is compiled into the
//! binary, so a site without a `themes/` folder builds; a folder
//! `themes/<name>/` in the site wins over the built-in copy, and the site's
//! own `templates/` overrides any template of the same name. Refuses, each
//! at its file and line: a template that does not compile, a template that
//! reads an interface string no language has (`page.t.nmae`), and what
//! [`crate::i18n`] refuses of the strings themselves.

use crate::config::Config;
use crate::diag::Diagnostic;
pub use crate::i18n::Strings;
use std::collections::{BTreeMap, BTreeSet};
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
    // Analytic briefs: how to read key judgments.
    "templates/judgments.html",
    // --- search (issue 13) ---
    "templates/search.html",
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

/// A loaded theme.
pub struct Theme {
    pub tera: tera::Tera,
    /// Where each template was read, by its name, for diagnostics.
    pub template_paths: BTreeMap<String, PathBuf>,
    /// Interface strings per language code: one for every language of the site.
    pub strings: BTreeMap<String, Strings>,
    /// The same strings as template values, made once for every page.
    pub values: BTreeMap<String, tera::Value>,
    /// Static files: path in the output (under `static/`) and their bytes.
    pub static_files: Vec<(PathBuf, Vec<u8>)>,
}

impl Theme {
    /// Loads the theme named in `site.yaml` for the site at `root`. A theme
    /// folder of the site is read over the built-in theme: a template it
    /// lacks is the built-in one, and so is a static file such a template
    /// links to, and its interface strings are filled in by [`crate::i18n`].
    /// Diagnostics that are warnings only go to `warnings`.
    pub fn load(
        root: &Path,
        display: &Path,
        config: &Config,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let (files, folder) = theme_files(root, display, config)?;
        let mut diags = Vec::new();
        let mut parts = Parts::split(files, &mut diags);
        let builtin = if folder { Parts::builtin() } else { Parts::default() };
        // The site's own templates override the theme's.
        let own = root.join("templates");
        let (own_files, own_diags) = walk(root, display, &own);
        diags.extend(own_diags);
        let mut own_names = BTreeSet::new();
        for (rel, full) in own_files {
            let shown = crate::content::shown(root, display, &full);
            let name = rel.to_string_lossy().replace('\\', "/");
            match std::fs::read_to_string(&full) {
                Ok(t) => {
                    parts.templates.insert(name.clone(), (shown, t));
                }
                Err(e) => diags.push(Diagnostic::error(shown, format!("cannot read template: {e}"))),
            }
            own_names.insert(name);
        }
        parts.fall_back(&builtin, &own_names, &mut diags);
        let Parts { templates, i18n, statics } = parts;
        let strings = crate::i18n::load(&i18n, &builtin.i18n, config, &mut diags);
        // Counted phrases for templates: `plural(lang=…, key=…, n=…)`.
        let functions = |tera: &mut tera::Tera| crate::i18n::register_plural(tera, &strings, config);
        let tera = compile(&templates, &functions, &mut diags);
        if let Some(first) = strings.values().next() {
            check_template_keys(&templates, first, &mut diags);
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        warnings.extend(diags);
        let values = strings.iter().map(|(code, s)| (code.clone(), tera::Value::from_serializable(s))).collect();
        let template_paths = templates.into_iter().map(|(name, (shown, _))| (name, shown)).collect();
        let static_files =
            statics.into_iter().map(|(name, (_, bytes))| (PathBuf::from("static").join(name), bytes)).collect();
        Ok(Theme { tera, template_paths, strings, values, static_files })
    }

    /// The interface strings of a language of the site.
    pub fn words(&self, lang: &str) -> &Strings {
        static NONE: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        self.strings.get(lang).unwrap_or_else(|| NONE.get_or_init(Strings::default))
    }

    /// A diagnostic for Tera's error while rendering the template `name`: at
    /// the file and line of the template the error is in (which may be a
    /// template `name` extends or includes).
    pub fn template_error(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let shown =
            |n: &str| self.template_paths.get(n).cloned().unwrap_or_else(|| PathBuf::from(format!("templates/{n}")));
        match e.kind() {
            tera::ErrorKind::RenderingError(r) | tera::ErrorKind::SyntaxError(r) => {
                let file = if r.filename().is_empty() { name } else { r.filename() };
                let span = r.span();
                let len =
                    if span.end_line == span.start_line { span.end_col.saturating_sub(span.start_col) } else { 1 };
                Diagnostic::error(shown(file), format!("template failed: {}", r.message()))
                    .at(span.start_line.max(1), span.start_col + 1)
                    .span(len.max(1))
            }
            _ => Diagnostic::error(shown(name), format!("template failed: {}", error_chain(e))),
        }
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

/// Every file of the theme, and whether they come from a folder of the site
/// (rather than being the built-in theme's).
fn theme_files(root: &Path, display: &Path, config: &Config) -> Result<(Vec<ThemeFile>, bool), Vec<Diagnostic>> {
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
        return if diags.is_empty() { Ok((out, true)) } else { Err(diags) };
    }
    if config.theme == "default" {
        return Ok((builtin_files(), false));
    }
    Err(vec![
        Diagnostic::error(display.join("site.yaml"), format!("theme `{}` not found in themes/", config.theme))
            .help("use `theme: default` for the built-in theme, or add the theme's folder under themes/"),
    ])
}

/// The built-in theme's files, shown as `<built-in theme>/templates/…`.
fn builtin_files() -> Vec<ThemeFile> {
    let base = PathBuf::from("<built-in theme>");
    BUILTIN.iter().map(|(rel, b)| (PathBuf::from(rel), base.join(rel), b.to_vec())).collect()
}

/// A theme's files by kind: templates and interface strings by name, with
/// the path to show and their text; static files by their path under
/// `static/`, with the path to show and their bytes.
#[derive(Default)]
struct Parts {
    templates: BTreeMap<String, (PathBuf, String)>,
    i18n: BTreeMap<String, (PathBuf, String)>,
    statics: BTreeMap<String, (PathBuf, Vec<u8>)>,
}

impl Parts {
    /// Sorts the files of a theme; a template or strings file that is not
    /// UTF-8 is an error.
    fn split(files: Vec<ThemeFile>, diags: &mut Vec<Diagnostic>) -> Parts {
        let mut parts = Parts::default();
        for (rel, shown, bytes) in files {
            let rel_str = rel.to_string_lossy().replace('\\', "/");
            if let Some(name) = rel_str.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(t) => {
                        parts.templates.insert(name.to_string(), (shown, t));
                    }
                    Err(_) => diags.push(Diagnostic::error(shown, "template is not valid UTF-8")),
                }
            } else if let Some(name) = rel_str.strip_prefix("i18n/").and_then(|n| n.strip_suffix(".yaml")) {
                match String::from_utf8(bytes) {
                    Ok(t) => {
                        parts.i18n.insert(name.to_string(), (shown, t));
                    }
                    Err(_) => diags.push(Diagnostic::error(shown, "interface strings are not valid UTF-8")),
                }
            } else if let Some(name) = rel_str.strip_prefix("static/") {
                parts.statics.insert(name.to_string(), (shown, bytes));
            }
        }
        parts
    }

    /// The built-in theme's files, sorted.
    fn builtin() -> Parts {
        Parts::split(builtin_files(), &mut Vec::new())
    }

    /// Fills in what a theme folder lacks from the built-in theme: each
    /// template of the built-in theme that neither the folder nor the site's
    /// `templates/` (`own`) has, and each static file those templates link
    /// to (`static/search.js`) that the folder lacks. The folder's files
    /// always win: a theme replaces only what it has. Where a template taken
    /// links to a static file the folder has a different copy of (the script
    /// of an older search box beside the built-in search page), a warning
    /// says the page may not work with it.
    fn fall_back(&mut self, builtin: &Parts, own: &BTreeSet<String>, diags: &mut Vec<Diagnostic>) {
        for (name, template) in &builtin.templates {
            if self.templates.contains_key(name) || own.contains(name) {
                continue;
            }
            self.templates.insert(name.clone(), template.clone());
            for linked in static_links(&template.1) {
                let Some(built_in) = builtin.statics.get(linked) else { continue };
                match self.statics.get(linked) {
                    None => {
                        self.statics.insert(linked.to_string(), built_in.clone());
                    }
                    Some((shown, bytes)) if *bytes != built_in.1 => diags.push(
                        Diagnostic::warning(
                            shown,
                            format!(
                                "the theme has no templates/{name}, so the built-in one is used, and it is made \
                                 for the built-in static/{linked}, not this one"
                            ),
                        )
                        .help(format!(
                            "delete this file to publish the built-in one, or add the theme's own \
                             templates/{name} that works with it"
                        )),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}

/// The files under `static/` a template links to: `static/search.js` in
/// `{{ page.root }}static/search.js`.
fn static_links(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("static/") {
        let after = &rest[i + "static/".len()..];
        let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || "-_./".contains(c))).unwrap_or(after.len());
        let name = &after[..len];
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
        rest = &after[len..];
    }
    out
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

/// Compiles every template, reporting each one that does not compile at
/// its line, not only the first.
fn compile(
    templates: &BTreeMap<String, (PathBuf, String)>,
    functions: &dyn Fn(&mut tera::Tera),
    diags: &mut Vec<Diagnostic>,
) -> tera::Tera {
    let with_functions = || {
        let mut tera = tera::Tera::new();
        functions(&mut tera);
        tera
    };
    let mut tera = with_functions();
    let all = templates.iter().map(|(name, (_, text))| (name.as_str(), text.as_str()));
    let Err(e) = tera.add_raw_templates(all) else { return tera };
    let at = |name: &str| templates.get(name).map(|(p, _)| p.clone()).unwrap_or_else(|| PathBuf::from(name));
    let before = diags.len();
    // Alone, a template shows its own syntax error; one that extends or
    // includes another fails only for the missing parent, which is ignored.
    for (name, (shown, text)) in templates {
        let Err(e) = with_functions().add_raw_template(name, text) else { continue };
        if let tera::ErrorKind::SyntaxError(r) = e.kind() {
            let span = r.span();
            diags.push(
                Diagnostic::error(shown, format!("template error: {}", r.message()))
                    .at(span.start_line.max(1), span.start_col + 1),
            );
        }
    }
    if diags.len() == before {
        let shown = match e.kind() {
            tera::ErrorKind::MissingParent { current, .. } => at(current),
            tera::ErrorKind::CircularExtend { tpl, .. } | tera::ErrorKind::CircularInclude { tpl, .. } => at(tpl),
            _ => templates.values().next().map(|(p, _)| p.parent().unwrap_or(p).to_path_buf()).unwrap_or_default(),
        };
        diags.push(Diagnostic::error(shown, format!("template error: {}", error_chain(&e))));
    }
    tera
}

/// Refuses a template that reads an interface string (`page.t.key`,
/// `feed.t.key`) no language has: Tera would fail only on the pages that
/// reach it, or print nothing inside an `if`.
fn check_template_keys(
    templates: &BTreeMap<String, (PathBuf, String)>,
    strings: &Strings,
    diags: &mut Vec<Diagnostic>,
) {
    for (shown, text) in templates.values() {
        for (line, col, key) in string_keys(text) {
            if strings.has(key) {
                continue;
            }
            let mut d =
                Diagnostic::error(shown, format!("unknown interface string `{key}`")).at(line, col).span(key.len());
            let known = strings.keys().map(String::as_str);
            d = match crate::diag::did_you_mean(key, known) {
                Some(hint) => d.help(hint),
                None => d.help("interface strings are the keys of the theme's i18n/<lang>.yaml files"),
            };
            diags.push(d);
        }
    }
}

/// The keys read as `….t.key` inside the `{{ }}` and `{% %}` tags of a
/// template, with their 1-based line and column.
fn string_keys(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|i| rest + i) {
        let close = match text.get(open..open + 2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                rest = open + 1;
                continue;
            }
        };
        let end = text[open..].find(close).map_or(text.len(), |i| open + i);
        let tag = &text[open..end];
        let mut from = 0;
        while let Some(i) = tag[from..].find(".t.").map(|i| from + i) {
            let start = i + 3;
            let len =
                tag[start..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tag.len() - start);
            let before_ok = tag[..i].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if len > 0 && before_ok {
                let at = open + start;
                let (line, col) = crate::text::Lines::new(text, 1).at(text, at);
                out.push((line, col, &tag[start..start + len]));
            }
            from = start;
        }
        rest = end;
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

    #[test]
    fn static_links_are_the_files_named_after_static() {
        let text = "<link href=\"{{ page.root }}static/style.css\">\n<script src=\"{{ page.root }}static/search.js\"></script>\n<img src=\"{{ page.root }}static/icons/a-b_1.svg\">{{ page.root }}static/style.css static/";
        assert_eq!(static_links(text), ["style.css", "search.js", "icons/a-b_1.svg"]);
    }

    #[test]
    fn the_built_in_templates_link_only_to_built_in_static_files() {
        let builtin = Parts::builtin();
        for (name, (_, text)) in &builtin.templates {
            for linked in static_links(text) {
                assert!(builtin.statics.contains_key(linked), "{name} links to static/{linked}, which is not built in");
            }
        }
    }

    #[test]
    fn string_keys_are_found_inside_tags_only() {
        let text = "<p>page.t.prose</p>\n{{ page.t.skip }} and {% if feed.t.feed %}\n  {{ x | default(value=page.t.home) }}{{ page.title }}";
        assert_eq!(string_keys(text), [(2, 11, "skip"), (2, 36, "feed"), (3, 31, "home")]);
    }
}
