//! The whole writer: a small book in, the files of the zip out.

use std::io::{Cursor, Read};

use super::book::{Asset, Book, EpubError, Kind, Metadata, Page, Part};
use super::write::write;
use crate::ui::Ui;

fn no_files(_: &str) -> Option<Vec<u8>> {
    None
}

fn page(kind: Kind, label: &str, slug: &str, html: &str) -> Page {
    Page {
        kind,
        label: label.into(),
        title: format!("Tiêu đề {slug}"),
        url: format!("{slug}.html"),
        html: html.into(),
        sections: Vec::new(),
    }
}

fn asset(name: &str, bytes: &[u8]) -> Asset {
    Asset {
        name: name.into(),
        bytes: bytes.to_vec(),
    }
}

fn book() -> Book {
    let mut first = page(
        Kind::Chapter,
        "Chương 1",
        "nav",
        r##"<h2 id="a">A</h2><p><a href="hai.html#b">2</a> <a href="mot-mot.html">1.1</a></p>"##,
    );
    first.sections = vec![page(
        Kind::Section,
        "1.1",
        "mot-mot",
        r#"<p><math><mi>x</mi></math></p>"#,
    )];
    Book {
        meta: Metadata {
            title: "Sách".into(),
            language: "vi".into(),
            modified: 1_735_689_600,
            ..Metadata::default()
        },
        ui: Ui::for_language("vi").unwrap(),
        front: vec![page(Kind::Preface, "", "loi-noi-dau", "<p>Chào</p>")],
        parts: vec![
            Part {
                label: "Phần I".into(),
                title: "Một".into(),
                chapters: vec![
                    first,
                    page(
                        Kind::Chapter,
                        "Chương 2",
                        "hai",
                        r#"<h2 id="b">B</h2><svg><g/></svg>"#,
                    ),
                ],
            },
            Part {
                label: "Phụ lục".into(),
                title: String::new(),
                chapters: vec![page(Kind::Appendix, "Phụ lục A", "hai", "<p>x</p>")],
            },
        ],
        site_css: "@font-face { font-family: F; src: url(../fonts/f.woff2); }\n\
                   @font-face { font-family: \"F Math\"; src: url(../fonts/m.woff2); }"
            .into(),
        code_css: ".code .hl-keyword { color: red }".into(),
        fonts: vec![asset("f.woff2", &[1]), asset("m.woff2", &[2])],
        licences: vec![
            asset("OFL-F.txt", b"licence"),
            asset("OFL-M.txt", b"math licence"),
        ],
    }
}

fn unzip(bytes: Vec<u8>) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            let name = file.name().to_owned();
            (name, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

fn text<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    let found = files.iter().find(|(n, _)| n == name);
    &found.unwrap_or_else(|| panic!("no {name}")).1
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
            "EPUB/loi-noi-dau.xhtml",
            // A slug that is the name of a document the book adds, and a repeated one, are
            // given names of their own.
            "EPUB/nav-2.xhtml",
            "EPUB/mot-mot.xhtml",
            "EPUB/hai.xhtml",
            "EPUB/hai-2.xhtml",
            "EPUB/fonts.xhtml",
            "EPUB/css/book.css",
            "EPUB/css/code.css",
            "EPUB/fonts/f.woff2",
            "EPUB/fonts/m.woff2",
            "EPUB/fonts/OFL-F.txt",
            "EPUB/fonts/OFL-M.txt",
        ]
    );
    let chapter = text(&files, "EPUB/nav-2.xhtml");
    assert!(chapter.contains(r##"<a href="hai.xhtml#b">2</a> <a href="mot-mot.xhtml">1.1</a>"##));
    assert!(text(&files, "EPUB/hai-2.xhtml").contains("epub:type=\"appendix\""));
    assert!(text(&files, "EPUB/loi-noi-dau.xhtml").contains("epub:type=\"preface\""));
    let opf = text(&files, "EPUB/content.opf");
    assert!(
        opf.contains("href=\"hai.xhtml\" media-type=\"application/xhtml+xml\" properties=\"svg\"")
    );
    assert!(opf.contains(
        "href=\"mot-mot.xhtml\" media-type=\"application/xhtml+xml\" properties=\"mathml\""
    ));
    assert!(opf.contains("href=\"fonts/f.woff2\" media-type=\"font/woff2\""));
    assert!(text(&files, "EPUB/css/book.css")
        .starts_with("@font-face { font-family: F; src: url(\"../fonts/f.woff2\"); }"));
    let licences = text(&files, "EPUB/fonts.xhtml");
    assert!(licences.contains("<pre class=\"licence\">licence</pre>"));
    assert!(licences.contains("<pre class=\"licence\">math licence</pre>"));
}

#[test]
fn a_book_without_formulas_leaves_the_math_font_and_its_licence_out() {
    let mut plain = book();
    plain.parts[0].chapters[0].sections.clear();
    let files = unzip(write(&plain, &no_files).unwrap());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"EPUB/fonts/f.woff2") && names.contains(&"EPUB/fonts/OFL-F.txt"));
    assert!(!names.contains(&"EPUB/fonts/m.woff2"), "{names:?}");
    assert!(!names.contains(&"EPUB/fonts/OFL-M.txt"), "{names:?}");
    assert!(!text(&files, "EPUB/css/book.css").contains("m.woff2"));
    assert!(!text(&files, "EPUB/fonts.xhtml").contains("math licence"));
}

#[test]
fn the_contents_nest_preface_parts_chapters_sections_and_headings() {
    let files = unzip(write(&book(), &no_files).unwrap());
    let nav = text(&files, "EPUB/nav.xhtml");
    let expected = "<h1>Mục lục</h1>\n<ol>\n\
        <li><a href=\"loi-noi-dau.xhtml\">Tiêu đề loi-noi-dau</a></li>\n\
        <li><span>Phần I: Một</span>\n<ol>\n\
        <li><a href=\"nav-2.xhtml\">Chương 1: Tiêu đề nav</a>\n<ol>\n\
        <li><a href=\"nav-2.xhtml#a\">A</a></li>\n\
        <li><a href=\"mot-mot.xhtml\">1.1 Tiêu đề mot-mot</a></li>\n</ol>\n</li>\n\
        <li><a href=\"hai.xhtml\">Chương 2: Tiêu đề hai</a>\n<ol>\n\
        <li><a href=\"hai.xhtml#b\">B</a></li>\n</ol>\n</li>\n</ol>\n</li>\n\
        <li><span>Phụ lục</span>\n<ol>\n\
        <li><a href=\"hai-2.xhtml\">Phụ lục A: Tiêu đề hai</a></li>\n</ol>\n</li>\n\
        <li><a href=\"fonts.xhtml\">Giấy phép phông chữ</a></li>\n</ol>";
    assert!(nav.contains(expected), "{nav}");
    assert!(
        nav.contains("epub:type=\"bodymatter\" href=\"nav-2.xhtml\""),
        "the text begins after the preface: {nav}"
    );
}

#[test]
fn the_books_own_texts_are_in_its_language() {
    let mut english = book();
    english.meta.language = "en".into();
    english.ui = Ui::for_language("en").unwrap();
    let files = unzip(write(&english, &no_files).unwrap());
    let nav = text(&files, "EPUB/nav.xhtml");
    assert!(nav.contains(&format!("<h1>{}</h1>", english.ui.contents)));
    assert!(nav.contains(&format!(
        "<a href=\"fonts.xhtml\">{}</a>",
        english.ui.epub_font_licences
    )));
    assert!(!nav.contains("Mục lục") && !nav.contains("Giấy phép"));
    assert!(text(&files, "EPUB/content.opf").contains("<dc:language>en</dc:language>"));
}

#[test]
fn a_book_without_pages_is_refused() {
    let empty = Book {
        front: Vec::new(),
        parts: Vec::new(),
        ..book()
    };
    assert!(matches!(write(&empty, &no_files), Err(EpubError::Empty)));
}
