//! The incremental index of the dev server: after any edit of one chapter, the updated index
//! holds the bytes of an index built afresh, re-encodes only what the edit touched, and lists
//! exactly the files that changed.

use std::collections::BTreeMap;

use handbook::output::OutputFile;
use handbook::search::Section;
use handbook::search::{Doc, SearchIndex};

use crate::support::{project_root, search_data};

/// The real book's chapters, owned so that tests can edit them.
pub(super) struct Book {
    /// `(url, label, title, sections)` of each page.
    pub(super) pages: Vec<(String, String, String, Vec<Section>)>,
}

impl Book {
    pub(super) fn real() -> Self {
        let builder = handbook::build::Builder::new(&project_root(), None).unwrap();
        let site = builder.load().unwrap().site;
        let pages = handbook::search::docs(&site)
            .iter()
            .map(|d| {
                let owned = (d.url.to_owned(), d.label.to_owned(), d.title.to_owned());
                (owned.0, owned.1, owned.2, d.sections.to_vec())
            })
            .collect();
        Book { pages }
    }

    fn doc(&self, i: usize) -> Doc<'_> {
        let (url, label, title, sections) = &self.pages[i];
        Doc {
            url,
            label,
            title,
            sections,
        }
    }

    pub(super) fn docs(&self) -> Vec<Doc<'_>> {
        (0..self.pages.len()).map(|i| self.doc(i)).collect()
    }
}

fn by_path(files: Vec<OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Each page's sections as `text.js` holds them (`[id, heading, text]` each), found through
/// the pages' heads at the end of the file.
fn sections_by_page(files: &BTreeMap<String, Vec<u8>>) -> Vec<Vec<serde_json::Value>> {
    let (_, text) = search_data(&files["assets/search/text.js"]);
    let values = text.as_array().unwrap();
    let (_, meta) = search_data(&files["assets/search/meta.js"]);
    let pages = super::index::offsets(&meta["heads"]).len() - 1;
    values[values.len() - pages..]
        .iter()
        .map(|head| {
            let first = head[3].as_u64().unwrap() as usize;
            let count = super::index::offsets(&head[4]).len() - 1;
            values[first..first + count].to_vec()
        })
        .collect()
}

/// The pages whose sections differ between two versions of the index.
fn pages_changed(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Vec<usize> {
    let (before, after) = (sections_by_page(before), sections_by_page(after));
    (0..before.len().max(after.len()))
        .filter(|&i| before.get(i) != after.get(i))
        .collect()
}

/// Applies `edit` to page `page`, refreshes `index` with the whole book, and checks it against a fresh build and
/// against the files it says changed. Returns the paths it wrote and the pages whose sections
/// changed.
fn edit_and_check(
    book: &mut Book,
    index: &mut SearchIndex,
    page: usize,
    edit: impl FnOnce(&mut Vec<Section>),
) -> (Vec<String>, Vec<usize>) {
    let before = by_path(index.files());
    edit(&mut book.pages[page].3);
    let started = std::time::Instant::now();
    index.refresh(&book.docs());
    let updated = started.elapsed();
    let after = by_path(index.files());
    let started = std::time::Instant::now();
    let fresh = by_path(SearchIndex::new(&book.docs()).files());
    println!(
        "page {page} updated in {:.1} ms; built afresh in {:.1} ms",
        updated.as_secs_f64() * 1000.0,
        started.elapsed().as_secs_f64() * 1000.0
    );
    assert!(
        after == fresh,
        "the updated index differs from a fresh build"
    );
    let changes = index.changed_files();
    let written: Vec<String> = changes.written.iter().map(|f| f.path.clone()).collect();
    let expected_written: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path.clone())
        .collect();
    let expected_removed: Vec<String> = before
        .keys()
        .filter(|path| !after.contains_key(*path))
        .cloned()
        .collect();
    assert_eq!(written, expected_written, "written files");
    assert_eq!(changes.removed, expected_removed, "removed files");
    assert!(changes.removed.is_empty(), "{:?}", changes.removed);
    (written, pages_changed(&before, &after))
}

fn fresh_index(book: &Book) -> SearchIndex {
    let mut index = SearchIndex::new(&book.docs());
    let all = index.changed_files();
    assert_eq!(
        all.written.len(),
        index.files().len(),
        "a new index is all changes"
    );
    assert!(
        index.changed_files().written.is_empty(),
        "changes are reported once"
    );
    index
}

#[test]
fn a_sentence_added_to_one_chapter_touches_its_sections_and_a_few_shards() {
    let mut book = Book::real();
    let mut index = fresh_index(&book);
    let (written, pages) = edit_and_check(&mut book, &mut index, 3, |sections| {
        sections[2]
            .text
            .push_str(" Câu mới về ngữ cảnh zyxwvu được thêm vào.");
    });
    let stats = index.stats();
    println!("one sentence added: {stats:?}, files written: {written:?}");
    assert_eq!(
        written,
        [
            "assets/search/meta.js",
            "assets/search/text.js",
            "assets/search/words.js"
        ]
    );
    assert_eq!(pages, [3], "the sections of the edited page alone change");
    assert!(
        stats.shards_assembled * 3 <= stats.shards,
        "{} of {} shards assembled",
        stats.shards_assembled,
        stats.shards
    );
    assert!(
        stats.terms_encoded < 40,
        "{} terms encoded",
        stats.terms_encoded
    );
}

#[test]
fn a_heading_inserted_and_removed_renumbers_one_chapter_only() {
    let mut book = Book::real();
    let mut index = fresh_index(&book);
    let inserted = Section {
        id: "muc-moi".into(),
        title: "Mục mới".into(),
        text: "Một đoạn ngắn về đồng bộ hóa.".into(),
        code: String::new(),
    };
    let (_, pages) = edit_and_check(&mut book, &mut index, 5, |s| s.insert(1, inserted));
    assert_eq!(pages, [5]);
    let (_, pages) = edit_and_check(&mut book, &mut index, 5, |s| {
        s.remove(1);
    });
    assert_eq!(pages, [5]);
}

#[test]
fn a_chapter_emptied_and_refilled_loses_and_gets_back_its_sections() {
    let mut book = Book::real();
    let mut index = fresh_index(&book);
    let original = book.pages[7].3.clone();
    let (_, pages) = edit_and_check(&mut book, &mut index, 7, Vec::clear);
    assert_eq!(pages, [7]);
    let emptied = sections_by_page(&by_path(index.files()))[7].len();
    assert_eq!(
        emptied, 1,
        "the emptied chapter keeps the top of its page alone"
    );
    edit_and_check(&mut book, &mut index, 7, |s| *s = original);
    assert_eq!(
        by_path(index.files()),
        by_path(SearchIndex::new(&Book::real().docs()).files())
    );
}

#[test]
fn words_that_appear_and_vanish_keep_the_index_equal_to_a_fresh_one() {
    let mut book = Book::real();
    let mut index = fresh_index(&book);
    let originals: Vec<String> = book.pages.iter().map(|p| p.3[0].text.clone()).collect();
    for (page, word) in [(0, "aaaaqwerty"), (12, "zzzzqwerty"), (0, "mmmmqwerty")] {
        let original = &originals[page];
        edit_and_check(&mut book, &mut index, page, |s| {
            s[0].text = format!("{word} {}", original.replace("asyncio", "asyncioo"));
        });
    }
    assert!(
        index.term("aaaaqwerty").is_none(),
        "a word that left the book"
    );
    assert!(index.term("mmmmqwerty").is_some());
}

#[test]
fn a_chapter_removed_rebuilds_and_leaves_the_other_chapters_sections() {
    let mut book = Book::real();
    let mut index = fresh_index(&book);
    let before = by_path(index.files());
    let last = book.pages.len() - 1;
    book.pages.remove(last);
    index.refresh(&book.docs());
    let after = by_path(index.files());
    assert!(after == by_path(SearchIndex::new(&book.docs()).files()));
    let changes = index.changed_files();
    let written: Vec<&str> = changes.written.iter().map(|f| f.path.as_str()).collect();
    assert!(changes.removed.is_empty(), "{:?}", changes.removed);
    assert_eq!(
        pages_changed(&before, &after),
        [last],
        "the last chapter's sections go"
    );
    for path in &written {
        assert_ne!(
            before.get(*path),
            after.get(*path),
            "{path} is listed but unchanged"
        );
    }
    let stats = index.refresh(&book.docs());
    assert_eq!(
        (stats.files_changed, stats.terms_encoded),
        (0, 0),
        "an unchanged book changes nothing"
    );
}
