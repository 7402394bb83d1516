//! A small, fast LZ77 for the few KB of a page that change per request.
//!
//! The rest of the page is compressed once at start-up, and the runs of text made per request
//! are joined between its parts, in the same deflate block and with the same Huffman codes.
//! zlib's per-call reset and dictionary setup cost more than the text itself for runs of a few
//! hundred bytes, so these runs get a greedy LZ77 that can refer back to the earlier runs of the
//! same page.

use crate::web::bits::BitWriter;
use crate::web::huffman::Codes;

/// Hash table size: 4 Ki entries of `u32`, 16 KiB to clear per page: a page's own text is a
/// few KB.
const HASH_BITS: u32 = 12;
const MIN_MATCH: usize = 4;
const MAX_MATCH: usize = 258;
const MAX_DISTANCE: usize = 32768;

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

fn hash(word: u32) -> usize {
    (word.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// How many bytes `a` and `b` share at their start, 8 at a time while both have 8.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut same = 0;
    for (a8, b8) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let diff = u64::from_le_bytes(a8.try_into().expect("8"))
            ^ u64::from_le_bytes(b8.try_into().expect("8"));
        if diff != 0 {
            return same + (diff.trailing_zeros() / 8) as usize;
        }
        same += 8;
    }
    same + a[same..]
        .iter()
        .zip(&b[same..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Per-request state: the page's own text so far, and where in it each hash of 4 bytes last
/// stood, so later text can refer back to it.
pub struct QuickDeflate {
    /// The latest indexed position in `text` with each hash of 4 bytes, plus one; 0 is empty.
    table: Box<[u32; 1 << HASH_BITS]>,
    /// Every run compressed since `reset`, one after another.
    text: Vec<u8>,
    /// Where each run starts: in `text`, and in the page.
    runs: Vec<(usize, usize)>,
}

impl QuickDeflate {
    /// A compressor that knows no positions yet.
    pub fn new() -> QuickDeflate {
        QuickDeflate {
            table: Box::new([0; 1 << HASH_BITS]),
            text: Vec::new(),
            runs: Vec::new(),
        }
    }

    /// Forgets every position: a new page starts.
    pub fn reset(&mut self) {
        self.table.fill(0);
        self.text.clear();
        self.runs.clear();
    }

    /// Writes to `out` the symbols, in `codes`, that decode to `run`, which stands at `page_at`
    /// in the page: no block header or end, for a block with those codes. Back-references may
    /// reach this run's own text and that of earlier runs since `reset`, up to 32 KiB back in the
    /// page (the text between runs, compressed elsewhere, is never referred to). Runs come in
    /// page order.
    pub fn compress(&mut self, page_at: usize, run: &[u8], codes: &Codes, out: &mut BitWriter) {
        self.compress_then_spaces(page_at, run, 0, codes, out);
    }

    /// The same for `run` followed by `spaces` spaces (a slot's padding), which cost a few bits
    /// for each 258 and are never referred back to.
    pub fn compress_then_spaces(
        &mut self,
        page_at: usize,
        run: &[u8],
        spaces: usize,
        codes: &Codes,
        out: &mut BitWriter,
    ) {
        if run.is_empty() && spaces == 0 {
            return;
        }
        let QuickDeflate { table, text, runs } = self;
        let from = text.len();
        text.extend_from_slice(run);
        runs.push((from, page_at));
        let text = &text[..];
        let mut at = from;
        while at + MIN_MATCH <= text.len() {
            let word = read_u32(text, at);
            let slot = &mut table[hash(word)];
            let candidate = *slot as usize;
            *slot = (at + 1) as u32;
            let found = candidate
                .checked_sub(1)
                .filter(|&earlier| read_u32(text, earlier) == word)
                .map(|earlier| (earlier, place(runs, earlier, text.len())))
                .filter(|&(earlier, (_, run_end))| run_end - earlier >= MIN_MATCH)
                .map(|(earlier, (earlier_in_page, run_end))| {
                    let distance = page_at + (at - from) - earlier_in_page;
                    (earlier, distance, run_end)
                })
                .filter(|&(_, distance, _)| (1..=MAX_DISTANCE).contains(&distance));
            if let Some((earlier, distance, run_end)) = found {
                // The earlier text is only what its run holds: the page goes on otherwise.
                let longest = (text.len() - at).min(run_end - earlier).min(MAX_MATCH);
                let length = MIN_MATCH
                    + common_prefix(
                        &text[earlier + MIN_MATCH..run_end],
                        &text[at + MIN_MATCH..at + longest],
                    );
                codes.put_copy(length, distance, out);
                // A few positions inside the match: indexing them all costs more than it saves.
                let end = (at + length).min(text.len() + 1 - MIN_MATCH);
                for inside in [at + 1, at + 2, at + length - 2, at + length - 1] {
                    if inside < end {
                        table[hash(read_u32(text, inside))] = (inside + 1) as u32;
                    }
                }
                at += length;
            } else {
                codes.put_literal(text[at], out);
                at += 1;
            }
        }
        for &byte in &text[at..] {
            codes.put_literal(byte, out);
        }
        put_spaces(spaces, codes, out);
    }
}

impl QuickDeflate {
    /// Takes in `text`, which stands at `page_at` and is compressed elsewhere, so that later
    /// runs can refer back to it. Runs and remembered text come in page order.
    pub fn remember(&mut self, page_at: usize, text: &[u8]) {
        let from = self.text.len();
        self.text.extend_from_slice(text);
        self.runs.push((from, page_at));
        // Every other position: a repeat of 5 bytes or more is still found, for half the work.
        for at in (from..(self.text.len() + 1).saturating_sub(MIN_MATCH)).step_by(2) {
            self.table[hash(read_u32(&self.text, at))] = (at + 1) as u32;
        }
    }
}

/// `n` spaces: one as a literal, the rest copied from one byte back, at most 258 at a time
/// (and never leaving 1 or 2 over, which a copy cannot take).
fn put_spaces(n: usize, codes: &Codes, out: &mut BitWriter) {
    if n == 0 {
        return;
    }
    codes.put_literal(b' ', out);
    let mut left = n - 1;
    while left >= MIN_MATCH {
        let mut length = left.min(MAX_MATCH);
        if (1..MIN_MATCH).contains(&(left - length)) {
            length = left - MIN_MATCH;
        }
        codes.put_copy(length, 1, out);
        left -= length;
    }
    for _ in 0..left {
        codes.put_literal(b' ', out);
    }
}

/// Where position `at` of the runs' text stands in the page, and where its run ends in the text.
fn place(runs: &[(usize, usize)], at: usize, text_len: usize) -> (usize, usize) {
    let run = runs.partition_point(|&(start, _)| start <= at) - 1;
    let (start, in_page) = runs[run];
    let end = runs.get(run + 1).map_or(text_len, |&(next, _)| next);
    (in_page + (at - start), end)
}

impl Default for QuickDeflate {
    /// Same as [`QuickDeflate::new`].
    fn default() -> QuickDeflate {
        QuickDeflate::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::deflate_tokens;
    use flate2::read::DeflateDecoder;
    use flate2::{Compress, Compression, FlushCompress};
    use proptest::prelude::*;
    use std::io::Read;

    /// A whole raw deflate stream: one final block with `codes`, holding what `write` puts in it.
    fn block(codes: &Codes, write: impl FnOnce(&mut BitWriter)) -> Vec<u8> {
        let mut out = BitWriter::new(Vec::new());
        codes.put_header(true, &mut out);
        write(&mut out);
        codes.put_end_of_block(&mut out);
        out.into_aligned_bytes()
    }

    fn inflate(raw: &[u8]) -> Vec<u8> {
        let mut plain = Vec::new();
        DeflateDecoder::new(raw)
            .read_to_end(&mut plain)
            .expect("valid deflate");
        plain
    }

    fn quick(page: &[u8]) -> Vec<u8> {
        let codes = Codes::fixed();
        block(&codes, |out| {
            QuickDeflate::new().compress(0, page, &codes, out)
        })
    }

    fn round_trip(page: &[u8]) -> usize {
        let raw = quick(page);
        assert_eq!(inflate(&raw), page);
        raw.len()
    }

    /// `plain` as a part of a page is made at start-up: compressed by zlib on its own, then its
    /// symbols written with `codes`.
    fn zlib_part(plain: &[u8], codes: &Codes, out: &mut BitWriter) {
        let mut compressor = Compress::new(Compression::best(), false);
        let mut raw = Vec::new();
        loop {
            raw.reserve(plain.len() / 2 + 64);
            let done = compressor.total_in() as usize;
            compressor
                .compress_vec(&plain[done..], &mut raw, FlushCompress::Full)
                .unwrap();
            if compressor.total_in() as usize == plain.len() && raw.len() < raw.capacity() {
                break;
            }
        }
        for token in deflate_tokens::tokens(&raw).unwrap() {
            codes.put_token(token, out);
        }
    }

    /// `page` cut at `cuts` into parts compressed in turn by zlib and by one `QuickDeflate`,
    /// and the bytes of the quick parts.
    fn joined(page: &[u8], cuts: &[usize], quick_first: bool) -> (Vec<u8>, usize) {
        let mut bounds = vec![0, page.len()];
        bounds.extend(cuts.iter().map(|&cut| cut.min(page.len())));
        bounds.sort_unstable();
        let codes = Codes::fixed();
        let mut quick_bits = 0;
        let mut quick = QuickDeflate::new();
        let raw = block(&codes, |out| {
            for (n, part) in bounds.windows(2).enumerate() {
                if (n % 2 == 0) == quick_first {
                    let before = out.bit_len();
                    quick.compress(part[0], &page[part[0]..part[1]], &codes, out);
                    quick_bits += out.bit_len() - before;
                } else {
                    zlib_part(&page[part[0]..part[1]], &codes, out);
                }
            }
        });
        (raw, quick_bits.div_ceil(8))
    }

    fn html(rows: usize) -> Vec<u8> {
        (0..rows)
            .map(|n| {
                format!(
                    "<li class=\"note level-{}\"><a href=\"#q{n}\">Question {n}</a></li>\n",
                    n % 3
                )
            })
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn round_trips() {
        assert_eq!(round_trip(b""), 2, "the block's header and end");
        for short in [&b"a"[..], b"ab", b"abc", b"abcd", b"\xff\x00\x90"] {
            round_trip(short);
        }
        // Matches at distance 1, many of the longest length.
        assert!(round_trip(&[b'x'; 10_000]) < 200);
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let random: Vec<u8> = (0..5000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        assert!(round_trip(&random) <= 5000 * 9 / 8 + 16);
        let page = html(200);
        assert!(round_trip(&page) < page.len() / 4, "HTML compresses well");
    }

    #[test]
    fn nothing_is_written_for_nothing() {
        let mut out = BitWriter::new(vec![7]);
        QuickDeflate::new().compress(9, b"", &Codes::fixed(), &mut out);
        assert_eq!(out.bit_len(), 8);
    }

    #[test]
    fn parts_join_with_zlib_parts() {
        let page = html(300);
        for quick_first in [true, false] {
            let (raw, _) = joined(&page, &[100, 1000, 1001, 5000, 9000], quick_first);
            assert_eq!(inflate(&raw), page);
        }
    }

    #[test]
    fn later_parts_refer_back_across_zlib_parts() {
        let repeated =
            b"<p class=\"answer\">Stop a lift that brings sharp pain, and see a doctor.</p>";
        let middle = html(20);
        let page = [&repeated[..], &middle, repeated].concat();
        let cuts = [repeated.len(), repeated.len() + middle.len()];
        let (raw, quick_bytes) = joined(&page, &cuts, true);
        assert_eq!(inflate(&raw), page);
        let alone = quick(repeated).len();
        assert!(
            quick_bytes < alone * 2 - 40,
            "{quick_bytes} vs twice {alone}"
        );
    }

    #[test]
    fn spaces_after_a_run_cost_little_and_decode_exactly() {
        for spaces in [0, 1, 2, 3, 4, 5, 258, 259, 260, 261, 262, 5000] {
            for run in [&b""[..], b"<p>Text</p>"] {
                let codes = Codes::fixed();
                let raw = block(&codes, |out| {
                    QuickDeflate::new().compress_then_spaces(0, run, spaces, &codes, out)
                });
                let page = [run, &vec![b' '; spaces]].concat();
                assert_eq!(inflate(&raw), page, "{spaces} spaces after {run:?}");
                assert!(
                    raw.len() <= run.len() + 6 + spaces / 64,
                    "{} bytes",
                    raw.len()
                );
            }
        }
    }

    #[test]
    fn runs_refer_back_to_text_remembered() {
        let note = b"<p class=\"note-said\">You said: a temperature of 38C or more</p>";
        let list = b"<li>You said: a temperature of 38C or more</li>";
        let page = [&note[..], b"<hr>", list].concat();
        let mut quick = QuickDeflate::new();
        let codes = Codes::fixed();
        let mut remembered = 0;
        let raw = block(&codes, |out| {
            zlib_part(note, &codes, out);
            quick.remember(0, note);
            zlib_part(b"<hr>", &codes, out);
            let before = out.bit_len();
            quick.compress(note.len() + 4, list, &codes, out);
            remembered = (out.bit_len() - before).div_ceil(8);
        });
        assert_eq!(inflate(&raw), page);
        assert!(remembered + 20 < quick_alone(list), "{remembered} bytes");
    }

    /// How many bytes `text` takes, compressed on its own.
    fn quick_alone(text: &[u8]) -> usize {
        quick(text).len() - 2
    }

    #[test]
    fn reset_forgets_the_previous_page() {
        let a = html(50);
        let codes = Codes::fixed();
        let mut quick = QuickDeflate::new();
        quick.compress(0, &a, &codes, &mut BitWriter::new(Vec::new()));
        quick.reset();
        // The same text, shifted: had the positions of A stayed, they would point at other bytes.
        let b = [&b"shifted by a few bytes"[..], &a].concat();
        let raw = block(&codes, |out| quick.compress(0, &b, &codes, out));
        assert_eq!(inflate(&raw), b);
        // After a reset, the output is a fresh compressor's.
        quick.reset();
        let raw = block(&codes, |out| quick.compress(10, &a[10..], &codes, out));
        let fresh = block(&codes, |out| {
            QuickDeflate::new().compress(10, &a[10..], &codes, out)
        });
        assert_eq!(raw, fresh);
        assert_eq!(inflate(&raw), &a[10..]);
    }

    #[test]
    fn distances_at_the_edge() {
        let word = b"edge-of-the-window";
        let sizes = [MAX_DISTANCE, MAX_DISTANCE + 1].map(|back| {
            let page = [&word[..], &vec![b' '; back - word.len()], word].concat();
            let (raw, quick_bytes) = joined(&page, &[word.len(), back], true);
            assert_eq!(inflate(&raw), page, "repeat {back} back");
            quick_bytes
        });
        // Only the repeat 32768 back is a match.
        assert!(sizes[0] + 10 < sizes[1], "{sizes:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn random_pages_decode_exactly(
            pieces in proptest::collection::vec((0usize..12, any::<u8>()), 0..1500),
            cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..8),
            quick_first in any::<bool>(),
        ) {
            const WORDS: [&str; 10] =
                ["<div ", "class=\"", "</div>\n", "<p>", "the ", "back ", "pain", "\">", " ", "<a href=\"/"];
            let page: Vec<u8> = pieces
                .iter()
                .flat_map(|&(word, byte)| match WORDS.get(word) {
                    Some(word) => word.as_bytes().to_vec(),
                    None => vec![byte],
                })
                .collect();
            let cuts: Vec<usize> = cuts.iter().map(|cut| cut.index(page.len() + 1)).collect();
            let (raw, _) = joined(&page, &cuts, quick_first);
            prop_assert_eq!(inflate(&raw), page);
        }
    }
}
