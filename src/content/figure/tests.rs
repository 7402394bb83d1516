//! Figures: what passes, and what is refused at its line.

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
        ["4: the figure holds an animation (`<set>`), which can rewrite the figure's attributes"]
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
    assert!(found[0].starts_with("1: the figure holds `<svg>` from outside SVG (namespace: none)"));
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
