//! What the HTTP handlers share: the site being served, the last build error, and the channel
//! that tells open pages about new builds.
//!
//! Input: a finished rebuild ([`AppState::publish`]), its deferred outputs
//! ([`AppState::complete`]) or a failed rebuild ([`AppState::fail`]).
//! Output: an immutable [`Snapshot`] that requests read without waiting, swapped in whole
//! (a request sees the old site or the new one, never a mixture), and a [`LiveEvent`] sent
//! only after the swap, so a browser that reloads on it always gets the new pages. A path
//! still being rendered is marked pending: requests for it wait ([`AppState::ready`]) until
//! the snapshot that completes it, so a stale file is never served as current.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use tokio::sync::{broadcast, watch};

use crate::diag::Diagnostic;
use crate::output::OutputFile;

use super::livereload;

/// One file ready to be sent.
#[derive(Debug, Clone)]
pub(super) struct Served {
    /// The bytes (HTML with the live-reload script added).
    pub bytes: Bytes,
    /// The `Content-Type` header.
    pub content_type: &'static str,
}

/// One build of the site, as served.
#[derive(Debug, Default, Clone)]
pub(super) struct Snapshot {
    /// Identifies the build: the server instance and a counter.
    pub build: String,
    files: HashMap<String, Served>,
    hashes: HashMap<String, u64>,
    /// Paths whose fresh bytes are still being rendered (sorted).
    pending: Vec<String>,
}

impl Snapshot {
    /// The file at `path` (relative to the site root, `/`-separated).
    pub(super) fn get(&self, path: &str) -> Option<&Served> {
        self.files.get(path)
    }

    /// Whether `path` is still being rendered for this build.
    pub(super) fn is_pending(&self, path: &str) -> bool {
        self.pending
            .binary_search_by(|p| p.as_str().cmp(path))
            .is_ok()
    }
}

/// What open pages are told.
#[derive(Debug, Clone)]
pub(super) enum LiveEvent {
    /// A new build is being served; `changed` lists the site paths whose bytes changed.
    Reload {
        /// The new build's id.
        build: String,
        /// Changed, added or removed site paths.
        changed: Arc<Vec<String>>,
    },
    /// The last rebuild failed; the payload is the JSON the overlay shows.
    Failed(Arc<String>),
}

/// The state shared by every request.
pub(super) struct AppState {
    /// The path prefix the site is served under, starting and ending with `/`.
    pub base_path: String,
    /// New builds and errors, for the SSE endpoint.
    pub events: broadcast::Sender<LiveEvent>,
    current: RwLock<Arc<Snapshot>>,
    /// Bumped after every swap, to wake the requests waiting for a pending path.
    swapped: watch::Sender<u64>,
    failure: RwLock<Option<Arc<String>>>,
    instance: String,
    generation: AtomicU64,
}

impl AppState {
    /// A state with no site yet.
    pub(super) fn new(base_path: String) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let instance = format!("{:x}{:x}", std::process::id(), nanos);
        let (events, _) = broadcast::channel(64);
        Self {
            base_path,
            events,
            current: RwLock::new(Arc::new(Snapshot {
                build: "none".into(),
                ..Snapshot::default()
            })),
            swapped: watch::Sender::new(0),
            failure: RwLock::new(None),
            instance,
            generation: AtomicU64::new(0),
        }
    }

    /// The site being served now.
    pub(super) fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The overlay JSON of the last failed rebuild, if the last rebuild failed.
    pub(super) fn failure(&self) -> Option<Arc<String>> {
        self.failure
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The current snapshot once `path` is no longer pending in it (waiting at most `limit`:
    /// after that, whatever is current).
    pub(super) async fn ready(&self, path: &str, limit: std::time::Duration) -> Arc<Snapshot> {
        let mut swapped = self.swapped.subscribe();
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let snapshot = self.snapshot();
            if !snapshot.is_pending(path) {
                return snapshot;
            }
            let woken = tokio::time::timeout_at(deadline, swapped.changed()).await;
            if !matches!(woken, Ok(Ok(()))) {
                return self.snapshot();
            }
        }
    }

    /// Serves `files` from now on, with `pending` (sorted) still being rendered, then tells
    /// open pages which paths changed.
    pub(super) fn publish(&self, files: Vec<OutputFile>, pending: Vec<String>) -> Arc<Vec<String>> {
        let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
        let mut next = Snapshot {
            build: format!("{}-{generation}", self.instance),
            files: HashMap::with_capacity(files.len()),
            hashes: HashMap::with_capacity(files.len()),
            pending,
        };
        self.add(&mut next, files);
        *self.failure.write().unwrap_or_else(|e| e.into_inner()) = None;
        self.swap(next)
    }

    /// Adds the deferred outputs' `files` to the current build and ends its pending paths
    /// (also when `files` is empty because their render failed: the last ones are served).
    pub(super) fn complete(&self, files: Vec<OutputFile>) -> Arc<Vec<String>> {
        let mut next = Snapshot::clone(&self.snapshot());
        next.pending.clear();
        self.add(&mut next, files);
        self.swap(next)
    }

    /// Keeps serving the last good build and shows `diagnostics` in open pages.
    pub(super) fn fail(&self, diagnostics: &[Diagnostic]) {
        let json = Arc::new(livereload::failure_json(diagnostics));
        *self.failure.write().unwrap_or_else(|e| e.into_inner()) = Some(json.clone());
        let _ = self.events.send(LiveEvent::Failed(json));
    }

    /// Makes `next` current, wakes the requests waiting for it, then tells open pages which
    /// paths changed.
    fn swap(&self, next: Snapshot) -> Arc<Vec<String>> {
        let next = Arc::new(next);
        let previous = std::mem::replace(
            &mut *self.current.write().unwrap_or_else(|e| e.into_inner()),
            next.clone(),
        );
        self.swapped.send_modify(|count| *count += 1);
        let changed = Arc::new(changed_paths(&previous, &next));
        let _ = self.events.send(LiveEvent::Reload {
            build: next.build.clone(),
            changed: changed.clone(),
        });
        changed
    }

    /// Adds `files` to `snapshot`, with the live-reload script in its HTML pages.
    fn add(&self, snapshot: &mut Snapshot, files: Vec<OutputFile>) {
        for file in files {
            let content_type = content_type(&file.path);
            snapshot
                .hashes
                .insert(file.path.clone(), crate::stamp::of(&file.bytes));
            let bytes = if content_type.starts_with("text/html") {
                livereload::inject(&file.bytes, &self.base_path, &snapshot.build, &file.path)
            } else {
                file.bytes
            };
            snapshot.files.insert(
                file.path,
                Served {
                    bytes: Bytes::from(bytes),
                    content_type,
                },
            );
        }
    }
}

/// Paths added, removed or changed between two builds, sorted.
fn changed_paths(old: &Snapshot, new: &Snapshot) -> Vec<String> {
    let mut changed: Vec<String> = new
        .hashes
        .iter()
        .filter(|(p, h)| old.hashes.get(*p) != Some(h))
        .map(|(p, _)| p.clone())
        .collect();
    changed.extend(
        old.hashes
            .keys()
            .filter(|p| !new.hashes.contains_key(*p))
            .cloned(),
    );
    changed.sort();
    changed
}

/// The `Content-Type` for a site path, from its extension.
pub(super) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::text(path, text.to_owned())
    }

    #[test]
    fn publish_swaps_the_site_and_reports_changed_paths() {
        let state = AppState::new("/".into());
        let mut events = state.events.subscribe();
        state.publish(
            vec![file("a.html", "<body>a</body>"), file("b.css", "b")],
            Vec::new(),
        );
        let changed = state.publish(
            vec![
                file("a.html", "<body>a2</body>"),
                file("b.css", "b"),
                file("c.js", "c"),
            ],
            Vec::new(),
        );
        assert_eq!(*changed, ["a.html", "c.js"]);
        let changed = state.publish(vec![file("a.html", "<body>a2</body>")], Vec::new());
        assert_eq!(*changed, ["b.css", "c.js"]);
        assert!(matches!(events.try_recv(), Ok(LiveEvent::Reload { .. })));
        let served = state.snapshot().get("a.html").unwrap().bytes.clone();
        assert!(std::str::from_utf8(&served)
            .unwrap()
            .contains("__handbook/livereload.js"));
    }

    #[test]
    fn a_failure_keeps_the_site_until_the_next_success() {
        let state = AppState::new("/".into());
        state.publish(vec![file("a.html", "<body>a</body>")], Vec::new());
        state.fail(&[Diagnostic::error(
            "content/a.md",
            2,
            1,
            "front-matter",
            "bad",
        )]);
        assert!(state.snapshot().get("a.html").is_some());
        assert!(state.failure().unwrap().contains("content/a.md:2:1"));
        state.publish(vec![file("a.html", "<body>a</body>")], Vec::new());
        assert!(state.failure().is_none());
    }

    #[tokio::test]
    async fn a_pending_path_waits_for_the_snapshot_that_completes_it() {
        let state = Arc::new(AppState::new("/".into()));
        let mut events = state.events.subscribe();
        let limit = std::time::Duration::from_secs(10);
        state.publish(vec![file("print.html", "<body>old</body>")], Vec::new());
        state.publish(
            vec![
                file("a.html", "<body>a</body>"),
                file("print.html", "<body>old</body>"),
            ],
            vec!["print.html".into()],
        );
        // Other paths are served at once.
        assert!(!state.ready("a.html", limit).await.is_pending("a.html"));
        let waiting = tokio::spawn({
            let state = state.clone();
            async move { state.ready("print.html", limit).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "a pending path is not served stale");
        let build = state.snapshot().build.clone();
        let changed = state.complete(vec![file("print.html", "<body>new</body>")]);
        assert_eq!(*changed, ["print.html"]);
        let served = waiting.await.unwrap();
        let print = std::str::from_utf8(&served.get("print.html").unwrap().bytes).unwrap();
        assert!(print.contains("new") && print.contains(&build), "{print}");
        assert_eq!(served.build, build, "the same build, completed");
        let events: Vec<_> = std::iter::from_fn(|| events.try_recv().ok()).collect();
        assert!(
            matches!(events.last(), Some(LiveEvent::Reload { changed, .. }) if **changed == ["print.html"])
        );
    }

    #[tokio::test]
    async fn a_failed_deferred_render_serves_the_last_file_instead_of_waiting() {
        let state = AppState::new("/".into());
        state.publish(
            vec![file("print.html", "<body>old</body>")],
            vec!["print.html".into()],
        );
        state.complete(Vec::new());
        let served = state
            .ready("print.html", std::time::Duration::from_secs(10))
            .await;
        assert!(
            std::str::from_utf8(&served.get("print.html").unwrap().bytes)
                .unwrap()
                .contains("old")
        );
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/fonts/x.WOFF2"), "font/woff2");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
