//! The warning signs and the levels of care: the one question that asks every sign, under its
//! group headings; each sign's note; the result's outcome cards; the "When to get help" cards.

use super::problems::Problems;
use super::spec::{GroupSpec, Levels, NoteSpec, SignQuestionSpec, SignSpec};
use super::{
    CardLine, CareCard, Choice, ChoiceGroup, Condition, Level, Note, Outcome, Question,
    QuestionKind, Sign,
};
use crate::content::markdown;
use crate::content::problem::{did_you_mean, nearest};

/// The value of the warning-sign question's exclusive "None of these" option.
pub(super) const NONE: &str = "none";

/// The warning-sign question, with what each of its signs stands for and the notes they raise.
pub(super) struct SignsAsked {
    pub question: Question,
    pub signs: Vec<Sign>,
    /// Each sign's note, with the file it is written in, in the order the signs are asked.
    pub notes: Vec<(String, NoteSpec)>,
}

/// Builds the one checkbox question of the warning signs: the signs of every file (`signs`,
/// each with its file, the shared ones first), group by group in the order the groups are
/// declared, then "None of these". Problems go to `problems` at the sign's `option` line.
pub(super) fn ask_signs(
    spec: &SignQuestionSpec,
    groups: &[GroupSpec],
    levels_file: &str,
    signs: Vec<(String, SignSpec)>,
    problems: &mut Problems,
) -> SignsAsked {
    for (i, group) in groups.iter().enumerate() {
        if groups[..i].iter().any(|g| g.id == group.id) {
            let message = format!("group `{}` is declared twice", group.id);
            let line = problems.line(levels_file, "id", &group.id);
            problems.add(levels_file, line, message);
        }
    }
    let mut asked: Vec<(usize, String, SignSpec)> = Vec::new();
    for (file, sign) in signs {
        let line = problems.line(&file, "option", &sign.option);
        let Some(group) = groups.iter().position(|g| g.id == sign.group) else {
            let ids = groups.iter().map(|g| g.id.as_str());
            let message = format!(
                "sign `{}`: group `{}` is not one of the `[[groups]]` in `{levels_file}`{}",
                sign.option,
                sign.group,
                did_you_mean(nearest(&sign.group, ids))
            );
            problems.add(&file, line, message);
            continue;
        };
        if sign.level == Level::Advice {
            let message = format!(
                "sign `{}`: a warning sign's level is emergency, urgent or non-urgent, not advice",
                sign.option
            );
            problems.add(&file, line, message);
            continue;
        }
        asked.push((group, file, sign));
    }
    // A stable sort keeps each group's signs in the order written, the shared file's first.
    asked.sort_by_key(|(group, _, _)| *group);

    let mut options = Vec::new();
    let mut choice_groups: Vec<ChoiceGroup> = Vec::new();
    let mut found = Vec::new();
    let mut notes = Vec::new();
    for (group, file, sign) in asked {
        let heading = &groups[group].heading;
        match choice_groups.last_mut() {
            Some(last) if &last.heading == heading => last.options.end += 1,
            _ => choice_groups.push(ChoiceGroup {
                heading: heading.clone(),
                options: options.len()..options.len() + 1,
            }),
        }
        options.push(Choice {
            value: sign.option.clone(),
            label: sign.label.clone(),
            hint: sign.hint.clone(),
        });
        found.push(Sign {
            option: sign.option.clone(),
            level: sign.level,
            label: sign.label.clone(),
            hint: sign.hint.clone(),
            group: heading.clone(),
            note: sign.id.clone(),
            follows: sign.follows.clone(),
            deviation: sign.deviation.clone(),
            sources: sign.source.ids().to_vec(),
            line: problems.line(&file, "option", &sign.option),
            file: file.clone(),
        });
        notes.push((file, sign_note(&spec.name, sign)));
    }
    options.push(Choice {
        value: NONE.into(),
        label: spec.none.clone(),
        hint: None,
    });
    let question = Question {
        name: spec.name.clone(),
        kind: QuestionKind::Checkboxes,
        legend: spec.legend.clone(),
        hint: spec.hint.clone(),
        error: Some(spec.error.clone()),
        required: true,
        exclusive: Some(NONE.into()),
        required_unless: None,
        options,
        groups: choice_groups,
    };
    SignsAsked {
        question,
        signs: found,
        notes,
    }
}

/// A sign's note, raised by ticking its box (unless one of its `unless` answers is given), with
/// its label as the card line.
fn sign_note(question: &str, sign: SignSpec) -> NoteSpec {
    NoteSpec {
        id: sign.id,
        level: sign.level,
        section: sign.section,
        title: sign.title,
        body: sign.body,
        source: sign.source,
        card: Some(sign.label),
        when: vec![Condition {
            question: question.to_string(),
            any_of: vec![sign.option],
        }],
        unless: sign.unless,
        topics: Vec::new(),
        holds_back: sign.holds_back,
    }
}

/// The result's opening card for each level that has one, then self-care.
pub(super) fn outcomes(levels: &Levels) -> Result<Vec<Outcome>, Vec<String>> {
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

/// The three cards: each level's heading and action, and the card line of each of its notes (a
/// sign's label and hint, in the order the signs are asked, then the other notes' `card`).
pub(super) fn care_cards(
    levels: &Levels,
    notes: &[Note],
    signs: &[Sign],
) -> Result<Vec<CareCard>, Vec<String>> {
    let mut cards = Vec::new();
    let mut problems = Vec::new();
    for level in Level::CARDS {
        let spec = levels.get(level).expect("every card level has a spec");
        let line = |note: &Note| match signs.iter().find(|s| s.note == note.id) {
            Some(sign) => Some(CardLine {
                text: sign.label.clone(),
                hint: sign.hint.clone(),
            }),
            None => note.card.clone().map(|text| CardLine { text, hint: None }),
        };
        match markdown::render_fragment(&spec.action) {
            Ok(action) => cards.push(CareCard {
                level,
                heading: spec.card_heading.clone(),
                signs: notes
                    .iter()
                    .filter(|n| n.level == level)
                    .filter_map(line)
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
