//! Accessibility: axe-core (installed by `npm ci --prefix tests/axe`, never fetched from a
//! CDN) finds no violation of WCAG 2.1 A/AA or of its best practices on any page of the real
//! site, in the light and the dark theme, on a desktop and on a phone.
//!
//! Each test skips with a `SKIPPED:` line when Chromium or axe-core is missing, and fails
//! instead with `HANDBOOK_REQUIRE_BROWSER=1`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::support::browser::{self, Tab};
use crate::support::server::StaticServer;
use crate::support::{build_real_site, files_under, project_root};

mod keyboard;

const DESKTOP: (u32, u32) = (1280, 800);
const PHONE: (u32, u32) = (390, 844);

/// The rule sets the site must pass.
const AXE_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']";

/// Where `npm ci --prefix tests/axe` puts axe-core.
fn axe_path() -> PathBuf {
    project_root().join("tests/axe/node_modules/axe-core/axe.min.js")
}

/// axe-core's source, or `None` after a `SKIPPED:` line (a failure under
/// `HANDBOOK_REQUIRE_BROWSER=1`) when it is not installed.
fn axe_source() -> Option<String> {
    let path = axe_path();
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) => {
            let required = std::env::var(browser::REQUIRE_ENV).is_ok_and(|v| v == "1");
            let message = format!(
                "axe-core not found at {} ({e}): run `npm ci --prefix tests/axe`",
                path.display()
            );
            assert!(!required, "{message}, or unset {}", browser::REQUIRE_ENV);
            browser::skip_notice(&format!("SKIPPED: {message}\n"));
            None
        }
    }
}

/// One rule broken on one page.
#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    nodes: Vec<String>,
}

/// How long one page may take: the print view (the whole book, 38,000 elements) takes
/// 12 s alone on a quiet machine.
const AXE_TIMEOUT: Duration = Duration::from_secs(300);

/// Runs axe on the page open in `tab` (axe-core already loaded in it) and returns what it
/// found. The run is started after this call returns, then waited for: on a large page it
/// keeps the page busy for longer than one CDP call may take.
async fn violations(tab: &Tab) -> Vec<Violation> {
    let run = format!(
        "window.__axe = null, setTimeout(() => axe.run(document, {{ runOnly: {{ type: 'tag', values: {AXE_TAGS} }}, resultTypes: ['violations'] }})
           .then(r => window.__axe = r.violations.map(v => ({{ id: v.id, impact: v.impact, help: v.help,
             nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n').slice(1, 3).join(' ')) }})),
             e => window.__axe = String(e)))"
    );
    tab.exec(&run).await;
    assert!(
        tab.wait_for("window.__axe !== null", AXE_TIMEOUT).await,
        "axe did not finish within {AXE_TIMEOUT:?}"
    );
    match tab.eval::<serde_json::Value>("window.__axe").await {
        serde_json::Value::String(error) => panic!("axe failed: {error}"),
        found => serde_json::from_value(found).expect("axe's violations"),
    }
}

/// Every HTML page of the built site, relative to it.
fn pages(site: &Path) -> Vec<String> {
    files_under(site)
        .into_iter()
        .filter(|f| f.ends_with(".html") && !f.contains('/'))
        .collect()
}

/// Runs axe on every page at `size`, in the light then the dark colour scheme, and fails with
/// every violation found.
async fn every_page_passes_axe_at(size: (u32, u32)) {
    let Some(axe) = axe_source() else { return };
    let Some(browser) = browser::launch().await else {
        return;
    };
    let site = build_real_site();
    let server = StaticServer::serve(site, "/handbook/");
    let pages = pages(site);
    let started = Instant::now();
    let tab = browser.open("about:blank", size.0, size.1).await;
    tab.on_every_document(&axe).await;
    let mut found = Vec::new();
    for page in &pages {
        tab.goto(&server.url(page)).await;
        browser::settle(&tab).await;
        for scheme in ["light", "dark"] {
            tab.emulate_media(&[
                ("prefers-color-scheme", scheme),
                ("prefers-reduced-motion", "reduce"),
            ])
            .await;
            // The light code palette sets comments in italics: a switch may start a font load.
            browser::settle(&tab).await;
            for v in violations(&tab).await {
                found.push(format!(
                    "{page} at {}x{}, {scheme}: {} ({}) {}\n    {}",
                    size.0,
                    size.1,
                    v.id,
                    v.impact.unwrap_or_default(),
                    v.help,
                    v.nodes.join("\n    ")
                ));
            }
        }
    }
    // Shown with --nocapture: how long the check takes.
    eprintln!(
        "axe: {} pages at {}x{} in both themes in {:.1?}",
        pages.len(),
        size.0,
        size.1,
        started.elapsed()
    );
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_passes_axe_on_a_desktop() {
    every_page_passes_axe_at(DESKTOP).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_passes_axe_on_a_phone() {
    every_page_passes_axe_at(PHONE).await;
}

/// The first chapter's page, read from the home page's table of contents.
fn first_chapter(site: &Path) -> String {
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    let toc = crate::support::html::element(&home, "<ol class=\"parts\"")
        .expect("the home page lists the parts");
    let (_, _, url) = crate::support::html::urls(toc).into_iter().next().unwrap();
    url
}

/// The levels of a page's headings, in order (`<h2` → 2).
fn heading_levels(html: &str) -> Vec<u8> {
    crate::support::html::tags(html)
        .iter()
        .filter_map(|t| match t.name.as_bytes() {
            [b'h', level @ b'1'..=b'6'] => Some(level - b'0'),
            _ => None,
        })
        .collect()
}

/// A screen reader's outline of each page has one top, and no level missing on the way down.
#[test]
fn every_page_has_one_h1_and_headings_in_order() {
    let site = build_real_site();
    let mut checked = 0;
    for page in pages(site) {
        let html = std::fs::read_to_string(site.join(&page)).unwrap();
        let levels = heading_levels(&html);
        let h1s = levels.iter().filter(|&&l| l == 1).count();
        if page == "print.html" {
            assert!(h1s > 30, "print.html: a title per chapter ({h1s})");
        } else {
            assert_eq!(h1s, 1, "{page}: one h1 ({levels:?})");
        }
        assert_eq!(levels.first(), Some(&1), "{page} starts with its h1");
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{page}: a heading of level {} follows one of level {}",
                pair[1],
                pair[0]
            );
        }
        checked += 1;
    }
    assert!(checked >= 35, "{checked} pages");
}
