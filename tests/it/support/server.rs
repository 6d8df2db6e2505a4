//! A plain static file server for built sites, like GitHub Pages: files under a path prefix,
//! `folder/` → `folder/index.html`, `page` → `page.html`, and the site's own 404.html with
//! status 404 for anything else. It runs axum on the harness's background runtime, so it
//! keeps serving whichever test runtime is asking.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Method, StatusCode, Uri};
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

async fn serve_file(State(state): State<Arc<ServerState>>, method: Method, uri: Uri) -> Response {
    let response = respond(&state, &method, &uri);
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

fn respond(state: &ServerState, method: &Method, uri: &Uri) -> Response {
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
    match std::fs::read(&file) {
        Ok(bytes) => file_response(StatusCode::OK, &file, bytes),
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
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
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
}
