//! An article's front matter: the TOML between `+++` lines at the top of its file, read and
//! checked before the Markdown after it is rendered.

use crate::content::date::Date;
use crate::content::markdown;
use crate::content::problem::{ContentError, Lines};
use serde::Deserialize;

/// What an article says about itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub slug: String,
    pub description: String,
    pub summary: String,
    /// The conditions the article is about, for search engines' structured data.
    pub about: Vec<String>,
    /// What helps most readers, shown when a self-check raises no note.
    pub general_advice: Vec<String>,
    pub last_reviewed: Date,
    pub next_review: Date,
}

/// An article file, read: its front matter, the problems in its values (reported together with
/// those in the body), and its Markdown body with the line it starts on.
pub struct Read<'a> {
    pub meta: FrontMatter,
    pub problems: Vec<ContentError>,
    pub body: &'a str,
    pub body_first_line: usize,
}

/// Reads an article file's front matter, on the day `today`. A file whose front matter cannot
/// be read at all is an error; a value that breaks a rule is a problem in [`Read::problems`].
pub fn read<'a>(file: &str, text: &'a str, today: Date) -> Result<Read<'a>, Vec<ContentError>> {
    let (front, body, body_first_line) =
        split_front_matter(text).map_err(|m| vec![ContentError::new(file, Some(1), m)])?;
    let meta: FrontMatter =
        toml::from_str(front).map_err(|e| vec![ContentError::from_toml(file, front, 1, &e)])?;

    let mut problems = Vec::new();
    // A front-matter problem points at its key's line (the file's first line is `+++`).
    let lines = Lines::new(front);
    let line_of = |key: &str| lines.key(key).map(|line| line + 1);
    let mut problem =
        |key: &str, message: String| problems.push(ContentError::new(file, line_of(key), message));
    if !markdown::is_plain_id(&meta.slug) {
        problem(
            "slug",
            format!(
                "slug `{}` must use only lowercase letters, digits and hyphens",
                meta.slug
            ),
        );
    }
    for (field, value) in [
        ("title", &meta.title),
        ("description", &meta.description),
        ("summary", &meta.summary),
    ] {
        if value.trim().is_empty() {
            problem(field, format!("`{field}` is empty"));
        }
    }
    if meta.general_advice.is_empty() || meta.general_advice.iter().any(|a| a.trim().is_empty()) {
        let message = "`general_advice` needs at least one point, and no empty ones";
        problem("general_advice", message.into());
    }
    if meta.last_reviewed > today {
        // Then whether the next review comes after it says nothing more.
        problem(
            "last_reviewed",
            format!(
                "last_reviewed ({}) is in the future: give the day the article was last reviewed",
                meta.last_reviewed.iso()
            ),
        );
    } else if meta.next_review <= meta.last_reviewed {
        problem(
            "next_review",
            format!(
                "next_review ({}) must come after last_reviewed ({})",
                meta.next_review.iso(),
                meta.last_reviewed.iso()
            ),
        );
    }
    Ok(Read {
        meta,
        problems,
        body,
        body_first_line,
    })
}

/// The line of `key =` in an article file's front matter, to point at it from elsewhere.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    let (front, _, _) = split_front_matter(text).ok()?;
    Lines::new(front).key(key).map(|line| line + 1)
}

/// Splits `+++`-fenced TOML front matter from the body; also returns the body's first line number.
fn split_front_matter(text: &str) -> Result<(&str, &str, usize), &'static str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or("the file must start with a `+++` line opening the front matter")?;
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            // The opening `+++`, the front matter's lines, the closing `+++`, then the body.
            let body_first_line = index + 3;
            return Ok((front, body, body_first_line));
        }
        offset += line.len();
    }
    Err("the front matter is never closed: add a `+++` line after it")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::samples::ARTICLE;

    fn today() -> Date {
        Date::new(2026, 12, 1).unwrap()
    }

    /// Every problem `read` finds in an article file, whether it stops reading or not.
    fn article_errors(text: &str) -> Vec<String> {
        let found = match read("a.md", text, today()) {
            Ok(read) => read.problems,
            Err(errors) => errors,
        };
        found.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_sample_reads_without_a_problem() {
        let read = read("a.md", ARTICLE, today()).unwrap();
        assert!(read.problems.is_empty());
        assert_eq!(read.meta.slug, "test-article");
        assert_eq!(read.body_first_line, 11);
        assert!(read.body.starts_with("Intro text."));
    }

    #[test]
    fn a_file_without_front_matter_is_refused() {
        let errors = article_errors("Just text.\n");
        assert_eq!(
            errors,
            ["a.md:1: the file must start with a `+++` line opening the front matter"]
        );
    }

    #[test]
    fn unclosed_front_matter_is_refused() {
        let errors = article_errors("+++\ntitle = \"x\"\n");
        assert!(errors[0].contains("never closed"), "{errors:?}");
    }

    #[test]
    fn malformed_toml_names_its_line() {
        let errors = article_errors(&ARTICLE.replace("summary = \"A summary.\"", "summary = "));
        assert!(errors[0].starts_with("a.md:5: "), "{errors:?}");
    }

    #[test]
    fn a_missing_field_is_named() {
        let errors = article_errors(&ARTICLE.replace("summary = \"A summary.\"\n", ""));
        assert!(errors[0].contains("missing field `summary`"), "{errors:?}");
        let errors = article_errors(&ARTICLE.replace("[\"Keep moving.\"]", "[]"));
        assert!(errors[0].contains("`general_advice` needs"), "{errors:?}");
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let errors = article_errors(&ARTICLE.replace("slug =", "colour = \"red\"\nslug ="));
        assert!(errors[0].contains("unknown field `colour`"), "{errors:?}");
        assert!(errors[0].starts_with("a.md:3:"), "{errors:?}");
    }

    #[test]
    fn a_date_that_does_not_exist_is_refused() {
        let errors = article_errors(&ARTICLE.replace("2027-11-22", "2027-02-30"));
        assert!(errors[0].starts_with("a.md:9:"), "{errors:?}");
    }

    #[test]
    fn a_date_with_a_time_is_refused() {
        let errors = article_errors(&ARTICLE.replace("2027-11-22", "2027-11-22T10:00:00"));
        assert!(
            errors[0].contains("expected a date such as 2026-11-22"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_review_due_before_the_last_review_is_refused() {
        let errors = article_errors(&ARTICLE.replace("2027-11-22", "2025-01-01"));
        assert!(
            errors[0].starts_with("a.md:9: next_review (2025-01-01) must come after last_reviewed"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_review_dated_in_the_future_is_refused_as_such() {
        let errors = article_errors(&ARTICLE.replace("2026-11-22", "2099-01-01"));
        assert_eq!(
            errors,
            [
                "a.md:8: last_reviewed (2099-01-01) is in the future: give the day the article was last reviewed"
            ]
        );
        let errors = article_errors(&ARTICLE.replace("2026-11-22", "2026-12-01"));
        assert!(errors.is_empty(), "today is not the future: {errors:?}");
    }

    #[test]
    fn a_key_is_found_at_its_line_in_the_file() {
        assert_eq!(key_line(ARTICLE, "slug"), Some(3));
        assert_eq!(key_line(ARTICLE, "next_review"), Some(9));
        assert_eq!(key_line("no front matter", "slug"), None);
    }
}
