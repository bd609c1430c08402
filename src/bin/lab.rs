//! The lab worker's entry point (built by Trunk as a Web Worker): the
//! engine, off the page's thread and out of its first load.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: racecourse::Allocator = racecourse::allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    racecourse::lab::worker_main();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The lab is a Web Worker of the Racecourse page.");
}

/// How many milliseconds `run` takes on the article's program with `tasks`
/// tasks of `strategy`, or NaN for an unknown strategy or a failed run.
#[cfg(target_arch = "wasm32")]
fn timed(tasks: u32, strategy: &str, run: impl FnOnce(&racecourse::sim::Scenario) -> bool) -> f64 {
    use racecourse::sim::{Scenario, Strategy};
    let Ok(strategy) = strategy.parse::<Strategy>() else {
        return f64::NAN;
    };
    let scenario = Scenario::article()
        .with_strategy(strategy)
        .with_tasks(tasks);
    let now = racecourse::lab::live::now_ms;
    let started = now();
    let ran = run(&scenario);
    let elapsed = now() - started;
    if ran {
        elapsed
    } else {
        f64::NAN
    }
}

/// For the browser benchmark (`tests/e2e/bench.mjs`, which imports the
/// lab's module on a page): how many milliseconds the engine takes to
/// simulate `tasks` tasks of `strategy`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_simulate_ms(tasks: u32, strategy: &str) -> f64 {
    timed(tasks, strategy, |s| racecourse::sim::simulate(s).is_ok())
}

/// For the browser benchmark: how many milliseconds the schedule explorer
/// takes to count every interleaving (NaN if too big to count).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_explore_ms(tasks: u32, strategy: &str) -> f64 {
    timed(tasks, strategy, |s| {
        racecourse::sim::explore::explore(s).is_ok()
    })
}

/// For the browser benchmark: the most tasks of `strategy` the explorer
/// counts exactly (its plan's boundary, where counting takes longest), or 0.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_largest_exact(strategy: &str) -> u32 {
    use racecourse::sim::explore::{plan, Plan};
    use racecourse::sim::{Scenario, Strategy};
    let Ok(strategy) = strategy.parse::<Strategy>() else {
        return 0;
    };
    (1..=racecourse::sim::schedule::MAX_ORDER_TASKS)
        .take_while(|&tasks| {
            let scenario = Scenario::article()
                .with_strategy(strategy)
                .with_tasks(tasks);
            matches!(plan(&scenario), Plan::Count(_))
        })
        .last()
        .unwrap_or(0)
}
