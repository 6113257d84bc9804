//! No file from outside the site reaches a build through a symbolic link:
//! chart data, images, static and theme files, templates, interface
//! strings and `site.yaml` itself. A link that leaves the site (to a file,
//! to a folder, or through a chain of links inside it) is an error at the
//! place that names the file, or else at the link; nothing is read through
//! it, all such errors come in one run, and the last output stays as it
//! was. Links that stay inside the site are followed.

#![cfg(unix)]

use crate::fixture::{Fixture, find, find_at_with_help, snapshot};
use mujaz::diag::Diagnostic;
use mujaz::incremental::Session;
use std::fs;
use std::path::Path;

const HELP: &str = "copy the file into the site, or make the link point inside the site's folder";

/// What a file outside the site holds: nothing of it may be published or
/// shown in an error.
const SECRET: &str = "SECRET";

/// A chart drawn from `data/attacks` (or a bundle's `attacks.csv`); its
/// `data:` line is the fourth of the block, line 10 of a brief with four
/// lines of front matter.
const CHART: &str = "```chart\ntype: bar\ntitle: Attacks\ndata: attacks\nx: region\ny: [attacks]\n```";
const DATA_AT: &str = "x.en.md:10:1";

/// Files outside any site: a CSV a chart could draw (999 attacks) with a
/// column more, an SVG with a size, and a folder holding both.
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("attacks.csv"), format!("region,attacks,{SECRET}\ndaraa,999,1\n")).unwrap();
        fs::write(dir.path().join("lead.svg"), "<svg width=\"1234\" height=\"999\"></svg>").unwrap();
        Outside { dir }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

/// A case: the path the error names, and how the site is made to hold the link.
type Case<'a> = (&'a str, &'a dyn Fn(&Fixture));

fn link(f: &Fixture, rel: &str, to: impl AsRef<Path>) {
    let at = f.root().join(rel);
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(to, at).unwrap();
}

/// No error says what the outside files hold.
#[track_caller]
fn nothing_read(errors: &[Diagnostic]) {
    for e in errors {
        let all = format!("{e} {}", e.help.as_deref().unwrap_or(""));
        assert!(!all.contains(SECRET) && !all.contains("999") && !all.contains("1234"), "read through a link: {all}");
    }
}

#[test]
fn chart_data_through_a_link_out_is_refused_at_the_chart_unread() {
    let outside = Outside::new();
    // A link to the file; a link to a folder holding it; a chain of links
    // inside the site that ends outside.
    let cases: [Case; 3] = [
        ("data/attacks.csv", &|f| link(f, "data/attacks.csv", outside.path("attacks.csv"))),
        ("data/attacks.csv", &|f| link(f, "data", outside.dir.path())),
        ("data/attacks.csv", &|f| {
            link(f, "shared/attacks.csv", outside.path("attacks.csv"));
            link(f, "data/attacks.csv", "../shared/attacks.csv");
        }),
    ];
    for (shown, setup) in cases {
        let f = Fixture::new().brief("x", "en", "", CHART);
        setup(&f);
        let errors = f.errors();
        let message = format!("chart: data file `{shown}` is a link that points outside the site, to `");
        find_at_with_help(&errors, &message, DATA_AT, HELP);
        nothing_read(&errors);
        assert!(!f.output().exists());
    }
}

#[test]
fn a_bundles_data_through_a_link_out_is_refused_at_the_chart() {
    let outside = Outside::new();
    let f = Fixture::new().file(
        "content/briefs/x/index.en.md",
        &format!("---\ntitle: T\ndate: 2025-09-12\nsummary: S\n---\n\n{CHART}\n"),
    );
    link(&f, "content/briefs/x/attacks.csv", outside.path("attacks.csv"));
    let errors = f.errors();
    let message = "chart: data file `content/briefs/x/attacks.csv` is a link that points outside the site";
    find_at_with_help(&errors, message, "index.en.md:10:1", HELP);
    // The link itself is named too, as every link out of a source folder is.
    let e = find(&errors, "this link points outside the site");
    assert!(e.path.ends_with("content/briefs/x/attacks.csv"), "{}", e.path.display());
    nothing_read(&errors);
}

#[test]
fn a_lead_image_through_a_link_out_is_refused_at_its_src_unread() {
    let outside = Outside::new();
    let f = Fixture::new().brief("x", "en", "image: {src: /images/lead.svg, alt: A map}\n", "Body.");
    link(&f, "static/images/lead.svg", outside.path("lead.svg"));
    let errors = f.errors();
    find_at_with_help(&errors, "image `/images/lead.svg` is a link that points outside the site", "x.en.md:5:14", HELP);
    nothing_read(&errors);
    // In a bundle, through a link to a folder.
    let f = Fixture::new().file(
        "content/briefs/x/index.en.md",
        "---\ntitle: T\ndate: 2025-09-12\nsummary: S\nimage: {src: media/lead.svg, alt: A map}\n---\n\nBody.\n",
    );
    link(&f, "content/briefs/x/media", outside.dir.path());
    let errors = f.errors();
    find_at_with_help(
        &errors,
        "image `media/lead.svg` is a link that points outside the site",
        "index.en.md:5:14",
        HELP,
    );
    nothing_read(&errors);
}

#[test]
fn images_and_files_a_body_names_through_a_link_out_are_refused_where_named() {
    let outside = Outside::new();
    let body = "Text.\n\n![A map](media/lead.svg)\n\nThe [numbers](attacks.csv).";
    let f = Fixture::new()
        .file("content/briefs/x/index.en.md", &format!("---\ntitle: T\ndate: 2025-09-12\nsummary: S\n---\n\n{body}\n"));
    link(&f, "content/briefs/x/media", outside.dir.path());
    link(&f, "content/briefs/x/attacks.csv", outside.path("attacks.csv"));
    let errors = f.errors();
    find_at_with_help(&errors, "`media/lead.svg` is a link that points outside the site", "index.en.md:9:1", HELP);
    find_at_with_help(&errors, "`attacks.csv` is a link that points outside the site", "index.en.md:11:5", HELP);
    nothing_read(&errors);
}

#[test]
fn a_site_yaml_that_links_out_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("site.yaml"), crate::fixture::SITE_YAML).unwrap();
    let f = Fixture::empty().brief("x", "en", "", "Body.");
    link(&f, "site.yaml", outside.path().join("site.yaml"));
    let errors = f.errors();
    let e = find(&errors, "this link points outside the site, to `");
    assert!(e.path.ends_with("site.yaml"), "{}", e.path.display());
    assert_eq!(e.help.as_deref(), Some(HELP));
    assert!(!f.output().exists());
}

#[test]
fn templates_strings_and_theme_files_through_links_out_are_refused_at_the_link() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("base.html"), format!("{SECRET} {{% block content %}}{{% endblock %}}")).unwrap();
    fs::write(outside.path().join("en.yaml"), format!("{SECRET}: x\n")).unwrap();
    let themed = || {
        let f = Fixture::new()
            .file("site.yaml", &format!("{}theme: mine\n", crate::fixture::SITE_YAML))
            .brief("x", "en", "", "Body.");
        mujaz::scaffold::init_site(&f.root().join("copy"), true).expect("a theme to copy");
        fs::rename(f.root().join("copy/themes/default"), f.root().join("shared-theme")).unwrap();
        fs::remove_dir_all(f.root().join("copy")).unwrap();
        // The theme's folder is a link inside the site.
        link(&f, "themes/mine", "../shared-theme");
        f
    };
    let cases: [Case; 5] = [
        ("templates/base.html", &|f| link(f, "templates/base.html", outside.path().join("base.html"))),
        ("templates", &|f| link(f, "templates", outside.path())),
        ("themes/mine/i18n/en.yaml", &|f| {
            fs::remove_file(f.root().join("shared-theme/i18n/en.yaml")).unwrap();
            link(f, "shared-theme/i18n/en.yaml", outside.path().join("en.yaml"));
        }),
        ("themes/mine/templates/base.html", &|f| {
            fs::remove_file(f.root().join("shared-theme/templates/base.html")).unwrap();
            link(f, "shared-theme/templates/base.html", outside.path().join("base.html"));
        }),
        ("themes/mine", &|f| {
            fs::remove_file(f.root().join("themes/mine")).unwrap();
            link(f, "themes/mine", outside.path());
        }),
    ];
    for (shown, setup) in cases {
        let f = themed();
        setup(&f);
        let errors = f.errors();
        let e = find(&errors, "this link points outside the site, to `");
        assert!(e.path.ends_with(shown), "{shown}: the error names {}", e.path.display());
        nothing_read(&errors);
    }
}

#[test]
fn a_rebuild_does_not_read_through_a_link_made_since_the_last_build() {
    // `mujaz serve`: the link is made while it runs (the full build that
    // follows fails), then a brief is edited to use it, which rebuilds
    // that brief alone.
    let outside = Outside::new();
    let f = Fixture::new()
        .brief("x", "en", "", "Body.")
        .file("data/attacks.csv", "region,attacks\ndaraa,4\n")
        .file("static/images/lead.svg", "<svg width=\"10\" height=\"10\"></svg>");
    let mut opts = f.options();
    opts.output = Some(f.root().join("served"));
    let mut session = Session::new(opts);
    session.build().expect("first build");
    let before = snapshot(&f.root().join("served"));
    fs::remove_file(f.root().join("data/attacks.csv")).unwrap();
    link(&f, "data/attacks.csv", outside.path("attacks.csv"));
    fs::remove_file(f.root().join("static/images/lead.svg")).unwrap();
    link(&f, "static/images/lead.svg", outside.path("lead.svg"));
    session.build().expect_err("the links are refused");
    let brief = f.root().join("content/briefs/x.en.md");
    let body = fs::read_to_string(&brief).unwrap();
    let edits = [
        (body.replacen("Body.", CHART, 1), "data file `data/attacks.csv` is a link that points outside the site"),
        (
            body.replacen("summary:", "image: {src: /images/lead.svg, alt: A map}\nsummary:", 1),
            "image `/images/lead.svg` is a link that points outside the site",
        ),
    ];
    for (text, error) in edits {
        fs::write(&brief, text).unwrap();
        let errors = session.rebuild(std::slice::from_ref(&brief)).expect_err("a rebuild through a link out");
        find(&errors, error);
        nothing_read(&errors);
        assert_eq!(snapshot(&f.root().join("served")), before, "the output changed");
    }
}

#[test]
fn every_link_out_is_listed_in_one_run_and_the_last_output_stays() {
    let outside = Outside::new();
    let f = Fixture::new()
        .brief("x", "en", "image: {src: /lead.svg, alt: A map}\n", CHART)
        .file("data/attacks.csv", "region,attacks\ndaraa,4\n")
        .file("static/lead.svg", "<svg width=\"10\" height=\"10\"></svg>");
    assert_eq!(f.run(&["build"]).code, 0);
    let before = snapshot(&f.output());
    for rel in ["data/attacks.csv", "static/lead.svg"] {
        fs::remove_file(f.root().join(rel)).unwrap();
    }
    link(&f, "data/attacks.csv", outside.path("attacks.csv"));
    link(&f, "static/lead.svg", outside.path("lead.svg"));
    link(&f, "static/away", outside.dir.path());
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for said in [
        "content/briefs/x.en.md:11:1: error: chart: data file `data/attacks.csv` is a link that points outside the site",
        "content/briefs/x.en.md:5:14: error: image `/lead.svg` is a link that points outside the site",
        "data/attacks.csv: error: this link points outside the site",
        "static/lead.svg: error: this link points outside the site",
        "static/away: error: this link points outside the site",
    ] {
        assert!(run.stderr.contains(said), "missing {said:?} in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
    assert_eq!(snapshot(&f.output()), before, "the output changed");
}

#[test]
fn links_that_stay_inside_the_site_are_followed() {
    let f = Fixture::new()
        .file("content/briefs/x/index.en.md", &format!(
            "---\ntitle: T\ndate: 2025-09-12\nsummary: S\nimage: {{src: media/lead.svg, alt: A map}}\n---\n\n{CHART}\n\n![A map](media/lead.svg)\n"
        ))
        .file("shared/attacks.csv", "region,attacks\ndaraa,4\n")
        .file("shared/media/lead.svg", "<svg width=\"20\" height=\"10\"></svg>")
        .file("shared/site.yaml", crate::fixture::SITE_YAML);
    // A chain: data/attacks.csv → ../shared/link.csv → attacks.csv.
    link(&f, "shared/link.csv", "attacks.csv");
    link(&f, "data/attacks.csv", "../shared/link.csv");
    link(&f, "content/briefs/x/media", "../../../shared/media");
    fs::remove_file(f.root().join("site.yaml")).unwrap();
    link(&f, "site.yaml", "shared/site.yaml");
    let b = f.build();
    let page = b.page("en/briefs/x/");
    assert_eq!(page.texts("table td"), ["4"]);
    assert_eq!(page.attr("img", "width"), "20");
    assert_eq!(b.read("en/briefs/x/media/lead.svg"), "<svg width=\"20\" height=\"10\"></svg>");
}
