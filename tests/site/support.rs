//! Helpers shared by the tests: the app as a service, requests, and reading notes out of HTML.

#![allow(dead_code)]

use actix_web::body::to_bytes;
use actix_web::dev::Service;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::web;
use backwise::web::server;
use backwise::web::state::AppState;
use std::collections::HashMap;
use std::sync::OnceLock;

#[path = "../shared/answers.rs"]
mod answers;
pub use answers::*;

/// A response as the tests look at it.
pub struct Page {
    pub status: StatusCode,
    pub headers: HashMap<String, String>,
    pub bytes: Vec<u8>,
}

impl Page {
    pub fn body(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("a UTF-8 body")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// Every element carrying `data-note`, in page order.
    pub fn notes(&self) -> Vec<Note> {
        let body = self.body();
        body.match_indices("data-note=\"")
            .map(|(at, _)| {
                let tag_start = body[..at].rfind('<').expect("inside a tag");
                let tag_end = at + body[at..].find('>').expect("tag closes");
                let tag = &body[tag_start..tag_end];
                Note {
                    id: attribute(tag, "data-note").unwrap(),
                    level: attribute(tag, "data-level").unwrap_or_default(),
                    section: attribute(tag, "data-section"),
                    element: tag[1..].split(' ').next().unwrap().to_string(),
                    at: tag_start,
                    text: text_until(
                        &body[tag_end..],
                        &format!("</{}>", &tag[1..].split(' ').next().unwrap()),
                    ),
                }
            })
            .collect()
    }

    pub fn note(&self, id: &str) -> Note {
        self.notes()
            .into_iter()
            .find(|n| n.id == id)
            .unwrap_or_else(|| panic!("no note `{id}` on the page; notes: {:?}", self.note_ids()))
    }

    pub fn note_ids(&self) -> Vec<String> {
        self.notes().into_iter().map(|n| n.id).collect()
    }

    /// Where an element with this id starts, if the page has one.
    pub fn position_of_id(&self, id: &str) -> Option<usize> {
        let body = self.body();
        let at = body.find(&format!(" id=\"{id}\""))?;
        body[..at].rfind('<')
    }

    /// The result's outcome (`data-outcome`), if the page is a result.
    pub fn outcome(&self) -> Option<String> {
        let body = self.body();
        let at = body.find(" data-outcome=\"")? + " data-outcome=\"".len();
        Some(body[at..at + body[at..].find('"')?].to_string())
    }

    /// The page's `<title>`.
    pub fn title(&self) -> String {
        let body = self.body();
        let start = body.find("<title>").expect("a title") + "<title>".len();
        body[start..start + body[start..].find("</title>").unwrap()].to_string()
    }

    /// Whether this is a step of the self-check asking more questions (not a result).
    pub fn is_step(&self) -> bool {
        self.body().contains("class=\"step-page\"")
    }

    /// Whether the input for this question and value is checked.
    pub fn is_checked(&self, question: &str, value: &str) -> bool {
        let body = self.body();
        let id = format!("id=\"q-{question}-{value}\"");
        let at = body.find(&id).unwrap_or_else(|| panic!("no input {id}"));
        let start = body[..at].rfind('<').unwrap();
        let end = at + body[at..].find('>').unwrap();
        body[start..end].contains(" checked")
    }
}

#[derive(Debug, Clone)]
pub struct Note {
    pub id: String,
    pub level: String,
    pub section: Option<String>,
    pub element: String,
    /// Where the note's element starts in the page.
    pub at: usize,
    /// The note's markup, up to its closing tag.
    pub text: String,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

/// The markup up to the tag that closes the element, skipping nested elements of the same name.
fn text_until(html: &str, end: &str) -> String {
    let open = format!("<{}", &end[2..end.len() - 1]);
    let mut depth = 0;
    let mut at = 0;
    while let Some(close) = html[at..].find(end).map(|i| at + i) {
        depth += html[at..close].matches(&open).count();
        if depth == 0 {
            return html[..close].to_string();
        }
        depth -= 1;
        at = close + end.len();
    }
    html.to_string()
}

/// The real content, loaded and rendered once for all the tests.
pub fn state() -> web::Data<AppState> {
    static STATE: OnceLock<web::Data<AppState>> = OnceLock::new();
    STATE
        .get_or_init(|| backwise::web::state::state(load_test_content()).expect("the pages render"))
        .clone()
}

/// Sends one request through the whole app, middleware included.
pub async fn send(req: TestRequest) -> Page {
    let app = test::init_service(server::app(state())).await;
    let response = app
        .call(req.to_request())
        .await
        .expect("a response, never an error");
    read_page(response).await
}

/// A service response, read whole.
pub async fn read_page<B: actix_web::body::MessageBody>(
    response: actix_web::dev::ServiceResponse<B>,
) -> Page {
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let bytes = to_bytes(response.into_body())
        .await
        .ok()
        .expect("a body")
        .to_vec();
    Page {
        status,
        headers,
        bytes,
    }
}

pub async fn get(path: &str) -> Page {
    send(TestRequest::get().uri(path)).await
}

/// A GET from a browser that takes gzip.
pub async fn gzipped(path: &str) -> Page {
    send(
        TestRequest::get()
            .uri(path)
            .insert_header(("accept-encoding", "gzip")),
    )
    .await
}

pub async fn request(method: Method, path: &str) -> Page {
    send(TestRequest::default().method(method).uri(path)).await
}

/// A form post as a browser makes it, for a test to add headers to.
pub fn form_request(path: &str, body: impl Into<actix_web::web::Bytes>) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body)
}

/// Posts a form body, as a browser does.
pub async fn post_form(path: &str, body: &str) -> Page {
    send(form_request(path, body.to_string())).await
}

pub fn encode(answers: &[(&str, &str)]) -> String {
    answers
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn check(slug: &str, answers: &[(&str, &str)]) -> Page {
    post_form(&format!("/articles/{slug}/check"), &encode(answers)).await
}

/// Answers the self-check as a reader does in a browser: the first step's answers, then, if the
/// page asks for the next step, every answer again with it, as the form carries them.
pub async fn answer_in_steps(slug: &str, answers: &[(&str, &str)]) -> Page {
    let quiz = articles()
        .iter()
        .find(|a| a.slug == slug)
        .and_then(|a| a.quiz.as_ref())
        .expect("the article has a self-check");
    let mut given: Vec<(&str, &str)> = Vec::new();
    let mut page = None;
    for step in 0..quiz.steps.len() {
        let names: Vec<&str> = quiz
            .step_questions(step)
            .iter()
            .map(|q| q.name.as_str())
            .collect();
        given.extend(answers.iter().filter(|(q, _)| names.contains(q)));
        let number = (step + 1).to_string();
        let mut form = vec![("step", number.as_str())];
        form.extend(given.iter().copied());
        let answered = check(slug, &form).await;
        let next = answered.is_step() && answered.status == StatusCode::OK;
        page = Some(answered);
        if !next {
            break;
        }
    }
    page.expect("the check has a step")
}

/// Where tests make their folders: the target's scratch folder, or a folder of its own inside
/// it for a run on other content, which may run beside the usual one.
pub fn scratch() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let Some(name) = std::env::var_os("BACKWISE_TEST_SCRATCH") else {
        return dir;
    };
    let dir = dir.join(name);
    std::fs::create_dir_all(&dir).expect("the scratch folder");
    dir
}

/// The text of a file in the content the tests run on (`articles/` unless the tests run on
/// another folder).
pub fn content_file(name: &str) -> String {
    let dir = test_content()
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles"));
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A fresh copy of the articles, figures included, as `name` in the tests' scratch folder: for
/// tests that edit content or serve a folder of their own.
pub fn copy_of_the_content(name: &str) -> std::path::PathBuf {
    let dir = scratch().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let source = test_content()
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles"));
    for folder in ["", "figures"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        for entry in std::fs::read_dir(source.join(folder)).unwrap().flatten() {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), dir.join(folder).join(entry.file_name())).unwrap();
            }
        }
    }
    dir
}
