//! FNV-1a: identifiers that stay the same from one version of hostplan to the next (the
//! answers hash printed on a signed copy, the PDF's file id, a calendar event's UID), which
//! a general-purpose hasher does not promise.

/// FNV-1a, 32 bits.
pub fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// FNV-1a, 64 bits, from the given start value (the standard one is
/// [`FNV64_OFFSET`]).
pub fn fnv64(bytes: &[u8], start: u64) -> u64 {
    bytes.iter().fold(start, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// FNV-1a's 64-bit offset basis.
pub const FNV64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_of_fnv_1a() {
        assert_eq!(fnv32(b""), 0x811c_9dc5);
        assert_eq!(fnv32(b"a"), 0xe40c_292c);
        assert_eq!(fnv64(b"", FNV64_OFFSET), FNV64_OFFSET);
        assert_eq!(fnv64(b"a", FNV64_OFFSET), 0xaf63_dc4c_8601_ec8c);
    }
}
