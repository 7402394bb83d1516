//! The ids a page's headings take: an author's own, or one made from the heading's text,
//! each checked against the ids the page keeps for itself.

use super::{ReservedIds, id_from_text, is_plain_id};
use pulldown_cmark::{CowStr, Event, Tag};
use std::collections::{HashMap, HashSet};

/// The ids of one page: those its headings have taken so far, and those it keeps for itself.
pub(super) struct HeadingIds {
    taken: HashSet<String>,
    /// For each made id, the number to try next, so that many headings with one text are
    /// numbered without counting up from 1 each time.
    next_number: HashMap<String, usize>,
    reserved: ReservedIds,
}

impl HeadingIds {
    /// No id taken yet but the page's own.
    pub(super) fn new(reserved: &ReservedIds) -> HeadingIds {
        HeadingIds {
            taken: reserved.whole.iter().map(|id| id.to_string()).collect(),
            next_number: HashMap::new(),
            reserved: *reserved,
        }
    }

    /// A heading's id: the one its author gave (`## Text {#id}`), or one made from its text.
    pub(super) fn assign(&mut self, start: &Event, text: &str) -> Result<String, String> {
        match start {
            Event::Start(Tag::Heading { id: Some(id), .. }) => self.take_explicit(id),
            _ => self.take_unique(&id_from_text(text), text),
        }
    }

    /// An author's id must be plain, free, and not of a reserved family.
    fn take_explicit(&mut self, id: &str) -> Result<String, String> {
        if !is_plain_id(id) {
            return Err(format!(
                "heading id `{id}` must use only lowercase letters, digits and hyphens"
            ));
        }
        if let Some(prefix) = self.reserved.prefix_of(id) {
            return Err(format!(
                "heading id `{id}` begins with `{prefix}`, which the page keeps for its own parts: choose another"
            ));
        }
        if self.reserved.whole.contains(&id) {
            return Err(format!(
                "heading id `{id}` is one the page keeps for its own parts: choose another"
            ));
        }
        if !self.taken.insert(id.to_string()) {
            return Err(format!("heading id `{id}` is used twice on the page"));
        }
        Ok(id.to_string())
    }

    /// A made id is numbered (`notes`, `notes-1`...) until it is free.
    fn take_unique(&mut self, base: &str, text: &str) -> Result<String, String> {
        if let Some(prefix) = self.reserved.prefix_of(base) {
            return Err(format!(
                "heading `{}` would get the id `{base}`, which begins with `{prefix}` as the page's own parts do: give it another with {{#id}}",
                text.trim()
            ));
        }
        let mut id = base.to_string();
        let next = self.next_number.entry(base.to_string()).or_insert(1);
        while !self.taken.insert(id.clone()) {
            id = format!("{base}-{next}");
            *next += 1;
        }
        Ok(id)
    }
}

pub(super) fn set_heading_id(event: &mut Event, new_id: String) {
    if let Event::Start(Tag::Heading { id, .. }) = event {
        *id = Some(CowStr::from(new_id));
    }
}
