//! The race engine: the article's programs as real Rust futures on an
//! executor that schedules like CPython's asyncio.
//!
//! This module knows nothing of the browser. It turns a [`Scenario`] into an
//! [`Outcome`]: a trace of every read, write, await and lock operation, the
//! final and expected balances, each lost write with the write that
//! clobbered it, and any deadlock with its wait-for cycle.
//!
//! ```
//! use racecourse::sim::{simulate, Scenario, Strategy};
//!
//! // The article: 1000 tasks each credit $1 to $1000 across 100 ms of I/O.
//! let bug = simulate(&Scenario::article()).unwrap();
//! assert_eq!(bug.final_balance, 1001); // not 2000: 999 updates vanished
//! assert_eq!(bug.lost_count(), 999);
//!
//! let locked = simulate(&Scenario::article().with_strategy(Strategy::Lock)).unwrap();
//! assert_eq!(locked.final_balance, 2000);
//! assert_eq!(locked.elapsed_ms, 1000 * 100); // correct, and 1000 times slower
//! ```

pub mod account;
pub mod executor;
pub mod explore;
pub mod lock;
pub mod ordered;
pub mod outcome;
pub mod queue;
pub mod rng;
pub mod scenario;
pub mod schedule;
pub mod strategy;
pub mod task;
pub mod trace;
pub mod wire;

pub use executor::{simulate, simulate_with, Clock, Executor, Limits, SimRuntime};
pub use outcome::{Deadlock, Ending, LostWrite, Outcome, WaitFor};
pub use scenario::{Scenario, ScenarioError};
pub use schedule::{Fifo, Replay, Schedule, Scheduler, SeededRandom};
pub use strategy::{Group, Strategy};
pub use trace::{Event, EventKind, LockName, TaskId};

/// Fingerprints of a fixed set of jittered runs, one hex word each: compared
/// between platforms to show that a seed means the same run everywhere.
pub fn portability_fingerprints() -> String {
    let mut words = Vec::new();
    for (seed, strategy) in [
        (7, Strategy::Unsafe),
        (8, Strategy::Lock),
        (9, Strategy::Optimistic),
    ] {
        let scenario = Scenario {
            tasks: 200,
            jitter_ms: 60,
            seed,
            ..Scenario::article().with_strategy(strategy)
        };
        if let Ok(outcome) = simulate(&scenario) {
            words.push(format!("{:016x}", outcome.fingerprint()));
        }
    }
    words.join(" ")
}
