//! Building a [`Recording`]: one pass over the trace that replays each
//! task's phase and code line, and notes every change, lock hand-over,
//! write and loss by the event that caused it.

use super::{Cell, Change, Counts, Phase, ReadContext, Recording, Spot, CHECKPOINT};
use crate::sim::{Event, EventKind, Outcome, TaskId};

/// A task's state while the index is built.
#[derive(Clone, Copy)]
struct Building {
    cell: Cell,
    holds: u8,
    last_write: Option<u32>,
    lost: bool,
    /// The event of its read, while it has not written back.
    pending_read: Option<u32>,
}

impl Building {
    /// What a task that has written shows: its write, kept or lost.
    fn written(&self) -> Phase {
        if self.lost {
            Phase::WriteLost
        } else {
            Phase::Wrote
        }
    }

    /// The `async with` line it is at: the first, or (holding a lock
    /// already) the second; queued there, or through.
    fn lock_spot(&self, queued: bool) -> Spot {
        match (self.holds != 0, queued) {
            (false, false) => Spot::FirstLock,
            (true, false) => Spot::SecondLock,
            (false, true) => Spot::FirstLockQueued,
            (true, true) => Spot::SecondLockQueued,
        }
    }
}

impl Recording {
    pub(super) fn build(outcome: Outcome, ended: bool) -> Self {
        let tasks = outcome.scenario.total_tasks();
        let mut erased_by = vec![Vec::new(); outcome.writes.len()];
        for lost in &outcome.lost_writes {
            if let Some(list) = erased_by.get_mut(lost.overwritten_by as usize) {
                list.push(lost.write);
            }
        }
        let mut index = Self {
            tasks,
            changes: Vec::with_capacity(outcome.trace.len() + outcome.lost_writes.len()),
            change_starts: Vec::with_capacity(outcome.trace.len() + 1),
            checkpoints: Vec::new(),
            write_events: Vec::with_capacity(outcome.writes.len()),
            erased_by,
            lost_marks: Vec::with_capacity(outcome.lost_writes.len()),
            locks: Default::default(),
            log_events: Vec::new(),
            survivors: Vec::new(),
            reads: Vec::new(),
            outcome,
            ended,
            stopped: None,
        };
        index.index_events();
        index
    }

    fn index_events(&mut self) {
        let mut states = vec![
            Building {
                cell: Cell::START,
                holds: 0,
                last_write: None,
                lost: false,
                pending_read: None,
            };
            self.tasks as usize
        ];
        let mut pending = PendingReads::default();
        let mut counts = Counts::default();
        counts.phases[Phase::NotStarted as usize] = self.tasks;
        counts.spots[Spot::Elsewhere as usize] = self.tasks;
        let mut writers: Vec<TaskId> = Vec::with_capacity(self.outcome.writes.len());
        let trace = std::mem::take(&mut self.outcome.trace);
        for (at, event) in trace.iter().enumerate() {
            if at % CHECKPOINT == 0 {
                self.checkpoints.push(counts);
            }
            self.change_starts.push(self.changes.len() as u32);
            let at = at as u32;
            let first_change = self.changes.len();
            self.index_event(at, event, &trace, &mut states, &mut writers);
            self.note_pending(at, event, &mut states, &mut pending);
            for change in &self.changes[first_change..] {
                counts.apply(change, true);
            }
            if log_worthy(event) && !self.took_free_lock(at as usize, &trace) {
                self.log_events.push(at);
            }
        }
        self.change_starts.push(self.changes.len() as u32);
        self.outcome.trace = trace;
        if !self.outcome.lost_writes.is_empty() {
            self.survivors = (0..self.tasks)
                .filter(|&t| states[t as usize].cell.phase == Phase::Wrote)
                .collect();
        }
    }

    fn index_event(
        &mut self,
        at: u32,
        event: &Event,
        trace: &[Event],
        states: &mut [Building],
        writers: &mut Vec<TaskId>,
    ) {
        let Some(task) = states.get(event.task as usize).copied() else {
            return;
        };
        let mut next = task;
        let running = |t: &Building| {
            if t.holds != 0 {
                Phase::HoldingLock
            } else {
                Phase::Running
            }
        };
        match event.kind {
            EventKind::Started => {
                next.cell = Cell {
                    phase: running(&task),
                    spot: Spot::Elsewhere,
                }
            }
            EventKind::IoDone => next.cell.phase = running(&task),
            EventKind::Retried | EventKind::Sent { .. } | EventKind::Received { .. } => {
                next.cell = Cell {
                    phase: running(&task),
                    spot: Spot::Elsewhere,
                }
            }
            EventKind::Read { .. } => {
                next.cell = Cell {
                    phase: Phase::Read,
                    spot: Spot::Read,
                }
            }
            EventKind::IoStarted { .. } => {
                next.cell = Cell {
                    phase: Phase::AwaitingIo,
                    spot: Spot::Io,
                }
            }
            EventKind::LockRequested { lock } => {
                // Granted by the very next event: the lock was free.
                let granted_now = trace.get(at as usize + 1).is_some_and(|e| {
                    e.task == event.task && e.kind == EventKind::LockAcquired { lock }
                });
                // A free lock does not make asyncio wait: the task is not
                // counted waiting (the lock row shows no queue either).
                next.cell = Cell {
                    phase: if granted_now {
                        running(&task)
                    } else {
                        Phase::WaitingForLock
                    },
                    spot: task.lock_spot(!granted_now),
                };
                if !granted_now {
                    self.locks[lock.index()]
                        .waits
                        .push((at, u32::MAX, event.task));
                }
            }
            EventKind::LockAcquired { lock } => {
                next.cell = Cell {
                    phase: Phase::HoldingLock,
                    spot: task.lock_spot(false),
                };
                next.holds |= 1 << lock.index();
                let index = &mut self.locks[lock.index()];
                index.acquired.push((at, event.task));
                if let Some(wait) = index.waits.iter_mut().rev().find(|w| w.2 == event.task) {
                    if wait.1 == u32::MAX {
                        wait.1 = at;
                    }
                }
            }
            EventKind::LockReleased { lock } => {
                next.holds &= !(1 << lock.index());
                self.locks[lock.index()].released.push(at);
                next.cell.spot = Spot::Elsewhere;
                if next.holds != 0 {
                    next.cell.phase = Phase::HoldingLock;
                } else if task.cell.phase == Phase::HoldingLock {
                    next.cell.phase = if task.last_write.is_some() {
                        task.written()
                    } else {
                        Phase::Running
                    };
                }
            }
            EventKind::Wrote { write, .. } => {
                next.lost = false;
                next.last_write = Some(write);
                next.cell = Cell {
                    phase: if task.holds != 0 {
                        Phase::HoldingLock
                    } else {
                        Phase::Wrote
                    },
                    spot: Spot::Write,
                };
                self.write_events.push(at);
                writers.push(event.task);
                self.mark_erased(at, write, states, writers);
            }
            EventKind::Finished => {
                next.cell = Cell {
                    phase: if task.last_write.is_some() {
                        task.written()
                    } else {
                        Phase::Finished
                    },
                    spot: Spot::Done,
                };
            }
        }
        self.change(event.task, &task, &next, states);
    }

    /// A request for a lock that was free is granted by the very next event:
    /// the log leaves it out, as asyncio does not wait there.
    fn took_free_lock(&self, at: usize, trace: &[Event]) -> bool {
        let Some(event) = trace.get(at) else {
            return false;
        };
        let EventKind::LockRequested { lock } = event.kind else {
            return false;
        };
        // A request that queued is the newest wait on that lock.
        self.locks[lock.index()]
            .waits
            .last()
            .is_none_or(|w| w.0 as usize != at)
    }

    /// Keeps the set of reads not yet written back, and notes at each read
    /// who was in it.
    fn note_pending(
        &mut self,
        at: u32,
        event: &Event,
        states: &mut [Building],
        pending: &mut PendingReads,
    ) {
        let task = event.task as usize;
        if task >= states.len() {
            return;
        }
        // A read, a write, a retry or the end closes the task's pending read.
        let closes = matches!(
            event.kind,
            EventKind::Read { .. }
                | EventKind::Wrote { .. }
                | EventKind::Retried
                | EventKind::Finished
        );
        if closes && states[task].pending_read.take().is_some() {
            pending.live -= 1;
        }
        if let EventKind::Read { .. } = event.kind {
            self.reads.push(ReadContext {
                at,
                pending: pending.live,
                first: pending.first_two(states),
            });
            pending.order.push((at, event.task));
            pending.live += 1;
            states[task].pending_read = Some(at);
        }
    }

    /// The writes that write `write` (event `at`) erased become lost now.
    fn mark_erased(&mut self, at: u32, write: u32, states: &mut [Building], writers: &[TaskId]) {
        let victims = self
            .erased_by
            .get(write as usize)
            .cloned()
            .unwrap_or_default();
        for victim in victims {
            self.lost_marks.push(at);
            let Some(&victim_task) = writers.get(victim as usize) else {
                continue;
            };
            let Some(before) = states.get(victim_task as usize).copied() else {
                continue;
            };
            if before.last_write != Some(victim) || before.lost {
                continue;
            }
            let mut after = before;
            after.lost = true;
            if before.cell.phase == Phase::Wrote {
                after.cell.phase = Phase::WriteLost;
            }
            self.change(victim_task, &before, &after, states);
        }
    }

    fn change(
        &mut self,
        task: TaskId,
        before: &Building,
        after: &Building,
        states: &mut [Building],
    ) {
        if before.cell != after.cell {
            self.changes.push(Change {
                task,
                from: before.cell,
                to: after.cell,
            });
        }
        states[task as usize] = *after;
    }
}

/// The events the log shows (the others are implied by their neighbours).
fn log_worthy(event: &Event) -> bool {
    !matches!(
        event.kind,
        EventKind::Started | EventKind::IoDone | EventKind::Finished
    )
}

/// Reads not yet written back, in read order. An entry is still pending
/// while its task's `pending_read` is that read; entries that are not are
/// skipped, and swept out once they pile up. (A `BTreeSet` would do, at a
/// few kilobytes more of download.)
#[derive(Default)]
struct PendingReads {
    /// (read event, task), oldest first, the written-back ones included.
    order: Vec<(u32, TaskId)>,
    /// How many are still pending.
    live: u32,
}

impl PendingReads {
    /// The two oldest pending reads' tasks.
    fn first_two(&mut self, states: &[Building]) -> [Option<TaskId>; 2] {
        let pending = |&(at, task): &(u32, TaskId)| {
            states.get(task as usize).and_then(|s| s.pending_read) == Some(at)
        };
        let mut first = [None, None];
        let mut found = 0;
        let mut skipped = 0;
        for entry in &self.order {
            if pending(entry) {
                first[found] = Some(entry.1);
                found += 1;
                if found == 2 {
                    break;
                }
            } else {
                skipped += 1;
            }
        }
        // Sweeping costs the whole list; doing it only past a pile keeps
        // the cost per event small at 10,000 tasks.
        if skipped > 32 {
            self.order.retain(pending);
        }
        first
    }
}
