//! Real timers: the same strategy code as the engine runs, as futures on a
//! browser event loop (`spawn_local` in the lab worker), sleeping on
//! `setTimeout`.
//!
//! Nothing here is simulated: the race, when it happens, is the browser's.
//! `join_all` tells when every task is done, and `abortable` ends a run
//! early (dropping its futures clears their timeouts and lock queues). A
//! deadlock is seen exactly: every task still running is queued for a lock
//! that no release has handed to it.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use futures::future::{abortable, join_all, AbortHandle};
use gloo_timers::callback::Interval;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

use crate::sim::outcome::{find_deadlock, Ending, Outcome};
use crate::sim::task::{Runtime, Task, World};
use crate::sim::{Event, Scenario, Schedule, TaskId};

/// How often a running run reports what it has done.
const REPORT_EVERY_MS: u32 = 50;

/// Milliseconds on the monotonic clock of whatever scope this runs in. The
/// lab is a Web Worker, which has no `window`: `performance` is read off the
/// global scope, so a worker and a page measure alike (reading it off
/// `window` gave 0 in the worker, and every real-timers time read 0 ms).
pub fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|performance| performance.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |performance| performance.now())
}

pub struct BrowserRuntime {
    started_at: f64,
}

impl Runtime for BrowserRuntime {
    fn now_ms(&self) -> u64 {
        (now_ms() - self.started_at).max(0.0) as u64
    }

    fn sleep(&self, _task: TaskId, ms: u64) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(TimeoutFuture::new(ms.min(u64::from(u32::MAX)) as u32))
    }
}

/// The tasks of one run on the browser's event loop.
struct Spawned {
    world: Rc<World>,
    scenario: Scenario,
    /// Which tasks' coroutines have returned.
    done: Rc<RefCell<Vec<bool>>>,
    all_done: Rc<Cell<bool>>,
    abort: AbortHandle,
}

impl Spawned {
    fn start(scenario: Scenario) -> Option<Self> {
        scenario.validate().ok()?;
        let runtime = BrowserRuntime {
            started_at: now_ms(),
        };
        let world = Rc::new(World::new(
            Box::new(runtime),
            scenario.initial,
            scenario.tasks,
        ));
        let done = Rc::new(RefCell::new(vec![false; scenario.total_tasks() as usize]));
        let programs = scenario
            .task_delays()
            .into_iter()
            .zip(scenario.task_starts())
            .enumerate()
            .map(|(index, (delay, start))| {
                let task = Task::new(index as TaskId, scenario.amount, delay, Rc::clone(&world));
                let program = scenario.strategy.program(task, start);
                let done = Rc::clone(&done);
                async move {
                    program.await;
                    done.borrow_mut()[index] = true;
                }
            });
        let (all, abort) = abortable(join_all(programs));
        let all_done = Rc::new(Cell::new(false));
        let finished = Rc::clone(&all_done);
        spawn_local(async move {
            if all.await.is_ok() {
                finished.set(true);
            }
        });
        Some(Self {
            world,
            scenario,
            done,
            all_done,
            abort,
        })
    }

    /// What the run has done so far; `ending` once it has one.
    fn outcome(&self, ending: Option<Ending>) -> (Outcome, bool) {
        let (trace, account) = self.world.snapshot();
        let finished = self.done.borrow().iter().filter(|&&d| d).count() as u32;
        let ended = ending.is_some();
        let elapsed_ms = self.elapsed_ms(ended);
        let outcome = Outcome::new(
            &self.scenario,
            (trace, account),
            elapsed_ms,
            finished,
            ending,
            Schedule::default(),
        );
        (outcome, ended)
    }

    /// How long the run has taken: until now, or once it has ended, until
    /// its last event (not until the report noticed the end, up to a report
    /// interval later), so the board and the runs table say the same.
    fn elapsed_ms(&self, ended: bool) -> u64 {
        match self.world.last_event_ms() {
            Some(last) if ended => last,
            _ => self.world.runtime.now_ms(),
        }
    }

    /// How the run has ended, if it has: every task done, or every task
    /// still running queued for a lock that no task will release.
    fn ending(&self) -> Option<Ending> {
        if self.all_done.get() {
            return Some(Ending::Completed);
        }
        let unfinished: Vec<TaskId> = (self.done.borrow().iter().enumerate())
            .filter(|(_, &done)| !done)
            .map(|(t, _)| t as TaskId)
            .collect();
        if !unfinished.is_empty() && self.world.blocked_on_locks() == unfinished.len() {
            return Some(Ending::Deadlock(find_deadlock(&self.world, unfinished)));
        }
        None
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.abort.abort();
    }
}

/// Runs `scenario` on real timers until it ends (the browser tests use this).
pub async fn run_to_completion(scenario: Scenario) -> Option<Outcome> {
    let spawned = Spawned::start(scenario)?;
    loop {
        if let Some(ending) = spawned.ending() {
            return Some(spawned.outcome(Some(ending)).0);
        }
        TimeoutFuture::new(REPORT_EVERY_MS).await;
    }
}

/// What a run has done since its last report.
pub struct Report<'a> {
    pub new_events: &'a [Event],
    pub elapsed_ms: u64,
    /// Once the run has ended; the last report.
    pub ending: Option<Ending>,
}

/// A real-timers run. Dropping it cancels the tasks and the reports.
pub struct LiveRun {
    _report: Interval,
}

impl LiveRun {
    /// Starts `scenario`; `report` hears what happens as it goes, and once
    /// more when the run has ended (then never again).
    pub fn start(scenario: Scenario, report: impl Fn(Report) + 'static) -> Option<Self> {
        let spawned = Spawned::start(scenario)?;
        let mut reported = 0;
        let mut ended = false;
        let interval = Interval::new(REPORT_EVERY_MS, move || {
            if ended {
                return;
            }
            let ending = spawned.ending();
            let new_events = spawned.world.events_since(reported);
            if ending.is_none() && new_events.is_empty() {
                return;
            }
            ended = ending.is_some();
            reported += new_events.len();
            report(Report {
                new_events: &new_events,
                elapsed_ms: spawned.elapsed_ms(ended),
                ending,
            });
        });
        Some(Self { _report: interval })
    }
}
