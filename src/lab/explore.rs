//! The schedule explorer, in the lab worker: counts every interleaving of a
//! run when its plan says counting fits (decided before counting, from an
//! estimate), draws schedules at random either way, and reports progress as
//! it goes: the bars of a growing sample show while it grows. The page runs it in a worker of its own and
//! terminates that worker to cancel, so a long exploration never holds up
//! the page or the runs.
//!
//! - `{kind: "explore", id, query}`: answer `{kind: "progress", id,
//!   expanded, states}` now and then while counting, `{kind: "explored",
//!   id, query, json}` now and then while sampling (`"complete": false`),
//!   then once complete (see [`summary`]);
//! - `{kind: "draw", id, ending}`: a schedule drawn uniformly from those
//!   that end at `ending` (a balance, or "deadlock"): `{kind: "drawn", id,
//!   order}`.

use std::cell::RefCell;
use std::fmt::Write;

use crate::sim::explore::{
    plan, random_schedule, Bounds, Ending, Exploration, Explorer, Plan, Tally, TooMany,
    SAMPLE_LIMITS,
};
use crate::sim::rng::SeededRng;
use crate::sim::{simulate_with, Ending as RunEnding, Fifo, Scenario};
use crate::view::state::run::PAGE_LIMITS;

/// How often progress is reported while exploring or sampling.
const REPORT_EVERY_MS: f64 = 100.0;

thread_local! {
    /// The last exploration, for drawing schedules from it.
    static EXPLORED: RefCell<Option<Exploration>> = const { RefCell::new(None) };
}

/// Where asyncio's own order ends, with the run's real timings.
fn asyncio_ending(scenario: &Scenario) -> Option<Ending> {
    let outcome = simulate_with(scenario, &mut Fifo, PAGE_LIMITS).ok()?;
    match outcome.ending {
        RunEnding::Completed => Some(Ending::Balance(outcome.final_balance)),
        RunEnding::Deadlock(_) => Some(Ending::Deadlock),
        _ => None,
    }
}

/// A sample as the page reads it: `{draws, steps, counts: {ending: n},
/// orders: {ending: order}}`.
fn sample_json(tally: &Tally) -> String {
    let mut out = format!(
        "{{\"draws\":{},\"steps\":{},\"counts\":{{",
        tally.draws, tally.steps
    );
    for (i, (ending, (count, _))) in tally.counts.iter().enumerate() {
        let comma = if i > 0 { "," } else { "" };
        let _ = write!(out, "{comma}\"{}\":{count}", ending.key());
    }
    out.push_str("},\"orders\":{");
    for (i, (ending, (_, order))) in tally.counts.iter().enumerate() {
        let comma = if i > 0 { "," } else { "" };
        let _ = write!(out, "{comma}\"{}\":\"{order}\"", ending.key());
    }
    out.push_str("}}");
    out
}

/// What the explorer tells the page before its answer.
pub enum Report<'a> {
    /// Counting: states expanded of those reached so far.
    Counting { expanded: usize, states: usize },
    /// The answer so far (JSON as [`summary`] gives it, with `"complete":
    /// false`): the exact counts before the samples are drawn, and the
    /// bars of a sample while it grows.
    Partial(&'a str),
}

/// Explores the run `query` describes: counts every schedule exactly when
/// the plan says counting fits ([`plan`], decided before counting), and
/// draws schedules at random either way. `report` hears how it goes; the
/// answer is the JSON the page reads: `{"exact": bool, "complete": bool,
/// "asyncio": ending, "total": count, "states": n, "outcomes": [{"ending",
/// "count", "order"}], "uniform": sample, "random": sample, "limit":
/// {"draws", "steps"}}` and, without exact counts, why: `"tasks"` (more
/// than an order names) or `"estimate"` and `"budget"` (states), or
/// `"why"` (a count that stopped); counts are decimal strings, endings a
/// balance or "deadlock" or "unfinished", orders one character per step.
pub fn summary(
    scenario: &Scenario,
    now_ms: impl Fn() -> f64,
    mut report: impl FnMut(Report),
) -> String {
    let scenario = Scenario {
        order: None,
        ..scenario.clone()
    };
    let asyncio = asyncio_ending(&scenario).map(Ending::key);
    let mut rng = SeededRng::new(scenario.seed);
    let mut head = String::from("{");
    if let Some(asyncio) = &asyncio {
        let _ = write!(head, "\"asyncio\":\"{asyncio}\",");
    }
    let _ = write!(
        head,
        "\"limit\":{{\"draws\":{},\"steps\":{}}},",
        SAMPLE_LIMITS.draws, SAMPLE_LIMITS.steps
    );
    // One draw may not outrun the whole sample's steps (compare-and-retry
    // can retry for ever).
    let max_steps = Bounds::for_scenario(&scenario)
        .max_task_steps
        .saturating_mul(scenario.total_tasks())
        .min(u32::try_from(SAMPLE_LIMITS.steps).unwrap_or(u32::MAX));
    let mut reported = now_ms();
    EXPLORED.with(|slot| *slot.borrow_mut() = None);
    match plan(&scenario) {
        Plan::Count(bounds) => {
            let explored = Explorer::new(&scenario, bounds).and_then(|mut explorer| {
                loop {
                    let step = explorer.work(16)?;
                    if step.done {
                        break;
                    }
                    if now_ms() - reported >= REPORT_EVERY_MS {
                        reported = now_ms();
                        report(Report::Counting {
                            expanded: step.expanded,
                            states: step.states,
                        });
                    }
                }
                explorer.finish()
            });
            match explored {
                Ok(all) => {
                    let _ = write!(
                        head,
                        "\"exact\":true,\"total\":\"{}\",\"states\":{},\"outcomes\":[",
                        all.total, all.states
                    );
                    for (i, (ending, count, order)) in all.outcomes.iter().enumerate() {
                        let comma = if i > 0 { "," } else { "" };
                        let _ = write!(
                            head,
                            "{comma}{{\"ending\":\"{}\",\"count\":\"{count}\",\"order\":\"{order}\"}}",
                            ending.key()
                        );
                    }
                    head.push_str("],");
                    // The exact bars show at once; the samples follow.
                    report(Report::Partial(&format!(
                        "{head}\"complete\":false,\"random\":{}}}",
                        sample_json(&Tally::default())
                    )));
                    let mut uniform = Tally::default();
                    uniform.fill(SAMPLE_LIMITS, || all.draw_ending(&mut rng), |_| true);
                    let _ = write!(head, "\"uniform\":{},", sample_json(&uniform));
                    EXPLORED.with(|slot| *slot.borrow_mut() = Some(all));
                }
                Err(why) => {
                    let why = why.to_string().replace(['"', '\\'], "'");
                    let _ = write!(head, "\"exact\":false,\"why\":\"{why}\",");
                }
            }
        }
        Plan::Sample(TooMany::Tasks { tasks }) => {
            let _ = write!(head, "\"exact\":false,\"tasks\":{tasks},");
        }
        Plan::Sample(TooMany::States { estimate, budget }) => {
            let _ = write!(
                head,
                "\"exact\":false,\"estimate\":{estimate},\"budget\":{budget},"
            );
        }
    }
    // The random scheduler needs nothing counted: its bars show as they grow.
    let answer = |tally: &Tally, complete: bool| {
        format!(
            "{head}\"complete\":{complete},\"random\":{}}}",
            sample_json(tally)
        )
    };
    let mut random = Tally::default();
    reported = now_ms();
    random.fill(
        SAMPLE_LIMITS,
        || random_schedule(&scenario, &mut rng, max_steps),
        |tally| {
            if now_ms() - reported >= REPORT_EVERY_MS && !tally.is_full(SAMPLE_LIMITS) {
                reported = now_ms();
                report(Report::Partial(&answer(tally, false)));
            }
            true
        },
    );
    answer(&random, true)
}

/// A schedule drawn uniformly from the last exploration's that end at `ending`.
pub fn draw(ending: &str, seed: u64) -> Option<String> {
    let ending = match ending {
        "deadlock" => Ending::Deadlock,
        "unfinished" => Ending::Unfinished,
        balance => Ending::Balance(balance.parse().ok()?),
    };
    EXPLORED.with(|slot| {
        let slot = slot.borrow();
        let all = slot.as_ref()?;
        let mut rng = SeededRng::new(seed);
        all.draw(&mut rng, Some(ending)).map(|o| o.to_string())
    })
}
