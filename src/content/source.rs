//! Sources, defined once in `sources.toml`: what an article cites and what a note names.

use crate::content::date::Date;
use crate::content::markdown;
use crate::content::problem::{ContentError, Lines, Lookup, nearest};
use serde::Deserialize;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The sources by id.
pub type Sources = BTreeMap<String, Arc<Source>>;

/// Where a fact comes from, defined once in `sources.toml`: cited in article text as `[^id]`,
/// and named by each note.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub publisher: String,
    pub title: String,
    /// A paper's year of publication.
    pub year: Option<u16>,
    /// For a page that changes: when its wording was last checked against what we say.
    pub checked: Option<Date>,
    pub url: String,
}

impl Source {
    /// How the source is named in a list: "NHS: Back pain (page checked 27 November 2026)",
    /// or "BMJ: Red flags ... (2013)".
    pub fn citation(&self) -> String {
        match (self.year, self.checked) {
            (Some(year), _) => format!("{}: {} ({year})", self.publisher, self.title),
            (None, Some(checked)) => {
                format!(
                    "{}: {} (page checked {checked})",
                    self.publisher, self.title
                )
            }
            (None, None) => format!("{}: {}", self.publisher, self.title),
        }
    }

    /// The id of the source's entry in an article's list, which citations link to.
    pub fn anchor(&self) -> String {
        markdown::source_anchor(&self.id)
    }
}

/// The file that defines every source.
pub const SOURCES_FILE: &str = "sources.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    sources: Vec<Source>,
}

/// Sources are linked over https only: readers follow them, and a plain-http link can be
/// altered. Each says when it is from, so readers can judge how current it is.
fn check_source(source: &Source) -> Vec<String> {
    let mut problems = Vec::new();
    let id = &source.id;
    if !markdown::is_plain_id(id) {
        problems.push(format!(
            "source id `{id}` must use only lowercase letters, digits and hyphens"
        ));
    }
    if !(source.url.starts_with("https://") && source.url.len() > "https://".len()) {
        problems.push(format!(
            "source `{id}` must link to an https:// address, not `{}`",
            source.url
        ));
    }
    if source.year.is_none() && source.checked.is_none() {
        problems.push(format!(
            "source `{id}` needs a `year` (for a paper) or a `checked` date (for a web page)"
        ));
    }
    problems
}

/// Reads `sources.toml`: every source once, each id unique. A source with a problem is still
/// returned, so that its citations do not each report it again. `None` when the file cannot be
/// read at all.
pub fn load_sources(text: &str) -> (Option<Sources>, Vec<ContentError>) {
    let file: SourcesFile = match toml::from_str(text) {
        Ok(file) => file,
        Err(e) => {
            return (
                None,
                vec![ContentError::from_toml(SOURCES_FILE, text, 0, &e)],
            );
        }
    };
    let mut errors = Vec::new();
    let mut sources = Sources::new();
    let lines = Lines::new(text);
    for source in file.sources {
        // Point at the entry, so an editor can jump to it.
        let line = lines.entry("id", &source.id);
        errors.extend(
            check_source(&source)
                .into_iter()
                .map(|m| ContentError::new(SOURCES_FILE, line, m)),
        );
        if sources.contains_key(&source.id) {
            let message = format!("source id `{}` is defined twice", source.id);
            errors.push(ContentError::new(SOURCES_FILE, line, message));
        }
        sources.insert(source.id.clone(), Arc::new(source));
    }
    (Some(sources), errors)
}

/// What citations and notes name sources against: the sources, or, when `sources.toml` did not
/// load, nothing. Then no name can be checked, and reporting each one as unknown would bury
/// the one real problem: each is counted instead, for one line that says so.
pub struct SourceCheck<'a> {
    sources: Option<&'a Sources>,
    unchecked: Cell<usize>,
}

impl<'a> SourceCheck<'a> {
    pub fn new(sources: Option<&'a Sources>) -> SourceCheck<'a> {
        SourceCheck {
            sources,
            unchecked: Cell::new(0),
        }
    }

    /// The source a citation or a note names, with the nearest id when there is none.
    pub fn find(&self, id: &str) -> Lookup<Arc<Source>> {
        let Some(sources) = self.sources else {
            self.unchecked.set(self.unchecked.get() + 1);
            return Lookup::Broken;
        };
        match sources.get(id) {
            Some(source) => Lookup::Found(source.clone()),
            None => Lookup::Missing {
                nearest: nearest(id, sources.keys().map(String::as_str)).map(String::from),
            },
        }
    }

    /// The source an id names, without counting it: for ids already looked up.
    pub fn get(&self, id: &str) -> Option<&'a Arc<Source>> {
        self.sources?.get(id)
    }

    /// How many names of sources could not be checked because `sources.toml` did not load.
    pub fn unchecked(&self) -> usize {
        self.unchecked.get()
    }
}
