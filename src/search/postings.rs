//! The book's terms and, for each, the sections that hold it: the pages' shares merged.
//!
//! Input: each page's terms ([`PageIndex`]). Output: a [`Table`] giving each term's [`Posting`]s in page
//! and section order, and the order of the terms (folded form, then exact form) that the shards
//! follow. A page's share can be taken out and put back, so an edit costs that page.
//!
//! A term ships with its [`SHIPPED`] best postings by impact ([`impact`]), so that what a
//! query word downloads does not grow with the book: a list of results holds ten sections, and
//! only the commonest syllables (`và`, `của`, `trình`) reach that many on the handbook.

use super::lexicon::Lexicon;
use super::page::{count_of, PageIndex};

/// Postings of a term that ship in its shard: its best sections. A shard's size is fixed
/// ([`super::shards::TARGET`]), so more postings mean more shards, which a word being typed
/// crosses one after the other: on a book ten times the handbook, ten queries typed letter by
/// letter read 1.33 times the bytes they read on the handbook with 256, 1.12 times with 128.
/// And 128 is enough for the handbook's phrases of common syllables ("lập trình bất đồng bộ"):
/// over 30 queries, their ten results are the same but for 6 of 299, and those hold the exact
/// phrase as often.
pub const SHIPPED: usize = 128;

/// Where a term occurs: one section of one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Posting {
    /// Index of the page in the book.
    pub page: u32,
    /// The section's number in the page ([`super::page::section_number`]).
    pub section: u32,
    /// See [`super::page::weight`].
    pub weight: u8,
}

/// How strongly a posting speaks for its section, as the browser scores it
/// (`static/assets/js/search.js`, `field`): a heading outweighs any count in the text, prose
/// outweighs code, and counts add by their order of magnitude.
pub fn impact(weight: u8) -> u32 {
    let c = count_of(weight);
    let heading = if c.heading { 32 } else { 0 };
    heading + if c.prose { 2 } else { 1 } * (1 + c.count.max(1).ilog2())
}

/// The [`SHIPPED`] postings of highest impact among `postings` (in page order), in page order.
/// Ties go to the earlier section.
pub fn best(postings: &[Posting]) -> Vec<Posting> {
    if postings.len() <= SHIPPED {
        return postings.to_vec();
    }
    let mut ranked: Vec<Posting> = postings.to_vec();
    ranked.sort_by_key(|p| (std::cmp::Reverse(impact(p.weight)), p.page, p.section));
    ranked.truncate(SHIPPED);
    ranked.sort_unstable();
    ranked
}

/// Every term's postings, by term id.
#[derive(Debug, Default)]
pub struct Table {
    postings: Vec<Vec<Posting>>,
    /// The ids of the terms that occur, by folded then exact form.
    order: Vec<u32>,
}

impl Table {
    /// The table of `pages`' terms, page `i` being `pages[i]`.
    pub fn new(pages: &[PageIndex], lexicon: &Lexicon) -> Self {
        let mut table = Table {
            postings: vec![Vec::new(); lexicon.len()],
            order: Vec::new(),
        };
        for (page, index) in pages.iter().enumerate() {
            for term in &index.terms {
                table.postings[term.id as usize].extend(postings_of(page as u32, index.hits(term)));
            }
        }
        table.order = (0..lexicon.len() as u32)
            .filter(|&id| !table.postings[id as usize].is_empty())
            .collect();
        table
            .order
            .sort_unstable_by(|a, b| lexicon.name(*a).key().cmp(&lexicon.name(*b).key()));
        table
    }

    /// Replaces page `page`'s postings: `old` is the page as indexed, `new` the page now.
    /// Returns the ids of the terms whose postings changed, sorted.
    pub fn replace_page(
        &mut self,
        page: u32,
        old: &PageIndex,
        new: &PageIndex,
        lexicon: &Lexicon,
    ) -> Vec<u32> {
        if self.postings.len() < lexicon.len() {
            self.postings.resize(lexicon.len(), Vec::new());
        }
        let mut changed: Vec<u32> = old
            .terms
            .iter()
            .filter(|t| new.term(t.id).is_none())
            .map(|t| t.id)
            .chain(
                new.terms
                    .iter()
                    .filter(|t| old.term(t.id).is_none_or(|o| old.hits(o) != new.hits(t)))
                    .map(|t| t.id),
            )
            .collect();
        changed.sort_unstable();
        changed.dedup();
        for &id in &changed {
            let was_there = !self.postings[id as usize].is_empty();
            let postings = &mut self.postings[id as usize];
            let start = postings.partition_point(|p| p.page < page);
            let end = postings.partition_point(|p| p.page <= page);
            let fresh = new
                .term(id)
                .into_iter()
                .flat_map(|t| postings_of(page, new.hits(t)));
            postings.splice(start..end, fresh);
            let is_there = !postings.is_empty();
            if was_there != is_there {
                self.place(id, is_there, lexicon);
            }
        }
        changed
    }

    /// Adds `id` to the order, or takes it out.
    fn place(&mut self, id: u32, present: bool, lexicon: &Lexicon) {
        let key = lexicon.name(id).key();
        let at = self
            .order
            .binary_search_by(|other| lexicon.name(*other).key().cmp(&key));
        match (at, present) {
            (Err(i), true) => self.order.insert(i, id),
            (Ok(i), false) => {
                self.order.remove(i);
            }
            _ => {}
        }
    }

    /// The postings of term `id`, in page order (none for a term no page holds any more).
    pub fn postings(&self, id: u32) -> &[Posting] {
        self.postings.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// The ids of the terms that occur, by folded then exact form.
    pub fn order(&self) -> &[u32] {
        &self.order
    }
}

fn postings_of(page: u32, hits: &[(u32, u8)]) -> impl Iterator<Item = Posting> + '_ {
    hits.iter().map(move |&(section, weight)| Posting {
        page,
        section,
        weight,
    })
}
