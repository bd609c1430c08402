//! The picture of a run at one moment, built by applying trace events one by
//! one. The page animates by applying a few events per frame; stepping is
//! applying one.

use std::collections::VecDeque;

use crate::sim::{Event, EventKind, LockName, Outcome, TaskId};

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

    pub fn label(self) -> &'static str {
        match self {
            Phase::NotStarted => "not started",
            Phase::Running => "running",
            Phase::Read => "read",
            Phase::AwaitingIo => "awaiting I/O",
            Phase::WaitingForLock => "waiting for the lock",
            Phase::HoldingLock => "holding the lock",
            Phase::Wrote => "wrote",
            Phase::WriteLost => "write lost",
            Phase::Finished => "finished",
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskView {
    pub phase: Phase,
    /// Bit i set: holds `LockName::ALL[i]`.
    pub holds: u8,
    /// The write number of this task's last write, if any.
    pub last_write: Option<u32>,
    /// The value this task last read.
    pub read_value: Option<i64>,
}

impl Default for TaskView {
    fn default() -> Self {
        Self {
            phase: Phase::NotStarted,
            holds: 0,
            last_write: None,
            read_value: None,
        }
    }
}

/// The newest write, for the banner that explains it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteFlash {
    pub task: TaskId,
    pub value: i64,
    pub read_time_ms: Option<u64>,
    /// The task and value it overwrote without having seen them.
    pub overwrote: Option<(TaskId, i64)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub time_ms: u64,
    pub task: TaskId,
    pub text: String,
    pub lost: bool,
}

/// How many log lines the page keeps.
pub const LOG_LINES: usize = 60;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Playback {
    pub tasks: Vec<TaskView>,
    pub balance: i64,
    pub now_ms: u64,
    /// Events applied so far.
    pub applied: usize,
    /// Writes overwritten by a write that never saw them, so far.
    pub overwritten: usize,
    pub writes: Vec<(TaskId, i64)>,
    pub holders: [Option<TaskId>; 3],
    pub queues: [VecDeque<TaskId>; 3],
    pub flash: Option<WriteFlash>,
    pub log: VecDeque<LogLine>,
    read_times: Vec<u64>,
}

impl Playback {
    pub fn new(tasks: u32, initial: i64) -> Self {
        Self {
            tasks: vec![TaskView::default(); tasks as usize],
            balance: initial,
            now_ms: 0,
            applied: 0,
            overwritten: 0,
            writes: Vec::new(),
            holders: [None; 3],
            queues: Default::default(),
            flash: None,
            log: VecDeque::with_capacity(LOG_LINES),
            read_times: vec![0; tasks as usize],
        }
    }

    pub fn apply(&mut self, event: &Event) {
        self.applied += 1;
        self.now_ms = event.time_ms;
        let index = event.task as usize;
        let Some(task) = self.tasks.get_mut(index) else {
            return;
        };
        let mut lost_line = false;
        match event.kind {
            EventKind::Started
            | EventKind::IoDone
            | EventKind::Retried
            | EventKind::Sent { .. }
            | EventKind::Received { .. } => {
                task.phase = if task.holds != 0 {
                    Phase::HoldingLock
                } else {
                    Phase::Running
                };
            }
            EventKind::Read { value } => {
                task.phase = Phase::Read;
                task.read_value = Some(value);
                self.read_times[index] = event.time_ms;
            }
            EventKind::IoStarted { .. } => task.phase = Phase::AwaitingIo,
            EventKind::LockRequested { lock } => {
                task.phase = Phase::WaitingForLock;
                self.queues[lock.index()].push_back(event.task);
            }
            EventKind::LockAcquired { lock } => {
                task.phase = Phase::HoldingLock;
                task.holds |= 1 << lock.index();
                let queue = &mut self.queues[lock.index()];
                if let Some(pos) = queue.iter().position(|&t| t == event.task) {
                    queue.remove(pos);
                }
                self.holders[lock.index()] = Some(event.task);
            }
            EventKind::LockReleased { lock } => {
                task.holds &= !(1 << lock.index());
                if self.holders[lock.index()] == Some(event.task) {
                    self.holders[lock.index()] = None;
                }
                if task.holds != 0 {
                    task.phase = Phase::HoldingLock;
                } else if task.phase == Phase::HoldingLock {
                    task.phase = if task.last_write.is_some() {
                        Phase::Wrote
                    } else {
                        Phase::Running
                    };
                }
            }
            EventKind::Wrote {
                value,
                write,
                overwrote,
            } => {
                task.phase = if task.holds != 0 {
                    Phase::HoldingLock
                } else {
                    Phase::Wrote
                };
                task.last_write = Some(write);
                self.balance = value;
                self.writes.push((event.task, value));
                let victim = overwrote.and_then(|w| self.writes.get(w as usize).copied());
                if let Some((victim_task, _)) = victim {
                    self.overwritten += 1;
                    lost_line = true;
                    if let Some(v) = self.tasks.get_mut(victim_task as usize) {
                        if v.last_write == overwrote && v.holds == 0 {
                            v.phase = Phase::WriteLost;
                        }
                    }
                }
                self.flash = Some(WriteFlash {
                    task: event.task,
                    value,
                    read_time_ms: Some(self.read_times[index]),
                    overwrote: victim,
                });
            }
            EventKind::Finished => {
                if !matches!(task.phase, Phase::Wrote | Phase::WriteLost) {
                    task.phase = if task.last_write.is_some() {
                        Phase::Wrote
                    } else {
                        Phase::Finished
                    };
                }
            }
        }
        if let Some(mut text) = event.article_line() {
            if let (true, Some(flash)) = (lost_line, &self.flash) {
                if let Some((victim, value)) = flash.overwrote {
                    text.push_str(&format!(" (overwrites T{}'s {value})", victim + 1));
                }
            }
            if self.log.len() == LOG_LINES {
                self.log.pop_front();
            }
            self.log.push_back(LogLine {
                time_ms: event.time_ms,
                task: event.task,
                text,
                lost: lost_line,
            });
        }
    }

    /// After the last event: the outcome's own verdict on which writes were
    /// lost (a write overwritten and then read again by the survivor is not).
    pub fn settle(&mut self, outcome: &Outcome) {
        for task in &mut self.tasks {
            if task.phase == Phase::WriteLost {
                task.phase = Phase::Wrote;
            }
        }
        for lost in &outcome.lost_writes {
            if let Some(write) = outcome.writes.get(lost.write as usize) {
                if let Some(task) = self.tasks.get_mut(write.task as usize) {
                    if task.last_write == Some(lost.write) {
                        task.phase = Phase::WriteLost;
                    }
                }
            }
        }
    }

    /// How many tasks are in each phase, in [`Phase::ALL`] order.
    pub fn phase_counts(&self) -> [usize; 9] {
        let mut counts = [0; 9];
        for task in &self.tasks {
            counts[task.phase as usize] += 1;
        }
        counts
    }

    pub fn holder(&self, lock: LockName) -> Option<TaskId> {
        self.holders[lock.index()]
    }

    pub fn queue(&self, lock: LockName) -> &VecDeque<TaskId> {
        &self.queues[lock.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Scenario, Strategy};

    fn played(scenario: &Scenario) -> (Playback, Outcome) {
        let outcome = simulate(scenario).expect("valid");
        let mut playback = Playback::new(scenario.tasks, scenario.initial);
        for event in &outcome.trace {
            playback.apply(event);
        }
        playback.settle(&outcome);
        (playback, outcome)
    }

    #[test]
    fn bank_bug_shows_four_lost_writes_and_the_clobber() {
        let (playback, outcome) = played(&Scenario::bank());
        assert_eq!(playback.balance, 1100);
        assert_eq!(playback.balance, outcome.final_balance);
        assert_eq!(playback.overwritten, 4);
        let counts = playback.phase_counts();
        assert_eq!(counts[Phase::WriteLost as usize], 4);
        assert_eq!(counts[Phase::Wrote as usize], 1);
        let flash = playback.flash.expect("a last write");
        assert!(flash.overwrote.is_some());
        assert!(playback
            .log
            .iter()
            .any(|l| l.lost && l.text.contains("overwrites")));
    }

    #[test]
    fn lock_queue_is_visible_mid_run() {
        let scenario = Scenario::bank().with_strategy(Strategy::Lock);
        let outcome = simulate(&scenario).expect("valid");
        let mut playback = Playback::new(5, 1000);
        // Up to the first I/O completion: T1 holds, T2..T5 queue in order.
        for event in outcome.trace.iter().take_while(|e| e.time_ms == 0) {
            playback.apply(event);
        }
        assert_eq!(playback.holder(LockName::Balance), Some(0));
        assert_eq!(
            playback
                .queue(LockName::Balance)
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
        assert_eq!(playback.tasks[0].phase, Phase::AwaitingIo);
        assert_eq!(playback.tasks[3].phase, Phase::WaitingForLock);
    }

    #[test]
    fn lock_run_ends_with_every_write_kept() {
        let (playback, _) = played(&Scenario::bank().with_strategy(Strategy::Lock));
        assert_eq!(playback.balance, 1500);
        assert_eq!(playback.overwritten, 0);
        assert_eq!(playback.phase_counts()[Phase::Wrote as usize], 5);
        assert_eq!(playback.holder(LockName::Balance), None);
    }

    #[test]
    fn deadlock_leaves_both_tasks_waiting_while_holding() {
        let scenario = Scenario {
            tasks: 2,
            delay_ms: 10,
            ..Scenario::article().with_strategy(Strategy::OppositeOrder)
        };
        let (playback, _) = played(&scenario);
        assert_eq!(playback.holder(LockName::A), Some(0));
        assert_eq!(playback.holder(LockName::B), Some(1));
        assert!(playback
            .tasks
            .iter()
            .all(|t| t.phase == Phase::WaitingForLock && t.holds != 0));
    }

    #[test]
    fn log_keeps_only_the_newest_lines() {
        let (playback, _) = played(&Scenario::article());
        assert_eq!(playback.log.len(), LOG_LINES);
        assert_eq!(
            playback.applied,
            simulate(&Scenario::article()).expect("valid").trace.len()
        );
    }
}
