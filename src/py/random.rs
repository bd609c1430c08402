//! Python's `random` module as CPython computes it: the Mersenne Twister
//! (MT19937) seeded by `random.seed(n)` exactly as `_randommodule.c` does
//! (`init_by_array` over the 32-bit words of `abs(n)`), and `random()`,
//! `getrandbits`, `randrange`/`randint`, `uniform`, `choice` and
//! `shuffle` drawing from it as `random.py` does. A learner's program with
//! jitter then gives the numbers it gives under `python3`.

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

#[derive(Clone)]
pub struct Random {
    state: [u32; N],
    index: usize,
}

impl Random {
    /// Everything that decides what it draws next (for the explorer's
    /// state keys).
    pub fn state_words(&self) -> impl Iterator<Item = u64> + '_ {
        std::iter::once(self.index as u64).chain(self.state.iter().map(|&w| u64::from(w)))
    }

    /// `random.seed(n)`: any integer, as its magnitude's 32-bit words
    /// (least significant first), given here as `u32`s; zero is `[0]`.
    pub fn from_words(words: &[u32]) -> Self {
        let key: &[u32] = if words.is_empty() { &[0] } else { words };
        let mut random = Self::init_genrand(19_650_218);
        let state = &mut random.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = state[i - 1] ^ (state[i - 1] >> 30);
            state[i] = (state[i] ^ prev.wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                state[0] = state[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = state[i - 1] ^ (state[i - 1] >> 30);
            state[i] = (state[i] ^ prev.wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                state[0] = state[N - 1];
                i = 1;
            }
        }
        state[0] = 0x8000_0000;
        random.index = N;
        random
    }

    /// `random.seed(n)` for an `n` that fits in 128 bits (its sign is dropped, as CPython drops it).
    pub fn seeded(n: i128) -> Self {
        let mut magnitude = n.unsigned_abs();
        let mut words = Vec::new();
        while magnitude > 0 {
            words.push(magnitude as u32);
            magnitude >>= 32;
        }
        Self::from_words(&words)
    }

    fn init_genrand(seed: u32) -> Self {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            state[i] = 1_812_433_253u32
                .wrapping_mul(state[i - 1] ^ (state[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        Self { state, index: N }
    }

    /// The next 32 random bits (`genrand_uint32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & UPPER_MASK) | (self.state[(k + 1) % N] & LOWER_MASK);
                let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
                self.state[k] = self.state[(k + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random.random()`: 53 random bits in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `random.getrandbits(k)` for `k` up to 64 (the words are filled
    /// least significant first, the last one's spare bits dropped).
    pub fn getrandbits(&mut self, k: u32) -> u64 {
        match k {
            0 => 0,
            1..=32 => u64::from(self.next_u32() >> (32 - k)),
            _ => {
                let low = u64::from(self.next_u32());
                let high = u64::from(self.next_u32() >> (64 - k.min(64)));
                low | (high << 32)
            }
        }
    }

    /// `_randbelow(n)`: uniform in `0..n` by rejection, `n > 0`. Even for
    /// `n == 1` it draws (one bit), as CPython does: every later draw
    /// depends on it.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let bits = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits(bits);
            if r < n {
                return r;
            }
        }
    }

    /// `random.randrange(start, stop, step)`, or `None` where Python raises
    /// ValueError (an empty range, a zero step).
    pub fn randrange(&mut self, start: i64, stop: i64, step: i64) -> Option<i64> {
        // How many steps fit, rounded up, in 64-bit arithmetic (a 128-bit
        // division would bring its own routine into the bundle).
        let (low, high) = if step > 0 {
            (start, stop)
        } else {
            (stop, start)
        };
        if step == 0 || high <= low {
            return None;
        }
        let width = high.abs_diff(low);
        let count = (width - 1) / step.unsigned_abs() + 1;
        let pick = i128::from(self.below(count));
        i64::try_from(i128::from(start) + i128::from(step) * pick).ok()
    }

    /// `random.randint(a, b)`: `randrange(a, b + 1)`.
    pub fn randint(&mut self, a: i64, b: i64) -> Option<i64> {
        self.randrange(a, b.checked_add(1)?, 1)
    }

    /// `random.uniform(a, b)`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// `random.choice(seq)`: an index into a sequence of `len` items (`None` if empty).
    pub fn choice(&mut self, len: usize) -> Option<usize> {
        (len > 0).then(|| self.below(len as u64) as usize)
    }

    /// `random.shuffle(x)`, in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_mt19937_sequence() {
        // The generator itself: init_by_array({0x123, 0x234, 0x345, 0x456}),
        // from mt19937ar.c's own test output.
        let mut random = Random::from_words(&[0x123, 0x234, 0x345, 0x456]);
        let first: Vec<u32> = (0..5).map(|_| random.next_u32()).collect();
        assert_eq!(
            first,
            [
                1_067_595_299,
                955_945_823,
                477_289_528,
                4_107_218_783,
                4_228_976_476
            ]
        );
    }
}
