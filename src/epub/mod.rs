//! The whole book as one EPUB 3 file, for e-readers and offline reading (`build --epub`).
//!
//! Input: the assembled [`Site`](crate::site::Site) — the same pages, in the same order, with
//! the same rendered HTML as the site — the files the site publishes (fonts with their
//! licences, images beside the chapters) and the texts of the interface. [`from_site`] turns
//! them into a [`book::Book`]: plain data, which the writer turns into the bytes of one `.epub`.
//!
//! Steps of the writer ([`write::write`]):
//! 1. [`outline`]: each page's HTML is parsed once with html5ever (through `scraper`), and
//!    the ids it defines are made valid XML ids, unique in their document; its h2 headings are
//!    collected for the navigation.
//! 2. [`xhtml`]: each tree is written back as well-formed XHTML, keeping only what an EPUB
//!    content document may hold ([`policy`]); links between pages become links between the
//!    EPUB's documents and links to pages that are not in the book leave nothing dangling
//!    ([`links`]); images are fetched and embedded ([`images`]).
//! 3. [`pages`] wraps each body in its document and adds the title page and the font licences;
//!    [`nav`] writes the navigation document (preface, parts, chapters, their sections and h2
//!    headings, nested), [`package`] the package document, [`style`] the stylesheet, and
//!    [`archive`] zips everything, `mimetype` first and stored.
//!
//! Same input, same bytes: files go in a fixed order, and every date (zip entries and
//! `dcterms:modified`) is [`book::Metadata::modified`]; the identifier is derived from the base
//! URL (or title and edition), so a new build of the same book replaces the old one on a
//! reader.

mod archive;
mod book;
mod from_site;
mod ids;
mod images;
mod links;
mod nav;
mod outline;
mod package;
mod pages;
mod policy;
mod style;
mod write;
mod xhtml;

pub use book::EpubError;
pub(crate) use from_site::{epub, file_name, Sources};

#[cfg(test)]
mod tests;
