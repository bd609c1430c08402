//! Every schedule of a learner's program: how many there are, and how
//! many end in each outcome, counted exactly, with a schedule that shows
//! each outcome (the shortest found).
//!
//! ```
//! use racecourse::py::run::explore::{Explorer, Outcome};
//! use racecourse::py::run::{Limits, Mode};
//!
//! let program = "
//! import asyncio
//! balance = 0
//! async def credit():
//!     global balance
//!     current = balance
//!     await asyncio.sleep(0.1)
//!     balance = current + 1
//! async def main():
//!     await asyncio.gather(*[credit() for _ in range(3)])
//! asyncio.run(main())
//! ";
//! let mut explorer = Explorer::new(program, Limits::default(), Mode::default(), None).unwrap();
//! let all = explorer.finish().unwrap();
//! assert_eq!(all.total().to_string(), "90"); // as the engine counts its own program
//! let right = Outcome::Values(vec![("balance".into(), "3".into())]);
//! assert_eq!(all.count(&right).to_string(), "6"); // 6 of 90 are right
//! ```
//!
//! # How
//!
//! A *schedule* is the list of choices made wherever more than one task was
//! ready ([`super::orders`]: the same schedules, walked by brute force).
//! The explorer walks them depth first, replaying each from the start,
//! and at every choice computes the program's state key ([`super::key`]).
//! A state met before is not walked again: its outcomes are known and are
//! added (memoized counting, post-order). So the cost is about the
//! distinct states times the tasks ready in each, times a replay.
//!
//! A state met again on the path that leads to it is a loop (a task that
//! retries for ever): that schedule is counted once as
//! [`Outcome::Unfinished`], as is one longer than [`MAX_CHOICES`].
//! Counts that pass through such a loop are counts of schedules cut at
//! the loop, not of all schedules.

use std::cell::RefCell;
use std::rc::Rc;

use super::aio::Chooser;
use super::hash::FastMap;
use super::interp::{Interp, Limits};
use super::key::{state_key, Key};
use super::{run_parsed, Ending, Mode, ProgramRun};
use crate::py::ast::Module;
use crate::py::PyError;
use crate::sim::explore::Count;
use crate::sim::rng::SeededRng;

/// Choices in one schedule beyond which it is counted as unfinished.
pub const MAX_CHOICES: usize = 2_000;

/// How a schedule of the program ends.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// It completed: the module's variables at the end (`repr` of each),
    /// the watched one first, then by name.
    Values(Vec<(String, String)>),
    /// Every task waits and nothing can wake one.
    Deadlock,
    /// An exception nothing caught, and its line.
    Exception { message: String, line: u32 },
    /// The playground stopped it (an endless loop, a limit).
    Stopped { message: String, line: u32 },
    /// It loops for ever, or ran past [`MAX_CHOICES`].
    Unfinished,
    /// Where a goal is checked ([`Mode::goal_checked`]): it ended so, and
    /// on the way a write was based on a value another write had replaced.
    LostUpdate(Box<Outcome>),
}

impl Outcome {
    /// The outcome of a finished run; `watched` first among the values.
    pub fn of(run: &ProgramRun, watched: Option<&str>) -> Outcome {
        match &run.ending {
            Ending::Completed => {
                let mut values = run.globals.clone();
                if let Some(at) = watched.and_then(|w| values.iter().position(|(n, _)| n == w)) {
                    let first = values.remove(at);
                    values.insert(0, first);
                }
                Outcome::Values(values)
            }
            Ending::Forever => Outcome::Deadlock,
            Ending::Exception { message, line } => Outcome::Exception {
                message: message.clone(),
                line: *line,
            },
            Ending::Stopped { message, line } => Outcome::Stopped {
                message: message.clone(),
                line: *line,
            },
        }
    }

    /// As [`Outcome::of`], marked where `mode` checks a goal and the run
    /// lost an update.
    pub fn of_mode(run: &ProgramRun, watched: Option<&str>, mode: Mode) -> Outcome {
        let outcome = Outcome::of(run, watched);
        if mode.goal_checked && !run.lost().is_empty() {
            Outcome::LostUpdate(Box::new(outcome))
        } else {
            outcome
        }
    }

    /// The ending, without the lost-update mark.
    pub fn ending(&self) -> &Outcome {
        match self {
            Outcome::LostUpdate(outcome) => outcome.ending(),
            outcome => outcome,
        }
    }

    /// Whether an update was lost on the way (known where a goal is checked).
    pub fn lost_update(&self) -> bool {
        matches!(self, Outcome::LostUpdate(_))
    }

    /// The first value of a completed run (the watched variable's).
    pub fn first_value(&self) -> Option<&str> {
        match self.ending() {
            Outcome::Values(values) => values.first().map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// One outcome's share: how many schedules, and the shortest found.
#[derive(Clone, Debug)]
struct Share {
    outcome: u32,
    count: Count,
    schedule: Rc<[u32]>,
}

/// Adds `more` into `into`, outcome by outcome, keeping the shorter schedule.
fn merge(into: &mut Vec<Share>, more: &[Share]) {
    for share in more {
        match into.iter_mut().find(|s| s.outcome == share.outcome) {
            Some(known) => {
                known.count.add(&share.count);
                if share.schedule.len() < known.schedule.len() {
                    known.schedule = Rc::clone(&share.schedule);
                }
            }
            None => into.push(share.clone()),
        }
    }
}

/// A point of the path being walked.
struct Node {
    key: Key,
    of: u32,
    pick: u32,
    shares: Vec<Share>,
}

/// Why a replay ended before the program did.
enum Cut {
    Known(Rc<[Share]>),
    Loop,
    TooLong,
}

/// What the walk and the replay share.
#[derive(Default)]
struct Known {
    /// Each state's shares once walked; `None` while it is on the path.
    memo: FastMap<Key, Option<Rc<[Share]>>>,
    /// Filled by a replay: every pick made, the new points, and the cut.
    made: Vec<u32>,
    new: Vec<(Key, u32)>,
    cut: Option<Cut>,
}

/// Follows `prefix`, then goes on with first picks, stopping at a known state.
struct Walk {
    known: Rc<RefCell<Known>>,
    prefix: Vec<u32>,
}

impl Chooser for Walk {
    fn choose(&mut self, interp: &Interp, ready: &[u32]) -> Option<usize> {
        let mut known = self.known.borrow_mut();
        let at = known.made.len();
        if let Some(&pick) = self.prefix.get(at) {
            known.made.push(pick);
            return Some(pick as usize);
        }
        if at >= MAX_CHOICES {
            known.cut = Some(Cut::TooLong);
            return None;
        }
        let key = state_key(interp);
        if let Some(walked) = known.memo.get(&key) {
            known.cut = Some(match walked {
                Some(shares) => Cut::Known(Rc::clone(shares)),
                None => Cut::Loop,
            });
            return None;
        }
        known.memo.insert(key, None);
        known.new.push((key, ready.len() as u32));
        known.made.push(0);
        Some(0)
    }
}

/// Every outcome with its count, and a schedule for each.
#[derive(Clone, Debug)]
pub struct Outcomes {
    /// Outcome, schedules ending in it, the shortest schedule found.
    pub all: Vec<(Outcome, Count, Rc<[u32]>)>,
    /// Distinct states walked.
    pub states: u64,
    /// Replays made.
    pub runs: u64,
    /// The most times a task suspended in one hold of a lock, in any
    /// schedule walked (where a goal is checked; else 0).
    pub most_awaits_in_lock: u32,
}

impl Outcomes {
    /// Outcomes tallied from schedules drawn at random (`draws`: each
    /// outcome with its picks), the first picks kept for each.
    pub fn tallied(draws: &[(Outcome, Vec<u32>)], most_awaits_in_lock: u32) -> Outcomes {
        let mut all: Vec<(Outcome, Count, Rc<[u32]>)> = Vec::new();
        for (outcome, picks) in draws {
            match all.iter_mut().find(|(o, _, _)| o == outcome) {
                Some((_, count, _)) => count.add(&Count::one()),
                None => all.push((outcome.clone(), Count::one(), Rc::from(picks.as_slice()))),
            }
        }
        Outcomes {
            all: in_order(all),
            states: 0,
            runs: draws.len() as u64,
            most_awaits_in_lock,
        }
    }

    pub fn total(&self) -> Count {
        let mut total = Count::zero();
        for (_, count, _) in &self.all {
            total.add(count);
        }
        total
    }

    pub fn count(&self, outcome: &Outcome) -> Count {
        self.all
            .iter()
            .find(|(o, _, _)| o == outcome)
            .map_or_else(Count::zero, |(_, c, _)| c.clone())
    }
}

/// Outcomes in their order (values, deadlock, exceptions, stops, loops).
fn in_order(all: Vec<(Outcome, Count, Rc<[u32]>)>) -> Vec<(Outcome, Count, Rc<[u32]>)> {
    let order = super::stable_order(all.len(), &mut |a, b| all[a].0 < all[b].0);
    order.into_iter().map(|at| all[at].clone()).collect()
}

/// Why the explorer stopped without counting everything.
#[derive(Clone, Debug, PartialEq)]
pub enum NotCounted {
    /// More states than the budget.
    States(u64),
}

/// The walk, one replay at a time (so the page can run it in slices).
pub struct Explorer {
    module: Rc<Module>,
    limits: Limits,
    mode: Mode,
    watched: Option<String>,
    /// Every outcome met, numbered in order (few: found by a look).
    outcomes: Vec<Outcome>,
    known: Rc<RefCell<Known>>,
    path: Vec<Node>,
    runs: u64,
    most_awaits_in_lock: u32,
    /// The picks of a replay that reached `most_awaits_in_lock`.
    awaits_witness: Rc<[u32]>,
    /// States beyond which it gives up.
    pub max_states: usize,
    finished: Option<Result<Vec<Share>, NotCounted>>,
}

impl Explorer {
    /// An explorer of `source` (which must parse), run in `mode`, its
    /// outcomes naming `watched` first.
    pub fn new(
        source: &str,
        limits: Limits,
        mode: Mode,
        watched: Option<&str>,
    ) -> Result<Explorer, PyError> {
        let module = super::parse_program(source)?;
        let mode = Mode {
            names_read: super::reads_task_names(source),
            ..mode
        };
        Ok(Explorer {
            module: Rc::new(module),
            limits,
            mode,
            watched: watched.map(str::to_string),
            outcomes: Vec::new(),
            known: Rc::new(RefCell::new(Known::default())),
            path: Vec::new(),
            runs: 0,
            most_awaits_in_lock: 0,
            awaits_witness: Rc::from(Vec::new()),
            max_states: 400_000,
            finished: None,
        })
    }

    fn number(&mut self, outcome: Outcome) -> u32 {
        match self.outcomes.iter().position(|o| *o == outcome) {
            Some(at) => at as u32,
            None => {
                self.outcomes.push(outcome);
                self.outcomes.len() as u32 - 1
            }
        }
    }

    /// Distinct states walked so far (or on the path).
    pub fn states(&self) -> u64 {
        self.known.borrow().memo.len() as u64
    }

    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// A schedule (its first picks; asyncio's order after them) in which a
    /// task awaits inside a lock as often as any schedule walked.
    pub fn awaits_witness(&self) -> Rc<[u32]> {
        Rc::clone(&self.awaits_witness)
    }

    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    /// One replay; true once everything is counted (or given up).
    pub fn step(&mut self) -> bool {
        if self.finished.is_some() {
            return true;
        }
        if self.states() > self.max_states as u64 {
            self.finished = Some(Err(NotCounted::States(self.states())));
            return true;
        }
        let prefix: Vec<u32> = self.path.iter().map(|n| n.pick).collect();
        {
            let mut known = self.known.borrow_mut();
            known.made.clear();
            known.new.clear();
            known.cut = None;
        }
        let walk = Walk {
            known: Rc::clone(&self.known),
            prefix,
        };
        let ran = run_parsed(
            &self.module,
            self.limits,
            self.mode,
            Some(Box::new(walk)),
            true,
        );
        self.runs += 1;
        let (made, new, cut) = {
            let mut known = self.known.borrow_mut();
            (
                std::mem::take(&mut known.made),
                std::mem::take(&mut known.new),
                known.cut.take(),
            )
        };
        let schedule: Rc<[u32]> = Rc::from(made);
        // Its picks lead there: the most is reached before the replay is cut.
        if ran.most_awaits_in_lock > self.most_awaits_in_lock {
            self.most_awaits_in_lock = ran.most_awaits_in_lock;
            self.awaits_witness = Rc::clone(&schedule);
        }
        let mut carry: Vec<Share> = match cut {
            Some(Cut::Known(shares)) => shares.to_vec(),
            Some(Cut::Loop | Cut::TooLong) => {
                let outcome = self.number(Outcome::Unfinished);
                vec![Share {
                    outcome,
                    count: Count::one(),
                    schedule,
                }]
            }
            None => {
                let outcome =
                    self.number(Outcome::of_mode(&ran, self.watched.as_deref(), self.mode));
                vec![Share {
                    outcome,
                    count: Count::one(),
                    schedule,
                }]
            }
        };
        for (key, of) in new {
            self.path.push(Node {
                key,
                of,
                pick: 0,
                shares: Vec::new(),
            });
        }
        loop {
            let Some(top) = self.path.last_mut() else {
                self.finished = Some(Ok(carry));
                return true;
            };
            merge(&mut top.shares, &carry);
            if top.pick + 1 < top.of {
                top.pick += 1;
                return false;
            }
            let Some(node) = self.path.pop() else {
                continue;
            };
            let shares: Rc<[Share]> = Rc::from(node.shares);
            let mut known = self.known.borrow_mut();
            known.memo.insert(node.key, Some(Rc::clone(&shares)));
            carry = shares.to_vec();
        }
    }

    /// One schedule of the program drawn at random (where exact counts are
    /// out of reach): its outcome and its picks, and the most awaits a
    /// task made inside a lock.
    pub fn sample(&self, seed: u64) -> (Outcome, Vec<u32>, u32) {
        random_schedule(
            &self.module,
            self.limits,
            self.mode,
            self.watched.as_deref(),
            seed,
        )
    }

    /// Walks to the end.
    pub fn finish(&mut self) -> Result<Outcomes, NotCounted> {
        while !self.step() {}
        self.outcomes().unwrap_or(Err(NotCounted::States(0)))
    }

    /// The counts, once finished: outcomes in order (values, then
    /// deadlock, exceptions, stops, unfinished).
    pub fn outcomes(&self) -> Option<Result<Outcomes, NotCounted>> {
        let shares = match self.finished.as_ref()? {
            Ok(shares) => shares,
            Err(why) => return Some(Err(why.clone())),
        };
        let all: Vec<(Outcome, Count, Rc<[u32]>)> = shares
            .iter()
            .map(|s| {
                (
                    self.outcomes[s.outcome as usize].clone(),
                    s.count.clone(),
                    Rc::clone(&s.schedule),
                )
            })
            .collect();
        Some(Ok(Outcomes {
            all: in_order(all),
            states: self.known.borrow().memo.len() as u64,
            runs: self.runs,
            most_awaits_in_lock: self.most_awaits_in_lock,
        }))
    }
}

/// Picks uniformly among the ready tasks, and records the picks.
struct RandomPicks {
    rng: SeededRng,
    made: Rc<RefCell<Vec<u32>>>,
}

impl Chooser for RandomPicks {
    fn choose(&mut self, _: &Interp, ready: &[u32]) -> Option<usize> {
        let mut made = self.made.borrow_mut();
        if made.len() >= MAX_CHOICES {
            return None;
        }
        let pick = self.rng.index(ready.len());
        made.push(pick as u32);
        Some(pick)
    }
}

/// One schedule drawn at random (each ready task equally likely at each
/// choice), its outcome, and its picks.
pub fn random_schedule(
    module: &Module,
    limits: Limits,
    mode: Mode,
    watched: Option<&str>,
    seed: u64,
) -> (Outcome, Vec<u32>, u32) {
    let made = Rc::new(RefCell::new(Vec::new()));
    let picks = RandomPicks {
        rng: SeededRng::new(seed),
        made: Rc::clone(&made),
    };
    let ran = run_parsed(module, limits, mode, Some(Box::new(picks)), false);
    let made = made.borrow().clone();
    let outcome = match ran.ending {
        Ending::Stopped { .. } if made.len() >= MAX_CHOICES => Outcome::Unfinished,
        _ => Outcome::of_mode(&ran, watched, mode),
    };
    (outcome, made, ran.most_awaits_in_lock)
}
