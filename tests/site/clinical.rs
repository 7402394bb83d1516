//! The clinical review's must-fix items as a reader would meet them: no lower note contradicts
//! a higher one, and the signs that need 999 are asked as 999 signs.

use crate::support::*;
use actix_web::http::StatusCode;
use backwise::content::quiz::Level;

async fn notes_for(slug: &str, changes: &[(&'static str, &'static str)]) -> Vec<String> {
    let page = check(slug, &answers_with(slug, changes)).await;
    assert_eq!(page.status, StatusCode::OK, "{changes:?}");
    page.note_ids()
}

fn assert_absent(ids: &[String], absent: &[&str], context: &str) {
    for id in absent {
        assert!(!ids.iter().any(|i| i == id), "{context}: `{id}` in {ids:?}");
    }
}

/// M2: no pace target or body-shape advice for those who should not diet or are not dieting.
#[actix_web::test]
async fn no_diet_pace_advice_for_pregnancy_eating_worries_or_children() {
    let diet_advice = [
        "losing-too-fast",
        "add-strength-training",
        "protect-your-bones",
    ];
    for (changes, kept) in [
        (
            &[
                ("circumstances", "pregnant_or_breastfeeding"),
                ("weight_loss", "over_1_kg"),
                ("strength_training", "less_often"),
            ][..],
            "pregnancy-talk-first",
        ),
        (
            &[
                ("circumstances", "eating_worries"),
                ("weight_loss", "over_1_kg"),
                ("strength_training", "less_often"),
            ][..],
            "eating-worries-get-support",
        ),
        (
            &[
                ("age_band", "under_18"),
                ("weight_loss", "over_1_kg"),
                ("strength_training", "less_often"),
            ][..],
            "under-18-talk-first",
        ),
    ] {
        let ids = notes_for(WEIGHT_LOSS, changes).await;
        assert!(ids.iter().any(|i| i == kept), "{changes:?}: {ids:?}");
        assert_absent(&ids, &diet_advice, &format!("{changes:?}"));
    }
    let without_trying = notes_for(
        WEIGHT_LOSS,
        &[
            ("warning_signs", "weight_loss_unexplained"),
            ("weight_loss", "not_losing"),
            ("age_band", "65_plus"),
            ("strength_training", "less_often"),
        ],
    )
    .await;
    assert_eq!(without_trying, ["urgent-weight-loss-unexplained"]);
}

/// M4: no advice to start or add to lifting beside a heart, aorta or sudden-pain note.
#[actix_web::test]
async fn no_lifting_advice_beside_a_heart_aorta_or_sudden_pain_note() {
    let lifting_advice = ["new-lifter-start-light", "progress-in-small-steps"];
    for changes in [
        &[("warning_signs", "exertional_chest"), ("lifting", "new")][..],
        &[
            ("warning_signs", "exertional_chest"),
            ("lifting", "big_jumps"),
        ][..],
        &[("warning_signs", "chest_pain"), ("lifting", "new")][..],
        &[
            ("warning_signs", "sudden_during_lift"),
            ("lifting", "big_jumps"),
        ][..],
        &[("health", "aorta_or_connective"), ("lifting", "big_jumps")][..],
        &[("health", "aorta_or_connective"), ("lifting", "new")][..],
    ] {
        let ids = notes_for(LIFTING, changes).await;
        assert_absent(&ids, &lifting_advice, &format!("{changes:?}"));
        assert!(!ids.is_empty(), "{changes:?}");
    }
}

/// M3 and S3: sudden weakness, a drooping face or slurred speech is a 999 sign, and the sepsis
/// sign does not ask for a fever.
#[actix_web::test]
async fn stroke_and_sepsis_signs_are_emergencies_without_a_fever() {
    for article in articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let stroke = quiz.sign("stroke_signs").expect("a stroke sign");
        assert_eq!(stroke.level, Level::Emergency);
        assert!(
            stroke.label.contains("drooping face") && stroke.label.starts_with("Sudden"),
            "{}",
            stroke.label
        );
        let sepsis = quiz.sign("sepsis_signs").unwrap();
        assert_eq!(sepsis.level, Level::Emergency);
        let sepsis_text = format!("{} {:?}", sepsis.label, sepsis.hint).to_lowercase();
        assert!(!sepsis_text.contains("fever"), "{sepsis_text}");
        let gradual = quiz.sign("weakness_worsening").unwrap();
        assert_eq!(gradual.level, Level::Urgent);
        assert!(
            gradual.label.contains("getting weaker"),
            "{}",
            gradual.label
        );
    }
    let page = check(LIFTING, &[("warning_signs", "weakness_worsening")]).await;
    let note = page.note("urgent-weakness-worsening");
    // The number to call is a link a phone can call with one tap.
    assert!(
        note.text
            .contains("Call <a href=\"tel:999\">999</a> if weakness comes on suddenly"),
        "{}",
        note.text
    );
}

/// The current NHS gallstones levels: more than 30 minutes is urgent; sudden severe pain, pain
/// to the back with being sick, shivering or yellow skin is 999.
#[actix_web::test]
async fn gallstone_signs_follow_the_current_nhs_levels() {
    for (value, outcome) in [
        ("pain_over_30_minutes", "urgent"),
        ("sudden_severe_tummy", "emergency"),
        ("yellow_or_shivery", "emergency"),
    ] {
        let page = check(WEIGHT_LOSS, &[("warning_signs", value)]).await;
        assert_eq!(page.outcome().as_deref(), Some(outcome), "{value}");
    }
    let both = check(
        WEIGHT_LOSS,
        &[
            ("warning_signs", "pain_over_30_minutes"),
            ("warning_signs", "yellow_or_shivery"),
        ],
    )
    .await;
    assert_eq!(
        both.note_ids(),
        ["emergency-gallstone-yellow-or-shivery"],
        "one gallstone note"
    );
    let page = get(&format!("/articles/{WEIGHT_LOSS}")).await;
    assert!(!page.body().contains("8 hours"), "the old level is gone");
}

/// S9: very dark pee after hard exercise is asked about, at the same-day level.
#[actix_web::test]
async fn muscle_breakdown_after_hard_exercise_gets_same_day_help() {
    let page = check(LIFTING, &[("warning_signs", "dark_urine")]).await;
    assert_eq!(page.outcome().as_deref(), Some("urgent"));
    assert!(
        page.note("urgent-muscle-breakdown")
            .text
            .contains("A&amp;E")
    );
}
