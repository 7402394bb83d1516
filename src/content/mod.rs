//! The content: articles with their front matter, Markdown body and quiz, sources, figures and
//! the site's settings, loaded and checked once at start-up.
//!
//! [`site`] is the model the rest of the crate reads; [`load`] builds it from the files' names
//! and texts, a pure function of them and of the day; [`files`] reads those files from a folder.

pub mod date;
pub mod figure;
pub mod files;
pub mod fingerprint;
pub mod front_matter;
pub mod links;
mod load;
pub mod markdown;
pub mod problem;
pub mod quiz;
#[cfg(test)]
pub(crate) mod samples;
pub mod settings;
pub mod site;
pub mod source;

pub use files::{load_dir, read_content_files};
pub use load::{load_site, load_site_on};
use markdown::ReservedIds;
pub use problem::ContentError;
pub use site::{Article, Figures, Site};
pub use source::{SOURCES_FILE, Source, Sources};

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
        "warning-signs",
        "continue-note",
        "sources",
        "review",
    ],
    // A note's title, a question's answers, and a source's list entry. (Mistakes are shown on a
    // step page of their own; a question with a hint would write `hint-` ids: reserve them when
    // one is asked on the article page.)
    prefixes: &["note-", "q-", "source-"],
};

/// The file that sets the levels of care and the warning signs, shown on the home page too.
pub const WARNING_SIGNS_FILE: &str = "warning-signs.toml";
