//! The command line: exit codes and error format.

use crate::fixture::Fixture;

#[test]
fn build_prints_one_line_and_exits_zero() {
    let f = Fixture::new().brief("x", "en", "", "Body.").brief("x", "ar", "", "نص.");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let line = run.stdout.trim();
    assert!(
        line.starts_with("built ") && line.contains("(ar ") && line.contains("en ") && line.ends_with(" ms"),
        "{line}"
    );
}

#[test]
fn content_errors_exit_one_with_located_messages() {
    let f = Fixture::new().brief("x", "en", "topcis: [recruitment]\n", "Body.").brief(
        "y",
        "en",
        "regions: [homs]\n",
        "Body.",
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/briefs/x.en.md:5:1: error: unknown field `topcis`"), "{}", run.stderr);
    assert!(run.stderr.contains("content/briefs/y.en.md:5:11: error: unknown region `homs`"), "{}", run.stderr);
    assert!(run.stderr.contains("5 | topcis: [recruitment]"), "{}", run.stderr);
    assert!(run.stderr.contains("= help: did you mean `topics`?"), "{}", run.stderr);
    assert!(run.stderr.contains("2 errors"), "{}", run.stderr);
    assert!(!f.output().exists());
}

#[test]
fn usage_errors_exit_two() {
    let f = Fixture::new();
    assert_eq!(f.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(f.run(&["frobnicate"]).code, 2);
}

#[test]
fn check_writes_nothing() {
    let f = Fixture::new().brief("x", "en", "", "Body.");
    let run = f.run(&["check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!f.output().exists());
    let bad = Fixture::new().brief("x", "en", "date2: 1\n", "Body.");
    assert_eq!(bad.run(&["check"]).code, 1);
}

#[test]
fn version_and_help() {
    let f = Fixture::new();
    assert!(f.run(&["--version"]).stdout.starts_with("mujaz "));
    let help = f.run(&["--help"]).stdout;
    assert!(help.contains("build") && help.contains("check"));
}

#[test]
fn every_commands_help_gives_an_example_and_points_to_the_guide() {
    let f = Fixture::new();
    for command in ["build", "check", "serve", "new", "init"] {
        let help = f.run(&[command, "--help"]).stdout;
        assert!(help.contains(&format!("Examples:\n  mujaz {command}")), "{command}: {help}");
        assert!(help.contains("docs/guide.md"), "{command}: {help}");
        assert!(help.contains("Exit status:"), "{command}: {help}");
    }
    let help = f.run(&["--help"]).stdout;
    assert!(help.contains("Examples:") && help.contains("docs/guide.md"), "{help}");
}

#[test]
fn a_base_url_without_a_scheme_is_a_usage_error() {
    let f = Fixture::new().brief("x", "en", "", "Body.");
    let run = f.run(&["build", "--base-url", "example.org/briefs"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("`example.org/briefs` must start with http:// or https://"), "{}", run.stderr);
    assert!(!f.output().exists());
    let run = f.run(&["build", "--base-url", "https://example.org/briefs/"]);
    assert_eq!(run.code, 0, "{run:?}");
    let home = f.read("output/en/index.html");
    assert!(home.contains(r#"href="https://example.org/briefs/en/""#), "{home}");
}
