//! A reader's journeys through the site, clicking labels and buttons as a person would: with
//! JavaScript, and again with it switched off, since the site needs none.

use crate::webdriver::Javascript;
use crate::{
    LIFTING, Site, WEIGHT_LOSS, WINDOW_HEIGHT, answers_with, calm_answers, every_level_answers,
    slugs,
};
use serde_json::{Value, json};

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn journeys_with_javascript() {
    journeys(Javascript::Enabled, 1280);
}

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn journeys_without_javascript() {
    // On a phone, too: the notes sit under their headings there.
    journeys(Javascript::Disabled, 320);
}

fn journeys(javascript: Javascript, width: u32) {
    let site = Site::start(javascript);
    site.browser.set_window_rect(width, WINDOW_HEIGHT);
    page_scripts_are(&site, javascript);
    reads_both_articles(&site);
    a_warning_sign_comes_first_and_a_calm_note_sits_beside_its_section(&site);
    notes_of_every_level_go_where_they_belong(&site);
    mistakes_are_named_and_answers_kept_until_fixed(&site);
    calm_answers_give_the_all_clear(&site);
    an_unknown_page_is_a_helpful_404(&site);
}

/// Makes sure the browser really runs (or really blocks) page scripts, so the journeys without
/// JavaScript prove something.
fn page_scripts_are(site: &Site, javascript: Javascript) {
    site.browser
        .goto("data:text/html,<title>before</title><script>document.title = 'ran'</script>");
    let ran = site.browser.title() == "ran";
    assert_eq!(
        ran,
        javascript == Javascript::Enabled,
        "page scripts should be {javascript:?}"
    );
}

fn reads_both_articles(site: &Site) {
    site.open("/");
    assert_eq!(site.status(), 200);
    let links: Vec<(String, String)> = site
        .browser
        .find_all(".cards h3 a")
        .iter()
        .map(|a| (a.attr("href").unwrap_or_default(), a.text()))
        .collect();
    let hrefs: Vec<&str> = links.iter().map(|(href, _)| href.as_str()).collect();
    for slug in slugs() {
        assert!(
            hrefs.contains(&format!("/articles/{slug}").as_str()),
            "the home page links to {slug}: {hrefs:?}"
        );
    }

    for (href, title) in &links {
        site.open("/");
        site.follow(&format!(".cards h3 a[href='{href}']"));
        assert_eq!(site.status(), 200, "{href}");
        assert_eq!(site.location(), *href);
        assert_eq!(site.browser.find("h1").text(), *title, "{href}");

        let outline = site.js(
            "const sections = [...document.querySelectorAll('.article-body > section.section')];
             return {
               sections: sections.map(s => s.querySelector('h2')?.id),
               toc: [...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href')),
               sources: document.querySelectorAll('.source-list li a[href^=\"https://\"]').length,
               reviewed: document.querySelector('.article-meta time')?.getAttribute('datetime'),
               questions: document.querySelectorAll('form fieldset').length,
             };",
            vec![],
        );
        let sections = outline["sections"].as_array().unwrap();
        assert!(
            sections.len() >= 5,
            "{href}: an article has sections: {outline}"
        );
        // Every section, and the help, quiz and sources, has its entry in the contents.
        let toc: Vec<&str> = outline["toc"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for id in sections.iter().filter_map(Value::as_str) {
            assert!(toc.contains(&format!("#{id}").as_str()), "{href}: {id}");
        }
        for id in ["#when-to-get-help", "#check", "#sources"] {
            assert!(toc.contains(&id), "{href}: contents lacks {id}");
        }
        assert!(outline["sources"].as_u64() > Some(0), "{href}: sources");
        assert!(outline["reviewed"].is_string(), "{href}: review date");
        assert!(outline["questions"].as_u64() >= Some(6), "{href}: quiz");

        // The call to action near the top takes the reader to the quiz.
        site.browser
            .find(".article-header a[href='#check']")
            .click();
        site.browser.wait_for("the jump to the quiz", || {
            site.location().ends_with("#check")
        });
        let heading_top = site.js(
            "return document.getElementById('check').getBoundingClientRect().top;",
            vec![],
        );
        let heading_top = heading_top.as_f64().unwrap();
        assert!(
            (-1.0..200.0).contains(&heading_top),
            "{href}: the quiz heading should be at the top of the window, is at {heading_top}"
        );
    }
}

fn a_warning_sign_comes_first_and_a_calm_note_sits_beside_its_section(site: &Site) {
    let answers = answers_with(
        WEIGHT_LOSS,
        &[
            ("emergency_signs", "both_legs"),
            ("sitting_hours", "over_8"),
        ],
    );
    site.answer(WEIGHT_LOSS, &answers);
    assert_eq!(site.status(), 200);
    assert_eq!(
        site.location(),
        format!("/articles/{WEIGHT_LOSS}/check#results")
    );
    emergency_note_on_top(site, "emergency-both-legs");
    note_beside(
        site,
        "break-up-sitting",
        "advice",
        "daily-habits",
        "More than 8 hours",
    );
    assert_eq!(
        note_ids(site),
        ["emergency-both-legs", "break-up-sitting"],
        "only the notes the answers call for"
    );
    assert_answers_ticked(site, &answers);
}

fn notes_of_every_level_go_where_they_belong(site: &Site) {
    let answers = every_level_answers(LIFTING);
    site.answer(LIFTING, &answers);
    assert_eq!(site.status(), 200);
    emergency_note_on_top(site, "emergency-chest-pain");
    let urgent = site.js(
        "const n = document.querySelector('#results [data-note=\"urgent-fever\"]');
         return n && n.dataset.level;",
        vec![],
    );
    assert_eq!(urgent, json!("urgent"), "the urgent note is at the top too");
    note_beside(
        site,
        "severe-pain-get-advice",
        "non-urgent",
        "before-you-start",
        "Severe (7 to 10 out of 10)",
    );
    note_beside(
        site,
        "new-lifter-start-light",
        "advice",
        "starting-out",
        "I am about to start, or started in the last 3 months",
    );
    assert_eq!(
        note_ids(site),
        [
            "emergency-chest-pain",
            "urgent-fever",
            "severe-pain-get-advice",
            "new-lifter-start-light"
        ]
    );
    let summary = site.browser.find("#results-title").text();
    assert!(summary.starts_with("Your answers raised"), "{summary}");
}

/// An emergency note at the top of the results, before the article's first section heading,
/// and on screen as the page opens.
fn emergency_note_on_top(site: &Site, id: &str) {
    let found = site.js(
        "const id = arguments[0];
         const note = document.querySelector(`[data-note=\"${id}\"]`);
         if (!note) return { missing: [...document.querySelectorAll('[data-note]')].map(n => n.dataset.note) };
         const firstHeading = document.querySelector('.article-body h2');
         const box = note.getBoundingClientRect();
         const title = note.querySelector('.note-title').getBoundingClientRect();
         return {
           level: note.dataset.level,
           inResults: note.closest('#results') !== null,
           beforeFirstHeading: Boolean(note.compareDocumentPosition(firstHeading) & Node.DOCUMENT_POSITION_FOLLOWING),
           above: box.bottom <= firstHeading.getBoundingClientRect().top,
           titleTop: title.top,
           titleBottom: title.bottom,
           viewport: innerHeight,
           firstNote: document.querySelector('[data-note]') === note,
           text: note.innerText,
         };",
        vec![json!(id)],
    );
    assert!(found["missing"].is_null(), "no note {id}: {found}");
    assert_eq!(found["level"], "emergency", "{found}");
    assert_eq!(found["inResults"], true, "{id} is in #results: {found}");
    assert_eq!(found["firstNote"], true, "{id} is the first note: {found}");
    assert_eq!(
        found["beforeFirstHeading"], true,
        "{id} comes before the article's first section heading"
    );
    assert_eq!(
        found["above"], true,
        "{id} sits above the first section: {found}"
    );
    let top = found["titleTop"].as_f64().unwrap();
    let bottom = found["titleBottom"].as_f64().unwrap();
    let viewport = found["viewport"].as_f64().unwrap();
    assert!(
        top >= -1.0 && bottom <= viewport * 0.75,
        "{id}: the emergency title should be on screen near the top as the page opens: {found}"
    );
    let text = found["text"].as_str().unwrap_or_default();
    assert!(text.contains("999"), "{id} says whom to call: {text}");
    assert!(text.contains("You said:"), "{id} says why: {text}");
}

/// A calmer note in an `<aside>` inside the section it concerns, saying which answer led to it.
fn note_beside(site: &Site, id: &str, level: &str, section: &str, said: &str) {
    let found = site.js(
        "const note = document.querySelector(`[data-note=\"${arguments[0]}\"]`);
         if (!note) return null;
         const box = note.getBoundingClientRect();
         return {
           tag: note.localName,
           level: note.dataset.level,
           section: note.dataset.section,
           inSection: note.closest('section.section')?.getAttribute('aria-labelledby'),
           inResults: note.closest('#results') !== null,
           shown: box.width > 0 && box.height > 0,
           text: note.innerText,
         };",
        vec![json!(id)],
    );
    assert!(!found.is_null(), "no note {id} on the page");
    assert_eq!(found["tag"], "aside", "{found}");
    assert_eq!(found["level"], level, "{found}");
    assert_eq!(found["section"], section, "{found}");
    assert_eq!(found["inSection"], section, "{id} sits in its section");
    assert_eq!(found["inResults"], false, "{id} is not at the top");
    assert_eq!(found["shown"], true, "{id} is shown");
    let text = found["text"].as_str().unwrap_or_default();
    assert!(
        text.contains(said),
        "{id} quotes the answer “{said}”: {text}"
    );
}

fn note_ids(site: &Site) -> Vec<String> {
    let ids = site.js(
        "return [...document.querySelectorAll('[data-note]')].map(n => n.dataset.note);",
        vec![],
    );
    serde_json::from_value(ids).unwrap()
}

/// Every answer given is still ticked on the page now shown.
fn assert_answers_ticked(site: &Site, answers: &[(&str, &str)]) {
    for (name, value) in answers {
        assert!(
            site.browser
                .find(&format!("#q-{name}-{value}"))
                .is_selected(),
            "{name}={value} should still be ticked"
        );
    }
}

fn mistakes_are_named_and_answers_kept_until_fixed(site: &Site) {
    // "None of these" with another box, and one question left out.
    let mut answers = calm_answers(LIFTING);
    answers.retain(|(name, _)| *name != "experience");
    answers.push(("readiness", "heart_or_blood_pressure"));
    site.answer(LIFTING, &answers);
    assert_eq!(site.status(), 422, "a form with mistakes is answered 422");

    let summary = site.js(
        "const box = document.querySelector('.error-summary');
         if (!box) return null;
         const form = box.closest('form');
         return {
           role: box.getAttribute('role'),
           firstInForm: form && form.firstElementChild === box,
           top: box.getBoundingClientRect().top,
           viewport: innerHeight,
           links: [...box.querySelectorAll('li a')].map(a => a.getAttribute('href')),
           items: box.querySelectorAll('li').length,
           notes: document.querySelectorAll('[data-note]').length,
         };",
        vec![],
    );
    assert!(!summary.is_null(), "an error summary");
    assert_eq!(summary["role"], "alert", "{summary}");
    assert_eq!(
        summary["firstInForm"], true,
        "the summary opens the form: {summary}"
    );
    let top = summary["top"].as_f64().unwrap();
    assert!(
        (-1.0..summary["viewport"].as_f64().unwrap() / 2.0).contains(&top),
        "the summary is on screen as the page opens: {summary}"
    );
    assert_eq!(summary["notes"], 0, "no notes while there are mistakes");
    let links: Vec<String> = serde_json::from_value(summary["links"].clone()).unwrap();
    assert_eq!(
        links.len(),
        summary["items"].as_u64().unwrap() as usize,
        "every error is a link"
    );
    for question in ["readiness", "experience"] {
        assert!(
            links
                .iter()
                .any(|l| l.starts_with(&format!("#q-{question}-"))),
            "the summary names {question}: {links:?}"
        );
    }
    assert_eq!(links.len(), 2, "only the two mistakes: {links:?}");

    for link in &links {
        site.browser
            .find(&format!(".error-summary a[href='{link}']"))
            .click();
        site.browser.wait_for("the link to move focus", || {
            site.browser.active_element().attr("id").as_deref() == Some(&link[1..])
        });
        // The question's own message sits beside it, and is on screen.
        let beside = site.js(
            "const input = document.activeElement;
             const fieldset = input.closest('fieldset');
             const error = fieldset.querySelector('.field-error');
             const box = input.getBoundingClientRect();
             const legend = fieldset.querySelector('legend').getBoundingClientRect();
             return {
               legendOnScreen: legend.top >= -1 && legend.bottom <= innerHeight + 1,
               error: error && error.innerText,
               describedBy: fieldset.getAttribute('aria-describedby') || '',
               errorId: error && error.id,
               onScreen: box.top >= -1 && box.bottom <= innerHeight + 1,
             };",
            vec![],
        );
        assert!(
            beside["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("Error:")),
            "{link}: a message beside the question: {beside}"
        );
        let described_by = beside["describedBy"].as_str().unwrap();
        assert!(
            described_by
                .split(' ')
                .any(|id| Some(id) == beside["errorId"].as_str()),
            "{link}: the question is described by its error: {beside}"
        );
        assert_eq!(beside["onScreen"], true, "{link}: {beside}");
        assert_eq!(
            beside["legendOnScreen"], true,
            "{link}: the question itself (its legend) is on screen too: {beside}"
        );
    }

    assert_answers_ticked(site, &answers);
    let experience = site.browser.find_all("input[name=experience]:checked");
    assert!(experience.is_empty(), "nothing invented for experience");

    // The reader fixes both mistakes on the same page and sends it again.
    site.untick("readiness", "heart_or_blood_pressure");
    site.tick("experience", "over_1_year");
    site.submit();
    assert_eq!(site.status(), 200);
    all_clear(site);
}

fn calm_answers_give_the_all_clear(site: &Site) {
    site.answer(WEIGHT_LOSS, &calm_answers(WEIGHT_LOSS));
    assert_eq!(site.status(), 200);
    all_clear(site);
}

fn all_clear(site: &Site) {
    let results = site.browser.find("#results");
    let text = results.text();
    assert!(
        text.contains("No warning signs were reported"),
        "all clear: {text}"
    );
    assert!(text.contains("This is not a diagnosis"), "{text}");
    assert!(note_ids(site).is_empty(), "no notes: {:?}", note_ids(site));
    assert!(site.browser.try_find(".error-summary").is_none());
}

fn an_unknown_page_is_a_helpful_404(site: &Site) {
    site.open("/articles/no-such-article");
    assert_eq!(site.status(), 404);
    let links = site.browser.find_all(".link-list a");
    assert!(links.len() >= 3, "the 404 page offers the way on");
    site.follow(&format!(".link-list a[href='/articles/{LIFTING}']"));
    assert_eq!(site.status(), 200);
}
