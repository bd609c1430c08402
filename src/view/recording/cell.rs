//! A task's state in a frame, as the page draws it: its colour (phase) and
//! its line of code (spot); the changes events make to it; and how many
//! tasks are in each.

use crate::sim::TaskId;

/// What one task is doing, as the page colours it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Phase {
    NotStarted,
    Running,
    Read,
    AwaitingIo,
    WaitingForLock,
    HoldingLock,
    Wrote,
    WriteLost,
    Finished,
}

impl Phase {
    pub const ALL: [Phase; 9] = [
        Phase::NotStarted,
        Phase::Running,
        Phase::Read,
        Phase::AwaitingIo,
        Phase::WaitingForLock,
        Phase::HoldingLock,
        Phase::Wrote,
        Phase::WriteLost,
        Phase::Finished,
    ];

    /// Each task is in one phase, so each word says exactly what its count
    /// counts: a task that holds a lock while it reads or awaits I/O is
    /// counted there (the lock rows say who holds what), and a task that
    /// has written is counted by its write, kept or lost, finished or not
    /// (the code pane counts every finished task: "done").
    pub fn label(self) -> &'static str {
        match self {
            Phase::NotStarted => "not started",
            Phase::Running => "running",
            Phase::Read => "read",
            Phase::AwaitingIo => "awaiting I/O",
            Phase::WaitingForLock => "waiting for a lock",
            Phase::HoldingLock => "running in a lock",
            Phase::Wrote => "wrote",
            Phase::WriteLost => "write lost",
            Phase::Finished => "done, no write",
        }
    }

    /// The CSS class (and canvas colour key) for this phase.
    pub fn css(self) -> &'static str {
        match self {
            Phase::NotStarted => "not-started",
            Phase::Running => "running",
            Phase::Read => "read",
            Phase::AwaitingIo => "io",
            Phase::WaitingForLock => "waiting",
            Phase::HoldingLock => "holding",
            Phase::Wrote => "wrote",
            Phase::WriteLost => "lost",
            Phase::Finished => "finished",
        }
    }
}

/// Where in the strategy's code a task stands, for the code pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Spot {
    /// Not at a marked line: not started, between lines, or leaving a block.
    Elsewhere,
    Read,
    Io,
    /// Just through the first `async with` (it holds the lock now).
    FirstLock,
    SecondLock,
    Write,
    /// Its coroutine has returned.
    Done,
    /// Queued at the first `async with`: on its line, not inside its block.
    FirstLockQueued,
    SecondLockQueued,
}

impl Spot {
    pub const COUNT: usize = 9;
}

/// A task's state in a frame: its colour and its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub phase: Phase,
    pub spot: Spot,
}

impl Cell {
    pub const START: Cell = Cell {
        phase: Phase::NotStarted,
        spot: Spot::Elsewhere,
    };
}

/// Event `event` moved `task` from one cell state to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub task: TaskId,
    pub from: Cell,
    pub to: Cell,
}

/// How many tasks are in each phase and at each spot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub phases: [u32; 9],
    pub spots: [u32; Spot::COUNT],
}

impl Counts {
    pub(super) fn apply(&mut self, change: &Change, forwards: bool) {
        let (gone, come) = if forwards {
            (change.from, change.to)
        } else {
            (change.to, change.from)
        };
        self.phases[gone.phase as usize] -= 1;
        self.phases[come.phase as usize] += 1;
        self.spots[gone.spot as usize] -= 1;
        self.spots[come.spot as usize] += 1;
    }

    pub fn phase(&self, phase: Phase) -> u32 {
        self.phases[phase as usize]
    }

    pub fn spot(&self, spot: Spot) -> u32 {
        self.spots[spot as usize]
    }
}
