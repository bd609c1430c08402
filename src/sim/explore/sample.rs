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

use super::{ordered_run, settled, Ending, Exploration};
use crate::sim::rng::SeededRng;
use crate::sim::scenario::Scenario;
use crate::sim::schedule::TaskOrder;

/// Which way schedules are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampler {
    Uniform,
    RandomScheduler,
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
    (
        ((centre - spread) / scale).max(0.0),
        ((centre + spread) / scale).min(1.0),
    )
}

/// One schedule of `scenario` with a ready task picked uniformly at each
/// step, and how it ended. Stops as unfinished after `max_steps` steps.
pub fn random_schedule(
    scenario: &Scenario,
    rng: &mut SeededRng,
    max_steps: u32,
) -> Option<(Ending, TaskOrder)> {
    let mut executor = ordered_run(scenario).ok()?;
    let mut order = Vec::new();
    loop {
        if let Some(ending) = settled(&mut executor) {
            return Some((ending, TaskOrder(order)));
        }
        if order.len() >= max_steps as usize {
            return Some((Ending::Unfinished, TaskOrder(order)));
        }
        let ready: Vec<_> = executor.ready_tasks().collect();
        let position = rng.index(ready.len());
        order.push(ready[position]);
        executor.run(position);
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
    let mut executor = ordered_run(scenario).ok()?;
    for &task in &order.0 {
        let position = executor.position_of(task)?;
        executor.run(position);
    }
    settled(&mut executor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_intervals_contain_the_share_and_narrow_with_draws() {
        let (low, high) = wilson_interval(50, 100);
        assert!(low < 0.5 && 0.5 < high);
        let (low2, high2) = wilson_interval(500, 1000);
        assert!(high2 - low2 < high - low);
        let (zero_low, zero_high) = wilson_interval(0, 100);
        assert_eq!(zero_low, 0.0);
        assert!(zero_high > 0.0 && zero_high < 0.05);
    }
}
