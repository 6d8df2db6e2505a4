//! The shared test harness: the real `handbook` binary, the real site built once, small
//! fixture projects in temp folders, a static file server and headless Chromium.
//!
//! - [`handbook`] and [`build_real_site`] run the binary Cargo built for this test run.
//! - [`fixture::Fixture`]: a two-chapter project with the real templates and assets.
//! - [`server::StaticServer`]: serves a built site under a prefix, as GitHub Pages does.
//! - [`browser::launch`]: headless Chromium, shared by the tests that run at the same time.

// Every test module uses a different part of the harness.
#![allow(dead_code)]

pub mod browser;
pub mod fixture;
pub mod html;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The folder of the real project (holding Cargo.toml, handbook.yaml, content/ …).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real `handbook` binary, built by Cargo for this test run.
pub fn handbook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_handbook"))
}

/// The real project built once per test run; returns the output folder.
///
/// The site lives in `$CARGO_TARGET_TMPDIR/real-site-<pid>/public` until the next test run
/// removes it (statics are never dropped, so a `TempDir` would leak in /tmp instead).
/// Panics with the binary's stderr if the build fails.
pub fn build_real_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
        remove_stale_sites(base);
        let out = base
            .join(format!("real-site-{}", std::process::id()))
            .join("public");
        let _ = std::fs::remove_dir_all(out.parent().unwrap());
        let output = handbook()
            .args(["build", "--root"])
            .arg(project_root())
            .arg("--out")
            .arg(&out)
            .output()
            .expect("cannot run the handbook binary");
        assert!(
            output.status.success(),
            "building the real site failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        out
    })
}

/// Removes the real-site folders of earlier test runs whose process is gone.
fn remove_stale_sites(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("real-site-")) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A runtime for the harness's own tasks (the static servers and the Chromium handler), so
/// they outlive the runtime of the test that started them and can be shared between tests.
pub fn background() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("harness")
            .enable_all()
            .build()
            .expect("the harness runtime")
    })
}

/// Every file under `dir`, relative to it, with `/` separators, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    files.sort();
    files
}

/// A command-line tool the tests need, found on PATH or where pip puts scripts, that answers
/// `probe` successfully. Returns `None` after printing a `SKIPPED:` line when it is missing, and
/// panics instead when `HANDBOOK_REQUIRE_BROWSER=1` (CI installs every such tool).
pub fn tool_or_skip(name: &str, probe: &str, install: &str) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(name));
    let scripts = ["python3", "python"].into_iter().filter_map(|python| {
        let code = "import sysconfig; print(sysconfig.get_path('scripts'))";
        let out = Command::new(python).args(["-c", code]).output().ok()?;
        Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join(name))
    });
    let found = on_path.chain(scripts).find(|p| {
        p.is_file()
            && Command::new(p)
                .arg(probe)
                .output()
                .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        let required = std::env::var(browser::REQUIRE_ENV).is_ok_and(|v| v == "1");
        assert!(
            !required,
            "{name} not found and {}=1: install it (`{install}`)",
            browser::REQUIRE_ENV
        );
        browser::skip_notice(&format!(
            "SKIPPED: {name} not found (`{install}`); set {}=1 to fail instead\n",
            browser::REQUIRE_ENV
        ));
    }
    found
}

/// What a file of the search index hands to `handbookSearchData(key, …)`: its key and its
/// JSON.
pub fn search_data(bytes: &[u8]) -> (String, serde_json::Value) {
    let text = std::str::from_utf8(bytes).unwrap();
    let args = text
        .strip_prefix("handbookSearchData(")
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a data script: {text:.80}"));
    let comma = args.find("\",").unwrap() + 1;
    let key: String = serde_json::from_str(&args[..comma]).unwrap();
    (key, serde_json::from_str(&args[comma + 1..]).unwrap())
}
