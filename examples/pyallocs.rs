//! Allocations per task of the article's program interpreted:
//! `cargo run --release --example pyallocs`. Counted
//! on this thread, as the difference between 2,000 and 1,000 tasks, so
//! what a run allocates once does not count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use racecourse::py::run::{run, Limits};
use racecourse::sim::{Scenario, Strategy};
use racecourse::view::program::python;

struct Counting;

thread_local! {
    static COUNT: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = COUNT.try_with(|count| count.set(count.get() + 1));
        let _ = BYTES.try_with(|bytes| bytes.set(bytes.get() + layout.size()));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Allocations and bytes allocated by one run of `tasks` tasks.
fn allocated(strategy: Strategy, tasks: u32) -> (usize, usize) {
    let program = python(
        &Scenario::article()
            .with_tasks(tasks)
            .with_strategy(strategy),
    );
    let before = (COUNT.with(Cell::get), BYTES.with(Cell::get));
    let ran = run(&program, Limits::default()).expect("the program parses");
    let after = (COUNT.with(Cell::get), BYTES.with(Cell::get));
    drop(ran);
    (after.0 - before.0, after.1 - before.1)
}

fn main() {
    for strategy in [Strategy::Unsafe, Strategy::Lock] {
        let small = allocated(strategy, 1000);
        let large = allocated(strategy, 2000);
        println!(
            "{strategy}: {:.2} allocations, {:.0} bytes a task",
            (large.0 - small.0) as f64 / 1000.0,
            (large.1 - small.1) as f64 / 1000.0
        );
    }
}
