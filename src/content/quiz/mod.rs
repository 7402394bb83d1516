//! Self-check quizzes: the model the rest of the site reads. Reading and checking a quiz file is
//! [`load`] (the file format in [`spec`], the warning signs and levels of care in [`signs`], the
//! rules any quiz must keep in [`checks`]); evaluating a reader's answers lives in [`evaluate`].

pub mod answers;
mod checks;
pub mod evaluate;
mod load;
mod problems;
pub mod reach;
mod signs;
mod spec;

use crate::content::markdown::Html;
use crate::content::source::Source;
pub use answers::Answers;
pub use load::load_quiz;
use serde::Deserialize;
use std::sync::Arc;

/// A level of care, in the NHS's words: how soon a reader should act on a note or a card line.
/// One vocabulary everywhere: `level` in the content, `data-level` and `level-*` in the pages.
/// The order of the variants is the order notes are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Emergency,
    Urgent,
    NonUrgent,
    Advice,
}

impl Level {
    /// The value of `data-level` and of the `level-*` CSS class.
    pub fn key(self) -> &'static str {
        match self {
            Level::Emergency => "emergency",
            Level::Urgent => "urgent",
            Level::NonUrgent => "non-urgent",
            Level::Advice => "advice",
        }
    }

    /// The visible level name.
    pub fn label(self) -> &'static str {
        match self {
            Level::Emergency => "Emergency",
            Level::Urgent => "Urgent",
            Level::NonUrgent => "See a professional",
            Level::Advice => "Advice",
        }
    }

    /// What a screen reader announces before the note, as NHS care cards do.
    pub fn spoken_prefix(self) -> &'static str {
        match self {
            Level::Emergency => "Emergency advice:",
            Level::Urgent => "Urgent advice:",
            Level::NonUrgent => "Non-urgent advice:",
            Level::Advice => "General advice:",
        }
    }

    /// Emergency and urgent notes go at the top of the page; the rest beside their section.
    pub fn goes_on_top(self) -> bool {
        matches!(self, Level::Emergency | Level::Urgent)
    }

    /// The levels that have a "When to get help" card, most serious first.
    pub const CARDS: [Level; 3] = [Level::Emergency, Level::Urgent, Level::NonUrgent];
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
    /// A line under the label for its qualifiers ("now, or in the last 12 hours"), as GOV.UK
    /// checkbox and radio items have.
    #[serde(default)]
    pub hint: Option<String>,
}

/// Options shown together under a short heading ("Chest and breathing"): a range of the
/// question's `options`.
#[derive(Debug, Clone)]
pub struct ChoiceGroup {
    pub heading: String,
    pub options: std::ops::Range<usize>,
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
    /// Headings over runs of options; options in no group are shown after them (the warning
    /// signs' "None of these"). Only the warning-sign question has groups.
    #[serde(skip)]
    pub groups: Vec<ChoiceGroup>,
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

    /// Every word a reader reads in the question: legend, hints, group headings and labels.
    pub fn words(&self) -> usize {
        let count = |text: &str| text.split_whitespace().count();
        count(&self.legend)
            + self.hint.as_deref().map_or(0, count)
            + self.groups.iter().map(|g| count(&g.heading)).sum::<usize>()
            + (self.options.iter())
                .map(|c| count(&c.label) + c.hint.as_deref().map_or(0, count))
                .sum::<usize>()
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

/// One route to a note: every `when` condition holds and no `unless` condition does.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    pub when: Vec<Condition>,
    #[serde(default)]
    pub unless: Vec<Condition>,
}

/// A caution note ready to show.
#[derive(Debug, Clone)]
pub struct Note {
    pub id: String,
    pub level: Level,
    /// The id of the `##` section it is shown beside; `None` for notes shown at the top.
    pub section: Option<String>,
    pub title: String,
    /// For emergency and urgent notes, the level's action comes first.
    pub body: Html,
    /// What supports the note, never empty.
    pub sources: Vec<Arc<Source>>,
    pub card: Option<String>,
    /// The note is raised when any of these holds.
    pub triggers: Vec<Trigger>,
    /// What the note advises on, and the topics it keeps off the page when raised (its own
    /// and its level's).
    pub topics: Vec<String>,
    pub holds_back: Vec<String>,
    /// Where the note falls in the article (its section's index, then its place in the file),
    /// so that notes of one level are shown in reading order.
    pub place: (usize, usize),
    /// Where it is written, for the editor's check: its file and the line of its `id`.
    pub file: String,
    pub line: Option<usize>,
}

/// A figure shown beside the "When to get help" cards.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareFigure {
    pub src: String,
    pub alt: String,
    pub caption: String,
}

/// A warning sign as the hazard log lists it: the option a reader ticks in the warning-sign
/// question, the level it raises, and the wording it follows. Its note is `note` in the quiz.
#[derive(Debug, Clone)]
pub struct Sign {
    /// The option's value in the warning-sign question.
    pub option: String,
    pub level: Level,
    pub label: String,
    pub hint: Option<String>,
    /// The heading of the group it is shown under.
    pub group: String,
    /// The id of the note it raises.
    pub note: String,
    /// The NHS or NICE wording the sign follows, quoted.
    pub follows: Option<String>,
    /// Where and why the label differs from that wording.
    pub deviation: Option<String>,
    /// The ids of the sources behind its note.
    pub sources: Vec<String>,
    /// Where it is written: its file and the line of its `option`.
    pub file: String,
    pub line: Option<usize>,
}

/// One page of the check: its heading and the questions it asks (a range of `Quiz::questions`).
#[derive(Debug, Clone)]
pub struct Step {
    pub heading: String,
    pub questions: std::ops::Range<usize>,
}

/// The result's opening card: the action for the most serious level raised.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `emergency`, `urgent`, `non-urgent`, `advice` or `none`: `data-outcome` and the colour.
    pub key: &'static str,
    pub level: Option<Level>,
    pub heading: String,
    pub action: Html,
}

/// One card of an article's "When to get help" section.
#[derive(Debug, Clone)]
pub struct CareCard {
    pub level: Level,
    pub heading: String,
    /// The card lines, each from the note (or warning sign) that a reader raises for it.
    pub signs: Vec<CardLine>,
    pub action: Html,
}

/// One line of a "When to get help" card: a warning sign's label and hint, or a note's `card`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardLine {
    pub text: String,
    pub hint: Option<String>,
}

/// A quiz, includes resolved and every rule checked against its article.
#[derive(Debug, Clone)]
pub struct Quiz {
    pub intro: Option<String>,
    /// In the order asked: the first step's questions, then the next step's.
    pub questions: Vec<Question>,
    pub steps: Vec<Step>,
    pub notes: Vec<Note>,
    /// Emergency, urgent and non-urgent cards, in that order.
    pub care: Vec<CareCard>,
    pub care_figure: Option<CareFigure>,
    /// The result's opening card for each level, most serious first, then self-care.
    pub outcomes: Vec<Outcome>,
    /// The name of the one question that asks the warning signs, in the first step.
    pub sign_question: Option<String>,
    /// Its options, each a warning sign, in the order asked.
    pub signs: Vec<Sign>,
}

/// The form field that says which step a reader answered; no question may take its name.
pub const STEP_FIELD: &str = "step";

/// The form field a result page sends to go back to the questions, every answer kept.
pub const CHANGE_FIELD: &str = "change";

/// The form field the article's own form sends (`page=article`): a result reached from it has
/// the article, which Back can show again, before it; one reached from a step page does not.
pub const PAGE_FIELD: &str = "page";

/// The largest set of answers, as a form body, the server accepts. The largest full set a real
/// self-check can send is about 1.1 KiB; `backwise check` refuses a self-check whose largest set
/// would not fit.
pub const MAX_FORM_BYTES: usize = 8 * 1024;

impl Quiz {
    pub fn question(&self, name: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.name == name)
    }

    pub fn step_questions(&self, step: usize) -> &[Question] {
        self.steps
            .get(step)
            .map_or(&[], |s| &self.questions[s.questions.clone()])
    }

    /// The opening card of a result whose most serious note is `level` (`None`: no note).
    pub fn outcome(&self, level: Option<Level>) -> &Outcome {
        let self_care = self
            .outcomes
            .last()
            .expect("a quiz has a self-care outcome");
        match level {
            Some(level) if level != Level::Advice => self
                .outcomes
                .iter()
                .find(|o| o.level == Some(level))
                .unwrap_or(self_care),
            _ => self_care,
        }
    }

    /// Every word a reader with no warning sign reads in the form (the calm path, through every
    /// step): legends, hints, group headings and labels.
    pub fn words_to_read(&self) -> usize {
        self.questions.iter().map(Question::words).sum()
    }

    /// The words to read in one step.
    pub fn step_words(&self, step: usize) -> usize {
        self.step_questions(step).iter().map(Question::words).sum()
    }

    /// The warning sign a value of the sign question stands for.
    pub fn sign(&self, option: &str) -> Option<&Sign> {
        self.signs.iter().find(|s| s.option == option)
    }

    /// About how long the whole check takes: reading at 200 words a minute and 3 seconds a
    /// question, in whole minutes.
    pub fn minutes_to_answer(&self) -> usize {
        let seconds = self.words_to_read() * 3 / 10 + self.questions.len() * 3;
        seconds.div_ceil(60).max(1)
    }
}
