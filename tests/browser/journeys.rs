//! A reader's journeys through the site, clicking labels and buttons as a person would: with
//! JavaScript, and again with it switched off, since the site needs none.

use crate::webdriver::Javascript;
use crate::webdriver::{ENTER, TAB};
use crate::{LIFTING, Site, WEIGHT_LOSS, WINDOW_HEIGHT, answers_with, calm_answers, slugs};
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
    a_ticked_sign_alone_gives_one_outcome_at_once(&site);
    no_sign_leads_through_both_steps_to_notes_beside_their_sections(&site);
    mistakes_are_named_and_answers_kept_until_fixed(&site);
    a_result_survives_following_a_link(&site);
    calm_answers_give_the_all_clear(&site);
    the_keyboard_alone_goes_through_every_step(&site);
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
               questions: document.querySelectorAll('form .question').length,
               length: document.querySelector('#check').parentElement.innerText,
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
        assert_eq!(
            outline["questions"].as_u64(),
            Some(1),
            "{href}: the first step asks only the warning signs"
        );

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

/// A reader in trouble ticks one sign and presses the button: one outcome, at once, on screen.
fn a_ticked_sign_alone_gives_one_outcome_at_once(site: &Site) {
    site.open(&format!("/articles/{LIFTING}"));
    site.tick("warning_signs", "chest_pain");
    site.submit();
    assert_eq!(site.status(), 200, "no other answer is needed");
    assert_eq!(site.location(), format!("/articles/{LIFTING}/check"));
    assert!(
        site.browser
            .title()
            .starts_with("Your result: Call 999 now"),
        "{}",
        site.browser.title()
    );
    let outcome = site.js(
        "const card = document.querySelector('[data-outcome]');
         const h1 = document.querySelector('h1');
         const box = card.getBoundingClientRect();
         return { outcome: card.dataset.outcome, h1: h1.innerText, inCard: card.contains(h1),
                  top: box.top, viewport: innerHeight, text: card.innerText,
                  first: document.querySelector('main').innerText.trim().startsWith('Your self-check result') };",
        vec![],
    );
    assert_eq!(outcome["outcome"], "emergency", "{outcome}");
    assert_eq!(
        outcome["inCard"], true,
        "the page's heading is the outcome: {outcome}"
    );
    assert_eq!(
        outcome["first"], true,
        "the result opens the page: {outcome}"
    );
    assert!(
        outcome["h1"].as_str().unwrap().contains("Call 999 now"),
        "{outcome}"
    );
    let top = outcome["top"].as_f64().unwrap();
    assert!(
        (0.0..outcome["viewport"].as_f64().unwrap() / 3.0).contains(&top),
        "the outcome is on screen as the page opens: {outcome}"
    );
    assert!(outcome["text"].as_str().unwrap().contains("999"));
    emergency_note_on_top(site, "emergency-chest-pain");
    assert_eq!(
        note_ids(site),
        ["emergency-chest-pain"],
        "nothing else was asked"
    );
    // "Change your answers" goes back to the signs with the box still ticked.
    site.follow("#results form.change-answers button[type=submit]");
    assert_eq!(site.status(), 200);
    assert!(
        site.browser
            .title()
            .starts_with("Step 1 of 2: Warning signs")
    );
    assert_answers_ticked(site, &[("warning_signs", "chest_pain")]);
}

/// No sign: the second step, with the first step's answers carried, then notes beside the
/// sections they concern, listed and marked in the contents.
fn no_sign_leads_through_both_steps_to_notes_beside_their_sections(site: &Site) {
    let answers = answers_with(
        WEIGHT_LOSS,
        &[("age_band", "65_plus"), ("your_pain", "over_6_weeks")],
    );
    site.open(&format!("/articles/{WEIGHT_LOSS}"));
    site.answer_this_step(&answers);
    assert_eq!(site.status(), 200);
    assert!(site.is_next_step(), "the questions about you come next");
    assert!(
        site.browser.title().starts_with("Step 2 of 2: About you"),
        "{}",
        site.browser.title()
    );
    assert_eq!(site.browser.find("h1").text(), "About you and your back");
    site.answer_here(&answers);
    assert_eq!(site.status(), 200);
    assert!(
        site.browser
            .title()
            .starts_with("Your result: Book an appointment")
    );
    note_beside(
        site,
        "protect-your-bones",
        "advice",
        "keeping-your-muscle",
        "65 or over",
    );
    note_beside(
        site,
        "pain-lasting-or-worse",
        "non-urgent",
        "self-care",
        "It has lasted 6 weeks or more",
    );
    let listed = site.js(
        "return { list: [...document.querySelectorAll('.note-list a')].map(a => a.getAttribute('href')),
                  toc: [...document.querySelectorAll('nav.toc .toc-notes')].map(s => s.parentElement.querySelector('a').getAttribute('href')) };",
        vec![],
    );
    assert_eq!(
        listed["list"],
        json!(["#note-pain-lasting-or-worse", "#note-protect-your-bones"]),
        "{listed}"
    );
    assert_eq!(
        listed["toc"],
        json!(["#keeping-your-muscle", "#self-care"]),
        "{listed}"
    );
    // Following the list goes to the note.
    site.browser
        .find(".note-list a[href='#note-protect-your-bones']")
        .click();
    site.browser.wait_for("the jump to the note", || {
        site.location().ends_with("#note-protect-your-bones")
    });
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
    // The outcome card comes first; the note saying why follows it on the first screen.
    assert!(
        top >= -1.0 && bottom <= viewport,
        "{id}: the emergency title should be on screen as the page opens: {found}"
    );
    let text = found["text"].as_str().unwrap_or_default();
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
    // The first step sent with nothing ticked.
    site.open(&format!("/articles/{LIFTING}"));
    site.submit();
    assert_eq!(site.status(), 422, "a step with mistakes is answered 422");
    let links = error_summary(site, &["warning_signs"]);
    follow_error_links(site, &links);
    site.tick("warning_signs", "none");
    site.submit();
    assert!(site.is_next_step());

    // The second step with one question left out and "None of these" beside another box.
    site.tick("your_pain", "none");
    site.tick("age_band", "20_to_49");
    site.tick("health", "none");
    site.tick("health", "osteoporosis");
    site.tick("pain_and_lifting", "none");
    site.submit();
    assert_eq!(site.status(), 422);
    let links = error_summary(site, &["health", "lifting"]);
    follow_error_links(site, &links);
    assert_answers_ticked(
        site,
        &[
            ("your_pain", "none"),
            ("age_band", "20_to_49"),
            ("health", "osteoporosis"),
        ],
    );
    let carried = site
        .browser
        .find_all("form input[type=hidden][name=warning_signs]");
    assert_eq!(carried.len(), 1, "the first step's answers are carried");
    let lifting = site.browser.find_all("input[name=lifting]:checked");
    assert!(lifting.is_empty(), "nothing invented for lifting");

    // The reader fixes both mistakes on the same page and sends it again.
    site.untick("health", "none");
    site.tick("lifting", "small_steps");
    site.submit();
    assert_eq!(site.status(), 200);
    assert!(
        site.browser
            .title()
            .starts_with("Your result: Book an appointment")
    );
    assert!(note_ids(site).contains(&"diagnosis-osteoporosis".to_string()));
}

/// The error summary of the page on show: at the top of `<main>` above the heading, focused,
/// naming exactly these questions. Returns its links.
fn error_summary(site: &Site, questions: &[&str]) -> Vec<String> {
    let summary = site.js(
        "const box = document.querySelector('.error-summary');
         if (!box) return null;
         const main = document.querySelector('main');
         const h1 = document.querySelector('h1');
         return {
           role: box.getAttribute('role'),
           heading: box.querySelector('h2')?.innerText,
           aboveHeading: Boolean(box.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING),
           firstInMain: main.innerText.trim().startsWith(box.innerText.trim().slice(0, 20)),
           focused: document.activeElement === box,
           title: document.title,
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
    assert_eq!(summary["heading"], "There is a problem", "{summary}");
    assert_eq!(summary["aboveHeading"], true, "{summary}");
    assert_eq!(summary["firstInMain"], true, "{summary}");
    assert_eq!(
        summary["focused"], true,
        "the summary takes focus: {summary}"
    );
    assert!(
        summary["title"].as_str().unwrap().starts_with("Error: "),
        "{summary}"
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
    for question in questions {
        assert!(
            links
                .iter()
                .any(|l| l.starts_with(&format!("#q-{question}-"))),
            "the summary names {question}: {links:?}"
        );
    }
    assert_eq!(links.len(), questions.len(), "only the mistakes: {links:?}");
    links
}

/// Each link of the summary moves focus to its question, whose message and legend are on screen.
fn follow_error_links(site: &Site, links: &[String]) {
    for link in links {
        site.browser
            .find(&format!(".error-summary a[href='{link}']"))
            .click();
        site.browser.wait_for("the link to move focus", || {
            site.browser.active_element().attr("id").as_deref() == Some(&link[1..])
        });
        let beside = site.js(
            "const input = document.activeElement;
             // The question's own fieldset, not the group of boxes inside it.
             const fieldset = input.closest('.question').querySelector('fieldset');
             const error = fieldset.querySelector('.field-error');
             const box = input.getBoundingClientRect();
             const legend = fieldset.querySelector(':scope > legend').getBoundingClientRect();
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
}

/// A result is never cached, so a link out of it opens a new tab and the result stays.
fn a_result_survives_following_a_link(site: &Site) {
    site.answer(WEIGHT_LOSS, &[("warning_signs", "fever")]);
    assert!(
        site.browser
            .title()
            .starts_with("Your result: Get an appointment today")
    );
    let tabs_before = site.browser.window_handles().len();
    let about = site.browser.find(".site-nav a[href='/about']");
    assert_eq!(about.attr("target").as_deref(), Some("_blank"));
    assert!(about.text().contains("About"));
    about.click();
    site.browser.wait_for("a new tab", || {
        site.browser.window_handles().len() == tabs_before + 1
    });
    assert!(
        site.browser.title().starts_with("Your result:"),
        "the result is still on show"
    );
    site.browser.close_other_windows();
    let saved = site.browser.find(".save-box").text();
    assert!(saved.contains("This result is not saved"), "{saved}");
}

/// Tab, Space and Enter only: through the warning signs, the questions about you, to the result.
fn the_keyboard_alone_goes_through_every_step(site: &Site) {
    site.open(&format!("/articles/{LIFTING}"));
    let keys = |target: &str, key: &str| {
        for _ in 0..200 {
            if site.browser.active_element().attr("id").as_deref() == Some(target) {
                site.browser.press_key(key);
                return;
            }
            site.browser.press_key(TAB);
        }
        panic!("Tab never reached #{target}");
    };
    keys("q-warning_signs-none", " ");
    site.browser.press_key(TAB);
    site.browser.click_and_wait_for_key(ENTER);
    assert!(
        site.is_next_step(),
        "Enter on Continue goes to the next step"
    );
    keys("q-your_pain-none", " ");
    keys("q-age_band-under_18", " ");
    keys("q-health-none", " ");
    // Tab enters a group of radios at its first option.
    keys("q-lifting-no_lifting", " ");
    keys("q-pain_and_lifting-none", " ");
    site.browser.press_key(TAB);
    site.browser.click_and_wait_for_key(ENTER);
    assert_eq!(site.status(), 200);
    assert!(
        site.browser
            .title()
            .starts_with("Your result: Look after it yourself"),
        "{}",
        site.browser.title()
    );
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
