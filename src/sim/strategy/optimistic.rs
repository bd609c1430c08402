//! Beyond the article: optimistic concurrency. No lock; remember the
//! balance's version, do the I/O, and write only if nobody else wrote in the
//! meantime. Otherwise start again. Correct, but under contention most tasks
//! redo their I/O many times.

use crate::sim::task::Task;

pub async fn credit(task: &Task) {
    loop {
        let seen = task.read_versioned(); // value and version
        task.io().await;
        if task.write_if_unchanged(seen, seen.value + task.amount) {
            return; // nobody wrote since our read
        }
    }
}
