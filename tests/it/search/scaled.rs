//! Books ten times the handbook, made by repeating its content as `cargo bench --bench build`
//! does: every chapter ten times as new chapters, or every chapter ten times as long. Each is
//! a fixture project (the real templates, static files and Mermaid cache) built once per test
//! run by the real binary.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::fixture::Fixture;
use crate::support::project_root;

/// How the content is repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Each chapter as ten chapters (ten times the pages).
    Chapters,
    /// Each chapter's body ten times over (the same pages, ten times the sections).
    Length,
}

pub const FACTOR: usize = 10;

/// The built site of the book ten times the handbook, made by `scale`.
pub fn scaled_site(scale: Scale) -> &'static Path {
    static CHAPTERS: OnceLock<(Fixture, PathBuf)> = OnceLock::new();
    static LENGTH: OnceLock<(Fixture, PathBuf)> = OnceLock::new();
    let cell = match scale {
        Scale::Chapters => &CHAPTERS,
        Scale::Length => &LENGTH,
    };
    &cell
        .get_or_init(|| {
            let fixture = Fixture::new();
            write_content(fixture.root(), scale);
            let (output, out) = fixture.build();
            output.assert_success();
            (fixture, out)
        })
        .1
}

/// Replaces the fixture's content with the handbook's, repeated, and its handbook.yaml with
/// the handbook's listing the copies.
fn write_content(book: &Path, scale: Scale) {
    let real = project_root();
    std::fs::remove_dir_all(book.join("content")).unwrap();
    let config = std::fs::read_to_string(real.join("handbook.yaml")).unwrap();
    let mut config: serde_yaml::Value = serde_yaml::from_str(&config).unwrap();
    for part in config["parts"].as_sequence_mut().unwrap() {
        let chapters = part["chapters"].as_sequence_mut().unwrap();
        let listed: Vec<String> = chapters
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        *chapters = listed
            .iter()
            .flat_map(|rel| repeat_chapter(&real.join("content"), book, rel, scale))
            .map(serde_yaml::Value::from)
            .collect();
    }
    let config = serde_yaml::to_string(&config).unwrap();
    std::fs::write(book.join("handbook.yaml"), config).unwrap();
}

/// Writes the copies of chapter `rel` and returns their paths under content/.
fn repeat_chapter(content: &Path, book: &Path, rel: &str, scale: Scale) -> Vec<String> {
    let source = std::fs::read_to_string(content.join(rel)).unwrap();
    let body = source[3..]
        .find("\n---\n")
        .map(|end| end + 8)
        .expect("front matter");
    let write = |rel: &str, text: &str| {
        let path = book.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    if scale == Scale::Length {
        write(rel, &(source.clone() + &source[body..].repeat(FACTOR - 1)));
        return vec![rel.to_owned()];
    }
    let slug = source
        .lines()
        .find(|l| l.starts_with("slug: "))
        .expect("a slug");
    (0..FACTOR)
        .map(|copy| {
            let name = format!("{}-x{copy}.md", rel.trim_end_matches(".md"));
            write(&name, &source.replacen(slug, &format!("{slug}-x{copy}"), 1));
            name
        })
        .collect()
}
