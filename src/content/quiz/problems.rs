//! The loader's one way of reporting: each problem at its file and line.

use crate::content::problem::{ContentError, Lines};
use std::collections::BTreeMap;

/// The text of each file a quiz reads, by name.
pub type Texts = BTreeMap<String, String>;

/// The problems found so far, each at its file and line: the one place the loader reports
/// through, so every message names where to look in the same way.
pub struct Problems<'t> {
    lines: BTreeMap<&'t str, Lines<'t>>,
    errors: Vec<ContentError>,
}

impl<'t> Problems<'t> {
    pub fn new(texts: &'t Texts) -> Problems<'t> {
        Problems {
            lines: (texts.iter())
                .map(|(name, text)| (name.as_str(), Lines::new(text)))
                .collect(),
            errors: Vec::new(),
        }
    }

    /// The line of `key = "value"` in `file`, if it is there.
    pub fn line(&self, file: &str, key: &str, value: &str) -> Option<usize> {
        self.lines.get(file)?.entry(key, value)
    }

    pub fn add(&mut self, file: &str, line: Option<usize>, message: impl Into<String>) {
        self.errors.push(ContentError::new(file, line, message));
    }

    /// Each message, at the line of `key = "value"` in `file`.
    pub fn add_all(&mut self, file: &str, at: (&str, &str), messages: Vec<String>) {
        let line = self.line(file, at.0, at.1);
        for message in messages {
            self.add(file, line, message);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every problem found.
    pub fn into_errors(self) -> Vec<ContentError> {
        self.errors
    }
}
