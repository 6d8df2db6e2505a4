//! What each output of the site depends on, as one number per output: the dev server renders
//! an output again only when its key changes. A key covers what a content edit can change;
//! changes to the configuration, the templates or the diagrams reset every output. A file of
//! static/ is keyed by its size and modification time.

use super::Output;
use crate::site::{Page, Site};
use crate::source::StaticFile;

/// The key of `output` in `site`, whose static files are `statics`.
pub(super) fn key(
    site: &Site,
    statics: &[StaticFile],
    output: Output,
    needs_mermaid_runtime: bool,
) -> u64 {
    let nav = navigation(site);
    match output {
        Output::Chapter(i) => hash(&(
            nav,
            i,
            site.pages[i].chapter.stamp,
            site.prev(i).map(neighbour),
            site.next(i).map(neighbour),
        )),
        Output::Home | Output::NotFound | Output::Seo => hash(&(output, nav)),
        Output::Print | Output::SearchIndex => hash(&(output, nav, stamps(site))),
        Output::SyntaxCss | Output::NoJekyll => hash(&output),
        Output::MermaidRuntime => hash(&(output, needs_mermaid_runtime)),
        Output::Static(i) => hash(&(output, &statics[i].site_path, statics[i].stamp)),
    }
}

/// What a page shows of its neighbour.
fn neighbour(page: &Page) -> (&str, &str, &str) {
    (&page.chapter.doc.meta.title, &page.url, &page.label)
}

/// The stamp of every chapter, in order.
fn stamps(site: &Site) -> Vec<u64> {
    site.pages.iter().map(|p| p.chapter.stamp).collect()
}

/// Everything of the navigation a page shows: parts, and each page's number, label, title, URL.
fn navigation(site: &Site) -> u64 {
    let parts: Vec<_> = site
        .parts
        .iter()
        .map(|p| (&p.number, &p.label, &p.title, p.is_appendix, &p.pages))
        .collect();
    let pages: Vec<_> = site
        .pages
        .iter()
        .map(|p| (&p.chapter.doc.meta.number, neighbour(p), p.part))
        .collect();
    hash(&(parts, pages))
}

fn hash(value: &impl std::hash::Hash) -> u64 {
    crate::stamp::of(value)
}
