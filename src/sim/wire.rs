//! A run's events and ending as plain numbers, to cross from a worker to
//! the page (`postMessage` copies a `Float64Array` cheaply).
//!
//! Six numbers an event: time, task, kind, and up to three values. Every
//! value fits a double exactly: balances stay far below 2^53.

use super::outcome::{Deadlock, Ending, WaitFor};
use super::schedule::ScheduleError;
use super::trace::{Event, EventKind, LockName};

const PER_EVENT: usize = 6;

fn lock_from(index: f64) -> Option<LockName> {
    LockName::ALL.get(index as usize).copied()
}

pub fn encode_events(events: &[Event]) -> Vec<f64> {
    let mut out = Vec::with_capacity(events.len() * PER_EVENT);
    for event in events {
        let (kind, a, b, c) = match event.kind {
            EventKind::Started => (0, 0.0, 0.0, 0.0),
            EventKind::Read { value } => (1, value as f64, 0.0, 0.0),
            EventKind::IoStarted { ms } => (2, ms as f64, 0.0, 0.0),
            EventKind::IoDone => (3, 0.0, 0.0, 0.0),
            EventKind::LockRequested { lock } => (4, lock.index() as f64, 0.0, 0.0),
            EventKind::LockAcquired { lock } => (5, lock.index() as f64, 0.0, 0.0),
            EventKind::LockReleased { lock } => (6, lock.index() as f64, 0.0, 0.0),
            EventKind::Wrote {
                value,
                write,
                overwrote,
            } => (
                7,
                value as f64,
                f64::from(write),
                overwrote.map_or(-1.0, f64::from),
            ),
            EventKind::Retried => (8, 0.0, 0.0, 0.0),
            EventKind::Sent { value } => (9, value as f64, 0.0, 0.0),
            EventKind::Received { value } => (10, value as f64, 0.0, 0.0),
            EventKind::Finished => (11, 0.0, 0.0, 0.0),
        };
        out.extend([
            event.time_ms as f64,
            f64::from(event.task),
            f64::from(kind),
            a,
            b,
            c,
        ]);
    }
    out
}

/// The events back; `None` if the numbers are not a whole number of
/// well-formed events.
pub fn decode_events(numbers: &[f64]) -> Option<Vec<Event>> {
    if numbers.len() % PER_EVENT != 0 {
        return None;
    }
    numbers
        .chunks_exact(PER_EVENT)
        .map(|n| {
            let kind = match n[2] as u8 {
                0 => EventKind::Started,
                1 => EventKind::Read { value: n[3] as i64 },
                2 => EventKind::IoStarted { ms: n[3] as u64 },
                3 => EventKind::IoDone,
                4 => EventKind::LockRequested {
                    lock: lock_from(n[3])?,
                },
                5 => EventKind::LockAcquired {
                    lock: lock_from(n[3])?,
                },
                6 => EventKind::LockReleased {
                    lock: lock_from(n[3])?,
                },
                7 => EventKind::Wrote {
                    value: n[3] as i64,
                    write: n[4] as u32,
                    overwrote: (n[5] >= 0.0).then_some(n[5] as u32),
                },
                8 => EventKind::Retried,
                9 => EventKind::Sent { value: n[3] as i64 },
                10 => EventKind::Received { value: n[3] as i64 },
                11 => EventKind::Finished,
                _ => return None,
            };
            Some(Event {
                time_ms: n[0] as u64,
                task: n[1] as u32,
                kind,
            })
        })
        .collect()
}

/// An ending as numbers: a kind, then its details.
/// - completed: `[0]`;
/// - deadlock: `[1, waits, (task, lock, holder) per wait..., stuck tasks...]`;
/// - limit: `[2, steps, events]`;
/// - diverged: `[3, step, position, ready]`; an order that does not fit
///   crosses as `[3, step, task, 0]` (the page says the same of both).
pub fn encode_ending(ending: &Ending) -> Vec<f64> {
    match ending {
        Ending::Completed => vec![0.0],
        Ending::Deadlock(deadlock) => {
            let mut out = vec![1.0, deadlock.cycle.len() as f64];
            for wait in &deadlock.cycle {
                out.extend([
                    f64::from(wait.task),
                    wait.lock.index() as f64,
                    f64::from(wait.held_by),
                ]);
            }
            out.extend(deadlock.stuck.iter().map(|&t| f64::from(t)));
            out
        }
        Ending::Limit { steps, events } => vec![2.0, *steps as f64, *events as f64],
        Ending::Diverged(ScheduleError::Diverged {
            step,
            position,
            ready,
        }) => {
            vec![3.0, *step as f64, *position as f64, *ready as f64]
        }
        Ending::Diverged(ScheduleError::NotReady { step, task }) => {
            vec![3.0, *step as f64, f64::from(*task), 0.0]
        }
    }
}

pub fn decode_ending(numbers: &[f64]) -> Option<Ending> {
    let (&kind, rest) = numbers.split_first()?;
    Some(match kind as u8 {
        0 => Ending::Completed,
        1 => {
            let (&waits, rest) = rest.split_first()?;
            let waits = waits as usize;
            let cycle = rest.get(..waits.checked_mul(3)?)?;
            let cycle = cycle
                .chunks_exact(3)
                .map(|w| {
                    Some(WaitFor {
                        task: w[0] as u32,
                        lock: lock_from(w[1])?,
                        held_by: w[2] as u32,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            let stuck = rest[waits * 3..].iter().map(|&t| t as u32).collect();
            Ending::Deadlock(Deadlock { cycle, stuck })
        }
        2 => Ending::Limit {
            steps: *rest.first()? as u64,
            events: *rest.get(1)? as usize,
        },
        3 => Ending::Diverged(ScheduleError::Diverged {
            step: *rest.first()? as usize,
            position: *rest.get(1)? as usize,
            ready: *rest.get(2)? as usize,
        }),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Scenario, Strategy};

    #[test]
    fn every_strategys_events_survive_the_crossing() {
        for &strategy in Strategy::ALL {
            let outcome = simulate(&Scenario {
                jitter_ms: 20,
                initial: -7,
                ..Scenario::bank().with_strategy(strategy).with_tasks(6)
            })
            .expect("valid");
            let numbers = encode_events(&outcome.trace);
            assert_eq!(
                decode_events(&numbers).as_deref(),
                Some(&outcome.trace[..]),
                "{strategy}"
            );
        }
    }

    #[test]
    fn every_ending_survives_the_crossing() {
        let deadlock = simulate(&Scenario {
            tasks: 5,
            delay_ms: 10,
            ..Scenario::article().with_strategy(Strategy::OppositeOrder)
        })
        .expect("valid")
        .ending
        .expect("ended");
        assert!(matches!(deadlock, Ending::Deadlock(_)));
        for ending in [
            Ending::Completed,
            deadlock,
            Ending::Limit {
                steps: 1_100_000,
                events: 2_500_017,
            },
            Ending::Diverged(ScheduleError::Diverged {
                step: 3,
                position: 7,
                ready: 2,
            }),
        ] {
            assert_eq!(decode_ending(&encode_ending(&ending)), Some(ending));
        }
        let not_ready = Ending::Diverged(ScheduleError::NotReady { step: 4, task: 1 });
        let crossed = decode_ending(&encode_ending(&not_ready)).expect("decodes");
        assert_eq!(
            crate::view::text::ending_text(&crossed),
            crate::view::text::ending_text(&not_ready)
        );
    }

    #[test]
    fn malformed_numbers_are_refused() {
        assert_eq!(decode_events(&[1.0, 2.0]), None);
        assert_eq!(decode_events(&[0.0, 0.0, 99.0, 0.0, 0.0, 0.0]), None);
        assert_eq!(
            decode_events(&[0.0, 0.0, 4.0, 7.0, 0.0, 0.0]),
            None,
            "no lock 7"
        );
        assert_eq!(
            decode_ending(&[1.0, 2.0, 0.0, 1.0]),
            None,
            "a cycle cut short"
        );
        assert_eq!(decode_ending(&[9.0]), None);
        assert_eq!(decode_ending(&[]), None);
    }
}
