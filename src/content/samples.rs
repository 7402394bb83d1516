//! A small, valid site for unit tests: one article with two sections, two sources, one
//! warning sign and a quiz with one question and one note. Tests change a line of it to make
//! the problem they are about.

use std::collections::BTreeMap;

pub const ARTICLE: &str = r#"+++
title = "Test article"
slug = "test-article"
description = "A card line."
summary = "A summary."
about = ["Back pain"]
general_advice = ["Keep moving."]
last_reviewed = 2026-11-22
next_review = 2027-11-22
+++
Intro text.[^nhs-back-pain]

## First part {#first}

Body of the first part.

## Second part {#second}

Body of the second part.
"#;

pub const SOURCES: &str = r#"
[[sources]]
id = "nhs-back-pain"
publisher = "NHS"
title = "Back pain"
checked = 2026-11-27
url = "https://www.nhs.uk/conditions/back-pain/"

[[sources]]
id = "nice-ng59"
publisher = "NICE"
title = "Low back pain"
year = 2020
url = "https://www.nice.org.uk/guidance/ng59"
"#;

pub const SIGNS: &str = r#"
[levels.emergency]
card_heading = "Call 999 for:"
outcome = "Call 999 now"
action = "Call **999**."
[levels.urgent]
card_heading = "Get help today for:"
outcome = "Get an appointment today"
action = "Call [NHS 111](https://111.nhs.uk/)."
[levels.non-urgent]
card_heading = "See a GP soon if:"
outcome = "Book an appointment"
action = "Book an appointment."
[levels.self-care]
outcome = "Look after it yourself"
action = "Keep moving."

[sign_question]
name = "warning_signs"
legend = "Any warning signs?"
error = "Tick any warning signs you have, or tick None of these."

[[groups]]
id = "chest"
heading = "Chest and breathing"

[[signs]]
group = "chest"
level = "emergency"
option = "chest_pain"
label = "Chest pain"
hint = "Now, or in the last 12 hours"
follows = "NHS Back pain: back pain with chest pain"
id = "emergency-chest-pain"
title = "Call 999"
body = "It could be your heart."
source = "nhs-back-pain"
"#;

pub const QUIZ: &str = r#"
include = ["warning-signs.toml"]
intro = "A check."

[[questions]]
name = "pain"
type = "radios"
legend = "How bad is it?"
  [[questions.options]]
  value = "mild"
  label = "Mild"
  [[questions.options]]
  value = "severe"
  label = "Severe"

[[notes]]
id = "severe-pain"
level = "non-urgent"
section = "second"
title = "Get it checked"
body = "See someone."
source = "nice-ng59"
card = "your pain is severe"
when = [{ question = "pain", any_of = ["severe"] }]
"#;

pub const SITE: &str = r#"publisher = "Backwise"
contact = "editors@backwise.org"
base_url = "https://backwise.org"
[licence]
name = "CC BY 4.0"
url = "https://creativecommons.org/licenses/by/4.0/"
"#;

/// The named files, with the settings, sources and warning signs every site has unless the
/// list gives its own.
pub fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut files: BTreeMap<String, String> = [
        (crate::content::settings::FILE, SITE),
        (crate::content::SOURCES_FILE, SOURCES),
        (crate::content::WARNING_SIGNS_FILE, SIGNS),
    ]
    .iter()
    .map(|(name, text)| (name.to_string(), text.to_string()))
    .collect();
    files.extend(
        list.iter()
            .map(|(name, text)| (name.to_string(), text.to_string())),
    );
    files
}

/// A figure that passes every check.
pub const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 200" width="640" height="200"><text x="10" y="30">Neck</text></svg>"#;
