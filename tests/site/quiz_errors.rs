//! A reader who makes a mistake in the form gets 422, a clear message that links to the
//! question, and every answer they gave still selected.

use crate::support::*;
use actix_web::http::StatusCode;

/// Checks the error state: 422, the summary with a link to the question, the message beside
/// it, and the reader's other answers still checked.
fn assert_error(page: &Page, question: &str, message_part: &str, kept: &[(&str, &str)]) {
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = page.body();
    let summary = &body[body
        .find("class=\"error-summary\"")
        .expect("an error summary")..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    let tag_start = body[..body.find("class=\"error-summary\"").unwrap()]
        .rfind('<')
        .unwrap();
    assert!(
        body[tag_start..].starts_with("<div class=\"error-summary\" id=\"results\" role=\"alert\"")
    );
    assert!(
        summary.contains(&format!("href=\"#q-{question}-")),
        "no link to {question}: {summary}"
    );
    assert!(summary.contains(message_part), "{summary}");
    let beside = body
        .find(&format!("id=\"error-{question}\""))
        .expect("message beside the question");
    assert!(body[beside..].starts_with(&format!(
        "id=\"error-{question}\"><span class=\"visually-hidden\">Error: </span>"
    )));
    for (name, value) in kept {
        assert!(page.is_checked(name, value), "{name}={value} was not kept");
    }
    assert!(
        page.notes().is_empty(),
        "no notes while the form has mistakes"
    );
}

#[actix_web::test]
async fn an_unanswered_question_is_named_and_other_answers_kept() {
    let answers: Vec<_> = answers_with(LIFTING, &[("diagnosis", "osteoporosis")])
        .into_iter()
        .filter(|(name, _)| *name != "experience")
        .collect();
    let page = check(LIFTING, &answers).await;
    assert_error(&page, "experience", "Choose", &answers);
}

#[actix_web::test]
async fn none_of_these_with_another_box_is_refused() {
    let answers = answers_with(
        WEIGHT_LOSS,
        &[("urgent_signs", "none"), ("urgent_signs", "fever")],
    );
    let page = check(WEIGHT_LOSS, &answers).await;
    assert_error(
        &page,
        "urgent_signs",
        "cannot be ticked with another box",
        &answers,
    );
}

#[actix_web::test]
async fn a_value_that_is_not_an_option_is_refused() {
    let answers = answers_with(WEIGHT_LOSS, &[("sitting_hours", "all_day")]);
    let page = check(WEIGHT_LOSS, &answers).await;
    let kept: Vec<_> = answers
        .iter()
        .copied()
        .filter(|(n, _)| *n != "sitting_hours")
        .collect();
    assert_error(&page, "sitting_hours", "not one of the choices", &kept);
    assert!(
        !page.body().contains("all_day"),
        "the bad value is not echoed"
    );
}

#[actix_web::test]
async fn two_answers_to_a_one_answer_question_are_refused() {
    let answers = answers_with(LIFTING, &[("pain_level", "mild"), ("pain_level", "severe")]);
    let page = check(LIFTING, &answers).await;
    assert_error(
        &page,
        "pain_level",
        "Choose only one answer",
        &[("readiness", "none")],
    );
}

#[actix_web::test]
async fn an_empty_form_lists_every_required_question() {
    let page = post_form(&format!("/articles/{WEIGHT_LOSS}/check"), "").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = page.body();
    for question in [
        "emergency_signs",
        "urgent_signs",
        "weight_change",
        "loss_rate",
        "age_band",
    ] {
        assert!(
            body.contains(&format!("href=\"#q-{question}-")),
            "{question}"
        );
    }
}

#[actix_web::test]
async fn missing_loss_rate_is_an_error_only_while_losing_weight() {
    let answers: Vec<_> = calm_answers(WEIGHT_LOSS)
        .into_iter()
        .filter(|(n, _)| *n != "loss_rate")
        .collect();
    let page = check(WEIGHT_LOSS, &answers).await;
    assert_error(&page, "loss_rate", "", &answers);
}

#[actix_web::test]
async fn error_links_point_at_inputs_on_the_page() {
    let page = post_form(&format!("/articles/{LIFTING}/check"), "").await;
    let body = page.body();
    let summary = &body[body.find("class=\"error-summary\"").unwrap()..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    for target in summary
        .split("href=\"#")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
    {
        assert!(page.position_of_id(target).is_some(), "#{target}");
    }
}
