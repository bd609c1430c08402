//! Any ready callback may run next, chosen by a seeded portable RNG. Not
//! what asyncio does, but every order it picks is one some event loop could
//! produce: a way to see how many interleavings lose updates.

use super::{ReadyQueue, ScheduleError, Scheduler};
use crate::sim::rng::SeededRng;

pub struct SeededRandom {
    rng: SeededRng,
}

impl SeededRandom {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: SeededRng::new(seed),
        }
    }
}

impl Scheduler for SeededRandom {
    fn choose(&mut self, ready: &dyn ReadyQueue) -> Result<usize, ScheduleError> {
        Ok(self.rng.index(ready.len()))
    }
}
