//! Drawing schedules instead of counting them all, two ways that give
//! different distributions (and the difference is a lesson in itself):
//!
//! - **uniform**: every schedule equally likely. Needs the explored state
//!   graph, whose backward counts weigh each choice ([`Exploration::draw`]);
//! - **random scheduler**: at each step, one of the ready tasks, each equally
//!   likely (what a "random" event loop would do). Needs nothing explored,
//!   so it works at any size. It favours schedules that make few choices:
//!   a task that runs alone has no one to lose to.
//!
//! Either way the share of correct schedules comes with a 95% interval.

use std::collections::BTreeMap;

use super::{explored_ending, Ending, Exploration};
use crate::sim::ordered::OrderedRun;
use crate::sim::rng::SeededRng;
use crate::sim::scenario::Scenario;
use crate::sim::schedule::TaskOrder;

/// Which way schedules are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampler {
    Uniform,
    RandomScheduler,
}

/// How large a sample may grow: so many draws, and so many steps over all
/// of them (one draw at 1,000 tasks runs thousands of steps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SampleLimit {
    pub draws: u32,
    pub steps: u64,
}

/// The page's samples: 1,000 draws give a share's 95% interval to about
/// ±3%; 3 million steps are a few seconds in Chromium.
pub const SAMPLE_LIMITS: SampleLimit = SampleLimit {
    draws: 1_000,
    steps: 3_000_000,
};

/// Draws so far, by ending, with the first order drawn for each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub draws: u32,
    /// Steps over all the draws.
    pub steps: u64,
    pub counts: BTreeMap<Ending, (u32, TaskOrder)>,
}

impl Tally {
    pub fn add(&mut self, ending: Ending, order: TaskOrder) {
        self.draws += 1;
        self.steps += order.0.len() as u64;
        self.counts.entry(ending).or_insert((0, order)).0 += 1;
    }

    /// Whether the sample has reached `limit`.
    pub fn is_full(&self, limit: SampleLimit) -> bool {
        self.draws >= limit.draws || self.steps >= limit.steps
    }

    /// Draws with `draw` until `limit` (or until `draw` has none), telling
    /// `pause` after each draw, which stops early by answering `false`.
    pub fn fill(
        &mut self,
        limit: SampleLimit,
        mut draw: impl FnMut() -> Option<(Ending, TaskOrder)>,
        mut pause: impl FnMut(&Tally) -> bool,
    ) {
        while !self.is_full(limit) {
            let Some((ending, order)) = draw() else { break };
            self.add(ending, order);
            if !pause(self) {
                break;
            }
        }
    }
}

/// The Wilson score interval for `hits` of `draws`, at 95%: unlike
/// "p ± 1.96·se" it stays inside 0..1 and is honest at 0 and all hits.
pub fn wilson_interval(hits: u64, draws: u64) -> (f64, f64) {
    if draws == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_964;
    let n = draws as f64;
    let p = hits as f64 / n;
    let centre = p + z * z / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let scale = 1.0 + z * z / n;
    // None and all are bounds exactly, not a rounding error away.
    let low = if hits == 0 {
        0.0
    } else {
        ((centre - spread) / scale).max(0.0)
    };
    let high = if hits >= draws {
        1.0
    } else {
        ((centre + spread) / scale).min(1.0)
    };
    (low, high)
}

/// One schedule of `scenario` with a ready task picked uniformly at each
/// step, and how it ended. Stops as unfinished after `max_steps` steps.
pub fn random_schedule(
    scenario: &Scenario,
    rng: &mut SeededRng,
    max_steps: u32,
) -> Option<(Ending, TaskOrder)> {
    let mut run = OrderedRun::new(scenario).ok()?;
    loop {
        if let Some(ending) = explored_ending(&run) {
            return Some((ending, TaskOrder(run.order().to_vec())));
        }
        if run.order().len() >= max_steps as usize {
            return Some((Ending::Unfinished, TaskOrder(run.order().to_vec())));
        }
        // By position: no list of the ready tasks per step (at 10,000 tasks,
        // building it was half of a step's cost).
        let ready = run.ready().len();
        run.step_at(rng.index(ready));
    }
}

impl Exploration {
    /// Where a uniformly drawn schedule ends (replaying it in full checks
    /// that the graph's counts led to a real run).
    pub fn draw_ending(&self, rng: &mut SeededRng) -> Option<(Ending, TaskOrder)> {
        let order = self.draw(rng, None)?;
        let ending = ending_of(&self.scenario, &order)?;
        Some((ending, order))
    }
}

/// How `order` ends when replayed on `scenario`.
pub fn ending_of(scenario: &Scenario, order: &TaskOrder) -> Option<Ending> {
    explored_ending(&OrderedRun::replay(scenario, &order.0).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_stops_at_its_draw_or_step_limit() {
        let scenario = Scenario::article().with_tasks(40);
        let mut rng = SeededRng::new(1);
        let mut by_steps = Tally::default();
        let limit = SampleLimit {
            draws: 1_000,
            steps: 1_000,
        };
        by_steps.fill(
            limit,
            || random_schedule(&scenario, &mut rng, 10_000),
            |_| true,
        );
        // Every draw of 40 unsafe tasks runs as many steps: the sample stops
        // at the first draw that reaches 1,000 steps.
        let per_draw = by_steps.steps / u64::from(by_steps.draws);
        assert_eq!(by_steps.steps, per_draw * u64::from(by_steps.draws));
        assert_eq!(u64::from(by_steps.draws), 1_000_u64.div_ceil(per_draw));
        let mut by_draws = Tally::default();
        let mut seen = 0;
        by_draws.fill(
            SampleLimit {
                draws: 5,
                steps: u64::MAX,
            },
            || random_schedule(&scenario, &mut rng, 10_000),
            |tally| {
                seen = tally.draws;
                true
            },
        );
        assert_eq!((by_draws.draws, seen), (5, 5));
        let total: u32 = by_draws.counts.values().map(|(count, _)| count).sum();
        assert_eq!(total, 5);
    }

    #[test]
    fn wilson_intervals_contain_the_share_and_narrow_with_draws() {
        let (low, high) = wilson_interval(50, 100);
        assert!(low < 0.5 && 0.5 < high);
        let (low2, high2) = wilson_interval(500, 1000);
        assert!(high2 - low2 < high - low);
        let (zero_low, zero_high) = wilson_interval(0, 100);
        assert_eq!(zero_low, 0.0);
        assert_eq!(wilson_interval(0, 1000).0, 0.0);
        assert_eq!(wilson_interval(1000, 1000).1, 1.0);
        assert!(zero_high > 0.0 && zero_high < 0.05);
    }
}
