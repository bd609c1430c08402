//! The trace: everything a run did, in the order it happened.
//!
//! The engine only ever appends to it; the page, the tests and the CPython
//! comparison all read it. Events are small `Copy` values so that a
//! 100,000-task run stays a few megabytes.

use std::fmt;

/// Tasks are numbered from 0 in the order `asyncio.gather` creates them; the page shows T1, T2, ...
pub type TaskId = u32;

/// The locks a strategy may take. One program uses at most two. Each is
/// named as the Python the page shows names it, so that the lock rows, the
/// log and the code say the same word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LockName {
    /// `lock = asyncio.Lock()`: Solution 1 and the mistakes.
    Lock,
    /// `lock_a` of the deadlock example.
    A,
    /// `lock_b` of the deadlock example.
    B,
    /// `self._lock`, the counter's own lock (Solution 3).
    SelfLock,
}

impl LockName {
    pub const ALL: [LockName; 4] = [LockName::Lock, LockName::A, LockName::B, LockName::SelfLock];

    pub fn index(self) -> usize {
        self as usize
    }

    /// As the article's programs name it (and links and test ids).
    pub fn label(self) -> &'static str {
        match self {
            LockName::Lock => "lock",
            LockName::A => "lock_a",
            LockName::B => "lock_b",
            LockName::SelfLock => "self._lock",
        }
    }

    /// As the program on the page names it: its label, unless the
    /// learner's own program runs and names it otherwise.
    pub fn name(self) -> &'static str {
        NAMES
            .with(|names| names.get()[self.index()])
            .unwrap_or(self.label())
    }

    /// The learner's program names the locks it uses (`None` for a lock
    /// it does not, and to go back to the article's names).
    pub fn name_all(names: [Option<&'static str>; 4]) {
        NAMES.with(|slot| slot.set(names));
    }
}

thread_local! {
    /// The learner's names for the locks, while their program is on the page.
    static NAMES: std::cell::Cell<[Option<&'static str>; 4]> =
        const { std::cell::Cell::new([None; 4]) };
}

impl fmt::Display for LockName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The task's body began (after its start offset, if any).
    Started,
    /// `current = balance`.
    Read { value: i64 },
    /// `await asyncio.sleep(...)`: the task suspends for `ms`.
    IoStarted { ms: u64 },
    /// The I/O finished and the task runs again.
    IoDone,
    /// `async with lock:` was reached.
    LockRequested { lock: LockName },
    /// The task holds the lock (at once if it was free, later if it queued).
    LockAcquired { lock: LockName },
    /// The task left the `async with` block.
    LockReleased { lock: LockName },
    /// `balance = value`. `write` numbers the writes from 0; `overwrote` is
    /// the previous write when this task never saw it (its read came first).
    Wrote {
        value: i64,
        write: u32,
        overwrote: Option<u32>,
    },
    /// A compare-and-retry task found the balance changed and starts again.
    Retried,
    /// `await queue.put(value)` (single writer).
    Sent { value: i64 },
    /// `value = await queue.get()` returned (single writer).
    Received { value: i64 },
    /// The task's coroutine returned.
    Finished,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub time_ms: u64,
    pub task: TaskId,
    pub kind: EventKind,
}

impl Event {
    /// The line the article's bank example would print for this event, if any.
    pub fn article_line(&self) -> Option<String> {
        let who = self.task + 1;
        match self.kind {
            EventKind::Read { value } => Some(format!("[T{who}] Reading balance... ({value})")),
            EventKind::Wrote { value, .. } => Some(format!("[T{who}] Wrote balance: {value}")),
            EventKind::LockAcquired { lock } => Some(format!("[T{who}] Acquired {lock}")),
            EventKind::LockReleased { lock } => Some(format!("[T{who}] Released {lock}")),
            EventKind::LockRequested { lock } => Some(format!("[T{who}] Waiting for {lock}...")),
            EventKind::IoStarted { ms } => Some(format!("[T{who}] Awaiting I/O ({ms} ms)")),
            EventKind::Retried => Some(format!("[T{who}] Balance changed; retrying")),
            EventKind::Sent { value } => Some(format!("[T{who}] Queued {value} for the writer")),
            EventKind::Received { value } => {
                Some(format!("[T{who}] Writer took {value} from the queue"))
            }
            EventKind::Started | EventKind::IoDone | EventKind::Finished => None,
        }
    }
}
