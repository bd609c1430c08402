//! Solution 2: do the I/O first, then read and write with no await between.
//!
//! Between two awaits a task runs alone, so `balance += amount` cannot be
//! interleaved. Correct, and all the I/O still overlaps: one delay in total.

use crate::sim::task::Task;

pub async fn credit(task: &Task) {
    task.io().await; // I/O before touching shared state
    task.add_to_balance(task.amount); // balance += amount, no await inside
}
