//! Tests: a book written the way authors write — `handbook.yaml` and `content/` alone, chapters
//! with or without front matter, a preface, sections, files beside the chapters, formulas,
//! callouts and figures — built with the theme built into the binary.
//!
//! The book is tests/fixtures/author/book (Vietnamese prose about machine learning). Also:
//! [`init`]: `handbook init` in an empty folder; [`theme`]: the built-in theme, its languages
//! and a book's own files over it; [`browser`]: the book in Chromium under a sub-path.

mod browser;
mod init;
mod theme;

use std::path::{Path, PathBuf};

use crate::support::fixture::copy_dir;
use crate::support::{self, html};

/// A copy of the test book in a temp folder: (temp folder, book root).
fn book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("handbook-author-")
        .tempdir()
        .unwrap();
    let root = dir.path().join("book");
    copy_dir(
        &support::project_root().join("tests/fixtures/author/book"),
        &root,
    );
    (dir, root)
}

/// Runs the real binary with `args`; returns (exit code, stdout, stderr).
fn run(args: &[&str], root: &Path) -> (i32, String, String) {
    let output = support::handbook()
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run handbook");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Builds the book at `root` into `out`; panics with stderr on failure; returns stderr.
fn build(root: &Path, out: &Path) -> String {
    let (code, _, stderr) = run(&["build", "--out", out.to_str().unwrap()], root);
    assert_eq!(code, 0, "{stderr}");
    stderr
}

/// The pages of the book in reading order, as its handbook.yaml lists them.
const READING_ORDER: [&str; 9] = [
    "loi-noi-dau.html",
    "01-hoi-quy.html",
    "01-binh-phuong-toi-thieu.html",
    "02-gradient.html",
    "02-phan-loai.html",
    "03-mang-no-ron.html",
    "01-lan-truyen-nguoc.html",
    "chu-y.html",
    "phu-luc-ky-hieu.html",
];

/// The chapter files, in the same order.
const SOURCES: [&str; 9] = [
    "loi-noi-dau.md",
    "01-hoi-quy.md",
    "01-hoi-quy/01-binh-phuong-toi-thieu.md",
    "01-hoi-quy/02-gradient.md",
    "02-phan-loai.md",
    "03-mang-no-ron.md",
    "03-mang-no-ron/01-lan-truyen-nguoc.md",
    "04-co-che-chu-y.md",
    "phu-luc-ky-hieu.md",
];

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The prose of a page (its `<div class="prose">`), with code blocks and inline code cut out.
fn prose_outside_code(page: &str) -> String {
    let mut prose = html::element(page, "<div class=\"prose\"")
        .expect("a prose block")
        .to_owned();
    for (open, close) in [("<pre", "</pre>"), ("<code", "</code>")] {
        while let Some(start) = prose.find(open) {
            let end = prose[start..]
                .find(close)
                .map_or(prose.len(), |e| start + e + close.len());
            prose.replace_range(start..end, " ");
        }
    }
    prose
}

#[test]
fn the_book_builds_from_its_config_and_content_alone_with_every_file_beside_its_chapters() {
    let (dir, root) = book();
    assert!(!root.join("templates").exists() && !root.join("static").exists());
    let out = dir.path().join("public");
    let stderr = build(&root, &out);
    assert!(!stderr.contains("warning"), "{stderr}");
    for page in READING_ORDER {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    for file in [
        "01-hoi-quy/hinh/duong-hoi-quy.svg",
        "02-phan-loai/hinh/sigmoid.svg",
        "02-phan-loai/du-lieu/diem-thi.csv",
        "03-mang-no-ron/hinh/mang.png",
        "hinh/chu-y.svg",
        "assets/css/handbook.css",
        "assets/js/handbook.js",
        "assets/fonts/latinmodern-math.woff2",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let source = std::fs::read(root.join("content/03-mang-no-ron/hinh/mang.png")).unwrap();
    assert_eq!(
        std::fs::read(out.join("03-mang-no-ron/hinh/mang.png")).unwrap(),
        source
    );
    // Every image of every page names a file of the site.
    for page in READING_ORDER {
        for tag in html::tags(&read(&out, page))
            .iter()
            .filter(|t| t.name == "img")
        {
            let src = tag.attr("src").unwrap();
            let (target, _) = html::resolve(page, src).expect("an image inside the site");
            assert!(
                out.join(&target).is_file(),
                "{page}: image {src} does not load"
            );
        }
    }
}

#[test]
fn every_formula_is_mathml_and_no_latex_or_callout_marker_is_left_as_text() {
    let (dir, root) = book();
    let out = dir.path().join("public");
    build(&root, &out);
    let options = pulldown_cmark::Options::ENABLE_MATH | pulldown_cmark::Options::ENABLE_TABLES;
    let mut total = 0;
    for (page, source) in READING_ORDER.iter().zip(SOURCES) {
        let markdown = std::fs::read_to_string(root.join("content").join(source)).unwrap();
        let formulas = pulldown_cmark::Parser::new_ext(&markdown, options)
            .filter(|e| {
                matches!(
                    e,
                    pulldown_cmark::Event::InlineMath(_) | pulldown_cmark::Event::DisplayMath(_)
                )
            })
            .count();
        let html = read(&out, page);
        let prose = prose_outside_code(&html);
        assert_eq!(
            prose.matches("<math ").count(),
            formulas,
            "{page}: one <math> per formula"
        );
        let text = html::text(&prose);
        for leak in [
            "$",
            "\\frac",
            "\\hat",
            "\\sum",
            "\\mathcal",
            "[!NOTE]",
            "[!TIP]",
            "[!WARNING]",
            ":::",
        ] {
            assert!(!text.contains(leak), "{page}: `{leak}` is left as text");
        }
        assert!(
            !prose.contains("math-error"),
            "{page}: a formula did not convert"
        );
        total += formulas;
    }
    assert!(total > 40, "the book has {total} formulas");
}

#[test]
fn callouts_figures_preface_and_sections_are_where_the_reader_expects_them() {
    let (dir, root) = book();
    let out = dir.path().join("public");
    build(&root, &out);
    let least_squares = read(&out, "01-binh-phuong-toi-thieu.html");
    assert!(least_squares.contains("<div class=\"callout callout-warning\" role=\"note\">"));
    assert!(html::text(&least_squares).contains("Cảnh báo"));
    let figure = html::element(&least_squares, "<figure class=\"figure\"").expect("a figure");
    assert!(figure.contains("<figcaption>Nghiệm <math "), "{figure}");
    assert!(
        figure.contains("alt=\"Nghiệm w cho đường khớp nhất\""),
        "{figure}"
    );
    let classification = read(&out, "02-phan-loai.html");
    assert!(classification.contains("<figcaption>Hàm sigmoid</figcaption>"));
    // The title of a page without front matter is its `# ` heading, shown once.
    let title = html::element(&least_squares, "<h1 class=\"chapter-title\"").unwrap();
    assert!(
        html::text(title).contains("1.1")
            && html::text(title).contains("Nghiệm bình phương tối thiểu")
    );
    assert!(!prose_outside_code(&least_squares).contains("<h1"));
    // The sidebar nests sections under their chapter and marks the current page.
    let sidebar = html::element(&least_squares, "<nav id=\"hb-sidebar\"").unwrap();
    let nested = html::element(sidebar, "<ol class=\"nav-sections\"").expect("nested sections");
    assert!(
        nested.contains("href=\"01-binh-phuong-toi-thieu.html\" class=\"is-current\""),
        "{nested}"
    );
    assert!(
        nested.contains("<span class=\"nav-num\">1.2</span>"),
        "{nested}"
    );
    // Every page is in the navigation, and next links walk the whole book in reading order.
    for page in READING_ORDER {
        assert!(
            sidebar.contains(&format!("href=\"{page}\"")),
            "{page} is not in the navigation"
        );
    }
    let home = read(&out, "index.html");
    let mut at = html::tags(&home)
        .into_iter()
        .find(|t| t.has_class("btn-primary"))
        .and_then(|t| t.attr("href").map(str::to_owned))
        .expect("a start button");
    let mut walked = vec![at.clone()];
    while let Some(next) = html::tags(&read(&out, &at))
        .into_iter()
        .find(|t| t.name == "a" && t.attr("rel") == Some("next"))
        .and_then(|t| t.attr("href").map(str::to_owned))
    {
        walked.push(next.clone());
        at = next;
    }
    assert_eq!(walked, READING_ORDER);
    assert!(
        html::text(&home).contains("2 phần, 4 chương, 1 phụ lục"),
        "{}",
        html::text(&home)
    );
}

#[test]
fn check_passes_the_book_and_repair_leaves_its_chapters_alone() {
    let (_dir, root) = book();
    let (code, stdout, stderr) = run(&["check"], &root);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    let output = support::handbook()
        .args(["repair", "--check"])
        .arg(root.join("content"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_missing_image_or_a_broken_formula_warns_in_build_and_fails_check() {
    let (dir, root) = book();
    let chapter = root.join("content/02-phan-loai.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let broken = text.replace(
        "02-phan-loai/hinh/sigmoid.svg",
        "02-phan-loai/hinh/khong-co.svg",
    ) + "\nLệnh lạ: $\\mathscr{L}$.\n";
    std::fs::write(&chapter, broken).unwrap();
    let out = dir.path().join("public");
    let stderr = build(&root, &out);
    assert!(
        stderr.contains("content/02-phan-loai.md:8:1: warning: image"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[missing-image]") && stderr.contains("[math]"),
        "{stderr}"
    );
    let page = read(&out, "02-phan-loai.html");
    assert!(
        page.contains("<code class=\"math-error\""),
        "the formula is shown as its source"
    );
    let (code, stdout, _) = run(&["check", "--format", "json"], &root);
    assert_eq!(code, 1);
    let problems: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let found: Vec<(String, u64, String)> = problems
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_owned(),
                p["line"].as_u64().unwrap(),
                p["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("missing-image".to_owned(), 8, "error".to_owned()),
            ("math".to_owned(), 31, "error".to_owned())
        ]
    );
}

#[test]
fn handbook_yaml_problems_are_reported_where_they_are_written() {
    let (_dir, root) = book();
    let config = std::fs::read_to_string(root.join("handbook.yaml")).unwrap();
    std::fs::write(
        root.join("handbook.yaml"),
        config.replace("language: vi", "language: fr"),
    )
    .unwrap();
    let (code, stdout, _) = run(&["check"], &root);
    assert_eq!(code, 2);
    assert!(
        stdout.starts_with("handbook.yaml:4:11: error: the interface has no texts in `fr`"),
        "{stdout}"
    );
    let moved = config.replace("- 02-phan-loai.md", "- 02-phan-loai-cu.md");
    std::fs::write(root.join("handbook.yaml"), moved).unwrap();
    let (code, stdout, _) = run(&["check"], &root);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("handbook.yaml:15:9: error: the configuration lists `02-phan-loai-cu.md`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/02-phan-loai.md:1:1: warning: this chapter is not listed"),
        "{stdout}"
    );
}
