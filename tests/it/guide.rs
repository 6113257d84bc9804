//! The guide for authors (`docs/guide.md`) holds true: its example files,
//! put on top of a site made by `mujaz init`, build and check clean; every
//! chart block it shows draws, in both languages; its table of links means
//! what it says; a site built for a sub-path as it says keeps every link
//! inside that path; and it names every flag of every command, every
//! template and every interface string of the default theme, so that a
//! flag, template or string added without a word in the guide fails here.
//!
//! A full file in the guide is a fenced block right after a comment naming
//! its path, `<!-- file: data/incidents.csv -->`; the block's text is the
//! file. The other ```` ```chart ```` blocks are built in one brief.

use crate::fixture::{Fixture, Page};
use scraper::Html;

const GUIDE: &str = include_str!("../../docs/guide.md");

/// A file the guide shows in full: its path in the site, its text, and the
/// lines of the guide its block spans.
struct Example {
    path: String,
    text: String,
    lines: std::ops::Range<usize>,
}

/// The text of the fenced block that starts at `lines[0]`, and how many
/// lines it spans with its fences; `None` when `lines[0]` opens no block.
fn fenced(lines: &[&str]) -> Option<(String, usize)> {
    let open = lines.first()?.trim_start();
    let ticks = open.chars().take_while(|&c| c == '`').count();
    if ticks < 3 {
        return None;
    }
    let close = |l: &str| {
        let t = l.trim();
        t.len() >= ticks && t.chars().all(|c| c == '`')
    };
    let end = lines.iter().skip(1).position(|l| close(l))? + 1;
    Some((lines[1..end].iter().map(|l| format!("{l}\n")).collect(), end + 1))
}

/// Every `<!-- file: PATH -->` of the guide with the block that follows it.
fn examples() -> Vec<Example> {
    let lines: Vec<&str> = GUIDE.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(path) = line.trim().strip_prefix("<!-- file: ").and_then(|p| p.strip_suffix(" -->")) else {
            continue;
        };
        let (text, span) = fenced(&lines[i + 1..])
            .unwrap_or_else(|| panic!("guide line {}: `{path}` is not followed by a fenced block", i + 1));
        out.push(Example { path: path.to_string(), text, lines: i + 1..i + 1 + span });
    }
    out
}

/// Every ```` ```chart ```` block of the guide outside its example files
/// (those build where they stand, beside their bundle's data), as written.
fn chart_blocks() -> Vec<String> {
    let lines: Vec<&str> = GUIDE.lines().collect();
    let in_example: Vec<std::ops::Range<usize>> = examples().into_iter().map(|e| e.lines).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "```chart" && !in_example.iter().any(|r| r.contains(&i)) {
            let (text, span) = fenced(&lines[i..]).expect("a chart block is closed");
            out.push(text);
            i += span;
        } else {
            i += 1;
        }
    }
    out
}

/// The value of `type:` in a chart block.
fn chart_type(block: &str) -> &str {
    block.lines().find_map(|l| l.strip_prefix("type:")).map(str::trim).expect("a chart block has a type")
}

/// A site from `mujaz init` with the guide's example files written into it.
fn guide_site() -> Fixture {
    let f = Fixture::empty();
    let run = f.run_with(&["init", "site"], &[("MUJAZ_TODAY", "2025-09-01")]);
    assert_eq!(run.code, 0, "{run:?}");
    for e in examples() {
        f.write(&format!("site/{}", e.path), e.text.as_bytes());
    }
    f
}

fn page(f: &Fixture, rel: &str) -> Page {
    Page { html: Html::parse_document(&f.read(&format!("site/output/{rel}"))) }
}

#[test]
fn the_guide_shows_its_example_files_and_charts() {
    let paths: Vec<String> = examples().into_iter().map(|e| e.path).collect();
    for expected in ["content/briefs/water-crisis.en.md", "content/briefs/water-crisis.ar.md", "data/incidents.csv"] {
        assert!(paths.iter().any(|p| p == expected), "{expected} is not in {paths:?}");
    }
    let types: Vec<String> = chart_blocks().iter().map(|b| chart_type(b).to_string()).collect();
    for kind in ["bar", "hbar", "line", "stacked", "timeline"] {
        assert!(types.iter().any(|t| t == kind), "no `{kind}` chart in the guide: {types:?}");
    }
}

#[test]
fn the_guide_s_example_files_build_on_a_new_site_and_check_clean() {
    let f = guide_site();
    let run = f.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.is_empty(), "no warnings: {}", run.stderr);

    let en = page(&f, "en/briefs/water-crisis/index.html");
    assert_eq!(en.texts(".prose figure.chart-bar table th[scope=row]"), ["Damascus", "Aleppo", "Daraa"]);
    let ar = page(&f, "ar/briefs/water-crisis/index.html");
    assert_eq!(ar.texts(".prose figure.chart-bar table th[scope=row]"), ["دمشق", "حلب", "درعا"]);
    assert_eq!(page(&f, "en/briefs/wells/index.html").all(".prose figure.chart-hbar").len(), 1);
    assert!(f.root().join("site/output/en/briefs/wells/wells.csv").is_file(), "the bundle's file is published");
    assert_eq!(page(&f, "en/about/index.html").text("h1"), "About these briefs");
    // The overridden card shows the regions in its meta line.
    let home = page(&f, "en/index.html");
    assert!(home.texts(".card .meta").iter().any(|m| m.ends_with("· Daraa")), "{:?}", home.texts(".card .meta"));

    // The wells brief is in English only: the one warning `check` gives.
    let run = f.run(&["check", "--root", "site"]);
    assert_eq!(run.code, 0, "{run:?}");
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("`wells` has no العربية version"), "{}", run.stderr);

    // The front matter shown side by side is a draft: it checks with drafts, and agrees.
    let run = f.run(&["check", "--root", "site", "--drafts"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr.lines().filter(|l| l.contains(": warning: ")).count(), 1, "{}", run.stderr);
    assert!(run.stdout.starts_with("checked "), "{run:?}");
    let drafts = f.run(&["build", "--root", "site", "--drafts"]);
    assert_eq!(drafts.code, 0, "{drafts:?}");
    assert_eq!(page(&f, "ar/briefs/levies/index.html").text("h1"), "إتاوات على الحواجز");
}

#[test]
fn every_chart_block_of_the_guide_draws_in_both_languages() {
    let f = guide_site();
    let blocks = chart_blocks();
    let body: String = blocks.iter().map(|b| format!("```chart\n{b}```\n\n")).collect();
    for lang in ["ar", "en"] {
        let text = format!("---\ntitle: Charts\ndate: 2025-09-01\nsummary: Every chart of the guide.\n---\n\n{body}");
        f.write(&format!("site/content/briefs/chart-reference.{lang}.md"), text.as_bytes());
    }
    let run = f.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 0, "{run:?}");
    for lang in ["ar", "en"] {
        let p = page(&f, &format!("{lang}/briefs/chart-reference/index.html"));
        let classes = p.attrs(".prose figure.chart", "class");
        let expected: Vec<String> = blocks.iter().map(|b| format!("chart chart-{}", chart_type(b))).collect();
        assert_eq!(classes, expected, "{lang}: one figure per block, of its type");
        assert_eq!(p.all(".prose figure.chart svg").len(), blocks.len(), "{lang}: every chart is drawn");
    }
}

/// Where a link of the page at `page` (a path under `host`) leads, as a
/// path under `host`; `None` for other sites, e-mail and in-page links.
fn link_target(page: &std::path::Path, href: &str) -> Option<std::path::PathBuf> {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    if href.is_empty() || href.contains(':') {
        return None;
    }
    let mut parts: Vec<String> = if href.starts_with('/') {
        Vec::new()
    } else {
        page.parent().into_iter().flat_map(|p| p.iter()).map(|c| c.to_string_lossy().into_owned()).collect()
    };
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s.to_string()),
        }
    }
    let mut path: std::path::PathBuf = parts.iter().collect();
    if href.ends_with('/') {
        path.push("index.html");
    }
    Some(path)
}

#[test]
fn built_for_a_sub_path_as_the_guide_says_every_link_stays_inside_the_site() {
    let f = guide_site();
    let run =
        f.run(&["build", "--root", "site", "--base-url", "http://127.0.0.1:8000/briefs", "--output", "host/briefs"]);
    assert_eq!(run.code, 0, "{run:?}");
    let host = f.root().join("host");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&host).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(&host).expect("inside").to_path_buf();
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let p = Page { html: Html::parse_document(&std::fs::read_to_string(entry.path()).expect("read")) };
        let links = [p.attrs("a[href], link[href]", "href"), p.attrs("img[src], script[src]", "src")].concat();
        for href in links {
            if href.starts_with("http://127.0.0.1:8000/") {
                assert!(href.starts_with("http://127.0.0.1:8000/briefs/"), "{}: {href}", rel.display());
            }
            let Some(target) = link_target(&rel, &href) else { continue };
            assert!(target.starts_with("briefs"), "{}: `{href}` leaves the sub-path", rel.display());
            assert!(host.join(&target).is_file(), "{}: `{href}` leads to nothing", rel.display());
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links were checked");
    let not_found = Page { html: Html::parse_document(&f.read("host/briefs/404.html")) };
    assert!(not_found.attrs("a[hreflang]", "href").contains(&"/briefs/en/".to_string()));
}

/// The text of the guide's section on `mujaz <command>`, up to the next heading.
fn command_section(command: &str) -> &'static str {
    let heading = format!("### `mujaz {command}");
    let start = GUIDE.find(&heading).unwrap_or_else(|| panic!("the guide has no section {heading}`"));
    let rest = &GUIDE[start + heading.len()..];
    &rest[..rest.find("\n#").unwrap_or(rest.len())]
}

#[test]
fn the_guide_explains_every_flag_of_every_command() {
    let f = Fixture::empty();
    for command in ["init", "new", "serve", "check", "build"] {
        let run = f.run(&[command, "--help"]);
        assert_eq!(run.code, 0, "{run:?}");
        let flags = run.stdout.split_whitespace().filter(|w| w.starts_with("--") && *w != "--help");
        let flags: Vec<&str> = flags.map(|w| w.trim_end_matches([',', '.'])).collect();
        assert!(!flags.is_empty() || command == "init", "{command}: no flags in {}", run.stdout);
        let section = command_section(command);
        for flag in flags {
            assert!(
                section.contains(&format!("`{flag}")),
                "the guide's `mujaz {command}` section does not explain {flag}"
            );
        }
    }
}

/// The links of the guide's table of links written from
/// `content/briefs/water-crisis.en.md`: the first column of each row.
fn link_table() -> Vec<&'static str> {
    let start = GUIDE.find("From `content/briefs/water-crisis.en.md`:").expect("the table of links");
    GUIDE[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| `["))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.strip_prefix("| `")?.split("` |").next())
        .collect()
}

#[test]
fn the_guide_s_table_of_links_resolves_from_beside_the_water_brief() {
    let links = link_table();
    assert_eq!(links.len(), 7, "{links:?}");
    let f = guide_site();
    let body = links.iter().map(|l| format!("- {l}\n")).collect::<String>();
    let text = format!("---\ntitle: Links\ndate: 2025-09-01\nsummary: The guide's links.\n---\n\n{body}");
    f.write("site/content/briefs/link-table.en.md", text.as_bytes());
    f.write("site/static/files/report.pdf", b"%PDF-1.4\n");
    let run = f.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 0, "{run:?}");
    let p = page(&f, "en/briefs/link-table/index.html");
    let hrefs = p.attrs(".prose li a", "href");
    assert_eq!(
        hrefs,
        [
            "../../../en/briefs/first-brief/",
            "../../../en/briefs/first-brief/#a-chart-from-the-text",
            "../../../en/about/",
            "../../../en/briefs/wells/",
            "../../../files/report.pdf",
            "../../../en/topics/",
            "https://www.reuters.com/",
        ]
    );
}

#[test]
fn the_guide_lists_every_interface_string_of_the_default_theme() {
    let strings = include_str!("../../themes/default/i18n/en.yaml");
    let keys = strings.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()));
    let section = &GUIDE[GUIDE.find("### Interface strings").expect("the section")..];
    for key in keys.filter(|k| !k.is_empty()) {
        let listed =
            section.contains(&format!("`{key}`")) || key.starts_with("kind_") && section.contains("`kind_<kind>`");
        assert!(listed, "the guide's interface strings do not list `{key}`");
    }
}

#[test]
fn the_guide_lists_every_template_of_the_default_theme() {
    let section = &GUIDE[GUIDE.find("### The templates").expect("the section")..];
    let section = &section[..section.find("### Interface strings").expect("the next section")];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for entry in std::fs::read_dir(&dir).expect("the templates") {
        let name = entry.expect("a template").file_name().to_string_lossy().into_owned();
        assert!(section.contains(&format!("| `{name}` |")), "the guide's table of templates has no row for `{name}`");
    }
}
