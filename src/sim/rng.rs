//! Seeded randomness that gives the same numbers on every platform.
//!
//! PCG-XSH-RR 64/32 (`rand_pcg::Pcg32`) with a fixed stream, and an unbiased
//! range reduction written out here, so that neither a crate's choice of
//! algorithm nor `usize` width can change a run: seed 7 on wasm32 is seed 7
//! on x86_64.

use rand_core::Rng;
use rand_pcg::Pcg32;

/// The stream constant rand_pcg documents as Pcg32's default increment.
const STREAM: u64 = 0x0a02_bdbf_7bb3_c0a7;

pub struct SeededRng(Pcg32);

impl SeededRng {
    pub fn new(seed: u64) -> Self {
        Self(Pcg32::new(seed, STREAM))
    }

    pub fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }

    /// Uniform in `low..=high` (inclusive), by rejection: no modulo bias.
    pub fn uniform_inclusive(&mut self, low: u64, high: u64) -> u64 {
        debug_assert!(low <= high);
        let span = high - low;
        if span == 0 {
            return low;
        }
        if span >= u64::from(u32::MAX) {
            // Wider than a u32: two draws make a u64, with the same rejection.
            let Some(range) = span.checked_add(1) else {
                return self.next_u64(); // the whole of u64
            };
            let zone = u64::MAX - (u64::MAX - range + 1) % range;
            loop {
                let draw = self.next_u64();
                if draw <= zone {
                    return low + draw % range;
                }
            }
        }
        let range = span as u32 + 1;
        // Reject the top sliver of u32 values that would make `% range` uneven.
        let zone = u32::MAX - (u32::MAX - range + 1) % range;
        loop {
            let draw = self.next_u32();
            if draw <= zone {
                return low + u64::from(draw % range);
            }
        }
    }

    fn next_u64(&mut self) -> u64 {
        (u64::from(self.next_u32()) << 32) | u64::from(self.next_u32())
    }

    /// Uniform in `0..len`.
    pub fn index(&mut self, len: usize) -> usize {
        self.uniform_inclusive(0, len.saturating_sub(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_and_known_first_values() {
        let mut a = SeededRng::new(42);
        let mut b = SeededRng::new(42);
        let first: Vec<u32> = (0..4).map(|_| a.next_u32()).collect();
        let again: Vec<u32> = (0..4).map(|_| b.next_u32()).collect();
        assert_eq!(first, again);
        // A different seed gives a different stream.
        let mut c = SeededRng::new(43);
        assert_ne!(first[0], c.next_u32());
    }

    #[test]
    fn uniform_stays_in_range_and_reaches_both_ends() {
        let mut rng = SeededRng::new(1);
        let draws: Vec<u64> = (0..2000).map(|_| rng.uniform_inclusive(90, 110)).collect();
        assert!(draws.iter().all(|d| (90..=110).contains(d)));
        assert!(draws.contains(&90) && draws.contains(&110));
    }
}
