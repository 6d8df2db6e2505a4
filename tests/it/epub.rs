//! `handbook build --epub`: the book as one EPUB 3 file.
//!
//! The real handbook's EPUB, the test book of `tests/fixtures/author` (preface, sections,
//! appendices, formulas, images beside the chapters), the books `handbook init` writes in each
//! language, and one of a chapter full of awkward hand-written HTML pass epubcheck with no error
//! and no warning; each reads in `handbook.yaml`'s order; the same sources give the same bytes;
//! the home page links to the book only when it is built.
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

/// The slug of each page `handbook.yaml` lists at `root`, in reading order: the preface, then
/// each part's chapters, each followed by its sections. A page's slug is its front matter's
/// `slug:`, or its file name's stem.
fn listed_slugs(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("handbook.yaml")).expect("handbook.yaml");
    let config: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let mut files: Vec<String> = Vec::new();
    let mut add = |entry: &serde_yaml::Value| match entry.as_str() {
        Some(file) => files.push(file.to_owned()),
        None => {
            files.push(entry["file"].as_str().expect("file:").to_owned());
            let sections = entry["sections"].as_sequence().into_iter().flatten();
            files.extend(sections.map(|s| s.as_str().expect("a section").to_owned()));
        }
    };
    config["preface"]
        .as_sequence()
        .into_iter()
        .flatten()
        .for_each(&mut add);
    for part in config["parts"].as_sequence().expect("parts") {
        part["chapters"]
            .as_sequence()
            .into_iter()
            .flatten()
            .for_each(&mut add);
    }
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(root.join("content").join(file)).expect(file);
            let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
            let front = text
                .strip_prefix("---\n")
                .and_then(|t| t.split("\n---").next());
            let slug = front.and_then(|f| f.lines().find_map(|l| l.strip_prefix("slug:")));
            slug.map_or(stem.into_owned(), |s| s.trim().to_owned())
        })
        .collect()
}

/// Checks `epub` with epubcheck (when installed) and that it reads the pages that
/// `handbook.yaml` at `root` lists, in its order, between the title page and contents and the
/// font licences.
fn assert_valid_and_in_book_order(jar: Option<&Path>, root: &Path, epub: &Path) {
    if let Some(jar) = jar {
        let problems = epubcheck(jar, epub);
        assert!(
            problems.is_empty(),
            "epubcheck found in {}:\n{}",
            epub.display(),
            problems.join("\n")
        );
    }
    let slugs: Vec<String> = listed_slugs(root)
        .iter()
        .map(|slug| format!("{slug}.xhtml"))
        .collect();
    let order = spine(&entry(epub, "EPUB/content.opf"));
    assert_eq!(order[..2], ["title.xhtml", "nav.xhtml"]);
    assert_eq!(
        order[2..2 + slugs.len()],
        slugs[..],
        "pages in handbook.yaml's order"
    );
    assert_eq!(order[2 + slugs.len()..], ["fonts.xhtml"]);
}

#[test]
fn the_handbooks_epub_passes_epubcheck_and_reads_in_book_order() {
    let jar = epubcheck_or_skip();
    let dir = tempfile::tempdir().expect("temp dir");
    let epub = build_epub(&project_root(), &dir.path().join("public"))
        .join("lap-trinh-dong-bo-va-bat-dong-bo-trong-python.epub");
    assert_valid_and_in_book_order(jar.as_deref(), &project_root(), &epub);
    let opf = entry(&epub, "EPUB/content.opf");
    assert!(
        opf.contains("<dc:title id=\"edition\">Research &amp; Reference Edition 2025</dc:title>")
    );
    assert!(opf.contains("<dc:language>vi</dc:language>"));
}

#[test]
fn a_book_with_a_preface_sections_appendices_formulas_and_images_passes_epubcheck() {
    let jar = epubcheck_or_skip();
    let root = project_root().join("tests/fixtures/author/book");
    let dir = tempfile::tempdir().expect("temp dir");
    let epub = build_epub(&root, &dir.path().join("public")).join("nhap-mon-hoc-may.epub");
    assert_valid_and_in_book_order(jar.as_deref(), &root, &epub);
    let opf = entry(&epub, "EPUB/content.opf");
    assert!(
        opf.contains(
            "href=\"02-gradient.xhtml\" media-type=\"application/xhtml+xml\" properties=\"mathml"
        ),
        "formulas are MathML, declared: {opf}"
    );
    let files = entries(&epub);
    for embedded in [
        "EPUB/images/03-mang-no-ron/hinh/mang.png",
        "EPUB/images/01-hoi-quy/hinh/duong-hoi-quy.svg",
        "EPUB/fonts/latinmodern-math.woff2",
        "EPUB/fonts/GFL-LatinModernMath.txt",
    ] {
        assert!(
            files.contains(&embedded.to_owned()),
            "{embedded}: {files:?}"
        );
    }
    let nav = entry(&epub, "EPUB/nav.xhtml");
    assert!(
        nav.contains("<li><a href=\"01-hoi-quy.xhtml\">Chương 1: Hồi quy tuyến tính</a>\n<ol>\n"),
        "{nav}"
    );
    assert!(
        nav.contains("<li><a href=\"02-gradient.xhtml\">1.2 Hạ gradient</a>"),
        "{nav}"
    );
}

#[test]
fn the_books_that_init_writes_pass_epubcheck_in_their_language() {
    let jar = epubcheck_or_skip();
    let dir = tempfile::tempdir().expect("temp dir");
    for (language, name, download) in [
        ("vi", "sach-cua-toi.epub", "Tải sách EPUB"),
        ("en", "my-book.epub", "Download the EPUB"),
    ] {
        let root = dir.path().join(language);
        let output = handbook()
            .arg("init")
            .arg(&root)
            .args(["--language", language])
            .output()
            .expect("cannot run the handbook binary");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let out = build_epub(&root, &dir.path().join(format!("{language}-public")));
        assert_valid_and_in_book_order(jar.as_deref(), &root, &out.join(name));
        let opf = entry(&out.join(name), "EPUB/content.opf");
        assert!(
            opf.contains(&format!("<dc:language>{language}</dc:language>")),
            "{opf}"
        );
        let home = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(
            home.contains(&format!("href=\"{name}\"")) && home.contains(download),
            "{home}"
        );
    }
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
    assert!(!home.contains("Tải sách EPUB"), "no EPUB, no link");
    assert!(!out.join(FIXTURE_EPUB).exists());

    let output = fixture.run(&["build", "--epub", "--out", out.to_str().unwrap()]);
    output.assert_success();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains(&format!(
            "<a class=\"btn\" href=\"{FIXTURE_EPUB}\" type=\"application/epub+zip\" download>Tải sách EPUB</a>"
        )),
        "{home}"
    );
    assert!(out.join(FIXTURE_EPUB).is_file());
}
