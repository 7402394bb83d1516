//! The articles and their quiz answers, shared by the site tests and the browser tests. The
//! answers are read from `tests/fixtures/answers/<slug>.toml`, the same files `cargo bench` and
//! `bench/` read.

use backwise::content::Article;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The two articles, for tests of what one of them says. Tests of what every article does go
/// through [`articles`].
pub const WEIGHT_LOSS: &str = "weight-loss-and-upper-back-pain";
pub const LIFTING: &str = "weightlifting-and-mid-back-pain";

/// The folder of content the tests run on, when `$BACKWISE_TEST_CONTENT` names one (a copy of
/// the articles with one more, say); otherwise the articles built into the binary.
pub fn test_content() -> Option<std::path::PathBuf> {
    std::env::var_os("BACKWISE_TEST_CONTENT").map(std::path::PathBuf::from)
}

/// The content the tests run on, loaded as the server loads it.
pub fn load_test_content() -> backwise::content::Site {
    backwise::load_content(test_content().as_deref()).expect("the content loads")
}

/// The site's articles, loaded as the server loads them.
pub fn articles() -> &'static [Arc<Article>] {
    static SITE: OnceLock<backwise::content::Site> = OnceLock::new();
    &SITE.get_or_init(load_test_content).articles
}

/// The slug of every article on the site.
pub fn slugs() -> Vec<&'static str> {
    articles().iter().map(|a| a.slug.as_str()).collect()
}

/// One article's answer sets.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerSets {
    pub calm: Vec<(String, String)>,
    pub every_level: Vec<(String, String)>,
}

/// Where an article's answer sets live: `tests/fixtures/answers/<slug>.toml`, or the folder
/// `$BACKWISE_TEST_ANSWERS` names.
pub fn fixture_path(slug: &str) -> std::path::PathBuf {
    std::env::var_os("BACKWISE_TEST_ANSWERS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers")
        })
        .join(format!("{slug}.toml"))
}

/// The answer sets of an article, read once.
pub fn answer_sets(slug: &str) -> &'static AnswerSets {
    static SETS: OnceLock<BTreeMap<String, AnswerSets>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        let dir = fixture_path("x").parent().unwrap().to_path_buf();
        std::fs::read_dir(&dir)
            .expect("tests/fixtures/answers/")
            .flatten()
            .filter_map(|entry| {
                let path = entry.path();
                let slug = path.file_stem()?.to_str()?.to_string();
                let text = std::fs::read_to_string(&path).ok()?;
                let sets =
                    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                Some((slug, sets))
            })
            .collect()
    });
    sets.get(slug).unwrap_or_else(|| {
        panic!(
            "no answer sets for `{slug}`: add {}",
            fixture_path(slug).display()
        )
    })
}

fn borrowed(pairs: &'static [(String, String)]) -> Vec<(&'static str, &'static str)> {
    pairs
        .iter()
        .map(|(q, v)| (q.as_str(), v.as_str()))
        .collect()
}

/// Answers that raise no note.
pub fn calm_answers(slug: &str) -> Vec<(&'static str, &'static str)> {
    borrowed(&answer_sets(slug).calm)
}

/// Answers that raise a note of every level of care.
pub fn every_level_answers(slug: &str) -> Vec<(&'static str, &'static str)> {
    borrowed(&answer_sets(slug).every_level)
}

/// The answers of `every_level` with no warning sign ticked: a reader who goes through both
/// steps, and whose notes sit beside the sections they concern.
pub fn side_note_answers(slug: &str) -> Vec<(&'static str, &'static str)> {
    let quiz = articles()
        .iter()
        .find(|a| a.slug == slug)
        .and_then(|a| a.quiz.as_ref())
        .unwrap_or_else(|| panic!("`{slug}` has a self-check"));
    let first: Vec<&str> = quiz
        .step_questions(0)
        .iter()
        .map(|q| q.name.as_str())
        .collect();
    let mut answers: Vec<_> = calm_answers(slug)
        .into_iter()
        .filter(|(name, _)| first.contains(name))
        .collect();
    answers.extend(
        every_level_answers(slug)
            .into_iter()
            .filter(|(name, _)| !first.contains(name)),
    );
    answers
}

/// The calm answers with two questions left out (the first and the last that are always
/// asked), as a reader in a hurry might send them: the page shows two mistakes.
pub fn mistaken_answers(slug: &str) -> Vec<(&'static str, &'static str)> {
    let quiz = articles()
        .iter()
        .find(|a| a.slug == slug)
        .and_then(|a| a.quiz.as_ref())
        .unwrap_or_else(|| panic!("`{slug}` has a self-check"));
    let always: Vec<&str> = quiz
        .questions
        .iter()
        .filter(|q| q.required && q.required_unless.is_none())
        .map(|q| q.name.as_str())
        .collect();
    let left_out = [always[0], always[always.len() - 1]];
    calm_answers(slug)
        .into_iter()
        .filter(|(name, _)| !left_out.contains(name))
        .collect()
}

/// The calm answers with some questions answered differently (all values of a field replaced).
pub fn answers_with(
    slug: &str,
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let changed: Vec<&str> = changes.iter().map(|(name, _)| *name).collect();
    let mut answers: Vec<_> = calm_answers(slug)
        .into_iter()
        .filter(|(name, _)| !changed.contains(name))
        .collect();
    answers.extend_from_slice(changes);
    answers
}
