//! The programs a learner can run, one small file each.
//!
//! Every strategy is an ordinary `async fn` over a [`Task`]; its source file
//! and the article's Python beside it are compiled into the page with
//! `include_str!`, so the code the learner reads is the code that runs.
//! ([`Strategy::rust`] is a function, not a field of the table, so that the
//! playground, which shows the Python and the file's docs, does not carry
//! every Rust source: the full app's Rust tab does. `build.rs` writes the
//! docs apart.)

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use super::task::Task;
use super::trace::{LockName, TaskId};

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

/// Which tasks of a program run the same code. A strategy is an ordinary
/// `async fn` of its [`Task`]; where it branches on which task it is, the
/// tasks on either side run different code. Each row of [`strategies!`]
/// says which case its program is, beside the program it names.
///
/// The schedule explorer rests on this: two tasks of one role that have
/// observed the same things have the same future, so it may swap them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Roles {
    /// Every task runs the same code.
    Same,
    /// Odd-numbered tasks (T1, T3, ...) run one branch, even-numbered ones
    /// (T2, T4, ...) the other: `task.number() % 2`.
    ByParity,
    /// The helper tasks (after the scenario's own) run other code than the
    /// scenario's tasks: `task.is_helper()`.
    HelpersApart,
}

impl Roles {
    /// The role of task `task` when the scenario has `producers` tasks of
    /// its own (helpers come after them): equal roles, the same code.
    pub fn of(self, task: TaskId, producers: u32) -> u32 {
        match self {
            Roles::Same => 0,
            Roles::ByParity => (task + 1) % 2,
            Roles::HelpersApart => u32::from(task >= producers),
        }
    }
}

/// The future a task runs; boxed so that tasks of every strategy share one type.
pub type TaskFuture = Pin<Box<dyn Future<Output = ()>>>;

/// Everything the page knows about a strategy: one row of [`STRATEGIES`].
pub struct StrategyInfo {
    pub strategy: Strategy,
    /// The name used in links (`?strategy=lock`).
    pub slug: &'static str,
    pub title: &'static str,
    pub group: Group,
    /// The locks the program takes (the lock panel shows these).
    pub locks: &'static [LockName],
    /// Tasks the program needs beyond the scenario's own: the single writer.
    /// Helpers come after the scenario's tasks, as `gather(*credits, writer())`.
    pub helpers: u32,
    /// Why a program without a lock needs none (or why it breaks without one).
    pub no_lock_note: &'static str,
    /// What the page's lock switch (the L key) means for this program.
    pub switch: Switch,
}

/// The lock switch: the bug and Solution 1 are its two positions; the two
/// lock orders are the two positions of "Same lock order". For any other
/// program it stands in neither position, and pressing it shows the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switch {
    pub label: &'static str,
    /// On, off, or neither (`None`).
    pub on: Option<bool>,
    /// The program the switch flips to.
    pub flips_to: Strategy,
}

const ONE_LOCK: &[LockName] = &[LockName::Lock];
const COUNTER_LOCK: &[LockName] = &[LockName::SelfLock];
const TWO_LOCKS: &[LockName] = &[LockName::A, LockName::B];
const RACE: &str =
    "No lock: nothing stops a task from running between another task's read and its write.";

/// The one table of strategies. Each row names its variant, what the page
/// shows of it, its two files, and the `async fn` one task runs. Adding a
/// strategy is a row here and its two files.
///
/// The rows become the [`Strategy`] enum, the [`STRATEGIES`] table the page
/// reads, and [`Strategy::program`]. The programs are kept out of the table
/// itself, so that the page, which runs no engine, does not carry their code.
macro_rules! strategies {
    ($(
        $variant:ident {
            slug: $slug:literal,
            title: $title:literal,
            group: $group:ident,
            files: ($rust:literal, $python:literal),
            locks: $locks:expr,
            helpers: $helpers:literal,
            no_lock_note: $note:expr,
            switch: ($switch_label:literal, $switch_on:expr, $flips_to:ident),
            runs: $run:path,
            roles: $roles:ident $(,)?
        }
    ),* $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Strategy {
            $($variant),*
        }

        /// One row per strategy, in [`Strategy`] order.
        pub static STRATEGIES: &[StrategyInfo] = &[$(
            StrategyInfo {
                strategy: Strategy::$variant,
                slug: $slug,
                title: $title,
                group: Group::$group,
                locks: $locks,
                helpers: $helpers,
                no_lock_note: $note,
                switch: Switch {
                    label: $switch_label,
                    on: $switch_on,
                    flips_to: Strategy::$flips_to,
                },
            }
        ),*];

        impl Strategy {
            pub const ALL: &'static [Strategy] = &[$(Strategy::$variant),*];

            /// The Rust that runs, as the full app's Rust tab shows it.
            pub fn rust(self) -> &'static str {
                match self {
                    $(Strategy::$variant => include_str!($rust)),*
                }
            }

            /// The article's Python for the same program, with placeholders
            /// for the run's settings ([`crate::view::program`] fills them in).
            pub fn python(self) -> &'static str {
                match self {
                    $(Strategy::$variant => include_str!($python)),*
                }
            }

            /// What to notice in the program: its Rust file's `//!` docs, as
            /// one paragraph (`build.rs` takes them out of the file).
            pub fn about(self) -> &'static str {
                match self {
                    $(Strategy::$variant => include_str!(concat!(env!("OUT_DIR"), "/", $rust, ".about"))),*
                }
            }

            /// [`Strategy::python`] and [`Strategy::about`] for the programs
            /// of at most one lock, the ones the playground draws; `None` for
            /// the two-lock programs, whose texts come with the full app.
            pub fn one_lock_texts(self) -> Option<(&'static str, &'static str)> {
                match self {
                    $(Strategy::$variant => ({ let locks: &[LockName] = $locks; locks.len() < 2 }).then(|| (
                        include_str!($python),
                        include_str!(concat!(env!("OUT_DIR"), "/", $rust, ".about")),
                    ))),*
                }
            }

            /// Which tasks run the same code: what the program branches on
            /// ([`Roles`]). The schedule explorer's symmetry rests on it.
            pub fn roles(self) -> Roles {
                match self {
                    $(Strategy::$variant => Roles::$roles),*
                }
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
                        $(Strategy::$variant => $run(&task).await),*
                    }
                    task.finished();
                })
            }
        }
    };
}

strategies! {
    Unsafe {
        slug: "unsafe",
        title: "No lock (the bug)",
        group: Bug,
        files: ("unsafe_credit.rs", "unsafe_credit.py"),
        locks: &[],
        helpers: 0,
        no_lock_note: RACE,
        switch: ("Lock", Some(false), Lock),
        runs: unsafe_credit::credit,
        roles: Same,
    },
    Lock {
        slug: "lock",
        title: "Lock: read, I/O, write",
        group: Fix,
        files: ("lock.rs", "lock.py"),
        locks: ONE_LOCK,
        helpers: 0,
        no_lock_note: "",
        switch: ("Lock", Some(true), Unsafe),
        runs: lock::credit,
        roles: Same,
    },
    Restructure {
        slug: "restructure",
        title: "Restructure: I/O first",
        group: Fix,
        files: ("restructure.rs", "restructure.py"),
        locks: &[],
        helpers: 0,
        no_lock_note: "No lock needed: no await stands between the read and the write, so no other task can run in between.",
        switch: ("Lock", None, Lock),
        runs: restructure::credit,
        roles: Same,
    },
    Counter {
        slug: "counter",
        title: "AsyncSafeCounter class",
        group: Fix,
        files: ("counter.rs", "counter.py"),
        locks: COUNTER_LOCK,
        helpers: 0,
        no_lock_note: "",
        switch: ("Lock", None, Lock),
        runs: counter::credit,
        roles: Same,
    },
    Optimistic {
        slug: "optimistic",
        title: "Compare and retry",
        group: Fix,
        files: ("optimistic.rs", "optimistic.py"),
        locks: &[],
        helpers: 0,
        no_lock_note: "No lock: a write lands only if nobody wrote since the task's read; otherwise the task reads again and retries.",
        switch: ("Lock", None, Lock),
        runs: optimistic::credit,
        roles: Same,
    },
    SingleWriter {
        slug: "single-writer",
        title: "Single writer + queue",
        group: Fix,
        files: ("single_writer.rs", "single_writer.py"),
        locks: &[],
        helpers: 1,
        no_lock_note: "No lock: only the writer task ever writes the balance; the others hand it their amounts through a queue.",
        switch: ("Lock", None, Lock),
        runs: single_writer::credit,
        roles: HelpersApart,
    },
    LockTooLate {
        slug: "lock-too-late",
        title: "Mistake 1: lock too late",
        group: Mistake,
        files: ("lock_too_late.rs", "lock_too_late.py"),
        locks: ONE_LOCK,
        helpers: 0,
        no_lock_note: "",
        switch: ("Lock", None, Lock),
        runs: lock_too_late::credit,
        roles: Same,
    },
    LockTooNarrow {
        slug: "lock-too-narrow",
        title: "Mistake 2: lock too narrow",
        group: Mistake,
        files: ("lock_too_narrow.rs", "lock_too_narrow.py"),
        locks: ONE_LOCK,
        helpers: 0,
        no_lock_note: "",
        switch: ("Lock", None, Lock),
        runs: lock_too_narrow::credit,
        roles: Same,
    },
    LockTooNarrowIo {
        slug: "lock-too-narrow-io",
        title: "Mistake 2, with I/O first",
        group: Mistake,
        files: ("lock_too_narrow_io.rs", "lock_too_narrow_io.py"),
        locks: ONE_LOCK,
        helpers: 0,
        no_lock_note: "",
        switch: ("Lock", None, Lock),
        runs: lock_too_narrow_io::credit,
        roles: Same,
    },
    AwaitElsewhere {
        slug: "await-elsewhere",
        title: "Mistake 3: any await",
        group: Mistake,
        files: ("await_elsewhere.rs", "await_elsewhere.py"),
        locks: &[],
        helpers: 0,
        no_lock_note: RACE,
        switch: ("Lock", None, Lock),
        runs: await_elsewhere::bad_increment,
        roles: Same,
    },
    OppositeOrder {
        slug: "opposite-order",
        title: "Opposite lock order",
        group: Deadlock,
        files: ("opposite_order.rs", "opposite_order.py"),
        locks: TWO_LOCKS,
        helpers: 0,
        no_lock_note: "",
        switch: ("Same lock order", Some(false), ConsistentOrder),
        runs: opposite_order::transfer,
        roles: ByParity,
    },
    ConsistentOrder {
        slug: "consistent-order",
        title: "Consistent lock order",
        group: Deadlock,
        files: ("consistent_order.rs", "consistent_order.py"),
        locks: TWO_LOCKS,
        helpers: 0,
        no_lock_note: "",
        switch: ("Same lock order", Some(true), OppositeOrder),
        runs: consistent_order::transfer,
        roles: Same,
    },
}

impl Strategy {
    /// This strategy's row of [`STRATEGIES`].
    pub fn info(self) -> &'static StrategyInfo {
        &STRATEGIES[self as usize]
    }

    pub fn slug(self) -> &'static str {
        self.info().slug
    }

    pub fn title(self) -> &'static str {
        self.info().title
    }

    pub fn group(self) -> Group {
        self.info().group
    }

    /// Whether the program takes a lock at all.
    pub fn uses_locks(self) -> bool {
        !self.info().locks.is_empty()
    }

    pub fn helper_tasks(self) -> u32 {
        self.info().helpers
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
            .iter()
            .copied()
            .find(|s| s.slug() == name)
            .ok_or_else(|| UnknownStrategy(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_enum_order_and_slugs_are_unique() {
        for (i, row) in STRATEGIES.iter().enumerate() {
            assert_eq!(row.strategy as usize, i, "{} is out of place", row.slug);
        }
        let mut slugs: Vec<&str> = STRATEGIES.iter().map(|r| r.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), STRATEGIES.len());
    }

    #[test]
    fn every_lock_is_named_as_the_python_shown_names_it() {
        // The lock rows, the log and the offers say `label()`; the code
        // pane shows `python`. One word for one lock, wherever it is read.
        for row in STRATEGIES {
            for lock in row.locks {
                let name = lock.label();
                // Whole lines: `balance_lock = asyncio.Lock()` must not pass for `lock`.
                let lines: Vec<&str> = row.strategy.python().lines().map(str::trim).collect();
                assert!(
                    lines.contains(&format!("{name} = asyncio.Lock()").as_str()),
                    "{}: no `{name} = asyncio.Lock()` line in its Python",
                    row.slug
                );
                let takes_it = |line: &&str| {
                    line.starts_with(&format!("async with {name}:"))
                        || line.contains(&format!("({name}, "))
                        || line.contains(&format!(", {name})"))
                };
                assert!(
                    lines.iter().any(takes_it),
                    "{}: its Python never takes `{name}`",
                    row.slug
                );
            }
        }
    }

    #[test]
    fn what_to_notice_is_the_rust_files_own_docs() {
        for row in STRATEGIES {
            let docs: Vec<&str> = (row.strategy.rust().lines())
                .filter_map(|line| line.strip_prefix("//!"))
                .map(str::trim)
                .collect();
            assert!(!docs.is_empty(), "{}: no docs", row.slug);
            assert_eq!(row.strategy.about(), docs.join(" "), "{}", row.slug);
            let one_lock = row.strategy.one_lock_texts();
            assert_eq!(one_lock.is_some(), row.locks.len() < 2, "{}", row.slug);
            if let Some((python, about)) = one_lock {
                assert_eq!(
                    (python, about),
                    (row.strategy.python(), row.strategy.about())
                );
            }
        }
    }

    #[test]
    fn a_program_without_a_lock_says_why() {
        for row in STRATEGIES {
            assert_eq!(
                row.locks.is_empty(),
                !row.no_lock_note.is_empty(),
                "{}",
                row.slug
            );
        }
    }
}
