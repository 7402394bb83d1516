//! Markdown to HTML, done once at start-up: heading ids, sections, and the safety rules that
//! keep an article from ever injecting markup, styles or scripts into a page.
//!
//! pulldown-cmark reads the Markdown into events; [`screen`] holds each event to the safety
//! rules; a [`Renderer`](renderer::Renderer) checks citations, figures and heading ids and cuts
//! the events into sections at each `##` heading; each section's events are then written as
//! HTML.

mod heading_ids;
mod renderer;
#[cfg(test)]
mod tests;

use crate::content::figure::{self, FigureRef};
use crate::content::problem::{Lookup, did_you_mean};
use heading_ids::HeadingIds;
use pulldown_cmark::{Event, Options, Tag};
use renderer::Renderer;
use std::fmt;

/// HTML that this module produced from Markdown and so may be printed unescaped.
/// Nothing outside this module can build one, so `|safe` in a template is always safe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same HTML with every link out of the page opening in a new tab.
    pub fn with_links_in_new_tab(&self) -> Html {
        Html(crate::content::links::open_in_new_tab(&self.0))
    }
}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One `##` section of a document: the unit beside which quiz notes are placed.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    /// The heading as plain text, for the table of contents.
    pub title: String,
    /// The `<h2 id=...>` element itself.
    pub heading: Html,
    /// Everything after the heading up to the next `##`.
    pub body: Html,
}

/// A rendered article body: what comes before the first `##`, then the sections.
#[derive(Debug, Clone)]
pub struct Document {
    pub intro: Html,
    pub sections: Vec<Section>,
    /// The body's words as plain text, for reading time and reading-level checks.
    pub plain_text: String,
    /// The ids of the sources cited with `[^id]`, in the order of their numbers.
    pub citations: Vec<String>,
}

/// A mistake in Markdown that stops the content from loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line within the Markdown text given.
    pub line: usize,
    pub message: String,
}

fn options() -> Options {
    // The older footnote syntax reports `[^id]` even with no definition in the text: sources
    // are defined once, in `sources.toml`, and cited by id.
    Options::ENABLE_TABLES
        | Options::ENABLE_OLD_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// What a document may name that lives outside it: sources and figures. A name whose thing is
/// [`Lookup::Broken`] passes without a word: its own file reports what is wrong with it.
pub struct Lookups<'a> {
    /// The source a citation's id names.
    pub source: &'a dyn Fn(&str) -> Lookup<()>,
    /// The figure a path names.
    pub figure: &'a dyn Fn(&str) -> Lookup<FigureRef>,
}

/// The ids a page template gives its own parts, which no heading may take: some whole, and
/// families by their beginning (one id a note, a question, an answer...).
#[derive(Debug, Clone, Copy)]
pub struct ReservedIds {
    pub whole: &'static [&'static str],
    pub prefixes: &'static [&'static str],
}

impl ReservedIds {
    pub(crate) fn prefix_of(&self, id: &str) -> Option<&'static str> {
        self.prefixes.iter().copied().find(|p| id.starts_with(p))
    }
}

/// Renders an article body, its headings' ids kept clear of the page's `reserved` ones.
pub fn render_document(
    markdown: &str,
    reserved: &ReservedIds,
    lookups: &Lookups,
) -> Result<Document, Vec<Problem>> {
    let ids = HeadingIds::new(reserved);
    Renderer::for_document(markdown, ids, lookups).read(markdown)
}

/// Renders a short piece of Markdown, such as a note's text. Headings and citations are not
/// allowed in it.
pub fn render_fragment(markdown: &str) -> Result<Html, Vec<Problem>> {
    Renderer::for_fragment(markdown)
        .read(markdown)
        .map(|document| document.intro)
}

/// A figure with its text alternative and its caption, as the page shows it.
pub fn figure_html(figure: &FigureRef, alt: &str, caption: &str) -> Html {
    Html(format!(
        "<figure class=\"figure\"><img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\"><figcaption>{}</figcaption></figure>\n",
        escape(&figure.url),
        escape(alt),
        figure.width,
        figure.height,
        escape(caption)
    ))
}

/// Text made safe to put inside an element or a quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The id an article's source list gives a source, which citations link to.
pub fn source_anchor(id: &str) -> String {
    format!("source-{id}")
}

/// Turns one heading text into an id: its letters and digits in lowercase, words joined by
/// single hyphens.
pub fn id_from_text(text: &str) -> String {
    let mut id = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_') && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-');
    if id.is_empty() {
        "section".to_string()
    } else {
        id.to_string()
    }
}

/// Whether an id is of the plain form quizzes and links can rely on.
pub fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The safety rules every piece of Markdown passes, one event at a time: what an author may put
/// on the page. Anything not named here passes as it is; headings, citations and figures, which
/// depend on where the Markdown goes, are checked by the [`Renderer`].
fn screen(event: Event<'_>) -> Result<Event<'_>, String> {
    match event {
        // Raw HTML is shown as the text it is, never passed through.
        Event::Html(raw) | Event::InlineHtml(raw) => Ok(Event::Text(raw)),
        // A heading keeps its explicit id, checked later. Classes and attributes are dropped,
        // since `{onclick=...}` would otherwise become an attribute.
        Event::Start(Tag::Heading { level, id, .. }) => Ok(Event::Start(Tag::Heading {
            level,
            id,
            classes: Vec::new(),
            attrs: Vec::new(),
        })),
        Event::Start(Tag::Link { ref dest_url, .. }) if !is_allowed_link(dest_url) => Err(format!(
            "link to `{dest_url}` is not allowed: use https://, mailto:, tel: or a relative link"
        )),
        Event::Start(Tag::FootnoteDefinition(id)) => Err(format!(
            "footnote `[^{id}]:` is not allowed: sources are defined once, in sources.toml"
        )),
        // Column alignment would be written as inline styles, which the CSP forbids.
        Event::Start(Tag::Table(alignments)) => Ok(Event::Start(Tag::Table(vec![
            pulldown_cmark::Alignment::None;
            alignments.len()
        ]))),
        event => Ok(event),
    }
}

/// A figure must be one of the site's own SVG files in `figures/`, with a caption. `None`: the
/// figure exists but was refused, which its own file reports.
fn place_figure(src: &str, caption: &str, lookups: &Lookups) -> Result<Option<FigureRef>, String> {
    let is_remote = src.contains(':') || src.starts_with("//");
    if is_remote {
        return Err(format!(
            "image `{src}` is not allowed: pages load nothing from elsewhere; put the figure in figures/"
        ));
    }
    if !(src.starts_with(figure::FOLDER) && src.ends_with(".svg")) {
        return Err(format!(
            "`{src}` is not a figure: figures are SVG drawings in figures/, such as figures/name.svg"
        ));
    }
    if caption.trim().is_empty() {
        return Err(format!(
            "figure `{src}` needs a caption: ![alt text]({src} \"caption\")"
        ));
    }
    match (lookups.figure)(src) {
        Lookup::Found(figure) => Ok(Some(figure)),
        Lookup::Broken => Ok(None),
        Lookup::Missing { nearest } => Err(format!(
            "figure `{src}` does not exist{}",
            did_you_mean(nearest.as_deref())
        )),
    }
}

/// Allows https links, mail links, phone numbers (`tel:999`, so a phone can call the number a
/// note gives with one tap) and links within the site; refuses plain `http:` (a reader following
/// it can be shown an altered page), `javascript:`, `data:` and every other scheme, however it
/// is spelt.
fn is_allowed_link(url: &str) -> bool {
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            match scheme.as_str() {
                "https" | "mailto" => true,
                // Only a number: digits, with a leading + for an international one.
                "tel" => is_phone_number(&url[i + 1..]),
                _ => false,
            }
        }
        _ => true,
    }
}

fn is_phone_number(number: &str) -> bool {
    let digits = number.strip_prefix('+').unwrap_or(number);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

fn problem(line: usize, message: &str) -> Problem {
    Problem {
        line,
        message: message.to_string(),
    }
}
