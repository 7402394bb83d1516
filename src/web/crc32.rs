//! The CRC-32 a gzip stream ends with, for a page joined from pieces, without reading the text
//! every reader shares: each shared piece's CRC is worked out once, and joined to the running
//! one by multiplying by x^(8n) modulo the CRC's polynomial, as zlib's `crc32_combine` does.
//! Reading the whole page instead cost more than building it.

use std::sync::LazyLock;

/// gzip's polynomial, bits reversed.
const POLYNOMIAL: u32 = 0xEDB8_8320;

/// Pieces up to this long have their multiplier and, for runs of spaces, their CRC in a table.
const TABLED: usize = 1 << 16;

/// The CRC-32 of some text, with the multiplier that moves a CRC past text of its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceCrc {
    crc: u32,
    shift: u32,
}

impl PieceCrc {
    pub fn of(text: &[u8]) -> PieceCrc {
        PieceCrc {
            crc: crc32(text),
            shift: shift(text.len()),
        }
    }

    /// The CRC of `n` spaces.
    pub fn of_spaces(n: usize) -> PieceCrc {
        match TABLES.spaces.get(n) {
            Some(crc) => PieceCrc {
                crc: *crc,
                shift: shift(n),
            },
            None => PieceCrc::of(" ".repeat(n).as_bytes()),
        }
    }
}

/// The CRC of the text so far, of a page built piece by piece.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunningCrc(u32);

impl RunningCrc {
    /// Takes in the next piece's CRC.
    pub fn push(&mut self, next: PieceCrc) {
        self.0 = multiply(next.shift, self.0) ^ next.crc;
    }

    pub fn sum(self) -> u32 {
        self.0
    }
}

/// The CRC-32 of `text`, eight bytes a step ("slicing by 8"): the texts are a few hundred bytes,
/// too short for the setup of zlib's folding code to pay.
fn crc32(text: &[u8]) -> u32 {
    let table = &TABLES.slices;
    let mut crc = !0u32;
    let mut chunks = text.chunks_exact(8);
    for chunk in &mut chunks {
        let low = crc ^ u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        let high = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]);
        crc = table[7][(low & 0xFF) as usize]
            ^ table[6][((low >> 8) & 0xFF) as usize]
            ^ table[5][((low >> 16) & 0xFF) as usize]
            ^ table[4][(low >> 24) as usize]
            ^ table[3][(high & 0xFF) as usize]
            ^ table[2][((high >> 8) & 0xFF) as usize]
            ^ table[1][((high >> 16) & 0xFF) as usize]
            ^ table[0][(high >> 24) as usize];
    }
    for &byte in chunks.remainder() {
        crc = table[0][((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// 1, as a polynomial with reversed bits.
const ONE: u32 = 1 << 31;

/// a times b modulo the polynomial.
fn multiply(a: u32, mut b: u32) -> u32 {
    let mut product = 0;
    let mut bit = ONE;
    while bit != 0 {
        if a & bit != 0 {
            product ^= b;
        }
        bit >>= 1;
        b = if b & 1 != 0 {
            (b >> 1) ^ POLYNOMIAL
        } else {
            b >> 1
        };
    }
    product
}

/// x^(8n) modulo the polynomial: what moves a CRC past n bytes.
fn shift(n: usize) -> u32 {
    if let Some(shift) = TABLES.shifts.get(n) {
        return *shift;
    }
    // x^(8n) = the product of x^(2^k) over the bits k of 8n.
    let mut result = ONE;
    let mut power = multiply(ONE >> 1, ONE >> 1); // x^2
    power = multiply(power, power); // x^4
    power = multiply(power, power); // x^8
    let mut n = n;
    while n != 0 {
        if n & 1 != 0 {
            result = multiply(result, power);
        }
        power = multiply(power, power);
        n >>= 1;
    }
    result
}

struct Tables {
    /// For slicing by 8: `slices[k][b]` is the CRC of byte `b` followed by `k` zero bytes.
    slices: [[u32; 256]; 8],
    /// x^(8n) for n below `TABLED`.
    shifts: Vec<u32>,
    /// The CRC of n spaces, for n below `TABLED`.
    spaces: Vec<u32>,
}

/// Filled when the first shared piece is compressed, at start-up.
static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let x8 = {
        let x2 = multiply(ONE >> 1, ONE >> 1);
        let x4 = multiply(x2, x2);
        multiply(x4, x4)
    };
    let mut slices = [[0u32; 256]; 8];
    for byte in 0..256u32 {
        let mut crc = byte;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ POLYNOMIAL
            } else {
                crc >> 1
            };
        }
        slices[0][byte as usize] = crc;
    }
    for k in 1..8 {
        for byte in 0..256 {
            let previous = slices[k - 1][byte];
            slices[k][byte] = (previous >> 8) ^ slices[0][(previous & 0xFF) as usize];
        }
    }
    let mut shifts = Vec::with_capacity(TABLED);
    let mut spaces = Vec::with_capacity(TABLED);
    let mut shift = ONE;
    // The CRC's running state (the CRC before its final inversion), a space at a time.
    let mut state = !0u32;
    for _ in 0..TABLED {
        shifts.push(shift);
        spaces.push(!state);
        shift = multiply(shift, x8);
        state = slices[0][((state ^ u32::from(b' ')) & 0xFF) as usize] ^ (state >> 8);
    }
    Tables {
        slices,
        shifts,
        spaces,
    }
});

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Crc;

    fn crc(text: &[u8]) -> u32 {
        let mut crc = Crc::new();
        crc.update(text);
        crc.sum()
    }

    #[test]
    fn sliced_crc_is_gzip_s() {
        let text: Vec<u8> = (0..3000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 100, 3000] {
            assert_eq!(
                crc32(&text[..length]),
                crc(&text[..length]),
                "{length} bytes"
            );
        }
    }

    #[test]
    fn joined_crcs_are_the_crc_of_the_joined_text() {
        let pieces: [&[u8]; 5] = [b"<p>Back", b"", b"wise</p>", &[b'x'; 70_000], b"end"];
        let mut joined = RunningCrc::default();
        let mut text = Vec::new();
        for piece in pieces {
            joined.push(PieceCrc::of(piece));
            text.extend_from_slice(piece);
            assert_eq!(joined.sum(), crc(&text));
        }
        for n in [0, 1, 64, TABLED - 1, TABLED, TABLED + 5] {
            joined.push(PieceCrc::of_spaces(n));
            text.extend(std::iter::repeat_n(b' ', n));
            assert_eq!(joined.sum(), crc(&text), "{n} spaces");
        }
        assert_eq!(RunningCrc::default().sum(), crc(b""));
    }

    #[test]
    fn the_multiplier_for_n_bytes_is_x_to_the_8n() {
        for n in [0, 1, 2, 3, 1000, TABLED - 1, TABLED, 3 * TABLED + 7] {
            let mut by_steps = ONE;
            let x8 = shift(1);
            for _ in 0..n.min(TABLED + 10) {
                by_steps = multiply(by_steps, x8);
            }
            if n <= TABLED + 10 {
                assert_eq!(shift(n), by_steps, "{n}");
            }
        }
    }
}
