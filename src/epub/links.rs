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

use super::book::Page;
use super::ids::IdMap;
use super::outline::Outline;
use crate::url;

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

/// Every page's document and ids: what a link can land on.
pub(crate) struct Targets<'a> {
    /// Each page's URL on the site, in reading order.
    urls: Vec<&'a str>,
    by_url: HashMap<&'a str, usize>,
    files: &'a [String],
    ids: Vec<&'a IdMap>,
    base_url: Option<&'a str>,
}

impl<'a> Targets<'a> {
    /// The targets of a book whose page `i` is published at `pages[i].url` on the site and
    /// written to `files[i]` in the EPUB.
    pub(crate) fn new(
        pages: &[&'a Page],
        files: &'a [String],
        outlines: &'a [Outline],
        base_url: Option<&'a str>,
    ) -> Self {
        let urls: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
        // Two pages sharing a URL is an error of the site; links go to the first.
        let mut by_url = HashMap::new();
        for (i, url) in urls.iter().enumerate() {
            by_url.entry(*url).or_insert(i);
        }
        Self {
            urls,
            by_url,
            files,
            ids: outlines.iter().map(|o| &o.ids).collect(),
            base_url,
        }
    }

    /// Where `href`, found in page `from`, points in the EPUB; `None` when it must not be a
    /// link.
    pub(crate) fn resolve(&self, href: &str, from: usize) -> Option<String> {
        let href = href.trim();
        if let Some(fragment) = href.strip_prefix('#') {
            return self.fragment(from, fragment).map(|id| format!("#{id}"));
        }
        if url::has_scheme(href) {
            let scheme = href.split(':').next().unwrap_or_default();
            let kept = KEPT_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str());
            return kept.then(|| encode(href));
        }
        if href.starts_with("//") {
            return Some(encode(&format!("https:{href}")));
        }
        let (path, fragment) = url::resolve(self.urls[from], href)?;
        let fragment = fragment.unwrap_or_default();
        if let Some(&to) = self.by_url.get(path.as_str()) {
            return Some(self.in_page(to, fragment));
        }
        let base_url = self.base_url?;
        let fragment = if fragment.is_empty() {
            String::new()
        } else {
            format!("#{fragment}")
        };
        Some(encode(&format!(
            "{base_url}{}{fragment}",
            url::encode_path(&path)
        )))
    }

    /// The site path of the file that `href`, found in page `from`, names; `None` for a link
    /// that leaves the site.
    pub(crate) fn site_path(&self, href: &str, from: usize) -> Option<String> {
        let href = href.trim();
        if href.starts_with('#') {
            return None;
        }
        url::resolve(self.urls[from], href).map(|(path, _)| path)
    }

    /// The new id of the element that `fragment` (as written in a link) named in page `to`.
    fn fragment(&self, to: usize, fragment: &str) -> Option<&'a str> {
        let ids = self.ids[to];
        let decoded = percent_decode_str(fragment).decode_utf8_lossy();
        ids.target(fragment).or_else(|| ids.target(&decoded))
    }

    /// A link to page `to`, at `fragment` if that page still has it.
    fn in_page(&self, to: usize, fragment: &str) -> String {
        let file = &self.files[to];
        match self.fragment(to, fragment) {
            Some(id) if !fragment.is_empty() => format!("{file}#{id}"),
            _ => file.clone(),
        }
    }
}

/// `url` with what a URI cannot hold percent-encoded.
fn encode(url: &str) -> String {
    utf8_percent_encode(url, NOT_IN_URI).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::outline;

    fn page(slug: &str) -> Page {
        Page {
            url: format!("{slug}.html"),
            ..Page::default()
        }
    }

    fn resolve_all(base_url: Option<&str>, hrefs: &[&str]) -> Vec<Option<String>> {
        let pages = [page("one"), page("two")];
        let refs: Vec<&Page> = pages.iter().collect();
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
                "two.html#gone",
                "#1-a",
                "#gone",
                "/two.html",
                "../two.html",
            ],
        );
        let want = ["two.xhtml#b", "two.xhtml", "two.xhtml", "#id-1-a"].map(|s| Some(s.to_owned()));
        assert_eq!(got[..4], want);
        assert_eq!(got[4..], [None, None, None], "nothing that leaves the site");
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
