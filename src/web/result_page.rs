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
//!
//! Every part is compressed by zlib first, then written again with one set of Huffman codes
//! ([`Codes`]) fitted to the text every reader's page holds: a page is one deflate block, where
//! parts made apart would each have had a header of their own, a third of a short note's size.

use crate::content::Article;
use crate::content::quiz::{Note, Quiz};
use crate::content::settings::Settings;
use crate::web::bits::Bits;
use crate::web::encoding::{Assemble, Coded, Deflated, with_gzip_join};
use crate::web::fragments::{Fragment, Fragments, LEVELS, Piece as FragmentPiece};
use crate::web::huffman::{Codes, SymbolCounts, Token};
use crate::web::links;
use crate::web::pages::{ArticlePage, ResultParts, Slot};
use askama::Template;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// One article's result page, split into what every reader shares and what is theirs.
pub struct ResultPage {
    pieces: Vec<Piece>,
    parts: Arc<ResultParts>,
    /// The Huffman codes every part is written with, and the block header that gives them.
    codes: Codes,
    header: Bits,
    /// Each fragment compressed on its own, by its index.
    alone: Vec<Coded>,
    /// Fragments that open a slot (the outcome card, and the note after it; the first note
    /// beside a section), compressed to continue the page before them.
    leads: HashMap<Lead, Chained<Coded>>,
    /// Each note's first fragment compressed to follow the last fragment of a note that can
    /// stand straight before it, once made ([`ResultPage::complete`]); until then a note after
    /// another is served as compressed on its own.
    follows: OnceLock<HashMap<(Fragment, Fragment), Coded>>,
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
struct Chained<P> {
    opening: String,
    from: usize,
    part: P,
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
    Shared(Shared<Coded>),
    Slot(Slot),
}

/// Text between two slots, the same on every reader's page.
struct Shared<P> {
    /// Compressed on its own: right whatever came before it.
    alone: P,
    /// Compressed as the continuation of the page before it, back to shared piece `from`, with
    /// each padded slot between at its width: right when every slot since then was. Kept when
    /// it is the smaller.
    chained: Option<(usize, P)>,
}

/// The marker's delimiters, as `Slot::marker` writes them.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The longest copy deflate has: how padding is written, a run of spaces at a time.
const MAX_COPY: usize = 258;

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
    /// skeleton and splits it at the markers; compresses every part, and fits the codes.
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
                    // As a result serves it: links opening in a new tab, and no padding yet.
                    let served = links::open_in_new_tab(&widest.slot(slot)?);
                    widths.insert(slot, served.len());
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
        let fragments = &parts.fragments;
        let shared: Vec<Shared<Deflated>> = (0..texts.len())
            .map(|index| {
                let text = &texts[index];
                let before = page_before(&texts[..index], &slots[..index], &parts);
                Shared {
                    alone: Deflated::new(text.as_str()),
                    chained: before
                        .map(|(from, before)| (from, Deflated::after(&before, text.as_str()))),
                }
            })
            .collect();
        let leads = leads(&article, quiz, &parts, &texts, &slots, &openings);
        let alone: Vec<Deflated> = fragments
            .all()
            .map(|fragment| Deflated::new(fragments.served(fragment).clone()))
            .collect();
        let padding = slots.iter().filter_map(|slot| parts.width(*slot)).sum();
        let codes = codes_for(&shared, padding);
        let alone: Vec<Coded> = alone.iter().map(|part| part.coded(&codes)).collect();
        let mut pieces = Vec::new();
        for (index, shared) in shared.into_iter().enumerate() {
            let alone = shared.alone.coded(&codes);
            let chained = shared
                .chained
                .map(|(from, chained)| (from, chained.coded(&codes)))
                .filter(|(_, chained)| chained.bit_len() < alone.bit_len());
            pieces.push(Piece::Shared(Shared { alone, chained }));
            if let Some(slot) = slots.get(index) {
                pieces.push(Piece::Slot(*slot));
            }
        }
        let leads = leads
            .into_iter()
            .filter_map(|(lead, chained)| {
                let part = chained.part.coded(&codes);
                let smaller = part.bit_len() < alone[lead.fragment.index()].bit_len();
                smaller.then_some((
                    lead,
                    Chained {
                        opening: chained.opening,
                        from: chained.from,
                        part,
                    },
                ))
            })
            .collect();
        let pairs = pairs(quiz, fragments);
        Ok(ResultPage {
            pieces,
            header: codes.header(true),
            codes,
            alone,
            leads,
            follows: OnceLock::new(),
            pairs,
            parts,
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
                let served = fragments.served(after).clone();
                let chained = Deflated::after(fragments.served(before), served).coded(&self.codes);
                if chained.bit_len() < self.alone[after.index()].bit_len() {
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
                    self.serve_slot(page, *slot, unbroken_since, &mut counted)?;
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

    /// A slot of `page` as a result serves it, into `out`: its text with links opening in a new
    /// tab, and its fragments, each in the form compressed to follow what stands before it
    /// where there is one: the page before the slot (all slots since shared piece
    /// `unbroken_since` at their width), for the first fragment and the second straight after
    /// it; the fragment just before, for the rest.
    fn serve_slot(
        &self,
        page: &ArticlePage,
        slot: Slot,
        unbroken_since: usize,
        out: &mut impl Assemble,
    ) -> askama::Result<()> {
        let fragments = &self.parts.fragments;
        let rendered = page.slot_with_fragments(slot)?;
        let mut opening = "";
        // The fragments so far, while only the opening text came before them.
        let mut leading: Option<Vec<Fragment>> = Some(Vec::new());
        // The fragment just served, while no text has come after it.
        let mut previous: Option<Fragment> = None;
        let lead = |opening: &str, after, fragment| {
            let lead = Lead {
                slot,
                after,
                fragment,
            };
            let chained = self.leads.get(&lead)?;
            let unbroken = unbroken_since <= chained.from && chained.opening == opening;
            unbroken.then_some(&chained.part)
        };
        let follow = |before, fragment| self.follows.get()?.get(&(before, fragment));
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
                    out.fragment(served.unwrap_or(&self.alone[fragment.index()]));
                    previous = Some(fragment);
                    if let Some(leading) = &mut leading {
                        leading.push(fragment);
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
        with_gzip_join(&self.codes, &self.header, gzipped, |mut join| {
            self.assemble(page, &mut join)?;
            Ok(join.finish())
        })
    }

    /// How many bytes every reader's page shares, compressed on their own: for the benchmark's
    /// report.
    pub fn shared_bytes(&self) -> usize {
        self.shared().map(|s| s.alone.byte_len()).sum()
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

    fn shared(&self) -> impl Iterator<Item = &Shared<Coded>> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Shared(shared) => Some(shared),
            Piece::Slot(_) => None,
        })
    }
}

/// The codes for every part a page may hold, fitted to what every page holds: the shared text
/// (as served, chained where it can be), and `padding` spaces (copied 258 at a time), the
/// padded slots left empty. Notes are the same kind of text, and fitting the codes to them too
/// made every page larger: the article is most of every page.
fn codes_for(shared: &[Shared<Deflated>], padding: usize) -> Codes {
    let mut counts = SymbolCounts::new();
    for shared in shared {
        match &shared.chained {
            Some((_, chained)) => chained.count(&mut counts),
            None => shared.alone.count(&mut counts),
        }
    }
    for _ in 0..padding / MAX_COPY {
        counts.add(Token::Copy {
            length: MAX_COPY as u16,
            distance: 1,
        });
    }
    Codes::fitted(&counts)
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
) -> HashMap<Lead, Chained<Deflated>> {
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
            let lead = Lead {
                slot: *slot,
                after,
                fragment,
            };
            let part = Deflated::after(before, fragments.served(fragment).clone());
            let opening = opening.to_string();
            leads.insert(
                lead,
                Chained {
                    opening,
                    from,
                    part,
                },
            );
        };
        for (first, seconds) in firsts {
            add(None, first, &before);
            let before = format!("{before}{}", fragments.served(first));
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
    fn ready(&mut self, part: &Coded) {
        self.bytes += part.plain.len();
        self.out.ready(part);
    }

    fn fragment(&mut self, part: &Coded) {
        self.bytes += part.plain.len();
        self.out.fragment(part);
    }

    fn text(&mut self, text: &str) {
        self.bytes += text.len();
        self.out.text(text);
    }
}
