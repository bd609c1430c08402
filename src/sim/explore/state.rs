//! What a run's state is, for merging: two runs in the same state have the
//! same futures ahead of them, so the explorer counts them once.
//!
//! A task's state is its own history: a strategy is an ordinary `async fn`,
//! so where it stands and what its locals hold follow from what it has
//! seen: the values it read (and at which version, for compare-and-retry),
//! the locks it got, what it received, and where each of its steps ended.
//! Histories are interned: each is a number, extended one event at a time.
//!
//! A finished task has no future: its history is forgotten. A read's
//! version counts only as "has anyone written since?" (compare-and-retry's
//! question; the version's value is visible to no program).
//!
//! The world's state is the balance, each lock's holder and
//! queue (and whom a release has already handed it to), and the queue's
//! items and waiting getters. Tasks appear in it by their history, not by
//! number, which makes the key the same for runs that differ only by which
//! of two interchangeable tasks did what: tasks of one role (the strategy
//! table's [`Roles`](crate::sim::strategy::Roles)) run the same code, so
//! swapping two of them swaps their futures and nothing else.

use std::collections::HashMap;

use crate::sim::ordered::OrderedRun;
use crate::sim::trace::{EventKind, LockName, TaskId};

/// One event as a state key sees it: without write numbers or times,
/// with the version a read saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Mark {
    code: u8,
    value: i64,
    extra: u32,
}

/// Where a task's step ended.
const STEP_END: Mark = Mark {
    code: 255,
    value: 0,
    extra: 0,
};

/// A finished task's history: whatever it did, nothing of it is ahead.
const FINISHED: u32 = u32::MAX;

fn mark(kind: &EventKind) -> Mark {
    let (code, value, extra) = match *kind {
        EventKind::Started => (0, 0, 0),
        EventKind::Read { value } => (1, value, 0),
        EventKind::IoStarted { ms } => (2, ms as i64, 0),
        EventKind::IoDone => (3, 0, 0),
        EventKind::LockRequested { lock } => (4, 0, lock.index() as u32),
        EventKind::LockAcquired { lock } => (5, 0, lock.index() as u32),
        EventKind::LockReleased { lock } => (6, 0, lock.index() as u32),
        EventKind::Wrote { value, .. } => (7, value, 0),
        EventKind::Retried => (8, 0, 0),
        EventKind::Sent { value } => (9, value, 0),
        EventKind::Received { value } => (10, value, 0),
        EventKind::Finished => (11, 0, 0),
    };
    Mark { code, value, extra }
}

/// Every history seen in one exploration, numbered: history 0 is empty,
/// and `extend(h, m)` is the number of `h` followed by `m`.
#[derive(Default)]
pub struct Histories {
    table: HashMap<(u32, Mark), u32>,
}

impl Histories {
    fn extend(&mut self, history: u32, mark: Mark) -> u32 {
        let next = self.table.len() as u32 + 1;
        *self.table.entry((history, mark)).or_insert(next)
    }

    /// How many histories, counting the empty one.
    pub fn count(&self) -> usize {
        self.table.len() + 1
    }
}

/// A run being stepped by the explorer, with each task's history kept up
/// to date.
pub struct Tracked {
    pub run: OrderedRun,
    histories: Vec<u32>,
    roles: Vec<u32>,
    /// Writes so far: the version the next read sees.
    writes: u32,
    /// The version each task's latest read saw.
    read_at: Vec<Option<u32>>,
}

impl Tracked {
    pub fn new(run: OrderedRun, roles: Vec<u32>) -> Self {
        Self {
            run,
            histories: vec![0; roles.len()],
            read_at: vec![None; roles.len()],
            roles,
            writes: 0,
        }
    }

    /// Runs `task`'s next step; `false` if it cannot run now.
    pub fn step(&mut self, task: TaskId, histories: &mut Histories) -> bool {
        let Some(step) = self.run.step(task) else {
            return false;
        };
        let (own, writes, read_at) = (&mut self.histories, &mut self.writes, &mut self.read_at);
        self.run
            .world()
            .visit_events_since(step.events.start, |event| {
                let index = event.task as usize;
                match event.kind {
                    EventKind::Finished => own[index] = FINISHED,
                    EventKind::Read { .. } => read_at[index] = Some(*writes),
                    EventKind::Wrote { .. } => *writes += 1,
                    _ => {}
                }
                if own[index] != FINISHED {
                    own[index] = histories.extend(own[index], mark(&event.kind));
                }
            });
        let index = task as usize;
        if self.histories[index] != FINISHED {
            self.histories[index] = histories.extend(self.histories[index], STEP_END);
        }
        true
    }

    /// A task as the state key names it: its role, its history, and
    /// whether a write has landed since its latest read (all a strategy
    /// can learn from a read's version: compare-and-retry compares it).
    pub fn task_key(&self, task: TaskId) -> u64 {
        let index = task as usize;
        let history = self.histories[index];
        let stale = history != FINISHED && self.read_at[index].is_some_and(|v| v != self.writes);
        (u64::from(self.roles[index]) << 33) | (u64::from(stale) << 32) | u64::from(history)
    }

    /// The tasks that can run next, in queue order.
    pub fn ready(&self) -> Vec<TaskId> {
        self.run.ready().collect()
    }

    /// The state, with interchangeable tasks made indistinguishable.
    pub fn state_key(&self) -> Vec<u64> {
        let world = self.run.world();
        // Not the version: no program can see it, only whether it changed.
        let (balance, _) = world.balance_and_version();
        let mut key = vec![balance as u64];
        let (items, getters) = world.queue().contents();
        key.push(items.len() as u64);
        key.extend(items.iter().map(|&v| v as u64));
        key.push(getters as u64);
        for lock in LockName::ALL {
            let lock = world.lock(lock);
            key.push(lock.holder().map_or(u64::MAX, |t| self.task_key(t)));
            let queue = lock.queue();
            key.push(queue.len() as u64);
            for (task, handed) in queue {
                key.push(self.task_key(task));
                key.push(u64::from(handed));
            }
        }
        let mut tasks: Vec<u64> = (0..self.roles.len() as TaskId)
            .map(|t| self.task_key(t))
            .collect();
        tasks.sort_unstable();
        key.extend(tasks);
        let mut ready: Vec<u64> = self.run.ready().map(|t| self.task_key(t)).collect();
        ready.sort_unstable();
        key.push(ready.len() as u64);
        key.extend(ready);
        key
    }
}
