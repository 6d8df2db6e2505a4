//! The index of the whole book, kept page by page so that an edit costs one page.
//!
//! Input: the chapters as [`Doc`]s. Output: the files of [`super::encode`]. Every build brings
//! an index up to date with [`SearchIndex::refresh`]: a build starts from an empty index, which
//! is indexed whole ([`SearchIndex::new`]); the dev server keeps the index of its last build,
//! and only the pages whose text changed are indexed again ([`SearchIndex::update_page`]), then
//! [`SearchIndex::changed_files`] lists the files to publish again. Both go through the same
//! steps, so an updated index is byte for byte the index built afresh:
//!
//! 1. each page's words are counted ([`PageWords`]) and the [`Lexicon`] learns the new ones;
//! 2. each page's terms are listed ([`PageWords::index`]) and merged into one [`Table`];
//! 3. each term's postings are encoded once ([`EncodedTerm`]), and again only when they change;
//! 4. the sorted words are cut into shards ([`shards::cut`]); a shard is assembled again only
//!    when it holds a changed term or its bounds moved;
//! 5. the sections' texts are encoded, again only for the page that changed;
//! 6. the shards, the texts and the pages' heads are packed into the three files.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::encode::{self, EncodedTerm, Packed};
use super::lexicon::{Lexicon, TermName};
use super::page::{Doc, PageIndex, PageWords};
use super::postings::{Posting, Table};
use super::shards;
use crate::output::OutputFile;

/// The index of the book and its files.
#[derive(Debug, Default)]
pub struct SearchIndex {
    lexicon: Lexicon,
    pages: Vec<PageIndex>,
    /// Each page's [`page_stamp`], to find the pages an edit changed.
    stamps: Vec<u64>,
    table: Table,
    /// By term id; `None` for terms no page holds.
    encoded: Vec<Option<EncodedTerm>>,
    /// The shards as last assembled, in order.
    shards: Vec<Shard>,
    /// Each page's sections, encoded ([`encode::sections`]).
    texts: Vec<Vec<String>>,
    /// Every file, by site path.
    files: BTreeMap<String, Vec<u8>>,
    /// Paths written (`true`) or removed since the last [`SearchIndex::changed_files`].
    changed: BTreeMap<String, bool>,
    stats: UpdateStats,
}

/// What the last build or update re-did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateStats {
    /// Terms whose postings were encoded.
    pub terms_encoded: usize,
    /// Shards assembled (their bytes may have come out the same).
    pub shards_assembled: usize,
    /// Shards in the index.
    pub shards: usize,
    /// Files whose bytes changed, appeared or went away.
    pub files_changed: usize,
}

/// Files to write and to delete.
#[derive(Debug, Default)]
pub struct Changes {
    /// New or changed files.
    pub written: Vec<OutputFile>,
    /// Site paths of files that are no longer part of the index.
    pub removed: Vec<String>,
}

/// A term as the index holds it.
#[derive(Debug, Clone, Copy)]
pub struct Term<'a> {
    /// Lowercase, NFC, with its diacritics.
    pub exact: &'a str,
    /// Without diacritics.
    pub folded: &'a str,
    /// In page, then section order.
    pub postings: &'a [Posting],
}

impl SearchIndex {
    /// Indexes the book: `docs[i]` is page `i`.
    pub fn new(docs: &[Doc<'_>]) -> Self {
        let words: Vec<PageWords<'_>> = docs.par_iter().map(PageWords::count).collect();
        let mut lexicon = Lexicon::default();
        lexicon.learn(words.iter().flat_map(PageWords::words));
        let pages: Vec<PageIndex> = words.par_iter().map(|w| w.index(&lexicon)).collect();
        drop(words);
        let stamps = docs.par_iter().map(page_stamp).collect();
        let table = Table::new(&pages, &lexicon);
        let encoded = (0..lexicon.len() as u32)
            .into_par_iter()
            .map(|id| {
                Some(table.postings(id))
                    .filter(|p| !p.is_empty())
                    .map(EncodedTerm::of)
            })
            .collect();
        let mut index = SearchIndex {
            lexicon,
            pages,
            stamps,
            table,
            encoded,
            ..SearchIndex::default()
        };
        index.texts = index.pages.par_iter().map(encode::sections).collect();
        index.stats.terms_encoded = index.table.order().len();
        index.assemble_shards(&[]);
        index.write_files();
        index
    }

    /// Brings the index up to `docs`: the pages whose text changed are indexed again. An empty
    /// index, or one whose pages were added or removed, is built afresh; either way
    /// [`SearchIndex::changed_files`] then lists only the files whose bytes changed.
    pub fn refresh(&mut self, docs: &[Doc<'_>]) -> UpdateStats {
        if self.files.is_empty() || docs.len() != self.pages.len() {
            return self.rebuild(docs);
        }
        let stamps: Vec<u64> = docs.par_iter().map(page_stamp).collect();
        let mut total = UpdateStats {
            shards: self.stats.shards,
            ..UpdateStats::default()
        };
        for (i, doc) in docs.iter().enumerate() {
            if stamps[i] == self.stamps[i] {
                continue;
            }
            let stats = self.update_page(i, doc);
            total.terms_encoded += stats.terms_encoded;
            total.shards_assembled += stats.shards_assembled;
            total.files_changed += stats.files_changed;
            total.shards = stats.shards;
        }
        self.stats = total;
        total
    }

    /// Builds the index of `docs` afresh, noting as changed only the files whose bytes differ
    /// from the files last listed (or those still waiting to be listed).
    fn rebuild(&mut self, docs: &[Doc<'_>]) -> UpdateStats {
        let before = std::mem::take(&mut self.files);
        let pending = std::mem::take(&mut self.changed);
        *self = SearchIndex::new(docs);
        let files = &self.files;
        let changed: BTreeMap<String, bool> = before
            .keys()
            .chain(files.keys())
            .chain(pending.keys())
            .filter(|p| before.get(*p) != files.get(*p) || pending.contains_key(*p))
            .map(|p| (p.clone(), files.contains_key(p)))
            .collect();
        self.stats.files_changed = changed.len();
        self.changed = changed;
        self.stats
    }

    /// Replaces page `i` (which must exist) with `doc`. Pages are added or removed by
    /// [`SearchIndex::refresh`].
    pub fn update_page(&mut self, i: usize, doc: &Doc<'_>) -> UpdateStats {
        let words = PageWords::count(doc);
        self.stamps[i] = page_stamp(doc);
        self.lexicon.learn(words.words());
        let old = std::mem::replace(&mut self.pages[i], words.index(&self.lexicon));
        let changed = self
            .table
            .replace_page(i as u32, &old, &self.pages[i], &self.lexicon);
        self.encoded.resize(self.lexicon.len(), None);
        for &id in &changed {
            let postings = self.table.postings(id);
            self.encoded[id as usize] = (!postings.is_empty()).then(|| EncodedTerm::of(postings));
        }
        self.stats = UpdateStats {
            terms_encoded: changed.len(),
            ..UpdateStats::default()
        };
        self.texts[i] = encode::sections(&self.pages[i]);
        let mut dirty: Vec<&str> = changed
            .iter()
            .map(|&id| self.lexicon.name(id).folded.as_str())
            .collect();
        dirty.sort_unstable();
        let dirty: Vec<String> = dirty.into_iter().map(str::to_owned).collect();
        self.assemble_shards(&dirty);
        self.write_files();
        self.stats
    }

    /// Every file of the index.
    pub fn files(&self) -> Vec<OutputFile> {
        self.files
            .iter()
            .map(|(path, bytes)| OutputFile {
                path: path.clone(),
                bytes: bytes.clone(),
            })
            .collect()
    }

    /// Every file of the index, without copying them.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.files
            .into_iter()
            .map(|(path, bytes)| OutputFile { path, bytes })
            .collect()
    }

    /// The files written or removed since the index was made or this was last called.
    pub fn changed_files(&mut self) -> Changes {
        let mut changes = Changes::default();
        for (path, written) in std::mem::take(&mut self.changed) {
            match self.files.get(&path) {
                Some(bytes) if written => changes.written.push(OutputFile {
                    path,
                    bytes: bytes.clone(),
                }),
                _ => changes.removed.push(path),
            }
        }
        changes
    }

    /// What the last build or update re-did.
    pub fn stats(&self) -> UpdateStats {
        self.stats
    }

    /// The pages, in book order.
    pub fn pages(&self) -> &[PageIndex] {
        &self.pages
    }

    /// The term with this exact form, if some page holds it.
    pub fn term(&self, exact: &str) -> Option<Term<'_>> {
        let id = self.lexicon.id(exact)?;
        Some(self.term_by_id(id)).filter(|t| !t.postings.is_empty())
    }

    /// Every term, by folded then exact form.
    pub fn terms(&self) -> impl Iterator<Item = Term<'_>> + '_ {
        self.table.order().iter().map(|&id| self.term_by_id(id))
    }

    /// Every term whose folded form is `folded` (all the diacritic variants of a word).
    pub fn variants(&self, folded: &str) -> Vec<Term<'_>> {
        self.terms().filter(|t| t.folded == folded).collect()
    }

    fn term_by_id(&self, id: u32) -> Term<'_> {
        let name = self.lexicon.name(id);
        Term {
            exact: &name.exact,
            folded: &name.folded,
            postings: self.table.postings(id),
        }
    }

    /// Cuts the words into shards and assembles those that hold a `dirty` folded word (sorted)
    /// or whose bounds changed; the others are kept as they were.
    fn assemble_shards(&mut self, dirty: &[String]) {
        let mut before: BTreeMap<(String, String), String> = std::mem::take(&mut self.shards)
            .into_iter()
            .map(|s| (s.bounds, s.json))
            .collect();
        let terms = self.terms_in_order();
        let plan = shards::plan(&terms);
        let kept: Vec<Option<String>> = plan
            .iter()
            .map(|p| match shards::dirty_within(dirty, &p.bounds) {
                true => None,
                false => before.remove(&p.bounds),
            })
            .collect();
        let fresh = kept.iter().filter(|k| k.is_none()).count();
        let assembled: Vec<Shard> = plan
            .into_par_iter()
            .zip(kept)
            .map(|(p, kept)| Shard {
                json: kept.unwrap_or_else(|| encode::shard(&terms[p.range.clone()])),
                bounds: p.bounds,
            })
            .collect();
        self.stats.shards = assembled.len();
        self.stats.shards_assembled = fresh;
        self.shards = assembled;
    }

    /// Every term that occurs with its encoding, by folded then exact form.
    fn terms_in_order(&self) -> Vec<(&TermName, &EncodedTerm)> {
        self.table
            .order()
            .iter()
            .map(|&id| {
                let encoded = self.encoded[id as usize].as_ref();
                let encoded = encoded.expect("every term that occurs is encoded");
                (self.lexicon.name(id), encoded)
            })
            .collect()
    }

    /// Packs the shards, the sections and the pages' heads into their files, with the
    /// manifest, and stores those whose bytes changed.
    fn write_files(&mut self) {
        let keys = encode::keys(
            self.shards
                .iter()
                .map(|s| (s.bounds.0.as_str(), s.bounds.1.as_str())),
        );
        let words = Packed::new("words", self.shards.iter().map(|s| s.json.as_str()));
        let heads = self.heads();
        let sections = self.texts.iter().flatten().map(String::as_str);
        let text = Packed::new("text", sections.chain(heads.iter().map(String::as_str)));
        let meta = encode::meta(&keys, &words, &text, heads.len());
        self.put(encode::path("words"), words.bytes);
        self.put(encode::path("text"), text.bytes);
        self.put(encode::path("meta"), meta);
    }

    /// Each page's head ([`encode::head`]): its sections come first in `text.js`, page by page.
    fn heads(&self) -> Vec<String> {
        let (mut first, mut at) = (0, Packed::start("text"));
        self.pages
            .iter()
            .zip(&self.texts)
            .map(|(page, texts)| {
                let sizes: Vec<usize> = texts.iter().map(|t| Packed::size(t)).collect();
                let head = encode::head(page, first, at, &sizes);
                first += sizes.len();
                at += sizes.iter().sum::<usize>();
                head
            })
            .collect()
    }

    /// Stores a file, noting it as changed if its bytes differ.
    fn put(&mut self, path: String, bytes: Vec<u8>) {
        if self.files.get(&path) != Some(&bytes) {
            self.changed.insert(path.clone(), true);
            self.stats.files_changed += 1;
            self.files.insert(path, bytes);
        }
    }
}

/// What a page's share of the index is made from, as one number.
fn page_stamp(doc: &Doc<'_>) -> u64 {
    let sections: Vec<[&str; 4]> = doc
        .sections
        .iter()
        .map(|s| [&s.id, &s.title, &s.text, &s.code].map(String::as_str))
        .collect();
    crate::stamp::of(&(doc.url, doc.label, doc.title, sections))
}

/// A shard as assembled: its first and last folded words, and its JSON value.
#[derive(Debug)]
struct Shard {
    bounds: (String, String),
    json: String,
}
