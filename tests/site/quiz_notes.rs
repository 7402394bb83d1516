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
    ("emergency_signs", "stroke_signs", "emergency"),
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
    ("urgent_signs", "cancer_history", "urgent"),
    ("urgent_signs", "risk_history", "urgent"),
    ("urgent_signs", "fracture_risk", "urgent"),
];

/// The rows of the quiz contract, both articles: each answer given with calm answers elsewhere.
const ROWS: &[Row] = &[
    row(
        WEIGHT_LOSS,
        &[("weight_loss", "without_trying")],
        "urgent",
        None,
    ),
    row(
        WEIGHT_LOSS,
        &[("weight_loss", "over_1_kg")],
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
        &[("age_band", "under_18")],
        "non-urgent",
        Some("who-this-advice-is-for"),
    ),
    row(
        WEIGHT_LOSS,
        &[("gallstone_signs", "sudden_severe_tummy")],
        "emergency",
        None,
    ),
    row(
        WEIGHT_LOSS,
        &[("gallstone_signs", "pain_to_back_and_sick")],
        "emergency",
        None,
    ),
    row(
        WEIGHT_LOSS,
        &[("gallstone_signs", "yellow_or_shivery")],
        "emergency",
        None,
    ),
    row(
        WEIGHT_LOSS,
        &[("gallstone_signs", "pain_over_30_minutes")],
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
        &[("your_pain", "over_6_weeks")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("your_pain", "getting_worse")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("your_pain", "severe_or_stopping")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("your_pain", "struggling")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("your_pain", "first_time"), ("age_band", "under_18")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("your_pain", "first_time"), ("age_band", "18_to_19")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("your_pain", "first_time"), ("age_band", "50_to_64")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("your_pain", "first_time"), ("age_band", "65_plus")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("your_pain", "over_6_weeks")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("your_pain", "getting_worse")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("your_pain", "severe_or_stopping")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("your_pain", "struggling")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("your_pain", "first_time"), ("age_band", "under_18")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("your_pain", "first_time"), ("age_band", "18_to_19")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("your_pain", "first_time"), ("age_band", "50_to_64")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("your_pain", "first_time"), ("age_band", "65_plus")],
        "non-urgent",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("health", "heart_or_blood_pressure")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("health", "chronic_condition")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("health", "aorta_or_connective")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("health", "spine_condition")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("health", "osteoporosis")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("health", "recent_fracture_or_surgery")],
        "non-urgent",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("lifting", "new")],
        "advice",
        Some("starting-out"),
    ),
    row(
        LIFTING,
        &[("lifting", "big_jumps")],
        "advice",
        Some("progressing-safely"),
    ),
    row(
        LIFTING,
        &[("after_lifting", "still_there_after_a_week")],
        "non-urgent",
        Some("soreness-or-injury"),
    ),
    row(
        LIFTING,
        &[("after_lifting", "spreading_or_numb")],
        "non-urgent",
        Some("soreness-or-injury"),
    ),
    row(
        LIFTING,
        &[("after_lifting", "sudden_during_lift")],
        "urgent",
        None,
    ),
    row(LIFTING, &[("after_lifting", "dark_urine")], "urgent", None),
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
            // The sign alone, everything else blank, gives the same result at once.
            let alone = check(slug, &[(question, value)]).await;
            assert_eq!(alone.status, StatusCode::OK, "{slug} {value} alone");
            assert_eq!(alone.outcome().as_deref(), Some(level), "{slug} {value}");
            assert_eq!(alone.note_ids(), page.note_ids(), "{slug} {value}");
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
async fn every_article_has_answer_sets_that_do_what_they_say() {
    let site = crate::support::load_test_content();
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
        // `every_level` raises a note of each level the quiz has a note of, save a level whose
        // every note is held back by the notes raised with it (advice that a 999 call would
        // contradict): so the levels it must reach come from the quiz, not from a list.
        let all = check(slug, &every_level_answers(slug)).await;
        let raised: Vec<_> = all
            .note_ids()
            .iter()
            .map(|id| {
                quiz.notes
                    .iter()
                    .find(|n| &n.id == id)
                    .expect("a note of the quiz")
            })
            .collect();
        let held_back: Vec<&String> = raised.iter().flat_map(|n| &n.holds_back).collect();
        let mut expected: Vec<&str> = quiz
            .notes
            .iter()
            .filter(|n| !n.topics.iter().any(|t| held_back.contains(&t)))
            .map(|n| n.level.key())
            .collect();
        expected.sort();
        expected.dedup();
        let mut levels: Vec<&str> = raised.iter().map(|n| n.level.key()).collect();
        levels.sort();
        levels.dedup();
        assert!(
            levels.contains(&"emergency"),
            "{slug}: every_level raises {levels:?}"
        );
        assert_eq!(
            levels,
            expected,
            "{}: `every_level` should raise a note of each of these levels",
            fixture_path(slug).display()
        );
    }
}

/// Every note of every self-check can be raised, by answers the quiz itself yields, and a reader
/// who gives them sees it: no note is written that no reader can get.
#[actix_web::test]
async fn every_note_can_be_raised_and_is_shown_when_it_is() {
    use backwise::content::quiz::reach::answers_raising;
    for article in articles() {
        let slug = article.slug.as_str();
        let quiz = article.quiz.as_ref().expect("a self-check");
        for note in &quiz.notes {
            let answers = answers_raising(quiz, note)
                .unwrap_or_else(|| panic!("{slug}: no answers raise note `{}`", note.id));
            let pairs: Vec<(&str, &str)> = quiz
                .questions
                .iter()
                .flat_map(|q| answers.values(&q.name).map(|v| (q.name.as_str(), v)))
                .collect();
            let page = check(slug, &pairs).await;
            assert_eq!(page.status, StatusCode::OK, "{slug}: {pairs:?}");
            assert!(
                page.note_ids().contains(&note.id),
                "{slug}: {pairs:?} should show `{}`; the page shows {:?}",
                note.id,
                page.note_ids()
            );
        }
    }
}

#[actix_web::test]
async fn an_emergency_result_opens_with_one_card_saying_call_999() {
    let page = check(WEIGHT_LOSS, &[("emergency_signs", "chest_pain")]).await;
    assert!(
        page.title().starts_with("Your result: Call 999 now"),
        "{}",
        page.title()
    );
    assert_eq!(page.outcome().as_deref(), Some("emergency"));
    let body = page.body();
    let card = &body[body.find("data-outcome=").unwrap()..];
    let card = &card[..card.find("data-note=").unwrap()];
    assert!(card.contains("<h1 class=\"care-card-heading\" id=\"results-title\">"));
    assert!(card.contains("Emergency advice:"));
    for number in ["999", "911", "112"] {
        assert!(card.contains(number), "{number}");
    }
    assert!(
        body.find("data-outcome=").unwrap() < body.find("class=\"article-header\"").unwrap(),
        "the result comes before the article"
    );
    let note = &page.notes()[0];
    assert!(note.text.contains("Emergency advice:"));
    assert!(
        !note.text.contains("Call **999**") && !note.text.contains("Do not drive yourself"),
        "the action is said once, in the outcome card"
    );
}

#[actix_web::test]
async fn each_result_opens_with_the_action_of_its_highest_level() {
    type Case = (
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static str,
        &'static str,
    );
    let cases: [Case; 4] = [
        (
            LIFTING,
            &[("urgent_signs", "fever")],
            "urgent",
            "Get an appointment today",
        ),
        (
            LIFTING,
            &[("your_pain", "over_6_weeks")],
            "non-urgent",
            "Book an appointment",
        ),
        (
            LIFTING,
            &[("lifting", "new")],
            "advice",
            "Look after it yourself",
        ),
        (LIFTING, &[], "none", "Look after it yourself"),
    ];
    for (slug, changes, outcome, heading) in cases {
        let page = check(slug, &answers_with(slug, changes)).await;
        assert_eq!(page.outcome().as_deref(), Some(outcome), "{changes:?}");
        assert!(
            page.title().starts_with(&format!("Your result: {heading}")),
            "{changes:?}: {}",
            page.title()
        );
    }
}

#[actix_web::test]
async fn a_note_quotes_the_answer_that_led_to_it() {
    let page = check(LIFTING, &answers_with(LIFTING, &[("lifting", "new")])).await;
    let note = page.note("new-lifter-start-light");
    let said = &note.text[note.text.find("You said:").unwrap()..];
    let quiz = articles()
        .iter()
        .find(|a| a.slug == LIFTING)
        .and_then(|a| a.quiz.as_ref())
        .unwrap();
    let label = &quiz
        .question("lifting")
        .unwrap()
        .choice("new")
        .unwrap()
        .label;
    assert!(said.contains(label.as_str()), "{said} / {label}");
}

#[actix_web::test]
async fn bone_advice_is_for_older_readers_losing_weight_on_purpose() {
    let on_purpose = check(
        WEIGHT_LOSS,
        &answers_with(WEIGHT_LOSS, &[("age_band", "65_plus")]),
    )
    .await;
    assert!(
        on_purpose
            .note_ids()
            .contains(&"protect-your-bones".to_string())
    );
    for weight in ["not_losing", "without_trying"] {
        let page = check(
            WEIGHT_LOSS,
            &answers_with(
                WEIGHT_LOSS,
                &[("age_band", "65_plus"), ("weight_loss", weight)],
            ),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            !page.note_ids().contains(&"protect-your-bones".to_string()),
            "{weight}: {:?}",
            page.note_ids()
        );
    }
}

#[actix_web::test]
async fn notes_run_from_most_to_least_serious_and_the_result_lists_them_all() {
    let answers = answers_with(
        LIFTING,
        &[
            ("your_pain", "severe_or_stopping"),
            ("urgent_signs", "fever"),
            ("emergency_signs", "both_legs"),
        ],
    );
    let page = check(LIFTING, &answers).await;
    let notes = page.notes();
    let levels: Vec<&str> = notes.iter().map(|n| n.level.as_str()).collect();
    assert_eq!(levels, ["emergency", "urgent", "non-urgent"]);
    let body = page.body();
    assert!(body.contains("Your notes (3)"));
    assert!(body.contains("This is not a diagnosis."));
    let list = &body[body.find("class=\"note-list\"").unwrap()..];
    let list = &list[..list.find("</ol>").unwrap()];
    for note in &notes {
        assert!(
            list.contains(&format!("href=\"#note-{}\"", note.id)),
            "{}",
            note.id
        );
        assert!(page.position_of_id(&format!("note-{}", note.id)).is_some());
    }
}

#[actix_web::test]
async fn calm_answers_give_the_all_clear_and_no_note() {
    for slug in slugs() {
        let page = check(slug, &calm_answers(slug)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.notes().is_empty(), "{slug}: {:?}", page.note_ids());
        assert_eq!(page.outcome().as_deref(), Some("none"));
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
async fn the_result_keeps_every_answer_to_change_them() {
    let answers = answers_with(
        LIFTING,
        &[
            ("after_lifting", "spreading_or_numb"),
            ("health", "osteoporosis"),
            ("health", "spine_condition"),
        ],
    );
    let page = check(LIFTING, &answers).await;
    let body = page.body();
    let form = &body[body.find("name=\"change\"").expect("a way back")..];
    let form = &form[..form.find("</form>").unwrap()];
    for (question, value) in &answers {
        assert!(
            form.contains(&format!(
                "<input type=\"hidden\" name=\"{question}\" value=\"{value}\">"
            )),
            "{question}={value} is carried"
        );
    }
    assert!(body.contains("<a href=\"#check\">Change your answers</a>"));

    // Going back shows the first step with the answers kept, and carries the rest.
    let mut back = vec![("change", "1")];
    back.extend(answers.iter().copied());
    let step = check(LIFTING, &back).await;
    assert_eq!(step.status, StatusCode::OK);
    assert!(
        step.title().starts_with("Step 1 of 2: Warning signs"),
        "{}",
        step.title()
    );
    assert!(step.is_checked("after_lifting", "spreading_or_numb"));
    assert!(!step.is_checked("after_lifting", "none"));
    assert!(
        step.body()
            .contains("<input type=\"hidden\" name=\"health\" value=\"osteoporosis\">")
    );
    assert!(!step.body().contains("class=\"error-summary\""));
}

#[actix_web::test]
async fn age_alone_or_a_first_pain_alone_raises_nothing() {
    for slug in slugs() {
        for changes in [
            &[
                ("your_pain", "none"),
                ("age_band", "65_plus"),
                ("weight_loss", "not_losing"),
            ][..],
            &[("your_pain", "none"), ("age_band", "50_to_64")][..],
            &[("your_pain", "first_time"), ("age_band", "20_to_49")][..],
        ] {
            let changes: Vec<_> = changes
                .iter()
                .filter(|(q, _)| slug == WEIGHT_LOSS || *q != "weight_loss")
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
        &answers_with(WEIGHT_LOSS, &[("your_pain", "getting_worse")]),
    )
    .await;
    let notes = page.notes();
    assert_eq!(page.note_ids(), ["pain-lasting-or-worse"]);
    assert!(
        notes[0].text.contains("It is getting worse over time"),
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
                ("weight_loss", "without_trying"),
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
                ("weight_loss", "over_1_kg"),
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
async fn the_contents_list_marks_the_sections_that_hold_notes() {
    let page = check(
        LIFTING,
        &answers_with(LIFTING, &[("lifting", "new"), ("health", "osteoporosis")]),
    )
    .await;
    let body = page.body();
    let toc = &body[body.find("class=\"toc\"").unwrap()..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    assert!(toc.contains("<a href=\"#starting-out\">Starting out</a> <span class=\"toc-notes\">(1 note for you)</span>"), "{toc}");
    assert!(toc.contains("href=\"#before-you-start\""));
    assert_eq!(toc.matches("toc-notes").count(), 2, "{toc}");
}

#[actix_web::test]
async fn a_note_resting_on_two_sources_names_both() {
    let page = check(
        WEIGHT_LOSS,
        &answers_with(WEIGHT_LOSS, &[("urgent_signs", "fever")]),
    )
    .await;
    let note = page.note("urgent-fever");
    let line = &note.text[note.text.find("class=\"note-source\">").unwrap()..];
    assert!(
        line.starts_with("class=\"note-source\">Sources: <a href="),
        "{line}"
    );
    assert_eq!(line.matches("<a href=\"https://").count(), 2, "{line}");
}
