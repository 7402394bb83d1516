//! Tap to call: wherever a card or a note tells the reader to call 999 or 111, the number is a
//! `tel:` link, so a reader on a phone calls with one tap.

use crate::support::*;

/// The numbers a reader is told to call.
const NUMBERS: [&str; 2] = ["999", "111"];

/// The text of `html` outside every link, tags dropped: where a number would be shown without a
/// way to call it. (A link's own words, "NHS 111 online" say, are its address's business.)
fn text_outside_links(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let tag_end = start + rest[start..].find('>').expect("tags close");
        let after = &rest[tag_end + 1..];
        rest = if rest[start..].starts_with("<a ") {
            &after[after.find("</a>").expect("links close") + 4..]
        } else {
            after
        };
        text.push(' ');
    }
    text.push_str(rest);
    text
}

/// The numbers in `html` that are shown but cannot be tapped.
fn numbers_not_linked(html: &str) -> Vec<String> {
    text_outside_links(html)
        .split(|c: char| !c.is_ascii_digit())
        .filter(|token| NUMBERS.contains(token))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_check_for_numbers_finds_one_shown_bare() {
    assert_eq!(
        numbers_not_linked("<p>Call <strong>999</strong> now.</p>"),
        ["999"]
    );
    assert_eq!(numbers_not_linked("<p>Or (GP or 111).</p>"), ["111"]);
    let linked = r#"<p>Call <a href="tel:999"><strong>999</strong></a>, or use <a href="https://111.nhs.uk/">NHS 111 online</a>. Samaritans: 116 123.</p>"#;
    assert!(numbers_not_linked(linked).is_empty());
}

#[test]
fn every_card_and_note_gives_its_number_as_a_link_to_call() {
    let mut bare = Vec::new();
    let mut linked = 0;
    for article in articles() {
        let Some(quiz) = &article.quiz else { continue };
        let mut said: Vec<(String, String)> = Vec::new();
        for note in &quiz.notes {
            said.push((format!("note {}", note.id), note.body.to_string()));
        }
        for outcome in &quiz.outcomes {
            said.push((
                format!("outcome {}", outcome.key),
                outcome.action.to_string(),
            ));
        }
        for card in &article.care {
            said.push((format!("card {}", card.heading), card.action.to_string()));
            for line in &card.signs {
                said.push((
                    format!("card line in {}", card.heading),
                    format!("{line:?}"),
                ));
            }
        }
        for advice in &article.general_advice {
            said.push(("general advice".into(), advice.to_string()));
        }
        for (what, html) in said {
            linked += NUMBERS
                .iter()
                .map(|n| html.matches(&format!("href=\"tel:{n}\"")).count())
                .sum::<usize>();
            for number in numbers_not_linked(&html) {
                bare.push(format!(
                    "{}: {what} says {number} without a link: {html}",
                    article.file
                ));
            }
        }
    }
    assert!(bare.is_empty(), "{}", bare.join("\n"));
    assert!(linked > 0, "no card or note gives a number to call");
}

#[actix_web::test]
async fn the_footer_of_every_page_gives_999_as_a_link_to_call() {
    let mut pages = vec![
        get("/").await,
        get("/about").await,
        get("/no/such/page").await,
    ];
    for slug in slugs() {
        pages.push(get(&format!("/articles/{slug}")).await);
        pages.push(check(slug, &every_level_answers(slug)).await);
    }
    for page in pages {
        let body = page.body();
        let footer = &body[body
            .find("<footer class=\"site-footer\"")
            .expect("a footer")..];
        assert!(footer.contains("<a href=\"tel:999\">999</a>"), "{footer}");
        assert!(numbers_not_linked(footer).is_empty(), "{footer}");
    }
}
