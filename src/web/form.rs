//! Reading a reader's answers from a request: the checks on its headers, the limits on its
//! body, and a strict reader for `application/x-www-form-urlencoded`. Unlike a lenient decoder
//! it refuses malformed percent-escapes and bytes that are not UTF-8, so a broken request gets
//! a clear 400 instead of answers silently altered.

use crate::content::quiz::{Answers, MAX_FORM_BYTES};
use actix_web::http::header::{self, HeaderName};
use actix_web::{HttpRequest, web};
use std::time::Duration;

/// How long a quiz body may take to arrive, like the deadline actix sets on the headers: a
/// client that stalls part way through its body must not hold a connection open for ever.
pub const BODY_DEADLINE: Duration = Duration::from_secs(5);

/// Why a request's answers were refused or could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Sent from another site's page.
    CrossSite,
    /// Not `application/x-www-form-urlencoded`.
    NotAForm,
    /// Compressed or otherwise encoded (`Content-Encoding`): the form never sends that.
    Encoded,
    /// Longer than any answers can be.
    TooLarge,
    /// Not all there by [`BODY_DEADLINE`].
    TooSlow,
    Unreadable(FormError),
}

impl From<FormError> for Refusal {
    fn from(error: FormError) -> Refusal {
        Refusal::Unreadable(error)
    }
}

/// The answers in a quiz request, after the checks a browser's own form always passes: from
/// this site (`site_url` is its public base URL), a plain form, no longer than
/// [`MAX_FORM_BYTES`], all there within [`BODY_DEADLINE`].
pub async fn read_answers(
    req: &HttpRequest,
    body: web::Payload,
    site_url: &str,
) -> Result<Answers, Refusal> {
    let header = |name: HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok());
    if from_another_site(req, site_url) {
        return Err(Refusal::CrossSite);
    }
    let is_form = header(header::CONTENT_TYPE).is_some_and(|ct| {
        ct.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    });
    if !is_form {
        return Err(Refusal::NotAForm);
    }
    // Even `identity`: the form never labels its body, and a label is a client's claim that the
    // bytes are not the form as written.
    if req.headers().contains_key(header::CONTENT_ENCODING) {
        return Err(Refusal::Encoded);
    }
    let declared = header(header::CONTENT_LENGTH).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_FORM_BYTES) {
        return Err(Refusal::TooLarge);
    }
    let bytes = match within_deadline(body.to_bytes_limited(MAX_FORM_BYTES)).await {
        None => return Err(Refusal::TooSlow),
        Some(Ok(Ok(bytes))) => bytes,
        Some(Ok(Err(_))) => return Err(FormError::CutShort.into()),
        Some(Err(_)) => return Err(Refusal::TooLarge),
    };
    Ok(parse_form(&bytes)?.into())
}

/// Whether the request says it comes from another site's page. Browsers say so in
/// `Sec-Fetch-Site`; those too old to send it still send `Origin` with a form post, which must
/// then be this site: the address the request was sent to (`Host`) or the public base URL. No
/// `Origin`, or `Origin: null` (what browsers send for a post from a page with
/// `Referrer-Policy: no-referrer`, as this site's pages are), is not evidence of another site.
fn from_another_site(req: &HttpRequest, site_url: &str) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return site == "cross-site";
    }
    let Some(origin) = header("origin").map(str::trim) else {
        return false;
    };
    if origin == "null" {
        return false;
    }
    let authority = |url: &str| {
        url.split_once("://")
            .map_or(url, |(_, rest)| rest)
            .trim_end_matches('/')
            .to_ascii_lowercase()
    };
    let origin = authority(origin);
    let host = header("host").map(|h| h.trim().to_ascii_lowercase());
    host.as_deref() != Some(origin.as_str()) && authority(site_url) != origin
}

/// `read`, given [`BODY_DEADLINE`] to finish. A form body nearly always arrives with its headers,
/// so `read` is tried once first: the timer, which costs more than the rest of reading the form,
/// is started only for a body still on its way.
async fn within_deadline<F: std::future::Future>(read: F) -> Option<F::Output> {
    let mut read = std::pin::pin!(read);
    let first_try = std::future::poll_fn(|cx| std::task::Poll::Ready(read.as_mut().poll(cx))).await;
    match first_try {
        std::task::Poll::Ready(output) => Some(output),
        std::task::Poll::Pending => actix_web::rt::time::timeout(BODY_DEADLINE, read).await.ok(),
    }
}

/// Why a form body could not be read, in words that finish "The form could not be read: ...".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("the form data has a broken %-escape")]
    BadPercentEscape,
    #[error("the form data is not valid UTF-8 text")]
    NotUtf8,
    #[error("the request body was cut short")]
    CutShort,
}

/// The (name, value) pairs of a form body, in the order sent. Empty pieces (`a=1&&b=2`) are skipped.
pub fn parse_form(body: &[u8]) -> Result<Vec<(String, String)>, FormError> {
    body.split(|&b| b == b'&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = match piece.iter().position(|&b| b == b'=') {
                Some(i) => (&piece[..i], &piece[i + 1..]),
                None => (piece, &[][..]),
            };
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

fn decode(raw: &[u8]) -> Result<String, FormError> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = raw.get(i + 1..i + 3).ok_or(FormError::BadPercentEscape)?;
                let high = hex_value(hex[0]).ok_or(FormError::BadPercentEscape)?;
                let low = hex_value(hex[1]).ok_or(FormError::BadPercentEscape)?;
                bytes.push(high << 4 | low);
                i += 2;
            }
            b => bytes.push(b),
        }
        i += 1;
    }
    String::from_utf8(bytes).map_err(|_| FormError::NotUtf8)
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(body: &str) -> Vec<(String, String)> {
        parse_form(body.as_bytes()).unwrap()
    }

    #[test]
    fn repeated_names_keep_every_value_in_order() {
        assert_eq!(
            pairs("a=1&b=x+y&a=%32"),
            [("a", "1"), ("b", "x y"), ("a", "2")].map(|(n, v)| (n.to_string(), v.to_string()))
        );
    }

    #[test]
    fn empty_pieces_and_bare_names_are_read() {
        assert_eq!(
            pairs("&&a&b="),
            [("a".into(), "".into()), ("b".into(), "".into())]
        );
        assert!(pairs("").is_empty());
    }

    #[test]
    fn percent_escapes_decode_to_utf8() {
        assert_eq!(pairs("q=%C3%A9%26")[0].1, "é&");
    }

    #[test]
    fn broken_escapes_are_refused() {
        for body in ["a=%", "a=%4", "a=%zz", "%g1=b"] {
            assert_eq!(
                parse_form(body.as_bytes()),
                Err(FormError::BadPercentEscape),
                "{body}"
            );
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused() {
        assert_eq!(parse_form(b"a=%FF"), Err(FormError::NotUtf8));
        assert_eq!(parse_form(b"a=\xff"), Err(FormError::NotUtf8));
    }
}
