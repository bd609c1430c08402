//! Solution 3: the state and its lock live together in one type, so no
//! caller can forget the lock. (The article's `AsyncSafeCounter`.)

use crate::sim::task::Task;
use crate::sim::trace::LockName;

/// The counter's value is the shared balance.
pub struct AsyncSafeCounter;

impl AsyncSafeCounter {
    pub async fn increment(&self, task: &Task, delta: i64) -> i64 {
        let _held = task.lock(LockName::SelfLock).await; // async with self._lock:
        task.io().await; // I/O can safely happen inside the lock
        task.add_to_balance(delta); // self._value += delta
        task.read_balance() // return self._value
    }
}

pub async fn credit(task: &Task) {
    AsyncSafeCounter.increment(task, task.amount).await;
}
