//! Reading a quiz file and the files it includes, into a [`Quiz`] checked against its article:
//! every problem found is returned, each naming its file and line.

use super::checks::{check_conditions, check_questions};
use super::{
    CareCard, CareFigure, Choice, Condition, Level, Note, Outcome, Question, QuestionKind, Quiz,
    Step, Trigger,
};
use crate::content::markdown;
use crate::content::problem::{ContentError, Lines, Lookup, did_you_mean};
use crate::content::source::SourceCheck;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// A caution note as written in the quiz file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteSpec {
    id: String,
    level: Level,
    section: Option<String>,
    title: String,
    body: String,
    /// The ids of the sources, in `sources.toml`, that support what the note says: one, or a
    /// list when its sentences rest on different sources.
    source: SourceIds,
    /// The line for the "When to get help" card of the note's level, if it has one.
    card: Option<String>,
    when: Vec<Condition>,
    #[serde(default)]
    unless: Vec<Condition>,
    /// What the note advises on (`exercise`, `dieting`): a raised note that holds back one of
    /// these topics keeps it off the page.
    #[serde(default)]
    topics: Vec<String>,
    /// Topics whose advice would contradict this note ("avoid hard exercise until checked").
    #[serde(default)]
    holds_back: Vec<String>,
}

/// `source = "id"` or `source = ["id", "id"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum SourceIds {
    One(String),
    Many(Vec<String>),
}

impl SourceIds {
    fn ids(&self) -> &[String] {
        match self {
            SourceIds::One(id) => std::slice::from_ref(id),
            SourceIds::Many(ids) => ids,
        }
    }
}

/// `[[triggers]]`: another route to a note written elsewhere, so that it is written once.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerSpec {
    note: String,
    #[serde(flatten)]
    trigger: Trigger,
}

/// How one level of care is asked about (emergency and urgent) and shown in its card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelSpec {
    /// The checkbox question that asks for this level's signs.
    question: Option<String>,
    legend: Option<String>,
    hint: Option<String>,
    error: Option<String>,
    card_heading: String,
    /// The result's heading when this is the most serious level raised ("Call 999 now").
    outcome: String,
    /// What to do, in Markdown: under the card, and in the result's outcome card.
    action: String,
    /// Topics every note of this level holds back: nothing else matters beside a 999 call.
    #[serde(default)]
    holds_back: Vec<String>,
}

/// The result when no note above advice is raised: looking after it yourself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SelfCareSpec {
    outcome: String,
    action: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Levels {
    emergency: LevelSpec,
    urgent: LevelSpec,
    #[serde(rename = "non-urgent")]
    non_urgent: LevelSpec,
    #[serde(rename = "self-care")]
    self_care: SelfCareSpec,
}

impl Levels {
    fn get(&self, level: Level) -> Option<&LevelSpec> {
        match level {
            Level::Emergency => Some(&self.emergency),
            Level::Urgent => Some(&self.urgent),
            Level::NonUrgent => Some(&self.non_urgent),
            Level::Advice => None,
        }
    }
}

/// A warning sign, written once: the box a reader ticks, the card line, and its note.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignSpec {
    level: Level,
    option: String,
    /// Both the checkbox label and the card line.
    text: String,
    id: String,
    title: String,
    body: String,
    source: SourceIds,
    #[serde(default)]
    holds_back: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizFile {
    #[serde(default)]
    include: Vec<String>,
    intro: Option<String>,
    levels: Option<Levels>,
    /// Set with the levels of care, in the same file.
    care_figure: Option<CareFigure>,
    #[serde(default)]
    signs: Vec<SignSpec>,
    #[serde(default)]
    questions: Vec<Question>,
    #[serde(default)]
    notes: Vec<NoteSpec>,
    #[serde(default)]
    triggers: Vec<TriggerSpec>,
    /// The questions asked on each page of the check, warning signs first. Without it, one page.
    #[serde(default)]
    steps: Vec<StepSpec>,
}

/// `[[steps]]`: one page of the check, and the questions it asks, in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSpec {
    heading: String,
    questions: Vec<String>,
}

/// Parses a quiz file and its includes (`read_include` gives an included file's text) and checks
/// it against the ids of the article's sections and the site's sources. Every problem found is
/// returned, each naming the file it is in.
pub fn load_quiz(
    file: &str,
    text: &str,
    read_include: &dyn Fn(&str) -> Option<String>,
    section_ids: &[&str],
    sources: &SourceCheck,
) -> Result<Quiz, Vec<ContentError>> {
    let (intro, mut parts, texts) = read_parts(file, text, read_include)?;
    let lines: BTreeMap<&str, Lines> = texts
        .iter()
        .map(|(name, text)| (name.as_str(), Lines::new(text)))
        .collect();
    let line_of = |file: &str, key: &str, value: &str| lines.get(file)?.entry(key, value);
    let mut errors = Vec::new();
    let Some((levels_file, levels, care_figure)) = take_levels(&mut parts, &mut errors) else {
        return Err(vec![ContentError::new(
            file,
            None,
            "no file of this quiz sets the `[levels]` of care: include the warning signs (`warning-signs.toml`)",
        )]);
    };

    let mut questions = Vec::new();
    // The file each question is written in: the levels' file for the warning-sign questions.
    let mut asked_in: Vec<String> = Vec::new();
    let mut specs: Vec<(String, NoteSpec)> = Vec::new();
    let mut trigger_specs: Vec<(String, TriggerSpec)> = Vec::new();
    let mut step_specs: Vec<(String, StepSpec)> = Vec::new();
    for (name, part) in parts {
        step_specs.extend(part.steps.into_iter().map(|s| (name.clone(), s)));
        if !part.signs.is_empty() {
            match sign_questions(&levels, &part.signs) {
                Ok(asked) => {
                    asked_in.extend(asked.iter().map(|_| levels_file.clone()));
                    questions.extend(asked);
                }
                Err(problems) => errors.extend(
                    problems
                        .into_iter()
                        .map(|m| ContentError::new(&name, None, m)),
                ),
            }
            specs.extend(
                part.signs
                    .into_iter()
                    .map(|sign| (name.clone(), sign_note(&levels, sign))),
            );
        }
        asked_in.extend(part.questions.iter().map(|_| name.clone()));
        questions.extend(part.questions);
        specs.extend(part.notes.into_iter().map(|n| (name.clone(), n)));
        trigger_specs.extend(part.triggers.into_iter().map(|t| (name.clone(), t)));
    }

    let sign_questions: Vec<&str> = [&levels.emergency, &levels.urgent, &levels.non_urgent]
        .iter()
        .filter_map(|l| l.question.as_deref())
        .collect();
    let (questions, asked_in, steps) =
        match order_by_steps(step_specs, questions, asked_in, &sign_questions) {
            Ok(ordered) => ordered,
            Err(problems) => {
                errors.extend(
                    problems
                        .into_iter()
                        .map(|(f, m)| ContentError::new(&f, None, m)),
                );
                return Err(errors);
            }
        };
    for (index, message) in check_questions(&questions) {
        let (in_file, name) = (&asked_in[index], &questions[index].name);
        let line = line_of(in_file, "name", name);
        errors.push(ContentError::new(in_file, line, message));
    }
    for (note_file, id, message) in check_topics(&specs) {
        let line = line_of(&note_file, "id", &id);
        errors.push(ContentError::new(&note_file, line, message));
    }
    let mut notes = Vec::new();
    let mut note_ids = HashSet::new();
    // Notes refused for a problem of their own: a trigger naming one has nothing to add.
    let mut refused_notes = HashSet::new();
    for (index, (note_file, spec)) in specs.into_iter().enumerate() {
        let line = line_of(&note_file, "id", &spec.id);
        if !note_ids.insert(spec.id.clone()) {
            let message = format!("note id `{}` is used twice", spec.id);
            errors.push(ContentError::new(&note_file, line, message));
        }
        let level_holds = levels
            .get(spec.level)
            .map_or(&[][..], |l| &l.holds_back[..]);
        let id = spec.id.clone();
        match build_note(spec, index, &questions, section_ids, sources, level_holds) {
            Ok(note) => notes.push(note),
            Err(problems) => {
                refused_notes.insert(id);
                errors.extend(
                    problems
                        .into_iter()
                        .map(|m| ContentError::new(&note_file, line, m)),
                )
            }
        }
    }
    for (trigger_file, spec) in trigger_specs {
        let line = line_of(&trigger_file, "note", &spec.note);
        let mut problems = check_conditions(
            &format!("trigger for note `{}`", spec.note),
            &spec.trigger,
            &questions,
        );
        match notes.iter_mut().find(|n| n.id == spec.note) {
            Some(note) if problems.is_empty() => note.triggers.push(spec.trigger),
            Some(_) => {}
            None if refused_notes.contains(&spec.note) => {}
            None => problems.push(format!(
                "`[[triggers]]` names note `{}`, which no file of the quiz defines",
                spec.note
            )),
        }
        errors.extend(
            problems
                .into_iter()
                .map(|m| ContentError::new(&trigger_file, line, m)),
        );
    }
    let outcomes = match outcomes(&levels) {
        Ok(outcomes) => outcomes,
        Err(problems) => {
            errors.extend(
                problems
                    .into_iter()
                    .map(|m| ContentError::new(&levels_file, None, m)),
            );
            Vec::new()
        }
    };
    let care = match care_cards(&levels, &notes) {
        Ok(care) => care,
        Err(problems) => {
            errors.extend(
                problems
                    .into_iter()
                    .map(|m| ContentError::new(&levels_file, None, m)),
            );
            Vec::new()
        }
    };
    if errors.is_empty() {
        Ok(Quiz {
            intro,
            questions,
            steps,
            notes,
            care,
            care_figure,
            outcomes,
        })
    } else {
        Err(errors)
    }
}

/// The quiz file and the files it includes, included first, with the quiz's intro.
type Parts = Vec<(String, QuizFile)>;

/// Each file's text by name, to point errors at their lines.
type Texts = BTreeMap<String, String>;

fn read_parts(
    file: &str,
    text: &str,
    read_include: &dyn Fn(&str) -> Option<String>,
) -> Result<(Option<String>, Parts, Texts), Vec<ContentError>> {
    let main = parse_file(file, text)?;
    let mut parts = Vec::new();
    let mut texts = Texts::from([(file.to_string(), text.to_string())]);
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
                    "an included file holds only levels, signs, questions, notes and triggers (no `include` or `intro`)",
                ));
            }
            Ok(included) => {
                parts.push((name.clone(), included));
                texts.insert(name.clone(), included_text);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    let intro = main.intro.clone();
    parts.push((file.to_string(), main));
    if errors.is_empty() {
        Ok((intro, parts, texts))
    } else {
        Err(errors)
    }
}

/// The levels of care, set once by one of the files (with the figure beside the cards), and
/// the name of that file.
fn take_levels(
    parts: &mut Parts,
    errors: &mut Vec<ContentError>,
) -> Option<(String, Levels, Option<CareFigure>)> {
    let mut levels: Option<(String, Levels)> = None;
    let mut care_figure = None;
    for (name, part) in parts {
        if let Some(figure) = part.care_figure.take() {
            if part.levels.is_none() {
                let message = "`[care_figure]` goes with the `[levels]` of care, in the same file";
                errors.push(ContentError::new(name, None, message));
            }
            care_figure = Some(figure);
        }
        if let Some(found) = part.levels.take() {
            match &levels {
                Some((first, _)) => errors.push(ContentError::new(
                    name,
                    None,
                    format!("the levels of care are already set in `{first}`"),
                )),
                None => levels = Some((name.clone(), found)),
            }
        }
    }
    levels.map(|(file, levels)| (file, levels, care_figure))
}

/// The checkbox question of each level that has signs: its signs, then "None of these".
fn sign_questions(levels: &Levels, signs: &[SignSpec]) -> Result<Vec<Question>, Vec<String>> {
    let mut questions = Vec::new();
    let mut problems = Vec::new();
    for level in [Level::Emergency, Level::Urgent, Level::NonUrgent] {
        let of_level: Vec<&SignSpec> = signs.iter().filter(|s| s.level == level).collect();
        if of_level.is_empty() {
            continue;
        }
        let spec = levels.get(level).expect("every card level has a spec");
        let (Some(name), Some(legend)) = (&spec.question, &spec.legend) else {
            problems.push(format!(
                "{} signs need `question` and `legend` in `[levels.{}]`",
                level.key(),
                level.key()
            ));
            continue;
        };
        let mut options: Vec<Choice> = of_level
            .iter()
            .map(|s| Choice {
                value: s.option.clone(),
                label: s.text.clone(),
            })
            .collect();
        options.push(Choice {
            value: NONE.into(),
            label: "None of these".into(),
        });
        questions.push(Question {
            name: name.clone(),
            kind: QuestionKind::Checkboxes,
            legend: legend.clone(),
            hint: spec.hint.clone(),
            error: spec.error.clone(),
            required: true,
            exclusive: Some(NONE.into()),
            required_unless: None,
            options,
        });
    }
    if signs.iter().any(|s| s.level == Level::Advice) {
        problems
            .push("a warning sign's level is emergency, urgent or non-urgent, not advice".into());
    }
    if problems.is_empty() {
        Ok(questions)
    } else {
        Err(problems)
    }
}

/// The value of the exclusive "None of these" option of a level's sign question.
const NONE: &str = "none";

/// A sign's note, raised by ticking its box, with its text as the card line.
fn sign_note(levels: &Levels, sign: SignSpec) -> NoteSpec {
    let question = levels
        .get(sign.level)
        .and_then(|l| l.question.clone())
        .unwrap_or_default();
    NoteSpec {
        id: sign.id,
        level: sign.level,
        section: None,
        title: sign.title,
        body: sign.body,
        source: sign.source,
        card: Some(sign.text),
        when: vec![Condition {
            question,
            any_of: vec![sign.option],
        }],
        unless: Vec::new(),
        topics: Vec::new(),
        holds_back: sign.holds_back,
    }
}

/// Puts the questions in the order the steps ask them (with the file each is written in), and
/// gives each step its range. Every question is asked in exactly one step, and the warning-sign
/// questions in the first, so that a sign is always asked before anything else. Without
/// `[[steps]]`, the check is one page.
#[allow(clippy::type_complexity)]
fn order_by_steps(
    specs: Vec<(String, StepSpec)>,
    questions: Vec<Question>,
    asked_in: Vec<String>,
    sign_questions: &[&str],
) -> Result<(Vec<Question>, Vec<String>, Vec<Step>), Vec<(String, String)>> {
    if specs.is_empty() {
        let steps = vec![Step {
            heading: "Check what applies to you".into(),
            questions: 0..questions.len(),
        }];
        return Ok((questions, asked_in, steps));
    }
    let mut order: Vec<usize> = Vec::new();
    let mut steps = Vec::new();
    let mut problems = Vec::new();
    let steps_file = specs[0].0.clone();
    for (file, spec) in specs {
        let start = order.len();
        for name in &spec.questions {
            match questions.iter().position(|q| &q.name == name) {
                None => problems.push((
                    file.clone(),
                    format!(
                        "step `{}` asks `{name}`, which no file of the quiz defines",
                        spec.heading
                    ),
                )),
                Some(i) if order.contains(&i) => problems.push((
                    file.clone(),
                    format!("question `{name}` is asked in more than one place in `[[steps]]`"),
                )),
                Some(i) => order.push(i),
            }
        }
        if order.len() == start {
            problems.push((
                file.clone(),
                format!("step `{}` asks no question", spec.heading),
            ));
        }
        steps.push(Step {
            heading: spec.heading,
            questions: start..order.len(),
        });
    }
    for (i, question) in questions.iter().enumerate() {
        if !order.contains(&i) {
            problems.push((
                steps_file.clone(),
                format!(
                    "question `{}` is in no step: add it to one of the `[[steps]]`",
                    question.name
                ),
            ));
        }
    }
    let first = &steps[0].questions;
    for sign in sign_questions {
        let asked_first = order[first.clone()]
            .iter()
            .any(|&i| questions[i].name == *sign);
        if !asked_first && questions.iter().any(|q| q.name == *sign) {
            problems.push((
                steps_file.clone(),
                format!("the warning signs (`{sign}`) must be asked in the first step"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut questions: Vec<Option<Question>> = questions.into_iter().map(Some).collect();
    let ordered = order
        .iter()
        .map(|&i| questions[i].take().expect("each once"))
        .collect();
    let asked_in = order.iter().map(|&i| asked_in[i].clone()).collect();
    Ok((ordered, asked_in, steps))
}

/// Every topic a note holds back must be one some note of the quiz advises on, so a misspelt
/// topic cannot silently leave contradicting advice on the page. (A level's holds, shared by
/// every quiz, may name topics one quiz has no advice on.) Each problem names its file and note.
fn check_topics(specs: &[(String, NoteSpec)]) -> Vec<(String, String, String)> {
    let advised: HashSet<&str> = specs
        .iter()
        .flat_map(|(_, n)| n.topics.iter().map(String::as_str))
        .collect();
    let mut problems = Vec::new();
    for (file, note) in specs {
        for topic in note
            .holds_back
            .iter()
            .filter(|t| !advised.contains(t.as_str()))
        {
            let message = format!(
                "note `{}` holds back topic `{topic}`, which no note advises on",
                note.id
            );
            problems.push((file.clone(), note.id.clone(), message));
        }
    }
    problems
}

/// The result's opening card for each level that has one, then self-care.
fn outcomes(levels: &Levels) -> Result<Vec<Outcome>, Vec<String>> {
    let mut outcomes = Vec::new();
    let mut problems = Vec::new();
    let specs = Level::CARDS
        .iter()
        .map(|&level| {
            let spec = levels.get(level).expect("every card level has a spec");
            (Some(level), level.key(), &spec.outcome, &spec.action)
        })
        .chain(std::iter::once((
            None,
            "self-care",
            &levels.self_care.outcome,
            &levels.self_care.action,
        )));
    for (level, key, heading, action) in specs {
        match markdown::render_fragment(action) {
            Ok(action) => outcomes.push(Outcome {
                key: level.map_or("advice", Level::key),
                level,
                heading: heading.clone(),
                action,
            }),
            Err(found) => problems.extend(
                found
                    .into_iter()
                    .map(|p| format!("`[levels.{key}]` action line {}: {}", p.line, p.message)),
            ),
        }
    }
    if problems.is_empty() {
        Ok(outcomes)
    } else {
        Err(problems)
    }
}

/// The three cards: each level's heading and action, and the card line of each of its notes.
fn care_cards(levels: &Levels, notes: &[Note]) -> Result<Vec<CareCard>, Vec<String>> {
    let mut cards = Vec::new();
    let mut problems = Vec::new();
    for level in Level::CARDS {
        let spec = levels.get(level).expect("every card level has a spec");
        match markdown::render_fragment(&spec.action) {
            Ok(action) => cards.push(CareCard {
                level,
                heading: spec.card_heading.clone(),
                signs: notes
                    .iter()
                    .filter(|n| n.level == level)
                    .filter_map(|n| n.card.clone())
                    .collect(),
                action,
            }),
            Err(found) => problems.extend(found.into_iter().map(|p| {
                format!(
                    "`[levels.{}]` action line {}: {}",
                    level.key(),
                    p.line,
                    p.message
                )
            })),
        }
    }
    if problems.is_empty() {
        Ok(cards)
    } else {
        Err(problems)
    }
}

fn parse_file(file: &str, text: &str) -> Result<QuizFile, Vec<ContentError>> {
    toml::from_str(text).map_err(|e| vec![ContentError::from_toml(file, text, 0, &e)])
}

fn build_note(
    spec: NoteSpec,
    index: usize,
    questions: &[Question],
    section_ids: &[&str],
    sources: &SourceCheck,
    level_holds: &[String],
) -> Result<Note, Vec<String>> {
    let id = &spec.id;
    let mut problems = Vec::new();
    if !markdown::is_plain_id(id) {
        problems.push(format!(
            "note id `{id}` must use only lowercase letters, digits and hyphens"
        ));
    }
    let trigger = Trigger {
        when: spec.when,
        unless: spec.unless,
    };
    problems.extend(check_conditions(
        &format!("note `{id}`"),
        &trigger,
        questions,
    ));
    let section_index = match (&spec.section, spec.level.goes_on_top()) {
        (Some(section), true) => {
            problems.push(format!(
                "note `{id}`: {} notes are shown at the top of the page, so they take no `section` (found `{section}`)",
                spec.level.key()
            ));
            None
        }
        (None, false) => {
            problems.push(format!(
                "note `{id}`: {} notes need a `section`: the id of the `##` heading they are shown beside",
                spec.level.key()
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
    if spec.card.is_some() && spec.level == Level::Advice {
        problems.push(format!(
            "note `{id}`: advice notes have no `card`: the cards list only signs to act on"
        ));
    }
    let ids = spec.source.ids();
    if ids.is_empty() {
        problems.push(format!("note `{id}`: `source` names no source"));
    }
    let mut found = Vec::new();
    for source_id in ids {
        match sources.find(source_id) {
            Lookup::Found(source) => found.push(source),
            Lookup::Missing { nearest } => problems.push(format!(
                "note `{id}`: source `{source_id}` is not in sources.toml{}",
                did_you_mean(nearest.as_deref())
            )),
            Lookup::Broken => {}
        }
    }
    // The result's outcome card says what to do; a note says why, so no action is repeated.
    let body = markdown::render_fragment(&spec.body).map_err(|found| {
        found
            .into_iter()
            .map(|p| format!("note `{id}`: body line {}: {}", p.line, p.message))
            .collect::<Vec<_>>()
    });
    match body {
        Err(mut found) => problems.append(&mut found),
        Ok(body) if problems.is_empty() => {
            return Ok(Note {
                place: (section_index.unwrap_or(0), index),
                id: spec.id,
                level: spec.level,
                section: spec.section,
                title: spec.title,
                body,
                sources: found,
                card: spec.card,
                triggers: vec![trigger],
                topics: spec.topics,
                holds_back: spec
                    .holds_back
                    .into_iter()
                    .chain(level_holds.iter().cloned())
                    .collect(),
            });
        }
        _ => {}
    }
    Err(problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::samples::{QUIZ, SIGNS, SOURCES};
    use crate::content::source::load_sources;

    /// Loads a quiz beside an article whose sections are `first` and `second`, with the sample
    /// sources and warning signs, and the `extra` files it may include.
    fn load(quiz: &str, extra: &[(&str, &str)]) -> Result<Quiz, Vec<String>> {
        let (sources, _) = load_sources(SOURCES);
        let sources = sources.expect("the sample sources load");
        let read_include = |name: &str| match name {
            "warning-signs.toml" => Some(SIGNS.to_string()),
            other => extra
                .iter()
                .find(|(file, _)| *file == other)
                .map(|(_, text)| text.to_string()),
        };
        load_quiz(
            "a.quiz.toml",
            quiz,
            &read_include,
            &["first", "second"],
            &SourceCheck::new(Some(&sources)),
        )
        .map_err(|errors| errors.iter().map(ToString::to_string).collect())
    }

    fn refusals(quiz: &str) -> Vec<String> {
        load(quiz, &[]).expect_err("the quiz is refused")
    }

    #[test]
    fn the_sample_quiz_loads_after_its_warning_signs() {
        let quiz = load(QUIZ, &[]).unwrap();
        let names: Vec<&str> = quiz.questions.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["emergency_signs", "pain"]);
        let notes: Vec<&str> = quiz.notes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(notes, ["emergency-chest-pain", "severe-pain"]);
    }

    #[test]
    fn a_note_naming_an_unknown_source_is_refused() {
        let quiz = QUIZ.replace("source = \"nice-ng59\"", "source = \"nice-ng60\"");
        let errors = refusals(&quiz);
        assert_eq!(
            errors,
            [
                "a.quiz.toml:17: note `severe-pain`: source `nice-ng60` is not in sources.toml: did you mean `nice-ng59`?"
            ]
        );
    }

    #[test]
    fn a_note_rests_on_one_source_or_a_list_but_never_on_none() {
        let two = QUIZ.replace(
            "source = \"nice-ng59\"",
            "source = [\"nice-ng59\", \"nhs-back-pain\"]",
        );
        let note = &load(&two, &[]).unwrap().notes[1];
        let ids: Vec<&str> = note.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["nice-ng59", "nhs-back-pain"]);
        let none = QUIZ.replace("source = \"nice-ng59\"", "source = []");
        let errors = refusals(&none);
        assert_eq!(
            errors,
            ["a.quiz.toml:17: note `severe-pain`: `source` names no source"]
        );
        let missing = QUIZ.replace("source = \"nice-ng59\"\n", "");
        let errors = refusals(&missing);
        assert!(errors[0].contains("missing field `source`"), "{errors:?}");
    }

    #[test]
    fn a_quiz_without_the_levels_of_care_is_refused() {
        let quiz = QUIZ.replace("include = [\"warning-signs.toml\"]\n", "");
        let errors = refusals(&quiz);
        assert!(
            errors[0].contains("sets the `[levels]` of care"),
            "{errors:?}"
        );
    }

    #[test]
    fn advice_notes_take_no_card_line() {
        let quiz = QUIZ.replace("level = \"non-urgent\"", "level = \"advice\"");
        let errors = refusals(&quiz);
        assert!(
            errors[0].contains("advice notes have no `card`"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_note_beside_a_missing_section_is_refused() {
        let quiz = QUIZ.replace("section = \"second\"", "section = \"third\"");
        let errors = refusals(&quiz);
        assert_eq!(
            errors,
            [
                "a.quiz.toml:17: note `severe-pain`: section `third` is not a `##` heading of the article (it has: first, second)"
            ]
        );
    }

    #[test]
    fn a_trigger_for_a_refused_note_adds_nothing_to_the_notes_own_problem() {
        let quiz = format!(
            "{}\n[[triggers]]\nnote = \"severe-pain\"\nwhen = [{{ question = \"pain\", any_of = [\"mild\"] }}]\n",
            QUIZ.replace("section = \"second\"", "section = \"third\"")
        );
        let errors = refusals(&quiz);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("section `third`"), "{errors:?}");
    }

    #[test]
    fn a_rule_naming_an_unknown_question_or_option_is_refused() {
        let quiz = QUIZ.replace(
            "question = \"pain\", any_of = [\"severe\"]",
            "question = \"ache\", any_of = [\"severe\"]",
        );
        let errors = refusals(&quiz);
        assert!(
            errors[0].contains("names question `ache`, which the quiz does not ask"),
            "{errors:?}"
        );
        let quiz = QUIZ.replace("any_of = [\"severe\"]", "any_of = [\"awful\"]");
        let errors = refusals(&quiz);
        assert!(
            errors[0].contains("`awful`, which is not an option of `pain`"),
            "{errors:?}"
        );
    }

    #[test]
    fn duplicate_note_ids_are_refused() {
        let note = &QUIZ[QUIZ.find("[[notes]]").unwrap()..];
        let quiz = format!("{QUIZ}\n{note}");
        let errors = refusals(&quiz);
        assert!(
            errors
                .iter()
                .any(|e| e.contains("note id `severe-pain` is used twice")),
            "{errors:?}"
        );
    }

    #[test]
    fn two_questions_with_one_legend_are_refused() {
        let question = &QUIZ[QUIZ.find("[[questions]]").unwrap()..QUIZ.find("[[notes]]").unwrap()];
        let quiz = format!("{QUIZ}\n{}", question.replace("\"pain\"", "\"ache\""));
        let errors = refusals(&quiz);
        assert_eq!(
            errors,
            [
                "a.quiz.toml:27: questions `pain` and `ache` have the same legend: a reader could not tell their answers apart"
            ]
        );
    }

    #[test]
    fn top_notes_take_no_section_and_side_notes_need_one() {
        let quiz = QUIZ
            .replace("level = \"non-urgent\"", "level = \"emergency\"")
            .replace("card = \"your pain is severe\"\n", "");
        let errors = refusals(&quiz);
        assert!(errors[0].contains("take no `section`"), "{errors:?}");
        let quiz = QUIZ.replace("section = \"second\"\n", "");
        let errors = refusals(&quiz);
        assert!(errors[0].contains("need a `section`"), "{errors:?}");
    }

    #[test]
    fn includes_must_exist() {
        let quiz = QUIZ.replace(
            "\"warning-signs.toml\"]",
            "\"warning-signs.toml\", \"shared.toml\"]",
        );
        let errors = refusals(&quiz);
        assert_eq!(
            errors,
            ["a.quiz.toml: included file `shared.toml` does not exist"]
        );
    }

    #[test]
    fn included_questions_come_first() {
        let shared = QUIZ
            .replace("include = [\"warning-signs.toml\"]\n", "")
            .replace("intro = \"A check.\"\n", "")
            .replace("name = \"pain\"", "name = \"signs\"")
            .replace("How bad is it?", "Any warning signs?")
            .replace("question = \"pain\"", "question = \"signs\"")
            .replace("id = \"severe-pain\"", "id = \"shared-note\"");
        let quiz = QUIZ.replace(
            "\"warning-signs.toml\"]",
            "\"warning-signs.toml\", \"shared.toml\"]",
        );
        let quiz = load(&quiz, &[("shared.toml", &shared)]).unwrap();
        let names: Vec<&str> = quiz.questions.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["emergency_signs", "signs", "pain"]);
    }

    const STEPS: &str = "[[steps]]\nheading = \"Signs\"\nquestions = [\"emergency_signs\"]\n[[steps]]\nheading = \"About you\"\nquestions = [\"pain\"]\n";

    #[test]
    fn steps_order_the_questions_and_keep_the_warning_signs_first() {
        let quiz = load(&format!("{QUIZ}\n{STEPS}"), &[]).unwrap();
        let headings: Vec<&str> = quiz.steps.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["Signs", "About you"]);
        assert_eq!(quiz.step_questions(1)[0].name, "pain");
        assert_eq!(quiz.step_of("emergency_signs"), Some(0));
        let signs_later = STEPS
            .replace("[\"emergency_signs\"]", "[\"x\"]")
            .replace("[\"pain\"]", "[\"emergency_signs\"]")
            .replace("[\"x\"]", "[\"pain\"]");
        let errors = refusals(&format!("{QUIZ}\n{signs_later}"));
        assert_eq!(
            errors,
            ["a.quiz.toml: the warning signs (`emergency_signs`) must be asked in the first step"]
        );
    }

    #[test]
    fn every_question_is_asked_in_exactly_one_step() {
        let missing = STEPS.replace("questions = [\"pain\"]", "questions = [\"ache\"]");
        let errors = refusals(&format!("{QUIZ}\n{missing}"));
        assert_eq!(
            errors,
            [
                "a.quiz.toml: step `About you` asks `ache`, which no file of the quiz defines",
                "a.quiz.toml: step `About you` asks no question",
                "a.quiz.toml: question `pain` is in no step: add it to one of the `[[steps]]`",
            ]
        );
        let twice = STEPS.replace("[\"emergency_signs\"]", "[\"emergency_signs\", \"pain\"]");
        let errors = refusals(&format!("{QUIZ}\n{twice}"));
        assert_eq!(
            errors,
            [
                "a.quiz.toml: question `pain` is asked in more than one place in `[[steps]]`",
                "a.quiz.toml: step `About you` asks no question"
            ]
        );
    }

    #[test]
    fn the_step_field_is_no_question_name_and_topics_held_back_must_exist() {
        let quiz = QUIZ
            .replace("name = \"pain\"", "name = \"step\"")
            .replace("question = \"pain\"", "question = \"step\"");
        let errors = refusals(&quiz);
        assert!(
            errors[0].contains("`step` is taken by the form itself"),
            "{errors:?}"
        );
        let quiz = QUIZ.replace(
            "card = \"your pain is severe\"\n",
            "card = \"your pain is severe\"\nholds_back = [\"excercise\"]\n",
        );
        let errors = refusals(&quiz);
        assert_eq!(
            errors,
            [
                "a.quiz.toml:17: note `severe-pain` holds back topic `excercise`, which no note advises on"
            ]
        );
    }
}
