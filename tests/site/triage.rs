//! Safe triage: readers' stories reach the level of care they need, no higher and no lower,
//! and no warning sign a reader ticks is ever answered below its own level.

use crate::support::*;
use actix_web::http::StatusCode;
use backwise::content::quiz::evaluate::evaluate;
use backwise::content::quiz::{Answers, CardLine, QuestionKind, Quiz, Sign};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde::Deserialize;

/// The levels of care from none to emergency, as the stories name them.
const LADDER: [&str; 5] = ["none", "advice", "non-urgent", "urgent", "emergency"];

fn rank(level: &str) -> usize {
    LADDER
        .iter()
        .position(|l| *l == level)
        .unwrap_or_else(|| panic!("unknown level {level}"))
}

#[derive(Deserialize)]
struct Vignettes {
    vignette: Vec<Vignette>,
}

#[derive(Deserialize)]
struct Vignette {
    id: String,
    article: String,
    story: String,
    at_least: String,
    at_most: String,
    answers: Vec<(String, String)>,
    /// The reader sends these answers alone, not the calm answers around them.
    #[serde(default)]
    only_these: bool,
    reader_answers: Vec<(String, String)>,
    /// Where our answers land when a story is recorded outside its range ("over" or "under").
    answers_reach: Option<String>,
    /// Where the reader's answers land when recorded outside the story's range.
    reader_reaches: Option<String>,
}

impl Vignette {
    /// Where a level falls against the story's range: "under", "in" or "over".
    fn verdict(&self, level: usize) -> &'static str {
        if level < rank(&self.at_least) {
            "under"
        } else if level > rank(&self.at_most) {
            "over"
        } else {
            "in"
        }
    }
}

fn vignettes() -> Vec<Vignette> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vignettes.toml");
    let text = std::fs::read_to_string(path).expect("the vignettes file");
    toml::from_str::<Vignettes>(&text)
        .expect("vignettes parse")
        .vignette
}

/// The calm answers, with every question the story speaks to answered as the reader would (or
/// the story's answers alone, for a reader who sends only those).
fn story_answers(vignette: &Vignette) -> Vec<(&str, &str)> {
    let told: Vec<&str> = vignette.answers.iter().map(|(q, _)| q.as_str()).collect();
    if vignette.only_these {
        return vignette
            .answers
            .iter()
            .map(|(q, v)| (q.as_str(), v.as_str()))
            .collect();
    }
    let mut answers: Vec<(&str, &str)> = calm_answers(&vignette.article)
        .into_iter()
        .filter(|(q, _)| !told.contains(q))
        .collect();
    answers.extend(
        vignette
            .answers
            .iter()
            .map(|(q, v)| (q.as_str(), v.as_str())),
    );
    answers
}

/// The whole form as the independent reader filled it in.
fn reader_answers(vignette: &Vignette) -> Vec<(&str, &str)> {
    vignette
        .reader_answers
        .iter()
        .map(|(q, v)| (q.as_str(), v.as_str()))
        .collect()
}

/// Where the highest note raised by these answers, given step by step as in a browser, falls
/// against the story's range, or the failure to report when that is not where it is recorded to
/// fall (`expected`: in range unless the story records a miss).
async fn reached(
    vignette: &Vignette,
    answers: &[(&str, &str)],
    whose: &str,
    expected: Option<&str>,
) -> Option<String> {
    let page = if vignette.only_these {
        check(&vignette.article, answers).await
    } else {
        answer_in_steps(&vignette.article, answers).await
    };
    assert_eq!(
        page.status,
        StatusCode::OK,
        "{} ({whose}): the answers are valid",
        vignette.id
    );
    // Calmer notes sit beside their sections in reading order, so look at every note.
    let level = page
        .notes()
        .iter()
        .map(|n| rank(&n.level))
        .max()
        .unwrap_or(0);
    let highest = LADDER[level];
    let outcome = page.outcome().unwrap_or_default();
    let opening = if highest == "none" { "none" } else { highest };
    assert_eq!(
        outcome, opening,
        "{} ({whose}): the result opens with the highest level raised",
        vignette.id
    );
    let expected = expected.unwrap_or("in");
    (vignette.verdict(level) != expected).then(|| {
        format!(
            "{} ({}, {whose}): reached {highest} ({}), needs {} to {} (recorded: {expected}): {:?}\n  {}",
            vignette.id,
            vignette.article,
            vignette.verdict(level),
            vignette.at_least,
            vignette.at_most,
            page.note_ids(),
            vignette.story
        )
    })
}

#[actix_web::test]
async fn every_readers_story_reaches_its_level_of_care_on_the_page() {
    let stories = vignettes();
    let mut failures = Vec::new();
    for vignette in &stories {
        let recorded = vignette.answers_reach.as_deref();
        failures.extend(reached(vignette, &story_answers(vignette), "our answers", recorded).await);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[actix_web::test]
async fn every_story_as_an_independent_reader_answered_it_reaches_the_same_range() {
    let mut failures = Vec::new();
    for vignette in &vignettes() {
        let recorded = vignette.reader_reaches.as_deref();
        failures.extend(
            reached(
                vignette,
                &reader_answers(vignette),
                "a reader's answers",
                recorded,
            )
            .await,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_vignette_of_the_triage_set_is_encoded() {
    // The shared set is the source; this copy must not drop or rename a story. The fresh
    // stories follow it.
    let ids: Vec<String> = vignettes().into_iter().map(|v| v.id).collect();
    let expected: Vec<String> = (1..=24).map(|n| format!("P{n:02}")).collect();
    assert_eq!(ids[..24], expected);
    assert!(
        ids.len() >= 24 + 100,
        "the fresh stories are kept: {}",
        ids.len()
    );
    for vignette in vignettes() {
        assert!(
            !vignette.reader_answers.is_empty(),
            "{}: an independent reader's answers are kept",
            vignette.id
        );
    }
}

/// A miss may be recorded, but never one that leaves a reader who needs help today without it:
/// our answers may fall short only of advice, a reader's only of a booked appointment.
#[test]
fn no_story_that_needs_help_today_is_recorded_under_its_range() {
    for vignette in vignettes() {
        let needs = rank(&vignette.at_least);
        if vignette.answers_reach.as_deref() == Some("under") {
            assert!(needs <= rank("advice"), "{}: our answers", vignette.id);
        }
        if vignette.reader_reaches.as_deref() == Some("under") {
            assert!(
                needs <= rank("non-urgent"),
                "{}: a reader's answers",
                vignette.id
            );
        }
        for recorded in [&vignette.answers_reach, &vignette.reader_reaches] {
            let allowed = [None, Some("over"), Some("under")];
            assert!(allowed.contains(&recorded.as_deref()), "{}", vignette.id);
        }
    }
}

/// A property-test runner for this many cases, keeping no file of past failures.
pub fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Any full, valid answer set for a quiz: each radio question one option, each checkbox
/// question either its exclusive option alone or any non-empty set of the others.
pub fn any_answers(quiz: &Quiz) -> impl Strategy<Value = Vec<(String, String)>> + use<> {
    let per_question: Vec<BoxedStrategy<Vec<(String, String)>>> = quiz
        .questions
        .iter()
        .map(|q| {
            let name = q.name.clone();
            let values: Vec<String> = q
                .options
                .iter()
                .map(|c| c.value.clone())
                .filter(|v| Some(v) != q.exclusive.as_ref())
                .collect();
            match (q.kind, q.exclusive.clone()) {
                (QuestionKind::Radios, _) => proptest::sample::select(values)
                    .prop_map(move |v| vec![(name.clone(), v)])
                    .boxed(),
                (QuestionKind::Checkboxes, exclusive) => {
                    let max = values.len();
                    let ticked = proptest::sample::subsequence(values, 0..=max);
                    ticked
                        .prop_map(move |ticked| match (ticked.is_empty(), &exclusive) {
                            (true, Some(none)) => vec![(name.clone(), none.clone())],
                            _ => ticked.into_iter().map(|v| (name.clone(), v)).collect(),
                        })
                        .boxed()
                }
            }
        })
        .collect();
    per_question.prop_map(|parts| parts.into_iter().flatten().collect())
}

#[test]
fn no_ticked_warning_sign_is_ever_answered_below_its_level() {
    let site = crate::support::load_test_content();
    for article in &site.articles {
        let quiz = article
            .quiz
            .as_ref()
            .expect("every article has a self-check");
        let mut runner = runner(2000);
        runner
            .run(&any_answers(quiz), |answers| {
                let answers = Answers::from(answers);
                let notes = evaluate(quiz, &answers).expect("a full answer set is valid");
                let highest = notes.first().map(|n| n.note.level);
                for ticked in ticked_signs(quiz, &answers) {
                    prop_assert!(
                        highest.is_some_and(|h| h <= ticked.level),
                        "{}: `{}` ({}) ticked but the highest note is {highest:?}",
                        article.slug,
                        ticked.option,
                        ticked.level.key()
                    );
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", article.slug));
    }
}

/// The warning signs ticked among the answers (values that are no sign are skipped).
fn ticked_signs<'q>(quiz: &'q Quiz, answers: &Answers) -> Vec<&'q Sign> {
    let question = quiz.sign_question.as_deref().expect("a sign question");
    answers
        .values(question)
        .filter_map(|value| quiz.sign(value))
        .collect()
}

#[test]
fn every_warning_sign_is_asked_in_every_self_check_and_shown_on_every_card() {
    let site = crate::support::load_test_content();
    let shared = |quiz: &Quiz| -> Vec<String> {
        (quiz.signs.iter())
            .filter(|s| s.file == "warning-signs.toml")
            .map(|s| s.option.clone())
            .collect()
    };
    let first = shared(site.articles[0].quiz.as_ref().unwrap());
    assert!(!first.is_empty(), "the shared warning signs are asked");
    for article in &site.articles {
        let quiz = article.quiz.as_ref().unwrap();
        assert_eq!(shared(quiz), first, "{}: every shared sign", article.slug);
        let asked = quiz
            .question(quiz.sign_question.as_deref().unwrap())
            .expect("the sign question is asked");
        for sign in &quiz.signs {
            assert!(asked.choice(&sign.option).is_some(), "{}", sign.option);
            let card = article.care.iter().find(|c| c.level == sign.level).unwrap();
            let line = CardLine {
                text: sign.label.clone(),
                hint: sign.hint.clone(),
            };
            assert!(
                card.signs.contains(&line),
                "{}: `{}` is not on the {} card",
                article.slug,
                sign.label,
                sign.level.key()
            );
        }
    }
}

/// Any form at all: a random pick of the quiz's fields, each with one of its options or a bad
/// value, "None of these" beside signs included, and any step number.
fn any_form(quiz: &Quiz) -> impl Strategy<Value = (Vec<(String, String)>, usize)> + use<> {
    let fields: Vec<(String, String)> = quiz
        .questions
        .iter()
        .flat_map(|q| {
            q.options
                .iter()
                .map(|c| (q.name.clone(), c.value.clone()))
                .chain([(q.name.clone(), "nonsense".to_string())])
                .collect::<Vec<_>>()
        })
        .collect();
    let steps = quiz.steps.len();
    (
        proptest::sample::subsequence(fields.clone(), 0..=fields.len().min(12)),
        0..steps + 1,
    )
}

#[test]
fn a_ticked_sign_wins_over_anything_else_in_the_form_at_any_step() {
    use backwise::content::quiz::evaluate::{StepResult, answer_step};
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let mut runner = runner(2000);
        runner
            .run(&any_form(quiz), |(form, step)| {
                let answers = Answers::from(form);
                let sign = (ticked_signs(quiz, &answers).iter())
                    .map(|s| s.level)
                    .filter(|l| l.goes_on_top())
                    .min();
                let Some(level) = sign else { return Ok(()) };
                match answer_step(quiz, &answers, step) {
                    StepResult::Result(notes) => prop_assert!(
                        notes.first().is_some_and(|n| n.note.level <= level),
                        "{}: a {} sign led with {:?}",
                        article.slug,
                        level.key(),
                        notes.first().map(|n| n.note.level)
                    ),
                    other => prop_assert!(false, "{}: a sign gave {other:?}", article.slug),
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", article.slug));
    }
}

#[test]
fn no_advice_on_exercise_or_diet_stands_beside_a_call_to_get_help_today() {
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let mut runner = runner(2000);
        runner
            .run(&any_answers(quiz), |answers| {
                let notes = evaluate(quiz, &Answers::from(answers)).expect("valid");
                if notes.first().is_some_and(|n| n.note.level.goes_on_top()) {
                    for raised in &notes {
                        prop_assert!(
                            raised.note.topics.is_empty(),
                            "{}: `{}` ({:?}) beside `{}`",
                            article.slug,
                            raised.note.id,
                            raised.note.topics,
                            notes[0].note.id
                        );
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", article.slug));
    }
}

#[test]
fn no_calmer_note_stands_beside_a_call_to_999_or_to_get_help_today() {
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let mut runner = runner(2000);
        runner
            .run(&any_answers(quiz), |answers| {
                let notes = evaluate(quiz, &Answers::from(answers)).expect("valid");
                let Some(outcome) = notes.first().map(|n| n.note.level) else {
                    return Ok(());
                };
                if outcome.goes_on_top() {
                    for raised in &notes {
                        prop_assert!(
                            raised.note.level == outcome,
                            "{}: `{}` ({}) beside a {} outcome",
                            article.slug,
                            raised.note.id,
                            raised.note.level.key(),
                            outcome.key()
                        );
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", article.slug));
    }
}

/// Each story's result, as our answers and as an independent reader's, arrives gzipped within
/// the first 14 KiB a new connection can carry: a reader in trouble sees the outcome and the
/// notes without waiting on a second round trip.
#[actix_web::test]
async fn every_storys_result_fits_the_first_flight() {
    let mut too_big = Vec::new();
    for vignette in &vignettes() {
        let reader = reader_answers(vignette);
        for (whose, answers) in [
            ("our answers", story_answers(vignette)),
            ("a reader's", reader),
        ] {
            let path = format!("/articles/{}/check", vignette.article);
            let request =
                form_request(&path, encode(&answers)).insert_header(("accept-encoding", "gzip"));
            let page = send(request).await;
            assert_eq!(page.status, StatusCode::OK, "{} ({whose})", vignette.id);
            assert_eq!(page.header("content-encoding"), Some("gzip"));
            if page.bytes.len() > 14 * 1024 {
                too_big.push(format!(
                    "{} ({whose}): {} bytes",
                    vignette.id,
                    page.bytes.len()
                ));
            }
        }
    }
    assert!(too_big.is_empty(), "{}", too_big.join("\n"));
}

/// What a browser can decode from the first `bytes` of a gzip stream.
fn decoded_prefix(gzipped: &[u8], bytes: usize) -> String {
    use std::io::Read;
    let mut decoded = Vec::new();
    // Cut short, the stream ends in an error after everything before the cut has been read.
    let _ = flate2::read::GzDecoder::new(&gzipped[..bytes.min(gzipped.len())])
        .read_to_end(&mut decoded);
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Whatever a reader answers, what to do arrives in the first 14 KiB of the gzipped result: the
/// outcome card, every emergency and urgent note in full and the list of notes, all of which
/// come before the box that says the result is not saved. (Most whole pages fit too; how many
/// is measured in `bench/`.)
#[test]
fn what_to_do_arrives_in_the_first_flight_whatever_the_answers() {
    let state = state();
    for article in articles() {
        let Some(quiz) = &article.quiz else { continue };
        let on_result = state.pages.result_articles[&article.slug].clone();
        runner(150)
            .run(&any_answers(quiz), |pairs| {
                let answers: Answers = pairs
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                let notes = evaluate(quiz, &answers).expect("a full answer set");
                let page = backwise::web::pages::ArticlePage::answered(
                    &state.site.settings,
                    on_result.clone(),
                    quiz,
                    &answers,
                    &notes,
                    backwise::web::pages::Back::ResendsTheAnswers,
                );
                let html = askama::Template::render(&page).unwrap();
                let gzipped = backwise::web::encoding::gzip(
                    html.as_bytes(),
                    backwise::web::encoding::Effort::PerRequest,
                );
                let what_to_do = &html[..html.find("<div class=\"save-box\">").unwrap()];
                let arrived = decoded_prefix(&gzipped, 14 * 1024);
                prop_assert!(
                    arrived.starts_with(what_to_do),
                    "{} bytes of what to do, {} arrived ({} gzipped in all)",
                    what_to_do.len(),
                    arrived.len(),
                    gzipped.len()
                );
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", article.slug));
    }
}
