//! Who runs next. A [`Scheduler`] picks one of the ready callbacks; the
//! executor records every pick in a [`Schedule`] that can be printed and fed
//! back to [`Replay`] to reproduce a run exactly.
//!
//! One policy per file: [`Fifo`] is asyncio's own order, [`SeededRandom`]
//! explores other interleavings, [`Replay`] plays a recorded schedule,
//! [`Order`] an order of tasks (the schedule explorer's).

use std::fmt;
use std::str::FromStr;

use super::trace::TaskId;

mod fifo;
mod order;
mod random;
mod replay;

pub use fifo::Fifo;
pub use order::{BadOrder, Order, TaskOrder, MAX_ORDER_STEPS, MAX_ORDER_TASKS};
pub use random::SeededRandom;
pub use replay::Replay;

/// The ready queue as a scheduler sees it: position 0 is the front.
pub trait ReadyQueue {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The task the callback at `position` belongs to, if there is one.
    fn task(&self, position: usize) -> Option<TaskId>;
}

pub trait Scheduler {
    /// The position in `ready` (never empty) of the callback to run next.
    fn choose(&mut self, ready: &dyn ReadyQueue) -> Result<usize, ScheduleError>;
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    /// A replayed schedule named a position the ready queue does not have:
    /// it was recorded for another scenario.
    Diverged {
        step: usize,
        position: usize,
        ready: usize,
    },
    /// A replayed order named a task that could not run at that step.
    NotReady { step: usize, task: TaskId },
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (ScheduleError::Diverged { step, .. } | ScheduleError::NotReady { step, .. }) = self;
        write!(f, "this schedule cannot run at step {}", step + 1)
    }
}

/// Every pick a run made, run-length encoded: asyncio's FIFO order of a
/// 100,000-task run is the single entry `0x300000`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    runs: Vec<(u32, u32)>,
}

impl Schedule {
    pub fn push(&mut self, position: usize) {
        let position = position as u32;
        match self.runs.last_mut() {
            Some((last, count)) if *last == position && *count < u32::MAX => *count += 1,
            _ => self.runs.push((position, 1)),
        }
    }

    /// The run-length pairs: (position, how many times in a row).
    pub fn runs(&self) -> &[(u32, u32)] {
        &self.runs
    }

    /// The picks, one per step.
    pub fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.runs
            .iter()
            .flat_map(|&(position, count)| std::iter::repeat_n(position as usize, count as usize))
    }

    pub fn steps(&self) -> usize {
        self.runs.iter().map(|&(_, count)| count as usize).sum()
    }
}

/// `0x12 3 0x5`: position 0 twelve times, position 3 once, 0 five times.
impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, &(position, count)) in self.runs.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            if count == 1 {
                write!(f, "{position}")?;
            } else {
                write!(f, "{position}x{count}")?;
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadSchedule(pub String);

impl fmt::Display for BadSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read schedule item \"{}\": expected POSITION or POSITIONxCOUNT",
            self.0
        )
    }
}

impl FromStr for Schedule {
    type Err = BadSchedule;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut schedule = Schedule::default();
        for item in text.split_whitespace() {
            let bad = || BadSchedule(item.to_owned());
            let (position, count) = match item.split_once('x') {
                Some((position, count)) => (position, count.parse::<u32>().map_err(|_| bad())?),
                None => (item, 1),
            };
            let position = position.parse::<u32>().map_err(|_| bad())?;
            if count == 0 {
                return Err(bad());
            }
            match schedule.runs.last_mut() {
                Some((last, total)) if *last == position => {
                    *total = total.checked_add(count).ok_or_else(bad)?;
                }
                _ => schedule.runs.push((position, count)),
            }
        }
        Ok(schedule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_prints_and_parses_back() {
        let mut schedule = Schedule::default();
        for position in [0, 0, 0, 2, 1, 1, 0] {
            schedule.push(position);
        }
        let text = schedule.to_string();
        assert_eq!(text, "0x3 2 1x2 0");
        let parsed: Schedule = text.parse().expect("parses");
        assert_eq!(parsed, schedule);
        assert_eq!(
            parsed.positions().collect::<Vec<_>>(),
            vec![0, 0, 0, 2, 1, 1, 0]
        );
        assert_eq!(parsed.steps(), 7);
    }

    #[test]
    fn bad_schedule_text_is_an_error() {
        for text in ["x", "1x", "ax2", "-1", "0x0", "3x99999999999"] {
            assert!(text.parse::<Schedule>().is_err(), "{text} should not parse");
        }
    }
}
