//! The XHTML documents of the book: the title page, one per page of the site, and the font
//! licences.
//!
//! Every document links the book's stylesheets and sets `data-theme="light"` on its root, the
//! selector the site's code stylesheet gives its light palette, so code is coloured as on the
//! site in its light theme.

use super::book::{Asset, Metadata, Page};
use super::xhtml::{push_attribute, push_text};
use crate::ui::Ui;

/// The title page's file.
pub(crate) const TITLE_FILE: &str = "title.xhtml";
/// The navigation document's file.
pub(crate) const NAV_FILE: &str = "nav.xhtml";
/// The font licences' file.
pub(crate) const LICENCES_FILE: &str = "fonts.xhtml";
/// File names no chapter may take.
pub(crate) const RESERVED: &[&str] = &[TITLE_FILE, NAV_FILE, LICENCES_FILE];

/// The book's stylesheet, relative to the package folder.
pub(crate) const BOOK_CSS: &str = "css/book.css";
/// The code stylesheet, relative to the package folder.
pub(crate) const CODE_CSS: &str = "css/code.css";

/// Text escaped for XML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_text(&mut out, text);
    out
}

/// A whole XHTML document with `title` and `body`.
pub(crate) fn document(meta: &Metadata, title: &str, body: &str) -> String {
    let mut root = String::new();
    push_attribute(&mut root, "lang", &meta.language);
    push_attribute(&mut root, "xml:lang", &meta.language);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"{root} data-theme=\"light\">\n\
         <head>\n<meta charset=\"UTF-8\"/>\n<title>{}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"{BOOK_CSS}\"/>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"{CODE_CSS}\"/>\n\
         </head>\n<body>\n{body}\n</body>\n</html>\n",
        escape(title)
    )
}

/// The document of a page whose body is already XHTML: its heading (label and title), then
/// the body, in a section of the page's `epub:type`.
pub(crate) fn page(meta: &Metadata, page: &Page, body: &str) -> String {
    let label = if page.label.is_empty() {
        String::new()
    } else {
        format!(
            "<span class=\"chapter-label\">{}</span> ",
            escape(&page.label)
        )
    };
    let section = format!(
        "<section class=\"chapter\" epub:type=\"{}\">\n<header class=\"chapter-head\">\n\
         <h1 class=\"chapter-title\">{label}<span class=\"chapter-name\">{}</span></h1>\n</header>\n\
         {body}\n</section>",
        page.epub_type(),
        escape(&page.title)
    );
    document(meta, &page.name(), &section)
}

/// The title page: title, subtitle, edition, description, and where the book is online.
pub(crate) fn title_page(meta: &Metadata, ui: &Ui) -> String {
    let mut body = String::from("<section class=\"titlepage\" epub:type=\"titlepage\">\n");
    body.push_str(&format!(
        "<h1 class=\"book-title\">{}</h1>\n",
        escape(&meta.title)
    ));
    for (class, text) in [
        ("book-subtitle", &meta.subtitle),
        ("book-edition", &meta.edition),
        ("book-description", &meta.description),
    ] {
        if !text.is_empty() {
            body.push_str(&format!("<p class=\"{class}\">{}</p>\n", escape(text)));
        }
    }
    if let Some(url) = &meta.base_url {
        let mut href = String::new();
        push_attribute(&mut href, "href", url);
        body.push_str(&format!(
            "<p class=\"book-site\">{} <a{href}>{}</a></p>\n",
            escape(&ui.epub_online),
            escape(url)
        ));
    }
    body.push_str("</section>");
    document(meta, &meta.title, &body)
}

/// The page that carries the embedded fonts' licences, each in full.
pub(crate) fn licences(meta: &Metadata, ui: &Ui, licences: &[&Asset]) -> String {
    let title = &ui.epub_font_licences;
    let mut body = format!(
        "<section class=\"licences\" epub:type=\"backmatter\">\n<h1>{}</h1>\n<p>{}</p>\n",
        escape(title),
        escape(&ui.epub_font_licences_intro)
    );
    for (i, licence) in licences.iter().enumerate() {
        body.push_str(&format!(
            "<section id=\"licence-{}\">\n<h2>{}</h2>\n<pre class=\"licence\">{}</pre>\n</section>\n",
            i + 1,
            escape(&licence.name),
            escape(&String::from_utf8_lossy(&licence.bytes))
        ));
    }
    body.push_str("</section>");
    document(meta, title, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::book::Kind;

    fn meta() -> Metadata {
        Metadata {
            title: "Lập trình & Python".into(),
            language: "vi".into(),
            edition: "Ấn bản 2025".into(),
            ..Metadata::default()
        }
    }

    #[test]
    fn documents_declare_language_theme_and_stylesheets() {
        let doc = document(&meta(), "A < B", "<p>x</p>");
        assert!(doc.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"));
        assert!(doc.contains(" lang=\"vi\" xml:lang=\"vi\" data-theme=\"light\">"));
        assert!(doc.contains("<title>A &lt; B</title>"));
        assert!(doc.contains("href=\"css/book.css\"") && doc.contains("href=\"css/code.css\""));
    }

    fn vi() -> &'static Ui {
        Ui::for_language("vi").unwrap()
    }

    #[test]
    fn pages_carry_their_label_and_kind() {
        let page = |kind, label: &str| Page {
            kind,
            label: label.into(),
            title: "Benchmark".into(),
            ..Page::default()
        };
        let doc = super::page(&meta(), &page(Kind::Appendix, "Phụ lục B"), "<p>x</p>");
        assert!(doc.contains("epub:type=\"appendix\""));
        assert!(doc.contains("<span class=\"chapter-label\">Phụ lục B</span> <span class=\"chapter-name\">Benchmark</span>"));
        assert!(doc.contains("<title>Phụ lục B: Benchmark</title>"));
        let doc = super::page(&meta(), &page(Kind::Section, "3.1"), "");
        assert!(
            doc.contains("epub:type=\"subchapter\"")
                && doc.contains("<title>3.1 Benchmark</title>")
        );
        let doc = super::page(&meta(), &page(Kind::Preface, ""), "");
        assert!(doc.contains("epub:type=\"preface\"") && !doc.contains("chapter-label"));
        assert!(doc.contains("<title>Benchmark</title>"));
    }

    #[test]
    fn title_page_skips_what_is_empty() {
        let doc = title_page(&meta(), vi());
        assert!(doc.contains("<h1 class=\"book-title\">Lập trình &amp; Python</h1>"));
        assert!(doc.contains("<p class=\"book-edition\">Ấn bản 2025</p>"));
        assert!(!doc.contains("book-subtitle") && !doc.contains("book-site"));
        let online = Metadata {
            base_url: Some("https://h.example/sach/".into()),
            ..meta()
        };
        let en = title_page(&online, Ui::for_language("en").unwrap());
        assert!(
            en.contains(&format!(
                "<p class=\"book-site\">{} <a href=\"https://h.example/sach/\">",
                Ui::for_language("en").unwrap().epub_online
            )),
            "{en}"
        );
    }

    #[test]
    fn licences_are_printed_whole_in_the_books_language() {
        let licence = Asset {
            name: "OFL-X.txt".into(),
            bytes: b"Copyright <X>".to_vec(),
        };
        let doc = licences(&meta(), vi(), &[&licence]);
        assert!(doc.contains(&format!("<h1>{}</h1>", vi().epub_font_licences)));
        assert!(
            doc.contains("<h2>OFL-X.txt</h2>\n<pre class=\"licence\">Copyright &lt;X&gt;</pre>")
        );
    }
}
