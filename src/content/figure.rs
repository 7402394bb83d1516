//! Figures: SVG drawings that articles show, checked once at start-up and served, like the
//! stylesheet, under a URL that changes whenever their bytes do.
//!
//! A figure is shown with `<img>`, where a browser runs no script and loads nothing else; the
//! checks below refuse what would matter anywhere else, so a figure stays inert wherever it is
//! opened, and the page's CSP never has to loosen for one.

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

/// What a figure must not hold, each with the reason given to the editor.
const FORBIDDEN: &[(&str, &str)] = &[
    ("<script", "a script"),
    ("<foreignobject", "a `foreignObject`, which can carry HTML"),
    ("<image", "an embedded or linked picture: draw it in SVG"),
    ("<!doctype", "a DOCTYPE, which can define entities"),
    ("<!entity", "an entity definition"),
    ("javascript:", "a `javascript:` address"),
    ("data:", "a `data:` address, such as an embedded picture"),
    ("@import", "an `@import`, which loads another file"),
];

/// Checks a figure's SVG text and reads its size. Every problem is returned as (line, message).
pub fn check(name: &str, svg: &str) -> Result<Figure, Vec<(usize, String)>> {
    let lower = svg.to_ascii_lowercase();
    let line_at = |offset: usize| svg[..offset].matches('\n').count() + 1;
    let mut problems = Vec::new();
    for (needle, what) in FORBIDDEN {
        if let Some(at) = lower.find(needle) {
            problems.push((line_at(at), format!("the figure holds {what}")));
        }
    }
    for (at, attribute) in event_handlers(&lower) {
        problems.push((
            line_at(at),
            format!("the figure holds an event handler (`{attribute}`)"),
        ));
    }
    for (at, target) in external_references(&lower) {
        problems.push((
            line_at(at),
            format!(
                "the figure refers to `{target}` outside itself: only `#id` references are allowed"
            ),
        ));
    }
    let size = root_size(svg);
    if size.is_none() {
        problems.push((
            1,
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

/// `on...=` attributes, as (offset, attribute name).
fn event_handlers(lower: &str) -> Vec<(usize, String)> {
    let bytes = lower.as_bytes();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("on") {
        let after_space = at > 0 && bytes[at - 1].is_ascii_whitespace();
        let name_end = lower[at..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(lower.len(), |n| at + n);
        let is_attribute = lower[name_end..].trim_start().starts_with('=');
        if after_space && name_end > at + 2 && is_attribute {
            found.push((at, lower[at..name_end].to_string()));
        }
    }
    found
}

/// `href` values and `url(...)` targets that point anywhere but inside the figure.
fn external_references(lower: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("href") {
        let rest = lower[at + 4..].trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start().trim_start_matches(['"', '\'']);
        if !value.starts_with('#') {
            let end = value.find(['"', '\'', ' ', '>']).unwrap_or(value.len());
            found.push((at, value[..end].to_string()));
        }
    }
    for (at, _) in lower.match_indices("url(") {
        let value = lower[at + 4..].trim_start().trim_start_matches(['"', '\'']);
        if !value.starts_with('#') {
            let end = value.find(')').unwrap_or(value.len());
            found.push((at, format!("url({}", &value[..end.min(40)])));
        }
    }
    found
}

/// The root element's `width` and `height`, in whole pixels.
fn root_size(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let number = |name: &str| -> Option<u32> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &tag[at..at + tag[at..].find('"')?];
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
        let svg = GOOD.replace(
            "<defs>",
            "<image href=\"data:image/png;base64,AAAA\"/><defs>",
        );
        let found = problems(&svg);
        assert!(
            found
                .iter()
                .any(|p| p.contains("embedded or linked picture")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.contains("`data:` address")),
            "{found:?}"
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
}
