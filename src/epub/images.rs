//! The images chapters show, fetched from the site and embedded.
//!
//! An EPUB may not show remote images, nor formats outside its core media types without a
//! fallback, so an image is embedded only when it is a site file of a core type (PNG, JPEG,
//! GIF, SVG) that [`Fetch`] returns; otherwise the writer shows its alternative text.

use std::collections::HashMap;

use super::links::{is_relative, site_path};
use super::Fetch;

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

/// The images embedded so far, each once.
pub(crate) struct Images<'a> {
    fetch: Fetch<'a>,
    by_path: HashMap<String, Option<usize>>,
    images: Vec<Image>,
}

impl<'a> Images<'a> {
    /// No image yet; `fetch` brings them.
    pub(crate) fn new(fetch: Fetch<'a>) -> Self {
        Self {
            fetch,
            by_path: HashMap::new(),
            images: Vec::new(),
        }
    }

    /// The package path of the image at `src` (as a chapter writes it), embedding it the first
    /// time; `None` when it cannot be embedded.
    pub(crate) fn embed(&mut self, src: &str) -> Option<&str> {
        if !is_relative(src) {
            return None;
        }
        let path = site_path(src.split('#').next().unwrap_or(""));
        if !self.by_path.contains_key(&path) {
            let image = self.load(&path);
            let index = image.map(|image| {
                self.images.push(image);
                self.images.len() - 1
            });
            self.by_path.insert(path.clone(), index);
        }
        let index = self.by_path[&path]?;
        Some(&self.images[index].file)
    }

    /// Every image embedded, in the order first shown.
    pub(crate) fn into_files(self) -> Vec<Image> {
        self.images
    }

    fn load(&self, path: &str) -> Option<Image> {
        let media_type = media_type(path)?;
        let bytes = (self.fetch)(path)?;
        let stem: String = path
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        // The index keeps two paths that flatten alike apart.
        let file = format!("images/{}-{stem}", self.images.len() + 1);
        Some(Image {
            file,
            media_type,
            bytes,
        })
    }
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
        let mut images = Images::new(&fetch);
        assert_eq!(
            images.embed("./assets/a%20b.png"),
            Some("images/1-assets-a-b.png")
        );
        assert_eq!(
            images.embed("/assets/a b.png"),
            Some("images/1-assets-a-b.png")
        );
        assert_eq!(images.embed("assets/missing.png"), None);
        assert_eq!(images.embed("assets/x.webp"), None);
        assert_eq!(images.embed("https://example.org/a.png"), None);
        let files = images.into_files();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].media_type, "image/png");
        assert_eq!(files[0].bytes, b"assets/a b.png");
    }
}
