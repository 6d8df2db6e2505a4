//! What the rendered site refers to: every `href`/`src` of the generated pages and `url(…)` of
//! the stylesheets must name a file of the site.
//!
//! Input: the [`Build`], rendered in memory by [`Builder::render_site`]. Output: `missing-asset`
//! diagnostics, located in the template or static file the reference comes from, and
//! `template` errors. Links written in chapters are left to [`crate::links`], which reports
//! them at their source.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::build::{Build, BuildError, Builder};
use crate::diag::{Diagnostic, LineIndex};
use crate::html::unescape_attribute;
use crate::output::OutputFile;
use crate::project::Folder;
use crate::url;

/// Renders the site in memory: template errors, and files the pages and stylesheets refer to
/// that the site does not have (links written in chapters are checked at their source instead).
pub(super) fn rendered(builder: &Builder, build: &Build) -> Vec<Diagnostic> {
    let files = match builder.render_site(build) {
        Ok(files) => files,
        Err(error) => return vec![BuildError::from(error).diagnostic()],
    };
    let written: HashSet<String> = build
        .site
        .pages
        .iter()
        .flat_map(|p| &p.chapter.rendered.links)
        .map(|l| l.href.clone())
        .collect();
    let base_path = builder.base_url.as_deref().map(url::base_path);
    let assets = Assets::new(&files, base_path.as_deref());
    let mut seen = HashSet::new();
    let mut diagnostics = Vec::new();
    for file in &files {
        for (offset, reference) in references(file) {
            if written.contains(&reference)
                || assets.resolves(&file.path, &reference)
                || !seen.insert(reference.clone())
            {
                continue;
            }
            diagnostics.push(missing_asset(builder, file, offset, &reference));
        }
    }
    diagnostics
}

/// The files of the rendered site, to resolve references against.
struct Assets<'a> {
    paths: HashSet<&'a str>,
    base_path: Option<&'a str>,
}

impl<'a> Assets<'a> {
    fn new(files: &'a [OutputFile], base_path: Option<&'a str>) -> Self {
        Self {
            paths: files.iter().map(|f| f.path.as_str()).collect(),
            base_path,
        }
    }

    /// Whether `reference`, found in the file at `from`, names a file of the site.
    fn resolves(&self, from: &str, reference: &str) -> bool {
        let (path, _) = url::split_fragment(reference);
        let path = path.split('?').next().unwrap_or("");
        if path.is_empty() || url::is_external(reference) {
            return true;
        }
        let inside = match path.strip_prefix('/') {
            Some(rest) => self
                .base_path
                .and_then(|b| path.strip_prefix(b))
                .unwrap_or(rest)
                .to_owned(),
            None => format!("{}{path}", url::folder_of(from)),
        };
        let Some(normal) = url::normalize(&inside) else {
            return false;
        };
        let folder = if normal.is_empty() || normal.ends_with('/') {
            normal.clone()
        } else {
            format!("{normal}/")
        };
        self.paths.contains(normal.as_str())
            || self.paths.contains(format!("{folder}index.html").as_str())
    }
}

/// Every `href`/`src` of an HTML file and `url(…)` of a stylesheet: (byte offset, reference),
/// with the character references Tera's escaping adds (`&#x2F;`) decoded.
fn references(file: &OutputFile) -> Vec<(usize, String)> {
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        return Vec::new();
    };
    let (patterns, ends): (&[&str], &[char]) = if file.path.ends_with(".html") {
        (&[" href=\"", " src=\""], &['"'])
    } else if file.path.ends_with(".css") {
        (&["url("], &[')'])
    } else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for pattern in patterns {
        for (at, _) in text.match_indices(pattern) {
            let start = at + pattern.len();
            let Some(len) = text[start..].find(ends) else {
                continue;
            };
            let value = text[start..start + len].trim().trim_matches(['"', '\'']);
            found.push((start, unescape_attribute(value)));
        }
    }
    found
}

/// A reference to a file the site lacks, reported where it is written: in the template or
/// static file it comes from when that can be found, else in the generated page.
fn missing_asset(
    builder: &Builder,
    file: &OutputFile,
    offset: usize,
    reference: &str,
) -> Diagnostic {
    let message = format!(
        "`{reference}` is not a file of the site (referenced by `{}`)",
        file.path
    );
    let static_source = builder.config.dir(Folder::Static).join(&file.path);
    let origin = if static_source.is_file() {
        std::fs::read_to_string(&static_source)
            .ok()
            .map(|text| (Folder::Static.display(Path::new(&file.path)), text))
    } else {
        template_source(builder, reference)
    };
    if let Some((path, text)) = origin {
        let needle = reference.trim_start_matches("./");
        if let Some(at) = text.find(needle) {
            let (line, col) = LineIndex::new(&text).locate(&text, at);
            return Diagnostic::warning(path, line, col, "missing-asset", message);
        }
    }
    let text = String::from_utf8_lossy(&file.bytes);
    let (line, col) = LineIndex::new(&text).locate(&text, offset);
    Diagnostic::warning(
        Path::new("site").join(&file.path),
        line,
        col,
        "missing-asset",
        message,
    )
}

/// The first template (path relative to the root, text) that mentions `reference`.
fn template_source(builder: &Builder, reference: &str) -> Option<(PathBuf, String)> {
    let dir = builder.config.dir(Folder::Templates);
    let needle = reference.trim_start_matches("./");
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find_map(|entry| {
            let text = std::fs::read_to_string(entry.path()).ok()?;
            let rel = entry
                .path()
                .strip_prefix(&builder.config.root)
                .unwrap_or(entry.path())
                .to_path_buf();
            text.contains(needle).then_some((rel, text))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(paths: &[&str]) -> Vec<OutputFile> {
        paths
            .iter()
            .map(|p| OutputFile::text(*p, String::new()))
            .collect()
    }

    #[test]
    fn resolves_references_relative_to_the_page_and_the_base_path() {
        let files = site(&[
            "index.html",
            "a.html",
            "assets/css/x.css",
            "assets/fonts/f.woff2",
            "sub/index.html",
        ]);
        let assets = Assets::new(&files, Some("/handbook/"));
        assert!(assets.resolves("index.html", "assets/css/x.css"));
        assert!(assets.resolves("assets/css/x.css", "../fonts/f.woff2"));
        assert!(assets.resolves("404.html", "/handbook/a.html#top"));
        assert!(assets.resolves("index.html", "sub/"));
        assert!(assets.resolves("index.html", "https://example.org/x.js"));
        assert!(assets.resolves("index.html", "#hb-main"));
        assert!(!assets.resolves("index.html", "assets/js/missing.js"));
        assert!(!assets.resolves("assets/css/x.css", "fonts/f.woff2"));
    }

    #[test]
    fn finds_references_in_html_and_css() {
        let html = OutputFile::text(
            "a.html",
            r#"<link href="x.css"><script src="y.js"></script>"#.into(),
        );
        let refs: Vec<_> = references(&html).into_iter().map(|(_, r)| r).collect();
        assert_eq!(refs, ["x.css", "y.js"]);
        let escaped = OutputFile::text(
            "404.html",
            r#"<link href="&#x2F;handbook&#x2F;a.css">"#.into(),
        );
        assert_eq!(references(&escaped)[0].1, "/handbook/a.css");
        let css = OutputFile::text(
            "a.css",
            "@font-face{src:url(\"../f.woff2\") format(\"woff2\")}".into(),
        );
        assert_eq!(references(&css)[0].1, "../f.woff2");
    }
}
