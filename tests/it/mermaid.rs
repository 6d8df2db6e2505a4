//! Tests: Mermaid diagrams — the official parser's verdict on the real book, `handbook check`
//! on a broken diagram, the pre-rendered SVG cache, which pages load Mermaid code, and what a
//! reader sees in Chromium (pre-rendered diagrams in both themes; diagrams drawn in the
//! browser, lazily, with an error box for a broken one).
//!
//! The parser tests need node and `npm ci --prefix mermaid`; the browser tests need Chromium.
//! Both skip with a `SKIPPED:` line when those are missing, and fail instead when
//! `HANDBOOK_REQUIRE_BROWSER=1` (as CI runs them).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use handbook::build::Builder;
use handbook::mermaid::{self, DiagramRef};
use serde::Deserialize;

use crate::support::browser::{self, Tab};
use crate::support::fixture::Fixture;
use crate::support::server::StaticServer;
use crate::support::{build_real_site, files_under, project_root};

/// The real book's diagrams, as `handbook` reads them (after the in-memory repair).
fn real_diagrams() -> Vec<DiagramRef> {
    let builder = Builder::new(&project_root(), None).expect("load the real project");
    let build = builder.load().expect("load the real book");
    handbook::check::diagrams(&build.site)
}

/// Whether the Mermaid validator can run at `root`; prints why not, or panics under
/// `HANDBOOK_REQUIRE_BROWSER=1`.
fn validator_ready(root: &Path) -> bool {
    match mermaid::validator_available(root) {
        Ok(()) => true,
        Err(reason) if std::env::var(browser::REQUIRE_ENV).is_ok_and(|v| v == "1") => {
            panic!(
                "the Mermaid validator cannot run and {}=1: {reason}",
                browser::REQUIRE_ENV
            )
        }
        Err(reason) => {
            eprintln!("SKIPPED: the Mermaid validator cannot run: {reason}");
            false
        }
    }
}

/// The words of a diagram's source with a Vietnamese (non-ASCII) letter: each must show up in
/// the drawing's text.
fn vietnamese_words(source: &str) -> BTreeSet<String> {
    source
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_ascii())
        .map(str::to_owned)
        .collect()
}

// ---- The official parser ----

#[test]
fn every_diagram_of_the_handbook_parses_with_the_official_parser() {
    let root = project_root();
    let diagrams = real_diagrams();
    assert_eq!(diagrams.len(), 27, "the handbook has 27 Mermaid diagrams");
    if !validator_ready(&root) {
        return;
    }
    let started = Instant::now();
    let diagnostics = mermaid::validate(&root, &diagrams).expect("run the validator");
    let elapsed = started.elapsed();
    let listing: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        diagnostics.is_empty(),
        "the official parser rejects diagrams:\n{}",
        listing.join("\n")
    );
    eprintln!(
        "validated {} diagrams in {} ms",
        diagrams.len(),
        elapsed.as_millis()
    );
    assert!(
        elapsed < Duration::from_secs(30),
        "validation took {elapsed:?}"
    );
}

#[test]
fn every_diagram_of_the_handbook_has_a_pre_rendered_svg() {
    let root = project_root();
    let renderer = mermaid::MermaidRenderer::load(&root);
    let missing: Vec<String> = real_diagrams()
        .iter()
        .filter(|d| !renderer.cache().contains_source(&d.source))
        .map(|d| format!("{}:{}", d.path.display(), d.line))
        .collect();
    assert!(
        missing.is_empty(),
        "diagrams without a pre-rendered SVG (they would be drawn in the browser): {missing:?}; \
         run `node mermaid/render.mjs --prune` (see mermaid/README.md)"
    );
    // The cache was drawn by the vendored library and the current drawing code.
    let version = std::fs::read_to_string(root.join("mermaid/vendor/VERSION"))
        .expect("mermaid/vendor/VERSION");
    let version = version.lines().next().unwrap().trim();
    let init = std::fs::read_to_string(root.join("mermaid/runtime/mermaid-init.js")).unwrap();
    let stamp =
        std::fs::read_to_string(root.join("mermaid/cache/STAMP")).expect("mermaid/cache/STAMP");
    assert_eq!(
        stamp,
        format!("{version}\nruntime {}\n", mermaid::key(&init)),
        "the cache was drawn by another library version or drawing code: run `node mermaid/render.mjs --prune`"
    );
}

// ---- handbook check ----

/// Front matter takes lines 1–4 and a blank line 5; the body starts on line 6.
const BROKEN_CHAPTER: &str = "\
## Hai sơ đồ

```mermaid
graph TD
    A[\"Bắt đầu (đúng)\"] --> B{Kết thúc}
```

Và một sơ đồ hỏng:

```mermaid
graph TD
    A[Bắt đầu] --> B[Xử lý (lỗi)]
    B --> C[Kết thúc]
```
";

/// The line of `B[Xử lý (lỗi)]` in the chapter file.
const BROKEN_LINE: usize = 17;

#[test]
fn a_broken_diagram_fails_check_with_its_file_and_line() {
    let fixture = Fixture::new();
    fixture.chapter("01-mot/03-so-do.md", "Sơ đồ", "03-so-do", BROKEN_CHAPTER);
    if !validator_ready(fixture.root()) {
        return;
    }
    let output = fixture.run(&["check"]);
    assert_eq!(
        output.code, 1,
        "check must fail on a broken diagram\nstdout:\n{}\nstderr:\n{}",
        output.stdout, output.stderr
    );
    let at = format!("content/01-mot/03-so-do.md:{BROKEN_LINE}:");
    let line = output
        .stdout
        .lines()
        .find(|l| l.contains("[mermaid]"))
        .unwrap_or_else(|| {
            panic!(
                "check reported no Mermaid problem:\n{}\n{}",
                output.stdout, output.stderr
            )
        });
    assert!(
        line.starts_with(&at) && line.contains(": error: "),
        "expected `{at}… error …`, got `{line}`"
    );
    assert!(
        line.contains("Mermaid parse error") && line.contains("double quotes"),
        "{line}"
    );
    let mermaid_lines = output
        .stdout
        .lines()
        .filter(|l| l.contains("[mermaid]"))
        .count();
    assert_eq!(
        mermaid_lines, 1,
        "only the broken diagram is reported:\n{}",
        output.stdout
    );
}

#[test]
fn validation_reports_the_parsers_line_within_the_file() {
    let root = project_root();
    if !validator_ready(&root) {
        return;
    }
    let diagrams = [
        DiagramRef {
            path: "content/x.md".into(),
            line: 10,
            source: "graph TD\n  A --> B\n".into(),
        },
        DiagramRef {
            path: "content/x.md".into(),
            line: 20,
            source: "graph TD\n  A --> B\n  B --> C[f(x)]\n".into(),
        },
        DiagramRef {
            path: "content/y.md".into(),
            line: 3,
            source: "graph TD\n  A --> B\n  linkStyle 0,1 stroke:red\n".into(),
        },
        DiagramRef {
            path: "content/y.md".into(),
            line: 30,
            source: "sequenceDiagram\n  participant A\n  box Grey Nhóm\n    A->>A: tự gọi\n  end\n"
                .into(),
        },
    ];
    let diagnostics = mermaid::validate(&root, &diagrams).expect("run the validator");
    let found: Vec<(String, usize)> = diagnostics
        .iter()
        .map(|d| (d.path.display().to_string(), d.line))
        .collect();
    assert_eq!(
        found,
        [
            ("content/x.md".to_owned(), 23),
            ("content/y.md".to_owned(), 6),
            ("content/y.md".to_owned(), 34)
        ],
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics[1].message.contains("linkStyle"),
        "{}",
        diagnostics[1].message
    );
    assert!(
        diagnostics[2].message.contains("rect"),
        "{}",
        diagnostics[2].message
    );
}

// ---- What pages load ----

#[test]
fn pages_without_a_diagram_to_draw_load_no_mermaid_code() {
    let site = build_real_site();
    let mut with_figures = 0;
    for rel in files_under(site).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(site.join(rel)).unwrap();
        with_figures += usize::from(html.contains("class=\"mermaid-figure"));
        // Every diagram of the real book is pre-rendered, so no page needs the library.
        for needle in [
            "mermaid-init.js",
            "mermaid.min.js",
            "<pre class=\"mermaid\"",
        ] {
            assert!(!html.contains(needle), "{rel} has `{needle}`");
        }
    }
    assert_eq!(
        with_figures, 28,
        "27 chapter pages and the print view show diagrams"
    );
}

#[test]
fn only_pages_with_an_uncached_diagram_load_the_runtime() {
    let fixture = Fixture::new();
    fixture.chapter(
        "01-mot/03-so-do.md",
        "Sơ đồ",
        "03-so-do",
        "```mermaid\ngraph LR\n    A[Xin chào] --> B[Tạm biệt]\n```\n",
    );
    let (output, out) = fixture.build();
    output.assert_success();
    let page = std::fs::read_to_string(out.join("03-so-do.html")).unwrap();
    assert!(
        page.contains("<figure class=\"mermaid-figure mermaid-client\""),
        "{page}"
    );
    assert!(
        page.contains("assets/mermaid/mermaid-init.js"),
        "the page with the diagram loads the runtime"
    );
    let print = std::fs::read_to_string(out.join("print.html")).unwrap();
    assert!(
        print.contains("assets/mermaid/mermaid-init.js"),
        "the print view, which holds the diagram, loads the runtime"
    );
    for rel in ["01-mo-dau.html", "02-dong-bo.html", "index.html"] {
        let html = std::fs::read_to_string(out.join(rel)).unwrap();
        assert!(
            !html.contains("mermaid-init.js") && !html.contains("mermaid.min.js"),
            "{rel} loads Mermaid code"
        );
    }
    for asset in [
        "mermaid.min.js",
        "mermaid-init.js",
        "mermaid.css",
        "LICENSE.txt",
    ] {
        assert!(
            out.join("assets/mermaid").join(asset).is_file(),
            "the site lacks assets/mermaid/{asset}"
        );
    }
}

// ---- In Chromium ----

#[derive(Debug, Deserialize)]
struct Shown {
    key: String,
    /// How many of the figure's SVGs are displayed (must be exactly one).
    shown: usize,
    id: String,
    text: String,
    width: f64,
    height: f64,
}

const FIGURES_JS: &str = "[...document.querySelectorAll('figure.mermaid-figure')].map(f => {
    const shown = [...f.querySelectorAll(':scope > svg, :scope > .mermaid-svg > svg')]
        .filter(s => getComputedStyle(s).display !== 'none');
    const s = shown[0], r = s ? s.getBoundingClientRect() : { width: 0, height: 0 };
    return { key: f.dataset.mermaid, shown: shown.length, id: s ? s.id : '', text: s ? s.textContent : '',
             width: r.width, height: r.height };
})";

/// Checks every figure of the open page: one SVG shown, of `variant`, with its labels.
async fn assert_figures(
    tab: &Tab,
    page: &str,
    variant: &str,
    words: &HashMap<String, BTreeSet<String>>,
) -> usize {
    let figures: Vec<Shown> = tab.eval(FIGURES_JS).await;
    for f in &figures {
        let what = format!("{page}, diagram {} ({variant})", f.key);
        assert_eq!(f.shown, 1, "{what}: exactly one SVG is displayed");
        assert!(
            f.id.ends_with(&format!("-{variant}")),
            "{what}: the {} SVG is displayed",
            f.id
        );
        assert!(
            f.width > 100.0 && f.height > 50.0,
            "{what}: drawn at {}×{}",
            f.width,
            f.height
        );
        let expected = words
            .get(&f.key)
            .unwrap_or_else(|| panic!("{what}: no diagram of the book has this key"));
        let missing: Vec<&String> = expected
            .iter()
            .filter(|w| !f.text.contains(w.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{what}: labels missing from the drawing: {missing:?}"
        );
    }
    figures.len()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_diagram_shows_as_svg_with_its_vietnamese_labels_in_light_and_dark() {
    let words: HashMap<String, BTreeSet<String>> = real_diagrams()
        .iter()
        .map(|d| (mermaid::key(&d.source), vietnamese_words(&d.source)))
        .collect();
    let site = build_real_site();
    let server = StaticServer::serve(site, "/handbook/");
    let pages: Vec<String> = files_under(site)
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "print.html")
        .filter(|f| {
            std::fs::read_to_string(site.join(f))
                .unwrap()
                .contains("class=\"mermaid-figure")
        })
        .collect();
    let Some(browser) = browser::launch().await else {
        return;
    };
    let tab = browser.open(&server.url(&pages[0]), 1280, 800).await;
    let mut total = 0;
    for page in &pages {
        tab.goto(&server.url(page)).await;
        tab.prefer_color_scheme("light").await;
        total += assert_figures(&tab, page, "light", &words).await;
        tab.exec("document.documentElement.setAttribute('data-theme', 'dark')")
            .await;
        assert_figures(&tab, page, "dark", &words).await;
        tab.exec("document.documentElement.removeAttribute('data-theme')")
            .await;
        tab.prefer_color_scheme("dark").await;
        assert_figures(&tab, page, "dark", &words).await;
        tab.exec("document.documentElement.setAttribute('data-theme', 'light')")
            .await;
        assert_figures(&tab, page, "light", &words).await;
        assert!(
            !tab.eval::<bool>("'mermaid' in window").await,
            "{page} loaded the Mermaid library"
        );
    }
    assert_eq!(total, 27, "every diagram of the book was seen");
    assert_eq!(tab.console_errors(), Vec::<String>::new(), "console errors");
    assert_eq!(
        tab.failed_requests(),
        Vec::<String>::new(),
        "failed requests"
    );
}

/// A chapter whose diagrams are far below the fold: one to draw, one broken.
fn client_chapter() -> String {
    let filler = "Một đoạn văn dài để đẩy sơ đồ xuống dưới màn hình.\n\n".repeat(80);
    format!(
        "## Đầu trang\n\n{filler}## Sơ đồ\n\n```mermaid\ngraph LR\n    A[Người dùng] --> B{{Máy chủ}}\n    B --> C[(Cơ sở dữ liệu)]\n```\n\n\
         ```mermaid\ngraph TD\n    A[Bắt đầu] --> B[Xử lý (lỗi)]\n```\n"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn uncached_diagrams_are_drawn_lazily_follow_the_theme_and_fail_readably() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let fixture = Fixture::new();
    fixture.chapter("01-mot/03-so-do.md", "Sơ đồ", "03-so-do", &client_chapter());
    let (output, out) = fixture.build();
    output.assert_success();
    let server = StaticServer::serve(&out, "/handbook/");
    let tab = browser.open(&server.url("03-so-do.html"), 1280, 800).await;
    tab.prefer_color_scheme("light").await;
    tab.exec("document.documentElement.setAttribute('data-theme', 'light')")
        .await;

    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !tab.eval::<bool>("'mermaid' in window").await,
        "the library loads only when a diagram nears the viewport"
    );
    let status: String = tab
        .eval("document.querySelector('.mermaid-client .mermaid-status').textContent")
        .await;
    assert_eq!(
        status, "Đang vẽ sơ đồ…",
        "a waiting diagram says so, in the book's language"
    );

    tab.exec("document.querySelector('.mermaid-client').scrollIntoView()")
        .await;
    let drawn =
        "document.querySelector('.mermaid-client[data-mermaid-state=done] .mermaid-svg svg')";
    assert!(
        tab.wait_for(drawn, Duration::from_secs(20)).await,
        "the diagram was drawn"
    );
    let text: String = tab.eval(&format!("{drawn}.textContent")).await;
    for label in ["Người dùng", "Máy chủ", "Cơ sở dữ liệu"] {
        assert!(text.contains(label), "`{label}` is missing from `{text}`");
    }
    let name: String = tab
        .eval(&format!(
            "{drawn}.getAttribute('role') + ' ' + {drawn}.getAttribute('aria-label')"
        ))
        .await;
    assert_eq!(
        name, "img Lưu đồ (3 mục): Người dùng; Máy chủ; Cơ sở dữ liệu",
        "a drawn diagram is an image named by its nodes"
    );

    let error =
        "document.querySelector('.mermaid-client[data-mermaid-state=error] .mermaid-error')";
    assert!(
        tab.wait_for(error, Duration::from_secs(20)).await,
        "the broken diagram shows an error box"
    );
    let message: String = tab
        .eval(&format!(
            "{error}.querySelector('.mermaid-error-message').textContent"
        ))
        .await;
    assert!(
        message.contains("Parse error"),
        "the error box shows the library's message: {message}"
    );
    let texts: String = tab
        .eval(&format!(
            "{error}.querySelector('.mermaid-error-title').textContent + '|' + {error}.querySelector('summary').textContent"
        ))
        .await;
    assert_eq!(
        texts, "Không vẽ được sơ đồ này|Mã nguồn sơ đồ",
        "the error box speaks the book's language"
    );
    let visible: bool = tab
        .eval(&format!("{error}.getBoundingClientRect().height > 40"))
        .await;
    assert!(visible, "the error box is visible");

    tab.exec("document.documentElement.setAttribute('data-theme', 'dark'), document.dispatchEvent(new CustomEvent('handbook:themechange'))").await;
    let dark = "document.querySelector('.mermaid-client[data-mermaid-state=done][data-mermaid-theme=dark] .mermaid-svg svg')";
    assert!(
        tab.wait_for(dark, Duration::from_secs(20)).await,
        "the diagram is drawn again in the dark theme"
    );

    assert_eq!(tab.console_errors(), Vec::<String>::new(), "console errors");
    assert_eq!(
        tab.failed_requests(),
        Vec::<String>::new(),
        "failed requests"
    );
}

#[test]
fn vietnamese_words_are_the_non_ascii_words() {
    let words = vietnamese_words("graph TD\n    A[Dịch vụ Người dùng] --> B{\"API (x)\"}\n");
    assert_eq!(
        words,
        BTreeSet::from([
            "Dịch".to_owned(),
            "vụ".to_owned(),
            "Người".to_owned(),
            "dùng".to_owned()
        ])
    );
}
