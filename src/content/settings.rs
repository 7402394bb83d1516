//! The site's identity, read from `site.toml` beside the articles: who publishes it, where readers
//! report a mistake, its public address and the licence of its content.

use crate::content::problem::{ContentError, Lines};
use serde::Deserialize;

/// The file the settings are read from, in the content folder.
pub const FILE: &str = "site.toml";

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub publisher: String,
    /// An email address for reporting mistakes.
    pub contact: String,
    /// The public address, such as `https://backwise.org`, with no trailing slash.
    pub base_url: String,
    pub licence: Licence,
    /// In a live preview, the problems of an edit that did not load: every page shows them.
    #[serde(skip)]
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub name: String,
    pub url: String,
}

impl Settings {
    /// Reads and checks `site.toml`. Every problem is returned, each with its line.
    pub fn parse(text: &str) -> Result<Settings, Vec<ContentError>> {
        let mut settings: Settings =
            toml::from_str(text).map_err(|e| vec![ContentError::from_toml(FILE, text, 0, &e)])?;
        settings.base_url = settings.base_url.trim_end_matches('/').to_string();
        let lines = Lines::new(text);
        let line_of = |key: &str| lines.key(key);
        let mut problems = Vec::new();
        if settings.publisher.trim().is_empty() {
            problems.push(ContentError::new(
                FILE,
                line_of("publisher"),
                "`publisher` is empty",
            ));
        }
        if let Err(message) = check_contact(&settings.contact) {
            problems.push(ContentError::new(FILE, line_of("contact"), message));
        }
        if let Err(message) = check_base_url(&settings.base_url) {
            problems.push(ContentError::new(FILE, line_of("base_url"), message));
        }
        if !settings.licence.url.starts_with("https://") {
            let message = "the licence `url` must be an https:// address";
            problems.push(ContentError::new(FILE, line_of("url"), message));
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }

    /// The address of a page of the site, from its path (`/about`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// What still needs setting before the site is published: placeholders left in.
    pub fn placeholders(&self) -> Vec<String> {
        let mut found = Vec::new();
        let domain = self.contact.rsplit('@').next().unwrap_or_default();
        if is_placeholder_host(domain) {
            found.push(format!(
                "the contact address `{}` is a placeholder: set `contact` in {FILE}",
                self.contact
            ));
        }
        if is_placeholder_host(host_of(&self.base_url)) {
            found.push(format!(
                "the base URL `{}` is a placeholder: set `base_url` in {FILE}, or --base-url / BACKWISE_BASE_URL",
                self.base_url
            ));
        }
        found
    }
}

/// A mail address: something before an `@`, and a domain with a dot after it.
fn check_contact(contact: &str) -> Result<(), String> {
    match contact.split_once('@') {
        Some((user, domain))
            if !user.is_empty()
                && domain.contains('.')
                && !contact.contains(char::is_whitespace)
                && !contact.contains(['<', '>', '"', '?']) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "`contact` must be an email address, not `{contact}`"
        )),
    }
}

/// An http(s) address with a host and no path, query or fragment: pages add their own paths.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            format!(
                "the base URL must start with https:// (or http:// for a local test), not `{url}`"
            )
        })?;
    let host = rest.trim_end_matches('/');
    if host.is_empty() || host.contains(['/', '?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "the base URL must be just the site's address, such as https://backwise.org, not `{url}`"
        ));
    }
    Ok(())
}

/// The host of an http(s) address, without its port.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split('/').next().unwrap_or_default();
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Hosts that no public site has: example domains (RFC 2606) and this machine.
fn is_placeholder_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let example = host == "example"
        || host.ends_with(".example")
        || ["example.com", "example.org", "example.net"]
            .iter()
            .any(|e| host == *e || host.ends_with(&format!(".{e}")));
    let local =
        host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "0.0.0.0";
    example || local
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = r#"publisher = "Backwise"
contact = "editors@backwise.org"
base_url = "https://backwise.org/"

[licence]
name = "CC BY 4.0"
url = "https://creativecommons.org/licenses/by/4.0/"
"#;

    fn errors(text: &str) -> Vec<String> {
        Settings::parse(text)
            .expect_err("is refused")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn real_settings_load_and_need_no_change() {
        let settings = Settings::parse(SITE).unwrap();
        assert_eq!(settings.base_url, "https://backwise.org");
        assert_eq!(settings.url("/about"), "https://backwise.org/about");
        assert!(settings.placeholders().is_empty());
    }

    #[test]
    fn placeholders_are_named() {
        let text = SITE
            .replace("backwise.org\"\nbase", "backwise.example\"\nbase")
            .replace("https://backwise.org/", "http://localhost:8080");
        let found = Settings::parse(&text).unwrap().placeholders();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("`editors@backwise.example` is a placeholder"));
        assert!(found[1].contains("`http://localhost:8080` is a placeholder"));
    }

    #[test]
    fn mistakes_name_their_line() {
        assert_eq!(
            errors(&SITE.replace("editors@backwise.org", "editors")),
            ["site.toml:2: `contact` must be an email address, not `editors`"]
        );
        assert_eq!(
            errors(&SITE.replace("https://backwise.org/", "backwise.org")),
            [
                "site.toml:3: the base URL must start with https:// (or http:// for a local test), not `backwise.org`"
            ]
        );
        // Not line 3: `base_url =` holds `url =` too.
        assert_eq!(
            errors(&SITE.replace("https://creativecommons", "http://creativecommons")),
            ["site.toml:7: the licence `url` must be an https:// address"]
        );
        assert!(
            errors(&SITE.replace("https://backwise.org/", "https://backwise.org/x?y"))[0]
                .contains("just the site's address")
        );
        assert!(
            errors(&SITE.replace("publisher = ", "publisher = 1\n#"))[0]
                .starts_with("site.toml:1:")
        );
        assert!(
            errors(&SITE.replace("[licence]", "colour = \"red\"\n[licence]"))[0]
                .contains("unknown field `colour`")
        );
    }
}
