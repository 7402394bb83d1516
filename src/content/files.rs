//! Where the content comes from: a folder's `.md` and `.toml` files and figures, each named
//! within the folder (or every reason some could not be read), or the files built into the
//! binary; and how reports name that folder.

use crate::content::figure;
use crate::content::load::{ARTICLE_SUFFIX, load_site};
use crate::content::problem::{ContentError, Lines};
use crate::content::site::Site;
use std::collections::BTreeMap;
use std::path::Path;

/// Reads the `.md` and `.toml` files of a folder, and the SVG files of its `figures/` folder,
/// and loads them with [`load_site`]. A file that cannot be read stops the loading, with every
/// other such file: what follows from a missing file would only bury it.
pub fn load_dir(dir: &Path) -> Result<Site, Vec<ContentError>> {
    load_site(&read_content_files(dir)?)
}

/// The content files of a folder by name (`figures/` ones as `figures/name.svg`), or every
/// reason some could not be read, each naming its file within the folder.
pub fn read_content_files(dir: &Path) -> Result<BTreeMap<String, String>, Vec<ContentError>> {
    let root = match std::fs::canonicalize(dir) {
        Ok(root) if root.is_dir() => root,
        Ok(_) => {
            let message = "is not a folder: give the folder that holds the articles";
            return Err(vec![ContentError::new("", None, message)]);
        }
        Err(e) => {
            let message = format!("the content folder cannot be read: {e}");
            return Err(vec![ContentError::new("", None, message)]);
        }
    };
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    let folder = |prefix: &str, suffixes: &[&str], files: &mut _, errors: &mut _| {
        let path = root.join(prefix.trim_end_matches('/'));
        read_folder(&root, &path, prefix, suffixes, files, errors)
    };
    folder("", &[ARTICLE_SUFFIX, ".toml"], &mut files, &mut errors);
    let figures = root.join(figure::FOLDER);
    match within(&root, &figures) {
        Ok(()) if figures.is_dir() => folder(figure::FOLDER, &[".svg"], &mut files, &mut errors),
        Ok(()) => {}
        Err(message) => {
            let name = figure::FOLDER.trim_end_matches('/');
            errors.push(ContentError::new(name, None, message));
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Adds the files of `folder` whose names end with one of `suffixes`, named `prefix` + file
/// name, or the reason each cannot be read.
fn read_folder(
    root: &Path,
    folder: &Path,
    prefix: &str,
    suffixes: &[&str],
    files: &mut BTreeMap<String, String>,
    errors: &mut Vec<ContentError>,
) {
    let unreadable = |e: std::io::Error| {
        let name = prefix.trim_end_matches('/');
        ContentError::new(name, None, format!("cannot be read: {e}"))
    };
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => return errors.push(unreadable(e)),
    };
    let is_content = |name: &str| suffixes.iter().any(|suffix| name.ends_with(suffix));
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                errors.push(unreadable(e));
                continue;
            }
        };
        let Some(os_name) = path.file_name() else {
            continue;
        };
        let Some(name) = os_name.to_str() else {
            // Such a file cannot be named in a report or a page: say so rather than skip it.
            let lossy = os_name.to_string_lossy();
            if is_content(&lossy) {
                let file = format!("{prefix}{lossy}");
                let message = "the file name is not valid UTF-8, so the file is skipped: rename it";
                errors.push(ContentError::new(&file, None, message));
            }
            continue;
        };
        if !is_content(name) {
            continue;
        }
        let file = format!("{prefix}{name}");
        let read = within(root, &path)
            .map_err(|message| (None, message))
            .and_then(|()| read_text(&path));
        match read {
            Ok(text) => {
                files.insert(file, text);
            }
            Err((line, message)) => errors.push(ContentError::new(&file, line, message)),
        }
    }
}

/// Whether `path`, if it exists, is within the folder `root` once links are followed. A link
/// out of the folder is refused: what it points to is not the content being edited and checked
/// (and nobody meant to publish `/etc/passwd`). A link within the folder is followed.
fn within(root: &Path, path: &Path) -> Result<(), String> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = || {
        std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default()
    };
    match std::fs::canonicalize(path) {
        Ok(real) if real.starts_with(root) => Ok(()),
        Ok(real) => Err(format!(
            "is a link to `{}`, outside the content folder: only links within it are followed; copy the file in instead",
            real.display()
        )),
        Err(_) if is_link => Err(format!("is a link to `{}`, which does not exist", target())),
        Err(_) => Ok(()),
    }
}

/// A file's text, or why it cannot be read: for text that is not UTF-8, the line of the first
/// byte that is not.
fn read_text(path: &Path) -> Result<String, (Option<usize>, String)> {
    let bytes = std::fs::read(path).map_err(|e| (None, format!("cannot be read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..at]);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        let line = Lines::new(&before).line(at);
        (
            Some(line),
            format!(
                "byte 0x{:02X} at column {column} is not UTF-8: save the file as UTF-8",
                bytes[at]
            ),
        )
    })
}

/// How reports name the content folder: `dir` as given, or `articles` for the articles built
/// into the binary (the folder they are built from). Every file in a report is named in it,
/// as [`ContentError::in_folder`] does.
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
) -> Result<std::collections::BTreeMap<String, String>, Vec<ContentError>> {
    match dir {
        Some(dir) => read_content_files(dir),
        None => Ok(crate::embedded::content_files()),
    }
}

/// Loads the content: from `dir` when given, otherwise the articles built into the binary.
pub fn load_content(dir: Option<&std::path::Path>) -> Result<Site, Vec<ContentError>> {
    load_site(&content_files(dir)?)
}
