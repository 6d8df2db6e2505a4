//! Where each link of a chapter points in the EPUB.
//!
//! A link to another chapter (`slug.html#id`) becomes a link to that chapter's document, its
//! fragment mapped to the id the element now has (or dropped when the chapter has no such id,
//! so nothing dangles). A link to a page of the site that is not in the book (`index.html`,
//! `print.html`, a download) points to the published site when its address is known, and
//! otherwise is no link at all. Web and mail links stay, percent-encoded where a URI needs it;
//! any other scheme (`javascript:`, `file:`, `data:`) is dropped.

use std::collections::HashMap;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use super::ids::IdMap;
use super::outline::Outline;
use super::Chapter;

/// Characters a URI cannot hold as they are (non-ASCII is always encoded).
const NOT_IN_URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Schemes a link in the book may keep.
const KEPT_SCHEMES: &[&str] = &["http", "https", "mailto", "ftp"];

/// Every chapter's document and ids: what a link can land on.
pub(crate) struct Targets<'a> {
    by_page: HashMap<String, usize>,
    files: &'a [String],
    ids: Vec<&'a IdMap>,
    base_url: Option<&'a str>,
}

impl<'a> Targets<'a> {
    /// The targets of a book whose chapter `i` is published at `SLUG.html` on the site and
    /// written to `files[i]` in the EPUB.
    pub(crate) fn new(
        chapters: &[&Chapter],
        files: &'a [String],
        outlines: &'a [Outline],
        base_url: Option<&'a str>,
    ) -> Self {
        // Two chapters sharing a slug is an error of the site; links go to the first.
        let mut by_page = HashMap::new();
        for (i, chapter) in chapters.iter().enumerate() {
            by_page.entry(format!("{}.html", chapter.slug)).or_insert(i);
        }
        Self {
            by_page,
            files,
            ids: outlines.iter().map(|o| &o.ids).collect(),
            base_url,
        }
    }

    /// Where `href`, found in chapter `from`, points in the EPUB; `None` when it must not be a
    /// link.
    pub(crate) fn resolve(&self, href: &str, from: usize) -> Option<String> {
        let href = href.trim();
        if let Some(fragment) = href.strip_prefix('#') {
            return self.fragment(from, fragment).map(|id| format!("#{id}"));
        }
        if let Some(scheme) = scheme(href) {
            let kept = KEPT_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str());
            return kept.then(|| encode(href));
        }
        if href.starts_with("//") {
            return Some(encode(&format!("https:{href}")));
        }
        let (path_and_query, fragment) = href.split_once('#').unwrap_or((href, ""));
        let path = site_path(path_and_query);
        if path.is_empty() {
            return Some(self.in_chapter(from, fragment));
        }
        if let Some(&to) = self.by_page.get(&path) {
            return Some(self.in_chapter(to, fragment));
        }
        let base_url = self.base_url?;
        let relative = path_and_query
            .trim_start_matches("./")
            .trim_start_matches('/');
        let fragment = if fragment.is_empty() {
            String::new()
        } else {
            format!("#{fragment}")
        };
        Some(encode(&format!("{base_url}{relative}{fragment}")))
    }

    /// The new id of the element that `fragment` (as written in a link) named in chapter `to`.
    fn fragment(&self, to: usize, fragment: &str) -> Option<&'a str> {
        let ids = self.ids[to];
        let decoded = percent_decode_str(fragment).decode_utf8_lossy();
        ids.target(fragment).or_else(|| ids.target(&decoded))
    }

    /// A link to chapter `to`, at `fragment` if that chapter still has it.
    fn in_chapter(&self, to: usize, fragment: &str) -> String {
        let file = &self.files[to];
        match self.fragment(to, fragment) {
            Some(id) if !fragment.is_empty() => format!("{file}#{id}"),
            _ => file.clone(),
        }
    }
}

/// The scheme of an absolute URL (`https` of `https://…`), if `href` has one.
fn scheme(href: &str) -> Option<&str> {
    let (scheme, _) = href.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// A relative link's path on the site, decoded, without `./`, a leading `/` or a query.
pub(crate) fn site_path(path_and_query: &str) -> String {
    let path = path_and_query.split('?').next().unwrap_or("");
    let path = path.trim_start_matches("./").trim_start_matches('/');
    percent_decode_str(path).decode_utf8_lossy().into_owned()
}

/// Whether `href` is relative: no scheme, not protocol-relative, not a fragment.
pub(crate) fn is_relative(href: &str) -> bool {
    let href = href.trim();
    scheme(href).is_none() && !href.starts_with("//") && !href.starts_with('#')
}

/// `url` with what a URI cannot hold percent-encoded.
fn encode(url: &str) -> String {
    utf8_percent_encode(url, NOT_IN_URI).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::outline;

    fn chapter(slug: &str) -> Chapter {
        Chapter {
            slug: slug.to_owned(),
            ..Chapter::default()
        }
    }

    fn resolve_all(base_url: Option<&str>, hrefs: &[&str]) -> Vec<Option<String>> {
        let chapters = [chapter("one"), chapter("two")];
        let refs: Vec<&Chapter> = chapters.iter().collect();
        let files = ["one.xhtml".to_owned(), "two.xhtml".to_owned()];
        let outlines = [
            outline::read(r#"<h2 id="1-a">A</h2>"#).1,
            outline::read(r#"<h2 id="b">B</h2><p id="đồng bộ">x</p>"#).1,
        ];
        let targets = Targets::new(&refs, &files, &outlines, base_url);
        hrefs.iter().map(|h| targets.resolve(h, 0)).collect()
    }

    #[test]
    fn links_between_chapters_land_on_their_documents() {
        let got = resolve_all(
            None,
            &[
                "two.html#b",
                "./two.html",
                "/two.html#gone",
                "#1-a",
                "#gone",
            ],
        );
        let want = ["two.xhtml#b", "two.xhtml", "two.xhtml", "#id-1-a"].map(|s| Some(s.to_owned()));
        assert_eq!(got[..4], want);
        assert_eq!(got[4], None);
    }

    #[test]
    fn percent_encoded_fragments_find_their_ids() {
        let got = resolve_all(None, &["two.html#%C4%91%E1%BB%93ng%20b%E1%BB%99"]);
        assert_eq!(got, [Some("two.xhtml#đồng-bộ".to_owned())]);
    }

    #[test]
    fn pages_outside_the_book_point_to_the_site_or_nowhere() {
        let hrefs = ["index.html", "print.html#two--b", "assets/x.zip"];
        assert_eq!(resolve_all(None, &hrefs), [None, None, None]);
        let got = resolve_all(Some("https://h.example/book/"), &hrefs);
        let want = [
            "https://h.example/book/index.html",
            "https://h.example/book/print.html#two--b",
            "https://h.example/book/assets/x.zip",
        ];
        assert_eq!(got, want.map(|s| Some(s.to_owned())));
    }

    #[test]
    fn web_links_stay_and_scripts_go() {
        let got = resolve_all(
            None,
            &[
                "https://docs.python.org/3/a b",
                "mailto:x@y.z",
                "javascript:alert(1)",
                "//cdn.example/x",
                "data:text/html,x",
            ],
        );
        assert_eq!(
            got,
            [
                Some("https://docs.python.org/3/a%20b".to_owned()),
                Some("mailto:x@y.z".to_owned()),
                None,
                Some("https://cdn.example/x".to_owned()),
                None,
            ]
        );
    }
}
