//! The files built into the binary: static assets under content-hashed URLs, and the articles.

/// A static file served at a URL that changes whenever its bytes do.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    pub path: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The articles and quizzes as built in, for [`crate::content::load_site`].
pub fn content_files() -> std::collections::BTreeMap<String, String> {
    CONTENT_FILES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect()
}
