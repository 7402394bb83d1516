//! Links out of a result page open in a new tab, and say so. A result is never cached (it is
//! health data), so following a link in the same tab and pressing Back would lose it, as
//! GOV.UK warns for pages that hold what a reader entered. The rewrite is done once, when the
//! content loads ([`crate::content::Article::for_result_page`]), never per request.

/// What a screen reader hears at the end of each such link; sighted readers are told once, in
/// the box beside the result.
pub const SAYS_SO: &str = "<span class=\"visually-hidden\"> (opens in new tab)</span>";

/// The page with every link that leaves it opening in a new tab. Links within the page (`#`),
/// and phone numbers and mail addresses, which open another app and leave the page as it is,
/// are left alone. The HTML is the site's own templates' output, so
/// every link is written `<a href="...">...</a>`, never nested.
pub fn open_in_new_tab(html: &str) -> String {
    if !html.contains("<a ") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = rest.find("<a ") {
        out.push_str(&rest[..start]);
        let link = &rest[start..];
        let Some(tag_end) = link.find('>') else {
            break;
        };
        let tag = &link[..tag_end];
        let leaves = tag
            .split_once("href=\"")
            .is_some_and(|(_, href)| !["#", "tel:", "mailto:"].iter().any(|p| href.starts_with(p)));
        match link.find("</a>").filter(|_| leaves) {
            Some(close) => {
                match tag.split_once(" rel=\"") {
                    // A link that has a `rel` already (the licence's) gets `noopener` added.
                    Some((before, rel)) => {
                        out.push_str(before);
                        out.push_str(" target=\"_blank\" rel=\"noopener ");
                        out.push_str(rel);
                        out.push('>');
                    }
                    None => {
                        out.push_str(tag);
                        out.push_str(" target=\"_blank\" rel=\"noopener\">");
                    }
                }
                out.push_str(&link[tag_end + 1..close]);
                out.push_str(SAYS_SO);
                out.push_str("</a>");
                rest = &link[close + 4..];
            }
            None => {
                out.push_str(&link[..tag_end + 1]);
                rest = &link[tag_end + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_out_open_in_a_new_tab_and_say_so() {
        let html = r##"<p><a href="/about">About</a> and <a class="cite" href="https://nhs.uk/">NHS</a></p>"##;
        assert_eq!(
            open_in_new_tab(html),
            r##"<p><a href="/about" target="_blank" rel="noopener">About<span class="visually-hidden"> (opens in new tab)</span></a> and <a class="cite" href="https://nhs.uk/" target="_blank" rel="noopener">NHS<span class="visually-hidden"> (opens in new tab)</span></a></p>"##
        );
    }

    #[test]
    fn a_link_with_a_rel_keeps_it_and_gains_noopener() {
        let html = r#"<a href="https://creativecommons.org/" rel="license">CC BY</a>"#;
        assert_eq!(
            open_in_new_tab(html),
            r#"<a href="https://creativecommons.org/" target="_blank" rel="noopener license">CC BY<span class="visually-hidden"> (opens in new tab)</span></a>"#
        );
    }

    #[test]
    fn links_within_the_page_stay_as_they_are() {
        let html =
            r##"<a href="#check">Change</a> <a class="skip-link" href="#main">Skip</a> text"##;
        assert_eq!(open_in_new_tab(html), html);
    }

    #[test]
    fn phone_numbers_and_mail_addresses_stay_as_they_are() {
        let html = r#"Call <a href="tel:999">999</a> or <a href="mailto:a@b.c">write</a>"#;
        assert_eq!(open_in_new_tab(html), html);
    }
}
