//! What to run: the strategy, how many tasks, the money and the timings.
//!
//! Every field a user can set is checked by [`Scenario::validate`], which
//! names the field and the accepted range instead of panicking.

use std::fmt;

use super::rng::SeededRng;
use super::schedule::TaskOrder;
use super::strategy::Strategy;

/// Limits the engine accepts. The page may offer less (10,000 tasks).
pub const MAX_TASKS: u32 = 200_000;
/// An hour of virtual time per delay or start offset.
pub const MAX_MS: u64 = 3_600_000;
pub const MAX_ABS_INITIAL: i64 = 1_000_000_000_000;
pub const MAX_ABS_AMOUNT: i64 = 1_000_000_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub strategy: Strategy,
    pub tasks: u32,
    pub initial: i64,
    pub amount: i64,
    /// Each task's I/O delay, in virtual milliseconds...
    pub delay_ms: u64,
    /// ...give or take up to this much, drawn per task from `seed`.
    pub jitter_ms: u64,
    pub seed: u64,
    /// Explicit per-task I/O delays; overrides `delay_ms` and `jitter_ms`.
    pub delays: Option<Vec<u64>>,
    /// Per-task start offsets: task i sleeps `starts[i]` ms before it begins
    /// (0 means it does not sleep at all).
    pub starts: Option<Vec<u64>>,
    /// Run this order of tasks instead of asyncio's, with delays abstracted
    /// away (the schedule explorer's replays): see [`super::Clock::Ordered`].
    pub order: Option<TaskOrder>,
}

impl Default for Scenario {
    fn default() -> Self {
        Self::article()
    }
}

impl Scenario {
    /// The article's opening example: 1000 tasks credit $1 to $1000 over 100 ms of I/O.
    pub fn article() -> Self {
        Self {
            strategy: Strategy::Unsafe,
            tasks: 1000,
            initial: 1000,
            amount: 1,
            delay_ms: 100,
            jitter_ms: 0,
            seed: 1,
            delays: None,
            starts: None,
            order: None,
        }
    }

    /// The article's bank example: 5 transactions of $100 on $1000.
    pub fn bank() -> Self {
        Self {
            tasks: 5,
            amount: 100,
            ..Self::article()
        }
    }

    pub fn with_strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = strategy;
        self
    }

    pub fn with_tasks(mut self, tasks: u32) -> Self {
        self.tasks = tasks;
        self
    }

    /// Every task that runs: the scenario's own and the strategy's helpers.
    pub fn total_tasks(&self) -> u32 {
        self.tasks + self.strategy.helper_tasks()
    }

    /// The balance a correct program ends with.
    pub fn expected_balance(&self) -> i64 {
        self.initial + self.amount * i64::from(self.tasks)
    }

    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.tasks == 0 || self.tasks > MAX_TASKS {
            return Err(ScenarioError::OutOfRange {
                field: "tasks",
                given: self.tasks.to_string(),
                range: format!("1 to {MAX_TASKS}"),
            });
        }
        if self.initial.unsigned_abs() > MAX_ABS_INITIAL.unsigned_abs() {
            return Err(ScenarioError::OutOfRange {
                field: "initial",
                given: self.initial.to_string(),
                range: format!("-{MAX_ABS_INITIAL} to {MAX_ABS_INITIAL}"),
            });
        }
        if self.amount.unsigned_abs() > MAX_ABS_AMOUNT.unsigned_abs() {
            return Err(ScenarioError::OutOfRange {
                field: "amount",
                given: self.amount.to_string(),
                range: format!("-{MAX_ABS_AMOUNT} to {MAX_ABS_AMOUNT}"),
            });
        }
        for (field, value) in [("delay", self.delay_ms), ("jitter", self.jitter_ms)] {
            if value > MAX_MS {
                return Err(ScenarioError::OutOfRange {
                    field,
                    given: value.to_string(),
                    range: format!("0 to {MAX_MS} ms"),
                });
            }
        }
        for (field, list) in [("delays", &self.delays), ("starts", &self.starts)] {
            let Some(list) = list else { continue };
            if list.len() != self.tasks as usize {
                return Err(ScenarioError::ListLength {
                    field,
                    given: list.len(),
                    expected: self.tasks as usize,
                });
            }
            if let Some(bad) = list.iter().find(|&&ms| ms > MAX_MS) {
                return Err(ScenarioError::OutOfRange {
                    field,
                    given: bad.to_string(),
                    range: format!("0 to {MAX_MS} ms each"),
                });
            }
        }
        Ok(())
    }

    /// Each task's I/O delay: the explicit list, or drawn from the seed,
    /// uniform over `delay - jitter ..= delay + jitter` with the low end cut
    /// at 0 (so a jitter larger than the delay raises the mean).
    pub fn task_delays(&self) -> Vec<u64> {
        let mut delays = self.own_task_delays();
        // Helpers do no I/O of their own and start at once.
        delays.resize(self.total_tasks() as usize, 0);
        delays
    }

    fn own_task_delays(&self) -> Vec<u64> {
        if let Some(delays) = &self.delays {
            return delays.clone();
        }
        let count = self.tasks as usize;
        if self.jitter_ms == 0 {
            return vec![self.delay_ms; count];
        }
        let mut rng = SeededRng::new(self.seed);
        let low = self.delay_ms.saturating_sub(self.jitter_ms);
        let high = self.delay_ms + self.jitter_ms;
        (0..count)
            .map(|_| rng.uniform_inclusive(low, high))
            .collect()
    }

    pub fn task_starts(&self) -> Vec<u64> {
        let mut starts = self
            .starts
            .clone()
            .unwrap_or_else(|| vec![0; self.tasks as usize]);
        starts.resize(self.total_tasks() as usize, 0);
        starts
    }
}

/// A scenario the engine refuses, in words a learner can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    OutOfRange {
        field: &'static str,
        given: String,
        range: String,
    },
    ListLength {
        field: &'static str,
        given: usize,
        expected: usize,
    },
}

impl ScenarioError {
    pub fn field(&self) -> &'static str {
        match self {
            ScenarioError::OutOfRange { field, .. } | ScenarioError::ListLength { field, .. } => {
                field
            }
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::OutOfRange {
                field,
                given,
                range,
            } => write!(f, "{field} = {given} is out of range (accepted: {range})"),
            ScenarioError::ListLength {
                field,
                given,
                expected,
            } => write!(
                f,
                "{field} has {given} values but there are {expected} tasks (one value per task)"
            ),
        }
    }
}

impl std::error::Error for ScenarioError {}
