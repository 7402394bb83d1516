//! A result page assembled from parts. Most of it is the article, the same for every reader: at
//! start-up the page is rendered once as a skeleton, with a marker where each part that changes
//! with the answers goes ([`Slot`]), and the text between the markers is made ready once (links
//! opening in a new tab) and compressed once. So are the notes and outcome cards a reader may get
//! ([`Fragments`]). Per request, only the slots are rendered, holding markers for fragments, and
//! the pieces joined: into the page, or straight into one gzip stream in which only the reader's
//! own text is compressed.
//!
//! Slots in the middle of the page are padded to a fixed width ([`ResultParts`]), so the shared
//! text after one is compressed once as the continuation of the text before it: its
//! back-references reach across the slot, whose bytes they never point into.
//!
//! A fragment is compressed once on its own, and again as the continuation of each text that
//! can stand straight before it: the page before a slot, for the first notes in it, and each
//! note that can come before it, for the rest (made just after start-up). Notes share most of
//! their markup, so a page with many notes is much smaller so.

use crate::content::Article;
use crate::content::quiz::{Note, Quiz};
use crate::content::settings::Settings;
use crate::web::encoding::{Assemble, Deflated, with_gzip_join};
use crate::web::fragments::{Fragment, Fragments, LEVELS, Piece as FragmentPiece};
use crate::web::links;
use crate::web::pages::{ArticlePage, ResultParts, Slot};
use askama::Template;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// One article's result page, split into what every reader shares and what is theirs.
pub struct ResultPage {
    pieces: Vec<Piece>,
    parts: Arc<ResultParts>,
    /// Fragments that open a slot (the outcome card, and the note after it; the first note
    /// beside a section), compressed to continue the page before them.
    leads: HashMap<Lead, Chained>,
    /// Each note's first fragment compressed to follow the last fragment of a note that can
    /// stand straight before it, once made ([`ResultPage::complete`]); until then a note after
    /// another is served as compressed on its own.
    follows: OnceLock<HashMap<(Fragment, Fragment), Deflated>>,
    /// The pairs of fragments `follows` is made for: the one before, and the one after.
    pairs: Vec<(Fragment, Fragment)>,
}

/// A fragment at the start of a slot: its first, or the second after the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Lead {
    slot: Slot,
    after: Option<Fragment>,
    fragment: Fragment,
}

/// A fragment compressed to continue the page before it: right when the slot opens with
/// `opening` (text of its own, before its first fragment) and every slot since shared piece
/// `from` was at its width.
struct Chained {
    opening: String,
    from: usize,
    deflated: Deflated,
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
    Shared(Shared),
    Slot(Slot),
}

/// Text between two slots, the same on every reader's page.
struct Shared {
    /// Compressed on its own: right whatever came before it.
    alone: Deflated,
    /// Compressed as the continuation of the page before it, back to shared piece `from`, with
    /// each padded slot between at its width: right when every slot since then was. Kept when
    /// it is the smaller.
    chained: Option<(usize, Deflated)>,
}

/// The marker's delimiters, as `Slot::marker` writes them.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// How much of the page before a piece its chained form may refer back to: deflate's window.
const WINDOW: usize = 32 * 1024;

/// What stands for a padded slot's bytes while the text after it is compressed: a byte no page
/// holds, so no back-reference points into the slot, whose text differs from page to page.
const UNKNOWN: char = '\0';

/// Slots padded to a fixed width: those inside the article, which every reader shares long
/// stretches of text on both sides of. The result's slots at the top have little shared text
/// before them to refer back to, and the answers kept come last.
fn is_padded(slot: Slot) -> bool {
    matches!(slot, Slot::ContentsMark(_) | Slot::SideNotes(_))
}

impl ResultPage {
    /// Renders the fragments, measures the padded slots on the widest result, then renders the
    /// skeleton and splits it at the markers.
    pub fn new(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        quiz: &Quiz,
    ) -> askama::Result<ResultPage> {
        let unmeasured = Arc::new(ResultParts::new(Fragments::new(&article, quiz)?));
        let skeleton =
            ArticlePage::skeleton(settings, article.clone(), quiz, &unmeasured)?.render()?;
        let (texts, slots) = split_skeleton(&skeleton);
        let mut widths = HashMap::new();
        // Each slot's text before its first fragment, on the widest result.
        let mut openings = HashMap::new();
        {
            let widest = ArticlePage::widest(settings, article.clone(), quiz, &unmeasured)?;
            for slot in slots.iter().copied() {
                if is_padded(slot) {
                    let mut measure = Measure(0);
                    served_slot(&unmeasured.fragments, &widest, slot, &mut measure)?;
                    widths.insert(slot, measure.0);
                }
                let rendered = widest.slot_with_fragments(slot)?;
                let opening = match unmeasured.fragments.split(&rendered).next() {
                    Some(FragmentPiece::Text(text)) => text.to_string(),
                    _ => String::new(),
                };
                openings.insert(slot, opening);
            }
        } // the page measured is gone, and with it its hold on the parts
        let parts = Arc::new(
            Arc::try_unwrap(unmeasured)
                .map_err(|_| askama::Error::custom("the result's parts are still in use"))?
                .with_widths(widths),
        );
        let mut pieces = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            let before = page_before(&texts[..index], &slots[..index], &parts);
            let alone = Deflated::new(text.clone());
            let chained = before
                .map(|(from, before)| (from, Deflated::after(&before, text.clone())))
                .filter(|(_, chained)| chained.len() < alone.len());
            pieces.push(Piece::Shared(Shared { alone, chained }));
            if let Some(slot) = slots.get(index) {
                pieces.push(Piece::Slot(*slot));
            }
        }
        let leads = leads(&article, quiz, &parts, &texts, &slots, &openings);
        let pairs = pairs(quiz, &parts.fragments);
        Ok(ResultPage {
            pieces,
            parts,
            leads,
            follows: OnceLock::new(),
            pairs,
        })
    }

    /// Compresses each note to follow each note that can come before it, unless done already:
    /// a few thousand small parts, so the server makes them after it is ready. Waits while
    /// another thread makes them.
    pub fn complete(&self) {
        self.follows.get_or_init(|| {
            let fragments = &self.parts.fragments;
            let mut follows = HashMap::new();
            for &(before, after) in &self.pairs {
                let served = fragments.served(after);
                let chained = served.again_after(&fragments.served(before).plain);
                if chained.len() < served.len() {
                    follows.insert((before, after), chained);
                }
            }
            follows
        });
    }

    /// What a reader's result page is rendered with.
    pub fn parts(&self) -> &Arc<ResultParts> {
        &self.parts
    }

    /// The page's pieces in order, the reader's rendered now, into `out`.
    fn assemble(&self, page: &ArticlePage, out: &mut impl Assemble) -> askama::Result<()> {
        // The first shared piece after the last slot that was not at its width.
        let mut unbroken_since = 0;
        let mut shared_index = 0;
        for piece in &self.pieces {
            match piece {
                Piece::Shared(shared) => {
                    match &shared.chained {
                        Some((from, chained)) if unbroken_since <= *from => out.ready(chained),
                        _ => out.ready(&shared.alone),
                    }
                    shared_index += 1;
                }
                Piece::Slot(slot) => {
                    let mut counted = Counted {
                        out: &mut *out,
                        bytes: 0,
                    };
                    let lead = |opening: &str, after, fragment| {
                        let lead = Lead {
                            slot: *slot,
                            after,
                            fragment,
                        };
                        let chained = self.leads.get(&lead)?;
                        let unbroken = unbroken_since <= chained.from && chained.opening == opening;
                        unbroken.then_some(&chained.deflated)
                    };
                    let follow = |before, fragment| {
                        let follows = self.follows.get()?;
                        follows.get(&(before, fragment))
                    };
                    served_slot_with(
                        &self.parts.fragments,
                        page,
                        *slot,
                        &mut counted,
                        lead,
                        follow,
                    )?;
                    let served = counted.bytes;
                    match self.parts.width(*slot) {
                        Some(width) if served <= width => out.padding(width - served),
                        _ => unbroken_since = shared_index,
                    }
                }
            }
        }
        Ok(())
    }

    /// The whole page, as rendering the template and opening its links in a new tab gives it.
    pub fn html(&self, page: &ArticlePage) -> askama::Result<String> {
        let mut html = String::with_capacity(self.plain_bytes() + 8 * 1024);
        self.assemble(page, &mut html)?;
        Ok(html)
    }

    /// The page as one gzip stream: the shared parts and fragments as compressed at start-up,
    /// the reader's own text compressed now.
    pub fn gzip(&self, page: &ArticlePage) -> askama::Result<Vec<u8>> {
        let gzipped = self.shared_bytes() + 8 * 1024;
        with_gzip_join(gzipped, |mut join| {
            self.assemble(page, &mut join)?;
            Ok(join.finish())
        })
    }

    /// How many bytes every reader's page shares, compressed on their own: for the benchmark's
    /// report.
    pub fn shared_bytes(&self) -> usize {
        self.shared().map(|s| s.alone.len()).sum()
    }

    /// How long the text every reader's page shares is, with the padded slots at their width.
    fn plain_bytes(&self) -> usize {
        let widths: usize = self
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Slot(slot) => self.parts.width(*slot),
                Piece::Shared(_) => None,
            })
            .sum();
        self.shared().map(|s| s.alone.plain.len()).sum::<usize>() + widths
    }

    fn shared(&self) -> impl Iterator<Item = &Shared> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Shared(shared) => Some(shared),
            Piece::Slot(_) => None,
        })
    }
}

/// The skeleton's shared texts (links opened in a new tab) and the slots between them.
fn split_skeleton(skeleton: &str) -> (Vec<String>, Vec<Slot>) {
    let mut texts = Vec::new();
    let mut slots = Vec::new();
    let mut rest = skeleton;
    while let Some(open) = rest.find(OPEN) {
        let close = open + rest[open..].find(CLOSE).expect("every marker closes");
        let name = &rest[open + OPEN.len_utf8()..close];
        texts.push(links::open_in_new_tab(&rest[..open]));
        slots.push(Slot::named(name).expect("markers name slots"));
        rest = &rest[close + CLOSE.len_utf8()..];
    }
    texts.push(links::open_in_new_tab(rest));
    (texts, slots)
}

/// A slot of `page` as a result serves it, into `out`: its text with links opening in a new
/// tab, its fragments as served.
fn served_slot(
    fragments: &Fragments,
    page: &ArticlePage,
    slot: Slot,
    out: &mut impl Assemble,
) -> askama::Result<()> {
    served_slot_with(fragments, page, slot, out, |_, _, _| None, |_, _| None)
}

/// The same, where another form of a fragment may be served: the same text, compressed to
/// continue what comes before. `lead` may give one of the slot's first fragment, or of its
/// second straight after the first; it is asked with the slot's opening text and the fragment
/// before. Failing that, `follow` may give one of a fragment straight after another.
fn served_slot_with<'f>(
    fragments: &'f Fragments,
    page: &ArticlePage,
    slot: Slot,
    out: &mut impl Assemble,
    lead: impl Fn(&str, Option<Fragment>, Fragment) -> Option<&'f Deflated>,
    follow: impl Fn(Fragment, Fragment) -> Option<&'f Deflated>,
) -> askama::Result<()> {
    let rendered = page.slot_with_fragments(slot)?;
    let mut opening = "";
    // The fragments so far, while only the opening text came before them.
    let mut leading: Option<Vec<Fragment>> = Some(Vec::new());
    // The fragment just served, while no text has come after it.
    let mut previous: Option<Fragment> = None;
    for (index, piece) in fragments.split(&rendered).enumerate() {
        match piece {
            FragmentPiece::Text(text) => {
                if index == 0 {
                    opening = text;
                } else {
                    leading = None;
                }
                if !text.is_empty() {
                    previous = None;
                }
                // The reader's own text seldom holds a link: most of it goes in as it is.
                if text.contains("<a ") {
                    out.text(&links::open_in_new_tab(text));
                } else {
                    out.text(text);
                }
            }
            FragmentPiece::Fragment(fragment) => {
                let chained = match leading.as_deref() {
                    Some([]) => lead(opening, None, fragment),
                    Some([first]) => lead(opening, Some(*first), fragment),
                    _ => None,
                };
                let followed = || previous.and_then(|before| follow(before, fragment));
                let served = chained.or_else(followed);
                out.fragment(served.unwrap_or_else(|| fragments.served(fragment)));
                previous = Some(fragment);
                if let Some(leading) = &mut leading {
                    leading.push(fragment);
                }
            }
        }
    }
    Ok(())
}

/// The page before shared piece `k` (the length of `before`), as far back as every slot between
/// is padded and deflate's window reaches: the shared texts, each slot as its width of
/// [`UNKNOWN`]. With the number of the first shared piece it holds; `None` when the slot just
/// before is not padded.
fn page_before(before: &[String], slots: &[Slot], parts: &ResultParts) -> Option<(usize, String)> {
    let mut pieces: Vec<String> = Vec::new();
    let mut length = 0;
    let mut from = before.len();
    while from > 0 && length < WINDOW {
        let Some(width) = parts.width(slots[from - 1]) else {
            break;
        };
        // Reversed below: the slot's stand-in follows the text before it.
        pieces.push(UNKNOWN.to_string().repeat(width));
        pieces.push(before[from - 1].clone());
        length += before[from - 1].len() + width;
        from -= 1;
    }
    if pieces.is_empty() {
        return None;
    }
    pieces.reverse();
    Some((from, pieces.concat()))
}

/// The fragments that can open a slot, each compressed to continue the page before it: the
/// outcome card, and the first note at the top after it; the first note beside each section.
/// Their text, prose and markup alike, has much in common with what comes before.
fn leads(
    article: &Article,
    quiz: &Quiz,
    parts: &ResultParts,
    texts: &[String],
    slots: &[Slot],
    openings: &HashMap<Slot, String>,
) -> HashMap<Lead, Chained> {
    let fragments = &parts.fragments;
    let mut leads = HashMap::new();
    for (index, slot) in slots.iter().enumerate() {
        // Which fragments can come first, and which second after each.
        let firsts: Vec<(Fragment, Vec<Fragment>)> = match *slot {
            Slot::Outcome => LEVELS
                .iter()
                .filter_map(|level| {
                    let card = fragments.card(*level)?;
                    let top = quiz.notes.iter().filter(|n| Some(n.level) == *level);
                    let notes = top.filter(|n| n.level.goes_on_top());
                    Some((
                        card,
                        notes
                            .flat_map(|n| fragments.openings_of_note(&n.id))
                            .collect(),
                    ))
                })
                .collect(),
            Slot::SideNotes(section) if parts.width(*slot).is_some() => {
                let id = article.body.sections.get(section).map(|s| s.id.as_str());
                let beside = quiz.notes.iter().filter(|n| n.section.as_deref() == id);
                let notes = beside.flat_map(|n| fragments.openings_of_note(&n.id));
                notes.map(|note| (note, Vec::new())).collect()
            }
            _ => continue,
        };
        let opening = openings.get(slot).map_or("", String::as_str);
        let (from, mut before) = page_before(&texts[..index], &slots[..index], parts)
            .unwrap_or_else(|| (index, String::new()));
        before.push_str(&texts[index]);
        before.push_str(&links::open_in_new_tab(opening));
        let mut add = |after, fragment, before: &str| {
            let served = fragments.served(fragment);
            let deflated = served.again_after(before);
            if deflated.len() < served.len() {
                let lead = Lead {
                    slot: *slot,
                    after,
                    fragment,
                };
                let opening = opening.to_string();
                leads.insert(
                    lead,
                    Chained {
                        opening,
                        from,
                        deflated,
                    },
                );
            }
        };
        for (first, seconds) in firsts {
            add(None, first, &before);
            let before = format!("{before}{}", fragments.served(first).plain);
            for second in seconds {
                add(Some(first), second, &before);
            }
        }
    }
    leads
}

/// The pairs of fragments that can stand one straight after the other: the last of a note
/// (whole, or its tail), then the first of another (whole, or its head), for every note that can
/// come straight before another: earlier in the order notes are shown in (by level, then place)
/// and in the same group (the top of the result, or beside the same section). The second is
/// compressed to follow the first: it shares its markup, and often its wording.
fn pairs(quiz: &Quiz, fragments: &Fragments) -> Vec<(Fragment, Fragment)> {
    let group = |note: &Note| (note.level.goes_on_top(), note.section.clone());
    let mut pairs = Vec::new();
    for earlier in &quiz.notes {
        let later = quiz.notes.iter().filter(|later| {
            (earlier.level, earlier.place) < (later.level, later.place)
                && group(earlier) == group(later)
        });
        for later in later {
            for end in fragments.endings_of_note(&earlier.id) {
                for start in fragments.openings_of_note(&later.id) {
                    pairs.push((end, start));
                }
            }
        }
    }
    pairs
}

/// Counts what a slot serves on its way into a page.
struct Counted<'o, O> {
    out: &'o mut O,
    bytes: usize,
}

impl<O: Assemble> Assemble for Counted<'_, O> {
    fn ready(&mut self, part: &Deflated) {
        self.bytes += part.plain.len();
        self.out.ready(part);
    }

    fn fragment(&mut self, part: &Deflated) {
        self.bytes += part.plain.len();
        self.out.fragment(part);
    }

    fn text(&mut self, text: &str) {
        self.bytes += text.len();
        self.out.text(text);
    }
}

/// Only counts.
struct Measure(usize);

impl Assemble for Measure {
    fn ready(&mut self, part: &Deflated) {
        self.0 += part.plain.len();
    }

    fn text(&mut self, text: &str) {
        self.0 += text.len();
    }
}
