//! What an EPUB is made of: plain data that the adapter ([`super::from_site`]) fills from the
//! site, and that the writer ([`super::write`]) turns into a file.

use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::ui::Ui;

/// Everything the EPUB is made of.
#[derive(Debug, Clone)]
pub(crate) struct Book {
    /// Title, language, edition…
    pub(crate) meta: Metadata,
    /// The texts the book adds (contents, title page, licences) in the book's language.
    pub(crate) ui: &'static Ui,
    /// The pages before the first part (a preface), in order.
    pub(crate) front: Vec<Page>,
    /// The parts in reading order, each with its chapters.
    pub(crate) parts: Vec<Part>,
    /// The site's stylesheets that declare fonts: only their `@font-face` rules are used, and
    /// only those whose `url(../fonts/NAME)` names one of [`Book::fonts`].
    pub(crate) site_css: String,
    /// The stylesheet of highlighted code (class-based, light rules under
    /// `html[data-theme=light]`, which every document of the EPUB sets).
    pub(crate) code_css: String,
    /// Font files (`NAME.woff2`…), named as the site's stylesheet names them.
    pub(crate) fonts: Vec<Asset>,
    /// The fonts' licence texts (`OFL-*.txt`), printed at the end of the book.
    pub(crate) licences: Vec<Asset>,
}

impl Book {
    /// Every page in reading order: the front pages, then each chapter followed by its
    /// sections.
    pub(crate) fn pages(&self) -> Vec<&Page> {
        let chapters = self.parts.iter().flat_map(|part| &part.chapters);
        let mut pages: Vec<&Page> = self.front.iter().collect();
        for chapter in chapters {
            pages.push(chapter);
            pages.extend(&chapter.sections);
        }
        pages
    }
}

/// What the package document says about the book.
#[derive(Debug, Clone, Default)]
pub(crate) struct Metadata {
    /// The title.
    pub(crate) title: String,
    /// The subtitle ("" for none).
    pub(crate) subtitle: String,
    /// The language, a BCP 47 tag ("vi").
    pub(crate) language: String,
    /// The edition ("" for none).
    pub(crate) edition: String,
    /// One paragraph about the book ("" for none).
    pub(crate) description: String,
    /// Where the site is published: links to its pages that are not in the book point there
    /// (without it they become plain text), and it names the book.
    pub(crate) base_url: Option<String>,
    /// When the sources last changed, in seconds since 1970 (UTC): `dcterms:modified` and the
    /// date of every file in the zip.
    pub(crate) modified: i64,
}

/// A part of the book.
#[derive(Debug, Clone, Default)]
pub(crate) struct Part {
    /// "Phần I", or "Phụ lục".
    pub(crate) label: String,
    /// The part's title ("" when the label says it all).
    pub(crate) title: String,
    /// Its chapters, in order (appendices in the appendix part).
    pub(crate) chapters: Vec<Page>,
}

/// What a page is in the book: it decides its `epub:type` and how it is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Kind {
    /// A page before the first part.
    Preface,
    /// A chapter of a part.
    #[default]
    Chapter,
    /// A chapter of the appendices.
    Appendix,
    /// A page numbered under its chapter (3.1).
    Section,
}

/// One page of the book: a preface page, a chapter (with its sections) or a section.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    /// Preface, chapter, appendix or section.
    pub(crate) kind: Kind,
    /// "Chương 3", "Phụ lục B", "3.1", or "".
    pub(crate) label: String,
    /// The page's title.
    pub(crate) title: String,
    /// Its URL on the site (`SLUG.html`): links from other pages name it.
    pub(crate) url: String,
    /// The body HTML as the site renders it.
    pub(crate) html: String,
    /// The sections of a chapter, in order.
    pub(crate) sections: Vec<Page>,
}

impl Page {
    /// How the page is named in its heading and the navigation: "Chương 3: Tiêu đề",
    /// "3.1 Tiêu đề", or the title alone.
    pub(crate) fn name(&self) -> String {
        match (self.label.is_empty(), self.kind) {
            (true, _) => self.title.clone(),
            (false, Kind::Section) => format!("{} {}", self.label, self.title),
            (false, _) => format!("{}: {}", self.label, self.title),
        }
    }

    /// Its `epub:type`.
    pub(crate) fn epub_type(&self) -> &'static str {
        match self.kind {
            Kind::Preface => "preface",
            Kind::Chapter => "chapter",
            Kind::Appendix => "appendix",
            Kind::Section => "subchapter",
        }
    }
}

/// A file that goes into the book as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Asset {
    /// Its file name.
    pub(crate) name: String,
    /// Its content.
    pub(crate) bytes: Vec<u8>,
}

/// Returns the bytes of the file at a site path (`assets/img/x.png`), or `None`.
pub(crate) type Fetch<'a> = &'a (dyn Fn(&str) -> Option<Vec<u8>> + Sync);

/// What can stop the EPUB from being written.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// The zip could not be written.
    #[error("cannot write the EPUB archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// The book has no page.
    #[error("the book has no chapter to put in the EPUB")]
    Empty,
    /// A file of the project is published where the EPUB goes.
    #[error(
        "{path} is published as `{name}`, where `build --epub` writes the book's EPUB: rename it"
    )]
    Taken {
        /// The file, relative to the project root.
        path: PathBuf,
        /// The EPUB's file name.
        name: String,
    },
}

impl EpubError {
    /// The error as a located diagnostic: at the file that takes the EPUB's place, or at the
    /// command-line flag.
    pub fn diagnostic(&self) -> Diagnostic {
        let path = match self {
            EpubError::Taken { path, .. } => path.clone(),
            _ => PathBuf::from("--epub"),
        };
        Diagnostic::error(path, 0, 0, "epub", self.to_string())
    }
}
