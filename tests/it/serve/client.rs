//! A running `handbook serve` and a raw HTTP/1.1 client for it: raw so that request paths are
//! sent exactly as written (like `curl --path-as-is`), and dependency-free.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `handbook serve` on port 0, killed when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The printed URL, `http://127.0.0.1:PORT/base/`.
    pub url: String,
    /// The base path, `/base/`.
    pub base: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the real binary and waits for its `Serving on` line.
    pub fn start(root: &Path, base: &str) -> Self {
        Self::start_with(root, base, &[])
    }

    /// Starts the real binary with extra flags (such as `--poll`).
    pub fn start_with(root: &Path, base: &str, flags: &[&str]) -> Self {
        let port: &[&str] = if flags.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = crate::support::handbook()
            .args(["serve", "--base-path", base, "--root"])
            .arg(root)
            .args(port)
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn handbook serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&std::mem::take(&mut line));
            }
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).expect("read stdout");
        let url = line
            .trim()
            .strip_prefix("Serving on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}: {}", stderr.lock().unwrap()))
            .to_owned();
        let addr = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        Self {
            child,
            addr,
            url,
            base: base.to_owned(),
            stderr,
        }
    }

    /// What the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits up to `timeout` for the server to print `text` on stderr (it is read by another
    /// thread, so a line can land after the event that followed it).
    pub fn prints(&self, text: &str, timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while !self.stderr().contains(text) {
            if std::time::Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    /// `GET` of a path under the base path (`""` for the home page).
    pub fn page(&self, rel: &str) -> Response {
        self.request("GET", &format!("{}{rel}", self.base))
    }

    /// Sends `method raw_path` exactly as given.
    pub fn request(&self, method: &str, raw_path: &str) -> Response {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(stream, "{method} {raw_path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", self.addr).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read response");
        Response::parse(&raw)
    }

    /// Subscribes to the live-reload events; returns after the `hello` event.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        write!(
            stream,
            "GET {}__handbook/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.base, self.addr
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || read_events(BufReader::new(stream), &tx));
        let hello = Event {
            name: String::new(),
            data: String::new(),
        };
        let mut events = Events { rx, hello };
        events.hello = events
            .next_of("hello", Duration::from_secs(30))
            .expect("hello event");
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed response.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header lines, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Self {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("header end");
        let head = String::from_utf8_lossy(&raw[..end]);
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let mut body = raw[end + 4..].to_vec();
        if headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
        {
            let mut reader = BufReader::new(&body[..]);
            let mut out = Vec::new();
            while let Some(chunk) = read_chunk(&mut reader) {
                out.extend(chunk);
            }
            body = out;
        }
        Self {
            status,
            headers,
            body,
        }
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads one chunk of a chunked body; `None` at the end.
fn read_chunk(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut size = String::new();
    reader.read_line(&mut size).ok()?;
    let size = usize::from_str_radix(size.trim(), 16)
        .ok()
        .filter(|&n| n > 0)?;
    let mut chunk = vec![0; size + 2];
    reader.read_exact(&mut chunk).ok()?;
    chunk.truncate(size);
    Some(chunk)
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Its `event:` name.
    pub name: String,
    /// Its `data:` payload.
    pub data: String,
}

/// The live-reload events of one connection.
pub struct Events {
    rx: Receiver<Event>,
    /// The `hello` event the server sent on connecting.
    pub hello: Event,
}

impl Events {
    /// Waits for the next event named `name`, skipping others.
    pub fn next_of(&self, name: &str, timeout: Duration) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let event = self.rx.recv_timeout(left).ok()?;
            if event.name == name {
                return Some(event);
            }
        }
    }

    /// Waits for the next `reload` or `build-error` event.
    pub fn next_outcome(&self, timeout: Duration) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        loop {
            let event = self
                .rx
                .recv_timeout(deadline.checked_duration_since(Instant::now())?)
                .ok()?;
            if event.name == "reload" || event.name == "build-error" {
                return Some(event);
            }
        }
    }
}

fn read_events(mut reader: BufReader<TcpStream>, tx: &mpsc::Sender<Event>) {
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut buffer = String::new();
    while let Some(chunk) = read_chunk(&mut reader) {
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let mut event = Event {
                name: "message".into(),
                data: String::new(),
            };
            for line in block.lines() {
                if let Some(name) = line.strip_prefix("event:") {
                    event.name = name.trim().to_owned();
                } else if let Some(data) = line.strip_prefix("data:") {
                    event.data.push_str(data.trim_start());
                }
            }
            if !event.data.is_empty() && tx.send(event).is_err() {
                return;
            }
        }
    }
}
