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

/// How reports name the content folder: `dir` as given, or `articles` for the articles built
/// into the binary (the folder they are built from). Every file in a report is named in it,
/// as [`content::ContentError::in_folder`] does.
pub fn content_folder(dir: Option<&std::path::Path>) -> String {
    let Some(dir) = dir else {
        return "articles".to_string();
    };
    let shown = dir.display().to_string();
    match shown.trim_end_matches('/') {
        "" if shown.starts_with('/') => "/".to_string(),
        trimmed => trimmed.to_string(),
    }
}

/// The content's files by name: from `dir` when given, otherwise those built into the binary.
pub fn content_files(
    dir: Option<&std::path::Path>,
) -> Result<std::collections::BTreeMap<String, String>, Vec<content::ContentError>> {
    match dir {
        Some(dir) => content::read_content_files(dir),
        None => Ok(embedded::content_files()),
    }
}

/// Loads the content: from `dir` when given, otherwise the articles built into the binary.
pub fn load_content(
    dir: Option<&std::path::Path>,
) -> Result<content::Site, Vec<content::ContentError>> {
    content::load_site(&content_files(dir)?)
}

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
