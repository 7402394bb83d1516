//! Reads raw deflate (RFC 1951) as its LZ77 tokens, literals and copies, instead of the bytes
//! they stand for: the parts of a page that zlib compressed once can then be re-encoded or
//! measured without compressing them again.
//!
//! Huffman decoding follows zlib's contrib/puff: canonical codes kept as counts per length and
//! decoded a bit at a time, with one look-up table in front for the short codes. Codes live in
//! fixed-size arrays, so a block allocates nothing.

use crate::web::huffman::{CODE_LENGTH_ORDER, LENGTH_BASE, LENGTH_EXTRA, Token};
use TokenError::{BadCodeLengths, BadSymbol, Truncated};

/// Why raw deflate could not be read as tokens.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    /// The input stops inside a block.
    #[error("raw deflate data ends inside a block")]
    Truncated,
    /// Block type 3, which RFC 1951 reserves.
    #[error("deflate block type 3 is reserved")]
    ReservedBlockType,
    /// A stored block's LEN is not the one's complement of its NLEN.
    #[error("stored block length does not match its one's complement")]
    StoredLengthMismatch,
    /// A dynamic block's code lengths do not describe usable codes.
    #[error("bad code lengths in a dynamic block: {0}")]
    BadCodeLengths(&'static str),
    /// A symbol that deflate does not allow, or bits that match no code.
    #[error("bad symbol in deflate data: {0}")]
    BadSymbol(&'static str),
}

/// Distance symbols 0..=29: the shortest distance of each, and its count of extra bits.
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u32; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// The fixed literal/length code lengths (RFC 1951 3.2.6), all 288 so that 286 and 287 decode
/// and can be refused by name.
const FIXED_LITLEN_LENGTHS: [u8; 288] = {
    let mut lengths = [8; 288];
    let mut symbol = 144;
    while symbol < 280 {
        lengths[symbol] = if symbol < 256 { 9 } else { 7 };
        symbol += 1;
    }
    lengths
};

/// Codes up to this long decode with one look-up; longer ones bit by bit.
const FAST_BITS: u32 = 9;

/// A canonical Huffman code as puff keeps it: how many codes have each length, and the
/// symbols in code order; plus, for speed, the next `FAST_BITS` bits of input to the symbol
/// (`symbol << 4 | length`, 0 for a longer code).
struct Code<const N: usize> {
    counts: [u16; 16],
    symbols: [u16; N],
    fast: [u16; 1 << FAST_BITS],
}

impl<const N: usize> Code<N> {
    const fn new() -> Self {
        Self {
            counts: [0; 16],
            symbols: [0; N],
            fast: [0; 1 << FAST_BITS],
        }
    }

    /// Builds the code for `lengths` (each 0..=15, at most `N` of them). It must be complete,
    /// unless `distances` allows what RFC 1951 3.2.7 does: no code at all, or one of one bit.
    fn build(&mut self, lengths: &[u8], distances: bool) -> Result<(), TokenError> {
        self.counts = [0; 16];
        for &length in lengths {
            self.counts[usize::from(length)] += 1;
        }
        // Codes of each length still free, as puff counts them.
        let mut left = 1i32;
        let mut offsets = [0u16; 16];
        for length in 1..16 {
            left = (left << 1) - i32::from(self.counts[length]);
            if left < 0 {
                return Err(BadCodeLengths("over-subscribed code"));
            }
            if length < 15 {
                offsets[length + 1] = offsets[length] + self.counts[length];
            }
        }
        let used = lengths.len() - usize::from(self.counts[0]);
        if left > 0 && !(distances && (used == 0 || (used == 1 && self.counts[1] == 1))) {
            return Err(BadCodeLengths("incomplete code"));
        }
        for (symbol, &length) in (0u16..).zip(lengths) {
            if length != 0 {
                let slot = &mut offsets[usize::from(length)];
                self.symbols[usize::from(*slot)] = symbol;
                *slot += 1;
            }
        }
        // Canonical codes go by length, then symbol; the stream sends each one reversed.
        self.fast = [0; 1 << FAST_BITS];
        let (mut code, mut index) = (0u32, 0);
        for length in 1..=FAST_BITS {
            let count = usize::from(self.counts[length as usize]);
            for &symbol in &self.symbols[index..index + count] {
                let mut slot = (code.reverse_bits() >> (32 - length)) as usize;
                while slot < 1 << FAST_BITS {
                    self.fast[slot] = symbol << 4 | length as u16;
                    slot += 1 << length;
                }
                code += 1;
            }
            index += count;
            code <<= 1;
        }
        Ok(())
    }
}

/// Reads bits least significant first, through a 64-bit buffer.
#[derive(Default)]
struct BitReader<'a> {
    input: &'a [u8],
    next: usize,
    buffer: u64,
    count: u32,
}

impl BitReader<'_> {
    /// Tops the buffer up to more than 56 bits, or with all the input that is left.
    fn refill(&mut self) {
        while let Some(&byte) = self.input.get(self.next).filter(|_| self.count <= 56) {
            self.buffer |= u64::from(byte) << self.count;
            self.next += 1;
            self.count += 8;
        }
    }

    /// The next `wanted` (at most 32) bits as a number, first bit lowest.
    fn bits(&mut self, wanted: u32) -> Result<u32, TokenError> {
        if self.count < wanted {
            self.refill();
            if self.count < wanted {
                return Err(Truncated);
            }
        }
        let value = (self.buffer & ((1 << wanted) - 1)) as u32;
        self.buffer >>= wanted;
        self.count -= wanted;
        Ok(value)
    }

    /// The next symbol of `code`: short codes by look-up, long ones a bit at a time as puff does.
    fn decode<const N: usize>(&mut self, code: &Code<N>) -> Result<u16, TokenError> {
        if self.count < 15 {
            self.refill();
        }
        let entry = code.fast[(self.buffer & ((1 << FAST_BITS) - 1)) as usize];
        let length = u32::from(entry & 15);
        if length != 0 && length <= self.count {
            self.buffer >>= length;
            self.count -= length;
            return Ok(entry >> 4);
        }
        let (mut value, mut first, mut index) = (0u32, 0u32, 0u32);
        for length in 1..16 {
            if length > self.count {
                return Err(Truncated);
            }
            value |= ((self.buffer >> (length - 1)) & 1) as u32;
            let count = u32::from(code.counts[length as usize]);
            if value < first + count {
                self.buffer >>= length;
                self.count -= length;
                let symbol = code.symbols.get((index + value - first) as usize);
                return symbol.copied().ok_or(NO_CODE);
            }
            index += count;
            first = (first + count) << 1;
            value <<= 1;
        }
        Err(NO_CODE)
    }
}

/// Only an incomplete code, the distance code RFC 1951 allows, leaves bits unmatched.
const NO_CODE: TokenError = BadSymbol("bits that match no code");

/// The tokens of `raw`: a sequence of raw deflate blocks (stored, fixed or dynamic), read until
/// the end of the input or the end of a block marked final. The input comes from zlib compressing
/// one part of a page with `FlushCompress::Full` (or Sync): it ends byte-aligned, usually with an
/// empty stored block (00 00 FF FF) and with no final block. Copies may reach back before the
/// start of `raw` (zlib was given a preset dictionary), so distances are NOT checked against what
/// was decoded; only their range 1..=32768 is. Stored blocks' bytes become literals. Empty input
/// gives no tokens.
pub fn tokens(raw: &[u8]) -> Result<Vec<Token>, TokenError> {
    let mut block = Block {
        bits: BitReader {
            input: raw,
            ..BitReader::default()
        },
        litlen: Code::new(),
        distance: Code::new(),
        // A literal takes about 8 bits, a copy more, a stored byte exactly 8: rarely regrown.
        out: Vec::with_capacity(raw.len()),
    };
    // Fewer than 8 bits left are the last byte's padding: no block is that short.
    while block.bits.count >= 8 || block.bits.next < raw.len() {
        let last = block.bits.bits(1)? == 1;
        match block.bits.bits(2)? {
            0 => block.stored()?,
            1 => {
                block.litlen.build(&FIXED_LITLEN_LENGTHS, false)?;
                // All 32 so that distance symbols 30 and 31 decode and can be refused by name.
                block.distance.build(&[5; 32], false)?;
                block.symbols()?;
            }
            2 => {
                block.dynamic_codes()?;
                block.symbols()?;
            }
            _ => return Err(TokenError::ReservedBlockType),
        }
        if last {
            break;
        }
    }
    Ok(block.out)
}

/// The reader's state; each block rebuilds the codes in place.
struct Block<'a> {
    bits: BitReader<'a>,
    litlen: Code<288>,
    distance: Code<32>,
    out: Vec<Token>,
}

impl Block<'_> {
    /// Reads a stored block's bytes as literals.
    fn stored(&mut self) -> Result<(), TokenError> {
        // To the byte boundary, giving back the whole bytes buffered: stored data is read as is.
        let bits = &mut self.bits;
        bits.next -= (bits.count / 8) as usize;
        (bits.buffer, bits.count) = (0, 0);
        let start = bits.next + 4;
        let header = bits.input.get(bits.next..start).ok_or(Truncated)?;
        let length = u16::from_le_bytes([header[0], header[1]]);
        if length != !u16::from_le_bytes([header[2], header[3]]) {
            return Err(TokenError::StoredLengthMismatch);
        }
        bits.next = start + usize::from(length);
        let data = bits.input.get(start..bits.next).ok_or(Truncated)?;
        self.out
            .extend(data.iter().map(|&byte| Token::Literal(byte)));
        Ok(())
    }

    /// Reads a dynamic block's header into `litlen` and `distance`.
    fn dynamic_codes(&mut self) -> Result<(), TokenError> {
        let bits = &mut self.bits;
        let litlen_count = bits.bits(5)? as usize + 257;
        let total = litlen_count + bits.bits(5)? as usize + 1;
        let code_length_count = bits.bits(4)? as usize + 4;
        if litlen_count > 286 || total - litlen_count > 30 {
            return Err(BadCodeLengths("HLIT above 286 or HDIST above 30"));
        }
        let mut code_lengths = [0u8; 19];
        for &symbol in &CODE_LENGTH_ORDER[..code_length_count] {
            code_lengths[symbol] = bits.bits(3)? as u8;
        }
        let mut code_length_code = Code::<19>::new();
        code_length_code.build(&code_lengths, false)?;

        let (mut lengths, mut filled) = ([0u8; 286 + 30], 0);
        while filled < total {
            let (length, repeat) = match bits.decode(&code_length_code)? {
                symbol @ 0..=15 => (symbol as u8, 1),
                16 if filled == 0 => return Err(BadCodeLengths("repeat with no previous length")),
                16 => (lengths[filled - 1], 3 + bits.bits(2)? as usize),
                17 => (0, 3 + bits.bits(3)? as usize),
                _ => (0, 11 + bits.bits(7)? as usize),
            };
            if filled + repeat > total {
                return Err(BadCodeLengths("repeat past HLIT + HDIST"));
            }
            lengths[filled..filled + repeat].fill(length);
            filled += repeat;
        }
        if lengths[256] == 0 {
            return Err(BadCodeLengths("no end-of-block code"));
        }
        self.litlen.build(&lengths[..litlen_count], false)?;
        self.distance.build(&lengths[litlen_count..total], true)
    }

    /// Reads a Huffman-coded block's symbols up to and including its end-of-block.
    fn symbols(&mut self) -> Result<(), TokenError> {
        loop {
            match self.bits.decode(&self.litlen)? {
                symbol @ 0..=255 => self.out.push(Token::Literal(symbol as u8)),
                256 => return Ok(()),
                symbol @ 257..=285 => {
                    let index = usize::from(symbol - 257);
                    let length =
                        LENGTH_BASE[index] + self.bits.bits(u32::from(LENGTH_EXTRA[index]))? as u16;
                    let index = usize::from(self.bits.decode(&self.distance)?);
                    if index >= DISTANCE_BASE.len() {
                        return Err(BadSymbol("distance symbol 30 or 31"));
                    }
                    let extra = self.bits.bits(DISTANCE_EXTRA[index])? as u16;
                    let distance = DISTANCE_BASE[index] + extra;
                    self.out.push(Token::Copy { length, distance });
                }
                _ => return Err(BadSymbol("literal/length symbol 286 or 287")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compress, Compression, FlushCompress, write::DeflateEncoder};
    use proptest::prelude::*;
    use std::io::Write;

    /// One part as the server makes it: all of `input`, then `flush`, out of `compressor`.
    fn compress_part(compressor: &mut Compress, input: &[u8], flush: FlushCompress) -> Vec<u8> {
        let start = compressor.total_in();
        let mut out = Vec::with_capacity(64);
        loop {
            let rest = &input[usize::try_from(compressor.total_in() - start).unwrap()..];
            compressor.compress_vec(rest, &mut out, flush).unwrap();
            let all_taken = compressor.total_in() - start == input.len() as u64;
            // A full output buffer may hide more of the flush.
            if all_taken && out.len() < out.capacity() {
                return out;
            }
            out.reserve(out.capacity());
        }
    }

    fn compress(level: u32, input: &[u8]) -> Vec<u8> {
        let mut compressor = Compress::new(Compression::new(level), false);
        compress_part(&mut compressor, input, FlushCompress::Full)
    }

    fn compress_final(level: u32, input: &[u8]) -> Vec<u8> {
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::new(level));
        encoder.write_all(input).unwrap();
        encoder.finish().unwrap()
    }

    /// Applies `tokens` to `buffer`; returns how many copies reach back before its old end.
    fn replay(buffer: &mut Vec<u8>, tokens: &[Token]) -> usize {
        let start = buffer.len();
        let mut reaching_back = 0;
        for &token in tokens {
            match token {
                Token::Literal(byte) => buffer.push(byte),
                Token::Copy { length, distance } => {
                    let from = buffer.len().checked_sub(usize::from(distance)).unwrap();
                    reaching_back += usize::from(from < start);
                    for offset in from..from + usize::from(length) {
                        buffer.push(buffer[offset]);
                    }
                }
            }
        }
        reaching_back
    }

    fn replayed(raw: &[u8]) -> Vec<u8> {
        let mut rebuilt = Vec::new();
        replay(&mut rebuilt, &tokens(raw).unwrap());
        rebuilt
    }

    fn html(rows: usize) -> Vec<u8> {
        let row = |i: usize| format!("<li><a href=\"/a/{}\">Item {i}</a></li>\n", i % 37);
        (0..rows).map(row).collect::<String>().into_bytes()
    }

    const PROSE: &str = "Most back pain settles within a few weeks. Keep moving as much as you \
        can, take simple pain relief if you need it, and return to your usual activities step by \
        step. Bed rest tends to slow recovery. See a doctor at once if you have numbness around \
        the buttocks, trouble passing urine, or weakness in both legs; these are rare but urgent.";

    /// Bytes that zlib cannot shrink, so it stores them (xorshift64).
    fn noise(len: usize) -> Vec<u8> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        };
        (0..len).map(|_| next()).collect()
    }

    #[test]
    fn replays_to_the_input_at_every_level() {
        // The noise's start again, 30000 bytes on: copies from as far back as deflate reaches.
        let far = [noise(30_000), noise(500)].concat();
        let texts = [
            html(400),
            PROSE.repeat(3).into(),
            noise(70_000),
            far,
            vec![],
        ];
        for (level, text) in [1, 6, 9]
            .into_iter()
            .flat_map(|l| texts.iter().map(move |t| (l, t)))
        {
            assert!(replayed(&compress(level, text)) == *text, "level {level}");
        }
        // zlib-rs's level 1 gives fixed codes even to random bytes; the other levels store them.
        assert_eq!(
            compress(6, &noise(70_000))[0] & 0b110,
            0,
            "not a stored block"
        );
        assert_eq!(
            compress(9, &noise(70_000))[0] & 0b110,
            0,
            "not a stored block"
        );
        assert_eq!(tokens(&[]), Ok(vec![]));
    }

    #[test]
    fn copies_reach_into_a_preset_dictionary() {
        let dictionary = html(30);
        let text = [&dictionary[..700], PROSE.as_bytes(), &dictionary[900..]].concat();
        let mut compressor = Compress::new(Compression::new(9), false);
        compressor.set_dictionary(&dictionary).unwrap();
        let raw = compress_part(&mut compressor, &text, FlushCompress::Full);
        let mut buffer = dictionary.clone();
        let reaching_back = replay(&mut buffer, &tokens(&raw).unwrap());
        assert!(buffer[dictionary.len()..] == text, "replay differs");
        assert!(reaching_back > 0, "no copy reached into the dictionary");
    }

    #[test]
    fn parts_of_one_stream_parse_one_at_a_time() {
        let parts = [html(50), PROSE.into(), html(60), vec![], html(10)];
        // A full flush makes zlib forget the earlier parts; a sync flush lets it copy from them.
        for (flush, copies_back) in [(FlushCompress::Full, false), (FlushCompress::Sync, true)] {
            let mut compressor = Compress::new(Compression::new(6), false);
            let (mut buffer, mut reaching_back) = (Vec::new(), 0);
            for part in &parts {
                let raw = compress_part(&mut compressor, part, flush);
                // A flush with no new input adds nothing.
                assert!(raw.is_empty() || raw.ends_with(&[0, 0, 0xFF, 0xFF]));
                reaching_back += replay(&mut buffer, &tokens(&raw).unwrap());
            }
            assert!(buffer == parts.concat(), "{flush:?}: replay differs");
            assert_eq!(reaching_back > 0, copies_back, "{flush:?}");
        }
    }

    #[test]
    fn reads_fixed_and_final_blocks() {
        let raw = compress_final(6, b"a");
        assert_eq!(raw[0] & 0b111, 0b011, "expected one final fixed block");
        assert_eq!(tokens(&raw), Ok(vec![Token::Literal(b'a')]));
        let mut raw = compress_final(9, &html(100));
        assert_eq!(replayed(&raw), html(100));
        // Whatever follows the final block is not deflate data.
        raw.extend_from_slice(&[0xFF; 8]);
        assert_eq!(replayed(&raw), html(100));
    }

    #[test]
    fn every_prefix_is_a_prefix_or_truncated() {
        for raw in [
            compress(6, &html(300)),
            compress(9, &noise(3000)),
            compress_final(1, b"ab"),
        ] {
            let whole = tokens(&raw).unwrap();
            for end in 0..raw.len() {
                match tokens(&raw[..end]) {
                    Ok(part) => assert!(whole.starts_with(&part), "prefix of {end} bytes"),
                    Err(error) => assert_eq!(error, Truncated, "prefix of {end} bytes"),
                }
            }
        }
    }

    /// Packs fields written `value:bits`, sent least significant bit first as deflate sends
    /// numbers, or `=bits`, sent as written as deflate sends Huffman codes; then 2 bytes of slack.
    fn pack(fields: &str) -> Vec<u8> {
        let mut bits = Vec::new();
        for field in fields.split_whitespace() {
            if let Some(code) = field.strip_prefix('=') {
                bits.extend(code.bytes().map(|bit| bit == b'1'));
            } else {
                let (value, count) = field.split_once(':').unwrap();
                let value: u32 = value.parse().unwrap();
                bits.extend((0..count.parse().unwrap()).map(|bit| value >> bit & 1 == 1));
            }
        }
        let mut bytes = vec![0u8; bits.len().div_ceil(8) + 2];
        for (index, &bit) in bits.iter().enumerate() {
            bytes[index / 8] |= u8::from(bit) << (index % 8);
        }
        bytes
    }

    /// A final dynamic block whose literal/length code is 256 (=0) and 257 (=1, length 3),
    /// with `distances` lengths 0 (=00), 1 (=01) or 2 (=10), then `body`.
    fn dynamic(distances: &str, body: &str) -> Vec<u8> {
        let count = distances.split_whitespace().count() - 1;
        // The code-length code gives 0, 1, 2 and 18 two bits each; two 18s make 256 zeros.
        let code_lengths =
            "0:3 0:3 2:3 2:3 0:3 0:3 0:3 0:3 0:3 0:3 0:3 0:3 0:3 0:3 0:3 2:3 0:3 2:3";
        let header =
            format!("1:1 2:2 1:5 {count}:5 14:4 {code_lengths} =11 127:7 =11 107:7 =01 =01");
        pack(&format!("{header} {distances} {body}"))
    }

    #[test]
    fn refuses_malformed_blocks() {
        // A dynamic block whose code-length code has symbols 16, 17, 18, 0 in that order.
        let header = |rest: &str| pack(&format!("1:1 2:2 0:5 0:5 0:4 {rest}"));
        let (lengths, copy) = (BadCodeLengths, |distance| Token::Copy {
            length: 3,
            distance,
        });
        #[rustfmt::skip]
        let cases = [
            (pack("1:1 3:2"), Err(TokenError::ReservedBlockType)),
            (pack("0:1 3:2"), Err(TokenError::ReservedBlockType)),
            (pack("1:1 0:2 0:5 5:16 5:16"), Err(TokenError::StoredLengthMismatch)),
            (pack("1:1 0:2 0:5 5:16 65530:16"), Err(Truncated)),
            (pack("1:1 1:2 =11000110"), Err(BadSymbol("literal/length symbol 286 or 287"))),
            (pack("1:1 1:2 =0000001 =11110"), Err(BadSymbol("distance symbol 30 or 31"))),
            (pack("1:1 2:2 30:5 0:5 0:4"), Err(lengths("HLIT above 286 or HDIST above 30"))),
            (pack("1:1 2:2 0:5 30:5 0:4"), Err(lengths("HLIT above 286 or HDIST above 30"))),
            (header("1:3 1:3 1:3 0:3"), Err(lengths("over-subscribed code"))),
            (header("1:3 0:3 0:3 0:3"), Err(lengths("incomplete code"))),
            (header("1:3 1:3 0:3 0:3 =0 0:2"), Err(lengths("repeat with no previous length"))),
            (header("0:3 1:3 1:3 0:3 =1 127:7 =1 127:7"), Err(lengths("repeat past HLIT + HDIST"))),
            (header("0:3 1:3 1:3 0:3 =1 127:7 =1 109:7"), Err(lengths("no end-of-block code"))),
            (dynamic("=01 =10", ""), Err(lengths("incomplete code"))),
            (dynamic("=01", "=1 =1"), Err(NO_CODE)),
            (dynamic("=00", "=1"), Err(NO_CODE)),
            // A block that is not final, then the padding of its last byte: the end.
            (pack("0:1 1:2 =10010001 =0000000")[..3].to_vec(), Ok(vec![Token::Literal(b'a')])),
            // What RFC 1951 allows short of a complete distance code: none, or one of one bit.
            (dynamic("=00", "=0"), Ok(vec![])),
            (dynamic("=01", "=1 =0 =0"), Ok(vec![copy(1)])),
            (dynamic("=01 =01", "=1 =1 =1 =0 =0"), Ok(vec![copy(2), copy(1)])),
        ];
        for (raw, expected) in cases {
            assert_eq!(tokens(&raw), expected);
        }
    }

    proptest! {
        #[test]
        fn small_alphabet_texts_replay(
            text in proptest::collection::vec(prop::sample::select(b"ab<>/ ".to_vec()), 0..3000),
            level in 0u32..=9,
        ) {
            prop_assert_eq!(replayed(&compress(level, &text)), text);
        }

        #[test]
        fn never_panics(
            bytes in proptest::collection::vec(any::<u8>(), 0..600),
            at in any::<usize>(),
            flip in 1u8..,
        ) {
            let _ = tokens(&bytes);
            let mut raw = compress(6, &html(40));
            let at = at % raw.len();
            raw[at] ^= flip;
            let _ = tokens(&raw);
        }
    }
}
