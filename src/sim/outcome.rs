//! What a run came to, and why: the lost writes and who overwrote them, the
//! deadlock and its cycle.

use std::fmt;

use super::account::{Account, WriteRecord};
use super::scenario::Scenario;
use super::schedule::{Schedule, ScheduleError};
use super::task::World;
use super::trace::{Event, LockName, TaskId};

#[derive(Clone, Debug)]
pub struct Outcome {
    pub scenario: Scenario,
    pub trace: Vec<Event>,
    pub writes: Vec<WriteRecord>,
    pub final_balance: i64,
    pub expected_balance: i64,
    pub lost_writes: Vec<LostWrite>,
    /// Virtual time when the last task finished (or when the run stopped).
    pub elapsed_ms: u64,
    pub finished_tasks: u32,
    /// How the run ended; `None` while it has not (a run in progress, or a
    /// schedule stopped part way).
    pub ending: Option<Ending>,
    pub schedule: Schedule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    Completed,
    Deadlock(Deadlock),
    /// The run needed more steps or events than allowed ([`super::Limits`]);
    /// what ran is in the trace.
    Limit {
        steps: u64,
        events: usize,
    },
    Diverged(ScheduleError),
}

/// A write whose credit is missing from the final balance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LostWrite {
    /// Index into [`Outcome::writes`].
    pub write: u32,
    /// The first later write computed from a read taken before this one
    /// landed: it replaced this write's value without ever seeing it.
    pub overwritten_by: u32,
}

/// `task` waits for `lock`, which `held_by` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitFor {
    pub task: TaskId,
    pub lock: LockName,
    pub held_by: TaskId,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadlock {
    /// task -> lock -> holding task -> ..., back to the first task.
    pub cycle: Vec<WaitFor>,
    /// Every task that can never finish, in task order.
    pub stuck: Vec<TaskId>,
}

impl fmt::Display for Deadlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.cycle.is_empty() {
            return write!(f, "{} tasks wait forever", self.stuck.len());
        }
        for (i, wait) in self.cycle.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(
                f,
                "T{} waits for {} held by T{}",
                wait.task + 1,
                wait.lock,
                wait.held_by + 1
            )?;
        }
        Ok(())
    }
}

impl Outcome {
    /// The outcome of a run whose trace and account were taken from its world.
    pub fn new(
        scenario: &Scenario,
        (trace, account): (Vec<Event>, Account),
        elapsed_ms: u64,
        finished_tasks: u32,
        ending: Option<Ending>,
        schedule: Schedule,
    ) -> Self {
        let final_balance = account.balance();
        let writes = account.into_writes();
        Self {
            lost_writes: lost_writes(&writes),
            final_balance,
            expected_balance: scenario.expected_balance(),
            finished_tasks,
            scenario: scenario.clone(),
            trace,
            writes,
            elapsed_ms,
            ending,
            schedule,
        }
    }

    pub fn lost_count(&self) -> usize {
        self.lost_writes.len()
    }

    pub fn is_deadlock(&self) -> bool {
        matches!(self.ending, Some(Ending::Deadlock(_)))
    }

    /// "T5 wrote 1100 from its read at t=0 ms, overwriting T4's write of 1100".
    pub fn explain(&self, lost: &LostWrite) -> String {
        let (Some(victim), Some(culprit)) = (
            self.writes.get(lost.write as usize),
            self.writes.get(lost.overwritten_by as usize),
        ) else {
            return String::new();
        };
        format!(
            "T{} wrote {} from its read at t={} ms, overwriting T{}'s write of {}",
            culprit.task + 1,
            culprit.value,
            culprit.based_on.time_ms,
            victim.task + 1,
            victim.value
        )
    }

    /// A 64-bit FNV-1a hash of the whole trace: two runs with the same
    /// fingerprint did the same things in the same order at the same times.
    /// The page shows it so a teacher can check a link reproduces a run.
    pub fn fingerprint(&self) -> u64 {
        use super::trace::EventKind as K;
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |value: u64| {
            for byte in value.to_le_bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        for event in &self.trace {
            eat(event.time_ms);
            eat(u64::from(event.task));
            let (tag, value) = match event.kind {
                K::Started => (0, 0),
                K::Read { value } => (1, value as u64),
                K::IoStarted { ms } => (2, ms),
                K::IoDone => (3, 0),
                K::LockRequested { lock } => (4, lock.index() as u64),
                K::LockAcquired { lock } => (5, lock.index() as u64),
                K::LockReleased { lock } => (6, lock.index() as u64),
                K::Wrote { value, .. } => (7, value as u64),
                K::Retried => (8, 0),
                K::Finished => (9, 0),
                K::Sent { value } => (10, value as u64),
                K::Received { value } => (11, value as u64),
            };
            eat(tag);
            eat(value);
        }
        hash
    }

    /// The credit the lost writes carried (each write's value minus what it read).
    pub fn lost_amount(&self) -> i64 {
        self.lost_writes
            .iter()
            .filter_map(|lost| self.writes.get(lost.write as usize))
            .map(|w| w.value - w.based_on.value)
            .sum()
    }
}

/// The writes whose effect is not in the final balance.
///
/// Each write builds on the version it read. Following those links back from
/// the last write gives the chain of writes the final balance is made of;
/// every write off that chain is lost. (A write that was overwritten but
/// later read by the write that survived is *not* lost.)
pub fn lost_writes(writes: &[WriteRecord]) -> Vec<LostWrite> {
    let mut surviving = vec![false; writes.len()];
    let mut version = writes.len();
    while version > 0 {
        surviving[version - 1] = true;
        version = writes[version - 1].based_on.version as usize;
    }
    // Who overwrote write i: the first later write whose read predates it
    // (based_on.version <= i). A stack of unresolved lost writes finds each
    // in one pass.
    let mut unresolved: Vec<u32> = Vec::new();
    // By lost write, so that they come out in order without a sort.
    let mut overwritten_by: Vec<Option<u32>> = vec![None; writes.len()];
    for (index, write) in writes.iter().enumerate() {
        let seen = write.based_on.version;
        while unresolved.last().is_some_and(|&victim| victim >= seen) {
            if let Some(victim) = unresolved.pop() {
                overwritten_by[victim as usize] = Some(index as u32);
            }
        }
        if !surviving[index] {
            unresolved.push(index as u32);
        }
    }
    overwritten_by
        .into_iter()
        .enumerate()
        .filter_map(|(write, by)| {
            by.map(|overwritten_by| LostWrite {
                write: write as u32,
                overwritten_by,
            })
        })
        .collect()
}

/// Reads the wait-for graph off the locks and finds a cycle in it.
/// `unfinished` is every task that has not returned: all of them are stuck.
pub(crate) fn find_deadlock(world: &World, unfinished: Vec<TaskId>) -> Deadlock {
    let mut waits: Vec<WaitFor> = Vec::new();
    for lock in LockName::ALL {
        let state = world.lock(lock);
        if let Some(held_by) = state.holder() {
            waits.extend(state.waiting().into_iter().map(|task| WaitFor {
                task,
                lock,
                held_by,
            }));
        }
    }
    deadlock_among(waits, unfinished)
}

/// The deadlock among `stuck` tasks, given who waits for which lock held
/// by whom (a task waits for one lock at most): the first cycle of waits,
/// found by following task -> lock -> holder until a task repeats. The
/// engine's runs and the learner's (from their traces) both end here.
pub fn deadlock_among(waits: Vec<WaitFor>, stuck: Vec<TaskId>) -> Deadlock {
    // In task order. Sorted as numbers (task, then place), which shares the
    // explorer's sort of numbers instead of adding another to the wasm.
    let mut order: Vec<u64> = waits
        .iter()
        .enumerate()
        .map(|(at, wait)| u64::from(wait.task) << 32 | at as u64)
        .collect();
    order.sort_unstable();
    let waits: Vec<WaitFor> = order
        .into_iter()
        .map(|key| waits[(key & u64::from(u32::MAX)) as usize])
        .collect();
    let waiting_for = |task: TaskId| {
        waits
            .binary_search_by_key(&task, |w| w.task)
            .ok()
            .map(|i| waits[i])
    };
    let mut cycle = Vec::new();
    'search: for start in &waits {
        let mut path: Vec<WaitFor> = vec![*start];
        while let Some(next) = waiting_for(path[path.len() - 1].held_by) {
            if let Some(at) = path.iter().position(|w| w.task == next.task) {
                cycle = path.split_off(at);
                break 'search;
            }
            if path.len() > waits.len() {
                break;
            }
            path.push(next);
        }
    }
    Deadlock { cycle, stuck }
}
