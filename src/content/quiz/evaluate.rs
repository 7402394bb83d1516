//! From a reader's answers to the notes they should see, or to the mistakes in the form.
//! A pure function: no web types, nothing stored, nothing logged.

use super::{Answers, Condition, Note, Question, QuestionKind, Quiz, Trigger};

/// A note the answers called for, with the answers that led to it ("You said: ...").
#[derive(Debug, Clone)]
pub struct RaisedNote<'q> {
    pub note: &'q Note,
    pub said: Vec<&'q str>,
}

/// A mistake in one question's answer, shown beside it and in the error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub question: String,
    pub message: String,
}

/// What a reader sees after answering one step of the check.
#[derive(Debug)]
pub enum StepResult<'q> {
    /// The result: the notes raised, most serious first (maybe none).
    Result(Vec<RaisedNote<'q>>),
    /// No warning sign so far and this step is answered: ask the next one (its index).
    Next(usize),
    /// Mistakes in this step (or an earlier one), and no emergency or urgent note raised.
    Mistakes {
        step: usize,
        errors: Vec<FieldError>,
    },
}

/// The answers to step `step` (and the steps before it, carried in the form). A warning sign
/// always wins: whatever else is missing, invalid or contradictory, any emergency or urgent
/// note the answers raise gives the result at once. Only a step with no such note can show
/// mistakes, and only a fully answered step leads on to the next.
pub fn answer_step<'q>(quiz: &'q Quiz, answers: &Answers, step: usize) -> StepResult<'q> {
    let raised = raise_notes(quiz, answers);
    if raised.iter().any(|r| r.note.level.goes_on_top()) {
        return StepResult::Result(raised);
    }
    let last = quiz.steps.len().saturating_sub(1);
    let step = step.min(last);
    for earlier in 0..=step {
        let errors = step_errors(quiz, answers, earlier);
        if !errors.is_empty() {
            return StepResult::Mistakes {
                step: earlier,
                errors,
            };
        }
    }
    if step < last {
        StepResult::Next(step + 1)
    } else {
        StepResult::Result(raised)
    }
}

/// The whole check at once: the mistakes in every step, or the notes raised. A full answer set
/// (as the editor's check and the tests send) gives the same notes as answering step by step.
pub fn evaluate<'q>(
    quiz: &'q Quiz,
    answers: &Answers,
) -> Result<Vec<RaisedNote<'q>>, Vec<FieldError>> {
    let errors: Vec<FieldError> = (0..quiz.steps.len())
        .flat_map(|step| step_errors(quiz, answers, step))
        .collect();
    if errors.is_empty() {
        Ok(raise_notes(quiz, answers))
    } else {
        Err(errors)
    }
}

/// The mistakes in one step's answers, in question order.
fn step_errors(quiz: &Quiz, answers: &Answers, step: usize) -> Vec<FieldError> {
    quiz.step_questions(step)
        .iter()
        .filter_map(|question| {
            check_answer(question, answers)
                .err()
                .map(|message| FieldError {
                    question: question.name.clone(),
                    message,
                })
        })
        .collect()
}

/// The notes the answers call for, most serious first, then in reading order. Only answers
/// that are options count, so a bad value or a missing answer never stops a warning sign. A
/// raised note's held-back topics keep contradicting advice off the page ("add weight" beside
/// "avoid hard exercise until checked").
fn raise_notes<'q>(quiz: &'q Quiz, answers: &Answers) -> Vec<RaisedNote<'q>> {
    let raised: Vec<RaisedNote> = quiz
        .notes
        .iter()
        .filter_map(|note| raise(quiz, note, answers))
        .collect();
    let held_back: Vec<&str> = raised
        .iter()
        .flat_map(|r| r.note.holds_back.iter().map(String::as_str))
        .collect();
    let mut shown: Vec<RaisedNote> = raised
        .into_iter()
        .filter(|r| {
            !r.note
                .topics
                .iter()
                .any(|t| held_back.contains(&t.as_str()))
        })
        .collect();
    shown.sort_by_key(|r| (r.note.level, r.note.place));
    shown
}

/// Whether a question is set aside because of an earlier answer ("ignored" in the quiz file).
fn is_waived(question: &Question, answers: &Answers) -> bool {
    question.required_unless.as_ref().is_some_and(|condition| {
        answers
            .values(&condition.question)
            .any(|v| condition.any_of.iter().any(|a| a == v))
    })
}

fn check_answer(question: &Question, answers: &Answers) -> Result<(), String> {
    let values: Vec<&str> = answers.values(&question.name).collect();
    if values.iter().any(|v| question.choice(v).is_none()) {
        return Err(
            "That answer is not one of the choices. Choose from the answers listed.".into(),
        );
    }
    if question.kind == QuestionKind::Radios && values.len() > 1 {
        return Err("Choose only one answer.".into());
    }
    if let Some(exclusive) = &question.exclusive
        && values.contains(&exclusive.as_str())
        && values.iter().any(|v| v != exclusive)
    {
        let label = question.choice(exclusive).map_or("None", |c| &c.label);
        return Err(format!(
            "\u{201c}{label}\u{201d} cannot be ticked with another box. Untick one of them."
        ));
    }
    let waived = is_waived(question, answers);
    if values.is_empty() && question.required && !waived {
        return Err(question.missing_message().to_string());
    }
    Ok(())
}

/// The note, with what the reader said, when any of its routes holds. Each answer that led to
/// it is named once, however many routes it took part in.
fn raise<'q>(quiz: &'q Quiz, note: &'q Note, answers: &Answers) -> Option<RaisedNote<'q>> {
    let mut said: Vec<&'q str> = Vec::new();
    let mut raised = false;
    for trigger in &note.triggers {
        // Most routes name no answer given: a look that allocates nothing rules them out first.
        let named = |c: &Condition| {
            answers
                .values(&c.question)
                .any(|v| c.any_of.iter().any(|a| a == v))
        };
        if !trigger.when.iter().all(named) {
            continue;
        }
        if let Some(labels) = holds(quiz, trigger, answers) {
            raised = true;
            for label in labels {
                if !said.contains(&label) {
                    said.push(label);
                }
            }
        }
    }
    raised.then_some(RaisedNote { note, said })
}

/// The labels of the answers that make a route hold, or `None` when it does not.
fn holds<'q>(quiz: &'q Quiz, trigger: &Trigger, answers: &Answers) -> Option<Vec<&'q str>> {
    let mut said = Vec::new();
    for condition in &trigger.when {
        let matching = matching_labels(quiz, condition, answers)?;
        if matching.is_empty() {
            return None;
        }
        said.extend(matching);
    }
    let blocked = trigger
        .unless
        .iter()
        .any(|condition| matching_labels(quiz, condition, answers).is_some_and(|m| !m.is_empty()));
    (!blocked).then_some(said)
}

/// The labels of the answers given that the condition names; `None` when its question is set
/// aside by an earlier answer (or not asked).
fn matching_labels<'q>(
    quiz: &'q Quiz,
    condition: &Condition,
    answers: &Answers,
) -> Option<Vec<&'q str>> {
    let question = quiz.question(&condition.question)?;
    if is_waived(question, answers) {
        return None;
    }
    Some(
        question
            .options
            .iter()
            .filter(|choice| condition.any_of.contains(&choice.value))
            .filter(|choice| answers.values(&question.name).any(|v| v == choice.value))
            .map(|choice| choice.label.as_str())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
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
unless = [{ question = "signs", any_of = ["chest"] }]

[[triggers]]
note = "fever"
when = [{ question = "weight", any_of = ["losing"] }, { question = "rate", any_of = ["fast"] }]

[[notes]]
id = "losing-with-fever"
level = "advice"
section = "two"
title = "Both"
body = "Both."
source = "nhs"
when = [{ question = "weight", any_of = ["losing"] }, { question = "signs", any_of = ["fever"] }]

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
        load_quiz("t.quiz.toml", QUIZ, &|_| None, &["one", "two"], &sources)
            .expect("test quiz loads")
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
        assert!(
            raised_ids(&[("signs", "none"), ("weight", "losing"), ("rate", "slow")]).is_empty()
        );
    }

    #[test]
    fn notes_come_most_serious_first() {
        let ids = raised_ids(&[
            ("signs", "fever"),
            ("signs", "chest"),
            ("weight", "losing"),
            ("rate", "fast"),
        ]);
        assert_eq!(ids, ["chest", "fever", "losing-with-fever"]);
    }

    #[test]
    fn an_unless_answer_holds_a_note_back() {
        let calm = [("signs", "none"), ("weight", "losing"), ("rate", "fast")];
        assert!(raised_ids(&calm).contains(&"fast".to_string()));
        let with_chest = [("signs", "chest"), ("weight", "losing"), ("rate", "fast")];
        assert!(!raised_ids(&with_chest).contains(&"fast".to_string()));
    }

    #[test]
    fn a_note_with_two_routes_is_raised_once_naming_both() {
        let quiz = quiz();
        let given = answers(&[("signs", "fever"), ("weight", "losing"), ("rate", "fast")]);
        let notes = evaluate(&quiz, &given).unwrap();
        let fever: Vec<_> = notes.iter().filter(|n| n.note.id == "fever").collect();
        assert_eq!(fever.len(), 1);
        assert_eq!(fever[0].said, ["Fever", "Losing", "Fast"]);
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
        let given = answers(&[("signs", "fever"), ("weight", "losing"), ("rate", "slow")]);
        let notes = evaluate(&quiz, &given).unwrap();
        let both = notes
            .iter()
            .find(|n| n.note.id == "losing-with-fever")
            .unwrap();
        assert_eq!(both.said, ["Losing", "Fever"]);
    }

    #[test]
    fn a_waived_question_is_neither_required_nor_counted() {
        assert!(raised_ids(&[("signs", "none"), ("weight", "steady")]).is_empty());
        assert!(
            raised_ids(&[("signs", "none"), ("weight", "steady"), ("rate", "fast")]).is_empty()
        );
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
        )
            .prop_map(|(signs, losing, rate)| {
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
        fn any_answers_at_all_never_panic(given in proptest::collection::vec(("[a-z]{1,6}", "[a-z]{0,6}"), 0..12), step in 0usize..4) {
            let answers: Answers = given.into_iter().collect();
            let _ = evaluate(&quiz(), &answers);
            let _ = answer_step(&quiz(), &answers, step);
        }
    }
}
