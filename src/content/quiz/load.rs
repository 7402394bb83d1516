//! Reading a quiz file and the files it includes, into a [`Quiz`] checked against its article:
//! which file sets what, the order of the steps, and each note. Every problem found is
//! returned, each naming its file and line.

use super::checks::{check_conditions, check_questions};
use super::problems::Problems;
use super::signs::{SignsAsked, ask_signs, care_cards, outcomes};
use super::spec::{GroupSpec, Levels, NoteSpec, QuizFile, SignQuestionSpec, StepSpec, TriggerSpec};
use super::{CareFigure, Level, Note, Question, Quiz, Step, Trigger};
use crate::content::markdown;
use crate::content::problem::{ContentError, Lookup, did_you_mean};
use crate::content::source::SourceCheck;
use std::collections::HashSet;

/// What the levels' file sets for every quiz that includes it.
struct Shared {
    file: String,
    levels: Levels,
    care_figure: Option<CareFigure>,
    sign_question: Option<SignQuestionSpec>,
    groups: Vec<GroupSpec>,
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
    let mut problems = Problems::new(&texts);
    let Some(shared) = take_shared(&mut parts, &mut problems) else {
        return Err(vec![ContentError::new(
            file,
            None,
            "no file of this quiz sets the `[levels]` of care: include the warning signs (`warning-signs.toml`)",
        )]);
    };

    let mut questions = Vec::new();
    // The file each question is written in: the levels' file for the warning-sign question.
    let mut asked_in: Vec<String> = Vec::new();
    let mut specs: Vec<(String, NoteSpec)> = Vec::new();
    let mut trigger_specs: Vec<(String, TriggerSpec)> = Vec::new();
    let mut step_specs: Vec<(String, StepSpec)> = Vec::new();
    let mut sign_specs = Vec::new();
    for (name, part) in parts {
        step_specs.extend(part.steps.into_iter().map(|s| (name.clone(), s)));
        sign_specs.extend(part.signs.into_iter().map(|s| (name.clone(), s)));
        asked_in.extend(part.questions.iter().map(|_| name.clone()));
        questions.extend(part.questions);
        specs.extend(part.notes.into_iter().map(|n| (name.clone(), n)));
        trigger_specs.extend(part.triggers.into_iter().map(|t| (name.clone(), t)));
    }
    let mut signs = Vec::new();
    let sign_question = shared.sign_question.as_ref().map(|q| q.name.clone());
    match &shared.sign_question {
        Some(spec) => {
            let asked = ask_signs(
                spec,
                &shared.groups,
                &shared.file,
                sign_specs,
                &mut problems,
            );
            let SignsAsked {
                question,
                signs: found,
                notes,
            } = asked;
            // The signs are asked before anything else, and their notes come first.
            questions.insert(0, question);
            asked_in.insert(0, shared.file.clone());
            specs.splice(0..0, notes);
            signs = found;
        }
        None if !sign_specs.is_empty() || !shared.groups.is_empty() => {
            let message = "warning signs need the `[sign_question]` that asks them, set with the `[levels]` of care";
            problems.add(&shared.file, None, message);
        }
        None => {}
    }

    let ordered = order_by_steps(step_specs, questions, asked_in, sign_question.as_deref());
    let (questions, asked_in, steps) = match ordered {
        Ok(ordered) => ordered,
        Err(found) => {
            for (in_file, message) in found {
                problems.add(&in_file, None, message);
            }
            return Err(problems.into_errors());
        }
    };
    for (index, message) in check_questions(&questions) {
        let (in_file, name) = (&asked_in[index], &questions[index].name);
        problems.add_all(in_file, ("name", name), vec![message]);
    }
    for (note_file, id, message) in check_topics(&specs) {
        problems.add_all(&note_file, ("id", &id), vec![message]);
    }
    let mut notes = Vec::new();
    let mut note_ids = HashSet::new();
    // Notes refused for a problem of their own: a trigger naming one has nothing to add.
    let mut refused_notes = HashSet::new();
    for (index, (note_file, spec)) in specs.into_iter().enumerate() {
        let line = problems.line(&note_file, "id", &spec.id);
        if !note_ids.insert(spec.id.clone()) {
            let message = format!("note id `{}` is used twice", spec.id);
            problems.add(&note_file, line, message);
        }
        let level_holds = (shared.levels.get(spec.level)).map_or(&[][..], |l| &l.holds_back[..]);
        let id = spec.id.clone();
        let place = Place {
            index,
            file: &note_file,
            line,
        };
        match build_note(spec, place, &questions, section_ids, sources, level_holds) {
            Ok(note) => notes.push(note),
            Err(found) => {
                refused_notes.insert(id);
                for message in found {
                    problems.add(&note_file, line, message);
                }
            }
        }
    }
    for (trigger_file, spec) in trigger_specs {
        let what = format!("trigger for note `{}`", spec.note);
        let mut found = check_conditions(&what, &spec.trigger, &questions);
        match notes.iter_mut().find(|n| n.id == spec.note) {
            Some(note) if found.is_empty() => note.triggers.push(spec.trigger),
            Some(_) => {}
            None if refused_notes.contains(&spec.note) => {}
            None => found.push(format!(
                "`[[triggers]]` names note `{}`, which no file of the quiz defines",
                spec.note
            )),
        }
        problems.add_all(&trigger_file, ("note", &spec.note), found);
    }
    let outcomes = outcomes(&shared.levels).unwrap_or_else(|found| {
        found
            .into_iter()
            .for_each(|m| problems.add(&shared.file, None, m));
        Vec::new()
    });
    let care = care_cards(&shared.levels, &notes, &signs).unwrap_or_else(|found| {
        found
            .into_iter()
            .for_each(|m| problems.add(&shared.file, None, m));
        Vec::new()
    });
    if problems.is_empty() {
        Ok(Quiz {
            intro,
            questions,
            steps,
            notes,
            care,
            care_figure: shared.care_figure,
            outcomes,
            sign_question,
            signs,
        })
    } else {
        Err(problems.into_errors())
    }
}

/// The quiz file and the files it includes, included first, with the quiz's intro.
type Parts = Vec<(String, QuizFile)>;

/// Each file's text by name, to point errors at their lines.
use super::problems::Texts;

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

/// The levels of care, set once by one of the files, with what goes with them there: the
/// figure beside the cards, the warning-sign question and its groups.
fn take_shared(parts: &mut Parts, problems: &mut Problems) -> Option<Shared> {
    let mut shared: Option<Shared> = None;
    let mut care_figure = None;
    let mut sign_question = None;
    let mut groups = Vec::new();
    for (name, part) in parts {
        let has_levels = part.levels.is_some();
        let mut goes_with_levels = |what: &str| {
            if !has_levels {
                let message =
                    format!("`{what}` goes with the `[levels]` of care, in the same file");
                problems.add(name, None, message);
            }
        };
        if let Some(figure) = part.care_figure.take() {
            goes_with_levels("[care_figure]");
            care_figure = Some(figure);
        }
        if let Some(question) = part.sign_question.take() {
            goes_with_levels("[sign_question]");
            sign_question = Some(question);
        }
        if !part.groups.is_empty() {
            goes_with_levels("[[groups]]");
            groups.append(&mut part.groups);
        }
        if let Some(found) = part.levels.take() {
            match &shared {
                Some(first) => {
                    let message = format!("the levels of care are already set in `{}`", first.file);
                    problems.add(name, None, message);
                }
                None => {
                    shared = Some(Shared {
                        file: name.clone(),
                        levels: found,
                        care_figure: None,
                        sign_question: None,
                        groups: Vec::new(),
                    })
                }
            }
        }
    }
    shared.map(|shared| Shared {
        care_figure,
        sign_question,
        groups,
        ..shared
    })
}

/// Puts the questions in the order the steps ask them (with the file each is written in), and
/// gives each step its range. Every question is asked in exactly one step, and the warning-sign
/// question in the first, so that a sign is always asked before anything else. Without
/// `[[steps]]`, the check is one page.
#[allow(clippy::type_complexity)]
fn order_by_steps(
    specs: Vec<(String, StepSpec)>,
    questions: Vec<Question>,
    asked_in: Vec<String>,
    sign_question: Option<&str>,
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
    if let Some(sign) = sign_question {
        let first = &steps[0].questions;
        let asked_first = order[first.clone()]
            .iter()
            .any(|&i| questions[i].name == sign);
        let asked_later = order.iter().any(|&i| questions[i].name == sign);
        if !asked_first && asked_later {
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

fn parse_file(file: &str, text: &str) -> Result<QuizFile, Vec<ContentError>> {
    toml::from_str(text).map_err(|e| vec![ContentError::from_toml(file, text, 0, &e)])
}

/// Where a note is written: its place among the quiz's notes, its file and the line of its id.
struct Place<'a> {
    index: usize,
    file: &'a str,
    line: Option<usize>,
}

fn build_note(
    spec: NoteSpec,
    place: Place,
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
                place: (section_index.unwrap_or(0), place.index),
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
                file: place.file.to_string(),
                line: place.line,
            });
        }
        _ => {}
    }
    Err(problems)
}

#[cfg(test)]
#[path = "load_tests.rs"]
mod tests;
