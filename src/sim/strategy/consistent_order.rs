//! The deadlock's fix: every task takes the locks in the same order, A then
//! B. Whoever holds A can always get B eventually, so there is no cycle.

use crate::sim::task::Task;
use crate::sim::trace::LockName;

pub async fn transfer(task: &Task) {
    let _a = task.lock(LockName::A).await;
    task.io().await;
    let _b = task.lock(LockName::B).await; // same order everywhere
    task.add_to_balance(task.amount);
}
