//! Headless Chromium (Debian's `chromium` package) driven through chromiumoxide.
//!
//! One Chromium process is shared by every test that holds a [`Browser`] at the same time: it
//! is launched by the first [`launch`] and closed when the last handle (or [`Tab`]) is dropped.
//! The CDP handler runs on the harness's background runtime, so the browser outlives the
//! runtime of the test that launched it. Each [`Tab`] records console errors and failed
//! requests from the moment it is opened.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::emulation::{
    MediaFeature, SetDeviceMetricsOverrideParams,
};
use chromiumoxide::cdp::browser_protocol::input::{
    DispatchKeyEventParams, DispatchKeyEventType, InsertTextParams,
};
use chromiumoxide::cdp::browser_protocol::log::{EventEntryAdded, LogEntryLevel, LogEntrySource};
use chromiumoxide::cdp::browser_protocol::network::{
    EventLoadingFailed, EventRequestWillBeSent, EventResponseReceived,
};
use chromiumoxide::cdp::browser_protocol::page::CaptureScreenshotFormat;
use chromiumoxide::cdp::browser_protocol::target::CreateTargetParams;
use chromiumoxide::cdp::js_protocol::runtime::{
    ConsoleApiCalledType, EvaluateParams, EventConsoleApiCalled, EventExceptionThrown, RemoteObject,
};
use chromiumoxide::page::ScreenshotParams;
use chromiumoxide::{BrowserConfig, Page};
use futures::StreamExt;
use tokio::task::JoinHandle;

use super::background;

/// Where Debian's `chromium` package puts the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Overrides [`CHROMIUM`] (e.g. to try the skip path: `HANDBOOK_CHROMIUM=/nonexistent`).
pub const CHROMIUM_ENV: &str = "HANDBOOK_CHROMIUM";

/// Set to `1` to fail, rather than skip, when Chromium is missing (CI does).
pub const REQUIRE_ENV: &str = "HANDBOOK_REQUIRE_BROWSER";

const LAUNCH_TIMEOUT: Duration = Duration::from_secs(20);
const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// A handle on the shared headless Chromium.
#[derive(Clone)]
pub struct Browser {
    inner: Arc<Shared>,
}

struct Shared {
    browser: tokio::sync::Mutex<Option<chromiumoxide::Browser>>,
    handler: JoinHandle<()>,
    // Removed after Chromium has exited (fields drop after `Drop::drop`).
    _profile: tempfile::TempDir,
}

/// Waits until the page's fonts are in and a moment has passed for late requests.
pub async fn settle(tab: &Tab) {
    let _: serde_json::Value = tab.eval(SETTLE).await;
}

/// JavaScript: resolves once the page's web fonts are in: the theme adds `fonts.css` after the
/// first paint (`#hb-fonts`), so `document.fonts.ready` alone may resolve before they start.
const SETTLE: &str = "(async () => {
    const wait = ms => new Promise(r => setTimeout(r, ms));
    const wants = document.querySelector('script[data-fonts]');
    for (let i = 0; wants && !document.getElementById('hb-fonts') && i < 80; i++) await wait(25);
    const link = document.getElementById('hb-fonts');
    if (link && !link.sheet) {
        await new Promise(r => { link.addEventListener('load', r); link.addEventListener('error', r); setTimeout(r, 5000); });
    }
    // Reading the layout starts the font loads that fonts.css asks for; then wait for them, and
    // for those their glyphs lead to (an italic face), until none is loading after a frame.
    for (let i = 0; i < 20; i++) {
        void document.body.offsetHeight;
        await document.fonts.ready;
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        if (document.fonts.status === 'loaded') break;
    }
    await wait(150);
    return true;
})()";

/// Prints why a test skipped, to the real stderr: `eprintln!` output is captured by libtest and
/// hidden for passing tests, and a skip must always be visible.
pub fn skip_notice(message: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), message.as_bytes());
}

/// Launches headless Chromium, or joins the one other tests are using.
///
/// Returns `None` after printing a `SKIPPED:` line when Chromium is not installed, and panics
/// instead when `HANDBOOK_REQUIRE_BROWSER=1`. Panics when Chromium is there but will not start.
pub async fn launch() -> Option<Browser> {
    let chromium = std::env::var(CHROMIUM_ENV).unwrap_or_else(|_| CHROMIUM.to_owned());
    if !Path::new(&chromium).exists() {
        if std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1") {
            panic!("Chromium not found at {chromium} and {REQUIRE_ENV}=1: install Debian's `chromium` package");
        }
        skip_notice(&format!(
            "SKIPPED: Chromium not found at {chromium} (set {REQUIRE_ENV}=1 to fail instead)\n"
        ));
        return None;
    }
    static SHARED: tokio::sync::Mutex<Weak<Shared>> = tokio::sync::Mutex::const_new(Weak::new());
    let mut shared = SHARED.lock().await;
    if let Some(inner) = shared.upgrade() {
        return Some(Browser { inner });
    }
    let inner = background()
        .spawn(start(chromium.clone()))
        .await
        .expect("the Chromium launch task panicked");
    let inner = Arc::new(inner.unwrap_or_else(|e| panic!("cannot start {chromium}: {e}")));
    *shared = Arc::downgrade(&inner);
    Some(Browser { inner })
}

/// Starts Chromium and polls its CDP handler; runs on the background runtime.
async fn start(chromium: String) -> Result<Shared, String> {
    let profile = tempfile::Builder::new()
        .prefix("handbook-chromium-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let config = BrowserConfig::builder()
        .chrome_executable(chromium)
        .new_headless_mode()
        .no_sandbox()
        .user_data_dir(profile.path())
        .viewport(None)
        .launch_timeout(LAUNCH_TIMEOUT)
        .request_timeout(STEP_TIMEOUT)
        .args([
            "disable-gpu",
            "disable-quic",
            "no-first-run",
            "disable-background-networking",
            "disable-component-update",
            "disable-sync",
            "disable-dev-shm-usage",
        ])
        .build()?;
    let (browser, mut handler) = chromiumoxide::Browser::launch(config)
        .await
        .map_err(|e| e.to_string())?;
    // Unknown or malformed CDP messages from a newer Chromium surface as errors here; they are
    // not fatal, so keep polling until the connection closes.
    let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
    Ok(Shared {
        browser: tokio::sync::Mutex::new(Some(browser)),
        handler,
        _profile: profile,
    })
}

impl Drop for Shared {
    fn drop(&mut self) {
        let Some(mut browser) = self.browser.get_mut().take() else {
            return;
        };
        let (done, finished) = std::sync::mpsc::channel();
        background().spawn(async move {
            let closed = tokio::time::timeout(Duration::from_secs(3), browser.close()).await;
            let exited = match closed {
                Ok(Ok(_)) => tokio::time::timeout(Duration::from_secs(3), browser.wait())
                    .await
                    .is_ok(),
                _ => false,
            };
            if !exited {
                let _ = browser.kill().await;
            }
            drop(browser);
            let _ = done.send(());
        });
        // Wait, so that Chromium is gone before the process exits and before its profile is removed.
        let _ = finished.recv_timeout(Duration::from_secs(10));
        self.handler.abort();
    }
}

impl Browser {
    /// Opens `url` in a new tab with a `width`×`height` viewport (a phone below 600 px wide)
    /// and waits for it to load. Console errors and failed requests are recorded from the start.
    pub async fn open(&self, url: &str, width: u32, height: u32) -> Tab {
        let page = {
            let guard = self.inner.browser.lock().await;
            let browser = guard.as_ref().expect("the browser is running");
            // A window of its own: a tab that shares a window with a newer one is hidden (no
            // focus, transitions stopped), which made input and animation tests flaky when
            // tests ran side by side.
            let target = CreateTargetParams::builder()
                .url("about:blank")
                .new_window(true)
                .build()
                .expect("a target with a URL");
            within("open a tab", browser.new_page(target)).await
        };
        let page = page.unwrap_or_else(|e| panic!("cannot open a tab: {e}"));
        let mut tab = Tab {
            page,
            log: Arc::default(),
            listeners: Vec::new(),
            _browser: self.inner.clone(),
        };
        tab.set_viewport(width, height).await;
        tab.listen().await;
        tab.goto(url).await;
        tab
    }
}

/// One page of the browser; it is closed when dropped.
pub struct Tab {
    /// The chromiumoxide page, for anything the helpers below do not cover.
    pub page: Page,
    log: Arc<Mutex<Log>>,
    listeners: Vec<JoinHandle<()>>,
    _browser: Arc<Shared>,
}

#[derive(Default)]
struct Log {
    console: Vec<String>,
    failed: Vec<String>,
    urls: HashMap<String, String>,
}

impl Tab {
    /// Emulates a screen of `width`×`height` CSS pixels (a touch phone below 600 px).
    pub async fn set_viewport(&self, width: u32, height: u32) {
        let metrics = SetDeviceMetricsOverrideParams::builder()
            .width(width)
            .height(height)
            .device_scale_factor(1.0)
            .mobile(width < 600)
            .build()
            .unwrap();
        within("set the viewport", self.page.execute(metrics))
            .await
            .expect("set the viewport");
    }

    /// Emulates the system colour scheme (`"light"` or `"dark"`) for `prefers-color-scheme`.
    pub async fn prefer_color_scheme(&self, scheme: &str) {
        self.emulate_media(&[("prefers-color-scheme", scheme)])
            .await;
    }

    /// Emulates these media features (`("prefers-reduced-motion", "reduce")`), and no others.
    pub async fn emulate_media(&self, features: &[(&str, &str)]) {
        let features = (features.iter())
            .map(|(name, value)| MediaFeature::new(*name, *value))
            .collect();
        within(
            "emulate media features",
            self.page.emulate_media_features(features),
        )
        .await
        .expect("emulate media features");
    }

    /// Runs `script` in every document this tab loads from now on, before the page's own.
    pub async fn on_every_document(&self, script: &str) {
        within(
            "add a script to every document",
            self.page.evaluate_on_new_document(script),
        )
        .await
        .expect("add a script to every document");
    }

    /// Navigates this tab to `url` and waits until the document has loaded.
    pub async fn goto(&self, url: &str) {
        within(&format!("load {url}"), self.page.goto(url))
            .await
            .unwrap_or_else(|e| panic!("cannot load {url}: {e}"));
        let loaded = self
            .wait_for("document.readyState === 'complete'", STEP_TIMEOUT)
            .await;
        assert!(loaded, "{url} did not finish loading");
    }

    /// Reloads the page and waits until it has loaded.
    pub async fn reload(&self) {
        within("reload", self.page.reload())
            .await
            .unwrap_or_else(|e| panic!("cannot reload: {e}"));
        assert!(
            self.wait_for("document.readyState === 'complete'", STEP_TIMEOUT)
                .await,
            "the reload did not finish"
        );
    }

    /// Evaluates a JavaScript expression (promises are awaited) and deserializes its value;
    /// `undefined` reads as `null`. Panics with the expression on a JavaScript error.
    pub async fn eval<T: serde::de::DeserializeOwned>(&self, js: &str) -> T {
        match self.try_eval(js).await {
            Ok(value) => value,
            Err(e) => panic!("evaluating `{js}` failed: {e}"),
        }
    }

    /// Evaluates JavaScript for its effect, discarding its value.
    pub async fn exec(&self, js: &str) {
        self.eval::<serde_json::Value>(&format!("void ({js})"))
            .await;
    }

    /// Like [`Tab::eval`], but returns the error.
    pub async fn try_eval<T: serde::de::DeserializeOwned>(&self, js: &str) -> Result<T, String> {
        let params = EvaluateParams::builder()
            .expression(js)
            .await_promise(true)
            .return_by_value(true)
            .build()
            .unwrap();
        let result = within("evaluate", self.page.evaluate_expression(params)).await?;
        let value = result.value().cloned().unwrap_or(serde_json::Value::Null);
        serde_json::from_value(value.clone()).map_err(|e| format!("unexpected value {value}: {e}"))
    }

    /// Polls `js_condition` until it is truthy; false if `timeout` passes first.
    pub async fn wait_for(&self, js_condition: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let js = format!("!!({js_condition})");
        loop {
            if let Ok(true) = self.try_eval::<bool>(&js).await {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `done` holds (true) or `timeout` passes (false). Console errors and failed
    /// requests reach the log through CDP events, some time after they happen: a test that
    /// expects one waits for it with this.
    pub async fn until(&self, timeout: Duration, done: impl Fn(&Tab) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        while !done(self) {
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        true
    }

    /// `console.error` calls, uncaught exceptions and browser errors (other than failed
    /// requests, see [`Tab::failed_requests`]) since the tab was opened.
    pub fn console_errors(&self) -> Vec<String> {
        self.log.lock().unwrap().console.clone()
    }

    /// Requests that failed (network errors, blocked) or got an HTTP status >= 400, with URLs.
    pub fn failed_requests(&self) -> Vec<String> {
        self.log.lock().unwrap().failed.clone()
    }

    /// Saves a PNG of the viewport.
    pub async fn screenshot(&self, path: &Path) {
        let params = ScreenshotParams::builder()
            .format(CaptureScreenshotFormat::Png)
            .build();
        within("take a screenshot", self.page.save_screenshot(params, path))
            .await
            .unwrap_or_else(|e| panic!("cannot save a screenshot to {}: {e}", path.display()));
    }

    /// Presses and releases one key, by its DOM name (`"Escape"`, `"ArrowRight"`, `"a"`).
    pub async fn press(&self, key: &str) {
        let def = chromiumoxide::keys::get_key_definition(key)
            .unwrap_or_else(|| panic!("unknown key {key:?}"));
        let text = def
            .text
            .or((def.key.chars().count() == 1).then_some(def.key));
        let mut event = DispatchKeyEventParams::builder()
            .key(def.key)
            .code(def.code)
            .windows_virtual_key_code(def.key_code)
            .native_virtual_key_code(def.key_code);
        let down = match text {
            Some(text) => {
                event = event.text(text);
                DispatchKeyEventType::KeyDown
            }
            None => DispatchKeyEventType::RawKeyDown,
        };
        for kind in [down, DispatchKeyEventType::KeyUp] {
            let params = event.clone().r#type(kind).build().unwrap();
            within("press a key", self.page.execute(params))
                .await
                .unwrap_or_else(|e| panic!("cannot press {key}: {e}"));
        }
    }

    /// Types `text` into the focused element: keys of a US keyboard are pressed, any other
    /// character (Vietnamese letters) is inserted as an IME would.
    pub async fn type_text(&self, text: &str) {
        for c in text.chars() {
            let key = c.to_string();
            if chromiumoxide::keys::get_key_definition(&key).is_some() && c != '\n' {
                self.press(&key).await;
            } else {
                let params = InsertTextParams::new(key);
                within("insert text", self.page.execute(params))
                    .await
                    .unwrap_or_else(|e| panic!("cannot type {c:?}: {e}"));
            }
        }
    }

    /// Clicks the middle of the first element matching `selector`, as a mouse would
    /// (scrolled into view; whatever covers it receives the click).
    pub async fn click(&self, selector: &str) {
        let element = within("find an element", self.page.find_element(selector))
            .await
            .unwrap_or_else(|e| panic!("no element matches `{selector}`: {e}"));
        within("click", element.click())
            .await
            .unwrap_or_else(|e| panic!("cannot click `{selector}`: {e}"));
    }

    /// Subscribes to the CDP events behind [`Tab::console_errors`] and [`Tab::failed_requests`].
    async fn listen(&mut self) {
        macro_rules! subscribe {
            ($event:ty, $record:expr) => {{
                let mut stream = within("listen", self.page.event_listener::<$event>())
                    .await
                    .expect("subscribe to CDP events");
                let log = self.log.clone();
                let record = $record;
                self.listeners.push(background().spawn(async move {
                    while let Some(event) = stream.next().await {
                        record(&mut log.lock().unwrap(), &event);
                    }
                }));
            }};
        }
        subscribe!(
            EventConsoleApiCalled,
            |log: &mut Log, e: &EventConsoleApiCalled| {
                if matches!(
                    e.r#type,
                    ConsoleApiCalledType::Error | ConsoleApiCalledType::Assert
                ) {
                    let args: Vec<String> = e.args.iter().map(describe).collect();
                    log.console
                        .push(format!("console.error: {}", args.join(" ")));
                }
            }
        );
        subscribe!(
            EventExceptionThrown,
            |log: &mut Log, e: &EventExceptionThrown| {
                let d = &e.exception_details;
                let detail = d.exception.as_ref().map(describe).unwrap_or_default();
                let at = d.url.as_deref().unwrap_or("");
                log.console.push(format!(
                    "uncaught: {} {detail} at {at}:{}:{}",
                    d.text,
                    d.line_number + 1,
                    d.column_number + 1
                ));
            }
        );
        subscribe!(EventEntryAdded, |log: &mut Log, e: &EventEntryAdded| {
            let entry = &e.entry;
            if entry.level == LogEntryLevel::Error && entry.source != LogEntrySource::Network {
                log.console.push(format!(
                    "{:?}: {} {}",
                    entry.source,
                    entry.text,
                    entry.url.as_deref().unwrap_or("")
                ));
            }
        });
        subscribe!(
            EventRequestWillBeSent,
            |log: &mut Log, e: &EventRequestWillBeSent| {
                log.urls
                    .insert(e.request_id.inner().clone(), e.request.url.clone());
            }
        );
        subscribe!(
            EventResponseReceived,
            |log: &mut Log, e: &EventResponseReceived| {
                if e.response.status >= 400 {
                    log.failed
                        .push(format!("HTTP {} {}", e.response.status, e.response.url));
                }
            }
        );
        subscribe!(
            EventLoadingFailed,
            |log: &mut Log, e: &EventLoadingFailed| {
                let url = log
                    .urls
                    .get(e.request_id.inner())
                    .cloned()
                    .unwrap_or_else(|| "(unknown URL)".into());
                log.failed.push(format!("{} {url}", e.error_text));
            }
        );
    }
}

impl Drop for Tab {
    fn drop(&mut self) {
        for listener in &self.listeners {
            listener.abort();
        }
        let page = self.page.clone();
        background().spawn(async move {
            let _ = tokio::time::timeout(Duration::from_secs(5), page.close()).await;
        });
    }
}

/// A console argument as DevTools would print it.
fn describe(object: &RemoteObject) -> String {
    match &object.value {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(value) => value.to_string(),
        None => object
            .description
            .clone()
            .unwrap_or_else(|| format!("{:?}", object.r#type)),
    }
}

/// Runs one CDP step with a timeout, so a stuck browser fails the test instead of hanging it.
async fn within<T, E: std::fmt::Display>(
    what: &str,
    step: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, String> {
    match tokio::time::timeout(STEP_TIMEOUT, step).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(_) => Err(format!("timed out after {STEP_TIMEOUT:?} trying to {what}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn types_vietnamese_presses_keys_and_reports_errors() {
        let Some(browser) = launch().await else {
            return;
        };
        let page = "data:text/html;charset=utf-8,<input id=q><p id=k></p><script>
            q.addEventListener('keydown', e => k.textContent += e.key + ' ');
            console.error('cố ý', 42);</script>";
        let tab = browser.open(page, 400, 300).await;
        tab.click("#q").await;
        tab.type_text("Đồng bộ a1").await;
        tab.press("Enter").await;
        assert_eq!(tab.eval::<String>("q.value").await, "Đồng bộ a1");
        assert_eq!(
            tab.eval::<String>("k.textContent").await,
            "n g   b   a 1 Enter ",
            "ASCII keys are real key presses"
        );
        assert!(tab.wait_for("true", Duration::from_millis(100)).await);
        assert!(!tab.wait_for("false", Duration::from_millis(100)).await);
        assert_eq!(tab.console_errors(), ["console.error: cố ý 42"]);
        tab.exec("setTimeout(() => { throw new Error('hỏng') }, 0)")
            .await;
        let thrown = |t: &Tab| t.console_errors().iter().any(|e| e.contains("hỏng"));
        assert!(
            tab.until(WAIT_SHORT, thrown).await,
            "{:?}",
            tab.console_errors()
        );
        assert!(tab.failed_requests().is_empty());
    }

    /// Tests run side by side: a tab must stay visible and focused when another one opens, or
    /// its transitions stop and key presses go nowhere.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_tab_stays_visible_and_focused_when_another_opens() {
        let Some(browser) = launch().await else {
            return;
        };
        let state = "document.visibilityState + ' ' + document.hasFocus()";
        let first = browser.open("data:text/html,<p>1", 400, 300).await;
        let second = browser.open("data:text/html,<p>2", 400, 300).await;
        assert_eq!(first.eval::<String>(state).await, "visible true");
        assert_eq!(second.eval::<String>(state).await, "visible true");
    }

    const WAIT_SHORT: Duration = Duration::from_secs(2);
}
