//! How long exact counting of a learner's program takes natively, and how
//! many states it merges: the article's credit, unsafe and with a lock,
//! at 3 to 12 tasks. `cargo run --release --example explore_programs`.

use std::time::Instant;

use racecourse::py::run::explore::Explorer;
use racecourse::py::run::{Limits, Mode};

fn program(tasks: usize, lock: bool) -> String {
    let body = if lock {
        "    async with lock:\n        current = balance\n        await asyncio.sleep(0.1)\n        balance = current + 1\n"
    } else {
        "    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\n"
    };
    format!(
        "import asyncio\nbalance = 0\nlock = asyncio.Lock()\nasync def credit():\n    global balance\n{body}async def main():\n    await asyncio.gather(*[credit() for _ in range({tasks})])\nasyncio.run(main())\n"
    )
}

fn main() {
    let most: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(12);
    println!("| program | tasks | states | replays | schedules | ms |");
    println!("|---|---|---|---|---|---|");
    for lock in [false, true] {
        for tasks in 3..=most {
            let source = program(tasks, lock);
            let start = Instant::now();
            let mut explorer =
                Explorer::new(&source, Limits::default(), Mode::default(), Some("balance"))
                    .expect("parses");
            let result = explorer.finish();
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            match result {
                Ok(all) => println!(
                    "| {} | {tasks} | {} | {} | {} | {ms:.1} |",
                    if lock { "lock" } else { "no lock" },
                    all.states,
                    all.runs,
                    all.total()
                ),
                Err(why) => println!("| {tasks} | not counted: {why:?} | {ms:.1} |"),
            }
        }
    }
}
