//! Content negotiation for gzip, compressing a whole body in one piece, and joining parts
//! compressed apart into one gzip stream.
//!
//! Bodies are compressed whole, never streamed: a streamed body goes out in small chunked writes,
//! and on a keep-alive connection those meet delayed ACKs and stall for tens of milliseconds.
//!
//! A result page is mostly text the same for every reader: its parts are compressed once at
//! start-up, and per request only the reader's own text is compressed and the pieces joined
//! ([`GzipJoin`]). zlib compresses each part first ([`Deflated`]), as the continuation of the
//! text that will stand before it, if any; then its symbols are written again with the Huffman
//! codes of its page ([`Coded`]). A page is so one deflate block with one set of codes: its
//! parts are bit strings joined end to end, with no header, flush or byte alignment between
//! them. The block's end, the CRC-32 and the length close the stream.

use crate::web::bits::{BitWriter, Bits};
use crate::web::crc32::{PieceCrc, RunningCrc};
use crate::web::deflate_tokens;
use crate::web::huffman::{Codes, SymbolCounts, Token};
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

/// Text as zlib compresses it, kept as the symbols zlib chose: how a part of a result page is
/// first made, to be written again with its page's codes ([`Deflated::coded`]).
pub struct Deflated {
    pub plain: Arc<str>,
    tokens: Vec<Token>,
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
        let deflated = deflate_after(before, &plain);
        Deflated {
            tokens: deflate_tokens::tokens(&deflated).expect("zlib writes valid deflate"),
            plain,
        }
    }

    /// Adds its symbols to `counts`, which the codes of its page are fitted to.
    pub fn count(&self, counts: &mut SymbolCounts) {
        self.tokens.iter().for_each(|&token| counts.add(token));
    }

    /// The same symbols written with `codes`, to be joined into a block that has them.
    pub fn coded(&self, codes: &Codes) -> Coded {
        let mut writer = BitWriter::new(Vec::with_capacity(self.tokens.len()));
        for &token in &self.tokens {
            codes.put_token(token, &mut writer);
        }
        Coded {
            plain: self.plain.clone(),
            bits: writer.into_bits(),
            crc: PieceCrc::of(self.plain.as_bytes()),
        }
    }
}

/// Text compressed for a page whose block has `codes`: symbols with no header or end, which
/// decode to `plain` where the page has what they refer back to just before them.
pub struct Coded {
    pub plain: Arc<str>,
    bits: Bits,
    crc: PieceCrc,
}

impl Coded {
    /// How long it is compressed, in bits.
    pub fn bit_len(&self) -> usize {
        self.bits.len()
    }

    /// The same in bytes, rounded up: for reports.
    pub fn byte_len(&self) -> usize {
        self.bit_len().div_ceil(8)
    }
}

/// Where a page assembled from pieces goes: into a `String` as it is, or into one gzip stream.
pub trait Assemble {
    /// Text compressed at start-up.
    fn ready(&mut self, part: &Coded);

    /// A note or card compressed at start-up: the reader's own text after it may name its
    /// title or answers again.
    fn fragment(&mut self, part: &Coded) {
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
    fn ready(&mut self, part: &Coded) {
        self.push_str(&part.plain);
    }

    fn text(&mut self, text: &str) {
        self.push_str(text);
    }
}

/// The gzip header: deflate, no name, no time, unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// One gzip stream of pieces in order, in one deflate block. Parts compressed at start-up are
/// copied in as they are; each run of text between them is compressed when the next part (or
/// the end) comes, by [`QuickDeflate`], which may refer back to earlier runs.
pub struct GzipJoin<'q> {
    writer: BitWriter,
    codes: &'q Codes,
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
    /// A stream whose one block has `codes` and starts with `header`, the block's header for
    /// them (marked final). `gzip_len` is a guess of the size, to allocate once.
    pub fn new(
        quick: &'q mut QuickDeflate,
        codes: &'q Codes,
        header: &Bits,
        gzip_len: usize,
    ) -> GzipJoin<'q> {
        quick.reset();
        let mut out = Vec::with_capacity(gzip_len);
        out.extend_from_slice(&GZIP_HEADER);
        let mut writer = BitWriter::new(out);
        writer.append(header);
        GzipJoin {
            writer,
            codes,
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
        (self.quick).compress_then_spaces(
            self.run_at,
            run,
            self.spaces,
            self.codes,
            &mut self.writer,
        );
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

    /// The stream, closed with the block's end, the CRC-32 and the length.
    pub fn finish(mut self) -> Vec<u8> {
        self.compress_run();
        self.codes.put_end_of_block(&mut self.writer);
        let mut out = self.writer.into_aligned_bytes();
        out.extend_from_slice(&self.crc.sum().to_le_bytes());
        // gzip keeps the length modulo 2^32.
        let length = self.length as u32;
        out.extend_from_slice(&length.to_le_bytes());
        out
    }
}

impl Assemble for GzipJoin<'_> {
    fn ready(&mut self, part: &Coded) {
        self.compress_run();
        self.writer.append(&part.bits);
        self.crc.push(part.crc);
        self.length += part.plain.len();
    }

    fn fragment(&mut self, part: &Coded) {
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

/// Runs `join` with this thread's per-request compressor, for a block with `codes` and their
/// `header`.
pub fn with_gzip_join<T>(
    codes: &Codes,
    header: &Bits,
    gzip_len: usize,
    join: impl FnOnce(GzipJoin<'_>) -> T,
) -> T {
    QUICK.with_borrow_mut(|quick| join(GzipJoin::new(quick, codes, header, gzip_len)))
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

    /// Codes fitted to `parts`, and the parts written with them.
    fn coded(parts: &[&Deflated]) -> (Codes, Vec<Coded>) {
        let mut counts = SymbolCounts::new();
        parts.iter().for_each(|part| part.count(&mut counts));
        let codes = Codes::fitted(&counts);
        let coded = parts.iter().map(|part| part.coded(&codes)).collect();
        (codes, coded)
    }

    #[test]
    fn parts_compressed_apart_join_into_one_valid_stream() {
        let opening = "<html><title>Yours</title>";
        let fixed = Deflated::after(
            opening,
            "<p>The article, the same for everyone. ".repeat(200),
        );
        let tail = Deflated::new("</p><footer>the end</footer>");
        let (codes, coded) = coded(&[&fixed, &tail]);
        let fresh = "<p>The reader's own notes</p>".repeat(30);
        let join = |codes: &Codes, parts: &[Coded]| {
            with_gzip_join(codes, &codes.header(true), 0, |mut join| {
                join.text(opening);
                join.ready(&parts[0]);
                join.text(&fresh);
                join.text("");
                join.padding(300);
                join.ready(&parts[1]);
                join.text("<p>The article, the same for everyone. The end.");
                join.finish()
            })
        };
        let stream = join(&codes, &coded);
        let expected = format!(
            "{opening}{}{fresh}{}{}<p>The article, the same for everyone. The end.",
            fixed.plain,
            " ".repeat(300),
            tail.plain
        );
        assert_eq!(gunzip(&stream), expected);
        assert!(stream.len() < expected.len() / 4, "{} bytes", stream.len());
        // The fixed codes join the same parts just as well; codes fitted to them write them
        // shorter (if, here, with a longer header).
        let fixed_codes = Codes::fixed();
        let with_fixed = [fixed.coded(&fixed_codes), tail.coded(&fixed_codes)];
        assert_eq!(gunzip(&join(&fixed_codes, &with_fixed)), expected);
        let bits = |parts: &[Coded]| parts.iter().map(Coded::bit_len).sum::<usize>();
        assert!(bits(&coded) < bits(&with_fixed));
        let mut plain = String::new();
        plain.text("<html>");
        plain.ready(&coded[1]);
        assert_eq!(plain, format!("<html>{}", tail.plain));
        let empty = with_gzip_join(&codes, &codes.header(true), 0, |join| join.finish());
        assert_eq!(gunzip(&empty), "");
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
