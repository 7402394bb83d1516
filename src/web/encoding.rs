//! Content negotiation for gzip, and compressing a whole body in one piece.
//!
//! Bodies are compressed whole, never streamed: a streamed body goes out in small chunked writes,
//! and on a keep-alive connection those meet delayed ACKs and stall for tens of milliseconds.

use actix_web::http::header::{self, HeaderMap};
use flate2::{Compression, write::GzEncoder};
use std::io::Write;

/// How hard to compress: pages rendered once at start-up get the best; per-request pages get
/// level 2, the cheapest level that still builds Huffman tables for the page (level 1 uses fixed
/// tables: half the time, but a quiz result 30% larger, over 13 KiB).
#[derive(Debug, Clone, Copy)]
pub enum Effort {
    Best,
    Fast,
}

pub fn gzip(body: &[u8], effort: Effort) -> Vec<u8> {
    let level = match effort {
        Effort::Best => Compression::best(),
        Effort::Fast => Compression::new(2),
    };
    let mut encoder = GzEncoder::new(Vec::with_capacity(body.len() / 3), level);
    encoder
        .write_all(body)
        .and_then(|()| encoder.finish())
        .expect("gzip into memory cannot fail")
}

/// Whether `Accept-Encoding` allows gzip (and does not rule it out with `q=0`).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    let Some(accept) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    accept.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or("");
        let refused =
            parts.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()) == Some(0.0));
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
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
    fn gzip_is_accepted_unless_refused() {
        assert!(accepts_gzip(&accepting("gzip, deflate, br")));
        assert!(accepts_gzip(&accepting("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(&accepting("*")));
        assert!(!accepts_gzip(&accepting("gzip;q=0")));
        assert!(!accepts_gzip(&accepting("br, identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn a_gzipped_body_decodes_to_the_original() {
        let body = "<p>Backwise</p>".repeat(200);
        for effort in [Effort::Best, Effort::Fast] {
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
