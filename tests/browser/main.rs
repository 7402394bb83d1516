//! The site in a real browser: headless Chromium, driven through ChromeDriver, visiting the real
//! binary. A reader's journeys with and without JavaScript, the layout at three widths in light
//! and dark, print, and accessibility (axe-core, target sizes, visible focus).
//!
//! Each test starts its own server and its own browser (well under a second) and makes all its
//! checks with them, so tests run in parallel and leave no process behind. Screenshots and PDFs
//! go to `target/browser-artifacts/`.
//!
//! Without Chromium and ChromeDriver, build.rs sets `cfg(browser_missing)` and every test here
//! is reported as ignored, with the reason.

mod access;
#[path = "../shared/answers.rs"]
mod answers;
mod back;
mod journeys;
mod looks;
mod phone;
mod printout;
#[path = "../shared/server.rs"]
mod server;
#[allow(dead_code)]
mod webdriver;

pub use answers::*;
use serde_json::{Value, json};
use server::RunningServer;
use std::path::PathBuf;
use webdriver::{Browser, Javascript};

pub const WIDTHS: [u32; 3] = [320, 768, 1280];
pub const WINDOW_HEIGHT: u32 = 900;

/// The page sizes the reader measurements are taken at: a phone, and a laptop's screen.
pub const PHONE: (u32, u32) = (375, 812);
pub const WIDE: (u32, u32) = (1280, 800);

/// Where screenshots and PDFs go: `target/browser-artifacts/`.
pub fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target folder")
        .join("browser-artifacts");
    std::fs::create_dir_all(&dir).expect("the artefacts folder");
    dir
}

/// The site and a browser to read it with.
pub struct Site {
    pub server: RunningServer,
    pub browser: Browser,
}

impl Site {
    pub fn start(javascript: Javascript) -> Site {
        // The server first: if the content cannot load, that is the message worth reading.
        let server = RunningServer::start(&[]);
        let browser = Browser::start(javascript);
        browser.set_window_rect(1280, WINDOW_HEIGHT);
        Site { server, browser }
    }

    pub fn open(&self, path: &str) {
        self.browser.goto(&self.server.url(path));
    }

    /// Sizes the window so that the page itself (`innerWidth` by `innerHeight`) is `width` by
    /// `height` CSS pixels: the window's frame takes some room.
    pub fn viewport(&self, (width, height): (u32, u32)) {
        self.browser.set_window_rect(width, height);
        let inner = self.js("return [innerWidth, innerHeight];", vec![]);
        let frame = |i: usize, size: u32| size - inner[i].as_u64().unwrap() as u32;
        self.browser
            .set_window_rect(width + frame(0, width), height + frame(1, height));
        let inner = self.js("return [innerWidth, innerHeight];", vec![]);
        assert_eq!(
            inner,
            json!([width, height]),
            "the page is {width} by {height}"
        );
    }

    /// Follows a link within the page, as a reader taps it, and waits for the address to end
    /// with `fragment`.
    pub fn follow_in_page(&self, css: &str, fragment: &str) {
        self.browser.find(css).click();
        self.browser
            .wait_for(&format!("the jump to {fragment}"), || {
                self.location().ends_with(fragment)
            });
    }

    /// A script's result (see `Browser::execute`).
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.browser.execute(script, args)
    }

    /// The HTTP status of the page on show, as the browser received it.
    pub fn status(&self) -> u64 {
        self.js(
            "return performance.getEntriesByType('navigation')[0].responseStatus;",
            vec![],
        )
        .as_u64()
        .expect("Chromium reports the response status")
    }

    /// The path of the page on show, with its fragment.
    pub fn location(&self) -> String {
        self.js("return location.pathname + location.hash;", vec![])
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Follows a link (or submits with a button) and waits for the next page.
    pub fn follow(&self, css: &str) {
        let element = self.browser.find(css);
        self.browser.click_and_wait(&element);
    }

    /// Ticks a box or picks a radio as a reader does: by clicking its label.
    pub fn tick(&self, name: &str, value: &str) {
        self.click_label(name, value, true);
    }

    /// Unticks a box by clicking its label.
    pub fn untick(&self, name: &str, value: &str) {
        self.click_label(name, value, false);
    }

    fn click_label(&self, name: &str, value: &str, checked: bool) {
        let id = format!("q-{name}-{value}");
        let label = self.browser.find(&format!("label[for=\"{id}\"]"));
        // A reader scrolls the box into the open before tapping it. (WebDriver would scroll it
        // only to the bottom edge of the window, under the bar that keeps the button in view.)
        self.js(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![label.json()],
        );
        label.click();
        assert_eq!(
            self.browser.find(&format!("#{id}")).is_selected(),
            checked,
            "clicking the label of {name}={value} should have {} it",
            if checked { "ticked" } else { "unticked" }
        );
    }

    /// Opens an article and answers its self-check as a reader does: ticks the answers the
    /// first step asks for and presses its button, then, while the next page is a further step
    /// (not a result, and not a step with mistakes), ticks what that step asks and goes on.
    pub fn answer(&self, slug: &str, answers: &[(&str, &str)]) {
        self.open(&format!("/articles/{slug}"));
        self.answer_here(answers);
    }

    /// Ticks the answers the page on show asks for and goes on, step by step, to what follows.
    pub fn answer_here(&self, answers: &[(&str, &str)]) {
        loop {
            self.answer_this_step(answers);
            if !self.is_next_step() {
                break;
            }
        }
    }

    /// Ticks the answers the page on show asks for, and sends them with its button.
    pub fn answer_this_step(&self, answers: &[(&str, &str)]) {
        for (name, value) in answers {
            let on_page = self.browser.try_find(&format!("#q-{name}-{value}"));
            if on_page.is_some_and(|input| !input.is_selected()) {
                self.tick(name, value);
            }
        }
        self.submit();
    }

    /// Whether the page on show asks the next step's questions.
    pub fn is_next_step(&self) -> bool {
        self.status() == 200 && self.browser.try_find(".step-page form").is_some()
    }

    /// Submits the self-check's form with its button and waits for the next page.
    pub fn submit(&self) {
        self.follow("form[action$='/check'] button[type=submit]");
    }

    /// Emulates screen (or print) media in light or dark.
    pub fn scheme(&self, media: &str, dark: bool) {
        self.browser.emulate_media(media, dark);
        let matches = self.js(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            vec![],
        );
        assert_eq!(matches, json!(dark), "the colour scheme is emulated");
    }
}

/// The site's name, as the content's settings give it.
pub fn site_name() -> String {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| load_test_content().settings.publisher.clone())
        .clone()
}

/// `light` or `dark`, for file names and messages.
pub fn scheme_name(dark: bool) -> &'static str {
    if dark { "dark" } else { "light" }
}
