//! A result page assembled from parts. Most of it is the article, the same for every reader: at
//! start-up the page is rendered once as a skeleton, with a marker where each part that changes
//! with the answers goes ([`Slot`]), and the text between the markers is made ready once (links
//! opening in a new tab) and compressed once. Per request, only the slots are rendered and
//! compressed, and the pieces joined: into the page, or straight into one gzip stream.

use crate::content::Article;
use crate::content::quiz::Quiz;
use crate::content::settings::Settings;
use crate::web::encoding::{Deflated, Part, gzip_parts};
use crate::web::links;
use crate::web::pages::{ArticlePage, Slot};
use askama::Template;
use std::sync::Arc;

/// One article's result page, split into what every reader shares and what is theirs.
pub struct ResultPage {
    pieces: Vec<Piece>,
}

impl std::fmt::Debug for ResultPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ResultPage({} pieces, {} bytes shared)",
            self.pieces.len(),
            self.shared_bytes()
        )
    }
}

enum Piece {
    Shared(Deflated),
    Slot(Slot),
    /// Shared text too short to be worth compressing on its own (a part compressed apart
    /// starts with no dictionary and ends with a flush): it is compressed per request, in one
    /// run with the slots beside it.
    Inline(String),
}

/// Shared text shorter than this is compressed with the slots beside it.
const INLINE_BELOW: usize = 3000;

/// The marker's delimiters, as `Slot::marker` writes them.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

impl ResultPage {
    /// Renders the skeleton and splits it at the markers.
    pub fn new(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        quiz: &Quiz,
    ) -> askama::Result<ResultPage> {
        let skeleton = ArticlePage::skeleton(settings, article, quiz).render()?;
        let mut pieces = Vec::new();
        let mut rest = skeleton.as_str();
        while let Some(open) = rest.find(OPEN) {
            let close = open + rest[open..].find(CLOSE).expect("every marker closes");
            let name = &rest[open + OPEN.len_utf8()..close];
            let slot = Slot::named(name).expect("markers name slots");
            pieces.push(Piece::Shared(shared(&rest[..open])));
            pieces.push(Piece::Slot(slot));
            rest = &rest[close + CLOSE.len_utf8()..];
        }
        pieces.push(Piece::Shared(shared(rest)));
        let pieces = pieces
            .into_iter()
            .filter(|p| !matches!(p, Piece::Shared(d) if d.is_empty()))
            .map(|p| match p {
                Piece::Shared(d) if d.plain.len() < INLINE_BELOW => Piece::Inline(d.plain),
                other => other,
            })
            .collect();
        Ok(ResultPage { pieces })
    }

    /// The reader's parts of `page`, in order, ready to join with the shared ones.
    fn slots(&self, page: &ArticlePage) -> askama::Result<Vec<String>> {
        self.pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Slot(slot) => Some(page.slot(*slot).map(|s| links::open_in_new_tab(&s))),
                Piece::Shared(_) | Piece::Inline(_) => None,
            })
            .collect()
    }

    /// The whole page, as rendering the template and opening its links in a new tab gives it.
    pub fn html(&self, page: &ArticlePage) -> askama::Result<String> {
        let mut slots = self.slots(page)?.into_iter();
        let mut html = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Shared(shared) => html.push_str(&shared.plain),
                Piece::Inline(text) => html.push_str(text),
                Piece::Slot(_) => html.push_str(&slots.next().unwrap_or_default()),
            }
        }
        Ok(html)
    }

    /// The page as one gzip stream: the shared parts as compressed at start-up, the reader's
    /// compressed now.
    pub fn gzip(&self, page: &ArticlePage) -> askama::Result<Vec<u8>> {
        let mut slots = self.slots(page)?.into_iter();
        // Runs of slots and inline text between two shared parts, each compressed as one.
        let mut runs: Vec<String> = Vec::new();
        let mut in_run = false;
        for piece in &self.pieces {
            let text = match piece {
                Piece::Shared(_) => {
                    in_run = false;
                    continue;
                }
                Piece::Inline(text) => text.clone(),
                Piece::Slot(_) => slots.next().unwrap_or_default(),
            };
            if in_run {
                runs.last_mut().expect("a run").push_str(&text);
            } else {
                runs.push(text);
                in_run = true;
            }
        }
        let mut runs = runs.iter();
        let mut parts: Vec<Part<'_>> = Vec::new();
        let mut in_run = false;
        for piece in &self.pieces {
            match piece {
                Piece::Shared(shared) => {
                    parts.push(Part::Ready(shared));
                    in_run = false;
                }
                Piece::Inline(_) | Piece::Slot(_) if !in_run => {
                    parts.push(Part::Fresh(runs.next().map_or("", String::as_str)));
                    in_run = true;
                }
                Piece::Inline(_) | Piece::Slot(_) => {}
            }
        }
        Ok(gzip_parts(&parts))
    }

    /// How many bytes every reader's page shares, compressed: for the benchmark's report.
    pub fn shared_bytes(&self) -> usize {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Shared(d) => d.len(),
                Piece::Slot(_) | Piece::Inline(_) => 0,
            })
            .sum()
    }
}

/// Text every reader's page holds, with its links opening in a new tab, compressed once.
fn shared(text: &str) -> Deflated {
    Deflated::new(links::open_in_new_tab(text))
}
