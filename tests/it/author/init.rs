//! `handbook init` in an empty folder: the book it writes builds, checks clean and serves.

use std::time::Duration;

use super::run;
use crate::serve::client::Server;
use crate::support::{self, html};

fn init(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let output = support::handbook()
        .arg("init")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn init_writes_a_book_that_builds_checks_clean_and_serves() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("sach");
    let (code, stderr) = init(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    let files = support::files_under(&root);
    assert_eq!(
        files,
        [
            "content/01-bat-dau.md",
            "content/02-viet-chuong.md",
            "content/02-viet-chuong/01-cong-thuc-va-hinh.md",
            "content/02-viet-chuong/hinh/so-do.svg",
            "handbook.yaml",
        ]
    );
    let (code, stdout, stderr) = run(&["check"], &root);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    let out = tmp.path().join("public");
    let stderr = super::build(&root, &out);
    assert!(!stderr.contains("warning"), "{stderr}");
    let section = std::fs::read_to_string(out.join("01-cong-thuc-va-hinh.html")).unwrap();
    assert!(section.contains("<math display=\"block\">") && section.contains("<figcaption>"));
    assert!(out.join("02-viet-chuong/hinh/so-do.svg").is_file());

    let server = Server::start(&root, "/sach/");
    let page = server.page("01-cong-thuc-va-hinh.html");
    assert_eq!(page.status, 200, "{}", server.stderr());
    assert!(page.text().contains("<math display=\"inline\">"));
    assert_eq!(server.page("02-viet-chuong/hinh/so-do.svg").status, 200);
    // A new image beside a chapter is served as soon as the chapter shows it.
    std::fs::write(
        root.join("content/hinh-moi.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let chapter = root.join("content/01-bat-dau.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text + "\n![Hình mới](hinh-moi.svg)\n").unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while server.page("hinh-moi.svg").status != 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "the new image was never served: {}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let (code, stderr) = init(&root, &[]);
    assert_eq!(code, 2, "init refuses a folder that holds a book");
    assert!(stderr.contains("already holds a book"), "{stderr}");
}

#[test]
fn init_in_english_gives_an_english_book_and_interface() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    let (code, stderr) = init(&root, &["--language", "en"]);
    assert_eq!(code, 0, "{stderr}");
    let out = tmp.path().join("public");
    super::build(&root, &out);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<html lang=\"en\""), "{home}");
    let text = html::text(&home);
    for words in [
        "Start reading",
        "1 part, 2 chapters",
        "Contents",
        "Getting started",
    ] {
        assert!(text.contains(words), "`{words}` missing from the home page");
    }
    let section = std::fs::read_to_string(out.join("01-formulas-and-figures.html")).unwrap();
    assert!(
        section.contains("Chapter 2"),
        "the section names its chapter"
    );
    assert!(
        html::text(&section).contains("Note"),
        "the callout is titled in English"
    );
}
