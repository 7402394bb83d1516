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

pub use content::files::{content_files, content_folder, load_content};

/// The start-up `serve` and `check` share: the content loaded, then every page that is the same
/// for every reader rendered, and a result with every note of each self-check. Content that
/// gets through it is content the server serves.
pub fn start_up(
    dir: Option<&std::path::Path>,
    base_url: Option<&str>,
) -> Result<(content::Site, web::state::Shared), Vec<content::ContentError>> {
    let site = load_content(dir)?.with_base_url(base_url);
    let shared = web::state::state(site.clone()).map_err(|error| {
        let message = format!("a page could not be rendered: {error}");
        vec![content::ContentError::new("", None, message)]
    })?;
    Ok((site, shared))
}
