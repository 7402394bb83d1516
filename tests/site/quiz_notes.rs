//! Answers that call for a note get it, at the right level and in the right place.

use crate::support::*;
use actix_web::http::StatusCode;

/// One row of the quiz contract: these answers give a note of this level, shown at the top
/// (`None`) or beside this section.
struct Row {
    slug: &'static str,
    answers: &'static [(&'static str, &'static str)],
    level: &'static str,
    section: Option<&'static str>,
}

const fn row(
    slug: &'static str,
    answers: &'static [(&'static str, &'static str)],
    level: &'static str,
    section: Option<&'static str>,
) -> Row {
    Row {
        slug,
        answers,
        level,
        section,
    }
}

const WARNING_SIGNS: &[(&str, &str, &str)] = &[
    ("emergency_signs", "chest_pain", "emergency"),
    ("emergency_signs", "breathless_or_faint", "emergency"),
    ("emergency_signs", "sudden_severe", "emergency"),
    ("emergency_signs", "serious_injury", "emergency"),
    ("emergency_signs", "both_legs", "emergency"),
    ("emergency_signs", "bladder_bowel", "emergency"),
    ("emergency_signs", "sepsis_signs", "emergency"),
    ("urgent_signs", "weight_loss_unexplained", "urgent"),
    ("urgent_signs", "fever", "urgent"),
    ("urgent_signs", "night_pain", "urgent"),
    ("urgent_signs", "cough_sneeze", "urgent"),
    ("urgent_signs", "lump_or_shape", "urgent"),
    ("urgent_signs", "between_shoulders", "urgent"),
    ("urgent_signs", "exertional_chest", "urgent"),
    ("urgent_signs", "weakness_worsening", "urgent"),
    ("urgent_signs", "rash_band", "urgent"),
    ("urgent_signs", "risk_history", "urgent"),
    ("urgent_signs", "fracture_risk", "urgent"),
];

/// The rows of the quiz contract (issue tables), both articles.
const ROWS: &[Row] = &[
    row(
        WEIGHT_LOSS,
        &[("weight_change", "without_trying")],
        "urgent",
        None,
    ),
    row(
        WEIGHT_LOSS,
        &[("loss_rate", "over_one_kg")],
        "non-urgent",
        Some("losing-weight-safely"),
    ),
    row(
        WEIGHT_LOSS,
        &[("strength_training", "less_often")],
        "advice",
        Some("keeping-your-muscle"),
    ),
    row(
        WEIGHT_LOSS,
        &[("strength_training", "never")],
        "advice",
        Some("keeping-your-muscle"),
    ),
    row(
        WEIGHT_LOSS,
        &[("sitting_hours", "over_8")],
        "advice",
        Some("daily-habits"),
    ),
    row(
        WEIGHT_LOSS,
        &[("circumstances", "pregnant_or_breastfeeding")],
        "non-urgent",
        Some("who-this-advice-is-for"),
    ),
    row(
        WEIGHT_LOSS,
        &[("circumstances", "eating_worries")],
        "non-urgent",
        Some("who-this-advice-is-for"),
    ),
    row(
        WEIGHT_LOSS,
        &[("circumstances", "medicine_or_surgery")],
        "advice",
        Some("who-this-advice-is-for"),
    ),
    row(
        WEIGHT_LOSS,
        &[("gallstone_signs", "attacks_under_ribs")],
        "non-urgent",
        Some("gallstones"),
    ),
    row(
        WEIGHT_LOSS,
        &[("gallstone_signs", "long_pain_or_yellow")],
        "urgent",
        None,
    ),
    row(
        WEIGHT_LOSS,
        &[("age_band", "65_plus")],
        "advice",
        Some("keeping-your-muscle"),
    ),
    row(
        WEIGHT_LOSS,
        &[("pain_duration", "over_6_weeks")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("pain_trend", "worse")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("first_time", "first_time"), ("age_band", "under_20")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("first_time", "first_time"), ("age_band", "50_to_64")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("first_time", "first_time"), ("age_band", "65_plus")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("pain_duration", "over_6_weeks")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("pain_trend", "worse")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("first_time", "first_time"), ("age_band", "under_20")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("first_time", "first_time"), ("age_band", "50_to_64")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("first_time", "first_time"), ("age_band", "65_plus")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("pain_level", "moderate")],
        "advice",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("pain_level", "severe")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("readiness", "heart_or_blood_pressure")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("readiness", "dizziness_or_fainting")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("readiness", "chronic_condition")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("readiness", "joint_problem")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("readiness", "supervised_only")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("readiness", "aorta_or_connective")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("diagnosis", "herniated_disc")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("diagnosis", "spinal_stenosis")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("diagnosis", "spondylolisthesis")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("diagnosis", "osteoporosis")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("diagnosis", "recent_fracture_or_surgery")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("diagnosis", "pregnancy")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("experience", "new")],
        "advice",
        Some("starting-out"),
    ),
    row(
        LIFTING,
        &[("pain_after_lifting", "sharp_or_lasting")],
        "non-urgent",
        Some("soreness-or-injury"),
    ),
    row(
        LIFTING,
        &[("pain_after_lifting", "spreading_or_numb")],
        "non-urgent",
        Some("soreness-or-injury"),
    ),
    row(
        LIFTING,
        &[("pain_after_lifting", "sudden_during_lift")],
        "urgent",
        None,
    ),
    row(
        LIFTING,
        &[("progression", "big_jumps")],
        "advice",
        Some("progressing-safely"),
    ),
    row(
        LIFTING,
        &[("progression", "not_sure")],
        "advice",
        Some("progressing-safely"),
    ),
];

/// The first body heading (`<h2` inside the article body), which top notes must precede.
fn first_body_heading(page: &Page) -> usize {
    let body = page.body();
    let article_body = body.find("class=\"article-body\"").expect("article body");
    article_body + body[article_body..].find("<h2").expect("a section heading")
}

/// Checks one note placed by a row: its level, where it sits, and what it tells the reader.
fn assert_placed(page: &Page, note: &Note, row: &Row) {
    let context = format!("{} {:?} -> {}", row.slug, row.answers, note.id);
    assert_eq!(note.level, row.level, "{context}");
    assert_eq!(note.section.as_deref(), row.section, "{context}");
    match row.section {
        None => assert!(
            note.at < first_body_heading(page),
            "{context}: not above the article body"
        ),
        Some(section) => {
            assert_eq!(note.element, "aside", "{context}");
            let heading = page
                .position_of_id(section)
                .expect("the section's heading is on the page");
            let body = page.body();
            let next_section = heading
                + body[heading..]
                    .find("<section")
                    .unwrap_or(body.len() - heading);
            assert!(
                heading < note.at && note.at < next_section,
                "{context}: not beside its section"
            );
        }
    }
    assert!(note.text.contains("You said:"), "{context}");
    let source_line = &note.text[note
        .text
        .find("class=\"note-source\">")
        .expect("a source line")..];
    assert!(
        source_line.starts_with("class=\"note-source\">Source: <a href=\"https://")
            || source_line.starts_with("class=\"note-source\">Sources: <a href=\"https://"),
        "{context}"
    );
    assert!(note.text.contains("class=\"visually-hidden\""), "{context}");
}

#[actix_web::test]
async fn every_warning_sign_gives_its_note_at_the_top_in_both_articles() {
    for slug in slugs() {
        for &(question, value, level) in WARNING_SIGNS {
            let page = check(slug, &answers_with(slug, &[(question, value)])).await;
            assert_eq!(page.status, StatusCode::OK, "{slug} {value}");
            let notes = page.notes();
            assert_eq!(notes.len(), 1, "{slug} {value}: {:?}", page.note_ids());
            let static_row = Row {
                slug: "",
                answers: &[],
                level,
                section: None,
            };
            assert_placed(&page, &notes[0], &static_row);
        }
    }
}

#[actix_web::test]
async fn emergency_notes_tell_the_reader_to_call_for_help_now() {
    let page = check(
        WEIGHT_LOSS,
        &answers_with(WEIGHT_LOSS, &[("emergency_signs", "chest_pain")]),
    )
    .await;
    let note = &page.notes()[0];
    assert!(note.text.contains("Emergency advice:"));
    for number in ["999", "911", "112"] {
        assert!(note.text.contains(number), "{number}");
    }
    assert!(page.body().contains("Read the emergency advice first."));
}

#[actix_web::test]
async fn every_row_of_the_quiz_tables_gives_its_note_where_it_belongs() {
    for row in ROWS {
        let page = check(row.slug, &answers_with(row.slug, row.answers)).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", row.answers);
        let matching: Vec<Note> = page
            .notes()
            .into_iter()
            .filter(|n| n.level == row.level && n.section.as_deref() == row.section)
            .collect();
        assert!(
            !matching.is_empty(),
            "{} {:?}: got {:?}",
            row.slug,
            row.answers,
            page.note_ids()
        );
        for note in &matching {
            assert_placed(&page, note, row);
        }
    }
}

#[actix_web::test]
async fn a_note_quotes_the_answer_that_led_to_it() {
    let page = check(LIFTING, &answers_with(LIFTING, &[("experience", "new")])).await;
    let note = &page.notes()[0];
    let said = &note.text[note.text.find("You said:").unwrap()..];
    let label_of_new = {
        let body = page.body();
        let label = &body
            [body.find("for=\"q-experience-new\">").unwrap() + "for=\"q-experience-new\">".len()..];
        label[..label.find("</label>").unwrap()].to_string()
    };
    assert!(said.contains(&label_of_new), "{said} / {label_of_new}");
}

#[actix_web::test]
async fn bone_advice_needs_both_older_age_and_weight_loss() {
    let with_loss = check(
        WEIGHT_LOSS,
        &answers_with(WEIGHT_LOSS, &[("age_band", "65_plus")]),
    )
    .await;
    assert!(with_loss.notes().iter().any(|n| n.level == "advice"));
    let without_loss = check(
        WEIGHT_LOSS,
        &answers_with(
            WEIGHT_LOSS,
            &[("age_band", "65_plus"), ("weight_change", "not_losing")],
        ),
    )
    .await;
    assert_eq!(without_loss.status, StatusCode::OK);
    assert!(
        without_loss.notes().iter().all(|n| n.level != "advice"),
        "{:?}",
        without_loss.note_ids()
    );
}

#[actix_web::test]
async fn loss_rate_is_ignored_when_not_losing_weight() {
    let mut answers = answers_with(
        WEIGHT_LOSS,
        &[
            ("weight_change", "not_losing"),
            ("loss_rate", "over_one_kg"),
        ],
    );
    let page = check(WEIGHT_LOSS, &answers).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.notes().is_empty(), "{:?}", page.note_ids());
    answers.retain(|(name, _)| *name != "loss_rate");
    let page = check(WEIGHT_LOSS, &answers).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "loss_rate is not required then"
    );
}

#[actix_web::test]
async fn notes_run_from_most_to_least_serious() {
    let answers = answers_with(
        LIFTING,
        &[
            ("experience", "new"),
            ("pain_level", "severe"),
            ("urgent_signs", "fever"),
            ("emergency_signs", "both_legs"),
        ],
    );
    let page = check(LIFTING, &answers).await;
    let notes = page.notes();
    let top: Vec<&str> = notes.iter().take(2).map(|n| n.level.as_str()).collect();
    assert_eq!(top, ["emergency", "urgent"]);
    assert!(page.body().contains("Your answers raised 4 notes: 1 emergency, 1 urgent, 1 to see a professional about, 1 of advice."));
    assert!(page.body().contains("This is not a diagnosis."));
}

#[actix_web::test]
async fn calm_answers_give_the_all_clear_and_no_note() {
    for slug in slugs() {
        let page = check(slug, &calm_answers(slug)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.notes().is_empty(), "{slug}: {:?}", page.note_ids());
        let body = page.body();
        assert!(body.contains("No warning signs were reported"));
        assert!(body.contains("This is not a diagnosis"));
        assert!(body.contains("What helps most people:"));
        let advice = &body[body
            .find("<ul class=\"general-advice\">")
            .expect("advice list")..];
        assert!(
            advice.contains("<li>"),
            "{slug}: the article's general advice"
        );
        assert!(!body.contains("data-level"));
    }
}

#[actix_web::test]
async fn the_result_page_keeps_the_answers_selected() {
    let answers = answers_with(
        LIFTING,
        &[("diagnosis", "osteoporosis"), ("diagnosis", "pregnancy")],
    );
    let page = check(LIFTING, &answers).await;
    for (question, value) in &answers {
        assert!(page.is_checked(question, value), "{question}={value}");
    }
    assert!(!page.is_checked("pain_level", "severe"));
}

#[actix_web::test]
async fn the_fixed_care_cards_are_not_notes() {
    let page = check(WEIGHT_LOSS, &calm_answers(WEIGHT_LOSS)).await;
    assert!(page.body().contains("care-card"));
    assert!(page.notes().is_empty());
}

#[actix_web::test]
async fn opening_the_check_address_directly_goes_back_to_the_article() {
    let page = get(&format!("/articles/{LIFTING}/check")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.header("location"),
        Some(format!("/articles/{LIFTING}").as_str())
    );
}

#[actix_web::test]
async fn age_alone_or_a_first_pain_alone_raises_nothing() {
    for slug in slugs() {
        for changes in [
            &[
                ("first_time", "had_before"),
                ("age_band", "65_plus"),
                ("weight_change", "not_losing"),
            ][..],
            &[("first_time", "had_before"), ("age_band", "50_to_64")][..],
            &[("first_time", "first_time"), ("age_band", "20_to_49")][..],
        ] {
            let changes: Vec<_> = changes
                .iter()
                .filter(|(q, _)| slug == WEIGHT_LOSS || *q != "weight_change")
                .copied()
                .collect();
            let page = check(slug, &answers_with(slug, &changes)).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(
                page.notes().is_empty(),
                "{slug} {changes:?}: {:?}",
                page.note_ids()
            );
        }
    }
}

#[actix_web::test]
async fn pain_getting_worse_is_caught_whatever_its_age() {
    let page = check(
        WEIGHT_LOSS,
        &answers_with(
            WEIGHT_LOSS,
            &[("pain_duration", "under_6_weeks"), ("pain_trend", "worse")],
        ),
    )
    .await;
    let notes = page.notes();
    assert_eq!(page.note_ids(), ["pain-lasting-or-worse"]);
    assert!(
        notes[0].text.contains("It is getting worse"),
        "{}",
        notes[0].text
    );
}

#[actix_web::test]
async fn losing_weight_without_trying_twice_over_raises_one_note_naming_both_answers() {
    let page = check(
        WEIGHT_LOSS,
        &answers_with(
            WEIGHT_LOSS,
            &[
                ("weight_change", "without_trying"),
                ("urgent_signs", "weight_loss_unexplained"),
            ],
        ),
    )
    .await;
    let notes = page.notes();
    assert_eq!(notes.len(), 1, "{:?}", page.note_ids());
    assert_eq!(notes[0].level, "urgent");
    let said = &notes[0].text[notes[0].text.find("You said:").unwrap()..];
    assert_eq!(said.matches('“').count(), 2, "{said}");
}

#[actix_web::test]
async fn supervised_fast_loss_gets_advice_instead_of_slow_down() {
    let page = check(
        WEIGHT_LOSS,
        &answers_with(
            WEIGHT_LOSS,
            &[
                ("loss_rate", "over_one_kg"),
                ("circumstances", "medicine_or_surgery"),
            ],
        ),
    )
    .await;
    let levels: Vec<String> = page.notes().iter().map(|n| n.level.clone()).collect();
    assert_eq!(levels, ["advice"], "{:?}", page.note_ids());
    assert!(!page.note_ids().contains(&"losing-too-fast".to_string()));
}

#[actix_web::test]
async fn when_no_note_is_on_top_the_results_say_where_the_notes_are() {
    let page = check(LIFTING, &answers_with(LIFTING, &[("experience", "new")])).await;
    let body = page.body();
    let results = &body[body.find("id=\"results\"").unwrap()..body.find("class=\"toc\"").unwrap()];
    assert!(
        results.contains("Your notes sit beside the parts of the article they concern"),
        "{results}"
    );
    assert!(results.contains("<a href=\"#starting-out\">"), "{results}");
}

#[actix_web::test]
async fn every_card_line_is_a_box_a_reader_can_tick() {
    // The cards and the self-check come from the same records: every line of the emergency and
    // urgent cards is the label of a warning-sign box.
    for slug in slugs() {
        let page = get(&format!("/articles/{slug}")).await;
        let body = page.body();
        let care = &body
            [body.find("id=\"when-to-get-help\"").unwrap()..body.find("id=\"check\"").unwrap()];
        for &(question, value, _) in WARNING_SIGNS {
            let id = format!("for=\"q-{question}-{value}\">");
            let label = &body[body.find(&id).unwrap_or_else(|| panic!("{id}")) + id.len()..];
            let label = &label[..label.find("</label>").unwrap()];
            assert!(
                care.contains(&format!("<li>{label}</li>")),
                "{slug}: {label}"
            );
        }
    }
}

#[actix_web::test]
async fn a_note_resting_on_two_sources_names_both() {
    let page = check(
        WEIGHT_LOSS,
        &answers_with(
            WEIGHT_LOSS,
            &[("circumstances", "pregnant_or_breastfeeding")],
        ),
    )
    .await;
    let note = page.note("pregnancy-talk-first");
    let line = &note.text[note.text.find("class=\"note-source\">").unwrap()..];
    assert!(
        line.starts_with("class=\"note-source\">Sources: <a href="),
        "{line}"
    );
    assert_eq!(line.matches("<a href=\"https://").count(), 2, "{line}");
}

#[actix_web::test]
async fn every_article_has_answer_sets_that_do_what_they_say() {
    let site = backwise::load_content(None).expect("the content loads");
    for article in &site.articles {
        let slug = article.slug.as_str();
        let sets = answer_sets(slug);
        let quiz = article.quiz.as_ref().expect("a self-check");
        for (name, set) in [("calm", &sets.calm), ("every_level", &sets.every_level)] {
            for question in &quiz.questions {
                assert!(
                    set.iter().any(|(q, _)| *q == question.name)
                        || question.required_unless.is_some(),
                    "{}: `{name}` does not answer `{}`",
                    fixture_path(slug).display(),
                    question.name
                );
            }
        }
        let calm = check(slug, &calm_answers(slug)).await;
        assert_eq!(calm.status, StatusCode::OK, "{slug}");
        assert!(
            calm.notes().is_empty(),
            "{slug}: calm raises {:?}",
            calm.note_ids()
        );
        let all = check(slug, &every_level_answers(slug)).await;
        let mut levels: Vec<String> = all.notes().iter().map(|n| n.level.clone()).collect();
        levels.sort();
        levels.dedup();
        assert_eq!(
            levels,
            ["advice", "emergency", "non-urgent", "urgent"],
            "{slug}"
        );
    }
}
