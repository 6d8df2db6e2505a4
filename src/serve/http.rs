//! The HTTP side: an axum router that serves the in-memory site under the base path.
//!
//! Input: a request. Output: a file of the current [`Snapshot`](super::state::Snapshot), the
//! site's 404 page, or a refusal. Nothing is ever read from disk here, so no request can reach
//! a file outside the site: the path is decoded segment by segment into a key of an in-memory
//! map, and anything that could mean "elsewhere" — `..`, `.`, `%2e%2e`, encoded slashes or
//! backslashes, empty segments, NUL — is refused with 400 before the lookup. Only GET and
//! HEAD are allowed (405 otherwise); symlinks in static/ are never followed by the build.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use super::livereload;
use super::state::{AppState, LiveEvent, Served};

/// What a request path means.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A site file, by its key (`index.html`, `assets/css/a.css`).
    File(String),
    /// The base path without its trailing slash, or `/` under a sub-path: redirect here.
    Redirect(String),
    /// Outside the base path.
    Outside,
    /// A path that tries to leave the site or cannot be decoded.
    Refused,
}

/// The router for `state`.
pub(super) fn router(state: Arc<AppState>) -> Router {
    let base = state.base_path.clone();
    Router::new()
        .route(&format!("{base}{}", livereload::EVENTS), get(events))
        .route(&format!("{base}{}", livereload::SCRIPT_PATH), get(script))
        .fallback(site_file)
        .with_state(state)
}

/// Maps a raw (still percent-encoded) request path to a site file.
pub(crate) fn resolve(base: &str, raw: &str) -> Target {
    if raw.contains('\\') || !raw.starts_with('/') {
        return Target::Refused;
    }
    if base != "/" && (raw == base.trim_end_matches('/') || raw == "/") {
        return Target::Redirect(base.to_owned());
    }
    let Some(rest) = raw.strip_prefix(base) else {
        return Target::Outside;
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let mut key = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match decode_segment(segment) {
            Some(s) if s.is_empty() && last => {}
            Some(s) if !s.is_empty() && s != "." && s != ".." => key.push(s),
            _ => return Target::Refused,
        }
    }
    let mut key = key.join("/");
    if key.is_empty() || rest.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Target::File(key)
}

/// Percent-decodes one path segment; `None` if it is malformed, not UTF-8, or decodes to a
/// separator or NUL.
fn decode_segment(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    (!text.contains(['/', '\\', '\0'])).then_some(text)
}

/// The fallback handler: every path that is not the live-reload endpoint.
async fn site_file(State(state): State<Arc<AppState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = (
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: this server only answers GET and HEAD\n",
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let response = match resolve(&state.base_path, uri.path()) {
        Target::File(key) => lookup(&state, &key).await,
        Target::Redirect(to) => redirect(&to),
        Target::Outside => not_found(&state),
        Target::Refused => (
            StatusCode::BAD_REQUEST,
            "400 Bad Request: path outside the site\n",
        )
            .into_response(),
    };
    if method == Method::HEAD {
        let (parts, _) = response.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    response
}

/// The longest a request waits for a file that is still being rendered.
const PENDING_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

async fn lookup(state: &AppState, key: &str) -> Response {
    let snapshot = state.ready(key, PENDING_LIMIT).await;
    match snapshot.get(key) {
        Some(file) => send(StatusCode::OK, file),
        None if snapshot.get(&format!("{key}/index.html")).is_some() => {
            redirect(&format!("{}{key}/", state.base_path))
        }
        None => not_found(state),
    }
}

fn not_found(state: &AppState) -> Response {
    match state.snapshot().get("404.html") {
        Some(file) => send(StatusCode::NOT_FOUND, file),
        None => no_build_yet(state),
    }
}

/// Before the first successful build: a page that shows the error overlay and reloads itself
/// when a build succeeds.
fn no_build_yet(state: &AppState) -> Response {
    let html = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>handbook serve</title><body><p>No successful build yet.</p></body></html>";
    let bytes = livereload::inject(html.as_bytes(), &state.base_path, "none", "");
    let file = Served {
        bytes: bytes.into(),
        content_type: "text/html; charset=utf-8",
    };
    send(StatusCode::SERVICE_UNAVAILABLE, &file)
}

fn send(status: StatusCode, file: &Served) -> Response {
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static(file.content_type),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::CONTENT_LENGTH, HeaderValue::from(file.bytes.len())),
    ];
    (status, headers, Body::from(file.bytes.clone())).into_response()
}

fn redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// `GET …/livereload.js`.
async fn script() -> Response {
    (
        [
            ("content-type", "text/javascript; charset=utf-8"),
            ("cache-control", "no-store"),
        ],
        livereload::SCRIPT,
    )
        .into_response()
}

/// `GET …/events`: the SSE stream of one open page.
async fn events(
    State(state): State<Arc<AppState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the state, so no build can slip between the two.
    let rx = state.events.subscribe();
    let first = hello(&state);
    let updates = stream::unfold((rx, state), |(mut rx, state)| async move {
        let event = match rx.recv().await {
            Ok(event) => to_sse(&event),
            // Too slow to keep up: send the current state, the page reloads if it is behind.
            Err(RecvError::Lagged(_)) => hello(&state),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok(event), (rx, state)))
    });
    Sse::new(stream::once(async move { Ok(first) }).chain(updates)).keep_alive(KeepAlive::default())
}

fn hello(state: &AppState) -> Event {
    let build = state.snapshot().build.clone();
    let error: serde_json::Value = state.failure().map_or(serde_json::Value::Null, |json| {
        serde_json::from_str(&json).unwrap_or_default()
    });
    Event::default()
        .event("hello")
        .data(serde_json::json!({ "build": build, "error": error }).to_string())
}

fn to_sse(event: &LiveEvent) -> Event {
    match event {
        LiveEvent::Reload { build, changed } => Event::default()
            .event("reload")
            .data(serde_json::json!({ "build": build, "changed": **changed }).to_string()),
        LiveEvent::Failed(json) => Event::default().event("build-error").data(json.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(key: &str) -> Target {
        Target::File(key.to_owned())
    }

    #[test]
    fn maps_paths_to_site_files() {
        assert_eq!(resolve("/", "/"), file("index.html"));
        assert_eq!(resolve("/", "/a.html"), file("a.html"));
        assert_eq!(resolve("/", "/assets/css/a.css"), file("assets/css/a.css"));
        assert_eq!(resolve("/", "/assets/"), file("assets/index.html"));
        assert_eq!(resolve("/", "/t%E1%BB%87p.html"), file("tệp.html"));
        assert_eq!(resolve("/sub/", "/sub/"), file("index.html"));
        assert_eq!(resolve("/sub/", "/sub/a.html"), file("a.html"));
    }

    #[test]
    fn redirects_to_the_base_path_and_rejects_others() {
        assert_eq!(resolve("/sub/", "/sub"), Target::Redirect("/sub/".into()));
        assert_eq!(resolve("/sub/", "/"), Target::Redirect("/sub/".into()));
        assert_eq!(resolve("/sub/", "/other/a.html"), Target::Outside);
        assert_eq!(resolve("/sub/", "/subway.html"), Target::Outside);
    }

    #[test]
    fn refuses_every_way_out_of_the_site() {
        let attempts = [
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/./index.html",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/x",
            "/..%2fCargo.toml",
            "/..%2FCargo.toml",
            "/%2fetc%2fpasswd",
            "/..%5cCargo.toml",
            "/a%5c..%5c..%5cx",
            "/a\\..\\x",
            "//etc/passwd",
            "/a//b",
            "/%00",
            "/%zz",
            "/%c0%ae%c0%ae/x",
            "etc/passwd",
            "C:/Windows/win.ini",
        ];
        for raw in attempts {
            assert_eq!(resolve("/", raw), Target::Refused, "{raw}");
        }
        assert_eq!(resolve("/sub/", "/sub/../Cargo.toml"), Target::Refused);
        assert_eq!(resolve("/sub/", "/sub/%2e%2e/Cargo.toml"), Target::Refused);
    }
}
