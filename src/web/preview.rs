//! `--watch`, the editor's live preview: watch the content folder, and when a file changes,
//! load it again. A good edit is served from the next page load; a broken one keeps the last
//! good content serving, with every problem in a banner on each page and in the log.
//!
//! Each reload restarts the HTTP server with freshly rendered pages on the same listening socket,
//! so no connection is refused while it does, and a server started without `--watch` does no
//! extra work on any request.

use crate::content::Site;
use crate::content::problem::ContentError;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How often the folder is looked at: quick enough to feel live, cheap enough to forget.
const POLL: Duration = Duration::from_millis(250);

/// What the folder holds now: each content file with its size and modification time.
type Snapshot = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// The folder's content files, in a stable order.
fn snapshot(dir: &Path) -> Snapshot {
    let mut found = Vec::new();
    for folder in [dir.to_path_buf(), dir.join(crate::content::figure::FOLDER)] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_content = path
                .extension()
                .is_some_and(|e| e == "md" || e == "toml" || e == "svg");
            // Through a link to the file it names: an editor edits the file, not the link.
            if let (true, Ok(meta)) = (is_content, std::fs::metadata(&path)) {
                found.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    found.sort();
    found
}

/// The site to serve after an edit: the new content if it loads, otherwise the last good one
/// with the problems that stopped the new one.
pub fn reload(dir: &Path, last_good: &Site, base_url: Option<&str>) -> Site {
    match crate::content::load_dir(dir) {
        Ok(site) => {
            log::info!("content reloaded from {}", dir.display());
            site.with_base_url(base_url)
        }
        Err(errors) => {
            for problem in problems(dir, &errors) {
                log::warn!("{problem}");
            }
            log::warn!(
                "the edit does not load ({} problem(s)): still serving the last good content",
                errors.len()
            );
            last_good.clone().with_problems(problems(dir, &errors))
        }
    }
}

/// Each problem with its file named in the folder, as `backwise check` and a refused start
/// name them.
fn problems(dir: &Path, errors: &[ContentError]) -> Vec<String> {
    let folder = crate::content::files::content_folder(Some(dir));
    errors
        .iter()
        .map(|error| error.clone().in_folder(&folder).to_string())
        .collect()
}

/// Watches `dir` on a thread of its own, calling `changed` after each change settles.
pub fn watch(dir: PathBuf, changed: impl Fn() + Send + 'static) {
    std::thread::spawn(move || {
        let mut seen = snapshot(&dir);
        loop {
            std::thread::sleep(POLL);
            let now = snapshot(&dir);
            if now != seen {
                // An editor may write a file in several steps: wait for it to settle.
                std::thread::sleep(POLL);
                seen = snapshot(&dir);
                changed();
            }
        }
    });
}

/// The site the server should switch to, handed from the watcher to the serve loop.
pub type Pending = Arc<Mutex<Option<Site>>>;
