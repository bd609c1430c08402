//! Every order a learner's program can run in: schedules that can be
//! printed and replayed (a list of picks, one per point where more than
//! one task was ready), and a depth-first walk over all of them by replay.
//! The brute force the explorer of part 2 is checked against.

use std::cell::RefCell;
use std::rc::Rc;

use super::aio::Chooser;
use super::{run_chosen, Limits, ProgramRun};
use crate::py::PyError;

/// One choice made: the pick, out of how many ready tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub pick: usize,
    pub of: usize,
}

/// Follows `schedule`, then asyncio's own order (the first ready task),
/// and records every choice it made.
pub struct Replay {
    schedule: Vec<usize>,
    made: Rc<RefCell<Vec<Choice>>>,
}

impl Replay {
    pub fn new(schedule: Vec<usize>) -> (Replay, Rc<RefCell<Vec<Choice>>>) {
        let made = Rc::new(RefCell::new(Vec::new()));
        let replay = Replay {
            schedule,
            made: Rc::clone(&made),
        };
        (replay, made)
    }
}

impl Chooser for Replay {
    fn choose(&mut self, _: &super::interp::Interp, ready: &[u32]) -> Option<usize> {
        let mut made = self.made.borrow_mut();
        let pick = self
            .schedule
            .get(made.len())
            .copied()
            .unwrap_or(0)
            .min(ready.len().saturating_sub(1));
        made.push(Choice {
            pick,
            of: ready.len(),
        });
        Some(pick)
    }
}

/// Runs `source` once in every order, calling `each` with the schedule and
/// the run; stops after `most` runs. Returns how many runs there were.
pub fn every_order(
    source: &str,
    limits: Limits,
    most: usize,
    mut each: impl FnMut(&[usize], &ProgramRun),
) -> Result<usize, PyError> {
    let mut schedule: Vec<usize> = Vec::new();
    let mut runs = 0;
    loop {
        let (replay, made) = Replay::new(schedule.clone());
        let ran = run_chosen(source, limits, Box::new(replay))?;
        let made = made.borrow().clone();
        let picks: Vec<usize> = made.iter().map(|c| c.pick).collect();
        each(&picks, &ran);
        runs += 1;
        if runs >= most {
            return Ok(runs);
        }
        // The next schedule: the last choice with an untried option, moved on.
        let Some(last) = made.iter().rposition(|c| c.pick + 1 < c.of) else {
            return Ok(runs);
        };
        schedule = picks[..last].to_vec();
        schedule.push(made[last].pick + 1);
    }
}
