//! The evaluator's tests: which notes a reader's answers raise, and which mistakes they make.

use super::*;
use crate::content::quiz::{Level, load_quiz};
use proptest::prelude::*;

const QUIZ: &str = r#"
[levels.emergency]
card_heading = "Call 999 for:"
outcome = "Call 999 now"
action = "Call 999."
holds_back = ["exercise"]
[levels.urgent]
card_heading = "Get help today for:"
outcome = "Get an appointment today"
action = "Call your GP today."
[levels.non-urgent]
card_heading = "See a GP soon if:"
outcome = "Book an appointment"
action = "Book a visit."
[levels.self-care]
outcome = "Look after it yourself"
action = "Keep moving."

[[steps]]
heading = "Warning signs"
questions = ["signs"]
[[steps]]
heading = "About you"
questions = ["weight", "rate", "training"]

[[questions]]
name = "signs"
type = "checkboxes"
legend = "Any of these?"
exclusive = "none"
error = "Tick any signs you have, or None of these."
options = [
  { value = "chest", label = "Chest pain" },
  { value = "fever", label = "Fever" },
  { value = "none", label = "None of these" },
]

[[questions]]
name = "weight"
type = "radios"
legend = "Is your weight changing?"
options = [
  { value = "losing", label = "Losing" },
  { value = "steady", label = "Steady" },
]

[[questions]]
name = "rate"
type = "radios"
legend = "How fast?"
required_unless = { question = "weight", any_of = ["steady"] }
options = [
  { value = "slow", label = "Slowly" },
  { value = "fast", label = "Fast" },
]

[[notes]]
id = "fast"
level = "non-urgent"
section = "one"
title = "Fast"
body = "Slow down."
source = "nhs"
when = [{ question = "rate", any_of = ["fast"] }]
unless = [{ question = "training", any_of = ["no"] }]

[[triggers]]
note = "fever"
when = [{ question = "weight", any_of = ["losing"] }, { question = "rate", any_of = ["fast"] }, { question = "training", any_of = ["hurts"] }]

[[notes]]
id = "losing-untrained"
level = "advice"
section = "two"
title = "Both"
body = "Both."
source = "nhs"
when = [{ question = "weight", any_of = ["losing"] }, { question = "training", any_of = ["no"] }]

[[questions]]
name = "training"
type = "checkboxes"
legend = "About training?"
required = false
options = [
  { value = "no", label = "I do not train" },
  { value = "hurts", label = "Training hurts" },
]

[[notes]]
id = "train-more"
level = "advice"
section = "one"
title = "Train"
body = "Train more."
source = "nhs"
topics = ["exercise"]
when = [{ question = "training", any_of = ["no"] }]

[[notes]]
id = "slow-start"
level = "non-urgent"
section = "one"
title = "Slow"
body = "Go slow."
source = "nhs"
holds_back = ["exercise"]
when = [{ question = "training", any_of = ["hurts"] }]

[[notes]]
id = "fever"
level = "urgent"
title = "Fever"
body = "Call today."
source = "nhs"
when = [{ question = "signs", any_of = ["fever"] }]

[[notes]]
id = "chest"
level = "emergency"
title = "Chest"
body = "Call 999."
source = "nhs"
when = [{ question = "signs", any_of = ["chest"] }]
"#;

fn quiz() -> Quiz {
    let source = crate::content::source::Source {
        id: "nhs".into(),
        publisher: "NHS".into(),
        title: "Back pain".into(),
        year: Some(2026),
        checked: None,
        url: "https://www.nhs.uk/".into(),
    };
    let sources = [("nhs".to_string(), std::sync::Arc::new(source))].into();
    let sources = crate::content::source::SourceCheck::new(Some(&sources));
    load_quiz("t.quiz.toml", QUIZ, &|_| None, &["one", "two"], &sources).expect("test quiz loads")
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs.iter().copied().collect()
}

fn raised_ids(pairs: &[(&str, &str)]) -> Vec<String> {
    let quiz = quiz();
    let notes = evaluate(&quiz, &answers(pairs)).expect("valid answers");
    notes.iter().map(|n| n.note.id.clone()).collect()
}

fn error_for(pairs: &[(&str, &str)], question: &str) -> String {
    let errors = evaluate(&quiz(), &answers(pairs)).expect_err("invalid answers");
    errors
        .into_iter()
        .find(|e| e.question == question)
        .unwrap_or_else(|| panic!("no error for {question}"))
        .message
}

#[test]
fn calm_answers_raise_nothing() {
    assert!(raised_ids(&[("signs", "none"), ("weight", "losing"), ("rate", "slow")]).is_empty());
}

#[test]
fn notes_come_most_serious_first_and_a_calmer_outcome_keeps_its_advice() {
    let ids = raised_ids(&[
        ("signs", "none"),
        ("weight", "losing"),
        ("rate", "slow"),
        ("training", "no"),
        ("training", "hurts"),
    ]);
    assert_eq!(ids, ["slow-start", "losing-untrained"]);
}

#[test]
fn beside_999_or_same_day_only_notes_of_that_level_stand() {
    let every_sign = [
        ("signs", "fever"),
        ("signs", "chest"),
        ("weight", "losing"),
        ("rate", "fast"),
        ("training", "no"),
    ];
    assert_eq!(raised_ids(&every_sign), ["chest"]);
    let fever = [("signs", "fever"), ("weight", "losing"), ("rate", "fast")];
    assert_eq!(raised_ids(&fever), ["fever"], "the non-urgent `fast` waits");
}

#[test]
fn an_unless_answer_holds_a_note_back() {
    let calm = [("signs", "none"), ("weight", "losing"), ("rate", "fast")];
    assert!(raised_ids(&calm).contains(&"fast".to_string()));
    let untrained = [
        ("signs", "none"),
        ("weight", "losing"),
        ("rate", "fast"),
        ("training", "no"),
    ];
    assert_eq!(raised_ids(&untrained), ["train-more", "losing-untrained"]);
}

#[test]
fn a_note_with_two_routes_is_raised_once_naming_both() {
    let quiz = quiz();
    let given = answers(&[
        ("signs", "fever"),
        ("weight", "losing"),
        ("rate", "fast"),
        ("training", "hurts"),
    ]);
    let notes = evaluate(&quiz, &given).unwrap();
    let fever: Vec<_> = notes.iter().filter(|n| n.note.id == "fever").collect();
    assert_eq!(fever.len(), 1);
    assert_eq!(fever[0].said, ["Fever", "Losing", "Fast", "Training hurts"]);
}

#[test]
fn a_note_says_why_and_leaves_the_action_to_the_outcome() {
    let quiz = quiz();
    let chest = quiz.notes.iter().find(|n| n.id == "chest").unwrap();
    assert_eq!(chest.body.as_str(), "<p>Call 999.</p>\n");
    let outcome = quiz.outcome(Some(Level::Emergency));
    assert_eq!(
        (outcome.key, outcome.heading.as_str()),
        ("emergency", "Call 999 now")
    );
    assert_eq!(
        quiz.outcome(Some(Level::Advice)).heading,
        "Look after it yourself"
    );
    assert_eq!(quiz.outcome(None).key, "advice");
}

#[test]
fn a_level_or_a_note_holds_back_the_advice_it_would_contradict() {
    let calm = [("signs", "none"), ("weight", "steady"), ("training", "no")];
    assert_eq!(raised_ids(&calm), ["train-more"]);
    let chest = [("signs", "chest"), ("weight", "steady"), ("training", "no")];
    assert_eq!(raised_ids(&chest), ["chest"]);
    let both = [
        ("signs", "none"),
        ("weight", "steady"),
        ("training", "no"),
        ("training", "hurts"),
    ];
    assert_eq!(raised_ids(&both), ["slow-start"]);
}

fn step_result(pairs: &[(&str, &str)], step: usize) -> String {
    let quiz = quiz();
    match answer_step(&quiz, &answers(pairs), step) {
        StepResult::Result(notes) => {
            let ids: Vec<&str> = notes.iter().map(|n| n.note.id.as_str()).collect();
            format!("result {ids:?}")
        }
        StepResult::Next(next) => format!("next {next}"),
        StepResult::Mistakes { step, errors } => {
            let names: Vec<&str> = errors.iter().map(|e| e.question.as_str()).collect();
            format!("mistakes in {step} {names:?}")
        }
    }
}

#[test]
fn a_warning_sign_gives_the_result_whatever_else_is_wrong() {
    assert_eq!(step_result(&[("signs", "chest")], 0), "result [\"chest\"]");
    let contradictory = [
        ("signs", "none"),
        ("signs", "fever"),
        ("weight", "sideways"),
    ];
    assert_eq!(step_result(&contradictory, 1), "result [\"fever\"]");
}

#[test]
fn no_sign_leads_to_the_next_step_and_then_to_the_result() {
    assert_eq!(step_result(&[("signs", "none")], 0), "next 1");
    assert_eq!(
        step_result(&[("signs", "none")], 1),
        "mistakes in 1 [\"weight\", \"rate\"]"
    );
    let done = [("signs", "none"), ("weight", "steady")];
    assert_eq!(step_result(&done, 1), "result []");
    assert_eq!(step_result(&[], 0), "mistakes in 0 [\"signs\"]");
    // A broken answer carried from an earlier step is shown on that step.
    let carried = [("signs", "nope"), ("weight", "steady")];
    assert_eq!(step_result(&carried, 1), "mistakes in 0 [\"signs\"]");
}

#[test]
fn a_note_says_every_answer_that_led_to_it() {
    let quiz = quiz();
    let given = answers(&[
        ("signs", "none"),
        ("weight", "losing"),
        ("rate", "slow"),
        ("training", "no"),
    ]);
    let notes = evaluate(&quiz, &given).unwrap();
    let both = notes
        .iter()
        .find(|n| n.note.id == "losing-untrained")
        .unwrap();
    assert_eq!(both.said, ["Losing", "I do not train"]);
}

#[test]
fn a_waived_question_is_neither_required_nor_counted() {
    assert!(raised_ids(&[("signs", "none"), ("weight", "steady")]).is_empty());
    assert!(raised_ids(&[("signs", "none"), ("weight", "steady"), ("rate", "fast")]).is_empty());
}

#[test]
fn an_unanswered_required_question_gets_its_message() {
    let message = error_for(&[("weight", "losing"), ("rate", "slow")], "signs");
    assert_eq!(message, "Tick any signs you have, or None of these.");
    assert_eq!(
        error_for(&[("signs", "none"), ("weight", "losing")], "rate"),
        "Choose an answer."
    );
}

#[test]
fn none_with_another_box_is_an_error() {
    let message = error_for(
        &[("signs", "none"), ("signs", "fever"), ("weight", "steady")],
        "signs",
    );
    assert!(message.contains("None of these"), "{message}");
}

#[test]
fn a_value_that_is_not_an_option_is_an_error() {
    let message = error_for(&[("signs", "none"), ("weight", "sideways")], "weight");
    assert!(message.contains("not one of the choices"), "{message}");
}

#[test]
fn two_answers_to_a_one_answer_question_is_an_error() {
    let message = error_for(
        &[
            ("signs", "none"),
            ("weight", "losing"),
            ("weight", "steady"),
        ],
        "weight",
    );
    assert_eq!(message, "Choose only one answer.");
}

#[test]
fn fields_that_are_not_questions_are_ignored() {
    assert!(raised_ids(&[("signs", "none"), ("weight", "steady"), ("submit", "x")]).is_empty());
}

/// Any set of valid answers: never a panic, and levels never out of order.
fn valid_answers() -> impl Strategy<Value = Vec<(String, String)>> {
    (
        proptest::sample::subsequence(vec!["chest", "fever"], 0..=2),
        any::<bool>(),
        proptest::sample::select(vec!["slow", "fast"]),
        proptest::sample::subsequence(vec!["no", "hurts"], 0..=2),
    )
        .prop_map(|(signs, losing, rate, training)| {
            let mut pairs: Vec<(String, String)> = if signs.is_empty() {
                vec![("signs".into(), "none".into())]
            } else {
                signs
                    .iter()
                    .map(|s| ("signs".into(), s.to_string()))
                    .collect()
            };
            pairs.push((
                "weight".into(),
                if losing { "losing" } else { "steady" }.into(),
            ));
            pairs.push(("rate".into(), rate.into()));
            pairs.extend(training.iter().map(|t| ("training".into(), t.to_string())));
            pairs
        })
}

proptest! {
    #[test]
    fn valid_answers_always_give_notes_in_order_of_level(given in valid_answers()) {
        let quiz = quiz();
        let notes = evaluate(&quiz, &given.into()).expect("valid answers are accepted");
        let levels: Vec<Level> = notes.iter().map(|n| n.note.level).collect();
        let mut sorted = levels.clone();
        sorted.sort();
        prop_assert_eq!(levels, sorted);
    }

    #[test]
    fn no_calmer_note_stands_beside_an_emergency_or_urgent_outcome(given in valid_answers()) {
        let quiz = quiz();
        let notes = evaluate(&quiz, &given.into()).expect("valid answers are accepted");
        if let Some(top) = notes.first().map(|n| n.note.level).filter(|l| l.goes_on_top()) {
            prop_assert!(notes.iter().all(|n| n.note.level == top));
        }
    }

    #[test]
    fn any_answers_at_all_never_panic(given in proptest::collection::vec(("[a-z]{1,6}", "[a-z]{0,6}"), 0..12), step in 0usize..4) {
        let answers: Answers = given.into_iter().collect();
        let _ = evaluate(&quiz(), &answers);
        let _ = answer_step(&quiz(), &answers, step);
    }
}
