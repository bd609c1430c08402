//! Mistake 1: locking too late. The read happens before the lock, so the
//! value carried into the critical section is already stale.

use crate::sim::task::Task;
use crate::sim::trace::LockName;

pub async fn credit(task: &Task) {
    let current = task.read_balance(); // race condition already happened
    let _held = task.lock(LockName::Lock).await;
    task.io().await;
    task.write_balance(current + task.amount);
}
