//! `handbook serve` through the real binary on port 0, with real file edits in a temp copy of
//! the project: every way editors save, the live-reload events, equality with `build`, error
//! recovery, path traversal, methods, and a live page in Chromium.

pub(crate) mod client;
mod live_page;

use std::path::{Path, PathBuf};
use std::time::Duration;

use client::{Event, Events, Server};

use crate::support;

const WAIT: Duration = Duration::from_secs(90);

/// A temp copy of the real project: content/, templates/, static/, mermaid/ (without
/// node_modules) and handbook.yaml.
fn copy_project() -> tempfile::TempDir {
    let repo = support::project_root();
    let dir = tempfile::Builder::new()
        .prefix("handbook-serve-")
        .tempdir()
        .unwrap();
    for folder in ["content", "templates", "static", "mermaid"] {
        let from = repo.join(folder);
        let entries = walkdir::WalkDir::new(&from)
            .into_iter()
            .filter_entry(|e| e.file_name() != "node_modules");
        for entry in entries.flatten().filter(|e| e.file_type().is_file()) {
            let to = dir
                .path()
                .join(folder)
                .join(entry.path().strip_prefix(&from).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
    std::fs::copy(repo.join("handbook.yaml"), dir.path().join("handbook.yaml")).unwrap();
    dir
}

/// The `index`-th chapter file listed in handbook.yaml, and its page.
fn chapter(root: &Path, index: usize) -> (PathBuf, String) {
    let config: serde_yaml::Value =
        serde_yaml::from_slice(&std::fs::read(root.join("handbook.yaml")).unwrap()).unwrap();
    let rel = config["parts"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|p| p["chapters"].as_sequence().unwrap().iter())
        .nth(index)
        .unwrap();
    let path = root.join("content").join(rel.as_str().unwrap());
    let text = std::fs::read_to_string(&path).unwrap();
    let slug = text
        .lines()
        .find_map(|l| l.strip_prefix("slug:"))
        .unwrap()
        .trim()
        .trim_matches('"')
        .to_owned();
    (path, format!("{slug}.html"))
}

fn append(path: &Path, text: &str) -> String {
    let mut content = std::fs::read_to_string(path).unwrap();
    content.push_str(text);
    content
}

/// Waits for a `reload` event whose changed paths include `page`. Other outcomes may come
/// first when a slow machine splits a save into two bursts (a moment without the file).
fn expect_reload(events: &Events, page: &str, server: &Server) {
    loop {
        let event = events
            .next_outcome(WAIT)
            .unwrap_or_else(|| panic!("no reload of {page}; stderr:\n{}", server.stderr()));
        let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
        if event.name == "reload"
            && data["changed"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v == page)
        {
            return;
        }
    }
}

/// Waits for the next `build-error` event; a reload of `page` before it fails the test (the
/// reloads of deferred outputs of an earlier build, such as the print view, may come first).
fn expect_failure(events: &Events, page: &str, server: &Server) -> Event {
    loop {
        let event = events
            .next_outcome(WAIT)
            .unwrap_or_else(|| panic!("no build error; stderr:\n{}", server.stderr()));
        if event.name == "build-error" {
            return event;
        }
        let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
        let changed = data["changed"].as_array().unwrap();
        assert!(
            !changed.iter().any(|v| v == page),
            "{page} reloaded: {}",
            event.data
        );
    }
}

/// The page as `build` would write it: the served HTML minus the live-reload script.
fn without_script(bytes: &[u8], base: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let start_tag = format!("<script src=\"{base}__handbook/livereload.js\"");
    let Some(start) = text.find(&start_tag) else {
        return bytes.to_vec();
    };
    let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

/// Every file of a full `handbook build` is served with the same bytes.
fn assert_equals_full_build(server: &Server, root: &Path) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let build = support::handbook()
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&site)
        .args(["--base-url", &server.url])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry
            .path()
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == ".handbook-site" {
            continue;
        }
        let response = server.page(&rel);
        assert_eq!(response.status, 200, "{rel}");
        let expected = std::fs::read(entry.path()).unwrap();
        assert!(
            without_script(&response.body, &server.base) == expected,
            "{rel} differs from `handbook build`"
        );
        compared += 1;
    }
    assert!(compared > 30, "only {compared} files compared");
}

#[test]
fn every_kind_of_save_reloads_and_the_site_equals_a_full_build() {
    let project = copy_project();
    let root = project.path();
    let server = Server::start(root, "/sub/");
    let events = server.events();
    let (path, page) = chapter(root, 2);

    // A plain write.
    std::fs::write(&path, append(&path, "\n\nĐoạn mới: plain-write-marker.\n")).unwrap();
    expect_reload(&events, &page, &server);
    assert!(server.page(&page).text().contains("plain-write-marker"));

    // Save by rename: a temporary file renamed over the chapter (VS Code, JetBrains, nvim).
    let temp = path.with_file_name(format!(
        "{}___jb_tmp___",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&temp, append(&path, "\nrename-over-marker\n")).unwrap();
    std::fs::rename(&temp, &path).unwrap();
    expect_reload(&events, &page, &server);
    assert!(server.page(&page).text().contains("rename-over-marker"));

    // vim: probe file 4913, original renamed to a backup, new file written, backup removed.
    let dir = path.parent().unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    let backup = path.with_extension("md~");
    let text = append(&path, "\nvim-marker\n");
    std::fs::rename(&path, &backup).unwrap();
    std::fs::write(&path, text).unwrap();
    std::fs::remove_file(&backup).unwrap();
    expect_reload(&events, &page, &server);
    assert!(server.page(&page).text().contains("vim-marker"));

    // Delete: the build fails (the chapter is listed) and the last good page stays; re-create.
    let text = append(&path, "\nrecreated-marker\n");
    std::fs::remove_file(&path).unwrap();
    expect_failure(&events, &page, &server);
    assert!(server.page(&page).text().contains("vim-marker"));
    std::fs::write(&path, text).unwrap();
    expect_reload(&events, &page, &server);
    assert!(server.page(&page).text().contains("recreated-marker"));

    // A template edit reaches every page.
    let base = root.join("templates/base.html");
    std::fs::write(
        &base,
        std::fs::read_to_string(&base)
            .unwrap()
            .replace("</body>", "<!-- template-marker --></body>"),
    )
    .unwrap();
    expect_reload(&events, &page, &server);
    assert!(server.page("").text().contains("template-marker"));

    // A configuration edit rebuilds everything.
    let config = root.join("handbook.yaml");
    std::fs::write(
        &config,
        std::fs::read_to_string(&config)
            .unwrap()
            .replacen("title: ", "title: Config-marker ", 1),
    )
    .unwrap();
    expect_reload(&events, &page, &server);
    assert!(server.page("").text().contains("Config-marker"));

    assert_equals_full_build(&server, root);
}

#[test]
fn the_print_view_is_never_served_stale_after_an_edit() {
    let fixture = support::fixture::Fixture::new();
    let root = fixture.root();
    let server = Server::start(root, "/");
    let events = server.events();
    let (path, page) = chapter(root, 1);
    for edit in 0..5 {
        let marker = format!("print-marker-{edit}");
        std::fs::write(&path, append(&path, &format!("\n\n{marker}\n"))).unwrap();
        // As soon as the chapter's page is new, so is the print view (it is rendered after the
        // page is published; a request for it waits until it is).
        let deadline = std::time::Instant::now() + WAIT;
        while !server.page(&page).text().contains(&marker) {
            assert!(std::time::Instant::now() < deadline, "{}", server.stderr());
            std::thread::sleep(Duration::from_millis(2));
        }
        let print = server.page("print.html");
        assert_eq!(print.status, 200);
        assert!(
            print.text().contains(&marker),
            "stale print view after edit {edit}"
        );
    }
    expect_reload(&events, "print.html", &server);
    assert!(
        server.prints("print view rendered in", WAIT),
        "{}",
        server.stderr()
    );
}

#[test]
fn broken_front_matter_shows_the_error_and_keeps_the_last_good_page() {
    let fixture = support::fixture::Fixture::new();
    let root = fixture.root();
    let server = Server::start(root, "/");
    let events = server.events();
    let (path, page) = chapter(root, 0);
    let good = std::fs::read_to_string(&path).unwrap();
    let before = server.page(&page).text();

    std::fs::write(&path, good.replacen("slug:", "slug: [unclosed", 1)).unwrap();
    let failed = expect_failure(&events, &page, &server);
    assert!(
        failed.data.contains("content/01-mot/01-mo-dau.md:"),
        "{}",
        failed.data
    );
    assert!(
        server.prints("still serving the last good build", WAIT),
        "{}",
        server.stderr()
    );
    let during = server.page(&page);
    assert_eq!(
        (during.status, during.text()),
        (200, before),
        "the last good page is served"
    );
    // A page opened now learns about the error at once.
    assert!(server
        .events()
        .hello
        .data
        .contains("content/01-mot/01-mo-dau.md:"));

    std::fs::write(
        &path,
        good.replace("\n---\n\n", "\n---\n\nrecovered-marker\n\n"),
    )
    .unwrap();
    expect_reload(&events, &page, &server);
    assert!(server.page(&page).text().contains("recovered-marker"));
}

#[test]
fn traversal_requests_and_other_methods_are_refused() {
    let fixture = support::fixture::Fixture::new();
    std::fs::write(fixture.dir().join("secret.txt"), "SECRET-OUTSIDE").unwrap();
    std::fs::write(fixture.root().join("Cargo.toml"), "[package] SECRET-ROOT").unwrap();
    // A symlink in static/ that leaves the project is never followed.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        fixture.dir().join("secret.txt"),
        fixture.root().join("static/link.txt"),
    )
    .unwrap();
    let server = Server::start(fixture.root(), "/");
    let link = server.request("GET", "/link.txt");
    assert!(
        link.status == 404 && !link.text().contains("SECRET"),
        "{}",
        link.status
    );
    let attempts = [
        "/../Cargo.toml",
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/Cargo.toml",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/content/01-mot/01-mo-dau.md",
        "/handbook.yaml",
        "/Cargo.toml",
        "/templates/base.html",
    ];
    for raw in attempts {
        let response = server.request("GET", raw);
        assert!(
            matches!(response.status, 400 | 404),
            "{raw}: {}",
            response.status
        );
        let text = response.text();
        assert!(
            !text.contains("SECRET") && !text.contains("root:x:") && !text.contains("{%"),
            "{raw} leaked: {text}"
        );
    }
    let absolute = server.request("GET", &format!("http://{}/../secret.txt", server.addr));
    assert!(matches!(absolute.status, 400 | 404) && !absolute.text().contains("SECRET"));
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let response = server.request(method, "/index.html");
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(response.header("allow"), Some("GET, HEAD"));
    }
    let head = server.request("HEAD", "/index.html");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(server.page("index.html").body.len().to_string().as_str())
    );
}

#[test]
fn serves_under_the_base_path_with_the_sites_404_page() {
    let fixture = support::fixture::Fixture::new();
    let server = Server::start(fixture.root(), "/handbook/");
    assert!(server.url.ends_with("/handbook/"), "{}", server.url);
    let home = server.request("GET", "/handbook/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("/handbook/__handbook/livereload.js"));
    let bare = server.request("GET", "/handbook");
    assert_eq!(
        (bare.status, bare.header("location")),
        (307, Some("/handbook/"))
    );
    let missing = server.request("GET", "/handbook/khong-co.html");
    assert_eq!(missing.status, 404);
    assert_eq!(
        without_script(&missing.body, "/handbook/"),
        std::fs::read(build_site(fixture.root(), &server.url).join("404.html")).unwrap()
    );
    let script = server.request("GET", "/handbook/__handbook/livereload.js");
    assert_eq!(script.status, 200);
    assert!(script
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
}

/// `handbook build` of `root` with `base_url` into a temp folder that lives until exit.
fn build_site(root: &Path, base_url: &str) -> PathBuf {
    let out = root.parent().unwrap().join("built");
    let output = support::handbook()
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .args(["--base-url", base_url])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

#[test]
fn build_output_never_contains_the_live_reload_script() {
    let fixture = support::fixture::Fixture::new();
    let out = build_site(fixture.root(), "https://example.org/handbook/");
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__handbook"),
            "{}",
            entry.path().display()
        );
    }
}

#[test]
fn poll_mode_sees_plain_writes_and_rename_over_saves() {
    let fixture = support::fixture::Fixture::new();
    let root = fixture.root();
    let server = Server::start_with(root, "/", &["--poll"]);
    let events = server.events();
    let (path, page) = chapter(root, 0);
    std::fs::write(&path, append(&path, "\npoll-write-marker\n")).unwrap();
    expect_reload(&events, &page, &server);
    assert!(server.page(&page).text().contains("poll-write-marker"));
    let temp = path.with_extension("md.tmp");
    std::fs::write(&temp, append(&path, "\npoll-rename-marker\n")).unwrap();
    std::fs::rename(&temp, &path).unwrap();
    expect_reload(&events, &page, &server);
    assert!(server.page(&page).text().contains("poll-rename-marker"));
}
