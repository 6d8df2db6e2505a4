//! `handbook build`: the real handbook built once (page count, links and anchors, text
//! integrity, navigation), and small fixture projects for the error paths and output safety.
//!
//! - [`real_site`]: the real content/ built once by [`build_real_site`](crate::support::build_real_site).
//! - [`fixtures`]: small projects in temp folders, one concern per test.

mod fixtures;
mod real_site;

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{files_under, html};

/// Reads a text file, naming it on failure.
pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every HTML page of a built site: (site path, content).
pub(crate) fn pages(site: &Path) -> BTreeMap<String, String> {
    files_under(site)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| (f.clone(), read(&site.join(&f))))
        .collect()
}

/// The (tag, id, text) of every h1–h3 of a page (anchor marks removed, whitespace collapsed).
pub(crate) fn headings(page: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for tag in html::tags(page)
        .into_iter()
        .filter(|t| matches!(t.name.as_str(), "h1" | "h2" | "h3"))
    {
        let start = tag.offset + page[tag.offset..].find('>').unwrap() + 1;
        let end = start + page[start..].find(&format!("</{}>", tag.name)).unwrap();
        let inner = page[start..end]
            .split("<a class=\"anchor\"")
            .next()
            .unwrap();
        let text = html::text(inner)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push((
            tag.name.clone(),
            tag.attr("id").unwrap_or("").to_owned(),
            text,
        ));
    }
    out
}

/// HTML-escapes text the way Tera does, to find titles in pages.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2F;")
}
