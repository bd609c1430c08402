use std::cell::Cell;

use super::*;
use crate::sim::explore::explore;
use crate::sim::Strategy;

/// A clock that moves on by `step_ms` each time it is read.
fn ticking(step_ms: f64) -> impl Fn() -> f64 {
    let now = Cell::new(0.0);
    move || {
        now.set(now.get() + step_ms);
        now.get()
    }
}

#[test]
fn exact_counts_agree_with_the_engine_and_come_before_the_samples() {
    let scenario = Scenario::article()
        .with_strategy(Strategy::Unsafe)
        .with_tasks(3);
    let mut reports = Vec::new();
    let answer = summary(&scenario, ticking(0.0), |report| reports.push(report));
    let counted = explore(&scenario).expect("counts");
    let Ok(exact) = &answer.exact else {
        panic!("counted: {:?}", answer.exact)
    };
    assert_eq!(exact.total, counted.total.to_string());
    assert_eq!(exact.outcomes.len(), counted.outcomes.len());
    assert!(answer.complete);
    assert_eq!(
        answer.asyncio,
        Some(Ending::Balance(scenario.initial + scenario.amount))
    );
    assert!(answer.uniform.as_ref().is_some_and(|u| u.draws > 0));
    // The exact bars show at once, before any sample is drawn.
    let [Answer::Explored(first)] = reports.as_slice() else {
        panic!("one report: {reports:?}")
    };
    let first = first.open().expect("opens");
    assert!(first.exact.is_ok() && first.uniform.is_none() && !first.complete);
    assert_eq!(Packed::new(&answer).open(), Ok(answer));
}

#[test]
fn a_sample_too_big_to_count_is_limited_and_reports_as_it_grows() {
    let scenario = Scenario::article()
        .with_strategy(Strategy::Unsafe)
        .with_tasks(40);
    let mut reports = Vec::new();
    let answer = summary(&scenario, ticking(REPORT_EVERY_MS), |report| {
        reports.push(report)
    });
    assert_eq!(answer.exact, Err(NotCounted::Tasks(40)));
    assert!(answer.complete);
    let limit = (u64::from(SAMPLE_LIMITS.draws), SAMPLE_LIMITS.steps);
    assert_eq!(answer.limit, limit);
    assert!(answer.random.draws <= limit.0 && answer.random.steps < limit.1 + 40 * 100);
    let grown: Vec<u64> = (reports.iter())
        .map(|report| match report {
            Answer::Explored(packed) => {
                let partial = packed.open().expect("opens");
                assert!(!partial.complete);
                partial.random.draws
            }
            other => panic!("only samples so far: {other:?}"),
        })
        .collect();
    assert!(grown.len() > 10, "reported {} times", grown.len());
    assert!(grown.windows(2).all(|w| w[0] < w[1]), "{grown:?}");
}

/// Compare-and-retry: unfinished endings, counts and samples of every
/// kind, each report and the answer as they cross.
#[test]
fn every_report_of_a_program_that_retries_crosses() {
    for tasks in [7, 12] {
        let scenario = Scenario::article()
            .with_strategy(Strategy::Optimistic)
            .with_tasks(tasks);
        let mut reports = Vec::new();
        let answer = summary(&scenario, ticking(0.0), |report| reports.push(report));
        for report in reports {
            if let Answer::Explored(packed) = &report {
                packed.open().expect("report opens");
            }
            Answer::decode(&report.encode()).expect("report crosses");
        }
        let packed = Packed::new(&answer);
        assert_eq!(packed.open().as_ref(), Ok(&answer), "{tasks}");
    }
}
