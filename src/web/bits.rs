//! Bit strings packed LSB first, as deflate (RFC 1951 3.1.1) packs them into bytes.
//!
//! A [`BitWriter`] builds a stream; [`BitWriter::into_bits`] keeps what it wrote as a [`Bits`]
//! that need not end on a byte boundary, so that pieces encoded once can be joined later, at
//! any bit offset, by [`BitWriter::append`].

/// Bits written one after another, LSB first, into bytes.
pub struct BitWriter {
    out: Vec<u8>,
    /// Bits not yet in `out`: the low `count` bits, the rest zero.
    bits: u64,
    count: u32,
}

impl BitWriter {
    /// Writes after the bytes already in `out` (for example a gzip header).
    pub fn new(out: Vec<u8>) -> BitWriter {
        BitWriter {
            out,
            bits: 0,
            count: 0,
        }
    }

    /// Appends the low `count` bits of `bits` (count <= 32; higher bits of `bits` are zero).
    #[inline]
    pub fn put(&mut self, bits: u64, count: u32) {
        debug_assert!(
            count <= 32 && bits >> count == 0,
            "{count} bits in {bits:#x}"
        );
        // `count` stays below 32 between calls, so 32 more bits always fit in the u64.
        self.bits |= bits << self.count;
        self.count += count;
        if self.count >= 32 {
            self.out
                .extend_from_slice(&(self.bits as u32).to_le_bytes());
            self.bits >>= 32;
            self.count -= 32;
        }
    }

    /// Appends a bit string made elsewhere: whole bytes at once when the writer is byte-aligned,
    /// otherwise a u64 at a time, shifted into place; the last word's bits in two `put`s.
    pub fn append(&mut self, bits: &Bits) {
        self.flush_whole_bytes();
        let (words, rest) = bits.bytes.split_at(bits.len / 64 * 8);
        if self.count == 0 {
            self.out.extend_from_slice(words);
        } else {
            let (shift, mut carry) = (self.count, self.bits);
            let start = self.out.len();
            self.out.resize(start + words.len(), 0);
            let pairs = self.out[start..]
                .chunks_exact_mut(8)
                .zip(words.chunks_exact(8));
            for (to, from) in pairs {
                let word = u64::from_le_bytes(from.try_into().expect("chunks of 8 bytes"));
                to.copy_from_slice(&(carry | word << shift).to_le_bytes());
                carry = word >> (64 - shift);
            }
            self.bits = carry;
        }
        // Fewer than 64 bits are left, in at most 8 bytes whose unused bits are zero.
        let mut last_word = [0; 8];
        last_word[..rest.len()].copy_from_slice(rest);
        let (last_word, last_len) = (u64::from_le_bytes(last_word), (bits.len % 64) as u32);
        self.put(last_word & 0xffff_ffff, last_len.min(32));
        if last_len > 32 {
            self.put(last_word >> 32, last_len - 32);
        }
    }

    /// How many bits are written so far (including bytes given to `new`).
    pub fn bit_len(&self) -> usize {
        self.out.len() * 8 + self.count as usize
    }

    /// Pads with zero bits to a byte boundary and returns the bytes.
    pub fn into_aligned_bytes(mut self) -> Vec<u8> {
        self.flush_whole_bytes();
        if self.count > 0 {
            self.out.push(self.bits as u8);
        }
        self.out
    }

    /// What was written since `new(Vec::new())`, as a bit string (no padding counted).
    pub fn into_bits(self) -> Bits {
        let len = self.bit_len();
        Bits {
            bytes: self.into_aligned_bytes(),
            len,
        }
    }

    /// Moves whole bytes from `bits` to `out`, leaving fewer than 8 bits pending.
    fn flush_whole_bytes(&mut self) {
        while self.count >= 8 {
            self.out.push(self.bits as u8);
            self.bits >>= 8;
            self.count -= 8;
        }
    }
}

/// A string of bits that need not end on a byte boundary. Unused high bits of the last byte are zero.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Bits {
    bytes: Vec<u8>,
    /// In bits.
    len: usize,
}

impl Bits {
    /// How many bits.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no bits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes held, for size reports.
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference packing, one bit at a time, independent of `BitWriter`.
    fn pack(bits: &[bool]) -> Vec<u8> {
        let mut bytes = vec![0u8; bits.len().div_ceil(8)];
        for (index, &bit) in bits.iter().enumerate() {
            bytes[index / 8] |= u8::from(bit) << (index % 8);
        }
        bytes
    }

    fn to_bits(bits: &[bool]) -> Bits {
        let mut writer = BitWriter::new(Vec::new());
        for &bit in bits {
            writer.put(u64::from(bit), 1);
        }
        writer.into_bits()
    }

    proptest! {
        #[test]
        fn append_at_any_offset_matches_bit_by_bit(
            prefix in prop::collection::vec(any::<bool>(), 0..80),
            pieces in prop::collection::vec(prop::collection::vec(any::<bool>(), 0..700), 0..6),
        ) {
            let mut writer = BitWriter::new(Vec::new());
            let mut expected = prefix.clone();
            for &bit in &prefix {
                writer.put(u64::from(bit), 1);
            }
            for piece in &pieces {
                let bits = to_bits(piece);
                prop_assert_eq!(bits.len(), piece.len());
                prop_assert_eq!(bits.byte_len(), piece.len().div_ceil(8));
                writer.append(&bits);
                expected.extend_from_slice(piece);
                prop_assert_eq!(writer.bit_len(), expected.len());
            }
            prop_assert_eq!(writer.into_aligned_bytes(), pack(&expected));
        }

        #[test]
        fn into_bits_then_append_round_trips(
            puts in prop::collection::vec((any::<u32>(), 0u32..=32), 0..100),
            offset in 0u32..=32,
        ) {
            let mut writer = BitWriter::new(Vec::new());
            for &(value, count) in &puts {
                writer.put(u64::from(value) & ((1u64 << count) - 1), count);
            }
            let original = writer.into_bits();
            let mut copy = BitWriter::new(Vec::new());
            copy.append(&original);
            prop_assert_eq!(&copy.into_bits(), &original);
            // Behind `offset` bits, the same bits follow.
            let mut shifted = BitWriter::new(Vec::new());
            shifted.put((1u64 << offset) - 1, offset);
            shifted.append(&original);
            let mut expected = BitWriter::new(Vec::new());
            expected.put((1u64 << offset) - 1, offset);
            for &(value, count) in &puts {
                expected.put(u64::from(value) & ((1u64 << count) - 1), count);
            }
            prop_assert_eq!(shifted.into_bits(), expected.into_bits());
        }
    }

    #[test]
    fn empty_strings_change_nothing() {
        assert!(Bits::default().is_empty());
        assert!(BitWriter::new(Vec::new()).into_bits().is_empty());
        assert_eq!(
            BitWriter::new(Vec::new()).into_aligned_bytes(),
            Vec::<u8>::new()
        );
        for offset in [0, 3, 8, 13] {
            let mut writer = BitWriter::new(Vec::new());
            writer.put((1 << offset) - 1, offset);
            writer.append(&Bits::default());
            writer.append(&BitWriter::new(Vec::new()).into_bits());
            assert_eq!(writer.bit_len(), offset as usize);
            assert_eq!(writer.into_bits(), to_bits(&vec![true; offset as usize]));
        }
    }

    #[test]
    fn bytes_given_to_new_come_first() {
        let mut writer = BitWriter::new(vec![0x1f, 0x8b]);
        writer.put(0b101, 3);
        assert_eq!(writer.bit_len(), 19);
        writer.append(&to_bits(&[true; 6]));
        assert_eq!(writer.into_aligned_bytes(), [0x1f, 0x8b, 0b1111_1101, 0b1]);
    }
}
