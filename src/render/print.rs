//! The print view: every page of the book on one page. Each chapter's ids get the chapter's slug as a
//! prefix (`slug--id`) and links between chapters become links within the page, so ids stay
//! unique and every link still lands.
//!
//! The chapters' HTML (3.5 MB for the handbook) never goes through Tera: the template gets a
//! short marker as each chapter's `content`, and [`fill`] puts the HTML in its place, written
//! once into a buffer of the final size. Passing it in the context would copy the book into a
//! JSON value and again into Tera's growing output, tripling the build's peak memory.

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
    /// A marker that [`fill`] replaces with the chapter's HTML (so a template cannot look
    /// inside it: what the page needs to know of the book's HTML is in `page`'s features).
    content: String,
}

/// Starts and ends the marker of one chapter's content (a control character no page holds).
const MARK: char = '\u{1}';

/// Every chapter of `site`, each with a marker for its content.
pub(crate) fn chapters(site: &Site) -> Vec<PrintChapter<'_>> {
    site.pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let meta = &page.chapter.doc.meta;
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
                content: format!("{MARK}{index}{MARK}"),
            }
        })
        .collect()
}

/// The rendered print template with each chapter's marker replaced by its HTML, ids and links
/// made unique within one page.
pub(crate) fn fill(template: &str, site: &Site) -> String {
    let slugs: HashSet<&str> = site
        .pages
        .iter()
        .map(|p| p.chapter.doc.meta.slug.as_str())
        .collect();
    let book: usize = site
        .pages
        .iter()
        .map(|p| p.chapter.rendered.html.len())
        .sum();
    // Ids gain a prefix: room for it, so the buffer is allocated once.
    let mut out = String::with_capacity(template.len() + book + book / 8);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once(MARK) {
        out.push_str(before);
        let marked = after.split_once(MARK).and_then(|(index, after)| {
            let page = site.pages.get(index.parse::<usize>().ok()?)?;
            Some((page, after))
        });
        let Some((page, after)) = marked else {
            out.push(MARK);
            rest = after;
            continue;
        };
        let (meta, rendered) = (&page.chapter.doc.meta, &page.chapter.rendered);
        let content = prefix_ids(&rendered.html, &meta.slug, &slugs);
        if rendered.has_mermaid {
            out.push_str(&own_diagram_ids(&content, &meta.slug));
        } else {
            out.push_str(&content);
        }
        rest = after;
    }
    out.push_str(rest);
    out
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

    fn site(chapters: &[(&str, &str)]) -> Site {
        let pages = chapters.iter();
        crate::site::test_site(
            pages
                .map(|(slug, html)| crate::site::test_page(slug, &format!("{slug}.html"), html))
                .collect(),
        )
    }

    #[test]
    fn fill_puts_each_chapters_html_at_its_marker() {
        let site = site(&[
            ("one", r#"<p id="a">1</p>"#),
            ("two", r#"<a href="one.html#a">2</a>"#),
        ]);
        let marks: Vec<String> = chapters(&site).into_iter().map(|c| c.content).collect();
        // In any order, any number of times; a stray marker character is kept as it is.
        let template = format!("<main>{}|{}|{}</main>\u{1}x", marks[1], marks[0], marks[1]);
        assert_eq!(
            fill(&template, &site),
            "<main><a href=\"#one--a\">2</a>|<p id=\"one--a\">1</p>|<a href=\"#one--a\">2</a></main>\u{1}x"
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
