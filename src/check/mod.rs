//! The editor's report behind `backwise check`: from content loaded exactly as the server loads
//! it, what an editor must fix, as `file:line: message`. The binary loads and prints.

pub mod hazards;
pub mod readability;
pub(crate) mod unused;

use crate::check::hazards::{Stories, reassuring_notes, sign_problems};
use crate::check::readability::TextStats;
use crate::content::date::Date;
use crate::content::quiz::reach::answers_raising;
use crate::content::quiz::{MAX_FORM_BYTES, QuestionKind, Quiz, STEP_FIELD};
use crate::content::{Article, ContentError, Site};
use std::collections::BTreeMap;

/// What the check found: lines to print, and whether any is an error.
#[derive(Debug, Default)]
pub struct Report {
    pub lines: Vec<String>,
    pub errors: usize,
}

impl Report {
    fn error(&mut self, error: ContentError) {
        self.lines.push(error.to_string());
        self.errors += 1;
    }
}

/// Checks loaded content (or the errors that stopped it loading) against today's date, the
/// reading-grade ceiling and the readers' stories. `files` are the content's files by name, for
/// the lines of what they define; `dir` prefixes file names so editors can jump to them.
pub fn report(
    loaded: Result<Site, Vec<ContentError>>,
    files: &BTreeMap<String, String>,
    dir: &str,
    today: Date,
    max_grade: f64,
    stories: &Stories,
) -> Report {
    let mut report = Report::default();
    let in_dir = |error: ContentError| error.in_folder(dir);
    let site = match loaded {
        Ok(site) => site,
        Err(errors) => {
            errors.into_iter().for_each(|e| report.error(in_dir(e)));
            return report;
        }
    };
    // Placeholders are fine for a local preview, so they warn rather than fail.
    for placeholder in site.settings.placeholders() {
        report.lines.push(format!(
            "{dir}/{}: warning: {placeholder}",
            crate::content::settings::FILE
        ));
    }
    for source in unused::uncited_sources(&site) {
        let message = format!(
            "source `{}` is cited by no article and no note: cite it or remove it",
            source.id
        );
        report.error(in_dir(ContentError::new(
            crate::content::source::SOURCES_FILE,
            None,
            message,
        )));
    }
    for figure in unused::unused_figures(&site) {
        let message = "no article shows this figure: place it with ![alt](...) or remove it";
        report.error(in_dir(ContentError::new(&figure.name, None, message)));
    }
    for problem in sign_problems(&site, stories) {
        report.error(in_dir(problem));
    }
    for problem in reassuring_notes(&site.articles) {
        report.error(in_dir(problem));
    }
    for article in &site.articles {
        if let Some(quiz) = &article.quiz {
            let steps = match quiz.steps.len() {
                1 => "1 step".to_string(),
                n => format!("{n} steps"),
            };
            report.lines.push(format!(
                "{dir}/{}: self-check: {} questions in {steps}, {} words to read ({} in the first step), about {} min",
                article.file,
                quiz.questions.len(),
                quiz.words_to_read(),
                quiz.step_words(0),
                quiz.minutes_to_answer()
            ));
        }
        let stats = TextStats::of(&article.body.plain_text);
        let (fk, smog) = (stats.flesch_kincaid_grade(), stats.smog_grade());
        report.lines.push(format!(
            "{dir}/{}: {} words, {} min read, reading grade {fk:.1} (Flesch-Kincaid), {smog:.1} (SMOG)",
            article.file,
            article.words,
            article.reading_minutes()
        ));
        for problem in problems(article, today, fk, smog, max_grade) {
            report.error(in_dir(ContentError::new(&article.file, None, problem)));
        }
        if let Some(quiz) = &article.quiz {
            for problem in notes_never_raised(article, quiz, files) {
                report.error(in_dir(problem));
            }
        }
    }
    report
}

/// An article longer than this is more than an 8-minute read: split it, or link instead of
/// repeating what another article says.
pub const MAX_ARTICLE_WORDS: usize = 1600;

/// A self-check a reader in trouble will finish: the warning signs on a short first page, and
/// no more than this many questions and words on the calm path through every step (legends,
/// hints, group headings and labels).
pub const MAX_FIRST_STEP_WORDS: usize = 400;
pub const MAX_QUESTIONS: usize = 8;
pub const MAX_FORM_WORDS: usize = 600;

fn problems(article: &Article, today: Date, fk: f64, smog: f64, max_grade: f64) -> Vec<String> {
    let mut found = Vec::new();
    if article.words > MAX_ARTICLE_WORDS {
        found.push(format!(
            "{} words is more than {MAX_ARTICLE_WORDS}: cut it, or link to another article instead of repeating it",
            article.words
        ));
    }
    if article.next_review < today {
        found.push(format!(
            "the review was due on {}: review the article and update last_reviewed and next_review",
            article.next_review.iso()
        ));
    }
    for (formula, grade) in [("Flesch-Kincaid", fk), ("SMOG", smog)] {
        if grade > max_grade {
            found.push(format!(
                "reading grade {grade:.1} ({formula}) is above the ceiling of {max_grade}: use shorter sentences and plainer words"
            ));
        }
    }
    match &article.quiz {
        None => found.push("the article has no self-check quiz beside it".into()),
        Some(quiz) => {
            let first = quiz.step_words(0);
            if first > MAX_FIRST_STEP_WORDS {
                found.push(format!(
                    "the self-check's first step has {first} words to read, more than {MAX_FIRST_STEP_WORDS}: a reader with a warning sign must find it fast; shorten the labels and hints"
                ));
            }
            if quiz.questions.len() > MAX_QUESTIONS {
                found.push(format!(
                    "the self-check asks {} questions, more than {MAX_QUESTIONS}: merge questions or drop one",
                    quiz.questions.len()
                ));
            }
            if quiz.words_to_read() > MAX_FORM_WORDS {
                found.push(format!(
                    "the self-check has {} words to read (legends, hints, group headings and labels), more than {MAX_FORM_WORDS}: shorten them",
                    quiz.words_to_read()
                ));
            }
            let largest = largest_answer_body(quiz);
            if largest > MAX_FORM_BYTES {
                found.push(format!(
                    "the self-check's answers can make a form of {largest} bytes, more than the {MAX_FORM_BYTES} the server accepts: a reader who answers everything would be refused; ask fewer questions, or give options fewer or shorter values"
                ));
            }
        }
    }
    found
}

/// Every note of the quiz that no answers can raise, at the line that defines it: a card line
/// no reader can reach, or a note no reader can get, each with why.
fn notes_never_raised(
    article: &Article,
    quiz: &Quiz,
    files: &BTreeMap<String, String>,
) -> Vec<ContentError> {
    let mut found = Vec::new();
    for note in &quiz.notes {
        if answers_raising(quiz, note).is_some() {
            continue;
        }
        let why = if note.triggers.is_empty() {
            "no answer names it (it has no `when`, and no [[triggers]] entry names it)".to_string()
        } else if shown_if(quiz, note, false, true) || shown_if(quiz, note, true, true) {
            let also = if shown_if(quiz, note, false, true) {
                ""
            } else {
                ", and at a level calmer notes are not shown beside"
            };
            format!(
                "every set of answers that raises it also raises a more serious note that holds back its topics ({}){also}: give it a route without those notes, or drop the topics",
                note.topics.join(", ")
            )
        } else if shown_if(quiz, note, true, false) {
            "every set of answers that raises it also raises an emergency or same-day note, and only notes of that level are shown beside one: give it a route without such a note".to_string()
        } else {
            "no set of answers meets its `when` without its `unless` too: change one of them"
                .to_string()
        };
        let message = match &note.card {
            Some(_) => format!(
                "the {} card line of note `{}` has no path in the self-check: no answers raise it: {why}",
                note.level.key(),
                note.id
            ),
            None => format!("note `{}` can never be raised: {why}", note.id),
        };
        let (file, line) = where_defined(article, files, &note.id);
        found.push(ContentError::new(&file, line, message));
    }
    found
}

/// Whether answers would show `note` if it were an emergency note (`lifted`: then no more
/// serious note hides it) or advised on no topic (`untopical`: then no note holds it back).
fn shown_if(quiz: &Quiz, note: &crate::content::quiz::Note, lifted: bool, untopical: bool) -> bool {
    let mut changed = quiz.clone();
    let Some(copy) = changed.notes.iter_mut().find(|n| n.id == note.id) else {
        return false;
    };
    if lifted {
        copy.level = crate::content::quiz::Level::Emergency;
    }
    if untopical {
        copy.topics.clear();
    }
    let copy = copy.clone();
    answers_raising(&changed, &copy).is_some()
}

/// The file and line where a note's `id` is written: the article's own quiz file first, then
/// the files it may include.
fn where_defined(
    article: &Article,
    files: &BTreeMap<String, String>,
    id: &str,
) -> (String, Option<usize>) {
    let quiz_file = match article.file.strip_suffix(".md") {
        Some(stem) => format!("{stem}.quiz.toml"),
        None => article.file.clone(),
    };
    let quoted = format!("\"{id}\"");
    let defines = |line: &str| {
        let line = line.trim_start();
        line.starts_with("id") && line.contains(&quoted)
    };
    let others = files.keys().filter(|name| name.ends_with(".toml"));
    for name in std::iter::once(&quiz_file).chain(others) {
        let found = files
            .get(name)
            .and_then(|text| text.lines().position(defines));
        if let Some(index) = found {
            return (name.clone(), Some(index + 1));
        }
    }
    (quiz_file, None)
}

/// The longest form body a reader's browser can send for a quiz, in bytes: the last step's,
/// which carries every earlier answer, with every box of every checkbox question ticked and
/// the longest option of each radio question chosen, URL-encoded.
pub fn largest_answer_body(quiz: &Quiz) -> usize {
    let field = |name: &str, value: &str| encoded_len(name) + 1 + encoded_len(value);
    let answers: usize = quiz
        .questions
        .iter()
        .map(|q| {
            let sizes = q.options.iter().map(|c| field(&q.name, &c.value));
            match q.kind {
                QuestionKind::Checkboxes => sizes.map(|size| size + 1).sum(),
                QuestionKind::Radios => sizes.max().map_or(0, |size| size + 1),
            }
        })
        .sum();
    field(STEP_FIELD, &quiz.steps.len().to_string()) + answers
}

/// The length of text once `application/x-www-form-urlencoded`: letters, digits and `*-._`
/// stay as they are, a space becomes `+`, and any other byte takes three (`%2F`).
fn encoded_len(text: &str) -> usize {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' | b' ' => 1,
            _ => 3,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_site;
    use crate::content::samples::{ARTICLE, QUIZ, SITE, files};

    fn report_for(list: &[(&str, &str)], max_grade: f64) -> Report {
        let today = Date::new(2027, 1, 1).unwrap();
        let files = files(list);
        report(
            load_site(&files),
            &files,
            "articles",
            today,
            max_grade,
            &Stories::Absent,
        )
    }

    /// The sample cites one of its two sources in the article and the other in its note.
    fn sample(max_grade: f64) -> Report {
        report_for(&[("a.md", ARTICLE), ("a.quiz.toml", QUIZ)], max_grade)
    }

    #[test]
    fn a_sound_site_passes_with_a_line_per_article() {
        let report = sample(14.0);
        assert_eq!(report.errors, 0, "{:?}", report.lines);
        assert_eq!(
            report.lines[0],
            "articles/a.md: self-check: 2 questions in 1 step, 24 words to read (24 in the first step), about 1 min"
        );
        assert_eq!(report.lines.len(), 2, "{:?}", report.lines);
        assert!(
            report.lines[1].starts_with("articles/a.md: ")
                && report.lines[1].contains(" min read, reading grade "),
            "{:?}",
            report.lines
        );
    }

    #[test]
    fn a_long_article_and_a_long_self_check_are_errors() {
        let long = ARTICLE.replace("Body of the first part.", &"Some more words. ".repeat(540));
        let question = &QUIZ[QUIZ.find("[[questions]]").unwrap()..QUIZ.find("[[notes]]").unwrap()];
        let mut quiz = QUIZ.to_string();
        for n in 0..8 {
            quiz.push_str(
                &question
                    .replace("\"pain\"", &format!("\"extra_{n}\""))
                    .replace(
                        "How bad is it?",
                        &format!("Question {n}: {}?", "word ".repeat(80)),
                    ),
            );
        }
        let report = report_for(&[("a.md", &long), ("a.quiz.toml", &quiz)], 14.0);
        let text = report.lines.join("\n");
        assert!(
            text.contains("articles/a.md: 1631 words is more than 1600"),
            "{text}"
        );
        assert!(
            text.contains("the self-check asks 10 questions, more than 8"),
            "{text}"
        );
        assert!(
            text.contains(
                "words to read (legends, hints, group headings and labels), more than 600"
            ),
            "{text}"
        );
        assert!(
            text.contains("the self-check's first step has 704 words to read, more than 400"),
            "{text}"
        );
    }

    #[test]
    fn content_that_does_not_load_is_reported_in_its_folder() {
        let broken = ARTICLE.replace("[^nhs-back-pain]", "[^nhs]");
        let report = report_for(&[("a.md", &broken), ("a.quiz.toml", QUIZ)], 14.0);
        assert_eq!(report.errors, 1, "{:?}", report.lines);
        assert!(
            report.lines[0]
                == "articles/a.md:11: citation `[^nhs]` names no source in sources.toml",
            "{:?}",
            report.lines
        );
    }

    #[test]
    fn an_overdue_review_and_hard_reading_are_errors() {
        let overdue = ARTICLE.replace("next_review = 2027-11-22", "next_review = 2026-12-31");
        let report = report_for(&[("a.md", &overdue), ("a.quiz.toml", QUIZ)], 0.5);
        assert_eq!(report.errors, 3, "{:?}", report.lines);
        let text = report.lines.join("\n");
        assert!(
            text.contains("articles/a.md: the review was due on 2026-12-31"),
            "{text}"
        );
        assert!(
            text.contains("(Flesch-Kincaid) is above the ceiling of 0.5"),
            "{text}"
        );
        assert!(
            text.contains("(SMOG) is above the ceiling of 0.5"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_quiz_and_an_uncited_source_are_errors() {
        let report = report_for(&[("a.md", ARTICLE)], 14.0);
        let text = report.lines.join("\n");
        assert_eq!(report.errors, 2, "{text}");
        assert!(
            text.contains(
                "articles/sources.toml: source `nice-ng59` is cited by no article and no note"
            ),
            "{text}"
        );
        assert!(
            text.contains("articles/a.md: the article has no self-check quiz beside it"),
            "{text}"
        );
    }

    #[test]
    fn placeholders_warn_without_failing() {
        let site = SITE.replace("editors@backwise.org", "editors@backwise.example");
        let report = report_for(
            &[
                ("site.toml", &site),
                ("a.md", ARTICLE),
                ("a.quiz.toml", QUIZ),
            ],
            14.0,
        );
        assert_eq!(report.errors, 0, "{:?}", report.lines);
        assert!(
            report.lines[0].starts_with("articles/site.toml: warning: the contact address `editors@backwise.example` is a placeholder"),
            "{:?}",
            report.lines
        );
    }

    #[test]
    fn the_largest_answer_body_ticks_every_box_and_the_longest_radio() {
        let site = load_site(&files(&[("a.md", ARTICLE), ("a.quiz.toml", QUIZ)])).unwrap();
        let quiz = site.articles[0].quiz.as_ref().unwrap();
        let body = "step=1&warning_signs=chest_pain&warning_signs=none&pain=severe";
        assert_eq!(largest_answer_body(quiz), body.len());
        assert_eq!(encoded_len("a b/é"), 1 + 1 + 1 + 3 + 6);
    }

    #[test]
    fn a_self_check_whose_full_answers_are_too_big_to_send_is_an_error() {
        let mut quiz = QUIZ.to_string();
        for n in 0..400 {
            quiz.push_str(&format!(
                "\n[[questions]]\nname = \"question_{n}\"\ntype = \"radios\"\nlegend = \"Question {n}?\"\noptions = [{{ value = \"yes\", label = \"Yes\" }}, {{ value = \"no_not_at_all\", label = \"No\" }}]\n"
            ));
        }
        let report = report_for(&[("a.md", ARTICLE), ("a.quiz.toml", &quiz)], 14.0);
        let site = load_site(&files(&[("a.md", ARTICLE), ("a.quiz.toml", &quiz)])).unwrap();
        let largest = largest_answer_body(site.articles[0].quiz.as_ref().unwrap());
        assert!(largest > MAX_FORM_BYTES, "{largest}");
        let expected = format!(
            "articles/a.md: the self-check's answers can make a form of {largest} bytes, more than the {MAX_FORM_BYTES} the server accepts"
        );
        assert!(
            report.lines.iter().any(|l| l.starts_with(&expected)),
            "{:?}",
            report.lines
        );
        let fits = sample(14.0);
        assert!(
            !fits.lines.iter().any(|l| l.contains("the server accepts")),
            "{:?}",
            fits.lines
        );
    }
}
