//! Full-text search: the index the browser searches, built from the rendered book.
//!
//! Input: the chapters after stage 6 (each chapter's plain-text sections) as [`Doc`]s. Output:
//! the three [`OutputFile`]s under `assets/search/` ([`encode`] describes them): a small
//! manifest, the words cut into shards by their folded spelling, and the text each result shows.
//! The client (`static/assets/js/search.js`) loads the manifest on the first focus of the search
//! box, then, for each query, reads by byte ranges only the shards of the typed words and the
//! sections of the results it shows, so the first search costs about the same on a book ten
//! times larger, and a build writes three files whatever the size of the book.
//!
//! Steps: [`tokens`] cuts text into words on Unicode boundaries and turns each into exact terms
//! (identifier parts included); [`lexicon`] works each distinct word out once; [`page`] counts
//! the words per section of one page; [`postings`]
//! merges the pages and keeps each term's best postings by impact;
//! [`shards`] cuts the sorted words into files; [`encode`] writes them; [`index`] keeps it all
//! per page so that the dev server can replace one chapter's share ([`SearchIndex::update_page`]).

pub mod encode;
pub mod index;
pub mod lexicon;
pub mod page;
pub mod postings;
pub mod shards;
pub mod tokens;

pub use crate::markdown::Section;
pub use index::{Changes, SearchIndex, Term, UpdateStats};
pub use page::{Doc, PageIndex, SectionEntry};
pub use postings::Posting;
pub use tokens::{exact, fold, terms, words};

use crate::output::OutputFile;
use crate::site::Site;

/// The manifest, relative to the site root: the first file a search loads.
pub const META_PATH: &str = "assets/search/meta.js";

/// The index of the whole book, as the files to publish.
pub fn index_files(site: &Site) -> Vec<OutputFile> {
    SearchIndex::new(&docs(site)).into_files()
}

/// Brings `index` up to `site` ([`SearchIndex::refresh`]): the dev server's index, from its
/// last build (a build makes its index afresh, [`index_files`]).
pub(crate) fn refresh(index: &mut SearchIndex, site: &Site) {
    index.refresh(&docs(site));
}

/// The chapters of `site` as the index reads them, page `i` being `site.pages[i]`.
pub fn docs(site: &Site) -> Vec<Doc<'_>> {
    site.pages
        .iter()
        .map(|p| Doc {
            url: &p.url,
            label: &p.label,
            title: &p.chapter.doc.meta.title,
            sections: &p.chapter.rendered.sections,
        })
        .collect()
}
