//! Quiz answers are health data: they never reach a log, a header, a cookie or a URL.

use crate::server::RunningServer;
use crate::support::*;

const CANARY: &str = "zqcanary7731";

#[test]
fn answers_never_appear_in_what_the_server_logs() {
    let server = RunningServer::start(&[]);
    // A real answer set with warning signs, then the same with a canary value and field.
    let valid = answers_with(
        LIFTING,
        &[("warning_signs", "chest_pain"), ("health", "osteoporosis")],
    );
    let response = server.post_form(&format!("/articles/{LIFTING}/check"), &encode(&valid));
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "{}",
        &response[..200.min(response.len())]
    );
    let canary = format!("{}&lifting={CANARY}&{CANARY}=1", encode(&valid));
    let response = server.post_form(&format!("/articles/{LIFTING}/check"), &canary);
    assert!(response.starts_with("HTTP/1.1 200"), "the sign still wins");
    let mistaken = format!("step=2&warning_signs=none&health={CANARY}");
    let response = server.post_form(&format!("/articles/{LIFTING}/check"), &mistaken);
    assert!(response.starts_with("HTTP/1.1 422"));
    let response = server.post_form(
        &format!("/articles/{WEIGHT_LOSS}/check"),
        &format!("x={CANARY}%zz"),
    );
    assert!(response.starts_with("HTTP/1.1 400"));
    let log = server.stop();

    assert!(
        log.contains(&format!("\"POST /articles/{LIFTING}/check\" 200")),
        "{log}"
    );
    for secret in [
        CANARY,
        "chest_pain",
        "osteoporosis",
        "health",
        "warning_signs",
    ] {
        assert!(!log.contains(secret), "the log holds `{secret}`:\n{log}");
    }
}

#[actix_web::test]
async fn results_are_never_cached_and_set_no_cookie() {
    let page = check(
        LIFTING,
        &answers_with(LIFTING, &[("your_pain", "severe_or_stopping")]),
    )
    .await;
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("set-cookie"), None);
    let invalid = check(LIFTING, &[("lifting", "severe")]).await;
    assert_eq!(
        invalid.status,
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(invalid.header("cache-control"), Some("no-store"));
    let next_step = check(LIFTING, &[("warning_signs", "none")]).await;
    assert!(next_step.is_step());
    assert_eq!(next_step.header("cache-control"), Some("no-store"));
    assert_eq!(next_step.header("set-cookie"), None);
}

#[actix_web::test]
async fn the_form_posts_its_answers_in_the_body_not_the_url() {
    let body = get(&format!("/articles/{WEIGHT_LOSS}")).await.body();
    assert!(body.contains(&format!(
        "<form method=\"post\" action=\"/articles/{WEIGHT_LOSS}/check\" novalidate>"
    )));
    assert!(!body.contains("method=\"get\""));
}
