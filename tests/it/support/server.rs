//! A plain static file server for built sites, like GitHub Pages: files under a path prefix,
//! `folder/` → `folder/index.html`, `page` → `page.html`, and the site's own 404.html with
//! status 404 for anything else. It runs axum on the harness's background runtime, so it
//! keeps serving whichever test runtime is asking.
//!
//! Like GitHub Pages it honours a single `Range: bytes=…` on GET (206, or 416 past the end),
//! because the search client reads byte ranges of its index files `words.js` and `text.js`.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;

/// A running server; it stops when dropped.
pub struct StaticServer {
    /// `http://127.0.0.1:PORT`
    pub origin: String,
    /// The origin and the prefix, ending with `/` (e.g. `http://127.0.0.1:PORT/handbook/`).
    pub base: String,
    state: Arc<ServerState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

struct ServerState {
    dir: PathBuf,
    prefix: String,
    log: Mutex<Vec<(String, u16)>>,
}

impl StaticServer {
    /// Serves `dir` under `prefix` (`""`, `"/"` or e.g. `"/handbook/"`) on a free port.
    pub fn serve(dir: &Path, prefix: &str) -> Self {
        let prefix = format!("/{}/", prefix.trim_matches('/')).replace("//", "/");
        let state = Arc::new(ServerState {
            dir: dir.to_path_buf(),
            prefix: prefix.clone(),
            log: Mutex::new(Vec::new()),
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = axum::Router::new()
            .fallback(serve_file)
            .with_state(state.clone());
        super::background().spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Self {
            base: format!("{origin}{prefix}"),
            origin,
            state,
            shutdown: Some(shutdown),
        }
    }

    /// The URL of a site file: `base` + `rel`.
    pub fn url(&self, rel: &str) -> String {
        format!("{}{}", self.base, rel.trim_start_matches('/'))
    }

    /// Every request so far: (path with query, status), in order.
    pub fn requests(&self) -> Vec<(String, u16)> {
        self.state.log.lock().unwrap().clone()
    }

    /// The requests so far that the site could not answer (status 400 or more).
    pub fn unanswered(&self) -> Vec<(String, u16)> {
        let mut requests = self.requests();
        requests.retain(|(_, status)| *status >= 400);
        requests
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

async fn serve_file(
    State(state): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    // Range handling is defined for GET only; with `If-Range` (a validator this server does
    // not check) the whole file is the safe answer.
    let range = headers
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok())
        .filter(|_| method == Method::GET && !headers.contains_key(header::IF_RANGE));
    let response = respond(&state, &method, &uri, range);
    let target = uri
        .path_and_query()
        .map_or(uri.path().to_owned(), |p| p.to_string());
    state
        .log
        .lock()
        .unwrap()
        .push((target, response.status().as_u16()));
    response
}

fn respond(state: &ServerState, method: &Method, uri: &Uri, range: Option<&str>) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    }
    let path = percent_decode(uri.path());
    if format!("{path}/") == state.prefix {
        return redirect(&state.prefix);
    }
    let Some(rel) = path.strip_prefix(&state.prefix) else {
        return plain(
            StatusCode::NOT_FOUND,
            "not found (outside the site's prefix)",
        );
    };
    let Some(file) = resolve(&state.dir, rel) else {
        return not_found(state);
    };
    if file.is_dir() {
        return redirect(&format!("{path}/"));
    }
    match found(&file, range) {
        Ok(response) => response,
        Err(_) => not_found(state),
    }
}

/// Maps a site-relative path to an existing file or folder, refusing to leave `dir`.
fn resolve(dir: &Path, rel: &str) -> Option<PathBuf> {
    let rel_path = Path::new(rel);
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = dir.join(rel_path);
    if rel.is_empty() || rel.ends_with('/') {
        file = file.join("index.html");
    }
    if file.exists() {
        return Some(file);
    }
    let html = dir.join(format!("{rel}.html"));
    html.is_file().then_some(html)
}

fn not_found(state: &ServerState) -> Response {
    let page = state.dir.join("404.html");
    match std::fs::read(&page) {
        Ok(bytes) => file_response(StatusCode::NOT_FOUND, &page, bytes),
        Err(_) => plain(StatusCode::NOT_FOUND, "not found"),
    }
}

/// A found file: whole with 200, or the part a single `range` asks for with 206 (416 if it
/// starts past the end), read alone from the file as a real server does (the search index's
/// files are several megabytes on the larger test books). Both successes say
/// `Accept-Ranges: bytes`, as GitHub Pages does.
fn found(file: &Path, range: Option<&str>) -> std::io::Result<Response> {
    use std::io::{Read, Seek, SeekFrom};
    let mut opened = std::fs::File::open(file)?;
    let total = opened.metadata()?.len() as usize;
    let mut response = match range.and_then(|r| single_range(r, total)) {
        None => {
            let mut bytes = Vec::with_capacity(total);
            opened.read_to_end(&mut bytes)?;
            file_response(StatusCode::OK, file, bytes)
        }
        Some(Ok((first, last))) => {
            let mut bytes = vec![0; last + 1 - first];
            opened.seek(SeekFrom::Start(first as u64))?;
            opened.read_exact(&mut bytes)?;
            let mut response = file_response(StatusCode::PARTIAL_CONTENT, file, bytes);
            response.headers_mut().insert(
                header::CONTENT_RANGE,
                format!("bytes {first}-{last}/{total}").parse().unwrap(),
            );
            response
        }
        Some(Err(Unsatisfiable)) => {
            return Ok(Response::builder()
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{total}"))
                .body(Body::empty())
                .unwrap());
        }
    };
    response
        .headers_mut()
        .insert(header::ACCEPT_RANGES, "bytes".parse().unwrap());
    Ok(response)
}

/// A range that starts at or past the end of the file.
#[derive(Debug, PartialEq)]
struct Unsatisfiable;

/// Reads a single `bytes=A-B`, `bytes=A-` or `bytes=-N` range of a file of `total` bytes as
/// inclusive `(first, last)`, the last clamped to the end. `None` (serve the whole file, as a
/// server may) for several ranges, other units or bad syntax.
fn single_range(header: &str, total: usize) -> Option<Result<(usize, usize), Unsatisfiable>> {
    let (unit, spec) = header.trim().split_once('=')?;
    if !unit.eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return None;
    }
    let (a, b) = spec.trim().split_once('-')?;
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().unwrap_or(usize::MAX))
    };
    let (first, last) = match (number(a), number(b)) {
        // The last N bytes; N = 0 or an empty file leaves `first == total`: unsatisfiable.
        (None, Some(n)) if a.is_empty() => (total.saturating_sub(n), usize::MAX),
        (Some(first), None) if b.is_empty() => (first, usize::MAX),
        (Some(first), Some(last)) if first <= last => (first, last),
        _ => return None,
    };
    if first >= total {
        return Some(Err(Unsatisfiable));
    }
    Some(Ok((first, last.min(total - 1))))
}

fn file_response(status: StatusCode, file: &Path, bytes: Vec<u8>) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type(file))
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from(bytes))
        .unwrap()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(text))
        .unwrap()
}

fn redirect(location: &str) -> Response {
    Response::builder()
        .status(StatusCode::MOVED_PERMANENTLY)
        .header(header::LOCATION, location)
        .body(Body::empty())
        .unwrap()
}

/// The MIME type GitHub Pages would send for a file.
pub fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes (as UTF-8); malformed escapes are kept as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A blocking `GET` of `url` (an `http://127.0.0.1:PORT/…` URL): (status, headers, body).
pub fn get(url: &str) -> (u16, String, Vec<u8>) {
    get_with(url, &[])
}

/// [`get`] with extra request headers, e.g. `[("Range", "bytes=0-9")]`.
pub fn get_with(url: &str, headers: &[(&str, &str)]) -> (u16, String, Vec<u8>) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n{extra}\r\n").unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("read the response");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    (status, head, response[split + 4..].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_a_site_under_a_prefix_like_github_pages() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("index.html"), "trang bìa").unwrap();
        std::fs::write(dir.path().join("404.html"), "không thấy").unwrap();
        std::fs::write(dir.path().join("chuong.html"), "chương").unwrap();
        std::fs::write(dir.path().join("a/style.css"), "p{}").unwrap();
        let server = StaticServer::serve(dir.path(), "handbook");
        assert_eq!(server.base, format!("{}/handbook/", server.origin));
        let (status, _, body) = get(&server.base);
        assert_eq!((status, body.as_slice()), (200, "trang bìa".as_bytes()));
        let (status, head, _) = get(&server.url("a/style.css"));
        assert!(status == 200 && head.contains("text/css"), "{head}");
        assert_eq!(
            get(&server.url("chuong")).2,
            "chương".as_bytes(),
            "extension-less URLs find the page"
        );
        assert_eq!(get(&server.url("ch%C6%B0%C6%A1ng")).0, 404);
        let (status, head, _) = get(&format!("{}/handbook", server.origin));
        assert!(
            status == 301 && head.contains("location: /handbook/"),
            "{head}"
        );
        let (status, _, body) = get(&server.url("khong-co.html"));
        assert_eq!((status, body.as_slice()), (404, "không thấy".as_bytes()));
        assert_eq!(get(&server.url("../../etc/passwd")).0, 404);
        assert_eq!(
            get(&format!("{}/index.html", server.origin)).0,
            404,
            "outside the prefix"
        );
        let statuses: Vec<u16> = server.requests().into_iter().map(|(_, s)| s).collect();
        assert_eq!(statuses, [200, 200, 200, 404, 301, 404, 404, 404]);
    }

    #[test]
    fn reads_single_byte_ranges() {
        assert_eq!(single_range("bytes=0-9", 100), Some(Ok((0, 9))));
        assert_eq!(single_range("bytes=5-", 100), Some(Ok((5, 99))));
        assert_eq!(single_range("bytes=-3", 100), Some(Ok((97, 99))));
        assert_eq!(single_range("bytes=-500", 100), Some(Ok((0, 99))));
        assert_eq!(single_range("bytes=90-200", 100), Some(Ok((90, 99))));
        for whole in [
            "bytes=5-2",
            "bytes=0-1,5-9",
            "bytes=+1-2",
            "bytes=-",
            "items=0-1",
            "x",
        ] {
            assert_eq!(single_range(whole, 100), None, "{whole}");
        }
        for past in ["bytes=100-", "bytes=100-200", "bytes=-0"] {
            assert_eq!(single_range(past, 100), Some(Err(Unsatisfiable)), "{past}");
        }
        assert_eq!(single_range("bytes=-1", 0), Some(Err(Unsatisfiable)));
    }

    #[test]
    fn answers_range_requests_like_github_pages() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("words.js"), "0123456789").unwrap();
        let server = StaticServer::serve(dir.path(), "hb");
        let url = server.url("words.js");
        let (status, head, body) = get_with(&url, &[("Range", "bytes=2-4")]);
        assert_eq!(
            (status, body.as_slice()),
            (206, b"234".as_slice()),
            "{head}"
        );
        assert!(head.contains("content-range: bytes 2-4/10"), "{head}");
        assert!(head.contains("accept-ranges: bytes"), "{head}");
        assert!(head.contains("content-length: 3"), "{head}");
        let (status, _, body) = get_with(&url, &[("Range", "bytes=-3")]);
        assert_eq!((status, body.as_slice()), (206, b"789".as_slice()));
        let (status, head, body) = get_with(&url, &[("Range", "bytes=0-1,4-5")]);
        assert_eq!(
            (status, body.len()),
            (200, 10),
            "several ranges: the whole file"
        );
        assert!(head.contains("accept-ranges: bytes"), "{head}");
        let (status, head, _) = get_with(&url, &[("Range", "bytes=10-")]);
        assert_eq!(status, 416, "{head}");
        assert!(head.contains("content-range: bytes */10"), "{head}");
        let statuses: Vec<u16> = server.requests().into_iter().map(|(_, s)| s).collect();
        assert_eq!(statuses, [206, 206, 200, 416]);
    }
}
