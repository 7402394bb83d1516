//! Accessibility: axe-core finds nothing against WCAG 2.2 AA on every kind of page, in light and
//! dark; every control is big enough to hit; and keyboard focus can always be seen.

use crate::looks::Shown;
use crate::webdriver::{Javascript, TAB};
use crate::{Site, WINDOW_HEIGHT, scheme_name, slugs};
use serde_json::{Value, json};
use std::path::PathBuf;

/// The rules axe runs: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// axe-core, as `npm ci` installs it from package-lock.json. Without it (a fresh clone where
/// `npm ci` has not run) the axe checks are reported as ignored (build.rs sets `axe_missing`);
/// one that runs without it fails rather than passing unchecked.
fn axe_source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: axe-core is needed for the accessibility checks: run npm ci \
             (it installs the version pinned in package-lock.json)",
            path.display()
        )
    })
}

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
#[cfg_attr(
    all(not(browser_missing), axe_missing),
    ignore = "axe-core is not installed: run npm ci (after a build, touch package-lock.json too)"
)]
fn axe_finds_no_wcag_violations_in_light_or_dark() {
    let axe = axe_source();
    let site = Site::start(Javascript::Enabled);
    let mut report = Vec::new();
    for (width, pages) in [
        (1280, Shown::all()),
        // Narrow screens reflow the notes and the header: check the pages with everything on.
        (
            320,
            Shown::all()
                .into_iter()
                .filter(|page| {
                    matches!(
                        page,
                        Shown::Step(_)
                            | Shown::Notes(_)
                            | Shown::Emergency(_)
                            | Shown::Mistakes(_)
                            | Shown::Changed(_)
                    )
                })
                .collect(),
        ),
    ] {
        site.browser.set_window_rect(width, WINDOW_HEIGHT);
        for page in pages {
            page.open(&site);
            for dark in [false, true] {
                site.scheme("", dark);
                let violations = run_axe(&site, &axe);
                if !violations.is_empty() {
                    report.push(format!(
                        "{} at {width} px, {}:\n{}",
                        page.name(),
                        scheme_name(dark),
                        describe_violations(&violations)
                    ));
                }
            }
            site.scheme("", false);
        }
    }
    assert!(
        report.is_empty(),
        "axe-core {} found WCAG violations:\n\n{}",
        axe_version(&site),
        report.join("\n\n")
    );
}

/// Injects axe-core into the page on show (once per page) and runs it.
fn run_axe(site: &Site, axe: &str) -> Vec<Value> {
    let loaded = site.js("return typeof window.axe === 'object';", vec![]);
    if loaded != true {
        // Scripts run through WebDriver are not held to the page's Content-Security-Policy.
        site.js(&format!("{axe}\nreturn true;"), vec![]);
        assert_eq!(
            site.js("return typeof window.axe;", vec![]),
            json!("object"),
            "axe-core loads into the page"
        );
    }
    let result = site.browser.execute_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {
           runOnly: { type: 'tag', values: arguments[0] },
           resultTypes: ['violations'],
         }).then(r => done(r.violations.map(v => ({
           id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
           nodes: v.nodes.map(n => ({ target: n.target, summary: n.failureSummary })),
         })))).catch(e => done({ error: String(e) }));",
        vec![json!(AXE_TAGS)],
    );
    assert!(result["error"].is_null(), "axe-core failed: {result}");
    result.as_array().cloned().unwrap_or_default()
}

fn axe_version(site: &Site) -> String {
    site.js("return window.axe ? axe.version : '(not loaded)';", vec![])
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// One violation a paragraph: rule, impact, what it means, and each element with its problem.
fn describe_violations(violations: &[Value]) -> String {
    violations
        .iter()
        .map(|v| {
            let nodes: Vec<String> = v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    let summary = n["summary"].as_str().unwrap_or_default().replace('\n', " ");
                    format!("    - {}: {summary}", n["target"])
                })
                .collect();
            format!(
                "  [{}] {} ({}) {}\n{}",
                v["impact"].as_str().unwrap_or("?"),
                v["id"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or_default(),
                v["helpUrl"].as_str().unwrap_or_default(),
                nodes.join("\n")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn targets_are_big_enough_and_focus_is_always_visible() {
    let site = Site::start(Javascript::Enabled);
    let mut problems = Vec::new();
    for width in [320, 1280] {
        site.browser.set_window_rect(width, WINDOW_HEIGHT);
        for page in Shown::all() {
            page.open(&site);
            let where_ = format!("{} at {width} px", page.name());
            for problem in small_targets(&site) {
                problems.push(format!("{where_}: {problem}"));
            }
            // The walk moves focus, and the page with mistakes would need resubmitting to be
            // fresh again: walk after measuring.
            let (focus_problems, stops) = focus_walk(&site);
            for problem in focus_problems {
                problems.push(format!("{where_}: {problem}"));
            }
            if let Shown::Article(_) = page {
                assert!(stops > 30, "{where_}: Tab reaches the quiz ({stops} stops)");
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// WCAG 2.2 target size (2.5.8, AA): every link, button, radio and checkbox is at least 24 by
/// 24 CSS pixels, or far enough from other targets (a 24 px circle around it touches none).
/// A box or radio counts together with its label, since clicking the label ticks it. Links in
/// a line of text are exempt, as WCAG exempts them.
fn small_targets(site: &Site) -> Vec<String> {
    let found = site.js(
        r#"const MIN = 24;
        const shown = e => {
          const s = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0
            && r.bottom + scrollY > 0 && r.right + scrollX > 0;
        };
        const name = e => {
          const text = (e.innerText || e.value || e.id || '').trim().replace(/\s+/g, ' ').slice(0, 50);
          return `${e.localName}${e.id ? '#' + e.id : ''}${e.getAttribute('href') ? '[href="' + e.getAttribute('href') + '"]' : ''} “${text}”`;
        };
        const blockOf = e => {
          let b = e.parentElement;
          while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
          return b;
        };
        const targets = [...document.querySelectorAll('a[href], button, input[type=radio], input[type=checkbox], input[type=submit]')]
          .filter(shown)
          .map(e => {
            const parts = [e, ...(e.labels ? [...e.labels] : [])].filter(shown);
            const rects = parts.map(p => p.getBoundingClientRect());
            // The biggest single clickable part decides the size.
            const best = rects.reduce((a, r) => Math.min(r.width, r.height) > Math.min(a.width, a.height) ? r : a);
            let inline = false;
            if (e.localName === 'a' && getComputedStyle(e).display === 'inline') {
              const block = blockOf(e);
              const rest = block ? block.innerText.replace(e.innerText, '').replace(/[\s.,;:()·—–-]/g, '') : '';
              inline = rest.length > 0;
            }
            return { e, rects, best, inline, small: best.width < MIN - 0.01 || best.height < MIN - 0.01 };
          });
        const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
        const circleHits = (c, r) => {
          const x = Math.max(r.left, Math.min(c[0], r.right));
          const y = Math.max(r.top, Math.min(c[1], r.bottom));
          return Math.hypot(c[0] - x, c[1] - y) < MIN / 2;
        };
        const problems = [];
        for (const t of targets) {
          if (!t.small || t.inline) continue;
          const c = centre(t.best);
          const crowded = targets.filter(o => o !== t).find(o =>
            o.rects.some(r => circleHits(c, r)) ||
            (o.small && !o.inline && Math.hypot(...[0, 1].map(i => c[i] - centre(o.best)[i])) < MIN));
          if (crowded) {
            problems.push(`${name(t.e)} is ${Math.round(t.best.width * 10) / 10}×${Math.round(t.best.height * 10) / 10} px and too close to ${name(crowded.e)}`);
          }
        }
        return { problems, checked: targets.length };"#,
        vec![],
    );
    assert!(
        found["checked"].as_u64() > Some(0),
        "targets were found: {found}"
    );
    serde_json::from_value(found["problems"].clone()).unwrap()
}

/// Tabs through the whole page; each element that takes focus must show it: an outline or a
/// box shadow, on screen. Also says how many elements took focus.
fn focus_walk(site: &Site) -> (Vec<String>, usize) {
    site.js(
        "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
        vec![],
    );
    let mut problems = Vec::new();
    let mut seen = 0;
    for _ in 0..400 {
        site.browser.press_key(TAB);
        let focused = site.js(
            r#"const e = document.activeElement;
            if (!e || e === document.body || e === document.documentElement) return null;
            if (e.__backwiseFocused) return { again: true };
            e.__backwiseFocused = true;
            const s = getComputedStyle(e);
            const r = e.getBoundingClientRect();
            const clear = c => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !clear(s.outlineColor);
            const shadow = s.boxShadow !== 'none' && !clear(s.boxShadow);
            const text = (e.innerText || e.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
            // Not hidden under something else, such as a bar kept at the bottom of the window
            // (WCAG 2.4.11): what is drawn at the middle of its visible part is it, or its label.
            const x = (Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2;
            const y = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
            const hit = document.elementFromPoint(x, y);
            const uncovered = !hit || e.contains(hit) || hit.contains(e)
              || [...(e.labels || [])].some(label => label.contains(hit));
            return {
              name: `${e.localName}${e.id ? '#' + e.id : ''} “${text}”`,
              visible: outline || shadow,
              onScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && uncovered,
              focusVisible: e.matches(':focus-visible'),
              style: `outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow}`,
            };"#,
            vec![],
        );
        if focused.is_null() {
            break; // past the last element: focus left the page
        }
        if focused["again"] == true {
            break; // round again
        }
        seen += 1;
        if focused["visible"] != true || focused["onScreen"] != true {
            problems.push(format!(
                "focus on {} cannot be seen ({}, on screen: {}, :focus-visible: {})",
                focused["name"], focused["style"], focused["onScreen"], focused["focusVisible"]
            ));
        }
    }
    if seen < 4 {
        problems.push(format!("Tab reached only {seen} elements"));
    }
    (problems, seen)
}

/// The checks above must be able to fail: on a page made to break each rule, each one speaks.
#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
#[cfg_attr(
    all(not(browser_missing), axe_missing),
    ignore = "axe-core is not installed: run npm ci (after a build, touch package-lock.json too)"
)]
fn the_checks_catch_what_they_look_for() {
    let axe = axe_source();
    let site = Site::start(Javascript::Enabled);
    site.browser.goto(
        "data:text/html,<!doctype html><html lang=en><title>Broken on purpose</title>\
         <style>a:focus { outline: none } .faint { color: %23bbb; background: %23fff }\
         .tiny { width: 10px; height: 10px; padding: 0; border: 0 }\
         .under { position: fixed; bottom: 10px; left: 10px } .under:focus { outline: 3px solid red }\
         .bar { position: fixed; bottom: 0; left: 0; right: 0; height: 80px; background: %23eee; z-index: 1 }</style>\
         <main><h1>Broken</h1><p class=faint>Too faint to read.</p>\
         <p><button class=tiny>a</button><button class=tiny>b</button></p>\
         <p><a href=%23x>A link with no focus style</a></p>\
         <p><a class=under href=%23y>Under the bar</a></p><div class=bar></div></main>",
    );
    let ids: Vec<String> = run_axe(&site, &axe)
        .iter()
        .map(|v| v["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        ids.contains(&"color-contrast".to_string()),
        "axe reports low contrast: {ids:?}"
    );
    let small = small_targets(&site);
    assert!(
        small
            .iter()
            .any(|p| p.contains("“a”") && p.contains("too close")),
        "tiny, crowded buttons are reported: {small:?}"
    );
    let (unseen, _) = focus_walk(&site);
    assert!(
        unseen
            .iter()
            .any(|p| p.contains("A link with no focus style")),
        "a link without a focus style is reported: {unseen:?}"
    );
    assert!(
        unseen.iter().any(|p| p.contains("Under the bar")),
        "a link hidden under a bar is reported: {unseen:?}"
    );
}

#[test]
#[cfg_attr(
    browser_missing,
    ignore = "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
)]
fn no_page_breaks_its_content_security_policy() {
    let site = Site::start(Javascript::Enabled);
    // Listen before any page's own markup is read, so a violation while parsing is caught too.
    site.browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));" }),
    );
    let mut found = Vec::new();
    let mut pages: Vec<String> = ["/", "/about", "/no/such/page"].map(String::from).to_vec();
    pages.extend(slugs().into_iter().map(|slug| format!("/articles/{slug}")));
    for path in &pages {
        site.open(path);
        let has_data = site.js(
            "const block = document.querySelector('script[type=\"application/ld+json\"]');
             return block ? JSON.parse(block.textContent)['@type'] : null;",
            vec![],
        );
        if path.starts_with("/articles/") {
            assert_eq!(has_data, json!("MedicalWebPage"), "{path}: structured data");
        }
        let violations = site.js("return window.__violations;", vec![]);
        for violation in violations.as_array().expect("the listener ran") {
            found.push(format!("{path}: {violation}"));
        }
    }
    assert!(found.is_empty(), "CSP violations:\n{}", found.join("\n"));
    // The listener does hear a violation: an inline style is one.
    let heard = site.js(
        "document.body.setAttribute('style', 'color: red');
         return new Promise(done => setTimeout(() => done(window.__violations.length), 100));",
        vec![],
    );
    assert!(
        heard.as_u64() > Some(0),
        "the violation listener heard nothing: {heard}"
    );
}
