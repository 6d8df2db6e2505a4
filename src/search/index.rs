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
//! 5. the sections' texts become fragment files, redone only for the page that changed.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::encode::{self, EncodedTerm};
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
    /// The shards as last assembled: `(first word, last word)` by file name.
    shards: BTreeMap<String, (String, String)>,
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
        let fragments: Vec<(String, Vec<u8>)> = (0..index.pages.len())
            .into_par_iter()
            .flat_map_iter(|i| index.fragments(i))
            .collect();
        for (path, bytes) in fragments {
            index.put(path, bytes);
        }
        index.stats.terms_encoded = index.table.order().len();
        index.assemble_shards(&[]);
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
        let fresh: Vec<(String, Vec<u8>)> = self.fragments(i).collect();
        for chunk in fresh.len()..old.chunks.len() {
            self.delete(&encode::path(&encode::fragment_key(i, chunk)));
        }
        for (path, bytes) in fresh {
            self.put(path, bytes);
        }
        let mut dirty: Vec<&str> = changed
            .iter()
            .map(|&id| self.lexicon.name(id).folded.as_str())
            .collect();
        dirty.sort_unstable();
        let dirty: Vec<String> = dirty.into_iter().map(str::to_owned).collect();
        self.assemble_shards(&dirty);
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

    fn fragments(&self, i: usize) -> impl Iterator<Item = (String, Vec<u8>)> + '_ {
        let page = &self.pages[i];
        (0..page.chunks.len()).map(move |c| {
            let key = encode::fragment_key(i, c);
            (encode::path(&key), encode::fragment(i, page, c))
        })
    }

    /// Cuts the words into shards and assembles those that hold a `dirty` folded word (sorted)
    /// or whose bounds changed, then the manifest.
    fn assemble_shards(&mut self, dirty: &[String]) {
        let terms = self.terms_in_order();
        let plan = shards::plan(&terms);
        let stale: Vec<&shards::Planned> = plan
            .iter()
            .filter(|p| {
                shards::dirty_within(dirty, &p.bounds)
                    || self.shards.get(&p.name) != Some(&p.bounds)
            })
            .collect();
        let assembled: Vec<Assembled> = stale
            .par_iter()
            .map(|p| {
                let key = format!("w/{}", p.name);
                let members = &terms[p.range.clone()];
                Assembled {
                    name: p.name.clone(),
                    shard: encode::shard(&key, members),
                }
            })
            .collect();
        let listed: Vec<(&str, Option<&str>)> = plan
            .iter()
            .map(|p| (p.bounds.0.as_str(), p.listed_name()))
            .collect();
        let meta = encode::meta(&listed);
        let kept: BTreeMap<String, (String, String)> =
            plan.into_iter().map(|p| (p.name, p.bounds)).collect();
        self.stats.shards = kept.len();
        self.stats.shards_assembled = assembled.len();
        self.write_shards(kept, assembled, meta);
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

    /// Stores the assembled shards and the manifest, and drops the shards that are gone.
    fn write_shards(
        &mut self,
        kept: BTreeMap<String, (String, String)>,
        assembled: Vec<Assembled>,
        meta: Vec<u8>,
    ) {
        let gone: Vec<String> = self
            .shards
            .keys()
            .filter(|n| !kept.contains_key(*n))
            .cloned()
            .collect();
        for name in gone {
            self.delete(&shard_path(&name));
        }
        for a in assembled {
            self.put(shard_path(&a.name), a.shard);
        }
        self.put(encode::path("meta"), meta);
        self.shards = kept;
    }

    /// Stores a file, noting it as changed if its bytes differ.
    fn put(&mut self, path: String, bytes: Vec<u8>) {
        if self.files.get(&path) != Some(&bytes) {
            self.changed.insert(path.clone(), true);
            self.stats.files_changed += 1;
            self.files.insert(path, bytes);
        }
    }

    fn delete(&mut self, path: &str) {
        if self.files.remove(path).is_some() {
            self.changed.insert(path.to_owned(), false);
            self.stats.files_changed += 1;
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

/// A shard's file.
struct Assembled {
    name: String,
    shard: Vec<u8>,
}

fn shard_path(name: &str) -> String {
    encode::path(&format!("w/{name}"))
}
