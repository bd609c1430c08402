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
pub mod lock;
pub mod outcome;
pub mod pyheap;
pub mod rng;
pub mod scenario;
pub mod schedule;
pub mod strategy;
pub mod task;
pub mod trace;

pub use executor::{simulate, simulate_with, Limits, SimRuntime};
pub use outcome::{Deadlock, Ending, LostWrite, Outcome, WaitFor};
pub use scenario::{Scenario, ScenarioError};
pub use schedule::{Fifo, Replay, Schedule, Scheduler, SeededRandom};
pub use strategy::{Group, Strategy};
pub use trace::{Event, EventKind, LockName, TaskId};
