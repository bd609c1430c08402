//! What a run allocates per task. At 100,000 tasks the engine's time goes
//! mostly to the allocator and to fresh memory, so this is its speed in a
//! number that does not flake: each task's future and its waker, and nothing
//! per sleep, per timer or per write beyond the trace's own growth.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use racecourse::sim::{simulate, Scenario, Strategy};

/// Counts the allocations made on the thread that asks, so that tests
/// running beside it on other threads do not count.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn allocations_of(scenario: &Scenario) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    let outcome = simulate(scenario).expect("valid scenario");
    let made = ALLOCATIONS.with(Cell::get) - before;
    drop(outcome);
    made
}

#[test]
fn a_run_allocates_two_blocks_a_task_and_nothing_per_sleep() {
    let tasks = 2_000;
    for strategy in [Strategy::Unsafe, Strategy::Lock] {
        let scenario = Scenario::article()
            .with_strategy(strategy)
            .with_tasks(tasks);
        let made = allocations_of(&scenario);
        // The future and the waker of each task, plus a few dozen vectors
        // (the trace, the ready queue, the timers, the lock's queue) that
        // grow by doubling.
        assert!(
            made <= 2 * tasks as usize + 100,
            "{strategy}: {made} allocations for {tasks} tasks"
        );
    }
}
