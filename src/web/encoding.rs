//! Content negotiation for gzip, compressing a whole body in one piece, and joining parts
//! compressed apart into one gzip stream.
//!
//! Bodies are compressed whole, never streamed: a streamed body goes out in small chunked writes,
//! and on a keep-alive connection those meet delayed ACKs and stall for tens of milliseconds.
//!
//! A result page is mostly text the same for every reader: its parts are compressed once at
//! start-up ([`Deflated`]), and per request only the reader's own text is compressed and the
//! pieces joined ([`GzipJoin`]). Each part is raw deflate ending byte-aligned on a full flush,
//! so parts follow one another in one stream; a part compressed as the continuation of some
//! text is used only where that text stands just before it. A final empty block, the CRC-32
//! and the length close the stream.

use crate::web::crc32::{PieceCrc, RunningCrc};
use crate::web::quick_deflate::QuickDeflate;
use actix_web::http::header::{self, HeaderMap};
use flate2::{Compress, Compression, FlushCompress, write::GzEncoder};
use std::io::Write;
use std::sync::Arc;

/// How hard to compress a whole body: pages rendered once at start-up get the best; pages made
/// whole per request (a step of the self-check, an error page) get level 2, the cheapest level
/// that still builds Huffman tables for the page.
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

/// How far back a deflate back-reference reaches.
const WINDOW: usize = 32 * 1024;

/// A window big enough for a note and the note before it.
const SMALL_WINDOW: usize = 4 * 1024;

/// Text compressed as a piece of a deflate stream, ending byte-aligned. The text is shared
/// between the forms of it compressed after different texts.
pub struct Deflated {
    pub plain: Arc<str>,
    deflated: Vec<u8>,
    crc: PieceCrc,
}

impl Deflated {
    /// `plain` compressed on its own, as hard as start-up can afford.
    pub fn new(plain: impl Into<Arc<str>>) -> Deflated {
        Deflated::after("", plain)
    }

    /// `plain` compressed as the continuation of `before`: its back-references may reach into
    /// `before` (its last 32 KiB), so it is right only where the page has `before` just ahead.
    pub fn after(before: &str, plain: impl Into<Arc<str>>) -> Deflated {
        let plain = plain.into();
        Deflated {
            deflated: deflate_after(before, &plain),
            crc: PieceCrc::of(plain.as_bytes()),
            plain,
        }
    }

    /// The same text compressed as the continuation of `before`.
    pub fn again_after(&self, before: &str) -> Deflated {
        Deflated {
            deflated: deflate_after(before, &self.plain),
            crc: self.crc,
            plain: self.plain.clone(),
        }
    }

    pub fn len(&self) -> usize {
        self.deflated.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plain.is_empty()
    }
}

/// Where a page assembled from pieces goes: into a `String` as it is, or into one gzip stream.
pub trait Assemble {
    /// Text compressed at start-up.
    fn ready(&mut self, part: &Deflated);

    /// A note or card compressed at start-up: the reader's own text after it may name its
    /// title or answers again.
    fn fragment(&mut self, part: &Deflated) {
        self.ready(part);
    }

    /// Text of this page alone.
    fn text(&mut self, text: &str);

    /// `n` spaces, which fill a slot to its width.
    fn padding(&mut self, n: usize) {
        let mut left = n;
        while left > 0 {
            let take = left.min(SPACES.len());
            self.text(&SPACES[..take]);
            left -= take;
        }
    }
}

/// Spaces to pad with, a run at a time.
const SPACES: &str = match str::from_utf8(&[b' '; 256]) {
    Ok(spaces) => spaces,
    Err(_) => panic!("spaces are UTF-8"),
};

impl Assemble for String {
    fn ready(&mut self, part: &Deflated) {
        self.push_str(&part.plain);
    }

    fn text(&mut self, text: &str) {
        self.push_str(text);
    }
}

/// The gzip header: deflate, no name, no time, unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// A final, empty deflate block with fixed codes: it ends the stream.
const FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

/// One gzip stream of pieces in order. Parts compressed at start-up are copied in as they are;
/// each run of text between them is compressed when the next part (or the end) comes, by
/// [`QuickDeflate`], which may refer back to earlier runs.
pub struct GzipJoin<'q> {
    out: Vec<u8>,
    quick: &'q mut QuickDeflate,
    /// How long the page is so far.
    length: usize,
    /// The text since the last part, not yet compressed, and where it stands in the page; then
    /// the spaces that follow it.
    run: String,
    run_at: usize,
    spaces: usize,
    crc: RunningCrc,
    /// How much of `run` `crc` has taken in.
    crc_upto: usize,
}

impl<'q> GzipJoin<'q> {
    /// `gzip_len` is a guess of the size, to allocate once.
    pub fn new(quick: &'q mut QuickDeflate, gzip_len: usize) -> GzipJoin<'q> {
        quick.reset();
        let mut out = Vec::with_capacity(gzip_len);
        out.extend_from_slice(&GZIP_HEADER);
        GzipJoin {
            out,
            quick,
            length: 0,
            run: String::new(),
            run_at: 0,
            spaces: 0,
            crc: RunningCrc::default(),
            crc_upto: 0,
        }
    }

    /// The run's text not yet in the CRC, into it.
    fn take_run_into_crc(&mut self) {
        if self.crc_upto < self.run.len() {
            self.crc
                .push(PieceCrc::of(&self.run.as_bytes()[self.crc_upto..]));
            self.crc_upto = self.run.len();
        }
    }

    fn compress_run(&mut self) {
        self.take_run_into_crc();
        let run = self.run.as_bytes();
        (self.quick).compress_then_spaces(self.run_at, run, self.spaces, &mut self.out);
        self.run.clear();
        self.spaces = 0;
        self.crc_upto = 0;
    }

    /// Where the next text goes: the run, started here if it is empty, or after the spaces
    /// that ended the last.
    fn run_from_here(&mut self) -> &mut String {
        if self.spaces > 0 {
            self.compress_run();
        }
        if self.run.is_empty() {
            self.run_at = self.length;
        }
        &mut self.run
    }

    /// The stream, closed with a final block, the CRC-32 and the length.
    pub fn finish(mut self) -> Vec<u8> {
        self.compress_run();
        self.out.extend_from_slice(&FINAL_BLOCK);
        self.out.extend_from_slice(&self.crc.sum().to_le_bytes());
        // gzip keeps the length modulo 2^32.
        let length = self.length as u32;
        self.out.extend_from_slice(&length.to_le_bytes());
        self.out
    }
}

impl Assemble for GzipJoin<'_> {
    fn ready(&mut self, part: &Deflated) {
        self.compress_run();
        self.out.extend_from_slice(&part.deflated);
        self.crc.push(part.crc);
        self.length += part.plain.len();
    }

    fn fragment(&mut self, part: &Deflated) {
        self.compress_run();
        let plain = part.plain.as_bytes();
        self.quick
            .remember(self.length, &plain[..plain.len().min(REMEMBERED)]);
        self.ready(part);
    }

    fn text(&mut self, text: &str) {
        self.run_from_here().push_str(text);
        self.length += text.len();
    }

    fn padding(&mut self, n: usize) {
        self.take_run_into_crc();
        if self.run.is_empty() && self.spaces == 0 {
            self.run_at = self.length;
        }
        self.spaces += n;
        self.crc.push(PieceCrc::of_spaces(n));
        self.length += n;
    }
}

/// How much of a note the reader's own text may refer back to: its first KB, which holds its
/// title and most of what it says, as the list of notes and the answers repeat them. Indexing
/// the rest of a long note costs more than it saves.
const REMEMBERED: usize = 1024;

thread_local! {
    /// The compressor start-up reuses for every part: making one allocates and clears its tables.
    static BEST: std::cell::RefCell<Compress> =
        std::cell::RefCell::new(Compress::new(Compression::best(), false));

    /// The same for parts that, with the text before them, fit in [`SMALL_WINDOW`].
    static SMALL: std::cell::RefCell<Compress> = std::cell::RefCell::new(
        Compress::new_with_window_bits(Compression::best(), false, SMALL_WINDOW.ilog2() as u8),
    );

    /// The per-request compressor a worker thread reuses, with its table of positions.
    static QUICK: std::cell::RefCell<QuickDeflate> = std::cell::RefCell::new(QuickDeflate::new());
}

/// Runs `join` with this thread's per-request compressor.
pub fn with_gzip_join<T>(gzip_len: usize, join: impl FnOnce(GzipJoin<'_>) -> T) -> T {
    QUICK.with_borrow_mut(|quick| join(GzipJoin::new(quick, gzip_len)))
}

/// `plain` as raw deflate that may refer back into `before` (its last 32 KiB), ending on a full
/// flush.
fn deflate_after(before: &str, plain: &str) -> Vec<u8> {
    let window = &before.as_bytes()[before.len().saturating_sub(WINDOW)..];
    let mut deflated = Vec::new();
    // A compressor with a small window starts far quicker, and loses nothing on small parts.
    let compressor = if window.len() + plain.len() <= SMALL_WINDOW {
        &SMALL
    } else {
        &BEST
    };
    compressor.with_borrow_mut(|compressor| {
        compressor.reset();
        if !window.is_empty() {
            compressor
                .set_dictionary(window)
                .expect("a dictionary for a fresh compressor");
        }
        deflate_part(compressor, plain.as_bytes(), &mut deflated);
    });
    deflated
}

/// Compresses `plain` onto the end of `out` as raw deflate, ending on a full flush: byte-aligned,
/// not final, and referring to nothing before it.
fn deflate_part(compressor: &mut Compress, plain: &[u8], out: &mut Vec<u8>) {
    if plain.is_empty() {
        return; // nothing to say, and no flush needed to say it
    }
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
        let tail = Deflated::new("</p><footer>the end</footer>");
        let fresh = "<p>The reader's own notes</p>".repeat(30);
        let stream = with_gzip_join(0, |mut join| {
            join.text("<html><title>Yours</title>");
            join.ready(&fixed);
            join.text(&fresh);
            join.text("");
            join.ready(&tail);
            join.text("<p>The article, the same for everyone. The end.");
            join.finish()
        });
        let expected = format!(
            "<html><title>Yours</title>{}{fresh}{}<p>The article, the same for everyone. The end.",
            fixed.plain, tail.plain
        );
        assert_eq!(gunzip(&stream), expected);
        assert!(stream.len() < expected.len() / 4, "{} bytes", stream.len());
        let mut plain = String::new();
        plain.text("<html>");
        plain.ready(&tail);
        assert_eq!(plain, format!("<html>{}", tail.plain));
        assert_eq!(gunzip(&with_gzip_join(0, |join| join.finish())), "");
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
