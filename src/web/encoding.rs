//! Content negotiation for gzip, compressing a whole body in one piece, and joining parts
//! compressed apart into one gzip stream.
//!
//! Bodies are compressed whole, never streamed: a streamed body goes out in small chunked writes,
//! and on a keep-alive connection those meet delayed ACKs and stall for tens of milliseconds.
//!
//! A result page is mostly the article, the same for every reader: its parts are compressed once
//! at start-up ([`Deflated`]), and per request only what changes is compressed and the pieces
//! joined ([`gzip_parts`]). Each part is raw deflate ending on a flush that starts no new
//! dictionary, so it refers to nothing before it and any sequence of parts is a valid stream; a
//! final empty block, the CRC-32 combined from the parts' CRCs and the length close it.

use actix_web::http::header::{self, HeaderMap};
use flate2::{Compress, Compression, Crc, FlushCompress, write::GzEncoder};
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

/// Text compressed as a stand-alone piece of a deflate stream, with its CRC-32 and length.
pub struct Deflated {
    pub plain: String,
    deflated: Vec<u8>,
    crc: Crc,
}

impl Deflated {
    /// `plain` compressed on its own, as hard as start-up can afford.
    pub fn new(plain: String) -> Deflated {
        let mut compressor = Compress::new(Compression::best(), false);
        let mut deflated = Vec::new();
        deflate_part(&mut compressor, plain.as_bytes(), &mut deflated);
        let mut crc = Crc::new();
        crc.update(plain.as_bytes());
        Deflated {
            plain,
            deflated,
            crc,
        }
    }

    pub fn len(&self) -> usize {
        self.deflated.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plain.is_empty()
    }
}

/// One piece of a page to join: compressed at start-up, or text to compress now.
pub enum Part<'a> {
    Ready(&'a Deflated),
    Fresh(&'a str),
}

impl<'a> Part<'a> {
    fn text(&self) -> &'a [u8] {
        match *self {
            Part::Ready(d) => d.plain.as_bytes(),
            Part::Fresh(text) => text.as_bytes(),
        }
    }
}

/// The gzip header: deflate, no name, no time, unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// A final, empty deflate block with fixed codes: it ends the stream.
const FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

/// How much of the page already sent a part compressed per request may refer back to: the
/// decoder holds the text before each part in its window, so the part can use it as its
/// dictionary. More finds more repeats, and costs more to index per request.
const DICTIONARY: usize = 8 * 1024;

/// One gzip stream of the parts in order, the fresh ones compressed now (at the per-request
/// level, each primed with the text just before it). It decodes to the parts' text joined.
pub fn gzip_parts(parts: &[Part<'_>]) -> Vec<u8> {
    let ready: usize = parts
        .iter()
        .map(|p| match p {
            Part::Ready(d) => d.len(),
            Part::Fresh(text) => text.len() / 3,
        })
        .sum();
    let mut out = Vec::with_capacity(GZIP_HEADER.len() + ready + 16);
    out.extend_from_slice(&GZIP_HEADER);
    let mut crc = Crc::new();
    let mut dictionary = Vec::with_capacity(DICTIONARY);
    for (index, part) in parts.iter().enumerate() {
        match part {
            Part::Ready(deflated) => {
                out.extend_from_slice(&deflated.deflated);
                crc.combine(&deflated.crc);
            }
            Part::Fresh(text) if !text.is_empty() => {
                text_before(parts[..index].iter().map(Part::text), &mut dictionary);
                FRESH.with_borrow_mut(|compressor| {
                    compressor.reset();
                    if !dictionary.is_empty() {
                        compressor
                            .set_dictionary(&dictionary)
                            .expect("a dictionary for a fresh compressor");
                    }
                    deflate_part(compressor, text.as_bytes(), &mut out);
                });
                let mut part_crc = Crc::new();
                part_crc.update(text.as_bytes());
                crc.combine(&part_crc);
            }
            Part::Fresh(_) => {}
        }
    }
    out.extend_from_slice(&FINAL_BLOCK);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
    out
}

/// The compression level of what is compressed per request: the cheapest with Huffman tables of
/// its own (level 1 uses fixed ones, and the page grows by a sixth). Levels from 4 search lazily
/// and took twice as long for 3% fewer bytes; the dictionary, not the level, keeps the page in
/// 14 KiB.
const FRESH_LEVEL: u32 = 2;

thread_local! {
    /// One compressor a worker thread reuses: making one allocates and clears its tables.
    static FRESH: std::cell::RefCell<Compress> =
        std::cell::RefCell::new(Compress::new(Compression::new(FRESH_LEVEL), false));
}

/// The last `DICTIONARY` bytes of the texts, in order, into `dictionary`.
fn text_before<'a>(texts: impl DoubleEndedIterator<Item = &'a [u8]>, dictionary: &mut Vec<u8>) {
    let mut pieces: Vec<&[u8]> = Vec::new();
    let mut wanted = DICTIONARY;
    for text in texts.rev() {
        if wanted == 0 {
            break;
        }
        let take = text.len().min(wanted);
        pieces.push(&text[text.len() - take..]);
        wanted -= take;
    }
    dictionary.clear();
    for piece in pieces.iter().rev() {
        dictionary.extend_from_slice(piece);
    }
}

/// Compresses `plain` onto the end of `out` as raw deflate, ending on a full flush: byte-aligned,
/// not final, and referring to nothing before it.
fn deflate_part(compressor: &mut Compress, plain: &[u8], out: &mut Vec<u8>) {
    let start_in = compressor.total_in();
    loop {
        out.reserve(plain.len() / 2 + 64);
        let done = (compressor.total_in() - start_in) as usize;
        compressor
            .compress_vec(&plain[done..], out, FlushCompress::Full)
            .expect("deflate into memory cannot fail");
        // The flush is complete once the compressor left room unused in the output.
        let all_in = (compressor.total_in() - start_in) as usize == plain.len();
        if all_in && out.len() < out.capacity() {
            break;
        }
    }
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

    fn gunzip(bytes: &[u8]) -> String {
        let mut text = String::new();
        GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .expect("a valid gzip stream, CRC and length checked");
        text
    }

    #[test]
    fn parts_compressed_apart_join_into_one_valid_stream() {
        let fixed = Deflated::new("<p>The article, the same for everyone. ".repeat(200));
        let tail = Deflated::new("</p><footer>the end</footer>".into());
        let fresh = "<p>The reader's own notes</p>".repeat(30);
        let stream = gzip_parts(&[
            Part::Fresh("<html><title>Yours</title>"),
            Part::Ready(&fixed),
            Part::Fresh(&fresh),
            Part::Fresh(""),
            Part::Ready(&tail),
        ]);
        let expected = format!(
            "<html><title>Yours</title>{}{fresh}{}",
            fixed.plain, tail.plain
        );
        assert_eq!(gunzip(&stream), expected);
        assert!(stream.len() < expected.len() / 4, "{} bytes", stream.len());
        assert_eq!(gunzip(&gzip_parts(&[])), "");
    }

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
