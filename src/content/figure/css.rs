//! CSS in a figure (a `style` attribute or element), read as a browser reads it.

use super::allowed::FORBIDDEN_CSS;
use super::{is_id, outside};

/// What is wrong with some CSS, each as (byte offset in `css`, message). The CSS is read as a
/// browser reads it, escapes first: `@\69mport` is an `@import`, and `u\72l(` a `url(`.
pub(super) fn css_problems(css: &str) -> Vec<(usize, String)> {
    let (read, origin) = unescape_css(css);
    let mut found = Vec::new();
    for (at, _) in read.match_indices('@') {
        let rule: String = read[at + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        if rule != "media" {
            let why = match rule.as_str() {
                "import" => ", which loads another file",
                "font-face" => ", which can load a font",
                _ => "",
            };
            found.push((
                origin[at],
                format!(
                    "the figure's CSS holds `@{rule}`{why}: the only at-rule allowed is `@media`"
                ),
            ));
        }
    }
    for (at, _) in read.match_indices("url(") {
        let target = read[at + 4..]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\''));
        let end = target
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\''))
            .unwrap_or(target.len());
        if !target[..end].strip_prefix('#').is_some_and(is_id) {
            let shown: String = target[..end].chars().take(40).collect();
            found.push((origin[at], outside(&format!("url({shown})"))));
        }
    }
    for (needle, what) in FORBIDDEN_CSS {
        for (at, _) in read.match_indices(needle) {
            found.push((origin[at], format!("the figure's CSS holds {what}")));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// CSS with its escapes read (CSS Syntax, "consume an escaped code point") and lowercased, as
/// the text to check, with, for each of its bytes, the offset in `css` it came from.
///
/// A backslash and 1 to 6 hex digits, with one whitespace after them, is that code point; a
/// backslash and any other character is the character. A backslash before a line break is
/// dropped, joining the lines: in a string that is what a browser does, and anywhere else
/// joining can only find more, never less.
fn unescape_css(css: &str) -> (String, Vec<usize>) {
    let mut read = String::with_capacity(css.len());
    let mut origin = Vec::with_capacity(css.len());
    let mut push = |c: char, at: usize| {
        for lower in c.to_lowercase() {
            read.push(lower);
            origin.extend(std::iter::repeat_n(at, lower.len_utf8()));
        }
    };
    let mut chars = css.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            push(c, at);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 {
            match chars.peek() {
                Some(&(_, digit)) if digit.is_ascii_hexdigit() => {
                    hex.push(digit);
                    chars.next();
                }
                _ => break,
            }
        }
        if hex.is_empty() {
            match chars.next() {
                Some((_, '\n' | '\r' | '\x0c')) => {}
                Some((_, other)) => push(other, at),
                None => push(char::REPLACEMENT_CHARACTER, at),
            }
            continue;
        }
        let decoded = u32::from_str_radix(&hex, 16)
            .ok()
            .and_then(char::from_u32)
            .filter(|c| *c != '\0')
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        push(decoded, at);
        // One whitespace ends a hex escape and belongs to it (a CR LF pair counts as one).
        if let Some(&(_, space)) = chars.peek()
            && matches!(space, ' ' | '\t' | '\n' | '\r' | '\x0c')
        {
            chars.next();
            if space == '\r' && chars.peek().is_some_and(|&(_, c)| c == '\n') {
                chars.next();
            }
        }
    }
    (read, origin)
}
