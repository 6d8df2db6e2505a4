//! The search box in headless Chromium: the real site served under `/handbook/` and opened
//! from disk, what the first search loads, and a fixture whose sections test the ranking. Every
//! test skips when Chromium is missing (fails with `HANDBOOK_REQUIRE_BROWSER=1`).

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::nfd;
use crate::support::browser::{self, Tab};
use crate::support::build_real_site;
use crate::support::fixture::Fixture;
use crate::support::server::StaticServer;

pub(super) const DESKTOP: (u32, u32) = (1280, 800);
const WAIT: Duration = Duration::from_secs(10);

/// One option of the results list, as shown.
#[derive(Debug, Deserialize)]
pub(super) struct Shown {
    pub href: String,
    pub heading: String,
    pub excerpt: String,
    pub text: String,
    pub marks: Vec<String>,
    pub heading_marks: Vec<String>,
}

/// Types `query` into the (focused) search box and returns the options shown once the list is
/// the one for `query` (the list carries the query it answers in `data-query`).
pub(super) async fn type_query(tab: &Tab, query: &str) -> Vec<Shown> {
    tab.exec("(() => { const i = document.querySelector('#hb-search-input'); i.value = ''; i.dispatchEvent(new Event('input')); })()").await;
    tab.type_text(query).await;
    let settled = format!(
        "window.handbookSearch && document.querySelector('#hb-search-input').value === {query:?} && !document.querySelector('.hb-search-panel').hidden && document.querySelector('#hb-search-results').getAttribute('data-query') === {query:?}"
    );
    assert!(
        tab.wait_for(&settled, WAIT).await,
        "no results list for {query:?}"
    );
    shown(tab).await
}

/// The options of the results list.
pub(super) async fn shown(tab: &Tab) -> Vec<Shown> {
    tab.eval(
        "Array.from(document.querySelectorAll('#hb-search-results [role=option]')).map(o => {
           const part = c => o.querySelector(c) ? o.querySelector(c).textContent : '';
           const marks = c => Array.from(o.querySelectorAll(c + ' mark')).map(m => m.textContent);
           return { href: o.getAttribute('data-href'), heading: part('.hb-search-heading'),
             excerpt: part('.hb-search-excerpt'), text: o.textContent,
             marks: marks(''), heading_marks: marks('.hb-search-heading') }; })",
    )
    .await
}

fn page_text(site: &Path, href: &str) -> String {
    let file = href.rsplit('/').next().unwrap().split('#').next().unwrap();
    let html = std::fs::read_to_string(site.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    crate::support::html::text(&html).to_lowercase()
}

pub(super) async fn open_served(path: &str) -> Option<(StaticServer, Tab)> {
    let browser = browser::launch().await?;
    let server = StaticServer::serve(build_real_site(), "/handbook/");
    let tab = browser.open(&server.url(path), DESKTOP.0, DESKTOP.1).await;
    Some((server, tab))
}

pub(super) fn assert_clean(tab: &Tab, server: &StaticServer) {
    assert_eq!(tab.console_errors(), Vec::<String>::new(), "console errors");
    assert_eq!(
        tab.failed_requests(),
        Vec::<String>::new(),
        "failed requests"
    );
    let bad = server.unanswered();
    assert!(
        bad.is_empty(),
        "requests the server could not answer: {bad:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn dong_bo_lists_pages_with_dong_bo_and_exact_diacritics_rank_first() {
    let Some((server, tab)) = open_served("index.html").await else {
        return;
    };
    let site = build_real_site();
    let requested = |s: &StaticServer| {
        s.requests()
            .iter()
            .any(|(url, _)| url.contains("assets/search/meta.js"))
    };
    assert!(
        !requested(&server),
        "the index is loaded only when the reader starts to search"
    );
    tab.press("/").await;
    assert!(
        tab.eval::<bool>("document.activeElement.id === 'hb-search-input'")
            .await,
        "`/` focuses the search box"
    );

    let folded = type_query(&tab, "dong bo").await;
    assert!(
        folded.len() >= 3,
        "\"dong bo\" lists several sections: {folded:#?}"
    );
    for shown in &folded {
        assert!(
            shown.href.starts_with(&server.base),
            "result links stay under the sub-path: {}",
            shown.href
        );
        assert!(
            page_text(site, &shown.href).contains("đồng bộ"),
            "{} does not contain \"đồng bộ\"",
            shown.href
        );
    }
    assert!(requested(&server), "the index came from the sub-path");

    for query in ["đồng bộ".to_owned(), nfd("đồng bộ")] {
        let exact = type_query(&tab, &query).await;
        let first = exact.first().expect("results for \"đồng bộ\"");
        assert!(
            first.text.to_lowercase().contains("đồng bộ"),
            "first result for {query:?} lacks \"đồng bộ\": {first:#?}"
        );
        assert!(
            first.marks.iter().any(|m| m.to_lowercase() == "đồng"),
            "matched words are marked: {first:#?}"
        );
    }

    assert_clean(&tab, &server);
}

#[tokio::test(flavor = "multi_thread")]
async fn gather_finds_the_asyncio_gather_section_and_gibberish_nothing() {
    let Some((server, tab)) = open_served("01-su-phat-trien-cua-cac-mo-hinh-tinh-toan.html").await
    else {
        return;
    };
    tab.click("#hb-search-input").await;
    let shown = type_query(&tab, "gather").await;
    let hit = shown
        .iter()
        .take(3)
        .find(|s| s.heading.contains("asyncio.gather"));
    let hit = hit.unwrap_or_else(|| {
        panic!("no section on asyncio.gather among the first results: {shown:#?}")
    });
    assert!(
        hit.href.contains(".html#"),
        "the result opens the section's anchor: {}",
        hit.href
    );
    assert!(hit.marks.iter().any(|m| m == "gather"));

    let prefix = type_query(&tab, "asyncio.gat").await;
    assert!(
        prefix.iter().any(|s| s.text.contains("asyncio.gather")),
        "prefix of an identifier: {prefix:#?}"
    );
    let parts = type_query(&tab, "executor").await;
    assert!(
        parts
            .iter()
            .any(|s| s.text.contains("run_in_executor") || s.text.contains("Executor")),
        "{parts:#?}"
    );

    let nothing = type_query(&tab, "xqzvbw").await;
    assert!(nothing.is_empty(), "gibberish lists nothing: {nothing:#?}");
    let message: String = tab
        .eval("document.querySelector('.hb-search-message').textContent")
        .await;
    assert_eq!(message, "Không tìm thấy kết quả");
    assert_clean(&tab, &server);
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_moves_through_results_and_enter_opens_the_anchor() {
    let Some((server, tab)) = open_served("index.html").await else {
        return;
    };
    tab.exec("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }))").await;
    assert!(
        tab.eval::<bool>("document.activeElement.id === 'hb-search-input'")
            .await,
        "Ctrl-K focuses the search box"
    );
    let shown = type_query(&tab, "gather").await;
    assert!(shown.len() >= 2);
    let selected = "Array.from(document.querySelectorAll('#hb-search-results [role=option]')).findIndex(o => o.getAttribute('aria-selected') === 'true')";
    tab.press("ArrowDown").await;
    assert_eq!(tab.eval::<i64>(selected).await, 0);
    tab.press("ArrowDown").await;
    assert_eq!(tab.eval::<i64>(selected).await, 1);
    let active: String = tab
        .eval("document.querySelector('#hb-search-input').getAttribute('aria-activedescendant')")
        .await;
    assert_eq!(active, "hb-search-option-1");
    tab.press("ArrowUp").await;
    assert_eq!(tab.eval::<i64>(selected).await, 0);

    tab.press("Escape").await;
    assert!(
        tab.eval::<bool>("document.querySelector('.hb-search-panel').hidden")
            .await,
        "Escape closes the list"
    );
    assert!(
        !tab.eval::<bool>(
            "document.querySelector('#hb-search-input').hasAttribute('aria-activedescendant')"
        )
        .await,
        "a closed list has no active option"
    );
    tab.press("ArrowDown").await;
    assert!(
        !tab.eval::<bool>("document.querySelector('.hb-search-panel').hidden")
            .await,
        "ArrowDown reopens it"
    );
    assert_eq!(
        tab.eval::<i64>(selected).await,
        0,
        "…with the first result selected"
    );

    let target = &shown[0].href;
    tab.press("Enter").await;
    let arrived = format!("location.href === {target:?} && document.readyState === 'complete'");
    assert!(
        tab.wait_for(&arrived, WAIT).await,
        "Enter did not open {target}"
    );
    let id = target.split('#').nth(1).expect("an anchor");
    let exists = format!("!!document.getElementById(decodeURIComponent({id:?}))");
    assert!(
        tab.eval::<bool>(&exists).await,
        "the anchor #{id} exists on its page"
    );
    assert_clean(&tab, &server);
}

#[tokio::test(flavor = "multi_thread")]
async fn search_works_when_the_site_is_opened_from_disk() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let site = build_real_site();
    let url = format!("file://{}", site.join("index.html").display());
    let tab = browser.open(&url, DESKTOP.0, DESKTOP.1).await;
    tab.click("#hb-search-input").await;
    let shown = type_query(&tab, "dong bo").await;
    assert!(!shown.is_empty(), "no results from disk");
    assert!(shown[0].href.starts_with("file://"), "{}", shown[0].href);
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}

/// The headings `search(query)` lists, best first.
pub(super) async fn ranked(tab: &Tab, query: &str) -> Vec<String> {
    let js = format!("handbookSearch.search({query:?}).then(rs => rs.map(r => r.heading))");
    tab.eval(&js).await
}

pub(super) fn position(list: &[String], heading: &str) -> usize {
    list.iter()
        .position(|h| h == heading)
        .unwrap_or_else(|| panic!("{heading:?} is not listed: {list:?}"))
}

/// A fixture with `chapters` (`(path, title, slug, body)`) built, served under `/handbook/`
/// and opened at `page`; `None` without Chromium.
pub(super) async fn serve_fixture(
    chapters: &[(&str, &str, &str, &str)],
    page: &str,
) -> Option<(Fixture, StaticServer, Tab)> {
    let browser = browser::launch().await?;
    let fixture = Fixture::new();
    for (path, title, slug, body) in chapters {
        fixture.chapter(path, title, slug, body);
    }
    let (output, out) = fixture.build();
    output.assert_success();
    let server = StaticServer::serve(&out, "/handbook/");
    let tab = browser.open(&server.url(page), DESKTOP.0, DESKTOP.1).await;
    Some((fixture, server, tab))
}

/// A fixture whose sections pit exact diacritics, folded matches, phrases and single words
/// against each other.
#[tokio::test(flavor = "multi_thread")]
async fn ranking_prefers_exact_diacritics_phrases_and_all_words() {
    let nfd_body = nfd("## Viết nghiêng\n\nChữ nghiêng ngả viết ở dạng NFD.\n");
    let chapters = [
        (
            "01-mot/03-duong.md",
            "Ba chữ",
            "03-duong",
            "## Con đường phía trước\n\nCon đường này dài.\n\n## Dương cầm\n\nTiếng dương cầm vang lên.\n\n\
             ## Đương nhiên\n\nĐiều đó là đương nhiên.\n",
        ),
        (
            "01-mot/04-luong.md",
            "Luồng",
            "04-luong",
            "## Dòng chảy bộ nhớ\n\nDòng dữ liệu đi qua bộ nhớ đệm.\n\n## Cơ chế đồng bộ\n\nCơ chế đồng bộ giữa các luồng.\n\n\
             ## Chỉ có đồng\n\nĐồng hồ chạy.\n",
        ),
        ("01-mot/05-nfd.md", "NFD", "05-nfd", nfd_body.as_str()),
    ];
    let Some((_fixture, server, tab)) = serve_fixture(&chapters, "03-duong.html").await else {
        return;
    };
    assert!(
        tab.eval::<bool>("new Promise(r => handbookSearch.load(r))")
            .await,
        "the index loads"
    );

    let road = ranked(&tab, "đường").await;
    assert_eq!(
        road.first().map(String::as_str),
        Some("Con đường phía trước"),
        "exact diacritics first: {road:?}"
    );
    let any = ranked(&tab, "duong").await;
    for heading in ["Con đường phía trước", "Dương cầm", "Đương nhiên"] {
        position(&any, heading);
    }
    for query in ["đồng bộ", "dong bo", "Đồng Bộ"] {
        let list = ranked(&tab, query).await;
        let (phrase, both, one) = (
            position(&list, "Cơ chế đồng bộ"),
            position(&list, "Dòng chảy bộ nhớ"),
            position(&list, "Chỉ có đồng"),
        );
        assert!(
            phrase < both && both < one,
            "{query:?}: phrase, then both words, then one: {list:?}"
        );
    }
    let slanted = ranked(&tab, "nghieng nga").await;
    assert_eq!(
        slanted.first().map(String::as_str),
        Some("Viết nghiêng"),
        "NFD content, folded query: {slanted:?}"
    );
    let typed_nfd = ranked(&tab, &nfd("nghiêng ngả")).await;
    assert_eq!(
        typed_nfd.first().map(String::as_str),
        Some("Viết nghiêng"),
        "NFD query: {typed_nfd:?}"
    );
    assert!(ranked(&tab, "xqzvbw").await.is_empty());
    assert_clean(&tab, &server);
}

/// A word being typed matches every word it begins, also those the index put in later shards:
/// two thousand words beginning with `mayday` fill several shards, and the section whose
/// heading holds the last of them ranks first for `mayd`.
#[tokio::test(flavor = "multi_thread")]
async fn a_typed_prefix_matches_its_words_in_every_shard() {
    let many: Vec<String> = (0..2000).map(|i| format!("mayday{i:04}")).collect();
    let body = format!(
        "## Nhật ký\n\n{}\n\n## Maydayzulu khẩn\n\nTín hiệu cuối.\n",
        many.join(" ")
    );
    let chapters = [("01-mot/01-tin.md", "Tín hiệu", "01-tin", body.as_str())];
    let Some((_fixture, server, tab)) = serve_fixture(&chapters, "01-tin.html").await else {
        return;
    };
    assert!(
        tab.eval::<bool>("new Promise(r => handbookSearch.load(r))")
            .await,
        "the manifest loads"
    );
    let listed = ranked(&tab, "mayd").await;
    assert_eq!(position(&listed, "Maydayzulu khẩn"), 0, "{listed:?}");
    let spread: i64 = tab
        .eval(
            "fetch(new URL('assets/search/meta.js', document.querySelector('script[src$=\"search.js\"]').src.replace(/assets\\/js\\/search\\.js$/, ''))).then(r => r.text())
               .then(t => JSON.parse(t.slice(t.indexOf(',') + 1, -3)).shards.split(' ').filter(w => w.startsWith('mayd')).length)",
        )
        .await;
    assert!(spread > 2, "the keys of {spread} shards begin with mayd");
    assert_clean(&tab, &server);
}
