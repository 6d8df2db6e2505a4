//! The navigation document: the book's table of contents as `handbook.yaml` orders it.
//!
//! The preface pages come first; then each part is a heading (a part has no page of its own)
//! over its chapters; a chapter lists its h2 headings, then its section pages, each with its
//! own h2 headings. A second, hidden `landmarks` list tells readers where the title page, the
//! contents and the text begin.

use super::book::{Book, Page};
use super::outline::Section;
use super::pages::{self, escape, LICENCES_FILE, NAV_FILE, TITLE_FILE};

/// Where each page of the book went: what the navigation links to.
pub(crate) struct Contents<'a> {
    /// Each page's document, in reading order ([`Book::pages`]).
    pub(crate) files: &'a [String],
    /// Each page's h2 headings, in the same order.
    pub(crate) sections: &'a [&'a [Section]],
    /// Whether the book has the page of font licences.
    pub(crate) has_licences: bool,
}

/// Writes the navigation document of `book`.
pub(crate) fn document(book: &Book, contents: &Contents<'_>) -> String {
    let ui = book.ui;
    let mut list = List {
        contents,
        next: 0,
        out: String::new(),
    };
    for page in &book.front {
        list.page(page);
    }
    for part in book.parts.iter().filter(|p| !p.chapters.is_empty()) {
        let name = match part.title.as_str() {
            "" => part.label.clone(),
            title if title == part.label => part.label.clone(),
            title => format!("{}: {title}", part.label),
        };
        list.out
            .push_str(&format!("<li><span>{}</span>\n<ol>\n", escape(&name)));
        for chapter in &part.chapters {
            list.page(chapter);
        }
        list.out.push_str("</ol>\n</li>\n");
    }
    if contents.has_licences {
        list.out.push_str(&format!(
            "<li><a href=\"{LICENCES_FILE}\">{}</a></li>\n",
            escape(&ui.epub_font_licences)
        ));
    }
    let title = escape(&ui.contents);
    // The text begins with the first chapter, after the preface.
    let files = contents.files;
    let first = files.get(book.front.len()).or(files.first());
    let first = first.map_or(TITLE_FILE, String::as_str);
    let body = format!(
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>{title}</h1>\n<ol>\n{}</ol>\n</nav>\n{}",
        list.out,
        landmarks(book, first)
    );
    pages::document(&book.meta, &ui.contents, &body)
}

/// The nested list of pages, written in reading order.
struct List<'a> {
    contents: &'a Contents<'a>,
    /// The index of the next page in reading order.
    next: usize,
    out: String,
}

impl List<'_> {
    /// One page: a link, its h2 headings, then its sections, each nested one level down.
    fn page(&mut self, page: &Page) {
        let index = self.next;
        self.next += 1;
        let file = &self.contents.files[index];
        self.out.push_str(&format!(
            "<li><a href=\"{file}\">{}</a>",
            escape(&page.name())
        ));
        let headings = self.contents.sections[index];
        if !headings.is_empty() || !page.sections.is_empty() {
            self.out.push_str("\n<ol>\n");
            for heading in headings {
                self.out.push_str(&format!(
                    "<li><a href=\"{file}#{}\">{}</a></li>\n",
                    heading.id,
                    escape(&heading.title)
                ));
            }
            for section in &page.sections {
                self.page(section);
            }
            self.out.push_str("</ol>\n");
        }
        self.out.push_str("</li>\n");
    }
}

fn landmarks(book: &Book, first_page: &str) -> String {
    let ui = book.ui;
    format!(
        "<nav epub:type=\"landmarks\" hidden=\"hidden\">\n<h2>{}</h2>\n<ol>\n\
         <li><a epub:type=\"titlepage\" href=\"{TITLE_FILE}\">{}</a></li>\n\
         <li><a epub:type=\"toc\" href=\"{NAV_FILE}#toc\">{}</a></li>\n\
         <li><a epub:type=\"bodymatter\" href=\"{first_page}\">{}</a></li>\n\
         </ol>\n</nav>",
        escape(&ui.epub_landmarks),
        escape(&ui.epub_title_page),
        escape(&ui.contents),
        escape(&ui.start_reading),
    )
}
