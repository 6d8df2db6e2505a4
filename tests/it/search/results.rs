//! What a search shows and loads, in headless Chromium: every result with its heading and a
//! snippet, words matched whole before words the query only begins (issue 19), the messages
//! taken from the page, and the first search loading only the manifest and byte ranges of the
//! shards of its words and of the sections it shows (issue 16), read over http and whole by
//! `<script>` tags from disk, with the failure message when a file is missing. Every test skips when Chromium is missing.

use std::time::Duration;

use super::browser::{
    assert_clean, open_served, position, ranked, serve_fixture, type_query, Shown, DESKTOP,
};
use crate::support::browser::{self, Tab};
use crate::support::build_real_site;
use crate::support::fixture::copy_dir;
use crate::support::server::StaticServer;

fn assert_heading_and_snippet(query: &str, shown: &[Shown]) {
    assert!(!shown.is_empty(), "{query:?} lists nothing");
    for option in shown {
        assert!(
            !option.heading.trim().is_empty() && !option.excerpt.trim().is_empty(),
            "{query:?}: a result without heading or snippet: {option:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_result_shows_its_heading_and_a_snippet() {
    let Some((server, tab)) = open_served("index.html").await else {
        return;
    };
    tab.click("#hb-search-input").await;
    // "dong bo hoa" lists the top of chapter 2, whose text starts with a heading; the
    // self-assessment headings stand right above their lists' headings.
    for query in [
        "dong bo hoa",
        "tự đánh giá chất lượng",
        "docker compose",
        "gather",
    ] {
        let shown = type_query(&tab, query).await;
        assert_heading_and_snippet(query, &shown);
    }
    let chapter_top = type_query(&tab, "nen tang cua dong bo hoa").await;
    let top = chapter_top
        .iter()
        .find(|s| {
            s.href
                .ends_with("02-os-level-primitives-nen-tang-cua-dong-bo-hoa.html")
        })
        .unwrap_or_else(|| panic!("the top of chapter 2 is listed: {chapter_top:#?}"));
    assert_eq!(
        top.heading, "OS-Level Primitives - Nền tảng của Đồng bộ hóa",
        "the top of a chapter is headed by its title"
    );
    assert_clean(&tab, &server);
}

#[tokio::test(flavor = "multi_thread")]
async fn whole_words_rank_and_highlight_before_words_the_query_only_begins() {
    // A page lists three results at most: the last two sections have a page of their own.
    let chapters = [
        (
            "01-mot/03-hoa.md",
            "Hai cách",
            "03-hoa",
            "## Hoặc thế này\n\nChọn đồng bộ hoặc bất đồng bộ, tùy việc.\n\n\
             ## Đồng bộ hóa luồng\n\nĐồng bộ hóa các luồng bằng khóa.\n",
        ),
        (
            "01-mot/04-ca-hai.md",
            "Cả hai cách",
            "04-ca-hai",
            "## Cả hai\n\nCó thể đồng bộ hoặc không, nhưng đồng bộ hóa thì cần khóa.\n\n\
             ## Rời rạc\n\nĐồng hồ chạy, bộ đếm tăng, rồi hóa đơn được in.\n",
        ),
    ];
    let Some((_fixture, server, tab)) = serve_fixture(&chapters, "03-hoa.html").await else {
        return;
    };
    for query in ["dong bo hoa", "hoa"] {
        let list = ranked(&tab, query).await;
        let (whole, both, apart, prefix) = (
            position(&list, "Đồng bộ hóa luồng"),
            position(&list, "Cả hai"),
            position(&list, "Rời rạc"),
            position(&list, "Hoặc thế này"),
        );
        assert!(
            whole < prefix && both < prefix && apart < prefix,
            "{query:?}: \"hóa\" before \"hoặc\", even apart before together: {list:?}"
        );
    }
    tab.click("#hb-search-input").await;
    let shown = type_query(&tab, "dong bo hoa").await;
    let both = shown
        .iter()
        .find(|s| s.heading == "Cả hai")
        .expect("listed");
    assert!(
        both.marks.iter().any(|m| m == "hóa") && !both.marks.iter().any(|m| m == "hoặc"),
        "a section with the whole word marks it, not the word it begins: {both:#?}"
    );
    let prefix_only = shown.iter().find(|s| s.heading == "Hoặc thế này").unwrap();
    assert!(
        prefix_only.marks.iter().any(|m| m == "hoặc"),
        "a section with the begun word only marks that: {prefix_only:#?}"
    );
    let whole = shown
        .iter()
        .find(|s| s.heading == "Đồng bộ hóa luồng")
        .unwrap();
    assert_eq!(whole.heading_marks, ["Đồng", "bộ", "hóa"]);
    assert_clean(&tab, &server);
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_come_from_the_search_box_attributes() {
    let Some((server, tab)) = open_served("index.html").await else {
        return;
    };
    tab.click("#hb-search-input").await;
    type_query(&tab, "xqzvbw").await;
    let message = "document.querySelector('.hb-search-message').textContent";
    assert_eq!(tab.eval::<String>(message).await, "Không tìm thấy kết quả");
    tab.exec(
        "(() => { const box = document.querySelector('.hb-search');
           box.setAttribute('data-text-none', 'No results');
           box.setAttribute('data-text-count', '{n} results'); })()",
    )
    .await;
    type_query(&tab, "xqzvbwy").await;
    assert_eq!(tab.eval::<String>(message).await, "No results");
    let shown = type_query(&tab, "gather").await;
    let status: String = tab
        .eval("document.querySelector('.hb-search-status').textContent")
        .await;
    assert_eq!(status, format!("{} results", shown.len()));
    assert_clean(&tab, &server);
}

/// The search files a page loaded, one entry per request: `(path under assets/search/, bytes
/// received)`, a range's bytes for a range.
pub(super) const LOADED: &str = "performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/assets/search/'))
    .map(e => [e.name.split('/assets/search/')[1].split('?')[0], e.decodedBodySize])";

#[tokio::test(flavor = "multi_thread")]
async fn the_first_search_reads_the_ranges_of_its_words_shards_and_of_the_results_it_shows() {
    let Some((server, tab)) = open_served("index.html").await else {
        return;
    };
    tab.click("#hb-search-input").await;
    let manifest_only = format!("JSON.stringify({LOADED}.map(e => e[0])) === '[\"meta.js\"]'");
    assert!(
        tab.wait_for(&manifest_only, Duration::from_secs(10)).await,
        "focusing the box loads the manifest alone"
    );
    // Pasted: each prefix typed would load what its own results show.
    let count: i64 = tab.eval("handbookSearch.run('dong bo')").await;
    let shown = super::browser::shown(&tab).await;
    assert_eq!(shown.len() as i64, count);
    let loaded: Vec<(String, u64)> = tab.eval(LOADED).await;
    let reads = |file: &str| loaded.iter().filter(|(p, _)| p == file).count();
    assert_eq!(
        reads("meta.js") + reads("words.js") + reads("text.js"),
        loaded.len(),
        "{loaded:?}"
    );
    assert!(
        (1..=2).contains(&reads("words.js")),
        "one range of shards per word at most: {loaded:?}"
    );
    // A page's head, then its sections: consecutive pages' heads and sections in one range.
    assert!(
        (2..=2 * shown.len()).contains(&reads("text.js")),
        "{} ranges of text.js for {} results",
        reads("text.js"),
        shown.len()
    );
    let ranged: Vec<u16> = server
        .requests()
        .iter()
        .filter(|(url, _)| url.contains("/words.js") || url.contains("/text.js"))
        .map(|(_, status)| *status)
        .collect();
    assert!(
        !ranged.is_empty() && ranged.iter().all(|s| *s == 206),
        "each read of words.js and text.js is a range: {ranged:?}"
    );
    let site = build_real_site().join("assets/search");
    let whole: u64 = walkdir::WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum();
    let fetched: u64 = loaded.iter().map(|(_, bytes)| bytes).sum();
    assert!(
        fetched * 20 < whole,
        "searching \"dong bo\" loads {fetched} of the index's {whole} bytes"
    );
    assert_clean(&tab, &server);
}

/// A page whose manifest is from an earlier build, the site having been built again since it
/// was loaded (a deploy while a reader has the page open), notices it from the lengths of the
/// ranges it reads, loads the manifest again and finds the new text.
#[tokio::test(flavor = "multi_thread")]
async fn a_search_after_the_site_was_built_again_reloads_the_manifest() {
    let chapter = |extra: &str| {
        format!("{extra}## Kiến trúc\n\nMột đoạn văn về kiến trúc hệ thống.\n\n## Bộ nhớ\n\nBộ nhớ đệm.\n")
    };
    let first = chapter("");
    let chapters = [("01-mot/01-a.md", "Chương một", "01-a", first.as_str())];
    let Some((fixture, server, tab)) = serve_fixture(&chapters, "01-a.html").await else {
        return;
    };
    assert!(
        !ranked(&tab, "kiến trúc").await.is_empty(),
        "the first build's index answers"
    );
    // The same chapter with a new first section: every byte of the index moves.
    let moved = "## Ngựa vằn\n\nMột con ngựa vằn đứng trước mọi mục, dài hơn mục cũ nhiều lần.\n\n";
    fixture.chapter("01-mot/01-a.md", "Chương một", "01-a", &chapter(moved));
    fixture.build().0.assert_success();
    let listed = ranked(&tab, "ngựa vằn").await;
    assert_eq!(
        position(&listed, "Ngựa vằn"),
        0,
        "the new section is found: {listed:?}"
    );
    let manifests = server
        .requests()
        .iter()
        .filter(|(url, _)| url.ends_with("/meta.js"))
        .count();
    assert_eq!(manifests, 2, "the manifest is loaded again, once");
    assert_clean(&tab, &server);
}

/// How each search file the page loaded came: `fetch`, or `script` for a `<script>` tag.
const INITIATORS: &str = "performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/assets/search/'))
    .map(e => e.initiatorType)";

/// Types `query` into a freshly opened page and waits for the failure message the page's search
/// box carries, with no result listed.
async fn shows_the_failure_message(tab: &Tab, query: &str) -> bool {
    tab.click("#hb-search-input").await;
    tab.type_text(query).await;
    let failed = "(() => { const m = document.querySelector('.hb-search-message');
        const text = document.querySelector('.hb-search').getAttribute('data-text-failed');
        return !!text && !m.hidden && m.textContent === text
          && !document.querySelector('.hb-search-result'); })()";
    tab.wait_for(failed, Duration::from_secs(10)).await
}

/// Over http(s) the index files are fetched and parsed as JSON, not run as scripts; a site
/// opened from disk loads them with `<script>` tags. Either way, a file that cannot be loaded
/// shows the page's failure message instead of results.
#[tokio::test(flavor = "multi_thread")]
async fn index_files_are_fetched_over_http_and_a_missing_one_says_so_on_either_path() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let server = StaticServer::serve(build_real_site(), "/handbook/");
    let tab = browser
        .open(&server.url("index.html"), DESKTOP.0, DESKTOP.1)
        .await;
    tab.click("#hb-search-input").await;
    assert!(!type_query(&tab, "dong bo").await.is_empty());
    let initiators: Vec<String> = tab.eval(INITIATORS).await;
    assert!(
        initiators.len() > 2 && initiators.iter().all(|i| i == "fetch"),
        "{initiators:?}"
    );
    assert_clean(&tab, &server);

    let broken = tempfile::tempdir().unwrap();
    copy_dir(build_real_site(), broken.path());
    std::fs::remove_file(broken.path().join("assets/search/words.js")).unwrap();
    let served = StaticServer::serve(broken.path(), "/handbook/");
    let from_disk = format!("file://{}", broken.path().join("index.html").display());
    for url in [served.url("index.html"), from_disk] {
        let tab = browser.open(&url, DESKTOP.0, DESKTOP.1).await;
        assert!(
            shows_the_failure_message(&tab, "dong bo").await,
            "{url}: no failure message when the shards are missing"
        );
    }
}
