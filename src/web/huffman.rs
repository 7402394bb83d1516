//! Deflate (RFC 1951) tokens and the Huffman codes that write them.
//!
//! One set of dynamic codes, fitted to the symbol counts of many pieces, writes every piece:
//! each is encoded once into [`Bits`] and the pieces are joined per page behind one header.
//! Every symbol gets a code, counted or not, so any text at all can still be written.

use crate::web::bits::{BitWriter, Bits};

const LITLEN_SYMBOLS: usize = 286;
const DISTANCE_SYMBOLS: usize = 30;
const END_OF_BLOCK: usize = 256;
const MAX_CODE_BITS: u32 = 15;
const MAX_CODE_LENGTH_CODE_BITS: u32 = 7;

/// The order the code-length code's lengths are sent in (RFC 1951 3.2.7).
pub const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// The length symbols 257..=285: the first length of each and its count of extra bits.
pub const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
pub const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

/// For each length 3..=258, its symbol minus 257.
const LENGTH_SYMBOL: [u8; 256] = length_symbols();

const fn length_symbols() -> [u8; 256] {
    let mut table = [0; 256];
    let mut symbol = 0;
    while symbol < 29 {
        let mut extra = 0;
        // Symbol 284 also reaches 258; symbol 285, written last, takes it over.
        while extra < 1 << LENGTH_EXTRA[symbol] {
            table[LENGTH_BASE[symbol] as usize + extra - 3] = symbol as u8;
            extra += 1;
        }
        symbol += 1;
    }
    table
}

/// A distance's symbol, the value of its extra bits and their count.
#[inline]
fn distance_symbol(distance: usize) -> (usize, u32, u32) {
    let offset = (distance - 1) as u32;
    if offset < 4 {
        return (offset as usize, 0, 0);
    }
    // Two symbols per power of two, told apart by the bit below the top one.
    let top = 31 - offset.leading_zeros();
    let extra_bits = top - 1;
    let symbol = 2 * top + (offset >> extra_bits & 1);
    let extra = offset & ((1 << extra_bits) - 1);
    (symbol as usize, extra, extra_bits)
}

/// One deflate symbol pair: a literal byte, or a copy of `length` (3..=258) bytes from
/// `distance` (1..=32768) back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// A byte written as itself.
    Literal(u8),
    /// A copy of earlier output.
    Copy {
        /// 3..=258 bytes.
        length: u16,
        /// 1..=32768 bytes back.
        distance: u16,
    },
}

/// How often each literal/length symbol (0..=285) and distance symbol (0..=29) occurs.
#[derive(Clone)]
pub struct SymbolCounts {
    litlen: [u32; LITLEN_SYMBOLS],
    distance: [u32; DISTANCE_SYMBOLS],
}

impl SymbolCounts {
    /// No symbols counted.
    pub fn new() -> Self {
        SymbolCounts {
            litlen: [0; LITLEN_SYMBOLS],
            distance: [0; DISTANCE_SYMBOLS],
        }
    }

    /// Counts the symbols that write `token`.
    pub fn add(&mut self, token: Token) {
        match token {
            Token::Literal(byte) => bump(&mut self.litlen[usize::from(byte)]),
            Token::Copy { length, distance } => {
                let length_symbol = 257 + usize::from(LENGTH_SYMBOL[usize::from(length) - 3]);
                bump(&mut self.litlen[length_symbol]);
                bump(&mut self.distance[distance_symbol(usize::from(distance)).0]);
            }
        }
    }
}

impl Default for SymbolCounts {
    fn default() -> Self {
        Self::new()
    }
}

fn bump(count: &mut u32) {
    *count = count.saturating_add(1);
}

/// A block's Huffman codes, with tables ready for writing.
pub struct Codes {
    dynamic: bool,
    /// The 286 literal/length then the 30 distance code lengths, as a dynamic header sends them.
    code_lengths: Vec<u8>,
    /// Per byte: (code, bit count), bit-reversed because Huffman codes go MSB first into the
    /// LSB-first stream.
    literals: [(u32, u32); 256],
    /// Per length 3..=258: its symbol's code and extra bits as one run of bits.
    lengths: [(u32, u32); 256],
    /// Per distance symbol: (code, bit count); the extra bits come from the distance.
    distances: [(u32, u32); DISTANCE_SYMBOLS],
    end_of_block: (u32, u32),
}

impl Codes {
    /// RFC 1951's fixed codes (block type 01).
    pub fn fixed() -> Codes {
        // All 288 symbols, as the RFC lists them: 286 and 287 shift the canonical 9-bit codes.
        let litlen = [&[8; 144][..], &[9; 112], &[7; 24], &[8; 8]].concat();
        Codes::from_lengths(&litlen, &[5; DISTANCE_SYMBOLS], false)
    }

    /// Codes fitted to `counts` (block type 10, dynamic): length-limited Huffman codes (at most 15
    /// bits; code-length codes at most 7 bits), where every literal/length symbol 0..=285 and
    /// every distance symbol 0..=29 gets a code, even with a count of 0, so that any text at all
    /// can be written with them.
    pub fn fitted(counts: &SymbolCounts) -> Codes {
        // A weight of 1 for uncounted symbols gives them (long) codes.
        let weights = |counts: &[u32]| counts.iter().map(|&count| count.max(1)).collect::<Vec<_>>();
        let litlen = limited_code_lengths(&weights(&counts.litlen), MAX_CODE_BITS);
        let distance = limited_code_lengths(&weights(&counts.distance), MAX_CODE_BITS);
        Codes::from_lengths(&litlen, &distance, true)
    }

    fn from_lengths(litlen_lengths: &[u8], distance_lengths: &[u8], dynamic: bool) -> Codes {
        let litlen = canonical_codes(litlen_lengths);
        let distances = canonical_codes(distance_lengths);
        Codes {
            dynamic,
            code_lengths: [litlen_lengths, distance_lengths].concat(),
            literals: std::array::from_fn(|byte| litlen[byte]),
            lengths: std::array::from_fn(|index| {
                let symbol = usize::from(LENGTH_SYMBOL[index]);
                let (code, bits) = litlen[257 + symbol];
                let extra = index as u32 + 3 - u32::from(LENGTH_BASE[symbol]);
                (code | extra << bits, bits + u32::from(LENGTH_EXTRA[symbol]))
            }),
            distances: std::array::from_fn(|symbol| distances[symbol]),
            end_of_block: litlen[END_OF_BLOCK],
        }
    }

    /// The block header: BFINAL (`last`), BTYPE, and for dynamic codes HLIT, HDIST, HCLEN, the
    /// code-length code lengths in RFC order, and the literal/length and distance code lengths
    /// run-length coded (symbols 16, 17, 18).
    pub fn put_header(&self, last: bool, out: &mut BitWriter) {
        out.put(u64::from(last), 1);
        if !self.dynamic {
            out.put(0b01, 2);
            return;
        }
        out.put(0b10, 2);
        let runs = run_length_code(&self.code_lengths);
        let mut counts = [0u32; 19];
        for &(symbol, _, _) in &runs {
            counts[symbol] += 1;
        }
        let code_length_lengths = limited_code_lengths(&counts, MAX_CODE_LENGTH_CODE_BITS);
        let code_length_codes = canonical_codes(&code_length_lengths);
        let unsent = CODE_LENGTH_ORDER.iter().rev();
        let unsent = unsent
            .take_while(|&&symbol| code_length_lengths[symbol] == 0)
            .count();
        let sent = (19 - unsent).max(4);
        out.put((LITLEN_SYMBOLS - 257) as u64, 5);
        out.put((DISTANCE_SYMBOLS - 1) as u64, 5);
        out.put((sent - 4) as u64, 4);
        for &symbol in &CODE_LENGTH_ORDER[..sent] {
            out.put(u64::from(code_length_lengths[symbol]), 3);
        }
        for &(symbol, extra, extra_bits) in &runs {
            let (code, bits) = code_length_codes[symbol];
            out.put(u64::from(code | extra << bits), bits + extra_bits);
        }
    }

    /// The header alone as a bit string, for reuse on every page.
    pub fn header(&self, last: bool) -> Bits {
        let mut out = BitWriter::new(Vec::new());
        self.put_header(last, &mut out);
        out.into_bits()
    }

    /// Writes one literal byte.
    #[inline]
    pub fn put_literal(&self, byte: u8, out: &mut BitWriter) {
        let (code, bits) = self.literals[usize::from(byte)];
        out.put(u64::from(code), bits);
    }

    /// Writes a copy: length 3..=258, distance 1..=32768. The length and the distance go in one
    /// `put` each: each fits 32 bits, together they may not.
    #[inline]
    pub fn put_copy(&self, length: usize, distance: usize, out: &mut BitWriter) {
        debug_assert!((3..=258).contains(&length) && (1..=32768).contains(&distance));
        let (code, bits) = self.lengths[length - 3];
        out.put(u64::from(code), bits);
        let (symbol, extra, extra_bits) = distance_symbol(distance);
        let (code, bits) = self.distances[symbol];
        out.put(u64::from(code | extra << bits), bits + extra_bits);
    }

    /// Writes a literal or a copy.
    #[inline]
    pub fn put_token(&self, token: Token, out: &mut BitWriter) {
        match token {
            Token::Literal(byte) => self.put_literal(byte, out),
            Token::Copy { length, distance } => {
                self.put_copy(usize::from(length), usize::from(distance), out)
            }
        }
    }

    /// Writes the end-of-block symbol.
    pub fn put_end_of_block(&self, out: &mut BitWriter) {
        out.put(u64::from(self.end_of_block.0), self.end_of_block.1);
    }
}

/// Canonical codes for these code lengths (RFC 1951 3.2.2), bit-reversed: (code, bit count).
fn canonical_codes(lengths: &[u8]) -> Vec<(u32, u32)> {
    let mut per_length = [0u32; 16];
    for &length in lengths {
        per_length[usize::from(length)] += 1;
    }
    per_length[0] = 0;
    let mut next_code = [0u32; 16];
    for bits in 1..16 {
        next_code[bits] = (next_code[bits - 1] + per_length[bits - 1]) << 1;
    }
    let code_of = |length: &u8| match usize::from(*length) {
        0 => (0, 0),
        bits => {
            next_code[bits] += 1;
            let code = next_code[bits] - 1;
            (code.reverse_bits() >> (32 - bits), bits as u32)
        }
    };
    lengths.iter().map(code_of).collect()
}

/// Huffman code lengths of at most `max_bits` for the symbols with a count above 0; the rest
/// get none (0).
fn limited_code_lengths(counts: &[u32], max_bits: u32) -> Vec<u8> {
    let mut lengths = vec![0; counts.len()];
    // Used symbols, least frequent first: (count, symbol).
    let mut used: Vec<(u32, usize)> = (counts.iter().enumerate())
        .filter(|&(_, &count)| count > 0)
        .map(|(symbol, &count)| (count, symbol))
        .collect();
    used.sort_unstable();
    match used[..] {
        [] => return lengths,
        [(_, symbol)] => {
            // One code alone would leave the code incomplete, which inflaters refuse for the
            // code-length code: pair it with a second, unused, one-bit code.
            lengths[symbol] = 1;
            lengths[usize::from(symbol == 0)] = 1;
            return lengths;
        }
        _ => {}
    }
    let max = max_bits as usize;
    assert!(used.len() <= 1 << max, "more symbols than {max}-bit codes");
    let mut per_length = [0u32; 16];
    for depth in huffman_depths(&used) {
        per_length[depth.min(max)] += 1;
    }
    // Cutting long codes to `max` can take the Kraft sum, counted in units of 2^-max, over 1:
    // then take one longest code away and split a shorter code in two, one unit less each time.
    let mut kraft: u32 = (1..=max).map(|bits| per_length[bits] << (max - bits)).sum();
    while kraft > 1 << max {
        per_length[max] -= 1;
        let shorter = (1..max).rev().find(|&bits| per_length[bits] > 0);
        let shorter = shorter.expect("a shorter code while the Kraft sum is over 1");
        per_length[shorter] -= 1;
        per_length[shorter + 1] += 2;
        kraft -= 1;
    }
    // The most frequent symbols get the shortest codes.
    let shortest_first =
        (1..=max).flat_map(|bits| std::iter::repeat_n(bits, per_length[bits] as usize));
    for (&(_, symbol), bits) in used.iter().rev().zip(shortest_first) {
        lengths[symbol] = bits as u8;
    }
    lengths
}

/// Each leaf's depth in a Huffman tree over `sorted` (count, symbol) pairs, least frequent first
/// (at least 2). Two queues: merged nodes come out in ascending weight too, so no heap is needed.
fn huffman_depths(sorted: &[(u32, usize)]) -> Vec<usize> {
    let leaves = sorted.len();
    let mut weight: Vec<u64> = sorted.iter().map(|&(count, _)| u64::from(count)).collect();
    let mut parent = vec![0; 2 * leaves - 1];
    let (mut next_leaf, mut next_node) = (0, leaves);
    for node in leaves..2 * leaves - 1 {
        let mut merged = 0;
        for _ in 0..2 {
            let take_leaf =
                next_leaf < leaves && (next_node == node || weight[next_leaf] <= weight[next_node]);
            let child = if take_leaf {
                &mut next_leaf
            } else {
                &mut next_node
            };
            merged += weight[*child];
            parent[*child] = node;
            *child += 1;
        }
        weight.push(merged);
    }
    // A parent comes after its children: from the root down, each depth is its parent's plus 1.
    let mut depth = vec![0; 2 * leaves - 1];
    for node in (0..2 * leaves - 2).rev() {
        depth[node] = depth[parent[node]] + 1;
    }
    depth.truncate(leaves);
    depth
}

/// Code lengths run-length coded with the code-length alphabet (RFC 1951 3.2.7):
/// (symbol, extra bits, their count).
fn run_length_code(lengths: &[u8]) -> Vec<(usize, u32, u32)> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < lengths.len() {
        let length = lengths[start];
        let mut left = lengths[start..]
            .iter()
            .take_while(|&&l| l == length)
            .count();
        start += left;
        if length == 0 {
            while left >= 11 {
                let run = left.min(138);
                runs.push((18, run as u32 - 11, 7));
                left -= run;
            }
            if left >= 3 {
                runs.push((17, left as u32 - 3, 3));
                left = 0;
            }
        } else {
            // Symbol 16 repeats the length before it, so the length goes first once.
            runs.push((usize::from(length), 0, 0));
            left -= 1;
            while left >= 3 {
                let run = left.min(6);
                runs.push((16, run as u32 - 3, 2));
                left -= run;
            }
        }
        runs.extend(std::iter::repeat_n((usize::from(length), 0, 0), left));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::DeflateDecoder;
    use proptest::prelude::*;
    use std::collections::HashMap;
    use std::io::Read;

    /// A tiny greedy LZ77: the longest match at the last place the next 3 bytes occurred.
    fn tokenize(text: &[u8]) -> Vec<Token> {
        let mut last_seen: HashMap<&[u8], usize> = HashMap::new();
        let mut tokens = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let earlier = text.get(at..at + 3).and_then(|key| last_seen.get(key));
            let matched = earlier.filter(|&&from| at - from <= 32768).map(|&from| {
                let same = text[at..].iter().zip(&text[from..]).take(258);
                (same.take_while(|(a, b)| a == b).count(), at - from)
            });
            let step = match matched {
                Some((length, distance)) if length >= 3 => {
                    let (length, distance) = (length as u16, distance as u16);
                    tokens.push(Token::Copy { length, distance });
                    usize::from(length)
                }
                _ => {
                    tokens.push(Token::Literal(text[at]));
                    1
                }
            };
            for position in at..at + step {
                if let Some(key) = text.get(position..position + 3) {
                    last_seen.insert(key, position);
                }
            }
            at += step;
        }
        tokens
    }

    /// What the tokens stand for, copied byte by byte as an inflater does.
    fn expand(tokens: &[Token]) -> Vec<u8> {
        let mut text = Vec::new();
        for &token in tokens {
            match token {
                Token::Literal(byte) => text.push(byte),
                Token::Copy { length, distance } => {
                    for _ in 0..length {
                        text.push(text[text.len() - usize::from(distance)]);
                    }
                }
            }
        }
        text
    }

    fn count(tokens: &[Token]) -> SymbolCounts {
        let mut counts = SymbolCounts::new();
        tokens.iter().for_each(|&token| counts.add(token));
        counts
    }

    /// One final block: the reusable header, the tokens, end of block.
    fn deflate(codes: &Codes, tokens: &[Token]) -> Vec<u8> {
        let mut out = BitWriter::new(Vec::new());
        out.append(&codes.header(true));
        tokens
            .iter()
            .for_each(|&token| codes.put_token(token, &mut out));
        codes.put_end_of_block(&mut out);
        out.into_aligned_bytes()
    }

    fn inflate(compressed: &[u8]) -> Vec<u8> {
        let mut text = Vec::new();
        let mut decoder = DeflateDecoder::new(compressed);
        decoder.read_to_end(&mut text).expect("valid deflate");
        text
    }

    /// Kraft sum in units of 2^-15: exactly 1 << 15 for a complete code.
    fn kraft(lengths: &[u8]) -> u32 {
        lengths
            .iter()
            .filter(|&&l| l > 0)
            .map(|&l| 1 << (15 - l))
            .sum()
    }

    fn html_like() -> Vec<u8> {
        let words = [
            "deflate", "huffman", "search", "page", "index", "code", "bit",
        ];
        let mut page = String::from("<!DOCTYPE html><html><head><title>Results</title></head>");
        for row in 0..400 {
            let (word, other) = (words[row % 7], words[row * 3 % 7]);
            page += &format!(
                "<li class=\"result\"><a href=\"/doc/{}\">{word} {row}</a><p>The {other} of \
                 {word}, in {} parts.</p></li>\n",
                row * 7919 % 1000,
                row % 13
            );
        }
        page.into_bytes()
    }

    const ENGLISH: &str = "It was the best of times, it was the worst of times, it was the age \
        of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of \
        incredulity, it was the season of Light, it was the season of Darkness, it was the spring \
        of hope, it was the winter of despair, we had everything before us, we had nothing before \
        us, we were all going direct to Heaven, we were all going direct the other way - in short, \
        the period was so far like the present period, that some of its noisiest authorities \
        insisted on its being received, for good or for evil, in the superlative degree of \
        comparison only. There were a king with a large jaw and a queen with a plain face.";

    fn text() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..1500),
            prop::collection::vec(prop::sample::select(&b"ab <>/=\"x\n"[..]), 0..3000),
        ]
    }

    proptest! {
        #[test]
        fn fitted_and_fixed_codes_round_trip(text in text()) {
            let tokens = tokenize(&text);
            prop_assert_eq!(expand(&tokens), text.clone());
            prop_assert_eq!(inflate(&deflate(&Codes::fitted(&count(&tokens)), &tokens)), text.clone());
            prop_assert_eq!(inflate(&deflate(&Codes::fixed(), &tokens)), text);
        }

        #[test]
        fn codes_fitted_elsewhere_write_any_text(text in text(), other in text()) {
            let tokens = tokenize(&text);
            let from_other = Codes::fitted(&count(&tokenize(&other)));
            prop_assert_eq!(inflate(&deflate(&from_other, &tokens)), text.clone());
            let from_nothing = Codes::fitted(&SymbolCounts::new());
            prop_assert_eq!(inflate(&deflate(&from_nothing, &tokens)), text);
        }
    }

    #[test]
    fn html_and_english_round_trip_and_fitted_codes_are_smaller() {
        for text in [html_like(), ENGLISH.as_bytes().to_vec()] {
            let tokens = tokenize(&text);
            let fitted = deflate(&Codes::fitted(&count(&tokens)), &tokens);
            let fixed = deflate(&Codes::fixed(), &tokens);
            assert_eq!(inflate(&fitted), text);
            assert_eq!(inflate(&fixed), text);
            eprintln!(
                "{} bytes: fitted {}, fixed {}",
                text.len(),
                fitted.len(),
                fixed.len()
            );
            assert!(fitted.len() < fixed.len());
        }
    }

    #[test]
    fn skewed_counts_stay_within_15_bits_and_complete() {
        let mut counts = SymbolCounts::new();
        let mut fibonacci = (1u32, 1u32);
        for count in counts.litlen.iter_mut().chain(&mut counts.distance) {
            *count = fibonacci.0;
            fibonacci = (fibonacci.1, fibonacci.0.saturating_add(fibonacci.1));
        }
        let codes = Codes::fitted(&counts);
        let (litlen, distance) = codes.code_lengths.split_at(LITLEN_SYMBOLS);
        for (lengths, counts) in [
            (litlen, &counts.litlen[..]),
            (distance, &counts.distance[..]),
        ] {
            assert!(
                lengths.iter().all(|&l| (1..=15).contains(&l)),
                "{lengths:?}"
            );
            assert_eq!(kraft(lengths), 1 << 15);
            for (count, length) in counts.iter().zip(lengths) {
                let mut rarer = counts
                    .iter()
                    .zip(lengths)
                    .filter(|(other, _)| *other < count);
                assert!(
                    rarer.all(|(_, other)| length <= other),
                    "frequent symbol, longer code"
                );
            }
        }
        let text = html_like();
        let tokens = tokenize(&text);
        assert_eq!(inflate(&deflate(&codes, &tokens)), text);
    }

    #[test]
    fn code_length_code_stays_within_7_bits_and_complete() {
        let mut fibonacci = (1u32, 1u32);
        let counts: Vec<u32> = (0..19)
            .map(|_| {
                fibonacci = (fibonacci.1, fibonacci.0 + fibonacci.1);
                fibonacci.0
            })
            .collect();
        let lengths = limited_code_lengths(&counts, 7);
        assert!(lengths.iter().all(|&l| (1..=7).contains(&l)), "{lengths:?}");
        assert_eq!(kraft(&lengths), 1 << 15);
        assert!(
            lengths.windows(2).all(|pair| pair[0] >= pair[1]),
            "{lengths:?}"
        );
        // Without the limit, this would have gone to 18 bits.
        assert_eq!(limited_code_lengths(&counts, 15).iter().max(), Some(&15));
    }

    #[test]
    fn degenerate_counts_still_give_complete_codes() {
        assert_eq!(limited_code_lengths(&[0, 0, 0], 7), [0, 0, 0]);
        assert_eq!(limited_code_lengths(&[0, 0, 5], 7), [1, 0, 1]);
        assert_eq!(limited_code_lengths(&[9, 0, 0], 7), [1, 1, 0]);
        assert_eq!(limited_code_lengths(&[1, 0, 1], 7), [1, 0, 1]);
        assert_eq!(limited_code_lengths(&[1; 128], 7), [7; 128]);
    }

    #[test]
    fn unused_symbols_without_codes_run_length_code_their_zeros() {
        // Codes only for the used symbols: runs of zeros of many lengths (17s and 18s).
        let text = b"a bee in some sun, a moon on a bus; unseen mission".repeat(3);
        let mut counts = [0u32; LITLEN_SYMBOLS];
        text.iter().for_each(|&byte| counts[usize::from(byte)] += 1);
        counts[END_OF_BLOCK] = 1;
        let litlen = limited_code_lengths(&counts, 15);
        let mut distance = limited_code_lengths(&[0, 0, 0, 0, 2, 1], 15);
        distance.resize(DISTANCE_SYMBOLS, 0);
        let runs = run_length_code(&[&litlen[..], &distance[..]].concat());
        assert!(runs.iter().any(|run| run.0 == 17) && runs.iter().any(|run| run.0 == 18));
        let codes = Codes::from_lengths(&litlen, &distance, true);
        let tokens: Vec<Token> = text.iter().map(|&byte| Token::Literal(byte)).collect();
        assert_eq!(inflate(&deflate(&codes, &tokens)), text);
    }

    #[test]
    fn boundary_copies_decode() {
        // 32768 bytes of history, so that the longest distance reaches back to the start.
        let mut tokens: Vec<Token> = (0..32768u32)
            .map(|i| Token::Literal((i.wrapping_mul(2_654_435_761) >> 24) as u8))
            .collect();
        for length in [3, 4, 10, 11, 257, 258] {
            for distance in [1, 2, 3, 4, 5, 6, 7, 8, 9, 24577, 32767, 32768] {
                tokens.push(Token::Copy { length, distance });
            }
        }
        tokens.extend((3..=258).map(|length| Token::Copy {
            length,
            distance: length + 1,
        }));
        let text = expand(&tokens);
        for codes in [Codes::fixed(), Codes::fitted(&count(&tokens))] {
            assert_eq!(inflate(&deflate(&codes, &tokens)), text);
        }
    }

    #[test]
    fn distance_symbols_match_the_rfc_table() {
        const BASE: [usize; 30] = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
            1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
        ];
        for distance in 1..=32768 {
            let symbol = BASE
                .iter()
                .rposition(|&base| base <= distance)
                .expect("base 1");
            let extra_bits = if symbol < 4 { 0 } else { symbol as u32 / 2 - 1 };
            let expected = (symbol, (distance - BASE[symbol]) as u32, extra_bits);
            assert_eq!(distance_symbol(distance), expected, "distance {distance}");
        }
    }

    #[test]
    fn put_header_matches_header_at_an_offset() {
        let codes = Codes::fitted(&count(&tokenize(ENGLISH.as_bytes())));
        for last in [false, true] {
            let mut direct = BitWriter::new(Vec::new());
            direct.put(0b101, 3);
            codes.put_header(last, &mut direct);
            let mut appended = BitWriter::new(Vec::new());
            appended.put(0b101, 3);
            appended.append(&codes.header(last));
            assert_eq!(direct.into_bits(), appended.into_bits());
        }
        assert_eq!(Codes::fixed().header(true).len(), 3);
    }
}
