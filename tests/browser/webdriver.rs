//! A small W3C WebDriver client: ChromeDriver driving headless Chromium, spoken to as JSON over
//! plain HTTP/1.1 on a `TcpStream`. Only what the browser tests use. No browser crate: those bring
//! an async stack, and some download a browser of their own.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How WebDriver names an element in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The WebDriver key code of Tab.
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";

/// Whether pages may run their own scripts. WebDriver's own commands (finding, clicking,
/// executing a test's script) work either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Javascript {
    Enabled,
    Disabled,
}

/// An error ChromeDriver answered with, or a failure to talk to it.
#[derive(Debug)]
pub struct WebDriverError {
    pub error: String,
    pub message: String,
}

impl std::fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // ChromeDriver appends a native stack trace of no use here.
        let message = self.message.lines().next().unwrap_or("");
        write!(f, "{}: {message}", self.error)
    }
}

type Result<T> = std::result::Result<T, WebDriverError>;

/// One ChromeDriver process with one browser session (one window). Both end on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    profile: PathBuf,
    pub javascript: Javascript,
}

impl Browser {
    pub fn start(javascript: Javascript) -> Browser {
        for program in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(program).exists(),
                "{program} is missing: apt-get install chromium chromium-driver"
            );
        }
        // A free port can be taken by someone else between the check and ChromeDriver's bind:
        // try again with another.
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let driver = Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("{CHROMEDRIVER} starts: {e}"));
            let profile = fresh_profile_dir();
            let mut browser = Browser {
                driver,
                port,
                session: String::new(),
                profile,
                javascript,
            };
            if let Err(e) = browser.wait_until_ready() {
                last_error = e;
                continue; // drop kills this ChromeDriver
            }
            match browser.new_session() {
                Ok(session) => {
                    browser.session = session;
                    browser.set_timeouts(60_000, 60_000);
                    return browser;
                }
                Err(e) => last_error = e.to_string(),
            }
        }
        panic!("ChromeDriver and Chromium would not start a session: {last_error}");
    }

    fn wait_until_ready(&mut self) -> std::result::Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.driver.try_wait() {
                return Err(format!("ChromeDriver exited at start: {status}"));
            }
            if let Ok(status) = self.http("GET", "/status", None)
                && status["ready"] == true
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err("ChromeDriver was not ready within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn new_session(&self) -> Result<String> {
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                // Overlay scrollbars, as on phones: a 320 px window lays out 320 CSS px, and
                // full-page screenshots keep the width of the window.
                "--hide-scrollbars",
                format!("--user-data-dir={}", self.profile.display()),
            ],
        });
        if self.javascript == Javascript::Disabled {
            options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "goog:chromeOptions": options,
                }
            }
        });
        let value = self.http("POST", "/session", Some(&capabilities))?;
        value["sessionId"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| WebDriverError {
                error: "no session id".into(),
                message: value.to_string(),
            })
    }

    /// One HTTP/1.1 exchange with ChromeDriver; the command's `value`, or its error.
    fn http(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let io = |e: std::io::Error| WebDriverError {
            error: "i/o".into(),
            message: format!("{method} {path}: {e}"),
        };
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(io)?;
        stream
            .set_read_timeout(Some(Duration::from_secs(180)))
            .map_err(io)?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\
             Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(io)?;
        let response = read_response(&mut stream).map_err(io)?;
        let (status, payload) = parse_response(&response).ok_or_else(|| WebDriverError {
            error: "bad response".into(),
            message: format!(
                "{method} {path}: {}",
                String::from_utf8_lossy(&response[..response.len().min(300)])
            ),
        })?;
        let json: Value = serde_json::from_slice(&payload).map_err(|e| WebDriverError {
            error: "bad JSON".into(),
            message: format!("{method} {path} ({status}): {e}"),
        })?;
        let value = json.get("value").cloned().unwrap_or(Value::Null);
        if status == 200 {
            Ok(value)
        } else {
            Err(WebDriverError {
                error: value["error"].as_str().unwrap_or("unknown error").into(),
                message: value["message"].as_str().unwrap_or("").into(),
            })
        }
    }

    /// A command of this session: `path` is relative to `/session/{id}`.
    pub fn command(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let body = match (method, body) {
            ("POST", None) => Some(json!({})),
            (_, body) => body,
        };
        self.http(
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        )
    }

    fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.command(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    pub fn set_timeouts(&self, script_ms: u64, page_load_ms: u64) {
        self.must(
            "POST",
            "/timeouts",
            Some(json!({ "script": script_ms, "pageLoad": page_load_ms, "implicit": 0 })),
        );
    }

    /// Opens a URL and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.must("POST", "/url", Some(json!({ "url": url })));
    }

    /// The browser's Back button; returns when the page shown has loaded.
    pub fn back(&self) {
        self.must("POST", "/back", None);
    }

    pub fn forward(&self) {
        self.must("POST", "/forward", None);
    }

    /// Reload. On a page that answered a form, Chromium sends the form again.
    pub fn refresh(&self) {
        self.must("POST", "/refresh", None);
    }

    pub fn current_url(&self) -> String {
        self.must("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn title(&self) -> String {
        self.must("GET", "/title", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn source(&self) -> String {
        self.must("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        let by = json!({ "using": "css selector", "value": css });
        match self.command("POST", "/element", Some(by)) {
            Ok(value) => Some(Element::from_json(self, &value)),
            Err(e) if e.error == "no such element" => None,
            Err(e) => panic!("finding `{css}`: {e}"),
        }
    }

    pub fn find(&self, css: &str) -> Element<'_> {
        self.try_find(css).unwrap_or_else(|| {
            panic!(
                "no element matches `{css}` on {} ({})",
                self.current_url(),
                self.title()
            )
        })
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let by = json!({ "using": "css selector", "value": css });
        let value = self.must("POST", "/elements", Some(by));
        value
            .as_array()
            .expect("a list of elements")
            .iter()
            .map(|v| Element::from_json(self, v))
            .collect()
    }

    pub fn active_element(&self) -> Element<'_> {
        let value = self.must("GET", "/element/active", None);
        Element::from_json(self, &value)
    }

    /// Runs a function body in the page; `arguments` are `args` (elements as `Element::json`).
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.try_execute(script, args)
            .unwrap_or_else(|e| panic!("script failed: {e}\n{}", abbreviate(script)))
    }

    pub fn try_execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs a function body that calls its last argument with the result.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.command(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
        .unwrap_or_else(|e| panic!("async script failed: {e}\n{}", abbreviate(script)))
    }

    pub fn window_rect(&self) -> (f64, f64) {
        let rect = self.must("GET", "/window/rect", None);
        (
            rect["width"].as_f64().unwrap(),
            rect["height"].as_f64().unwrap(),
        )
    }

    pub fn set_window_rect(&self, width: u32, height: u32) {
        self.must(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// A Chrome DevTools Protocol command, through ChromeDriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.must(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// Emulates a media type (`""` for the default, or `"print"`) and a colour scheme.
    pub fn emulate_media(&self, media: &str, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({
                "media": media,
                "features": [{ "name": "prefers-color-scheme", "value": scheme }],
            }),
        );
    }

    /// The visible part of the page, as PNG.
    pub fn screenshot(&self, path: &Path) {
        let data = self.must("GET", "/screenshot", None);
        write_base64(path, data.as_str().expect("base64 PNG"));
    }

    /// The whole page, as PNG, however long it is.
    pub fn screenshot_full_page(&self, path: &Path) {
        let shot = self.cdp(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true }),
        );
        write_base64(path, shot["data"].as_str().expect("base64 PNG"));
    }

    /// Prints the page to PDF (A4, with backgrounds).
    pub fn print_pdf(&self, path: &Path) {
        let data = self.must(
            "POST",
            "/print",
            Some(json!({
                "orientation": "portrait",
                "background": true,
                "page": { "width": 21.0, "height": 29.7 },
                "margin": { "top": 1.5, "bottom": 1.5, "left": 1.5, "right": 1.5 },
            })),
        );
        write_base64(path, data.as_str().expect("base64 PDF"));
    }

    /// Presses and releases a key, as the keyboard would: `TAB`, or a character.
    pub fn press_key(&self, key: &str) {
        self.must(
            "POST",
            "/actions",
            Some(json!({
                "actions": [{
                    "type": "key",
                    "id": "keyboard",
                    "actions": [
                        { "type": "keyDown", "value": key },
                        { "type": "keyUp", "value": key },
                    ],
                }]
            })),
        );
    }

    /// Clicks an element that loads a new page (a link or a submit button), and waits until
    /// the new page has loaded. Works whether or not the page may run scripts.
    pub fn click_and_wait(&self, element: &Element<'_>) {
        self.execute("window.__backwiseOldPage = true;", vec![]);
        element.click();
        self.wait_for("the next page to load", || {
            self.try_execute(
                "return !window.__backwiseOldPage && document.readyState === 'complete';",
                vec![],
            )
            .is_ok_and(|v| v == true)
        });
    }

    /// Presses a key that loads a new page (Enter on a button), and waits until it has loaded.
    pub fn click_and_wait_for_key(&self, key: &str) {
        self.execute("window.__backwiseOldPage = true;", vec![]);
        self.press_key(key);
        self.wait_for("the next page to load", || {
            self.try_execute(
                "return !window.__backwiseOldPage && document.readyState === 'complete';",
                vec![],
            )
            .is_ok_and(|v| v == true)
        });
    }

    /// The handles of the open tabs and windows.
    pub fn window_handles(&self) -> Vec<String> {
        let handles = self.must("GET", "/window/handles", None);
        serde_json::from_value(handles).expect("a list of handles")
    }

    /// Closes every tab but the one in use, and stays on it.
    pub fn close_other_windows(&self) {
        let current: String =
            serde_json::from_value(self.must("GET", "/window", None)).expect("the current handle");
        for handle in self.window_handles() {
            if handle != current {
                self.must("POST", "/window", Some(json!({ "handle": handle })));
                self.must("DELETE", "/window", None);
            }
        }
        self.must("POST", "/window", Some(json!({ "handle": current })));
    }

    /// Polls until `ready` is true, for up to 20 seconds.
    pub fn wait_for(&self, what: &str, mut ready: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !ready() {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} (at {})",
                self.current_url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            // Closes Chromium; then ChromeDriver itself goes.
            let _ = self.http("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// An element of the current page.
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl<'a> Element<'a> {
    fn from_json(browser: &'a Browser, value: &Value) -> Element<'a> {
        let id = value[ELEMENT_KEY]
            .as_str()
            .unwrap_or_else(|| panic!("not an element: {value}"))
            .to_string();
        Element { browser, id }
    }

    /// The element as a script argument.
    pub fn json(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    fn get(&self, what: &str) -> Value {
        self.browser
            .must("GET", &format!("/element/{}/{what}", self.id), None)
    }

    pub fn click(&self) {
        self.browser
            .must("POST", &format!("/element/{}/click", self.id), None);
    }

    pub fn text(&self) -> String {
        self.get("text").as_str().unwrap_or_default().to_string()
    }

    pub fn attr(&self, name: &str) -> Option<String> {
        self.get(&format!("attribute/{name}"))
            .as_str()
            .map(str::to_string)
    }

    pub fn property(&self, name: &str) -> Value {
        self.get(&format!("property/{name}"))
    }

    pub fn css(&self, property: &str) -> String {
        self.get(&format!("css/{property}"))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn is_selected(&self) -> bool {
        self.get("selected") == true
    }

    /// Left, top, width and height, in CSS pixels from the top of the document.
    pub fn rect(&self) -> Rect {
        let r = self.get("rect");
        let n = |k: &str| r[k].as_f64().unwrap_or(0.0);
        Rect {
            x: n("x"),
            y: n("y"),
            width: n("width"),
            height: n("height"),
        }
    }

    pub fn find(&self, css: &str) -> Element<'a> {
        let by = json!({ "using": "css selector", "value": css });
        let value = self
            .browser
            .command("POST", &format!("/element/{}/element", self.id), Some(by))
            .unwrap_or_else(|e| panic!("finding `{css}` inside an element: {e}"));
        Element::from_json(self.browser, &value)
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'a>> {
        let by = json!({ "using": "css selector", "value": css });
        let value = self
            .browser
            .must("POST", &format!("/element/{}/elements", self.id), Some(by));
        value
            .as_array()
            .expect("a list of elements")
            .iter()
            .map(|v| Element::from_json(self.browser, v))
            .collect()
    }

    /// Just this element, as PNG.
    pub fn screenshot(&self, path: &Path) {
        let data = self.get("screenshot");
        write_base64(path, data.as_str().expect("base64 PNG"));
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// A new, empty Chromium profile, so runs never share state.
fn fresh_profile_dir() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "backwise-chromium-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary profile folder");
    dir
}

/// Reads one whole response. ChromeDriver answers `Connection: close` but may keep the socket
/// open, so the body ends where Content-Length (or the last chunk) says, not at end of stream.
fn read_response(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut response = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        if is_complete(&response) {
            return Ok(response);
        }
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Ok(response);
        }
        response.extend_from_slice(&buffer[..n]);
    }
}

/// Whether `raw` holds a whole response: headers and the body they announce.
fn is_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let Ok(head) = std::str::from_utf8(&raw[..split]) else {
        return false;
    };
    let body = &raw[split + 4..];
    for line in head.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        if name == "content-length" {
            return value
                .trim()
                .parse::<usize>()
                .is_ok_and(|len| body.len() >= len);
        }
        if name == "transfer-encoding" && value.to_ascii_lowercase().contains("chunked") {
            return parse_response(raw).is_some();
        }
    }
    false
}

/// Splits a raw HTTP/1.1 response into its status and body, undoing chunked encoding.
fn parse_response(raw: &[u8]) -> Option<(u16, Vec<u8>)> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let body = &raw[split + 4..];
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let chunked = head.lines().any(|line| {
        let line = line.to_ascii_lowercase();
        line.starts_with("transfer-encoding:") && line.contains("chunked")
    });
    if !chunked {
        return Some((status, body.to_vec()));
    }
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&rest[..end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            return Some((status, out));
        }
        let start = end + 2;
        out.extend_from_slice(rest.get(start..start + size)?);
        rest = rest.get(start + size + 2..)?;
    }
}

fn write_base64(path: &Path, data: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("the artefacts folder");
    }
    let bytes = decode_base64(data).expect("valid base64 from ChromeDriver");
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Standard base64, padding optional.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn abbreviate(script: &str) -> String {
    if script.len() > 300 {
        format!(
            "{}… ({} bytes)",
            &script[..script.floor_char_boundary(300)],
            script.len()
        )
    } else {
        script.to_string()
    }
}
