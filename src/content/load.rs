//! Building the site from its files' names and texts: every article with its quiz, the
//! sources, figures and settings, every rule checked and every problem reported at its file and
//! line, each once.

use crate::content::date::Date;
use crate::content::figure::{self, Figure};
use crate::content::front_matter;
use crate::content::markdown;
use crate::content::problem::{ContentError, Lookup, did_you_mean, nearest};
use crate::content::quiz::{self, CareCard};
use crate::content::settings::{self, Settings};
use crate::content::site::{Article, Figures, Site};
use crate::content::source::{SOURCES_FILE, SourceCheck, load_sources};
use crate::content::{RESERVED_IDS, WARNING_SIGNS_FILE};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// The figures a site has and those it refused, to tell a figure that does not exist from one
/// whose problems its own file reports.
struct FigureSet {
    figures: Figures,
    refused: BTreeSet<String>,
}

impl FigureSet {
    fn find(&self, name: &str) -> Lookup<&Arc<Figure>> {
        match self.figures.get(name) {
            Some(figure) => Lookup::Found(figure),
            None if self.refused.contains(name) => Lookup::Broken,
            None => Lookup::Missing {
                nearest: nearest(
                    name,
                    self.figures.keys().chain(&self.refused).map(String::as_str),
                )
                .map(String::from),
            },
        }
    }
}

/// Checks every `figures/*.svg` file; a figure with a problem is left out, and each problem is
/// reported with its file and line.
fn load_figures(files: &BTreeMap<String, String>, errors: &mut Vec<ContentError>) -> FigureSet {
    let mut figures = Figures::new();
    let mut refused = BTreeSet::new();
    for (name, text) in files.range(figure::FOLDER.to_string()..) {
        if !name.starts_with(figure::FOLDER) {
            break;
        }
        match figure::check(name, text) {
            Ok(checked) => {
                figures.insert(name.clone(), Arc::new(checked));
            }
            Err(problems) => {
                refused.insert(name.clone());
                errors.extend(
                    problems
                        .into_iter()
                        .map(|(line, message)| ContentError::new(name, Some(line), message)),
                )
            }
        }
    }
    FigureSet { figures, refused }
}

pub(super) const ARTICLE_SUFFIX: &str = ".md";
const QUIZ_SUFFIX: &str = ".quiz.toml";

/// Loads every article (`<name>.md`) and its quiz (`<name>.quiz.toml`) from the files given by
/// name. Other `.toml` files are only read when a quiz includes them. Every problem is reported,
/// not just the first, so an editor can fix them in one go; and each once, not again in every
/// place that names what is broken.
pub fn load_site(files: &BTreeMap<String, String>) -> Result<Site, Vec<ContentError>> {
    load_site_on(files, Date::latest_today())
}

/// [`load_site`] on the day `today`, which no article's last review may come after.
pub fn load_site_on(
    files: &BTreeMap<String, String>,
    today: Date,
) -> Result<Site, Vec<ContentError>> {
    let mut errors = Vec::new();
    let sources = match files.get(SOURCES_FILE) {
        Some(text) => {
            let (sources, mut found) = load_sources(text);
            errors.append(&mut found);
            sources
        }
        None => {
            let message = "every source is defined here, and the file is missing";
            errors.push(ContentError::new(SOURCES_FILE, None, message));
            None
        }
    };
    let source_check = SourceCheck::new(sources.as_ref());
    let settings = match files.get(settings::FILE) {
        Some(text) => Settings::parse(text)
            .map_err(|mut found| errors.append(&mut found))
            .ok(),
        None => {
            let message = "the site's settings (publisher, contact, base_url, licence) are missing";
            errors.push(ContentError::new(settings::FILE, None, message));
            None
        }
    };
    let figures = load_figures(files, &mut errors);
    let mut articles: Vec<Arc<Article>> = Vec::new();
    // Each slug, with the file that took it first.
    let mut slugs: HashMap<String, String> = HashMap::new();
    for (name, text) in files {
        if let Some(stem) = name.strip_suffix(QUIZ_SUFFIX) {
            if !files.contains_key(&format!("{stem}{ARTICLE_SUFFIX}")) {
                let message = format!("quiz has no article: expected `{stem}{ARTICLE_SUFFIX}`");
                errors.push(ContentError::new(name, None, message));
            }
            continue;
        }
        let Some(stem) = name.strip_suffix(ARTICLE_SUFFIX) else {
            continue;
        };
        let mut article = match parse_article(name, text, &source_check, &figures, today) {
            Ok(article) => article,
            Err(mut found) => {
                errors.append(&mut found);
                continue;
            }
        };
        let quiz_name = format!("{stem}{QUIZ_SUFFIX}");
        if let Some(quiz_text) = files.get(&quiz_name) {
            let read_include = |include: &str| files.get(include).cloned();
            let sections = article.section_ids();
            match quiz::load_quiz(
                &quiz_name,
                quiz_text,
                &read_include,
                &sections,
                &source_check,
            ) {
                Ok(quiz) => {
                    article.care = quiz.care.clone();
                    if let Some(spec) = &quiz.care_figure {
                        match figures.find(&spec.src) {
                            Lookup::Found(figure) => {
                                article.care_figure = Some(markdown::figure_html(
                                    &figure.placed(),
                                    &spec.alt,
                                    &spec.caption,
                                ));
                            }
                            Lookup::Broken => {}
                            Lookup::Missing { nearest } => errors.push(ContentError::new(
                                WARNING_SIGNS_FILE,
                                None,
                                format!(
                                    "`[care_figure]`: figure `{}` does not exist{}",
                                    spec.src,
                                    did_you_mean(nearest.as_deref())
                                ),
                            )),
                        }
                    }
                    for source in quiz.notes.iter().flat_map(|n| &n.sources) {
                        if !article.sources.iter().any(|s| s.id == source.id) {
                            article.sources.push(source.clone());
                        }
                    }
                    article.quiz = Some(quiz);
                }
                Err(mut found) => errors.append(&mut found),
            }
        }
        match slugs.get(&article.slug) {
            Some(first) => {
                let at = |file: &str, text: &str| match front_matter::key_line(text, "slug") {
                    Some(line) => format!("{file}:{line}"),
                    None => file.to_string(),
                };
                let message = format!(
                    "slug `{}` is already the slug of {}: give each article its own",
                    article.slug,
                    at(first, &files[first])
                );
                let line = front_matter::key_line(text, "slug");
                errors.push(ContentError::new(name, line, message));
            }
            None => {
                slugs.insert(article.slug.clone(), name.clone());
            }
        }
        articles.push(Arc::new(article));
    }
    let unchecked = source_check.unchecked();
    if unchecked > 0 {
        let (count, verb) = match unchecked {
            1 => ("1 citation (in an article or a note)".to_string(), "was"),
            n => (format!("{n} citations (in articles and notes)"), "were"),
        };
        let message = format!("{count} {verb} not checked, because {SOURCES_FILE} did not load");
        errors.push(ContentError::new(SOURCES_FILE, None, message));
    }
    if articles.is_empty() && errors.is_empty() {
        let message = "no articles found: an article is a `<name>.md` file";
        errors.push(ContentError::new("", None, message));
    }
    // The home page lists the emergency signs every article shares, not one article's own.
    let emergency_cards: Vec<&CareCard> = articles
        .iter()
        .filter_map(|a| a.care.first())
        .filter(|card| card.level == quiz::Level::Emergency)
        .collect();
    let emergency = emergency_cards.first().map(|first| {
        let mut card = (*first).clone();
        card.signs
            .retain(|sign| emergency_cards.iter().all(|c| c.signs.contains(sign)));
        card
    });
    match (settings, sources) {
        (Some(settings), Some(sources)) if errors.is_empty() => Ok(Site {
            articles,
            sources,
            figures: figures.figures,
            emergency,
            settings: Arc::new(settings),
        }),
        _ => Err(once_each(errors)),
    }
}

/// The errors without repeats: a shared file that two quizzes include is checked twice, and
/// its problems are the same each time.
fn once_each(errors: Vec<ContentError>) -> Vec<ContentError> {
    let mut seen = HashSet::new();
    errors
        .into_iter()
        .filter(|error| seen.insert(error.clone()))
        .collect()
}

/// Parses one article file: front matter and body, its citations checked against `sources`
/// and its figures against `figures`, on the day `today`.
fn parse_article(
    file: &str,
    text: &str,
    sources: &SourceCheck,
    figures: &FigureSet,
    today: Date,
) -> Result<Article, Vec<ContentError>> {
    let front_matter::Read {
        meta,
        mut problems,
        body,
        body_first_line,
    } = front_matter::read(file, text, today)?;
    let source = |id: &str| sources.find(id).map(|_| ());
    let figure = |name: &str| figures.find(name).map(|f| f.placed());
    let lookups = markdown::Lookups {
        source: &source,
        figure: &figure,
    };
    // Each point is a line of Markdown, so a number to call can be a link a phone can call.
    let general_advice: Vec<markdown::Html> = (meta.general_advice.iter())
        .filter_map(|advice| match markdown::render_fragment(advice) {
            Ok(html) => Some(html),
            Err(found) => {
                let line = front_matter::key_line(text, "general_advice");
                let message = |p: markdown::Problem| format!("general_advice: {}", p.message);
                problems.extend(
                    found
                        .into_iter()
                        .map(|p| ContentError::new(file, line, message(p))),
                );
                None
            }
        })
        .collect();
    let document =
        match markdown::render_document(body, &RESERVED_IDS, &lookups) {
            Ok(document) => Some(document),
            Err(found) => {
                problems.extend(found.into_iter().map(|p| {
                    ContentError::new(file, Some(body_first_line + p.line - 1), p.message)
                }));
                None
            }
        };
    match document {
        Some(body) if problems.is_empty() => {
            if body.citations.is_empty() {
                let message = "the article cites no source: cite each claim with `[^source-id]`";
                return Err(vec![ContentError::new(file, None, message)]);
            }
            Ok(Article {
                file: file.to_string(),
                words: body.plain_text.split_whitespace().count(),
                slug: meta.slug,
                title: meta.title,
                description: meta.description,
                summary: meta.summary,
                about: meta.about,
                general_advice,
                last_reviewed: meta.last_reviewed,
                next_review: meta.next_review,
                care: Vec::new(),
                care_figure: None,
                // Without sources.toml none is found, and the site does not load.
                sources: body
                    .citations
                    .iter()
                    .filter_map(|id| sources.get(id).cloned())
                    .collect(),
                body,
                quiz: None,
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests;
