//! The schedule explorer, in the lab worker: counts every interleaving of a
//! run when its plan says counting fits (decided before counting, from an
//! estimate), draws schedules at random either way, and reports progress as
//! it goes: the bars of a growing sample show while it grows. The page runs
//! it in a worker of its own and terminates that worker to cancel, so a long
//! exploration never holds up the page or the runs.
//!
//! `Explore` is answered by `Progress` now and then while counting, by
//! `Explored` (not `complete`) now and then while sampling, then once
//! complete ([`summary`]); `Draw` by `Drawn`, a schedule drawn uniformly from
//! those that end where asked ([`draw`]).

use std::cell::RefCell;

use super::protocol::{Answer, Counted, Explored, NotCounted, Packed, Sample};
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
        Some(RunEnding::Completed) => Some(Ending::Balance(outcome.final_balance)),
        Some(RunEnding::Deadlock(_)) => Some(Ending::Deadlock),
        _ => None,
    }
}

/// A sample as the page reads it.
fn sample(tally: &Tally) -> Sample {
    Sample {
        draws: u64::from(tally.draws),
        steps: tally.steps,
        counts: (tally.counts.iter())
            .map(|(&ending, (count, order))| (ending, u64::from(*count), order.to_string()))
            .collect(),
    }
}

/// Explores the run `scenario` describes: counts every schedule exactly
/// when the plan says counting fits ([`plan`], decided before counting),
/// and draws schedules at random either way. `report` hears how it goes:
/// [`Answer::Progress`] while counting, and [`Answer::Explored`] not yet
/// complete: the exact counts before the samples are drawn, and the bars
/// of a sample while it grows. Returns the complete answer.
pub fn summary(
    scenario: &Scenario,
    now_ms: impl Fn() -> f64,
    mut report: impl FnMut(Answer),
) -> Explored {
    let scenario = Scenario {
        order: None,
        ..scenario.clone()
    };
    let mut rng = SeededRng::new(scenario.seed);
    let mut answer = Explored {
        asyncio: asyncio_ending(&scenario),
        limit: (u64::from(SAMPLE_LIMITS.draws), SAMPLE_LIMITS.steps),
        ..Explored::default()
    };
    // One draw may not outrun the whole sample's steps (compare-and-retry
    // can retry for ever).
    let max_steps = Bounds::for_scenario(&scenario)
        .max_task_steps
        .saturating_mul(scenario.total_tasks())
        .min(u32::try_from(SAMPLE_LIMITS.steps).unwrap_or(u32::MAX));
    let mut reported = now_ms();
    EXPLORED.with(|slot| *slot.borrow_mut() = None);
    answer.exact = match plan(&scenario) {
        Plan::Count(bounds) => {
            let explored = Explorer::new(&scenario, bounds).and_then(|mut explorer| {
                loop {
                    let step = explorer.work(16)?;
                    if step.done {
                        break;
                    }
                    if now_ms() - reported >= REPORT_EVERY_MS {
                        reported = now_ms();
                        report(Answer::Progress {
                            expanded: step.expanded as u64,
                            states: step.states as u64,
                        });
                    }
                }
                explorer.finish()
            });
            match explored {
                Ok(all) => {
                    answer.exact = Ok(Counted {
                        total: all.total.to_string(),
                        states: all.states as u64,
                        outcomes: (all.outcomes.iter())
                            .map(|(ending, count, order)| {
                                (*ending, count.to_string(), order.to_string())
                            })
                            .collect(),
                    });
                    // The exact bars show at once; the samples follow.
                    report(Answer::Explored(Packed::new(&answer)));
                    let mut uniform = Tally::default();
                    uniform.fill(SAMPLE_LIMITS, || all.draw_ending(&mut rng), |_| true);
                    answer.uniform = Some(sample(&uniform));
                    EXPLORED.with(|slot| *slot.borrow_mut() = Some(all));
                    answer.exact
                }
                Err(why) => Err(NotCounted::Stopped(why.to_string())),
            }
        }
        Plan::Sample(TooMany::Tasks { tasks }) => Err(NotCounted::Tasks(u64::from(tasks))),
        Plan::Sample(TooMany::States { estimate, budget }) => {
            Err(NotCounted::States { estimate, budget })
        }
    };
    // The random scheduler needs nothing counted: its bars show as they grow.
    let mut random = Tally::default();
    reported = now_ms();
    random.fill(
        SAMPLE_LIMITS,
        || random_schedule(&scenario, &mut rng, max_steps),
        |tally| {
            if now_ms() - reported >= REPORT_EVERY_MS && !tally.is_full(SAMPLE_LIMITS) {
                reported = now_ms();
                report(Answer::Explored(Packed::new(&Explored {
                    random: sample(tally),
                    ..answer.clone()
                })));
            }
            true
        },
    );
    Explored {
        random: sample(&random),
        complete: true,
        ..answer
    }
}

/// A schedule drawn uniformly from the last exploration's that end at `ending`.
pub fn draw(ending: Ending, seed: u64) -> Option<String> {
    EXPLORED.with(|slot| {
        let slot = slot.borrow();
        let all = slot.as_ref()?;
        let mut rng = SeededRng::new(seed);
        all.draw(&mut rng, Some(ending)).map(|o| o.to_string())
    })
}

#[cfg(test)]
mod tests;
