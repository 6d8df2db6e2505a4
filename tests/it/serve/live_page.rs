//! `handbook serve` seen from a real page in headless Chromium: edits appear without a manual
//! reload, at the same scroll position; build errors show as an overlay; the page reconnects
//! after the server restarts.

use std::time::Duration;

use super::client::Server;
use super::{append, chapter};
use crate::support;

#[tokio::test(flavor = "multi_thread")]
async fn an_open_chapter_shows_an_edit_without_a_manual_reload() {
    let Some(browser) = support::browser::launch().await else {
        return;
    };
    let fixture = support::fixture::Fixture::new();
    let (path, _) = chapter(fixture.root(), 1);
    let long: String = (1..=150)
        .map(|i| format!("\n\nĐoạn văn số {i} cho dài trang."))
        .collect();
    std::fs::write(&path, append(&path, &long)).unwrap();
    let root = fixture.root().to_path_buf();
    let server = tokio::task::spawn_blocking(move || Server::start(&root, "/sub/"))
        .await
        .unwrap();
    let (path, page) = chapter(fixture.root(), 1);
    let tab = browser
        .open(&format!("{}{page}", server.url), 1024, 700)
        .await;
    // The script connects, then the edit arrives without any action of ours.
    assert!(
        tab.wait_for(
            "window.__handbookLive?.connected === true",
            Duration::from_secs(20)
        )
        .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    tab.exec("(window.__handbook_marker = 1, window.scrollTo(0, 1500))")
        .await;
    let before: f64 = tab.eval("window.scrollY").await;
    assert!(before > 1000.0, "the page is too short to scroll: {before}");
    std::fs::write(&path, append(&path, "\n\nbrowser-live-marker\n")).unwrap();
    let shown = tab
        .wait_for(
            "document.body.innerText.includes('browser-live-marker')",
            Duration::from_secs(60),
        )
        .await;
    assert!(
        shown,
        "the edit did not appear; stderr:\n{}",
        server.stderr()
    );
    // It was the live-reload script that reloaded the page, not us.
    let marker: bool = tab.eval("window.__handbook_marker === undefined").await;
    assert!(marker);
    // …and kept the reader where they were.
    assert!(
        tab.wait_for(
            &format!("Math.abs(window.scrollY - {before}) < 5"),
            Duration::from_secs(5)
        )
        .await
    );
    // A broken edit shows the overlay in the open page, and fixing it removes the overlay.
    std::fs::write(&path, "---\ntitle: [broken\n---\n").unwrap();
    assert!(
        tab.wait_for(
            "!!document.getElementById('handbook-build-error')",
            Duration::from_secs(60)
        )
        .await
    );
    let overlay: String = tab
        .eval("document.getElementById('handbook-build-error').innerText")
        .await;
    assert!(overlay.contains("content/"), "{overlay}");
    let chapter_text = format!(
        "---\ntitle: Đồng bộ hóa\nslug: {}\n---\n\nfixed-marker\n",
        page.trim_end_matches(".html")
    );
    std::fs::write(&path, chapter_text).unwrap();
    assert!(tab.wait_for("document.body.innerText.includes('fixed-marker') && !document.getElementById('handbook-build-error')", Duration::from_secs(60)).await);
    assert!(
        tab.console_errors().is_empty(),
        "{:?}",
        tab.console_errors()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_open_page_reconnects_after_the_server_restarts() {
    let Some(browser) = support::browser::launch().await else {
        return;
    };
    let fixture = support::fixture::Fixture::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let start = {
        let root = fixture.root().to_path_buf();
        move || Server::start_with(&root, "/", &["--port", &port])
    };
    let server = tokio::task::spawn_blocking(start.clone()).await.unwrap();
    let (path, page) = chapter(fixture.root(), 0);
    let tab = browser
        .open(&format!("{}{page}", server.url), 1024, 700)
        .await;
    let connected = "window.__handbookLive?.connected === true";
    assert!(tab.wait_for(connected, Duration::from_secs(20)).await);
    drop(server);
    assert!(
        tab.wait_for(
            "window.__handbookLive?.connected === false",
            Duration::from_secs(20)
        )
        .await
    );
    // Edited while the server is down: the restarted server has a new build, and the page
    // reloads by itself once it reconnects.
    std::fs::write(&path, append(&path, "\nafter-restart-marker\n")).unwrap();
    let _server = tokio::task::spawn_blocking(start).await.unwrap();
    let shown = tab
        .wait_for(
            "document.body.innerText.includes('after-restart-marker')",
            Duration::from_secs(30),
        )
        .await;
    assert!(shown, "the page did not come back after the restart");
}
