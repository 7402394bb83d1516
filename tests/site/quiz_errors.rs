//! A reader who makes a mistake in a step with no warning sign gets 422 and that step on a page
//! of its own, GOV.UK style: "Error: " in the title, the error summary at the top of `<main>`
//! above the heading, a message beside the question, and every answer they gave still there.

use crate::support::*;
use actix_web::http::StatusCode;

/// Checks the error state: 422, the summary first in `<main>` with a link to the question, the
/// message beside it, and the reader's answers kept, shown or carried.
fn assert_error(page: &Page, question: &str, message_part: &str, kept: &[(&str, &str)]) {
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.title().starts_with("Error: Step "), "{}", page.title());
    let body = page.body();
    let main = body.find("<main").expect("a main element");
    let main_open = main + body[main..].find('>').unwrap() + 1;
    assert!(
        body[main_open..]
            .trim_start()
            .trim_start_matches("<div class=\"step-page\">")
            .trim_start()
            .starts_with("<div class=\"error-summary\" role=\"alert\""),
        "the summary opens <main>"
    );
    let summary = &body[body.find("class=\"error-summary\"").unwrap()..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    assert!(summary.contains("<h2 id=\"error-summary-title\">There is a problem</h2>"));
    assert!(
        body.find("class=\"error-summary\"").unwrap() < body.find("<h1").unwrap(),
        "above the heading"
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
        let shown =
            body.contains(&format!("id=\"q-{name}-{value}\"")) && page.is_checked(name, value);
        let carried = body.contains(&format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{value}\">"
        ));
        assert!(shown || carried, "{name}={value} was not kept");
    }
    assert!(
        page.notes().is_empty(),
        "no notes while the step has mistakes"
    );
}

#[actix_web::test]
async fn an_unanswered_question_is_named_and_other_answers_kept() {
    let answers: Vec<_> = answers_with(LIFTING, &[("health", "osteoporosis")])
        .into_iter()
        .filter(|(name, _)| *name != "lifting")
        .collect();
    let page = check(LIFTING, &answers).await;
    assert_error(&page, "lifting", "Choose", &answers);
}

#[actix_web::test]
async fn none_of_these_with_another_box_is_refused_when_the_box_is_no_sign() {
    let answers = answers_with(LIFTING, &[("health", "none"), ("health", "osteoporosis")]);
    let page = check(LIFTING, &answers).await;
    assert_error(
        &page,
        "health",
        "cannot be ticked with another box",
        &answers,
    );
}

#[actix_web::test]
async fn a_value_that_is_not_an_option_is_refused() {
    let answers = answers_with(WEIGHT_LOSS, &[("strength_training", "all_day")]);
    let page = check(WEIGHT_LOSS, &answers).await;
    let kept: Vec<_> = answers
        .iter()
        .copied()
        .filter(|(n, _)| *n != "strength_training")
        .collect();
    assert_error(&page, "strength_training", "not one of the choices", &kept);
    assert!(
        !page.body().contains("all_day"),
        "the bad value is not echoed"
    );
}

#[actix_web::test]
async fn two_answers_to_a_one_answer_question_are_refused() {
    let answers = answers_with(LIFTING, &[("lifting", "new"), ("lifting", "big_jumps")]);
    let page = check(LIFTING, &answers).await;
    assert_error(
        &page,
        "lifting",
        "Choose only one answer",
        &[("health", "none"), ("warning_signs", "none")],
    );
}

#[actix_web::test]
async fn an_empty_form_asks_for_the_warning_signs_only() {
    let page = post_form(&format!("/articles/{WEIGHT_LOSS}/check"), "").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = page.body();
    assert!(body.contains("href=\"#q-warning_signs-"));
    assert!(!body.contains("href=\"#q-age_band-"), "only the first step");
    assert!(
        page.title()
            .starts_with("Error: Step 1 of 2: Warning signs")
    );
}

#[actix_web::test]
async fn a_blank_second_step_lists_its_questions_and_keeps_the_first() {
    let first = [("step", "2"), ("warning_signs", "none")];
    let page = check(LIFTING, &first).await;
    assert_error(&page, "your_pain", "Tick what is true", &first[1..]);
    assert!(page.body().contains("href=\"#q-lifting-"));
}

#[actix_web::test]
async fn error_links_point_at_inputs_on_the_page() {
    for body in ["", "step=2&warning_signs=none"] {
        let page = post_form(&format!("/articles/{LIFTING}/check"), body).await;
        let html = page.body();
        let summary = &html[html.find("class=\"error-summary\"").unwrap()..];
        let summary = &summary[..summary.find("</div>").unwrap()];
        for target in summary
            .split("href=\"#")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
        {
            assert!(page.position_of_id(target).is_some(), "#{target}");
        }
    }
}
