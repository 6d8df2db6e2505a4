//! The adapter from the site to the EPUB writer: the assembled [`Site`], the files the site
//! publishes and the configuration become a [`Book`].
//!
//! The book takes its pages from the site as they are (same order, numbers, labels and
//! rendered HTML), and everything else from the files the site publishes, by their site path:
//! the stylesheet whose `@font-face` rules name the fonts, the fonts and their licences (the
//! built-in theme's, or the book's own static/ over them), the stylesheet of highlighted code,
//! and the images the pages show. So the EPUB shows what the site shows.
//!
//! The date of the book is `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention),
//! otherwise the newest modification time of `handbook.yaml`, content/ and static/: building
//! again from the same sources gives the same bytes.

use std::path::Path;
use std::time::UNIX_EPOCH;

use super::book::{Asset, Book, EpubError, Kind, Metadata, Page, Part};
use super::write::write;
use crate::config::Config;
use crate::project::{Folder, CONFIG_FILE};
use crate::site::{self, PageKind, Site};
use crate::source::StaticFile;

/// Where the site publishes its fonts and their licences.
const FONTS_DIR: &str = "assets/fonts/";
/// The site's stylesheets that declare fonts: the web fonts, and the math font in the main one.
const SITE_CSS: [&str; 2] = ["assets/css/fonts.css", "assets/css/handbook.css"];

/// What the EPUB of a site is made from: the same sources as the site's other files.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sources<'a> {
    /// The validated configuration (metadata, texts of the interface).
    pub(crate) config: &'a Config,
    /// The book, assembled.
    pub(crate) site: &'a Site,
    /// The files of static/ over the built-in theme's.
    pub(crate) statics: &'a [StaticFile],
    /// The files of content/ that pages link to or show.
    pub(crate) assets: &'a [StaticFile],
    /// The public URL of the site, if known (ends with `/`).
    pub(crate) base_url: Option<&'a str>,
}

/// The EPUB's file name at the root of the site: the title as a slug (`lap-trinh-….epub`), or
/// `book.epub` for a title with no letter or digit.
pub(crate) fn file_name(title: &str) -> String {
    match crate::slug::slugify(title) {
        slug if slug.is_empty() => "book.epub".to_owned(),
        slug => format!("{slug}.epub"),
    }
}

/// The bytes of the EPUB of the site, published as `name`; an error when a file of static/
/// or content/ is published there already.
pub(crate) fn epub(sources: Sources<'_>, name: &str) -> Result<Vec<u8>, EpubError> {
    let taken = |files: &[StaticFile], folder: Folder| {
        let file = files
            .iter()
            .find(|f| f.site_path.eq_ignore_ascii_case(name))?;
        Some(EpubError::Taken {
            path: folder.display(Path::new(&file.site_path)),
            name: name.to_owned(),
        })
    };
    let taken =
        taken(sources.statics, Folder::Static).or_else(|| taken(sources.assets, Folder::Content));
    if let Some(error) = taken {
        return Err(error);
    }
    let book = book(&sources);
    let fetch = |path: &str| published(&sources, path)?.read().ok();
    write(&book, &fetch)
}

/// The [`Book`] of the site.
fn book(sources: &Sources<'_>) -> Book {
    let config = sources.config;
    let meta = &config.book;
    let text = |path: &str| {
        let bytes = published(sources, path).and_then(|f| f.read().ok());
        String::from_utf8_lossy(&bytes.unwrap_or_default()).into_owned()
    };
    Book {
        meta: Metadata {
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            language: meta.language.clone(),
            edition: meta.edition.clone(),
            description: meta.description.clone(),
            base_url: sources.base_url.map(str::to_owned),
            modified: source_date(config),
        },
        ui: config.ui,
        front: sources
            .site
            .preface
            .iter()
            .map(|&i| page(sources.site, i))
            .collect(),
        parts: parts(sources.site),
        site_css: SITE_CSS.map(text).join("\n"),
        code_css: crate::markdown::highlight::stylesheet(),
        fonts: fonts(sources.statics, false),
        licences: fonts(sources.statics, true),
    }
}

/// The published file at site path `path`: a file of content/ or of static/.
fn published<'a>(sources: &Sources<'a>, path: &str) -> Option<&'a StaticFile> {
    let files = sources.assets.iter().chain(sources.statics);
    files.into_iter().find(|f| f.site_path == path)
}

/// The font files (`licences: false`) or the licence texts (`true`) the site publishes.
fn fonts(statics: &[StaticFile], licences: bool) -> Vec<Asset> {
    statics
        .iter()
        .filter_map(|f| Some((f.site_path.strip_prefix(FONTS_DIR)?, f)))
        .filter(|(name, _)| !name.contains('/') && name.ends_with(".txt") == licences)
        .filter_map(|(name, f)| {
            Some(Asset {
                name: name.to_owned(),
                bytes: f.read().ok()?,
            })
        })
        .collect()
}

/// The parts with their chapters; a part without chapters is left out.
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
            chapters: part
                .pages
                .iter()
                .filter(|&&i| site.pages[i].kind == PageKind::Chapter)
                .map(|&i| page(site, i))
                .collect(),
        })
        .filter(|part| !part.chapters.is_empty())
        .collect()
}

/// The page at `index` of the site, with its sections when it is a chapter.
fn page(site: &Site, index: usize) -> Page {
    let page: &site::Page = &site.pages[index];
    let appendix = page.part.is_some_and(|p| site.parts[p].is_appendix);
    let kind = match (page.kind, appendix) {
        (PageKind::Preface, _) => Kind::Preface,
        (PageKind::Chapter, false) => Kind::Chapter,
        (PageKind::Chapter, true) => Kind::Appendix,
        (PageKind::Section, _) => Kind::Section,
    };
    let sections = match page.kind {
        PageKind::Chapter => site
            .sections_of(index)
            .map(|i| self::page(site, i))
            .collect(),
        _ => Vec::new(),
    };
    Page {
        kind,
        label: page.label.clone(),
        title: page.chapter.doc.meta.title.clone(),
        url: page.url.clone(),
        html: page.chapter.rendered.html.clone(),
        sections,
    }
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
        config.root.join(CONFIG_FILE),
        config.dir(Folder::Content),
        config.dir(Folder::Static),
    ];
    sources.iter().map(|p| newest(p)).max().unwrap_or(0)
}

/// The newest modification time under `path` (itself included), in seconds; 0 for none.
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
    use crate::build::{Build, Builder};

    /// The test book of `tests/fixtures/author`: a preface, parts with chapters and sections,
    /// appendices, formulas and images beside the chapters.
    fn author_book(base_url: Option<&str>) -> (Builder, Build) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/author/book");
        let builder = Builder::new(&root, base_url.map(str::to_owned)).unwrap();
        let build = builder.load().unwrap();
        assert_eq!(build.errors(), 0, "{:?}", build.diagnostics);
        (builder, build)
    }

    fn sources<'a>(builder: &'a Builder, build: &'a Build) -> Sources<'a> {
        Sources {
            config: &builder.config,
            site: &build.site,
            statics: &build.statics,
            assets: &build.assets,
            base_url: builder.base_url.as_deref(),
        }
    }

    #[test]
    fn the_book_reads_in_the_sites_order() {
        let (builder, build) = author_book(None);
        let book = book(&sources(&builder, &build));
        let urls: Vec<&str> = book.pages().iter().map(|p| p.url.as_str()).collect();
        let site: Vec<&str> = build.site.pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(urls, site, "every page once, in reading order");
        assert_eq!(book.front.len(), build.site.preface.len());
        assert_eq!(book.front[0].kind, Kind::Preface);
        let first = &book.parts[0].chapters[0];
        assert_eq!(
            (first.kind, first.label.as_str()),
            (Kind::Chapter, "Chương 1")
        );
        let numbers: Vec<&str> = first.sections.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(numbers, ["1.1", "1.2"]);
        assert!(first.sections.iter().all(|s| s.kind == Kind::Section));
        let appendix = &book.parts.last().unwrap().chapters[0];
        assert_eq!(
            (appendix.kind, appendix.label.as_str()),
            (Kind::Appendix, "Phụ lục A")
        );
        let page = &build.site.pages[0];
        assert_eq!(
            book.front[0].html, page.chapter.rendered.html,
            "the site's HTML"
        );
    }

    #[test]
    fn metadata_comes_from_the_configuration() {
        let (builder, build) = author_book(Some("https://h.example/sach"));
        let book = book(&sources(&builder, &build));
        let meta = &book.meta;
        assert_eq!(meta.title, "Nhập môn học máy");
        assert_eq!(meta.subtitle, "Từ hồi quy tuyến tính đến cơ chế chú ý");
        assert_eq!(meta.edition, "Bản thử nghiệm");
        assert_eq!(meta.language, "vi");
        assert_eq!(meta.base_url.as_deref(), Some("https://h.example/sach/"));
        assert_eq!(book.ui, builder.config.ui);
        assert_eq!(book.parts[0].label, "Phần I");
        assert_eq!(book.parts[0].title, "Nền tảng");
        assert_eq!(book.parts[2].title, "", "the label says it all");
    }

    #[test]
    fn fonts_licences_and_images_come_from_what_the_site_publishes() {
        let (builder, build) = author_book(None);
        let sources = sources(&builder, &build);
        let book = book(&sources);
        assert!(book.site_css.contains("@font-face"));
        let names =
            |assets: &[Asset]| -> Vec<String> { assets.iter().map(|a| a.name.clone()).collect() };
        assert!(names(&book.fonts).contains(&"literata-latin-wght-normal.woff2".to_owned()));
        assert!(names(&book.licences).contains(&"OFL-Literata.txt".to_owned()));
        assert!(book.fonts.iter().all(|f| !f.bytes.is_empty()));
        assert!(published(&sources, "03-mang-no-ron/hinh/mang.png").is_some());
    }

    #[test]
    fn a_published_file_in_the_epubs_place_is_an_error() {
        let (builder, build) = author_book(None);
        let sources = sources(&builder, &build);
        let name = build.statics[0].site_path.to_uppercase();
        let error = epub(sources, &name).unwrap_err();
        let shown = error.diagnostic().to_string();
        assert!(matches!(error, EpubError::Taken { .. }), "{error}");
        assert!(
            shown.contains(&format!("static/{}", build.statics[0].site_path)),
            "{shown}"
        );
    }

    #[test]
    fn the_file_is_named_after_the_title() {
        assert_eq!(
            file_name("Lập trình đồng bộ và bất đồng bộ trong Python"),
            "lap-trinh-dong-bo-va-bat-dong-bo-trong-python.epub"
        );
        assert_eq!(file_name("—"), "book.epub");
    }
}
