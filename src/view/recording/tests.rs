use super::*;
use crate::sim::{simulate, EventKind, Scenario, Strategy};

fn recorded(scenario: Scenario) -> Recording {
    Recording::finished(simulate(&scenario).expect("valid"))
}

/// The counts, recomputed the slow way from every cell.
fn counted(cells: &[Cell]) -> Counts {
    let mut counts = Counts::default();
    for cell in cells {
        counts.phases[cell.phase as usize] += 1;
        counts.spots[cell.spot as usize] += 1;
    }
    counts
}

#[test]
fn the_bank_bug_ends_with_four_writes_lost_and_t5_standing() {
    let run = recorded(Scenario::bank());
    let end = run.len();
    assert_eq!(run.balance(end), 1100);
    assert_eq!(run.lost_so_far(end), 4);
    let counts = run.counts(end);
    assert_eq!(counts.phase(Phase::WriteLost), 4);
    assert_eq!(counts.phase(Phase::Wrote), 1);
    assert_eq!(counts.spot(Spot::Done), 5);
    assert_eq!(run.survivors(), &[4]);
    let flash = run.flash(end).expect("a last write");
    assert_eq!((flash.task, flash.value), (4, 1100));
    assert_eq!(flash.erased, Some((3, 1100, 100)));
    assert_eq!(flash.also_erased, 0);
}

#[test]
fn counts_at_any_cursor_match_the_cells_there() {
    for scenario in [
        Scenario::article(),
        Scenario::article()
            .with_strategy(Strategy::Lock)
            .with_tasks(700),
        Scenario {
            jitter_ms: 40,
            ..Scenario::bank()
                .with_strategy(Strategy::Optimistic)
                .with_tasks(30)
        },
    ] {
        let run = recorded(scenario);
        for cursor in [0, 1, 255, 256, 257, 511, 1000, run.len() / 2, run.len()] {
            assert_eq!(
                run.counts(cursor),
                counted(&run.cells(cursor)),
                "at {cursor}"
            );
        }
    }
}

#[test]
fn the_lock_queue_is_in_request_order_and_empties() {
    let run = recorded(Scenario::bank().with_strategy(Strategy::Lock));
    // Up to the first I/O completion: T1 holds, T2..T5 queue in order.
    let first_wake = run
        .outcome
        .trace
        .iter()
        .position(|e| e.time_ms > 0)
        .expect("a wake");
    assert_eq!(run.holder(LockName::Lock, first_wake), Some(0));
    assert_eq!(
        run.queue(LockName::Lock, first_wake).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    assert_eq!(run.holder(LockName::Lock, run.len()), None);
    assert_eq!(run.queue(LockName::Lock, run.len()).len(), 0);
}

#[test]
fn a_free_lock_is_taken_without_queueing() {
    let run = recorded(Scenario::bank().with_strategy(Strategy::LockTooNarrow));
    for cursor in 0..=run.len() {
        assert_eq!(run.queue(LockName::Lock, cursor).len(), 0, "at {cursor}");
    }
    let requests = run
        .outcome
        .trace
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EventKind::LockRequested { .. }));
    for (at, _) in requests {
        assert!(!run.request_queued(LockName::Lock, at));
    }
}

#[test]
fn the_deadlock_leaves_both_tasks_holding_one_lock_and_queued_for_the_other() {
    let run = recorded(Scenario {
        tasks: 2,
        delay_ms: 10,
        ..Scenario::article().with_strategy(Strategy::OppositeOrder)
    });
    let end = run.len();
    assert_eq!(run.holder(LockName::A, end), Some(0));
    assert_eq!(run.holder(LockName::B, end), Some(1));
    assert_eq!(run.queue(LockName::B, end).collect::<Vec<_>>(), vec![0]);
    assert_eq!(run.queue(LockName::A, end).collect::<Vec<_>>(), vec![1]);
    let cells = run.cells(end);
    assert!(cells.iter().all(|c| c.phase == Phase::WaitingForLock));
    assert!(cells.iter().all(|c| c.spot == Spot::SecondLockQueued));
}

#[test]
fn finished_tasks_leave_the_code_for_done() {
    // Within a lock run, at most one task is ever inside the critical
    // section's lines: the holder.
    let run = recorded(Scenario::bank().with_strategy(Strategy::Lock));
    for cursor in 0..=run.len() {
        let counts = run.counts(cursor);
        let inside = counts.spot(Spot::FirstLock)
            + counts.spot(Spot::Read)
            + counts.spot(Spot::Io)
            + counts.spot(Spot::Write);
        assert!(inside <= 1, "{inside} tasks inside the lock at {cursor}");
        let queued = run.queue(LockName::Lock, cursor).len() as u32;
        assert_eq!(counts.spot(Spot::FirstLockQueued), queued, "at {cursor}");
    }
    assert_eq!(run.counts(run.len()).spot(Spot::Done), 5);
}

#[test]
fn lost_writes_appear_when_their_eraser_lands() {
    let run = recorded(Scenario::bank());
    let mut seen = 0;
    for cursor in 0..=run.len() {
        let lost = run.lost_so_far(cursor);
        assert!(lost >= seen && lost <= seen + 1);
        assert_eq!(run.lost_writes_so_far(cursor).count(), lost);
        seen = lost;
    }
    assert_eq!(seen, 4);
}

#[test]
fn the_log_shows_the_newest_lines_oldest_first() {
    let run = recorded(Scenario::bank());
    let lines = run.log(run.len(), 3);
    assert_eq!(lines.len(), 3);
    assert!(lines.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(
        *lines.last().expect("a line") as usize,
        run.len() - 2,
        "the last write, before Finished"
    );
    assert!(run.log(0, 10).is_empty());
}

#[test]
fn every_phase_has_one_class_and_its_colour() {
    // The class names the legend, the lanes and the grid's canvas colour
    // (`--phase-<class>` in style.css): one token each, each defined.
    let style = include_str!("../../../static/style.css");
    for phase in Phase::ALL {
        let class = phase.css();
        assert!(
            !class.is_empty() && class.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{phase:?}: {class:?} is not one class name"
        );
        assert!(
            style.contains(&format!("--phase-{class}:")),
            "{phase:?}: no --phase-{class} in style.css"
        );
    }
}
