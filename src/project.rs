//! The project's layout, named in one place: the configuration file and the source folders.
//!
//! Every other module asks here for `content/`, `templates/`, `static/` and `mermaid/`, so the
//! build, the watcher, the output-folder safety checks and the diagnostics agree on them.

use std::path::{Path, PathBuf};

/// The name of the configuration file at the project root.
pub(crate) const CONFIG_FILE: &str = "handbook.yaml";

/// A source folder of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Folder {
    /// The chapter files.
    Content,
    /// The Tera templates.
    Templates,
    /// Files copied to the site as they are.
    Static,
    /// The vendored Mermaid library and the pre-rendered diagrams.
    Mermaid,
}

impl Folder {
    /// Every source folder.
    pub(crate) const ALL: [Folder; 4] = [
        Folder::Content,
        Folder::Templates,
        Folder::Static,
        Folder::Mermaid,
    ];

    /// The folder's name at the project root.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Folder::Content => "content",
            Folder::Templates => "templates",
            Folder::Static => "static",
            Folder::Mermaid => "mermaid",
        }
    }

    /// The folder a root-relative path's first component names, if any.
    pub(crate) fn named(first: &str) -> Option<Folder> {
        Folder::ALL.into_iter().find(|f| f.name() == first)
    }

    /// The folder under the project `root`.
    pub(crate) fn under(self, root: &Path) -> PathBuf {
        root.join(self.name())
    }

    /// `rel` (relative to this folder) as a path relative to the project root, for messages.
    pub(crate) fn display(self, rel: &Path) -> PathBuf {
        Path::new(self.name()).join(rel)
    }
}
