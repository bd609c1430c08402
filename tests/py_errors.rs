//! What goes wrong in a learner's program is said as CPython says it, on
//! the line CPython names; what the playground stops itself (an endless
//! loop, runaway recursion, too many tasks) gets a plain sentence; and the
//! text printed before the failure is kept. (Programs that do not parse are
//! checked in `py_front_end.rs`.)

mod common;

use common::corpus::RAISING;
use common::programs::{assert_none_differ, cpython};
use racecourse::py::run::{run, Ending, Limits};

#[test]
fn runtime_errors_read_as_cpythons_last_traceback_line_on_its_line() {
    let programs: Vec<String> = RAISING
        .iter()
        .map(|p| format!("print('before')\n{p}\n"))
        .collect();
    let reports = cpython(&programs);
    let mut wrong = Vec::new();
    for (program, report) in programs.iter().zip(reports) {
        let ran = run(program, Limits::default()).unwrap_or_else(|e| panic!("{e}\n{program}"));
        let expected = (report.ending.clone(), report.line, report.output.clone());
        let got = match &ran.ending {
            Ending::Exception { message, line } => (message.clone(), *line, ran.output.clone()),
            other => (format!("{other:?}"), 0, ran.output.clone()),
        };
        if got != expected {
            wrong.push(format!(
                "{program}\n  CPython: {expected:?}\n  here:    {got:?}"
            ));
        } else {
            assert_eq!(
                ran.error_message(),
                Some(format!("line {}: {}", report.line, report.ending))
            );
        }
    }
    assert_none_differ(&wrong, programs.len());
}

fn stopped(program: &str, limits: Limits) -> (String, u32) {
    let ran = run(program, limits).unwrap_or_else(|e| panic!("{e}\n{program}"));
    match ran.ending {
        Ending::Stopped { message, line } => (message, line),
        Ending::Exception { message, line } => (message, line),
        other => panic!("{program} ended {other:?}"),
    }
}

#[test]
fn a_task_that_never_awaits_is_stopped_with_its_name() {
    let program = "import asyncio\nasync def spin():\n    while True:\n        pass\nasync def main():\n    await asyncio.gather(spin(), spin(), spin())\nasyncio.run(main())\n";
    let (message, line) = stopped(program, Limits::default());
    assert_eq!(
        message,
        "T1 has not awaited for 100,000 steps: an endless loop?"
    );
    assert!((3..=4).contains(&line), "at the loop, not line {line}");
    let program = "import asyncio\nasync def slow(n):\n    await asyncio.sleep(n)\n    while n > 0:\n        n = n + 1\nasync def main():\n    await asyncio.gather(slow(1), slow(2), slow(3))\nasyncio.run(main())\n";
    assert!(stopped(program, Limits::default())
        .0
        .starts_with("T1 has not awaited"));
    let (message, _) = stopped("x = 0\nwhile x >= 0:\n    x += 1\n", Limits::default());
    assert_eq!(
        message,
        "The program has not awaited for 100,000 steps: an endless loop?"
    );
}

#[test]
fn runaway_recursion_ends_in_recursion_error_not_a_crash() {
    for program in [
        "def down(n):\n    return down(n + 1)\ndown(0)\n",
        "import asyncio\nasync def down(n):\n    await down(n + 1)\nasyncio.run(down(0))\n",
        // Through every kind of block, each a level of its own.
        "def down(n):\n    if n >= 0:\n        for i in [1]:\n            try:\n                while True:\n                    return down(n + 1)\n            finally:\n                pass\ndown(0)\n",
        "import asyncio\nasync def down(n):\n    if n >= 0:\n        for i in [1]:\n            try:\n                while True:\n                    await down(n + 1)\n            finally:\n                pass\nasyncio.run(down(0))\n",
    ] {
        let (message, _) = stopped(program, Limits::default());
        assert!(
            message.starts_with("RecursionError: maximum recursion depth exceeded"),
            "{message}"
        );
    }
    // Deep, but not runaway, is fine.
    let ran = run(
        "def down(n):\n    return 0 if n == 0 else 1 + down(n - 1)\nprint(down(100))\n",
        Limits::default(),
    )
    .expect("parses");
    assert_eq!(ran.output, "100\n");
}

#[test]
fn too_many_tasks_and_too_long_runs_are_refused_with_a_sentence() {
    let program = "import asyncio\nasync def work():\n    await asyncio.sleep(0.1)\nasync def main():\n    await asyncio.gather(*[work() for _ in range(200)])\nasyncio.run(main())\n";
    let limits = Limits {
        tasks: 100,
        ..Limits::default()
    };
    let (message, _) = stopped(program, limits);
    assert_eq!(
        message,
        "the program made more than 100 tasks, the playground's limit"
    );
    let limits = Limits {
        total_steps: 5_000,
        ..Limits::default()
    };
    let long = "import asyncio\nasync def main():\n    for i in range(10000):\n        await asyncio.sleep(0)\nasyncio.run(main())\n";
    let (message, _) = stopped(long, limits);
    assert_eq!(
        message,
        "the program ran too long for the playground and was stopped: try fewer tasks or shorter loops"
    );
}

#[test]
fn integers_beyond_the_playground_are_an_error_never_a_wrong_number() {
    for program in [
        "x = 2 ** 62\nprint(x * 4)",
        "print(99999999999999999999)",
        "x = -9223372036854775807 - 1\nprint(-x)",
    ] {
        let (message, _) = stopped(program, Limits::default());
        assert_eq!(
            message,
            "OverflowError: this playground's integers stop at 9,223,372,036,854,775,807"
        );
    }
}

#[test]
fn what_the_playground_does_not_run_says_so() {
    for (program, said) in [
        (
            "import asyncio\nasyncio.wait_for(None, 1)",
            "`asyncio.wait_for` is not part of this playground",
        ),
        ("s = {1, 2}", "sets are not part of this playground"),
        (
            "class A:\n    pass\nclass B:\n    pass\nclass C(A, B):\n    pass",
            "a class with more than one base is not part of this playground",
        ),
    ] {
        let (message, _) = stopped(program, Limits::default());
        assert!(message.contains(said), "{message}");
    }
}

#[test]
fn a_coroutine_never_awaited_is_warned_about_as_cpython_warns() {
    let program = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    balance += 1\nasync def main():\n    credit()\n    await asyncio.sleep(0.1)\n    print(balance)\nasyncio.run(main())\n";
    let ran = run(program, Limits::default()).expect("parses");
    assert_eq!(ran.output, "0\n");
    assert_eq!(
        ran.warnings,
        vec!["RuntimeWarning: coroutine 'credit' was never awaited".to_string()]
    );
}

#[test]
fn a_program_waiting_forever_is_named_with_what_it_printed() {
    let program = "import asyncio\na = asyncio.Lock()\nb = asyncio.Lock()\nasync def one():\n    async with a:\n        await asyncio.sleep(0.1)\n        async with b:\n            pass\nasync def two():\n    async with b:\n        await asyncio.sleep(0.1)\n        async with a:\n            pass\nasync def main():\n    print('start')\n    await asyncio.gather(one(), two())\nasyncio.run(main())\n";
    let ran = run(program, Limits::default()).expect("parses");
    assert_eq!(ran.ending, Ending::Forever);
    assert_eq!(ran.output, "start\n");
    assert_eq!(cpython(&[program.to_string()])[0].ending, "forever");
}

#[test]
fn a_huge_program_is_refused_with_its_size() {
    let program = "x = 1\n".repeat(20_000);
    let error = run(&program, Limits::default()).err().expect("refused");
    assert_eq!(
        error.to_string(),
        "line 1: this program is 120,000 bytes long; the playground runs programs of up to 65,536 bytes"
    );
    // Just under the limit, it runs.
    let program = "x = 1\n".repeat(10_000);
    assert_eq!(
        run(&program, Limits::default()).expect("runs").ending,
        Ending::Completed
    );
}
