//! Stage 6: put the rendered chapters in book order and build the navigation.
//!
//! Input: the [`Config`] and every loaded [`Chapter`]. Output: a [`Site`] with pages in reading
//! order, each knowing its part and neighbours, plus diagnostics for chapters that the
//! configuration and content/ disagree on. This step is global but cheap, so it is always
//! redone from scratch (the dev server caches only the per-file work before it).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Config, PartConfig};
use crate::diag::Diagnostic;
use crate::frontmatter::Document;
use crate::markdown::Rendered;
use crate::project::CONFIG_FILE;

/// One chapter file, parsed and rendered: the unit the dev server caches.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The file's front matter and body.
    pub doc: Arc<Document>,
    /// Its HTML and what was collected while rendering it.
    pub rendered: Arc<Rendered>,
    /// Identifies what it was rendered from (its text and the places of the other chapters):
    /// equal stamps, equal chapters.
    pub stamp: u64,
}

/// A chapter placed in the book.
#[derive(Debug, Clone)]
pub struct Page {
    /// The chapter.
    pub chapter: Chapter,
    /// Its URL relative to the site root (`slug.html`).
    pub url: String,
    /// "Chương 3" or "Phụ lục B".
    pub label: String,
    /// Index of its part in [`Site::parts`].
    pub part: usize,
}

/// A part of the book as the navigation shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Part {
    /// "I" … "VI", or "" for the appendices.
    pub number: String,
    /// "Phần I", or "Phụ lục".
    pub label: String,
    /// The part's title.
    pub title: String,
    /// Whether this is the appendices.
    pub is_appendix: bool,
    /// Indexes into [`Site::pages`], in order.
    pub pages: Vec<usize>,
}

/// The whole book, ready for templates.
#[derive(Debug, Clone)]
pub struct Site {
    /// Every chapter in reading order.
    pub pages: Vec<Page>,
    /// The parts, in order.
    pub parts: Vec<Part>,
}

impl Site {
    /// The page before `index` in reading order.
    pub fn prev(&self, index: usize) -> Option<&Page> {
        index.checked_sub(1).and_then(|i| self.pages.get(i))
    }

    /// The page after `index` in reading order.
    pub fn next(&self, index: usize) -> Option<&Page> {
        self.pages.get(index + 1)
    }
}

/// The URL of a chapter page.
pub(crate) fn page_url(slug: &str) -> String {
    format!("{slug}.html")
}

/// Orders `chapters` as the configuration says, and reports disagreements. Files that exist but
/// could not be loaded (`failed`, relative to content/) are reported by their own errors, not as
/// missing.
pub(crate) fn assemble(
    config: &Config,
    chapters: Vec<Chapter>,
    failed: &[PathBuf],
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = duplicate_slugs(&chapters);
    let mut by_path: HashMap<PathBuf, Chapter> = chapters
        .into_iter()
        .map(|c| (c.doc.rel_path.clone(), c))
        .collect();
    let mut site = Site {
        pages: Vec::new(),
        parts: Vec::new(),
    };
    for part in &config.book.parts {
        let mut indexes = Vec::new();
        for path in &part.chapters {
            let Some(chapter) = by_path.remove(path) else {
                if failed.contains(path) {
                    continue;
                }
                let message = format!(
                    "the configuration lists `{}`, but content/ has no such file",
                    path.display()
                );
                let (line, col) = config.chapter_position(path);
                diagnostics.push(Diagnostic::error(
                    CONFIG_FILE,
                    line,
                    col,
                    "missing-chapter",
                    message,
                ));
                continue;
            };
            indexes.push(site.pages.len());
            let label = chapter_label(part, &chapter.doc.meta.number);
            site.pages.push(Page {
                url: page_url(&chapter.doc.meta.slug),
                chapter,
                label,
                part: site.parts.len(),
            });
        }
        site.parts.push(part_nav(part, indexes));
    }
    let mut unknown: Vec<_> = by_path.into_values().collect();
    unknown.sort_by(|a, b| a.doc.rel_path.cmp(&b.doc.rel_path));
    for chapter in unknown {
        let message =
            format!("this chapter is not listed in {CONFIG_FILE}, so it is not published");
        diagnostics.push(Diagnostic::warning(
            &chapter.doc.display_path,
            1,
            1,
            "unlisted-chapter",
            message,
        ));
    }
    (site, diagnostics)
}

fn duplicate_slugs(chapters: &[Chapter]) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut sorted: Vec<_> = chapters.iter().collect();
    sorted.sort_by(|a, b| a.doc.rel_path.cmp(&b.doc.rel_path));
    sorted
        .into_iter()
        .filter(|c| !seen.insert(c.doc.meta.slug.as_str()))
        .map(|c| {
            let (line, col) = c.doc.position_of("slug");
            Diagnostic::error(
                &c.doc.display_path,
                line,
                col,
                "duplicate-slug",
                format!("slug `{}` is used by another chapter", c.doc.meta.slug),
            )
        })
        .collect()
}

fn chapter_label(part: &PartConfig, number: &str) -> String {
    match (part.appendix, number.is_empty()) {
        (_, true) => String::new(),
        (true, false) => format!("Phụ lục {number}"),
        (false, false) => format!("Chương {number}"),
    }
}

fn part_nav(part: &PartConfig, pages: Vec<usize>) -> Part {
    let label = if part.appendix || part.number.is_empty() {
        part.title.clone()
    } else {
        format!("Phần {}", part.number)
    };
    Part {
        number: part.number.clone(),
        label,
        title: part.title.clone(),
        is_appendix: part.appendix,
        pages,
    }
}
