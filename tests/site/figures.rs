//! Figures as a phone shows them. A page draws a figure at its own width, or narrower when the
//! text column is: on a 320 px screen the column is 288 px (the page keeps 1rem each side). A
//! figure's text is scaled with it, and must still be 12 px there.

/// The text column of a 320 px screen, in CSS pixels.
const PHONE_COLUMN: f64 = 288.0;
/// The smallest text a reader should have to read in a figure.
const SMALLEST_TEXT: f64 = 12.0;
/// What a browser draws text at when nothing sets its size.
const DEFAULT_FONT_SIZE: f64 = 16.0;

#[test]
fn every_figure_keeps_its_text_at_least_12px_on_a_320px_screen() {
    let site = crate::support::load_test_content();
    assert!(
        site.figures.len() >= 4,
        "the site's figures: {:?}",
        site.figures.keys()
    );
    let mut problems = Vec::new();
    for (name, figure) in &site.figures {
        let shown = PHONE_COLUMN.min(f64::from(figure.width));
        match smallest_text(&figure.svg) {
            Ok(smallest) => {
                let rendered = smallest.size * shown / smallest.view_box_width;
                if rendered < SMALLEST_TEXT {
                    problems.push(format!(
                        "{name}: \"{}\" is {} px in a viewBox {} wide, so {rendered:.1} px on a 320 px screen; it needs {SMALLEST_TEXT} px",
                        smallest.text, smallest.size, smallest.view_box_width
                    ));
                }
            }
            Err(why) => problems.push(format!("{name}: {why}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_measure_reads_classes_inheritance_the_style_attribute_and_the_default() {
    assert_eq!(sizes("font:italic 700 13px/1.2 serif")[0], Ok(13.0));
    let svg = |body: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 100\" width=\"400\" height=\"100\"><style>text{{font:18px sans-serif}}.s{{font-size:14px}}@media (max-width:100px){{.m{{font-size:9px}}}}</style>{body}</svg>"
        )
    };
    let size = |body: &str| smallest_text(&svg(body)).expect("measured").size;
    assert_eq!(size("<text>A</text>"), 18.0);
    assert_eq!(size("<text>A<tspan class=\"s\">b</tspan></text>"), 14.0);
    assert_eq!(
        size("<text class=\"m\">A</text>"),
        9.0,
        "media rules count too"
    );
    assert_eq!(size("<text style=\"font-size:11px\">A</text>"), 11.0);
    assert_eq!(
        size("<g font-size=\"10\"><text class=\"s\">A</text></g>"),
        14.0
    );
    let bare = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 100\" width=\"400\" height=\"100\"><text>A</text></svg>";
    assert_eq!(smallest_text(bare).unwrap().size, DEFAULT_FONT_SIZE);
    assert!(smallest_text(&svg("<g transform=\"scale(.5)\"><text>A</text></g>")).is_err());
    assert!(smallest_text(&svg("<text style=\"font-size:1em\">A</text>")).is_err());
    let drawn_again =
        "<defs><g id=\"l\"><text>A</text></g></defs><use href=\"#l\" transform=\"scale(.5)\"/>";
    assert!(smallest_text(&svg(drawn_again)).is_err());
    let moved = "<defs><g id=\"l\"><text>A</text></g></defs><use href=\"#l\" transform=\"translate(9 9)\"/>";
    assert_eq!(smallest_text(&svg(moved)).unwrap().size, 18.0);
    let moved_then_scaled = "<g transform=\"translate(9 9) scale(.5)\"><text>A</text></g>";
    assert!(smallest_text(&svg(moved_then_scaled)).is_err());
}

/// The smallest text in a figure, in the units of its viewBox.
#[derive(Debug)]
struct Smallest {
    size: f64,
    text: String,
    view_box_width: f64,
}

/// Finds the smallest text a figure draws. Every declaration that could reach a text element
/// counts, whatever its specificity or media query, so the answer is never larger than the
/// truth; what this cannot measure (a size not in px, text under a scaling transform) is an
/// error rather than a guess.
fn smallest_text(svg: &str) -> Result<Smallest, String> {
    let document = roxmltree::Document::parse(svg).map_err(|e| e.to_string())?;
    let root = document.root_element();
    let view_box_width = root
        .attribute("viewBox")
        .and_then(|v| v.split([' ', ',']).filter(|n| !n.is_empty()).nth(2))
        .and_then(|w| w.parse::<f64>().ok())
        .ok_or("the figure needs a viewBox")?;
    let rules: Vec<Rule> = document
        .descendants()
        .filter(|n| n.tag_name().name() == "style")
        .flat_map(|style| rules(style.text().unwrap_or_default()))
        .collect();
    let mut smallest: Option<Smallest> = None;
    for node in document.descendants().filter(|n| n.is_element()) {
        if !matches!(node.tag_name().name(), "text" | "tspan") {
            continue;
        }
        let own_text: String = node
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        if own_text.trim().is_empty() {
            continue;
        }
        if let Some(scaler) = scaled_by(node) {
            return Err(format!(
                "\"{}\" is scaled by {scaler}: keep text out of scaled groups so its size can be read",
                own_text.trim()
            ));
        }
        let size = font_size(node, &rules)?;
        if smallest.as_ref().is_none_or(|s| size < s.size) {
            smallest = Some(Smallest {
                size,
                text: own_text.trim().to_string(),
                view_box_width,
            });
        }
    }
    smallest.ok_or_else(|| "the figure has no text".to_string())
}

/// What could scale an element's text, if anything: a transform other than a move on it or
/// around it, a nested `<svg>` with its own viewBox, or a `<use>` that draws it elsewhere.
fn scaled_by(node: roxmltree::Node) -> Option<String> {
    let transforms = |element: roxmltree::Node| {
        element
            .ancestors()
            .filter_map(|a| a.attribute("transform"))
            .find(|t| !only_moves(t))
            .map(|t| format!("`transform=\"{t}\"`"))
    };
    if let Some(found) = transforms(node) {
        return Some(found);
    }
    let root = node.document().root_element();
    if node
        .ancestors()
        .any(|a| a.tag_name().name() == "svg" && a != root)
    {
        return Some("a nested `<svg>`".into());
    }
    // A `<use>` draws what it names again, under its own transforms.
    let ids: Vec<&str> = node.ancestors().filter_map(|a| a.attribute("id")).collect();
    node.document()
        .descendants()
        .filter(|u| u.tag_name().name() == "use")
        .filter(|u| {
            let target = u
                .attributes()
                .find(|a| a.name() == "href")
                .and_then(|a| a.value().strip_prefix('#'));
            target.is_some_and(|id| ids.contains(&id))
        })
        .find_map(|u| {
            transforms(u).or_else(|| {
                (u.has_attribute("width") || u.has_attribute("height"))
                    .then(|| "a `<use>` with a size".to_string())
            })
        })
}

/// Whether a transform list only moves things: `translate(...)` and nothing else.
fn only_moves(transform: &str) -> bool {
    transform.split(')').all(|part| {
        let part = part.trim_matches(|c: char| c.is_whitespace() || c == ',');
        part.is_empty() || part.starts_with("translate(")
    })
}

/// A style rule: its selectors and the sizes its declarations give, if any.
struct Rule {
    selectors: Vec<String>,
    sizes: Vec<Result<f64, String>>,
}

/// The rules of a style sheet, those inside `@media` blocks included.
fn rules(css: &str) -> Vec<Rule> {
    let mut found = Vec::new();
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        // What stands before a `{`, after the `}` that closed an earlier block.
        let prelude = rest[..open].rsplit('}').next().unwrap_or_default().trim();
        if prelude.starts_with('@') {
            rest = &rest[open + 1..];
            continue;
        }
        let close = rest[open..].find('}').map_or(rest.len(), |at| open + at);
        found.push(Rule {
            selectors: prelude.split(',').map(|s| s.trim().to_string()).collect(),
            sizes: sizes(&rest[open + 1..close]),
        });
        rest = &rest[(close + 1).min(rest.len())..];
    }
    found
}

/// The font sizes a list of declarations sets, from `font-size` and the `font` shorthand.
fn sizes(declarations: &str) -> Vec<Result<f64, String>> {
    declarations
        .split(';')
        .filter_map(|declaration| {
            let (property, value) = declaration.split_once(':')?;
            let value = value.trim();
            match property.trim() {
                "font-size" => Some(pixels(value)),
                // `font: [style] [weight] size[/line-height] family`: the size is the first
                // token that begins with a digit and is not a bare weight such as `700`.
                "font" => value
                    .split_whitespace()
                    .find(|token| {
                        token.starts_with(|c: char| c.is_ascii_digit() || c == '.')
                            && !token.chars().all(|c| c.is_ascii_digit())
                    })
                    .map(|token| pixels(token.split('/').next().unwrap_or(token))),
                _ => None,
            }
        })
        .collect()
}

/// A size in px (a bare number in an attribute is px too).
fn pixels(value: &str) -> Result<f64, String> {
    let value = value.trim();
    value
        .strip_suffix("px")
        .unwrap_or(value)
        .parse()
        .map_err(|_| format!("font size `{value}` is not in px, so it cannot be measured"))
}

/// The smallest size an element's text could have: every size that could reach it, or its
/// parent's when none does.
fn font_size(node: roxmltree::Node, rules: &[Rule]) -> Result<f64, String> {
    let mut found = Vec::new();
    let name = node.tag_name().name();
    let classes: Vec<&str> = node
        .attribute("class")
        .map(|c| c.split_whitespace().collect())
        .unwrap_or_default();
    for rule in rules {
        if rule.selectors.iter().any(|s| may_match(s, name, &classes)) {
            found.extend(rule.sizes.iter().cloned());
        }
    }
    if let Some(style) = node.attribute("style") {
        found.extend(sizes(style));
    }
    if let Some(size) = node.attribute("font-size") {
        found.push(pixels(size));
    }
    let found = found.into_iter().collect::<Result<Vec<f64>, String>>()?;
    match found.into_iter().reduce(f64::min) {
        Some(size) => Ok(size),
        None => match node.parent_element() {
            Some(parent) => font_size(parent, rules),
            None => Ok(DEFAULT_FONT_SIZE),
        },
    }
}

/// Whether a selector could match an element: `text`, `.a`, `text.a.b` and `*` are read; any
/// other selector is taken to match, which can only make the answer smaller.
fn may_match(selector: &str, name: &str, classes: &[&str]) -> bool {
    let simple = selector
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '*'));
    if !simple {
        return true;
    }
    let mut parts = selector.split('.');
    let element = parts.next().unwrap_or_default();
    (element.is_empty() || element == "*" || element == name)
        && parts.all(|class| classes.contains(&class))
}
