//! The writer: a [`Book`] in, the bytes of one `.epub` out (the steps are listed in the
//! module's documentation, `super`).

use std::collections::HashSet;

use rayon::prelude::*;

use super::book::{Asset, Book, EpubError, Fetch, Page};
use super::package::Entry;
use super::{archive, images, links, nav, outline, package, pages, style, xhtml};

/// Writes the EPUB of `book`, fetching the images its pages show with `fetch`.
pub(crate) fn write(book: &Book, fetch: Fetch<'_>) -> Result<Vec<u8>, EpubError> {
    let pages = book.pages();
    if pages.is_empty() {
        return Err(EpubError::Empty);
    }
    let meta = &book.meta;
    let files = page_files(&pages);
    // Each page is parsed once; the parsed trees stay with the thread that writes them.
    let (trees, outlines): (Vec<_>, Vec<_>) =
        pages.par_iter().map(|p| outline::read(&p.html)).unzip();
    let targets = links::Targets::new(&pages, &files, &outlines, meta.base_url.as_deref());
    let images = images::Images::new(fetch);
    let documents: Vec<Entry> = trees
        .into_par_iter()
        .enumerate()
        .map(|(i, tree)| {
            let body = xhtml::write(&tree, &outlines[i], i, &targets, &images);
            let text = pages::page(meta, pages[i], &body.xhtml);
            xhtml_entry(&files[i], text, body.properties)
        })
        .collect();
    let sections: Vec<&[outline::Section]> = outlines.iter().map(|o| &o.sections[..]).collect();
    let has_math = documents
        .iter()
        .any(|d| d.properties.is_some_and(|p| p.contains("mathml")));
    let fonts = style::Fonts::new(&book.site_css, &book.fonts, has_math);
    let licences = style::licences_of(&fonts.files, &book.fonts, &book.licences);
    let has_licences = !licences.is_empty();
    let contents = nav::Contents {
        files: &files,
        sections: &sections,
        has_licences,
    };
    let mut entries = vec![
        xhtml_entry(pages::TITLE_FILE, pages::title_page(meta, book.ui), None),
        xhtml_entry(pages::NAV_FILE, nav::document(book, &contents), Some("nav")),
    ];
    entries.extend(documents);
    if has_licences {
        let text = pages::licences(meta, book.ui, &licences);
        entries.push(xhtml_entry(pages::LICENCES_FILE, text, None));
    }
    entries.extend(resources(book, &fonts, &licences, images.into_files()));
    let opf = package::opf(meta, book.ui, &entries);
    Ok(archive::zip(meta.modified, &opf, &entries)?)
}

fn xhtml_entry(path: &str, text: String, properties: Option<&'static str>) -> Entry {
    Entry {
        path: path.to_owned(),
        media_type: "application/xhtml+xml",
        bytes: text.into_bytes(),
        properties,
        in_spine: true,
    }
}

/// The stylesheets, fonts, licence files and images: what the documents use.
fn resources(
    book: &Book,
    fonts: &style::Fonts<'_>,
    licences: &[&Asset],
    images: Vec<images::Image>,
) -> Vec<Entry> {
    let resource = |path: String, media_type, bytes: Vec<u8>| Entry {
        path,
        media_type,
        bytes,
        properties: None,
        in_spine: false,
    };
    let book_css = style::stylesheet(fonts).into_bytes();
    let mut entries = vec![
        resource(pages::BOOK_CSS.to_owned(), "text/css", book_css),
        resource(
            pages::CODE_CSS.to_owned(),
            "text/css",
            book.code_css.clone().into_bytes(),
        ),
    ];
    for font in &fonts.files {
        let path = format!("fonts/{}", font.name);
        entries.push(resource(path, font_type(&font.name), font.bytes.clone()));
    }
    for licence in licences {
        let path = format!("fonts/{}", licence.name);
        entries.push(resource(path, "text/plain", licence.bytes.clone()));
    }
    for image in images {
        entries.push(resource(image.file, image.media_type, image.bytes));
    }
    entries
}

/// The media type of a font file, by its extension.
fn font_type(name: &str) -> &'static str {
    let extension = name.rsplit('.').next().map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        _ => "font/woff2",
    }
}

/// The document file of each page: its URL's stem made safe for a file name, unique, and
/// never the name of a document the EPUB adds itself.
pub(super) fn page_files(pages: &[&Page]) -> Vec<String> {
    let mut used: HashSet<String> = pages::RESERVED.iter().map(|s| s.to_string()).collect();
    pages
        .iter()
        .map(|page| {
            let slug = page.url.strip_suffix(".html").unwrap_or(&page.url);
            let stem: String = slug
                .chars()
                .map(|ch| match ch {
                    'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => ch,
                    _ => '-',
                })
                .collect();
            let stem = if stem.is_empty() { "page" } else { &stem };
            let mut file = format!("{stem}.xhtml");
            let mut n = 1;
            while !used.insert(file.clone()) {
                n += 1;
                file = format!("{stem}-{n}.xhtml");
            }
            file
        })
        .collect()
}
