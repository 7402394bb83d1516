//! Self-check quizzes: the model read from `<article>.quiz.toml`, and the checks that stop a
//! broken quiz at start-up. Evaluating a reader's answers lives in [`evaluate`].

pub mod evaluate;

use crate::content::{ContentError, Source, check_source};
use crate::markdown::{self, Html};
use serde::Deserialize;
use std::collections::HashSet;

/// How serious a note is. The order of the variants is the order notes are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Emergency,
    Urgent,
    NonUrgent,
    Advice,
}

impl Severity {
    /// The value of `data-severity` and of the CSS class.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Emergency => "emergency",
            Severity::Urgent => "urgent",
            Severity::NonUrgent => "non-urgent",
            Severity::Advice => "advice",
        }
    }

    /// The visible level name.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Emergency => "Emergency",
            Severity::Urgent => "Urgent",
            Severity::NonUrgent => "See a professional",
            Severity::Advice => "Advice",
        }
    }

    /// What a screen reader announces before the note, as NHS care cards do.
    pub fn spoken_prefix(self) -> &'static str {
        match self {
            Severity::Emergency => "Emergency advice:",
            Severity::Urgent => "Urgent advice:",
            Severity::NonUrgent => "Non-urgent advice:",
            Severity::Advice => "General advice:",
        }
    }

    /// Emergency and urgent notes go at the top of the page; the rest beside their section.
    pub fn goes_on_top(self) -> bool {
        matches!(self, Severity::Emergency | Severity::Urgent)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// One answer.
    Radios,
    /// Any number of answers.
    Checkboxes,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// "The answer to `question` is one of `any_of`."
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub question: String,
    pub any_of: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    pub legend: String,
    pub hint: Option<String>,
    /// Shown when a required question is left unanswered.
    pub error: Option<String>,
    #[serde(default = "yes")]
    pub required: bool,
    /// A checkbox option ("None of these") that cannot be ticked with another.
    pub exclusive: Option<String>,
    /// When this earlier answer was given, the question is not required and is ignored.
    pub required_unless: Option<Condition>,
    pub options: Vec<Choice>,
}

fn yes() -> bool {
    true
}

impl Question {
    pub fn choice(&self, value: &str) -> Option<&Choice> {
        self.options.iter().find(|c| c.value == value)
    }

    /// The message for an unanswered required question.
    pub fn missing_message(&self) -> &str {
        match (&self.error, self.kind) {
            (Some(message), _) => message,
            (None, QuestionKind::Radios) => "Choose an answer.",
            (None, QuestionKind::Checkboxes) => "Tick at least one box.",
        }
    }

    /// The id of the first input, which error links point at.
    pub fn first_input_id(&self) -> String {
        self.options
            .first()
            .map(|c| input_id(&self.name, &c.value))
            .unwrap_or_else(|| self.name.clone())
    }
}

/// The id of one option's input element.
pub fn input_id(question: &str, value: &str) -> String {
    format!("q-{question}-{value}")
}

/// A caution note as written in the quiz file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteSpec {
    id: String,
    severity: Severity,
    section: Option<String>,
    title: String,
    body: String,
    source: Source,
    when: Vec<Condition>,
}

/// A caution note ready to show.
#[derive(Debug, Clone)]
pub struct Note {
    pub id: String,
    pub severity: Severity,
    /// The id of the `##` section it is shown beside; `None` for notes shown at the top.
    pub section: Option<String>,
    pub title: String,
    pub body: Html,
    pub source: Source,
    pub when: Vec<Condition>,
    /// Where the note falls in the article (its section's index, then its place in the file),
    /// so that notes of one level are shown in reading order.
    pub place: (usize, usize),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizFile {
    #[serde(default)]
    include: Vec<String>,
    intro: Option<String>,
    #[serde(default)]
    questions: Vec<Question>,
    #[serde(default)]
    notes: Vec<NoteSpec>,
}

/// A quiz, includes resolved and every rule checked against its article.
#[derive(Debug, Clone)]
pub struct Quiz {
    pub intro: Option<String>,
    pub questions: Vec<Question>,
    pub notes: Vec<Note>,
}

impl Quiz {
    pub fn question(&self, name: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.name == name)
    }
}

/// Parses a quiz file and its includes (`read_include` gives an included file's text) and checks
/// it against the ids of the article's sections. Every problem found is returned, each naming
/// the file it is in.
pub fn load_quiz(
    file: &str,
    text: &str,
    read_include: &dyn Fn(&str) -> Option<String>,
    section_ids: &[&str],
) -> Result<Quiz, Vec<ContentError>> {
    let main = parse_file(file, text)?;
    let mut questions = Vec::new();
    let mut specs = Vec::new();
    let mut errors = Vec::new();
    for name in &main.include {
        let Some(included_text) = read_include(name) else {
            errors.push(ContentError::new(
                file,
                None,
                format!("included file `{name}` does not exist"),
            ));
            continue;
        };
        match parse_file(name, &included_text) {
            Ok(included) if !included.include.is_empty() || included.intro.is_some() => {
                errors.push(ContentError::new(
                    name,
                    None,
                    "an included file holds only questions and notes (no `include` or `intro`)",
                ));
            }
            Ok(included) => {
                questions.extend(included.questions);
                specs.extend(included.notes.into_iter().map(|n| (name.clone(), n)));
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    questions.extend(main.questions);
    specs.extend(main.notes.into_iter().map(|n| (file.to_string(), n)));
    if !errors.is_empty() {
        return Err(errors);
    }

    let problems = check_questions(&questions);
    errors.extend(
        problems
            .into_iter()
            .map(|m| ContentError::new(file, None, m)),
    );
    let mut notes = Vec::new();
    let mut note_ids = HashSet::new();
    for (index, (note_file, spec)) in specs.into_iter().enumerate() {
        if !note_ids.insert(spec.id.clone()) {
            let message = format!("note id `{}` is used twice", spec.id);
            errors.push(ContentError::new(&note_file, None, message));
        }
        match build_note(spec, index, &questions, section_ids) {
            Ok(note) => notes.push(note),
            Err(problems) => errors.extend(
                problems
                    .into_iter()
                    .map(|m| ContentError::new(&note_file, None, m)),
            ),
        }
    }
    if errors.is_empty() {
        Ok(Quiz {
            intro: main.intro,
            questions,
            notes,
        })
    } else {
        Err(errors)
    }
}

fn parse_file(file: &str, text: &str) -> Result<QuizFile, Vec<ContentError>> {
    toml::from_str(text).map_err(|e| vec![ContentError::from_toml(file, text, 0, &e)])
}

fn check_questions(questions: &[Question]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: Vec<&Question> = Vec::new();
    for q in questions {
        let name = &q.name;
        if !is_field_name(name) {
            problems.push(format!(
                "question name `{name}` must use only lowercase letters, digits and `_`"
            ));
        }
        if seen.iter().any(|earlier| &earlier.name == name) {
            problems.push(format!("question `{name}` is asked twice"));
        }
        // The printed record of answers lists them under their legends.
        if let Some(twin) = seen.iter().find(|earlier| earlier.legend == q.legend) {
            problems.push(format!(
                "questions `{}` and `{name}` have the same legend: a reader could not tell their answers apart",
                twin.name
            ));
        }
        if q.options.len() < 2 {
            problems.push(format!("question `{name}` needs at least two options"));
        }
        let mut values = HashSet::new();
        for choice in &q.options {
            if !is_field_name(&choice.value) {
                problems.push(format!(
                    "question `{name}`: option value `{}` must use only lowercase letters, digits and `_`",
                    choice.value
                ));
            }
            if !values.insert(&choice.value) {
                problems.push(format!(
                    "question `{name}`: option `{}` is listed twice",
                    choice.value
                ));
            }
        }
        if let Some(exclusive) = &q.exclusive {
            if q.kind != QuestionKind::Checkboxes {
                problems.push(format!(
                    "question `{name}`: only checkboxes can have an `exclusive` option"
                ));
            }
            if q.choice(exclusive).is_none() {
                problems.push(format!(
                    "question `{name}`: exclusive option `{exclusive}` is not one of its options"
                ));
            }
        }
        if let Some(condition) = &q.required_unless {
            match seen.iter().find(|earlier| earlier.name == condition.question) {
                None => problems.push(format!(
                    "question `{name}`: `required_unless` must name an earlier question, not `{}`",
                    condition.question
                )),
                Some(earlier) => {
                    problems.extend(unknown_values(earlier, condition).map(|value| {
                        format!(
                            "question `{name}`: `required_unless` names `{value}`, which is not an option of `{}`",
                            earlier.name
                        )
                    }))
                }
            }
        }
        seen.push(q);
    }
    problems
}

fn unknown_values<'a>(
    question: &'a Question,
    condition: &'a Condition,
) -> impl Iterator<Item = &'a String> {
    condition
        .any_of
        .iter()
        .filter(move |value| question.choice(value).is_none())
}

fn build_note(
    spec: NoteSpec,
    index: usize,
    questions: &[Question],
    section_ids: &[&str],
) -> Result<Note, Vec<String>> {
    let id = &spec.id;
    let mut problems = Vec::new();
    if !markdown::is_plain_id(id) {
        problems.push(format!(
            "note id `{id}` must use only lowercase letters, digits and hyphens"
        ));
    }
    if spec.when.is_empty() {
        problems.push(format!(
            "note `{id}`: `when` is empty, so the note could never be shown"
        ));
    }
    for condition in &spec.when {
        match questions.iter().find(|q| q.name == condition.question) {
            None => problems.push(format!(
                "note `{id}`: `when` names question `{}`, which the quiz does not ask",
                condition.question
            )),
            Some(question) => problems.extend(unknown_values(question, condition).map(|value| {
                format!(
                    "note `{id}`: `when` names `{value}`, which is not an option of `{}`",
                    question.name
                )
            })),
        }
    }
    let section_index = match (&spec.section, spec.severity.goes_on_top()) {
        (Some(section), true) => {
            problems.push(format!(
                "note `{id}`: {} notes are shown at the top of the page, so they take no `section` (found `{section}`)",
                spec.severity.key()
            ));
            None
        }
        (None, false) => {
            problems.push(format!(
                "note `{id}`: {} notes need a `section`: the id of the `##` heading they are shown beside",
                spec.severity.key()
            ));
            None
        }
        (None, true) => None,
        (Some(section), false) => {
            let found = section_ids.iter().position(|s| s == section);
            if found.is_none() {
                problems.push(format!(
                    "note `{id}`: section `{section}` is not a `##` heading of the article (it has: {})",
                    section_ids.join(", ")
                ));
            }
            found
        }
    };
    if let Err(message) = check_source(&spec.source) {
        problems.push(format!("note `{id}`: {message}"));
    }
    let body = markdown::render_fragment(&spec.body).map_err(|found| {
        found
            .into_iter()
            .map(|p| format!("note `{id}`: body line {}: {}", p.line, p.message))
            .collect::<Vec<_>>()
    });
    match body {
        Err(mut found) => problems.append(&mut found),
        Ok(_) if !problems.is_empty() => {}
        Ok(body) => {
            return Ok(Note {
                place: (section_index.unwrap_or(0), index),
                id: spec.id,
                severity: spec.severity,
                section: spec.section,
                title: spec.title,
                body,
                source: spec.source,
                when: spec.when,
            });
        }
    }
    Err(problems)
}

fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
