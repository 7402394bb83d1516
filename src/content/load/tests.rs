//! Loading the site from files given by name.

use super::*;
use crate::content::quiz::CardLine;
use crate::content::samples::{ARTICLE, QUIZ, SIGNS, SOURCES, SVG, files};

fn errors_for(list: &[(&str, &str)]) -> Vec<String> {
    load_site(&files(list))
        .expect_err("the content is refused")
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn article_errors(text: &str) -> Vec<String> {
    errors_for(&[("a.md", text)])
}

#[test]
fn a_valid_article_and_quiz_load() {
    let site = load_site(&files(&[("a.md", ARTICLE), ("a.quiz.toml", QUIZ)])).unwrap();
    let article = site
        .articles
        .iter()
        .find(|a| a.slug == "test-article")
        .unwrap();
    assert_eq!(article.title, "Test article");
    assert_eq!(article.section_ids(), ["first", "second"]);
    assert_eq!(article.last_reviewed.iso(), "2026-11-22");
    assert_eq!(article.quiz.as_ref().unwrap().notes[1].id, "severe-pain");
    assert_eq!(
        article.care[0].action.as_str(),
        "<p>Call <strong>999</strong>.</p>\n"
    );
    let chest = CardLine {
        text: "Chest pain".into(),
        hint: Some("Now, or in the last 12 hours".into()),
    };
    assert_eq!(article.care[0].signs, std::slice::from_ref(&chest));
    let severe = CardLine {
        text: "your pain is severe".into(),
        hint: None,
    };
    assert_eq!(article.care[2].signs, [severe]);
    let cited: Vec<&str> = article.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(cited, ["nhs-back-pain", "nice-ng59"]);
    assert!(crate::check::unused::uncited_sources(&site).is_empty());
    let card = site
        .emergency
        .as_ref()
        .expect("the home page has the emergency card");
    assert_eq!(card.signs, [chest]);
}

#[test]
fn a_duplicate_slug_is_refused_at_its_line_naming_the_first() {
    let first = ARTICLE.replace("title =", "# The first\ntitle =");
    let errors = errors_for(&[("a.md", &first), ("b.md", ARTICLE)]);
    assert_eq!(
        errors,
        ["b.md:3: slug `test-article` is already the slug of a.md:4: give each article its own"]
    );
}

#[test]
fn a_plain_http_or_undated_source_is_refused_at_its_line() {
    let sources = SOURCES.replace("https://www.nhs", "http://www.nhs");
    let errors = errors_for(&[("a.md", ARTICLE), (SOURCES_FILE, &sources)]);
    assert_eq!(
        errors,
        [
            "sources.toml:3: source `nhs-back-pain` must link to an https:// address, not `http://www.nhs.uk/conditions/back-pain/`"
        ]
    );
    let sources = SOURCES.replace("year = 2020\n", "");
    let errors = errors_for(&[("a.md", ARTICLE), (SOURCES_FILE, &sources)]);
    assert!(errors[0].contains("needs a `year`"), "{errors:?}");
}

#[test]
fn a_source_defined_twice_is_refused() {
    let sources = format!(
        "{SOURCES}{}",
        &SOURCES[..SOURCES.find("[[sources]]\nid = \"nice").unwrap()]
    );
    let errors = errors_for(&[("a.md", ARTICLE), (SOURCES_FILE, &sources)]);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`nhs-back-pain` is defined twice")),
        "{errors:?}"
    );
}

#[test]
fn a_citation_of_an_unknown_source_names_its_line() {
    let errors = article_errors(&ARTICLE.replace("[^nhs-back-pain]", "[^nhs-backpain]"));
    assert_eq!(
        errors,
        [
            "a.md:11: citation `[^nhs-backpain]` names no source in sources.toml: did you mean `nhs-back-pain`?"
        ]
    );
}

#[test]
fn an_article_that_cites_nothing_is_refused() {
    let errors = article_errors(&ARTICLE.replace("[^nhs-back-pain]", ""));
    assert!(errors[0].contains("cites no source"), "{errors:?}");
}

#[test]
fn a_figure_in_the_text_and_one_beside_the_cards_are_served_from_hashed_urls() {
    let article = ARTICLE.replace(
        "## First part {#first}\n",
        "## First part {#first}\n\n![The spine](figures/spine.svg \"The spine\")\n",
    );
    let signs = format!(
        "{SIGNS}\n[care_figure]\nsrc = \"figures/areas.svg\"\nalt = \"Where signs are felt\"\ncaption = \"Where\"\n"
    );
    let site = load_site(&files(&[
        ("a.md", &article),
        ("a.quiz.toml", QUIZ),
        (WARNING_SIGNS_FILE, &signs),
        ("figures/spine.svg", SVG),
        ("figures/areas.svg", &SVG.replace("Neck", "Chest")),
    ]))
    .unwrap();
    let spine = &site.figures["figures/spine.svg"];
    let first = site.articles[0].body.sections[0].body.as_str();
    assert!(
        first.contains(&format!(
            "<img src=\"{}\" alt=\"The spine\" width=\"640\" height=\"200\">",
            spine.url
        )),
        "{first}"
    );
    let care = site.articles[0]
        .care_figure
        .as_ref()
        .expect("a figure beside the cards");
    assert!(
        care.as_str()
            .contains(&site.figures["figures/areas.svg"].url)
    );
    assert!(crate::check::unused::unused_figures(&site).is_empty());
}

#[test]
fn a_figure_with_a_script_stops_loading_at_its_file_and_line() {
    let svg = SVG.replace("<text", "\n<script>alert(1)</script><text");
    let errors = errors_for(&[("a.md", ARTICLE), ("figures/bad.svg", &svg)]);
    assert_eq!(errors, ["figures/bad.svg:2: the figure holds a script"]);
}

#[test]
fn a_refused_figure_is_reported_at_its_file_only_not_where_it_is_placed() {
    let svg = SVG.replace("<text", "\n<script>alert(1)</script><text");
    let article = ARTICLE.replace(
        "## First part {#first}\n",
        "## First part {#first}\n\n![The spine](figures/spine.svg \"The spine\")\n",
    );
    let signs = format!(
        "{SIGNS}\n[care_figure]\nsrc = \"figures/spine.svg\"\nalt = \"Where signs are felt\"\ncaption = \"Where\"\n"
    );
    let errors = errors_for(&[
        ("a.md", &article),
        ("a.quiz.toml", QUIZ),
        (WARNING_SIGNS_FILE, &signs),
        ("figures/spine.svg", &svg),
    ]);
    assert_eq!(errors, ["figures/spine.svg:2: the figure holds a script"]);
}

#[test]
fn a_misspelt_figure_is_told_the_one_it_may_mean() {
    let article = ARTICLE.replace(
        "## First part {#first}\n",
        "## First part {#first}\n\n![The spine](figures/spnie.svg \"The spine\")\n",
    );
    let errors = errors_for(&[("a.md", &article), ("figures/spine.svg", SVG)]);
    assert_eq!(
        errors,
        ["a.md:15: figure `figures/spnie.svg` does not exist: did you mean `figures/spine.svg`?"]
    );
}

#[test]
fn sources_that_do_not_load_are_one_problem_and_one_line_for_what_was_not_checked() {
    let broken = SOURCES.replace("title = \"Back pain\"", "title = \"Back pain");
    let two = ARTICLE.replace("Body of the first part.", "Claim.[^nice-ng59] And.[^nope]");
    let errors = errors_for(&[
        ("a.md", &two),
        ("a.quiz.toml", QUIZ),
        (SOURCES_FILE, &broken),
    ]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("sources.toml:5: "), "{errors:?}");
    assert_eq!(
        errors[1],
        "sources.toml: 5 citations (in articles and notes) were not checked, because sources.toml did not load"
    );
    let mut missing = files(&[("a.md", ARTICLE)]);
    missing.remove(SOURCES_FILE);
    let errors: Vec<String> = load_site(&missing)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "sources.toml: every source is defined here, and the file is missing",
            "sources.toml: 1 citation (in an article or a note) was not checked, because sources.toml did not load"
        ]
    );
}

#[test]
fn a_problem_in_a_file_two_quizzes_include_is_reported_once() {
    let signs = SIGNS.replace("option = \"chest_pain\"", "option = \"Chest pain\"");
    let other = ARTICLE.replace("test-article", "other-article");
    let errors = errors_for(&[
        ("a.md", ARTICLE),
        ("a.quiz.toml", QUIZ),
        ("b.md", &other),
        ("b.quiz.toml", QUIZ),
        (WARNING_SIGNS_FILE, &signs),
    ]);
    let about_the_option: Vec<&String> =
        errors.iter().filter(|e| e.contains("Chest pain")).collect();
    assert_eq!(about_the_option.len(), 1, "{errors:?}");
}

#[test]
fn a_review_dated_in_the_future_stops_loading() {
    let future = ARTICLE.replace("2026-11-22", "2099-01-01");
    let today = Date::new(2026, 12, 1).unwrap();
    let errors: Vec<String> = load_site_on(&files(&[("a.md", &future)]), today)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "a.md:8: last_reviewed (2099-01-01) is in the future: give the day the article was last reviewed"
        ]
    );
}

#[test]
fn a_site_without_its_settings_is_refused() {
    let mut list = files(&[("a.md", ARTICLE)]);
    list.remove(settings::FILE);
    let errors: Vec<String> = load_site(&list)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        errors[0].starts_with("site.toml: the site's settings"),
        "{errors:?}"
    );
}

#[test]
fn a_script_link_in_the_body_names_its_line() {
    let errors =
        article_errors(&ARTICLE.replace("Body of the first part.", "[x](javascript:alert(1))"));
    assert!(
        errors[0].starts_with("a.md:15: link to `javascript:alert(1)`"),
        "{errors:?}"
    );
}

#[test]
fn raw_html_in_the_body_is_escaped() {
    let text = ARTICLE.replace("Intro text.", "Intro <script>alert(1)</script>");
    let site = load_site(&files(&[("a.md", &text)])).unwrap();
    let intro = site.articles[0].body.intro.as_str();
    assert!(
        intro.contains("&lt;script&gt;") && !intro.contains("<script"),
        "{intro}"
    );
}

#[test]
fn a_quiz_needs_an_article() {
    let errors = errors_for(&[("a.md", ARTICLE), ("b.quiz.toml", QUIZ)]);
    assert_eq!(
        errors,
        ["b.quiz.toml: quiz has no article: expected `b.md`"]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let broken = ARTICLE
        .replace("[^nhs-back-pain]", "[^nhs]")
        .replace("2027-11-22", "2020-01-01");
    assert_eq!(article_errors(&broken).len(), 2);
}

#[test]
fn every_real_article_file_loads_with_its_self_check() {
    let files = crate::embedded::content_files();
    let site = load_site(&files).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let article_files: Vec<&str> = files
        .keys()
        .filter(|name| name.ends_with(".md"))
        .map(String::as_str)
        .collect();
    let loaded: Vec<&str> = site.articles.iter().map(|a| a.file.as_str()).collect();
    assert_eq!(loaded.len(), article_files.len(), "{loaded:?}");
    assert!(
        article_files.iter().all(|f| loaded.contains(f)),
        "{loaded:?}"
    );
    assert!(site.articles.iter().all(|a| a.quiz.is_some()));
}
