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
use super::schedule::{Fifo, Order, ReadyQueue, Schedule, Scheduler};
use super::strategy::TaskFuture;
use super::task::{Runtime, SleepState, Task, World};
use super::trace::TaskId;

/// How far apart an ordered run's steps are drawn.
pub const ORDER_STEP_MS: u64 = 10;

/// Enough for every strategy of the article at 100,000 tasks (each takes a
/// handful of steps per task); compare-and-retry at thousands of tasks needs
/// quadratically many and stops here instead of running for minutes.
pub const DEFAULT_MAX_STEPS: u64 = 20_000_000;
/// About 1.6 GB of trace at 40 bytes an event: far beyond any article program.
pub const DEFAULT_MAX_EVENTS: usize = 40_000_000;

/// A timer in the queue, ordered soonest first: by deadline, then by the
/// order timers were set.
#[derive(Clone, Copy)]
struct Timer {
    deadline_ms: u64,
    registered: u64,
    /// The sleeping task, whose step the timer's callback schedules.
    task: TaskId,
}

impl Timer {
    fn key(&self) -> (u64, u64) {
        (self.deadline_ms, self.registered)
    }
}

impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Timer {}

impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timer {
    /// Reversed, so that std's max-heap pops the soonest timer.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.key().cmp(&self.key())
    }
}

/// The timers (`loop._scheduled`), soonest first.
///
/// Timers mostly arrive in deadline order (the clock only moves forward and
/// tasks sleep alike), so those wait in a FIFO, already sorted; only a timer
/// due before the FIFO's last goes to a heap. Popping the sooner of the two
/// fronts gives one heap's order without a heap's cost per timer.
#[derive(Default)]
struct Timers {
    in_order: VecDeque<Timer>,
    out_of_order: BinaryHeap<Timer>,
    registered: u64,
    /// One bit per timer, by registration number: whether its callback ran.
    fired: Vec<u64>,
}

impl Timers {
    /// Sets a timer for `task`; returns its registration number.
    fn push(&mut self, deadline_ms: u64, task: TaskId) -> u64 {
        let timer = Timer {
            deadline_ms,
            registered: self.registered,
            task,
        };
        self.registered += 1;
        if self
            .in_order
            .back()
            .is_none_or(|last| last.deadline_ms <= deadline_ms)
        {
            self.in_order.push_back(timer);
        } else {
            self.out_of_order.push(timer);
        }
        timer.registered
    }

    /// The soonest timer, and whether it is the heap's.
    fn peek(&self) -> Option<(Timer, bool)> {
        match (self.in_order.front(), self.out_of_order.peek()) {
            (Some(fifo), Some(heap)) if heap.key() < fifo.key() => Some((*heap, true)),
            (Some(fifo), _) => Some((*fifo, false)),
            (None, heap) => heap.map(|heap| (*heap, true)),
        }
    }

    fn next_deadline(&self) -> Option<u64> {
        self.peek().map(|(next, _)| next.deadline_ms)
    }

    /// The soonest timer, if it is due by `now_ms`.
    fn pop_due(&mut self, now_ms: u64) -> Option<Timer> {
        let (next, in_heap) = self.peek()?;
        if next.deadline_ms > now_ms {
            return None;
        }
        if in_heap {
            self.out_of_order.pop()
        } else {
            self.in_order.pop_front()
        }
    }

    fn fire(&mut self, registered: u64) {
        let word = (registered / 64) as usize;
        if self.fired.len() <= word {
            self.fired.resize(word + 1, 0);
        }
        self.fired[word] |= 1 << (registered % 64);
    }

    fn has_fired(&self, registered: u64) -> bool {
        self.fired
            .get((registered / 64) as usize)
            .is_some_and(|bits| bits & (1 << (registered % 64)) != 0)
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
            runtime: self.clone(),
            task,
            state: SleepState::New { ms },
        })
    }

    /// The sleep's state is all there is: no future of its own, no waker
    /// kept (the timer's callback schedules the task itself).
    fn poll_sleep(&self, task: TaskId, state: &mut SleepState, cx: &mut Context<'_>) -> Poll<()> {
        match *state {
            SleepState::New { ms: 0 } => {
                // A bare yield: straight back to the end of the ready queue.
                cx.waker().wake_by_ref();
                *state = SleepState::Yielded;
                Poll::Pending
            }
            SleepState::New { ms } => {
                let deadline = self.clock.now_ms.get().saturating_add(ms);
                let timer = self.clock.timers.borrow_mut().push(deadline, task);
                *state = SleepState::Waiting { timer };
                Poll::Pending
            }
            SleepState::Yielded => Poll::Ready(()),
            SleepState::Waiting { timer } if self.clock.timers.borrow().has_fired(timer) => {
                Poll::Ready(())
            }
            SleepState::Waiting { .. } => Poll::Pending,
            SleepState::Boxed(ref mut future) => future.as_mut().poll(cx),
        }
    }
}

/// The future behind `asyncio.sleep`, boxed ([`Runtime::sleep`]).
pub struct SimSleep {
    runtime: SimRuntime,
    task: TaskId,
    state: SleepState,
}

impl Future for SimSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        this.runtime.poll_sleep(this.task, &mut this.state, cx)
    }
}

/// One entry of the ready queue (`loop._ready`).
enum Callback {
    /// `Task.__step`: poll the task's future once.
    Step(TaskId),
    /// A due timer's `_set_result_unless_cancelled`: resolves the sleep,
    /// which schedules the task's step behind everything already ready.
    Resolve { task: TaskId, timer: u64 },
}

impl Callback {
    fn task(&self) -> TaskId {
        match self {
            Callback::Step(task) | Callback::Resolve { task, .. } => *task,
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
    // An explored order replays with delays abstracted away, as explored.
    let mut replay;
    let (scheduler, mode): (&mut dyn Scheduler, Clock) = match &scenario.order {
        Some(order) => {
            replay = Order::new(order);
            (
                &mut replay,
                Clock::Ordered {
                    step_ms: ORDER_STEP_MS,
                },
            )
        }
        None => (scheduler, Clock::Timed),
    };
    let mut executor = Executor::new(scenario, mode)?;
    let ending = loop {
        if let Some(ending) = executor.settle() {
            break ending;
        }
        let events = executor.world.trace_len();
        if executor.steps >= limits.max_steps || events >= limits.max_events {
            break Ending::Limit {
                steps: executor.steps,
                events,
            };
        }
        let position = match scheduler.choose(&executor.ready) {
            Ok(position) if position < executor.ready.0.len() => position,
            Ok(position) => {
                break Ending::Diverged(super::schedule::ScheduleError::Diverged {
                    step: executor.steps as usize,
                    position,
                    ready: executor.ready.0.len(),
                })
            }
            Err(error) => break Ending::Diverged(error),
        };
        executor.run(position);
    };
    Ok(executor.finish(ending))
}

/// How time passes in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// asyncio's: sleeps take their time, the clock jumps to the next timer.
    Timed,
    /// Only the order counts (the schedule explorer): every sleep is a bare
    /// yield, so a sleeping task is always ready (its I/O may finish at any
    /// moment), and each step is drawn `step_ms` after the one before.
    Ordered { step_ms: u64 },
}

/// One run in progress, stepped one callback at a time: [`simulate_with`]
/// lets a [`Scheduler`] pick each step; the schedule explorer
/// (`super::explore`) picks them itself.
pub struct Executor {
    world: Rc<World>,
    clock: Rc<SimClock>,
    mode: Clock,
    scenario: Scenario,
    futures: Vec<Option<TaskFuture>>,
    wakers: Vec<Waker>,
    woken: Arc<Mutex<Vec<TaskId>>>,
    woken_now: Vec<TaskId>,
    ready: Ready,
    /// Whether each task has a step in the ready queue.
    scheduled: Vec<bool>,
    unfinished: usize,
    schedule: Schedule,
    steps: u64,
}

impl Executor {
    pub fn new(scenario: &Scenario, mode: Clock) -> Result<Self, ScenarioError> {
        scenario.validate()?;
        let runtime = SimRuntime::default();
        let clock = Rc::clone(&runtime.clock);
        let world = Rc::new(World::new(
            Box::new(runtime),
            scenario.initial,
            scenario.tasks,
        ));
        let count = scenario.total_tasks() as usize;
        // Room for what a task of the article's programs records at least
        // (started, read, I/O, I/O done, wrote, finished; requested, acquired
        // and released for each lock it takes), so that the trace is not
        // copied as it grows; a program that records more grows it.
        let locks = scenario.strategy.info().locks.len();
        world.reserve_events(count * (6 + 3 * locks));
        let woken = Arc::new(Mutex::new(Vec::new()));
        // The wakers first, apart from the futures: the futures are freed as
        // tasks finish, and freed side by side they merge into one free block
        // instead of 100,000 fragments between wakers for malloc to sort.
        let wakers: Vec<Waker> = (0..count as TaskId)
            .map(|task| {
                Waker::from(Arc::new(TaskWaker {
                    task,
                    woken: Arc::clone(&woken),
                }))
            })
            .collect();
        let mut futures: Vec<Option<TaskFuture>> = Vec::with_capacity(count);
        let ordered = matches!(mode, Clock::Ordered { .. });
        for (index, (delay, start)) in scenario
            .task_delays()
            .into_iter()
            .zip(scenario.task_starts())
            .enumerate()
        {
            let id = index as TaskId;
            // In order-only runs durations mean nothing: every task starts at
            // once and every I/O is a bare yield, so a sleeping task is ready.
            let (delay, start) = if ordered { (0, 0) } else { (delay, start) };
            let task = Task::new(id, scenario.amount, delay, Rc::clone(&world));
            futures.push(Some(scenario.strategy.program(task, start)));
        }
        // `asyncio.gather` wraps each coroutine in a Task, whose constructor
        // schedules its first step: tasks start in index order.
        Ok(Self {
            world,
            clock,
            mode,
            scenario: scenario.clone(),
            futures,
            wakers,
            woken,
            woken_now: Vec::new(),
            ready: Ready((0..count as TaskId).map(Callback::Step).collect()),
            scheduled: vec![true; count],
            unfinished: count,
            schedule: Schedule::default(),
            steps: 0,
        })
    }

    /// Makes a callback ready if time must pass for one; `Some` when the
    /// run is over (every task finished, or none can ever run again).
    pub fn settle(&mut self) -> Option<Ending> {
        if !self.ready.0.is_empty() {
            return None;
        }
        if self.unfinished == 0 {
            return Some(Ending::Completed);
        }
        let mut timers = self.clock.timers.borrow_mut();
        let Some(next) = timers.next_deadline() else {
            // Tasks remain, none is ready and no timer will wake one.
            let unfinished = (0..self.futures.len() as TaskId)
                .filter(|&t| self.futures[t as usize].is_some())
                .collect();
            return Some(Ending::Deadlock(find_deadlock(&self.world, unfinished)));
        };
        self.clock.now_ms.set(self.clock.now_ms.get().max(next));
        while let Some(timer) = timers.pop_due(self.clock.now_ms.get()) {
            self.ready.0.push_back(Callback::Resolve {
                task: timer.task,
                timer: timer.registered,
            });
        }
        None
    }

    /// The tasks whose callbacks are ready, front of the queue first.
    pub fn ready_tasks(&self) -> impl ExactSizeIterator<Item = TaskId> + '_ {
        self.ready.0.iter().map(Callback::task)
    }

    /// The ready task at `position` of the queue, found at once.
    pub fn ready_task_at(&self, position: usize) -> Option<TaskId> {
        self.ready.0.get(position).map(Callback::task)
    }

    /// Where `task`'s callback stands in the ready queue, if it is ready.
    pub fn position_of(&self, task: TaskId) -> Option<usize> {
        self.ready.0.iter().position(|c| c.task() == task)
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// Steps run so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Runs the ready callback at `position` (which must be in the queue).
    pub fn run(&mut self, position: usize) {
        self.schedule.push(position);
        self.steps += 1;
        if let Clock::Ordered { step_ms } = self.mode {
            self.clock
                .now_ms
                .set(self.steps.saturating_sub(1) * step_ms);
        }
        // The rest keep their order, so a replayed prefix can hand over to
        // asyncio's FIFO order. (O(distance to the nearer end) for a pick
        // other than the front: explorers work on small runs.)
        let callback = if position == 0 {
            self.ready.0.pop_front()
        } else {
            self.ready.0.remove(position)
        };
        match callback {
            Some(Callback::Resolve { task, timer }) => {
                self.clock.timers.borrow_mut().fire(timer);
                // What the sleep's waker would do, without keeping one.
                self.schedule_step(task);
            }
            Some(Callback::Step(task)) => {
                let index = task as usize;
                self.scheduled[index] = false;
                if let Some(future) = self.futures[index].as_mut() {
                    let mut cx = Context::from_waker(&self.wakers[index]);
                    if future.as_mut().poll(&mut cx).is_ready() {
                        self.futures[index] = None;
                        self.unfinished -= 1;
                    }
                }
            }
            None => {}
        }
        let mut woken_now = std::mem::take(&mut self.woken_now);
        if let Ok(mut woken) = self.woken.lock() {
            std::mem::swap(&mut *woken, &mut woken_now);
        }
        for task in woken_now.drain(..) {
            self.schedule_step(task);
        }
        self.woken_now = woken_now;
    }

    /// A woken task's step joins the end of the ready queue (`call_soon`),
    /// unless it is there already or the task has finished.
    fn schedule_step(&mut self, task: TaskId) {
        let index = task as usize;
        if !self.scheduled[index] && self.futures[index].is_some() {
            self.scheduled[index] = true;
            self.ready.0.push_back(Callback::Step(task));
        }
    }

    /// The run as it stands, ended by `ending`.
    pub fn finish(self, ending: Ending) -> Outcome {
        self.outcome(Some(ending))
    }

    /// The run as it stands, with its ending if it has one (`None`: it has
    /// not ended, and none is made up).
    pub fn outcome(self, ending: Option<Ending>) -> Outcome {
        let results = self.world.take_results();
        let finished = (self.futures.len() - self.unfinished) as u32;
        // Dropping unfinished tasks releases what they hold; the trace is already taken.
        drop(self.futures);
        Outcome::new(
            &self.scenario,
            results,
            self.clock.now_ms.get(),
            finished,
            ending,
            self.schedule,
        )
    }
}
