//! The package files: `META-INF/container.xml` and the package document `content.opf`.
//!
//! The package document names the book (identifier, titles, language, date), lists every file
//! of the book in its manifest and gives the reading order in its spine. Metadata follows
//! EPUB 3: the subtitle and the edition are `dc:title`s refined by their `title-type`, and the
//! accessibility properties say what a reader can rely on.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::book::Metadata;
use super::pages::escape;
use crate::ui::Ui;

/// The folder, inside the zip, that holds the package document and the book's files.
pub(crate) const PACKAGE_DIR: &str = "EPUB";

/// `META-INF/container.xml`: where the package document is.
pub(crate) const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n<rootfile full-path=\"EPUB/content.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n\
</container>\n";

/// A file of the book, in the package folder.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Path relative to the package folder.
    pub(crate) path: String,
    /// Its media type.
    pub(crate) media_type: &'static str,
    /// Its content.
    pub(crate) bytes: Vec<u8>,
    /// Manifest properties (`nav`, `svg`), if any.
    pub(crate) properties: Option<&'static str>,
    /// Whether it is read in order (a spine item).
    pub(crate) in_spine: bool,
}

/// The package document of a book made of `entries`, in reading order.
pub(crate) fn opf(meta: &Metadata, ui: &Ui, entries: &[Entry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\"",
    );
    out.push_str(&format!(" xml:lang=\"{}\">\n", escape(&meta.language)));
    out.push_str(&metadata(meta, ui));
    out.push_str("<manifest>\n");
    for (i, entry) in entries.iter().enumerate() {
        let properties = entry
            .properties
            .map_or(String::new(), |p| format!(" properties=\"{p}\""));
        out.push_str(&format!(
            "<item id=\"item{}\" href=\"{}\" media-type=\"{}\"{properties}/>\n",
            i + 1,
            escape(&entry.path),
            entry.media_type
        ));
    }
    out.push_str("</manifest>\n<spine>\n");
    for (i, _) in entries.iter().enumerate().filter(|(_, e)| e.in_spine) {
        out.push_str(&format!("<itemref idref=\"item{}\"/>\n", i + 1));
    }
    out.push_str("</spine>\n</package>\n");
    out
}

fn metadata(meta: &Metadata, ui: &Ui) -> String {
    let mut out = String::from("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    out.push_str(&format!(
        "<dc:identifier id=\"book-id\">{}</dc:identifier>\n",
        identifier(meta)
    ));
    for (id, kind, text) in [
        ("title", "main", &meta.title),
        ("subtitle", "subtitle", &meta.subtitle),
        ("edition", "edition", &meta.edition),
    ] {
        if !text.is_empty() {
            out.push_str(&format!(
                "<dc:title id=\"{id}\">{}</dc:title>\n<meta refines=\"#{id}\" property=\"title-type\">{kind}</meta>\n",
                escape(text)
            ));
        }
    }
    out.push_str(&format!(
        "<dc:language>{}</dc:language>\n",
        escape(&meta.language)
    ));
    if !meta.description.is_empty() {
        out.push_str(&format!(
            "<dc:description>{}</dc:description>\n",
            escape(&meta.description)
        ));
    }
    if let Some(url) = &meta.base_url {
        out.push_str(&format!("<dc:source>{}</dc:source>\n", escape(url)));
    }
    out.push_str(&format!(
        "<meta property=\"dcterms:modified\">{}</meta>\n",
        modified(meta.modified)
    ));
    out.push_str(ACCESSIBILITY);
    out.push_str(&format!(
        "<meta property=\"schema:accessibilitySummary\">{}</meta>\n",
        escape(&ui.epub_accessibility_summary)
    ));
    out.push_str("</metadata>\n");
    out
}

/// What a reader can rely on: text and images, navigable by parts, chapters and sections.
const ACCESSIBILITY: &str = "<meta property=\"schema:accessMode\">textual</meta>\n\
<meta property=\"schema:accessMode\">visual</meta>\n\
<meta property=\"schema:accessibilityFeature\">structuralNavigation</meta>\n\
<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>\n\
<meta property=\"schema:accessibilityFeature\">readingOrder</meta>\n\
<meta property=\"schema:accessibilityHazard\">none</meta>\n";

/// The book's identifier: a name-based UUID of the site's address, or of the title and edition,
/// so each build of the same book has the same identifier.
pub(crate) fn identifier(meta: &Metadata) -> String {
    let name = match &meta.base_url {
        Some(url) => url.clone(),
        None => format!("urn:handbook:{}:{}", meta.title, meta.edition),
    };
    let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());
    format!("urn:uuid:{uuid}")
}

/// `seconds` since 1970 as `dcterms:modified` wants it: `2025-01-31T08:00:00Z`.
pub(crate) fn modified(seconds: i64) -> String {
    utc(seconds)
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1980-01-01T00:00:00Z".to_owned())
}

/// `seconds` since 1970 as a UTC date, within the years a zip can record (1980–2107).
pub(crate) fn utc(seconds: i64) -> OffsetDateTime {
    const ZIP_FIRST: i64 = 315_532_800; // 1980-01-01
    const ZIP_LAST: i64 = 4_354_819_199; // 2107-12-31T23:59:59
    OffsetDateTime::from_unix_timestamp(seconds.clamp(ZIP_FIRST, ZIP_LAST))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Metadata {
        Metadata {
            title: "Sách".into(),
            subtitle: "Phụ đề".into(),
            language: "vi".into(),
            edition: "Ấn bản 2025".into(),
            modified: 1_735_689_600,
            ..Metadata::default()
        }
    }

    fn entry(path: &str, properties: Option<&'static str>, in_spine: bool) -> Entry {
        Entry {
            path: path.into(),
            media_type: "application/xhtml+xml",
            bytes: Vec::new(),
            properties,
            in_spine,
        }
    }

    #[test]
    fn names_language_titles_edition_and_date() {
        let ui = Ui::for_language("vi").unwrap();
        let opf = opf(&meta(), ui, &[]);
        assert!(opf.contains("<dc:language>vi</dc:language>"));
        assert!(opf.contains("<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"vi\">"));
        assert!(opf.contains(&format!(
            "<meta property=\"schema:accessibilitySummary\">{}</meta>",
            ui.epub_accessibility_summary
        )));
        assert!(opf.contains("<dc:title id=\"title\">Sách</dc:title>\n<meta refines=\"#title\" property=\"title-type\">main</meta>"));
        assert!(opf.contains("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>"));
        assert!(opf.contains("<dc:title id=\"edition\">Ấn bản 2025</dc:title>\n<meta refines=\"#edition\" property=\"title-type\">edition</meta>"));
        assert!(opf.contains("<meta property=\"dcterms:modified\">2025-01-01T00:00:00Z</meta>"));
        assert!(!opf.contains("dc:description"), "empty fields are left out");
    }

    #[test]
    fn lists_every_file_and_reads_documents_in_order() {
        let entries = [
            entry("title.xhtml", None, true),
            entry("nav.xhtml", Some("nav"), true),
            entry("a.xhtml", Some("svg"), true),
            Entry {
                media_type: "text/css",
                ..entry("css/book.css", None, false)
            },
        ];
        let opf = opf(&meta(), Ui::for_language("en").unwrap(), &entries);
        assert!(opf.contains("<item id=\"item2\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>"));
        assert!(opf.contains("<item id=\"item4\" href=\"css/book.css\" media-type=\"text/css\"/>"));
        assert!(opf.contains("<spine>\n<itemref idref=\"item1\"/>\n<itemref idref=\"item2\"/>\n<itemref idref=\"item3\"/>\n</spine>"));
    }

    #[test]
    fn the_identifier_is_stable_and_follows_the_site() {
        let a = identifier(&meta());
        assert_eq!(a, identifier(&meta()));
        assert!(a.starts_with("urn:uuid:") && a.len() == 45, "{a}");
        let online = Metadata {
            base_url: Some("https://h.example/".into()),
            ..meta()
        };
        assert_ne!(identifier(&online), a);
    }

    #[test]
    fn dates_stay_within_what_a_zip_records() {
        assert_eq!(modified(0), "1980-01-01T00:00:00Z");
        assert_eq!(modified(i64::MAX), "2107-12-31T23:59:59Z");
    }
}
