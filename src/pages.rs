//! The pages that are not one chapter: the home page, the print view of the whole book and 404.
//!
//! The print view puts every chapter on one page; each chapter's ids get the chapter's slug
//! as a prefix (`slug--id`) and links between chapters become links within the page, so ids
//! stay unique and every link still lands.

use serde::Serialize;

use crate::build::Builder;
use crate::site::Site;
use crate::template::{self, PageContext, TemplateError};

#[derive(Serialize)]
struct PrintChapter<'a> {
    label: &'a str,
    title: &'a str,
    slug: &'a str,
    url: &'a str,
    content: String,
}

/// Renders the page of `kind` ("home", "print" or "404").
pub fn render(builder: &Builder, site: &Site, kind: &str) -> Result<String, TemplateError> {
    let book = &builder.config.book;
    let base_url = builder.base_url.as_deref();
    // 404.html is served for missing URLs at any depth, so its links must be absolute when the
    // site's address is known.
    let root = match (kind, base_url) {
        ("404", Some(url)) => url_path(url),
        _ => String::new(),
    };
    let mut context = template::base_context(&builder.config, site, None, &root, base_url);
    context.insert("epub", &builder.epub);
    let (template, page) = match kind {
        "home" => (
            "home.html",
            PageContext::special("home", &book.title, "index.html", book.description.clone()),
        ),
        "print" => {
            context.insert("chapters", &print_chapters(site));
            let any = |f: fn(&crate::markdown::Rendered) -> bool| {
                site.pages.iter().any(|p| f(&p.chapter.rendered))
            };
            let page =
                PageContext::special("print", &book.title, "print.html", book.description.clone());
            (
                "print.html",
                page.with_features(any(|r| r.has_mermaid), any(|r| r.has_code)),
            )
        }
        _ => (
            "404.html",
            PageContext::special("404", "Không tìm thấy trang", "404.html", String::new()),
        ),
    };
    let sidebar = builder.sidebar(site, &root)?;
    context.insert("sidebar", &sidebar.marked(None));
    context.insert("page", &page);
    builder.templates.render(template, &context)
}

/// The path part of a URL: `https://x.github.io/repo/` → `/repo/`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

fn print_chapters(site: &Site) -> Vec<PrintChapter<'_>> {
    let slugs: Vec<&str> = site
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
fn prefix_ids(html: &str, slug: &str, slugs: &[&str]) -> String {
    let slugs: std::collections::HashSet<&str> = slugs.iter().copied().collect();
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
        let out = prefix_ids(html, "one", &["one", "b"]);
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

    #[test]
    fn base_url_path_for_404() {
        assert_eq!(url_path("https://me.github.io/handbook/"), "/handbook/");
        assert_eq!(url_path("https://example.org"), "/");
        assert_eq!(url_path("/sub"), "/sub/");
    }
}
