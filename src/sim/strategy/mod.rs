//! The programs a learner can run, one small file each.
//!
//! Every strategy is an ordinary `async fn` over a [`Task`]; its source file
//! and the article's Python beside it are compiled into the page with
//! `include_str!`, so the code the learner reads is the code that runs.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use super::task::Task;

pub mod await_elsewhere;
pub mod consistent_order;
pub mod counter;
pub mod lock;
pub mod lock_too_late;
pub mod lock_too_narrow;
pub mod lock_too_narrow_io;
pub mod opposite_order;
pub mod optimistic;
pub mod restructure;
pub mod single_writer;
pub mod unsafe_credit;

/// How the page groups the strategies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Bug,
    Fix,
    Mistake,
    Deadlock,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::Bug, Group::Fix, Group::Mistake, Group::Deadlock];

    pub fn title(self) -> &'static str {
        match self {
            Group::Bug => "The bug",
            Group::Fix => "The fixes",
            Group::Mistake => "Common mistakes",
            Group::Deadlock => "Two locks",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strategy {
    Unsafe,
    Lock,
    Restructure,
    Counter,
    Optimistic,
    SingleWriter,
    LockTooLate,
    LockTooNarrow,
    LockTooNarrowIo,
    AwaitElsewhere,
    OppositeOrder,
    ConsistentOrder,
}

/// The future a task runs; boxed so that tasks of every strategy share one type.
pub type TaskFuture = Pin<Box<dyn Future<Output = ()>>>;

impl Strategy {
    pub const ALL: [Strategy; 12] = [
        Strategy::Unsafe,
        Strategy::Lock,
        Strategy::Restructure,
        Strategy::Counter,
        Strategy::Optimistic,
        Strategy::SingleWriter,
        Strategy::LockTooLate,
        Strategy::LockTooNarrow,
        Strategy::LockTooNarrowIo,
        Strategy::AwaitElsewhere,
        Strategy::OppositeOrder,
        Strategy::ConsistentOrder,
    ];

    /// The name used in links (`?strategy=lock`).
    pub fn slug(self) -> &'static str {
        match self {
            Strategy::Unsafe => "unsafe",
            Strategy::Lock => "lock",
            Strategy::Restructure => "restructure",
            Strategy::Counter => "counter",
            Strategy::Optimistic => "optimistic",
            Strategy::SingleWriter => "single-writer",
            Strategy::LockTooLate => "lock-too-late",
            Strategy::LockTooNarrow => "lock-too-narrow",
            Strategy::LockTooNarrowIo => "lock-too-narrow-io",
            Strategy::AwaitElsewhere => "await-elsewhere",
            Strategy::OppositeOrder => "opposite-order",
            Strategy::ConsistentOrder => "consistent-order",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Strategy::Unsafe => "No lock (the bug)",
            Strategy::Lock => "Lock: read, I/O, write",
            Strategy::Restructure => "Restructure: I/O first",
            Strategy::Counter => "AsyncSafeCounter class",
            Strategy::Optimistic => "Compare and retry",
            Strategy::SingleWriter => "Single writer + queue",
            Strategy::LockTooLate => "Mistake 1: lock too late",
            Strategy::LockTooNarrow => "Mistake 2: lock too narrow",
            Strategy::LockTooNarrowIo => "Mistake 2, with I/O first",
            Strategy::AwaitElsewhere => "Mistake 3: any await",
            Strategy::OppositeOrder => "Opposite lock order",
            Strategy::ConsistentOrder => "Consistent lock order",
        }
    }

    pub fn group(self) -> Group {
        match self {
            Strategy::Unsafe => Group::Bug,
            Strategy::Lock
            | Strategy::Restructure
            | Strategy::Counter
            | Strategy::Optimistic
            | Strategy::SingleWriter => Group::Fix,
            Strategy::LockTooLate
            | Strategy::LockTooNarrow
            | Strategy::LockTooNarrowIo
            | Strategy::AwaitElsewhere => Group::Mistake,
            Strategy::OppositeOrder | Strategy::ConsistentOrder => Group::Deadlock,
        }
    }

    /// The Rust that runs, shown on the page.
    pub fn rust_source(self) -> &'static str {
        match self {
            Strategy::Unsafe => include_str!("unsafe_credit.rs"),
            Strategy::Lock => include_str!("lock.rs"),
            Strategy::Restructure => include_str!("restructure.rs"),
            Strategy::Counter => include_str!("counter.rs"),
            Strategy::Optimistic => include_str!("optimistic.rs"),
            Strategy::SingleWriter => include_str!("single_writer.rs"),
            Strategy::LockTooLate => include_str!("lock_too_late.rs"),
            Strategy::LockTooNarrow => include_str!("lock_too_narrow.rs"),
            Strategy::LockTooNarrowIo => include_str!("lock_too_narrow_io.rs"),
            Strategy::AwaitElsewhere => include_str!("await_elsewhere.rs"),
            Strategy::OppositeOrder => include_str!("opposite_order.rs"),
            Strategy::ConsistentOrder => include_str!("consistent_order.rs"),
        }
    }

    /// The article's Python for the same program.
    pub fn python_source(self) -> &'static str {
        match self {
            Strategy::Unsafe => include_str!("unsafe_credit.py"),
            Strategy::Lock => include_str!("lock.py"),
            Strategy::Restructure => include_str!("restructure.py"),
            Strategy::Counter => include_str!("counter.py"),
            Strategy::Optimistic => include_str!("optimistic.py"),
            Strategy::SingleWriter => include_str!("single_writer.py"),
            Strategy::LockTooLate => include_str!("lock_too_late.py"),
            Strategy::LockTooNarrow => include_str!("lock_too_narrow.py"),
            Strategy::LockTooNarrowIo => include_str!("lock_too_narrow_io.py"),
            Strategy::AwaitElsewhere => include_str!("await_elsewhere.py"),
            Strategy::OppositeOrder => include_str!("opposite_order.py"),
            Strategy::ConsistentOrder => include_str!("consistent_order.py"),
        }
    }

    /// Whether the program takes a lock at all (the lock panel hides otherwise).
    pub fn uses_locks(self) -> bool {
        !matches!(
            self,
            Strategy::Unsafe
                | Strategy::Restructure
                | Strategy::Optimistic
                | Strategy::SingleWriter
                | Strategy::AwaitElsewhere
        )
    }

    /// Tasks the program needs beyond the scenario's own: the single writer.
    /// Helpers come after the scenario's tasks, as `gather(*credits, writer())`.
    pub fn helper_tasks(self) -> u32 {
        u32::from(self == Strategy::SingleWriter)
    }

    /// The program one task runs: wait for its start offset (a start of 0
    /// does not sleep at all), then the strategy's code.
    pub fn program(self, task: Task, start_ms: u64) -> TaskFuture {
        Box::pin(async move {
            if start_ms > 0 {
                task.wait_to_start(start_ms).await;
            }
            task.started();
            match self {
                Strategy::Unsafe => unsafe_credit::credit(&task).await,
                Strategy::Lock => lock::credit(&task).await,
                Strategy::Restructure => restructure::credit(&task).await,
                Strategy::Counter => counter::credit(&task).await,
                Strategy::Optimistic => optimistic::credit(&task).await,
                Strategy::SingleWriter => single_writer::credit(&task).await,
                Strategy::LockTooLate => lock_too_late::credit(&task).await,
                Strategy::LockTooNarrow => lock_too_narrow::credit(&task).await,
                Strategy::LockTooNarrowIo => lock_too_narrow_io::credit(&task).await,
                Strategy::AwaitElsewhere => await_elsewhere::bad_increment(&task).await,
                Strategy::OppositeOrder => opposite_order::transfer(&task).await,
                Strategy::ConsistentOrder => consistent_order::transfer(&task).await,
            }
            task.finished();
        })
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// An unknown strategy name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownStrategy(pub String);

impl fmt::Display for UnknownStrategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = Strategy::ALL.iter().map(|s| s.slug()).collect();
        write!(
            f,
            "unknown strategy \"{}\"; known: {}",
            self.0,
            known.join(", ")
        )
    }
}

impl FromStr for Strategy {
    type Err = UnknownStrategy;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Strategy::ALL
            .into_iter()
            .find(|s| s.slug() == name)
            .ok_or_else(|| UnknownStrategy(name.to_owned()))
    }
}
