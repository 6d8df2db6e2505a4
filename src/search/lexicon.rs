//! The book's vocabulary: each word as written, the exact terms it is indexed under, and each
//! term's folded form, worked out once per distinct word.
//!
//! Input: words from the pages. Output: term ids. Turning a word into terms
//! ([`tokens::terms`]: NFC, lowercase, identifier parts) and folding them is most of the cost of
//! indexing, and a book repeats its words from page to page: a full build works each distinct
//! word out once, in parallel, and the dev server keeps the lexicon, so an edit works out only
//! the words it brings. Ids depend on the order words were first seen, never the output: files
//! order terms by their spelling.

use rayon::prelude::*;
use rustc_hash::{FxHashMap as FastMap, FxHashSet as FastSet};

use super::tokens;

/// An exact term and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermName {
    /// Lowercase, NFC, with its diacritics.
    pub exact: String,
    /// Without diacritics ([`tokens::fold`]), as queries match it.
    pub folded: String,
}

impl TermName {
    /// The order of terms in the index: folded form, then exact form.
    pub fn key(&self) -> (&str, &str) {
        (&self.folded, &self.exact)
    }
}

/// Every word seen so far and its terms.
#[derive(Debug, Default)]
pub struct Lexicon {
    names: Vec<TermName>,
    ids: FastMap<String, u32>,
    /// Word as written → its terms, a range of `word_terms` (one allocation for them all).
    words: FastMap<String, (u32, u32)>,
    word_terms: Vec<u32>,
}

impl Lexicon {
    /// Works out the terms of the words not seen before.
    pub fn learn<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        // Deduplicated by hashing, not sorting: a book repeats its words many times over.
        let new: FastSet<&str> = words
            .into_iter()
            .filter(|w| !self.words.contains_key(*w))
            .collect();
        let new: Vec<&str> = new.into_iter().collect();
        let worked_out: Vec<(&str, Vec<String>)> =
            new.par_iter().map(|w| (*w, tokens::terms(w))).collect();
        let unnamed: FastSet<&str> = worked_out
            .iter()
            .flat_map(|(_, terms)| terms.iter().map(String::as_str))
            .filter(|t| !self.ids.contains_key(*t))
            .collect();
        let unnamed: Vec<&str> = unnamed.into_iter().collect();
        let folded: Vec<String> = unnamed.par_iter().map(|t| tokens::fold(t)).collect();
        for (exact, folded) in unnamed.into_iter().zip(folded) {
            self.ids.insert(exact.to_owned(), self.names.len() as u32);
            self.names.push(TermName {
                exact: exact.to_owned(),
                folded,
            });
        }
        for (word, terms) in worked_out {
            let start = self.word_terms.len() as u32;
            self.word_terms
                .extend(terms.iter().map(|t| self.ids[t.as_str()]));
            self.words
                .insert(word.to_owned(), (start, terms.len() as u32));
        }
    }

    /// The terms of a word [`Lexicon::learn`] has seen.
    pub fn terms_of(&self, word: &str) -> &[u32] {
        self.words.get(word).map_or(&[], |&(start, len)| {
            &self.word_terms[start as usize..(start + len) as usize]
        })
    }

    /// The term with this id.
    pub fn name(&self, id: u32) -> &TermName {
        &self.names[id as usize]
    }

    /// The id of the term with this exact form, if seen.
    pub fn id(&self, exact: &str) -> Option<u32> {
        self.ids.get(exact).copied()
    }

    /// How many terms have ids.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no term has an id yet.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
