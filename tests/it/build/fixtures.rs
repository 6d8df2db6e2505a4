//! Small fixture projects: error reports, output safety, heading ids.

use std::collections::BTreeMap;
use std::path::Path;

use super::{headings, read};
use crate::support::fixture::Fixture;
use crate::support::{files_under, html};

#[test]
fn fixture_project_builds_clean() {
    let fixture = Fixture::new();
    let (output, out) = fixture.build();
    output.assert_success();
    assert!(
        !output.stderr.contains("warning") && !output.stderr.contains("error"),
        "{}",
        output.stderr
    );
    let files = files_under(&out);
    for file in [
        "index.html",
        "01-mo-dau.html",
        "02-dong-bo.html",
        "print.html",
        "404.html",
        ".nojekyll",
        ".handbook-site",
        "assets/css/handbook.css",
    ] {
        assert!(
            files.contains(&file.to_owned()),
            "{file} missing: {files:?}"
        );
    }
    let first = read(&out.join("01-mo-dau.html"));
    assert!(
        first.contains("href=\"02-dong-bo.html#khoa\""),
        "a link to another chapter's .md is rewritten to its page"
    );
}

#[test]
fn broken_front_matter_is_reported_at_its_line_and_column() {
    let fixture = Fixture::new();
    fixture.write(
        "content/01-mot/01-mo-dau.md",
        "---\ntitle: Mở đầu\nslug: 01-mo-dau\nnumber: [1, 2\n---\n\n## Một\n",
    );
    let (output, _) = fixture.build();
    output.assert_failure();
    let line = output
        .stderr
        .lines()
        .find(|l| l.contains("content/01-mot/01-mo-dau.md:"))
        .unwrap_or_else(|| panic!("no located error:\n{}", output.stderr));
    let mut fields = line.split(':').skip(1);
    let (Some(row), Some(col)) = (fields.next(), fields.next()) else {
        panic!("{line}")
    };
    let (row, col): (usize, usize) = (
        row.parse().unwrap_or_else(|_| panic!("{line}")),
        col.parse().unwrap_or_else(|_| panic!("{line}")),
    );
    assert!(
        (4..=5).contains(&row),
        "the YAML error is on line 4 or 5 of the file, got {row}: {line}"
    );
    assert!(col >= 1, "{line}");
}

#[test]
fn missing_or_unclosed_front_matter_is_an_error() {
    let fixture = Fixture::new();
    fixture.write("content/01-mot/01-mo-dau.md", "## Không có front matter\n");
    let (output, _) = fixture.build();
    output.assert_failure();
    assert!(
        output.stderr.contains("content/01-mot/01-mo-dau.md:1:1:"),
        "{}",
        output.stderr
    );
    fixture.write(
        "content/01-mot/01-mo-dau.md",
        "---\ntitle: Mở đầu\nslug: 01-mo-dau\n\n## Một\n",
    );
    let (output, _) = fixture.build();
    output.assert_failure();
    assert!(
        output.stderr.contains("content/01-mot/01-mo-dau.md:"),
        "{}",
        output.stderr
    );
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let fixture = Fixture::new();
    let mut bytes =
        b"---\ntitle: x\nslug: 01-mo-dau\n---\n\n## Tie\xE1\xBB\x81u \n\nab\xFFcd\n".to_vec();
    bytes.extend_from_slice("Đồng bộ\n".as_bytes());
    fixture.write_bytes("content/01-mot/01-mo-dau.md", &bytes);
    let (output, _) = fixture.build();
    output.assert_failure();
    assert!(
        output.stderr.contains("content/01-mot/01-mo-dau.md:8:3:"),
        "expected line 8, column 3:\n{}",
        output.stderr
    );
    assert!(output.stderr.contains("UTF-8"), "{}", output.stderr);
}

#[test]
fn a_damaged_chapter_is_built_repaired_with_one_warning_counting_what_check_lists() {
    let fixture = Fixture::new();
    // `Đề` loses two bytes: two fixes at one place.
    let body = handbook::repair::damage("Đề xuất: ta gọi hàm rồi gửi yêu cầu.\n");
    fixture.write(
        "content/01-mot/01-mo-dau.md",
        &format!("---\ntitle: x\nslug: 01-mo-dau\n---\n\n{body}"),
    );
    let (output, out) = fixture.build();
    output.assert_success();
    let page = read(&out.join("01-mo-dau.html"));
    assert!(page.contains("Đề xuất: ta gọi hàm rồi gửi yêu cầu."));
    let warnings: Vec<&str> = output
        .stderr
        .lines()
        .filter(|l| l.contains("[mojibake]"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", output.stderr);
    assert!(
        warnings[0].starts_with("content/01-mot/01-mo-dau.md:6:1: warning:"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("handbook repair --write content/01-mot/01-mo-dau.md"));
    let checked = fixture.run(&["check"]);
    let listed = checked
        .stdout
        .lines()
        .filter(|l| l.ends_with("[mojibake]"))
        .count();
    assert!(listed >= 4, "{}", checked.stdout);
    assert!(
        warnings[0].contains(&format!(" at {listed} place(s))")),
        "{} / check:\n{}",
        warnings[0],
        checked.stdout
    );
}

#[test]
fn unknown_template_variable_is_reported_with_the_template_name() {
    let fixture = Fixture::new();
    let chapter = fixture.read("templates/chapter.html");
    let broken = chapter.replacen(
        "{% block main %}",
        "{% block main %}{{ page.no_such_variable }}",
        1,
    );
    assert_ne!(chapter, broken, "chapter.html has no main block");
    fixture.write("templates/chapter.html", &broken);
    let (output, out) = fixture.build();
    output.assert_failure();
    assert!(
        output.stderr.contains("chapter.html"),
        "the error should name the template:\n{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("no_such_variable"),
        "the error should name the variable:\n{}",
        output.stderr
    );
    assert!(!out.exists(), "nothing is written when a template fails");
}

#[test]
fn template_syntax_error_is_reported_with_the_template_name() {
    let fixture = Fixture::new();
    fixture.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
    );
    let (output, _) = fixture.build();
    output.assert_failure();
    assert!(output.stderr.contains("404.html"), "{}", output.stderr);
}

#[test]
fn a_missing_template_comes_from_the_built_in_theme_and_a_broken_one_is_reported() {
    let fixture = Fixture::new();
    std::fs::remove_file(fixture.root().join("templates/print.html")).unwrap();
    let (output, out) = fixture.build();
    output.assert_success();
    let print = std::fs::read_to_string(out.join("print.html")).unwrap();
    assert!(print.contains("class=\"print-book\""), "{print}");
    fixture.write(
        "templates/print.html",
        "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}",
    );
    let (output, _) = fixture.build();
    output.assert_failure();
    assert!(
        output.stderr.contains("print.html"),
        "the error should name the broken template:\n{}",
        output.stderr
    );
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap()))
        .collect()
}

#[test]
fn dangerous_output_folders_are_refused_and_nothing_is_deleted() {
    let fixture = Fixture::new();
    fixture.write("content/notes.txt", "giữ lại");
    let before = snapshot(fixture.dir());
    let root = fixture.root().to_str().unwrap().to_owned();
    let parent = fixture.dir().to_str().unwrap().to_owned();
    for out in [
        ".",
        "./",
        "..",
        "content",
        "content/site",
        "templates",
        "static",
        "static/assets",
        &root,
        &parent,
        "../book",
    ] {
        let output = fixture.run(&["build", "--out", out]);
        assert_ne!(
            output.code, 0,
            "--out {out} was accepted:\n{}",
            output.stderr
        );
        assert!(
            output.stderr.contains("refus"),
            "--out {out}: the error should say it refuses:\n{}",
            output.stderr
        );
        assert_eq!(snapshot(fixture.dir()), before, "--out {out} changed files");
    }
}

#[test]
fn failed_build_leaves_the_previous_site_intact() {
    let fixture = Fixture::new();
    let (output, out) = fixture.build();
    output.assert_success();
    let before = snapshot(&out);
    fixture.chapter("01-mot/01-mo-dau.md", "Mở đầu", "01-mo-dau", "## Đã sửa\n");
    fixture.write("content/01-mot/02-dong-bo.md", "---\ntitle: [hỏng\n---\n");
    let (output, _) = fixture.build();
    output.assert_failure();
    assert_eq!(snapshot(&out), before, "the previous site changed");
    let leftovers: Vec<String> = std::fs::read_dir(fixture.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "only book/ and public/ should be there: {leftovers:?}"
    );
}

#[test]
fn output_folder_not_made_by_handbook_is_refused() {
    let fixture = Fixture::new();
    let out = fixture.out();
    std::fs::create_dir_all(out.join("docs")).unwrap();
    std::fs::write(out.join("docs/luan-van.txt"), "bản thảo").unwrap();
    let (output, _) = fixture.build();
    output.assert_failure();
    assert!(
        output.stderr.contains(".handbook-site") || output.stderr.contains("not built by handbook"),
        "{}",
        output.stderr
    );
    assert_eq!(read(&out.join("docs/luan-van.txt")), "bản thảo");
    assert_eq!(files_under(&out), ["docs/luan-van.txt"]);
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::create_dir(&out).unwrap();
    fixture.build().0.assert_success();
}

#[test]
fn rebuild_replaces_the_site_and_drops_stale_pages() {
    let fixture = Fixture::new();
    fixture.chapter(
        "01-mot/03-tam-thoi.md",
        "Tạm thời",
        "03-tam-thoi",
        "## Sẽ bị xóa\n",
    );
    let (output, out) = fixture.build();
    output.assert_success();
    assert!(out.join("03-tam-thoi.html").is_file());
    std::fs::remove_file(fixture.root().join("content/01-mot/03-tam-thoi.md")).unwrap();
    let config = fixture
        .read("handbook.yaml")
        .replace("- 01-mot/03-tam-thoi.md\n", "");
    fixture.write("handbook.yaml", &config);
    fixture.build().0.assert_success();
    assert!(
        !out.join("03-tam-thoi.html").exists(),
        "a removed chapter's page is gone after a rebuild"
    );
    assert!(
        !read(&out.join("02-dong-bo.html")).contains("03-tam-thoi"),
        "no page links to it any more"
    );
}

/// The (id, text) of the h2/h3 headings of a built chapter.
fn chapter_headings(out: &Path, page: &str) -> Vec<(String, String)> {
    headings(&read(&out.join(page)))
        .into_iter()
        .filter(|(_, id, _)| !id.is_empty())
        .map(|(_, id, text)| (id, text))
        .collect()
}

#[test]
fn custom_heading_ids_are_honoured_and_duplicates_get_unique_ids() {
    let fixture = Fixture::new();
    let body = "## Giới thiệu {#mo-dau}\n\n## Ví dụ\n\n### Ví dụ\n\n## Ví dụ\n\n## Tóm tắt {#tom-tat .ghi-chu}\n\nXem [mở đầu](#mo-dau) và [ví dụ 2](#vi-du-1).\n";
    fixture.chapter("01-mot/03-id.md", "Định danh", "03-id", body);
    let (output, out) = fixture.build();
    output.assert_success();
    let ids: Vec<String> = chapter_headings(&out, "03-id.html")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["mo-dau", "vi-du", "vi-du-1", "vi-du-2", "tom-tat"]);
    let page = read(&out.join("03-id.html"));
    assert!(
        !page.contains("{#"),
        "the attribute syntax must not leak into the page"
    );
    let toc = html::element(&page, "<nav class=\"toc-side\"").expect("toc");
    for id in &ids {
        assert!(
            toc.contains(&format!("href=\"#{id}\"")),
            "the TOC lacks #{id}"
        );
        assert!(
            page.contains(&format!("class=\"anchor\" href=\"#{id}\"")),
            "no hover anchor for #{id}"
        );
    }
    let targets = html::ids(&page);
    for link in ["#mo-dau", "#vi-du-1"] {
        assert!(
            page.contains(&format!("href=\"{link}\"")) && targets.contains(&link[1..]),
            "{link}"
        );
    }
}

#[test]
fn vietnamese_heading_ids_drop_diacritics() {
    let fixture = Fixture::new();
    let body = "## Đồng bộ hóa\n\n## ĐỒNG BỘ & Bất đồng bộ\n\n## Người dùng: quyền truy cập\n\n### Ứng dụng thực tế (2025)\n\n## Ỷ lại, ữ ỹ\n";
    fixture.chapter(
        "01-mot/03-tieng-viet.md",
        "Tiếng Việt",
        "03-tieng-viet",
        body,
    );
    let (output, out) = fixture.build();
    output.assert_success();
    let ids: Vec<String> = chapter_headings(&out, "03-tieng-viet.html")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        ids,
        [
            "dong-bo-hoa",
            "dong-bo-bat-dong-bo",
            "nguoi-dung-quyen-truy-cap",
            "ung-dung-thuc-te-2025",
            "y-lai-u-y"
        ]
    );
}
