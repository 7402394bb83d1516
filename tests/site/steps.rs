//! The self-check as a reader in trouble meets it: the warning signs on their own first step,
//! any sign giving the result at once, and the questions about you only after no sign.

use crate::support::*;
use actix_web::http::StatusCode;
use backwise::check::{MAX_FIRST_STEP_WORDS, MAX_FORM_WORDS, MAX_QUESTIONS};

fn no_signs(slug: &str) -> Vec<(&'static str, &'static str)> {
    let quiz = articles()
        .iter()
        .find(|a| a.slug == slug)
        .and_then(|a| a.quiz.as_ref())
        .unwrap();
    let first: Vec<&str> = quiz
        .step_questions(0)
        .iter()
        .map(|q| q.name.as_str())
        .collect();
    calm_answers(slug)
        .into_iter()
        .filter(|(q, _)| first.contains(q))
        .collect()
}

/// The second step, as the first step with no sign leads to it.
async fn second_step(slug: &str) -> Page {
    let mut form = vec![("step", "1")];
    form.extend(no_signs(slug));
    check(slug, &form).await
}

#[actix_web::test]
async fn no_sign_leads_to_the_questions_about_you_with_the_signs_carried() {
    for slug in slugs() {
        let mut form = vec![("step", "1")];
        form.extend(no_signs(slug));
        let page = check(slug, &form).await;
        assert_eq!(page.status, StatusCode::OK, "{slug}");
        assert!(page.is_step(), "{slug}");
        assert!(
            page.title().starts_with("Step 2 of 2: About you"),
            "{}",
            page.title()
        );
        assert_eq!(page.header("cache-control"), Some("no-store"));
        let body = page.body();
        assert!(body.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(body.contains("<input type=\"hidden\" name=\"step\" value=\"2\">"));
        for (question, value) in &form[1..] {
            assert!(
                body.contains(&format!(
                    "<input type=\"hidden\" name=\"{question}\" value=\"{value}\">"
                )),
                "{slug}: {question} carried"
            );
        }
        assert!(body.contains(&format!("action=\"/articles/{slug}/check\"")));
        assert!(body.contains("id=\"q-age_band-"), "the next questions");
        assert!(!body.contains("id=\"q-warning_signs-"), "not asked again");
        assert!(page.notes().is_empty());
        // Its own answers can still call for help today, so the step promises nothing of it.
        assert!(!body.contains("needs help today"), "{slug}");
    }
}

#[actix_web::test]
async fn a_sign_gives_the_result_whatever_else_is_wrong_in_the_form() {
    let forms: [&[(&str, &str)]; 4] = [
        // "None of these" beside the sign, the rest blank.
        &[("warning_signs", "none"), ("warning_signs", "chest_pain")],
        // A bad value beside it, on the first step.
        &[
            ("step", "1"),
            ("warning_signs", "stroke_signs"),
            ("warning_signs", "nonsense"),
        ],
        // Sent from the second step with its questions blank.
        &[("step", "2"), ("warning_signs", "both_legs")],
        // A step number that is no step.
        &[
            ("step", "9"),
            ("warning_signs", "sepsis_signs"),
            ("age_band", "dunno"),
        ],
    ];
    for form in forms {
        let page = check(WEIGHT_LOSS, form).await;
        assert_eq!(page.status, StatusCode::OK, "{form:?}");
        assert_eq!(page.outcome().as_deref(), Some("emergency"), "{form:?}");
        assert!(!page.body().contains("class=\"error-summary\""), "{form:?}");
    }
}

#[actix_web::test]
async fn an_urgent_answer_in_the_second_step_wins_over_its_blanks() {
    let mut form = vec![("step", "2")];
    form.extend(no_signs(WEIGHT_LOSS));
    form.push(("circumstances", "pregnant_or_breastfeeding"));
    form.push(("circumstances", "injections"));
    let page = check(WEIGHT_LOSS, &form).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.outcome().as_deref(), Some("urgent"));
}

/// How many links leave the page, each checked to open in a new tab and to say so; a link
/// within the page, or a number to call, leaves the page where it is.
fn links_out_open_in_a_new_tab(body: &str) -> usize {
    let mut out = 0;
    for (at, _) in body.match_indices("<a ") {
        let tag = &body[at..at + body[at..].find('>').unwrap()];
        let href = tag.split("href=\"").nth(1).unwrap_or("#");
        if href.starts_with('#') || href.starts_with("tel:") {
            assert!(!tag.contains("target="), "{tag}");
        } else {
            out += 1;
            assert!(tag.contains("target=\"_blank\" rel=\"noopener"), "{tag}");
            let close = at + body[at..].find("</a>").unwrap();
            assert!(
                body[at..close].ends_with("(opens in new tab)</span>"),
                "{}",
                &body[at..close]
            );
        }
    }
    out
}

#[actix_web::test]
async fn links_out_of_a_result_open_in_a_new_tab_and_say_so() {
    let page = check(LIFTING, &every_level_answers(LIFTING)).await;
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let body = page.body();
    assert!(body.contains("This result is not saved"));
    assert!(body.contains("Links on this page open in a new tab"));
    let out = links_out_open_in_a_new_tab(&body);
    assert!(out > 20, "the sources, the nav and the notes' links: {out}");
}

/// A page that answered a form cannot be shown again by Back without sending the form again. A
/// result says, before the reader leaves it, what Back will do: from the article's own form,
/// Back shows the article with the ticks; from a step page, the browser asks to send the
/// answers again.
#[actix_web::test]
async fn a_result_says_what_back_will_do() {
    for slug in slugs() {
        let article = get(&format!("/articles/{slug}")).await.body();
        let form = &article[article.find("<form method=\"post\"").unwrap()..];
        assert!(
            form.contains("<input type=\"hidden\" name=\"page\" value=\"article\">"),
            "{slug}: the article's form says where it is"
        );
        let signs = every_level_answers(slug);
        let mut from_article = vec![("step", "1"), ("page", "article")];
        from_article.extend(signs.iter().copied());
        let said = check(slug, &from_article).await.body();
        assert!(said.contains("Back button takes you to the article, with your ticks kept"));
        assert!(!said.contains("ask to send your answers again"));

        let mut from_a_step = vec![("step", "1")];
        from_a_step.extend(signs.iter().copied());
        let said = check(slug, &from_a_step).await.body();
        assert!(said.contains("it will ask to send your answers again"));
        assert!(said.contains("use “Change your answers” instead"));
        // Neither the step pages nor the result carry the marker on.
        let step = second_step(slug).await.body();
        assert!(step.contains("class=\"step-page\""));
        assert!(!step.contains("name=\"page\""), "{slug}");
        assert!(!said.contains("name=\"page\""), "{slug}");
    }
}

/// A step page answered a form, so Back cannot show it again: its links open in a new tab, and
/// the answers on it stay.
#[actix_web::test]
async fn links_out_of_a_step_page_open_in_a_new_tab() {
    for slug in slugs() {
        let body = second_step(slug).await.body();
        assert!(
            body.contains("class=\"step-page\""),
            "{slug}: the second step"
        );
        assert!(body.contains("Links on this page open in a new tab"));
        let out = links_out_open_in_a_new_tab(&body);
        assert!(
            out >= 4,
            "{slug}: the nav, the article and the footer's links: {out}"
        );
    }
}

#[actix_web::test]
async fn the_plain_article_keeps_its_links_in_the_same_tab() {
    let page = get(&format!("/articles/{LIFTING}")).await;
    assert!(!page.body().contains("target=\"_blank\""));
}

#[actix_web::test]
async fn the_check_says_how_long_it_really_is() {
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let page = get(&article.url()).await;
        let claim = format!(
            "{} questions in {} steps, about {} minutes.",
            quiz.questions.len(),
            quiz.steps.len(),
            quiz.minutes_to_answer()
        );
        assert!(page.body().contains(&claim), "{}: {claim}", article.slug);
        assert!(quiz.questions.len() <= MAX_QUESTIONS);
        assert!(
            quiz.words_to_read() <= MAX_FORM_WORDS,
            "{}",
            quiz.words_to_read()
        );
        assert!(
            quiz.step_words(0) <= MAX_FIRST_STEP_WORDS,
            "{}",
            quiz.step_words(0)
        );
        assert!(!page.body().contains("a few short questions"));
    }
}

#[actix_web::test]
async fn a_reader_with_no_back_pain_can_say_so() {
    for slug in slugs() {
        let page = answer_in_steps(
            slug,
            &answers_with(slug, &[("your_pain", "none"), ("age_band", "20_to_49")]),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.outcome().as_deref(), Some("none"), "{slug}");
    }
    let quiz = articles()[0].quiz.as_ref().unwrap();
    let none = quiz.question("your_pain").unwrap().choice("none").unwrap();
    assert!(none.label.contains("I have no back pain"), "{}", none.label);
}
