//! Link checks over the assembled site: every internal link, #anchor and image must resolve,
//! and every external URL must look like one.
//!
//! Runs after [`crate::site::assemble`] in both `build` (so a broken link is never published
//! silently) and `check`. Input: the [`Config`] and the [`Site`]; output: [`Diagnostic`]s of
//! the kinds `broken-link`, `broken-anchor`, `missing-image` and `malformed-link`, located at
//! the `[` (or `!`) that starts the link in the chapter file.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::config::Config;
use crate::diag::{Diagnostic, LineIndex};
use crate::frontmatter::Document;
use crate::markdown::{Link, LinkKind};
use crate::site::Site;

/// Pages that exist in every site but are not chapters; their ids are not tracked.
const SPECIAL_PAGES: &[&str] = &["index.html", "print.html", "404.html"];

/// File extensions that make `name.ext` a file name rather than a host name.
const FILE_EXTENSIONS: &[&str] = &[
    "md", "html", "htm", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "css", "js",
    "json", "txt", "pdf", "py", "pyi", "rs", "toml", "yaml", "yml", "xml", "csv", "zip", "gz",
    "woff", "woff2", "sh", "ipynb", "cfg", "ini",
];

/// Why a link is wrong: its diagnostic kind and message.
type Problem = (&'static str, String);

/// Every problem with the links and images of the site's pages.
pub fn check(config: &Config, site: &Site) -> Vec<Diagnostic> {
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
    let targets = Targets { config, anchors };
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
        diagnostics.extend(near_misses(&page.chapter.doc));
    }
    diagnostics
}

/// What internal links may point at: the pages with their ids, and the files of static/.
struct Targets<'a> {
    config: &'a Config,
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
        if let Some(problem) = malformed(href) {
            return Some(("malformed-link", problem));
        }
        if has_scheme(href) || href.starts_with("//") {
            return None;
        }
        if href.starts_with('/') {
            let message = format!("`{}` is an absolute path: it points outside the book (and breaks under a sub-path); use a path relative to the page", link.dest);
            return Some((broken, message));
        }
        let (path, fragment) = href
            .split_once('#')
            .map_or((href, None), |(p, f)| (p, Some(f)));
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let path = percent_decode(path.trim_start_matches("./"));
        let target = if path.is_empty() { page } else { path.as_str() };
        if let Some(ids) = self.anchors.get(target) {
            let fragment = fragment.map(percent_decode).filter(|f| !f.is_empty())?;
            return (!ids.contains(fragment.as_str())).then(|| {
                let page = if path.is_empty() {
                    "this page".to_owned()
                } else {
                    format!("`{target}`")
                };
                (
                    "broken-anchor",
                    format!("no heading or element with id `{fragment}` in {page}"),
                )
            });
        }
        if SPECIAL_PAGES.contains(&target) {
            return None;
        }
        if path.ends_with(".md") {
            return Some((
                broken,
                format!("`{}` is not a chapter file of the book", link.dest),
            ));
        }
        let asset = self.config.static_dir().join(Path::new(&path));
        (!asset.is_file()).then(|| {
            (
                broken,
                format!("`{}` is neither a page nor a file in static/", link.dest),
            )
        })
    }
}

/// Whether `href` starts with a URL scheme such as `https:` or `mailto:`.
fn has_scheme(href: &str) -> bool {
    let Some((scheme, _)) = href.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Catches destinations that cannot work as written: whitespace, a web address without its
/// scheme (`http.dabeaz.com/x`, `www.python.org`), a broken scheme or a missing host.
fn malformed(href: &str) -> Option<String> {
    if href.chars().any(char::is_whitespace) {
        return Some(format!("`{href}` contains whitespace: encode it as %20"));
    }
    let lower = href.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("http:")
        .or_else(|| lower.strip_prefix("https:"))
    {
        if !rest.starts_with("//") {
            return Some(format!("`{href}` is missing the `//` after the scheme"));
        }
        let host = rest[2..].split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let name = host.split(':').next().unwrap_or("");
        if name.is_empty() || (!name.contains('.') && name != "localhost") {
            return Some(format!("`{href}` has no valid host name"));
        }
        return None;
    }
    if lower.starts_with("http//") || lower.starts_with("https//") {
        return Some(format!("`{href}` is missing the `:` after the scheme"));
    }
    if !has_scheme(href) && looks_like_host(href) {
        return Some(format!("`{href}` looks like a web address without `https://`: a browser would look for it inside this site"));
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

/// Decodes `%XX` escapes (invalid ones are kept as written).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Links that almost parsed: `[text] (url)` with a space, or `[text](url with spaces)`. Markdown
/// shows both as plain text, so they never reach the link checks above.
pub fn near_misses(doc: &Document) -> Vec<Diagnostic> {
    let lines = LineIndex::new(&doc.body);
    let mut diagnostics = Vec::new();
    for run in prose_runs(&doc.body) {
        let text = &doc.body[run.clone()];
        for (offset, message) in near_misses_in(text) {
            let (line, col) = lines.locate(&doc.body, run.start + offset);
            diagnostics.push(Diagnostic::warning(
                &doc.display_path,
                line + doc.body_line - 1,
                col,
                "malformed-link",
                message,
            ));
        }
    }
    diagnostics
}

/// Byte ranges of the body holding prose (text outside code, HTML and links), adjacent pieces merged.
fn prose_runs(body: &str) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut skip = 0usize;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(
                Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. } | Tag::HtmlBlock,
            ) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image | TagEnd::HtmlBlock) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(_) if skip == 0 => match runs.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => runs.push(range),
            },
            _ => {}
        }
    }
    runs
}

/// Near-miss links in one run of prose: (byte offset of the `[`, message).
fn near_misses_in(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (close, _) in text.match_indices(']') {
        let Some(open) = text[..close].rfind('[') else {
            continue;
        };
        let after = &text[close + 1..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        let Some(inner) = after[spaces..].strip_prefix('(') else {
            continue;
        };
        let Some(end) = inner.find(')') else { continue };
        let dest = &inner[..end];
        if spaces > 0 && !dest.contains(char::is_whitespace) && is_destination_like(dest) {
            let message = format!(
                "`{}` is not a link: remove the space between `]` and `(`",
                &text[open..close + 1 + spaces + 1 + end + 1]
            );
            found.push((open, message));
        } else if spaces == 0
            && dest.trim().contains(char::is_whitespace)
            && is_destination_like(dest.trim())
        {
            let message = format!("`{dest}` contains whitespace, so `[…]({dest})` is not a link: encode spaces as %20");
            found.push((open, message));
        }
    }
    found
}

/// Whether `dest` reads like a link destination rather than a parenthetical remark.
fn is_destination_like(dest: &str) -> bool {
    let first = dest.split_whitespace().next().unwrap_or("");
    let path = first.split('#').next().unwrap_or("");
    first.starts_with("http://")
        || first.starts_with("https://")
        || first.starts_with("www.")
        || first.starts_with("./")
        || first.starts_with("../")
        || (first.starts_with('#') && first.len() > 1)
        || path.ends_with(".md")
        || path.ends_with(".html")
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

    #[test]
    fn flags_near_miss_links_but_not_remarks() {
        let found = near_misses_in("xem [PEP 492] (https://peps.python.org/pep-0492/) nhé");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 4);
        assert_eq!(near_misses_in("[a](https://x.org/a b)").len(), 1);
        assert!(near_misses_in("khoảng [0, 1] (bao gồm cả hai đầu)").is_empty());
        assert!(near_misses_in("mảng [i] (chỉ số) và list[int] (kiểu)").is_empty());
    }

    #[test]
    fn prose_runs_skip_code_and_links() {
        let body =
            "a [x] (https://x.org)\n\n```\n[y] (https://y.org)\n```\n\n`[z] (https://z.org)`\n";
        let runs = prose_runs(body);
        let found: Vec<_> = runs
            .iter()
            .flat_map(|r| near_misses_in(&body[r.clone()]))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b.png"), "a b.png");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
