//! The runs table: a row per finished run, so "correct but slow" and "fast
//! but wrong" sit side by side. It keeps the newest [`KEPT_RUNS`].

use std::collections::VecDeque;
use std::rc::Rc;

use crate::sim::{Ending, Strategy};
use crate::view::recording::Recording;

/// How many runs the table keeps (older ones drop off, and it says so).
pub const KEPT_RUNS: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultRow {
    /// Counted from 1 since the page opened.
    pub number: u64,
    pub strategy: Strategy,
    pub tasks: u32,
    pub final_balance: i64,
    pub expected: i64,
    pub lost: usize,
    pub elapsed_ms: u64,
    pub real_timers: bool,
    pub ending: Ending,
    /// The trace's fingerprint: equal fingerprints, identical runs.
    pub fingerprint: u64,
}

impl ResultRow {
    pub fn of(run: &Recording, real_timers: bool, number: u64) -> Self {
        let outcome = &run.outcome;
        Self {
            number,
            strategy: outcome.scenario.strategy,
            tasks: outcome.scenario.tasks,
            final_balance: outcome.final_balance,
            expected: outcome.expected_balance,
            lost: outcome.lost_count(),
            elapsed_ms: outcome.elapsed_ms,
            real_timers,
            ending: outcome.ending.clone(),
            fingerprint: outcome.fingerprint(),
        }
    }

    /// Completed with every credit in the balance.
    pub fn correct(&self) -> bool {
        self.ending == Ending::Completed && self.final_balance == self.expected
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    rows: VecDeque<ResultRow>,
    /// Runs finished since the page opened.
    total: u64,
}

impl Results {
    /// The table with a row for `run` added (and the oldest dropped past [`KEPT_RUNS`]).
    pub fn with(&self, run: &Recording, real_timers: bool) -> Rc<Self> {
        let mut next = self.clone();
        next.total += 1;
        next.rows
            .push_back(ResultRow::of(run, real_timers, next.total));
        if next.rows.len() > KEPT_RUNS {
            next.rows.pop_front();
        }
        Rc::new(next)
    }

    /// The rows kept, oldest first.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = &ResultRow> + ExactSizeIterator {
        self.rows.iter()
    }

    pub fn last(&self) -> Option<&ResultRow> {
        self.rows.back()
    }

    /// Runs no longer in the table.
    pub fn dropped(&self) -> u64 {
        self.total - self.rows.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Scenario};

    #[test]
    fn keeps_the_newest_fifty_and_counts_the_rest() {
        let run = Recording::finished(simulate(&Scenario::bank()).expect("valid"));
        let mut results = Rc::new(Results::default());
        for _ in 0..120 {
            results = results.with(&run, false);
        }
        assert_eq!(results.rows().len(), KEPT_RUNS);
        assert_eq!(results.dropped(), 70);
        assert_eq!(results.rows().next().map(|r| r.number), Some(71));
        assert_eq!(results.last().map(|r| r.number), Some(120));
    }

    #[test]
    fn a_row_says_whether_the_run_was_right() {
        let bug = Recording::finished(simulate(&Scenario::bank()).expect("valid"));
        let row = ResultRow::of(&bug, false, 1);
        assert!(!row.correct());
        assert_eq!((row.final_balance, row.lost), (1100, 4));
        let fixed = Recording::finished(
            simulate(&Scenario::bank().with_strategy(Strategy::Lock)).expect("valid"),
        );
        assert!(ResultRow::of(&fixed, false, 2).correct());
    }
}
