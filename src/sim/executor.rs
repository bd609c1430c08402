//! A single-threaded executor with a virtual clock, scheduling the way
//! CPython's asyncio does.
//!
//! asyncio's event loop keeps a FIFO of ready callbacks and a heap of timers.
//! Each task is a callback that runs its coroutine up to the next await.
//! `asyncio.sleep(d)` registers a timer; when it fires, *its* callback
//! resolves a future, and only that puts the task back in the ready queue.
//! This executor keeps the same two structures, and the same extra hop, so
//! tasks interleave as they do under `asyncio.run`. When nothing is ready,
//! the clock jumps to the next timer instead of waiting.
//!
//! Equal sleeps fall due in the order they were set. CPython stamps each
//! timer with `loop.time() + delay`, and its monotonic clock (nanoseconds on
//! Linux and macOS) has moved on between two `call_later`s, so a timer set
//! later has a later deadline. Deadlines here are whole virtual
//! milliseconds, and a registration number breaks their ties the same way.

use std::cell::{Cell, RefCell};
use std::collections::{BinaryHeap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use super::outcome::{find_deadlock, Ending, Outcome};
use super::scenario::{Scenario, ScenarioError};
use super::schedule::{Fifo, ReadyQueue, Schedule, Scheduler};
use super::strategy::TaskFuture;
use super::task::{Runtime, Task, World};
use super::trace::TaskId;

/// Enough for every strategy of the article at 100,000 tasks (each takes a
/// handful of steps per task); compare-and-retry at thousands of tasks needs
/// quadratically many and stops here instead of running for minutes.
pub const DEFAULT_MAX_STEPS: u64 = 20_000_000;
/// About 1.6 GB of trace at 40 bytes an event: far beyond any article program.
pub const DEFAULT_MAX_EVENTS: usize = 40_000_000;

struct Timer {
    task: TaskId,
    fired: Rc<Cell<bool>>,
    waker: Waker,
}

/// A timer in the queue, ordered soonest first: by deadline, then by the
/// order timers were set.
struct Scheduled {
    deadline_ms: u64,
    registered: u64,
    timer: Timer,
}

impl Scheduled {
    fn key(&self) -> (u64, u64) {
        (self.deadline_ms, self.registered)
    }
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Scheduled {}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scheduled {
    /// Reversed, so that std's max-heap pops the soonest timer.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.key().cmp(&self.key())
    }
}

/// The timers (`loop._scheduled`).
#[derive(Default)]
struct Timers {
    heap: BinaryHeap<Scheduled>,
    registered: u64,
}

impl Timers {
    fn push(&mut self, deadline_ms: u64, timer: Timer) {
        self.heap.push(Scheduled {
            deadline_ms,
            registered: self.registered,
            timer,
        });
        self.registered += 1;
    }

    fn next_deadline(&self) -> Option<u64> {
        self.heap.peek().map(|next| next.deadline_ms)
    }

    /// The soonest timer, if it is due by `now_ms`.
    fn pop_due(&mut self, now_ms: u64) -> Option<Timer> {
        if self.next_deadline()? > now_ms {
            return None;
        }
        self.heap.pop().map(|next| next.timer)
    }
}

/// The virtual clock and its timers.
#[derive(Default)]
struct SimClock {
    now_ms: Cell<u64>,
    timers: RefCell<Timers>,
}

/// The engine's [`Runtime`]: virtual time.
#[derive(Clone, Default)]
pub struct SimRuntime {
    clock: Rc<SimClock>,
}

impl Runtime for SimRuntime {
    fn now_ms(&self) -> u64 {
        self.clock.now_ms.get()
    }

    fn sleep(&self, task: TaskId, ms: u64) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(SimSleep {
            clock: Rc::clone(&self.clock),
            task,
            ms,
            state: SleepState::New,
        })
    }
}

enum SleepState {
    New,
    /// `asyncio.sleep(0)`: yielded once, done when polled again.
    Yielded,
    Waiting(Rc<Cell<bool>>),
}

/// The future behind `asyncio.sleep`.
pub struct SimSleep {
    clock: Rc<SimClock>,
    task: TaskId,
    ms: u64,
    state: SleepState,
}

impl Future for SimSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match &self.state {
            SleepState::New if self.ms == 0 => {
                // A bare yield: straight back to the end of the ready queue.
                cx.waker().wake_by_ref();
                self.state = SleepState::Yielded;
                Poll::Pending
            }
            SleepState::New => {
                let fired = Rc::new(Cell::new(false));
                let deadline = self.clock.now_ms.get().saturating_add(self.ms);
                self.clock.timers.borrow_mut().push(
                    deadline,
                    Timer {
                        task: self.task,
                        fired: Rc::clone(&fired),
                        waker: cx.waker().clone(),
                    },
                );
                self.state = SleepState::Waiting(fired);
                Poll::Pending
            }
            SleepState::Yielded => Poll::Ready(()),
            SleepState::Waiting(fired) if fired.get() => Poll::Ready(()),
            SleepState::Waiting(_) => Poll::Pending,
        }
    }
}

/// One entry of the ready queue (`loop._ready`).
enum Callback {
    /// `Task.__step`: poll the task's future once.
    Step(TaskId),
    /// A due timer's `_set_result_unless_cancelled`: resolves the sleep,
    /// which schedules the task's step behind everything already ready.
    Resolve(Timer),
}

impl Callback {
    fn task(&self) -> TaskId {
        match self {
            Callback::Step(task) => *task,
            Callback::Resolve(timer) => timer.task,
        }
    }
}

struct Ready(VecDeque<Callback>);

impl ReadyQueue for Ready {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn task(&self, position: usize) -> Option<TaskId> {
        self.0.get(position).map(Callback::task)
    }
}

/// A task's waker appends it to the list the executor drains into the ready
/// queue after each callback: `call_soon` order.
struct TaskWaker {
    task: TaskId,
    woken: Arc<Mutex<Vec<TaskId>>>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if let Ok(mut woken) = self.woken.lock() {
            woken.push(self.task);
        }
    }
}

/// Where a run gives up with [`Ending::Limit`] instead of running on:
/// time (callbacks run) and memory (trace events kept).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_steps: u64,
    pub max_events: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_steps: DEFAULT_MAX_STEPS,
            max_events: DEFAULT_MAX_EVENTS,
        }
    }
}

/// Runs `scenario` in asyncio's order.
pub fn simulate(scenario: &Scenario) -> Result<Outcome, ScenarioError> {
    simulate_with(scenario, &mut Fifo, Limits::default())
}

/// Runs `scenario`, letting `scheduler` pick each next callback.
pub fn simulate_with(
    scenario: &Scenario,
    scheduler: &mut dyn Scheduler,
    limits: Limits,
) -> Result<Outcome, ScenarioError> {
    scenario.validate()?;
    let runtime = SimRuntime::default();
    let clock = Rc::clone(&runtime.clock);
    let world = Rc::new(World::new(
        Box::new(runtime),
        scenario.initial,
        scenario.tasks,
    ));

    let count = scenario.total_tasks() as usize;
    let woken = Arc::new(Mutex::new(Vec::new()));
    let mut futures: Vec<Option<TaskFuture>> = Vec::with_capacity(count);
    let mut wakers: Vec<Waker> = Vec::with_capacity(count);
    for (index, (delay, start)) in scenario
        .task_delays()
        .into_iter()
        .zip(scenario.task_starts())
        .enumerate()
    {
        let id = index as TaskId;
        let task = Task::new(id, scenario.amount, delay, Rc::clone(&world));
        futures.push(Some(scenario.strategy.program(task, start)));
        wakers.push(Waker::from(Arc::new(TaskWaker {
            task: id,
            woken: Arc::clone(&woken),
        })));
    }

    // `asyncio.gather` wraps each coroutine in a Task, whose constructor
    // schedules its first step: tasks start in index order.
    let mut ready = Ready((0..count as TaskId).map(Callback::Step).collect());
    let mut scheduled = vec![true; count];
    let mut unfinished = count;
    let mut schedule = Schedule::default();
    let mut steps: u64 = 0;
    let mut woken_now = Vec::new();

    let ending = loop {
        if ready.0.is_empty() {
            if unfinished == 0 {
                break Ending::Completed;
            }
            let mut timers = clock.timers.borrow_mut();
            let Some(next) = timers.next_deadline() else {
                // Tasks remain, none is ready and no timer will wake one.
                let unfinished = (0..count as TaskId)
                    .filter(|&t| futures[t as usize].is_some())
                    .collect();
                break Ending::Deadlock(find_deadlock(&world, unfinished));
            };
            clock.now_ms.set(clock.now_ms.get().max(next));
            while let Some(timer) = timers.pop_due(clock.now_ms.get()) {
                ready.0.push_back(Callback::Resolve(timer));
            }
        }
        let events = world.trace_len();
        if steps >= limits.max_steps || events >= limits.max_events {
            break Ending::Limit { steps, events };
        }
        let position = match scheduler.choose(&ready) {
            Ok(position) if position < ready.0.len() => position,
            Ok(position) => {
                break Ending::Diverged(super::schedule::ScheduleError::Diverged {
                    step: steps as usize,
                    position,
                    ready: ready.0.len(),
                })
            }
            Err(error) => break Ending::Diverged(error),
        };
        schedule.push(position);
        steps += 1;
        // The rest keep their order, so a replayed prefix can hand over to
        // asyncio's FIFO order. (O(distance to the nearer end) for a pick
        // other than the front: explorers work on small runs.)
        let callback = ready.0.remove(position);
        match callback {
            Some(Callback::Resolve(timer)) => {
                timer.fired.set(true);
                timer.waker.wake();
            }
            Some(Callback::Step(task)) => {
                let index = task as usize;
                scheduled[index] = false;
                if let Some(future) = futures[index].as_mut() {
                    let mut cx = Context::from_waker(&wakers[index]);
                    if future.as_mut().poll(&mut cx).is_ready() {
                        futures[index] = None;
                        unfinished -= 1;
                    }
                }
            }
            None => {}
        }
        if let Ok(mut woken) = woken.lock() {
            std::mem::swap(&mut *woken, &mut woken_now);
        }
        for task in woken_now.drain(..) {
            let index = task as usize;
            if !scheduled[index] && futures[index].is_some() {
                scheduled[index] = true;
                ready.0.push_back(Callback::Step(task));
            }
        }
    };

    let results = world.take_results();
    // Dropping unfinished tasks releases what they hold; the trace is already taken.
    drop(futures);
    Ok(Outcome::new(
        scenario,
        results,
        clock.now_ms.get(),
        (count - unfinished) as u32,
        ending,
        schedule,
    ))
}
