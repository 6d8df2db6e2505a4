//! Careless input that used to pass or fail in the wrong way: a book with no page, empty
//! titles, notes and drafts left in content/, files saved with old Mac line ends, and the
//! configuration's mistakes, each reported at the line of its value, the same in `build` and
//! `check`.

use super::{check_and_build, FIRST};
use crate::build::read;
use crate::check::check_json;
use crate::support::files_under;
use crate::support::fixture::Fixture;

/// `handbook.yaml` is refused at `line:col` by `check` (exit 2, one JSON diagnostic of kind
/// `config`) and by `build` (exit 2), and the message says `needle`.
fn assert_config_error(fixture: &Fixture, (line, col): (usize, usize), needle: &str) {
    let (check, problems) = check_json(fixture);
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert_eq!(
        (p.path.as_str(), p.line, p.col, p.kind.as_str()),
        ("handbook.yaml", line, col, "config"),
        "{problems:#?}"
    );
    assert!(p.message.contains(needle), "{}", p.message);
    let (build, _) = fixture.build();
    assert_eq!(build.code, 2, "{}", build.stderr);
    let shown = format!("handbook.yaml:{line}:{col}: error: ");
    assert!(
        build.stderr.lines().any(|l| l.starts_with(&shown)),
        "build did not print `{shown}`:\n{}",
        build.stderr
    );
}

#[test]
fn a_book_with_no_page_is_an_error_and_the_previous_site_stays() {
    let fixture = Fixture::new();
    let (build, out) = fixture.build();
    build.assert_success();
    let files = files_under(&out);
    let home = read(&out.join("index.html"));
    let head = "title: Sổ tay\nlanguage: vi\n";
    for (config, at) in [
        (format!("{head}parts: []\n"), (3, 8)),
        (format!("{head}parts:\n"), (3, 6)),
        (format!("{head}preface: []\n"), (3, 10)),
    ] {
        fixture.write("handbook.yaml", &config);
        assert_config_error(&fixture, at, "lists no page");
        assert_eq!(files_under(&out), files, "{config}");
        assert_eq!(read(&out.join("index.html")), home, "{config}");
    }
}

#[test]
fn a_part_needs_a_title_and_a_chapter() {
    let fixture = Fixture::new();
    let listed = "  chapters:\n  - 01-mot/01-mo-dau.md\n  - 01-mot/02-dong-bo.md\n";
    let head = "title: Sổ tay\nparts:\n";
    for (config, at, needle) in [
        (
            format!("{head}- title: ''\n{listed}"),
            (3, 10),
            "must not be empty",
        ),
        (
            format!("{head}- title: '  '\n{listed}"),
            (3, 10),
            "must not be empty",
        ),
        (
            format!("{head}- title: Một\n{listed}- title: Hai\n  chapters: []\n"),
            (8, 13),
            "lists no chapter",
        ),
        (
            "title: ''\nparts:\n- title: Một\n".to_owned() + listed,
            (1, 8),
            "must not be empty",
        ),
    ] {
        fixture.write("handbook.yaml", &config);
        assert_config_error(&fixture, at, needle);
    }
}

#[test]
fn configuration_mistakes_are_reported_at_their_value() {
    let fixture = Fixture::new();
    let head = "title: Sổ tay\nparts:\n- title: Một\n  chapters:\n  - 01-mot/01-mo-dau.md\n";
    for (last, at, needle) in [
        ("  - 01-mot/01-mo-dau.md\n", (6, 5), "listed twice"),
        ("  - ../ngoai.md\n", (6, 5), "inside content/"),
        ("  - 01-mot/ghi-chu.txt\n", (6, 5), "Markdown file"),
        (
            "  - file: 01-mot/02-dong-bo.md\n    sections: [../x.md]\n",
            (7, 16),
            "inside content/",
        ),
        (
            "  - file: 01-mot/02-dong-bo.md\n    sectoins: []\n",
            (7, 5),
            "sectoins",
        ),
        ("  - 42\n", (6, 5), "a chapter file"),
        ("  appendix: maybe\n", (6, 13), "boolean"),
    ] {
        fixture.write("handbook.yaml", &format!("{head}{last}"));
        assert_config_error(&fixture, at, needle);
        let (check, problems) = check_json(&fixture);
        assert!(
            !problems[0].message.contains(" at line "),
            "the place is given once: {}",
            check.stdout
        );
    }
    fixture.write("handbook.yaml", &format!("language: fr\n{head}"));
    assert_config_error(&fixture, (1, 11), "`fr`");
}

#[test]
fn an_empty_title_in_a_chapter_is_an_error_at_its_line() {
    for (text, at) in [
        ("---\nslug: 01-mo-dau\ntitle: ''\n---\n\nVăn bản.\n", (3, 8)),
        ("---\nslug: 01-mo-dau\n---\n\n#\n\nVăn bản.\n", (5, 1)),
    ] {
        let fixture = Fixture::new();
        fixture.write(FIRST, text);
        let outcome = check_and_build(&fixture);
        outcome
            .assert_exits(true)
            .assert_reported((FIRST, at.0, at.1), "error", "front-matter");
        assert!(outcome.message("front-matter").contains("empty"));
    }
}

#[test]
fn files_left_unlisted_in_content_never_fail_the_build() {
    let fixture = Fixture::new();
    fixture
        .write(
            "content/README.md",
            "Ghi chú cho người viết, không có tiêu đề.\n",
        )
        .write("content/nhap/hong.md", "---\ntitle: [chưa đóng\n---\n")
        .write("content/nhap/trang.md", "---\nslug: a b\n---\n# Bìa\n")
        .write_bytes("content/nhap/latin.md", b"# Caf\xE9\n")
        // A draft taking the slug of a published chapter: only one of them is published.
        .write("content/nhap/01-mo-dau.md", "# Bản nháp\n");
    let outcome = check_and_build(&fixture);
    outcome.assert_exits(false);
    for (path, line, col) in [
        ("content/README.md", 1, 1),
        ("content/nhap/hong.md", 2, 8),
        ("content/nhap/trang.md", 2, 7),
        ("content/nhap/latin.md", 1, 6),
        ("content/nhap/01-mo-dau.md", 1, 1),
    ] {
        outcome.assert_reported((path, line, col), "warning", "unlisted-chapter");
    }
    assert!(
        outcome
            .problems
            .iter()
            .all(|p| p.kind == "unlisted-chapter" && p.severity == "warning"),
        "{:#?}",
        outcome.problems
    );
    let unlisted = outcome.places("unlisted-chapter");
    assert_eq!(unlisted.len(), 5, "{unlisted:?}");
    let page = read(&outcome.out.join("01-mo-dau.html"));
    assert!(page.contains("Mở đầu") && !page.contains("Bản nháp"));
    let published = files_under(&outcome.out).join("\n");
    assert!(
        !published.contains("README") && !published.contains("hong"),
        "{published}"
    );
}

#[test]
fn a_file_with_old_mac_line_ends_is_read_line_by_line() {
    let fixture = Fixture::new();
    let lines = [
        "---",
        "title: Dòng cũ",
        "slug: 01-mo-dau",
        "---",
        "",
        "## Mục một",
        "",
        "Xem [chỗ khác](khong-co.md).",
    ];
    fixture.write(FIRST, &(lines.join("\r") + "\r"));
    let outcome = check_and_build(&fixture);
    outcome
        .assert_exits(false)
        .assert_reported((FIRST, 8, 5), "warning", "broken-link");
    assert_eq!(outcome.problems.len(), 1, "{:#?}", outcome.problems);
    let page = read(&outcome.out.join("01-mo-dau.html"));
    assert!(
        page.contains("<title>Chương 1: Dòng cũ"),
        "the front matter is read"
    );
    assert!(page.contains("<h2 id=\"muc-mot\">Mục một"), "{page}");
    assert!(!page.contains("slug:"), "the front matter is not shown");
}

#[test]
fn build_and_check_place_a_missing_chapter_and_a_duplicate_slug_alike() {
    let fixture = Fixture::new();
    fixture.chapter("01-mot/03-ba.md", "Ba", "02-dong-bo", "Văn bản.\n");
    let config = fixture.read("handbook.yaml");
    fixture.write(
        "handbook.yaml",
        &format!("{config}  - 01-mot/04-khong-co.md\n"),
    );
    let line = config.lines().count() + 1;
    let outcome = check_and_build(&fixture);
    outcome
        .assert_exits(true)
        .assert_reported(("handbook.yaml", line, 5), "error", "missing-chapter")
        .assert_reported(("content/01-mot/03-ba.md", 3, 1), "error", "duplicate-slug");
}
