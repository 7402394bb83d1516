//! Backwise: plain-language articles on back pain, with self-check quizzes whose answers place
//! tailored caution notes beside the article.
//!
//! Three layers, each a folder: `content` (what the site says, loaded and checked once), `web`
//! (serving it) and `check` (the editor's report). Content knows nothing of the other two.

pub mod check;
pub mod config;
pub mod content;
pub mod embedded;
pub mod logging;
pub mod web;

/// Loads the content: from `dir` when given, otherwise the articles built into the binary.
pub fn load_content(
    dir: Option<&std::path::Path>,
) -> Result<content::Site, Vec<content::ContentError>> {
    match dir {
        Some(dir) => content::load_dir(dir),
        None => content::load_site(&embedded::content_files()),
    }
}
