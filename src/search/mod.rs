//! Full-text search: the index the browser searches, built from the rendered book.
//!
//! Input: the [`Site`] after stage 6 (each chapter's plain-text sections). Output: one
//! [`OutputFile`], [`INDEX_PATH`], a script that assigns the index to
//! `window.HANDBOOK_SEARCH_INDEX`. A script rather than JSON because `fetch()` of a local file is
//! blocked when the site is opened from disk, while a `<script>` tag still loads; the client
//! (`static/assets/js/search.js`) adds that tag on the first focus of the search box.
//!
//! Steps: [`tokens`] cuts text into words on Unicode boundaries and turns each into exact terms
//! (identifier parts included); [`index`] counts them per section; [`encode`] writes the compact
//! form the client reads. Diacritic folding (đ→d) happens in the browser, on the terms and the
//! query alike, so the index ships each word once, with its diacritics.

pub mod encode;
pub mod index;
pub mod tokens;

pub use crate::markdown::Section;
pub use index::{Doc, Index, Posting, SectionEntry, Term};
pub use tokens::{exact, fold, terms, words};

use crate::output::OutputFile;
use crate::site::Site;

/// Where the index is published, relative to the site root.
pub const INDEX_PATH: &str = "assets/search/search-index.js";

/// The index of the whole book, as the files to publish.
pub fn index_files(site: &Site) -> Vec<OutputFile> {
    let index = build(site);
    vec![OutputFile {
        path: INDEX_PATH.to_owned(),
        bytes: encode::script(&index).into_bytes(),
    }]
}

/// The index of the whole book.
pub fn build(site: &Site) -> Index {
    let docs: Vec<Doc<'_>> = site
        .pages
        .iter()
        .map(|p| Doc {
            url: &p.url,
            label: &p.label,
            title: &p.chapter.doc.meta.title,
            sections: &p.chapter.rendered.sections,
        })
        .collect();
    Index::build(&docs)
}
