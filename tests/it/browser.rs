//! What a reader sees: the real site served under `/handbook/` (as a GitHub Pages project
//! site) and opened from disk, in headless Chromium at 1280×800 and 390×844.
//!
//! Every test skips with a `SKIPPED:` line when Chromium is missing (fails with
//! `HANDBOOK_REQUIRE_BROWSER=1`). Screenshots go to /tmp/handbook-*.png for a human to look at.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::support::browser::{self, Browser, Tab};
use crate::support::build_real_site;
use crate::support::server::StaticServer;

const DESKTOP: (u32, u32) = (1280, 800);
const PHONE: (u32, u32) = (390, 844);
const WAIT: Duration = Duration::from_secs(5);

/// The slugs of the chapters in reading order, read from the built home page's table of contents.
fn chapter_pages(site: &Path) -> Vec<String> {
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    let toc = crate::support::html::element(&home, "<ol class=\"parts\"")
        .expect("the home page lists the parts");
    crate::support::html::urls(toc)
        .into_iter()
        .map(|(_, _, url)| url)
        .collect()
}

/// Chromium and the real site served under `/handbook/`, with its chapters in reading order.
struct Reader {
    browser: Browser,
    site: &'static Path,
    server: StaticServer,
    chapters: Vec<String>,
}

impl Reader {
    /// `None` (the test skips, or fails where Chromium is required) without Chromium.
    async fn start() -> Option<Reader> {
        let browser = browser::launch().await?;
        let site = build_real_site();
        Some(Reader {
            browser,
            site,
            server: StaticServer::serve(site, "/handbook/"),
            chapters: chapter_pages(site),
        })
    }

    /// Opens `page` (relative to the site) at `size`.
    async fn open(&self, page: &str, size: (u32, u32)) -> Tab {
        self.browser
            .open(&self.server.url(page), size.0, size.1)
            .await
    }
}

/// JavaScript: whether the element matching `selector` is rendered and on screen.
fn visible(selector: &str) -> String {
    format!(
        "(() => {{ const e = document.querySelector({selector:?}); if (!e) return false;
           const s = getComputedStyle(e), r = e.getBoundingClientRect();
           return s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0 && r.width > 0 && r.height > 0
             && r.right > 0 && r.left < innerWidth; }})()"
    )
}

/// Fails the test if the page logged an error or a request failed.
fn assert_clean(tab: &Tab, what: &str) {
    assert_eq!(
        tab.console_errors(),
        Vec::<String>::new(),
        "{what}: console errors"
    );
    assert_eq!(
        tab.failed_requests(),
        Vec::<String>::new(),
        "{what}: failed requests"
    );
}

/// Fails the test if the server saw a request it could not answer.
fn assert_all_served(server: &StaticServer) {
    let bad = server.unanswered();
    assert!(
        bad.is_empty(),
        "requests the site could not answer: {bad:?}"
    );
}

#[derive(Debug, Deserialize)]
struct Sidebar {
    parts: Vec<String>,
    chapters: usize,
    current: Vec<String>,
    current_visible: bool,
}

#[tokio::test(flavor = "multi_thread")]
async fn chapter_on_a_desktop_shows_navigation_toc_and_prev_next() {
    let Some(reader) = Reader::start().await else {
        return;
    };
    let tab = reader.open(&reader.chapters[1], DESKTOP).await;

    let sidebar: Sidebar = tab
        .eval(
            "(() => { const s = document.getElementById('hb-sidebar');
               const cur = [...s.querySelectorAll('a[aria-current=page]')];
               const r = cur.length ? cur[0].getBoundingClientRect() : null;
               return { parts: [...s.querySelectorAll('.nav-part-title')].map(p => p.textContent.trim()),
                        chapters: s.querySelectorAll('.nav-chapters a').length,
                        current: cur.map(a => a.getAttribute('href')),
                        current_visible: !!r && r.top >= 0 && r.bottom <= innerHeight }; })()",
        )
        .await;
    assert!(
        tab.eval::<bool>(&visible("#hb-sidebar")).await,
        "the sidebar is visible"
    );
    assert_eq!(
        sidebar.parts.len(),
        7,
        "six parts and the appendices: {:?}",
        sidebar.parts
    );
    assert!(
        sidebar.parts.last().unwrap().contains("Phụ lục"),
        "{:?}",
        sidebar.parts
    );
    assert_eq!(
        sidebar.chapters,
        reader.chapters.len(),
        "every chapter is in the sidebar"
    );
    assert_eq!(
        sidebar.current,
        [reader.chapters[1].clone()],
        "the current chapter is marked"
    );
    assert!(
        sidebar.current_visible,
        "the current chapter is scrolled into view in the sidebar"
    );

    assert!(
        tab.eval::<bool>(&visible(".toc-side")).await,
        "the page TOC is visible at 1280 px"
    );
    let toc_links: usize = tab
        .eval("document.querySelectorAll('.toc-side .toc-list a').length")
        .await;
    assert!(
        toc_links >= 3,
        "the page TOC lists the sections ({toc_links})"
    );
    tab.exec("document.querySelector('.prev-next').scrollIntoView({block: 'center'})")
        .await;
    let prev_next: Vec<String> =
        tab.eval("[...document.querySelectorAll('.prev-next a')].map(a => a.getAttribute('rel') + ' ' + a.getAttribute('href'))").await;
    assert_eq!(
        prev_next,
        [
            format!("prev {}", reader.chapters[0]),
            format!("next {}", reader.chapters[2])
        ]
    );
    assert!(
        tab.eval::<bool>(&visible(".prev-next a[rel=prev]")).await
            && tab.eval::<bool>(&visible(".prev-next a[rel=next]")).await
    );
    tab.exec("window.scrollTo(0, 0)").await;

    // fonts.css comes after the first paint: `document.fonts.ready` alone can resolve before it.
    browser::settle(&tab).await;
    let fonts: Vec<String> = tab
        .eval("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, ''))")
        .await;
    assert!(
        fonts.iter().any(|f| f == "Literata") && fonts.iter().any(|f| f == "Be Vietnam Pro"),
        "the shipped fonts load: {fonts:?}"
    );
    tab.screenshot(Path::new("/tmp/handbook-chapter-1280.png"))
        .await;
    assert_clean(&tab, "chapter at 1280 px");
    assert_all_served(&reader.server);
    let requests = reader.server.requests();
    assert!(
        requests
            .iter()
            .all(|(path, _)| path.starts_with("/handbook/")),
        "every request stays under the prefix: {requests:?}"
    );
}

/// JavaScript: [when the page was first painted, when its first web font request started, when
/// fonts.css was requested] in ms since navigation; -1 where there is none.
const FONT_TIMING: &str = "(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const resources = performance.getEntriesByType('resource');
    const fonts = resources.filter(e => e.name.endsWith('.woff2')).map(e => e.startTime);
    const css = resources.find(e => e.name.endsWith('/fonts.css'));
    return [paint ? paint.startTime : -1, fonts.length ? Math.min(...fonts) : -1,
            css ? css.startTime : -1];
})()";

#[tokio::test(flavor = "multi_thread")]
async fn web_fonts_wait_for_the_first_paint_then_come_with_the_next_pages() {
    let Some(reader) = Reader::start().await else {
        return;
    };
    let tab = reader.open(&reader.chapters[0], DESKTOP).await;
    let loaded = "document.getElementById('hb-fonts') !== null && [...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Literata' && f.status === 'loaded')";
    assert!(
        tab.wait_for(loaded, WAIT).await,
        "fonts.css is added and its fonts load"
    );
    let (paint, first_font, _): (f64, f64, f64) = tab.eval(FONT_TIMING).await;
    assert!(
        paint > 0.0 && first_font > paint,
        "a first visit paints before any font is requested: paint {paint} ms, first font {first_font} ms"
    );
    // The next page asks for fonts.css from its head, before it paints: the fonts are cached.
    tab.goto(&reader.server.url(&reader.chapters[1])).await;
    assert!(tab.wait_for(loaded, WAIT).await, "the fonts load again");
    let (paint, _, css): (f64, f64, f64) = tab.eval(FONT_TIMING).await;
    assert!(
        css >= 0.0 && css < paint,
        "fonts.css comes before the first paint once loaded: css {css} ms, paint {paint} ms"
    );
    let in_head: bool = tab
        .eval("document.getElementById('hb-fonts').parentNode === document.head && document.querySelectorAll('#hb-fonts').length === 1")
        .await;
    assert!(in_head, "one fonts.css link, in the head");
    assert_clean(&tab, "fonts");
}

#[tokio::test(flavor = "multi_thread")]
async fn phone_hides_the_sidebar_behind_a_menu_button() {
    let Some(reader) = Reader::start().await else {
        return;
    };
    let tab = reader.open(&reader.chapters[1], PHONE).await;

    assert_eq!(tab.eval::<u32>("innerWidth").await, PHONE.0);
    assert!(
        !tab.eval::<bool>(&visible("#hb-sidebar")).await,
        "the sidebar is hidden on a phone"
    );
    assert!(
        tab.eval::<bool>(&visible(".menu-toggle")).await,
        "the menu button is visible"
    );
    assert!(
        tab.eval::<bool>(&visible(".toc-inline summary")).await,
        "the page TOC folds into the chapter head"
    );
    assert!(!tab.eval::<bool>(&visible(".toc-side")).await);
    tab.screenshot(Path::new("/tmp/handbook-chapter-390.png"))
        .await;

    tab.click(".menu-toggle").await;
    let open = "document.getElementById('hb-sidebar').getBoundingClientRect().left >= 0";
    assert!(
        tab.wait_for(&format!("{open} && {}", visible("#hb-sidebar")), WAIT)
            .await,
        "the menu button opens the sidebar"
    );
    assert_eq!(
        tab.eval::<String>("document.querySelector('.menu-toggle').getAttribute('aria-expanded')")
            .await,
        "true"
    );
    let right: f64 = tab
        .eval("document.getElementById('hb-sidebar').getBoundingClientRect().right")
        .await;
    assert!(
        right <= f64::from(PHONE.0),
        "the open sidebar fits the screen ({right} px)"
    );
    let current_visible: bool = tab
        .eval("(() => { const r = document.querySelector('#hb-sidebar a[aria-current=page]').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()")
        .await;
    assert!(current_visible, "the open menu shows the current chapter");
    tab.screenshot(Path::new("/tmp/handbook-chapter-390-menu.png"))
        .await;

    tab.press("Escape").await;
    assert!(
        tab.wait_for(&format!("!{}", visible("#hb-sidebar")), WAIT)
            .await,
        "Escape closes the menu"
    );
    assert_eq!(
        tab.eval::<String>("document.querySelector('.menu-toggle').getAttribute('aria-expanded')")
            .await,
        "false"
    );
    assert_clean(&tab, "chapter at 390 px");
    assert_all_served(&reader.server);
}

#[derive(Debug, Deserialize)]
struct Theme {
    attr: Option<String>,
    stored: Option<String>,
    background: String,
}

const THEME: &str = "({ attr: document.documentElement.getAttribute('data-theme'), stored: localStorage.getItem('handbook-theme'),
                        background: getComputedStyle(document.body).backgroundColor })";

/// The mean of the RGB channels of a CSS `rgb(…)`/`rgba(…)` colour.
fn brightness(color: &str) -> f64 {
    let inner = color
        .split_once('(')
        .and_then(|(_, r)| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("colour {color}"));
    let channels: Vec<f64> = inner
        .split([',', ' ', '/'])
        .filter(|s| !s.is_empty())
        .take(3)
        .map(|c| c.trim().parse().unwrap())
        .collect();
    channels.iter().sum::<f64>() / 3.0
}

#[tokio::test(flavor = "multi_thread")]
async fn dark_mode_toggle_switches_the_theme_and_remembers_it() {
    let Some(reader) = Reader::start().await else {
        return;
    };
    let tab = reader.open(&reader.chapters[2], DESKTOP).await;

    tab.prefer_color_scheme("light").await;
    let initial: Theme = tab.eval(THEME).await;
    assert_eq!(
        (initial.attr.as_deref(), initial.stored.as_deref()),
        (None, None),
        "the theme follows the system at first"
    );
    assert!(
        brightness(&initial.background) > 200.0,
        "headless Chromium's system theme is light: {}",
        initial.background
    );

    let mut theme = initial;
    for _ in 0..3 {
        tab.click(".theme-toggle").await;
        theme = tab.eval(THEME).await;
        if theme.attr.as_deref() == Some("dark") {
            break;
        }
    }
    assert_eq!(
        theme.attr.as_deref(),
        Some("dark"),
        "the toggle reaches the dark theme"
    );
    assert_eq!(
        theme.stored.as_deref(),
        Some("dark"),
        "the choice is stored"
    );
    let darkened = "getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) < 180";
    assert!(tab.wait_for(darkened, WAIT).await, "the page turns dark");
    let dark: Theme = tab.eval(THEME).await;
    assert!(
        brightness(&dark.background) < 60.0,
        "the page turns dark: {}",
        dark.background
    );
    tab.screenshot(Path::new("/tmp/handbook-chapter-1280-dark.png"))
        .await;

    tab.reload().await;
    let reloaded: Theme = tab.eval(THEME).await;
    assert_eq!(
        reloaded.attr.as_deref(),
        Some("dark"),
        "the theme survives a reload"
    );
    assert!(
        brightness(&reloaded.background) < 60.0,
        "still dark after a reload: {}",
        reloaded.background
    );
    let other = reader.open(&reader.chapters[3], DESKTOP).await;
    assert_eq!(
        other.eval::<Theme>(THEME).await.attr.as_deref(),
        Some("dark"),
        "and on the next page"
    );
    assert_clean(&tab, "theme toggle");
    assert_clean(&other, "next page in the dark theme");
}

#[tokio::test(flavor = "multi_thread")]
async fn theme_follows_the_system_colour_scheme() {
    let Some(reader) = Reader::start().await else {
        return;
    };
    let tab = reader.open(&reader.chapters[0], DESKTOP).await;
    tab.prefer_color_scheme("dark").await;
    let dark: Theme = tab.eval(THEME).await;
    assert_eq!(dark.attr, None, "no choice was made");
    assert!(
        brightness(&dark.background) < 60.0,
        "a dark system gets the dark theme: {}",
        dark.background
    );
    tab.prefer_color_scheme("light").await;
    let light: Theme = tab.eval(THEME).await;
    assert!(
        brightness(&light.background) > 200.0,
        "a light system gets the light theme: {}",
        light.background
    );
    assert_clean(&tab, "system colour scheme");
}

#[derive(Debug, Deserialize)]
struct Overflow {
    page_width: f64,
    inner_width: f64,
    wraps: usize,
    scrolling_wraps: usize,
    wrap_overflow: Vec<String>,
    culprits: Vec<String>,
}

const OVERFLOW: &str = "(() => {
    const wraps = [...document.querySelectorAll('.table-wrap')];
    const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1
        && !e.closest('.table-wrap, pre, .mermaid-figure'));
    return { page_width: document.scrollingElement.scrollWidth, inner_width: innerWidth, wraps: wraps.length,
             scrolling_wraps: wraps.filter(w => w.scrollWidth > w.clientWidth + 1).length,
             wrap_overflow: wraps.map(w => getComputedStyle(w).overflowX).filter(o => o !== 'auto' && o !== 'scroll'),
             culprits: wide.slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60)) };
})()";

#[tokio::test(flavor = "multi_thread")]
async fn wide_tables_scroll_inside_their_wrapper_without_widening_a_phone_page() {
    let Some(reader) = Reader::start().await else {
        return;
    };
    let mut pages = reader.chapters.clone();
    pages.extend(["index.html".to_owned(), "404.html".to_owned()]);
    let tab = reader.open(&pages[0], PHONE).await;
    let mut too_wide = Vec::new();
    let (mut wraps, mut scrolling) = (0, 0);
    let mut with_wide_table = None;
    for page in &pages {
        tab.goto(&reader.server.url(page)).await;
        let o: Overflow = tab.eval(OVERFLOW).await;
        assert!(
            o.wrap_overflow.is_empty(),
            "{page}: .table-wrap must scroll sideways: {:?}",
            o.wrap_overflow
        );
        if o.page_width > o.inner_width {
            too_wide.push(format!(
                "{page}: {} px wide at {} px; {:?}",
                o.page_width, o.inner_width, o.culprits
            ));
        }
        wraps += o.wraps;
        scrolling += o.scrolling_wraps;
        if o.scrolling_wraps > 0 && with_wide_table.is_none() {
            with_wide_table = Some(page.clone());
        }
    }
    assert!(
        wraps >= 10 && scrolling >= 3,
        "the book has wide tables to test ({wraps} tables, {scrolling} scroll at 390 px)"
    );
    assert!(
        too_wide.is_empty(),
        "pages wider than a phone:\n{}",
        too_wide.join("\n")
    );

    tab.goto(&reader.server.url(&with_wide_table.unwrap()))
        .await;
    let scrolled: f64 = tab
        .eval("(() => { const w = [...document.querySelectorAll('.table-wrap')].find(w => w.scrollWidth > w.clientWidth + 1);
                 w.scrollIntoView({block: 'center'}); w.scrollLeft = 80; return w.scrollLeft; })()")
        .await;
    assert!(scrolled > 0.0, "a wide table scrolls inside its wrapper");
    tab.screenshot(Path::new("/tmp/handbook-table-390.png"))
        .await;
    let page_scrolled: f64 = tab.eval("scrollX").await;
    assert_eq!(
        page_scrolled, 0.0,
        "the page itself does not scroll sideways"
    );
    assert_clean(&tab, "pages at 390 px");
}

#[derive(Debug, Deserialize)]
struct CopyResult {
    blocks: usize,
    buttons: usize,
    copied: Option<String>,
    expected: String,
    label: String,
}

#[tokio::test(flavor = "multi_thread")]
async fn code_blocks_have_a_working_copy_button() {
    let Some(reader) = Reader::start().await else {
        return;
    };
    let page = (reader.chapters.iter())
        .find(|p| {
            std::fs::read_to_string(reader.site.join(p))
                .unwrap()
                .contains("<pre class=\"code\"")
        })
        .unwrap();
    let tab = reader.open(page, DESKTOP).await;
    // Headless Chromium has no real clipboard: record what the page asks to copy instead.
    tab.exec(
        "Object.defineProperty(navigator, 'clipboard', { configurable: true,
            value: { writeText: t => { window.__copied = t; return Promise.resolve(); } } })",
    )
    .await;
    tab.click(".code-block button.copy").await;
    assert!(
        tab.wait_for("window.__copied !== undefined", WAIT).await,
        "clicking the copy button copies something"
    );
    let result: CopyResult = tab
        .eval(
            "(() => { const b = document.querySelector('.code-block'); return {
                blocks: document.querySelectorAll('pre.code').length,
                buttons: document.querySelectorAll('.code-block button.copy').length,
                copied: window.__copied, expected: b.querySelector('pre code, pre').textContent,
                label: b.querySelector('button.copy').textContent.trim() }; })()",
        )
        .await;
    assert!(
        result.blocks > 0 && result.buttons == result.blocks,
        "one copy button per code block: {result:?}"
    );
    assert_eq!(
        result.copied.as_deref(),
        Some(result.expected.as_str()),
        "the button copies the code's text"
    );
    assert!(!result.expected.trim().is_empty());
    assert_eq!(result.label, "Đã chép", "the button confirms the copy");
    assert_clean(&tab, "copy button");
}

#[tokio::test(flavor = "multi_thread")]
async fn arrow_keys_move_between_chapters() {
    let Some(reader) = Reader::start().await else {
        return;
    };
    let tab = reader.open(&reader.chapters[1], DESKTOP).await;
    tab.press("ArrowRight").await;
    let next = format!(
        "location.pathname === '/handbook/{}' && document.readyState === 'complete'",
        reader.chapters[2]
    );
    assert!(tab.wait_for(&next, WAIT).await, "→ opens the next chapter");
    tab.press("ArrowLeft").await;
    let back = format!(
        "location.pathname === '/handbook/{}' && document.readyState === 'complete'",
        reader.chapters[1]
    );
    assert!(
        tab.wait_for(&back, WAIT).await,
        "← opens the previous chapter"
    );
    assert_clean(&tab, "keyboard navigation");
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_page_under_the_prefix_gets_the_styled_404() {
    let Some(reader) = Reader::start().await else {
        return;
    };
    let tab = reader.open("khong-co-trang-nay.html", DESKTOP).await;
    assert_eq!(
        tab.eval::<String>("document.querySelector('.notfound-code').textContent")
            .await,
        "404"
    );
    let styled: String = tab
        .eval("getComputedStyle(document.querySelector('.site-header')).position")
        .await;
    assert_eq!(
        styled, "sticky",
        "the 404 page's stylesheet loads under the prefix"
    );
    tab.until(WAIT, |t| !t.failed_requests().is_empty()).await;
    let failed = tab.failed_requests();
    assert_eq!(failed.len(), 1, "only the page itself is a 404: {failed:?}");
    assert!(failed[0].contains("khong-co-trang-nay.html"), "{failed:?}");
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}

#[derive(Debug, Deserialize)]
struct DiskPage {
    header_position: String,
    body_font: String,
    absolute_links: Vec<String>,
    link_protocols: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
async fn home_page_opened_from_disk_is_styled_and_links_stay_relative() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let site = build_real_site();
    let url = format!("file://{}", site.join("index.html").display());
    let tab = browser.open(&url, DESKTOP.0, DESKTOP.1).await;
    let page: DiskPage = tab
        .eval(
            "(() => { const hrefs = [...document.querySelectorAll('[href], [src]')];
               return { header_position: getComputedStyle(document.querySelector('.site-header')).position,
                        body_font: getComputedStyle(document.body).fontFamily,
                        absolute_links: hrefs.map(e => e.getAttribute('href') || e.getAttribute('src')).filter(u => u.startsWith('/')),
                        link_protocols: [...new Set([...document.querySelectorAll('a[href]')].map(a => a.protocol))] }; })()",
        )
        .await;
    assert_eq!(
        page.header_position, "sticky",
        "handbook.css is applied: {page:?}"
    );
    assert!(
        page.body_font.contains("Be Vietnam Pro") || page.body_font.contains("Literata"),
        "{page:?}"
    );
    assert!(page.absolute_links.is_empty(), "{page:?}");
    assert_eq!(
        page.link_protocols,
        ["file:"],
        "every link stays on disk: {page:?}"
    );
    tab.screenshot(Path::new("/tmp/handbook-home-file.png"))
        .await;

    tab.click(".hero-actions a.btn-primary").await;
    let chapter = "location.protocol === 'file:' && !!document.querySelector('.chapter-title') && document.readyState === 'complete'";
    assert!(
        tab.wait_for(chapter, WAIT).await,
        "the first chapter opens from disk"
    );
    let position: String = tab
        .eval("getComputedStyle(document.querySelector('.site-header')).position")
        .await;
    assert_eq!(position, "sticky", "the chapter is styled from disk too");
    assert_eq!(tab.console_errors(), Vec::<String>::new(), "from disk");
    let failed: Vec<String> = tab.failed_requests();
    assert!(
        failed.is_empty(),
        "nothing fails to load from disk: {failed:?}"
    );
}
