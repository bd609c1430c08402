//! asyncio's `sleep`, `gather`, `Lock`, `Semaphore`, `Event` and `Queue`,
//! line for line as CPython 3.11's `tasks.py`, `locks.py` and `queues.py`
//! write them: the same futures, the same waiter queues, so the same hops
//! through the ready queue.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use super::aio::{BareYield, Callback, Fut, FutState, Gather, Wait};
use super::hash::FastMap;
use super::interp::{Interp, Raise, R};
use super::value::Value;

/// `await asyncio.sleep(delay)`.
pub async fn sleep(interp: Rc<Interp>, delay: f64) -> R<Value> {
    let task = interp.rt.current.get();
    interp.trace_slept(task, delay);
    // Where only the order counts, any sleep may end at once.
    let ordered = interp.rt.chooser.borrow().is_some();
    let result = if delay <= 0.0 || ordered {
        BareYield::new(&interp).await
    } else {
        let fut = Fut::new();
        interp.rt.call_later(delay, Rc::clone(&fut));
        Wait::new(&interp, fut).await
    };
    interp.trace_woke(task);
    result.map(|_| Value::None)
}

/// `asyncio.gather(*aws, return_exceptions=...)`: a future, not a coroutine.
pub fn gather(interp: &Rc<Interp>, awaitables: Vec<Value>, return_exceptions: bool) -> R<Value> {
    let rt = &interp.rt;
    let outer = Fut::new();
    if awaitables.is_empty() {
        outer.set_result(rt, Value::list(Vec::new()));
        return Ok(Value::Future(outer));
    }
    let mut children: Vec<Rc<Fut>> = Vec::with_capacity(awaitables.len());
    // `arg_to_fut`: one child per distinct awaitable, in first-seen order.
    let mut seen: FastMap<usize, usize> = FastMap::default();
    seen.reserve(awaitables.len());
    // Room for the tasks about to start, at once rather than doubling.
    rt.reserve(awaitables.len());
    interp.recorder.borrow_mut().reserve(awaitables.len());
    let mut distinct: Vec<Rc<Fut>> = Vec::with_capacity(awaitables.len());
    for awaitable in &awaitables {
        let identity = awaitable.identity();
        if let Some(&at) = seen.get(&identity) {
            children.push(Rc::clone(&distinct[at]));
            continue;
        }
        let fut = interp.ensure_future(awaitable.clone())?;
        seen.insert(identity, distinct.len());
        distinct.push(Rc::clone(&fut));
        children.push(fut);
    }
    let gather = Rc::new(Gather {
        outer: Rc::clone(&outer),
        children: children.clone(),
        distinct: distinct.len(),
        finished: Cell::new(0),
        return_exceptions,
        cancel_requested: Cell::new(false),
    });
    for fut in &distinct {
        fut.add_done_callback(rt, Callback::GatherDone(Rc::clone(&gather), Rc::clone(fut)));
    }
    outer.gather.set(Some(gather));
    Ok(Value::Future(outer))
}

/// Pops the first waiter that is not done yet and resolves it
/// (`Queue._wakeup_next`).
fn wake_next(interp: &Interp, waiters: &RefCell<VecDeque<Rc<Fut>>>) {
    loop {
        let Some(waiter) = waiters.borrow_mut().pop_front() else {
            return;
        };
        if !waiter.done() {
            waiter.set_result(&interp.rt, Value::None);
            return;
        }
    }
}

/// Removes `fut` from a waiter queue (`deque.remove`).
fn remove(waiters: &RefCell<VecDeque<Rc<Fut>>>, fut: &Rc<Fut>) {
    let mut waiters = waiters.borrow_mut();
    if let Some(at) = waiters.iter().position(|w| Rc::ptr_eq(w, fut)) {
        waiters.remove(at);
    }
}

/// `asyncio.Lock`.
#[derive(Default)]
pub struct PyLock {
    pub(super) locked: Cell<bool>,
    pub(super) waiters: RefCell<VecDeque<Rc<Fut>>>,
    /// Its number in the trace, and who holds it (for the page).
    pub id: Cell<Option<u32>>,
    pub holder: Cell<Option<u32>>,
}

impl PyLock {
    pub fn locked(&self) -> bool {
        self.locked.get()
    }

    pub fn state_word(&self) -> &'static str {
        if self.locked.get() {
            "locked"
        } else {
            "unlocked"
        }
    }

    fn wake_up_first(&self, interp: &Interp) {
        let first = self.waiters.borrow().front().cloned();
        if let Some(first) = first {
            if !first.done() {
                first.set_result(&interp.rt, Value::Bool(true));
            }
        }
    }

    pub fn release(&self, interp: &Interp) -> R<()> {
        // The lock switch off: this lock is never held (as if its `async
        // with` line were not there).
        if interp.locks_off.get() {
            return Ok(());
        }
        if !self.locked.get() {
            return Err(interp.error("RuntimeError", "Lock is not acquired."));
        }
        self.locked.set(false);
        if let Some(holder) = self.holder.take() {
            interp.rt.lock_changed_hands(holder, false);
        }
        interp.trace_released(self);
        self.wake_up_first(interp);
        Ok(())
    }
}

/// `await lock.acquire()`.
pub async fn acquire(interp: Rc<Interp>, lock: Rc<PyLock>) -> R<Value> {
    if acquire_now(&interp, &lock) {
        return Ok(Value::Bool(true));
    }
    interp.trace_requested(&lock);
    #[cfg(feature = "explore")]
    interp.park_also(&[Value::Lock(Rc::clone(&lock))]);
    let fut = Fut::new();
    lock.waiters.borrow_mut().push_back(Rc::clone(&fut));
    let waited = Wait::new(&interp, Rc::clone(&fut)).await;
    remove(&lock.waiters, &fut);
    if let Err(error) = waited {
        if !lock.locked.get() {
            lock.wake_up_first(&interp);
        }
        return Err(error);
    }
    take(&interp, &lock);
    Ok(Value::Bool(true))
}

/// Takes `lock` if it is free (no waiter that could still take it), as
/// asyncio's `acquire` does without suspending; false if it must wait.
pub fn acquire_now(interp: &Interp, lock: &PyLock) -> bool {
    if interp.locks_off.get() {
        let line = interp.line.get();
        let mut lines = interp.ignored_lock_lines.borrow_mut();
        if let Err(at) = lines.binary_search(&line) {
            lines.insert(at, line);
        }
        return true;
    }
    let free = !lock.locked.get() && lock.waiters.borrow().iter().all(|w| w.cancelled());
    if free {
        interp.trace_requested(lock);
        take(interp, lock);
    }
    free
}

fn take(interp: &Interp, lock: &PyLock) {
    lock.locked.set(true);
    lock.holder.set(interp.rt.current.get());
    if let Some(holder) = interp.rt.current.get() {
        interp.rt.lock_changed_hands(holder, true);
    }
    interp.trace_acquired(lock);
}

/// `asyncio.Semaphore`.
pub struct PySemaphore {
    pub(super) value: Cell<i64>,
    pub(super) waiters: RefCell<VecDeque<Rc<Fut>>>,
}

impl PySemaphore {
    pub fn new(value: i64) -> Self {
        PySemaphore {
            value: Cell::new(value),
            waiters: RefCell::new(VecDeque::new()),
        }
    }

    pub fn locked(&self) -> bool {
        self.value.get() == 0 || self.waiters.borrow().iter().any(|w| !w.cancelled())
    }

    fn wake_up_next(&self, interp: &Interp) {
        let waiters = self.waiters.borrow().clone();
        for fut in waiters {
            if !fut.done() {
                self.value.set(self.value.get() - 1);
                fut.set_result(&interp.rt, Value::Bool(true));
                return;
            }
        }
    }

    pub fn release(&self, interp: &Interp) {
        self.value.set(self.value.get() + 1);
        self.wake_up_next(interp);
    }
}

/// `await semaphore.acquire()`.
pub async fn acquire_semaphore(interp: Rc<Interp>, sem: Rc<PySemaphore>) -> R<Value> {
    if !sem.locked() {
        sem.value.set(sem.value.get() - 1);
        return Ok(Value::Bool(true));
    }
    #[cfg(feature = "explore")]
    interp.park_also(&[Value::Semaphore(Rc::clone(&sem))]);
    let fut = Fut::new();
    sem.waiters.borrow_mut().push_back(Rc::clone(&fut));
    let waited = Wait::new(&interp, Rc::clone(&fut)).await;
    remove(&sem.waiters, &fut);
    if let Err(error) = waited {
        if !fut.cancelled() {
            sem.value.set(sem.value.get() + 1);
            sem.wake_up_next(&interp);
        }
        return Err(error);
    }
    if sem.value.get() > 0 {
        sem.wake_up_next(&interp);
    }
    Ok(Value::Bool(true))
}

/// `asyncio.Event`.
#[derive(Default)]
pub struct PyEvent {
    pub value: Cell<bool>,
    pub(super) waiters: RefCell<VecDeque<Rc<Fut>>>,
}

impl PyEvent {
    pub fn set(&self, interp: &Interp) {
        if !self.value.replace(true) {
            let waiters = self.waiters.borrow().clone();
            for fut in waiters {
                if !fut.done() {
                    fut.set_result(&interp.rt, Value::Bool(true));
                }
            }
        }
    }
}

/// `await event.wait()`.
pub async fn wait_event(interp: Rc<Interp>, event: Rc<PyEvent>) -> R<Value> {
    if event.value.get() {
        return Ok(Value::Bool(true));
    }
    #[cfg(feature = "explore")]
    interp.park_also(&[Value::Event(Rc::clone(&event))]);
    let fut = Fut::new();
    event.waiters.borrow_mut().push_back(Rc::clone(&fut));
    let waited = Wait::new(&interp, Rc::clone(&fut)).await;
    remove(&event.waiters, &fut);
    waited.map(|_| Value::Bool(true))
}

/// `asyncio.Queue`.
pub struct PyQueue {
    pub items: RefCell<VecDeque<Value>>,
    pub maxsize: i64,
    pub(super) getters: RefCell<VecDeque<Rc<Fut>>>,
    pub(super) putters: RefCell<VecDeque<Rc<Fut>>>,
    pub(super) unfinished: Cell<i64>,
    pub(super) finished: Rc<PyEvent>,
}

impl PyQueue {
    pub fn new(maxsize: i64) -> Self {
        let finished = Rc::new(PyEvent::default());
        finished.value.set(true);
        PyQueue {
            items: RefCell::new(VecDeque::new()),
            maxsize,
            getters: RefCell::new(VecDeque::new()),
            putters: RefCell::new(VecDeque::new()),
            unfinished: Cell::new(0),
            finished,
        }
    }

    pub fn full(&self) -> bool {
        self.maxsize > 0 && self.items.borrow().len() as i64 >= self.maxsize
    }

    pub fn put_nowait(&self, interp: &Interp, item: Value) -> R<Value> {
        if self.full() {
            return Err(interp.error("QueueFull", ""));
        }
        interp.trace_put(&item);
        self.items.borrow_mut().push_back(item);
        self.unfinished.set(self.unfinished.get() + 1);
        self.finished.value.set(false);
        wake_next(interp, &self.getters);
        Ok(Value::None)
    }

    pub fn get_nowait(&self, interp: &Interp) -> R<Value> {
        let Some(item) = self.items.borrow_mut().pop_front() else {
            return Err(interp.error("QueueEmpty", ""));
        };
        interp.trace_got(&item);
        wake_next(interp, &self.putters);
        Ok(item)
    }

    pub fn task_done(&self, interp: &Interp) -> R<Value> {
        if self.unfinished.get() <= 0 {
            return Err(interp.error("ValueError", "task_done() called too many times"));
        }
        self.unfinished.set(self.unfinished.get() - 1);
        if self.unfinished.get() == 0 {
            self.finished.set(interp);
        }
        Ok(Value::None)
    }

    pub fn finished_event(&self) -> Rc<PyEvent> {
        Rc::clone(&self.finished)
    }
}

/// `await queue.put(item)`.
pub async fn put(interp: Rc<Interp>, queue: Rc<PyQueue>, item: Value) -> R<Value> {
    while queue.full() {
        #[cfg(feature = "explore")]
        interp.park_also(&[Value::Queue(Rc::clone(&queue)), item.clone()]);
        let putter = Fut::new();
        queue.putters.borrow_mut().push_back(Rc::clone(&putter));
        if let Err(error) = Wait::new(&interp, Rc::clone(&putter)).await {
            putter.cancel(&interp.rt);
            remove(&queue.putters, &putter);
            if !queue.full() && !putter.cancelled() {
                wake_next(&interp, &queue.putters);
            }
            return Err(error);
        }
    }
    queue.put_nowait(&interp, item)
}

/// `await queue.get()`.
pub async fn get(interp: Rc<Interp>, queue: Rc<PyQueue>) -> R<Value> {
    while queue.items.borrow().is_empty() {
        #[cfg(feature = "explore")]
        interp.park_also(&[Value::Queue(Rc::clone(&queue))]);
        let getter = Fut::new();
        queue.getters.borrow_mut().push_back(Rc::clone(&getter));
        if let Err(error) = Wait::new(&interp, Rc::clone(&getter)).await {
            getter.cancel(&interp.rt);
            remove(&queue.getters, &getter);
            if !queue.items.borrow().is_empty() && !getter.cancelled() {
                wake_next(&interp, &queue.getters);
            }
            return Err(error);
        }
    }
    queue.get_nowait(&interp)
}

/// The result of a done future, as `fut.result()` gives it.
pub fn result_of(interp: &Interp, fut: &Fut) -> R<Value> {
    match fut.state() {
        FutState::Done(value) => Ok(value),
        FutState::Failed(exc) => {
            fut.retrieved.set(true);
            Err(Raise::Exception(exc))
        }
        FutState::Cancelled => Err(Raise::Exception(interp.cancelled_error())),
        FutState::Pending => Err(interp.error("InvalidStateError", "Result is not set.")),
    }
}
