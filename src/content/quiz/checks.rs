//! The rules every quiz keeps, whatever file its parts come from: names a form can carry,
//! options that exist, conditions that name real questions.

use super::{CHANGE_FIELD, Condition, PAGE_FIELD, Question, QuestionKind, STEP_FIELD, Trigger};
use std::collections::HashSet;

/// Problems with the questions, each with the index of the question it is about.
pub(super) fn check_questions(questions: &[Question]) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    let mut seen: Vec<&Question> = Vec::new();
    for (index, q) in questions.iter().enumerate() {
        let mut found = Vec::new();
        let name = &q.name;
        if !is_field_name(name) {
            found.push(format!(
                "question name `{name}` must use only lowercase letters, digits and `_`"
            ));
        }
        if seen.iter().any(|earlier| &earlier.name == name) {
            found.push(format!("question `{name}` is asked twice"));
        }
        if [STEP_FIELD, CHANGE_FIELD, PAGE_FIELD].contains(&name.as_str()) {
            found.push(format!(
                "question name `{name}` is taken by the form itself: choose another"
            ));
        }
        // The printed record of answers lists them under their legends.
        if let Some(twin) = seen.iter().find(|earlier| earlier.legend == q.legend) {
            found.push(format!(
                "questions `{}` and `{name}` have the same legend: a reader could not tell their answers apart",
                twin.name
            ));
        }
        if q.options.len() < 2 {
            found.push(format!("question `{name}` needs at least two options"));
        }
        let mut values = HashSet::new();
        for choice in &q.options {
            if !is_field_name(&choice.value) {
                found.push(format!(
                    "question `{name}`: option value `{}` must use only lowercase letters, digits and `_`",
                    choice.value
                ));
            }
            if !values.insert(&choice.value) {
                found.push(format!(
                    "question `{name}`: option `{}` is listed twice",
                    choice.value
                ));
            }
        }
        if let Some(exclusive) = &q.exclusive {
            if q.kind != QuestionKind::Checkboxes {
                found.push(format!(
                    "question `{name}`: only checkboxes can have an `exclusive` option"
                ));
            }
            if q.choice(exclusive).is_none() {
                found.push(format!(
                    "question `{name}`: exclusive option `{exclusive}` is not one of its options"
                ));
            }
        }
        if let Some(condition) = &q.required_unless {
            match seen.iter().find(|earlier| earlier.name == condition.question) {
                None => found.push(format!(
                    "question `{name}`: `required_unless` must name an earlier question, not `{}`",
                    condition.question
                )),
                Some(earlier) => {
                    found.extend(unknown_values(earlier, condition).map(|value| {
                        format!(
                            "question `{name}`: `required_unless` names `{value}`, which is not an option of `{}`",
                            earlier.name
                        )
                    }))
                }
            }
        }
        problems.extend(found.into_iter().map(|m| (index, m)));
        seen.push(q);
    }
    problems
}

pub(super) fn unknown_values<'a>(
    question: &'a Question,
    condition: &'a Condition,
) -> impl Iterator<Item = &'a String> {
    condition
        .any_of
        .iter()
        .filter(move |value| question.choice(value).is_none())
}

/// Problems with one route to a note: unknown questions or options, or nothing to match.
pub(super) fn check_conditions(
    what: &str,
    trigger: &Trigger,
    questions: &[Question],
) -> Vec<String> {
    let mut problems = Vec::new();
    if trigger.when.is_empty() {
        problems.push(format!("{what}: `when` is empty, so it could never hold"));
    }
    for (key, condition) in trigger
        .when
        .iter()
        .map(|c| ("when", c))
        .chain(trigger.unless.iter().map(|c| ("unless", c)))
    {
        match questions.iter().find(|q| q.name == condition.question) {
            None => problems.push(format!(
                "{what}: `{key}` names question `{}`, which the quiz does not ask",
                condition.question
            )),
            Some(question) => problems.extend(unknown_values(question, condition).map(|value| {
                format!(
                    "{what}: `{key}` names `{value}`, which is not an option of `{}`",
                    question.name
                )
            })),
        }
    }
    problems
}

fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
