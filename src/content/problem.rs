//! What is wrong with a content file, and where: the one error type every loader reports.

use std::fmt;

/// The 1-based line of the first place `needle` stands in `text`: where an error about the
/// entry it names should point. Loaders look up `key = "value"` this way when the TOML parser
/// gives no span.
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle)
        .map(|at| text[..at].matches('\n').count() + 1)
}

/// A content mistake, reported as `file:line: message` (the line where the parser gives one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl ContentError {
    pub fn new(file: &str, line: Option<usize>, message: impl Into<String>) -> ContentError {
        ContentError {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }

    /// A TOML error, its line counted in the whole file: `first_line` is the number of lines
    /// before the TOML text starts.
    pub fn from_toml(file: &str, toml: &str, first_line: usize, error: &toml::de::Error) -> Self {
        let line = error
            .span()
            .map(|span| first_line + toml[..span.start.min(toml.len())].matches('\n').count() + 1);
        ContentError::new(file, line, error.message().trim().to_string())
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
