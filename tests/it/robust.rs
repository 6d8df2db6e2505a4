//! Hostile and careless input: every case gives an error (or a warning where publishing is
//! unaffected) at its real `path:line:col`, the same in `build` and `check`, and nothing is
//! lost. Each test builds a small project in a temp folder and runs the real binary.
//!
//! - [`outputs`]: output paths that collide or that some file system cannot hold.
//! - [`gate`]: what `check` lets through: links, heading ids, raw HTML, file names.
//! - [`inputs`]: base URLs, control characters, huge lines and blocks, template errors,
//!   interrupted builds.

mod gate;
mod inputs;
mod outputs;

use std::path::PathBuf;

use crate::check::{check_json, Reported};
use crate::support::fixture::{Fixture, Output};

/// What `check --format json` and then `build` said about one project.
struct Outcome {
    check: Output,
    problems: Vec<Reported>,
    build: Output,
    out: PathBuf,
}

/// Runs `check --format json`, then `build`.
fn check_and_build(fixture: &Fixture) -> Outcome {
    let (check, problems) = check_json(fixture);
    let (build, out) = fixture.build();
    Outcome {
        check,
        problems,
        build,
        out,
    }
}

impl Outcome {
    /// `check` reports `kind` at `path:line:col` with `severity`, and `build` prints the same
    /// place and kind (a line of 0 is the whole file, printed as 1).
    fn assert_reported(&self, place: (&str, usize, usize), severity: &str, kind: &str) -> &Self {
        let (path, line, col) = place;
        let found = self.problems.iter().find(|p| {
            (p.path.as_str(), p.line, p.col) == place && p.kind == kind && p.severity == severity
        });
        assert!(
            found.is_some(),
            "check did not report {kind} at {path}:{line}:{col}: {:#?}",
            self.problems
        );
        let shown = format!("{path}:{}:{}: {severity}: ", line.max(1), col.max(1));
        assert!(
            self.build
                .stderr
                .lines()
                .any(|l| l.starts_with(&shown) && l.ends_with(&format!("[{kind}]"))),
            "build did not print `{shown}… [{kind}]`:\n{}",
            self.build.stderr
        );
        self
    }

    /// The exit codes: `check` 1 (it found something), `build` 2 with nothing written when
    /// an error stops it, 0 otherwise.
    fn assert_exits(&self, build_fails: bool) -> &Self {
        assert_eq!(self.check.code, 1, "{}", self.check.stderr);
        if build_fails {
            assert_eq!(self.build.code, 2, "{}", self.build.stderr);
            assert!(!self.out.exists(), "a failed build writes nothing");
        } else {
            assert_eq!(self.build.code, 0, "{}", self.build.stderr);
        }
        self
    }

    /// The problems of `kind`, as `path:line:col`.
    fn places(&self, kind: &str) -> Vec<String> {
        self.problems
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| format!("{}:{}:{}", p.path, p.line, p.col))
            .collect()
    }

    /// The message of the first problem of `kind`.
    fn message(&self, kind: &str) -> &str {
        let problem = self.problems.iter().find(|p| p.kind == kind);
        &problem
            .unwrap_or_else(|| panic!("no {kind}: {:#?}", self.problems))
            .message
    }
}

/// The first chapter of the default fixture, and its second.
const FIRST: &str = "content/01-mot/01-mo-dau.md";
const SECOND: &str = "content/01-mot/02-dong-bo.md";
