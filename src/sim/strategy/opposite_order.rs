//! Two locks taken in opposite orders. Even-numbered tasks (T1, T3, ...) take
//! `lock_a` then `lock_b`; odd-numbered ones take `lock_b` then `lock_a`.
//! T1 holds A and waits for B while T2 holds B and waits for A: neither can
//! go on, and asyncio would hang forever. The engine detects it instead.

use crate::sim::task::{Runtime, Task};
use crate::sim::trace::LockName;

pub async fn transfer<R: Runtime>(task: &Task<R>) {
    let (first, second) = if task.id % 2 == 0 {
        (LockName::A, LockName::B) // task1
    } else {
        (LockName::B, LockName::A) // task2: different order!
    };
    let _first = task.lock(first).await;
    task.io().await;
    let _second = task.lock(second).await; // DEADLOCK RISK
    task.add_to_balance(task.amount);
}
