//! A result printed on A4 (or saved as a PDF from a phone's Share menu), and on a wide screen.
//! The printout names the site, the article and the date on its first page and never ends on a
//! page that holds only the footer; the box beside the result says how to save it on a phone;
//! at 1280 by 800 the result uses the width, the list of notes beside the outcome.

use crate::webdriver::Javascript;
use crate::{
    PHONE, Site, WIDE, articles, artifacts, calm_answers, every_level_answers, side_note_answers,
    slugs,
};
use backwise::content::quiz::Level;
use serde_json::json;

/// The answer sets a printout is measured with: one emergency sign alone, one same-day sign
/// alone, no sign at all, notes beside sections, and a note of every level.
fn results(slug: &str) -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    let quiz = articles()
        .iter()
        .find(|a| a.slug == slug)
        .and_then(|a| a.quiz.as_ref())
        .unwrap();
    let alone = |level: Level| {
        let sign = quiz.signs.iter().find(|s| s.level == level).unwrap();
        vec![("warning_signs", sign.option.as_str())]
    };
    vec![
        ("emergency", alone(Level::Emergency)),
        ("urgent", alone(Level::Urgent)),
        ("calm", calm_answers(slug)),
        ("side-notes", side_note_answers(slug)),
        ("every-level", every_level_answers(slug)),
    ]
}

/// The text of each page of a PDF, with `pdftotext`; `None` when poppler-utils is missing (CI,
/// with BACKWISE_REQUIRE_BROWSER=1, installs it, and then it may not be missing).
fn page_texts(pdf: &std::path::Path, pages: usize) -> Option<Vec<String>> {
    let mut texts = Vec::new();
    for page in 1..=pages {
        let n = page.to_string();
        let Ok(output) = std::process::Command::new("pdftotext")
            .args(["-f", &n, "-l", &n])
            .arg(pdf)
            .arg("-")
            .output()
        else {
            assert!(
                std::env::var_os("BACKWISE_REQUIRE_BROWSER").is_none(),
                "pdftotext is missing: apt-get install poppler-utils"
            );
            return None;
        };
        texts.push(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    Some(texts)
}

/// The number of pages in a PDF as Chromium writes it: one `/Type /Page` object each.
fn page_count(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

/// Text without white space or hyphens, since pdftotext breaks lines where the PDF does.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}'))
        .collect()
}

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn a_printout_names_site_article_and_date_and_never_ends_on_the_footer() {
    let site = Site::start(Javascript::Enabled);
    site.viewport(PHONE);
    let dir = artifacts().join("print");
    for slug in slugs() {
        for (kind, answers) in results(slug) {
            site.answer(slug, &answers);
            assert!(
                site.browser.title().starts_with("Your result:"),
                "{slug} {kind}"
            );
            let page = site.js(
                "const text = css => {
                   // What prints: the words a screen reader alone hears are left out.
                   const copy = document.querySelector(css).cloneNode(true);
                   copy.querySelectorAll('.visually-hidden').forEach(e => e.remove());
                   return copy.textContent.replace(/\\s+/g, ' ').trim();
                 };
                 return { printed: text('.results-printed'), footer: text('.site-footer'),
                          date: text('.answers-record time'), saving: text('.save-box'),
                          title: document.querySelector('.article-title').textContent.trim() };",
                vec![],
            );
            let printed = page["printed"].as_str().unwrap();
            for part in [
                crate::site_name(),
                page["title"].as_str().unwrap().to_string(),
                page["date"].as_str().unwrap().to_string(),
            ] {
                assert!(
                    printed.contains(&part),
                    "{slug} {kind}: the printout names {part}: {printed}"
                );
            }
            assert!(
                page["saving"]
                    .as_str()
                    .unwrap()
                    .contains("On a phone, use Share, then Print or Save to Files"),
                "{slug} {kind}: {page}"
            );

            let pdf = dir.join(format!("{slug}-{kind}.pdf"));
            site.browser.print_pdf(&pdf);
            let bytes = std::fs::read(&pdf).unwrap();
            let pages = page_count(&bytes);
            let Some(texts) = page_texts(&pdf, pages) else {
                println!("{slug} {kind}: {pages} A4 pages (pdftotext missing: texts not read)");
                continue;
            };
            assert!(
                squash(&texts[0]).contains(&squash(printed)),
                "{slug} {kind}: page 1 names the site, the article and the date:\n{}",
                texts[0]
            );
            // The last page holds more than the footer, or the end of it: its text is not a
            // part of the footer's.
            let last = squash(&texts[pages - 1]);
            let footer = squash(page["footer"].as_str().unwrap());
            let first_line = texts[pages - 1].lines().find(|l| !l.trim().is_empty());
            println!(
                "{slug} {kind}: {pages} A4 pages; the last begins “{}”",
                first_line.unwrap_or_default()
            );
            assert!(
                !footer.contains(&last),
                "{slug} {kind}: page {pages} holds only the footer:\n{}",
                texts[pages - 1]
            );
            assert!(
                last.contains(&footer),
                "{slug} {kind}: the footer is printed whole, on the last page:\n{}",
                texts[pages - 1]
            );
            assert!(pages <= 3, "{slug} {kind}: {pages} pages");
        }
    }
}

/// At 1280 by 800 the result uses the width: the list of notes and the box about saving sit
/// beside the outcome, on the first screen.
#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn on_a_wide_screen_the_notes_sit_beside_the_outcome() {
    let site = Site::start(Javascript::Enabled);
    site.viewport(WIDE);
    let dir = artifacts().join("screenshots");
    for slug in slugs() {
        for (kind, answers) in results(slug) {
            site.answer(slug, &answers);
            site.browser
                .screenshot(&dir.join(format!("{slug}-{kind}-result-1280x800.png")));
            let found = site.js(
                "const r = css => document.querySelector(css).getBoundingClientRect();
                 const card = r('[data-outcome]');
                 const side = r('.results-side');
                 // The right edge of what the result shows on the first screen.
                 const shown = [...document.querySelectorAll('#results > *, .results-main > *, .results-side > *')]
                   .map(e => e.getBoundingClientRect())
                   .filter(b => b.width > 0 && b.top < innerHeight);
                 return { cardRight: card.right, cardTop: card.top, sideLeft: side.left,
                          sideTop: side.top, sideBottom: side.bottom, width: innerWidth,
                          right: Math.max(...shown.map(b => b.right)) };",
                vec![],
            );
            let n = |k: &str| found[k].as_f64().unwrap();
            let empty = (n("width") - n("right")) / n("width");
            println!(
                "{slug} {kind} at 1280x800: the outcome card ends at x {:.0}, the notes column starts at x {:.0}; {:.0} % of the width is empty to the right",
                n("cardRight"),
                n("sideLeft"),
                empty * 100.0
            );
            assert!(
                n("sideLeft") >= n("cardRight"),
                "{slug} {kind}: beside: {found}"
            );
            assert!(
                (n("sideTop") - n("cardTop")).abs() < 40.0,
                "{slug} {kind}: level with the card: {found}"
            );
            assert!(empty < 0.15, "{slug} {kind}: the width is used: {found}");
        }
    }
    assert_eq!(
        site.js("return innerWidth;", vec![]),
        json!(WIDE.0),
        "measured at the wide size"
    );
}
