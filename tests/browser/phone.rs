//! A reader on a phone, measured at 375 by 812: the way to the check on the first screen; from
//! the check's first screen to "Call 999 now" in taps, scrolling and key presses; "Change your
//! answers" in one tap; a note reached from the list of notes. Each test prints its figures.

use crate::webdriver::{ENTER, Javascript, TAB};
use crate::{PHONE, Site, WIDE, articles, side_note_answers, slugs};
use backwise::content::quiz::Level;
use serde_json::{Value, json};

/// The article's emergency signs, in the order the form asks them.
fn emergency_signs(slug: &str) -> Vec<(String, String)> {
    let quiz = articles()
        .iter()
        .find(|a| a.slug == slug)
        .and_then(|a| a.quiz.as_ref())
        .expect("the article has a self-check");
    quiz.signs
        .iter()
        .filter(|s| s.level == Level::Emergency)
        .map(|s| (s.option.clone(), s.label.clone()))
        .collect()
}

/// Where the bar holding the first step's button begins (its top, in the window), and whether
/// the button is in the window and the topmost element at its centre: a tap there presses it.
fn button_in_view(site: &Site) -> Value {
    site.js(
        "const bar = document.querySelector('.form-actions');
         const button = bar.querySelector('button[type=submit]');
         const r = button.getBoundingClientRect();
         const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
         return { barTop: bar.getBoundingClientRect().top,
                  inView: r.top >= 0 && r.bottom <= innerHeight && (hit === button || button.contains(hit)),
                  note: bar.innerText, sticky: getComputedStyle(bar).position };",
        vec![],
    )
}

/// How far (in px) the window must scroll down from where it is for the box and label of
/// `option` to stand clear above the bar.
fn scroll_to_reach(site: &Site, option: &str) -> f64 {
    site.js(
        "const input = document.getElementById(`q-warning_signs-${arguments[0]}`);
         const choice = input.closest('.choice').getBoundingClientRect();
         const barTop = document.querySelector('.form-actions').getBoundingClientRect().top;
         return Math.max(0, choice.bottom - Math.min(barTop, innerHeight));",
        vec![json!(option)],
    )
    .as_f64()
    .unwrap()
}

fn scroll_y(site: &Site) -> f64 {
    site.js("return scrollY;", vec![]).as_f64().unwrap()
}

/// The way to the check is on a phone's first screen, and the pointer "Some back pain needs
/// help fast" leads to the signs themselves, with the first of them in view.
#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn the_way_to_the_signs_is_on_the_first_phone_screen() {
    let site = Site::start(Javascript::Enabled);
    for size in [PHONE, WIDE] {
        site.viewport(size);
        for slug in slugs() {
            site.open(&format!("/articles/{slug}"));
            let first = site.js(
                "const r = css => document.querySelector(css).getBoundingClientRect();
                 return { button: r('.article-header a.button-link[href=\"#check\"]').bottom,
                          pointer: r('.warning-pointer a').bottom, screen: innerHeight };",
                vec![],
            );
            println!(
                "{slug} at {}x{}: 'Check what applies to you' ends at y {:.0}, the pointer's link at y {:.0} (screen {:.0})",
                size.0, size.1, first["button"], first["pointer"], first["screen"]
            );
            let screen = first["screen"].as_f64().unwrap();
            assert!(
                first["button"].as_f64().unwrap() <= screen,
                "{slug}: {first}"
            );
            assert!(
                first["pointer"].as_f64().unwrap() <= screen,
                "{slug}: {first}"
            );

            site.browser.find(".warning-pointer a").click();
            site.browser.wait_for("the jump to the signs", || {
                site.location().ends_with("#warning-signs")
            });
            let landed = site.js(
                "const caption = document.getElementById('warning-signs').getBoundingClientRect();
                 const first = document.querySelector('input[name=warning_signs]').closest('.choice').getBoundingClientRect();
                 const barTop = document.querySelector('.form-actions').getBoundingClientRect().top;
                 return { caption: caption.top, firstSign: first.bottom, barTop };",
                vec![],
            );
            let caption = landed["caption"].as_f64().unwrap();
            assert!(
                (-1.0..60.0).contains(&caption),
                "{slug}: the signs' step starts the window: {landed}"
            );
            assert!(
                landed["firstSign"].as_f64() <= landed["barTop"].as_f64(),
                "{slug}: the first sign is in view above the button: {landed}"
            );
        }
    }
}

/// From the first screen of the check (after "Check what applies to you"), a reader who ticks
/// an emergency sign has Continue in view: two taps to "Call 999 now". Measured for the first
/// emergency sign by tapping, and for every emergency sign by scrolling to it; by keyboard too.
#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn an_emergency_sign_reaches_call_999_in_two_taps() {
    let site = Site::start(Javascript::Enabled);
    site.viewport(PHONE);
    let screen = f64::from(PHONE.1);
    for slug in slugs() {
        let signs = emergency_signs(slug);
        assert!(!signs.is_empty(), "{slug} asks emergency signs");

        // Tap by tap: the button at the top, then the first emergency sign, then Continue.
        site.open(&format!("/articles/{slug}"));
        site.follow_in_page(".article-header a.button-link[href='#check']", "#check");
        let start = scroll_y(&site);
        let (first, label) = &signs[0];
        let mut taps = 0;
        assert_eq!(
            scroll_to_reach(&site, first),
            0.0,
            "{slug}: “{label}” is on the check's first screen"
        );
        site.browser
            .find(&format!("label[for='q-warning_signs-{first}']"))
            .click();
        taps += 1;
        assert!(
            site.browser
                .find(&format!("#q-warning_signs-{first}"))
                .is_selected()
        );
        let bar = button_in_view(&site);
        assert_eq!(bar["inView"], true, "{slug}: Continue in view: {bar}");
        assert_eq!(bar["sticky"], "sticky", "{bar}");
        assert!(
            bar["note"]
                .as_str()
                .unwrap()
                .contains("You can leave the rest blank"),
            "{bar}"
        );
        let scrolled = scroll_y(&site) - start;
        site.follow("form[action$='/check'] button[type=submit]");
        taps += 1;
        assert_eq!(site.status(), 200);
        assert_eq!(
            site.js(
                "return document.querySelector('[data-outcome]').dataset.outcome;",
                vec![]
            ),
            "emergency",
            "{slug}: one sign gives the 999 result"
        );
        println!(
            "{slug}: “{label}”: {taps} taps, {:.2} screens scrolled from the check's first screen",
            scrolled / screen
        );
        assert!(taps <= 2 && scrolled <= 1.5 * screen);

        // Every emergency sign: how far down it is, and Continue in view once it is reached.
        site.open(&format!("/articles/{slug}"));
        site.follow_in_page(".article-header a.button-link[href='#check']", "#check");
        let start = scroll_y(&site);
        let mut furthest: f64 = 0.0;
        for (option, label) in &signs {
            site.js(&format!("scrollTo(0, {start});"), vec![]);
            let down = scroll_to_reach(&site, option);
            site.js(&format!("scrollBy(0, {down});"), vec![]);
            let bar = button_in_view(&site);
            println!(
                "{slug}: “{label}”: {:.2} screens below the check's first screen; then Continue {}",
                down / screen,
                if bar["inView"] == true {
                    "in view (no scroll)"
                } else {
                    "NOT in view"
                }
            );
            assert_eq!(bar["inView"], true, "{slug}: {option}: {bar}");
            furthest = furthest.max(down);
        }
        println!(
            "{slug}: the furthest emergency sign is {:.2} screens down; Continue is in view from each",
            furthest / screen
        );

        // By keyboard: Tab from the box to Continue, each stop in view and not under the bar.
        site.open(&format!("/articles/{slug}"));
        site.js(
            "document.getElementById(`q-warning_signs-${arguments[0]}`).focus();",
            vec![json!(first)],
        );
        site.browser.press_key(" ");
        let mut tabs = 0;
        let mut before_button = String::new();
        loop {
            let focused = site.browser.active_element();
            if focused.attr("type").as_deref() == Some("submit") {
                break;
            }
            before_button = focused.attr("id").unwrap_or_default();
            site.browser.press_key(TAB);
            tabs += 1;
            assert!(tabs < 100, "{slug}: Tab never reached Continue");
            let seen = site.js(
                "const e = document.activeElement;
                 const r = e.getBoundingClientRect();
                 const barTop = document.querySelector('.form-actions').getBoundingClientRect().top;
                 const inBar = e.closest('.form-actions') !== null;
                 return { id: e.id || e.innerText, top: r.top, bottom: r.bottom, barTop, inBar };",
                vec![],
            );
            let clear = seen["inBar"] == true
                || (seen["top"].as_f64() >= Some(0.0)
                    && seen["bottom"].as_f64() <= seen["barTop"].as_f64());
            assert!(
                clear,
                "{slug}: focus hidden under the bar (WCAG 2.4.11): {seen}"
            );
        }
        assert_eq!(
            before_button, "q-warning_signs-none",
            "{slug}: Continue follows the last box, “None of these”"
        );
        println!("{slug}: Space on “{label}”, then {tabs} Tab presses to Continue");
        // Enter on the ticked box sends the form at once.
        site.open(&format!("/articles/{slug}"));
        site.js(
            "document.getElementById(`q-warning_signs-${arguments[0]}`).focus();",
            vec![json!(first)],
        );
        site.browser.press_key(" ");
        site.browser.click_and_wait_for_key(ENTER);
        assert!(
            site.browser
                .title()
                .starts_with("Your result: Call 999 now"),
            "{slug}: Enter on the box sends it: {}",
            site.browser.title()
        );
        println!("{slug}: or Space then Enter on the box: 2 keys, no Tab");

        // From the top of the article by keyboard: Tab to the pointer, Enter, Tab to the box.
        site.open(&format!("/articles/{slug}"));
        let mut keys = 0;
        while site.browser.active_element().attr("href").as_deref() != Some("#warning-signs") {
            site.browser.press_key(TAB);
            keys += 1;
            assert!(keys < 30, "{slug}: Tab never reached the pointer");
        }
        site.browser.press_key(ENTER);
        site.browser.press_key(TAB);
        keys += 2;
        assert_eq!(
            site.browser.active_element().attr("id"),
            Some(format!("q-warning_signs-{}", signs_first_option(slug))),
            "{slug}: after the pointer, Tab reaches the first sign"
        );
        println!(
            "{slug}: from the top of the article, {keys} keys to the first sign (Tab to the pointer, Enter, Tab)"
        );
    }
}

/// The first option of the warning-sign question, whatever its level.
fn signs_first_option(slug: &str) -> String {
    let quiz = articles()
        .iter()
        .find(|a| a.slug == slug)
        .and_then(|a| a.quiz.as_ref())
        .unwrap();
    quiz.signs[0].option.clone()
}

/// A reader with no sign ticks "None of these", last, and goes on: the same two pages as
/// before (the questions about you, then the result), Continue in view where "None" is.
#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn the_calm_path_costs_no_extra_page() {
    let site = Site::start(Javascript::Enabled);
    site.viewport(PHONE);
    let screen = f64::from(PHONE.1);
    for slug in slugs() {
        site.open(&format!("/articles/{slug}"));
        site.follow_in_page(".article-header a.button-link[href='#check']", "#check");
        let down = scroll_to_reach(&site, "none");
        site.js(&format!("scrollBy(0, {down});"), vec![]);
        assert_eq!(button_in_view(&site)["inView"], true, "{slug}");
        site.browser
            .find("label[for='q-warning_signs-none']")
            .click();
        site.follow("form[action$='/check'] button[type=submit]");
        let mut pages = 1;
        let step_height = site.js("return document.documentElement.scrollHeight;", vec![]);
        assert!(site.is_next_step(), "{slug}: the questions about you");
        site.answer_here(&side_note_answers(slug));
        pages += 1;
        assert!(
            site.browser.title().starts_with("Your result:"),
            "{}",
            site.browser.title()
        );
        println!(
            "{slug}: calm path: “None of these” {:.2} screens below the check's first screen, Continue in view there; {pages} pages after the article (step 2 is {:.1} screens)",
            down / screen,
            step_height.as_f64().unwrap() / screen
        );
        assert_eq!(pages, 2, "{slug}: no page more than the two steps need");
    }
}

/// "Change your answers" is a button in the result: one tap, and the first step comes back
/// with every answer kept and its question in view.
#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn change_your_answers_is_one_tap_from_the_result() {
    let site = Site::start(Javascript::Enabled);
    site.viewport(PHONE);
    let screen = f64::from(PHONE.1);
    for slug in slugs() {
        let answers = side_note_answers(slug);
        for (what, sign) in [
            ("after both steps", None),
            ("with a 999 sign", emergency_signs(slug).first().cloned()),
        ] {
            // What the reader sends: a 999 sign gives the result at once, from the first step.
            let given: Vec<(&str, &str)> = match &sign {
                Some((option, _)) => vec![("warning_signs", option.as_str())],
                None => answers.clone(),
            };
            site.answer(slug, &given);
            assert!(site.browser.title().starts_with("Your result:"));
            let button = site
                .browser
                .find("#results form.change-answers button[type=submit]");
            let y = button.rect().y;
            assert_eq!(button.text(), "Change your answers");
            site.js(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![button.json()],
            );
            site.browser.click_and_wait(&button);
            assert_eq!(site.status(), 200);
            assert!(
                site.browser.title().starts_with("Step 1 of"),
                "{}",
                site.browser.title()
            );
            // Every answer is kept: ticked on this step, carried in hidden inputs for the next.
            let kept = site.js(
                "const ticked = [...document.querySelectorAll('input:checked')].map(i => `${i.name}=${i.value}`);
                 const carried = [...document.querySelectorAll('input[type=hidden]')].map(i => `${i.name}=${i.value}`);
                 const legend = document.querySelector('form .question legend').getBoundingClientRect();
                 const barTop = document.querySelector('.form-actions').getBoundingClientRect().top;
                 return { all: ticked.concat(carried), legendTop: legend.top, legendBottom: legend.bottom, barTop, y: scrollY };",
                vec![],
            );
            let all: Vec<String> = serde_json::from_value(kept["all"].clone()).unwrap();
            for (q, v) in &given {
                assert!(
                    all.contains(&format!("{q}={v}")),
                    "{slug}: {q}={v} kept: {all:?}"
                );
            }
            assert!(
                kept["legendTop"].as_f64() >= Some(0.0)
                    && kept["legendBottom"].as_f64() <= kept["barTop"].as_f64(),
                "{slug}: the first question is in view: {kept}"
            );
            assert!(!site.location().contains('?'), "nothing in the address");
            println!(
                "{slug} {what}: “Change your answers” at {:.2} screens from the top of the result; 1 tap; the first question's legend at y {:.0}, every answer kept",
                y / screen,
                kept["legendTop"]
            );
        }
    }
}

/// A note reached from "Your notes" shows its level at the top of the window, and one beside a
/// section offers the way back to the result.
#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn a_note_from_the_list_shows_its_level_and_leads_back() {
    let site = Site::start(Javascript::Enabled);
    for size in [PHONE, WIDE] {
        site.viewport(size);
        for (slug, answers) in slugs().into_iter().flat_map(|slug| {
            // Notes beside sections, and a 999 result's notes at the top.
            [side_note_answers(slug), crate::every_level_answers(slug)].map(|a| (slug, a))
        }) {
            site.answer(slug, &answers);
            let links: Vec<String> = serde_json::from_value(site.js(
                "return [...document.querySelectorAll('.note-list a')].map(a => a.getAttribute('href'));",
                vec![],
            ))
            .unwrap();
            assert!(!links.is_empty(), "{slug}: notes to follow");
            for href in links {
                site.js("scrollTo(0, 0);", vec![]);
                site.follow_in_page(&format!(".note-list a[href='{href}']"), &href);
                let note = site.js(
                    "const note = document.querySelector(location.hash);
                     const level = note.querySelector('.note-level').getBoundingClientRect();
                     return { level: level.top, levelText: note.querySelector('.note-level').innerText,
                              back: note.querySelector('.note-back a')?.getAttribute('href') ?? null,
                              onTop: note.closest('#results') !== null };",
                    vec![],
                );
                let level = note["level"].as_f64().unwrap();
                assert!(
                    (0.0..40.0).contains(&level),
                    "{slug} {href}: its level is at the top of the window: {note}"
                );
                println!(
                    "{slug} at {}x{}: {href}: level “{}” at y {level:.0}, back link: {}",
                    size.0,
                    size.1,
                    note["levelText"].as_str().unwrap_or_default(),
                    note["back"]
                );
                if note["onTop"] == false {
                    assert_eq!(note["back"], "#results", "{slug} {href}: {note}");
                    site.follow_in_page(&format!("{href} .note-back a"), "#results");
                    let top = site.js(
                        "return document.getElementById('results').getBoundingClientRect().top;",
                        vec![],
                    );
                    assert!(
                        (-1.0..40.0).contains(&top.as_f64().unwrap()),
                        "{slug}: back at the result: {top}"
                    );
                }
            }
        }
    }
}
