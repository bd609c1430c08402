//! Runs the article's program interpreted, many times, for a profiler:
//! `cargo run --release --example pyspeed -- 10000 20` (add `lock` for the
//! version with the lock). Profiled with `perf record`, `valgrind
//! --tool=callgrind` (instructions, steady from run to run) or `valgrind
//! --tool=dhat` (each allocation site, with its count and size).

use racecourse::py::run::{run, Limits};
use racecourse::sim::{Scenario, Strategy};
use racecourse::view::program::python;

fn main() {
    let mut args = std::env::args().skip(1);
    let tasks: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let times: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let strategy = match args.next().as_deref() {
        Some("lock") => Strategy::Lock,
        _ => Strategy::Unsafe,
    };
    let program = python(
        &Scenario::article()
            .with_tasks(tasks)
            .with_strategy(strategy),
    );
    for _ in 0..times {
        let ran = run(&program, Limits::default()).expect("parses");
        std::hint::black_box(ran);
    }
}
