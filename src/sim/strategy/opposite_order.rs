//! Two locks taken in opposite orders. Odd-numbered tasks (T1, T3, ...) take
//! `lock_a` then `lock_b`; even-numbered ones (T2, T4, ...) take `lock_b` then `lock_a`.
//! T1 holds A and waits for B while T2 holds B and waits for A: neither can
//! go on, and asyncio would hang forever. The engine detects it instead.

use crate::sim::task::Task;
use crate::sim::trace::LockName;

pub async fn transfer(task: &Task) {
    let (first, second) = if task.number() % 2 == 1 {
        (LockName::A, LockName::B) // T1, T3, ...: the article's task1
    } else {
        (LockName::B, LockName::A) // T2, T4, ...: task2, the other order!
    };
    let _first = task.lock(first).await;
    task.io().await;
    let _second = task.lock(second).await; // DEADLOCK RISK
    task.add_to_balance(task.amount);
}
