//! The loader's tests: what a quiz file may say, and the problems it is told of.

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
    assert_eq!(names, ["warning_signs", "pain"]);
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
        .replace("How bad is it?", "Any other signs?")
        .replace("question = \"pain\"", "question = \"signs\"")
        .replace("id = \"severe-pain\"", "id = \"shared-note\"");
    let quiz = QUIZ.replace(
        "\"warning-signs.toml\"]",
        "\"warning-signs.toml\", \"shared.toml\"]",
    );
    let quiz = load(&quiz, &[("shared.toml", &shared)]).unwrap();
    let names: Vec<&str> = quiz.questions.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["warning_signs", "signs", "pain"]);
}

const STEPS: &str = "[[steps]]\nheading = \"Signs\"\nquestions = [\"warning_signs\"]\n[[steps]]\nheading = \"About you\"\nquestions = [\"pain\"]\n";

#[test]
fn steps_order_the_questions_and_keep_the_warning_signs_first() {
    let quiz = load(&format!("{QUIZ}\n{STEPS}"), &[]).unwrap();
    let headings: Vec<&str> = quiz.steps.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, ["Signs", "About you"]);
    assert_eq!(quiz.step_questions(1)[0].name, "pain");
    assert_eq!(quiz.step_questions(0)[0].name, "warning_signs");
    let signs_later = STEPS
        .replace("[\"warning_signs\"]", "[\"x\"]")
        .replace("[\"pain\"]", "[\"warning_signs\"]")
        .replace("[\"x\"]", "[\"pain\"]");
    let errors = refusals(&format!("{QUIZ}\n{signs_later}"));
    assert_eq!(
        errors,
        ["a.quiz.toml: the warning signs (`warning_signs`) must be asked in the first step"]
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
    let twice = STEPS.replace("[\"warning_signs\"]", "[\"warning_signs\", \"pain\"]");
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

/// The sample's signs with a second group, declared first, and a sign in it.
fn two_groups() -> String {
    SIGNS
        .replace(
            "[[groups]]\nid = \"chest\"",
            "[[groups]]\nid = \"legs\"\nheading = \"Legs and bladder\"\n\n[[groups]]\nid = \"chest\"",
        )
        .replace(
            "\n[[signs]]\ngroup = \"chest\"",
            "\n[[signs]]\ngroup = \"legs\"\nlevel = \"urgent\"\noption = \"weak_leg\"\nlabel = \"A weak leg\"\nid = \"urgent-weak-leg\"\ntitle = \"A weak leg\"\nbody = \"Get it checked.\"\nsource = \"nhs-back-pain\"\n\n[[signs]]\ngroup = \"chest\"",
        )
}

fn load_with_signs(signs: &str, quiz: &str) -> Result<Quiz, Vec<String>> {
    let (sources, _) = load_sources(SOURCES);
    let sources = sources.expect("the sample sources load");
    let read_include = |name: &str| (name == "warning-signs.toml").then(|| signs.to_string());
    load_quiz(
        "a.quiz.toml",
        quiz,
        &read_include,
        &["first", "second"],
        &SourceCheck::new(Some(&sources)),
    )
    .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

const QUIZ_SIGN: &str = "\n[[signs]]\ngroup = \"chest\"\nlevel = \"non-urgent\"\noption = \"sore_ribs\"\nlabel = \"Sore ribs\"\nhint = \"After a cough\"\nfollows = \"NHS: rib pain\"\nsection = \"first\"\nid = \"sore-ribs\"\ntitle = \"Sore ribs\"\nbody = \"See a GP.\"\nsource = \"nhs-back-pain\"\n";

#[test]
fn the_signs_are_one_question_group_by_group_with_none_last() {
    let quiz = load_with_signs(&two_groups(), &format!("{QUIZ}{QUIZ_SIGN}")).unwrap();
    let signs = &quiz.questions[0];
    assert_eq!(signs.name, "warning_signs");
    assert_eq!(signs.exclusive.as_deref(), Some("none"));
    let values: Vec<&str> = signs.options.iter().map(|c| c.value.as_str()).collect();
    // The quiz's own sign joins its group, after the shared file's.
    assert_eq!(values, ["weak_leg", "chest_pain", "sore_ribs", "none"]);
    let groups: Vec<(&str, std::ops::Range<usize>)> = (signs.groups.iter())
        .map(|g| (g.heading.as_str(), g.options.clone()))
        .collect();
    assert_eq!(
        groups,
        [("Legs and bladder", 0..1), ("Chest and breathing", 1..3)]
    );
    assert_eq!(
        signs.choice("chest_pain").unwrap().hint.as_deref(),
        Some("Now, or in the last 12 hours")
    );
    let ribs = quiz.sign("sore_ribs").unwrap();
    assert_eq!(
        (ribs.file.as_str(), ribs.level, ribs.note.as_str()),
        ("a.quiz.toml", Level::NonUrgent, "sore-ribs")
    );
    assert_eq!(quiz.sign("weak_leg").unwrap().follows, None);
    let note = quiz.notes.iter().find(|n| n.id == "sore-ribs").unwrap();
    assert_eq!(note.section.as_deref(), Some("first"));
    // The cards list each sign's label and hint, in the order asked.
    let urgent = &quiz.care[1].signs;
    assert_eq!(urgent[0].text, "A weak leg");
    let calm = &quiz.care[2].signs;
    assert_eq!(calm[0].hint.as_deref(), Some("After a cough"));
}

#[test]
fn a_sign_in_an_unknown_group_is_refused_at_its_line() {
    let quiz = format!(
        "{QUIZ}{}",
        QUIZ_SIGN.replace("group = \"chest\"", "group = \"chset\"")
    );
    let errors = load_with_signs(SIGNS, &quiz).unwrap_err();
    let line = quiz.lines().position(|l| l.contains("sore_ribs")).unwrap() + 1;
    assert_eq!(
        errors,
        [format!(
            "a.quiz.toml:{line}: sign `sore_ribs`: group `chset` is not one of the `[[groups]]` in `warning-signs.toml`: did you mean `chest`?"
        )]
    );
}

#[test]
fn the_old_per_level_questions_and_a_sign_question_away_from_the_levels_are_refused() {
    let old = SIGNS.replace(
        "[levels.emergency]\n",
        "[levels.emergency]\nquestion = \"emergency_signs\"\n",
    );
    let errors = load_with_signs(&old, QUIZ).unwrap_err();
    assert!(errors[0].contains("unknown field `question`"), "{errors:?}");
    let quiz = format!(
        "{QUIZ}\n[sign_question]\nname = \"more\"\nlegend = \"More?\"\nerror = \"Tick.\"\n"
    );
    let errors = load_with_signs(SIGNS, &quiz).unwrap_err();
    assert_eq!(
        errors,
        ["a.quiz.toml: `[sign_question]` goes with the `[levels]` of care, in the same file"]
    );
    let calm_sign = QUIZ_SIGN.replace("section = \"first\"\n", "");
    let errors = load_with_signs(SIGNS, &format!("{QUIZ}{calm_sign}")).unwrap_err();
    assert!(
        errors[0].contains("non-urgent notes need a `section`"),
        "{errors:?}"
    );
}

#[test]
fn a_sign_may_be_held_back_by_another_answer() {
    let quiz = format!(
        "{QUIZ}{}",
        QUIZ_SIGN.replace(
            "section = \"first\"\n",
            "section = \"first\"\nunless = [{ question = \"warning_signs\", any_of = [\"chest_pain\"] }]\n"
        )
    );
    let quiz = load_with_signs(SIGNS, &quiz).unwrap();
    let note = quiz.notes.iter().find(|n| n.id == "sore-ribs").unwrap();
    assert_eq!(note.triggers[0].unless[0].any_of, ["chest_pain"]);
}
