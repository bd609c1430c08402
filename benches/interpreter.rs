//! How fast the interpreter runs the article's program, against CPython's
//! own event loop running the same text on the same exact virtual clock
//! (`tests/py_oracle.py --time`), in one run: `cargo bench --bench interpreter`.
//! Each side's time is its fastest of thirty runs: on a shared machine the
//! same binary's fastest of ten differed by 1.5x between two invocations.
//!
//! Then synchronous code, against `python3` running the same text.
//!
//! Reported, not asserted: timings belong in notes.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use racecourse::py::run::{run, Limits, ProgramRun};
use racecourse::sim::{Scenario, Strategy};
use racecourse::view::program::python;

/// The best of thirty runs of `program`.
fn interpreted_seconds(program: &str) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..30 {
        let start = Instant::now();
        let ran: ProgramRun = run(program, Limits::default()).expect("the program parses");
        best = best.min(start.elapsed().as_secs_f64());
        std::hint::black_box(ran);
    }
    best
}

fn cpython_seconds(program: &str) -> Option<f64> {
    let mut child = Command::new("python3")
        .args(["tests/py_oracle.py", "--time"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let quoted = format!("[{:?}]", program); // Rust's escapes are JSON's for this text
    child.stdin.take()?.write_all(quoted.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

/// The best of thirty runs of `program` by `python3` itself, its prints
/// discarded.
fn cpython_sync_seconds(program: &str) -> Option<f64> {
    let script = r#"import io, sys, time
src = sys.stdin.read()
code = compile(src, "<program>", "exec")
best = float("inf")
for _ in range(30):
    out, sys.stdout = sys.stdout, io.StringIO()
    start = time.perf_counter()
    exec(code, {"__name__": "__main__"})
    best = min(best, time.perf_counter() - start)
    sys.stdout = out
print(best)
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(program.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

fn main() {
    println!(
        "{:<28} {:>14} {:>14} {:>8}",
        "program", "interpreter", "CPython loop", "ratio"
    );
    for (strategy, tasks) in [
        (Strategy::Unsafe, 1000),
        (Strategy::Lock, 1000),
        (Strategy::Unsafe, 10_000),
        (Strategy::Lock, 10_000),
    ] {
        let program = python(
            &Scenario::article()
                .with_tasks(tasks)
                .with_strategy(strategy),
        );
        let ours = interpreted_seconds(&program);
        let theirs = cpython_seconds(&program);
        report(&format!("{tasks} tasks, {strategy}"), ours, theirs);
    }
    println!();
    println!(
        "{:<28} {:>14} {:>14} {:>8}",
        "synchronous", "interpreter", "CPython", "ratio"
    );
    for (label, program) in SYNCHRONOUS {
        report(
            label,
            interpreted_seconds(program),
            cpython_sync_seconds(program),
        );
    }
}

/// One line of the table: ours, theirs, and how many times faster ours is.
fn report(label: &str, ours: f64, theirs: Option<f64>) {
    match theirs {
        Some(theirs) => println!(
            "{label:<28} {:>11.2} ms {:>11.2} ms {:>7.1}x",
            ours * 1000.0,
            theirs * 1000.0,
            theirs / ours
        ),
        None => println!(
            "{label:<28} {:>11.2} ms   (python3 did not run)",
            ours * 1000.0
        ),
    }
}

/// Synchronous programs, each within the playground's limits.
const SYNCHRONOUS: [(&str, &str); 3] = [
    (
        "while loop, 30,000 turns",
        "def f(n):\n    t = 0\n    i = 0\n    while i < n:\n        t = t + i * 2\n        i += 1\n    return t\nprint(f(30000))\n",
    ),
    (
        "fib(18), recursive calls",
        "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(18))\n",
    ),
    (
        "comprehension, 90,000 items",
        "print(sum([x * x for x in range(90000) if x % 3]))\n",
    ),
];
