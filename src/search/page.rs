//! One page's share of the index: its sections as the browser shows them, and its terms with
//! the sections that hold them.
//!
//! Input: a [`Doc`] (one chapter: URL, label, title and the plain-text [`Section`]s the Markdown
//! stage collected). Output: a [`PageIndex`]. Pages are counted independently of each other, in
//! parallel for a full build, so that editing a chapter replaces its share alone.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::lexicon::Lexicon;
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

/// One page's sections and terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageIndex {
    /// URL relative to the site root.
    pub url: String,
    /// "Chương 3", in NFC.
    pub label: String,
    /// The chapter's title, in NFC.
    pub title: String,
    /// The searchable sections, the top of the page first; postings number them from 0.
    pub sections: Vec<SectionEntry>,
    /// Every term of the page, by id.
    pub terms: Vec<PageTerm>,
    /// The terms' hits, one after the other: `(section number, weight)` in section order; see
    /// [`weight`].
    pub hits: Vec<(u32, u8)>,
}

impl PageIndex {
    /// The hits of one of the page's terms.
    pub fn hits(&self, term: &PageTerm) -> &[(u32, u8)] {
        &self.hits[term.hits.start as usize..term.hits.end as usize]
    }

    /// The page's term with this id, if it has it.
    pub fn term(&self, id: u32) -> Option<&PageTerm> {
        let at = self.terms.binary_search_by_key(&id, |t| t.id).ok()?;
        Some(&self.terms[at])
    }
}

/// One searchable section: a heading and the text under it (or the top of a page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionEntry {
    /// The heading's anchor id; "" for the top of the page.
    pub id: String,
    /// The heading's text (the chapter title for the top of the page), in NFC.
    pub heading: String,
    /// What a result shows under its heading, one line in NFC: the section's prose; for a
    /// section without prose, its code; for one with neither (a heading right above another
    /// heading), the next section's text.
    pub text: String,
}

/// One term of a page and where its hits are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTerm {
    /// The term's id in the [`Lexicon`].
    pub id: u32,
    /// Its hits, a range of [`PageIndex::hits`].
    pub hits: Range<u32>,
}

/// Counts above this are stored as this.
pub const MAX_COUNT: u32 = 63;

/// How often, and where, a word or term occurs in one section.
#[derive(Debug, Clone, Copy, Default)]
pub struct Count {
    /// Occurrences in the heading, prose and code.
    pub count: u32,
    /// In the heading (or, for the top of a page, the chapter's title or label).
    pub heading: bool,
    /// In the prose or inline code (not only in code blocks).
    pub prose: bool,
}

impl Count {
    fn add(&mut self, other: Count) {
        self.count += other.count;
        self.heading |= other.heading;
        self.prose |= other.prose;
    }
}

const IN_HEADING: Count = Count {
    count: 1,
    heading: true,
    prose: false,
};
const IN_PROSE: Count = Count {
    count: 1,
    heading: false,
    prose: true,
};
const IN_CODE: Count = Count {
    count: 1,
    heading: false,
    prose: false,
};

/// `min(count, 63) × 4 + 2 × in_heading + in_prose`: one byte.
pub fn weight(c: Count) -> u8 {
    (c.count.min(MAX_COUNT) * 4 + 2 * u32::from(c.heading) + u32::from(c.prose)) as u8
}

/// The parts of a [`weight`].
pub fn count_of(weight: u8) -> Count {
    Count {
        count: u32::from(weight >> 2),
        heading: weight & 2 != 0,
        prose: weight & 1 != 0,
    }
}

/// The top of a page whose text starts with a heading.
static NO_TEXT: Section = Section {
    id: String::new(),
    title: String::new(),
    text: String::new(),
    code: String::new(),
};

/// The words of one page, counted per section: the first half of indexing a page, which needs
/// no [`Lexicon`] (so pages are counted in parallel before the lexicon learns their words).
///
/// The page's distinct words are listed once, and each section's counts refer to them by
/// number: a chapter repeats its words from section to section, so the lexicon then learns, and
/// [`PageWords::index`] looks up, each word once per page rather than once per section.
pub struct PageWords<'a> {
    doc: Doc<'a>,
    sections: Vec<&'a Section>,
    /// The page's distinct words, in the order they first occur.
    words: Vec<&'a str>,
    /// `(section number, word number, count)`, section by section.
    counts: Vec<(u32, u32, Count)>,
}

impl<'a> PageWords<'a> {
    /// Counts the words of every section of `doc`. The top of the page always gets a section,
    /// titled after the chapter (and holding its label), so the chapter's title finds the page
    /// even when its text starts with a heading.
    pub fn count(doc: &Doc<'a>) -> Self {
        let needs_top = !doc.sections.first().is_some_and(|s| s.id.is_empty());
        let sections: Vec<&Section> = needs_top
            .then_some(&NO_TEXT)
            .into_iter()
            .chain(doc.sections)
            .collect();
        let mut counter = Counter::default();
        for (section, number) in sections.iter().zip(0..) {
            counter.section(doc, section, number);
        }
        PageWords {
            doc: *doc,
            sections,
            words: counter.words,
            counts: counter.counts,
        }
    }

    /// Every distinct word of the page.
    pub fn words(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.words.iter().copied()
    }

    /// The page's share of the index, once `lexicon` has learnt its words.
    pub fn index(&self, lexicon: &Lexicon) -> PageIndex {
        let sections = shown_sections(&self.doc, &self.sections);
        let terms: Vec<&[u32]> = self.words.iter().map(|w| lexicon.terms_of(w)).collect();
        // Every (term, section) pair, then sorted: one allocation for the page, not one per
        // term.
        let mut found: Vec<(u32, u32, Count)> = Vec::with_capacity(self.counts.len());
        for &(number, word, c) in &self.counts {
            found.extend(terms[word as usize].iter().map(|&id| (id, number, c)));
        }
        found.sort_unstable_by_key(|&(id, number, _)| (id, number));
        let (terms, hits) = merge_hits(found);
        PageIndex {
            url: self.doc.url.to_owned(),
            label: tokens::nfc(self.doc.label),
            title: tokens::nfc(self.doc.title),
            sections,
            terms,
            hits,
        }
    }
}

/// Sorted `(term, section, count)` triples as terms and their hits, the counts of a term in
/// one section (from several words) summed.
fn merge_hits(found: Vec<(u32, u32, Count)>) -> (Vec<PageTerm>, Vec<(u32, u8)>) {
    let mut terms: Vec<PageTerm> = Vec::new();
    let mut hits: Vec<(u32, Count)> = Vec::with_capacity(found.len());
    for (id, number, c) in found {
        let at = hits.len() as u32;
        let term = match terms.last_mut() {
            Some(term) if term.id == id => term,
            _ => {
                terms.push(PageTerm { id, hits: at..at });
                terms.last_mut().expect("pushed")
            }
        };
        match hits.last_mut() {
            Some((n, sum)) if !term.hits.is_empty() && *n == number => sum.add(c),
            _ => hits.push((number, c)),
        }
        term.hits.end = hits.len() as u32;
    }
    let hits = hits.into_iter().map(|(n, c)| (n, weight(c))).collect();
    (terms, hits)
}

/// Counts a page's words section by section ([`PageWords::count`]).
#[derive(Default)]
struct Counter<'a> {
    /// Word → its number in `words`.
    numbers: FastMap<&'a str, u32>,
    words: Vec<&'a str>,
    /// For each word, where its last count is in `counts`: the section being counted holds it
    /// when that is at or after `section_start` (`usize::MAX` before its first count).
    at: Vec<usize>,
    counts: Vec<(u32, u32, Count)>,
    section_start: usize,
}

impl<'a> Counter<'a> {
    /// Counts the words of one section: its heading (for the top of the page, the chapter's
    /// title and label), prose and code.
    fn section(&mut self, doc: &Doc<'a>, section: &'a Section, number: u32) {
        self.section_start = self.counts.len();
        if section.id.is_empty() {
            self.text(doc.title, IN_HEADING, number);
            self.text(doc.label, IN_HEADING, number);
        } else {
            self.text(&section.title, IN_HEADING, number);
        }
        self.text(&section.text, IN_PROSE, number);
        self.text(&section.code, IN_CODE, number);
    }

    fn text(&mut self, text: &'a str, one: Count, number: u32) {
        for word in tokens::words(text) {
            let next = self.words.len() as u32;
            let word_number = *self.numbers.entry(word).or_insert(next);
            if word_number == next {
                self.words.push(word);
                self.at.push(usize::MAX);
            }
            let at = self.at[word_number as usize];
            if (self.section_start..self.counts.len()).contains(&at) {
                self.counts[at].2.add(one);
            } else {
                self.at[word_number as usize] = self.counts.len();
                self.counts.push((number, word_number, one));
            }
        }
    }
}

/// The sections as results show them: heading and snippet text.
fn shown_sections(doc: &Doc<'_>, sections: &[&Section]) -> Vec<SectionEntry> {
    let mut shown: Vec<SectionEntry> = sections
        .iter()
        .map(|s| {
            let prose = one_line(&s.text);
            SectionEntry {
                id: s.id.clone(),
                heading: tokens::nfc(if s.id.is_empty() { doc.title } else { &s.title }),
                text: if prose.is_empty() {
                    one_line(&s.code)
                } else {
                    prose
                },
            }
        })
        .collect();
    // From the end, so that a section without text borrows the next one's.
    let mut next: Option<usize> = None;
    for i in (0..shown.len()).rev() {
        match next {
            Some(j) if shown[i].text.is_empty() => shown[i].text = shown[j].text.clone(),
            _ if !shown[i].text.is_empty() => next = Some(i),
            _ => {}
        }
    }
    shown
}

/// `text` on one line, in NFC, as the browser shows and searches it: runs of whitespace become
/// one space.
fn one_line(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pages_words_are_listed_once_and_counted_per_section() {
        let top = Section {
            text: "chờ gather chờ".into(),
            ..NO_TEXT.clone()
        };
        let a = Section {
            id: "a".into(),
            title: "Gather".into(),
            text: "gather".into(),
            code: "await gather(x)".into(),
        };
        let sections = [top, a];
        let doc = Doc {
            url: "p.html",
            label: "Chương 1",
            title: "Chờ",
            sections: &sections,
        };
        let page = PageWords::count(&doc);
        assert_eq!(
            page.words,
            ["Chờ", "Chương", "1", "chờ", "gather", "Gather", "await", "x"]
        );
        let counts: Vec<(u32, &str, u32, bool, bool)> = page
            .counts
            .iter()
            .map(|&(s, w, c)| (s, page.words[w as usize], c.count, c.heading, c.prose))
            .collect();
        assert_eq!(
            counts,
            [
                (0, "Chờ", 1, true, false),
                (0, "Chương", 1, true, false),
                (0, "1", 1, true, false),
                (0, "chờ", 2, false, true),
                (0, "gather", 1, false, true),
                (1, "Gather", 1, true, false),
                (1, "gather", 2, false, true),
                (1, "await", 1, false, false),
                (1, "x", 1, false, false),
            ]
        );
    }

    #[test]
    fn one_line_joins_words_split_by_any_space() {
        let text = " Đồng\u{a0}bộ\n\n hóa\u{2003}và\u{1680}ệ\u{3000}x\u{85}y «z»\t";
        assert_eq!(one_line(text), "Đồng bộ hóa và ệ x y «z»");
        assert_eq!(one_line(" Đồng  bộ\n\thóa "), "Đồng bộ hóa");
        assert_eq!(one_line("   "), "");
    }
}
