//! A small, fast deflate (RFC 1951) encoder for the few KB of a page that change per request.
//!
//! The rest of the page is compressed once with zlib, in byte-aligned parts, and the parts made
//! per request are joined between them. zlib's per-call reset and dictionary setup cost more than
//! the text itself for runs of a few hundred bytes, so these parts use fixed Huffman codes and a
//! greedy LZ77 that can refer back to the earlier runs of the same page.

/// Hash table size: 4 Ki entries of `u32`, 16 KiB to clear per page: a page's own text is a
/// few KB.
const HASH_BITS: u32 = 12;
const MIN_MATCH: usize = 4;
const MAX_MATCH: usize = 258;
const MAX_DISTANCE: usize = 32768;

/// A fixed-code literal/length symbol (RFC 1951 3.2.6), bit-reversed because Huffman codes go
/// into the LSB-first stream MSB first: (code, bits).
const fn litlen_code(symbol: u32) -> (u32, u32) {
    let (code, bits) = match symbol {
        0..=143 => (0x30 + symbol, 8),
        144..=255 => (0x190 + symbol - 144, 9),
        256..=279 => (symbol - 256, 7),
        _ => (0xC0 + symbol - 280, 8),
    };
    (code.reverse_bits() >> (32 - bits), bits)
}

const fn literal_codes() -> [(u32, u32); 256] {
    let mut table = [(0, 0); 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = litlen_code(byte as u32);
        byte += 1;
    }
    table
}

/// The length symbols 257..=285: the first length of each and its count of extra bits.
const LENGTH_BASE: [u32; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u32; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

/// For each length 3..=258, its symbol's code and extra bits as one run of bits: (bits, count).
const fn length_codes() -> [(u32, u32); 256] {
    let mut table = [(0, 0); 256];
    let mut symbol = 0;
    while symbol < 29 {
        let (code, bits) = litlen_code(257 + symbol as u32);
        let mut extra = 0;
        // Symbol 284 also reaches 258; symbol 285, written last, takes it over.
        while extra < 1 << LENGTH_EXTRA[symbol] {
            let length = (LENGTH_BASE[symbol] + extra) as usize;
            table[length - 3] = (code | extra << bits, bits + LENGTH_EXTRA[symbol]);
            extra += 1;
        }
        symbol += 1;
    }
    table
}

const fn distance_codes() -> [u32; 30] {
    let mut table = [0; 30];
    let mut code = 0;
    while code < 30 {
        table[code] = (code as u32).reverse_bits() >> 27;
        code += 1;
    }
    table
}

static LITERALS: [(u32, u32); 256] = literal_codes();
static LENGTHS: [(u32, u32); 256] = length_codes();
static DISTANCES: [u32; 30] = distance_codes();

/// A distance 1..=32768 as its 5-bit code and extra bits: (bits, count).
fn distance_bits(distance: usize) -> (u64, u32) {
    let from_one = (distance - 1) as u32;
    if from_one < 4 {
        return (u64::from(DISTANCES[from_one as usize]), 5);
    }
    // Each power of two holds two codes, told apart by the bit below the top one.
    let top = 31 - from_one.leading_zeros();
    let extra = top - 1;
    let code = 2 * top + (from_one >> extra & 1);
    let bits = DISTANCES[code as usize] | (from_one & ((1 << extra) - 1)) << 5;
    (u64::from(bits), 5 + extra)
}

/// Bits gathered LSB first and written out 32 at a time.
struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    bits: u64,
    count: u32,
}

impl BitWriter<'_> {
    /// Adds up to 32 bits; fewer than 32 are ever held between calls.
    #[inline(always)]
    fn put(&mut self, bits: u64, count: u32) {
        self.bits |= bits << self.count;
        self.count += count;
        if self.count >= 32 {
            self.out
                .extend_from_slice(&(self.bits as u32).to_le_bytes());
            self.bits >>= 32;
            self.count -= 32;
        }
    }

    /// Pads with zeros to the byte boundary and writes what is held.
    fn align(&mut self) {
        let bytes = self.count.div_ceil(8) as usize;
        self.out
            .extend_from_slice(&self.bits.to_le_bytes()[..bytes]);
        self.bits = 0;
        self.count = 0;
    }
}

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

    /// Appends to `out` raw deflate that decodes to `run`, which stands at `page_at` in the
    /// page: blocks with the fixed Huffman codes (never final), then an empty stored block so
    /// `out` ends byte-aligned. Back-references may reach this run's own text and that of earlier
    /// runs since `reset`, up to 32 KiB back in the page (the text between runs, compressed
    /// elsewhere, is never referred to). Runs come in page order. Nothing is written for an
    /// empty run.
    pub fn compress(&mut self, page_at: usize, run: &[u8], out: &mut Vec<u8>) {
        self.compress_then_spaces(page_at, run, 0, out);
    }

    /// The same for `run` followed by `spaces` spaces (a slot's padding), which cost a few bits
    /// for each 258 and are never referred back to.
    pub fn compress_then_spaces(
        &mut self,
        page_at: usize,
        run: &[u8],
        spaces: usize,
        out: &mut Vec<u8>,
    ) {
        if run.is_empty() && spaces == 0 {
            return;
        }
        let QuickDeflate { table, text, runs } = self;
        let from = text.len();
        text.extend_from_slice(run);
        runs.push((from, page_at));
        let text = &text[..];
        // Literals take at most 9 bits a byte and matches less; the 16 bytes are the block's
        // header and end, and the empty stored block.
        out.reserve(run.len() * 9 / 8 + 16);
        let mut writer = BitWriter {
            out,
            bits: 0,
            count: 0,
        };
        // Not final (0), fixed codes (01).
        writer.put(0b010, 3);
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
                let (length_bits, length_count) = LENGTHS[length - 3];
                let (distance_bits, distance_count) = distance_bits(distance);
                writer.put(
                    u64::from(length_bits) | distance_bits << length_count,
                    length_count + distance_count,
                );
                // A few positions inside the match: indexing them all costs more than it saves.
                let end = (at + length).min(text.len() + 1 - MIN_MATCH);
                for inside in [at + 1, at + 2, at + length - 2, at + length - 1] {
                    if inside < end {
                        table[hash(read_u32(text, inside))] = (inside + 1) as u32;
                    }
                }
                at += length;
            } else {
                let (bits, count) = LITERALS[usize::from(text[at])];
                writer.put(u64::from(bits), count);
                at += 1;
            }
        }
        for &byte in &text[at..] {
            let (bits, count) = LITERALS[usize::from(byte)];
            writer.put(u64::from(bits), count);
        }
        put_spaces(&mut writer, spaces);
        // End of block (symbol 256, seven 0 bits), then an empty stored block: its header 000,
        // padding, and the lengths 0000 and its complement FFFF.
        writer.put(0, 7 + 3);
        writer.align();
        writer.out.extend_from_slice(&[0x00, 0x00, 0xFF, 0xFF]);
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
fn put_spaces(writer: &mut BitWriter<'_>, n: usize) {
    let (space_bits, space_count) = LITERALS[usize::from(b' ')];
    if n == 0 {
        return;
    }
    writer.put(u64::from(space_bits), space_count);
    let mut left = n - 1;
    while left >= MIN_MATCH {
        let mut length = left.min(MAX_MATCH);
        if (1..MIN_MATCH).contains(&(left - length)) {
            length = left - MIN_MATCH;
        }
        let (length_bits, length_count) = LENGTHS[length - 3];
        let (distance_bits, distance_count) = distance_bits(1);
        writer.put(
            u64::from(length_bits) | distance_bits << length_count,
            length_count + distance_count,
        );
        left -= length;
    }
    for _ in 0..left {
        writer.put(u64::from(space_bits), space_count);
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
    use flate2::read::DeflateDecoder;
    use flate2::{Compress, Compression, FlushCompress};
    use proptest::prelude::*;
    use std::io::Read;

    /// A final block with fixed codes and nothing in it: closes a stream of non-final parts.
    const FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

    fn inflate(mut raw: Vec<u8>) -> Vec<u8> {
        raw.extend_from_slice(&FINAL_BLOCK);
        let mut plain = Vec::new();
        DeflateDecoder::new(&raw[..])
            .read_to_end(&mut plain)
            .expect("valid deflate");
        plain
    }

    fn quick(page: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        QuickDeflate::new().compress(0, page, &mut out);
        out
    }

    fn round_trip(page: &[u8]) -> usize {
        let raw = quick(page);
        if !page.is_empty() {
            assert_eq!(raw[0] & 0b111, 0b010, "not final, fixed codes");
            assert!(
                raw.ends_with(&[0, 0, 0xFF, 0xFF]),
                "ends on an empty stored block"
            );
        }
        let size = raw.len();
        assert_eq!(inflate(raw), page);
        size
    }

    /// `plain` as zlib compresses a part of a page: on its own, ending on a full flush.
    fn zlib_part(plain: &[u8], out: &mut Vec<u8>) {
        let mut compressor = Compress::new(Compression::best(), false);
        loop {
            out.reserve(plain.len() / 2 + 64);
            let done = compressor.total_in() as usize;
            compressor
                .compress_vec(&plain[done..], out, FlushCompress::Full)
                .unwrap();
            if compressor.total_in() as usize == plain.len() && out.len() < out.capacity() {
                break;
            }
        }
    }

    /// `page` cut at `cuts` into parts compressed in turn by zlib and by one `QuickDeflate`,
    /// and the bytes of the quick parts.
    fn joined(page: &[u8], cuts: &[usize], quick_first: bool) -> (Vec<u8>, usize) {
        let mut bounds = vec![0, page.len()];
        bounds.extend(cuts.iter().map(|&cut| cut.min(page.len())));
        bounds.sort_unstable();
        let (mut raw, mut quick_bytes) = (Vec::new(), 0);
        let mut quick = QuickDeflate::new();
        for (n, part) in bounds.windows(2).enumerate() {
            if (n % 2 == 0) == quick_first {
                let before = raw.len();
                quick.compress(part[0], &page[part[0]..part[1]], &mut raw);
                quick_bytes += raw.len() - before;
            } else {
                zlib_part(&page[part[0]..part[1]], &mut raw);
            }
        }
        (raw, quick_bytes)
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
        assert_eq!(round_trip(b""), 0);
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
        let mut out = vec![7];
        QuickDeflate::new().compress(9, b"", &mut out);
        assert_eq!(out, [7]);
    }

    #[test]
    fn parts_join_with_zlib_parts() {
        let page = html(300);
        for quick_first in [true, false] {
            let (raw, _) = joined(&page, &[100, 1000, 1001, 5000, 9000], quick_first);
            assert_eq!(inflate(raw), page);
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
        assert_eq!(inflate(raw), page);
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
                let mut raw = Vec::new();
                QuickDeflate::new().compress_then_spaces(0, run, spaces, &mut raw);
                let page = [run, &vec![b' '; spaces]].concat();
                assert_eq!(inflate(raw.clone()), page, "{spaces} spaces after {run:?}");
                assert!(
                    raw.len() < run.len() + 12 + spaces / 100,
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
        let mut raw = Vec::new();
        zlib_part(note, &mut raw);
        quick.remember(0, note);
        zlib_part(b"<hr>", &mut raw);
        let before = raw.len();
        quick.compress(note.len() + 4, list, &mut raw);
        let remembered = raw.len() - before;
        assert_eq!(inflate(raw), page);
        assert!(remembered + 20 < quick_alone(list), "{remembered} bytes");
    }

    fn quick_alone(text: &[u8]) -> usize {
        quick(text).len()
    }

    #[test]
    fn reset_forgets_the_previous_page() {
        let a = html(50);
        let mut quick = QuickDeflate::new();
        quick.compress(0, &a, &mut Vec::new());
        quick.reset();
        // The same text, shifted: had the positions of A stayed, they would point at other bytes.
        let b = [&b"shifted by a few bytes"[..], &a].concat();
        let mut raw = Vec::new();
        quick.compress(0, &b, &mut raw);
        assert_eq!(inflate(raw), b);
        // After a reset, the output is a fresh compressor's.
        let mut raw = Vec::new();
        quick.reset();
        quick.compress(10, &a[10..], &mut raw);
        let mut fresh = Vec::new();
        QuickDeflate::new().compress(10, &a[10..], &mut fresh);
        assert_eq!(raw, fresh);
        assert_eq!(inflate(raw), &a[10..]);
    }

    #[test]
    fn distances_at_the_edge() {
        let word = b"edge-of-the-window";
        let sizes = [MAX_DISTANCE, MAX_DISTANCE + 1].map(|back| {
            let page = [&word[..], &vec![b' '; back - word.len()], word].concat();
            let (raw, quick_bytes) = joined(&page, &[word.len(), back], true);
            assert_eq!(inflate(raw), page, "repeat {back} back");
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
            prop_assert_eq!(inflate(raw), page);
        }
    }
}
