//! Step 3: the EPUB container, a zip.
//!
//! The Open Container Format asks for `mimetype` first, stored (not compressed) and without
//! extra fields, so that a reader can tell the file is an EPUB from its first bytes; then
//! `META-INF/container.xml`, which points at the package document. Text is deflated; fonts and
//! images, already compressed, are stored. Every entry gets the same date and permissions, so
//! the same book gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::package::{Entry, CONTAINER, PACKAGE_DIR};

/// The zip of a book: `opf` is its package document, `entries` its files.
pub(crate) fn zip(modified: i64, opf: &str, entries: &[Entry]) -> zip::result::ZipResult<Vec<u8>> {
    let date = DateTime::try_from(super::package::utc(modified)).unwrap_or_default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(date)
        .unix_permissions(0o644);
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(CONTAINER.as_bytes())?;
    zip.start_file(format!("{PACKAGE_DIR}/content.opf"), deflated)?;
    zip.write_all(opf.as_bytes())?;
    for entry in entries {
        let compressed = matches!(
            entry.media_type,
            "font/woff2" | "font/woff" | "image/png" | "image/jpeg" | "image/gif"
        );
        let options = if compressed { stored } else { deflated };
        zip.start_file(format!("{PACKAGE_DIR}/{}", entry.path), options)?;
        zip.write_all(&entry.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, media_type: &'static str) -> Entry {
        Entry {
            path: path.into(),
            media_type,
            bytes: path.as_bytes().repeat(10),
            properties: None,
            in_spine: false,
        }
    }

    #[test]
    fn mimetype_comes_first_stored_and_bare() {
        let bytes = zip(
            0,
            "<package/>",
            &[entry("a.xhtml", "application/xhtml+xml")],
        )
        .unwrap();
        // A local file header: signature, version, flags, method 0 (stored), …, name length 8,
        // extra length 0, then the name and the content.
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(&bytes[8..10], &[0, 0], "stored");
        assert_eq!(&bytes[26..28], &[8, 0], "name length");
        assert_eq!(&bytes[28..30], &[0, 0], "no extra field");
        assert_eq!(&bytes[30..58], b"mimetypeapplication/epub+zip");
    }

    #[test]
    fn lists_the_package_files_in_order() {
        let entries = [
            entry("a.xhtml", "application/xhtml+xml"),
            entry("fonts/f.woff2", "font/woff2"),
        ];
        let bytes = zip(1_735_689_600, "<package/>", &entries).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/container.xml",
                "EPUB/content.opf",
                "EPUB/a.xhtml",
                "EPUB/fonts/f.woff2"
            ]
        );
    }

    #[test]
    fn the_same_book_gives_the_same_bytes() {
        let entries = [entry("a.xhtml", "application/xhtml+xml")];
        assert_eq!(
            zip(5, "<p/>", &entries).unwrap(),
            zip(5, "<p/>", &entries).unwrap()
        );
        assert_ne!(
            zip(5, "<p/>", &entries).unwrap(),
            zip(1_735_689_600, "<p/>", &entries).unwrap()
        );
    }
}
