//! An unbounded async queue with `asyncio.Queue`'s semantics, usable from
//! any executor.
//!
//! From CPython's `asyncio/queues.py`:
//! - `put()` on an unbounded queue never suspends: it appends the item and
//!   resolves the first waiting getter's future (which schedules that task).
//! - `get()` returns at once when an item is there; otherwise it queues a
//!   future, suspends, and on waking checks again (`while self.empty()`).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct QueueState {
    items: VecDeque<i64>,
    /// Waiting getters, oldest first: each a "resolved" flag and a waker.
    getters: VecDeque<(Rc<Cell<bool>>, Waker)>,
}

#[derive(Default)]
pub struct AsyncQueue {
    state: RefCell<QueueState>,
}

impl AsyncQueue {
    /// `queue.put_nowait(item)`.
    pub fn put(&self, item: i64) {
        let mut state = self.state.borrow_mut();
        state.items.push_back(item);
        // `_wakeup_next(self._getters)`: resolve the first getter still waiting.
        while let Some((resolved, waker)) = state.getters.pop_front() {
            if !resolved.get() {
                resolved.set(true);
                waker.wake();
                break;
            }
        }
    }

    /// The items waiting, oldest first, and how many getters wait for one.
    pub fn contents(&self) -> (Vec<i64>, usize) {
        let state = self.state.borrow();
        let waiting = state.getters.iter().filter(|(r, _)| !r.get()).count();
        (state.items.iter().copied().collect(), waiting)
    }

    /// `await queue.get()`.
    pub fn get(&self) -> Get<'_> {
        Get {
            queue: self,
            waiting: None,
        }
    }
}

/// The future returned by [`AsyncQueue::get`].
pub struct Get<'a> {
    queue: &'a AsyncQueue,
    /// Our getter's flag while we wait.
    waiting: Option<Rc<Cell<bool>>>,
}

impl Future for Get<'_> {
    type Output = i64;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i64> {
        if let Some(resolved) = &self.waiting {
            if !resolved.get() {
                return Poll::Pending;
            }
        }
        let mut state = self.queue.state.borrow_mut();
        if let Some(item) = state.items.pop_front() {
            drop(state);
            self.waiting = None;
            return Poll::Ready(item);
        }
        // Empty: queue a getter and suspend (again, if woken for nothing).
        let resolved = Rc::new(Cell::new(false));
        state
            .getters
            .push_back((Rc::clone(&resolved), cx.waker().clone()));
        drop(state);
        self.waiting = Some(resolved);
        Poll::Pending
    }
}
