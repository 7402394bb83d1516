//! The quiz file format: what a `.quiz.toml` file and the files it includes may hold, as serde
//! reads them. Turning these into a [`Quiz`](super::Quiz) is [`load`](super::load)'s job.

use super::{CareFigure, Condition, Level, Question, Trigger};
use serde::Deserialize;

/// One file of a quiz: the quiz itself, or a file it includes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuizFile {
    #[serde(default)]
    pub include: Vec<String>,
    pub intro: Option<String>,
    pub levels: Option<Levels>,
    /// Set with the levels of care, in the same file.
    pub care_figure: Option<CareFigure>,
    /// The one checkbox question that asks every warning sign; set with the levels of care.
    pub sign_question: Option<SignQuestionSpec>,
    /// The headings the signs are shown under, in order; set with the levels of care.
    #[serde(default)]
    pub groups: Vec<GroupSpec>,
    /// Warning signs: the levels' file has those every quiz asks, a quiz file its own.
    #[serde(default)]
    pub signs: Vec<SignSpec>,
    #[serde(default)]
    pub questions: Vec<Question>,
    #[serde(default)]
    pub notes: Vec<NoteSpec>,
    #[serde(default)]
    pub triggers: Vec<TriggerSpec>,
    /// The questions asked on each page of the check, warning signs first. Without it, one page.
    #[serde(default)]
    pub steps: Vec<StepSpec>,
}

/// A caution note as written in the quiz file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoteSpec {
    pub id: String,
    pub level: Level,
    pub section: Option<String>,
    pub title: String,
    pub body: String,
    /// The ids of the sources, in `sources.toml`, that support what the note says: one, or a
    /// list when its sentences rest on different sources.
    pub source: SourceIds,
    /// The line for the "When to get help" card of the note's level, if it has one.
    pub card: Option<String>,
    pub when: Vec<Condition>,
    #[serde(default)]
    pub unless: Vec<Condition>,
    /// What the note advises on (`exercise`, `dieting`): a raised note that holds back one of
    /// these topics keeps it off the page.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Topics whose advice would contradict this note ("avoid hard exercise until checked").
    #[serde(default)]
    pub holds_back: Vec<String>,
}

/// `source = "id"` or `source = ["id", "id"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum SourceIds {
    One(String),
    Many(Vec<String>),
}

impl SourceIds {
    pub fn ids(&self) -> &[String] {
        match self {
            SourceIds::One(id) => std::slice::from_ref(id),
            SourceIds::Many(ids) => ids,
        }
    }
}

/// `[[triggers]]`: another route to a note written elsewhere, so that it is written once.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TriggerSpec {
    pub note: String,
    #[serde(flatten)]
    pub trigger: Trigger,
}

/// How one level of care is shown: its "When to get help" card and the result's outcome.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LevelSpec {
    pub card_heading: String,
    /// The result's heading when this is the most serious level raised ("Call 999 now").
    pub outcome: String,
    /// What to do, in Markdown: under the card, and in the result's outcome card.
    pub action: String,
    /// Topics every note of this level holds back: nothing else matters beside a 999 call.
    #[serde(default)]
    pub holds_back: Vec<String>,
}

/// The result when no note above advice is raised: looking after it yourself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SelfCareSpec {
    pub outcome: String,
    pub action: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Levels {
    pub emergency: LevelSpec,
    pub urgent: LevelSpec,
    #[serde(rename = "non-urgent")]
    pub non_urgent: LevelSpec,
    #[serde(rename = "self-care")]
    pub self_care: SelfCareSpec,
}

impl Levels {
    pub fn get(&self, level: Level) -> Option<&LevelSpec> {
        match level {
            Level::Emergency => Some(&self.emergency),
            Level::Urgent => Some(&self.urgent),
            Level::NonUrgent => Some(&self.non_urgent),
            Level::Advice => None,
        }
    }
}

/// `[sign_question]`: the one checkbox question whose options are the warning signs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SignQuestionSpec {
    pub name: String,
    pub legend: String,
    pub hint: Option<String>,
    /// Shown when the question is left unanswered.
    pub error: String,
    /// The label of the last option, which cannot be ticked with a sign (value `none`).
    #[serde(default = "none_of_these")]
    pub none: String,
}

fn none_of_these() -> String {
    "None of these".into()
}

/// `[[groups]]`: a short heading the signs are shown under ("Chest and breathing").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GroupSpec {
    pub id: String,
    pub heading: String,
}

/// A warning sign, written once: the box a reader ticks (a short label and a hint line for its
/// qualifiers), the card line, the wording it follows, and its note.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SignSpec {
    /// The `id` of the group it is shown in.
    pub group: String,
    pub level: Level,
    pub option: String,
    pub label: String,
    pub hint: Option<String>,
    /// The NHS or NICE wording the sign follows, quoted: the hazard log lists it.
    pub follows: Option<String>,
    /// Where and why the label differs from that wording.
    pub deviation: Option<String>,
    pub id: String,
    pub title: String,
    pub body: String,
    pub source: SourceIds,
    /// For a non-urgent sign: the `##` section its note is shown beside.
    pub section: Option<String>,
    /// Other answers that keep the sign's note from being raised.
    #[serde(default)]
    pub unless: Vec<Condition>,
    #[serde(default)]
    pub holds_back: Vec<String>,
}

/// `[[steps]]`: one page of the check, and the questions it asks, in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StepSpec {
    pub heading: String,
    pub questions: Vec<String>,
}
