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
/// "avoid hard exercise until checked"), and an emergency or urgent outcome stands alone with
/// the notes of its own level.
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
    // Beside "Call 999" or "Get an appointment today", a note of a calmer level would advise a
    // slower route or reassure about timing: only notes of the outcome's own level stand.
    // What the reader said is kept on the page whole, and they can check again once seen.
    if let Some(top) = shown.first().map(|r| r.note.level)
        && top.goes_on_top()
    {
        shown.retain(|r| r.note.level == top);
    }
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
#[path = "evaluate_tests.rs"]
mod tests;
