//! Quiz answers shared by the site tests and the browser tests: the contract's question names
//! and values, in sets a reader might send.

pub const WEIGHT_LOSS: &str = "weight-loss-and-upper-back-pain";
pub const LIFTING: &str = "weightlifting-and-mid-back-pain";

/// Answers that raise no note, for each article.
pub fn calm_answers(slug: &str) -> Vec<(&'static str, &'static str)> {
    let shared = [
        ("emergency_signs", "none"),
        ("urgent_signs", "none"),
        ("pain_duration", "under_6_weeks"),
        ("pain_trend", "better"),
        ("first_time", "had_before"),
        ("age_band", "20_to_49"),
    ];
    let rest: &[(&str, &str)] = match slug {
        WEIGHT_LOSS => &[
            ("weight_change", "on_purpose"),
            ("loss_rate", "half_to_one_kg"),
            ("strength_training", "two_or_more_days"),
            ("sitting_hours", "under_4"),
            ("circumstances", "none"),
            ("gallstone_signs", "none"),
        ],
        LIFTING => &[
            ("pain_level", "mild"),
            ("readiness", "none"),
            ("diagnosis", "none"),
            ("experience", "over_1_year"),
            ("pain_after_lifting", "soreness_1_2_days"),
            ("progression", "small_steps"),
        ],
        other => panic!("no calm answers for {other}"),
    };
    shared.iter().chain(rest).copied().collect()
}

/// The calm answers with some questions answered differently (all values of a field replaced).
pub fn answers_with(
    slug: &str,
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let changed: Vec<&str> = changes.iter().map(|(name, _)| *name).collect();
    let mut answers: Vec<_> = calm_answers(slug)
        .into_iter()
        .filter(|(name, _)| !changed.contains(name))
        .collect();
    answers.extend_from_slice(changes);
    answers
}
