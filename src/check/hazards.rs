//! The hazard log, and the checks that keep it honest: every warning sign with its level, the
//! NHS or NICE wording it follows, its sources, where its label deviates and why, and the tests
//! that prove its level (the site test that ticks each sign alone, and the readers' stories
//! whose answers tick it). A sign with no wording to follow, no source or no story fails.

use crate::content::problem::ContentError;
use crate::content::quiz::{Level, Sign};
use crate::content::{Article, Site};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The site test that ticks each warning sign alone and checks the outcome is at its level:
/// its file and its name.
pub const SIGN_TEST: (&str, &str) = (
    "tests/site/signs.rs",
    "every_warning_sign_ticked_alone_gives_its_level",
);

/// Where the readers' stories are kept, in the project beside the content folder.
pub const STORIES_FILE: &str = "tests/fixtures/vignettes.toml";

/// The stories file for content in `content` (the articles built into the binary when `None`):
/// `tests/fixtures/vignettes.toml` in the folder that holds the content folder.
pub fn default_stories_path(content: Option<&Path>) -> PathBuf {
    let project = match content {
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        Some(dir) => dir.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    project.join(STORIES_FILE)
}

/// A reader's story and the answers it gives; the rest of each story is the tests' business.
#[derive(Debug, Clone, Deserialize)]
pub struct Story {
    pub id: String,
    pub article: String,
    pub answers: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct StoriesFile {
    #[serde(default)]
    vignette: Vec<Story>,
}

/// The stories the signs are checked against, or why there are none.
#[derive(Debug, Clone)]
pub enum Stories {
    /// No stories file beside the content (an installed binary, a folder of drafts): the signs
    /// are not checked against stories.
    Absent,
    /// The stories read, and the file's name as the report shows it.
    Read { shown: String, stories: Vec<Story> },
}

impl Stories {
    /// Reads the stories at `path`, shown in reports as `shown`. A file that is absent is no
    /// error unless it was `named` on the command line; one that does not parse always is.
    pub fn read(path: &Path, shown: &str, named: bool) -> Result<Stories, ContentError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && !named => {
                return Ok(Stories::Absent);
            }
            Err(error) => {
                return Err(ContentError::new(
                    shown,
                    None,
                    format!("cannot read: {error}"),
                ));
            }
        };
        let file: StoriesFile =
            toml::from_str(&text).map_err(|e| ContentError::from_toml(shown, &text, 0, &e))?;
        Ok(Stories::Read {
            shown: shown.to_string(),
            stories: file.vignette,
        })
    }

    fn stories(&self) -> &[Story] {
        match self {
            Stories::Absent => &[],
            Stories::Read { stories, .. } => stories,
        }
    }
}

/// One warning sign, once however many self-checks ask it.
pub struct Hazard<'a> {
    pub sign: &'a Sign,
    /// The slugs of the articles whose self-check asks it.
    pub asked_in: Vec<&'a str>,
    /// The ids of the stories whose answers tick it.
    pub stories: Vec<&'a str>,
}

/// Every warning sign of the site, in the order the first self-check asks them, then each
/// other self-check's own.
pub fn hazards<'a>(site: &'a Site, stories: &'a Stories) -> Vec<Hazard<'a>> {
    let mut found: Vec<Hazard> = Vec::new();
    for article in &site.articles {
        let Some(quiz) = &article.quiz else { continue };
        let question = quiz.sign_question.as_deref().unwrap_or_default();
        for sign in &quiz.signs {
            let index = match found
                .iter()
                .position(|h| h.sign.file == sign.file && h.sign.option == sign.option)
            {
                Some(index) => index,
                None => {
                    found.push(Hazard {
                        sign,
                        asked_in: Vec::new(),
                        stories: Vec::new(),
                    });
                    found.len() - 1
                }
            };
            let hazard = &mut found[index];
            hazard.asked_in.push(&article.slug);
            for story in stories.stories() {
                let ticks = story.article == article.slug
                    && (story.answers.iter()).any(|(q, v)| q == question && v == &sign.option);
                if ticks && !hazard.stories.contains(&story.id.as_str()) {
                    hazard.stories.push(&story.id);
                }
            }
        }
    }
    found
}

/// The hazard log, as Markdown: a table with one row per warning sign.
pub fn hazard_log(site: &Site, stories: &Stories) -> String {
    let with_quiz = site.articles.iter().filter(|a| a.quiz.is_some()).count();
    let mut log = String::from(
        "# Hazard log\n\n\
         Every warning sign the self-checks ask, one row each: the level of care it raises, its label\n\
         and hint as a reader sees them, the NHS or NICE wording it follows, the sources behind its\n\
         note, where the label deviates from that wording and why, and the tests that prove its\n\
         level. `backwise check --hazards` prints it, and a test keeps this file the same as what it\n\
         prints; `backwise check` fails while a sign has no wording to follow, no source, or no story\n\
         that ticks it.\n\n",
    );
    let (test_file, test_name) = SIGN_TEST;
    log.push_str(&format!(
        "In the last column, \"alone\" is `{test_name}` in `{test_file}`, which ticks each sign as the only warning sign and checks that the result opens at its level; "
    ));
    match stories {
        Stories::Read { shown, .. } => log.push_str(&format!(
            "the stories named are those in `{shown}` whose answers tick the sign, each tested to reach its level of care.\n\n"
        )),
        Stories::Absent => log.push_str("no stories file was found, so no story is named.\n\n"),
    }
    log.push_str("| Sign | Level | Label (hint) | Follows | Sources | Deviation | Asked in | Tests that prove its level |\n");
    log.push_str("|---|---|---|---|---|---|---|---|\n");
    for hazard in hazards(site, stories) {
        let sign = hazard.sign;
        let label = match &sign.hint {
            Some(hint) => format!("{} ({hint})", sign.label),
            None => sign.label.clone(),
        };
        let asked_in = if hazard.asked_in.len() == with_quiz {
            "every self-check".to_string()
        } else {
            hazard.asked_in.join(", ")
        };
        let tests = if hazard.stories.is_empty() {
            "alone; no story yet".to_string()
        } else {
            format!("alone; stories {}", hazard.stories.join(", "))
        };
        let cells = [
            format!("`{}`", sign.option),
            sign.level.key().to_string(),
            label,
            sign.follows.clone().unwrap_or_else(|| "**missing**".into()),
            sign.sources.join(", "),
            sign.deviation.clone().unwrap_or_else(|| "none".into()),
            asked_in,
            tests,
        ];
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        log.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    log
}

/// Text that fits in one Markdown table cell.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// What a sign needs before it can be published: the wording it follows, a source, and (when
/// there are stories) a story that ticks it. Each problem is at the sign's `option` line.
pub fn sign_problems(site: &Site, stories: &Stories) -> Vec<ContentError> {
    let mut problems = Vec::new();
    for hazard in hazards(site, stories) {
        let sign = hazard.sign;
        let at = |message: String| ContentError::new(&sign.file, sign.line, message);
        let option = &sign.option;
        if sign.follows.as_deref().is_none_or(|f| f.trim().is_empty()) {
            problems.push(at(format!(
                "sign `{option}` has no `follows`: quote the NHS or NICE wording it follows"
            )));
        }
        if sign.sources.is_empty() {
            problems.push(at(format!("sign `{option}` names no source")));
        }
        if let Stories::Read { shown, .. } = stories
            && hazard.stories.is_empty()
        {
            problems.push(at(format!(
                "sign `{option}` is ticked by no story in {shown}: add a story whose answers tick it"
            )));
        }
    }
    problems
}

/// Words that reassure about timing. Beside a warning sign they would contradict it, so no
/// note below urgent may use them, even though the result never shows one beside a higher
/// outcome.
pub const TIMING_REASSURANCE: [&str; 2] = ["you do not need", "ordinary appointment"];

/// Notes below urgent that reassure about timing, each once, at the line of its id.
pub fn reassuring_notes(articles: &[std::sync::Arc<Article>]) -> Vec<ContentError> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let mut problems = Vec::new();
    let notes = articles
        .iter()
        .filter_map(|a| a.quiz.as_ref())
        .flat_map(|q| &q.notes);
    for note in notes.filter(|n| n.level > Level::Urgent) {
        if seen.contains(&(note.file.as_str(), note.id.as_str())) {
            continue;
        }
        seen.push((&note.file, &note.id));
        let text = format!("{} {}", note.title, note.body.as_str()).to_lowercase();
        for phrase in TIMING_REASSURANCE.iter().filter(|p| text.contains(*p)) {
            problems.push(ContentError::new(
                &note.file,
                note.line,
                format!(
                    "note `{}` ({}) says “{phrase}”: a calmer note must not reassure about timing; say what to do and when",
                    note.id,
                    note.level.key()
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_site;
    use crate::content::samples::{ARTICLE, QUIZ, SIGNS, files};

    fn site(signs: &str, quiz: &str) -> Site {
        let list = [
            ("a.md", ARTICLE),
            ("a.quiz.toml", quiz),
            (crate::content::WARNING_SIGNS_FILE, signs),
        ];
        load_site(&files(&list)).expect("the sample loads")
    }

    fn stories(answers: &[(&str, &str)]) -> Stories {
        Stories::Read {
            shown: "stories.toml".into(),
            stories: vec![Story {
                id: "S1".into(),
                article: "test-article".into(),
                answers: answers
                    .iter()
                    .map(|(q, v)| (q.to_string(), v.to_string()))
                    .collect(),
            }],
        }
    }

    fn messages(problems: Vec<ContentError>) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_log_has_a_row_per_sign_with_its_wording_sources_and_stories() {
        let site = site(SIGNS, QUIZ);
        let log = hazard_log(&site, &stories(&[("warning_signs", "chest_pain")]));
        assert!(
            log.contains("| `chest_pain` | emergency | Chest pain (Now, or in the last 12 hours) | NHS Back pain: back pain with chest pain | nhs-back-pain | none | every self-check | alone; stories S1 |\n"),
            "{log}"
        );
        assert!(log.contains("`every_warning_sign_ticked_alone_gives_its_level`"));
        let untold = hazard_log(&site, &stories(&[("warning_signs", "none")]));
        assert!(
            untold.contains("| every self-check | alone; no story yet |"),
            "{untold}"
        );
    }

    #[test]
    fn a_sign_without_its_wording_or_a_story_fails_at_its_line() {
        let site_ok = site(SIGNS, QUIZ);
        let told = stories(&[("warning_signs", "chest_pain")]);
        assert!(sign_problems(&site_ok, &told).is_empty());
        assert!(sign_problems(&site_ok, &Stories::Absent).is_empty());
        let untold = stories(&[("pain", "severe")]);
        let line = SIGNS.lines().position(|l| l.contains("option = ")).unwrap() + 1;
        assert_eq!(
            messages(sign_problems(&site_ok, &untold)),
            [format!(
                "warning-signs.toml:{line}: sign `chest_pain` is ticked by no story in stories.toml: add a story whose answers tick it"
            )]
        );
        let unfollowed = SIGNS.replace(
            "follows = \"NHS Back pain: back pain with chest pain\"\n",
            "",
        );
        let problems = messages(sign_problems(&site(&unfollowed, QUIZ), &told));
        assert_eq!(
            problems,
            [format!(
                "warning-signs.toml:{line}: sign `chest_pain` has no `follows`: quote the NHS or NICE wording it follows"
            )]
        );
    }

    #[test]
    fn a_calmer_note_that_reassures_about_timing_is_named_at_its_line() {
        let quiz = QUIZ.replace(
            "body = \"See someone.\"",
            "body = \"An ordinary appointment is right.\"",
        );
        let site = site(SIGNS, &quiz);
        assert_eq!(
            messages(reassuring_notes(&site.articles)),
            [
                "a.quiz.toml:17: note `severe-pain` (non-urgent) says “ordinary appointment”: a calmer note must not reassure about timing; say what to do and when"
            ]
        );
        // An emergency note may tell a reader they do not need to wait.
        let signs = SIGNS.replace(
            "body = \"It could be your heart.\"",
            "body = \"You do not need to wait.\"",
        );
        assert!(reassuring_notes(&self::site(&signs, QUIZ).articles).is_empty());
    }

    #[test]
    fn the_stories_file_is_optional_unless_named() {
        let missing = Path::new("/no/such/stories.toml");
        assert!(matches!(
            Stories::read(missing, "s.toml", false),
            Ok(Stories::Absent)
        ));
        let error = Stories::read(missing, "s.toml", true).unwrap_err();
        assert!(
            error.to_string().starts_with("s.toml: cannot read"),
            "{error}"
        );
        assert_eq!(
            default_stories_path(Some(Path::new("/work/site/articles"))),
            Path::new("/work/site/tests/fixtures/vignettes.toml")
        );
    }
}
