//! Stage 6: put the rendered chapters in book order and build the navigation.
//!
//! Input: the [`Config`] and every loaded [`Chapter`]. Output: a [`Site`] with pages in reading
//! order (the preface, then each chapter followed by its sections), each numbered and labelled
//! and knowing its part, plus diagnostics for chapters that the configuration and content/
//! disagree on. This step is global but cheap, so it is always
//! redone from scratch (the dev server caches only the per-file work before it).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Config, Listed, Place};
use crate::diag::Diagnostic;
use crate::frontmatter::Document;
use crate::markdown::Rendered;
use crate::project::CONFIG_FILE;
use crate::ui::fill;

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

/// What a page is in the book's outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// An unnumbered page before the first part.
    Preface,
    /// A chapter (or an appendix).
    Chapter,
    /// A page numbered under its chapter (3.1).
    Section,
}

/// A chapter file placed in the book: a preface page, a chapter or a section.
#[derive(Debug, Clone)]
pub struct Page {
    /// The chapter file, rendered.
    pub chapter: Chapter,
    /// Its URL relative to the site root (`slug.html`).
    pub url: String,
    /// Preface, chapter or section.
    pub kind: PageKind,
    /// "3", "B", "3.1", or "" (a preface page).
    pub number: String,
    /// "Chương 3", "Phụ lục B", "3.1", or "".
    pub label: String,
    /// Index of its part in [`Site::parts`] (none for a preface page).
    pub part: Option<usize>,
    /// Index of its chapter in [`Site::pages`], for a section.
    pub parent: Option<usize>,
}

/// A part of the book as the navigation shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Part {
    /// "I" … "VI", or "" for the appendices.
    pub number: String,
    /// "Phần I", or the title of an unnumbered part ("Phụ lục").
    pub label: String,
    /// The part's title.
    pub title: String,
    /// Whether this is the appendices.
    pub is_appendix: bool,
    /// Indexes into [`Site::pages`] of its chapters and their sections, in reading order.
    pub pages: Vec<usize>,
}

/// The whole book, ready for templates.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Every page in reading order: the preface, then each chapter followed by its sections.
    pub pages: Vec<Page>,
    /// The parts, in order.
    pub parts: Vec<Part>,
    /// Indexes into [`Site::pages`] of the preface pages.
    pub preface: Vec<usize>,
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

    /// The sections of the chapter at `index`, in order.
    pub fn sections_of(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let following = self.pages.iter().enumerate().skip(index + 1);
        following
            .take_while(move |(_, p)| p.parent == Some(index))
            .map(|(i, _)| i)
    }
}

/// The URL of a chapter page.
pub(crate) fn page_url(slug: &str) -> String {
    format!("{slug}.html")
}

/// Orders `chapters` as the configuration says, numbers and labels them, and reports
/// disagreements. Files that exist but could not be loaded (`failed`, relative to content/)
/// are reported by their own errors, not as missing.
pub(crate) fn assemble(
    config: &Config,
    chapters: Vec<Chapter>,
    failed: &[PathBuf],
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut by_path: HashMap<PathBuf, Chapter> = chapters
        .into_iter()
        .map(|c| (c.doc.rel_path.clone(), c))
        .collect();
    let mut site = Site {
        parts: parts(config),
        ..Site::default()
    };
    let mut numbers = Numbering::default();
    for listed in config.listing() {
        let number = numbers.next(config, listed.place);
        let Some(chapter) = by_path.remove(listed.path) else {
            if !failed.iter().any(|f| f == listed.path) {
                diagnostics.push(missing(config, &listed));
            }
            continue;
        };
        let page = place(config, &site, chapter, listed.place, number);
        diagnostics.extend(part_disagreement(config, &page));
        let index = site.pages.len();
        match page.part {
            Some(part) => site.parts[part].pages.push(index),
            None => site.preface.push(index),
        }
        site.pages.push(page);
    }
    // Only published pages can collide: a draft left unlisted may share a slug.
    diagnostics.extend(duplicate_slugs(site.pages.iter().map(|p| &p.chapter)));
    diagnostics.extend(unlisted(by_path));
    (site, diagnostics)
}

/// The chapter numbers handed out in reading order: chapters 1, 2, … through the parts,
/// appendices A, B, …, sections 3.1, 3.2, … under their chapter.
#[derive(Default)]
struct Numbering {
    chapters: usize,
    appendices: usize,
    sections: usize,
    chapter: String,
}

impl Numbering {
    /// The number of the next listed page, at `place`, before any front-matter override.
    fn next(&mut self, config: &Config, place: Place) -> String {
        match place {
            Place::Preface => String::new(),
            Place::Chapter { part } => {
                self.sections = 0;
                self.chapter = if config.book.parts[part].appendix {
                    self.appendices += 1;
                    letter(self.appendices)
                } else {
                    self.chapters += 1;
                    self.chapters.to_string()
                };
                self.chapter.clone()
            }
            Place::Section { .. } => {
                self.sections += 1;
                match self.chapter.as_str() {
                    "" => self.sections.to_string(),
                    chapter => format!("{chapter}.{}", self.sections),
                }
            }
        }
    }
}

/// A chapter as a page at `place`, with its number (the front matter's, if it sets one) and label.
fn place(config: &Config, site: &Site, chapter: Chapter, place: Place, number: String) -> Page {
    let ui = config.ui;
    let (kind, part) = match place {
        Place::Preface => (PageKind::Preface, None),
        Place::Chapter { part } => (PageKind::Chapter, Some(part)),
        Place::Section { part } => (PageKind::Section, Some(part)),
    };
    let number = chapter.doc.meta.number.clone().unwrap_or(number);
    let label = match (kind, number.is_empty()) {
        (PageKind::Preface, _) | (_, true) => String::new(),
        (PageKind::Section, false) => number.clone(),
        (PageKind::Chapter, false) if config.book.parts[part.unwrap_or(0)].appendix => {
            fill(&ui.appendix_label, &number)
        }
        (PageKind::Chapter, false) => fill(&ui.chapter_label, &number),
    };
    let parent = (kind == PageKind::Section)
        .then(|| site.pages.iter().rposition(|p| p.kind == PageKind::Chapter))
        .flatten()
        .filter(|&i| site.pages[i].part == part);
    Page {
        url: page_url(&chapter.doc.meta.slug),
        chapter,
        kind,
        number,
        label,
        part,
        parent,
    }
}

/// The parts of the book, numbered I, II, … where `handbook.yaml` gives no number (the
/// appendices stay unnumbered), with no pages yet.
fn parts(config: &Config) -> Vec<Part> {
    let mut counted = 0;
    config
        .book
        .parts
        .iter()
        .map(|part| {
            let number = match (&part.number, part.appendix) {
                (Some(number), _) => number.clone(),
                (None, true) => String::new(),
                (None, false) => {
                    counted += 1;
                    roman(counted)
                }
            };
            if !part.appendix && part.number.is_some() {
                counted += 1;
            }
            let label = if part.appendix || number.is_empty() {
                part.title.clone()
            } else {
                fill(&config.ui.part_label, &number)
            };
            Part {
                number,
                label,
                title: part.title.clone(),
                is_appendix: part.appendix,
                pages: Vec::new(),
            }
        })
        .collect()
}

/// A listed page file that content/ does not have, reported where `handbook.yaml` lists it.
fn missing(config: &Config, listed: &Listed<'_>) -> Diagnostic {
    let message = format!(
        "the configuration lists `{}`, but content/ has no such file",
        listed.path.display()
    );
    let (line, col) = config.position(&listed.at);
    Diagnostic::error(CONFIG_FILE, line, col, "missing-chapter", message)
}

/// A warning when the front matter names another part than the one `handbook.yaml` places
/// the chapter in.
fn part_disagreement(config: &Config, page: &Page) -> Option<Diagnostic> {
    let doc = &page.chapter.doc;
    let written = doc.meta.part.as_deref()?.trim();
    let part = config.book.parts.get(page.part?)?;
    let number = part.number.as_deref().unwrap_or_default();
    if written.is_empty() || written == number || written == part.title {
        return None;
    }
    let (line, col) = doc.position_of("part");
    let message = format!(
        "the front matter says `part: {written}`, but {CONFIG_FILE} lists this chapter in part `{}`; {CONFIG_FILE} decides",
        if number.is_empty() { &part.title } else { number }
    );
    Some(Diagnostic::warning(
        &doc.display_path,
        line,
        col,
        "front-matter",
        message,
    ))
}

/// Chapter files that `handbook.yaml` does not list: warnings, in path order.
fn unlisted(by_path: HashMap<PathBuf, Chapter>) -> Vec<Diagnostic> {
    let mut unknown: Vec<_> = by_path.into_values().collect();
    unknown.sort_by(|a, b| a.doc.rel_path.cmp(&b.doc.rel_path));
    unknown
        .into_iter()
        .map(|chapter| {
            let message =
                format!("this chapter is not listed in {CONFIG_FILE}, so it is not published");
            Diagnostic::warning(&chapter.doc.display_path, 1, 1, "unlisted-chapter", message)
        })
        .collect()
}

fn duplicate_slugs<'a>(chapters: impl Iterator<Item = &'a Chapter>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut sorted: Vec<_> = chapters.collect();
    sorted.sort_by(|a, b| a.doc.rel_path.cmp(&b.doc.rel_path));
    sorted
        .into_iter()
        .filter(|c| !seen.insert(c.doc.meta.slug.as_str()))
        .map(|c| {
            let (line, col) = c.doc.position_of("slug");
            let message = format!(
                "slug `{}` is used by another chapter (a slug comes from the file's name unless the front matter sets `slug:`)",
                c.doc.meta.slug
            );
            Diagnostic::error(&c.doc.display_path, line, col, "duplicate-slug", message)
        })
        .collect()
}

/// 1 → "A", 26 → "Z", 27 → "AA".
fn letter(n: usize) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// 1 → "I", 4 → "IV", 14 → "XIV".
fn roman(n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A chapter page for unit tests: a file whose front matter has `slug`, published at `url`, with
/// `html` as its rendered body.
#[cfg(test)]
pub(crate) fn test_page(slug: &str, url: &str, html: &str) -> Page {
    let rel = format!("{slug}.md");
    let text = format!("---\ntitle: T\nslug: {slug}\n---\n");
    let doc = crate::frontmatter::split(rel.clone().into(), format!("content/{rel}").into(), &text)
        .expect("a valid test page");
    Page {
        url: url.to_owned(),
        chapter: Chapter {
            doc: std::sync::Arc::new(doc),
            rendered: std::sync::Arc::new(crate::markdown::Rendered {
                html: html.to_owned(),
                ..Default::default()
            }),
            stamp: 0,
        },
        kind: PageKind::Chapter,
        number: String::new(),
        label: String::new(),
        part: None,
        parent: None,
    }
}

/// A site of `pages` alone, for unit tests.
#[cfg(test)]
pub(crate) fn test_site(pages: Vec<Page>) -> Site {
    Site {
        pages,
        parts: Vec::new(),
        preface: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parts_and_appendices_in_order() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(1), "A");
        assert_eq!(letter(26), "Z");
        assert_eq!(letter(27), "AA");
    }
}
