//! Mistake 2 exactly as the article writes it: read, then lock only the write.
//!
//! The article calls this wrong, and as a habit it is. But here nothing can
//! go wrong: there is no await between the read and the write, and taking a
//! free `asyncio.Lock` does not suspend, so no other task runs in between.
//! Not one update is lost. (Add I/O before the lock and it breaks: see
//! "Mistake 2, with I/O first".)

use crate::sim::task::Task;
use crate::sim::trace::LockName;

pub async fn credit(task: &Task) {
    let current = task.read_balance(); // not protected...
    let _held = task.lock(LockName::Lock).await; // ...but this never suspends
    task.write_balance(current + task.amount);
}
