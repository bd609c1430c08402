//! Real timers: the same strategy code as the engine runs, as futures on the
//! browser's own event loop (`spawn_local`), sleeping on `setTimeout`.
//!
//! Nothing here is simulated: the race, when it happens, is the browser's.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use gloo_timers::callback::Interval;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_futures::spawn_local;

use crate::sim::outcome::{find_deadlock, Ending, Outcome};
use crate::sim::task::{Runtime, Task, World};
use crate::sim::{Event, Scenario, Schedule, TaskId};

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
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

/// Counts the tasks still running and wakes whoever waits for all of them.
#[derive(Default)]
struct Remaining {
    count: Cell<usize>,
    waiter: RefCell<Option<Waker>>,
}

impl Remaining {
    fn one_done(&self) {
        self.count.set(self.count.get().saturating_sub(1));
        if self.count.get() == 0 {
            if let Some(waker) = self.waiter.borrow_mut().take() {
                waker.wake();
            }
        }
    }
}

/// Resolves when every task has finished.
struct AllDone(Rc<Remaining>);

impl Future for AllDone {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.count.get() == 0 {
            return Poll::Ready(());
        }
        *self.0.waiter.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Lets a run's spawned tasks be ended early: each remembers how to wake
/// its task, and cancelling wakes them all so that they finish at once.
#[derive(Default)]
struct Cancel {
    cancelled: Cell<bool>,
    wakers: RefCell<Vec<Option<Waker>>>,
}

impl Cancel {
    fn cancel(&self) {
        self.cancelled.set(true);
        for waker in self.wakers.borrow_mut().iter_mut().filter_map(Option::take) {
            waker.wake();
        }
    }
}

/// A spawned task that ends, dropping its future (which clears a pending
/// timeout and leaves a lock's queue), as soon as its run is cancelled,
/// even while it waits for a lock that will never come.
struct Cancellable<F> {
    inner: Pin<Box<F>>,
    cancel: Rc<Cancel>,
    slot: usize,
}

impl<F: Future<Output = ()>> Future for Cancellable<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.cancel.cancelled.get() {
            return Poll::Ready(());
        }
        if let Some(slot) = self.cancel.wakers.borrow_mut().get_mut(self.slot) {
            if !slot.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                *slot = Some(cx.waker().clone());
            }
        }
        self.inner.as_mut().poll(cx)
    }
}

/// The tasks of one run, spawned on the browser's event loop.
struct Spawned {
    world: Rc<World>,
    remaining: Rc<Remaining>,
    scenario: Scenario,
}

impl Spawned {
    fn start(scenario: Scenario, cancel: &Rc<Cancel>) -> Option<Self> {
        scenario.validate().ok()?;
        let world = Rc::new(World::new(
            Box::new(BrowserRuntime {
                started_at: now_ms(),
            }),
            scenario.initial,
            scenario.tasks,
        ));
        let remaining = Rc::new(Remaining::default());
        remaining.count.set(scenario.total_tasks() as usize);
        let starts = scenario.task_starts();
        *cancel.wakers.borrow_mut() = vec![None; scenario.total_tasks() as usize];
        for (index, (delay, start)) in scenario.task_delays().into_iter().zip(starts).enumerate() {
            let task = Task::new(index as TaskId, scenario.amount, delay, Rc::clone(&world));
            let program = scenario.strategy.program(task, start);
            let remaining = Rc::clone(&remaining);
            spawn_local(Cancellable {
                inner: Box::pin(async move {
                    program.await;
                    remaining.one_done();
                }),
                cancel: Rc::clone(cancel),
                slot: index,
            });
        }
        Some(Self {
            world,
            remaining,
            scenario,
        })
    }

    /// How long a task could legitimately stay quiet.
    fn longest_quiet_ms(&self) -> f64 {
        let delay = self.scenario.task_delays().into_iter().max().unwrap_or(0);
        let start = self.scenario.task_starts().into_iter().max().unwrap_or(0);
        (delay + start) as f64 + 500.0
    }

    fn outcome(&self) -> Outcome {
        let finished = self.remaining.count.get() == 0;
        let elapsed_ms = self.world.runtime.now_ms();
        let (trace, account) = self.world.take_results();
        let ending = if finished {
            Ending::Completed
        } else {
            // The tasks that never finished, read off the trace.
            let mut done = vec![false; self.scenario.total_tasks() as usize];
            for event in &trace {
                if event.kind == crate::sim::EventKind::Finished {
                    if let Some(slot) = done.get_mut(event.task as usize) {
                        *slot = true;
                    }
                }
            }
            let unfinished = (0..done.len() as TaskId)
                .filter(|&t| !done[t as usize])
                .collect();
            Ending::Deadlock(find_deadlock(&self.world, unfinished))
        };
        Outcome::new(
            &self.scenario,
            (trace, account),
            elapsed_ms,
            self.scenario.total_tasks() - self.remaining.count.get() as u32,
            ending,
            Schedule::default(),
        )
    }
}

/// Runs `scenario` on real timers to the end (tests use this).
pub async fn run_to_completion(scenario: Scenario) -> Option<Outcome> {
    let cancel = Rc::new(Cancel::default());
    let spawned = Spawned::start(scenario, &cancel)?;
    AllDone(Rc::clone(&spawned.remaining)).await;
    Some(spawned.outcome())
}

/// How a live run reports back: new events as they happen, then the outcome once.
pub struct LiveCallbacks {
    pub events: Box<dyn Fn(Vec<Event>)>,
    pub finished: Box<dyn Fn(Outcome)>,
}

/// A running real-timers run on the page. Dropping it cancels the tasks and
/// the polling.
pub struct LiveRun {
    cancel: Rc<Cancel>,
    _poll: Interval,
}

impl Drop for LiveRun {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

impl LiveRun {
    pub fn start(scenario: Scenario, callbacks: LiveCallbacks) -> Option<Self> {
        let cancel = Rc::new(Cancel::default());
        let spawned = Spawned::start(scenario, &cancel)?;
        let quiet_limit = spawned.longest_quiet_ms();
        let mut sent = 0;
        let mut last_progress = now_ms();
        let mut done = false;
        // Once per animation-ish frame: forward new events, notice the end.
        let poll = Interval::new(30, move || {
            if done {
                return;
            }
            let fresh = spawned.world.events_since(sent);
            if !fresh.is_empty() {
                sent += fresh.len();
                last_progress = now_ms();
                (callbacks.events)(fresh);
            }
            let finished = spawned.remaining.count.get() == 0;
            // No event for longer than any sleep could take: the tasks are stuck.
            let stuck = now_ms() - last_progress > quiet_limit;
            if finished || stuck {
                done = true;
                (callbacks.finished)(spawned.outcome());
            }
        });
        Some(Self {
            cancel,
            _poll: poll,
        })
    }
}
