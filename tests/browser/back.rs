//! What the browser's Back button does from each page of the self-check, in Chromium. Results
//! and step pages answer a form and are never stored (`Cache-Control: no-store`: health data
//! must not reach the disk cache), so Back can show one again only by sending the form again.
//! README's table of what Back does is these findings; this test keeps them true.

use crate::webdriver::Javascript;
use crate::{PHONE, Site, side_note_answers, slugs};
use serde_json::Value;

/// What the window shows: Chromium's "Confirm Form Resubmission" page, or one of ours with
/// its title, ticked boxes and carried answers, and whether it came back from memory (the
/// back/forward cache keeps the page, scripts' state included, so a mark set before leaving
/// is still there).
fn shown(site: &Site) -> Value {
    site.js(
        "const text = document.body ? document.body.innerText : '';
         return {
           resubmit: text.includes('Confirm Form Resubmission') || text.includes('ERR_CACHE_MISS'),
           title: document.title,
           ticked: [...document.querySelectorAll('input:checked')].map(i => `${i.name}=${i.value}`),
           carried: [...document.querySelectorAll('form input[type=hidden]')]
             .filter(i => !['step', 'page', 'change'].includes(i.name)).map(i => `${i.name}=${i.value}`),
           fromMemory: window.__backwiseLeftHere === true,
         };",
        vec![],
    )
}

/// Marks the page on show, so that `shown` can tell it came back from memory.
fn mark(site: &Site) {
    site.js("window.__backwiseLeftHere = true;", vec![]);
}

fn describe(found: &Value) -> String {
    if found["resubmit"] == true {
        return "Chromium's “Confirm Form Resubmission” page (ERR_CACHE_MISS)".into();
    }
    format!(
        "“{}”{}, ticked {}, carried {}",
        found["title"].as_str().unwrap_or_default(),
        if found["fromMemory"] == true {
            " from the back/forward cache"
        } else {
            ""
        },
        found["ticked"],
        found["carried"]
    )
}

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn back_from_each_page_keeps_what_it_can_and_the_result_says_so() {
    let site = Site::start(Javascript::Enabled);
    site.viewport(PHONE);
    for slug in slugs() {
        let answers = side_note_answers(slug);
        let article = format!("/articles/{slug}");

        // A sign ticked on the article: Back from the result shows the article, ticks kept.
        site.open(&article);
        let sign = crate::every_level_answers(slug)
            .into_iter()
            .find(|(q, _)| *q == "warning_signs")
            .expect("a sign in the every-level answers");
        site.tick(sign.0, sign.1);
        mark(&site);
        site.submit();
        let said = site.browser.find(".save-box").text();
        assert!(
            said.contains("Back button takes you to the article, with your ticks kept"),
            "{slug}: {said}"
        );
        site.browser.back();
        let found = shown(&site);
        println!(
            "{slug}: Back from a result sent from the article: {}",
            describe(&found)
        );
        assert!(
            found["title"]
                .as_str()
                .unwrap()
                .starts_with(&articles_title(slug))
        );
        assert!(
            found["ticked"]
                .as_array()
                .unwrap()
                .contains(&format!("{}={}", sign.0, sign.1).into()),
            "{slug}: the tick is kept: {found}"
        );

        // No sign: the questions about you. Back from them shows the article, ticks kept.
        site.open(&article);
        site.tick("warning_signs", "none");
        mark(&site);
        site.submit();
        assert!(site.is_next_step());
        site.browser.back();
        let found = shown(&site);
        println!("{slug}: Back from step 2: {}", describe(&found));
        assert!(
            found["ticked"]
                .as_array()
                .unwrap()
                .contains(&"warning_signs=none".into()),
            "{slug}: {found}"
        );

        // A link out of step 2 opens a new tab: the step and its ticks stay where they were.
        site.browser.forward();
        let found = shown(&site);
        println!("{slug}: Forward to step 2 again: {}", describe(&found));
        if found["resubmit"] == true {
            site.browser.refresh();
        }
        assert!(site.is_next_step(), "{slug}: step 2 is back");
        let (q, v) = answers
            .iter()
            .find(|(q, _)| *q != "warning_signs")
            .copied()
            .unwrap();
        site.tick(q, v);
        let tabs = site.browser.window_handles().len();
        let link = site.browser.find(".step-caption a");
        assert_eq!(link.attr("target").as_deref(), Some("_blank"));
        link.click();
        site.browser.wait_for("a new tab", || {
            site.browser.window_handles().len() == tabs + 1
        });
        site.browser.close_other_windows();
        let found = shown(&site);
        println!(
            "{slug}: after a link out of step 2 (a new tab): step 2 stays, {}",
            describe(&found)
        );
        assert!(
            found["ticked"]
                .as_array()
                .unwrap()
                .contains(&format!("{q}={v}").into()),
            "{slug}: {found}"
        );

        // The result after step 2 says, before the reader leaves, what Back will do: Chromium
        // asks to send the answers again, and sending them shows step 2 again.
        site.answer_here(&answers);
        assert!(site.browser.title().starts_with("Your result:"));
        let said = site.browser.find(".save-box").text();
        assert!(
            said.contains("it will ask to send your answers again"),
            "{slug}: {said}"
        );
        site.browser.back();
        let found = shown(&site);
        println!(
            "{slug}: Back from a result after step 2: {}",
            describe(&found)
        );
        assert_eq!(found["resubmit"], true, "{slug}: {found}");
        site.browser.refresh();
        let found = shown(&site);
        println!(
            "{slug}:   then sending the answers again (Reload): {}",
            describe(&found)
        );
        assert!(site.is_next_step(), "{slug}: step 2 again: {found}");
        assert!(
            found["carried"]
                .as_array()
                .unwrap()
                .contains(&"warning_signs=none".into()),
            "{slug}: the first step's answer is carried: {found}"
        );

        // "Change your answers", then Back: the result again, once the answers are sent again.
        site.answer_here(&answers);
        let outcome = site.browser.title();
        site.follow("#results form.change-answers button[type=submit]");
        assert!(site.browser.title().starts_with("Step 1 of"));
        site.browser.back();
        let found = shown(&site);
        println!(
            "{slug}: Back from “Change your answers”: {}",
            describe(&found)
        );
        assert_eq!(found["resubmit"], true, "{slug}: {found}");
        site.browser.refresh();
        println!(
            "{slug}:   then sending the answers again (Reload): “{}”",
            site.browser.title()
        );
        assert_eq!(site.browser.title(), outcome, "{slug}: the same result");
    }
}

fn articles_title(slug: &str) -> String {
    crate::articles()
        .iter()
        .find(|a| a.slug == slug)
        .map(|a| a.title.clone())
        .unwrap()
}
