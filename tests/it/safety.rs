//! Only what mujaz wrote is ever replaced: the sources, an unrelated folder,
//! files added to the output and what a symbolic link points to are never
//! written over; a killed, concurrent or out-of-space build leaves a whole
//! output; two files on one path are an error, never a race.

use crate::fixture::{Fixture, find, snapshot};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn site() -> Fixture {
    Fixture::new().brief("x", "en", "", "Body.").brief("x", "ar", "", "نص.")
}

/// Builds into `output` (relative to the site) and returns the errors.
fn refused(f: &Fixture, output: &Path) -> Vec<mujaz::diag::Diagnostic> {
    let opts = mujaz::build::Options { output: Some(f.root().join(output)), ..f.options() };
    mujaz::build::build(&opts).expect_err("the output must be refused")
}

/// The names of the folder's entries, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> =
        fs::read_dir(dir).unwrap().filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into()).collect();
    out.sort();
    out
}

/// What builds left beside the output, once removals under way are done.
fn leftovers(dir: &Path) -> Vec<String> {
    let stale = |n: &String| n.contains(".tmp-") || n.contains(".old-") || n.contains(".trash-");
    for _ in 0..100 {
        if !names(dir).iter().any(stale) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    names(dir).into_iter().filter(stale).collect()
}

#[test]
fn an_output_in_the_sources_is_refused_before_anything_is_written() {
    let f = site().file("static/logo.svg", "<svg/>").file("data/a.csv", "x,y\n1,2\n").file("templates/.keep", "");
    fs::create_dir_all(f.root().join("themes")).unwrap();
    let before = snapshot(f.root());
    for (output, relation, folder) in [
        ("content", "it is", "content"),
        ("static", "it is", "static"),
        ("data", "it is", "data"),
        ("templates", "it is", "templates"),
        ("themes", "it is", "themes"),
        ("content/briefs", "lies inside", "content"),
        ("static/out", "lies inside", "static"),
        (".", "it is", ""),
        ("..", "it holds", ""),
    ] {
        let errors = refused(&f, Path::new(output));
        let message = &errors[0].message;
        assert!(message.starts_with("refusing to write the site into"), "{output}: {message}");
        assert!(message.contains(relation), "{output}: {message}");
        let source = fs::canonicalize(f.root()).unwrap().join(folder);
        let source = source.to_string_lossy();
        assert!(message.contains(source.trim_end_matches('/')), "{output}: {message} names {source}");
    }
    assert_eq!(before, snapshot(f.root()), "a refused build wrote something");
}

#[test]
fn the_binary_refuses_an_output_in_the_sources_with_exit_1() {
    let f = site();
    let run = f.run(&["build", "--output", "content"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("refusing to write the site into"), "{}", run.stderr);
    assert!(run.stderr.contains("the site's `content/` folder"), "{}", run.stderr);
    assert!(f.root().join("content/briefs/x.en.md").is_file());
}

#[test]
fn an_output_beside_the_site_is_written() {
    let f = site();
    let elsewhere = tempfile::tempdir().unwrap();
    let opts = mujaz::build::Options { output: Some(elsewhere.path().join("public")), ..f.options() };
    mujaz::build::build(&opts).expect("an output of its own");
    assert!(elsewhere.path().join("public/en/index.html").is_file());
}

#[test]
fn a_folder_mujaz_did_not_build_is_refused_unless_forced() {
    let f = site().file("deploy/notes.txt", "mine");
    let errors = refused(&f, Path::new("deploy"));
    assert!(errors[0].message.contains("no `.mujaz-manifest`"), "{}", errors[0].message);
    assert!(errors[0].help.as_deref().unwrap_or("").contains("--force"));
    assert_eq!(names(&f.root().join("deploy")), ["notes.txt"]);

    let run = f.run(&["build", "--output", "deploy"]);
    assert_eq!(run.code, 1, "{run:?}");
    let run = f.run(&["build", "--output", "deploy", "--force"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(f.read("deploy/notes.txt"), "mine");
    assert!(f.root().join("deploy/en/index.html").is_file());
    let run = f.run(&["build", "--output", "deploy"]);
    assert_eq!(run.code, 0, "the forced build left its record: {run:?}");
    assert_eq!(f.read("deploy/notes.txt"), "mine");
}

#[test]
fn the_help_explains_force() {
    let run = Fixture::empty().run(&["build", "--help"]);
    assert!(run.stdout.contains("--force"), "{}", run.stdout);
    assert!(run.stdout.contains("Its files are kept"), "{}", run.stdout);
}

#[test]
fn an_output_of_an_older_mujaz_is_known_by_the_list_beside_it() {
    let f = site()
        .file("output/en/index.html", "an older page")
        .file("output/CNAME", "x.example.org")
        .file(".output.files", "en/index.html\n");
    f.write("content/briefs/broken.en.md", b"---\ntitle: T\n---\n");
    assert!(mujaz::build::build(&f.options()).is_err());
    assert!(f.root().join(".output.files").exists(), "a failed build dropped the older record");
    fs::remove_file(f.root().join("content/briefs/broken.en.md")).unwrap();
    mujaz::build::build(&f.options()).expect("the older output is mujaz's");
    assert_ne!(f.read("output/en/index.html"), "an older page");
    assert_eq!(f.read("output/CNAME"), "x.example.org");
    assert!(!f.root().join(".output.files").exists(), "the record is now inside the output");
}

#[test]
fn files_added_to_the_output_are_carried_into_every_new_one() {
    let f = site().brief("gone", "en", "", "Soon deleted.");
    mujaz::build::build(&f.options()).expect("first build");
    let added = [
        (".git/HEAD", "ref: refs/heads/gh-pages\n"),
        (".git/objects/ab/cdef", "object"),
        ("CNAME", "briefs.example.org\n"),
        (".nojekyll", ""),
        ("en/briefs/gone/notes.txt", "a note beside a page"),
    ];
    for (rel, text) in added {
        f.write(&format!("output/{rel}"), text.as_bytes());
    }
    for build in 0..4 {
        if build == 2 {
            fs::remove_file(f.root().join("content/briefs/gone.en.md")).unwrap();
        }
        mujaz::build::build(&f.options()).expect("a later build");
        for (rel, text) in added {
            assert_eq!(f.read(&format!("output/{rel}")), text, "build {build}: {rel}");
        }
    }
    assert!(!f.output().join("en/briefs/gone/index.html").exists(), "the deleted brief's page survived");
    let manifest = f.read("output/.mujaz-manifest");
    assert!(manifest.lines().any(|l| l == "en/index.html"));
    assert!(!manifest.contains("CNAME") && !manifest.contains(".git"));
}

#[cfg(unix)]
#[test]
fn a_link_added_to_the_output_stays_a_link_and_its_target_is_never_emptied() {
    let f = site().brief("kept", "en", "", "A brief.");
    mujaz::build::build(&f.options()).expect("first build");
    let media = tempfile::tempdir().expect("a folder outside the site");
    fs::write(media.path().join("video.txt"), "footage").unwrap();
    std::os::unix::fs::symlink(media.path(), f.output().join("media")).unwrap();
    for build in 0..3 {
        mujaz::build::build(&f.options()).expect("a later build");
        let link = fs::symlink_metadata(f.output().join("media")).expect("the link is still there");
        assert!(link.file_type().is_symlink(), "build {build}: the link became something else");
        let kept = fs::read_to_string(media.path().join("video.txt"));
        assert_eq!(kept.as_deref().ok(), Some("footage"), "build {build}: the link's target lost its file");
    }
}

#[test]
fn a_site_file_on_a_file_mujaz_did_not_write_is_an_error() {
    let f = site();
    mujaz::build::build(&f.options()).expect("first build");
    f.write("output/robots.txt", b"the deployer's");
    let before = snapshot(&f.output());
    f.write("static/robots.txt", b"the site's");
    let errors = f.errors();
    let e = find(&errors, "mujaz did not write this");
    assert!(e.path.ends_with("output/robots.txt"), "{}", e.path.display());
    assert_eq!(before, snapshot(&f.output()));
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_written_where_it_points() {
    let f = site();
    let www = tempfile::tempdir().unwrap();
    let root = www.path().join("html");
    fs::create_dir(&root).unwrap();
    std::os::unix::fs::symlink(&root, f.output()).unwrap();
    mujaz::build::build(&f.options()).expect("first build");
    fs::write(root.join("CNAME"), "x.example.org").unwrap();
    for _ in 0..3 {
        mujaz::build::build(&f.options()).expect("a later build");
        assert!(fs::symlink_metadata(f.output()).unwrap().file_type().is_symlink(), "the link was replaced");
        assert!(root.join("en/index.html").is_file());
        assert_eq!(fs::read_to_string(root.join("CNAME")).unwrap(), "x.example.org");
    }
    assert!(leftovers(f.root()).is_empty());
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_mujaz_did_not_build_is_refused() {
    let f = site();
    let www = tempfile::tempdir().unwrap();
    fs::write(www.path().join("index.html"), "the web root's own").unwrap();
    std::os::unix::fs::symlink(www.path(), f.output()).unwrap();
    let errors = f.errors();
    assert!(errors[0].message.contains("no `.mujaz-manifest`"), "{}", errors[0].message);
    assert_eq!(fs::read_to_string(www.path().join("index.html")).unwrap(), "the web root's own");
}

#[test]
fn a_path_that_turns_from_file_to_folder_and_back_just_builds() {
    let f = site().file("static/x", "a file");
    for round in 0..3 {
        mujaz::build::build(&f.options()).expect("x as a file");
        assert_eq!(f.read("output/x"), "a file", "round {round}");
    }
    fs::remove_file(f.root().join("static/x")).unwrap();
    f.write("static/x/y.css", b"a folder");
    for round in 0..3 {
        mujaz::build::build(&f.options()).expect("x as a folder");
        assert_eq!(f.read("output/x/y.css"), "a folder", "round {round}");
    }
    fs::remove_dir_all(f.root().join("static/x")).unwrap();
    f.write("static/x", b"a file again");
    for round in 0..3 {
        mujaz::build::build(&f.options()).expect("x as a file again");
        assert_eq!(f.read("output/x"), "a file again", "round {round}");
    }
}

/// A site large enough that a build takes a while.
fn big_site(body: &str) -> Fixture {
    let mut f = Fixture::new();
    let text = format!("{body}\n\n{}", "A paragraph of the brief, with *some* words. ".repeat(40));
    for i in 0..150 {
        f = f.brief(&format!("b{i}"), "en", "topics: [recruitment]\n", &text).brief(
            &format!("b{i}"),
            "ar",
            "topics: [recruitment]\n",
            &text,
        );
    }
    f
}

fn spawn_build(f: &Fixture) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_mujaz"))
        .arg("build")
        .current_dir(f.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn mujaz")
}

/// The output, if it is whole: every file its record lists is there.
fn whole(output: &Path) -> BTreeMap<String, Vec<u8>> {
    let files = snapshot(output);
    let manifest = String::from_utf8(files[".mujaz-manifest"].clone()).unwrap();
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        assert!(files.contains_key(line), "{line} is missing: the output is torn");
    }
    files
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_output() {
    let f = big_site("Version one.");
    mujaz::build::build(&f.options()).expect("first build");
    let old = whole(&f.output());
    for i in 0..150 {
        f.write(
            &format!("content/briefs/b{i}.en.md"),
            f.read(&format!("content/briefs/b{i}.en.md")).replace("Version one.", "Version two.").as_bytes(),
        );
    }
    let mut seen = Vec::new();
    for delay in [0, 10, 30, 60, 100, 150, 250, 400, 600, 900, 1300, 2000] {
        let mut child = spawn_build(&f);
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        seen.push((delay, whole(&f.output())));
    }
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let new = whole(&f.output());
    assert_ne!(old, new);
    for (delay, files) in seen {
        assert!(files == old || files == new, "killed after {delay} ms: neither the old site nor the new one");
    }
    assert!(leftovers(f.root()).is_empty(), "left behind: {:?}", leftovers(f.root()));
}

#[test]
fn builds_started_at_once_each_leave_a_whole_output() {
    let f = big_site("Concurrent.");
    let children: Vec<_> = (0..3).map(|_| spawn_build(&f)).collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let built = whole(&f.output());
    let fresh = big_site("Concurrent.");
    mujaz::build::build(&fresh.options()).expect("a build alone");
    assert_eq!(built, snapshot(&fresh.output()));
    assert!(leftovers(f.root()).is_empty(), "left behind: {:?}", leftovers(f.root()));
}

#[cfg(unix)]
#[test]
fn a_full_disk_leaves_the_previous_output() {
    let f = site();
    for _ in 0..2 {
        mujaz::build::build(&f.options()).expect("a build");
    }
    let before = snapshot(&f.output());
    f.write("static/big.bin", &vec![7u8; 200_000]);
    // Files may grow to 64 KiB: writing the big one fails as on a full disk.
    let bin = env!("CARGO_BIN_EXE_mujaz");
    let out = Command::new("sh")
        .args(["-c", &format!("trap '' XFSZ; ulimit -f 128; exec '{bin}' build")])
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("big.bin"));
    assert_eq!(before, snapshot(&f.output()));
    assert!(leftovers(f.root()).is_empty(), "left behind: {:?}", leftovers(f.root()));
    mujaz::build::build(&f.options()).expect("with room again");
    assert_eq!(fs::read(f.output().join("big.bin")).unwrap().len(), 200_000);
}

#[test]
fn what_killed_builds_left_is_removed_by_the_next() {
    let f = site();
    mujaz::build::build(&f.options()).expect("a build");
    for stale in [".output.tmp-1-0-0/en/index.html", ".output.old-1-0-0/x", ".output.trash-1/y"] {
        f.write(stale, b"left behind");
    }
    mujaz::build::build(&f.options()).expect("the next build");
    assert!(leftovers(f.root()).is_empty(), "left behind: {:?}", leftovers(f.root()));
}

#[cfg(unix)]
#[test]
fn links_that_leave_the_site_are_errors_naming_them() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("passwd");
    fs::write(&secret, "root:x:0:0").unwrap();
    let f = Fixture::new()
        .file("content/briefs/x/index.en.md", "---\ntitle: T\ndate: 2025-09-12\nsummary: S\n---\n\nBody.\n");
    let link = |rel: &str, to: &Path| {
        let at = f.root().join(rel);
        fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(to, at).unwrap();
    };
    link("content/briefs/x/passwd", &secret);
    link("static/passwd", &secret);
    link("static/away", outside.path());
    link("data/passwd.csv", &secret);
    let errors = f.errors();
    for rel in ["content/briefs/x/passwd", "static/passwd", "static/away", "data/passwd.csv"] {
        let e = errors.iter().find(|e| e.path.ends_with(rel)).unwrap_or_else(|| panic!("no error names {rel}"));
        assert!(e.message.contains("points outside the site"), "{}", e.message);
    }
    assert!(!f.output().exists());
}

#[cfg(unix)]
#[test]
fn links_in_a_themes_static_folder_that_leave_the_site_are_errors() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("x.css"), "body{}").unwrap();
    let f = site().file("site.yaml", &format!("{}theme: mine\n", crate::fixture::SITE_YAML));
    mujaz::scaffold::init_site(&f.root().join("copy"), true).expect("a theme to copy");
    fs::create_dir_all(f.root().join("themes")).unwrap();
    fs::rename(f.root().join("copy/themes/default"), f.root().join("themes/mine")).unwrap();
    fs::remove_dir_all(f.root().join("copy")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.css"), f.root().join("themes/mine/static/x.css")).unwrap();
    let errors = f.errors();
    let e = find(&errors, "points outside the site");
    assert!(e.path.ends_with("themes/mine/static/x.css"), "{}", e.path.display());
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_are_followed() {
    let f = site().file("shared/logo.svg", "<svg/>");
    fs::create_dir_all(f.root().join("static")).unwrap();
    std::os::unix::fs::symlink("../shared/logo.svg", f.root().join("static/logo.svg")).unwrap();
    let b = f.build();
    assert_eq!(b.read("logo.svg"), "<svg/>");
}

#[test]
fn a_static_file_on_a_generated_page_is_an_error_naming_both() {
    for (rel, page) in [("static/sitemap.xml", "sitemap.xml"), ("static/en/index.html", "en/index.html")] {
        let f = site().file(rel, "mine");
        let errors = f.errors();
        let e = find(&errors, "would both be written to");
        assert!(e.path.ends_with(rel), "{}", e.path.display());
        assert!(e.message.contains(&format!("the page mujaz generates at `{page}`")), "{}", e.message);
        assert!(!f.output().exists());
    }
}

#[test]
fn a_bundle_file_on_its_briefs_page_is_an_error_naming_both() {
    let f = Fixture::new()
        .file("content/briefs/x/index.en.md", "---\ntitle: T\ndate: 2025-09-12\nsummary: S\n---\n\nBody.\n")
        .file("content/briefs/x/index.html", "<p>mine</p>");
    let errors = f.errors();
    let e = find(&errors, "would both be written to `en/briefs/x/index.html`");
    assert!(e.path.ends_with("content/briefs/x/index.html"), "{}", e.path.display());
}

#[test]
fn a_static_file_where_a_folder_must_be_is_an_error() {
    let f = site().file("static/en", "a file named like a language");
    let errors = f.errors();
    let e = find(&errors, "to be a folder");
    assert!(e.path.ends_with("static/en"), "{}", e.path.display());
}

#[test]
fn the_sites_static_files_replace_the_themes_every_time() {
    let f = site().file("static/static/style.css", "body { color: red }");
    for _ in 0..5 {
        mujaz::build::build(&f.options()).expect("build");
        assert_eq!(f.read("output/static/style.css"), "body { color: red }");
    }
}

#[test]
fn a_closed_stdout_does_not_make_a_build_panic() {
    let f = site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mujaz"))
        .arg("build")
        .current_dir(f.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mujaz");
    // The reader goes away before the build says what it did.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(f.output().join("en/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_link_planted_in_the_kept_build_is_replaced_not_written_through() {
    let f = site();
    for _ in 0..2 {
        mujaz::build::build(&f.options()).expect("a build");
    }
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    fs::write(&victim, "untouched").unwrap();
    let page = f.root().join(".output.prev/en/index.html");
    fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&victim, &page).unwrap();
    mujaz::build::build(&f.options()).expect("the build over the kept one");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "untouched");
    assert!(f.read("output/en/index.html").contains("<html"));
}

#[test]
fn an_output_left_aside_by_a_killed_swap_is_put_back() {
    let f = site();
    mujaz::build::build(&f.options()).expect("a build");
    f.write("output/CNAME", b"x.example.org");
    // Where folders cannot be swapped in one step, a build killed between
    // its two renames leaves the old output aside, and none in place.
    fs::rename(f.output(), f.root().join(".output.old-1-0-0")).unwrap();
    mujaz::build::build(&f.options()).expect("the next build");
    assert_eq!(f.read("output/CNAME"), "x.example.org");
    assert!(leftovers(f.root()).is_empty(), "left behind: {:?}", leftovers(f.root()));
}
