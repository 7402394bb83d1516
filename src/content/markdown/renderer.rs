//! Reading one piece of Markdown: each event screened, then checked and kept by the part of the
//! document it falls in (the intro, or a `##` section), and each part written as HTML.

use super::heading_ids::{HeadingIds, set_heading_id};
use super::{Document, Html, Lookups, Problem, Section, figure_html, options, problem, screen};
use crate::content::figure::FigureRef;
use crate::content::problem::{Lines, Lookup, did_you_mean};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// What a document may hold that a fragment may not: heading ids to assign, and the sources and
/// figures it may name.
struct DocumentRules<'r> {
    ids: HeadingIds,
    lookups: &'r Lookups<'r>,
}

/// The intro (no heading), or one `##` section: its events, the heading's first.
#[derive(Default)]
struct Part<'m> {
    /// The section's id and title, once its heading has been read.
    heading: Option<(String, String)>,
    /// How many of `events` are the heading's.
    heading_events: usize,
    events: Vec<Event<'m>>,
    /// Where each figure stands in `events`, with its line, to lift it out of its `<p>`.
    figures_at: Vec<(usize, usize)>,
}

/// A figure being read: where it goes, its caption, its line and its alt text so far.
struct OpenFigure {
    figure: FigureRef,
    caption: String,
    line: usize,
    alt: String,
}

pub(super) struct Renderer<'m, 'r> {
    rules: Option<DocumentRules<'r>>,
    lines: Lines<'m>,
    problems: Vec<Problem>,
    parts: Vec<Part<'m>>,
    plain_text: String,
    /// The sources cited, in the order of their numbers.
    citations: Vec<String>,
    citation_numbers: HashMap<String, usize>,
    /// The heading being read: its place in the current part's events, and its line.
    open_heading: Option<(usize, usize)>,
    heading_text: String,
    open_figure: Option<OpenFigure>,
}

impl<'m, 'r> Renderer<'m, 'r> {
    /// For an article body: headings (from `##`), citations and figures allowed.
    pub(super) fn for_document(
        markdown: &'m str,
        ids: HeadingIds,
        lookups: &'r Lookups<'r>,
    ) -> Renderer<'m, 'r> {
        let mut renderer = Renderer::for_fragment(markdown);
        renderer.rules = Some(DocumentRules { ids, lookups });
        renderer
    }

    /// For a short piece such as a note: no headings, citations or figures.
    pub(super) fn for_fragment(markdown: &'m str) -> Renderer<'m, 'r> {
        Renderer {
            rules: None,
            lines: Lines::new(markdown),
            problems: Vec::new(),
            parts: vec![Part::default()],
            plain_text: String::new(),
            citations: Vec::new(),
            citation_numbers: HashMap::new(),
            open_heading: None,
            heading_text: String::new(),
            open_figure: None,
        }
    }

    /// Reads the whole of `markdown` (the text the renderer was made for) and gives the
    /// document, or every problem in it. A fragment is all intro.
    pub(super) fn read(mut self, markdown: &'m str) -> Result<Document, Vec<Problem>> {
        for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
            let line = self.lines.line(range.start);
            match screen(event) {
                Ok(event) => self.event(event, line),
                Err(message) => self.problem(line, &message),
            }
        }
        self.finish()
    }

    fn event(&mut self, event: Event<'m>, line: usize) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => self.heading_starts(event, level, line),
            Event::End(TagEnd::Heading(level)) => self.heading_ends(level),
            Event::FootnoteReference(id) => self.citation(&id, line),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.figure_starts(&dest_url, &title, line),
            Event::Text(ref text) if self.open_figure.is_some() => {
                if let Some(open) = self.open_figure.as_mut() {
                    open.alt.push_str(text);
                }
            }
            Event::End(TagEnd::Image) => self.figure_ends(),
            Event::Text(ref text) | Event::Code(ref text) => {
                if self.open_heading.is_some() {
                    self.heading_text.push_str(text);
                }
                self.plain_text.push_str(text);
                self.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.plain_text.push(' ');
                self.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                self.plain_text.push_str("\n\n");
                self.push(event);
            }
            other => self.push(other),
        }
    }

    fn problem(&mut self, line: usize, message: &str) {
        self.problems.push(problem(line, message));
    }

    fn part(&mut self) -> &mut Part<'m> {
        self.parts.last_mut().expect("the intro is always there")
    }

    fn push(&mut self, event: Event<'m>) {
        self.part().events.push(event);
    }

    /// A `##` heading starts a new section; others are checked and kept where they stand.
    fn heading_starts(&mut self, event: Event<'m>, level: HeadingLevel, line: usize) {
        match (&self.rules, level) {
            (None, _) => self.problem(line, "headings are not allowed here"),
            (Some(_), HeadingLevel::H1) => self.problem(
                line,
                "a `#` heading is not allowed: the title comes from the front matter; start sections at `##`",
            ),
            (Some(_), HeadingLevel::H2) => self.parts.push(Part::default()),
            _ => {}
        }
        self.open_heading = Some((self.part().events.len(), line));
        self.heading_text.clear();
        self.push(event);
    }

    fn heading_ends(&mut self, level: HeadingLevel) {
        if let (Some((start, line)), Some(rules)) = (self.open_heading.take(), &mut self.rules) {
            let part = self.parts.last_mut().expect("the intro is always there");
            match rules.ids.assign(&part.events[start], &self.heading_text) {
                Ok(id) => {
                    if level == HeadingLevel::H2 {
                        part.heading = Some((id.clone(), self.heading_text.trim().to_string()));
                        part.heading_events = part.events.len() + 1;
                    }
                    set_heading_id(&mut part.events[start], id);
                }
                Err(message) => self.problems.push(problem(line, &message)),
            }
        }
        self.plain_text.push_str("\n\n");
        self.push(Event::End(TagEnd::Heading(level)));
    }

    /// `[^id]`: a numbered link to the source in the article's list, the same number each time.
    fn citation(&mut self, id: &str, line: usize) {
        let found = self.rules.as_ref().map(|rules| (rules.lookups.source)(id));
        match found {
            None => self.problem(
                line,
                &format!("citation `[^{id}]` is not allowed here: a note names its `source`"),
            ),
            Some(Lookup::Missing { nearest }) => self.problem(
                line,
                &format!(
                    "citation `[^{id}]` names no source in sources.toml{}",
                    did_you_mean(nearest.as_deref())
                ),
            ),
            Some(Lookup::Found(()) | Lookup::Broken) => {
                let citations = &mut self.citations;
                let number = *self
                    .citation_numbers
                    .entry(id.to_string())
                    .or_insert_with(|| {
                        citations.push(id.to_string());
                        citations.len()
                    });
                // Ids are checked against sources.toml, whose ids are plain: safe in HTML.
                self.push(Event::InlineHtml(CowStr::from(format!(
                    "<a class=\"cite\" href=\"#{}\"><span class=\"visually-hidden\">source </span>{number}</a>",
                    super::source_anchor(id)
                ))));
            }
        }
    }

    fn figure_starts(&mut self, src: &str, caption: &str, line: usize) {
        let Some(rules) = &self.rules else {
            // Notes and cards are short text: a figure belongs in the article.
            let message = format!("image `{src}` is not allowed here: figures go in the article");
            return self.problem(line, &message);
        };
        match super::place_figure(src, caption, rules.lookups) {
            Ok(Some(figure)) => {
                self.open_figure = Some(OpenFigure {
                    figure,
                    caption: caption.to_string(),
                    line,
                    alt: String::new(),
                })
            }
            // The figure's own file says why it was refused.
            Ok(None) => {}
            Err(message) => self.problem(line, &message),
        }
    }

    fn figure_ends(&mut self) {
        let Some(open) = self.open_figure.take() else {
            return;
        };
        if open.alt.trim().is_empty() {
            self.problem(
                open.line,
                "a figure needs alt text, saying what it shows: ![alt text](figures/name.svg \"caption\")",
            );
        }
        self.plain_text.push_str(&open.caption);
        self.plain_text.push_str("\n\n");
        let html = figure_html(&open.figure, open.alt.trim(), &open.caption);
        let part = self.part();
        part.figures_at.push((part.events.len(), open.line));
        part.events.push(Event::Html(CowStr::from(html.0)));
    }

    /// Each part written as HTML, or every problem found.
    fn finish(mut self) -> Result<Document, Vec<Problem>> {
        let parts = std::mem::take(&mut self.parts);
        let mut written = Vec::with_capacity(parts.len());
        for part in parts {
            written.push(self.write(part));
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let mut written = written.into_iter();
        let intro = written.next().map(|(_, _, body)| body).unwrap_or_default();
        let sections = written
            .filter_map(|(heading, heading_html, body)| {
                let (id, title) = heading?;
                Some(Section {
                    id,
                    title,
                    heading: heading_html,
                    body,
                })
            })
            .collect();
        Ok(Document {
            intro,
            sections,
            plain_text: self.plain_text,
            citations: self.citations,
        })
    }

    /// One part as HTML: its heading, then the rest. A figure is a block of its own, so it is
    /// lifted out of the paragraph Markdown puts it in.
    fn write(&mut self, part: Part<'m>) -> (Option<(String, String)>, Html, Html) {
        let mut dropped = vec![false; part.events.len()];
        for &(at, line) in &part.figures_at {
            let alone = at > 0
                && matches!(part.events[at - 1], Event::Start(Tag::Paragraph))
                && matches!(part.events.get(at + 1), Some(Event::End(TagEnd::Paragraph)));
            if alone {
                dropped[at - 1] = true;
                dropped[at + 1] = true;
            } else {
                self.problem(
                    line,
                    "a figure stands in a paragraph of its own, with a blank line before and after it",
                );
            }
        }
        let mut kept = part
            .events
            .into_iter()
            .zip(dropped)
            .filter(|(_, dropped)| !dropped)
            .map(|(event, _)| event);
        let mut heading = String::new();
        pulldown_cmark::html::push_html(&mut heading, kept.by_ref().take(part.heading_events));
        let mut body = String::new();
        pulldown_cmark::html::push_html(&mut body, kept);
        (part.heading, Html(heading), Html(body))
    }
}
