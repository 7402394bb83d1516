//! Thousands of arbitrary bodies and field sets thrown at the quiz handler through the whole
//! app: every answer is a deliberate 200, 400, 413, 415 or 422, and nothing a request sends
//! comes back as markup.

use crate::support::*;
use actix_web::dev::Service;
use actix_web::test::{TestRequest, init_service, read_body};
use backwise::web::server;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Values no quiz offers, which must never come back as markup.
const HOSTILE_VALUES: &[&str] = &["<script>alert(1)</script>", "%3Cscript%3E", "\"><b>"];

/// Every question name and option value of the real quizzes.
fn names_and_values() -> (Vec<String>, Vec<String>) {
    let (mut names, mut values) = (Vec::new(), Vec::new());
    for quiz in articles().iter().filter_map(|a| a.quiz.as_ref()) {
        for question in &quiz.questions {
            names.push(question.name.clone());
            values.extend(question.options.iter().map(|o| o.value.clone()));
        }
    }
    values.extend(HOSTILE_VALUES.iter().map(|v| v.to_string()));
    names.sort();
    names.dedup();
    values.sort();
    values.dedup();
    (names, values)
}

/// A form body made of likely and unlikely names and values, sometimes broken.
fn form_body() -> impl Strategy<Value = Vec<u8>> {
    let (names, values) = names_and_values();
    let name = prop_oneof![proptest::sample::select(names), "[a-z_%<>\"]{0,12}"];
    let value = prop_oneof![
        proptest::sample::select(values),
        "[a-z0-9_%+<>&=\"']{0,16}",
        "\\PC{0,8}",
    ];
    prop_oneof![
        proptest::collection::vec((name, value), 0..24).prop_map(|pairs| {
            pairs
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes()
        }),
        proptest::collection::vec(any::<u8>(), 0..512),
    ]
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    proptest::sample::select(vec![
        Some("application/x-www-form-urlencoded"),
        Some("application/x-www-form-urlencoded; charset=UTF-8"),
        Some("application/json"),
        Some("text/plain"),
        None,
    ])
}

#[test]
fn arbitrary_quiz_posts_get_a_deliberate_answer_and_never_echo_markup() {
    let system = actix_web::rt::System::new();
    let app = system.block_on(init_service(server::app(state())));
    let mut runner = TestRunner::new(Config {
        cases: 3000,
        failure_persistence: None,
        ..Config::default()
    });
    let slugs = proptest::sample::select(slugs());
    runner
        .run(
            &(slugs, form_body(), content_type()),
            |(slug, body, content_type)| {
                let mut req = TestRequest::post()
                    .uri(&format!("/articles/{slug}/check"))
                    .set_payload(body);
                if let Some(content_type) = content_type {
                    req = req.insert_header(("content-type", content_type));
                }
                let (status, html) = system.block_on(async {
                    let response = app.call(req.to_request()).await.expect("a response");
                    let status = response.status().as_u16();
                    (
                        status,
                        String::from_utf8_lossy(&read_body(response).await).into_owned(),
                    )
                });
                prop_assert!(
                    [200, 400, 413, 415, 422].contains(&status),
                    "status {}",
                    status
                );
                prop_assert!(!html.contains("<script"), "markup echoed");
                prop_assert!(!html.contains("<b>"), "markup echoed");
                Ok(())
            },
        )
        .unwrap();
}

/// Every valid set of answers, drawn from each real quiz's own questions.
#[test]
fn any_valid_answers_to_the_real_quizzes_give_notes_in_order_of_severity() {
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let strategies: Vec<_> = quiz
            .questions
            .iter()
            .map(|q| {
                let name = q.name.clone();
                let values: Vec<String> = q.options.iter().map(|o| o.value.clone()).collect();
                let exclusive = q.exclusive.clone();
                let checkboxes = q.kind == backwise::content::quiz::QuestionKind::Checkboxes;
                proptest::sample::subsequence(values.clone(), 1..=values.len()).prop_map(
                    move |picked| {
                        let picked: Vec<String> = if checkboxes {
                            match &exclusive {
                                Some(none) if picked.contains(none) && picked.len() > 1 => {
                                    picked.into_iter().filter(|v| v != none).collect()
                                }
                                _ => picked,
                            }
                        } else {
                            picked.into_iter().take(1).collect()
                        };
                        picked
                            .into_iter()
                            .map(|v| (name.clone(), v))
                            .collect::<Vec<_>>()
                    },
                )
            })
            .collect();
        let mut runner = TestRunner::new(Config {
            cases: 1000,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&strategies, |answers| {
                let answers: Vec<(String, String)> = answers.into_iter().flatten().collect();
                let notes = backwise::content::quiz::evaluate::evaluate(quiz, &answers.into())
                    .expect("valid answers are accepted");
                let levels: Vec<_> = notes.iter().map(|n| n.note.level).collect();
                prop_assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{:?}", levels);
                Ok(())
            })
            .unwrap();
    }
}
