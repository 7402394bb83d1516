//! What is wrong with a content file, and where: the one error type every loader reports, the
//! line numbers it points at, and the near names it suggests.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;

/// The lines of one text, found once: mapping an offset to its line is then a binary search,
/// not a count from the start, so a loader that reports many places in a large file stays
/// linear in its size. Every loader maps offsets and entries to lines through this.
pub struct Lines<'a> {
    text: &'a str,
    /// The offset where each line starts: 0, then one past each `\n`.
    starts: Vec<usize>,
    /// The entries that open a line, indexed on the first lookup of one.
    entries: OnceCell<Entries<'a>>,
}

/// The first line of each `key = "value"` and of each `key =` that opens a line.
#[derive(Default)]
struct Entries<'a> {
    values: HashMap<(&'a str, &'a str), usize>,
    keys: HashMap<&'a str, usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Lines {
            text,
            starts,
            entries: OnceCell::new(),
        }
    }

    fn entries(&self) -> &Entries<'a> {
        self.entries.get_or_init(|| {
            let mut entries = Entries::default();
            for (index, line) in self.text.split('\n').enumerate() {
                if let Some((key, value)) = key_and_value(line) {
                    entries.keys.entry(key).or_insert(index + 1);
                    if let Some(value) = value {
                        entries.values.entry((key, value)).or_insert(index + 1);
                    }
                }
            }
            entries
        })
    }

    /// The 1-based line of a byte offset (an offset past the end is on the last line).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The line of `key = "value"`: where an error about the entry it names should point.
    /// Loaders look entries up this way when the TOML parser gives no span.
    pub fn entry(&self, key: &str, value: &str) -> Option<usize> {
        self.entries()
            .values
            .get(&(key, value))
            .copied()
            // An entry inside an inline table, `{ key = "value" }`, does not open a line.
            .or_else(|| self.find(&format!("{key} = \"{value}\"")))
    }

    /// The line of the first `key =`.
    pub fn key(&self, key: &str) -> Option<usize> {
        self.entries()
            .keys
            .get(key)
            .copied()
            .or_else(|| self.find(&format!("{key} =")))
    }

    /// The line of the first place `needle` stands.
    pub fn find(&self, needle: &str) -> Option<usize> {
        self.text.find(needle).map(|at| self.line(at))
    }
}

/// The bare key of a `key = ...` line, and the value when it is a plain string on one line.
fn key_and_value(line: &str) -> Option<(&str, Option<&str>)> {
    let line = line.trim_start();
    let key_end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    let (key, rest) = line.split_at(key_end);
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix('=')?;
    if key.is_empty() {
        return None;
    }
    let value = rest
        .trim_start_matches([' ', '\t'])
        .strip_prefix('"')
        .and_then(|quoted| quoted.split_once('"'))
        .map(|(value, _)| value)
        .filter(|value| !value.contains('\\'));
    Some((key, value))
}

/// What a content file finds when it names something defined elsewhere: a source, a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    Found(T),
    /// Nothing has that name; `nearest` is a name that does, close enough to be the one meant.
    Missing {
        nearest: Option<String>,
    },
    /// The thing named could not be checked, for a reason reported once at its own file (its
    /// file did not load, or it was refused): the place that names it has nothing to add.
    Broken,
}

impl<T> Lookup<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Lookup<U> {
        match self {
            Lookup::Found(found) => Lookup::Found(f(found)),
            Lookup::Missing { nearest } => Lookup::Missing { nearest },
            Lookup::Broken => Lookup::Broken,
        }
    }
}

/// `: did you mean `x`?`, or nothing, for the end of a message about a name nothing has.
pub fn did_you_mean(nearest: Option<&str>) -> String {
    nearest
        .map(|name| format!(": did you mean `{name}`?"))
        .unwrap_or_default()
}

/// The one of `names` closest to `name`, when it is close enough to be a slip of the keys: at
/// most two letters added, dropped or changed, and fewer than half of `name`'s.
pub fn nearest<'n>(name: &str, names: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    let length = name.chars().count();
    names
        .into_iter()
        .filter(|candidate| candidate.chars().count().abs_diff(length) <= 2)
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|&(distance, _)| distance <= 2 && distance * 2 < length)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance: the fewest letters added, dropped or changed to turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A content mistake, reported as `file:line: message` (the line where the parser gives one).
/// `file` is named within the content folder (`figures/spine.svg`); it is empty for the folder
/// itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
            .map(|span| first_line + Lines::new(toml).line(span.start));
        ContentError::new(file, line, error.message().trim().to_string())
    }

    /// The error with its file named as it is on disk, in the content folder `folder`, so
    /// that an editor can open it: every report names files this way.
    pub fn in_folder(mut self, folder: &str) -> ContentError {
        self.file = match (folder, self.file.as_str()) {
            (_, "") => folder.to_string(),
            ("/", file) => format!("/{file}"),
            (folder, file) => format!("{folder}/{file}"),
        };
        self
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_their_lines() {
        let lines = Lines::new("one\ntwo\n\nfour");
        let expected = [(0, 1), (3, 1), (4, 2), (8, 3), (9, 4), (12, 4), (99, 4)];
        for (offset, line) in expected {
            assert_eq!(lines.line(offset), line, "offset {offset}");
        }
        assert_eq!(Lines::new("").line(0), 1);
        assert_eq!(Lines::new("a\n").line(2), 2);
    }

    #[test]
    fn entries_are_found_at_the_line_they_open() {
        let text = "[[notes]]\nid = \"a\"\n  id=\"b\"\nwhen = [{ question = \"q\" }]\nsub_id = \"c\"\nid = \"c\"\n";
        let lines = Lines::new(text);
        assert_eq!(lines.entry("id", "a"), Some(2));
        assert_eq!(lines.entry("id", "b"), Some(3));
        assert_eq!(
            lines.entry("question", "q"),
            Some(4),
            "inside an inline table"
        );
        assert_eq!(lines.entry("id", "c"), Some(6), "not the `sub_id` line");
        assert_eq!(lines.entry("id", "z"), None);
        assert_eq!(lines.key("when"), Some(4));
    }

    #[test]
    fn a_near_name_is_suggested_and_a_far_one_is_not() {
        let ids = ["nhs-back-pain", "nice-ng59", "who-2020"];
        assert_eq!(nearest("nhs-backpain", ids), Some("nhs-back-pain"));
        assert_eq!(nearest("nice-ng95", ids), Some("nice-ng59"));
        assert_eq!(nearest("who2021", ids), Some("who-2020"));
        assert_eq!(nearest("made-up-source", ids), None);
        assert_eq!(nearest("ab", ["xy", "ac"]), None, "too short to guess");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn a_file_is_named_once_in_its_folder() {
        let error = |file: &str| ContentError::new(file, Some(3), "wrong").in_folder("content/n");
        assert_eq!(error("a.md").to_string(), "content/n/a.md:3: wrong");
        assert_eq!(error("").to_string(), "content/n:3: wrong");
        assert_eq!(
            ContentError::new("a.md", None, "wrong")
                .in_folder("/")
                .to_string(),
            "/a.md: wrong"
        );
    }
}
