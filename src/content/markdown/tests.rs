//! Markdown to HTML: ids, sections, citations, figures and the safety rules.

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
    let found = render_fragment("![A spine](figures/spine.svg \"Caption\")").expect_err("refused");
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
    let messages: Vec<(usize, &str)> = found.iter().map(|p| (p.line, p.message.as_str())).collect();
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
    let d =
        doc("[a](https://www.nhs.uk/) [b](mailto:x@y.z) [c](/about) [d](#top) [e](page?x=1:2)\n");
    assert!(d.intro.as_str().contains("href=\"https://www.nhs.uk/\""));
}

#[test]
fn a_phone_number_is_a_link_a_phone_can_call() {
    let d = doc("Call [999](tel:999) or [111](TEL:+44111).\n");
    assert!(d.intro.as_str().contains("<a href=\"tel:999\">999</a>"));
    for target in ["tel:", "tel:999;ext=1", "tel:javascript:alert(1)", "tel:+"] {
        let found = problems(&format!("Intro.\n\n[call]({target})\n"));
        assert!(found[0].message.contains("is not allowed"), "{target}");
    }
}

#[test]
fn a_plain_http_link_is_refused() {
    let found = problems("Intro.\n\n[NHS](HTTP://www.nhs.uk/)\n");
    assert_eq!(found[0].line, 3);
    assert_eq!(
        found[0].message,
        "link to `HTTP://www.nhs.uk/` is not allowed: use https://, mailto:, tel: or a relative link"
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
