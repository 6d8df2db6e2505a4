//! The XHTML documents of the book: the title page, one per chapter, and the font licences.
//!
//! Every document links the book's stylesheets and sets `data-theme="light"` on its root, the
//! selector the site's code stylesheet gives its light palette, so code is coloured as on the
//! site in its light theme.

use super::xhtml::{push_attribute, push_text};
use super::{Asset, Chapter, Metadata};

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

/// How a chapter is named in its heading and the navigation: "Chương 3: Tiêu đề".
pub(crate) fn chapter_name(chapter: &Chapter) -> String {
    if chapter.label.is_empty() {
        chapter.title.clone()
    } else {
        format!("{}: {}", chapter.label, chapter.title)
    }
}

/// The document of a chapter whose body is already XHTML.
pub(crate) fn chapter(meta: &Metadata, chapter: &Chapter, appendix: bool, body: &str) -> String {
    let kind = if appendix { "appendix" } else { "chapter" };
    let label = if chapter.label.is_empty() {
        String::new()
    } else {
        format!(
            "<span class=\"chapter-label\">{}</span> ",
            escape(&chapter.label)
        )
    };
    let section = format!(
        "<section class=\"chapter\" epub:type=\"{kind}\">\n<header class=\"chapter-head\">\n\
         <h1 class=\"chapter-title\">{label}<span class=\"chapter-name\">{}</span></h1>\n</header>\n\
         {body}\n</section>",
        escape(&chapter.title)
    );
    document(meta, &chapter_name(chapter), &section)
}

/// The title page: title, subtitle, edition, description, and where the book is online.
pub(crate) fn title_page(meta: &Metadata) -> String {
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
            "<p class=\"book-site\">Bản trực tuyến: <a{href}>{}</a></p>\n",
            escape(url)
        ));
    }
    body.push_str("</section>");
    document(meta, &meta.title, &body)
}

/// The page that carries the embedded fonts' licences, each in full.
pub(crate) fn licences(meta: &Metadata, licences: &[Asset]) -> String {
    let title = "Giấy phép phông chữ";
    let mut body = format!(
        "<section class=\"licences\" epub:type=\"backmatter\">\n<h1>{title}</h1>\n\
         <p>Các phông chữ nhúng trong sách được dùng theo giấy phép dưới đây.</p>\n"
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

    #[test]
    fn chapters_carry_their_label_and_kind() {
        let chapter = Chapter {
            label: "Phụ lục B".into(),
            title: "Benchmark".into(),
            ..Chapter::default()
        };
        let doc = super::chapter(&meta(), &chapter, true, "<p>x</p>");
        assert!(doc.contains("epub:type=\"appendix\""));
        assert!(doc.contains("<span class=\"chapter-label\">Phụ lục B</span> <span class=\"chapter-name\">Benchmark</span>"));
        assert!(doc.contains("<title>Phụ lục B: Benchmark</title>"));
    }

    #[test]
    fn title_page_skips_what_is_empty() {
        let doc = title_page(&meta());
        assert!(doc.contains("<h1 class=\"book-title\">Lập trình &amp; Python</h1>"));
        assert!(doc.contains("<p class=\"book-edition\">Ấn bản 2025</p>"));
        assert!(!doc.contains("book-subtitle") && !doc.contains("book-site"));
    }
}
