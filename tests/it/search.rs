//! Search: the index (folding, words, identifiers) through the library; the search box of
//! the real site and of a small fixture in headless Chromium ([`browser`]); the figures of
//! issue 6 ([`figures`], printed by `benches/search.sh`).

mod browser;
mod figures;

use handbook::search::Section;
use handbook::search::{self, Doc, Index};

use crate::support::project_root;

// ---------- The index, through the library ----------

fn section(id: &str, title: &str, text: &str, code: &str) -> Section {
    Section {
        id: id.into(),
        title: title.into(),
        text: text.into(),
        code: code.into(),
    }
}

fn index_of(sections: &[Section]) -> Index {
    Index::build(&[Doc {
        url: "a.html",
        label: "Chương 1",
        title: "Tiêu đề",
        sections,
    }])
}

fn nfd(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd().collect()
}

#[test]
fn folding_removes_diacritics_and_maps_d_stroke_for_nfc_and_nfd() {
    for word in ["Đường", "đường", "dương", "đương", "DUONG"] {
        assert_eq!(search::fold(word), "duong", "{word}");
        assert_eq!(search::fold(&nfd(word)), "duong", "{word} in NFD");
    }
    assert_eq!(search::fold("Đồng bộ hóa"), "dong bo hoa");
    assert_eq!(
        search::exact(&nfd("Đồng")),
        "đồng",
        "exact forms are lowercase NFC"
    );
    assert_eq!(search::fold("asyncio.gather"), "asyncio.gather");
}

#[test]
fn words_follow_unicode_boundaries_and_keep_vietnamese_letters() {
    // mdBook's English trimmer turns these into "ng" and "b" (mdBook #1081).
    let words: Vec<&str> =
        search::words("Đồng bộ (đồng-bộ), dữ liệu; “bộ nhớ”… 3.12 và e.g. Phần I").collect();
    assert_eq!(
        words,
        [
            "Đồng", "bộ", "đồng", "bộ", "dữ", "liệu", "bộ", "nhớ", "3.12", "và", "e.g", "Phần", "I"
        ]
    );
    let nfd_text = nfd("Đồng bộ hóa");
    let nfd_words: Vec<String> = search::words(&nfd_text).map(search::exact).collect();
    assert_eq!(
        nfd_words,
        ["đồng", "bộ", "hóa"],
        "combining marks stay inside their word"
    );
}

#[test]
fn code_identifiers_are_indexed_whole_and_by_parts() {
    let words: Vec<&str> =
        search::words("await asyncio.gather(*tasks) và loop.run_in_executor(None, f)").collect();
    assert_eq!(
        words,
        [
            "await",
            "asyncio.gather",
            "tasks",
            "và",
            "loop.run_in_executor",
            "None",
            "f"
        ]
    );
    assert_eq!(
        search::terms("asyncio.gather"),
        ["asyncio.gather", "asyncio", "gather"]
    );
    assert_eq!(
        search::terms("loop.run_in_executor"),
        [
            "loop.run_in_executor",
            "loop",
            "run_in_executor",
            "run",
            "in",
            "executor"
        ]
    );
    assert_eq!(
        search::terms("ThreadPoolExecutor"),
        ["threadpoolexecutor", "thread", "pool", "executor"]
    );
    assert_eq!(search::terms("__init__"), ["__init__", "init"]);
    assert_eq!(search::terms("3.12"), ["3.12"], "numbers are not split");
    assert!(
        search::terms(&"x".repeat(60)).is_empty(),
        "very long tokens are left out"
    );
    assert!(search::terms("").is_empty());
}

#[test]
fn every_diacritic_variant_is_kept_with_its_exact_form() {
    let index = index_of(&[
        section("a", "Đường đi", "Con đường và dương cầm, đương nhiên.", ""),
        section("b", "Khác", "Không có gì.", ""),
    ]);
    let mut variants: Vec<&str> = index
        .variants("duong")
        .iter()
        .map(|t| t.exact.as_str())
        .collect();
    variants.sort();
    assert_eq!(variants, ["dương", "đương", "đường"]);
    let road = index.term("đường").unwrap();
    assert_eq!(road.postings.len(), 1);
    let posting = road.postings[0];
    assert_eq!(
        (posting.count, posting.in_heading, posting.in_prose),
        (2, true, true)
    );
}

#[test]
fn nfd_content_indexes_the_same_terms_as_nfc() {
    let text = "Đồng bộ hóa dữ liệu giữa các luồng";
    let a = index_of(&[section("x", "Mục", text, "")]);
    let b = index_of(&[section("x", "Mục", &nfd(text), "")]);
    let terms = |i: &Index| i.terms.iter().map(|t| t.exact.clone()).collect::<Vec<_>>();
    assert_eq!(terms(&a), terms(&b));
}

#[test]
fn code_only_terms_are_marked_and_the_page_title_has_a_section() {
    let index = index_of(&[section(
        "s",
        "Gộp kết quả",
        "Dùng asyncio.gather để chờ.",
        "results = await asyncio.gather(a, b)",
    )]);
    assert_eq!(
        index.sections[0].id, "",
        "the top of the page gets a section even without intro text"
    );
    assert_eq!(index.sections[0].heading, "Tiêu đề");
    assert!(index.term("tiêu").unwrap().postings[0].in_heading);
    let results = index.term("results").unwrap().postings[0];
    assert!(
        !results.in_prose,
        "a word seen only in code blocks is marked so"
    );
    let gather = index.term("gather").unwrap().postings[0];
    assert_eq!(
        (gather.section, gather.count, gather.in_prose),
        (1, 2, true)
    );
}

#[test]
fn the_real_book_index_finds_gather_and_dong_bo() {
    let builder = handbook::build::Builder::new(&project_root(), None).unwrap();
    let build = builder.load().unwrap();
    let index = search::build(&build.site);
    let gather = index.term("gather").expect("`gather` is indexed");
    let heading_hit = gather.postings.iter().any(|p| {
        let s = &index.sections[p.section as usize];
        p.in_heading && s.heading.contains("asyncio.gather") && !s.id.is_empty()
    });
    assert!(
        heading_hit,
        "a section titled with asyncio.gather holds `gather` in its heading"
    );
    assert!(index.term("asyncio.gather").is_some());
    assert!(index.term("run_in_executor").is_some());
    assert!(index.variants("dong").iter().any(|t| t.exact == "đồng"));
    let script = search::encode::script(&index);
    assert!(script.starts_with("window.HANDBOOK_SEARCH_INDEX=JSON.parse(\""));
    let literal = script
        .trim_end()
        .trim_start_matches("window.HANDBOOK_SEARCH_INDEX=JSON.parse(")
        .trim_end_matches(");");
    let json: String = serde_json::from_str(literal).expect("a JSON string literal");
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON inside");
    assert_eq!(value["v"], 1);
    assert_eq!(
        value["sections"].as_array().unwrap().len(),
        index.sections.len()
    );
}
