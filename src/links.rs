//! Link checks over the assembled site: every internal link, #anchor and image must resolve
//! to a file the site will contain, and every external URL must look like one.
//!
//! Runs after [`crate::site::assemble`] in both `build` (so a broken link is never published
//! silently) and `check`. Input: the [`Site`] and the paths of the site's other files;
//! output: [`Diagnostic`]s of the kinds `broken-link`, `broken-anchor`, `missing-image`,
//! `malformed-link` and `unsafe-link` (`javascript:`, `vbscript:`, `file:` and, but for images,
//! `data:` destinations), located at the `[` (or `!`) that starts the link in the chapter file.
//! Links are resolved against what will be published, never against the build machine's
//! file system: a link that climbs out of the site is broken, whatever is there on disk.

use std::collections::{HashMap, HashSet};

use crate::diag::{quote, Diagnostic};
use crate::markdown::{Link, LinkKind};
use crate::site::Site;
use crate::url;

/// File extensions that make `name.ext` a file name rather than a host name.
const FILE_EXTENSIONS: &[&str] = &[
    "md", "html", "htm", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "css", "js",
    "json", "txt", "pdf", "py", "pyi", "rs", "toml", "yaml", "yml", "xml", "csv", "zip", "gz",
    "woff", "woff2", "sh", "ipynb", "cfg", "ini",
];

/// Why a link is wrong: its diagnostic kind and message.
type Problem = (&'static str, String);

/// Every problem with the links and images of the site's pages; `files` holds the site paths
/// of every file that is not a chapter page (static files, generated pages and assets).
pub(crate) fn check(site: &Site, files: &HashSet<String>) -> Vec<Diagnostic> {
    let anchors: HashMap<&str, HashSet<&str>> = site
        .pages
        .iter()
        .map(|p| {
            (
                p.url.as_str(),
                p.chapter.rendered.ids.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let targets = Targets { files, anchors };
    let mut diagnostics = Vec::new();
    for page in &site.pages {
        let path = &page.chapter.doc.display_path;
        for link in &page.chapter.rendered.links {
            if let Some((kind, message)) = targets.problem(&page.url, link) {
                diagnostics.push(Diagnostic::warning(
                    path, link.line, link.col, kind, message,
                ));
            }
        }
    }
    diagnostics
}

/// What internal links may point at: the pages with their ids, and the site's other files.
struct Targets<'a> {
    files: &'a HashSet<String>,
    anchors: HashMap<&'a str, HashSet<&'a str>>,
}

impl Targets<'_> {
    /// Why `link` (on the page at `page`) does not resolve, if it does not.
    fn problem(&self, page: &str, link: &Link) -> Option<Problem> {
        let broken = if link.kind == LinkKind::Image {
            "missing-image"
        } else {
            "broken-link"
        };
        let href = link.href.trim();
        if href.is_empty() {
            return Some((broken, "empty link destination".into()));
        }
        if let Some(problem) = malformed(link.dest.trim()) {
            return Some(("malformed-link", problem));
        }
        if let Some(scheme) = url::unsafe_scheme(href) {
            if !(scheme == "data" && link.kind == LinkKind::Image) {
                let message = format!("`{}` is a `{scheme}:` link: it runs code or opens a file of the reader's machine instead of a page; link to a page of the book or an https:// address", quote(&link.dest));
                return Some(("unsafe-link", message));
            }
        }
        if url::is_external(href) {
            return None;
        }
        if href.starts_with('/') {
            let message = format!("`{}` is an absolute path: it points outside the book (and breaks under a sub-path); use a path relative to the page", quote(&link.dest));
            return Some((broken, message));
        }
        let Some((target, fragment)) = url::resolve(page, href) else {
            let message = format!("`{}` points outside the site", quote(&link.dest));
            return Some((broken, message));
        };
        if let Some(ids) = self.anchors.get(target.as_str()) {
            let fragment = fragment
                .map(url::percent_decode)
                .filter(|f| !f.is_empty())?;
            return (!ids.contains(fragment.as_str())).then(|| {
                let page = if target == page {
                    "this page".to_owned()
                } else {
                    format!("`{target}`")
                };
                (
                    "broken-anchor",
                    format!(
                        "no heading or element with id `{}` in {page}",
                        quote(&fragment)
                    ),
                )
            });
        }
        if target.ends_with(".md") {
            return Some((
                broken,
                format!("`{}` is not a chapter file of the book", quote(&link.dest)),
            ));
        }
        (!self.files.contains(&target)).then(|| {
            let message = if link.kind == LinkKind::Image {
                format!(
                    "image `{}` not found: there is no content/{} (nor static/{})",
                    quote(&link.dest),
                    quote(&target),
                    quote(&target)
                )
            } else {
                format!(
                    "`{}` is neither a page nor a file of the site",
                    quote(&link.dest)
                )
            };
            (broken, message)
        })
    }
}

/// Catches destinations that cannot work as written: whitespace, a web address without its
/// scheme (`http.dabeaz.com/x`, `www.python.org`), a broken scheme or a missing host.
fn malformed(href: &str) -> Option<String> {
    let shown = quote(href);
    if href.chars().any(char::is_whitespace) {
        return Some(format!("`{shown}` contains whitespace: encode it as %20"));
    }
    let lower = href.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("http:")
        .or_else(|| lower.strip_prefix("https:"))
    {
        if !rest.starts_with("//") {
            return Some(format!("`{shown}` is missing the `//` after the scheme"));
        }
        let host = rest[2..].split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let name = host.split(':').next().unwrap_or("");
        if name.is_empty() || (!name.contains('.') && name != "localhost") {
            return Some(format!("`{shown}` has no valid host name"));
        }
        return None;
    }
    if lower.starts_with("http//") || lower.starts_with("https//") {
        return Some(format!("`{shown}` is missing the `:` after the scheme"));
    }
    if !url::has_scheme(href) && looks_like_host(href) {
        return Some(format!("`{shown}` looks like a web address without `https://`: a browser would look for it inside this site"));
    }
    None
}

/// Whether the first path segment of a scheme-less `href` is a host name (`www.x.org`, `a.b.com`).
fn looks_like_host(href: &str) -> bool {
    let first = href.split(['/', '?', '#']).next().unwrap_or("");
    let labels: Vec<&str> = first.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    {
        return false;
    }
    let tld = labels[labels.len() - 1].to_ascii_lowercase();
    let alphabetic_tld =
        (2..=6).contains(&tld.len()) && tld.bytes().all(|b| b.is_ascii_alphabetic());
    first.to_ascii_lowercase().starts_with("www.")
        || (alphabetic_tld && !FILE_EXTENSIONS.contains(&tld.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_web_addresses_without_a_scheme() {
        for bad in [
            "http.dabeaz.com/coroutines/",
            "www.python.org",
            "docs.python.org/3/",
            "http:/x.org",
            "https//x.org",
            "http://",
            "https://nohost/x",
        ] {
            assert!(malformed(bad).is_some(), "{bad}");
        }
        for good in [
            "https://peps.python.org/pep-0492/",
            "http://localhost:8000/",
            "other.md",
            "img/a.png",
            "foo.html#x",
            "mailto:a@b.c",
            "#x",
        ] {
            assert_eq!(malformed(good), None, "{good}");
        }
    }
}
