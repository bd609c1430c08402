//! The picture of a run at one moment, built by applying trace events one by
//! one. The page animates by applying a few events per frame; stepping is
//! applying one.

use std::collections::VecDeque;
use std::rc::Rc;

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
            Phase::WaitingForLock => "waiting for a lock",
            Phase::HoldingLock => "holding a lock",
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
    /// Its last write was overwritten and its credit is missing.
    pub lost: bool,
}

impl TaskView {
    /// What a task that has written shows: its write, kept or lost.
    fn written(&self) -> Phase {
        if self.lost {
            Phase::WriteLost
        } else {
            Phase::Wrote
        }
    }
}

impl Default for TaskView {
    fn default() -> Self {
        Self {
            phase: Phase::NotStarted,
            holds: 0,
            last_write: None,
            read_value: None,
            lost: false,
        }
    }
}

/// The newest write, for the banner that explains it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteFlash {
    pub task: TaskId,
    pub value: i64,
    pub read_time_ms: Option<u64>,
    /// The newest write this one erased (task and value), if any...
    pub overwrote: Option<(TaskId, i64)>,
    /// ...and how many more it erased with it.
    pub also_erased: usize,
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
    /// Writes known to be lost so far.
    pub lost: usize,
    pub writes: Vec<(TaskId, i64)>,
    pub holders: [Option<TaskId>; 3],
    pub queues: [VecDeque<TaskId>; 3],
    pub flash: Option<WriteFlash>,
    pub log: VecDeque<LogLine>,
    read_times: Vec<u64>,
    /// For a run whose outcome is known: the writes each write erased
    /// (indexed by write number), from the outcome's own verdict.
    erased_by: Option<Rc<Vec<Vec<u32>>>>,
}

impl Playback {
    /// A playback of a run still happening (real timers): a write counts as
    /// lost when a later write replaces it unseen; [`Playback::settle`]
    /// corrects that at the end.
    pub fn new(tasks: u32, initial: i64) -> Self {
        Self {
            tasks: vec![TaskView::default(); tasks as usize],
            balance: initial,
            now_ms: 0,
            applied: 0,
            lost: 0,
            writes: Vec::new(),
            holders: [None; 3],
            queues: Default::default(),
            flash: None,
            log: VecDeque::with_capacity(LOG_LINES),
            read_times: vec![0; tasks as usize],
            erased_by: None,
        }
    }

    /// A playback of a finished simulation: each write is marked lost at the
    /// moment the write that erased it lands, exactly as the outcome says.
    pub fn of(outcome: &Outcome, tasks: u32) -> Self {
        let mut erased_by = vec![Vec::new(); outcome.writes.len()];
        for lost in &outcome.lost_writes {
            if let Some(list) = erased_by.get_mut(lost.overwritten_by as usize) {
                list.push(lost.write);
            }
        }
        Self {
            erased_by: Some(Rc::new(erased_by)),
            ..Self::new(tasks, outcome.scenario.initial)
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
                        task.written()
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
                task.lost = false;
                task.phase = if task.holds != 0 {
                    Phase::HoldingLock
                } else {
                    Phase::Wrote
                };
                task.last_write = Some(write);
                self.balance = value;
                self.writes.push((event.task, value));
                // Which earlier writes this one erased: the outcome's verdict
                // when it is known, else what can be seen now.
                let erased: Vec<u32> = match &self.erased_by {
                    Some(erased_by) => erased_by.get(write as usize).cloned().unwrap_or_default(),
                    None => overwrote.into_iter().collect(),
                };
                for &victim in &erased {
                    let Some(&(victim_task, _)) = self.writes.get(victim as usize) else {
                        continue;
                    };
                    let Some(v) = self.tasks.get_mut(victim_task as usize) else {
                        continue;
                    };
                    if v.last_write == Some(victim) && !v.lost {
                        v.lost = true;
                        if v.phase == Phase::Wrote {
                            v.phase = Phase::WriteLost;
                        }
                    }
                    self.lost += 1;
                }
                lost_line = !erased.is_empty();
                let newest = erased
                    .iter()
                    .max()
                    .and_then(|w| self.writes.get(*w as usize).copied());
                self.flash = Some(WriteFlash {
                    task: event.task,
                    value,
                    read_time_ms: Some(self.read_times[index]),
                    overwrote: newest,
                    also_erased: erased.len().saturating_sub(1),
                });
            }
            EventKind::Finished => {
                task.phase = if task.last_write.is_some() {
                    task.written()
                } else {
                    Phase::Finished
                };
            }
        }
        if let Some(mut text) = event.article_line() {
            if let (true, Some(flash)) = (lost_line, &self.flash) {
                if let Some((victim, value)) = flash.overwrote {
                    text.push_str(&format!(" (erases T{}'s {value}", victim + 1));
                    if flash.also_erased > 0 {
                        text.push_str(&format!(" and {} more", flash.also_erased));
                    }
                    text.push(')');
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
            task.lost = false;
        }
        for lost in &outcome.lost_writes {
            let Some(write) = outcome.writes.get(lost.write as usize) else {
                continue;
            };
            if let Some(task) = self.tasks.get_mut(write.task as usize) {
                task.lost |= task.last_write == Some(lost.write);
            }
        }
        for task in &mut self.tasks {
            if matches!(task.phase, Phase::Wrote | Phase::WriteLost) {
                task.phase = task.written();
            }
        }
        self.lost = outcome.lost_count();
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
        let mut playback = Playback::of(&outcome, scenario.total_tasks());
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
        assert_eq!(playback.lost, 4);
        let counts = playback.phase_counts();
        assert_eq!(counts[Phase::WriteLost as usize], 4);
        assert_eq!(counts[Phase::Wrote as usize], 1);
        let flash = playback.flash.expect("a last write");
        assert!(flash.overwrote.is_some());
        assert!(playback
            .log
            .iter()
            .any(|l| l.lost && l.text.contains("(erases T")));
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
        assert_eq!(playback.lost, 0);
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
        let (playback, outcome) = played(&Scenario::article());
        assert_eq!(playback.log.len(), LOG_LINES);
        let lines: Vec<String> = outcome
            .trace
            .iter()
            .filter_map(|e| e.article_line())
            .collect();
        let last = playback.log.back().expect("a line");
        assert!(
            last.text.starts_with(&lines[lines.len() - 1]),
            "{}",
            last.text
        );
        let first = playback.log.front().expect("a line");
        assert!(
            first.text.starts_with(&lines[lines.len() - LOG_LINES]),
            "{}",
            first.text
        );
    }

    /// Marks made while playing (before `settle`) are the outcome's verdict:
    /// a write overwritten and later read again by the surviving write is
    /// not lost. Checked across many jittered interleavings.
    #[test]
    fn lost_marks_while_playing_match_the_outcome() {
        let mut resurrections = 0;
        for seed in 0..300 {
            let scenario = Scenario {
                tasks: 6,
                jitter_ms: 80,
                seed,
                starts: Some((0..6).map(|i| (i * seed) % 70).collect()),
                ..Scenario::bank()
            };
            let outcome = simulate(&scenario).expect("valid");
            let mut playback = Playback::of(&outcome, scenario.tasks);
            let mut live = Playback::new(scenario.tasks, scenario.initial);
            for event in &outcome.trace {
                playback.apply(event);
                live.apply(event);
            }
            assert_eq!(playback.lost, outcome.lost_count(), "seed {seed}");
            let marked = playback.tasks.iter().filter(|t| t.lost).count();
            assert_eq!(marked, outcome.lost_count(), "seed {seed}");
            resurrections += usize::from(live.lost != outcome.lost_count());
            // A live playback settles on the same verdict.
            live.settle(&outcome);
            assert_eq!(live.phase_counts(), playback.phase_counts(), "seed {seed}");
        }
        assert!(
            resurrections > 0,
            "some runs overwrite a write that survives after all"
        );
    }
}
