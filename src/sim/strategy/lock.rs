//! Solution 1: the whole read-await-write inside one lock.
//!
//! Correct, but the I/O now happens one task at a time: N tasks take N times
//! the I/O delay, not the "5-12% overhead" the article measured.

use crate::sim::task::Task;
use crate::sim::trace::LockName;

pub async fn credit(task: &Task) {
    let _held = task.lock(LockName::Lock).await; // async with lock:
    let current = task.read_balance();
    task.io().await; // others queue for the lock meanwhile
    task.write_balance(current + task.amount);
} // the lock is released here
