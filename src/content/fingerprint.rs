//! One fingerprint for a body of bytes: it names an ETag and a figure's URL, so both change
//! exactly when the bytes do. (`build.rs` has its own copy, for the stylesheet's URL.)

/// FNV-1a, 64-bit: fast, stable, and enough to tell one version of a body from the next.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
