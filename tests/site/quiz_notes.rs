//! Answers that call for a note get it, at the right level and in the right place.

use crate::support::*;
use actix_web::http::StatusCode;
use backwise::content::quiz::Level;

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

/// The rows of the quiz contract, both articles: each answer to the questions about you given
/// with calm answers elsewhere. (Each warning sign is checked from the content itself.)
const ROWS: &[Row] = &[
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
        &[
            ("circumstances", "pregnant_or_breastfeeding"),
            ("circumstances", "injections"),
        ],
        "urgent",
        None,
    ),
    row(
        WEIGHT_LOSS,
        &[("circumstances", "eating_worries")],
        "non-urgent",
        Some("who-this-advice-is-for"),
    ),
    row(
        WEIGHT_LOSS,
        &[
            ("circumstances", "eating_worries"),
            ("weight_loss", "over_1_kg"),
        ],
        "non-urgent",
        Some("who-this-advice-is-for"),
    ),
    row(
        WEIGHT_LOSS,
        &[("circumstances", "injections")],
        "advice",
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
        &[("your_pain", "keeps_coming_back")],
        "advice",
        Some("self-care"),
    ),
    row(
        WEIGHT_LOSS,
        &[("your_pain", "new_medicine")],
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
        &[("your_pain", "keeps_coming_back")],
        "advice",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("your_pain", "new_medicine")],
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
        "advice",
        Some("before-you-start"),
    ),
    row(
        LIFTING,
        &[("health", "heart_or_blood_pressure")],
        "advice",
        Some("self-care"),
    ),
    row(
        LIFTING,
        &[("health", "chronic_condition")],
        "advice",
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
        &[("lifting", "no_lifting")],
        "advice",
        Some("starting-out"),
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
        &[("pain_and_lifting", "still_there_after_a_week")],
        "non-urgent",
        Some("soreness-or-injury"),
    ),
    row(
        LIFTING,
        &[("pain_and_lifting", "spreading_or_numb")],
        "non-urgent",
        Some("soreness-or-injury"),
    ),
    row(
        LIFTING,
        &[("pain_and_lifting", "first_hour")],
        "advice",
        Some("soreness-or-injury"),
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
    for article in articles() {
        let slug = article.slug.as_str();
        let quiz = article.quiz.as_ref().unwrap();
        for sign in quiz.signs.iter().filter(|s| s.level.goes_on_top()) {
            let value = sign.option.as_str();
            let level = sign.level.key();
            let page = check(slug, &answers_with(slug, &[("warning_signs", value)])).await;
            assert_eq!(page.status, StatusCode::OK, "{slug} {value}");
            // The sign alone, everything else blank, gives the same result at once.
            let alone = check(slug, &[("warning_signs", value)]).await;
            assert_eq!(alone.status, StatusCode::OK, "{slug} {value} alone");
            assert_eq!(alone.outcome().as_deref(), Some(level), "{slug} {value}");
            assert_eq!(alone.note_ids(), page.note_ids(), "{slug} {value}");
            let notes = page.notes();
            assert_eq!(notes.len(), 1, "{slug} {value}: {:?}", page.note_ids());
            assert_eq!(notes[0].id, sign.note, "{slug} {value}");
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
    // The cards and the self-check come from the same records: each warning-sign box's label
    // and hint is a line of the card of its level.
    for article in articles() {
        let slug = article.slug.as_str();
        let page = get(&format!("/articles/{slug}")).await;
        let body = page.body();
        let care = &body
            [body.find("id=\"when-to-get-help\"").unwrap()..body.find("id=\"check\"").unwrap()];
        for sign in &article.quiz.as_ref().unwrap().signs {
            let id = format!("for=\"q-warning_signs-{}\">", sign.option);
            let label = &body[body.find(&id).unwrap_or_else(|| panic!("{id}")) + id.len()..];
            let label = &label[..label.find("</label>").unwrap()];
            let hint_id = format!("id=\"q-warning_signs-{}-hint\">", sign.option);
            let line = match body.find(&hint_id) {
                Some(at) => {
                    let hint = &body[at + hint_id.len()..];
                    let hint = &hint[..hint.find("</div>").unwrap()];
                    format!("<li>{label} <span class=\"card-hint\">({hint})</span></li>")
                }
                None => format!("<li>{label}</li>"),
            };
            assert!(care.contains(&line), "{slug}: {line}");
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
        // Every level is called for; beside 999 only the emergency notes stand, beside
        // same-day only the urgent ones, and the answers about you alone give the rest.
        let levels_of = |page: &Page| {
            let mut levels: Vec<String> = page.notes().iter().map(|n| n.level.clone()).collect();
            levels.sort();
            levels.dedup();
            levels
        };
        let all = check(slug, &every_level_answers(slug)).await;
        assert_eq!(levels_of(&all), ["emergency"], "{slug}");
        let no_emergency: Vec<_> = every_level_answers(slug)
            .into_iter()
            .filter(|(q, v)| {
                *q != "warning_signs" || quiz.sign(v).is_none_or(|s| s.level != Level::Emergency)
            })
            .collect();
        let urgent = check(slug, &no_emergency).await;
        assert_eq!(levels_of(&urgent), ["urgent"], "{slug}");
        // With no sign, the notes are the calmer ones beside the sections.
        let side = check(slug, &side_note_answers(slug)).await;
        let calmer = levels_of(&side);
        assert!(
            !calmer.is_empty() && calmer.iter().all(|l| l == "advice" || l == "non-urgent"),
            "{slug}: {calmer:?}"
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
    let page = check(WEIGHT_LOSS, &[("warning_signs", "chest_pain")]).await;
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
        card.contains(
            "When you have been seen, you can check again for advice on your other answers."
        ),
        "{card}"
    );
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
            &[("warning_signs", "fever")],
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
    for weight in ["not_losing"] {
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
async fn beside_999_only_the_emergency_notes_stand_and_every_answer_is_kept() {
    let answers = answers_with(
        LIFTING,
        &[
            ("your_pain", "severe_or_stopping"),
            ("warning_signs", "fever"),
            ("warning_signs", "both_legs"),
        ],
    );
    let page = check(LIFTING, &answers).await;
    assert_eq!(page.outcome().as_deref(), Some("emergency"));
    assert_eq!(page.note_ids(), ["emergency-both-legs"]);
    let body = page.body();
    assert!(body.contains("Your notes (1)"));
    assert!(body.contains("When you have been seen, you can check again"));
    // Nothing the reader said is lost: the record of answers names the hidden notes' answers,
    // and "Change your answers" carries them all.
    let record = &body[body.find("class=\"answers-record\"").unwrap()..];
    let record = &record[..record.find("</dl>").unwrap()];
    let quiz = articles()
        .iter()
        .find(|a| a.slug == LIFTING)
        .and_then(|a| a.quiz.as_ref())
        .unwrap();
    for (question, value) in [
        ("warning_signs", "fever"),
        ("your_pain", "severe_or_stopping"),
    ] {
        let label = &quiz
            .question(question)
            .unwrap()
            .choice(value)
            .unwrap()
            .label;
        assert!(record.contains(label.as_str()), "{label}");
        assert!(body.contains(&format!(
            "<input type=\"hidden\" name=\"{question}\" value=\"{value}\">"
        )));
    }
    // With the 999 sign unticked, the same-day note stands alone.
    let fever = answers_with(
        LIFTING,
        &[
            ("your_pain", "severe_or_stopping"),
            ("warning_signs", "fever"),
        ],
    );
    let page = check(LIFTING, &fever).await;
    assert_eq!(page.note_ids(), ["urgent-fever"]);
}

#[actix_web::test]
async fn notes_run_from_most_to_least_serious_and_the_result_lists_them_all() {
    let answers = answers_with(
        LIFTING,
        &[
            ("your_pain", "severe_or_stopping"),
            ("health", "heart_or_blood_pressure"),
        ],
    );
    let page = check(LIFTING, &answers).await;
    let notes = page.notes();
    let body = page.body();
    assert!(body.contains("Your notes (3)"));
    // The list runs most serious first; the notes sit beside their sections.
    let levels: Vec<&str> = body
        .split("<li class=\"level-")
        .skip(1)
        .map(|item| &item[..item.find('"').unwrap()])
        .collect();
    assert_eq!(levels, ["non-urgent", "advice", "advice"]);
    assert!(
        !body.contains("When you have been seen"),
        "no 999 or same-day"
    );
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
            ("warning_signs", "exertional_chest"),
            ("pain_and_lifting", "spreading_or_numb"),
            ("health", "osteoporosis"),
            ("health", "spine_condition"),
        ],
    );
    let page = check(LIFTING, &answers).await;
    assert_eq!(page.outcome().as_deref(), Some("urgent"));
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
    // The way back is a button near the top of the result, inside it and before the list of
    // notes; the end of the page points to it (one copy of the answers on the page).
    let results = &body[body.find("id=\"results\"").unwrap()..];
    let near_top = results
        .find("Change your answers</button>")
        .expect("a button in the result");
    assert!(near_top < results.find("class=\"note-list\"").unwrap());
    assert_eq!(body.matches("Change your answers</button>").count(), 1);
    assert_eq!(body.matches("name=\"change\"").count(), 1);
    assert!(!body.contains("href=\"#check\">Change your answers"));

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
    assert!(step.is_checked("warning_signs", "exertional_chest"));
    assert!(!step.is_checked("warning_signs", "none"));
    assert!(
        step.body().contains(
            "<input type=\"hidden\" name=\"pain_and_lifting\" value=\"spreading_or_numb\">"
        )
    );
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
        notes[0].text.contains("It is getting worse"),
        "{}",
        notes[0].text
    );
}

#[actix_web::test]
async fn a_note_with_two_routes_is_raised_once_naming_every_answer_behind_it() {
    let page = check(
        WEIGHT_LOSS,
        &answers_with(
            WEIGHT_LOSS,
            &[
                ("circumstances", "eating_worries"),
                ("weight_loss", "over_1_kg"),
                ("age_band", "under_18"),
            ],
        ),
    )
    .await;
    let notes: Vec<Note> = (page.notes().into_iter())
        .filter(|n| n.id == "eating-worries-losing-fast")
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", page.note_ids());
    let said = &notes[0].text[notes[0].text.find("You said:").unwrap()..];
    let said = &said[..said.find("</p>").unwrap()];
    assert_eq!(said.matches('“').count(), 3, "{said}");
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
        &answers_with(WEIGHT_LOSS, &[("warning_signs", "fever")]),
    )
    .await;
    let note = page.note("urgent-fever");
    let line = &note.text[note.text.find("class=\"note-source\">").unwrap()..];
    assert!(
        line.starts_with("class=\"note-source\">Sources: <a href="),
        "{line}"
    );
    let quiz = articles()[0].quiz.as_ref().unwrap();
    let sources = quiz.sign("fever").unwrap().sources.len();
    assert!(sources >= 2);
    assert_eq!(
        line.matches("<a href=\"https://").count(),
        sources,
        "{line}"
    );
}
