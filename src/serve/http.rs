//! The HTTP side: an axum router that serves the in-memory site under the base path.
//!
//! Input: a request. Output: a file of the current [`Snapshot`](super::state::Snapshot), the
//! site's 404 page, or a refusal. Nothing is ever read from disk here, so no request can reach
//! a file outside the site: the path is decoded segment by segment into a key of an in-memory
//! map, and anything that could mean "elsewhere" — `..`, `.`, `%2e%2e`, encoded slashes or
//! backslashes, empty segments, NUL — is refused with 400 before the lookup. Only GET and
//! HEAD are allowed (405 otherwise); symlinks in static/ are never followed by the build.
//!
//! Site files answer single-range `Range` requests (RFC 9110 §14) with 206, because the search
//! client fetches byte ranges of its two large index files (`assets/search/words.js`,
//! `assets/search/text.js`) instead of downloading them whole; see [`byte_range`].

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
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
async fn site_file(
    State(state): State<Arc<AppState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
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
        Target::File(key) => lookup(&state, &key, requested_range(&method, &headers)).await,
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

/// The `Range` header a request's answer should honour: only on GET, the one method range
/// handling is defined for (RFC 9110 §14.2; HEAD gets the whole file's headers), and not with
/// `If-Range`, whose validator this server cannot check (it sends no ETag or Last-Modified), so
/// the whole file is the safe answer (§13.1.5).
fn requested_range<'h>(method: &Method, headers: &'h HeaderMap) -> Option<&'h str> {
    if method != Method::GET || headers.contains_key(header::IF_RANGE) {
        return None;
    }
    headers.get(header::RANGE)?.to_str().ok()
}

/// Answers the file at `key`; `range` is the request's `Range` header, if it should be honoured.
async fn lookup(state: &AppState, key: &str, range: Option<&str>) -> Response {
    let snapshot = state.ready(key, PENDING_LIMIT).await;
    match snapshot.get(key) {
        Some(file) => send_found(file, range),
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

/// What a `Range` request header asks of a file of a known length.
#[derive(Debug, PartialEq, Eq)]
enum ByteRange {
    /// No header, or one this server does not honour (several ranges, another unit, bad
    /// syntax): the whole file, with 200, as RFC 9110 §14.2 allows.
    Whole,
    /// The bytes `first..=last` (inclusive, as `Content-Range` writes them), with 206.
    Part { first: usize, last: usize },
    /// A well-formed range that lies wholly past the end of the file: 416.
    Unsatisfiable,
}

/// Reads a `Range` header (`bytes=A-B`, `bytes=A-` or `bytes=-N`) against a file of `total`
/// bytes, so the search client can fetch just the part of `words.js` or `text.js` it needs.
///
/// Only a single byte range is honoured; a list of ranges (`bytes=0-1,5-9`) would need a
/// `multipart/byteranges` answer, which the client never asks for, so it gets the whole file,
/// as does anything unparsable (a server may always ignore `Range`). A last position past the
/// end is clamped to the last byte; a suffix longer than the file means the whole file, as 206.
fn byte_range(header: Option<&str>, total: usize) -> ByteRange {
    let Some((unit, spec)) = header.and_then(|h| h.trim().split_once('=')) else {
        return ByteRange::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return ByteRange::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return ByteRange::Whole;
    };
    let (first, last) = match (position(first), position(last)) {
        // `bytes=-N`, the last N bytes: N = 0, or an empty file, leaves `first == total`.
        (None, Some(n)) if first.is_empty() => (total.saturating_sub(n), usize::MAX),
        (Some(first), None) if last.is_empty() => (first, usize::MAX),
        (Some(first), Some(last)) if first <= last => (first, last),
        _ => return ByteRange::Whole,
    };
    if first >= total {
        return ByteRange::Unsatisfiable;
    }
    ByteRange::Part {
        first,
        last: last.min(total - 1),
    }
}

/// A byte position: ASCII digits only (no sign, unlike `str::parse`), saturating at
/// `usize::MAX`, which is past the end of any file anyway.
fn position(digits: &str) -> Option<usize> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(usize::MAX))
}

/// A site file that was found: whole with 200, or the part `range` asks for with 206 (or 416).
/// Both successes say `Accept-Ranges: bytes`, so the search client knows it may ask for parts.
fn send_found(file: &Served, range: Option<&str>) -> Response {
    let total = file.bytes.len();
    let mut response = match byte_range(range, total) {
        ByteRange::Whole => send(StatusCode::OK, file),
        ByteRange::Part { first, last } => {
            let part = Served {
                bytes: file.bytes.slice(first..=last),
                content_type: file.content_type,
            };
            let mut response = send(StatusCode::PARTIAL_CONTENT, &part);
            response.headers_mut().insert(
                header::CONTENT_RANGE,
                content_range(&format!("bytes {first}-{last}/{total}")),
            );
            response
        }
        ByteRange::Unsatisfiable => {
            return (
                StatusCode::RANGE_NOT_SATISFIABLE,
                [
                    (
                        header::CONTENT_RANGE,
                        content_range(&format!("bytes */{total}")),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                "416 Range Not Satisfiable: the range starts past the end of the file\n",
            )
                .into_response();
        }
    };
    response
        .headers_mut()
        .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    response
}

/// A `Content-Range` value; it is built from digits, so it is always a valid header value.
fn content_range(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).expect("a Content-Range of digits is a valid header value")
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

    fn part(first: usize, last: usize) -> ByteRange {
        ByteRange::Part { first, last }
    }

    #[test]
    fn reads_single_byte_ranges() {
        assert_eq!(byte_range(Some("bytes=0-9"), 100), part(0, 9));
        assert_eq!(byte_range(Some("bytes=5-"), 100), part(5, 99));
        assert_eq!(byte_range(Some("bytes=-3"), 100), part(97, 99));
        assert_eq!(byte_range(Some("bytes=99-99"), 100), part(99, 99));
        assert_eq!(
            byte_range(Some("Bytes=0-0"), 1),
            part(0, 0),
            "the unit ignores case"
        );
        assert_eq!(
            byte_range(Some("bytes=90-200"), 100),
            part(90, 99),
            "clamped"
        );
        assert_eq!(
            byte_range(Some("bytes=0-99999999999999999999999"), 100),
            part(0, 99),
            "a last position too big for usize is clamped too"
        );
        assert_eq!(
            byte_range(Some("bytes=-500"), 100),
            part(0, 99),
            "longer suffix"
        );
    }

    #[test]
    fn serves_the_whole_file_for_ranges_it_does_not_honour() {
        for header in [
            None,
            Some("bytes=5-2"),
            Some("bytes=0-1,5-9"),
            Some("bytes=0-1, -3"),
            Some("bytes=1"),
            Some("bytes=-"),
            Some("bytes=+1-2"),
            Some("bytes=a-b"),
            Some("bytes=1--2"),
            Some("items=0-9"),
            Some("garbage"),
            Some(""),
        ] {
            assert_eq!(byte_range(header, 100), ByteRange::Whole, "{header:?}");
        }
    }

    #[test]
    fn refuses_ranges_past_the_end() {
        assert_eq!(
            byte_range(Some("bytes=100-"), 100),
            ByteRange::Unsatisfiable
        );
        assert_eq!(
            byte_range(Some("bytes=100-200"), 100),
            ByteRange::Unsatisfiable
        );
        assert_eq!(
            byte_range(Some("bytes=99999999999999999999999-"), 100),
            ByteRange::Unsatisfiable
        );
        assert_eq!(byte_range(Some("bytes=-0"), 100), ByteRange::Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=0-"), 0), ByteRange::Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=-1"), 0), ByteRange::Unsatisfiable);
    }

    fn served(text: &'static str) -> Served {
        Served {
            bytes: axum::body::Bytes::from_static(text.as_bytes()),
            content_type: "text/javascript; charset=utf-8",
        }
    }

    fn header_of(response: &Response, name: header::HeaderName) -> Option<&str> {
        response.headers().get(name).map(|v| v.to_str().unwrap())
    }

    #[tokio::test]
    async fn answers_a_range_with_partial_content() {
        let file = served("0123456789");
        let response = send_found(&file, Some("bytes=2-4"));
        assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(
            header_of(&response, header::CONTENT_RANGE),
            Some("bytes 2-4/10")
        );
        assert_eq!(header_of(&response, header::CONTENT_LENGTH), Some("3"));
        assert_eq!(header_of(&response, header::ACCEPT_RANGES), Some("bytes"));
        assert_eq!(
            header_of(&response, header::CACHE_CONTROL),
            Some("no-store")
        );
        assert_eq!(
            header_of(&response, header::X_CONTENT_TYPE_OPTIONS),
            Some("nosniff")
        );
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(&body[..], b"234");

        let whole = send_found(&file, Some("bytes=0-1,3-4"));
        assert_eq!(whole.status(), StatusCode::OK);
        assert_eq!(header_of(&whole, header::ACCEPT_RANGES), Some("bytes"));
        assert_eq!(header_of(&whole, header::CONTENT_RANGE), None);
        assert_eq!(header_of(&whole, header::CONTENT_LENGTH), Some("10"));

        let past = send_found(&file, Some("bytes=10-"));
        assert_eq!(past.status(), StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(header_of(&past, header::CONTENT_RANGE), Some("bytes */10"));
    }

    #[test]
    fn honours_range_only_on_plain_gets() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RANGE, HeaderValue::from_static("bytes=0-9"));
        assert_eq!(requested_range(&Method::GET, &headers), Some("bytes=0-9"));
        assert_eq!(requested_range(&Method::HEAD, &headers), None);
        headers.insert(header::IF_RANGE, HeaderValue::from_static("\"x\""));
        assert_eq!(requested_range(&Method::GET, &headers), None);
    }
}
