//! The whole book as one EPUB 3 file, for e-readers and offline reading.
//!
//! Input: a [`Book`] — plain data that any pipeline can fill: the metadata, the parts with
//! their chapters in reading order (each chapter's body HTML as the site renders it), the site's
//! stylesheets and fonts with their licences — and a [`Fetch`] that returns the bytes of a
//! file the chapters refer to (images) by its site path. Output: the bytes of one `.epub`.
//!
//! Steps:
//! 1. [`outline`]: each chapter's HTML is parsed once with html5ever (through `scraper`), and
//!    the ids it defines are made valid XML ids, unique in their document; its h2 headings are
//!    collected for the navigation.
//! 2. [`xhtml`]: each tree is written back as well-formed XHTML, keeping only what an EPUB
//!    content document may hold ([`policy`]); links between chapters become links between the
//!    EPUB's documents and links to pages that are not in the book leave nothing dangling
//!    ([`links`]); images are fetched and embedded.
//! 3. [`pages`] wraps each body in its document and adds the title page and the font licences;
//!    [`nav`] writes the navigation document, [`package`] the package document, and
//!    [`archive`] zips everything, `mimetype` first and stored.
//!
//! Same input, same bytes: files go in a fixed order, and every date (zip entries and
//! `dcterms:modified`) is [`Metadata::modified`]; the identifier is derived from the base URL
//! (or title and edition), so a new build of the same book replaces the old one on a reader.

mod archive;
mod ids;
mod images;
mod links;
mod nav;
mod outline;
mod package;
mod pages;
mod policy;
mod style;
mod xhtml;

pub mod from_site;

use std::collections::HashSet;

use rayon::prelude::*;

/// Everything the EPUB is made of.
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// Title, language, edition…
    pub meta: Metadata,
    /// The parts in reading order, each with its chapters.
    pub parts: Vec<Part>,
    /// The site's main stylesheet: only its `@font-face` rules are used, and only those whose
    /// `url(../fonts/NAME)` names one of [`Book::fonts`].
    pub site_css: String,
    /// The stylesheet of highlighted code (class-based, light rules under
    /// `html[data-theme=light]`, which every document of the EPUB sets).
    pub code_css: String,
    /// Font files (`NAME.woff2`…), named as the site's stylesheet names them.
    pub fonts: Vec<Asset>,
    /// The fonts' licence texts (`OFL-*.txt`), printed at the end of the book.
    pub licences: Vec<Asset>,
}

/// What the package document says about the book.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// The title.
    pub title: String,
    /// The subtitle ("" for none).
    pub subtitle: String,
    /// The language, a BCP 47 tag ("vi").
    pub language: String,
    /// The edition ("" for none).
    pub edition: String,
    /// One paragraph about the book ("" for none).
    pub description: String,
    /// Where the site is published: links to its pages that are not in the book point there
    /// (without it they become plain text), and it names the book.
    pub base_url: Option<String>,
    /// When the sources last changed, in seconds since 1970 (UTC): `dcterms:modified` and the
    /// date of every file in the zip.
    pub modified: i64,
}

/// A part of the book.
#[derive(Debug, Clone, Default)]
pub struct Part {
    /// "Phần I", or "Phụ lục".
    pub label: String,
    /// The part's title ("" when the label says it all).
    pub title: String,
    /// Whether its chapters are appendices.
    pub appendix: bool,
    /// Its chapters, in order.
    pub chapters: Vec<Chapter>,
}

/// One chapter.
#[derive(Debug, Clone, Default)]
pub struct Chapter {
    /// "Chương 3" or "Phụ lục B" ("" for none).
    pub label: String,
    /// The chapter's title.
    pub title: String,
    /// Its slug: the site publishes it as `SLUG.html`, and other chapters link there.
    pub slug: String,
    /// The body HTML as the site renders it.
    pub html: String,
}

/// A file that goes into the book as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asset {
    /// Its file name.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Returns the bytes of the file at a site path (`assets/img/x.png`), or `None`.
pub type Fetch<'a> = &'a (dyn Fn(&str) -> Option<Vec<u8>> + Sync);

/// What can stop the EPUB from being written.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// The zip could not be written.
    #[error("cannot write the EPUB archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// The book has no chapter.
    #[error("the book has no chapter to put in the EPUB")]
    Empty,
}

/// Writes the EPUB of `book`, fetching the images its chapters show with `fetch`.
pub fn write(book: &Book, fetch: Fetch<'_>) -> Result<Vec<u8>, EpubError> {
    let chapters: Vec<(&Chapter, bool)> = book
        .parts
        .iter()
        .flat_map(|p| p.chapters.iter().map(|c| (c, p.appendix)))
        .collect();
    if chapters.is_empty() {
        return Err(EpubError::Empty);
    }
    let meta = required_metadata(&book.meta);
    let refs: Vec<&Chapter> = chapters.iter().map(|(c, _)| *c).collect();
    let files = chapter_files(&refs);
    // Each chapter is parsed once; the parsed trees stay with the thread that writes them.
    let (trees, outlines): (Vec<_>, Vec<_>) =
        refs.par_iter().map(|c| outline::read(&c.html)).unzip();
    let targets = links::Targets::new(&refs, &files, &outlines, meta.base_url.as_deref());
    let images = images::Images::new(fetch);
    let documents: Vec<package::Entry> = trees
        .into_par_iter()
        .enumerate()
        .map(|(i, tree)| {
            let body = xhtml::write(&tree, &outlines[i], i, &targets, &images);
            let (chapter, appendix) = chapters[i];
            let text = pages::chapter(&meta, chapter, appendix, &body.xhtml);
            xhtml_entry(&files[i], text, body.properties)
        })
        .collect();
    let sections: Vec<&[outline::Section]> = outlines.iter().map(|o| &o.sections[..]).collect();
    let has_licences = !book.licences.is_empty();
    let nav = nav::document(&meta, &book.parts, &files, &sections, has_licences);
    let mut entries = vec![
        xhtml_entry(pages::TITLE_FILE, pages::title_page(&meta), None),
        xhtml_entry(pages::NAV_FILE, nav, Some("nav")),
    ];
    entries.extend(documents);
    if has_licences {
        let text = pages::licences(&meta, &book.licences);
        entries.push(xhtml_entry(pages::LICENCES_FILE, text, None));
    }
    entries.extend(resources(book, images.into_files()));
    let opf = package::opf(&meta, &entries);
    Ok(archive::zip(meta.modified, &opf, &entries)?)
}

/// `meta` with what a package document cannot go without: a title and a language.
fn required_metadata(meta: &Metadata) -> Metadata {
    let or = |text: &str, default: &str| {
        let text = text.trim();
        if text.is_empty() { default } else { text }.to_owned()
    };
    Metadata {
        title: or(&meta.title, "Sách"),
        language: or(&meta.language, "und"),
        ..meta.clone()
    }
}

fn xhtml_entry(path: &str, text: String, properties: Option<&'static str>) -> package::Entry {
    package::Entry {
        path: path.to_owned(),
        media_type: "application/xhtml+xml",
        bytes: text.into_bytes(),
        properties,
        in_spine: true,
    }
}

/// The stylesheets, fonts, licence files and images: what the documents use.
fn resources(book: &Book, images: Vec<images::Image>) -> Vec<package::Entry> {
    let fonts = style::Fonts::new(&book.site_css, &book.fonts);
    let resource = |path: String, media_type, bytes: Vec<u8>| package::Entry {
        path,
        media_type,
        bytes,
        properties: None,
        in_spine: false,
    };
    let mut entries = vec![
        resource(
            pages::BOOK_CSS.to_owned(),
            "text/css",
            style::stylesheet(&fonts).into_bytes(),
        ),
        resource(
            pages::CODE_CSS.to_owned(),
            "text/css",
            book.code_css.clone().into_bytes(),
        ),
    ];
    for font in &fonts.files {
        let path = format!("fonts/{}", font.name);
        entries.push(resource(path, font_type(&font.name), font.bytes.clone()));
    }
    for licence in &book.licences {
        let path = format!("fonts/{}", licence.name);
        entries.push(resource(path, "text/plain", licence.bytes.clone()));
    }
    for image in images {
        entries.push(resource(image.file, image.media_type, image.bytes));
    }
    entries
}

/// The media type of a font file, by its extension.
fn font_type(name: &str) -> &'static str {
    match name
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        _ => "font/woff2",
    }
}

/// The document file of each chapter: its slug made safe for a file name, unique, and never
/// the name of a document the EPUB adds itself.
fn chapter_files(chapters: &[&Chapter]) -> Vec<String> {
    let mut used: HashSet<String> = pages::RESERVED.iter().map(|s| s.to_string()).collect();
    chapters
        .iter()
        .map(|c| {
            let stem: String = c
                .slug
                .chars()
                .map(|ch| match ch {
                    'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => ch,
                    _ => '-',
                })
                .collect();
            let stem = if stem.is_empty() {
                "chapter".to_owned()
            } else {
                stem
            };
            let mut file = format!("{stem}.xhtml");
            let mut n = 1;
            while !used.insert(file.clone()) {
                n += 1;
                file = format!("{stem}-{n}.xhtml");
            }
            file
        })
        .collect()
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
