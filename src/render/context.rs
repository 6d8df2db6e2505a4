//! What a template sees: the book, the navigation with the current chapter marked, and the
//! page. URLs are relative to the site root through `root`, so one output works at a domain
//! root, under a sub-path and from disk.

use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::markdown::headings::Heading;
use crate::site::{Page, Site};

#[derive(Serialize)]
struct NavChapter<'a> {
    number: &'a str,
    label: &'a str,
    title: &'a str,
    url: &'a str,
    current: bool,
}

#[derive(Serialize)]
struct NavPart<'a> {
    number: &'a str,
    label: &'a str,
    title: &'a str,
    is_appendix: bool,
    chapters: Vec<NavChapter<'a>>,
}

#[derive(Serialize)]
struct Neighbour<'a> {
    title: &'a str,
    url: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct PartRef<'a> {
    number: &'a str,
    label: &'a str,
    title: &'a str,
}

/// What a template knows about the page it renders.
#[derive(Serialize, Default)]
pub(super) struct PageContext<'a> {
    kind: &'a str,
    title: &'a str,
    url: &'a str,
    description: String,
    content: &'a str,
    toc: &'a [Heading],
    prev: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
    part: Option<PartRef<'a>>,
    number: &'a str,
    label: &'a str,
    has_mermaid: bool,
    has_code: bool,
}

impl<'a> PageContext<'a> {
    /// A page that is not a chapter (home, print, 404).
    pub(super) fn special(
        kind: &'a str,
        title: &'a str,
        url: &'a str,
        description: String,
    ) -> Self {
        Self {
            kind,
            title,
            url,
            description,
            ..Self::default()
        }
    }

    /// A chapter page, with its neighbours.
    pub(super) fn chapter(site: &'a Site, index: usize) -> Self {
        let page = &site.pages[index];
        let meta = &page.chapter.doc.meta;
        let rendered = &page.chapter.rendered;
        let part = &site.parts[page.part];
        Self {
            kind: "chapter",
            title: &meta.title,
            url: &page.url,
            description: meta
                .description
                .clone()
                .unwrap_or_else(|| describe(&rendered.sections)),
            content: &rendered.html,
            toc: &rendered.toc,
            prev: site.prev(index).map(neighbour),
            next: site.next(index).map(neighbour),
            part: Some(PartRef {
                number: &part.number,
                label: &part.label,
                title: &part.title,
            }),
            number: &meta.number,
            label: &page.label,
            has_mermaid: rendered.has_mermaid,
            has_code: rendered.has_code,
        }
    }

    /// Marks whether the page shows diagrams or code (for pages that gather several chapters).
    pub(super) fn with_features(mut self, has_mermaid: bool, has_code: bool) -> Self {
        self.has_mermaid = has_mermaid;
        self.has_code = has_code;
        self
    }
}

fn neighbour(page: &Page) -> Neighbour<'_> {
    Neighbour {
        title: &page.chapter.doc.meta.title,
        url: &page.url,
        label: &page.label,
    }
}

/// A description from the first sentence-ish of the chapter's text, for link previews.
fn describe(sections: &[crate::markdown::Section]) -> String {
    let text = sections
        .iter()
        .map(|s| s.text.trim())
        .find(|t| t.chars().count() > 40)
        .unwrap_or_default();
    let mut out: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(160)
        .collect();
    if text.chars().count() > 160 {
        out.push('…');
    }
    out
}

/// The context shared by every page: book, site, navigation (with `current` marked).
pub(crate) fn base_context(
    config: &Config,
    site: &Site,
    current: Option<usize>,
    root: &str,
    base_url: Option<&str>,
) -> Context {
    let book = &config.book;
    let nav: Vec<NavPart<'_>> = site
        .parts
        .iter()
        .map(|part| NavPart {
            number: &part.number,
            label: &part.label,
            title: &part.title,
            is_appendix: part.is_appendix,
            chapters: part
                .pages
                .iter()
                .map(|&i| nav_chapter(site, i, current == Some(i)))
                .collect(),
        })
        .collect();
    let mut context = Context::new();
    context.insert("lang", &book.language);
    context.insert("root", root);
    context.insert("book", &serde_json::json!({
        "title": book.title, "subtitle": book.subtitle, "edition": book.edition, "description": book.description,
    }));
    context.insert(
        "site",
        &serde_json::json!({
            "base_url": base_url, "generator": concat!("handbook ", env!("CARGO_PKG_VERSION")),
        }),
    );
    context.insert("nav", &nav);
    context
}

fn nav_chapter(site: &Site, index: usize, current: bool) -> NavChapter<'_> {
    let page = &site.pages[index];
    let meta = &page.chapter.doc.meta;
    NavChapter {
        number: &meta.number,
        label: &page.label,
        title: &meta.title,
        url: &page.url,
        current,
    }
}
