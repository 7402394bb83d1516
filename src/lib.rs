//! Backwise: plain-language articles on back pain, with self-check quizzes whose answers place
//! tailored caution notes beside the article.

pub mod config;
pub mod content;
pub mod date;
pub mod embedded;
pub mod encoding;
pub mod error;
pub mod figure;
pub mod fingerprint;
pub mod form;
pub mod logging;
pub mod markdown;
pub mod pages;
pub mod prerender;
pub mod preview;
pub mod problem;
pub mod quiz;
pub mod routes;
pub mod server;
pub mod settings;
pub mod source;
pub mod structured_data;

/// Loads the content: from `dir` when given, otherwise the articles built into the binary.
pub fn load_content(
    dir: Option<&std::path::Path>,
) -> Result<content::Site, Vec<content::ContentError>> {
    match dir {
        Some(dir) => content::load_dir(dir),
        None => content::load_site(&embedded::content_files()),
    }
}
pub mod check;
pub mod readability;
