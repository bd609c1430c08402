//! The schedule explorer, in the lab worker: counts every interleaving of a
//! run (or, when there are too many states, draws schedules at random), and
//! reports progress as it goes. The page runs it in a worker of its own and
//! terminates that worker to cancel, so a long exploration never holds up
//! the page or the runs.
//!
//! - `{kind: "explore", id, query}`: answer `{kind: "progress", id,
//!   expanded, states}` now and then, then `{kind: "explored", id, query,
//!   json}` (see [`summary`]);
//! - `{kind: "draw", id, ending}`: a schedule drawn uniformly from those
//!   that end at `ending` (a balance, or "deadlock"): `{kind: "drawn", id,
//!   order}`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write;

use crate::sim::explore::{random_schedule, Bounds, Ending, Exploration, Explorer};
use crate::sim::rng::SeededRng;
use crate::sim::schedule::TaskOrder;
use crate::sim::{simulate_with, Ending as RunEnding, Fifo, Scenario};
use crate::view::state::run::PAGE_LIMITS;

/// Draws per sample: enough for a share's 95% interval to be about ±3%.
pub const DRAWS: u32 = 1000;
/// How often progress is reported while exploring.
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

/// A sample: how many draws ended each way, and one order for each.
struct Sample {
    draws: u32,
    counts: BTreeMap<Ending, (u32, TaskOrder)>,
}

impl Sample {
    fn json(&self) -> String {
        let mut out = format!("{{\"draws\":{},\"counts\":{{", self.draws);
        for (i, (ending, (count, _))) in self.counts.iter().enumerate() {
            let comma = if i > 0 { "," } else { "" };
            let _ = write!(out, "{comma}\"{}\":{count}", ending.key());
        }
        out.push_str("},\"orders\":{");
        for (i, (ending, (_, order))) in self.counts.iter().enumerate() {
            let comma = if i > 0 { "," } else { "" };
            let _ = write!(out, "{comma}\"{}\":\"{order}\"", ending.key());
        }
        out.push_str("}}");
        out
    }
}

fn sample(mut draw: impl FnMut() -> Option<(Ending, TaskOrder)>) -> Sample {
    let mut sample = Sample {
        draws: 0,
        counts: BTreeMap::new(),
    };
    for _ in 0..DRAWS {
        let Some((ending, order)) = draw() else { break };
        sample.draws += 1;
        sample.counts.entry(ending).or_insert((0, order)).0 += 1;
    }
    sample
}

/// Explores the run `query` describes. `progress(expanded, states)` hears
/// how it goes; the answer is the JSON the page reads:
/// `{"exact": bool, "why": text, "asyncio": ending, "total": count,
/// "states": n, "outcomes": [{"ending", "count", "order"}], "uniform":
/// sample, "random": sample}`; counts are decimal strings, endings a
/// balance or "deadlock" or "unfinished", orders one character per step.
pub fn summary(
    scenario: &Scenario,
    now_ms: impl Fn() -> f64,
    mut progress: impl FnMut(usize, usize),
) -> String {
    let scenario = Scenario {
        order: None,
        ..scenario.clone()
    };
    let bounds = Bounds::for_scenario(&scenario);
    let asyncio = asyncio_ending(&scenario).map(Ending::key);
    let mut rng = SeededRng::new(scenario.seed);
    let mut out = String::from("{");
    if let Some(asyncio) = &asyncio {
        let _ = write!(out, "\"asyncio\":\"{asyncio}\",");
    }
    let random = |rng: &mut SeededRng| {
        sample(|| {
            random_schedule(
                &scenario,
                rng,
                bounds.max_task_steps * scenario.total_tasks(),
            )
        })
    };
    let explored = Explorer::new(&scenario, bounds).and_then(|mut explorer| {
        let mut reported = now_ms();
        loop {
            let step = explorer.work(16)?;
            if step.done {
                break;
            }
            if now_ms() - reported >= REPORT_EVERY_MS {
                reported = now_ms();
                progress(step.expanded, step.states);
            }
        }
        explorer.finish()
    });
    match explored {
        Ok(all) => {
            let _ = write!(
                out,
                "\"exact\":true,\"total\":\"{}\",\"states\":{},\"outcomes\":[",
                all.total, all.states
            );
            for (i, (ending, count, order)) in all.outcomes.iter().enumerate() {
                let comma = if i > 0 { "," } else { "" };
                let _ = write!(
                    out,
                    "{comma}{{\"ending\":\"{}\",\"count\":\"{count}\",\"order\":\"{order}\"}}",
                    ending.key()
                );
            }
            let uniform = sample(|| all.draw_ending(&mut rng));
            let _ = write!(out, "],\"uniform\":{},", uniform.json());
            EXPLORED.with(|slot| *slot.borrow_mut() = Some(all));
        }
        Err(why) => {
            let why = why.to_string().replace(['"', '\\'], "'");
            let _ = write!(out, "\"exact\":false,\"why\":\"{why}\",");
            EXPLORED.with(|slot| *slot.borrow_mut() = None);
        }
    }
    let _ = write!(out, "\"random\":{}}}", random(&mut rng).json());
    out
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
