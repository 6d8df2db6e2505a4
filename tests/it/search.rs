//! Search: words and folding here; the index and its files through the library ([`index`]);
//! the incremental index of the dev server ([`update`]); the search box of the real site and of
//! small fixtures in headless Chromium ([`browser`], [`results`]); books ten times the
//! handbook ([`scaled`]) and the figures printed by `benches/search.sh` ([`figures`]).

mod browser;
mod browser_a11y;
mod figures;
mod index;
mod results;
mod scaled;
mod update;

use handbook::search::{self, Section};

fn section(id: &str, title: &str, text: &str, code: &str) -> Section {
    Section {
        id: id.into(),
        title: title.into(),
        text: text.into(),
        code: code.into(),
    }
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
