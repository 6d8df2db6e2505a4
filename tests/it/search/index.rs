//! The index through the library: what it holds, the files it writes (decoded back), and the
//! incremental update the dev server uses, which must give the bytes of a fresh build.

use std::collections::BTreeMap;

use handbook::output::OutputFile;
use handbook::search::Section;
use handbook::search::{self, Doc, SearchIndex};

use super::{nfd, section};
use crate::support::{project_root, search_data as data};

fn index_of(sections: &[Section]) -> SearchIndex {
    SearchIndex::new(&[Doc {
        url: "a.html",
        label: "Chương 1",
        title: "Tiêu đề",
        sections,
    }])
}

/// The index of the real book.
fn real_index() -> SearchIndex {
    let builder = handbook::build::Builder::new(&project_root(), None).unwrap();
    let site = builder.load().unwrap().site;
    SearchIndex::new(&search::docs(&site))
}

fn by_path(files: Vec<OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Base-64 VLQ numbers, as `static/assets/js/search.js` reads them.
fn vlq(text: &str) -> Vec<u32> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut value, mut shift) = (Vec::new(), 0, 0);
    for c in text.chars() {
        let d = DIGITS.find(c).unwrap() as u32;
        value |= (d & 31) << shift;
        shift += 5;
        if d & 32 == 0 {
            out.push(value);
            (value, shift) = (0, 0);
        }
    }
    out
}

/// `(page, section, weight)` of an encoded list of postings.
fn postings(numbers: &[u32]) -> Vec<(u32, u32, u32)> {
    let (mut page, mut section) = (0, 0);
    numbers
        .chunks(3)
        .map(|p| {
            if p[0] > 0 {
                (page, section) = (page + p[0], p[1]);
            } else {
                section += p[1];
            }
            (page, section, p[2])
        })
        .collect()
}

#[test]
fn every_diacritic_variant_is_kept_with_its_exact_form() {
    let index = index_of(&[
        section("a", "Đường đi", "Con đường và dương cầm, đương nhiên.", ""),
        section("b", "Khác", "Không có gì.", ""),
    ]);
    let variants: Vec<&str> = index.variants("duong").iter().map(|t| t.exact).collect();
    assert_eq!(
        variants,
        ["dương", "đương", "đường"],
        "sorted by exact form"
    );
    let road = index.term("đường").unwrap();
    assert_eq!(road.postings.len(), 1);
    let weight = road.postings[0].weight;
    assert_eq!(
        (weight >> 2, weight & 2 != 0, weight & 1 != 0),
        (2, true, true),
        "twice, in the heading and in the prose"
    );
}

#[test]
fn nfd_content_indexes_the_same_terms_as_nfc() {
    let text = "Đồng bộ hóa dữ liệu giữa các luồng";
    let a = index_of(&[section("x", "Mục", text, "")]);
    let b = index_of(&[section("x", "Mục", &nfd(text), "")]);
    let terms = |i: &SearchIndex| i.terms().map(|t| t.exact.to_owned()).collect::<Vec<_>>();
    assert_eq!(terms(&a), terms(&b));
    assert_eq!(a.files(), b.files(), "the same files, byte for byte");
}

#[test]
fn code_only_terms_are_marked_and_the_page_title_has_a_section() {
    let index = index_of(&[section(
        "s",
        "Gộp kết quả",
        "Dùng asyncio.gather để chờ.",
        "results = await asyncio.gather(a, b)",
    )]);
    let page = &index.pages()[0];
    assert_eq!(page.sections[0].id, "", "the top of the page has a section");
    assert_eq!(page.sections[0].heading, "Tiêu đề");
    let title = index.term("tiêu").unwrap().postings[0];
    assert_eq!(title.weight & 2, 2, "the chapter title counts as a heading");
    let results = index.term("results").unwrap().postings[0];
    assert_eq!(
        results.weight & 1,
        0,
        "a word only in code blocks is marked so"
    );
    let gather = index.term("gather").unwrap().postings[0];
    assert_eq!(
        (gather.section, gather.weight >> 2, gather.weight & 1),
        (1, 2, 1)
    );
}

#[test]
fn every_result_has_a_snippet_even_under_a_bare_heading() {
    let index = index_of(&[
        section("a", "Phần A", "", ""),
        section("a-1", "Mục con", "Văn bản của mục con.", ""),
        section("b", "Cấu hình", "", "services:\n  web:  {}"),
    ]);
    let shown: Vec<(&str, &str)> = index.pages()[0]
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("Tiêu đề", "Văn bản của mục con."),
            ("Phần A", "Văn bản của mục con."),
            ("Mục con", "Văn bản của mục con."),
            ("Cấu hình", "services: web: {}"),
        ],
        "a heading without text shows the next text; one with only code shows its code"
    );
}

/// Byte offsets from a layout (`start size…` in VLQ, the manifest's or a head's): value `k`
/// is `at[k]..at[k + 1] - 2`.
pub(super) fn offsets(layout: &serde_json::Value) -> Vec<usize> {
    vlq(layout.as_str().unwrap())
        .iter()
        .scan(0, |at, n| {
            *at = if *at == 0 {
                *n as usize
            } else {
                *at + *n as usize
            };
            Some(*at)
        })
        .collect()
}

/// Value `k` of a packed file, read by its byte range as the browser reads it.
fn read_range(file: &[u8], at: &[usize], k: usize) -> serde_json::Value {
    serde_json::from_slice(&file[at[k]..at[k + 1] - 2]).unwrap()
}

#[test]
fn shards_heads_and_sections_decode_by_their_byte_ranges() {
    let index = real_index();
    let files = by_path(index.files());
    assert_eq!(files.len(), 3, "{:?}", files.keys());
    let (_, meta) = data(&files["assets/search/meta.js"]);
    assert_eq!(meta["v"], 4);
    let keys: Vec<&str> = meta["shards"].as_str().unwrap().split(' ').collect();
    assert!(keys.len() > 5, "{} shards", keys.len());
    let words = &files["assets/search/words.js"];
    let (key, whole) = data(words);
    assert_eq!(key, "words");
    let at = offsets(&meta["words"]);
    assert_eq!(at.len(), keys.len() + 1);
    let (mut seen, mut last_word) = (0, String::new());
    for (i, key) in keys.iter().enumerate() {
        let shard = read_range(words, &at, i);
        assert_eq!(
            shard, whole[i],
            "shard {i} read by its range is shard {i} of the file"
        );
        let words = shard["words"].as_str().unwrap();
        let first = words.split(' ').next().unwrap();
        let shorter = key.char_indices().last().map_or("", |(end, _)| &key[..end]);
        assert!(
            first.starts_with(key)
                && if i == 0 {
                    key.is_empty()
                } else {
                    **key > *last_word && shorter <= &*last_word
                },
            "shard {i}: its key {key:?} is the shortest start of {first:?} after {last_word:?}"
        );
        last_word = words
            .lines()
            .last()
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .to_owned();
        let encoded: Vec<&str> = shard["postings"].as_str().unwrap().split(',').collect();
        let exacts = words.lines().flat_map(|l| l.split(' ').skip(1));
        for (exact, encoded) in exacts.zip(&encoded) {
            let term = index
                .term(exact)
                .unwrap_or_else(|| panic!("{exact} in shard {i}"));
            let shipped = postings(&vlq(encoded));
            assert_eq!(
                shipped.len(),
                term.postings.len().min(search::postings::SHIPPED),
                "{exact}: its best postings ship"
            );
            for (page, section, weight) in shipped {
                assert!(
                    term.postings.iter().any(
                        |p| (p.page, p.section, u32::from(p.weight)) == (page, section, weight)
                    ),
                    "{exact}: ({page}, {section}) decoded from its shard is one of its postings"
                );
            }
            seen += 1;
        }
    }
    assert_eq!(seen, index.terms().count(), "every term is in one shard");

    let text = &files["assets/search/text.js"];
    let (_, whole) = data(text);
    let heads = offsets(&meta["heads"]);
    let pages = index.pages();
    assert_eq!(heads.len(), pages.len() + 1);
    let gather = index.term("gather").unwrap().postings;
    let gather = gather
        .iter()
        .find(|p| p.weight & 1 == 1)
        .expect("in some prose");
    let head = read_range(text, &heads, gather.page as usize);
    let page = &pages[gather.page as usize];
    assert_eq!(head[0], page.url.as_str());
    assert_eq!(head[2], page.title.as_str());
    let at = offsets(&head[4]);
    assert_eq!(at.len(), page.sections.len() + 1);
    let first = head[3].as_u64().unwrap() as usize;
    for (s, section) in page.sections.iter().enumerate() {
        let shown = read_range(text, &at, s);
        assert_eq!(
            shown,
            whole[first + s],
            "section {s} by its range and in the file"
        );
        assert_eq!(shown[1], section.heading.as_str());
    }
    let shown = read_range(text, &at, gather.section as usize);
    assert!(
        shown[2].as_str().unwrap().to_lowercase().contains("gather"),
        "{shown}"
    );
}

#[test]
fn the_real_book_index_finds_gather_and_dong_bo() {
    let index = real_index();
    let gather = index.term("gather").expect("`gather` is indexed");
    let heading_hit = gather.postings.iter().any(|p| {
        let page = &index.pages()[p.page as usize];
        let s = &page.sections[p.section as usize];
        p.weight & 2 != 0 && s.heading.contains("asyncio.gather") && !s.id.is_empty()
    });
    assert!(
        heading_hit,
        "a section titled with asyncio.gather holds `gather` in its heading"
    );
    assert!(index.term("asyncio.gather").is_some());
    assert!(index.term("run_in_executor").is_some());
    assert!(index.variants("dong").iter().any(|t| t.exact == "đồng"));
}

#[test]
fn building_twice_gives_the_same_bytes() {
    let builder = handbook::build::Builder::new(&project_root(), None).unwrap();
    let site = builder.load().unwrap().site;
    let docs = search::docs(&site);
    assert_eq!(
        SearchIndex::new(&docs).files(),
        SearchIndex::new(&docs).files()
    );
}
