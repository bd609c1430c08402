//! The explorer's answer ([`Explored`]) as the panel shows it: bars with
//! their shares, in order.

use crate::lab::protocol::{Explored, NotCounted, Sample};
use crate::sim::explore::Ending;
use crate::sim::schedule::MAX_ORDER_TASKS;
use crate::view::outcomes::WhySampled;

/// One outcome's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub ending: Ending,
    /// Its key: a balance, "deadlock" or "unfinished".
    pub key: String,
    /// Exact counts are decimal strings of any size; draws are small.
    pub count: String,
    pub share: f64,
    /// A schedule that ends here: the shortest, or the first drawn.
    pub order: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Distribution {
    pub bars: Vec<Bar>,
    /// How many schedules (exact) or draws (a sample).
    pub total: String,
    /// How many draws, for a sample.
    pub draws: Option<u64>,
    /// Steps over all the draws, for a sample.
    pub steps: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub exact: Option<Distribution>,
    pub uniform: Option<Distribution>,
    pub random: Option<Distribution>,
    /// Why there are no exact counts.
    pub not_counted: Option<NotCounted>,
    pub states: u64,
    pub asyncio: Option<String>,
    /// Whether the random sample is complete (it grows while shown).
    pub complete: bool,
    /// Cancelled while the sample grew: the bars stay as they were.
    pub cancelled: bool,
    /// How large a sample may grow: draws, and steps over all of them.
    pub limit: (u64, u64),
}

/// Balances in order, then deadlock, then unfinished.
fn sorted(mut bars: Vec<Bar>) -> Vec<Bar> {
    bars.sort_by_key(|bar| bar.ending);
    bars
}

fn sample(sample: &Sample) -> Distribution {
    let bars = (sample.counts.iter())
        .map(|(ending, count, order)| Bar {
            ending: *ending,
            key: ending.key(),
            count: count.to_string(),
            share: *count as f64 / sample.draws.max(1) as f64,
            order: order.clone(),
        })
        .collect();
    Distribution {
        bars: sorted(bars),
        total: sample.draws.to_string(),
        draws: Some(sample.draws),
        steps: sample.steps,
    }
}

impl Summary {
    pub fn new(explored: Explored) -> Self {
        let (exact, not_counted, states) = match explored.exact {
            Ok(counted) => {
                let whole: f64 = counted.total.parse().unwrap_or(0.0);
                let bars = (counted.outcomes.into_iter())
                    .map(|(ending, count, order)| Bar {
                        ending,
                        key: ending.key(),
                        share: count.parse::<f64>().unwrap_or(0.0) / whole.max(1.0),
                        count,
                        order,
                    })
                    .collect();
                let exact = Distribution {
                    bars: sorted(bars),
                    total: counted.total,
                    draws: None,
                    steps: 0,
                };
                (Some(exact), None, counted.states)
            }
            Err(why) => (None, Some(why), 0),
        };
        Self {
            exact,
            uniform: explored.uniform.as_ref().map(sample),
            random: Some(sample(&explored.random)),
            not_counted,
            states,
            asyncio: explored.asyncio.map(Ending::key),
            complete: explored.complete,
            cancelled: false,
            limit: explored.limit,
        }
    }

    pub fn why_sampled(&self) -> Option<WhySampled<'_>> {
        Some(match self.not_counted.as_ref()? {
            NotCounted::Tasks(tasks) => WhySampled::Tasks {
                tasks: *tasks,
                most: u64::from(MAX_ORDER_TASKS),
            },
            NotCounted::States { estimate, budget } => WhySampled::States {
                estimate: *estimate,
                budget: *budget,
            },
            NotCounted::Stopped(why) => WhySampled::Stopped(why),
            NotCounted::Pending => WhySampled::Stopped("the count stopped"),
        })
    }
}
