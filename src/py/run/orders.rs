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

/// Where a run made by [`Stepper`] stopped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stepped {
    /// The picks followed.
    pub made: usize,
    /// The run stopped for the next pick: the ready tasks (the program's
    /// ids, in the order asyncio would run them). `None`: it ran to its
    /// end, or a pick could not be followed.
    pub ready: Option<Vec<u32>>,
    /// At that stop, the line each task (by id) stands on.
    pub lines: Vec<u32>,
    /// A pick that named no ready task: its number, and how many were ready.
    pub bad: Option<Choice>,
    /// The task the last pick followed ran, and how many trace events
    /// there were before it did: what the pick made it do comes after.
    pub last: Option<(u32, usize)>,
    /// The line that task's step stopped on, if another step (chosen or
    /// not) came after it: later steps of its own, run when it was the
    /// only task ready, may have moved it on since.
    pub last_stopped_on: Option<u32>,
    /// The steps that ran after the last pick's because only one task was
    /// ready: each task, and how many trace events there were before it.
    pub alone: Vec<(u32, usize)>,
    /// How many trace events there were at the stop for the next pick.
    pub stopped_at: Option<usize>,
}

impl Stepped {
    /// Where each step since the last pick's begins in the trace, and
    /// where the last ends (`events`: the trace's length if the run ended):
    /// (task, first event, end).
    pub fn steps_since_pick(&self, events: usize) -> Vec<(u32, usize, usize)> {
        let Some((task, before)) = self.last else {
            return Vec::new();
        };
        let starts: Vec<(u32, usize)> = std::iter::once((task, before))
            .chain(self.alone.iter().copied())
            .collect();
        let end = self.stopped_at.unwrap_or(events);
        (starts.iter().enumerate())
            .map(|(at, &(task, start))| {
                let next = starts.get(at + 1).map_or(end, |&(_, next)| next);
                (task, start, next.max(start))
            })
            .collect()
    }
}

/// Follows `picks` exactly, then stops the run at the next point where
/// more than one task is ready: the learner, as the scheduler, picks
/// there. Unlike [`Replay`], a pick out of range is refused, not clamped.
pub struct Stepper {
    picks: Vec<usize>,
    stepped: Rc<RefCell<Stepped>>,
}

impl Stepper {
    pub fn new(picks: Vec<usize>) -> (Stepper, Rc<RefCell<Stepped>>) {
        let stepped = Rc::new(RefCell::new(Stepped::default()));
        let stepper = Stepper {
            picks,
            stepped: Rc::clone(&stepped),
        };
        (stepper, stepped)
    }

    /// A step is about to run: the last pick's step, if it was the one
    /// just made, has stopped where it stands now.
    fn note_stop(&mut self, interp: &super::interp::Interp) {
        let mut stepped = self.stepped.borrow_mut();
        if let (Some((task, _)), None) = (stepped.last, stepped.last_stopped_on) {
            stepped.last_stopped_on = Some(interp.rt.stopped_on(task));
        }
    }
}

impl Chooser for Stepper {
    fn forced(&mut self, interp: &super::interp::Interp, task: u32) {
        self.note_stop(interp);
        let mut stepped = self.stepped.borrow_mut();
        if stepped.last.is_some() {
            let events = interp.recorder.borrow().events.len();
            stepped.alone.push((task, events));
        }
    }

    fn choose(&mut self, interp: &super::interp::Interp, ready: &[u32]) -> Option<usize> {
        self.note_stop(interp);
        let mut stepped = self.stepped.borrow_mut();
        match self.picks.get(stepped.made) {
            Some(&pick) if pick < ready.len() => {
                stepped.made += 1;
                stepped.last = Some((ready[pick], interp.recorder.borrow().events.len()));
                stepped.last_stopped_on = None;
                stepped.alone.clear();
                Some(pick)
            }
            Some(&pick) => {
                stepped.bad = Some(Choice {
                    pick,
                    of: ready.len(),
                });
                None
            }
            None => {
                stepped.stopped_at = Some(interp.recorder.borrow().events.len());
                let tasks = interp.rt.tasks.borrow().len() as u32;
                stepped.lines = (0..tasks).map(|id| interp.rt.stopped_on(id)).collect();
                stepped.ready = Some(ready.to_vec());
                None
            }
        }
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
