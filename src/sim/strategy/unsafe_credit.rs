//! The bug. Read the balance, await I/O, write back `current + amount`.
//!
//! Every task that reads before the first write lands computes its new
//! balance from the same stale value, so only the last write survives:
//! "if state crosses an await, assume it is wrong until you check it again".

use crate::sim::task::Task;

pub async fn credit(task: &Task) {
    let current = task.read_balance(); // READ
    task.io().await; // SUSPEND: every other task runs here
    task.write_balance(current + task.amount); // WRITE from a stale read
}
