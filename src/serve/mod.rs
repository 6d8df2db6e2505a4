//! `handbook serve`: the authors' preview server with instant, reliable live reload.
//!
//! The parts, in the order data flows:
//! 1. [`watch`]: notify events → debounced, classified [`watch::Change`]s (one thread).
//! 2. [`rebuild`]: the pipeline of `build`, redoing only what a change invalidates; the
//!    result always equals a full build.
//! 3. [`state`]: the finished build is swapped in whole, then open pages are told.
//! 4. [`http`]: axum serves the in-memory site under the base path, with the server-sent
//!    events and the script of [`livereload`] that reload the page or show the build error.
//!
//! The user's `public/` folder is never touched: the site lives in memory only.

pub(crate) mod http;
mod livereload;
mod rebuild;
mod state;
mod watch;

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use rebuild::Rebuilder;
use state::AppState;
use watch::{Change, Watcher};

/// How to serve a project.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The project folder.
    pub root: PathBuf,
    /// The address to listen on.
    pub host: String,
    /// The port (0 picks a free one).
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// The path prefix the site is served under (as given; normalized here).
    pub base_path: String,
    /// Poll the file system instead of relying on change events.
    pub poll: bool,
}

/// Serves the project until interrupted.
pub(crate) fn run(settings: &Settings) -> anyhow::Result<()> {
    let base_path = normalize_base_path(&settings.base_path)?;
    let root = &settings.root;
    // Watch before the first build, so an edit made during it is not lost.
    let watcher = Watcher::start(root, settings.poll)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = runtime.block_on(bind(&settings.host, settings.port))?;
    let addr = listener.local_addr()?;
    warn_if_reachable(addr);
    let url = format!("http://{addr}{base_path}");
    let state = Arc::new(AppState::new(base_path));
    // The local URL is the base URL, so the 404 page's absolute links work at any depth.
    let mut builder = Rebuilder::new(root, Some(url.clone()));
    rebuild(&mut builder, &Change::everything(), &state);
    let watch_state = state.clone();
    std::thread::Builder::new()
        .name("handbook-watch".into())
        .spawn(move || watch_loop(watcher, builder, &watch_state))?;
    println!("Serving on {url}");
    std::io::stdout().flush()?;
    if settings.open {
        open_browser(&url);
    }
    runtime.block_on(async move {
        let app = http::router(state);
        tokio::select! {
            result = axum::serve(listener, app) => result,
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })?;
    Ok(())
}

/// `/`, or `/sub/path/`: one leading and one trailing slash, safe characters only.
fn normalize_base_path(raw: &str) -> anyhow::Result<String> {
    let inner = raw.trim_matches('/');
    let ok = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    };
    if !inner.is_empty() && !inner.split('/').all(ok) {
        anyhow::bail!("--base-path `{raw}`: use path segments of letters, digits, `-`, `.`, `_` or `~` (e.g. /handbook/)");
    }
    Ok(if inner.is_empty() {
        "/".to_owned()
    } else {
        format!("/{inner}/")
    })
}

async fn bind(host: &str, port: u16) -> anyhow::Result<tokio::net::TcpListener> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    tokio::net::TcpListener::bind((host, port))
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {host}:{port}: {e}"))
}

fn warn_if_reachable(addr: SocketAddr) {
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, which other machines may reach; the preview server is meant for this machine only (use --host 127.0.0.1)",
            addr.ip()
        );
    }
}

/// Rebuilds after each burst of changes until the watcher stops.
fn watch_loop(mut watcher: Watcher, mut builder: Rebuilder, state: &AppState) {
    while let Some(change) = watcher.next_change() {
        rebuild(&mut builder, &change, state);
    }
}

/// One rebuild: publish the new site, or keep the old one and report the errors; then render
/// the deferred outputs (the print view) and publish them too.
fn rebuild(builder: &mut Rebuilder, change: &Change, state: &AppState) {
    let what = describe(change);
    let outcome = match builder.rebuild(change) {
        Ok(outcome) => outcome,
        Err(failure) => return report_failure(&failure, &what, state),
    };
    let warnings = outcome.diagnostics.len();
    let pending = outcome.pending.len();
    let changed = state.publish(outcome.files, outcome.pending);
    eprintln!(
        "rebuilt in {:.1} ms{what}: {} chapter(s) rendered, {} reused, {} output(s) rendered, {} search file(s) updated, {} file(s) changed, {warnings} warning(s)",
        outcome.elapsed.as_secs_f64() * 1000.0,
        outcome.chapters_rendered,
        outcome.chapters_reused,
        outcome.outputs_rendered,
        outcome.search_files_changed,
        changed.len(),
    );
    if pending == 0 {
        return;
    }
    let started = std::time::Instant::now();
    match builder.render_deferred() {
        Ok(files) => {
            state.complete(files);
            eprintln!(
                "print view rendered in {:.1} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        Err(failure) => {
            state.complete(Vec::new());
            report_failure(&failure, &what, state);
        }
    }
}

/// Prints `failure` and shows it over the open pages; the last good build stays served.
fn report_failure(failure: &rebuild::Failure, what: &str, state: &AppState) {
    for diagnostic in &failure.diagnostics {
        eprintln!("{diagnostic}");
    }
    eprintln!("build failed{what}; still serving the last good build");
    state.fail(&failure.diagnostics);
}

fn describe(change: &Change) -> String {
    match change.paths.as_slice() {
        [] => String::new(),
        [one] => format!(" ({})", one.display()),
        [first, rest @ ..] => format!(" ({} and {} more)", first.display(), rest.len()),
    }
}

/// Opens `url` in the default browser; failure is not an error (there may be no browser).
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(command)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = spawned {
        std::thread::spawn(move || child.wait());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_get_one_slash_each_side() {
        assert_eq!(normalize_base_path("/").unwrap(), "/");
        assert_eq!(normalize_base_path("").unwrap(), "/");
        assert_eq!(normalize_base_path("handbook").unwrap(), "/handbook/");
        assert_eq!(normalize_base_path("/a/b/").unwrap(), "/a/b/");
        for bad in ["/../x/", "/a b/", "/a//b/", "/%2e/"] {
            assert!(normalize_base_path(bad).is_err(), "{bad}");
        }
    }
}
