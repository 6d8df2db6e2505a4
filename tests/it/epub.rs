//! `handbook build --epub`: the book as one EPUB 3 file.
//!
//! The real handbook's EPUB, and one of a chapter full of awkward hand-written HTML, pass
//! epubcheck with no error and no warning; the book reads in `handbook.yaml`'s order; the same
//! sources give the same bytes; the home page links to the book only when it is built.
//!
//! epubcheck is Debian's package (`java -jar /usr/share/java/epubcheck.jar`). The tests that run
//! it skip with a `SKIPPED:` line when it or Java is missing, and fail instead when
//! `HANDBOOK_REQUIRE_BROWSER=1` (as CI runs them).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::browser::{skip_notice, REQUIRE_ENV};
use crate::support::fixture::Fixture;
use crate::support::{handbook, project_root};

/// Where Debian's `epubcheck` package puts the checker.
const EPUBCHECK_JAR: &str = "/usr/share/java/epubcheck.jar";
/// Overrides [`EPUBCHECK_JAR`] (e.g. to try the skip path: `HANDBOOK_EPUBCHECK=/nonexistent`).
const EPUBCHECK_ENV: &str = "HANDBOOK_EPUBCHECK";

/// The fixture's title as a file name.
const FIXTURE_EPUB: &str = "so-tay-thu-nghiem.epub";

/// The epubcheck jar, when it and Java are installed. Prints a `SKIPPED:` line otherwise, or
/// panics when `HANDBOOK_REQUIRE_BROWSER=1`.
fn epubcheck_or_skip() -> Option<PathBuf> {
    let jar = PathBuf::from(std::env::var(EPUBCHECK_ENV).unwrap_or_else(|_| EPUBCHECK_JAR.into()));
    let java = Command::new("java").arg("-version").output();
    let missing = match (jar.is_file(), java.is_ok_and(|o| o.status.success())) {
        (true, true) => return Some(jar),
        (false, _) => format!("epubcheck not found at {}", jar.display()),
        (true, false) => "java not found".to_owned(),
    };
    let required = std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1");
    assert!(
        !required,
        "{missing} and {REQUIRE_ENV}=1: install Debian's `epubcheck` package"
    );
    skip_notice(&format!(
        "SKIPPED: {missing} (`apt-get install epubcheck`); set {REQUIRE_ENV}=1 to fail instead\n"
    ));
    None
}

/// Runs epubcheck on `epub` and returns every fatal error, error and warning, one per line.
fn epubcheck(jar: &Path, epub: &Path) -> Vec<String> {
    let report = tempfile::NamedTempFile::new().expect("temp file");
    let output = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(epub)
        .arg("--json")
        .arg(report.path())
        .output()
        .expect("cannot run java");
    let text = std::fs::read_to_string(report.path()).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "epubcheck wrote no report ({e}); it said:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let checker = &json["checker"];
    assert!(
        checker["nFatal"].is_u64(),
        "not an epubcheck report: {text}"
    );
    let problems: Vec<String> = json["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| matches!(m["severity"].as_str(), Some("FATAL" | "ERROR" | "WARNING")))
        .map(|m| {
            let at = &m["locations"][0];
            format!(
                "{} {} {}:{}:{}: {}",
                m["severity"], m["ID"], at["path"], at["line"], at["column"], m["message"]
            )
        })
        .collect();
    let counted = ["nFatal", "nError", "nWarning"]
        .iter()
        .map(|k| checker[k].as_u64().unwrap_or(0))
        .sum::<u64>();
    assert_eq!(counted as usize, problems.len(), "{text}");
    problems
}

/// Runs `handbook build --epub` on the project at `root` into `out`, with the book's date
/// fixed; returns `out`.
fn build_epub(root: &Path, out: &Path) -> PathBuf {
    let output = handbook()
        .env("SOURCE_DATE_EPOCH", "1735689600")
        .args(["build", "--epub", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .expect("cannot run the handbook binary");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    out.to_path_buf()
}

/// The text of `name` inside the zip at `epub`.
fn entry(epub: &Path, name: &str) -> String {
    let file = std::fs::File::open(epub).unwrap_or_else(|e| panic!("{}: {e}", epub.display()));
    let mut archive = zip::ZipArchive::new(file).expect("the EPUB is a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .expect("UTF-8 entry");
    text
}

/// Every entry of the zip at `epub`, in order.
fn entries(epub: &Path) -> Vec<String> {
    let file = std::fs::File::open(epub).expect("the EPUB");
    let mut archive = zip::ZipArchive::new(file).expect("the EPUB is a zip");
    (0..archive.len())
        .map(|i| archive.by_index(i).expect("entry").name().to_owned())
        .collect()
}

/// The documents of the spine, in reading order, from a package document.
fn spine(opf: &str) -> Vec<String> {
    let href_of = |id: &str| {
        let item = opf
            .split("<item ")
            .find(|i| i.contains(&format!("id=\"{id}\"")))
            .unwrap_or_else(|| panic!("no item {id}"));
        let start = item.find("href=\"").expect("href") + 6;
        item[start..start + item[start..].find('"').unwrap()].to_owned()
    };
    opf.split("<itemref idref=\"")
        .skip(1)
        .map(|s| href_of(&s[..s.find('"').unwrap()]))
        .collect()
}

#[test]
fn the_handbooks_epub_passes_epubcheck_and_reads_in_book_order() {
    let Some(jar) = epubcheck_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let epub = build_epub(&project_root(), &dir.path().join("public"))
        .join("lap-trinh-dong-bo-va-bat-dong-bo-trong-python.epub");
    let problems = epubcheck(&jar, &epub);
    assert!(
        problems.is_empty(),
        "epubcheck found:\n{}",
        problems.join("\n")
    );

    let config: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(project_root().join("handbook.yaml")).unwrap(),
    )
    .unwrap();
    let chapters = config["parts"].as_sequence().unwrap().iter().flat_map(|p| {
        p["chapters"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
    });
    let slugs: Vec<String> = chapters
        .map(|path| {
            let text = std::fs::read_to_string(project_root().join("content").join(&path)).unwrap();
            let slug = text
                .lines()
                .find_map(|l| l.strip_prefix("slug:"))
                .expect("a slug");
            format!("{}.xhtml", slug.trim())
        })
        .collect();
    let order = spine(&entry(&epub, "EPUB/content.opf"));
    assert_eq!(order[..2], ["title.xhtml", "nav.xhtml"]);
    assert_eq!(
        order[2..2 + slugs.len()],
        slugs[..],
        "chapters in handbook.yaml's order"
    );
    assert_eq!(order.last().map(String::as_str), Some("fonts.xhtml"));
}

/// A chapter as an author might write it by hand: obsolete, unknown and unsafe elements,
/// misnested tags, ids that are no XML names or are repeated, links to pages outside the book
/// and to anchors that do not exist, images that exist and that do not.
const AWKWARD: &str = r##"## 1. Mở đầu

<div id="1-mo-dau">Khối trùng id với tiêu đề.</div>
<p id="a b">Id có dấu cách.</p>
<center><font color="red">Thẻ cũ</font></center>
<script>alert(1)</script>
<button onclick="alert(2)">Bấm</button>
<my-widget data-x="1">Thẻ lạ</my-widget>
<iframe src="https://example.org/"></iframe>

<p>Đoạn <b>chưa đóng <i>lồng sai</b></i>

<table border="1"><tr><td align="center">ô<td>thiếu thẻ đóng</table>

Ảnh có thật: <img src="favicon.svg" alt="Biểu tượng" loading="lazy"> và ảnh không có: <img src="/assets/khong-co.png" alt="Ảnh thiếu">.

Liên kết: [trang chủ](index.html), [bản in](print.html#x), [chương 2](02-dong-bo.md),
[mục](#1-mo-dau), [chỗ](#a%20b), <a href="javascript:alert(3)">js</a>, <a href="https://example.org/a b">web</a>.

- [x] việc đã xong
- [ ] việc chưa xong

Chú thích[^n].

[^n]: Nội dung chú thích.
"##;

#[test]
fn awkward_hand_written_html_still_passes_epubcheck() {
    let fixture = Fixture::new();
    fixture.chapter("01-mot/03-vung-ve.md", "Vụng về", "03-vung-ve", AWKWARD);
    let out = fixture.out();
    let output = fixture.run(&["build", "--epub", "--out", out.to_str().unwrap()]);
    output.assert_success();
    let epub = out.join(FIXTURE_EPUB);
    let chapter = entry(&epub, "EPUB/03-vung-ve.xhtml");
    assert!(
        !chapter.contains("alert("),
        "scripts and handlers are gone:\n{chapter}"
    );
    assert!(
        chapter.contains("<img src=\"images/favicon.svg\" alt=\"Biểu tượng\"/>"),
        "{chapter}"
    );
    assert!(
        chapter.contains("<span class=\"image-missing\">Ảnh thiếu</span>"),
        "{chapter}"
    );
    assert!(entries(&epub).contains(&"EPUB/images/favicon.svg".to_owned()));
    let Some(jar) = epubcheck_or_skip() else {
        return;
    };
    let problems = epubcheck(&jar, &epub);
    assert!(
        problems.is_empty(),
        "epubcheck found:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_same_sources_give_the_same_epub() {
    let fixture = Fixture::new();
    let build = |out: &str| build_epub(fixture.root(), &fixture.dir().join(out)).join(FIXTURE_EPUB);
    let (first, second) = (build("a"), build("b"));
    let bytes = |p: &Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    assert!(bytes(&first) == bytes(&second), "two builds differ");
    let opf = entry(&first, "EPUB/content.opf");
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2025-01-01T00:00:00Z</meta>"),
        "{opf}"
    );
    assert!(opf.contains("<dc:language>vi</dc:language>"), "{opf}");
    assert_eq!(entries(&first)[..2], ["mimetype", "META-INF/container.xml"]);
}

#[test]
fn the_home_page_links_to_the_epub_only_when_it_is_built() {
    let fixture = Fixture::new();
    let (output, out) = fixture.build();
    output.assert_success();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains(".epub"), "no EPUB, no link");
    assert!(!out.join(FIXTURE_EPUB).exists());

    let output = fixture.run(&["build", "--epub", "--out", out.to_str().unwrap()]);
    output.assert_success();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(&format!("href=\"{FIXTURE_EPUB}\"")), "{home}");
    assert!(out.join(FIXTURE_EPUB).is_file());
}
