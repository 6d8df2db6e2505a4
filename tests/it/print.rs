//! The print view on paper: Chromium prints the real book's `print.html` (print media, then
//! print-to-PDF) with each chapter on a new page, no navigation, search or buttons, code
//! wrapped to the page, and the address of each outside link after its text.
//!
//! Skips with a `SKIPPED:` line without Chromium (fails with `HANDBOOK_REQUIRE_BROWSER=1`).

use chromiumoxide::cdp::browser_protocol::page::PrintToPdfParams;
use chromiumoxide::page::MediaTypeParams;
use serde::Deserialize;

use crate::support::browser;
use crate::support::build_real_site;
use crate::support::server::StaticServer;

/// What the print stylesheet does to the page, read with print media emulated.
#[derive(Debug, Deserialize)]
struct OnPaper {
    chapters: usize,
    chapters_on_new_pages: usize,
    /// Page furniture still displayed: header, sidebar, search, buttons.
    shown_controls: Vec<String>,
    code_blocks: usize,
    code_wrapped: usize,
    /// `::after` of the first outside link whose text is not its address.
    link_after: String,
    link_href: String,
    /// `::after` of the first outside link whose text is its address.
    bare_after: String,
}

const ON_PAPER_JS: &str = "(() => {
    const chapters = [...document.querySelectorAll('.print-chapter')];
    const controls = [...document.querySelectorAll('.site-header, .sidebar, .hb-search, button, .toc-side, .prev-next, .skip-link, .site-footer')]
      .filter(e => getComputedStyle(e).display !== 'none' && !e.closest('.print-chapter .prose pre') && e.getClientRects().length > 0)
      .map(e => e.className || e.tagName);
    const code = [...document.querySelectorAll('.print-chapter pre.code')];
    const outside = [...document.querySelectorAll('.prose a[href^=\"http\"]')];
    const link = outside.find(a => a.textContent.trim() !== a.getAttribute('href'));
    const bare = outside.find(a => a.textContent.trim() === a.getAttribute('href'));
    return {
      chapters: chapters.length,
      chapters_on_new_pages: chapters.filter(c => getComputedStyle(c).breakBefore === 'page').length,
      shown_controls: controls,
      code_blocks: code.length,
      code_wrapped: code.filter(p => getComputedStyle(p).whiteSpace === 'pre-wrap').length,
      link_after: getComputedStyle(link, '::after').content,
      link_href: link.getAttribute('href'),
      bare_after: getComputedStyle(bare, '::after').content,
    };
  })()";

#[tokio::test(flavor = "multi_thread")]
async fn the_print_view_prints_each_chapter_on_new_pages_without_controls() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let server = StaticServer::serve(build_real_site(), "/handbook/");
    let tab = browser.open(&server.url("print.html"), 1280, 800).await;
    browser::settle(&tab).await;
    tab.page
        .emulate_media_type(MediaTypeParams::Print)
        .await
        .expect("emulate print media");
    let paper: OnPaper = tab.eval(ON_PAPER_JS).await;
    assert!(paper.chapters > 30, "{paper:?}");
    assert_eq!(
        paper.chapters_on_new_pages, paper.chapters,
        "every chapter starts a page"
    );
    assert_eq!(
        paper.shown_controls,
        Vec::<String>::new(),
        "no navigation, search or buttons on paper"
    );
    assert!(paper.code_blocks > 50, "{paper:?}");
    assert_eq!(paper.code_wrapped, paper.code_blocks, "code wraps");
    assert!(
        paper.link_after.contains(&paper.link_href) || paper.link_after.contains("attr(href)"),
        "an outside link shows its address: {paper:?}"
    );
    assert_eq!(paper.bare_after, "none", "a bare address is not repeated");

    let pdf = tab
        .page
        .pdf(PrintToPdfParams::default())
        .await
        .expect("print to PDF");
    let pages = String::from_utf8_lossy(&pdf)
        .lines()
        .filter(|l| l.trim_end().ends_with("/Type /Page"))
        .count();
    assert!(
        pages > paper.chapters * 3,
        "{pages} pages for {} chapters",
        paper.chapters
    );
}
