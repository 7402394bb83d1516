//! Each warning sign, read from the content, ticked alone: the result opens at the sign's own
//! level. The hazard log names this test as the proof of every sign's level, and the hazard log
//! in `docs/` is what `backwise check --hazards` prints.

use crate::support::*;
use actix_web::http::StatusCode;
use backwise::check::hazards::{SIGN_TEST, STORIES_FILE, Stories, hazard_log};
use backwise::content::quiz::Level;

#[actix_web::test]
async fn every_warning_sign_ticked_alone_gives_its_level() {
    let mut wrong = Vec::new();
    let mut ticked = 0;
    for article in articles() {
        let quiz = article.quiz.as_ref().expect("a self-check");
        let question = quiz
            .sign_question
            .as_deref()
            .expect("a warning-sign question");
        for sign in &quiz.signs {
            ticked += 1;
            // Emergency and urgent signs end the check at the first step: the sign alone is
            // the whole form. A calmer sign leads on, so the rest is answered calmly.
            let page = if sign.level.goes_on_top() {
                check(&article.slug, &[("step", "1"), (question, &sign.option)]).await
            } else {
                let answers = answers_with(&article.slug, &[(question, &sign.option)]);
                answer_in_steps(&article.slug, &answers).await
            };
            assert_eq!(page.status, StatusCode::OK, "{}", sign.option);
            let outcome = page.outcome();
            if outcome.as_deref() != Some(sign.level.key()) {
                wrong.push(format!(
                    "{}: `{}` ({}) gave {outcome:?}",
                    article.slug,
                    sign.option,
                    sign.level.key()
                ));
            }
            if sign.level.goes_on_top() {
                let note = page.note(&sign.note);
                assert_eq!(note.level, sign.level.key(), "{}", sign.option);
                assert!(
                    page.body()
                        .contains("When you have been seen, you can check again"),
                    "{}: the way back for the rest of the answers",
                    sign.option
                );
            }
        }
    }
    assert!(ticked > 0, "the content has warning signs");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_test_the_hazard_log_names_is_this_one() {
    let (file, name) = SIGN_TEST;
    assert_eq!(file, "tests/site/signs.rs");
    let this = include_str!("signs.rs");
    assert!(this.contains(&format!("async fn {name}()")), "{name}");
}

#[test]
fn the_hazard_log_in_docs_is_what_the_check_prints() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let stories = Stories::read(&root.join(STORIES_FILE), STORIES_FILE, true).expect("stories");
    let site = backwise::load_content(None).expect("the real content loads");
    let expected = hazard_log(&site, &stories);
    let committed = std::fs::read_to_string(root.join("docs/hazard-log.md")).unwrap_or_default();
    assert!(
        committed == expected,
        "docs/hazard-log.md is out of date: run `cargo run -q -- check --hazards > docs/hazard-log.md`"
    );
    // The command prints the same.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_backwise"))
        .current_dir(root)
        .args(["check", "--hazards"])
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

#[test]
fn every_sign_of_the_content_has_a_row_in_the_hazard_log() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let stories = Stories::read(&root.join(STORIES_FILE), STORIES_FILE, true).expect("stories");
    let site = backwise::load_content(None).expect("the real content loads");
    let log = hazard_log(&site, &stories);
    for article in &site.articles {
        for sign in &article.quiz.as_ref().unwrap().signs {
            let row = log
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", sign.option)))
                .unwrap_or_else(|| panic!("no row for `{}`", sign.option));
            assert!(row.contains(&sign.label), "{row}");
            assert!(row.contains(sign.level.key()), "{row}");
        }
    }
    assert!(
        (site
            .articles
            .iter()
            .flat_map(|a| &a.quiz.as_ref().unwrap().signs))
        .any(|s| s.level == Level::Emergency)
    );
}
