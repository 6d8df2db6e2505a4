//! The search box for keyboard, mouse and screen reader users, and under a sub-path: a
//! combobox whose listbox of results says what is shown and chosen, a status line announcing
//! the number of results, options that hold nothing focusable, and a site built for
//! `https://example.org/hb/` searching from any page, the 404 page of a missing deep URL
//! included. Every test skips when Chromium is missing.

use std::time::Duration;

use super::browser::{assert_clean, open_served, type_query};
use crate::support::browser;
use crate::support::fixture::Fixture;
use crate::support::server::StaticServer;

const WAIT: Duration = Duration::from_secs(10);

/// An attribute of the search input, or "" when absent.
fn input_attr(name: &str) -> String {
    format!("document.querySelector('#hb-search-input').getAttribute({name:?}) || ''")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_search_box_is_a_combobox_that_announces_its_results() {
    let Some((server, tab)) = open_served("index.html").await else {
        return;
    };
    assert_eq!(tab.eval::<String>(&input_attr("role")).await, "combobox");
    assert_eq!(
        tab.eval::<String>(&input_attr("aria-expanded")).await,
        "false"
    );
    let controls: String = tab.eval(&input_attr("aria-controls")).await;
    let popup = format!("document.getElementById({controls:?}).getAttribute('role')");
    assert_eq!(tab.eval::<String>(&popup).await, "listbox");

    tab.click("#hb-search-input").await;
    let shown = type_query(&tab, "gather").await;
    assert!(shown.len() >= 2, "{shown:#?}");
    assert_eq!(
        tab.eval::<String>(&input_attr("aria-expanded")).await,
        "true"
    );
    let status: String = tab
        .eval("document.querySelector('[role=status]').textContent")
        .await;
    assert_eq!(
        status,
        format!("{} kết quả", shown.len()),
        "the live region"
    );
    let focusable: usize = tab
        .eval("document.querySelectorAll('#hb-search-results [href], #hb-search-results [tabindex], #hb-search-results button, #hb-search-results input').length")
        .await;
    assert_eq!(focusable, 0, "options hold nothing focusable");

    tab.press("ArrowDown").await;
    tab.press("ArrowDown").await;
    let active: String = tab.eval(&input_attr("aria-activedescendant")).await;
    let selected = format!(
        "document.getElementById({active:?}).getAttribute('aria-selected') === 'true' && document.activeElement.id === 'hb-search-input'"
    );
    assert!(
        tab.eval::<bool>(&selected).await,
        "the active option is selected and focus stays in the box"
    );
    tab.press("Tab").await;
    assert!(
        tab.eval::<bool>("document.activeElement.classList.contains('hb-search-panel') && !document.querySelector('.hb-search-panel').hidden")
            .await,
        "Tab reaches the open list, which scrolls"
    );
    tab.click("#hb-search-input").await;
    tab.press("Escape").await;
    assert_eq!(
        tab.eval::<String>(&input_attr("aria-expanded")).await,
        "false"
    );
    assert_eq!(
        tab.eval::<String>(&input_attr("aria-activedescendant"))
            .await,
        ""
    );

    let nothing = type_query(&tab, "xqzvbw").await;
    assert!(nothing.is_empty());
    let status: String = tab
        .eval("document.querySelector('[role=status]').textContent")
        .await;
    assert_eq!(status, "Không tìm thấy kết quả");
    assert_clean(&tab, &server);
}

#[tokio::test(flavor = "multi_thread")]
async fn clicking_a_result_opens_its_section() {
    let Some((server, tab)) = open_served("index.html").await else {
        return;
    };
    tab.click("#hb-search-input").await;
    let shown = type_query(&tab, "gather").await;
    let target = &shown[1].href;
    tab.click("#hb-search-option-1").await;
    let arrived = format!("location.href === {target:?} && document.readyState === 'complete'");
    assert!(
        tab.wait_for(&arrived, WAIT).await,
        "clicking the second result did not open {target}"
    );
    assert_clean(&tab, &server);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_built_for_a_sub_path_searches_from_its_pages_and_its_404_page() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let fixture = Fixture::new();
    let out = fixture.out();
    fixture
        .run(&[
            "build",
            "--base-url",
            "https://example.org/hb/",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert_success();
    let server = StaticServer::serve(&out, "/hb/");
    for page in ["index.html", "khong/co/trang-nay.html"] {
        let tab = browser.open(&server.url(page), 1280, 800).await;
        tab.click("#hb-search-input").await;
        let shown = type_query(&tab, "dong bo").await;
        assert!(!shown.is_empty(), "{page}: no results");
        for option in &shown {
            assert!(
                option.href.starts_with(&server.url("")),
                "{page}: a result outside /hb/: {}",
                option.href
            );
            let (status, _, _) = crate::support::server::get(&option.href);
            assert_eq!(status, 200, "{page}: {}", option.href);
        }
        assert_eq!(tab.console_errors(), Vec::<String>::new(), "{page}");
    }
    let loaded: Vec<(String, u16)> = server.requests();
    assert!(
        loaded
            .iter()
            .filter(|(url, _)| url.contains("/assets/search/"))
            .all(|(url, status)| url.starts_with("/hb/assets/search/")
                && [200, 206].contains(status)),
        "{loaded:?}"
    );
    let unanswered: Vec<(String, u16)> = server
        .unanswered()
        .into_iter()
        .filter(|(url, _)| !url.ends_with("/trang-nay.html"))
        .collect();
    assert!(unanswered.is_empty(), "{unanswered:?}");
}
