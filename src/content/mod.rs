//! Articles: front matter, Markdown body and quiz, loaded and checked once at start-up.
//! [`load_site_on`] is a pure function of the files' names and texts and of the day (no review
//! may be dated after it); [`load_site`] gives it today, and [`load_dir`] reads the files.

pub mod date;
pub mod figure;
pub mod fingerprint;
pub mod front_matter;
pub mod markdown;
pub mod problem;
pub mod quiz;
#[cfg(test)]
pub(crate) mod samples;
pub mod settings;
pub mod source;

use date::Date;
use figure::Figure;
use markdown::{Document, Html, ReservedIds};
pub use problem::ContentError;
use problem::{Lines, Lookup, did_you_mean, nearest};
use quiz::{CareCard, Quiz};
use settings::Settings;
pub use source::{SOURCES_FILE, Source, Sources};
use source::{SourceCheck, load_sources};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// The ids the article page gives its own parts, which no heading in the Markdown may take. A
/// test renders every page state and checks these against the ids the templates write.
pub const RESERVED_IDS: ReservedIds = ReservedIds {
    whole: &[
        "main",
        "results",
        "results-title",
        "toc-title",
        "when-to-get-help",
        "check",
        "sources",
        "review",
    ],
    // A note's title, a question's answers, and a source's list entry. (Mistakes are shown on a
    // step page of their own; a question with a hint would write `hint-` ids: reserve them when
    // one is asked on the article page.)
    prefixes: &["note-", "q-", "source-"],
};

/// Words a minute used for the reading time shown on cards.
const READING_SPEED: usize = 200;

/// The file that sets the levels of care and the warning signs, shown on the home page too.
pub const WARNING_SIGNS_FILE: &str = "warning-signs.toml";

/// The site's figures by name, such as `figures/spine-regions.svg`.
pub type Figures = BTreeMap<String, Arc<Figure>>;

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

/// An article ready to serve.
#[derive(Debug, Clone)]
pub struct Article {
    pub file: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub summary: String,
    pub about: Vec<String>,
    pub general_advice: Vec<String>,
    pub last_reviewed: Date,
    pub next_review: Date,
    /// "When to get help": from the quiz's levels of care and the notes with a card line.
    pub care: Vec<CareCard>,
    /// The figure beside the cards, if the levels of care set one.
    pub care_figure: Option<Html>,
    /// What the body cites, in the order of its citation numbers, then what only the notes cite.
    pub sources: Vec<Arc<Source>>,
    pub body: Document,
    pub words: usize,
    pub quiz: Option<Quiz>,
}

impl Article {
    pub fn url(&self) -> String {
        format!("/articles/{}", self.slug)
    }

    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(READING_SPEED).max(1)
    }

    pub fn section_ids(&self) -> Vec<&str> {
        self.body.sections.iter().map(|s| s.id.as_str()).collect()
    }
}

/// All the content, checked.
#[derive(Debug, Clone)]
pub struct Site {
    /// In the order of their file names, which is the order of the home page.
    pub articles: Vec<Arc<Article>>,
    /// Every source, cited or not, by id.
    pub sources: Sources,
    /// Every figure, by its name in the content (`figures/name.svg`).
    pub figures: Figures,
    /// The emergency card, shown on the home page as well as in each article.
    pub emergency: Option<CareCard>,
    /// Who publishes the site, and where it lives.
    pub settings: Arc<Settings>,
}

impl Site {
    pub fn article(&self, slug: &str) -> Option<&Arc<Article>> {
        self.articles.iter().find(|a| a.slug == slug)
    }
}

const ARTICLE_SUFFIX: &str = ".md";
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

impl Site {
    /// The site with problems an editor's live preview must show on every page.
    pub fn with_problems(mut self, problems: Vec<String>) -> Site {
        Arc::make_mut(&mut self.settings).problems = problems;
        self
    }

    /// The site as deployed at `base_url`, when one is given instead of the one in `site.toml`.
    pub fn with_base_url(mut self, base_url: Option<&str>) -> Site {
        if let Some(url) = base_url {
            Arc::make_mut(&mut self.settings).base_url = url.to_string();
        }
        self
    }

    /// Figures that no article shows: a drawing nobody sees is not reviewed either.
    pub fn unused_figures(&self) -> Vec<&Figure> {
        self.figures
            .values()
            .filter(|figure| {
                !self.articles.iter().any(|a| {
                    let shown_in = |html: &str| html.contains(&figure.url);
                    shown_in(a.body.intro.as_str())
                        || a.body.sections.iter().any(|s| shown_in(s.body.as_str()))
                        || a.care_figure.as_ref().is_some_and(|f| shown_in(f.as_str()))
                })
            })
            .map(|f| f.as_ref())
            .collect()
    }

    /// Sources that no article text and no note cites: a list should hold only what it uses.
    pub fn uncited_sources(&self) -> Vec<&Source> {
        let cited: BTreeSet<&str> = self
            .articles
            .iter()
            .flat_map(|a| a.sources.iter().map(|s| s.id.as_str()))
            .collect();
        self.sources
            .values()
            .filter(|s| !cited.contains(s.id.as_str()))
            .map(|s| s.as_ref())
            .collect()
    }
}

/// Reads the `.md` and `.toml` files of a folder, and the SVG files of its `figures/` folder,
/// and loads them with [`load_site`]. A file that cannot be read stops the loading, with every
/// other such file: what follows from a missing file would only bury it.
pub fn load_dir(dir: &Path) -> Result<Site, Vec<ContentError>> {
    load_site(&read_content_files(dir)?)
}

/// The content files of a folder by name (`figures/` ones as `figures/name.svg`), or every
/// reason some could not be read, each naming its file within the folder.
pub fn read_content_files(dir: &Path) -> Result<BTreeMap<String, String>, Vec<ContentError>> {
    let root = match std::fs::canonicalize(dir) {
        Ok(root) if root.is_dir() => root,
        Ok(_) => {
            let message = "is not a folder: give the folder that holds the articles";
            return Err(vec![ContentError::new("", None, message)]);
        }
        Err(e) => {
            let message = format!("the content folder cannot be read: {e}");
            return Err(vec![ContentError::new("", None, message)]);
        }
    };
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    let folder = |prefix: &str, suffixes: &[&str], files: &mut _, errors: &mut _| {
        let path = root.join(prefix.trim_end_matches('/'));
        read_folder(&root, &path, prefix, suffixes, files, errors)
    };
    folder("", &[ARTICLE_SUFFIX, ".toml"], &mut files, &mut errors);
    let figures = root.join(figure::FOLDER);
    match within(&root, &figures) {
        Ok(()) if figures.is_dir() => folder(figure::FOLDER, &[".svg"], &mut files, &mut errors),
        Ok(()) => {}
        Err(message) => {
            let name = figure::FOLDER.trim_end_matches('/');
            errors.push(ContentError::new(name, None, message));
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Adds the files of `folder` whose names end with one of `suffixes`, named `prefix` + file
/// name, or the reason each cannot be read.
fn read_folder(
    root: &Path,
    folder: &Path,
    prefix: &str,
    suffixes: &[&str],
    files: &mut BTreeMap<String, String>,
    errors: &mut Vec<ContentError>,
) {
    let unreadable = |e: std::io::Error| {
        let name = prefix.trim_end_matches('/');
        ContentError::new(name, None, format!("cannot be read: {e}"))
    };
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => return errors.push(unreadable(e)),
    };
    let is_content = |name: &str| suffixes.iter().any(|suffix| name.ends_with(suffix));
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                errors.push(unreadable(e));
                continue;
            }
        };
        let Some(os_name) = path.file_name() else {
            continue;
        };
        let Some(name) = os_name.to_str() else {
            // Such a file cannot be named in a report or a page: say so rather than skip it.
            let lossy = os_name.to_string_lossy();
            if is_content(&lossy) {
                let file = format!("{prefix}{lossy}");
                let message = "the file name is not valid UTF-8, so the file is skipped: rename it";
                errors.push(ContentError::new(&file, None, message));
            }
            continue;
        };
        if !is_content(name) {
            continue;
        }
        let file = format!("{prefix}{name}");
        let read = within(root, &path)
            .map_err(|message| (None, message))
            .and_then(|()| read_text(&path));
        match read {
            Ok(text) => {
                files.insert(file, text);
            }
            Err((line, message)) => errors.push(ContentError::new(&file, line, message)),
        }
    }
}

/// Whether `path`, if it exists, is within the folder `root` once links are followed. A link
/// out of the folder is refused: what it points to is not the content being edited and checked
/// (and nobody meant to publish `/etc/passwd`). A link within the folder is followed.
fn within(root: &Path, path: &Path) -> Result<(), String> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = || {
        std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default()
    };
    match std::fs::canonicalize(path) {
        Ok(real) if real.starts_with(root) => Ok(()),
        Ok(real) => Err(format!(
            "is a link to `{}`, outside the content folder: only links within it are followed; copy the file in instead",
            real.display()
        )),
        Err(_) if is_link => Err(format!("is a link to `{}`, which does not exist", target())),
        Err(_) => Ok(()),
    }
}

/// A file's text, or why it cannot be read: for text that is not UTF-8, the line of the first
/// byte that is not.
fn read_text(path: &Path) -> Result<String, (Option<usize>, String)> {
    let bytes = std::fs::read(path).map_err(|e| (None, format!("cannot be read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..at]);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        let line = Lines::new(&before).line(at);
        (
            Some(line),
            format!(
                "byte 0x{:02X} at column {column} is not UTF-8: save the file as UTF-8",
                bytes[at]
            ),
        )
    })
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
                general_advice: meta.general_advice,
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
mod tests {
    use super::*;
    use crate::content::samples::{ARTICLE, QUIZ, SIGNS, SOURCES, files};

    fn errors_for(list: &[(&str, &str)]) -> Vec<String> {
        load_site(&files(list))
            .expect_err("the content is refused")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn article_errors(text: &str) -> Vec<String> {
        errors_for(&[("a.md", text)])
    }

    #[test]
    fn a_valid_article_and_quiz_load() {
        let site = load_site(&files(&[("a.md", ARTICLE), ("a.quiz.toml", QUIZ)])).unwrap();
        let article = site.article("test-article").unwrap();
        assert_eq!(article.title, "Test article");
        assert_eq!(article.section_ids(), ["first", "second"]);
        assert_eq!(article.last_reviewed.iso(), "2026-11-22");
        assert_eq!(article.quiz.as_ref().unwrap().notes[1].id, "severe-pain");
        assert_eq!(
            article.care[0].action.as_str(),
            "<p>Call <strong>999</strong>.</p>\n"
        );
        assert_eq!(article.care[0].signs, ["Chest pain"]);
        assert_eq!(article.care[2].signs, ["your pain is severe"]);
        let cited: Vec<&str> = article.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(cited, ["nhs-back-pain", "nice-ng59"]);
        assert!(site.uncited_sources().is_empty());
        let card = site
            .emergency
            .as_ref()
            .expect("the home page has the emergency card");
        assert_eq!(card.signs, ["Chest pain"]);
    }

    #[test]
    fn a_duplicate_slug_is_refused_at_its_line_naming_the_first() {
        let first = ARTICLE.replace("title =", "# The first\ntitle =");
        let errors = errors_for(&[("a.md", &first), ("b.md", ARTICLE)]);
        assert_eq!(
            errors,
            [
                "b.md:3: slug `test-article` is already the slug of a.md:4: give each article its own"
            ]
        );
    }

    #[test]
    fn a_plain_http_or_undated_source_is_refused_at_its_line() {
        let sources = SOURCES.replace("https://www.nhs", "http://www.nhs");
        let errors = errors_for(&[("a.md", ARTICLE), (SOURCES_FILE, &sources)]);
        assert_eq!(
            errors,
            [
                "sources.toml:3: source `nhs-back-pain` must link to an https:// address, not `http://www.nhs.uk/conditions/back-pain/`"
            ]
        );
        let sources = SOURCES.replace("year = 2020\n", "");
        let errors = errors_for(&[("a.md", ARTICLE), (SOURCES_FILE, &sources)]);
        assert!(errors[0].contains("needs a `year`"), "{errors:?}");
    }

    #[test]
    fn a_source_defined_twice_is_refused() {
        let sources = format!(
            "{SOURCES}{}",
            &SOURCES[..SOURCES.find("[[sources]]\nid = \"nice").unwrap()]
        );
        let errors = errors_for(&[("a.md", ARTICLE), (SOURCES_FILE, &sources)]);
        assert!(
            errors
                .iter()
                .any(|e| e.contains("`nhs-back-pain` is defined twice")),
            "{errors:?}"
        );
    }

    #[test]
    fn a_citation_of_an_unknown_source_names_its_line() {
        let errors = article_errors(&ARTICLE.replace("[^nhs-back-pain]", "[^nhs-backpain]"));
        assert_eq!(
            errors,
            [
                "a.md:11: citation `[^nhs-backpain]` names no source in sources.toml: did you mean `nhs-back-pain`?"
            ]
        );
    }

    #[test]
    fn an_article_that_cites_nothing_is_refused() {
        let errors = article_errors(&ARTICLE.replace("[^nhs-back-pain]", ""));
        assert!(errors[0].contains("cites no source"), "{errors:?}");
    }

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 200" width="640" height="200"><text x="10" y="30">Neck</text></svg>"#;

    #[test]
    fn a_figure_in_the_text_and_one_beside_the_cards_are_served_from_hashed_urls() {
        let article = ARTICLE.replace(
            "## First part {#first}\n",
            "## First part {#first}\n\n![The spine](figures/spine.svg \"The spine\")\n",
        );
        let signs = format!(
            "{SIGNS}\n[care_figure]\nsrc = \"figures/areas.svg\"\nalt = \"Where signs are felt\"\ncaption = \"Where\"\n"
        );
        let site = load_site(&files(&[
            ("a.md", &article),
            ("a.quiz.toml", QUIZ),
            (WARNING_SIGNS_FILE, &signs),
            ("figures/spine.svg", SVG),
            ("figures/areas.svg", &SVG.replace("Neck", "Chest")),
        ]))
        .unwrap();
        let spine = &site.figures["figures/spine.svg"];
        let first = site.articles[0].body.sections[0].body.as_str();
        assert!(
            first.contains(&format!(
                "<img src=\"{}\" alt=\"The spine\" width=\"640\" height=\"200\">",
                spine.url
            )),
            "{first}"
        );
        let care = site.articles[0]
            .care_figure
            .as_ref()
            .expect("a figure beside the cards");
        assert!(
            care.as_str()
                .contains(&site.figures["figures/areas.svg"].url)
        );
        assert!(site.unused_figures().is_empty());
    }

    #[test]
    fn a_figure_with_a_script_stops_loading_at_its_file_and_line() {
        let svg = SVG.replace("<text", "\n<script>alert(1)</script><text");
        let errors = errors_for(&[("a.md", ARTICLE), ("figures/bad.svg", &svg)]);
        assert_eq!(errors, ["figures/bad.svg:2: the figure holds a script"]);
    }

    #[test]
    fn a_refused_figure_is_reported_at_its_file_only_not_where_it_is_placed() {
        let svg = SVG.replace("<text", "\n<script>alert(1)</script><text");
        let article = ARTICLE.replace(
            "## First part {#first}\n",
            "## First part {#first}\n\n![The spine](figures/spine.svg \"The spine\")\n",
        );
        let signs = format!(
            "{SIGNS}\n[care_figure]\nsrc = \"figures/spine.svg\"\nalt = \"Where signs are felt\"\ncaption = \"Where\"\n"
        );
        let errors = errors_for(&[
            ("a.md", &article),
            ("a.quiz.toml", QUIZ),
            (WARNING_SIGNS_FILE, &signs),
            ("figures/spine.svg", &svg),
        ]);
        assert_eq!(errors, ["figures/spine.svg:2: the figure holds a script"]);
    }

    #[test]
    fn a_misspelt_figure_is_told_the_one_it_may_mean() {
        let article = ARTICLE.replace(
            "## First part {#first}\n",
            "## First part {#first}\n\n![The spine](figures/spnie.svg \"The spine\")\n",
        );
        let errors = errors_for(&[("a.md", &article), ("figures/spine.svg", SVG)]);
        assert_eq!(
            errors,
            [
                "a.md:15: figure `figures/spnie.svg` does not exist: did you mean `figures/spine.svg`?"
            ]
        );
    }

    #[test]
    fn sources_that_do_not_load_are_one_problem_and_one_line_for_what_was_not_checked() {
        let broken = SOURCES.replace("title = \"Back pain\"", "title = \"Back pain");
        let two = ARTICLE.replace("Body of the first part.", "Claim.[^nice-ng59] And.[^nope]");
        let errors = errors_for(&[
            ("a.md", &two),
            ("a.quiz.toml", QUIZ),
            (SOURCES_FILE, &broken),
        ]);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("sources.toml:5: "), "{errors:?}");
        assert_eq!(
            errors[1],
            "sources.toml: 5 citations (in articles and notes) were not checked, because sources.toml did not load"
        );
        let mut missing = files(&[("a.md", ARTICLE)]);
        missing.remove(SOURCES_FILE);
        let errors: Vec<String> = load_site(&missing)
            .expect_err("refused")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "sources.toml: every source is defined here, and the file is missing",
                "sources.toml: 1 citation (in an article or a note) was not checked, because sources.toml did not load"
            ]
        );
    }

    #[test]
    fn a_problem_in_a_file_two_quizzes_include_is_reported_once() {
        let signs = SIGNS.replace("option = \"chest_pain\"", "option = \"Chest pain\"");
        let other = ARTICLE.replace("test-article", "other-article");
        let errors = errors_for(&[
            ("a.md", ARTICLE),
            ("a.quiz.toml", QUIZ),
            ("b.md", &other),
            ("b.quiz.toml", QUIZ),
            (WARNING_SIGNS_FILE, &signs),
        ]);
        let about_the_option: Vec<&String> =
            errors.iter().filter(|e| e.contains("Chest pain")).collect();
        assert_eq!(about_the_option.len(), 1, "{errors:?}");
    }

    #[test]
    fn a_review_dated_in_the_future_stops_loading() {
        let future = ARTICLE.replace("2026-11-22", "2099-01-01");
        let today = Date::new(2026, 12, 1).unwrap();
        let errors: Vec<String> = load_site_on(&files(&[("a.md", &future)]), today)
            .expect_err("refused")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "a.md:8: last_reviewed (2099-01-01) is in the future: give the day the article was last reviewed"
            ]
        );
    }

    #[test]
    fn a_figure_no_article_shows_is_listed() {
        let site = load_site(&files(&[("a.md", ARTICLE), ("figures/spine.svg", SVG)])).unwrap();
        let unused: Vec<&str> = site
            .unused_figures()
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(unused, ["figures/spine.svg"]);
    }

    #[test]
    fn a_site_without_its_settings_is_refused() {
        let mut list = files(&[("a.md", ARTICLE)]);
        list.remove(settings::FILE);
        let errors: Vec<String> = load_site(&list)
            .expect_err("refused")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            errors[0].starts_with("site.toml: the site's settings"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_source_nothing_cites_is_listed() {
        let site = load_site(&files(&[("a.md", ARTICLE)])).unwrap();
        let uncited: Vec<&str> = site
            .uncited_sources()
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(uncited, ["nice-ng59"]);
    }

    #[test]
    fn a_script_link_in_the_body_names_its_line() {
        let errors =
            article_errors(&ARTICLE.replace("Body of the first part.", "[x](javascript:alert(1))"));
        assert!(
            errors[0].starts_with("a.md:15: link to `javascript:alert(1)`"),
            "{errors:?}"
        );
    }

    #[test]
    fn raw_html_in_the_body_is_escaped() {
        let text = ARTICLE.replace("Intro text.", "Intro <script>alert(1)</script>");
        let site = load_site(&files(&[("a.md", &text)])).unwrap();
        let intro = site.articles[0].body.intro.as_str();
        assert!(
            intro.contains("&lt;script&gt;") && !intro.contains("<script"),
            "{intro}"
        );
    }

    #[test]
    fn a_quiz_needs_an_article() {
        let errors = errors_for(&[("a.md", ARTICLE), ("b.quiz.toml", QUIZ)]);
        assert_eq!(
            errors,
            ["b.quiz.toml: quiz has no article: expected `b.md`"]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let broken = ARTICLE
            .replace("[^nhs-back-pain]", "[^nhs]")
            .replace("2027-11-22", "2020-01-01");
        assert_eq!(article_errors(&broken).len(), 2);
    }

    #[test]
    fn every_real_article_file_loads_with_its_self_check() {
        let files = crate::embedded::content_files();
        let site = load_site(&files).unwrap_or_else(|errors| {
            panic!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let article_files: Vec<&str> = files
            .keys()
            .filter(|name| name.ends_with(".md"))
            .map(String::as_str)
            .collect();
        let loaded: Vec<&str> = site.articles.iter().map(|a| a.file.as_str()).collect();
        assert_eq!(loaded.len(), article_files.len(), "{loaded:?}");
        assert!(
            article_files.iter().all(|f| loaded.contains(f)),
            "{loaded:?}"
        );
        assert!(site.articles.iter().all(|a| a.quiz.is_some()));
    }
}
