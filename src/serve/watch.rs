//! Watching the project: notify events → a debounced, classified [`Change`].
//!
//! Input: file-system events from notify (inotify and friends, or the [`notify::PollWatcher`]
//! with `--poll`). Output: one [`Change`] per burst of events, saying which kinds of sources
//! changed (chapters, files beside them, templates, static, Mermaid, configuration).
//!
//! Editors save in many ways: in place, by writing a temporary file and renaming it over the
//! original (VS Code, JetBrains `___jb_tmp___`, nvim), or by renaming the original to a backup
//! and writing a new file (vim's `4913` probe, `file~`). So the watcher does not look at what
//! happened to a path, only where it is: any event under content/ means "content changed", and
//! the incremental builder finds out what by comparing hashes. Temporary and backup files
//! still extend the burst (the real save follows them) but never trigger a rebuild alone.
//! The root is watched non-recursively so a configuration saved by rename is seen (Zola #2266),
//! and source folders created after start are watched when they appear.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::RecursiveMode;

use crate::project::{Folder, CONFIG_FILE};

/// How long the file system must stay quiet before a burst is over.
pub(super) const QUIET: Duration = Duration::from_millis(15);
/// The same after a source file was closed after writing: a save is usually complete then
/// (a backup removed afterwards is scratch and triggers nothing).
const SETTLE: Duration = Duration::from_millis(3);
/// The longest a burst may delay a rebuild (a tool writing many files for a long time).
const MAX_WAIT: Duration = Duration::from_millis(300);
/// How often `--poll` rescans.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// Which kinds of sources changed; `Default` is "nothing".
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Change {
    /// Chapter files under content/ (and folders of content/).
    pub content: bool,
    /// The other files of content/: images, data and documents beside the chapters.
    pub assets: bool,
    /// Tera templates.
    pub templates: bool,
    /// Files copied verbatim.
    pub static_files: bool,
    /// The Mermaid folder.
    pub mermaid: bool,
    /// `handbook.yaml`, or anything that calls for a rebuild from scratch.
    pub config: bool,
    /// The changed paths, relative to the root, for the log.
    pub paths: Vec<PathBuf>,
}

impl Change {
    /// Adds what `other` invalidates.
    pub(super) fn merge(&mut self, other: &Change) {
        self.content |= other.content;
        self.assets |= other.assets;
        self.templates |= other.templates;
        self.static_files |= other.static_files;
        self.mermaid |= other.mermaid;
        self.config |= other.config;
        self.paths.extend(other.paths.iter().cloned());
    }

    /// Whether nothing changed.
    pub(super) fn is_empty(&self) -> bool {
        !(self.content
            || self.assets
            || self.templates
            || self.static_files
            || self.mermaid
            || self.config)
    }

    /// Everything, for a rescan.
    pub(super) fn everything() -> Self {
        Self {
            content: true,
            assets: true,
            templates: true,
            static_files: true,
            mermaid: true,
            config: true,
            paths: Vec::new(),
        }
    }
}

/// Whether `name` is a file editors or tools write on the side: swap, backup and temporary
/// files, which never belong to the site's sources.
pub(super) fn is_scratch(name: &str) -> bool {
    const SUFFIXES: [&str; 12] = [
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".swpx",
        ".tmp",
        ".temp",
        ".crswap",
        ".kate-swp",
        ".part",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name.is_empty()
        || name.starts_with('.') // vim .x.swp, emacs .#x, gedit .goutputstream-*, .DS_Store
        || (name.starts_with('#') && name.ends_with('#')) // emacs auto-save
        || name.bytes().all(|b| b.is_ascii_digit()) // vim's 4913 write probe
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Classifies paths relative to the project root; scratch files and unrelated paths are dropped.
pub(super) fn classify<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Change {
    let mut change = Change::default();
    for path in paths {
        let mut parts = path.components().map(|c| c.as_os_str().to_string_lossy());
        let Some(top) = parts.next() else { continue };
        let rest: Vec<_> = parts.collect();
        let name = rest.last().map_or(top.clone(), Clone::clone);
        if is_scratch(&name)
            || rest
                .iter()
                .any(|p| p.starts_with('.') || p == "node_modules")
        {
            continue;
        }
        let flag = match (Folder::named(&top), rest.is_empty()) {
            (None, true) if top == CONFIG_FILE => &mut change.config,
            (Some(Folder::Content), _) if is_beside_chapters(path) => &mut change.assets,
            (Some(Folder::Content), _) => &mut change.content,
            (Some(Folder::Templates), _) => &mut change.templates,
            (Some(Folder::Static), _) => &mut change.static_files,
            (Some(Folder::Mermaid), _) => &mut change.mermaid,
            _ => continue,
        };
        *flag = true;
        change.paths.push(path.to_path_buf());
    }
    change.paths.sort();
    change.paths.dedup();
    change
}

/// Whether a path under content/ names a file beside the chapters (an image, a PDF) rather
/// than a chapter file or a folder.
fn is_beside_chapters(path: &Path) -> bool {
    path.extension().is_some_and(|e| e != "md")
}

/// What the notify callback sends on.
enum Signal {
    /// Paths touched; `written` when a file was closed after writing.
    Paths {
        paths: Vec<PathBuf>,
        written: bool,
    },
    Rescan,
}

impl Signal {
    /// Whether this event probably ends a save of a source file.
    fn completes_save(&self) -> bool {
        match self {
            Signal::Paths {
                paths,
                written: true,
            } => paths.iter().any(|p| {
                p.file_name()
                    .is_some_and(|n| !is_scratch(&n.to_string_lossy()))
            }),
            _ => false,
        }
    }
}

/// The running watcher.
pub(super) struct Watcher {
    root: PathBuf,
    inner: Box<dyn notify::Watcher + Send>,
    rx: Receiver<Signal>,
}

impl Watcher {
    /// Starts watching the project at `root` (events with `poll == false`, else polling).
    pub(super) fn start(root: &Path, poll: bool) -> anyhow::Result<Self> {
        let root = root
            .canonicalize()
            .map_err(|e| anyhow::anyhow!("{}: {e}", root.display()))?;
        let (tx, rx) = mpsc::channel();
        let handler = move |event: notify::Result<notify::Event>| forward(&tx, event);
        let inner: Box<dyn notify::Watcher + Send> = if poll {
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            Box::new(notify::PollWatcher::new(handler, config)?)
        } else {
            Box::new(notify::recommended_watcher(handler)?)
        };
        let mut watcher = Self { root, inner, rx };
        let root = watcher.root.clone();
        watcher.inner.watch(&root, RecursiveMode::NonRecursive)?;
        for folder in Folder::ALL {
            watcher.watch_folder(folder);
        }
        Ok(watcher)
    }

    /// Watches one source folder if it exists; mermaid/node_modules is left out (it is huge
    /// and only used to pre-render diagrams).
    fn watch_folder(&mut self, folder: Folder) {
        let dir = folder.under(&self.root);
        if !dir.is_dir() {
            return;
        }
        let result = if folder == Folder::Mermaid {
            self.watch_mermaid(&dir)
        } else {
            self.inner.watch(&dir, RecursiveMode::Recursive)
        };
        if let Err(e) = result {
            eprintln!("warning: cannot watch {}: {e}", dir.display());
        }
    }

    fn watch_mermaid(&mut self, dir: &Path) -> notify::Result<()> {
        self.inner.watch(dir, RecursiveMode::NonRecursive)?;
        let entries = std::fs::read_dir(dir).map_err(notify::Error::io)?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && name != "node_modules" && !name.starts_with('.') {
                self.inner.watch(&entry.path(), RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// Blocks until a burst of events is over and returns what it changed; `None` when the
    /// watcher has stopped.
    pub(super) fn next_change(&mut self) -> Option<Change> {
        loop {
            let signals = self.next_burst()?;
            let mut change = Change::default();
            let mut paths = Vec::new();
            for signal in signals {
                match signal {
                    Signal::Rescan => change = Change::everything(),
                    Signal::Paths { paths: p, .. } => paths.extend(p),
                }
            }
            let relative: Vec<&Path> = paths
                .iter()
                .filter_map(|p| p.strip_prefix(&self.root).ok())
                .collect();
            change.merge(&classify(relative.iter().copied()));
            // A source folder (re)created at the root needs a new watch: inotify watches die with
            // the folder they watched.
            for folder in Folder::ALL {
                if relative.iter().any(|p| *p == Path::new(folder.name())) {
                    self.watch_folder(folder);
                }
            }
            if !change.is_empty() {
                return Some(change);
            }
        }
    }

    /// Waits for one event, then collects events until [`QUIET`] (or [`SETTLE`] after a
    /// completed write) passes without one.
    fn next_burst(&self) -> Option<Vec<Signal>> {
        let first = self.rx.recv().ok()?;
        let started = Instant::now();
        let mut quiet = if first.completes_save() {
            SETTLE
        } else {
            QUIET
        };
        let mut signals = vec![first];
        while started.elapsed() < MAX_WAIT {
            match self.rx.recv_timeout(quiet) {
                Ok(signal) => {
                    quiet = if signal.completes_save() {
                        SETTLE
                    } else {
                        QUIET
                    };
                    signals.push(signal);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(signals)
    }
}

/// Passes events that can change a file on; reads (our own builds open every file) are dropped.
fn forward(tx: &Sender<Signal>, event: notify::Result<notify::Event>) {
    let signal = match event {
        Err(_) => Signal::Rescan,
        Ok(event) if event.need_rescan() => Signal::Rescan,
        Ok(event) => match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => Signal::Paths {
                paths: event.paths,
                written: true,
            },
            EventKind::Access(_) => return,
            _ => Signal::Paths {
                paths: event.paths,
                written: false,
            },
        },
    };
    let _ = tx.send(signal);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(paths: &[&str]) -> Change {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        classify(paths.iter().map(PathBuf::as_path))
    }

    #[test]
    fn classifies_paths_by_source_folder() {
        let change = kinds(&[
            "content/01/a.md",
            "templates/base.html",
            "static/x.css",
            "mermaid/theme.json",
            "handbook.yaml",
        ]);
        assert!(
            change.content
                && change.templates
                && change.static_files
                && change.mermaid
                && change.config
        );
        assert_eq!(change.paths.len(), 5);
    }

    #[test]
    fn files_beside_chapters_are_told_from_chapters() {
        let change = kinds(&["content/02-co-ban/hinh/so-do.png"]);
        assert!(change.assets && !change.content, "{change:?}");
        let change = kinds(&["content/02-co-ban/01-bien.md", "content/02-co-ban"]);
        assert!(change.content && !change.assets, "{change:?}");
        assert!(kinds(&["content/hinh/.so-do.png.swp", "content/hinh/so-do.png~"]).is_empty());
    }

    #[test]
    fn ignores_editor_scratch_files() {
        let scratch = [
            "content/01/4913",
            "content/01/.a.md.swp",
            "content/01/a.md~",
            "content/01/a.md___jb_tmp___",
            "content/01/a.md___jb_old___",
            "content/01/.#a.md",
            "content/01/#a.md#",
            "templates/.goutputstream-XYZ",
            "static/x.css.crswap",
            "handbook.yaml~",
            "mermaid/node_modules/x/y.js",
        ];
        assert!(kinds(&scratch).is_empty(), "{:?}", kinds(&scratch));
    }

    #[test]
    fn ignores_unrelated_paths_at_the_root() {
        assert!(kinds(&[
            "target/debug/x",
            "public/index.html",
            "README.md",
            "content.md",
            "handbook.yaml/x"
        ])
        .is_empty());
    }

    #[test]
    fn folder_events_count_as_their_kind() {
        // A part folder renamed or deleted as a whole reports only the folder.
        assert!(kinds(&["content/02-part"]).content);
        assert!(kinds(&["content"]).content);
        assert!(kinds(&["templates"]).templates);
    }

    #[test]
    fn merge_keeps_every_kind() {
        let mut change = kinds(&["content/a.md"]);
        change.merge(&kinds(&["templates/a.html"]));
        assert!(change.content && change.templates && !change.config);
    }
}
