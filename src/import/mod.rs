//! `handbook import`: split the handbook, received as one Markdown file, into chapter files.
//!
//! Input: the big file (repaired in memory by [`crate::repair`] if it holds mojibake).
//! Output: `content/NN-part/NN-chapter.md` files with YAML front matter, and `handbook.yaml`
//! with the book's title, edition and parts. The splitter copes with the file's irregular
//! chapter headings (`# Chương 1: …`, `-## 10. …`, `# 18 …`, `# APPENDICES` then `## A. …`),
//! ignores `#` lines inside code fences, and lifts each chapter's headings so its sections
//! start at `##` (the page's `<h1>` is the chapter title).
//! The file's own table of contents is not kept as a page: its parts become the book
//! configuration, and the site generates the navigation from it.

mod outline;
mod split;

use std::path::PathBuf;

use anyhow::bail;

use crate::config::{BookConfig, ChapterConfig, PartConfig};
use crate::frontmatter::FrontMatter;
use crate::markdown::headings::slugify;
use crate::project::{Folder, CONFIG_FILE};
use split::{Unit, UnitKind};

/// One file `import` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportedFile {
    /// Path relative to the project root.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// Splits the handbook `text` into chapter files and the book configuration.
pub(crate) fn import(text: &str) -> anyhow::Result<Vec<ImportedFile>> {
    let book = split::split(text);
    if book.units.is_empty() {
        bail!("no chapter headings found (expected lines like `# Chương 1: …`)");
    }
    let mut parts = Vec::new();
    let mut files = Vec::new();
    for (index, part) in book.outline.iter().enumerate() {
        let appendix = part.number.is_empty();
        let folder = format!(
            "{:02}-{}",
            index + 1,
            short_slug(
                &if appendix {
                    "phu-luc".into()
                } else {
                    slugify(&part.title)
                },
                40
            )
        );
        let mut chapters = Vec::new();
        for label in &part.chapters {
            let Some(unit) = book.units.iter().find(|u| u.number == *label) else {
                continue;
            };
            let rel = PathBuf::from(&folder).join(format!("{}.md", unit_slug(unit)));
            let part_name = if appendix {
                "Phụ lục".to_owned()
            } else {
                part.number.clone()
            };
            files.push(ImportedFile {
                path: Folder::Content.display(&rel),
                text: chapter_file(unit, &part_name)?,
            });
            chapters.push(ChapterConfig::File(rel));
        }
        parts.push(PartConfig {
            number: Some(part.number.clone()),
            title: part.title.clone(),
            appendix,
            chapters,
        });
    }
    let placed = files.len();
    if placed != book.units.len() {
        bail!(
            "{} chapters found but only {placed} are listed in the file's table of contents",
            book.units.len()
        );
    }
    let config = BookConfig {
        title: book.title,
        subtitle: book.subtitle,
        edition: book.edition,
        language: "vi".into(),
        description: String::new(),
        base_url: None,
        preface: Vec::new(),
        parts,
    };
    files.push(ImportedFile {
        path: CONFIG_FILE.into(),
        text: serde_yaml::to_string(&config)?,
    });
    Ok(files)
}

fn unit_slug(unit: &Unit) -> String {
    match unit.kind {
        UnitKind::Chapter => format!(
            "{:0>2}-{}",
            unit.number,
            short_slug(&slugify(&unit.title), 48)
        ),
        UnitKind::Appendix => format!(
            "phu-luc-{}-{}",
            unit.number.to_lowercase(),
            short_slug(&slugify(&unit.title), 40)
        ),
    }
}

/// Cuts a slug at a `-` so it is at most `max` bytes long.
fn short_slug(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_owned();
    }
    let cut = slug[..max].rfind('-').unwrap_or(max);
    slug[..cut].to_owned()
}

fn chapter_file(unit: &Unit, part: &str) -> anyhow::Result<String> {
    let meta = FrontMatter {
        title: unit.title.clone(),
        part: Some(part.to_owned()),
        number: Some(unit.number.clone()),
        slug: unit_slug(unit),
        description: None,
    };
    let yaml = serde_yaml::to_string(&meta)?;
    Ok(format!("---\n{yaml}---\n\n{}\n", unit.body.trim_end()))
}

#[cfg(test)]
mod tests;
