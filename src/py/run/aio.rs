//! asyncio's event loop, futures and tasks, as CPython's own Python code
//! (`base_events.py`, `futures.py`, `tasks.py`) runs them, on a virtual clock.
//!
//! The learner's coroutines are Rust futures polled with a no-op waker:
//! nothing here uses Rust's wakers. When a coroutine suspends it says what
//! it waits on ([`Yield`]), and the task's step does what `Task.__step`
//! does: add its `__wakeup` to that future's callbacks, or, for a bare
//! yield (`sleep(0)`), schedule its next step. Every hop a callback takes
//! through the ready queue in CPython takes one here, so tasks interleave
//! exactly as they do under `asyncio.run`.
//!
//! The clock is exact: a timer falls due at `loop.time() + delay`, and
//! equal deadlines fall due in the order they were set (on a real machine
//! the monotonic clock has moved on between the two `call_later`s).

use std::cell::{Cell, RefCell};
use std::collections::{BinaryHeap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use super::interp::{Interp, Raise, Stop, R};
use super::scope::{Function, Scope};
use super::value::Value;

pub use super::sync::{PyEvent, PyLock, PyQueue, PySemaphore};

pub type BoxFuture = Pin<Box<dyn Future<Output = R<Value>>>>;

/// A coroutine object: made by calling an `async def` (or `asyncio.sleep`),
/// run by awaiting it or by wrapping it in a task.
pub struct Coroutine {
    /// Its function's name (shared with the function: no copy per call).
    pub name: Name,
    pub(super) future: RefCell<Option<Body>>,
    pub(super) started: Cell<bool>,
    warnings: Rc<RefCell<Vec<String>>>,
}

/// What a coroutine runs: a learner's `async def` or a built-in's body,
/// or `asyncio.sleep`'s, kept unboxed (the commonest await of all).
pub enum Body {
    Future(BoxFuture),
    Sleep(f64),
    /// A learner's `async def` on the VM (`docs/vm.md`), not started: its
    /// function and bound arguments. Awaited by VM code, it runs as a frame
    /// of the awaiting VM; anywhere else (a task), as a VM of its own.
    Vm(Rc<Function>, Rc<Scope>),
}

impl Body {
    pub fn boxed(self, interp: &Rc<Interp>) -> BoxFuture {
        match self {
            Body::Future(future) => future,
            Body::Sleep(delay) => Box::pin(super::sync::sleep(Rc::clone(interp), delay)),
            Body::Vm(function, scope) => {
                Box::pin(super::vm::run_coroutine(Rc::clone(interp), function, scope))
            }
        }
    }
}

/// A coroutine's name: a built-in's, or a learner's function's.
#[derive(Clone)]
pub enum Name {
    Builtin(&'static str),
    Function(Rc<str>),
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Name::Builtin(name) => f.write_str(name),
            Name::Function(name) => f.write_str(name),
        }
    }
}

impl Coroutine {
    pub fn new(name: Name, body: Body, warnings: Rc<RefCell<Vec<String>>>) -> Rc<Self> {
        Rc::new(Coroutine {
            name,
            future: RefCell::new(Some(body)),
            started: Cell::new(false),
            warnings,
        })
    }

    /// Its body, once: a coroutine cannot be awaited twice.
    pub fn take(&self) -> Option<Body> {
        self.started.set(true);
        self.future.borrow_mut().take()
    }

    /// Its function and arguments, once, if it is a learner's `async def`
    /// on the VM (else it is left as it is).
    pub fn take_vm(&self) -> Option<(Rc<Function>, Rc<Scope>)> {
        let mut body = self.future.borrow_mut();
        if !matches!(*body, Some(Body::Vm(..))) {
            return None;
        }
        self.started.set(true);
        match body.take() {
            Some(Body::Vm(function, scope)) => Some((function, scope)),
            _ => None,
        }
    }
}

impl Drop for Coroutine {
    fn drop(&mut self) {
        if !self.started.get() {
            self.warnings.borrow_mut().push(format!(
                "RuntimeWarning: coroutine '{}' was never awaited",
                self.name
            ));
        }
    }
}

/// What a suspended coroutine waits on.
pub enum Yield {
    Future(Rc<Fut>),
    /// `asyncio.sleep(0)`: back of the ready queue.
    Bare,
}

/// A ready callback (`loop._ready`).
pub enum Callback {
    /// `Task.__step`.
    Step(Rc<Fut>),
    /// `Task.__wakeup`: the future the task waited on is done.
    Wakeup(Rc<Fut>),
    /// A sleep's timer: `futures._set_result_unless_cancelled`, for the
    /// task that slept.
    SetResult(Rc<Fut>, Option<u32>),
    /// `gather`'s `_done_callback` for one child.
    GatherDone(Rc<Gather>, Rc<Fut>),
    /// `run_until_complete`'s callback: stop the loop.
    Stop,
}

#[derive(Clone)]
pub enum FutState {
    Pending,
    Done(Value),
    Failed(Value),
    Cancelled,
}

/// The part of a future that is a task.
pub struct TaskPart {
    /// Numbered as created: 0 is `asyncio.run`'s main task.
    pub id: u32,
    /// A name given (`create_task(..., name=...)`); else `Task-{id + 1}`.
    pub(super) given_name: Option<Rc<str>>,
    coro: RefCell<Option<BoxFuture>>,
    pub(super) started: Cell<bool>,
    pub(super) must_cancel: Cell<bool>,
    pub(super) fut_waiter: RefCell<Option<Rc<Fut>>>,
    /// How many calls deep the task stands while it is suspended.
    pub(super) depth: Cell<u32>,
    /// Where the explorer reads the task's state while it is suspended
    /// (kept only when [`Loop::keyed`]; see [`super::key`]).
    pub parked: RefCell<super::key::Parked>,
    /// `asyncio.Lock`s it holds, and how many times it has suspended since
    /// it came to hold one (a goal can bound the awaits inside a lock).
    pub(super) locks_held: Cell<u32>,
    pub(super) awaits_in_lock: Cell<u32>,
    /// The line its last step stopped on (an await, or where it ended):
    /// where the learner, as the scheduler, is told it stands.
    pub(super) stopped_on: Cell<u32>,
}

impl TaskPart {
    pub fn name(&self) -> String {
        self.label().to_string()
    }

    pub fn label(&self) -> TaskName {
        match &self.given_name {
            Some(name) => TaskName::Given(Rc::clone(name)),
            None => TaskName::Numbered(self.id + 1),
        }
    }
}

/// A task's name as asyncio gives it (`Task-3` unless named), made into
/// text only when it is shown.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskName {
    Given(Rc<str>),
    Numbered(u32),
}

impl std::fmt::Display for TaskName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TaskName::Given(name) => f.write_str(name),
            TaskName::Numbered(number) => write!(f, "Task-{number}"),
        }
    }
}

/// A future's done callbacks: almost always one (the task awaiting it),
/// kept without a list of its own.
#[derive(Default)]
pub(super) enum Callbacks {
    #[default]
    None,
    One(Callback),
    Many(Vec<Callback>),
}

/// An asyncio Future; a Task when `task` is set.
pub struct Fut {
    pub(super) state: RefCell<FutState>,
    pub(super) callbacks: RefCell<Callbacks>,
    /// Boxed: a plain future (a sleep's) stays small.
    pub task: Option<Box<TaskPart>>,
    /// A gathering future's children (cancelled with it).
    /// (A `Cell`, not a `RefCell`: one word less keeps a plain future in
    /// the allocator's smallest, fastest sizes.)
    pub gather: Cell<Option<Rc<Gather>>>,
    /// Whether anyone looked at its exception (else asyncio logs it).
    pub retrieved: Cell<bool>,
}

impl Fut {
    pub fn new() -> Rc<Fut> {
        Rc::new(Fut {
            state: RefCell::new(FutState::Pending),
            callbacks: RefCell::new(Callbacks::None),
            task: None,
            gather: Cell::new(None),
            retrieved: Cell::new(false),
        })
    }

    pub fn is_task(&self) -> bool {
        self.task.is_some()
    }

    pub fn state(&self) -> FutState {
        self.state.borrow().clone()
    }

    pub fn done(&self) -> bool {
        !matches!(*self.state.borrow(), FutState::Pending)
    }

    pub fn cancelled(&self) -> bool {
        matches!(*self.state.borrow(), FutState::Cancelled)
    }

    pub fn describe(&self) -> String {
        let state = match &*self.state.borrow() {
            FutState::Pending => "pending".to_string(),
            FutState::Done(value) => format!("finished result={}", value.repr()),
            FutState::Failed(exc) => format!("finished exception={}", exc.repr()),
            FutState::Cancelled => "cancelled".to_string(),
        };
        match &self.task {
            Some(task) => format!("<Task {state} name='{}'>", task.name()),
            None => format!("<Future {state}>"),
        }
    }

    fn finish(&self, rt: &Loop, state: FutState) {
        *self.state.borrow_mut() = state;
        // `__schedule_callbacks`: each one call_soon, in the order added.
        match std::mem::take(&mut *self.callbacks.borrow_mut()) {
            Callbacks::None => {}
            Callbacks::One(callback) => rt.call_soon(callback),
            Callbacks::Many(callbacks) => callbacks.into_iter().for_each(|c| rt.call_soon(c)),
        }
    }

    pub fn set_result(&self, rt: &Loop, value: Value) {
        if !self.done() {
            self.finish(rt, FutState::Done(value));
        }
    }

    pub fn set_exception(&self, rt: &Loop, exc: Value) {
        if !self.done() {
            self.finish(rt, FutState::Failed(exc));
        }
    }

    /// `Future.cancel()`; a task's is [`cancel_task`].
    pub fn cancel(self: &Rc<Self>, rt: &Loop) -> bool {
        if self.done() {
            return false;
        }
        let gather = self.gather.take();
        self.gather.set(gather.clone());
        if let Some(gather) = gather {
            // `_GatheringFuture.cancel`: cancel the children instead.
            let mut any = false;
            for child in &gather.children {
                any |= cancel_future(rt, child);
            }
            if any {
                gather.cancel_requested.set(true);
            }
            return any;
        }
        self.finish(rt, FutState::Cancelled);
        true
    }

    pub fn add_done_callback(&self, rt: &Loop, callback: Callback) {
        if self.done() {
            rt.call_soon(callback);
        } else {
            let mut callbacks = self.callbacks.borrow_mut();
            *callbacks = match std::mem::take(&mut *callbacks) {
                Callbacks::None => Callbacks::One(callback),
                Callbacks::One(first) => Callbacks::Many(vec![first, callback]),
                Callbacks::Many(mut all) => {
                    all.push(callback);
                    Callbacks::Many(all)
                }
            };
        }
    }
}

/// `task.cancel()` or `future.cancel()`.
pub fn cancel_future(rt: &Loop, fut: &Rc<Fut>) -> bool {
    let Some(task) = &fut.task else {
        return fut.cancel(rt);
    };
    if fut.done() {
        return false;
    }
    let waiter = task.fut_waiter.borrow().clone();
    if let Some(waiter) = waiter {
        if cancel_future(rt, &waiter) {
            return true;
        }
    }
    task.must_cancel.set(true);
    true
}

/// `asyncio.gather`'s bookkeeping.
pub struct Gather {
    pub outer: Rc<Fut>,
    pub children: Vec<Rc<Fut>>,
    pub distinct: usize,
    pub finished: Cell<usize>,
    pub return_exceptions: bool,
    pub cancel_requested: Cell<bool>,
}

pub(super) struct Timer {
    when: f64,
    seq: u64,
    pub(super) fut: Rc<Fut>,
    /// The task that set it (the one its sleep wakes).
    pub(super) owner: Option<u32>,
}

impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timer {
    /// Reversed, so that std's max-heap pops the soonest, then the first set.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .when
            .total_cmp(&self.when)
            .then(other.seq.cmp(&self.seq))
    }
}

/// The event loop's state.
#[derive(Default)]
pub struct Loop {
    pub now: Cell<f64>,
    pub(super) ready: RefCell<VecDeque<Callback>>,
    pub(super) timers: RefCell<BinaryHeap<Timer>>,
    timer_seq: Cell<u64>,
    /// Every task created, by id.
    pub tasks: RefCell<Vec<Rc<Fut>>>,
    pub current: Cell<Option<u32>>,
    yielded: RefCell<Option<Yield>>,
    throw: RefCell<Option<Value>>,
    stopping: Cell<bool>,
    pub running: Cell<bool>,
    /// Callbacks run, for the limits.
    pub callbacks_run: Cell<u64>,
    /// Run the tasks one at a time (what "Expected" means), not as asyncio does.
    pub serial: Cell<bool>,
    /// Only the order counts: every sleep is a bare yield (its I/O may end
    /// at any moment), and `chooser` picks which ready task runs next.
    pub chooser: RefCell<Option<Box<dyn Chooser>>>,
    /// The explorer reads states: each suspended task keeps what it is
    /// in its [`TaskPart::parked`].
    pub keyed: Cell<bool>,
    /// Each step of an order-only run moves the clock on ([`super::Mode::paced`]).
    pub paced: Cell<bool>,
    /// The program can read tasks' names (the explorer's keys then tell
    /// every task apart: `key`).
    pub names_read: Cell<bool>,
    /// A goal is checked ([`super::Mode::goal_checked`]): the keys keep what
    /// lost updates and awaits inside a lock depend on.
    pub goal_checked: Cell<bool>,
    /// The most times a task suspended while holding a lock, in one hold.
    pub most_awaits_in_lock: Cell<u32>,
}

/// Picks the next task to run when more than one is ready (the explorer,
/// a replayed schedule, the learner as the scheduler).
pub trait Chooser {
    /// `ready`: the ready tasks' ids, in the order asyncio would run them;
    /// returns an index into it.
    /// `None` ends the run here (the explorer knows what follows).
    fn choose(&mut self, interp: &Interp, ready: &[u32]) -> Option<usize>;

    /// Only `task` is ready: it runs next, chosen by no one. Called while
    /// the loop's chooser is borrowed: it must not reach `rt.chooser`.
    fn forced(&mut self, _interp: &Interp, _task: u32) {}
}

impl Loop {
    /// Task `id` took a lock (`taken`) or let one go: what the awaits
    /// inside a lock are counted by.
    pub fn lock_changed_hands(&self, id: u32, taken: bool) {
        let tasks = self.tasks.borrow();
        let Some(part) = tasks.get(id as usize).and_then(|t| t.task.as_ref()) else {
            return;
        };
        let held = if taken {
            part.locks_held.get() + 1
        } else {
            part.locks_held.get().saturating_sub(1)
        };
        part.locks_held.set(held);
        if held == 0 {
            part.awaits_in_lock.set(0);
        }
    }

    /// Whether suspended tasks keep their state for the explorer: never in
    /// a build without the `explore` feature (the page's own wasm), where
    /// the code that keeps it is left out.
    #[inline]
    pub fn is_keyed(&self) -> bool {
        cfg!(feature = "explore") && self.keyed.get()
    }

    /// Room for `tasks` more tasks and their first steps.
    pub fn reserve(&self, tasks: usize) {
        self.tasks.borrow_mut().reserve(tasks);
        self.ready.borrow_mut().reserve(tasks);
        self.timers.borrow_mut().reserve(tasks);
    }

    pub fn call_soon(&self, callback: Callback) {
        self.ready.borrow_mut().push_back(callback);
    }

    /// `loop.call_later(delay, _set_result_unless_cancelled, fut)`. A sleep
    /// cancels its timer (`TimerHandle.cancel`) exactly when its future is
    /// cancelled, so a timer whose future is done is a cancelled one: it
    /// never fires and never moves the clock.
    pub fn call_later(&self, delay: f64, fut: Rc<Fut>) {
        let seq = self.timer_seq.get();
        self.timer_seq.set(seq + 1);
        self.timers.borrow_mut().push(Timer {
            when: self.now.get() + delay,
            seq,
            fut,
            owner: self.current.get(),
        });
    }

    /// What the running coroutine suspends on.
    pub fn suspend(&self, on: Yield) {
        *self.yielded.borrow_mut() = Some(on);
    }

    /// An exception thrown into the running task (its cancellation).
    pub fn take_throw(&self) -> Option<Value> {
        self.throw.borrow_mut().take()
    }

    pub fn create_task(&self, name: Option<Rc<str>>, coro: BoxFuture) -> Rc<Fut> {
        let id = self.tasks.borrow().len() as u32;
        let task = Rc::new(Fut {
            state: RefCell::new(FutState::Pending),
            callbacks: RefCell::new(Callbacks::None),
            task: Some(Box::new(TaskPart {
                id,
                given_name: name,
                coro: RefCell::new(Some(coro)),
                started: Cell::new(false),
                must_cancel: Cell::new(false),
                fut_waiter: RefCell::new(None),
                depth: Cell::new(0),
                parked: RefCell::new(super::key::Parked::Unknown),
                locks_held: Cell::new(0),
                awaits_in_lock: Cell::new(0),
                stopped_on: Cell::new(0),
            })),
            gather: Cell::new(None),
            retrieved: Cell::new(false),
        });
        self.tasks.borrow_mut().push(Rc::clone(&task));
        // `Task.__init__` schedules its first step.
        self.call_soon(Callback::Step(Rc::clone(&task)));
        task
    }

    /// The soonest live timer's deadline.
    fn next_deadline(&self) -> Option<f64> {
        let mut timers = self.timers.borrow_mut();
        while timers.peek().is_some_and(|t| t.fut.done()) {
            timers.pop();
        }
        timers.peek().map(|t| t.when)
    }

    /// Drops every pending callback and timer (the loop is closed).
    pub fn clear(&self) {
        self.ready.borrow_mut().clear();
        self.timers.borrow_mut().clear();
        self.yielded.borrow_mut().take();
        self.throw.borrow_mut().take();
    }

    /// The line task `id`'s last step stopped on (0 before it ran).
    pub fn stopped_on(&self, id: u32) -> u32 {
        let tasks = self.tasks.borrow();
        (tasks.get(id as usize).and_then(|t| t.task.as_ref()))
            .map_or(0, |part| part.stopped_on.get())
    }

    pub fn unfinished_tasks(&self) -> Vec<Rc<Fut>> {
        self.tasks
            .borrow()
            .iter()
            .filter(|t| !t.done())
            .cloned()
            .collect()
    }
}

/// How a loop run ended when it did not reach its future.
pub enum Halt {
    /// Nothing is ready and no timer is set: CPython would wait forever.
    Forever,
    Stop(Stop),
}

/// `loop.run_until_complete(fut)`: runs `_run_once` until `fut` is done
/// and its callback has stopped the loop.
pub fn run_until_complete(interp: &Rc<Interp>, fut: &Rc<Fut>) -> Result<(), Halt> {
    let rt = &interp.rt;
    fut.add_done_callback(rt, Callback::Stop);
    rt.running.set(true);
    if rt.serial.get() {
        let result = run_serially(interp);
        rt.running.set(false);
        return result;
    }
    if rt.chooser.borrow().is_some() {
        let result = run_chosen(interp);
        rt.running.set(false);
        return result;
    }
    let result = loop {
        // `_run_once`: with nothing ready, sleep to the next timer.
        if rt.ready.borrow().is_empty() {
            match rt.next_deadline() {
                Some(when) => rt.now.set(rt.now.get().max(when)),
                None => break Err(Halt::Forever),
            }
        }
        let now = rt.now.get();
        loop {
            let mut timers = rt.timers.borrow_mut();
            match timers.peek() {
                Some(t) if t.when <= now => {
                    if let Some(timer) = timers.pop() {
                        drop(timers);
                        if !timer.fut.done() {
                            rt.call_soon(Callback::SetResult(timer.fut, timer.owner));
                        }
                    }
                }
                _ => break,
            }
        }
        // Only what was ready when this pass began runs in it.
        let batch = rt.ready.borrow().len();
        let mut halted = None;
        for _ in 0..batch {
            let Some(callback) = rt.ready.borrow_mut().pop_front() else {
                break;
            };
            if let Err(stop) = run_callback(interp, callback) {
                halted = Some(stop);
                break;
            }
        }
        if let Some(stop) = halted {
            break Err(Halt::Stop(stop));
        }
        if rt.stopping.get() {
            rt.stopping.set(false);
            break Ok(());
        }
    };
    rt.running.set(false);
    result
}

impl Callback {
    /// The task this callback runs or wakes; `None` for the loop's own.
    pub(super) fn owner(&self) -> Option<u32> {
        match self {
            Callback::Step(task) | Callback::Wakeup(task) => task.task.as_ref().map(|t| t.id),
            Callback::SetResult(_, owner) => *owner,
            Callback::GatherDone(..) | Callback::Stop => None,
        }
    }
}

/// The program with its tasks run one at a time: the first task main made
/// runs until it finishes, then the next, and so on; main runs when no
/// other task is left. A task that cannot go on (it waits for another)
/// lets the next one run meanwhile. The clock still moves to each timer.
fn run_serially(interp: &Rc<Interp>) -> Result<(), Halt> {
    let rt = &interp.rt;
    // Each step looks at little, or 10,000 tasks would take minutes: the
    // tasks before `first` (main aside) have finished, and the first
    // `owned` callbacks of the ready queue are known to be tasks' own.
    let mut first = 1;
    let mut owned = 0;
    loop {
        if rt.stopping.replace(false) {
            return Ok(());
        }
        let free = {
            let ready = rt.ready.borrow();
            owned = owned.min(ready.len());
            let free = ready.iter().skip(owned).position(|c| c.owner().is_none());
            owned = free.map_or(ready.len(), |at| owned + at);
            free.map(|_| owned)
        };
        if let Some(at) = free {
            run_ready(interp, at)?;
            continue;
        }
        while rt.tasks.borrow().get(first).is_some_and(|t| t.done()) {
            first += 1;
        }
        // The first task in line that can go on, goes on: it runs if it is
        // ready, or the clock moves to its timer if it sleeps. In line: the
        // unfinished tasks, first made first, main last.
        let mut moved = false;
        let count = rt.tasks.borrow().len();
        for index in (first..count).chain([0]) {
            let id = {
                let tasks = rt.tasks.borrow();
                match tasks.get(index) {
                    Some(task) if !task.done() => task.task.as_ref().map(|p| p.id),
                    _ => None,
                }
            };
            let Some(id) = id else {
                continue;
            };
            let timer = rt
                .timers
                .borrow()
                .iter()
                .filter(|t| !t.fut.done() && t.owner == Some(id))
                .map(|t| (t.when, t.seq))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let ready = {
                let ready = rt.ready.borrow();
                // A task's callback is most often the newest (it just woke)
                // or among the first (its first step); a task asleep has
                // none (its step waits for the timer), so the whole queue
                // is searched only for a task that is not.
                let len = ready.len();
                let newest = (len.saturating_sub(4)..len)
                    .rev()
                    .find(|&at| ready[at].owner() == Some(id));
                newest.or_else(|| {
                    timer
                        .is_none()
                        .then(|| ready.iter().position(|c| c.owner() == Some(id)))
                        .flatten()
                })
            };
            if let Some(at) = ready {
                // The known prefix loses this callback, and stays known.
                if at < owned {
                    owned -= 1;
                }
                run_ready(interp, at)?;
                moved = true;
                break;
            }
            if let Some((when, seq)) = timer {
                fire(rt, when, seq);
                moved = true;
                break;
            }
        }
        if moved {
            continue;
        }
        // Every task waits on another: whatever timer there is fires.
        let any = rt
            .timers
            .borrow()
            .iter()
            .filter(|t| !t.fut.done())
            .map(|t| (t.when, t.seq))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        match any {
            Some((when, seq)) => fire(rt, when, seq),
            None => return Err(Halt::Forever),
        }
    }
}

/// The program in an order the chooser picks: the loop's own callbacks
/// (gather's, the stop) run at once; when more than one task is ready, the
/// chooser says which runs its next step.
fn run_chosen(interp: &Rc<Interp>) -> Result<(), Halt> {
    let rt = &interp.rt;
    loop {
        if rt.stopping.replace(false) {
            return Ok(());
        }
        let free = rt.ready.borrow().iter().position(|c| c.owner().is_none());
        if let Some(at) = free {
            run_ready(interp, at)?;
            continue;
        }
        // Each ready task once, at its first callback, in queue order.
        let mut tasks: Vec<u32> = Vec::new();
        let mut positions: Vec<usize> = Vec::new();
        for (at, callback) in rt.ready.borrow().iter().enumerate() {
            if let Some(task) = callback.owner() {
                if !tasks.contains(&task) {
                    tasks.push(task);
                    positions.push(at);
                }
            }
        }
        let at = match tasks.len() {
            0 => match rt.next_deadline() {
                // A timer set before the order-only mode began.
                Some(when) => {
                    fire_due(rt, when);
                    continue;
                }
                None => return Err(Halt::Forever),
            },
            1 => {
                if let Some(chooser) = rt.chooser.borrow_mut().as_mut() {
                    chooser.forced(interp, tasks[0]);
                }
                positions[0]
            }
            _ => {
                let pick = match rt.chooser.borrow_mut().as_mut() {
                    Some(chooser) => chooser.choose(interp, &tasks),
                    None => Some(0),
                };
                let Some(pick) = pick else {
                    return Err(Halt::Stop(Stop::Abandoned));
                };
                positions[pick.min(positions.len() - 1)]
            }
        };
        if rt.paced.get() {
            rt.now.set(rt.now.get() + 0.01);
        }
        run_ready(interp, at)?;
    }
}

/// Moves the clock to `when` and makes every timer due by then ready.
fn fire_due(rt: &Loop, when: f64) {
    rt.now.set(rt.now.get().max(when));
    loop {
        let mut timers = rt.timers.borrow_mut();
        match timers.peek() {
            Some(t) if t.when <= rt.now.get() => {
                if let Some(timer) = timers.pop() {
                    drop(timers);
                    if !timer.fut.done() {
                        rt.call_soon(Callback::SetResult(timer.fut, timer.owner));
                    }
                }
            }
            _ => return,
        }
    }
}

fn run_ready(interp: &Rc<Interp>, at: usize) -> Result<(), Halt> {
    let callback = interp.rt.ready.borrow_mut().remove(at);
    match callback {
        Some(callback) => run_callback(interp, callback).map_err(Halt::Stop),
        None => Ok(()),
    }
}

/// Moves the clock to the timer `seq` (due `when`) and makes its callback ready.
fn fire(rt: &Loop, when: f64, seq: u64) {
    rt.now.set(rt.now.get().max(when));
    let mut timers = rt.timers.borrow_mut();
    let kept: Vec<Timer> = std::mem::take(&mut *timers).into_vec();
    for timer in kept {
        if timer.seq == seq {
            rt.call_soon(Callback::SetResult(Rc::clone(&timer.fut), timer.owner));
        } else {
            timers.push(timer);
        }
    }
}

fn run_callback(interp: &Rc<Interp>, callback: Callback) -> Result<(), Stop> {
    let rt = &interp.rt;
    rt.callbacks_run.set(rt.callbacks_run.get() + 1);
    interp.check_total_steps()?;
    match callback {
        Callback::Step(task) => step(interp, &task),
        Callback::Wakeup(task) => {
            if let Some(part) = &task.task {
                part.fut_waiter.borrow_mut().take();
            }
            step(interp, &task)
        }
        Callback::SetResult(fut, _) => {
            fut.set_result(rt, Value::None);
            Ok(())
        }
        Callback::GatherDone(gather, child) => {
            gather_done(interp, &gather, &child);
            Ok(())
        }
        Callback::Stop => {
            rt.stopping.set(true);
            Ok(())
        }
    }
}

/// `Task.__step`: runs the task's coroutine to its next suspension.
fn step(interp: &Rc<Interp>, task: &Rc<Fut>) -> Result<(), Stop> {
    let rt = &interp.rt;
    let Some(part) = &task.task else {
        return Ok(());
    };
    if task.done() {
        return Ok(());
    }
    let throw = part
        .must_cancel
        .replace(false)
        .then(|| interp.cancelled_error());
    if throw.is_some() && !part.started.get() {
        // Thrown into a coroutine that never ran: it ends at once.
        part.coro.borrow_mut().take();
        task.finish(rt, FutState::Cancelled);
        return Ok(());
    }
    let Some(mut coro) = part.coro.borrow_mut().take() else {
        return Ok(());
    };
    *rt.throw.borrow_mut() = throw;
    if !part.started.replace(true) {
        interp.trace_started(part.id);
    }
    rt.current.set(Some(part.id));
    interp.steps_since_await.set(0);
    // Each task has its own call depth, kept while it is suspended.
    let outer_depth = interp.depth.replace(part.depth.get());
    let polled = coro.as_mut().poll(&mut Context::from_waker(Waker::noop()));
    part.depth.set(interp.depth.replace(outer_depth));
    part.stopped_on.set(interp.line.get());
    rt.current.set(None);
    match polled {
        Poll::Ready(result) => {
            interp.trace_finished(part.id);
            match result {
                Ok(value) => task.set_result(rt, value),
                Err(Raise::Exception(exc)) if interp.is_cancelled_error(&exc) => {
                    task.finish(rt, FutState::Cancelled)
                }
                Err(Raise::Exception(exc)) => task.set_exception(rt, exc),
                Err(Raise::Stop(stop)) => return Err(*stop),
            }
        }
        Poll::Pending => {
            *part.coro.borrow_mut() = Some(coro);
            if part.locks_held.get() > 0 {
                let awaits = part.awaits_in_lock.get() + 1;
                part.awaits_in_lock.set(awaits);
                rt.most_awaits_in_lock
                    .set(rt.most_awaits_in_lock.get().max(awaits));
            }
            match rt.yielded.borrow_mut().take() {
                Some(Yield::Future(waited)) => {
                    waited.add_done_callback(rt, Callback::Wakeup(Rc::clone(task)));
                    *part.fut_waiter.borrow_mut() = Some(Rc::clone(&waited));
                    if part.must_cancel.get() && cancel_future(rt, &waited) {
                        part.must_cancel.set(false);
                    }
                }
                Some(Yield::Bare) => rt.call_soon(Callback::Step(Rc::clone(task))),
                None => {
                    return Err(Stop::Internal(
                        "a coroutine suspended without saying on what".into(),
                    ))
                }
            }
        }
    }
    Ok(())
}

/// `gather`'s `_done_callback`.
fn gather_done(interp: &Rc<Interp>, gather: &Rc<Gather>, child: &Rc<Fut>) {
    let rt = &interp.rt;
    gather.finished.set(gather.finished.get() + 1);
    let outer = &gather.outer;
    if outer.done() {
        if !child.cancelled() {
            child.retrieved.set(true);
        }
        return;
    }
    if !gather.return_exceptions {
        match child.state() {
            FutState::Cancelled => {
                outer.set_exception(rt, interp.cancelled_error());
                return;
            }
            FutState::Failed(exc) => {
                child.retrieved.set(true);
                outer.set_exception(rt, exc);
                return;
            }
            _ => {}
        }
    }
    if gather.finished.get() == gather.distinct {
        let mut results = Vec::with_capacity(gather.children.len());
        for child in &gather.children {
            results.push(match child.state() {
                FutState::Done(value) => value,
                FutState::Failed(exc) => {
                    child.retrieved.set(true);
                    exc
                }
                _ => interp.cancelled_error(),
            });
        }
        if gather.cancel_requested.get() {
            outer.set_exception(rt, interp.cancelled_error());
        } else {
            outer.set_result(rt, Value::list(results));
        }
    }
}

/// `await fut` inside a task: suspends until `fut` is done, then gives its
/// result or raises its exception (`CancelledError` if it was cancelled).
pub struct Wait {
    interp: Rc<Interp>,
    fut: Rc<Fut>,
    suspended: bool,
}

impl Wait {
    pub fn new(interp: &Rc<Interp>, fut: Rc<Fut>) -> Self {
        Wait {
            interp: Rc::clone(interp),
            fut,
            suspended: false,
        }
    }
}

impl Future for Wait {
    type Output = R<Value>;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<R<Value>> {
        let this = &mut *self;
        if this.suspended {
            if let Some(exc) = this.interp.rt.take_throw() {
                return Poll::Ready(Err(Raise::Exception(exc)));
            }
        }
        match this.fut.state() {
            FutState::Pending => {
                this.suspended = true;
                this.interp.rt.suspend(Yield::Future(Rc::clone(&this.fut)));
                Poll::Pending
            }
            FutState::Done(value) => Poll::Ready(Ok(value)),
            FutState::Failed(exc) => {
                this.fut.retrieved.set(true);
                Poll::Ready(Err(Raise::Exception(exc)))
            }
            FutState::Cancelled => {
                Poll::Ready(Err(Raise::Exception(this.interp.cancelled_error())))
            }
        }
    }
}

/// `await asyncio.sleep(0)`: one trip to the back of the ready queue.
pub struct BareYield {
    interp: Rc<Interp>,
    yielded: bool,
}

impl BareYield {
    pub fn new(interp: &Rc<Interp>) -> Self {
        BareYield {
            interp: Rc::clone(interp),
            yielded: false,
        }
    }
}

impl Future for BareYield {
    type Output = R<Value>;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<R<Value>> {
        if self.yielded {
            return Poll::Ready(match self.interp.rt.take_throw() {
                Some(exc) => Err(Raise::Exception(exc)),
                None => Ok(Value::None),
            });
        }
        self.yielded = true;
        self.interp.rt.suspend(Yield::Bare);
        Poll::Pending
    }
}
