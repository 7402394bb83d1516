//! Result pages are assembled from parts compressed apart: the bytes must be exactly the page
//! the templates render, for every kind of answer set, whether the client takes gzip or not.

use crate::support::*;
use actix_web::http::{Method, StatusCode};
use askama::Template;
use backwise::content::Article;
use backwise::content::quiz::evaluate::{RaisedNote, StepResult, answer_step, evaluate};
use backwise::content::quiz::{Answers, Quiz};
use backwise::web::links;
use backwise::web::pages::{ArticlePage, ResultParts, Slot};
use backwise::web::result_page::ResultPage;
use flate2::read::GzDecoder;
use proptest::prelude::*;
use std::io::Read;

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("one valid gzip stream, its CRC and length checked");
    text
}

/// What travels in the first flight of a response on a new connection: ten segments, about
/// 14 KiB.
const FIRST_FLIGHT: usize = 14 * 1024;

/// What a browser can decode of a gzip stream once its first flight has come.
fn decoded_from_first_flight(gzip: &[u8]) -> String {
    let mut decoder = GzDecoder::new(&gzip[..gzip.len().min(FIRST_FLIGHT)]);
    let mut decoded = Vec::new();
    let mut buffer = [0; 4096];
    // The stream stops short when the page is longer: keep what came before.
    while let Ok(n @ 1..) = decoder.read(&mut buffer) {
        decoded.extend_from_slice(&buffer[..n]);
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Whether the first flight of `gzip`, the page `rendered` compressed, holds the whole outcome:
/// the care card, and every emergency and urgent note in full.
fn first_flight_holds_the_outcome(page: &ArticlePage, rendered: &str, gzip: &[u8]) -> bool {
    let outcome = links::open_in_new_tab(&page.slot(Slot::Outcome).unwrap());
    let outcome_ends = rendered.find(&outcome).expect("the page has its outcome") + outcome.len();
    decoded_from_first_flight(gzip).len() >= outcome_ends
}

/// The padded slots of `page` that come out wider than they were measured for.
fn slots_wider_than_measured(
    article: &Article,
    page: &ArticlePage,
    parts: &ResultParts,
) -> Vec<Slot> {
    (0..article.body.sections.len())
        .flat_map(|index| [Slot::SideNotes(index), Slot::ContentsMark(index)])
        .filter(|&slot| {
            // As served: padded to its width, unless it outgrew it.
            let served = links::open_in_new_tab(&page.slot(slot).unwrap()).len();
            parts.width(slot).is_some_and(|width| served > width)
        })
        .collect()
}

/// The page the templates render for these answers, and what the assembled parts give. Each
/// reader's page also fits the padded slots: they were measured on the widest page there is.
fn rendered_and_assembled(slug: &str, answers: &Answers) -> (String, String, String) {
    let state = state();
    let article = articles().iter().find(|a| a.slug == slug).unwrap().clone();
    let quiz = article.quiz.as_ref().unwrap();
    let notes = evaluate(quiz, answers).expect("a full answer set");
    let result = &state.pages.results[slug];
    let settings = &state.site.settings;
    let page = ArticlePage::answered(
        settings,
        article.clone(),
        quiz,
        answers,
        &notes,
        result.parts(),
    )
    .unwrap();
    let wider = slots_wider_than_measured(&article, &page, result.parts());
    assert!(wider.is_empty(), "{slug}: {wider:?} outgrew their width");
    let rendered = links::open_in_new_tab(&page.render().unwrap());
    let html = result.html(&page).unwrap();
    let gzip = result.gzip(&page).unwrap();
    assert!(
        first_flight_holds_the_outcome(&page, &rendered, &gzip),
        "{slug}: what to do does not come in the first flight ({} bytes)",
        gzip.len()
    );
    (rendered, html, gunzip(&gzip))
}

#[test]
fn the_fixtures_answer_sets_assemble_to_the_rendered_page() {
    for slug in slugs() {
        for set in [
            calm_answers(slug),
            every_level_answers(slug),
            side_note_answers(slug),
        ] {
            let answers: Answers = set.iter().copied().collect();
            let (rendered, html, gzipped) = rendered_and_assembled(slug, &answers);
            assert!(rendered.contains("data-outcome="), "{slug}: a result page");
            assert!(
                html == rendered,
                "{slug}: the assembled page differs from the rendered one"
            );
            assert!(
                gzipped == rendered,
                "{slug}: the gzip stream decodes to another page"
            );
        }
    }
}

#[test]
fn random_answer_sets_assemble_to_the_rendered_page() {
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let mut runner = crate::triage::runner(300);
        let any = crate::triage::any_answers(quiz);
        runner
            .run(&any, |answers| {
                let answers = Answers::from(answers);
                let (rendered, html, gzipped) = rendered_and_assembled(&article.slug, &answers);
                prop_assert!(html == rendered, "assembled page differs");
                prop_assert!(gzipped == rendered, "gzip differs");
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", article.slug));
    }
}

#[actix_web::test]
async fn a_result_is_the_same_page_gzipped_or_not_and_fits_the_first_flight() {
    for slug in slugs() {
        for set in [every_level_answers(slug), side_note_answers(slug)] {
            let body = encode(&set);
            let plain = post_form(&format!("/articles/{slug}/check"), &body).await;
            let zipped = send(
                form_request(&format!("/articles/{slug}/check"), body.clone())
                    .insert_header(("accept-encoding", "gzip")),
            )
            .await;
            assert_eq!(zipped.status, StatusCode::OK);
            assert_eq!(zipped.header("content-encoding"), Some("gzip"));
            assert_eq!(zipped.header("cache-control"), Some("no-store"));
            assert_eq!(gunzip(&zipped.bytes), plain.body(), "{slug}");
            eprintln!("{slug}: result {} bytes gzipped", zipped.bytes.len());
            assert!(
                zipped.bytes.len() <= 14 * 1024,
                "{slug}: {} bytes gzipped",
                zipped.bytes.len()
            );
        }
    }
}

#[test]
#[cfg_attr(curl_missing, ignore = "curl is not installed (apt-get install curl)")]
fn curl_compressed_gets_the_same_result_as_without() {
    let server = crate::server::RunningServer::start(&[]);
    for slug in slugs() {
        let url = server.url(&format!("/articles/{slug}/check"));
        let fetch = |compressed: bool| {
            let mut curl = std::process::Command::new("curl");
            curl.args([
                "--silent",
                "--fail",
                "--data",
                &encode(&every_level_answers(slug)),
            ]);
            if compressed {
                curl.arg("--compressed");
            }
            let out = curl.arg(&url).output().expect("curl runs");
            assert!(out.status.success(), "curl {url}");
            String::from_utf8(out.stdout).unwrap()
        };
        let (zipped, plain) = (fetch(true), fetch(false));
        assert!(plain.contains("data-outcome=\"emergency\""));
        assert!(zipped == plain, "{slug}: curl --compressed differs");
    }
}

/// Every option of the first step, the warning signs, but "none".
fn every_warning_sign(quiz: &Quiz) -> Vec<(&str, &str)> {
    quiz.step_questions(0)
        .iter()
        .flat_map(|q| {
            q.options
                .iter()
                .map(|c| (q.name.as_str(), c.value.as_str()))
        })
        .filter(|(_, value)| *value != "none")
        .collect()
}

/// A reader who ticks every warning sign gets the longest top of a result: every emergency and
/// urgent note in full. The page is longer than the first flight, but what to do is in it.
#[actix_web::test]
async fn a_result_with_every_warning_sign_assembles_exactly() {
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let signs = every_warning_sign(quiz);
        let path = format!("/articles/{}/check", article.slug);
        let plain = post_form(&path, &encode(&signs)).await;
        assert_eq!(plain.status, StatusCode::OK);
        assert!(plain.body().contains("data-outcome=\"emergency\""));
        let zipped =
            send(form_request(&path, encode(&signs)).insert_header(("accept-encoding", "gzip")))
                .await;
        assert_eq!(gunzip(&zipped.bytes), plain.body(), "{}", article.slug);
        let answers: Answers = signs.iter().copied().collect();
        let StepResult::Result(notes) = answer_step(quiz, &answers, 0) else {
            panic!("{}: every sign gives the result at once", article.slug);
        };
        let state = state();
        let result = &state.pages.results[&article.slug];
        let settings = &state.site.settings;
        let page = ArticlePage::answered(
            settings,
            article.clone(),
            quiz,
            &answers,
            &notes,
            result.parts(),
        )
        .unwrap();
        let rendered = links::open_in_new_tab(&page.render().unwrap());
        assert!(
            plain.body() == rendered,
            "{}: the templates render another page",
            article.slug
        );
        assert!(
            first_flight_holds_the_outcome(&page, &rendered, &zipped.bytes),
            "{}: what to do does not come in the first flight",
            article.slug
        );
        // Each note is compressed as the continuation of the one before it, and the page is one
        // deflate block: compressed apart, each with its own codes, twenty notes made this page
        // 22 to 25 KiB.
        assert!(
            zipped.bytes.len() <= 18 * 1024,
            "{}: every sign ticked, {} bytes gzipped",
            article.slug,
            zipped.bytes.len()
        );
    }
}

/// Pages made whole for one request (a step with its mistakes, and the error pages) are gzipped
/// whole: the same page either way, with the status kept.
#[actix_web::test]
async fn pages_made_for_one_request_are_the_same_gzipped_or_not() {
    let check = format!("/articles/{}/check", slugs()[0]);
    let request = |method: Method, path: &str| {
        actix_web::test::TestRequest::default()
            .method(method)
            .uri(path)
    };
    for (what, method, path) in [
        ("a missing page", Method::GET, "/no-such-page"),
        ("a method not allowed", Method::PUT, "/"),
    ] {
        let plain = send(request(method.clone(), path)).await;
        let zipped = send(request(method, path).insert_header(("accept-encoding", "gzip"))).await;
        assert_eq!(zipped.status, plain.status, "{what}");
        assert_eq!(zipped.header("content-encoding"), Some("gzip"), "{what}");
        assert_eq!(gunzip(&zipped.bytes), plain.body(), "{what}");
    }
    // A first step sent blank: 422, the step again with its mistakes marked.
    let plain = send(form_request(&check, "step=1")).await;
    let zipped =
        send(form_request(&check, "step=1").insert_header(("accept-encoding", "gzip"))).await;
    assert_eq!(plain.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(zipped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(gunzip(&zipped.bytes), plain.body());
}

/// The widest page a reader can get fills each padded slot exactly: the widths are measured on
/// it, as it is served. (That no reader's page is wider, every assembled page above checks.)
#[test]
fn the_widest_result_fits_every_padded_slot() {
    let state = state();
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let result = &state.pages.results[&article.slug];
        let parts = result.parts();
        let widest =
            ArticlePage::widest(&state.site.settings, article.clone(), quiz, parts).unwrap();
        let mut padded = 0;
        for index in 0..article.body.sections.len() {
            for slot in [Slot::SideNotes(index), Slot::ContentsMark(index)] {
                let Some(width) = parts.width(slot) else {
                    continue;
                };
                padded += 1;
                // As served: the slot's text and its padding, which here is none.
                let served = links::open_in_new_tab(&widest.slot(slot).unwrap()).len();
                assert_eq!(served, width, "{}: {slot:?}", article.slug);
            }
        }
        assert!(padded > 0, "{}: no padded slot", article.slug);
    }
}

/// A slot wider than it was measured for, as no reader's page can be (notes naming answers
/// that do not raise them): it is served unpadded, and the text after it compressed without
/// reaching back across it.
#[test]
fn a_slot_wider_than_its_width_still_assembles_exactly() {
    let state = state();
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        // Every note that stands beside a section, naming every answer of the self-check.
        let every_label: Vec<&str> = quiz
            .questions
            .iter()
            .flat_map(|q| q.options.iter().map(|c| c.label.as_str()))
            .collect();
        let raised: Vec<RaisedNote> = quiz
            .notes
            .iter()
            .filter(|note| note.section.is_some())
            .map(|note| RaisedNote {
                note,
                said: every_label.clone(),
            })
            .collect();
        let result = &state.pages.results[&article.slug];
        let settings = &state.site.settings;
        let answers = Answers::default();
        let page = ArticlePage::answered(
            settings,
            article.clone(),
            quiz,
            &answers,
            &raised,
            result.parts(),
        )
        .unwrap();
        assert!(
            !slots_wider_than_measured(article, &page, result.parts()).is_empty(),
            "{}: no slot is wider than it was measured for",
            article.slug
        );
        let rendered = links::open_in_new_tab(&page.render().unwrap());
        assert!(
            result.html(&page).unwrap() == rendered,
            "{}: assembled page differs",
            article.slug
        );
        let gzipped = gunzip(&result.gzip(&page).unwrap());
        assert!(gzipped == rendered, "{}: gzip differs", article.slug);
    }
}

/// Just after start-up, before each note is compressed to follow the one before it, a page with
/// many notes is the same page, only larger; once they are, it is smaller.
#[test]
fn a_result_is_the_same_before_and_after_its_notes_are_compressed_in_pairs() {
    let state = state();
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let fresh = ResultPage::new(&state.site.settings, article.clone(), quiz).unwrap();
        let signs: Answers = every_warning_sign(quiz).into_iter().collect();
        let StepResult::Result(notes) = answer_step(quiz, &signs, 0) else {
            panic!("{}: every sign gives the result at once", article.slug);
        };
        let page = ArticlePage::answered(
            &state.site.settings,
            article.clone(),
            quiz,
            &signs,
            &notes,
            fresh.parts(),
        )
        .unwrap();
        let rendered = links::open_in_new_tab(&page.render().unwrap());
        let before = fresh.gzip(&page).unwrap();
        assert!(gunzip(&before) == rendered, "{}: before", article.slug);
        fresh.complete();
        let after = fresh.gzip(&page).unwrap();
        assert!(gunzip(&after) == rendered, "{}: after", article.slug);
        assert!(
            after.len() < before.len() * 9 / 10,
            "{}: {} bytes, then {}",
            article.slug,
            before.len(),
            after.len()
        );
    }
}
