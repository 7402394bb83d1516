//! schema.org data for an article (`MedicalWebPage`), so that search engines can tell who
//! published it, when it was last reviewed and what it cites. It is JSON in a
//! `<script type="application/ld+json">` block, which browsers never run.

use crate::content::Article;
use crate::content::settings::Settings;

/// The JSON-LD of an article's page, safe to print inside its `<script>` block.
pub fn medical_web_page(article: &Article, settings: &Settings) -> String {
    let publisher = object(&[
        ("@type", string("Organization")),
        ("name", string(&settings.publisher)),
        ("url", string(&settings.url("/"))),
    ]);
    let about: Vec<String> = article
        .about
        .iter()
        .map(|topic| object(&[("@type", string("Thing")), ("name", string(topic))]))
        .collect();
    // Each citation by its address: the page lists the full references once, below.
    let citations: Vec<String> = article.sources.iter().map(|s| string(&s.url)).collect();
    let reviewed = string(&article.last_reviewed.iso());
    object(&[
        ("@context", string("https://schema.org")),
        ("@type", string("MedicalWebPage")),
        ("headline", string(&article.title)),
        ("url", string(&settings.url(&article.url()))),
        ("inLanguage", string("en-GB")),
        ("lastReviewed", reviewed.clone()),
        ("dateModified", reviewed),
        ("about", array(&about)),
        (
            "audience",
            object(&[
                ("@type", string("MedicalAudience")),
                ("audienceType", string("Patient")),
            ]),
        ),
        ("citation", array(&citations)),
        ("publisher", publisher),
        ("license", string(&settings.licence.url)),
    ])
}

fn object(fields: &[(&str, String)]) -> String {
    let inner: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{}:{value}", string(key)))
        .collect();
    format!("{{{}}}", inner.join(","))
}

fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// A JSON string. `<`, `>` and `&` are escaped too, so no text can close the `<script>` block.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn no_text_can_close_the_script_block() {
        assert_eq!(
            string("a</script>\"\\\n"),
            "\"a\\u003c/script\\u003e\\\"\\\\\\u000a\""
        );
    }
}
