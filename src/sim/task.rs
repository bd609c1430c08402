//! What a strategy's code can do: read and write the balance, await I/O, take
//! a lock. Each call records an event, so the code the learner reads is
//! exactly what produces the trace.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::account::{Account, ReadStamp};
use super::lock::AsyncLock;
use super::queue::AsyncQueue;
use super::trace::{Event, EventKind, LockName, TaskId};

/// Where time comes from and how a task sleeps: the engine's virtual clock,
/// or the browser's real timers. (A trait object, so each strategy is
/// compiled once and reads without type parameters.)
pub trait Runtime {
    fn now_ms(&self) -> u64;
    /// `asyncio.sleep(ms / 1000)`; a zero sleep still yields once, as asyncio's does.
    fn sleep(&self, task: TaskId, ms: u64) -> Pin<Box<dyn Future<Output = ()>>>;

    /// Polls a sleep kept inside the task's own future. By default the first
    /// poll boxes [`Runtime::sleep`]'s future; the engine's clock keeps the
    /// whole sleep in `state` instead, so that a sleep allocates nothing.
    fn poll_sleep(&self, task: TaskId, state: &mut SleepState, cx: &mut Context<'_>) -> Poll<()> {
        if let SleepState::New { ms } = *state {
            *state = SleepState::Boxed(self.sleep(task, ms));
        }
        match state {
            SleepState::Boxed(future) => future.as_mut().poll(cx),
            _ => Poll::Ready(()),
        }
    }
}

/// Where a sleep stands; what each state means is the runtime's.
pub enum SleepState {
    /// Not polled yet.
    New { ms: u64 },
    /// `asyncio.sleep(0)`: yielded once.
    Yielded,
    /// Waiting for the virtual clock's timer with this registration number.
    Waiting { timer: u64 },
    /// Another runtime's sleep future.
    Boxed(Pin<Box<dyn Future<Output = ()>>>),
}

/// `await asyncio.sleep(...)` on a task's runtime.
pub struct Sleep<'a> {
    task: &'a Task,
    state: SleepState,
}

impl Future for Sleep<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let task = this.task;
        task.world.runtime.poll_sleep(task.id, &mut this.state, cx)
    }
}

/// Everything the tasks of one run share.
pub struct World {
    pub runtime: Box<dyn Runtime>,
    account: RefCell<Account>,
    locks: [AsyncLock; LockName::ALL.len()],
    queue: AsyncQueue,
    /// How many tasks run the strategy's main program; any after them are
    /// helpers (the single writer).
    producers: u32,
    trace: RefCell<Vec<Event>>,
}

impl World {
    pub fn new(runtime: Box<dyn Runtime>, initial_balance: i64, producers: u32) -> Self {
        Self {
            runtime,
            account: RefCell::new(Account::new(initial_balance)),
            locks: Default::default(),
            queue: AsyncQueue::default(),
            producers,
            trace: RefCell::new(Vec::new()),
        }
    }

    pub fn record(&self, task: TaskId, kind: EventKind) {
        let time_ms = self.runtime.now_ms();
        self.trace.borrow_mut().push(Event {
            time_ms,
            task,
            kind,
        });
    }

    /// Makes room for `events` more events at once, instead of growing the
    /// trace by copying it as it fills.
    pub fn reserve_events(&self, events: usize) {
        self.trace.borrow_mut().reserve(events);
    }

    pub fn lock(&self, name: LockName) -> &AsyncLock {
        &self.locks[name.index()]
    }

    pub fn queue(&self) -> &AsyncQueue {
        &self.queue
    }

    /// The balance and how many writes have landed.
    pub fn balance_and_version(&self) -> (i64, u32) {
        let account = self.account.borrow();
        (account.balance(), account.version())
    }

    /// Calls `visit` with every event from the `from`th on (no copy).
    pub fn visit_events_since(&self, from: usize, mut visit: impl FnMut(&Event)) {
        if let Some(events) = self.trace.borrow().get(from..) {
            events.iter().for_each(&mut visit);
        }
    }

    pub fn trace_len(&self) -> usize {
        self.trace.borrow().len()
    }

    /// Tasks queued for a lock that no release has handed to them yet. When
    /// every unfinished task is one of these, none can ever run: a deadlock.
    pub fn blocked_on_locks(&self) -> usize {
        self.locks.iter().map(AsyncLock::blocked).sum()
    }

    /// When the newest event happened.
    pub fn last_event_ms(&self) -> Option<u64> {
        self.trace.borrow().last().map(|e| e.time_ms)
    }

    /// Events recorded since the first `from` (a running run reports these).
    pub fn events_since(&self, from: usize) -> Vec<Event> {
        self.trace
            .borrow()
            .get(from..)
            .map(<[Event]>::to_vec)
            .unwrap_or_default()
    }

    /// A copy of the trace and the account as they stand (a run in progress).
    pub fn snapshot(&self) -> (Vec<Event>, Account) {
        (self.trace.borrow().clone(), self.account.borrow().clone())
    }

    /// Hands over the trace and the account, leaving empty ones behind.
    pub fn take_results(&self) -> (Vec<Event>, Account) {
        let trace = std::mem::take(&mut *self.trace.borrow_mut());
        let initial = self.account.borrow().initial();
        let account = std::mem::replace(&mut *self.account.borrow_mut(), Account::new(initial));
        (trace, account)
    }
}

/// One task's handle on the world: what a strategy function receives.
pub struct Task {
    pub id: TaskId,
    /// How much this task credits.
    pub amount: i64,
    io_ms: u64,
    world: Rc<World>,
    last_read: Cell<Option<ReadStamp>>,
}

impl Task {
    pub fn new(id: TaskId, amount: i64, io_ms: u64, world: Rc<World>) -> Self {
        Self {
            id,
            amount,
            io_ms,
            world,
            last_read: Cell::new(None),
        }
    }

    fn record(&self, kind: EventKind) {
        self.world.record(self.id, kind);
    }

    fn now(&self) -> u64 {
        self.world.runtime.now_ms()
    }

    fn sleep(&self, ms: u64) -> Sleep<'_> {
        Sleep {
            task: self,
            state: SleepState::New { ms },
        }
    }

    /// `current = balance`
    pub fn read_balance(&self) -> i64 {
        self.read_versioned().value
    }

    /// The balance and its version (how many writes it has seen), for compare-and-retry.
    pub fn read_versioned(&self) -> ReadStamp {
        let stamp = self.world.account.borrow().read(self.now());
        self.last_read.set(Some(stamp));
        self.record(EventKind::Read { value: stamp.value });
        stamp
    }

    /// `balance = value`, computed from this task's last read.
    pub fn write_balance(&self, value: i64) {
        let now = self.now();
        let mut account = self.world.account.borrow_mut();
        // A write with no read before it saw everything there was to see.
        let based_on = self.last_read.get().unwrap_or_else(|| account.read(now));
        let (write, overwrote) = account.write(self.id, value, based_on, now);
        drop(account);
        self.record(EventKind::Wrote {
            value,
            write,
            overwrote,
        });
    }

    /// `balance += amount`: a read and a write with no await between them.
    pub fn add_to_balance(&self, amount: i64) {
        let current = self.read_balance();
        self.write_balance(current + amount);
    }

    /// The task's simulated I/O (`await asyncio.sleep(0.1)` in the article).
    pub async fn io(&self) {
        self.record(EventKind::IoStarted { ms: self.io_ms });
        self.sleep(self.io_ms).await;
        self.record(EventKind::IoDone);
    }

    /// `async with lock:`. The guard releases the lock when dropped, as the
    /// `async with` block's end does.
    pub async fn lock(&self, name: LockName) -> LockGuard<'_> {
        self.record(EventKind::LockRequested { lock: name });
        self.world.lock(name).acquire(self.id).await;
        self.record(EventKind::LockAcquired { lock: name });
        LockGuard { task: self, name }
    }

    /// Writes `value` only if nobody wrote since `seen`; no await in between.
    pub fn write_if_unchanged(&self, seen: ReadStamp, value: i64) -> bool {
        if self.world.account.borrow().version() != seen.version {
            self.record(EventKind::Retried);
            return false;
        }
        self.write_balance(value);
        true
    }

    /// The task's number as the page shows it: T1 is 1.
    pub fn number(&self) -> u32 {
        self.id + 1
    }

    /// Whether this is a helper task (the single writer), not one of the
    /// scenario's own tasks.
    pub fn is_helper(&self) -> bool {
        self.id >= self.world.producers
    }

    /// How many of the scenario's own tasks there are.
    pub fn peers(&self) -> u32 {
        self.world.producers
    }

    /// `await queue.put(value)`: an unbounded queue, so it never suspends.
    pub async fn send(&self, value: i64) {
        self.record(EventKind::Sent { value });
        self.world.queue.put(value);
    }

    /// `value = await queue.get()`.
    pub async fn receive(&self) -> i64 {
        let value = self.world.queue.get().await;
        self.record(EventKind::Received { value });
        value
    }

    /// Sleeps before the task's body begins, without recording it as I/O.
    pub(crate) async fn wait_to_start(&self, ms: u64) {
        self.sleep(ms).await;
    }

    pub(crate) fn started(&self) {
        self.record(EventKind::Started);
    }

    pub(crate) fn finished(&self) {
        self.record(EventKind::Finished);
    }
}

/// Held while inside `async with lock:`.
pub struct LockGuard<'a> {
    task: &'a Task,
    name: LockName,
}

impl Drop for LockGuard<'_> {
    fn drop(&mut self) {
        self.task.world.lock(self.name).release();
        self.task
            .record(EventKind::LockReleased { lock: self.name });
    }
}
