//! The print view: every page of the book on one page. Each chapter's ids get the chapter's slug as a
//! prefix (`slug--id`) and links between chapters become links within the page, so ids stay
//! unique and every link still lands.

use std::collections::HashSet;

use serde::Serialize;

use crate::site::{PageKind, Site};

/// One page as `print.html` shows it.
#[derive(Serialize)]
pub(crate) struct PrintChapter<'a> {
    kind: PageKind,
    label: &'a str,
    title: &'a str,
    slug: &'a str,
    url: &'a str,
    /// The label and title of its part (none for a preface page).
    part: Option<(&'a str, &'a str)>,
    content: String,
}

/// Every chapter of `site`, with ids and links made unique within one page.
pub(crate) fn chapters(site: &Site) -> Vec<PrintChapter<'_>> {
    let slugs: HashSet<&str> = site
        .pages
        .iter()
        .map(|p| p.chapter.doc.meta.slug.as_str())
        .collect();
    site.pages
        .iter()
        .map(|page| {
            let meta = &page.chapter.doc.meta;
            let rendered = &page.chapter.rendered;
            let mut content = prefix_ids(&rendered.html, &meta.slug, &slugs);
            if rendered.has_mermaid {
                content = own_diagram_ids(&content, &meta.slug);
            }
            PrintChapter {
                kind: page.kind,
                part: page.part.map(|p| {
                    let part = &site.parts[p];
                    (part.label.as_str(), part.title.as_str())
                }),
                label: &page.label,
                title: &meta.title,
                slug: &meta.slug,
                url: &page.url,
                content,
            }
        })
        .collect()
}

/// Gives a chapter's diagrams SVG ids of their own in the print view (`id='mmd-KEY-light'`, and
/// `#mmd-…` in their styles and references, become `mmd-slug--KEY-…`): two chapters may hold the
/// same diagram. Their ids keep the `mmd-` start and `-light`/`-dark` end the CSS selects on.
fn own_diagram_ids(html: &str, slug: &str) -> String {
    html.replace("'mmd-", &format!("'mmd-{slug}--"))
        .replace("#mmd-", &format!("#mmd-{slug}--"))
}

/// Prefixes ids and in-page anchors with `slug--`, and turns `other.html#x` into `#other--x`.
/// One pass over the links: the dev server prints the book again on every rebuild.
fn prefix_ids(html: &str, slug: &str, slugs: &HashSet<&str>) -> String {
    let html = html
        .replace(" id=\"", &format!(" id=\"{slug}--"))
        .replace("href=\"#", &format!("href=\"#{slug}--"));
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(i) = rest.find("href=\"") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let end = rest.find(['"', '#']).unwrap_or(rest.len());
        let target = rest[..end]
            .strip_suffix(".html")
            .filter(|t| end < rest.len() && slugs.contains(t));
        match target {
            Some(target) if rest.as_bytes()[end] == b'#' => {
                out.push_str(&format!("#{target}--"));
                rest = &rest[end + 1..];
            }
            Some(target) => {
                out.push_str(&format!("#{target}"));
                rest = &rest[end..];
            }
            None => {}
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_view_prefixes_ids_and_links() {
        let html = r##"<h2 id="a">A<a class="anchor" href="#a">#</a></h2><a href="b.html#c">x</a><a href="b.html">y</a>"##;
        let out = prefix_ids(html, "one", &HashSet::from(["one", "b"]));
        assert_eq!(
            out,
            r##"<h2 id="one--a">A<a class="anchor" href="#one--a">#</a></h2><a href="#b--c">x</a><a href="#b">y</a>"##
        );
    }

    #[test]
    fn print_view_gives_each_chapters_diagram_ids_of_its_own() {
        let svg = r##"<svg id='mmd-k-light'><style>#mmd-k-light .a{}</style><path marker-end="url(#mmd-k-m)"/></svg>"##;
        let one = own_diagram_ids(svg, "one");
        let two = own_diagram_ids(svg, "two");
        assert_eq!(
            one,
            r##"<svg id='mmd-one--k-light'><style>#mmd-one--k-light .a{}</style><path marker-end="url(#mmd-one--k-m)"/></svg>"##
        );
        assert_ne!(one, two);
    }
}
