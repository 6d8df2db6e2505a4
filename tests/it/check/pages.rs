//! Tests: the published site. A base URL adds `sitemap.xml`, `robots.txt` and canonical links;
//! every page has a description, Open Graph tags and a favicon; and the real site, served under
//! `/handbook/` as GitHub Pages serves a project site, loads in Chromium with no failed request
//! and no console error, and shows its styled 404 page for a missing URL at any depth.

use crate::support::fixture::Fixture;
use crate::support::server::StaticServer;
use crate::support::{self, browser, html};

#[test]
fn base_url_adds_sitemap_robots_and_canonical_links() {
    let fixture = Fixture::new();
    let base = "https://example.github.io/handbook/";
    let out = fixture.out();
    let output = fixture.run(&["build", "--out", out.to_str().unwrap(), "--base-url", base]);
    output.assert_success();
    let read =
        |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let sitemap = read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    for page in ["", "01-mo-dau.html", "02-dong-bo.html"] {
        assert!(
            locs.contains(&format!("{base}{page}").as_str()),
            "sitemap.xml lacks {base}{page}: {locs:?}"
        );
    }
    assert!(
        locs.iter().all(|l| l.starts_with(base)) && !locs.iter().any(|l| l.ends_with("404.html")),
        "{locs:?}"
    );
    assert!(
        read("robots.txt")
            .lines()
            .any(|l| l == format!("Sitemap: {base}sitemap.xml")),
        "{}",
        read("robots.txt")
    );
    let chapter = read("01-mo-dau.html");
    let canonical = html::tags(&chapter)
        .into_iter()
        .find(|t| t.name == "link" && t.attr("rel") == Some("canonical"))
        .expect("a canonical link");
    assert_eq!(
        canonical.attr("href"),
        Some(format!("{base}01-mo-dau.html").as_str())
    );

    let bare = Fixture::new();
    let (output, plain) = bare.build();
    output.assert_success();
    assert!(
        !plain.join("sitemap.xml").exists() && !plain.join("robots.txt").exists(),
        "no sitemap without a base URL"
    );
    assert!(!std::fs::read_to_string(plain.join("01-mo-dau.html"))
        .unwrap()
        .contains("rel=\"canonical\""));
}

#[test]
fn every_chapter_has_a_description_open_graph_tags_and_a_favicon() {
    let site = support::build_real_site();
    assert!(site.join(".nojekyll").is_file() && site.join("404.html").is_file());
    for page in support::files_under(site)
        .iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
    {
        let text = std::fs::read_to_string(site.join(page)).unwrap();
        let tags = html::tags(&text);
        let meta = |attr: &str, name: &str| {
            tags.iter()
                .find(|t| t.name == "meta" && t.attr(attr) == Some(name))
                .and_then(|t| t.attr("content"))
                .unwrap_or("")
                .to_owned()
        };
        if !matches!(page.as_str(), "index.html" | "print.html") {
            assert!(
                meta("name", "description").chars().count() >= 40,
                "{page}: meta description {:?}",
                meta("name", "description")
            );
            assert!(
                !meta("property", "og:description").is_empty(),
                "{page}: og:description"
            );
        }
        for property in ["og:title", "og:type", "og:site_name"] {
            assert!(!meta("property", property).is_empty(), "{page}: {property}");
        }
        let icon = tags
            .iter()
            .find(|t| {
                t.name == "link"
                    && t.attr("rel")
                        .is_some_and(|r| r.split_whitespace().any(|r| r == "icon"))
            })
            .expect("a favicon link");
        let (path, _) =
            html::resolve(page, icon.attr("href").unwrap()).expect("a favicon inside the site");
        assert!(site.join(path).is_file(), "{page}: favicon missing");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_site_under_a_sub_path_has_no_failed_request_or_console_error() {
    let Some(browser) = browser::launch().await else {
        return;
    };
    let tmp = tempfile::Builder::new()
        .prefix("handbook-pages-")
        .tempdir()
        .unwrap();
    let out = tmp.path().join("public");
    let server = StaticServer::serve(&out, "/handbook/");
    let built = support::handbook()
        .args(["build", "--root"])
        .arg(support::project_root())
        .arg("--out")
        .arg(&out)
        .args(["--base-url", &server.base])
        .output()
        .expect("run handbook");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let pages: Vec<String> = support::files_under(&out)
        .into_iter()
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .collect();
    assert!(pages.len() > 30, "{pages:?}");

    let tab = browser.open(&server.base, 1280, 800).await;
    browser::settle(&tab).await;
    let mut problems = Vec::new();
    let (mut console, mut failed) = (tab.console_errors().len(), tab.failed_requests().len());
    let mut report = |page: &str, tab: &browser::Tab, console: &mut usize, failed: &mut usize| {
        let (c, f) = (tab.console_errors(), tab.failed_requests());
        problems.extend(
            c[*console..]
                .iter()
                .chain(&f[*failed..])
                .map(|p| format!("{page}: {p}")),
        );
        (*console, *failed) = (c.len(), f.len());
    };
    report("(home)", &tab, &mut console, &mut failed);
    for page in &pages {
        tab.goto(&server.url(page)).await;
        browser::settle(&tab).await;
        report(page, &tab, &mut console, &mut failed);
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    let bad = server.unanswered();
    assert!(bad.is_empty(), "requests that failed: {bad:?}");

    // A missing URL deep under the sub-path gets the styled 404 page, whose links work.
    let missing = format!("{}/handbook/a/b/c/missing", server.origin);
    tab.goto(&missing).await;
    browser::settle(&tab).await;
    let styled: bool = tab
        .eval(
            "[...document.styleSheets].some(s => s.href && s.href.endsWith('/handbook/assets/css/handbook.css') && s.cssRules.length > 0)
             && getComputedStyle(document.body).margin === '0px'
             && parseFloat(getComputedStyle(document.querySelector('.notfound-code') || document.body).fontSize) >= 40",
        )
        .await;
    assert!(styled, "the 404 page at {missing} is not styled");
    let kind: String = tab.eval("document.documentElement.className").await;
    assert!(kind.contains("kind-404"), "{kind}");
    let home: String = tab
        .eval("(document.querySelector('a.brand') || document.querySelector('main a[href]')).href")
        .await;
    assert!(
        home.starts_with(&server.base),
        "the 404 page links out of the site: {home}"
    );
    let failed_404: Vec<_> = tab.failed_requests()[failed..]
        .iter()
        .filter(|f| !f.ends_with("/a/b/c/missing"))
        .cloned()
        .collect();
    assert!(failed_404.is_empty(), "{failed_404:?}");
    assert!(
        tab.console_errors()[console..].is_empty(),
        "{:?}",
        &tab.console_errors()[console..]
    );
}
