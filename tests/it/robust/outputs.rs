//! Output paths: reserved for what the site generates, checked for collisions (exact,
//! case-insensitive, file against folder) and for names some file system cannot hold, all
//! before anything is written.

use super::{check_and_build, FIRST, SECOND};
use crate::support::fixture::Fixture;

const BODY: &str = "## Một\n\nVăn bản.\n";

#[test]
fn chapters_may_not_take_the_names_of_generated_pages() {
    for slug in ["index", "404", "print", "INDEX"] {
        let fixture = Fixture::new();
        fixture.chapter("01-mot/01-mo-dau.md", "Mở đầu", slug, BODY);
        let outcome = check_and_build(&fixture);
        outcome
            .assert_exits(true)
            .assert_reported((FIRST, 3, 1), "error", "output-collision");
        assert!(
            outcome.message("output-collision").contains(".html"),
            "{slug}: {}",
            outcome.message("output-collision")
        );
    }
}

#[test]
fn static_files_may_not_replace_generated_files_or_pages() {
    let fixture = Fixture::new();
    for path in [
        "static/index.html",
        "static/02-dong-bo.html",
        "static/assets/search/meta.js",
        "static/.handbook-site",
    ] {
        fixture.write(path, "<h1>tĩnh</h1>");
    }
    let outcome = check_and_build(&fixture);
    outcome.assert_exits(true);
    for path in [
        "static/index.html",
        "static/02-dong-bo.html",
        "static/assets/search/meta.js",
        "static/.handbook-site",
    ] {
        outcome.assert_reported((path, 0, 0), "error", "output-collision");
    }
    assert_eq!(outcome.places("output-collision").len(), 4);
}

#[test]
fn slugs_differing_only_in_case_collide() {
    let fixture = Fixture::new();
    fixture.chapter("01-mot/02-dong-bo.md", "Đồng bộ hóa", "01-MO-DAU", BODY);
    let outcome = check_and_build(&fixture);
    outcome
        .assert_exits(true)
        .assert_reported((SECOND, 3, 1), "error", "output-collision");
    assert!(outcome.message("output-collision").contains("case"));
}

#[test]
fn names_no_file_system_can_hold_are_refused_before_writing() {
    let long = "a".repeat(300);
    for slug in [long.as_str(), "CON", "nul", "com1"] {
        let fixture = Fixture::new();
        fixture.chapter("01-mot/01-mo-dau.md", "Mở đầu", slug, BODY);
        let outcome = check_and_build(&fixture);
        outcome
            .assert_exits(true)
            .assert_reported((FIRST, 3, 1), "error", "output-name");
        assert!(
            !outcome.build.stderr.contains("os error"),
            "refused before writing:\n{}",
            outcome.build.stderr
        );
    }
    let fixture = Fixture::new();
    fixture
        .write("static/a?b.css", "")
        .write("static/aux.js", "");
    let outcome = check_and_build(&fixture);
    outcome
        .assert_exits(true)
        .assert_reported(("static/a?b.css", 0, 0), "error", "output-name")
        .assert_reported(("static/aux.js", 0, 0), "error", "output-name");
}

#[test]
fn a_file_where_the_site_needs_a_folder_collides() {
    let fixture = Fixture::new();
    fixture.write("static/assets/search", "một tệp, không phải thư mục");
    let outcome = check_and_build(&fixture);
    outcome.assert_exits(true).assert_reported(
        ("static/assets/search", 0, 0),
        "error",
        "output-collision",
    );
}
