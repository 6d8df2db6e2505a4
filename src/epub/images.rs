//! The images chapters show, fetched from the site and embedded.
//!
//! An EPUB may not show remote images, nor formats outside its core media types without a
//! fallback, so an image is embedded only when it is a site file of a core type (PNG, JPEG,
//! GIF, SVG) that [`Fetch`] returns; otherwise the writer shows its alternative text.

use std::collections::HashMap;
use std::sync::Mutex;

use super::book::Fetch;

/// An image embedded in the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Image {
    /// Path in the package folder (`images/NAME`).
    pub(crate) file: String,
    /// Its media type.
    pub(crate) media_type: &'static str,
    /// Its bytes.
    pub(crate) bytes: Vec<u8>,
}

/// The images embedded so far, each once; chapters are written in parallel and share it.
pub(crate) struct Images<'a> {
    fetch: Fetch<'a>,
    /// By site path: the image, or `None` when it cannot be embedded.
    by_path: Mutex<HashMap<String, Option<Image>>>,
}

impl<'a> Images<'a> {
    /// No image yet; `fetch` brings them.
    pub(crate) fn new(fetch: Fetch<'a>) -> Self {
        Self {
            fetch,
            by_path: Mutex::new(HashMap::new()),
        }
    }

    /// The package path of the image at site path `path`, embedding it the first time; `None`
    /// when it cannot be embedded.
    pub(crate) fn embed(&self, path: &str) -> Option<String> {
        let mut by_path = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
        let image = by_path
            .entry(path.to_owned())
            .or_insert_with_key(|path| self.load(path));
        image.as_ref().map(|image| image.file.clone())
    }

    /// Every image embedded, by file name.
    pub(crate) fn into_files(self) -> Vec<Image> {
        let by_path = self.by_path.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut images: Vec<Image> = by_path.into_values().flatten().collect();
        images.sort_by(|a, b| a.file.cmp(&b.file));
        images
    }

    fn load(&self, path: &str) -> Option<Image> {
        let media_type = media_type(path)?;
        let bytes = (self.fetch)(path)?;
        Some(Image {
            file: file_name(path),
            media_type,
            bytes,
        })
    }
}

/// Where the image at site path `path` goes: the same path under `images/` when it is plain
/// ASCII, otherwise a name derived from the path (the same path, the same name).
fn file_name(path: &str) -> String {
    let plain = path.split('/').all(|segment| {
        !segment.is_empty()
            && !segment.starts_with('.')
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    });
    if plain {
        return format!("images/{path}");
    }
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, path.as_bytes()).simple();
    format!("images/{id}.{extension}")
}

/// The core media type of an image file, by its extension.
fn media_type(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "svg" => Some("image/svg+xml"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetch(path: &str) -> Option<Vec<u8>> {
        matches!(path, "assets/a b.png" | "assets/x.webp").then(|| path.as_bytes().to_vec())
    }

    #[test]
    fn embeds_site_images_once_and_refuses_the_rest() {
        let images = Images::new(&fetch);
        let file = images.embed("assets/a b.png").unwrap();
        assert!(
            file.starts_with("images/") && file.ends_with(".png"),
            "{file}"
        );
        assert!(!file.contains(' '), "{file}");
        assert_eq!(images.embed("assets/a b.png"), Some(file));
        assert_eq!(images.embed("assets/missing.png"), None);
        assert_eq!(images.embed("assets/x.webp"), None);
        let files = images.into_files();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].media_type, "image/png");
        assert_eq!(files[0].bytes, b"assets/a b.png");
    }

    #[test]
    fn plain_paths_keep_their_name() {
        assert_eq!(file_name("assets/img/a-1.png"), "images/assets/img/a-1.png");
        assert_ne!(file_name("a b.png"), file_name("a_b.png"));
        assert!(file_name("../x.png").ends_with(".png") && !file_name("../x.png").contains(".."));
    }
}
