//! A run, indexed so that the page can show it at any moment.
//!
//! A [`Recording`] is built once from a run's trace. The page's playback is
//! then only a cursor: how many events have happened. Everything a frame
//! shows (each task's phase and code line, the balance, the writes lost so
//! far, the newest write, who holds each lock and who queues for it, the
//! log) is read off the index at that cursor in O(log n), or in O(k) for
//! the k events between two cursors. Nothing is copied per frame, and
//! stepping backwards costs what stepping forwards does.

mod build;
mod cell;

use std::rc::Rc;

pub use cell::{Cell, Change, Counts, Phase, Spot};

use crate::sim::account::WriteRecord;
use crate::sim::{Ending, Event, LockName, LostWrite, Outcome, TaskId};

/// A lock's history: who asked when, who got it when, when it was let go.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct LockIndex {
    /// Every acquisition: (event, task), in order.
    acquired: Vec<(u32, TaskId)>,
    released: Vec<u32>,
    /// Every request that had to queue: (request event, acquire event or
    /// `u32::MAX` if never granted, task). asyncio's lock is FIFO with no
    /// barging, so these are granted in request order.
    waits: Vec<(u32, u32, TaskId)>,
}

/// The newest write at a moment, for the banner that explains it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    pub task: TaskId,
    pub value: i64,
    /// The value it computed from, and when it read it.
    pub read_value: i64,
    pub read_time_ms: u64,
    /// The newest write this one erased, as (task, value, its credit)...
    pub erased: Option<(TaskId, i64, i64)>,
    /// ...and how many more it erased with it.
    pub also_erased: usize,
}

/// Who had read the balance and not yet written when a task read it: the
/// reason its read is stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadContext {
    /// The read's event.
    pub at: u32,
    /// How many tasks had read before it and not yet written back.
    pub pending: u32,
    /// The first two of them, in the order they read.
    pub first: [Option<TaskId>; 2],
}

/// Checkpoints of the counts, every this many events.
const CHECKPOINT: usize = 256;

/// A run, indexed for playback. Shared (`Rc`) and never changed once built.
#[derive(Debug)]
pub struct Recording {
    pub outcome: Outcome,
    /// False while a run is still going: the outcome is what has happened
    /// so far, and it has no ending yet (`outcome.ending` is `None`).
    pub ended: bool,
    /// Why the learner's program stopped before its end ("line 8: ...":
    /// an uncaught exception, or a limit of the playground), if it did.
    pub stopped: Option<String>,
    /// Tasks shown (the page caps a refused scenario's count).
    tasks: u32,
    changes: Vec<Change>,
    /// `changes[change_starts[i]..change_starts[i + 1]]` came with event i.
    change_starts: Vec<u32>,
    /// Counts before event `k * CHECKPOINT`.
    checkpoints: Vec<Counts>,
    /// The event index of each write, in write order.
    write_events: Vec<u32>,
    /// For each write, the writes it erased (the outcome's verdict).
    erased_by: Vec<Vec<u32>>,
    /// The event index at which each lost write was erased, ascending.
    lost_marks: Vec<u32>,
    locks: [LockIndex; LockName::ALL.len()],
    /// Events that make a line of the log.
    log_events: Vec<u32>,
    /// Tasks whose write is in the final balance (when writes were lost).
    survivors: Vec<TaskId>,
    /// Every read, with who was still to write back then; by event.
    reads: Vec<ReadContext>,
}

impl Recording {
    /// A run, whole once its outcome has an ending; before that, what it
    /// has done so far (lost writes are judged as if it had stopped here).
    pub fn new(outcome: Outcome) -> Self {
        let ended = outcome.ending.is_some();
        Self::build(outcome, ended)
    }

    /// The whole of a finished run (one whose outcome has its ending).
    pub fn finished(outcome: Outcome) -> Self {
        debug_assert!(outcome.ending.is_some(), "a finished run has an ending");
        Self::new(outcome)
    }

    /// The learner's program's run, which stopped for `why` (see
    /// [`Recording::stopped`]).
    pub fn stopped_by(mut self, why: String) -> Self {
        self.stopped = Some(why);
        self
    }

    /// How many events the run has.
    pub fn len(&self) -> usize {
        self.outcome.trace.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outcome.trace.is_empty()
    }

    pub fn tasks(&self) -> u32 {
        self.tasks
    }

    /// The run's ending, once it has one.
    pub fn ending(&self) -> Option<&Ending> {
        self.outcome.ending.as_ref()
    }

    /// The cell changes that event `at` made.
    pub fn changes_at(&self, at: usize) -> &[Change] {
        let (Some(&from), Some(&to)) = (self.change_starts.get(at), self.change_starts.get(at + 1))
        else {
            return &[];
        };
        &self.changes[from as usize..to as usize]
    }

    /// Where `task` stands after event `at`, if that event moved it: the
    /// line the code pane marks.
    pub fn spot_after(&self, at: usize, task: TaskId) -> Option<Spot> {
        self.changes_at(at)
            .iter()
            .rev()
            .find(|change| change.task == task)
            .map(|change| change.to.spot)
    }

    /// Every task's cell after the first `cursor` events.
    pub fn cells(&self, cursor: usize) -> Vec<Cell> {
        let mut cells = vec![Cell::START; self.tasks as usize];
        for at in 0..cursor.min(self.len()) {
            for change in self.changes_at(at) {
                cells[change.task as usize] = change.to;
            }
        }
        cells
    }

    /// How many tasks are in each phase and at each spot after `cursor` events.
    pub fn counts(&self, cursor: usize) -> Counts {
        let cursor = cursor.min(self.len());
        let Some(&start) = self.checkpoints.get(cursor / CHECKPOINT) else {
            let mut counts = Counts::default();
            counts.phases[Phase::NotStarted as usize] = self.tasks;
            counts.spots[Spot::Elsewhere as usize] = self.tasks;
            return counts;
        };
        let mut counts = start;
        for at in (cursor / CHECKPOINT) * CHECKPOINT..cursor {
            for change in self.changes_at(at) {
                counts.apply(change, true);
            }
        }
        counts
    }

    /// The virtual time after `cursor` events.
    pub fn now_ms(&self, cursor: usize) -> u64 {
        match cursor.min(self.len()) {
            0 => 0,
            n => self.outcome.trace[n - 1].time_ms,
        }
    }

    /// How many writes have landed after `cursor` events.
    pub fn writes_before(&self, cursor: usize) -> usize {
        self.write_events
            .partition_point(|&e| (e as usize) < cursor)
    }

    pub fn balance(&self, cursor: usize) -> i64 {
        match self.writes_before(cursor) {
            0 => self.outcome.scenario.initial,
            n => self.outcome.writes[n - 1].value,
        }
    }

    /// Writes known to be lost after `cursor` events.
    pub fn lost_so_far(&self, cursor: usize) -> usize {
        self.lost_marks.partition_point(|&e| (e as usize) < cursor)
    }

    /// The lost writes whose eraser has landed after `cursor` events.
    pub fn lost_writes_so_far(&self, cursor: usize) -> impl Iterator<Item = &LostWrite> + '_ {
        let landed = self.writes_before(cursor) as u32;
        self.outcome
            .lost_writes
            .iter()
            .filter(move |lost| lost.overwritten_by < landed)
    }

    pub fn write(&self, write: u32) -> Option<&WriteRecord> {
        self.outcome.writes.get(write as usize)
    }

    /// The newest write after `cursor` events, with what it erased.
    pub fn flash(&self, cursor: usize) -> Option<Flash> {
        let write = self.writes_before(cursor).checked_sub(1)?;
        let record = self.outcome.writes.get(write)?;
        let erased = self
            .erased_by
            .get(write)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let newest = erased
            .iter()
            .max()
            .and_then(|&w| self.outcome.writes.get(w as usize));
        Some(Flash {
            task: record.task,
            value: record.value,
            read_value: record.based_on.value,
            read_time_ms: record.based_on.time_ms,
            erased: newest.map(|w| (w.task, w.value, w.value - w.based_on.value)),
            also_erased: erased.len().saturating_sub(1),
        })
    }

    /// The writes that write `write` erased.
    pub fn erased_by(&self, write: u32) -> &[u32] {
        self.erased_by
            .get(write as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Whether any task ever took `lock` in this run.
    pub fn uses(&self, lock: LockName) -> bool {
        !self.locks[lock.index()].acquired.is_empty()
    }

    /// Who holds `lock` after `cursor` events.
    pub fn holder(&self, lock: LockName, cursor: usize) -> Option<TaskId> {
        let index = &self.locks[lock.index()];
        let acquired = index
            .acquired
            .partition_point(|&(e, _)| (e as usize) < cursor);
        let released = index.released.partition_point(|&e| (e as usize) < cursor);
        (acquired > released).then(|| index.acquired[acquired - 1].1)
    }

    /// The tasks queued for `lock` after `cursor` events, first in line first.
    pub fn queue(
        &self,
        lock: LockName,
        cursor: usize,
    ) -> impl ExactSizeIterator<Item = TaskId> + '_ {
        let waits = &self.locks[lock.index()].waits;
        let asked = waits.partition_point(|&(e, _, _)| (e as usize) < cursor);
        let granted = waits
            .partition_point(|&(_, e, _)| (e as usize) < cursor)
            .min(asked);
        waits[granted..asked].iter().map(|w| w.2)
    }

    /// Whether the request at event `at` had to queue (the lock was taken).
    pub fn request_queued(&self, lock: LockName, at: usize) -> bool {
        let waits = &self.locks[lock.index()].waits;
        waits.binary_search_by_key(&(at as u32), |w| w.0).is_ok()
    }

    /// How long the task that took `lock` at event `at` waited in its
    /// queue; `None` if it took the lock free, without waiting.
    pub fn waited(&self, lock: LockName, at: usize) -> Option<u64> {
        let waits = &self.locks[lock.index()].waits;
        // Granted in request order, so the grants ascend too (never-granted last).
        let found = waits.binary_search_by_key(&(at as u32), |w| w.1).ok()?;
        let asked = self.event(waits[found].0 as usize)?.time_ms;
        Some(self.event(at)?.time_ms.saturating_sub(asked))
    }

    /// Who was still to write back when the read at event `at` happened.
    pub fn read_context(&self, at: usize) -> Option<&ReadContext> {
        let found = self
            .reads
            .binary_search_by_key(&(at as u32), |r| r.at)
            .ok()?;
        self.reads.get(found)
    }

    /// The newest `count` log events before `cursor`, oldest first.
    pub fn log(&self, cursor: usize, count: usize) -> &[u32] {
        let end = self.log_events.partition_point(|&e| (e as usize) < cursor);
        &self.log_events[end.saturating_sub(count)..end]
    }

    /// The tasks whose writes stood at the end, when some were lost.
    pub fn survivors(&self) -> &[TaskId] {
        &self.survivors
    }

    pub fn event(&self, at: usize) -> Option<&Event> {
        self.outcome.trace.get(at)
    }
}

/// A shared recording, compared by identity: one run is one `Rc`.
#[derive(Clone, Debug)]
pub struct Shared(pub Rc<Recording>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Shared {
    type Target = Recording;

    fn deref(&self) -> &Recording {
        &self.0
    }
}

#[cfg(test)]
mod tests;
