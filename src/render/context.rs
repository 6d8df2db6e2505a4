//! What a template sees: the book, the navigation with the current chapter marked, the texts
//! of the interface, and the page. URLs are relative to the site root through `root`, so one output works at a domain
//! root, under a sub-path and from disk.

use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::markdown::headings::Heading;
use crate::site::{Page, PageKind, Site};
use crate::ui::{fill, Ui};

/// A page as the navigation shows it; a chapter lists its sections.
#[derive(Serialize)]
struct NavPage<'a> {
    kind: PageKind,
    number: &'a str,
    label: &'a str,
    title: &'a str,
    url: &'a str,
    current: bool,
    sections: Vec<NavPage<'a>>,
}

#[derive(Serialize)]
struct NavPart<'a> {
    number: &'a str,
    label: &'a str,
    title: &'a str,
    is_appendix: bool,
    chapters: Vec<NavPage<'a>>,
}

/// How much the book holds, and where reading starts, for the home page.
#[derive(Serialize, Default)]
struct Counts<'a> {
    parts: usize,
    chapters: usize,
    appendices: usize,
    sections: usize,
    pages: usize,
    /// "6 phần, 27 chương, 5 phụ lục", in the book's language.
    summary: String,
    /// The URL of the first page in reading order.
    first: Option<&'a str>,
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
    parent: Option<Neighbour<'a>>,
    place: Option<PageKind>,
    number: &'a str,
    label: &'a str,
    has_mermaid: bool,
    mermaid_client: bool,
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
        let part = page.part.map(|p| &site.parts[p]);
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
            part: part.map(|part| PartRef {
                number: &part.number,
                label: &part.label,
                title: &part.title,
            }),
            parent: page.parent.map(|i| neighbour(&site.pages[i])),
            place: Some(page.kind),
            number: &page.number,
            label: &page.label,
            has_mermaid: rendered.has_mermaid,
            mermaid_client: rendered.mermaid_client,
            has_code: rendered.has_code,
        }
    }

    /// Marks whether the page shows diagrams (drawn in the browser or not) or code, as any of
    /// the site's chapters does (for a page that gathers them all).
    pub(super) fn with_features_of(mut self, site: &Site) -> Self {
        let any = |f: fn(&crate::markdown::Rendered) -> bool| {
            site.pages.iter().any(|p| f(&p.chapter.rendered))
        };
        self.has_mermaid = any(|r| r.has_mermaid);
        self.mermaid_client = any(|r| r.mermaid_client);
        self.has_code = any(|r| r.has_code);
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

/// The context shared by every page: book, site, navigation (with `current` marked), the
/// texts of the interface (`t`) and how much the book holds.
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
                .filter(|&&i| site.pages[i].kind != PageKind::Section)
                .map(|&i| nav_page(site, i, current))
                .collect(),
        })
        .collect();
    let preface: Vec<_> = site
        .preface
        .iter()
        .map(|&i| nav_page(site, i, current))
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
    context.insert("preface", &preface);
    context.insert("counts", &counts(config.ui, site));
    context.insert("t", config.ui);
    context
}

fn nav_page(site: &Site, index: usize, current: Option<usize>) -> NavPage<'_> {
    let page = &site.pages[index];
    let sections = match page.kind {
        PageKind::Chapter => site
            .sections_of(index)
            .map(|i| nav_page(site, i, current))
            .collect(),
        _ => Vec::new(),
    };
    NavPage {
        kind: page.kind,
        number: &page.number,
        label: &page.label,
        title: &page.chapter.doc.meta.title,
        url: &page.url,
        current: current == Some(index),
        sections,
    }
}

fn counts<'a>(ui: &Ui, site: &'a Site) -> Counts<'a> {
    let mut counts = Counts {
        parts: site.parts.iter().filter(|p| !p.is_appendix).count(),
        pages: site.pages.len(),
        first: site.pages.first().map(|p| p.url.as_str()),
        ..Counts::default()
    };
    for page in &site.pages {
        let appendix = page.part.is_some_and(|p| site.parts[p].is_appendix);
        match (page.kind, appendix) {
            (PageKind::Chapter, true) => counts.appendices += 1,
            (PageKind::Chapter, false) => counts.chapters += 1,
            (PageKind::Section, _) => counts.sections += 1,
            (PageKind::Preface, _) => {}
        }
    }
    let count =
        |n: usize, one: &str, many: &str| fill(if n == 1 { one } else { many }, &n.to_string());
    let mut summary = vec![
        count(counts.parts, &ui.count_parts_one, &ui.count_parts),
        count(counts.chapters, &ui.count_chapters_one, &ui.count_chapters),
    ];
    if counts.appendices > 0 {
        summary.push(count(
            counts.appendices,
            &ui.count_appendices_one,
            &ui.count_appendices,
        ));
    }
    counts.summary = summary.join(", ");
    counts
}
