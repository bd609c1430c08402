//! An async lock with `asyncio.Lock`'s semantics, usable from any executor.
//!
//! The rules, from CPython's `asyncio/locks.py`:
//! - `acquire()` on a free lock with nobody queued returns at once. It does
//!   **not** suspend: an uncontended `async with lock:` is not an await point.
//! - Otherwise the task queues (FIFO) and suspends.
//! - `release()` frees the lock and wakes the first waiter. Until that waiter
//!   runs, newcomers see a non-empty queue and queue behind it: nobody barges.
//!
//! Waiting tasks are woken through their `Waker`, so the same lock works on
//! the engine's virtual-clock executor and on the browser's event loop.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use super::trace::TaskId;

#[derive(Debug)]
struct Waiter {
    task: TaskId,
    waker: Waker,
    /// `release()` resolved this waiter's future; it owns the lock once it runs.
    woken: bool,
}

#[derive(Debug, Default)]
struct LockState {
    locked: bool,
    holder: Option<TaskId>,
    waiters: VecDeque<Waiter>,
}

#[derive(Debug, Default)]
pub struct AsyncLock {
    state: RefCell<LockState>,
}

impl AsyncLock {
    /// Waits for the lock; resolves once `task` holds it.
    pub fn acquire(&self, task: TaskId) -> Acquire<'_> {
        Acquire {
            lock: self,
            task,
            queued: false,
            done: false,
        }
    }

    /// Frees the lock and hands it to the first waiter, if any.
    pub fn release(&self) {
        let mut state = self.state.borrow_mut();
        state.locked = false;
        state.holder = None;
        wake_first(&mut state);
    }

    pub fn holder(&self) -> Option<TaskId> {
        self.state.borrow().holder
    }

    /// The queued tasks, first in line first.
    pub fn waiting(&self) -> Vec<TaskId> {
        self.state.borrow().waiters.iter().map(|w| w.task).collect()
    }

    /// The queue, first in line first: each task, and whether a release has
    /// handed it the lock (it owns it once it runs).
    pub fn queue(&self) -> Vec<(TaskId, bool)> {
        self.state
            .borrow()
            .waiters
            .iter()
            .map(|w| (w.task, w.woken))
            .collect()
    }

    /// Queued tasks that nothing has woken yet: until a release, they cannot run.
    pub fn blocked(&self) -> usize {
        self.state
            .borrow()
            .waiters
            .iter()
            .filter(|w| !w.woken)
            .count()
    }
}

fn wake_first(state: &mut LockState) {
    if let Some(first) = state.waiters.front_mut() {
        if !first.woken {
            first.woken = true;
            first.waker.wake_by_ref();
        }
    }
}

/// The future returned by [`AsyncLock::acquire`].
#[derive(Debug)]
pub struct Acquire<'a> {
    lock: &'a AsyncLock,
    task: TaskId,
    queued: bool,
    done: bool,
}

impl Future for Acquire<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.lock.state.borrow_mut();
        if !self.queued {
            if !state.locked && state.waiters.is_empty() {
                state.locked = true;
                state.holder = Some(self.task);
                drop(state);
                self.done = true;
                return Poll::Ready(());
            }
            state.waiters.push_back(Waiter {
                task: self.task,
                waker: cx.waker().clone(),
                woken: false,
            });
            drop(state);
            self.queued = true;
            return Poll::Pending;
        }
        let task = self.task;
        match state.waiters.front() {
            Some(front) if front.task == task && front.woken => {
                state.waiters.pop_front();
                state.locked = true;
                state.holder = Some(task);
                drop(state);
                self.done = true;
                Poll::Ready(())
            }
            _ => {
                if let Some(me) = state.waiters.iter_mut().find(|w| w.task == task) {
                    me.waker.clone_from(cx.waker());
                }
                Poll::Pending
            }
        }
    }
}

impl Drop for Acquire<'_> {
    /// A waiter that goes away (its run was reset) leaves the queue; if it had
    /// already been handed the lock, the next waiter gets it, as asyncio does
    /// for a cancelled waiter.
    fn drop(&mut self) {
        if !self.queued || self.done {
            return;
        }
        let Ok(mut state) = self.lock.state.try_borrow_mut() else {
            return;
        };
        if let Some(pos) = state.waiters.iter().position(|w| w.task == self.task) {
            let was_woken = state.waiters[pos].woken;
            state.waiters.remove(pos);
            if was_woken && !state.locked {
                wake_first(&mut state);
            }
        }
    }
}
