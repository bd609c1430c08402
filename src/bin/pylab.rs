//! The program lab's entry point (built by Trunk as a Web Worker, with the
//! `explore` feature): every schedule of the learner's program, counted
//! off the page's thread (`racecourse::lab::program`).

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: racecourse::Allocator = racecourse::allocator();

#[cfg(all(target_arch = "wasm32", feature = "explore"))]
fn main() {
    racecourse::lab::program::worker_main();
}

#[cfg(all(target_arch = "wasm32", not(feature = "explore")))]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The program lab is a Web Worker of the Racecourse page.");
}

/// For the browser benchmark (`tests/e2e/bench.mjs programs`): how many
/// milliseconds counting every schedule of `program` takes, or NaN if it
/// does not run or is too big to count.
#[cfg(all(target_arch = "wasm32", feature = "explore"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_program_ms(program: &str) -> f64 {
    let now = js_sys::Date::now;
    let started = now();
    let question = racecourse::view::explored::Question {
        program: std::rc::Rc::from(program),
        locks_off: false,
        watched: Some("balance".to_owned()),
        goal: None,
    };
    match racecourse::lab::program::summarize(&question, now, |_| {}) {
        Ok(summary) if summary.draws.is_none() => now() - started,
        _ => f64::NAN,
    }
}

/// The learner's program run on the page's own thread, for the full app
/// (`src/app/interpreter.rs`): the request as `view::learner::run_request`
/// writes it, the run as `LearnerRun::encode` does.
#[cfg(all(target_arch = "wasm32", feature = "explore"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn run_learner(request: &str) -> Vec<f64> {
    racecourse::lab::program::run_learner(request, racecourse::web::scenario_from_query)
}
