//! Markdown to HTML, done once at start-up: heading ids, section splitting, and the safety rules
//! that keep an article from ever injecting markup, styles or scripts into a page.

use crate::content::figure::{self, FigureRef};
use crate::content::problem::{Lines, Lookup, did_you_mean};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
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
    fn prefix_of(&self, id: &str) -> Option<&'static str> {
        self.prefixes.iter().copied().find(|p| id.starts_with(p))
    }
}

/// Renders an article body, its headings' ids kept clear of the page's `reserved` ones.
pub fn render_document(
    markdown: &str,
    reserved: &ReservedIds,
    lookups: &Lookups,
) -> Result<Document, Vec<Problem>> {
    let mut ids = HeadingIds {
        taken: reserved.whole.iter().map(|id| id.to_string()).collect(),
        next_number: HashMap::new(),
        reserved: *reserved,
    };
    let rendered = render(markdown, Some((&mut ids, lookups)))?;
    let (intro, sections) = split_sections(&rendered.html, rendered.h2_headings);
    Ok(Document {
        intro: Html(intro.to_string()),
        sections,
        plain_text: rendered.plain_text,
        citations: rendered.citations,
    })
}

/// Renders a short piece of Markdown, such as a note's text. Headings and citations are not
/// allowed in it.
pub fn render_fragment(markdown: &str) -> Result<Html, Vec<Problem>> {
    render(markdown, None).map(|rendered| Html(rendered.html))
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

struct Rendered {
    html: String,
    plain_text: String,
    /// (id, plain text) of each `##` heading, in order.
    h2_headings: Vec<(String, String)>,
    citations: Vec<String>,
}

/// What a document may hold that a fragment may not: its heading ids, and the test for a known
/// source.
type DocumentRules<'a> = (&'a mut HeadingIds, &'a Lookups<'a>);

/// The safety rules every piece of Markdown passes, one event at a time: what an author may put
/// on the page. Anything not named here passes as it is; headings, citations and figures, which
/// depend on where the Markdown goes, are checked in [`render`].
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
            "link to `{dest_url}` is not allowed: use https://, mailto: or a relative link"
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

/// `document` is `Some` for documents (headings and citations allowed, ids assigned) and
/// `None` for fragments.
fn render(markdown: &str, document: Option<DocumentRules>) -> Result<Rendered, Vec<Problem>> {
    let (mut ids, lookups) = match document {
        Some((ids, lookups)) => (Some(ids), Some(lookups)),
        None => (None, None),
    };
    let source = lookups.map(|l| l.source);
    // A figure being read: where it goes, its caption and line, and its alt text so far.
    let mut open_figure: Option<(FigureRef, String, usize, String)> = None;
    // Where each figure's HTML stands in `events`, with its line, to lift it out of its `<p>`.
    let mut figures_at: Vec<(usize, usize)> = Vec::new();
    let mut citations: Vec<String> = Vec::new();
    let mut citation_numbers: HashMap<String, usize> = HashMap::new();
    let lines = Lines::new(markdown);
    let mut problems = Vec::new();
    let mut plain_text = String::new();
    let mut events: Vec<Event> = Vec::new();
    let mut open_heading: Option<(usize, usize)> = None; // (index in events, line)
    let mut heading_text = String::new();
    let mut h2_headings = Vec::new();

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let line = lines.line(range.start);
        let event = match screen(event) {
            Ok(event) => event,
            Err(message) => {
                problems.push(problem(line, &message));
                continue;
            }
        };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                match (&ids, level) {
                    (None, _) => problems.push(problem(line, "headings are not allowed here")),
                    (Some(_), HeadingLevel::H1) => problems.push(problem(
                        line,
                        "a `#` heading is not allowed: the title comes from the front matter; start sections at `##`",
                    )),
                    _ => {}
                }
                open_heading = Some((events.len(), line));
                heading_text.clear();
                events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let (Some((start, line)), Some(ids)) = (open_heading.take(), ids.as_deref_mut())
                {
                    match ids.assign(&events[start], &heading_text) {
                        Ok(id) => {
                            if level == HeadingLevel::H2 {
                                h2_headings.push((id.clone(), heading_text.trim().to_string()));
                            }
                            set_heading_id(&mut events[start], id);
                        }
                        Err(message) => problems.push(problem(line, &message)),
                    }
                }
                plain_text.push_str("\n\n");
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::FootnoteReference(id) => match source.map(|source| source(&id)) {
                None => problems.push(problem(
                    line,
                    &format!("citation `[^{id}]` is not allowed here: a note names its `source`"),
                )),
                Some(Lookup::Missing { nearest }) => problems.push(problem(
                    line,
                    &format!(
                        "citation `[^{id}]` names no source in sources.toml{}",
                        did_you_mean(nearest.as_deref())
                    ),
                )),
                Some(Lookup::Found(()) | Lookup::Broken) => {
                    let number = *citation_numbers.entry(id.to_string()).or_insert_with(|| {
                        citations.push(id.to_string());
                        citations.len()
                    });
                    // Ids are checked against sources.toml, whose ids are plain: safe in HTML.
                    events.push(Event::InlineHtml(CowStr::from(format!(
                        "<a class=\"cite\" href=\"#{}\"><span class=\"visually-hidden\">source </span>{number}</a>",
                        source_anchor(&id)
                    ))));
                }
            },
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => match lookups {
                // Notes and cards are short text: a figure belongs in the article.
                None => problems.push(problem(
                    line,
                    &format!("image `{dest_url}` is not allowed here: figures go in the article"),
                )),
                Some(lookups) => match place_figure(&dest_url, &title, lookups) {
                    Ok(Some(figure)) => {
                        open_figure = Some((figure, title.to_string(), line, String::new()))
                    }
                    // The figure's own file says why it was refused.
                    Ok(None) => {}
                    Err(message) => problems.push(problem(line, &message)),
                },
            },
            Event::Text(ref text) if open_figure.is_some() => {
                if let Some((_, _, _, alt)) = open_figure.as_mut() {
                    alt.push_str(text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((figure, caption, line, alt)) = open_figure.take() {
                    if alt.trim().is_empty() {
                        problems.push(problem(
                            line,
                            "a figure needs alt text, saying what it shows: ![alt text](figures/name.svg \"caption\")",
                        ));
                    }
                    plain_text.push_str(&caption);
                    plain_text.push_str("\n\n");
                    figures_at.push((events.len(), line));
                    events.push(Event::Html(CowStr::from(
                        figure_html(&figure, alt.trim(), &caption).0,
                    )));
                }
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                if open_heading.is_some() {
                    heading_text.push_str(text);
                }
                plain_text.push_str(text);
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                plain_text.push(' ');
                events.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                plain_text.push_str("\n\n");
                events.push(event);
            }
            other => events.push(other),
        }
    }
    // A figure is a block of its own: lift it out of the paragraph Markdown puts it in.
    let mut unwrapped = vec![false; events.len()];
    for (at, line) in figures_at {
        let alone = at > 0
            && matches!(events[at - 1], Event::Start(Tag::Paragraph))
            && matches!(events.get(at + 1), Some(Event::End(TagEnd::Paragraph)));
        if alone {
            unwrapped[at - 1] = true;
            unwrapped[at + 1] = true;
        } else {
            problems.push(problem(
                line,
                "a figure stands in a paragraph of its own, with a blank line before and after it",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let events = events
        .into_iter()
        .zip(unwrapped)
        .filter(|(_, dropped)| !dropped)
        .map(|(event, _)| event);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    Ok(Rendered {
        html,
        plain_text,
        h2_headings,
        citations,
    })
}

fn problem(line: usize, message: &str) -> Problem {
    Problem {
        line,
        message: message.to_string(),
    }
}

/// The ids of one page: those its headings have taken so far, and those it keeps for itself.
struct HeadingIds {
    taken: HashSet<String>,
    /// For each made id, the number to try next, so that many headings with one text are
    /// numbered without counting up from 1 each time.
    next_number: HashMap<String, usize>,
    reserved: ReservedIds,
}

impl HeadingIds {
    /// A heading's id: the one its author gave (`## Text {#id}`), or one made from its text.
    fn assign(&mut self, start: &Event, text: &str) -> Result<String, String> {
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

fn set_heading_id(event: &mut Event, new_id: String) {
    if let Event::Start(Tag::Heading { id, .. }) = event {
        *id = Some(CowStr::from(new_id));
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

/// Allows https links, mail links and links within the site; refuses plain `http:` (a reader
/// following it can be shown an altered page), `javascript:`, `data:` and every other scheme,
/// however it is spelt.
fn is_allowed_link(url: &str) -> bool {
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "https" | "mailto")
        }
        _ => true,
    }
}

/// Splits rendered HTML at each `<h2`. Raw HTML is escaped above, so the only `<h2` in the
/// output are the ones the renderer wrote for the `##` headings, in the same order.
fn split_sections(html: &str, h2_headings: Vec<(String, String)>) -> (&str, Vec<Section>) {
    let mut starts: Vec<usize> = html.match_indices("<h2").map(|(i, _)| i).collect();
    let intro_end = starts.first().copied().unwrap_or(html.len());
    starts.push(html.len());
    let sections = starts
        .windows(2)
        .zip(h2_headings)
        .map(|(w, (id, title))| {
            let chunk = &html[w[0]..w[1]];
            let heading_end = chunk
                .find("</h2>\n")
                .map_or(chunk.len(), |i| i + "</h2>\n".len());
            Section {
                id,
                title,
                heading: Html(chunk[..heading_end].to_string()),
                body: Html(chunk[heading_end..].to_string()),
            }
        })
        .collect();
    (&html[..intro_end], sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str) -> Lookup<()> {
        let known = ["nhs-back-pain", "who-2020"];
        match id {
            "broken-source" => Lookup::Broken,
            id if known.contains(&id) => Lookup::Found(()),
            id => Lookup::Missing {
                nearest: crate::content::problem::nearest(id, known).map(String::from),
            },
        }
    }

    fn figure(name: &str) -> Lookup<FigureRef> {
        match name {
            "figures/spine.svg" => Lookup::Found(FigureRef {
                url: "/static/figures/spine.abc.svg".into(),
                width: 640,
                height: 300,
            }),
            "figures/refused.svg" => Lookup::Broken,
            _ => Lookup::Missing { nearest: None },
        }
    }

    const LOOKUPS: Lookups = Lookups {
        source: &source,
        figure: &figure,
    };

    const RESERVED: ReservedIds = ReservedIds {
        whole: &["contents"],
        prefixes: &["note-"],
    };

    fn doc(markdown: &str) -> Document {
        render_document(markdown, &RESERVED, &LOOKUPS).expect("renders")
    }

    fn problems(markdown: &str) -> Vec<Problem> {
        render_document(markdown, &RESERVED, &LOOKUPS).expect_err("is refused")
    }

    #[test]
    fn a_figure_renders_on_its_own_with_alt_text_size_and_caption() {
        let d = doc(
            "Intro.\n\n![The spine's three parts](figures/spine.svg \"Where the \\\"thoracic\\\" spine is\")\n\nMore.\n",
        );
        assert_eq!(
            d.intro.as_str(),
            "<p>Intro.</p>\n<figure class=\"figure\"><img src=\"/static/figures/spine.abc.svg\" alt=\"The spine’s three parts\" width=\"640\" height=\"300\"><figcaption>Where the &quot;thoracic&quot; spine is</figcaption></figure>\n<p>More.</p>\n"
        );
        assert!(
            d.plain_text.contains("thoracic"),
            "captions are read, so count them"
        );
    }

    #[test]
    fn each_kind_of_bad_figure_names_its_line() {
        let cases = [
            ("![A spine](figures/spine.svg)", "needs a caption"),
            ("![](figures/spine.svg \"Caption\")", "needs alt text"),
            (
                "![A spine](https://example.com/spine.svg \"Caption\")",
                "pages load nothing from elsewhere",
            ),
            (
                "![A spine](figures/spine.png \"Caption\")",
                "is not a figure",
            ),
            (
                "![A spine](figures/missing.svg \"Caption\")",
                "figure `figures/missing.svg` does not exist",
            ),
            (
                "Text ![A spine](figures/spine.svg \"Caption\") text",
                "a paragraph of its own",
            ),
        ];
        for (markdown, expected) in cases {
            let found = problems(&format!("Intro.\n\n{markdown}\n"));
            assert_eq!(found[0].line, 3, "{markdown}");
            assert!(found[0].message.contains(expected), "{markdown}: {found:?}");
        }
        let found =
            render_fragment("![A spine](figures/spine.svg \"Caption\")").expect_err("refused");
        assert!(
            found[0].message.contains("figures go in the article"),
            "{found:?}"
        );
    }

    #[test]
    fn headings_get_ids_from_their_text() {
        let d = doc("## Losing weight, safely!\n\ntext\n");
        assert_eq!(d.sections[0].id, "losing-weight-safely");
        assert_eq!(
            d.sections[0].heading.as_str(),
            "<h2 id=\"losing-weight-safely\">Losing weight, safely!</h2>\n"
        );
    }

    #[test]
    fn explicit_ids_win_and_repeated_texts_are_numbered() {
        let d = doc("## Start {#the-start}\n\n## Notes\n\n## Notes\n\n## Contents\n");
        let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["the-start", "notes", "notes-1", "contents-1"]);
    }

    #[test]
    fn the_same_markdown_always_gets_the_same_ids() {
        let text = "## A\n\n### B\n\n## A\n";
        assert_eq!(doc(text).sections[1].id, doc(text).sections[1].id);
    }

    #[test]
    fn the_pages_own_ids_are_refused_to_an_author_and_its_families_to_any_heading() {
        let found = problems("## Start {#contents}\n\n## Later {#note-x}\n\n## Note: why\n");
        let messages: Vec<(usize, &str)> =
            found.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (
                    1,
                    "heading id `contents` is one the page keeps for its own parts: choose another"
                ),
                (
                    3,
                    "heading id `note-x` begins with `note-`, which the page keeps for its own parts: choose another"
                ),
                (
                    5,
                    "heading `Note: why` would get the id `note-why`, which begins with `note-` as the page's own parts do: give it another with {#id}"
                ),
            ]
        );
    }

    #[test]
    fn a_repeated_explicit_id_is_refused() {
        let found = problems("## One {#same}\n\n## Two {#same}\n");
        assert_eq!(found[0].line, 3);
        assert!(found[0].message.contains("`same` is used twice"));
    }

    #[test]
    fn sections_hold_their_own_body_and_the_intro_comes_first() {
        let d = doc("Intro.\n\n## One\n\nFirst.\n\n### Sub\n\nMore.\n\n## Two\n\nSecond.\n");
        assert_eq!(d.intro.as_str(), "<p>Intro.</p>\n");
        assert_eq!(d.sections.len(), 2);
        assert!(
            d.sections[0]
                .body
                .as_str()
                .contains("<h3 id=\"sub\">Sub</h3>")
        );
        assert!(d.sections[0].body.as_str().contains("More."));
        assert_eq!(d.sections[1].body.as_str(), "<p>Second.</p>\n");
    }

    #[test]
    fn tables_render_without_inline_styles() {
        let d = doc("| Pace | Per week |\n|:--|--:|\n| Safe | 0.5-1 kg |\n");
        let html = d.intro.as_str();
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<td>0.5-1 kg</td>"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn citations_are_numbered_in_order_of_first_use() {
        let d = doc("One.[^who-2020]\n\nTwo.[^nhs-back-pain] Three.[^who-2020]\n");
        assert_eq!(d.citations, ["who-2020", "nhs-back-pain"]);
        let html = d.intro.as_str();
        assert!(
            html.contains("Two.<a class=\"cite\" href=\"#source-nhs-back-pain\"><span class=\"visually-hidden\">source </span>2</a>"),
            "{html}"
        );
        assert!(
            html.contains("Three.<a class=\"cite\" href=\"#source-who-2020\">"),
            "{html}"
        );
        assert!(!d.plain_text.contains("source"), "{}", d.plain_text);
    }

    #[test]
    fn an_unknown_citation_is_refused_with_its_line() {
        let found = problems("Intro.\n\nA claim.[^made-up]\n");
        assert_eq!(found[0].line, 3);
        assert_eq!(
            found[0].message,
            "citation `[^made-up]` names no source in sources.toml"
        );
    }

    #[test]
    fn a_misspelt_citation_is_told_the_source_it_may_mean() {
        let found = problems("A claim.[^nhs-backpain]\n");
        assert_eq!(
            found[0].message,
            "citation `[^nhs-backpain]` names no source in sources.toml: did you mean `nhs-back-pain`?"
        );
    }

    #[test]
    fn what_its_own_file_reports_is_not_reported_again_where_it_is_named() {
        let d = doc(
            "A claim.[^broken-source]\n\n![A spine](figures/refused.svg \"Caption\")\n\nMore.[^who-2020]\n",
        );
        assert_eq!(d.citations, ["broken-source", "who-2020"]);
        assert!(!d.intro.as_str().contains("<img"), "{}", d.intro);
    }

    #[test]
    fn many_headings_with_one_text_are_numbered_in_order() {
        let d = doc(&"## Notes\n\ntext\n\n".repeat(5));
        let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["notes", "notes-1", "notes-2", "notes-3", "notes-4"]);
        let d = doc("## Notes 1\n\n## Notes\n\n## Notes\n\n## Notes\n");
        let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["notes-1", "notes", "notes-2", "notes-3"]);
    }

    #[test]
    fn lines_are_counted_deep_into_a_long_document() {
        let text = format!("{}A claim.[^made-up]\n", "Filler line.\n\n".repeat(5000));
        assert_eq!(problems(&text)[0].line, 10_001);
    }

    #[test]
    fn footnote_definitions_and_citations_in_notes_are_refused() {
        let found = problems("A claim.[^who-2020]\n\n[^who-2020]: WHO.\n");
        assert!(
            found[0].message.contains("sources are defined once"),
            "{found:?}"
        );
        let found = render_fragment("A claim.[^who-2020]").expect_err("is refused");
        assert!(
            found[0].message.contains("a note names its `source`"),
            "{found:?}"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let d = doc("Hello <script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>\n");
        let html = d.intro.as_str();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn raw_html_in_a_heading_is_its_text_in_the_contents_too() {
        let d = doc("## Why <b>this</b> {#why}\n");
        assert_eq!(d.sections[0].title, "Why <b>this</b>");
        assert_eq!(
            d.sections[0].heading.as_str(),
            "<h2 id=\"why\">Why &lt;b&gt;this&lt;/b&gt;</h2>\n"
        );
    }

    #[test]
    fn heading_attributes_are_dropped() {
        let d = doc("## Title {#t .evil onclick=alert(1)}\n");
        assert_eq!(d.sections[0].heading.as_str(), "<h2 id=\"t\">Title</h2>\n");
    }

    #[test]
    fn heading_text_with_markup_characters_stays_text() {
        let d = doc("## Less < more & \"quotes\"\n");
        assert_eq!(d.sections[0].title, "Less < more & \u{201c}quotes\u{201d}");
        assert!(
            d.sections[0]
                .heading
                .as_str()
                .contains("Less &lt; more &amp;")
        );
    }

    #[test]
    fn script_links_are_refused_with_their_line() {
        for target in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            let found = problems(&format!("Intro.\n\n[click]({target})\n"));
            assert_eq!(found[0].line, 3, "{target}");
            assert!(found[0].message.contains("is not allowed"), "{target}");
        }
    }

    #[test]
    fn web_mail_and_site_links_are_allowed() {
        let d = doc(
            "[a](https://www.nhs.uk/) [b](mailto:x@y.z) [c](/about) [d](#top) [e](page?x=1:2)\n",
        );
        assert!(d.intro.as_str().contains("href=\"https://www.nhs.uk/\""));
    }

    #[test]
    fn a_plain_http_link_is_refused() {
        let found = problems("Intro.\n\n[NHS](HTTP://www.nhs.uk/)\n");
        assert_eq!(found[0].line, 3);
        assert_eq!(
            found[0].message,
            "link to `HTTP://www.nhs.uk/` is not allowed: use https://, mailto: or a relative link"
        );
    }

    #[test]
    fn images_and_top_level_headings_are_refused() {
        assert!(
            problems("![x](https://t.example/p.png)\n")[0]
                .message
                .contains("image")
        );
        assert!(problems("# Title\n")[0].message.contains("front matter"));
    }

    #[test]
    fn fragments_render_inline_markdown_but_refuse_headings() {
        let html = render_fragment("Call **999** now.").unwrap();
        assert_eq!(html.as_str(), "<p>Call <strong>999</strong> now.</p>\n");
        assert!(render_fragment("## No").is_err());
    }

    #[test]
    fn plain_text_keeps_words_apart() {
        let d = doc("One\ntwo.\n\n## Three\n\n- four\n- five\n");
        let words: Vec<&str> = d.plain_text.split_whitespace().collect();
        assert_eq!(words, ["One", "two.", "Three", "four", "five"]);
    }
}
