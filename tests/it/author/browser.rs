//! The test book in headless Chromium, served under a sub-path as GitHub Pages serves a
//! project site: every page loads with no failed request and no console error, formulas are
//! laid out as MathML, every image loads, callouts are styled in both themes.

use super::{book, build, READING_ORDER};
use crate::support::browser;
use crate::support::server::StaticServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_book_under_a_sub_path_loads_whole_with_formulas_images_and_callouts() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let (dir, root) = book();
    let out = dir.path().join("public");
    build(&root, &out);
    let server = StaticServer::serve(&out, "/sach/");
    let tab = browser.open(&server.base, 1280, 900).await;
    browser::settle(&tab).await;
    let mut problems = Vec::new();
    for page in READING_ORDER.iter().chain(&["index.html", "print.html"]) {
        tab.goto(&server.url(page)).await;
        browser::settle(&tab).await;
        let laid_out: serde_json::Value = tab
            .eval(
                "({ math: [...document.querySelectorAll('math')].filter(m => m.getBoundingClientRect().width < 1).length,
                    images: [...document.querySelectorAll('main img')].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src) })",
            )
            .await;
        if laid_out["math"].as_u64() != Some(0)
            || laid_out["images"].as_array().is_some_and(|a| !a.is_empty())
        {
            problems.push(format!("{page}: {laid_out}"));
        }
    }
    problems.extend(tab.console_errors().iter().map(|e| format!("console: {e}")));
    problems.extend(tab.failed_requests().iter().map(|e| format!("failed: {e}")));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(server.unanswered().is_empty(), "{:?}", server.unanswered());

    tab.goto(&server.url("01-binh-phuong-toi-thieu.html")).await;
    browser::settle(&tab).await;
    let colour = "getComputedStyle(document.querySelector('.callout-warning')).borderLeftColor";
    let light: String = tab.eval(colour).await;
    tab.prefer_color_scheme("dark").await;
    let dark: String = tab.eval(colour).await;
    assert_ne!(
        light, dark,
        "the callout has a colour of its own in each theme"
    );
    let title: String = tab
        .eval("document.querySelector('.callout-warning .callout-title').textContent")
        .await;
    assert_eq!(title, "Cảnh báo");
}
