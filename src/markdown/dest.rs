//! Where a link or image written in a chapter goes. A relative destination is read from the
//! chapter's file, as an editor and GitHub read it: `../02-b/05-c.md#x` is the page of that
//! chapter (`05-c.html#x`), and `imgs/x.png` in `content/01-a/ch.md` is the file
//! `content/01-a/imgs/x.png`, published at `01-a/imgs/x.png`. Pages sit at the site root, as
//! content/ and static/ do, so the rewritten link is that path, and the site works at a domain
//! root, under a sub-path and from disk.

use std::path::Path;

use super::rendered::LinkMap;
use crate::url;

/// The URL, relative to the site root, of the destination `written` in the chapter file
/// `from` (relative to content/). External links, absolute paths, in-page anchors and
/// destinations that climb out of content/ are kept as written (the link checks report the
/// last two).
pub(super) fn resolve(from: &Path, written: &str, links: &LinkMap) -> String {
    if written.is_empty()
        || written.starts_with('#')
        || written.starts_with('/')
        || url::is_external(written)
    {
        return written.to_owned();
    }
    let from = crate::source::site_path(from);
    let Some((target, fragment)) = url::resolve(&from, written) else {
        return written.to_owned();
    };
    let query = query_of(written);
    if target.ends_with(".md") {
        let Some(page) = links.get(Path::new(&target)) else {
            return written.to_owned();
        };
        return with_tail(page.clone(), None, fragment);
    }
    if target.is_empty() {
        return written.to_owned();
    }
    with_tail(url::encode_path(&target), query, fragment)
}

/// The `?query` of a destination (before its fragment), if any.
fn query_of(written: &str) -> Option<&str> {
    let (path, _) = url::split_fragment(written);
    path.split_once('?').map(|(_, query)| query)
}

fn with_tail(mut href: String, query: Option<&str>, fragment: Option<&str>) -> String {
    if let Some(query) = query {
        href.push('?');
        href.push_str(query);
    }
    if let Some(fragment) = fragment {
        href.push('#');
        href.push_str(fragment);
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> LinkMap {
        LinkMap::from([("02-b/05-c.md".into(), "c.html".to_owned())])
    }

    #[test]
    fn chapters_link_to_pages_and_files_beside_them_are_found_from_the_chapter() {
        let from = Path::new("01-a/ch.md");
        assert_eq!(resolve(from, "../02-b/05-c.md#x", &links()), "c.html#x");
        assert_eq!(resolve(from, "imgs/x.png", &links()), "01-a/imgs/x.png");
        assert_eq!(
            resolve(from, "./d%20e.pdf?raw=1#p2", &links()),
            "01-a/d%20e.pdf?raw=1#p2"
        );
        assert_eq!(resolve(from, "../favicon.svg", &links()), "favicon.svg");
        assert_eq!(
            resolve(Path::new("ch.md"), "hình/a b.png", &links()),
            "hình/a%20b.png"
        );
    }

    #[test]
    fn other_destinations_stay_as_written() {
        let from = Path::new("01-a/ch.md");
        for written in [
            "https://x.org/a.png",
            "#muc",
            "/abs.png",
            "../../x.png",
            "../02-b/none.md",
            "",
        ] {
            assert_eq!(resolve(from, written, &links()), written);
        }
    }
}
