//! Link checks over the assembled site: every internal link, #anchor and image must resolve.
//!
//! Runs after [`crate::site::assemble`] in both `build` (so a broken link is never published
//! silently) and `check`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::markdown::{Link, LinkKind};
use crate::site::Site;

/// Every problem with the links and images of the site's pages.
pub fn check(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let anchors: HashMap<&str, HashSet<&str>> = site
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.chapter.rendered.ids.iter().map(String::as_str).collect()))
        .collect();
    let mut diagnostics = Vec::new();
    for page in &site.pages {
        let path = &page.chapter.doc.display_path;
        for link in &page.chapter.rendered.links {
            if let Some(message) = problem(config, &anchors, &page.url, link) {
                diagnostics.push(Diagnostic::warning(path, link.line, link.col, kind_of(link), message));
            }
        }
    }
    diagnostics
}

fn kind_of(link: &Link) -> &'static str {
    match link.kind {
        LinkKind::Link => "broken-link",
        LinkKind::Image => "missing-image",
    }
}

/// Why `link` does not resolve, if it does not.
fn problem(config: &Config, anchors: &HashMap<&str, HashSet<&str>>, page: &str, link: &Link) -> Option<String> {
    let href = link.href.trim();
    if href.is_empty() {
        return Some("empty link destination".into());
    }
    if is_external(href) {
        return malformed_external(href);
    }
    if href.starts_with('/') {
        return Some(format!("`{href}` is an absolute path: it breaks under a sub-path and on disk; use a relative link"));
    }
    let (path, fragment) = href.split_once('#').map_or((href, None), |(p, f)| (p, Some(f)));
    let target = if path.is_empty() { page } else { path };
    if let Some(ids) = anchors.get(target) {
        return match fragment {
            Some(f) if !f.is_empty() && !ids.contains(f) => Some(format!("no heading or element with id `{f}` in `{target}`")),
            _ => None,
        };
    }
    if path.ends_with(".md") {
        return Some(format!("`{path}` is not a chapter file of the book"));
    }
    let asset = config.static_dir().join(Path::new(path));
    (!asset.is_file()).then(|| format!("`{path}` is neither a page nor a file in static/"))
}

fn is_external(href: &str) -> bool {
    href.contains("://") || href.starts_with("mailto:") || href.starts_with("tel:")
}

/// Catches URLs that cannot work as written (spaces, missing host).
fn malformed_external(href: &str) -> Option<String> {
    let (scheme, rest) = href.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return Some(format!("`{href}` uses an unusual scheme"));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || !host.contains('.') && host != "localhost" {
        return Some(format!("`{href}` has no valid host"));
    }
    if href.chars().any(char::is_whitespace) {
        return Some(format!("`{href}` contains whitespace"));
    }
    None
}
