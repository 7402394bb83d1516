//! The parts of a result page that only some readers get, but that are the same for each reader
//! who gets them: every note of a self-check as it stands on the page (all but "You said"), and
//! the outcome's care card for each level of care. They are rendered once at start-up, with
//! their links opened in a new tab; the result page compresses them once. A reader's page is
//! rendered with a marker where each goes ([`Fragment`]), so a result is mostly joined, not
//! written.

use crate::content::Article;
use crate::content::quiz::{Level, Note, Outcome, Quiz};
use crate::web::links;
use askama::Template;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// A marker's delimiters: private-use characters no page text contains, apart from the ones the
/// result page's skeleton uses for its slots.
const OPEN: char = '\u{E002}';
const CLOSE: char = '\u{E003}';

/// Where one of the parts goes, as a page rendered for a reader holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fragment(usize);

impl Fragment {
    /// Its place among its self-check's fragments, from 0: for tables kept beside them.
    pub fn index(self) -> usize {
        self.0
    }
}

impl fmt::Display for Fragment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{OPEN}{}{CLOSE}", self.0)
    }
}

/// A note's text before and after what the reader said.
#[derive(Debug, Clone, Copy)]
pub struct NoteFragments {
    pub head: Fragment,
    pub tail: Fragment,
}

/// One self-check's fragments.
pub struct Fragments {
    texts: Vec<FragmentText>,
    notes: HashMap<String, NoteFragments>,
    /// Each note whole, naming the one answer that raised it, by that answer's label.
    wholes: HashMap<String, Vec<(String, Fragment)>>,
    /// The outcome card for no note raised (`None`) and for each level of care.
    cards: Vec<(Option<Level>, Fragment)>,
}

struct FragmentText {
    /// As the templates write it.
    rendered: String,
    /// As a result page serves it: links opening in a new tab.
    served: Arc<str>,
}

impl fmt::Debug for Fragments {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fragments({} texts)", self.texts.len())
    }
}

/// A note's text before what the reader said (`head`), or after it.
#[derive(Template)]
#[template(
    source = r#"{% import "parts/macros.html" as parts %}{% if head %}{% call parts::note_head(note, on_top) %}{% endcall %}{% else %}{% call parts::note_tail(note, on_top) %}{% endcall %}{% endif %}"#,
    ext = "html"
)]
struct NotePart<'a> {
    note: &'a Note,
    on_top: bool,
    head: bool,
}

#[derive(Template)]
#[template(
    source = r#"{% import "parts/macros.html" as parts %}{% call parts::note_said(said) %}{% endcall %}"#,
    ext = "html"
)]
struct NoteSaid<'a> {
    said: &'a [&'a str],
}

/// The labels of the answers that raise `note` on their own: its "You said" names one answer.
fn single_answers<'q>(quiz: &'q Quiz, note: &Note) -> Vec<&'q str> {
    let mut labels: Vec<&str> = Vec::new();
    for trigger in note.triggers.iter().filter(|t| t.when.len() == 1) {
        let condition = &trigger.when[0];
        let Some(question) = quiz.question(&condition.question) else {
            continue;
        };
        for choice in &question.options {
            if condition.any_of.contains(&choice.value) && !labels.contains(&choice.label.as_str())
            {
                labels.push(&choice.label);
            }
        }
    }
    labels
}

#[derive(Template)]
#[template(path = "parts/outcome-card.html")]
struct OutcomeCard<'a> {
    /// The outcome reached (named so apart from the card macro's own `outcome`).
    reached: &'a Outcome,
    data_outcome: &'a str,
    no_notes: bool,
    general_advice: &'a [String],
}

/// No note raised, and each level of care: the outcome cards there are.
pub const LEVELS: [Option<Level>; 5] = [
    None,
    Some(Level::Emergency),
    Some(Level::Urgent),
    Some(Level::NonUrgent),
    Some(Level::Advice),
];

impl Fragments {
    /// Renders every note of `quiz` and every outcome card.
    pub fn new(article: &Article, quiz: &Quiz) -> askama::Result<Fragments> {
        let mut fragments = Fragments {
            texts: Vec::new(),
            notes: HashMap::new(),
            wholes: HashMap::new(),
            cards: Vec::new(),
        };
        for note in &quiz.notes {
            // Emergency and urgent notes stand at the top of the result, the others beside
            // their section.
            let on_top = note.level.goes_on_top();
            let head = NotePart {
                note,
                on_top,
                head: true,
            }
            .render()?;
            let tail = NotePart {
                note,
                on_top,
                head: false,
            }
            .render()?;
            for label in single_answers(quiz, note) {
                let said = NoteSaid { said: &[label] }.render()?;
                let whole = fragments.add(format!("{head}{said}{tail}"));
                let wholes = fragments.wholes.entry(note.id.clone()).or_default();
                wholes.push((label.to_string(), whole));
            }
            let head = fragments.add(head);
            let tail = fragments.add(tail);
            fragments
                .notes
                .insert(note.id.clone(), NoteFragments { head, tail });
        }
        for level in LEVELS {
            let outcome = quiz.outcome(level);
            let card = OutcomeCard {
                reached: outcome,
                // `data-outcome`: the most serious level raised, or `none` when no note was.
                data_outcome: if level.is_some() { outcome.key } else { "none" },
                no_notes: level.is_none(),
                general_advice: &article.general_advice,
            };
            let card = fragments.add(card.render()?);
            fragments.cards.push((level, card));
        }
        Ok(fragments)
    }

    fn add(&mut self, rendered: String) -> Fragment {
        let served = links::open_in_new_tab(&rendered).into();
        self.texts.push(FragmentText { rendered, served });
        Fragment(self.texts.len() - 1)
    }

    /// The note's head and tail: every note of the self-check has them.
    pub fn note(&self, id: &str) -> Option<NoteFragments> {
        self.notes.get(id).copied()
    }

    /// The note whole, when what the reader said is this one answer.
    pub fn whole(&self, id: &str, said: &[String]) -> Option<Fragment> {
        match said {
            [label] => self
                .wholes
                .get(id)?
                .iter()
                .find(|(said, _)| said == label)
                .map(|(_, whole)| *whole),
            _ => None,
        }
    }

    /// Every fragment that can open the note on a page: whole, or its head.
    pub fn openings_of_note(&self, id: &str) -> Vec<Fragment> {
        self.whole_or(id, |parts| parts.head)
    }

    /// Every fragment that can end the note on a page: whole, or its tail.
    pub fn endings_of_note(&self, id: &str) -> Vec<Fragment> {
        self.whole_or(id, |parts| parts.tail)
    }

    /// The note whole, for each answer that raises it alone, then `part` of it.
    fn whole_or(&self, id: &str, part: fn(NoteFragments) -> Fragment) -> Vec<Fragment> {
        let wholes = self.wholes.get(id).into_iter().flatten();
        let mut fragments: Vec<Fragment> = wholes.map(|(_, whole)| *whole).collect();
        fragments.extend(self.note(id).map(part));
        fragments
    }

    /// The outcome card of the most serious level raised, or of none.
    pub fn card(&self, level: Option<Level>) -> Option<Fragment> {
        self.cards
            .iter()
            .find(|(l, _)| *l == level)
            .map(|(_, card)| *card)
    }

    /// `text` with each marker replaced by its fragment as the templates write it.
    pub fn resolve(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for piece in self.split(text) {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Fragment(fragment) => out.push_str(&self.texts[fragment.0].rendered),
            }
        }
        out
    }

    /// `text` cut at its markers, in order.
    pub fn split<'t>(&self, text: &'t str) -> impl Iterator<Item = Piece<'t>> {
        Split {
            rest: text,
            fragment: None,
            count: self.texts.len(),
        }
    }

    /// A fragment as a result page serves it: links opening in a new tab.
    pub fn served(&self, fragment: Fragment) -> &Arc<str> {
        &self.texts[fragment.0].served
    }

    /// Every fragment, in the order of their indexes.
    pub fn all(&self) -> impl Iterator<Item = Fragment> + use<> {
        (0..self.texts.len()).map(Fragment)
    }
}

/// A piece of a rendered text: text of its own, or where a fragment goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'t> {
    Text(&'t str),
    Fragment(Fragment),
}

struct Split<'t> {
    rest: &'t str,
    /// The fragment whose marker ended the text just given.
    fragment: Option<Fragment>,
    count: usize,
}

impl<'t> Iterator for Split<'t> {
    type Item = Piece<'t>;

    fn next(&mut self) -> Option<Piece<'t>> {
        if let Some(fragment) = self.fragment.take() {
            return Some(Piece::Fragment(fragment));
        }
        if self.rest.is_empty() {
            return None;
        }
        // A marker is OPEN, digits naming a fragment of this set, CLOSE; anything else is text.
        let mut from = 0;
        while let Some(open) = self.rest[from..].find(OPEN).map(|i| from + i) {
            let digits_start = open + OPEN.len_utf8();
            let marker = self.rest[digits_start..]
                .find(CLOSE)
                .map(|close| &self.rest[digits_start..digits_start + close])
                .and_then(|digits| digits.parse::<usize>().ok().map(|i| (i, digits.len())))
                .filter(|(i, _)| *i < self.count);
            match marker {
                Some((index, digits)) => {
                    let text = &self.rest[..open];
                    self.rest = &self.rest[digits_start + digits + CLOSE.len_utf8()..];
                    self.fragment = Some(Fragment(index));
                    if text.is_empty() {
                        return self.fragment.take().map(Piece::Fragment);
                    }
                    return Some(Piece::Text(text));
                }
                None => from = digits_start,
            }
        }
        let text = std::mem::take(&mut self.rest);
        Some(Piece::Text(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> crate::content::Site {
        crate::load_content(None).expect("the built-in content loads")
    }

    #[test]
    fn every_note_and_outcome_has_its_fragments_and_each_names_its_own_note() {
        let site = site();
        for article in &site.articles {
            let Some(quiz) = &article.quiz else { continue };
            let fragments = Fragments::new(article, quiz).unwrap();
            for note in &quiz.notes {
                let parts = fragments.note(&note.id).expect("fragments for every note");
                let head = fragments.resolve(&parts.head.to_string());
                assert!(
                    head.contains(&format!("data-note=\"{}\"", note.id)),
                    "{head}"
                );
                assert!(head.contains(&note.title), "{head}");
                let tail = fragments.resolve(&parts.tail.to_string());
                assert!(tail.starts_with("<p class=\"note-source\">"), "{tail}");
            }
            for level in LEVELS {
                let card = fragments.card(level).expect("a card for every level");
                let card = fragments.resolve(&card.to_string());
                let outcome = quiz.outcome(level);
                assert!(card.contains(&outcome.heading), "{card}");
                assert_eq!(card.contains("general-advice"), level.is_none(), "{card}");
            }
        }
    }

    #[test]
    fn text_is_cut_at_markers_of_this_set_only() {
        let site = site();
        let article = site.articles.iter().find(|a| a.quiz.is_some()).unwrap();
        let fragments = Fragments::new(article, article.quiz.as_ref().unwrap()).unwrap();
        let note = fragments
            .note(&article.quiz.as_ref().unwrap().notes[0].id)
            .unwrap();
        let text = format!(
            "a{}b{}{}\u{E002}99999\u{E003}\u{E002}x",
            note.head, note.tail, note.head
        );
        let pieces: Vec<Piece> = fragments.split(&text).collect();
        assert_eq!(
            pieces,
            [
                Piece::Text("a"),
                Piece::Fragment(note.head),
                Piece::Text("b"),
                Piece::Fragment(note.tail),
                Piece::Fragment(note.head),
                Piece::Text("\u{E002}99999\u{E003}\u{E002}x"),
            ]
        );
        assert_eq!(fragments.split("").count(), 0);
    }
}
