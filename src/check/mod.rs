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
