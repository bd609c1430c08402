//! The engine against CPython's asyncio itself.
//!
//! `tests/asyncio_oracle.py` runs the same programs on CPython's own event
//! loop, on a virtual clock that behaves like a learner's: it ticks 1 ns at
//! every reading, so equal sleeps fall due in the order they were set. For
//! every strategy and hundreds of timing vectors (many of them full of ties)
//! this test asserts that the engine and asyncio agree on:
//! - who wrote, what, in what order;
//! - which writes were lost, and which write erased each (the oracle works
//!   this out on its own, in Python);
//! - every other event, in order, at the same virtual millisecond;
//! - the final balance, the elapsed time and the ending (completed or deadlocked).
//!
//! `tests/article_real_clock.py` runs the article's own programs on CPython's
//! real clock (`asyncio.run`, real sleeps), and the write order it prints is
//! compared with the engine's.

use std::io::Write;
use std::process::{Command, Stdio};

use racecourse::sim::rng::SeededRng;
use racecourse::sim::{simulate, Ending, EventKind, LockName, Scenario, Strategy};

struct Case {
    scenario: Scenario,
}

impl Case {
    fn oracle_line(&self) -> String {
        let join = |list: &[u64]| {
            list.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        let s = &self.scenario;
        format!(
            "{} {} {} {} {}",
            s.strategy.slug(),
            s.initial,
            s.amount,
            // The scenario's own tasks; the oracle adds helpers itself.
            join(&s.task_delays()[..s.tasks as usize]),
            join(&s.task_starts()[..s.tasks as usize])
        )
    }
}

/// What both sides report for one case, in the oracle's text format.
#[derive(Debug, PartialEq, Eq)]
struct Report {
    header: String,
    events: Vec<String>,
    /// `lost 0>1 1>2`: each lost write (numbered from 0) and the write that erased it.
    lost: String,
}

impl Report {
    /// "T1 wrote 1100", in order: the write events alone.
    fn writes(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|line| {
                let mut words = line.split(' ');
                let (_, task, kind, value) =
                    (words.next()?, words.next()?, words.next()?, words.next()?);
                let task: u32 = task.parse().ok()?;
                (kind == "write").then(|| format!("T{} wrote {value}", task + 1))
            })
            .collect()
    }
}

fn lock_name(lock: LockName) -> &'static str {
    match lock {
        LockName::Lock => "lock",
        LockName::SelfLock => "self._lock",
        LockName::A => "a",
        LockName::B => "b",
    }
}

fn engine_report(scenario: &Scenario) -> Report {
    let outcome = simulate(scenario).expect("valid scenario");
    let ending = match outcome.ending {
        Some(Ending::Completed) => "completed",
        Some(Ending::Deadlock(_)) => "deadlock",
        ref other => panic!("unexpected ending {other:?}"),
    };
    let events: Vec<String> = outcome
        .trace
        .iter()
        .map(|e| {
            let what = match e.kind {
                EventKind::Started => "start".to_owned(),
                EventKind::Read { value } => format!("read {value}"),
                EventKind::IoStarted { ms } => format!("io {ms}"),
                EventKind::IoDone => "io_done".to_owned(),
                EventKind::LockRequested { lock } => format!("request {}", lock_name(lock)),
                EventKind::LockAcquired { lock } => format!("acquired {}", lock_name(lock)),
                EventKind::LockReleased { lock } => format!("released {}", lock_name(lock)),
                EventKind::Wrote { value, .. } => format!("write {value}"),
                EventKind::Retried => "retry".to_owned(),
                EventKind::Finished => "finish".to_owned(),
                EventKind::Sent { value } => format!("put {value}"),
                EventKind::Received { value } => format!("got {value}"),
            };
            format!("{} {} {}", e.time_ms, e.task, what)
        })
        .collect();
    let lost: Vec<String> = outcome
        .lost_writes
        .iter()
        .map(|l| format!("{}>{}", l.write, l.overwritten_by))
        .collect();
    Report {
        header: format!(
            "case {} {} {} {}",
            outcome.final_balance,
            outcome.elapsed_ms,
            ending,
            events.len()
        ),
        events,
        lost: std::iter::once("lost".to_owned())
            .chain(lost)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn oracle_reports(cases: &[Case]) -> Vec<Report> {
    let mut child = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/asyncio_oracle.py"
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is on every machine");
    let input: String = cases.iter().map(|c| c.oracle_line() + "\n").collect();
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write cases");
    let output = child.wait_with_output().expect("oracle ran");
    assert!(output.status.success(), "the asyncio oracle failed");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let mut lines = text.lines();
    let mut reports = Vec::new();
    while let Some(header) = lines.next() {
        let count: usize = header
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("event count");
        let events = lines.by_ref().take(count).map(str::to_owned).collect();
        let lost = lines.next().expect("a lost line").to_owned();
        reports.push(Report {
            header: header.to_owned(),
            events,
            lost,
        });
    }
    assert_eq!(reports.len(), cases.len(), "one report per case");
    reports
}

fn assert_same(cases: &[Case]) {
    let oracle = oracle_reports(cases);
    for (case, expected) in cases.iter().zip(oracle) {
        let actual = engine_report(&case.scenario);
        let what = case.oracle_line().chars().take(160).collect::<String>();
        // The most telling difference first: who wrote, in what order.
        assert_eq!(
            actual.writes(),
            expected.writes(),
            "write order differs on {what}"
        );
        assert_eq!(actual.lost, expected.lost, "lost writes differ on {what}");
        if actual != expected {
            let first_difference = actual
                .events
                .iter()
                .zip(&expected.events)
                .position(|(a, e)| a != e);
            panic!(
                "engine and asyncio disagree on {what}\n engine: {}\nasyncio: {}\nfirst differing event: {:?}",
                actual.header,
                expected.header,
                first_difference.map(|i| (&actual.events[i], &expected.events[i]))
            );
        }
    }
}

/// How a random case's delays and start offsets are drawn.
#[derive(Clone, Copy)]
enum Timing {
    /// Uniform in 0..=this many ms: wide spreads rarely collide, narrow ones
    /// (a few ms) collide all the time.
    Spread(u64),
    /// A multiple of 125 ms, up to this many: exact in binary floating point,
    /// so nominal ties are everywhere, within an instant and across instants
    /// (a start of 125 plus an I/O of 250 meets a start of 250 plus 125).
    Grid125(u64),
}

impl Timing {
    fn draw(self, rng: &mut SeededRng) -> u64 {
        match self {
            Timing::Spread(spread) => rng.uniform_inclusive(0, spread),
            Timing::Grid125(steps) => 125 * rng.uniform_inclusive(0, steps),
        }
    }
}

/// Random timing vectors, `per_strategy` for every strategy.
fn random_cases(seed: u64, per_strategy: usize, timing: Timing) -> Vec<Case> {
    let mut rng = SeededRng::new(seed);
    let mut cases = Vec::new();
    for &strategy in Strategy::ALL {
        for _ in 0..per_strategy {
            let tasks = rng.uniform_inclusive(1, 9) as u32;
            let delays = (0..tasks).map(|_| timing.draw(&mut rng)).collect();
            let starts = (0..tasks)
                .map(|_| {
                    // Half the tasks start at once, as `gather` starts them.
                    if rng.uniform_inclusive(0, 1) == 0 {
                        0
                    } else {
                        timing.draw(&mut rng)
                    }
                })
                .collect();
            cases.push(Case {
                scenario: Scenario {
                    strategy,
                    tasks,
                    initial: rng.uniform_inclusive(0, 2000) as i64,
                    amount: rng.uniform_inclusive(1, 100) as i64,
                    delays: Some(delays),
                    starts: Some(starts),
                    ..Scenario::article()
                },
            });
        }
    }
    cases
}

#[test]
fn distinct_event_times_match_asyncio() {
    // Delays up to a million virtual ms: collisions are rare.
    assert_same(&random_cases(2024, 40, Timing::Spread(1_000_000)));
}

#[test]
fn tied_event_times_match_asyncio() {
    // Delays of 0 to 6 ms: many timers fall due together, and a delay of 0
    // is asyncio's bare yield.
    assert_same(&random_cases(7, 40, Timing::Spread(6)));
}

#[test]
fn tie_heavy_timings_match_asyncio() {
    // Every delay and start a multiple of 125 ms (0 included): the vectors
    // that would have caught timers waking in heap order, not set order.
    assert_same(&random_cases(125, 60, Timing::Grid125(4)));
    assert_same(&random_cases(250, 20, Timing::Grid125(1)));
}

#[test]
fn the_articles_programs_match_asyncio() {
    let article = Scenario::article();
    let bank = Scenario::bank();
    let mut cases: Vec<Case> = [
        Strategy::Unsafe,
        Strategy::Lock,
        Strategy::Restructure,
        Strategy::LockTooLate,
        Strategy::LockTooNarrow,
        Strategy::LockTooNarrowIo,
    ]
    .into_iter()
    .flat_map(|s| {
        [
            Case {
                scenario: article.clone().with_strategy(s),
            },
            Case {
                scenario: bank.clone().with_strategy(s),
            },
        ]
    })
    .collect();
    // AsyncSafeCounter sleeps 1 ms; the deadlock example sleeps 10 ms.
    cases.push(Case {
        scenario: Scenario {
            delay_ms: 1,
            ..article.clone().with_strategy(Strategy::Counter)
        },
    });
    for strategy in [Strategy::OppositeOrder, Strategy::ConsistentOrder] {
        cases.push(Case {
            scenario: Scenario {
                tasks: 2,
                delay_ms: 10,
                ..article.clone().with_strategy(strategy)
            },
        });
    }
    // With jitter from the seeded RNG the engine still agrees.
    cases.push(Case {
        scenario: Scenario {
            jitter_ms: 40,
            seed: 99,
            ..article.with_strategy(Strategy::Unsafe)
        },
    });
    assert_same(&cases);
}

/// Runs the independent PCG32 in Python: (raw u32 outputs, uniform draws).
fn python_pcg32(seed: u64, count: usize, low: u64, high: u64) -> (Vec<u64>, Vec<u64>) {
    let output = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/pcg32_reference.py"
        ))
        .args([seed, count as u64, low, high].map(|n| n.to_string()))
        .output()
        .expect("python3 runs");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let numbers = |line: Option<&str>| -> Vec<u64> {
        line.expect("a line")
            .split(' ')
            .map(|n| n.parse().expect("number"))
            .collect()
    };
    let mut lines = text.lines();
    (numbers(lines.next()), numbers(lines.next()))
}

/// The seeded jitter is the same numbers an independent PCG32 in Python
/// computes: the algorithm is fixed, not whatever a crate version picks.
#[test]
fn seeded_randomness_matches_an_independent_pcg32() {
    // Narrow spans, and spans wider than 32 bits (drawn two words at a time).
    for (seed, low, high) in [
        (0u64, 0u64, 200u64),
        (42, 60, 140),
        (u64::MAX, 0, 7),
        (5, 3, 1 << 40),
        (6, 0, u64::MAX),
    ] {
        let (raw, draws) = python_pcg32(seed, 50, low, high);
        let mut rng = SeededRng::new(seed);
        let ours: Vec<u64> = (0..50).map(|_| u64::from(rng.next_u32())).collect();
        assert_eq!(ours, raw, "raw PCG32 output for seed {seed}");
        let mut rng = SeededRng::new(seed);
        let ours: Vec<u64> = (0..50).map(|_| rng.uniform_inclusive(low, high)).collect();
        assert_eq!(
            ours, draws,
            "uniform draws for seed {seed} in {low}..={high}"
        );
    }
}

/// A scenario's per-task delays are those draws over `delay ± jitter`, cut at 0.
#[test]
fn scenario_jitter_is_the_reference_draws() {
    for (seed, delay, jitter) in [
        (0u64, 100u64, 100u64),
        (42, 100, 40),
        (9, 10, 30),
        (3, 0, 5),
    ] {
        let scenario = Scenario {
            tasks: 50,
            delay_ms: delay,
            jitter_ms: jitter,
            seed,
            ..Scenario::article()
        };
        let (_, draws) = python_pcg32(seed, 50, delay.saturating_sub(jitter), delay + jitter);
        assert_eq!(
            scenario.task_delays(),
            draws,
            "seed {seed}, {delay} ± {jitter}"
        );
    }
}

/// The article's programs, run by `python3` on its real clock, print the
/// same writes in the same order as the engine: the bank example writes
/// T1 to T5 and T5's write survives; the 1000 tasks write T1 to T1000.
#[test]
fn the_articles_programs_on_cpythons_real_clock_write_as_the_engine_does() {
    let output = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/article_real_clock.py"
        ))
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let section = |title: &str| -> Vec<&str> {
        text.split("== ")
            .find(|part| part.starts_with(title))
            .unwrap_or_else(|| panic!("no section {title}"))
            .lines()
            .skip(1)
            .collect()
    };
    // "[T3] Wrote balance: 1100.0" -> "T3 wrote 1100"
    let printed_writes = |lines: &[&str], marker: &str| -> Vec<String> {
        lines
            .iter()
            .filter_map(|line| {
                let (task, value) = line.strip_prefix('[')?.split_once(marker)?;
                let value: f64 = value.trim().parse().ok()?;
                Some(format!(
                    "{} wrote {}",
                    task.trim_end_matches(']'),
                    value as i64
                ))
            })
            .collect()
    };
    let engine_writes = |scenario: Scenario| -> (Vec<String>, i64) {
        let outcome = simulate(&scenario).expect("valid");
        let writes = outcome
            .writes
            .iter()
            .map(|w| format!("T{} wrote {}", w.task + 1, w.value))
            .collect();
        (writes, outcome.final_balance)
    };
    let final_line = |lines: &[&str]| -> i64 {
        let line = lines
            .iter()
            .find_map(|l| l.strip_prefix("Final balance: "))
            .expect("a final balance");
        line.trim().parse::<f64>().expect("a number") as i64
    };

    let bank = section("bank\n");
    let (writes, final_balance) = engine_writes(Scenario::bank());
    assert_eq!(printed_writes(&bank, "] Wrote balance:"), writes);
    assert_eq!(final_line(&bank), final_balance);
    assert_eq!(writes.last().map(String::as_str), Some("T5 wrote 1100"));

    let locked = section("bank with lock");
    let (writes, final_balance) = engine_writes(Scenario::bank().with_strategy(Strategy::Lock));
    assert_eq!(printed_writes(&locked, "] Released lock, balance:"), writes);
    assert_eq!(final_line(&locked), final_balance);

    let thousand = section("1000 tasks");
    let (writes, final_balance) = engine_writes(Scenario::article());
    let writers: Vec<&str> = thousand
        .iter()
        .find_map(|l| l.strip_prefix("writers "))
        .expect("the writers line")
        .split(' ')
        .collect();
    let engine_writers: Vec<&str> = writes.iter().filter_map(|w| w.split(' ').next()).collect();
    assert_eq!(writers, engine_writers);
    assert_eq!(writers.last(), Some(&"T1000"));
    assert_eq!(final_line(&thousand), final_balance);
}

/// Bigger runs than the random vectors above: tens of tasks per strategy.
#[test]
fn larger_runs_match_asyncio() {
    let mut rng = SeededRng::new(77);
    let mut cases = Vec::new();
    for &strategy in Strategy::ALL {
        for _ in 0..3 {
            let tasks = rng.uniform_inclusive(20, 60) as u32;
            cases.push(Case {
                scenario: Scenario {
                    tasks,
                    jitter_ms: rng.uniform_inclusive(0, 50),
                    delay_ms: rng.uniform_inclusive(0, 60),
                    seed: rng.uniform_inclusive(0, 1000),
                    starts: Some((0..tasks).map(|_| rng.uniform_inclusive(0, 40)).collect()),
                    ..Scenario::article().with_strategy(strategy)
                },
            });
        }
    }
    assert_same(&cases);
}
