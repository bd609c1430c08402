//! Runs a Python file `times` times, for a profiler:
//! `cargo run --release --example pyloop -- FILE 10`.

use racecourse::py::run::{run, Limits};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a Python file");
    let times: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let program = std::fs::read_to_string(path).expect("readable");
    for _ in 0..times {
        let ran = run(&program, Limits::default()).expect("parses");
        std::hint::black_box(ran);
    }
}
