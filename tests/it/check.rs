//! Tests: `handbook check` as the publishing gate; [`workflow`]: the GitHub Pages workflow;
//! [`pages`]: what is published, crawled in Chromium under a sub-path.
//!
//! Each folder of tests/fixtures/check/ is a small project with one kind of problem and an
//! `expected.txt` listing `path:line:col kind` for every problem `check` must report; the test
//! copies it over a [`Fixture`] (real templates and assets) and runs the real binary.

mod pages;
mod workflow;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Deserialize;

use crate::support;
use crate::support::fixture::{copy_dir, Fixture, Output};

/// One problem as `check --format json` prints it.
#[derive(Debug, Deserialize)]
pub(crate) struct Reported {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: String,
    pub kind: String,
    pub message: String,
}

/// A fixture project made from tests/fixtures/check/<case>/, and what it expects.
fn case_fixture(case: &str) -> (Fixture, Vec<String>) {
    let dir = fixtures_dir().join(case);
    assert!(dir.is_dir(), "no fixture folder {}", dir.display());
    let fixture = Fixture::new();
    std::fs::remove_dir_all(fixture.root().join("content")).expect("remove the default chapters");
    copy_dir(&dir, fixture.root());
    let expected_path = fixture.root().join("expected.txt");
    let expected = std::fs::read_to_string(&expected_path).expect("expected.txt");
    std::fs::remove_file(expected_path).unwrap();
    let expected = expected
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    (fixture, expected)
}

fn fixtures_dir() -> PathBuf {
    support::project_root().join("tests/fixtures/check")
}

/// Runs `check --format json`; returns the run and the parsed problems.
pub(crate) fn check_json(fixture: &Fixture) -> (Output, Vec<Reported>) {
    let output = fixture.run(&["check", "--format", "json"]);
    let reported = serde_json::from_str(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "check --format json printed no JSON array ({e}):\n{}\n{}",
            output.stdout, output.stderr
        )
    });
    (output, reported)
}

/// One line of `expected.txt`: `path:line:col kind`, or `path:line kind` for any column (and
/// any number of reports on that line: the repair may report a word or a whole run of words).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    path: String,
    line: usize,
    col: Option<usize>,
    kind: String,
}

impl Expected {
    fn parse(text: &str) -> Self {
        let (loc, kind) = text
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("bad expected line `{text}`"));
        let mut parts = loc.split(':');
        let path = parts.next().unwrap().to_owned();
        let line = parts
            .next()
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| panic!("bad expected line `{text}`"));
        let col = parts.next().map(|c| {
            c.parse()
                .unwrap_or_else(|_| panic!("bad expected line `{text}`"))
        });
        Self {
            path,
            line,
            col,
            kind: kind.to_owned(),
        }
    }

    fn matches(&self, r: &Reported) -> bool {
        self.path == r.path
            && self.line == r.line
            && self.kind == r.kind
            && self.col.is_none_or(|c| c == r.col)
    }
}

/// `check` on the case reports every expected problem at its place and nothing anywhere else;
/// it exits 1 when there is a problem and 0 otherwise.
fn assert_case(case: &str) {
    let (fixture, expected) = case_fixture(case);
    let expected: Vec<Expected> = expected.iter().map(|e| Expected::parse(e)).collect();
    let (output, reported) = check_json(&fixture);
    let listing = reported
        .iter()
        .map(|r| {
            format!(
                "  {}:{}:{} {} {}: {}",
                r.path, r.line, r.col, r.kind, r.severity, r.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    for want in &expected {
        assert!(
            reported.iter().any(|r| want.matches(r)),
            "{case}: `check` did not report {want:?}; it reported:\n{listing}"
        );
    }
    for r in &reported {
        let fits = expected.iter().any(|e| {
            e.path == r.path
                && e.line == r.line
                && e.kind == r.kind
                && (e.col.is_none() || e.col == Some(r.col))
        });
        assert!(
            fits,
            "{case}: unexpected report {}:{}:{} {}; all reports:\n{listing}",
            r.path, r.line, r.col, r.kind
        );
    }
    let code = if expected.is_empty() { 0 } else { 1 };
    assert_eq!(
        output.code, code,
        "{case}: exit code\nstdout:\n{}\nstderr:\n{}",
        output.stdout, output.stderr
    );
}

macro_rules! cases {
    ($($test:ident => $case:literal,)*) => {
        /// Every fixture folder, each with its own test below.
        const CASES: &[&str] = &[$($case),*];
        $(
            #[test]
            fn $test() {
                assert_case($case);
            }
        )*
    };
}

cases! {
    check_finds_broken_links => "broken-link",
    check_finds_broken_anchors => "broken-anchor",
    check_finds_missing_images => "missing-image",
    check_finds_missing_assets_of_stylesheets => "missing-asset",
    check_finds_malformed_links_and_near_misses => "malformed-link",
    check_finds_mojibake_and_wrongly_repaired_words => "mojibake",
    check_finds_unknown_code_languages => "unknown-language",
    check_finds_bad_front_matter => "bad-front-matter",
    check_finds_duplicate_slugs => "duplicate-slug",
    check_finds_chapters_missing_from_the_config => "chapter-missing-from-config",
    check_finds_chapters_the_config_lists_but_content_lacks => "chapter-unknown-to-config",
    check_passes_a_clean_project => "clean",
    check_finds_formulas_that_do_not_convert => "math",
    check_finds_quotes_that_almost_make_a_callout => "callout",
    check_finds_sections_the_config_lists_but_content_lacks => "missing-section",
    check_finds_pages_without_a_title => "no-title",
}

#[test]
fn every_fixture_folder_has_a_test() {
    let folders: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let tested: BTreeSet<String> = CASES.iter().map(|c| (*c).to_owned()).collect();
    assert_eq!(folders, tested);
}

#[test]
fn text_output_is_path_line_col_severity_message_and_kind() {
    let (fixture, _) = case_fixture("broken-link");
    let output = fixture.run(&["check"]);
    assert_eq!(output.code, 1, "{}", output.stderr);
    let lines: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", output.stdout);
    assert!(
        lines[0].starts_with("content/01-mot/01-mo-dau.md:10:5: warning: `03-khong-co.md`"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("[broken-link]"), "{}", lines[0]);
    assert!(
        output.stderr.contains("2 problem(s) found"),
        "{}",
        output.stderr
    );
}

#[test]
fn json_output_is_an_array_of_located_problems() {
    let (fixture, _) = case_fixture("duplicate-slug");
    let output = fixture.run(&["check", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    let problems = value.as_array().expect("an array");
    assert_eq!(problems.len(), 1, "{value}");
    let keys: BTreeSet<&str> = problems[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["path", "line", "col", "severity", "kind", "message"])
    );
    assert_eq!(problems[0]["severity"], "error");
    let clean = Fixture::new().run(&["check", "--format", "json"]);
    assert_eq!(
        (clean.code, clean.stdout.trim()),
        (0, "[]"),
        "{}",
        clean.stderr
    );
}

#[test]
fn check_exits_2_when_it_cannot_run() {
    let fixture = Fixture::new();
    let missing = fixture.dir().join("no-such-project");
    let output = fixture.run(&["check", "--root", missing.to_str().unwrap()]);
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(output.stderr.contains("handbook.yaml"), "{}", output.stderr);

    fixture.write(
        "handbook.yaml",
        "title: Sổ tay\nparts:\n- title: [chưa đóng\n",
    );
    let (output, reported) = check_json(&fixture);
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert_eq!(reported.len(), 1, "{}", output.stdout);
    assert_eq!(
        (reported[0].path.as_str(), reported[0].line),
        ("handbook.yaml", 3),
        "{}",
        output.stdout
    );
}

#[test]
fn build_fails_on_errors_and_prints_warnings() {
    let (fixture, _) = case_fixture("duplicate-slug");
    let (output, out) = fixture.build();
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(
        output.stderr.contains("[duplicate-slug]"),
        "{}",
        output.stderr
    );
    assert!(!out.exists());

    let (fixture, _) = case_fixture("malformed-link");
    let (output, out) = fixture.build();
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stderr.contains("01-mo-dau.md:8:6: warning:")
            && output.stderr.contains("[malformed-link]"),
        "{}",
        output.stderr
    );
    assert!(out.join("index.html").is_file());
}

#[test]
fn real_handbook_checks_clean() {
    let output = support::handbook()
        .args(["check", "--root"])
        .arg(support::project_root())
        .output()
        .expect("run handbook");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first: Vec<&str> = stdout.lines().take(20).collect();
    assert!(
        output.status.success(),
        "`handbook check` found problems in the real handbook: {}\n{}",
        stderr.trim(),
        first.join("\n")
    );
    assert!(stdout.trim().is_empty(), "{stdout}");
}
