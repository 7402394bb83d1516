//! Content negotiation for gzip, and compressing a whole body in one piece.
//!
//! Bodies are compressed whole, never streamed: a streamed body goes out in small chunked writes,
//! and on a keep-alive connection those meet delayed ACKs and stall for tens of milliseconds.

use actix_web::http::header::{self, HeaderMap};
use flate2::{Compression, write::GzEncoder};
use std::io::Write;

/// How hard to compress a whole body: pages rendered once at start-up get the best; pages made
/// per request (a result, a step of the self-check, an error page) a level chosen in
/// `bench/README.md` for its size against its time.
#[derive(Debug, Clone, Copy)]
pub enum Effort {
    Best,
    PerRequest,
}

/// zlib's level for a page made per request.
pub const PER_REQUEST_LEVEL: u32 = 4;

pub fn gzip(body: &[u8], effort: Effort) -> Vec<u8> {
    let level = match effort {
        Effort::Best => Compression::best(),
        Effort::PerRequest => Compression::new(PER_REQUEST_LEVEL),
    };
    let mut encoder = GzEncoder::new(Vec::with_capacity(body.len() / 3), level);
    encoder
        .write_all(body)
        .and_then(|()| encoder.finish())
        .expect("gzip into memory cannot fail")
}

/// Whether `Accept-Encoding` allows gzip, as RFC 9110 (12.5.3) reads it: `gzip` (or its alias
/// `x-gzip`) listed with a weight above 0, or else `*` with a weight above 0. A coding listed by
/// name wins over `*`, so `gzip;q=0, *` refuses gzip. No header: plain text, always allowed.
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    let Some(accept) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut gzip = None;
    let mut any = None;
    for item in accept.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or("");
        let Some(weight) = weight(parts) else {
            continue; // a malformed weight: the item says nothing
        };
        if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            gzip = Some(weight);
        } else if coding == "*" {
            any = Some(weight);
        }
    }
    gzip.or(any).is_some_and(|weight| weight > 0.0)
}

/// An item's weight (`q=`, 1 when absent), or `None` when it is not a number from 0 to 1.
fn weight<'a>(mut params: impl Iterator<Item = &'a str>) -> Option<f32> {
    let q = params.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim().eq_ignore_ascii_case("q").then(|| value.trim())
    });
    match q {
        None => Some(1.0),
        Some(value) => value
            .parse::<f32>()
            .ok()
            .filter(|w| (0.0..=1.0).contains(w)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;
    use flate2::read::GzDecoder;
    use std::io::Read;

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn gzip_is_accepted_when_listed_with_a_weight() {
        assert!(accepts_gzip(&accepting("gzip, deflate, br")));
        assert!(accepts_gzip(&accepting("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(&accepting("x-gzip")));
        assert!(accepts_gzip(&accepting("gzip; Q=0.001")));
    }

    #[test]
    fn a_star_stands_for_gzip_only_when_gzip_is_not_named() {
        assert!(accepts_gzip(&accepting("*")));
        assert!(accepts_gzip(&accepting("br, *;q=0.1")));
        assert!(!accepts_gzip(&accepting("gzip;q=0, *")));
        assert!(!accepts_gzip(&accepting("*, gzip;q=0")));
        assert!(accepts_gzip(&accepting("*;q=0, gzip")));
        assert!(!accepts_gzip(&accepting("*;q=0")));
    }

    #[test]
    fn gzip_is_refused_with_weight_zero_unlisted_or_no_header() {
        assert!(!accepts_gzip(&accepting("gzip;q=0")));
        assert!(!accepts_gzip(&accepting("gzip;q=0.000")));
        assert!(!accepts_gzip(&accepting("br, identity")));
        assert!(!accepts_gzip(&accepting("")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn a_malformed_weight_is_ignored() {
        assert!(!accepts_gzip(&accepting("gzip;q=high")));
        assert!(!accepts_gzip(&accepting("gzip;q=2")));
        assert!(accepts_gzip(&accepting("gzip;q=x, *")));
    }

    #[test]
    fn a_gzipped_body_decodes_to_the_original() {
        let body = "<p>Backwise</p>".repeat(200);
        for effort in [Effort::Best, Effort::PerRequest] {
            let packed = gzip(body.as_bytes(), effort);
            assert!(packed.len() < body.len() / 10);
            let mut unpacked = String::new();
            GzDecoder::new(&packed[..])
                .read_to_string(&mut unpacked)
                .unwrap();
            assert_eq!(unpacked, body);
        }
    }
}
