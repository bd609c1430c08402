//! Ordered runs: a program run one step at a time, in an order you choose.
//!
//! Everything that asks "what if the tasks ran in *this* order?" is built
//! on [`OrderedRun`]: the schedule explorer's counts, the samplers, the
//! page's "You are the scheduler", and the tests that check the explorer
//! by trying every order one by one.
//!
//! # Steps
//!
//! A *step* is one task running from one `await` to the next: the grain at
//! which asyncio can interleave coroutines. In an ordered run only the
//! order of steps counts: delays are abstracted away ([`Clock::Ordered`]),
//! so a task sleeping on I/O is always ready (its I/O may finish at any
//! moment), and each step is drawn [`ORDER_STEP_MS`] after the one before.
//! The futures are the strategies' own, on the engine's executor: what a
//! step does is what the program's code does.
//!
//! ```
//! use racecourse::sim::ordered::OrderedRun;
//! use racecourse::sim::{Ending, EventKind, Scenario};
//!
//! // Two tasks credit $100 to $1,000 with no lock.
//! let two = Scenario { tasks: 2, amount: 100, ..Scenario::article() };
//! let mut run = OrderedRun::new(&two).unwrap();
//!
//! // Both can run; asyncio would run T1 (task 0) first, the front of its queue.
//! assert_eq!(run.ready().collect::<Vec<_>>(), [0, 1]);
//!
//! // Step T2 first: it reads $1,000 and stops at its I/O.
//! let step = run.step(1).unwrap();
//! let did: Vec<EventKind> = run.events(&step).iter().map(|e| e.kind).collect();
//! assert!(matches!(did[..], [EventKind::Started, EventKind::Read { value: 1000 }, EventKind::IoStarted { .. }]));
//! assert_eq!(run.ending(), None); // not over: no ending is made up
//! ```
//!
//! # Replaying, and looking ahead
//!
//! Futures cannot be copied, so a run is known by its order: replaying the
//! same order from the start gives the same run, every time. That makes
//! undo, links and looking ahead exact. [`OrderedRun::replay`] plays an
//! order and says which step could not be played;
//! [`OrderedRun::look_ahead`] shows, for each ready task, what its next
//! step will do, by playing it on a replay and looking.
//!
//! ```
//! # use racecourse::sim::ordered::OrderedRun;
//! # use racecourse::sim::{Ending, Scenario};
//! # let two = Scenario { tasks: 2, amount: 100, ..Scenario::article() };
//! // T1 reads, T2 reads, T1 writes, T2 writes: T1's update is lost.
//! let mut run = OrderedRun::replay(&two, &[0, 1, 0]).unwrap();
//! let ahead = run.look_ahead();
//! assert_eq!(ahead.len(), 1); // only T2 can run
//! assert_eq!(ahead[0].run.world().balance_and_version().0, 1100);
//!
//! run.step(1).unwrap();
//! assert_eq!(run.ending(), Some(&Ending::Completed));
//! let outcome = run.outcome();
//! assert_eq!((outcome.final_balance, outcome.lost_count()), (1100, 1));
//! ```
//!
//! # Endings
//!
//! A run has an ending only once no task can run: every task finished
//! ([`Ending::Completed`]), or some never can ([`Ending::Deadlock`]).
//! Until then [`OrderedRun::ending`] is `None`, and so is the ending of
//! the [`Outcome`] it gives: a run cut short is said to be cut short,
//! never given an ending it did not reach.

use std::ops::Range;
use std::rc::Rc;

use super::executor::{Clock, Executor, ORDER_STEP_MS};
use super::outcome::{Ending, Outcome};
use super::scenario::{Scenario, ScenarioError};
use super::task::World;
use super::trace::{Event, EventKind, TaskId};

/// One step that ran: which task, and which of the trace's events it made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub task: TaskId,
    /// The step's events, as indices into the run's trace.
    pub events: Range<usize>,
}

/// A ready task's next step, found by running it on a replay.
pub struct Ahead {
    pub task: TaskId,
    /// The run with that step played.
    pub run: OrderedRun,
    pub step: Step,
}

/// Why an order cannot be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    Refused(ScenarioError),
    /// Step `step` (from 0) names a task that could not run then.
    NotReady {
        step: usize,
        task: TaskId,
    },
    /// The order goes on after the run has ended, at step `step`.
    Ended {
        step: usize,
    },
}

/// A run of a program whose steps are picked one at a time.
pub struct OrderedRun {
    executor: Executor,
    scenario: Rc<Scenario>,
    order: Vec<TaskId>,
    /// Steps each task has run.
    steps: Vec<u32>,
    finished: Vec<bool>,
    last_step: Option<Step>,
    /// Set once no task can run.
    ending: Option<Ending>,
}

impl OrderedRun {
    /// The program of `scenario` before any step (its own `order`, if any,
    /// is not played: the steps picked are).
    pub fn new(scenario: &Scenario) -> Result<Self, ScenarioError> {
        Self::shared(Rc::new(Scenario {
            order: None,
            ..scenario.clone()
        }))
    }

    fn shared(scenario: Rc<Scenario>) -> Result<Self, ScenarioError> {
        let mut executor = Executor::new(
            &scenario,
            Clock::Ordered {
                step_ms: ORDER_STEP_MS,
            },
        )?;
        let tasks = scenario.total_tasks() as usize;
        let ending = executor.settle();
        Ok(Self {
            executor,
            scenario,
            order: Vec::new(),
            steps: vec![0; tasks],
            finished: vec![false; tasks],
            last_step: None,
            ending,
        })
    }

    /// `scenario` with the steps of `order` played, one task per step.
    pub fn replay(scenario: &Scenario, order: &[TaskId]) -> Result<Self, ReplayError> {
        Self::new(scenario)
            .map_err(ReplayError::Refused)?
            .play(order)
    }

    fn play(mut self, order: &[TaskId]) -> Result<Self, ReplayError> {
        for (step, &task) in order.iter().enumerate() {
            if self.ending.is_some() {
                return Err(ReplayError::Ended { step });
            }
            self.step(task)
                .ok_or(ReplayError::NotReady { step, task })?;
        }
        Ok(self)
    }

    /// The tasks that can run now, front of asyncio's ready queue first
    /// (asyncio itself would run the first).
    pub fn ready(&self) -> impl ExactSizeIterator<Item = TaskId> + '_ {
        self.executor.ready_tasks()
    }

    /// Runs `task` to its next `await` (or its end); `None`, and nothing
    /// runs, if it cannot run now.
    pub fn step(&mut self, task: TaskId) -> Option<Step> {
        let position = self.executor.position_of(task)?;
        Some(self.run(position, task))
    }

    /// Runs the ready task at `position` of [`OrderedRun::ready`] (which
    /// must be there): a random scheduler picks by position, without
    /// building the list of ready tasks at every step.
    pub fn step_at(&mut self, position: usize) -> Step {
        let task = self.executor.ready_task_at(position);
        self.run(position, task.unwrap_or(TaskId::MAX))
    }

    fn run(&mut self, position: usize, task: TaskId) -> Step {
        let from = self.executor.world().trace_len();
        self.executor.run(position);
        let to = self.executor.world().trace_len();
        if let Some(steps) = self.steps.get_mut(task as usize) {
            *steps += 1;
            let mut done = false;
            self.executor.world().visit_events_since(from, |event| {
                done |= event.task == task && event.kind == EventKind::Finished;
            });
            self.finished[task as usize] |= done;
        }
        self.order.push(task);
        self.ending = self.executor.settle();
        let step = Step {
            task,
            events: from..to,
        };
        self.last_step = Some(step.clone());
        step
    }

    /// The step run last, if any has run.
    pub fn last_step(&self) -> Option<&Step> {
        self.last_step.as_ref()
    }

    /// What `step` did: its events.
    pub fn events(&self, step: &Step) -> Vec<Event> {
        let mut events = Vec::with_capacity(step.events.len());
        self.executor
            .world()
            .visit_events_since(step.events.start, |event| {
                if events.len() < step.events.len() {
                    events.push(*event);
                }
            });
        events
    }

    /// Each ready task's next step, in task order, each played on a replay
    /// of this run (this run does not move).
    pub fn look_ahead(&self) -> Vec<Ahead> {
        let mut tasks: Vec<TaskId> = self.ready().collect();
        tasks.sort_unstable();
        tasks
            .into_iter()
            .filter_map(|task| {
                let mut run = Self::shared(Rc::clone(&self.scenario))
                    .ok()?
                    .play(&self.order)
                    .ok()?;
                let step = run.step(task)?;
                Some(Ahead { task, run, step })
            })
            .collect()
    }

    /// How the run ended, once no task can run; `None` until then.
    pub fn ending(&self) -> Option<&Ending> {
        self.ending.as_ref()
    }

    /// The tasks stepped so far, in order.
    pub fn order(&self) -> &[TaskId] {
        &self.order
    }

    /// Whether `task` has returned.
    pub fn is_finished(&self, task: TaskId) -> bool {
        self.finished.get(task as usize).copied().unwrap_or(false)
    }

    /// The most steps any unfinished task has run: a task retrying for
    /// ever shows here (the explorer cuts its schedules at a bound).
    pub fn longest_unfinished(&self) -> u32 {
        (self.steps.iter().zip(&self.finished))
            .filter(|(_, &finished)| !finished)
            .map(|(&steps, _)| steps)
            .max()
            .unwrap_or(0)
    }

    /// The balance, locks, queue and trace as they stand.
    pub fn world(&self) -> &World {
        self.executor.world()
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The run as it stands: its ending is [`OrderedRun::ending`], `None`
    /// if it has not ended.
    pub fn outcome(self) -> Outcome {
        self.executor.outcome(self.ending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Strategy;

    fn two(strategy: Strategy) -> Scenario {
        Scenario {
            tasks: 2,
            amount: 100,
            ..Scenario::article().with_strategy(strategy)
        }
    }

    #[test]
    fn an_order_that_cannot_be_played_says_which_step() {
        let lock = two(Strategy::Lock);
        // T1 takes the lock and awaits I/O; T2 queues; T2 cannot run again.
        assert_eq!(
            OrderedRun::replay(&lock, &[0, 1, 1]).err(),
            Some(ReplayError::NotReady { step: 2, task: 1 })
        );
        assert_eq!(
            OrderedRun::replay(&two(Strategy::Unsafe), &[0, 0, 1, 1, 1]).err(),
            Some(ReplayError::Ended { step: 4 })
        );
    }

    #[test]
    fn a_run_that_has_not_ended_has_no_ending_in_its_outcome() {
        let run = OrderedRun::replay(&two(Strategy::Unsafe), &[0, 1, 0]).expect("plays");
        assert_eq!(run.ending(), None);
        let outcome = run.outcome();
        assert_eq!(outcome.ending, None);
        assert_eq!(outcome.finished_tasks, 1);
        let done = OrderedRun::replay(&two(Strategy::Unsafe), &[0, 1, 0, 1]).expect("plays");
        assert_eq!(done.outcome().ending, Some(Ending::Completed));
    }

    #[test]
    fn a_deadlock_is_an_ending_and_nothing_is_ready() {
        let run = OrderedRun::replay(&two(Strategy::OppositeOrder), &[0, 1, 0, 1]).expect("plays");
        assert!(matches!(run.ending(), Some(Ending::Deadlock(_))));
        assert_eq!(run.ready().count(), 0);
        assert!(run.look_ahead().is_empty());
    }

    #[test]
    fn looking_ahead_does_not_move_the_run() {
        let run = OrderedRun::replay(&two(Strategy::Unsafe), &[1]).expect("plays");
        let ahead = run.look_ahead();
        let tasks: Vec<TaskId> = ahead.iter().map(|a| a.task).collect();
        assert_eq!(tasks, [0, 1]);
        // T2 (task 1) is past its read: its next step writes and finishes.
        let t2 = &ahead[1];
        let kinds: Vec<EventKind> = t2.run.events(&t2.step).iter().map(|e| e.kind).collect();
        assert!(kinds.contains(&EventKind::Finished), "{kinds:?}");
        assert!(t2.run.is_finished(1) && !run.is_finished(1));
        assert_eq!(run.order(), [1]);
        assert_eq!(
            (run.longest_unfinished(), t2.run.longest_unfinished()),
            (1, 0)
        );
    }
}
