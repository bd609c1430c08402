//! The program lab: a worker of its own that counts every schedule of the
//! learner's program ([`crate::py::run::explore`]), off the page's thread.
//! It holds the interpreter, which the lab worker has no room for, and the
//! page's wasm leaves the explorer out (the `explore` feature), so the
//! page pays only for the panel that shows the answer.
//!
//! The same module runs the learner's program on the page's own thread
//! ([`run_learner`], called by the full app: `src/app/interpreter.rs`), so
//! the full app does not carry the interpreter either.
//!
//! As a worker it speaks text: the page sends a [`Question`] (the program, the lock
//! switch, the variable watched, a goal to judge); the worker answers `ready` once it
//! listens, then `progress` lines while it counts (merged states, replays,
//! schedules drawn), and `done` with [`ProgramSummary::to_text`], or
//! `failed` with why. A new question is a new worker: the page terminates
//! the old one, which is how counting is cancelled.

use crate::py::run::explore::{Explorer, Outcome, Outcomes};
use crate::py::run::{run_in, Mode, ProgramRun};
use crate::view::explored::{ProgramSummary, Question};
use crate::view::goal::{judge, Found};
use crate::view::learner::{page_limits, read_run_request, run_program_in, run_program_stepped};
#[cfg(doc)]
use crate::view::learner::{run_request, LearnerRun};
use std::rc::Rc;

/// Merged states beyond which the worker draws schedules instead.
pub const MAX_STATES: usize = 150_000;
/// Schedules drawn where exact counts are out of reach.
pub const DRAWS: u64 = 2_000;

/// How far counting has got: merged states, replays, schedules drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub states: u64,
    pub runs: u64,
    pub draws: u64,
}

/// Every schedule of `program` (or a random scheduler's sample of them,
/// past [`MAX_STATES`]), as the page shows it; `report` hears how far it
/// has got whenever `now` (ms) has moved on 100 ms.
pub fn summarize(
    question: &Question,
    now: impl Fn() -> f64,
    report: impl FnMut(Progress),
) -> Result<ProgramSummary, String> {
    summarize_within(MAX_STATES, question, now, report)
}

fn summarize_within(
    max_states: usize,
    question: &Question,
    now: impl Fn() -> f64,
    mut report: impl FnMut(Progress),
) -> Result<ProgramSummary, String> {
    let program: &str = &question.program;
    let locks_off = question.locks_off;
    // Lost updates and awaits inside a lock are tracked only when a goal
    // asks: the keys keep more, and merge less.
    let mode = Mode {
        locks_off,
        goal_checked: question.goal.is_some(),
        ..Mode::default()
    };
    let limits = page_limits();
    // Not named: the variable the page shows by default (`balance`, else
    // the first shared integer), as the run in asyncio's order finds it.
    let found;
    let watched = match question.watched.as_deref() {
        Some(name) => Some(name),
        None => {
            found = run_program_in(
                program,
                &crate::sim::Scenario::article(),
                None,
                locks_off,
                None,
            )
            .watched;
            found.as_deref()
        }
    };
    let mut explorer = Explorer::new(program, limits, mode, watched)
        .map_err(|error| format!("line {}: {}", error.line, error.message))?;
    explorer.max_states = max_states;
    let mut last = now();
    let mut progress = |explorer: &Explorer, draws: u64| {
        if now() - last >= 100.0 {
            last = now();
            report(Progress {
                states: explorer.states(),
                runs: explorer.runs(),
                draws,
            });
        }
    };
    while !explorer.step() {
        progress(&explorer, 0);
    }
    let serial_run = run_in(
        program,
        limits,
        Mode {
            serial: true,
            ..mode
        },
    )
    .ok();
    let serial = serial_run.as_ref().map(|run| Outcome::of(run, watched));
    let (all, exact, awaits_witness) = match explorer.outcomes() {
        Some(Ok(all)) => (all, true, explorer.awaits_witness()),
        _ => {
            let mut draws = Vec::new();
            let mut most = 0;
            let mut witness: Rc<[u32]> = Rc::from(Vec::new());
            for seed in 1..=DRAWS {
                let (outcome, picks, awaits) = explorer.sample(seed);
                if awaits > most {
                    most = awaits;
                    witness = Rc::from(picks.as_slice());
                }
                draws.push((outcome, picks));
                progress(&explorer, seed);
            }
            (Outcomes::tallied(&draws, most), false, witness)
        }
    };
    let summary = if exact {
        ProgramSummary::new(&all, serial.as_ref())
    } else {
        ProgramSummary::sampled(&all, serial.as_ref())
    };
    let verdict = question.goal.map(|goal| {
        judge(
            &goal,
            &Found {
                outcomes: &all,
                exact,
                serial: serial.as_ref(),
                watched,
                awaits_witness,
                locks_taken: serial_run.as_ref().map_or(0, ProgramRun::locks_taken),
            },
        )
    });
    Ok(ProgramSummary { verdict, ..summary })
}

/// Runs the learner's program as the page asks ([`run_request`]) and
/// gives the run as numbers ([`LearnerRun::encode`]); an empty list if the
/// request cannot be read.
pub fn run_learner(request: &str, scenario_of: impl Fn(&str) -> crate::sim::Scenario) -> Vec<f64> {
    let Some(asked) = read_run_request(request) else {
        return Vec::new();
    };
    let scenario = scenario_of(asked.query);
    if asked.stepped {
        let picks = asked.picks.as_deref().unwrap_or_default();
        return run_program_stepped(
            asked.program,
            &scenario,
            asked.watch,
            asked.locks_off,
            picks,
        )
        .encode();
    }
    run_program_in(
        asked.program,
        &scenario,
        asked.watch,
        asked.locks_off,
        asked.picks.as_deref(),
    )
    .encode()
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    use super::summarize;
    use crate::view::explored::Question;

    fn post(text: &str) {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message(&JsValue::from_str(text));
    }

    fn handle(data: JsValue) {
        let Some(text) = data.as_string() else {
            return post("failed\tthe page sent a message the worker cannot read");
        };
        let Some(question) = Question::from_text(&text) else {
            return post("failed\tthe page sent a message the worker cannot read");
        };
        let report = |p: super::Progress| {
            post(&format!("progress\t{}\t{}\t{}", p.states, p.runs, p.draws));
        };
        match summarize(&question, js_sys::Date::now, report) {
            Ok(summary) => post(&format!("done\n{}", summary.to_text())),
            Err(why) => post(&format!("failed\t{why}")),
        }
    }

    /// The worker's entry point (`src/bin/pylab.rs`); on the page's own
    /// thread (where the full app runs learner's programs with this
    /// module) it does nothing.
    pub fn worker_main() {
        if js_sys::global()
            .dyn_ref::<DedicatedWorkerGlobalScope>()
            .is_none()
        {
            return;
        }
        let on_message =
            Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| handle(event.data()));
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        on_message.forget();
        post("ready");
    }
}

#[cfg(target_arch = "wasm32")]
pub use worker::worker_main;

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(program: &str, goal: Option<&str>) -> Question {
        Question {
            program: std::rc::Rc::from(program),
            locks_off: false,
            watched: None,
            goal: goal.map(|g| crate::view::goal::Goal::parse(g).unwrap()),
        }
    }

    #[test]
    fn the_article_counted_and_a_loop_sampled() {
        let article = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(*[credit() for _ in range(4)])\nasyncio.run(main())\n";
        let mut heard = 0;
        let clock = std::cell::Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 50.0);
            clock.get()
        };
        let summary = summarize(&asked(article, None), now, |_| heard += 1).unwrap();
        assert_eq!(summary.total, "2520");
        assert_eq!(summary.draws, None);
        assert!(heard > 0, "progress is reported");
        assert!(summary.headline().contains("end with balance = 4"));
        // Past the states allowed: a random scheduler's sample.
        let sampled = summarize_within(5, &asked(article, None), || 0.0, |_| {}).unwrap();
        assert_eq!(sampled.draws, Some(DRAWS));
        assert_eq!(sampled.total, DRAWS.to_string());
        assert!(sampled.headline().contains("drawn at random"));
        assert!(sampled.bars.iter().any(|b| b.right) && sampled.bars.len() > 1);
        let broken = summarize(&asked("x = (", None), || 0.0, |_| {});
        assert!(broken.unwrap_err().starts_with("line 1:"));
    }

    #[test]
    fn a_sample_can_refute_a_goal_but_never_prove_one() {
        use crate::view::goal::Verdict;
        let article = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(*[credit() for _ in range(4)])\nasyncio.run(main())\n";
        let judged = |goal: &str| {
            summarize_within(5, &asked(article, Some(goal)), || 0.0, |_| {})
                .unwrap()
                .verdict
                .unwrap()
        };
        // Some draws lose updates: a counterexample, replayable.
        let refuted = judged("balance:4");
        assert!(
            matches!(&refuted, Verdict::Counterexample(why, picks)
            if why.contains("of 2,000 drawn") && !picks.is_empty()),
            "{refuted:?}"
        );
        // No draw deadlocks, yet not every schedule was drawn.
        let open = judged("no-deadlock");
        assert!(
            matches!(&open, Verdict::Unproven(why) if why.contains("too many to count")),
            "{open:?}"
        );
        // Counted exactly, the same goal is proven.
        let proven = summarize(&asked(article, Some("no-deadlock")), || 0.0, |_| {}).unwrap();
        assert_eq!(proven.verdict.map(|v| v.status()), Some("proven"));
    }
}
