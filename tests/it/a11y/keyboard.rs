//! A reader with a keyboard only: Tab reaches every control of a page, in order, and each one
//! shows on screen, uncovered, with a focus ring; the skip link jumps to the text; the phone
//! menu opens, keeps focus and gives it back.

use std::collections::BTreeSet;
use std::time::Duration;

use serde::Deserialize;

use super::{DESKTOP, PHONE};
use crate::support::browser::{self, Browser, Tab};
use crate::support::build_real_site;
use crate::support::server::StaticServer;

/// JavaScript: a name for an element, unique in the page (its path of tags and positions).
const PATH_JS: &str = "function (e) { const parts = [];
    for (; e && e.nodeType === 1 && e !== document.documentElement; e = e.parentElement) {
      const i = e.parentElement ? [...e.parentElement.children].indexOf(e) : 0;
      parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ':' + i);
    }
    return parts.join('>'); }";

/// JavaScript: every control a keyboard must reach: rendered, not inert, not in a closed
/// `<details>` (but its summary), and not taken out of the tab order.
const CONTROLS_JS: &str = "[...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(e => !e.disabled && e.tabIndex >= 0 && !e.closest('[inert]')
      && e.checkVisibility({ visibilityProperty: true })
      && !(e.closest('details:not([open])') && e.tagName !== 'SUMMARY'))
    .map(hbPath)";

/// What the focused element looks like.
#[derive(Debug, Deserialize)]
struct Focused {
    path: String,
    /// Its text or label, for messages.
    name: String,
    /// Inside the viewport, with a size, and the part of its first line on screen not covered
    /// (by the sticky header) at its start or, for a box taller than the screen, its middle.
    on_screen: bool,
    /// An outline or a shadow drawn because it has focus.
    ring: bool,
}

/// JavaScript: the focused element, as [`Focused`] (`null` when nothing is focused).
const FOCUSED_JS: &str = "(() => { const e = document.activeElement;
    if (!e || e === document.body) return null;
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    const line = e.getClientRects()[0] || r;
    const left = Math.max(line.left, 0), right = Math.min(line.right, innerWidth);
    const top = Math.max(line.top, 0), bottom = Math.min(line.bottom, innerHeight);
    const x = Math.min((left + right) / 2, left + 20);
    const shows = y => { const hit = document.elementFromPoint(x, y); return !!hit && (e.contains(hit) || hit.contains(e)); };
    const on_screen = r.width > 0 && r.height > 0 && right > left && bottom > top
      && (shows(Math.min((top + bottom) / 2, top + 20)) || shows((top + bottom) / 2));
    const ring = e.matches(':focus-visible')
      && ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'
          || e.matches('.skip-link'));
    const name = (e.getAttribute('aria-label') || e.textContent || e.id || e.tagName).trim().slice(0, 60);
    return { path: hbPath(e), name, on_screen, ring }; })()";

/// Presses Tab until focus comes back to where it started (or `limit` presses), recording
/// each focused element; fails on one that is off screen, covered or without a ring.
async fn tab_through(tab: &Tab, limit: usize, what: &str) -> Vec<Focused> {
    let mut seen: Vec<Focused> = Vec::new();
    for _ in 0..limit {
        tab.press("Tab").await;
        let Some(focused) = tab.eval::<Option<Focused>>(FOCUSED_JS).await else {
            continue;
        };
        if seen.first().is_some_and(|first| first.path == focused.path) {
            return seen;
        }
        assert!(
            focused.on_screen,
            "{what}: `{}` ({}) is focused but not visible",
            focused.name, focused.path
        );
        assert!(
            focused.ring,
            "{what}: `{}` ({}) shows no focus ring",
            focused.name, focused.path
        );
        seen.push(focused);
    }
    panic!(
        "{what}: focus did not come round in {limit} presses of Tab ({} reached)",
        seen.len()
    );
}

/// Loads `url` afresh (focus at the start of the page) with the helpers above. Motion is
/// reduced, so that a focused element is scrolled into view at once, not smoothly.
async fn load(tab: &Tab, url: &str) {
    tab.emulate_media(&[("prefers-reduced-motion", "reduce")])
        .await;
    tab.goto(url).await;
    browser::settle(tab).await;
    tab.exec(&format!("window.hbPath = {PATH_JS}")).await;
}

/// Every control of each kind of page is reached by Tab, visible and ringed when focused: the
/// home page, the 404 page and the first chapter (with code, a table and a diagram; other
/// chapters have the same controls; the print view, their links again, would take a minute).
async fn every_control_is_reached_at(browser: &Browser, server: &StaticServer, size: (u32, u32)) {
    let chapter = crate::a11y::first_chapter(build_real_site());
    let tab = browser.open("about:blank", size.0, size.1).await;
    for page in ["index.html", chapter.as_str(), "404.html"] {
        let what = format!("{page} at {}x{}", size.0, size.1);
        load(&tab, &server.url(page)).await;
        let controls: BTreeSet<String> = tab.eval(CONTROLS_JS).await;
        let reached = tab_through(&tab, controls.len() + 20, &what).await;
        let reached_paths: BTreeSet<String> = reached.iter().map(|f| f.path.clone()).collect();
        let missed: Vec<&String> = controls.difference(&reached_paths).collect();
        assert!(missed.is_empty(), "{what}: Tab never reaches {missed:?}");
        assert!(
            reached[0].path.contains("a:") && reached[0].name == skip_link_text(&tab).await,
            "{what}: the skip link comes first, not {:?}",
            reached[0]
        );
        assert!(
            reached
                .iter()
                .any(|f| f.path.contains("input#hb-search-input")),
            "{what}: the search box is reached"
        );
    }
}

async fn skip_link_text(tab: &Tab) -> String {
    tab.eval("document.querySelector('.skip-link').textContent.trim()")
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn tab_reaches_every_control_visibly_on_a_desktop_and_a_phone() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let server = StaticServer::serve(build_real_site(), "/handbook/");
    every_control_is_reached_at(&browser, &server, DESKTOP).await;
    every_control_is_reached_at(&browser, &server, PHONE).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_skip_link_takes_focus_to_the_text() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let site = build_real_site();
    let server = StaticServer::serve(site, "/handbook/");
    let chapter = crate::a11y::first_chapter(site);
    let tab = browser.open("about:blank", DESKTOP.0, DESKTOP.1).await;
    load(&tab, &server.url(&chapter)).await;
    tab.press("Tab").await;
    let first: Focused = tab.eval(FOCUSED_JS).await;
    assert!(first.path.ends_with("a:0") && first.on_screen, "{first:?}");
    tab.press("Enter").await;
    assert!(
        tab.wait_for("document.activeElement.id === 'hb-main'", WAIT)
            .await,
        "Enter on the skip link focuses the main text"
    );
    assert_eq!(tab.eval::<String>("location.hash").await, "#hb-main");
    tab.press("Tab").await;
    let next: Focused = tab.eval(FOCUSED_JS).await;
    assert!(
        next.path.contains("main#hb-main") && next.on_screen,
        "the next Tab stays in the text: {next:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_phone_menu_opens_from_the_keyboard_keeps_focus_and_gives_it_back() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let site = build_real_site();
    let server = StaticServer::serve(site, "/handbook/");
    let chapter = crate::a11y::first_chapter(site);
    let tab = browser.open("about:blank", PHONE.0, PHONE.1).await;
    load(&tab, &server.url(&chapter)).await;
    // Skip link, then the menu button.
    tab.press("Tab").await;
    tab.press("Tab").await;
    let button: Focused = tab.eval(FOCUSED_JS).await;
    assert!(button.path.contains("button:"), "{button:?}");
    tab.press("Enter").await;
    let in_menu = "!!document.activeElement.closest('#hb-sidebar')";
    assert!(
        tab.wait_for(in_menu, WAIT).await,
        "opening the menu moves focus into it"
    );
    let menu = tab_through(&tab, 200, "the open menu").await;
    assert!(menu.len() > 20, "{} links in the menu", menu.len());
    assert!(
        menu.iter().all(|f| f.path.contains("nav#hb-sidebar")),
        "Tab stays in the open menu"
    );
    tab.press("Escape").await;
    assert!(
        tab.wait_for(
            "document.activeElement.matches('.menu-toggle') && document.activeElement.matches(':focus-visible')",
            WAIT
        )
        .await,
        "Escape closes the menu and focus returns to its button"
    );
}

const WAIT: Duration = Duration::from_secs(5);
