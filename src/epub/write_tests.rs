use std::io::{Cursor, Read};

use super::*;

fn no_files(_: &str) -> Option<Vec<u8>> {
    None
}

fn book() -> Book {
    let chapter = |label: &str, slug: &str, html: &str| Chapter {
        label: label.into(),
        title: format!("Tiêu đề {slug}"),
        slug: slug.into(),
        html: html.into(),
    };
    Book {
        meta: Metadata {
            title: "Sách".into(),
            language: "vi".into(),
            modified: 1_735_689_600,
            ..Metadata::default()
        },
        parts: vec![
            Part {
                label: "Phần I".into(),
                title: "Một".into(),
                appendix: false,
                chapters: vec![
                    chapter(
                        "Chương 1",
                        "nav",
                        r##"<h2 id="a">A</h2><p><a href="hai.html#b">2</a></p>"##,
                    ),
                    chapter("Chương 2", "hai", r#"<h2 id="b">B</h2><svg><g/></svg>"#),
                ],
            },
            Part {
                label: "Phụ lục".into(),
                title: String::new(),
                appendix: true,
                chapters: vec![chapter("Phụ lục A", "hai", "<p>x</p>")],
            },
        ],
        site_css: "@font-face { font-family: F; src: url(../fonts/f.woff2); }".into(),
        code_css: ".code .hl-keyword { color: red }".into(),
        fonts: vec![Asset {
            name: "f.woff2".into(),
            bytes: vec![1],
        }],
        licences: vec![Asset {
            name: "OFL.txt".into(),
            bytes: b"licence".to_vec(),
        }],
    }
}

fn unzip(bytes: Vec<u8>) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (
                file.name().to_owned(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect()
}

#[test]
fn writes_every_document_in_reading_order() {
    let files = unzip(write(&book(), &no_files).unwrap());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "mimetype",
            "META-INF/container.xml",
            "EPUB/content.opf",
            "EPUB/title.xhtml",
            "EPUB/nav.xhtml",
            // A slug that is the name of a document the book adds, and a repeated one, are
            // given names of their own.
            "EPUB/nav-2.xhtml",
            "EPUB/hai.xhtml",
            "EPUB/hai-2.xhtml",
            "EPUB/fonts.xhtml",
            "EPUB/css/book.css",
            "EPUB/css/code.css",
            "EPUB/fonts/f.woff2",
            "EPUB/fonts/OFL.txt",
        ]
    );
    let text = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
    assert!(text("EPUB/nav-2.xhtml").contains(r##"<a href="hai.xhtml#b">2</a>"##));
    assert!(text("EPUB/hai-2.xhtml").contains("epub:type=\"appendix\""));
    let opf = text("EPUB/content.opf");
    assert!(
        opf.contains("href=\"hai.xhtml\" media-type=\"application/xhtml+xml\" properties=\"svg\"")
    );
    assert!(opf.contains("href=\"fonts/f.woff2\" media-type=\"font/woff2\""));
    assert!(text("EPUB/css/book.css")
        .starts_with("@font-face { font-family: F; src: url(\"../fonts/f.woff2\"); }"));
    assert!(text("EPUB/fonts.xhtml").contains("<pre class=\"licence\">licence</pre>"));
}

#[test]
fn a_book_without_chapters_is_refused() {
    let empty = Book {
        parts: Vec::new(),
        ..book()
    };
    assert!(matches!(write(&empty, &no_files), Err(EpubError::Empty)));
}

#[test]
fn a_missing_title_or_language_gets_a_placeholder() {
    let mut untitled = book();
    untitled.meta.title = " ".into();
    untitled.meta.language = String::new();
    let files = unzip(write(&untitled, &no_files).unwrap());
    let opf = &files
        .iter()
        .find(|(n, _)| n == "EPUB/content.opf")
        .unwrap()
        .1;
    assert!(opf.contains("<dc:title id=\"title\">Sách</dc:title>"));
    assert!(opf.contains("<dc:language>und</dc:language>"));
}
