//! Mistake 2 as it bites in real code: the read, then I/O, then a lock around
//! the write alone. The lock serialises the writes, but each one is computed
//! from a read taken before the await, so updates are lost all the same.

use crate::sim::task::Task;
use crate::sim::trace::LockName;

pub async fn credit(task: &Task) {
    let current = task.read_balance(); // not protected
    task.io().await; // state crosses this await
    let _held = task.lock(LockName::Lock).await;
    task.write_balance(current + task.amount); // "protected", and stale
}
