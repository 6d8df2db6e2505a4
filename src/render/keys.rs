//! What each output of the site depends on, as one number per output: the dev server renders
//! an output again only when its key changes. A key covers what a content edit can change;
//! changes to the configuration, the templates or the diagrams reset every output. A file of
//! static/, or of content/ beside the chapters, is keyed by its path, size and modification
//! time.

use super::plan::{needs_mermaid_runtime, Output};
use crate::site::{Page, Site};
use crate::source::StaticFile;
use crate::stamp;

/// What the outputs of one site share, worked out once per site.
pub(super) struct Keys {
    /// Everything of the navigation a page shows.
    navigation: u64,
    /// Every chapter's stamp, in order.
    chapters: u64,
    /// Whether the browser must draw some diagram.
    mermaid_runtime: bool,
}

impl Keys {
    /// The shared parts of the keys of `site`.
    pub(super) fn of(site: &Site) -> Self {
        let chapters: Vec<u64> = site.pages.iter().map(|p| p.chapter.stamp).collect();
        Self {
            navigation: navigation(site),
            chapters: stamp::of(&chapters),
            mermaid_runtime: needs_mermaid_runtime(site),
        }
    }

    /// The key of `output` in `site`, whose static files are `statics` and whose files of
    /// content/ are `assets`.
    pub(super) fn key(
        &self,
        site: &Site,
        (statics, assets): (&[StaticFile], &[StaticFile]),
        output: Output,
    ) -> u64 {
        let nav = self.navigation;
        match output {
            Output::Chapter(i) => stamp::of(&(
                nav,
                i,
                site.pages[i].chapter.stamp,
                site.prev(i).map(neighbour),
                site.next(i).map(neighbour),
            )),
            Output::Home | Output::NotFound | Output::Seo => stamp::of(&(output, nav)),
            Output::Print | Output::SearchIndex => stamp::of(&(output, nav, self.chapters)),
            Output::SyntaxCss | Output::NoJekyll => stamp::of(&output),
            Output::MermaidRuntime => stamp::of(&(output, self.mermaid_runtime)),
            Output::Static(i) => stamp::of(&(output, &statics[i].site_path, statics[i].stamp)),
            Output::Asset(i) => stamp::of(&(output, &assets[i].site_path, assets[i].stamp)),
        }
    }
}

/// What a page shows of its neighbour.
fn neighbour(page: &Page) -> (&str, &str, &str) {
    (&page.chapter.doc.meta.title, &page.url, &page.label)
}

/// Everything of the navigation a page shows: parts, the preface, and each page's number,
/// label, title, URL and place.
fn navigation(site: &Site) -> u64 {
    let parts: Vec<_> = site
        .parts
        .iter()
        .map(|p| (&p.number, &p.label, &p.title, p.is_appendix, &p.pages))
        .collect();
    let pages: Vec<_> = site
        .pages
        .iter()
        .map(|p| (&p.number, neighbour(p), p.part, p.parent, p.kind))
        .collect();
    stamp::of(&(parts, pages, &site.preface))
}
