//! How the site looks: screenshots at three widths in light and dark, no sideways scrolling,
//! notes in a side column on wide screens and under their heading on narrow ones, and print.

use crate::webdriver::Javascript;
use crate::{
    LIFTING, Site, WIDTHS, WINDOW_HEIGHT, artifacts, every_level_answers, mistaken_answers,
    scheme_name, side_note_answers, slugs,
};
use serde_json::{Value, json};

/// The pages worth looking at, each reached as a reader reaches it.
#[derive(Clone, Copy, Debug)]
pub enum Shown {
    Home,
    About,
    NotFound,
    Article(&'static str),
    /// The self-check's second step, after no warning sign.
    Step(&'static str),
    /// A result after both steps, with notes beside their sections.
    Notes(&'static str),
    /// A result straight after the warning signs: emergency and urgent notes.
    Emergency(&'static str),
    /// The first step answered with a mistake.
    Mistakes(&'static str),
    /// The first step again, from a result's "Change your answers", every answer kept.
    Changed(&'static str),
}

impl Shown {
    /// Every page worth looking at: the fixed ones, and for each article the blank page, its
    /// second step, both kinds of result, and a step with a mistake.
    pub fn all() -> Vec<Shown> {
        let mut all = vec![Shown::Home, Shown::About, Shown::NotFound];
        for slug in slugs() {
            all.extend([
                Shown::Article(slug),
                Shown::Step(slug),
                Shown::Notes(slug),
                Shown::Emergency(slug),
                Shown::Mistakes(slug),
                Shown::Changed(slug),
            ]);
        }
        all
    }

    pub fn name(self) -> String {
        match self {
            Shown::Home => "home".into(),
            Shown::About => "about".into(),
            Shown::NotFound => "not-found".into(),
            Shown::Article(slug) => slug.into(),
            Shown::Step(slug) => format!("{slug}-step-2"),
            Shown::Notes(slug) => format!("{slug}-notes"),
            Shown::Emergency(slug) => format!("{slug}-emergency"),
            Shown::Mistakes(slug) => format!("{slug}-errors"),
            Shown::Changed(slug) => format!("{slug}-changed"),
        }
    }

    /// Opens the page, and checks it is the one meant.
    pub fn open(self, site: &Site) {
        match self {
            Shown::Home => site.open("/"),
            Shown::About => site.open("/about"),
            Shown::NotFound => site.open("/no/such/page"),
            Shown::Article(slug) => site.open(&format!("/articles/{slug}")),
            Shown::Step(slug) => {
                site.open(&format!("/articles/{slug}"));
                site.answer_this_step(&side_note_answers(slug));
                assert!(site.is_next_step(), "{}", self.name());
            }
            Shown::Notes(slug) => site.answer(slug, &side_note_answers(slug)),
            Shown::Emergency(slug) => site.answer(slug, &every_level_answers(slug)),
            Shown::Mistakes(slug) => site.answer(slug, &mistaken_answers(slug)),
            Shown::Changed(slug) => {
                site.answer(slug, &side_note_answers(slug));
                site.follow("#results form.change-answers button[type=submit]");
                assert!(site.is_next_step(), "{}", self.name());
            }
        }
        let expected = match self {
            Shown::NotFound => 404,
            Shown::Mistakes(_) => 422,
            _ => 200,
        };
        assert_eq!(site.status(), expected, "{}", self.name());
    }
}

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn every_width_and_scheme_fits_and_is_photographed() {
    let site = Site::start(Javascript::Enabled);
    let dir = artifacts().join("screenshots");
    let pages = Shown::all()
        .into_iter()
        .filter(|page| !matches!(page, Shown::About | Shown::NotFound));
    let mut problems = Vec::new();
    for page in pages {
        page.open(&site);
        for width in WIDTHS {
            site.browser.set_window_rect(width, WINDOW_HEIGHT);
            for dark in [false, true] {
                site.scheme("", dark);
                let name = format!("{}-{width}-{}", page.name(), scheme_name(dark));
                if let Some(problem) = sideways_scroll(&site) {
                    problems.push(format!("{name}: {problem}"));
                }
                // What the reader sees first (a result opens at #results), then the whole page.
                site.browser
                    .screenshot(&dir.join(format!("{name}-window.png")));
                site.browser
                    .screenshot_full_page(&dir.join(format!("{name}.png")));
            }
            if matches!(page, Shown::Notes(_)) {
                if width == 1280 {
                    notes_beside_their_section(&site, &dir, page);
                }
                problems.extend(
                    notes_layout(&site, width)
                        .into_iter()
                        .map(|p| format!("{}-{width}: {p}", page.name())),
                );
            }
        }
        site.scheme("", false);
        site.browser.set_window_rect(1280, WINDOW_HEIGHT);
    }
    assert!(
        problems.is_empty(),
        "layout problems (screenshots in {}):\n{}",
        dir.display(),
        problems.join("\n")
    );
}

/// A window's view of a section with its notes beside it, in light: the picture for the README
/// (docs/screenshot.png is a copy).
fn notes_beside_their_section(site: &Site, dir: &std::path::Path, page: Shown) {
    site.scheme("", false);
    site.js(
        "const section = document.querySelector('section:has(> .side-notes)');
         scrollTo(0, section.getBoundingClientRect().top + scrollY - 24);",
        vec![],
    );
    site.browser
        .screenshot(&dir.join(format!("{}-beside-1280-light.png", page.name())));
}

/// Whether the page scrolls sideways, and if so, which elements stick out.
fn sideways_scroll(site: &Site) -> Option<String> {
    let found = site.js(
        "const root = document.documentElement;
         if (root.scrollWidth <= root.clientWidth) return null;
         const wide = [...document.querySelectorAll('body *')]
           .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)
           .slice(0, 5)
           .map(e => `${e.localName}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)})`);
         return `scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}: ${wide.join(', ')}`;",
        vec![],
    );
    found.as_str().map(str::to_string)
}

/// On wide screens, each side note sits in a column to the right of its section's text; on
/// narrow ones, it sits in the text column, under the heading and before the text.
fn notes_layout(site: &Site, width: u32) -> Vec<String> {
    let notes = site.js(
        "return [...document.querySelectorAll('aside[data-section]')].map(note => {
           const section = note.closest('section.section');
           const body = section.querySelector('.section-body').getBoundingClientRect();
           const heading = section.querySelector('h2').getBoundingClientRect();
           const box = note.getBoundingClientRect();
           return {
             id: note.dataset.note,
             note: [box.left, box.right, box.top, box.bottom],
             body: [body.left, body.right, body.top, body.bottom],
             headingBottom: heading.bottom,
           };
         });",
        vec![],
    );
    let notes = notes.as_array().expect("a list of notes");
    assert!(!notes.is_empty(), "the notes page has side notes");
    let side_column = width >= 1024;
    let mut problems = Vec::new();
    for found in notes {
        let edge = |key: &str, i: usize| found[key][i].as_f64().unwrap();
        let (left, right, top, bottom) = (
            edge("note", 0),
            edge("note", 1),
            edge("note", 2),
            edge("note", 3),
        );
        let (body_left, body_right, body_top, body_bottom) = (
            edge("body", 0),
            edge("body", 1),
            edge("body", 2),
            edge("body", 3),
        );
        let id = &found["id"];
        if side_column {
            let beside = left >= body_right - 0.5;
            let level =
                top < body_bottom && bottom > found["headingBottom"].as_f64().unwrap() - 50.0;
            if !beside || !level {
                problems.push(format!(
                    "{id} should sit in a side column beside its section's text: {found}"
                ));
            }
        } else {
            let inside = left >= body_left - 0.5 && right <= body_right + 0.5;
            let under_heading =
                top >= found["headingBottom"].as_f64().unwrap() - 0.5 && bottom <= body_top + 0.5;
            if !inside || !under_heading {
                problems.push(format!(
                    "{id} should sit in the text column, under the heading: {found}"
                ));
            }
        }
    }
    problems
}

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn every_figure_loads_fits_and_is_photographed_in_light_and_dark() {
    let site = Site::start(Javascript::Enabled);
    let dir = artifacts().join("figures");
    std::fs::create_dir_all(&dir).expect("the figures folder");
    let mut problems = Vec::new();
    let mut drawn = std::collections::BTreeSet::new();
    for slug in slugs() {
        site.open(&format!("/articles/{slug}"));
        for width in WIDTHS {
            site.browser.set_window_rect(width, WINDOW_HEIGHT);
            for dark in [false, true] {
                site.scheme("", dark);
                let found = site.js(
                    "return [...document.querySelectorAll('figure.figure')].map(figure => {
                       const img = figure.querySelector('img');
                       const box = img.getBoundingClientRect();
                       return {
                         src: img.getAttribute('src'),
                         alt: img.alt,
                         caption: figure.querySelector('figcaption')?.innerText ?? '',
                         drawn: img.complete && img.naturalWidth > 0,
                         width: box.width,
                         right: box.right,
                         viewport: document.documentElement.clientWidth,
                       };
                     });",
                    vec![],
                );
                let figures = found.as_array().expect("a list of figures");
                let elements = site.browser.find_all("figure.figure");
                for (figure, element) in figures.iter().zip(&elements) {
                    let src = figure["src"].as_str().unwrap_or_default();
                    let stem = src
                        .rsplit('/')
                        .next()
                        .unwrap_or(src)
                        .split('.')
                        .next()
                        .unwrap();
                    let name = format!("{stem}-{width}-{}", scheme_name(dark));
                    if figure["drawn"] != true {
                        problems.push(format!("{slug} {name}: the figure did not load"));
                    }
                    if figure["alt"].as_str().unwrap_or_default().trim().is_empty()
                        || figure["caption"]
                            .as_str()
                            .unwrap_or_default()
                            .trim()
                            .is_empty()
                    {
                        problems.push(format!("{slug} {name}: no alt text or caption"));
                    }
                    if figure["right"].as_f64() > figure["viewport"].as_f64() {
                        problems.push(format!("{slug} {name}: wider than the window: {figure}"));
                    }
                    drawn.insert(stem.to_string());
                    element.screenshot(&dir.join(format!("{name}.png")));
                }
            }
        }
        site.scheme("", false);
        site.browser.set_window_rect(1280, WINDOW_HEIGHT);
    }
    assert!(drawn.len() >= 4, "every figure is on a page: {drawn:?}");
    assert!(
        problems.is_empty(),
        "figure problems (pictures in {}):\n{}",
        dir.display(),
        problems.join("\n")
    );
}

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn a_printed_result_keeps_notes_and_answers_and_spells_out_links() {
    let site = Site::start(Javascript::Enabled);
    let dir = artifacts().join("print");
    // The labels of the signs the emergency answers tick, as the content words them.
    let quiz = crate::articles()
        .iter()
        .find(|a| a.slug == LIFTING)
        .and_then(|a| a.quiz.as_ref())
        .unwrap();
    let label = |option: &str| quiz.sign(option).unwrap().label.as_str();
    for (page, answers) in [
        (
            Shown::Emergency(LIFTING),
            &[label("chest_pain"), label("fever")][..],
        ),
        (
            Shown::Notes(LIFTING),
            &[
                "It has lasted 6 weeks or more",
                "A heart condition or high blood pressure",
            ][..],
        ),
    ] {
        page.open(&site);
        let expected = printed_result(&site);
        for dark in [false, true] {
            // The screen's colour scheme follows into print: both must give a readable page.
            site.scheme("", dark);
            let pdf = dir.join(format!("{}-{}.pdf", page.name(), scheme_name(dark)));
            site.browser.print_pdf(&pdf);
            let bytes = std::fs::read(&pdf).unwrap();
            assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", pdf.display());
            let mut wanted: Vec<&str> = answers.to_vec();
            wanted.extend(expected.iter().map(String::as_str));
            pdf_first_two_pages_hold(&pdf, &wanted);

            site.scheme("print", dark);
            site.browser.screenshot_full_page(&dir.join(format!(
                "{}-print-media-{}.png",
                page.name(),
                scheme_name(dark)
            )));
            let printed = print_styles(&site);
            let problems = print_problems(&printed, answers);
            assert!(
                problems.is_empty(),
                "print of {} ({}): {}\n{printed:#}",
                page.name(),
                scheme_name(dark),
                problems.join("\n")
            );
        }
        site.scheme("", false);
    }
}

/// What a printed result must hold in its first two pages: its outcome, each note's title, what
/// the reader said and the date of the check (the answers themselves end the printout).
fn printed_result(site: &Site) -> Vec<String> {
    let found = site.js(
        "const shown = h => h.lastChild.textContent.trim();
         return [shown(document.querySelector('#results-title')),
                 ...[...document.querySelectorAll('[data-note] .note-title')].map(shown),
                 'You said', document.querySelector('.answers-record time').innerText];",
        vec![],
    );
    serde_json::from_value(found).unwrap()
}

fn print_styles(site: &Site) -> Value {
    site.js(
        "const shown = e => e && getComputedStyle(e).display !== 'none'
                           && getComputedStyle(e).visibility !== 'hidden'
                           && e.getClientRects().length > 0;
         const all = css => [...document.querySelectorAll(css)];
         const record = document.querySelector('.answers-record');
         const luminance = rgb => {
           const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
             v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
           return 0.2126 * r + 0.7152 * g + 0.0722 * b;
         };
         // The darkest background behind text, and the lightest text, across the notes.
         const notes = all('[data-note]');
         return {
           notes: notes.map(n => [n.dataset.note, shown(n)]),
           answersRecord: shown(record),
           answers: record ? record.innerText : '',
           hidden: Object.fromEntries(['.site-header', '.site-nav', 'nav.toc', 'form', '.skip-link',
               '.change-answers', '.note-back', '.button-link', '.save-box', '.section-body', '.source-list']
               .map(css => [css, all(css).every(e => !shown(e))])),
           noteLinkAfter: all('.note-source a').map(a => [a.getAttribute('href'),
               getComputedStyle(a, '::after').content]),
           noteColours: notes.flatMap(n => [n, ...n.querySelectorAll('*')]).map(e => {
               let bg = e; while (bg && getComputedStyle(bg).backgroundColor === 'rgba(0, 0, 0, 0)') bg = bg.parentElement;
               return [luminance(getComputedStyle(e).color),
                       luminance(bg ? getComputedStyle(bg).backgroundColor : 'rgb(255,255,255)')];
           }).reduce((acc, [text, bg]) => [Math.max(acc[0], text), Math.min(acc[1], bg)], [0, 1]),
           bodyBackground: getComputedStyle(document.body).backgroundColor,
         };",
        vec![],
    )
}

fn print_problems(printed: &Value, answers: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let notes = printed["notes"].as_array().unwrap();
    if notes.is_empty() {
        problems.push("the result has notes to print".into());
    }
    for note in notes {
        if note[1] != true {
            problems.push(format!("note {} is not printed", note[0]));
        }
    }
    if printed["answersRecord"] != true {
        problems.push("the reader's answers (.answers-record) are not printed".into());
    }
    let record = printed["answers"].as_str().unwrap_or_default();
    for answer in answers {
        if !record.contains(answer) {
            problems.push(format!("the printed answers lack “{answer}”: {record}"));
        }
    }
    for (css, hidden) in printed["hidden"].as_object().unwrap() {
        if hidden != true {
            problems.push(format!("{css} should not print"));
        }
    }
    for link in printed["noteLinkAfter"].as_array().unwrap() {
        let href = link[0].as_str().unwrap();
        if !link[1].as_str().unwrap_or_default().contains(href) {
            problems.push(format!(
                "a note's source link does not print its address {href}: {}",
                link[1]
            ));
        }
    }
    // Dark text on a light page, whatever the screen's colour scheme.
    let colours = &printed["noteColours"];
    let (lightest_text, darkest_background) =
        (colours[0].as_f64().unwrap(), colours[1].as_f64().unwrap());
    if (darkest_background + 0.05) / (lightest_text + 0.05) < 4.5 {
        problems.push(format!(
            "note text is too light for its background in print: {colours}"
        ));
    }
    if printed["bodyBackground"] != json!("rgb(255, 255, 255)") {
        problems.push(format!("the page prints on {}", printed["bodyBackground"]));
    }
    problems
}

/// Checks, with `pdftotext` when it is installed, that the PDF's first two A4 pages hold every
/// expected text, and that the form is not printed.
fn pdf_first_two_pages_hold(pdf: &std::path::Path, expected: &[&str]) {
    let Ok(output) = std::process::Command::new("pdftotext")
        .args(["-f", "1", "-l", "2"])
        .arg(pdf)
        .arg("-")
        .output()
    else {
        return; // poppler-utils is not installed: the print-media checks stand alone
    };
    // pdftotext breaks lines where the PDF does and drops hyphens at line ends: compare the
    // texts without white space or hyphens.
    let squash = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}'))
            .collect()
    };
    let raw = String::from_utf8_lossy(&output.stdout);
    let text = squash(&raw);
    for wanted in expected {
        assert!(
            text.contains(&squash(wanted)),
            "the first two pages of {} lack “{wanted}”:\n{raw}",
            pdf.display()
        );
    }
    assert!(
        !text.contains(&squash("Show my result")) && !text.contains(&squash("Continue")),
        "the form is not printed: {}",
        pdf.display()
    );
}

/// A reader with no warning sign reads at most three phone screens a step (375 by 812), and
/// four for the warning signs, which may take up to 400 words (`check::MAX_FIRST_STEP_WORDS`):
/// every sign, with the hint that keeps it from being misread.
#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn each_step_fits_three_phone_screens() {
    let site = Site::start(Javascript::Enabled);
    // The window's frame takes some height: size it so the page itself is 375 by 812.
    site.browser.set_window_rect(375, 812);
    let frame = 812 - site.js("return innerHeight;", vec![]).as_u64().unwrap() as u32;
    site.browser.set_window_rect(375, 812 + frame);
    let measure = |what: &str, screens: f64| {
        let found = site.js(
            "const form = document.querySelector('form[action$=\"/check\"]');
             return { form: form.getBoundingClientRect().height, screen: innerHeight,
                      width: innerWidth };",
            vec![],
        );
        let (form, screen) = (
            found["form"].as_f64().unwrap(),
            found["screen"].as_f64().unwrap(),
        );
        println!(
            "{what}: form {form:.0} px, {:.1} screens of {screen:.0} px",
            form / screen
        );
        assert!(form <= screens * screen, "{what}: {found}");
    };
    for slug in slugs() {
        site.open(&format!("/articles/{slug}"));
        measure(&format!("{slug} step 1"), 4.0);
        Shown::Step(slug).open(&site);
        measure(&format!("{slug} step 2"), 3.0);
    }
}
