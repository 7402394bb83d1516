//! The editor's report behind `backwise check`: from content loaded exactly as the server loads
//! it, what an editor must fix, as `file:line: message`. The binary loads and prints.

pub mod readability;

use crate::check::readability::TextStats;
use crate::content::date::Date;
use crate::content::quiz::reach::answers_raising;
use crate::content::{Article, ContentError, Site};

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

/// Checks loaded content (or the errors that stopped it loading) against today's date and the
/// reading-grade ceiling. `dir` prefixes file names so editors can jump to them.
pub fn report(
    loaded: Result<Site, Vec<ContentError>>,
    dir: &str,
    today: Date,
    max_grade: f64,
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
    for source in site.uncited_sources() {
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
    for figure in site.unused_figures() {
        let message = "no article shows this figure: place it with ![alt](...) or remove it";
        report.error(in_dir(ContentError::new(&figure.name, None, message)));
    }
    for article in &site.articles {
        if let Some(quiz) = &article.quiz {
            let first = quiz.step_questions(0);
            let steps = match quiz.steps.len() {
                1 => "1 step".to_string(),
                n => format!("{n} steps"),
            };
            report.lines.push(format!(
                "{dir}/{}: self-check: {} questions in {steps} ({} in the first), {} words to read, about {} min",
                article.file,
                quiz.questions.len(),
                first.len(),
                quiz.words_to_read(),
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
    }
    report
}

/// An article longer than this is more than an 8-minute read: split it, or link instead of
/// repeating what another article says.
pub const MAX_ARTICLE_WORDS: usize = 1600;

/// A self-check a reader in trouble will finish: the warning signs on a short first page, and
/// no more than this many questions and words in all.
pub const MAX_FIRST_STEP_QUESTIONS: usize = 3;
pub const MAX_QUESTIONS: usize = 8;
pub const MAX_FORM_WORDS: usize = 450;

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
            let first = quiz.step_questions(0).len();
            if first > MAX_FIRST_STEP_QUESTIONS {
                found.push(format!(
                    "the self-check's first step asks {first} questions: ask only the warning signs there (at most {MAX_FIRST_STEP_QUESTIONS})"
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
                    "the self-check has {} words to read (legends, hints and labels), more than {MAX_FORM_WORDS}: shorten them",
                    quiz.words_to_read()
                ));
            }
            for note in quiz.notes.iter().filter(|n| n.card.is_some()) {
                if answers_raising(quiz, note).is_none() {
                    found.push(format!(
                        "the {} card line of note `{}` has no path in the self-check: no answers raise it",
                        note.level.key(),
                        note.id
                    ));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_site;
    use crate::content::samples::{ARTICLE, QUIZ, SITE, files};

    fn report_for(list: &[(&str, &str)], max_grade: f64) -> Report {
        let today = Date::new(2027, 1, 1).unwrap();
        report(load_site(&files(list)), "articles", today, max_grade)
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
            "articles/a.md: self-check: 2 questions in 1 step (2 in the first), 14 words to read, about 1 min"
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
                        &format!("Question {n}: {}?", "word ".repeat(50)),
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
            text.contains("words to read (legends, hints and labels), more than 450"),
            "{text}"
        );
        assert!(
            text.contains("the self-check's first step asks 10 questions"),
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
}
