//! The index itself: which section holds which exact term, how often, and where.
//!
//! Input: the book's chapters as [`Doc`]s (URL, label, title and the plain-text
//! [`Section`]s the Markdown stage collected). Output: an [`Index`] whose terms are sorted by
//! their folded form, then exact form, and whose postings are in section order.

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::tokens;
use crate::markdown::Section;
use rustc_hash::FxHashMap as FastMap;

/// One chapter, as the index sees it.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// The page's URL relative to the site root (`slug.html`).
    pub url: &'a str,
    /// "Chương 3", "Phụ lục B" or "".
    pub label: &'a str,
    /// The chapter's title.
    pub title: &'a str,
    /// The page's sections, in order.
    pub sections: &'a [Section],
}

/// One page of the book in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    /// URL relative to the site root.
    pub url: String,
    /// "Chương 3".
    pub label: String,
    /// The chapter's title.
    pub title: String,
}

/// One searchable section: a heading and the text under it (or a page's top).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionEntry {
    /// Index into [`Index::pages`].
    pub page: u32,
    /// The heading's anchor id; "" for the top of the page.
    pub id: String,
    /// The heading's text (the chapter title for the top of the page).
    pub heading: String,
    /// The prose, whitespace collapsed, for excerpts and phrase checks.
    pub text: String,
}

/// Where a term occurs in one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Index into [`Index::sections`].
    pub section: u32,
    /// Occurrences in the heading, prose and code (capped at [`MAX_COUNT`]).
    pub count: u32,
    /// In the heading (or, for the top of a page, the chapter's title or label).
    pub in_heading: bool,
    /// In the prose or inline code (not only in code blocks).
    pub in_prose: bool,
}

/// Counts above this are stored as this.
pub const MAX_COUNT: u32 = 63;

/// One exact term and the sections that hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Lowercase, NFC, with its diacritics.
    pub exact: String,
    /// In section order.
    pub postings: Vec<Posting>,
}

/// The whole index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// The pages, in reading order.
    pub pages: Vec<PageEntry>,
    /// The sections, in reading order.
    pub sections: Vec<SectionEntry>,
    /// Sorted by folded form, then exact form.
    pub terms: Vec<Term>,
}

impl Index {
    /// Indexes `docs`: words are counted per section in parallel over pages, then each
    /// distinct word is turned into terms once for the whole book.
    pub fn build(docs: &[Doc<'_>]) -> Self {
        let pages: Vec<Vec<(SectionEntry, WordCounts<'_>)>> = docs
            .par_iter()
            .enumerate()
            .map(|(page, doc)| count_page(page as u32, doc))
            .collect();
        let mut index = Index {
            pages: docs.iter().map(PageEntry::of).collect(),
            ..Index::default()
        };
        let mut terms = TermTable::default();
        for (entry, words) in pages.into_iter().flatten() {
            terms.add_section(index.sections.len() as u32, words);
            index.sections.push(entry);
        }
        let mut keyed: Vec<(String, Term)> = terms
            .terms
            .into_par_iter()
            .map(|t| (tokens::fold(&t.exact), t))
            .collect();
        keyed.par_sort_unstable_by(|a, b| (&a.0, &a.1.exact).cmp(&(&b.0, &b.1.exact)));
        index.terms = keyed.into_iter().map(|(_, term)| term).collect();
        index
    }

    /// The term with this exact form, if indexed.
    pub fn term(&self, exact: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.exact == exact)
    }

    /// Every term whose folded form is `folded` (all the diacritic variants of a word).
    pub fn variants(&self, folded: &str) -> Vec<&Term> {
        self.terms
            .iter()
            .filter(|t| tokens::fold(&t.exact) == folded)
            .collect()
    }
}

impl PageEntry {
    fn of(doc: &Doc<'_>) -> Self {
        PageEntry {
            url: doc.url.to_owned(),
            label: tokens::nfc(doc.label),
            title: tokens::nfc(doc.title),
        }
    }
}

/// How often, and where, a word or term occurs in one section.
#[derive(Debug, Clone, Copy, Default)]
struct Count {
    count: u32,
    heading: bool,
    prose: bool,
}

impl Count {
    fn add(&mut self, other: Count) {
        self.count += other.count;
        self.heading |= other.heading;
        self.prose |= other.prose;
    }
}

/// The words of one section, as they are written, with their counts.
type WordCounts<'a> = Vec<(&'a str, Count)>;

/// The top of a page whose text starts with a heading.
static NO_TEXT: Section = Section {
    id: String::new(),
    title: String::new(),
    text: String::new(),
    code: String::new(),
};

/// The sections of one page with their word counts. The top of the page always gets an entry,
/// titled after the chapter (and holding its label), so the chapter's title finds the page even
/// when its text starts with a heading.
fn count_page<'a>(page: u32, doc: &Doc<'a>) -> Vec<(SectionEntry, WordCounts<'a>)> {
    let mut words: FastMap<&'a str, Count> = FastMap::default();
    let mut out = Vec::with_capacity(doc.sections.len() + 1);
    let needs_top = !doc.sections.first().is_some_and(|s| s.id.is_empty());
    for section in needs_top
        .then_some(&NO_TEXT)
        .into_iter()
        .chain(doc.sections)
    {
        let top = section.id.is_empty();
        let heading = if top {
            doc.title
        } else {
            section.title.as_str()
        };
        count_words(
            &mut words,
            heading,
            Count {
                count: 1,
                heading: true,
                prose: false,
            },
        );
        if top {
            count_words(
                &mut words,
                doc.label,
                Count {
                    count: 1,
                    heading: true,
                    prose: false,
                },
            );
        }
        count_words(
            &mut words,
            &section.text,
            Count {
                count: 1,
                heading: false,
                prose: true,
            },
        );
        count_words(
            &mut words,
            &section.code,
            Count {
                count: 1,
                heading: false,
                prose: false,
            },
        );
        let text = collapse_whitespace(&section.text);
        let entry = SectionEntry {
            page,
            id: section.id.clone(),
            heading: tokens::nfc(heading),
            text,
        };
        out.push((entry, words.drain().collect()));
    }
    out
}

fn count_words<'a>(words: &mut FastMap<&'a str, Count>, text: &'a str, one: Count) {
    for word in tokens::words(text) {
        words.entry(word).or_default().add(one);
    }
}

/// The terms of the book with their postings, filled one section at a time.
#[derive(Default)]
struct TermTable<'a> {
    terms: Vec<Term>,
    ids: FastMap<String, u32>,
    /// Word (as written) → its terms: [`tokens::terms`] runs once per distinct word.
    word_terms: FastMap<&'a str, Vec<u32>>,
    /// The current section's counts by term, and which terms it has.
    counts: Vec<Count>,
    touched: Vec<u32>,
}

impl<'a> TermTable<'a> {
    fn add_section(&mut self, section: u32, words: WordCounts<'a>) {
        for (word, c) in words {
            let (terms, ids) = (&mut self.terms, &mut self.ids);
            let term_ids = self.word_terms.entry(word).or_insert_with(|| {
                let mut intern = |exact: String| {
                    *ids.entry(exact).or_insert_with_key(|exact| {
                        terms.push(Term {
                            exact: exact.clone(),
                            postings: Vec::new(),
                        });
                        terms.len() as u32 - 1
                    })
                };
                tokens::terms(word).into_iter().map(&mut intern).collect()
            });
            for &id in term_ids.iter() {
                if self.counts.len() <= id as usize {
                    self.counts.resize(id as usize + 1, Count::default());
                }
                if self.counts[id as usize].count == 0 {
                    self.touched.push(id);
                }
                self.counts[id as usize].add(c);
            }
        }
        for id in self.touched.drain(..) {
            let c = std::mem::take(&mut self.counts[id as usize]);
            let posting = Posting {
                section,
                count: c.count.min(MAX_COUNT),
                in_heading: c.heading,
                in_prose: c.prose,
            };
            self.terms[id as usize].postings.push(posting);
        }
    }
}

/// One line of text in NFC, as the browser shows and searches it: runs of whitespace become
/// one space.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if tokens::is_nfc(&out) {
        out
    } else {
        out.nfc().collect()
    }
}
