//! Figures: SVG drawings that articles show, checked once at start-up and served, like the
//! stylesheet, under a URL that changes whenever their bytes do.
//!
//! A figure is shown with `<img>`, where a browser runs no script and loads nothing else; the
//! checks below refuse what would matter anywhere else, so a figure stays inert wherever it is
//! opened, and the page's CSP never has to loosen for one.
//!
//! The checks read a figure as an XML parser does, namespaces resolved, and let through only
//! what they list: SVG's shapes, text and gradients, attributes that place and paint them, and
//! CSS with its escapes read (`allowed`, `css`). Anything new or unknown is refused until
//! someone adds it there.

/// A checked figure, ready to serve.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Its name in the content, such as `figures/spine-regions.svg`.
    pub name: String,
    /// Where it is served: `/static/figures/spine-regions.<hash>.svg`.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub svg: String,
}

/// Where a figure is served and how big it is drawn: what a page needs to place it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRef {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

impl Figure {
    /// Where a page places it, and at what size.
    pub fn placed(&self) -> FigureRef {
        FigureRef {
            url: self.url.clone(),
            width: self.width,
            height: self.height,
        }
    }
}

/// The folder figures live in, inside the content folder.
pub const FOLDER: &str = "figures/";

mod allowed;
mod css;
#[cfg(test)]
mod tests;

use allowed::{ATTRIBUTES, ELEMENTS, PLAIN_ATTRIBUTES, REFUSED_ELEMENTS, SVG, XLINK, XML};
use css::css_problems;

/// Checks a figure's SVG and reads its size. Every problem is returned as (line, message).
///
/// The figure is read as XML, its namespaces resolved, and only what the lists in `allowed`
/// allow may stand in it: a prefix, an entity or a CSS escape cannot disguise anything, since
/// what is checked is what a browser would read.
pub fn check(name: &str, svg: &str) -> Result<Figure, Vec<(usize, String)>> {
    let document = match roxmltree::Document::parse(svg) {
        Ok(document) => document,
        Err(error) => return Err(vec![unreadable(svg, &error)]),
    };
    let mut problems = Vec::new();
    for node in document.root().children() {
        match node.node_type() {
            roxmltree::NodeType::Element => check_element(node, &mut problems),
            roxmltree::NodeType::PI => problems.push(instruction(node)),
            _ => {}
        }
    }
    let root = document.root_element();
    let size = root_size(root);
    if size.is_none() {
        problems.push((
            line(root),
            "the figure needs an `<svg>` root with whole-number `width` and `height`, so pages can reserve its space".into(),
        ));
    }
    match size {
        Some((width, height)) if problems.is_empty() => Ok(Figure {
            name: name.to_string(),
            url: url_for(name, svg),
            width,
            height,
            svg: svg.to_string(),
        }),
        _ => Err(problems),
    }
}

/// `/static/figures/<stem>.<hash>.svg`
fn url_for(name: &str, svg: &str) -> String {
    let file = name.strip_prefix(FOLDER).unwrap_or(name);
    let stem = file.strip_suffix(".svg").unwrap_or(file);
    // The same hash as the stylesheet's URL and the pages' ETags.
    let hash = crate::content::fingerprint::fnv1a(svg.as_bytes());
    format!("/static/figures/{stem}.{hash:012x}.svg")
}

/// Why the XML parser gave up, and where.
fn unreadable(svg: &str, error: &roxmltree::Error) -> (usize, String) {
    match error {
        // The parser reports a DTD without its place; the DOCTYPE that opens one is easy to find.
        roxmltree::Error::DtdDetected => (
            crate::content::problem::Lines::new(svg)
                .find("<!DOCTYPE")
                .unwrap_or(1),
            "the figure holds a DOCTYPE, which can define entities and load files".into(),
        ),
        roxmltree::Error::UnknownEntityReference(entity, pos) => (
            pos.row as usize,
            format!(
                "the figure uses the entity `&{entity};`: only XML's own (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`) and character references are allowed"
            ),
        ),
        _ => (
            error.pos().row as usize,
            format!("the figure is not well-formed XML: {error}"),
        ),
    }
}

/// The 1-based line a node starts on.
fn line(node: roxmltree::Node) -> usize {
    node.document().text_pos_at(node.range().start).row as usize
}

/// A processing instruction, such as `<?xml-stylesheet?>`, which can load a style sheet. (The
/// XML declaration that may open the file is not one, and the parser keeps it out of the tree.)
fn instruction(node: roxmltree::Node) -> (usize, String) {
    let target = node.pi().map_or("", |pi| pi.target);
    (
        line(node),
        format!(
            "the figure holds the processing instruction `<?{target}?>`, which can load a style sheet"
        ),
    )
}

/// An element, its attributes, its CSS and its children. A refused element is reported once,
/// and what it holds is not read further.
fn check_element(element: roxmltree::Node, problems: &mut Vec<(usize, String)>) {
    let document = element.document();
    let name = element.tag_name();
    if name.namespace() != Some(SVG) {
        let namespace = name.namespace().unwrap_or("none");
        problems.push((
            line(element),
            format!(
                "the figure holds `<{}>` from outside SVG (namespace: {namespace}): only SVG elements, in `xmlns=\"{SVG}\"`, are allowed",
                written_name(document.input_text(), element.range().start + 1)
            ),
        ));
        return;
    }
    let local = name.name();
    if let Some((_, what)) = REFUSED_ELEMENTS
        .iter()
        .find(|(refused, _)| *refused == local)
    {
        problems.push((line(element), format!("the figure holds {what}")));
        return;
    }
    if !ELEMENTS.contains(&local) {
        problems.push((
            line(element),
            format!(
                "the figure holds `<{local}>`, which figures do not use: draw with shapes, paths, text and gradients"
            ),
        ));
        return;
    }
    for attribute in element.attributes() {
        let written = written_name(document.input_text(), attribute.range_qname().start);
        if let Some(message) = attribute_problem(&attribute, written) {
            let at = document.text_pos_at(attribute.range().start);
            problems.push((at.row as usize, message));
        }
    }
    for child in element.children() {
        match child.node_type() {
            roxmltree::NodeType::Element => check_element(child, problems),
            roxmltree::NodeType::PI => problems.push(instruction(child)),
            roxmltree::NodeType::Text if local == "style" => {
                let css = child.text().unwrap_or_default();
                let first_line = line(child);
                for (offset, message) in css_problems(css) {
                    problems.push((first_line + css[..offset].matches('\n').count(), message));
                }
            }
            _ => {}
        }
    }
}

/// A name as the file writes it, prefix and all, starting at `at`.
fn written_name(text: &str, at: usize) -> &str {
    let name = &text[at..];
    let end = name
        .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
        .unwrap_or(name.len());
    &name[..end]
}

/// What is wrong with one attribute, if anything. `written` is its name as the file has it.
fn attribute_problem(attribute: &roxmltree::Attribute, written: &str) -> Option<String> {
    let name = attribute.name();
    let value = attribute.value();
    if name.to_ascii_lowercase().starts_with("on") {
        return Some(format!("the figure holds an event handler (`{written}`)"));
    }
    let plain = match attribute.namespace() {
        None if name == "href" => return reference_problem(value),
        Some(XLINK) if name == "href" => return reference_problem(value),
        None if PLAIN_ATTRIBUTES.contains(&name) || name.starts_with("aria-") => true,
        None if ATTRIBUTES.contains(&name) => false,
        Some(XML) if name == "lang" || name == "space" => true,
        _ => {
            return Some(format!(
                "the figure holds the attribute `{written}`, which figures do not use"
            ));
        }
    };
    if plain {
        return None;
    }
    // `style` and presentation attributes are read as CSS, escapes and all.
    css_problems(value)
        .into_iter()
        .next()
        .map(|(_, message)| message)
}

/// A reference must point inside the figure: `#id` and nothing else.
fn reference_problem(value: &str) -> Option<String> {
    let inside = value.strip_prefix('#').is_some_and(is_id);
    (!inside).then(|| outside(value))
}

/// Whether `id` could be an element's id: a plain name, not an XPointer or anything longer.
pub(super) fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The message for a reference that leaves the figure.
pub(super) fn outside(target: &str) -> String {
    format!("the figure refers to `{target}` outside itself: only `#id` references are allowed")
}

/// The root element's `width` and `height`, in whole pixels, if it is an SVG `<svg>`.
fn root_size(root: roxmltree::Node) -> Option<(u32, u32)> {
    if !root.has_tag_name((SVG, "svg")) {
        return None;
    }
    let number = |name: &str| -> Option<u32> {
        let value = root.attribute(name)?;
        value.strip_suffix("px").unwrap_or(value).parse().ok()
    };
    Some((number("width")?, number("height")?)).filter(|(w, h)| *w > 0 && *h > 0)
}
