//! The runs table: a row per finished run, so "correct but slow" and "fast
//! but wrong" sit side by side. It keeps the newest [`KEPT_RUNS`].

use std::collections::VecDeque;
use std::rc::Rc;

use crate::sim::wire::{decode_ending, encode_ending};
use crate::sim::{Ending, Strategy};
use crate::view::recording::Recording;
use crate::view::text::{count, duration, grouped, money};

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
    /// The learner's own program ran (the full app's rows only: the
    /// playground, which hands its rows over, never runs one).
    pub program: bool,
    pub ending: Ending,
    /// The trace's fingerprint: equal fingerprints, identical runs.
    pub fingerprint: u64,
}

impl ResultRow {
    /// The row of a run that has ended; `None` for one still going.
    pub fn of(run: &Recording, real_timers: bool, number: u64) -> Option<Self> {
        let outcome = &run.outcome;
        Some(Self {
            number,
            strategy: outcome.scenario.strategy,
            tasks: outcome.scenario.tasks,
            final_balance: outcome.final_balance,
            expected: outcome.expected_balance,
            lost: outcome.lost_count(),
            elapsed_ms: outcome.elapsed_ms,
            real_timers,
            program: false,
            ending: outcome.ending.clone()?,
            fingerprint: outcome.fingerprint(),
        })
    }

    /// Completed with every credit in the balance.
    pub fn correct(&self) -> bool {
        self.ending == Ending::Completed && self.final_balance == self.expected
    }

    /// What came of it, as a verb phrase: "was correct", "lost 999 updates".
    fn came_to(&self) -> String {
        match &self.ending {
            _ if self.correct() => "was correct".to_owned(),
            Ending::Completed if self.lost > 0 => {
                format!("lost {}", count(self.lost, "update", "updates"))
            }
            Ending::Completed => format!(
                "ended on {}, not {}",
                money(self.final_balance),
                money(self.expected)
            ),
            Ending::Deadlock(_) => "deadlocked".to_owned(),
            Ending::Limit { .. } | Ending::Diverged(_) => "stopped early".to_owned(),
        }
    }
}

/// How long a run took beside another: "1,000× slower", "10× faster",
/// "as fast"; `None` when either took no time at all.
pub fn time_ratio(before_ms: u64, after_ms: u64) -> Option<String> {
    if before_ms == 0 || after_ms == 0 {
        return None;
    }
    let (big, small, word) = if after_ms >= before_ms {
        (after_ms, before_ms, "slower")
    } else {
        (before_ms, after_ms, "faster")
    };
    // In tenths, by integer arithmetic: float formatting would add kilobytes
    // to the download.
    let tenths = big.saturating_mul(10).saturating_add(small / 2) / small;
    Some(if tenths < 11 {
        "as fast".to_owned()
    } else if tenths < 100 {
        format!("{}.{}× {word}", tenths / 10, tenths % 10)
    } else {
        format!("{}× {word}", grouped(big.saturating_add(small / 2) / small))
    })
}

/// The newest run beside the one before: "Run 2 was correct and took
/// 100 s, 1,000× slower than run 1, which lost 999 updates in 100 ms."
pub fn comparison(before: &ResultRow, after: &ResultRow) -> String {
    let pace = match time_ratio(before.elapsed_ms, after.elapsed_ms) {
        Some(ratio) if ratio == "as fast" => format!(", as fast as run {}", before.number),
        Some(ratio) => format!(", {ratio} than run {}", before.number),
        None => format!(
            ", against {} for run {}",
            duration(before.elapsed_ms),
            before.number
        ),
    };
    format!(
        "Run {} {} and took {}{pace}, which {} in {}.",
        after.number,
        after.came_to(),
        duration(after.elapsed_ms),
        before.came_to(),
        duration(before.elapsed_ms)
    )
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    rows: VecDeque<ResultRow>,
    /// Runs finished since the page opened.
    total: u64,
}

impl Results {
    /// The table with a row for `run` added (and the oldest dropped past [`KEPT_RUNS`]).
    /// `program`: the run is of the learner's own program.
    pub fn with(&self, run: &Recording, real_timers: bool, program: bool) -> Rc<Self> {
        let mut next = self.clone();
        let Some(mut row) = ResultRow::of(run, real_timers, next.total + 1) else {
            return Rc::new(next);
        };
        row.program = program;
        next.total += 1;
        next.rows.push_back(row);
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

    /// The newest run beside the one before it, once there are two.
    pub fn newest_comparison(&self) -> Option<String> {
        let mut newest = self.rows.iter().rev();
        let after = newest.next()?;
        let before = newest.next()?;
        Some(comparison(before, after))
    }

    /// Runs no longer in the table.
    pub fn dropped(&self) -> u64 {
        self.total - self.rows.len() as u64
    }

    /// The table as numbers, to hand over to the full app when the page
    /// loads it (numbers cross to JavaScript and back with no formatting
    /// code in the download): the total, then per row its fields and its
    /// ending as [`wire`](crate::sim::wire) numbers, prefixed by their count.
    pub fn to_numbers(&self) -> Vec<f64> {
        let mut out = vec![self.total as f64];
        for row in &self.rows {
            let ending = encode_ending(&row.ending);
            out.extend([
                row.number as f64,
                row.strategy as usize as f64,
                f64::from(row.tasks),
                row.final_balance as f64,
                row.expected as f64,
                row.lost as f64,
                row.elapsed_ms as f64,
                f64::from(u8::from(row.real_timers)),
                (row.fingerprint >> 32) as f64,
                (row.fingerprint & 0xffff_ffff) as f64,
                ending.len() as f64,
            ]);
            out.extend(ending);
        }
        out
    }

    /// The table back from [`Results::to_numbers`]; nothing at all if any of it is malformed.
    pub fn from_numbers(numbers: &[f64]) -> Option<Self> {
        let (&total, mut rest) = numbers.split_first()?;
        let mut rows = VecDeque::new();
        while !rest.is_empty() {
            let fields = rest.get(..11)?;
            let ending_len = fields[10] as usize;
            let ending = rest.get(11..11 + ending_len)?;
            rows.push_back(ResultRow {
                number: fields[0] as u64,
                strategy: *Strategy::ALL.get(fields[1] as usize)?,
                tasks: fields[2] as u32,
                final_balance: fields[3] as i64,
                expected: fields[4] as i64,
                lost: fields[5] as usize,
                elapsed_ms: fields[6] as u64,
                real_timers: fields[7] == 1.0,
                program: false,
                fingerprint: ((fields[8] as u64) << 32) | fields[9] as u64,
                ending: decode_ending(ending)?,
            });
            rest = &rest[11 + ending_len..];
        }
        let total = total as u64;
        (rows.len() <= KEPT_RUNS && rows.len() as u64 <= total).then_some(Self { rows, total })
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
            results = results.with(&run, false, false);
        }
        assert_eq!(results.rows().len(), KEPT_RUNS);
        assert_eq!(results.dropped(), 70);
        assert_eq!(results.rows().next().map(|r| r.number), Some(71));
        assert_eq!(results.last().map(|r| r.number), Some(120));
    }

    #[test]
    fn the_table_survives_the_handover_to_the_full_app() {
        let mut results = Rc::new(Results::default());
        for scenario in [
            Scenario::bank(),
            Scenario::bank().with_strategy(Strategy::Lock),
            Scenario {
                tasks: 2,
                delay_ms: 10,
                ..Scenario::article().with_strategy(Strategy::OppositeOrder)
            },
        ] {
            let run = Recording::finished(simulate(&scenario).expect("valid"));
            results = results.with(&run, scenario.strategy == Strategy::Lock, false);
        }
        let numbers = results.to_numbers();
        assert_eq!(Results::from_numbers(&numbers).as_ref(), Some(&*results));
        assert_eq!(
            Results::from_numbers(&numbers[..numbers.len() - 1]),
            None,
            "cut short"
        );
        assert_eq!(Results::from_numbers(&[]), None);
        let mut bad_strategy = numbers.clone();
        bad_strategy[2] = 99.0;
        assert_eq!(Results::from_numbers(&bad_strategy), None);
    }

    #[test]
    fn the_lock_is_correct_and_a_thousand_times_slower_than_the_bug() {
        let mut results = Rc::new(Results::default());
        for strategy in [Strategy::Unsafe, Strategy::Lock, Strategy::Restructure] {
            let run = Recording::finished(
                simulate(&Scenario::article().with_strategy(strategy)).expect("valid"),
            );
            results = results.with(&run, false, false);
            if strategy == Strategy::Lock {
                assert_eq!(
                    results.newest_comparison().as_deref(),
                    Some("Run 2 was correct and took 100 s, 1,000× slower than run 1, which lost 999 updates in 100 ms.")
                );
            }
        }
        assert_eq!(
            results.newest_comparison().as_deref(),
            Some("Run 3 was correct and took 100 ms, 1,000× faster than run 2, which was correct in 100 s.")
        );
        assert_eq!(time_ratio(100, 250).as_deref(), Some("2.5× slower"));
        assert_eq!(time_ratio(100, 104).as_deref(), Some("as fast"));
        assert_eq!(time_ratio(0, 100), None);
        let one = Rc::new(Results::default()).with(
            &Recording::finished(simulate(&Scenario::bank()).expect("valid")),
            false,
            false,
        );
        assert_eq!(one.newest_comparison(), None, "nothing to compare yet");
    }

    #[test]
    fn a_row_says_whether_the_run_was_right() {
        let bug = Recording::finished(simulate(&Scenario::bank()).expect("valid"));
        let row = ResultRow::of(&bug, false, 1).expect("ended");
        assert!(!row.correct());
        assert_eq!((row.final_balance, row.lost), (1100, 4));
        let fixed = Recording::finished(
            simulate(&Scenario::bank().with_strategy(Strategy::Lock)).expect("valid"),
        );
        assert!(ResultRow::of(&fixed, false, 2).expect("ended").correct());
    }
}
