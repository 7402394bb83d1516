//! Figures: SVG drawings that articles show, checked once at start-up and served, like the
//! stylesheet, under a URL that changes whenever their bytes do.
//!
//! A figure is shown with `<img>`, where a browser runs no script and loads nothing else; the
//! checks below refuse what would matter anywhere else, so a figure stays inert wherever it is
//! opened, and the page's CSP never has to loosen for one.
//!
//! The checks read a figure as an XML parser does, namespaces resolved, and let through only
//! what they list: SVG's shapes, text and gradients, attributes that place and paint them, and
//! CSS with its escapes read. Anything new or unknown is refused until someone adds it here.

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

/// The SVG namespace: every element of a figure is in it.
const SVG: &str = "http://www.w3.org/2000/svg";
/// Old SVG's namespace for `xlink:href`.
const XLINK: &str = "http://www.w3.org/1999/xlink";
/// XML's own namespace, for `xml:lang` and `xml:space`.
const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// The SVG elements a figure may use: shapes, text, groups, gradients and their plumbing.
/// Anything else is refused, so a new way to run script or load a file is refused before anyone
/// has heard of it.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "style",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "path",
    "text",
    "tspan",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "marker",
];

/// Elements refused with a reason of their own, rather than as merely unknown.
const REFUSED_ELEMENTS: &[(&str, &str)] = &[
    ("script", "a script"),
    ("foreignObject", "a `foreignObject`, which can carry HTML"),
    ("image", "an embedded or linked picture: draw it in SVG"),
    ("feImage", "an embedded or linked picture: draw it in SVG"),
    (
        "a",
        "a link: a figure is a picture, and the article holds the links",
    ),
    (
        "set",
        "an animation (`<set>`), which can rewrite the figure's attributes",
    ),
    (
        "animate",
        "an animation (`<animate>`), which can rewrite the figure's attributes",
    ),
    (
        "animateTransform",
        "an animation (`<animateTransform>`), which can rewrite the figure's attributes",
    ),
    (
        "animateMotion",
        "an animation (`<animateMotion>`), which can rewrite the figure's attributes",
    ),
    ("discard", "an animation element (`<discard>`)"),
];

/// Attributes that say what an element is or how it is drawn, and nothing else: no event
/// handlers, no addresses (`href` is checked on its own), no animation targets.
const ATTRIBUTES: &[&str] = &[
    // What it is, for styles and assistive technology.
    "id",
    "class",
    "style",
    "role",
    "lang",
    "version",
    // Where and how big.
    "x",
    "y",
    "width",
    "height",
    "viewBox",
    "preserveAspectRatio",
    "transform",
    "d",
    "points",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "x1",
    "y1",
    "x2",
    "y2",
    "dx",
    "dy",
    "rotate",
    "pathLength",
    "textLength",
    "lengthAdjust",
    // Gradients, clips and markers.
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "fx",
    "fy",
    "fr",
    "clipPathUnits",
    "markerUnits",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    // Presentation.
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "clip-path",
    "clip-rule",
    "marker-start",
    "marker-mid",
    "marker-end",
    "paint-order",
    "vector-effect",
    "shape-rendering",
    "text-rendering",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "text-decoration",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "writing-mode",
];

/// Attributes whose value is plain words or a name, never read as CSS.
const PLAIN_ATTRIBUTES: &[&str] = &["id", "class", "role", "lang", "version"];

/// What CSS must not hold besides at-rules, each with the reason given to the editor. `url(` is
/// checked on its own: `url(#id)`, a gradient or clip inside the figure, is fine.
const FORBIDDEN_CSS: &[(&str, &str)] = &[
    (
        "expression(",
        "an `expression(`, which runs script in old browsers",
    ),
    ("javascript:", "a `javascript:` address"),
    ("image(", "an `image(`, which loads a picture"),
    ("image-set(", "an `image-set(`, which loads a picture"),
    ("src(", "a `src(`, which loads a file"),
];

/// Checks a figure's SVG and reads its size. Every problem is returned as (line, message).
///
/// The figure is read as XML, its namespaces resolved, and only what the lists above allow may
/// stand in it: a prefix, an entity or a CSS escape cannot disguise anything, since what is
/// checked is what a browser would read.
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
fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The message for a reference that leaves the figure.
fn outside(target: &str) -> String {
    format!("the figure refers to `{target}` outside itself: only `#id` references are allowed")
}

/// What is wrong with some CSS, each as (byte offset in `css`, message). The CSS is read as a
/// browser reads it, escapes first: `@\69mport` is an `@import`, and `u\72l(` a `url(`.
fn css_problems(css: &str) -> Vec<(usize, String)> {
    let (read, origin) = unescape_css(css);
    let mut found = Vec::new();
    for (at, _) in read.match_indices('@') {
        let rule: String = read[at + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        if rule != "media" {
            let why = match rule.as_str() {
                "import" => ", which loads another file",
                "font-face" => ", which can load a font",
                _ => "",
            };
            found.push((
                origin[at],
                format!(
                    "the figure's CSS holds `@{rule}`{why}: the only at-rule allowed is `@media`"
                ),
            ));
        }
    }
    for (at, _) in read.match_indices("url(") {
        let target = read[at + 4..]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\''));
        let end = target
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\''))
            .unwrap_or(target.len());
        if !target[..end].strip_prefix('#').is_some_and(is_id) {
            let shown: String = target[..end].chars().take(40).collect();
            found.push((origin[at], outside(&format!("url({shown})"))));
        }
    }
    for (needle, what) in FORBIDDEN_CSS {
        for (at, _) in read.match_indices(needle) {
            found.push((origin[at], format!("the figure's CSS holds {what}")));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// CSS with its escapes read (CSS Syntax, "consume an escaped code point") and lowercased, as
/// the text to check, with, for each of its bytes, the offset in `css` it came from.
///
/// A backslash and 1 to 6 hex digits, with one whitespace after them, is that code point; a
/// backslash and any other character is the character. A backslash before a line break is
/// dropped, joining the lines: in a string that is what a browser does, and anywhere else
/// joining can only find more, never less.
fn unescape_css(css: &str) -> (String, Vec<usize>) {
    let mut read = String::with_capacity(css.len());
    let mut origin = Vec::with_capacity(css.len());
    let mut push = |c: char, at: usize| {
        for lower in c.to_lowercase() {
            read.push(lower);
            origin.extend(std::iter::repeat_n(at, lower.len_utf8()));
        }
    };
    let mut chars = css.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            push(c, at);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 {
            match chars.peek() {
                Some(&(_, digit)) if digit.is_ascii_hexdigit() => {
                    hex.push(digit);
                    chars.next();
                }
                _ => break,
            }
        }
        if hex.is_empty() {
            match chars.next() {
                Some((_, '\n' | '\r' | '\x0c')) => {}
                Some((_, other)) => push(other, at),
                None => push(char::REPLACEMENT_CHARACTER, at),
            }
            continue;
        }
        let decoded = u32::from_str_radix(&hex, 16)
            .ok()
            .and_then(char::from_u32)
            .filter(|c| *c != '\0')
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        push(decoded, at);
        // One whitespace ends a hex escape and belongs to it (a CR LF pair counts as one).
        if let Some(&(_, space)) = chars.peek()
            && matches!(space, ' ' | '\t' | '\n' | '\r' | '\x0c')
        {
            chars.next();
            if space == '\r' && chars.peek().is_some_and(|&(_, c)| c == '\n') {
                chars.next();
            }
        }
    }
    (read, origin)
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

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 300" width="640" height="300">
<style>.t{font:18px sans-serif}@media (prefers-color-scheme: dark){.t{fill:#fff}}</style>
<defs><path id="p" d="M0 0h10"/></defs><use href="#p"/><rect fill="url(#g)" width="1" height="1"/>
<text class="t" x="10" y="30">Neck</text>
</svg>"##;

    fn problems(svg: &str) -> Vec<String> {
        check("figures/x.svg", svg)
            .expect_err("is refused")
            .into_iter()
            .map(|(line, message)| format!("{line}: {message}"))
            .collect()
    }

    #[test]
    fn a_plain_drawing_passes_with_its_size_and_a_hashed_url() {
        let figure = check("figures/spine.svg", GOOD).expect("a plain drawing is fine");
        assert_eq!((figure.width, figure.height), (640, 300));
        assert!(
            figure.url.starts_with("/static/figures/spine."),
            "{}",
            figure.url
        );
        assert!(figure.url.ends_with(".svg"));
    }

    #[test]
    fn scripts_handlers_and_html_are_refused_with_their_line() {
        let svg = GOOD.replace("<defs>", "<script>alert(1)</script><defs>");
        assert_eq!(problems(&svg), ["3: the figure holds a script"]);
        let svg = GOOD.replace("<text class", "<text onclick=\"x()\" class");
        assert_eq!(
            problems(&svg),
            ["4: the figure holds an event handler (`onclick`)"]
        );
        let svg = GOOD.replace("<defs>", "<foreignObject><p>hi</p></foreignObject><defs>");
        assert!(problems(&svg)[0].contains("foreignObject"));
    }

    #[test]
    fn outside_references_and_pictures_are_refused() {
        let svg = GOOD.replace("href=\"#p\"", "href=\"https://example.com/a.svg#p\"");
        assert_eq!(
            problems(&svg),
            [
                "3: the figure refers to `https://example.com/a.svg#p` outside itself: only `#id` references are allowed"
            ]
        );
        let svg = GOOD.replace("url(#g)", "url(https://example.com/x)");
        assert!(problems(&svg)[0].contains("outside itself"));
        let svg = GOOD.replace("href=\"#p\"", "href=\"data:image/svg+xml;base64,AAAA\"");
        assert!(problems(&svg)[0].contains("`data:image/svg+xml;base64,AAAA` outside itself"));
        let svg = GOOD.replace(
            "<defs>",
            "<image href=\"data:image/png;base64,AAAA\"/><defs>",
        );
        assert_eq!(
            problems(&svg),
            ["3: the figure holds an embedded or linked picture: draw it in SVG"]
        );
    }

    #[test]
    fn a_drawing_without_a_size_is_refused() {
        let svg = GOOD.replace(" width=\"640\" height=\"300\"", "");
        assert!(problems(&svg)[0].contains("whole-number `width` and `height`"));
    }

    #[test]
    fn words_that_merely_contain_on_are_not_handlers() {
        let svg = GOOD.replace("Neck", "Only one onward condition");
        assert!(check("figures/x.svg", &svg).is_ok());
    }

    /// GOOD with `extra` added just before its `<defs>`, on line 3.
    fn with(extra: &str) -> String {
        GOOD.replace("<defs>", &format!("{extra}<defs>"))
    }

    #[test]
    fn a_script_under_a_prefix_is_still_a_script() {
        let svg = with(r#"<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>"#);
        assert_eq!(problems(&svg), ["3: the figure holds a script"]);
    }

    #[test]
    fn a_foreign_object_under_a_prefix_is_still_refused() {
        let svg = with(
            r#"<s:foreignObject xmlns:s="http://www.w3.org/2000/svg"><p xmlns="http://www.w3.org/1999/xhtml">hi</p></s:foreignObject>"#,
        );
        assert_eq!(
            problems(&svg),
            ["3: the figure holds a `foreignObject`, which can carry HTML"]
        );
    }

    #[test]
    fn css_escapes_are_read_before_the_css_is_checked() {
        let svg = GOOD.replace(
            "<style>",
            "<style>@\\69mport 'https://example.com/x.css';\n",
        );
        assert_eq!(
            problems(&svg),
            [
                "2: the figure's CSS holds `@import`, which loads another file: the only at-rule allowed is `@media`"
            ]
        );
        let svg = GOOD.replace(
            "<style>",
            "<style>\n.t{fill:u\\72l(https://example.com/x.svg#g)}",
        );
        assert_eq!(
            problems(&svg),
            [
                "3: the figure refers to `url(https://example.com/x.svg#g)` outside itself: only `#id` references are allowed"
            ]
        );
        // Six hex digits and the one space that ends an escape.
        let svg = GOOD.replace("<style>", "<style>.t{fill:\\000075 rl(x.svg)}");
        assert!(problems(&svg)[0].contains("`url(x.svg)` outside itself"));
        let svg = GOOD.replace(
            "<text class",
            "<text style=\"fill:\\75\\52\\4c(https://example.com/)\" class",
        );
        assert_eq!(
            problems(&svg),
            [
                "4: the figure refers to `url(https://example.com/)` outside itself: only `#id` references are allowed"
            ]
        );
    }

    #[test]
    fn an_animation_that_writes_an_event_handler_is_refused() {
        let svg = GOOD.replace(
            "<text class=\"t\" x=\"10\" y=\"30\">Neck</text>",
            "<text class=\"t\" x=\"10\" y=\"30\">Neck<set attributeName=\"onmouseover\" to=\"alert(1)\"/></text>",
        );
        assert_eq!(
            problems(&svg),
            [
                "4: the figure holds an animation (`<set>`), which can rewrite the figure's attributes"
            ]
        );
        for element in ["animate", "animateTransform", "animateMotion", "discard"] {
            let svg = with(&format!("<{element}/>"));
            assert!(problems(&svg)[0].contains("animation"), "{element}");
        }
    }

    #[test]
    fn only_svg_elements_from_the_allowlist_pass() {
        let svg = with(r#"<h:iframe xmlns:h="http://www.w3.org/1999/xhtml"/>"#);
        assert_eq!(
            problems(&svg),
            [
                "3: the figure holds `<h:iframe>` from outside SVG (namespace: http://www.w3.org/1999/xhtml): only SVG elements, in `xmlns=\"http://www.w3.org/2000/svg\"`, are allowed"
            ]
        );
        let svg = with("<filter id=\"f\"/>");
        assert_eq!(
            problems(&svg),
            [
                "3: the figure holds `<filter>`, which figures do not use: draw with shapes, paths, text and gradients"
            ]
        );
        let svg = with("<a href=\"#p\"><text>Go</text></a>");
        assert!(problems(&svg)[0].contains("a link"));
        let svg = GOOD.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
        let found = problems(&svg);
        assert!(
            found[0].starts_with("1: the figure holds `<svg>` from outside SVG (namespace: none)")
        );
    }

    #[test]
    fn attributes_outside_the_allowlist_are_refused_with_their_line() {
        let svg = GOOD.replace("<use href", "<use\nxml:base=\"https://example.com/\" href");
        assert_eq!(
            problems(&svg),
            ["4: the figure holds the attribute `xml:base`, which figures do not use"]
        );
        let svg = GOOD.replace(
            "<text class",
            "<text xmlns:s=\"http://www.w3.org/2000/svg\" s:onclick=\"x()\" class",
        );
        assert_eq!(
            problems(&svg),
            ["4: the figure holds an event handler (`s:onclick`)"]
        );
        let svg = GOOD.replace("<text class", "<text requiredExtensions=\"x\" class");
        assert!(problems(&svg)[0].contains("attribute `requiredExtensions`"));
        let svg = GOOD.replace(
            "<use href=\"#p\"",
            "<use xmlns:l=\"http://www.w3.org/1999/xlink\" l:href=\"//example.com/a.svg\"",
        );
        assert!(problems(&svg)[0].contains("`//example.com/a.svg` outside itself"));
    }

    #[test]
    fn instructions_doctypes_and_entities_are_refused_with_their_line() {
        let svg = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{GOOD}");
        assert!(
            check("figures/x.svg", &svg).is_ok(),
            "an XML declaration is fine"
        );
        let svg = format!("<?xml-stylesheet href=\"https://example.com/x.css\"?>\n{GOOD}");
        assert_eq!(
            problems(&svg),
            [
                "1: the figure holds the processing instruction `<?xml-stylesheet?>`, which can load a style sheet"
            ]
        );
        let svg = with("<?php echo 1 ?>");
        assert!(problems(&svg)[0].starts_with("3: the figure holds the processing instruction"));
        let svg = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n{GOOD}"
        );
        assert_eq!(
            problems(&svg),
            ["2: the figure holds a DOCTYPE, which can define entities and load files"]
        );
        let svg = GOOD.replace("Neck", "&x;");
        assert!(problems(&svg)[0].starts_with("4: the figure uses the entity `&x;`"));
        let svg = GOOD.replace("</text>", "");
        assert!(problems(&svg)[0].contains("not well-formed XML"));
    }

    #[test]
    fn css_may_use_media_queries_and_references_inside_the_figure_but_nothing_else() {
        let svg = GOOD.replace(
            "<style>",
            "<style>@media print{.t{fill:#000}} .a{fill:url( \"#g\" )} .b{clip-path:url(#c)}",
        );
        assert!(check("figures/x.svg", &svg).is_ok());
        for (css, expected) in [
            (
                "@font-face{font-family:x}",
                "`@font-face`, which can load a font",
            ),
            ("@\\4d EDIA print{}@namespace x;", "`@namespace`"),
            (".t{width:expression(alert(1))}", "an `expression(`"),
            (
                ".t{fill:JavaScript\\3a alert(1)}",
                "a `javascript:` address",
            ),
            (".t{fill:-webkit-image-set('a.png' 1x)}", "an `image-set(`"),
            (".t{fill:image('a.png')}", "an `image(`"),
            (
                ".t{fill:URL( '//example.com/x' )}",
                "`url(//example.com/x)` outside itself",
            ),
        ] {
            let svg = GOOD.replace("<style>", &format!("<style>{css}"));
            let found = problems(&svg);
            assert!(
                found.iter().any(|p| p.contains(expected)),
                "{css}: {found:?}"
            );
        }
    }

    #[test]
    fn the_figures_the_site_ships_pass() {
        let files = crate::embedded::content_files();
        let figures: Vec<_> = files
            .iter()
            .filter(|(name, _)| name.starts_with(FOLDER))
            .collect();
        assert!(figures.len() >= 4, "{figures:?}");
        for (name, svg) in figures {
            if let Err(found) = check(name, svg) {
                panic!("{name}: {found:?}");
            }
        }
    }
}
