//! The print view: every page of the book on one page. Each chapter's ids get the chapter's slug as a
//! prefix (`slug--id`) and links between chapters become links within the page, so ids stay
//! unique and every link still lands.
//!
//! The chapters' HTML (3.5 MB for the handbook) never goes through Tera: the template gets a
//! short marker as each chapter's `content`, and [`fill`] puts the HTML in its place, written
//! once into a buffer of the final size. Passing it in the context would copy the book into a
//! JSON value and again into Tera's growing output, tripling the build's peak memory.

use std::collections::HashSet;

use memchr::memmem;
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
        let diagrams = rendered.has_mermaid;
        own_ids(&rendered.html, &meta.slug, diagrams, &slugs, &mut out);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// What [`own_ids`] rewrites: ids, links, and the ids of diagrams' SVGs and the references
/// to them (only in a chapter that shows a diagram). After each but the links comes the
/// chapter's `slug--`.
const REWRITTEN: [&str; 4] = [" id=\"", "href=\"", "'mmd-", "#mmd-"];

/// The index of links in [`REWRITTEN`].
const LINK: usize = 1;

/// Writes a chapter's HTML (`html`, of the chapter whose slug is `slug`, showing diagrams or
/// not) as the print view holds it, in one pass over it: ids and in-page anchors get the chapter's
/// slug as a prefix (`slug--id`), `other.html#x` becomes `#other--x`, and the SVG ids of its
/// diagrams (`id='mmd-KEY-light'`, and `#mmd-…` in their styles and references) become
/// `mmd-slug--KEY-…`, since two chapters may hold the same diagram; they keep the `mmd-` start
/// and `-light`/`-dark` end the CSS selects on.
fn own_ids(html: &str, slug: &str, diagrams: bool, slugs: &HashSet<&str>, out: &mut String) {
    let rewritten = if diagrams {
        &REWRITTEN[..]
    } else {
        &REWRITTEN[..LINK + 1]
    };
    // Each text found on its own (a vectorised search each), then all of them in order.
    let mut found: Vec<(usize, usize)> = rewritten
        .iter()
        .enumerate()
        .flat_map(|(kind, text)| memmem::find_iter(html.as_bytes(), text).map(move |at| (at, kind)))
        .collect();
    found.sort_unstable();
    let mut done = 0;
    for (at, kind) in found {
        if at < done {
            // In a link's target, rewritten with its link.
            continue;
        }
        let end = at + REWRITTEN[kind].len();
        out.push_str(&html[done..end]);
        done = end;
        if kind == LINK {
            done += link_target(&html[done..], slug, slugs, out);
        } else {
            out.push_str(slug);
            out.push_str("--");
        }
    }
    out.push_str(&html[done..]);
}

/// Writes what a link's target (`rest`, from just after `href="`) becomes in the print view:
/// `#x` becomes `#slug--x`, `other.html#x` becomes `#other--x` and `other.html` becomes
/// `#other` when `other` is a chapter of the book. Returns how many bytes of `rest` it stands
/// for (none when the link stays as it is).
fn link_target(rest: &str, slug: &str, slugs: &HashSet<&str>, out: &mut String) -> usize {
    if rest.starts_with('#') {
        out.push('#');
        out.push_str(slug);
        out.push_str("--");
        return 1;
    }
    let end = rest.find(['"', '#']).unwrap_or(rest.len());
    let target = rest[..end]
        .strip_suffix(".html")
        .filter(|t| end < rest.len() && slugs.contains(t));
    let Some(target) = target else {
        return 0;
    };
    out.push('#');
    out.push_str(target);
    if rest.as_bytes()[end] == b'#' {
        out.push_str("--");
        end + 1
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_view_prefixes_ids_and_links() {
        let html = r##"<h2 id="a">A<a class="anchor" href="#a">#</a></h2><a href="b.html#c">x</a><a href="b.html">y</a>"##;
        let mut out = String::new();
        own_ids(html, "one", false, &HashSet::from(["one", "b"]), &mut out);
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
    fn a_link_is_rewritten_once_even_to_a_slug_that_starts_like_a_diagram_id() {
        // `#mmd-` after a link's rewriting is the chapter's anchor, not a diagram's reference
        // (which the diagram cache writes with single quotes).
        let html = r##"<a href="#x">1</a><a href="mmd-b.html#y">2</a><svg id='mmd-k'><use href='#mmd-k'/></svg>"##;
        let mut out = String::new();
        own_ids(
            html,
            "mmd-a",
            true,
            &HashSet::from(["mmd-a", "mmd-b"]),
            &mut out,
        );
        assert_eq!(
            out,
            r##"<a href="#mmd-a--x">1</a><a href="#mmd-b--y">2</a><svg id='mmd-mmd-a--k'><use href='#mmd-mmd-a--k'/></svg>"##
        );
    }

    #[test]
    fn print_view_gives_each_chapters_diagram_ids_of_its_own() {
        let svg = r##"<svg id='mmd-k-light'><style>#mmd-k-light .a{}</style><path marker-end="url(#mmd-k-m)"/></svg>"##;
        let slugs = HashSet::from(["one", "two"]);
        let (mut one, mut two) = (String::new(), String::new());
        own_ids(svg, "one", true, &slugs, &mut one);
        own_ids(svg, "two", true, &slugs, &mut two);
        assert_eq!(
            one,
            r##"<svg id='mmd-one--k-light'><style>#mmd-one--k-light .a{}</style><path marker-end="url(#mmd-one--k-m)"/></svg>"##
        );
        assert_ne!(one, two);
    }
}
