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
    let in_dir = |mut error: ContentError| {
        error.file = format!("{dir}/{}", error.file);
        error
    };
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

fn problems(article: &Article, today: Date, fk: f64, smog: f64, max_grade: f64) -> Vec<String> {
    let mut found = Vec::new();
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
        assert_eq!(report.lines.len(), 1, "{:?}", report.lines);
        assert!(
            report.lines[0].starts_with("articles/a.md: ")
                && report.lines[0].contains(" min read, reading grade "),
            "{:?}",
            report.lines
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
