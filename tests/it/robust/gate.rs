//! The `check` gate: links resolve only against the site, unsafe schemes and active raw HTML
//! are pointed out, heading ids are escaped wherever they are written and a repeated one is
//! a warning, and a file name that is not UTF-8 is reported with its (lossy) path.

use std::os::unix::ffi::OsStrExt;

use super::{check_and_build, FIRST, SECOND};
use crate::build::read;
use crate::support::fixture::Fixture;
use crate::support::{html, search_data};

/// The 1-based character column of `needle` in `line`.
fn col_of(line: &str, needle: &str) -> usize {
    line[..line.find(needle).unwrap()].chars().count() + 1
}

#[test]
fn custom_heading_ids_are_escaped_everywhere_and_a_repeat_is_a_warning() {
    let fixture = Fixture::new();
    let body =
        "## Khóa {#khoa}\n\nKhóa.\n\n## Y {#a\"onmouseover=\"alert(1)}\n\nChữ.\n\n## Lại {#khoa}\n";
    fixture.chapter("01-mot/02-dong-bo.md", "Đồng bộ hóa", "02-dong-bo", body);
    let outcome = check_and_build(&fixture);
    outcome
        .assert_exits(false)
        .assert_reported((SECOND, 14, 1), "warning", "duplicate-id");
    assert!(outcome.message("duplicate-id").contains("khoa-1"));
    let page = read(&outcome.out.join("02-dong-bo.html"));
    let print = read(&outcome.out.join("print.html"));
    assert!(
        page.contains("<h2 id=\"a&quot;onmouseover=&quot;alert(1)\">"),
        "the heading"
    );
    assert!(
        page.contains("href=\"#a&quot;onmouseover=&quot;alert(1)\""),
        "its anchor and the TOC"
    );
    assert!(print.contains("id=\"02-dong-bo--a&quot;onmouseover=&quot;alert(1)\""));
    let (_, text) = search_data(&std::fs::read(outcome.out.join("assets/search/text.js")).unwrap());
    // The sections ([id, heading, text]), before the pages' heads.
    let ids: Vec<serde_json::Value> = text
        .as_array()
        .unwrap()
        .iter()
        .filter(|value| value.as_array().unwrap().len() == 3)
        .map(|section| section[0].clone())
        .collect();
    assert!(
        ids.contains(&serde_json::json!("a\"onmouseover=\"alert(1)")),
        "the search index holds the id as a JSON string: {ids:?}"
    );
    for (name, html) in [("page", &page), ("print", &print)] {
        let handlers: Vec<_> = html::tags(html)
            .into_iter()
            .filter(|t| t.attrs.iter().any(|(a, _)| a.starts_with("on")))
            .map(|t| t.name)
            .collect();
        assert!(
            handlers.is_empty(),
            "{name}: elements with handlers {handlers:?}"
        );
    }
}

#[test]
fn links_resolve_only_against_the_site_and_unsafe_schemes_are_flagged() {
    let fixture = Fixture::new();
    fixture.write("zzz-exists.txt", "on the build machine only");
    let lines = [
        "[e](../handbook.yaml)",
        "[b](../../zzz-exists.txt)",
        "[h](../../../../../etc/hosts)",
        "[j](javascript:alert(1))",
        "[v](vbscript:msgbox)",
        "[d](data:text/html,<b>x</b>)",
        "[f](file:///etc/passwd)",
        "![ảnh](data:image/png;base64,iVBORw0KGgo=)",
        "## Tiêu đề [k](khong-co.md)",
        "## [j](javascript:alert(3))",
        "## Sang [chương sau](02-dong-bo.md#khoa)",
    ];
    fixture.chapter(
        "01-mot/01-mo-dau.md",
        "Mở đầu",
        "01-mo-dau",
        &lines.join("\n\n"),
    );
    let outcome = check_and_build(&fixture);
    outcome.assert_exits(false);
    for line in [6, 8, 10] {
        outcome.assert_reported((FIRST, line, 1), "warning", "broken-link");
    }
    for line in [12, 14, 16, 18] {
        outcome.assert_reported((FIRST, line, 1), "warning", "unsafe-link");
    }
    // Links in headings are checked and rewritten like any other.
    outcome.assert_reported((FIRST, 22, 12), "warning", "broken-link");
    outcome.assert_reported((FIRST, 24, 4), "warning", "unsafe-link");
    assert_eq!(outcome.problems.len(), 9, "{:#?}", outcome.problems);
    let page = read(&outcome.out.join("01-mo-dau.html"));
    assert!(
        page.contains("href=\"02-dong-bo.html#khoa\">chương sau</a>"),
        "rewritten in a heading"
    );
}

#[test]
fn raw_html_is_published_as_written_and_what_runs_code_is_pointed_out() {
    let fixture = Fixture::new();
    let mixed = "Chữ <a href=\"javascript:alert(2)\">x</a> và <span onclick=\"f()\">y</span>.";
    let body = format!(
        "<script>alert(1)</script>\n\n<img src=x onerror=\"alert(1)\">\n\n<iframe src=\"https://example.org\"></iframe>\n\n{mixed}\n\n<details><summary>Xem</summary>ổn</details>\n"
    );
    fixture.chapter("01-mot/01-mo-dau.md", "Mở đầu", "01-mo-dau", &body);
    let outcome = check_and_build(&fixture);
    outcome
        .assert_exits(false)
        .assert_reported((FIRST, 6, 1), "warning", "raw-html")
        .assert_reported((FIRST, 8, 12), "warning", "raw-html")
        .assert_reported((FIRST, 10, 1), "warning", "raw-html")
        .assert_reported((FIRST, 12, col_of(mixed, "href")), "warning", "raw-html")
        .assert_reported((FIRST, 12, col_of(mixed, "onclick")), "warning", "raw-html");
    assert_eq!(
        outcome.places("raw-html").len(),
        5,
        "{:#?}",
        outcome.problems
    );
    let page = read(&outcome.out.join("01-mo-dau.html"));
    assert!(
        page.contains("<script>alert(1)</script>"),
        "passed through by design"
    );
}

#[test]
fn file_names_that_are_not_utf8_are_reported_with_their_lossy_path() {
    let fixture = Fixture::new();
    let chapter = fixture
        .root()
        .join(std::ffi::OsStr::from_bytes(b"content/bad\xff.md"));
    std::fs::write(&chapter, "---\ntitle: x\nslug: x\n---\n").unwrap();
    let outcome = check_and_build(&fixture);
    outcome.assert_exits(false).assert_reported(
        ("content/bad\u{FFFD}.md", 0, 0),
        "warning",
        "file-name",
    );
    assert_eq!(outcome.problems.len(), 1, "{:#?}", outcome.problems);

    let fixture = Fixture::new();
    let asset = fixture
        .root()
        .join(std::ffi::OsStr::from_bytes(b"static/bad\xff.css"));
    std::fs::write(asset, "a{}").unwrap();
    let outcome = check_and_build(&fixture);
    outcome.assert_exits(true).assert_reported(
        ("static/bad\u{FFFD}.css", 0, 0),
        "error",
        "output-name",
    );
}
