//! A count of schedules that cannot overflow: unsafe at 8 tasks has about
//! 8×10^10 schedules, at 20 tasks more than 2^64, at 30 more than 2^128.
//! Only what the explorer needs: add, add a multiple, subtract, compare,
//! print in decimal, and draw uniformly below a count.

use std::cmp::Ordering;
use std::fmt;

use crate::sim::rng::SeededRng;

/// An unsigned whole number of any size: base-2^32 limbs, least significant
/// first, with no zero limb at the top (so zero is no limbs).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Count {
    limbs: Vec<u32>,
}

impl Count {
    pub fn zero() -> Self {
        Self::default()
    }

    pub fn one() -> Self {
        Self::from(1)
    }

    pub fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// `self += other × times`.
    pub fn add_times(&mut self, other: &Count, times: u32) {
        if times == 0 || other.is_zero() {
            return;
        }
        if self.limbs.len() < other.limbs.len() + 1 {
            self.limbs.resize(other.limbs.len() + 1, 0);
        }
        let mut carry: u64 = 0;
        for (i, limb) in self.limbs.iter_mut().enumerate() {
            let product = u64::from(other.limbs.get(i).copied().unwrap_or(0)) * u64::from(times);
            let sum = u64::from(*limb) + product + carry;
            *limb = sum as u32;
            carry = sum >> 32;
            if carry == 0 && i >= other.limbs.len() {
                break;
            }
        }
        if carry > 0 {
            self.limbs.push(carry as u32);
        }
        self.trim();
    }

    pub fn add(&mut self, other: &Count) {
        self.add_times(other, 1);
    }

    /// `self - other`, or `None` if `other` is larger.
    pub fn minus(&self, other: &Count) -> Option<Count> {
        if other > self {
            return None;
        }
        let mut limbs = self.limbs.clone();
        let mut borrow = 0i64;
        for (i, limb) in limbs.iter_mut().enumerate() {
            let difference =
                i64::from(*limb) - i64::from(other.limbs.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(difference < 0);
            *limb = (difference + (borrow << 32)) as u32;
        }
        let mut out = Count { limbs };
        out.trim();
        Some(out)
    }

    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    /// Close to the number, for shares and bar lengths.
    pub fn to_f64(&self) -> f64 {
        self.limbs.iter().rev().fold(0.0, |total, &limb| {
            total * 4_294_967_296.0 + f64::from(limb)
        })
    }

    /// `self / whole`, for shares of counts too big for an f64's range
    /// of exact integers (both are scaled down alike first).
    pub fn share_of(&self, whole: &Count) -> f64 {
        let shift = whole.limbs.len().saturating_sub(2);
        let top = |c: &Count| Count {
            limbs: c
                .limbs
                .get(shift..)
                .map(<[u32]>::to_vec)
                .unwrap_or_default(),
        };
        let whole = top(whole).to_f64();
        if whole == 0.0 {
            return 0.0;
        }
        top(self).to_f64() / whole
    }

    /// Uniform in `0..self` (which must not be zero), by rejection on the
    /// top limb's bit length: the same draws on every platform.
    pub fn random_below(&self, rng: &mut SeededRng) -> Count {
        let Some(&top) = self.limbs.last() else {
            return Count::zero();
        };
        let mask = u32::MAX >> top.leading_zeros();
        loop {
            let mut limbs: Vec<u32> = (0..self.limbs.len()).map(|_| rng.next_u32()).collect();
            if let Some(last) = limbs.last_mut() {
                *last &= mask;
            }
            let mut draw = Count { limbs };
            draw.trim();
            if draw < *self {
                return draw;
            }
        }
    }
}

impl From<u64> for Count {
    fn from(value: u64) -> Self {
        let mut count = Count {
            limbs: vec![value as u32, (value >> 32) as u32],
        };
        count.trim();
        count
    }
}

impl Ord for Count {
    fn cmp(&self, other: &Self) -> Ordering {
        self.limbs
            .len()
            .cmp(&other.limbs.len())
            .then_with(|| self.limbs.iter().rev().cmp(other.limbs.iter().rev()))
    }
}

impl PartialOrd for Count {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// In decimal, as the page and the links print it.
impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        // Repeated division by 10^9 gives nine decimal digits at a time.
        let mut limbs = self.limbs.clone();
        let mut chunks = Vec::new();
        while !limbs.is_empty() {
            let mut remainder: u64 = 0;
            for limb in limbs.iter_mut().rev() {
                let value = (remainder << 32) | u64::from(*limb);
                *limb = (value / 1_000_000_000) as u32;
                remainder = value % 1_000_000_000;
            }
            chunks.push(remainder as u32);
            while limbs.last() == Some(&0) {
                limbs.pop();
            }
        }
        let mut chunks = chunks.iter().rev();
        if let Some(first) = chunks.next() {
            write!(f, "{first}")?;
        }
        for chunk in chunks {
            write!(f, "{chunk:09}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factorial(n: u32) -> Count {
        let mut total = Count::one();
        for k in 2..=n {
            let mut next = Count::zero();
            next.add_times(&total, k);
            total = next;
        }
        total
    }

    #[test]
    fn prints_numbers_beyond_u128() {
        assert_eq!(Count::zero().to_string(), "0");
        assert_eq!(Count::from(u64::MAX).to_string(), u64::MAX.to_string());
        assert_eq!(factorial(20).to_string(), "2432902008176640000");
        assert_eq!(
            factorial(40).to_string(),
            "815915283247897734345611269596115894272000000000"
        );
    }

    #[test]
    fn adds_subtracts_and_compares() {
        let mut a = Count::from(u64::from(u32::MAX));
        a.add(&Count::one());
        assert_eq!(a, Count::from(1 << 32));
        let big = factorial(30);
        let mut twice = big.clone();
        twice.add(&big);
        assert_eq!(twice.minus(&big), Some(big.clone()));
        assert!(big.minus(&twice).is_none());
        assert!(twice > big);
        assert!((big.share_of(&twice) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn draws_below_the_bound_and_reach_all_of_a_small_range() {
        let mut rng = SeededRng::new(3);
        let bound = Count::from(5);
        let mut seen = [false; 5];
        for _ in 0..200 {
            let draw = bound.random_below(&mut rng);
            assert!(draw < bound);
            seen[draw.to_f64() as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
        let huge = factorial(35);
        for _ in 0..50 {
            assert!(huge.random_below(&mut rng) < huge);
        }
    }
}
