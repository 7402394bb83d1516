//! Whether a note can be raised at all: the editor's check that every line of a "When to get
//! help" card has a path through the self-check, at the card's own level.

use super::evaluate::evaluate;
use super::{Answers, Note, Question, QuestionKind, Quiz, Trigger};

/// A full, valid set of answers that raises `note`, if one is found: for each of its routes,
/// the answers it names with calm answers elsewhere, then with one other answer changed.
pub fn answers_raising(quiz: &Quiz, note: &Note) -> Option<Answers> {
    for trigger in &note.triggers {
        let base: Vec<Vec<String>> = quiz
            .questions
            .iter()
            .map(|q| route_answer(q, trigger))
            .collect();
        if raises(quiz, note, &base) {
            return Some(flatten(quiz, &base));
        }
        for (i, question) in quiz.questions.iter().enumerate() {
            if trigger.when.iter().any(|c| c.question == question.name) {
                continue;
            }
            for choice in &question.options {
                let mut tried = base.clone();
                tried[i] = vec![choice.value.clone()];
                if raises(quiz, note, &tried) {
                    return Some(flatten(quiz, &tried));
                }
            }
        }
    }
    None
}

/// The answer the route names for this question, or else a calm one that the route's
/// `unless` does not name: "None of these" where there is one, otherwise the first option.
fn route_answer(question: &Question, trigger: &Trigger) -> Vec<String> {
    let named: Vec<String> = trigger
        .when
        .iter()
        .filter(|c| c.question == question.name)
        .filter_map(|c| c.any_of.first().cloned())
        .collect();
    if !named.is_empty() {
        return match question.kind {
            QuestionKind::Radios => named[..1].to_vec(),
            QuestionKind::Checkboxes => named,
        };
    }
    let held_back = |value: &str| {
        trigger
            .unless
            .iter()
            .any(|c| c.question == question.name && c.any_of.iter().any(|v| v == value))
    };
    let calm = question
        .exclusive
        .iter()
        .chain(question.options.iter().map(|c| &c.value))
        .find(|value| !held_back(value));
    calm.into_iter().cloned().collect()
}

fn flatten(quiz: &Quiz, answers: &[Vec<String>]) -> Answers {
    quiz.questions
        .iter()
        .zip(answers)
        .flat_map(|(q, values)| values.iter().map(|v| (q.name.clone(), v.clone())))
        .collect()
}

fn raises(quiz: &Quiz, note: &Note, answers: &[Vec<String>]) -> bool {
    evaluate(quiz, &flatten(quiz, answers))
        .is_ok_and(|raised| raised.iter().any(|r| r.note.id == note.id))
}
