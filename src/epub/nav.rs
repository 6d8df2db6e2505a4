//! The navigation document: the book's table of contents as `handbook.yaml` orders it.
//!
//! Parts are headings (a part has no page of its own), chapters link to their documents and
//! each chapter lists its h2 sections. A second, hidden `landmarks` list tells readers where
//! the title page, the contents and the text begin.

use super::outline::Section;
use super::pages::{self, escape, LICENCES_FILE, NAV_FILE, TITLE_FILE};
use super::{Metadata, Part};

/// The title of the table of contents.
const CONTENTS: &str = "Mục lục";

/// Writes the navigation document. `files` and `sections` hold each chapter's document and h2
/// sections, in reading order; `has_licences` says whether the licences page exists.
pub(crate) fn document(
    meta: &Metadata,
    parts: &[Part],
    files: &[String],
    sections: &[&[Section]],
    has_licences: bool,
) -> String {
    let mut body =
        format!("<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>{CONTENTS}</h1>\n<ol>\n");
    let mut index = 0;
    for part in parts.iter().filter(|p| !p.chapters.is_empty()) {
        let name = if part.title.is_empty() || part.title == part.label {
            part.label.clone()
        } else {
            format!("{}: {}", part.label, part.title)
        };
        body.push_str(&format!("<li><span>{}</span>\n<ol>\n", escape(&name)));
        for chapter in &part.chapters {
            let file = &files[index];
            body.push_str(&format!(
                "<li><a href=\"{file}\">{}</a>",
                escape(&pages::chapter_name(chapter))
            ));
            push_sections(&mut body, file, sections[index]);
            body.push_str("</li>\n");
            index += 1;
        }
        body.push_str("</ol>\n</li>\n");
    }
    if has_licences {
        body.push_str(&format!(
            "<li><a href=\"{LICENCES_FILE}\">Giấy phép phông chữ</a></li>\n"
        ));
    }
    body.push_str("</ol>\n</nav>\n");
    body.push_str(&landmarks(files.first().map_or(TITLE_FILE, String::as_str)));
    pages::document(meta, CONTENTS, &body)
}

fn push_sections(body: &mut String, file: &str, sections: &[Section]) {
    if sections.is_empty() {
        return;
    }
    body.push_str("\n<ol>\n");
    for section in sections {
        body.push_str(&format!(
            "<li><a href=\"{file}#{}\">{}</a></li>\n",
            section.id,
            escape(&section.title)
        ));
    }
    body.push_str("</ol>\n");
}

fn landmarks(first_chapter: &str) -> String {
    format!(
        "<nav epub:type=\"landmarks\" hidden=\"hidden\">\n<h2>Các mốc</h2>\n<ol>\n\
         <li><a epub:type=\"titlepage\" href=\"{TITLE_FILE}\">Trang tên sách</a></li>\n\
         <li><a epub:type=\"toc\" href=\"{NAV_FILE}#toc\">{CONTENTS}</a></li>\n\
         <li><a epub:type=\"bodymatter\" href=\"{first_chapter}\">Bắt đầu đọc</a></li>\n\
         </ol>\n</nav>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::Chapter;

    fn chapter(label: &str, title: &str) -> Chapter {
        Chapter {
            label: label.into(),
            title: title.into(),
            ..Chapter::default()
        }
    }

    #[test]
    fn mirrors_parts_chapters_and_sections() {
        let parts = [
            Part {
                label: "Phần I".into(),
                title: "Nền tảng".into(),
                appendix: false,
                chapters: vec![
                    chapter("Chương 1", "Mô hình"),
                    chapter("Chương 2", "I/O & OS"),
                ],
            },
            Part {
                label: "Trống".into(),
                ..Part::default()
            },
            Part {
                label: "Phụ lục".into(),
                title: "Phụ lục".into(),
                appendix: true,
                chapters: vec![chapter("Phụ lục A", "Thuật ngữ")],
            },
        ];
        let files = ["a.xhtml", "b.xhtml", "c.xhtml"].map(String::from);
        let sections = [Section {
            id: "s".into(),
            title: "Mục <1>".into(),
        }];
        let nav = document(
            &Metadata::default(),
            &parts,
            &files,
            &[&sections, &[], &[]],
            true,
        );
        let expected = "<ol>\n<li><span>Phần I: Nền tảng</span>\n<ol>\n\
            <li><a href=\"a.xhtml\">Chương 1: Mô hình</a>\n<ol>\n<li><a href=\"a.xhtml#s\">Mục &lt;1&gt;</a></li>\n</ol>\n</li>\n\
            <li><a href=\"b.xhtml\">Chương 2: I/O &amp; OS</a></li>\n</ol>\n</li>\n\
            <li><span>Phụ lục</span>\n<ol>\n<li><a href=\"c.xhtml\">Phụ lục A: Thuật ngữ</a></li>\n</ol>\n</li>\n\
            <li><a href=\"fonts.xhtml\">Giấy phép phông chữ</a></li>\n</ol>";
        assert!(nav.contains(expected), "{nav}");
        assert!(
            !nav.contains("Trống"),
            "a part without chapters has no entry"
        );
        assert!(nav.contains("epub:type=\"bodymatter\" href=\"a.xhtml\""));
    }
}
