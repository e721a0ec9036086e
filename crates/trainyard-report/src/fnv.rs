//! FNV-1a, a hash whose values never change: PDF document ids, font subset
//! tags and shortened ICS window ids end up in files and must be the same in
//! every build.

/// FNV-1a, 64 bit: a stable hash for ids and tags (std's hasher may change
/// between Rust releases, and these values end up in files).
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}
