//! The adapter from the site pipeline to the EPUB writer: the assembled [`Site`] and the
//! site's rendered files become a [`Book`].
//!
//! Everything the book takes from the site it takes from the files the site publishes
//! (stylesheets, fonts, licences, images), by their site path, so the EPUB shows what the site
//! shows. The date of the book is `SOURCE_DATE_EPOCH` when set (the reproducible-builds
//! convention), otherwise the newest modification time of `handbook.yaml`, `content/` and
//! `static/`: building again from the same sources gives the same bytes.

use std::path::Path;
use std::time::UNIX_EPOCH;

use super::{Asset, Book, Chapter, Metadata, Part};
use crate::config::Config;
use crate::output::OutputFile;
use crate::site::Site;

/// Where the site publishes its fonts and their licences.
const FONTS_DIR: &str = "assets/fonts/";
/// The site's main stylesheet.
const SITE_CSS: &str = "assets/css/handbook.css";
/// The stylesheet of highlighted code.
const CODE_CSS: &str = "assets/css/syntax.css";

/// The EPUB's file name at the root of the site: the title as a slug (`lap-trinh-….epub`), or
/// `book.epub` for a title with no letter or digit.
pub fn file_name(title: &str) -> String {
    let slug = crate::markdown::headings::slugify(title);
    if slug.is_empty() {
        "book.epub".to_owned()
    } else {
        format!("{slug}.epub")
    }
}

/// The EPUB of the site whose rendered files are `files`.
pub fn write(
    config: &Config,
    site: &Site,
    files: &[OutputFile],
    base_url: Option<&str>,
) -> anyhow::Result<Vec<u8>> {
    let book = book(config, site, files, base_url);
    let fetch = |path: &str| file(files, path).map(|f| f.bytes.clone());
    Ok(super::write(&book, &fetch)?)
}

/// The [`Book`] of the site.
pub fn book(config: &Config, site: &Site, files: &[OutputFile], base_url: Option<&str>) -> Book {
    let meta = &config.book;
    let text = |path: &str| {
        file(files, path).map_or(String::new(), |f| {
            String::from_utf8_lossy(&f.bytes).into_owned()
        })
    };
    let under_fonts = |licence: bool| {
        files
            .iter()
            .filter_map(|f| Some((f.path.strip_prefix(FONTS_DIR)?, f)))
            .filter(|(name, _)| !name.contains('/') && name.ends_with(".txt") == licence)
            .map(|(name, f)| Asset {
                name: name.to_owned(),
                bytes: f.bytes.clone(),
            })
            .collect()
    };
    Book {
        meta: Metadata {
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            language: meta.language.clone(),
            edition: meta.edition.clone(),
            description: meta.description.clone(),
            base_url: base_url.map(str::to_owned),
            modified: source_date(config),
        },
        parts: parts(site),
        site_css: text(SITE_CSS),
        code_css: text(CODE_CSS),
        fonts: under_fonts(false),
        licences: under_fonts(true),
    }
}

fn file<'a>(files: &'a [OutputFile], path: &str) -> Option<&'a OutputFile> {
    files.iter().find(|f| f.path == path)
}

fn parts(site: &Site) -> Vec<Part> {
    site.parts
        .iter()
        .map(|part| Part {
            label: part.label.clone(),
            title: if part.title == part.label {
                String::new()
            } else {
                part.title.clone()
            },
            appendix: part.is_appendix,
            chapters: part
                .pages
                .iter()
                .map(|&i| {
                    let page = &site.pages[i];
                    Chapter {
                        label: page.label.clone(),
                        title: page.chapter.doc.meta.title.clone(),
                        slug: page.chapter.doc.meta.slug.clone(),
                        html: page.chapter.rendered.html.clone(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// `SOURCE_DATE_EPOCH`, or the newest modification time of the book's sources, in seconds.
fn source_date(config: &Config) -> i64 {
    if let Some(seconds) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        return seconds;
    }
    let sources = [
        config.root.join(crate::config::CONFIG_FILE),
        config.content_dir(),
        config.static_dir(),
    ];
    sources.iter().map(|p| newest(p)).max().unwrap_or(0)
}

fn newest(path: &Path) -> i64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .filter_map(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_after_the_title() {
        assert_eq!(
            file_name("Lập trình đồng bộ và bất đồng bộ trong Python"),
            "lap-trinh-dong-bo-va-bat-dong-bo-trong-python.epub"
        );
        assert_eq!(file_name("—"), "book.epub");
    }
}
