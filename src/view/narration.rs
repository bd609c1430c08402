//! What just happened, in one sentence: the status box says it under the
//! numbers, so the learner reads the why where they are already looking.
//!
//! "T2 read $1,000 (T1 has not written yet) and is now awaiting I/O (100 ms)."

use super::recording::{Flash, Recording};
use super::text::{duration, money, ordinal, task_name};
use crate::sim::{Ending, Event, EventKind, LockName, TaskId};

/// A sentence about the run, and whether it tells of an update lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Narration {
    pub text: String,
    pub lost: bool,
}

impl Narration {
    fn plain(text: String) -> Self {
        Self { text, lost: false }
    }
}

/// How closely to follow the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Every event (stepping, or slow enough to read).
    Event,
    /// The newest write only: at speeds no one can read event by event.
    Writes,
}

/// The sentence for the run after `cursor` events. At the end of a run it
/// is the newest write (the one the result rests on), or the deadlock.
pub fn narrate(run: &Recording, cursor: usize, detail: Detail) -> Option<Narration> {
    let cursor = cursor.min(run.len());
    if cursor == 0 {
        return None;
    }
    if cursor == run.len() {
        if let Some(Ending::Deadlock(deadlock)) = run.ending() {
            return Some(Narration::plain(format!(
                "Nothing can run and no timer is pending: {deadlock}. asyncio would wait forever."
            )));
        }
        if run.ended {
            return run.flash(cursor).map(|flash| written(&flash));
        }
    }
    match detail {
        Detail::Writes => run.flash(cursor).map(|flash| written(&flash)),
        Detail::Event => event_sentence(run, cursor - 1),
    }
}

/// "T5 wrote $1,100 from its read at t=0 ms, erasing T4's +$100 (its write
/// of $1,100). That credit is lost."
pub fn written(flash: &Flash) -> Narration {
    let wrote = format!(
        "{} wrote {} from its read of {} at t={} ms",
        task_name(flash.task),
        money(flash.value),
        money(flash.read_value),
        flash.read_time_ms
    );
    match flash.erased {
        None => Narration::plain(format!("{wrote}.")),
        Some((victim, value, credit)) => {
            let credit = signed(credit);
            let text = match flash.also_erased {
                0 => format!(
                    "{wrote}, erasing {}'s {credit} (its write of {}). That credit is lost.",
                    task_name(victim),
                    money(value)
                ),
                more => format!(
                    "{wrote}, erasing {}'s {credit} and {more} more. Those credits are lost.",
                    task_name(victim)
                ),
            };
            Narration { text, lost: true }
        }
    }
}

/// +$100, −$5.
fn signed(amount: i64) -> String {
    if amount < 0 {
        money(amount)
    } else {
        format!("+{}", money(amount))
    }
}

/// "(T1 has not written yet)", for a read taken while others were still to
/// write back: the read that will make a write stale.
fn not_written(run: &Recording, at: usize) -> String {
    let Some(context) = run.read_context(at) else {
        return String::new();
    };
    let name = |task: Option<TaskId>| task.map(task_name).unwrap_or_default();
    match context.pending {
        0 => String::new(),
        1 => format!(" ({} has not written yet)", name(context.first[0])),
        2 => format!(
            " ({} and {} have not written yet)",
            name(context.first[0]),
            name(context.first[1])
        ),
        n => format!(
            " ({} and {} others that read before it have not written yet)",
            name(context.first[0]),
            super::text::grouped(u64::from(n - 1))
        ),
    }
}

fn read_sentence(run: &Recording, at: usize, who: &str, value: i64) -> String {
    format!("{who} read {}{}", money(value), not_written(run, at))
}

fn event_sentence(run: &Recording, at: usize) -> Option<Narration> {
    let event = run.event(at)?;
    let who = task_name(event.task);
    let previous = at.checked_sub(1).and_then(|p| run.event(p));
    let same_task_before = |matches: fn(&EventKind) -> bool| {
        previous.filter(|p| p.task == event.task && matches(&p.kind))
    };
    let text = match event.kind {
        EventKind::Started => format!("{who} started."),
        EventKind::Read { value } => format!("{}.", read_sentence(run, at, &who, value)),
        EventKind::IoStarted { ms } => {
            let io = format!("awaiting I/O ({}): other tasks run meanwhile", duration(ms));
            match same_task_before(|k| matches!(k, EventKind::Read { .. })) {
                Some(Event {
                    kind: EventKind::Read { value },
                    ..
                }) => format!(
                    "{} and is now {io}.",
                    read_sentence(run, at - 1, &who, *value)
                ),
                _ => format!("{who} is now {io}."),
            }
        }
        EventKind::IoDone => format!("{who}'s I/O is done; it runs again."),
        EventKind::LockRequested { lock } => match run.holder(lock, at) {
            Some(holder) if run.request_queued(lock, at) => {
                let place = run.queue(lock, at + 1).len();
                format!(
                    "{who} reached async with {lock}, held by {}: it queues, {} in line.",
                    task_name(holder),
                    ordinal(place)
                )
            }
            // Released, but promised to the first in line: a newcomer queues.
            None if run.request_queued(lock, at) => format!(
                "{who} reached async with {lock}, which is handed to the next in line: it queues, {} in line.",
                ordinal(run.queue(lock, at + 1).len())
            ),
            _ => format!("{who} reached async with {lock}: it is free, so no wait."),
        },
        EventKind::LockAcquired { lock } => acquired(run, at, &who, lock),
        EventKind::LockReleased { lock } => match run.queue(lock, at + 1).next() {
            Some(next) => format!("{who} released {lock}; {} is next.", task_name(next)),
            None => format!("{who} released {lock}."),
        },
        EventKind::Wrote { .. } => return run.flash(at + 1).map(|flash| written(&flash)),
        EventKind::Retried => {
            format!("{who} found the balance changed since its read: it starts again.")
        }
        EventKind::Sent { value } => format!("{who} put {} on the writer's queue.", signed(value)),
        EventKind::Received { value } => {
            format!("{who}, the writer, took {} from its queue.", signed(value))
        }
        EventKind::Finished => format!("{who} finished."),
    };
    Some(Narration::plain(text))
}

fn acquired(run: &Recording, at: usize, who: &str, lock: LockName) -> String {
    match run.waited(lock, at) {
        Some(ms) => format!("{who} acquired {lock} after waiting {}.", duration(ms)),
        None => format!("{who} acquired {lock} (free: no wait)."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Scenario, Strategy};

    fn recorded(scenario: Scenario) -> Recording {
        Recording::finished(simulate(&scenario).expect("valid"))
    }

    /// Every sentence of a run, event by event.
    fn sentences(run: &Recording) -> Vec<String> {
        (1..run.len())
            .filter_map(|cursor| narrate(run, cursor, Detail::Event))
            .map(|n| n.text)
            .collect()
    }

    /// The positions of the events of `run` whose kind passes `is`.
    fn events_where(run: &Recording, is: impl Fn(EventKind) -> bool) -> Vec<usize> {
        (0..run.len())
            .filter(|&at| run.event(at).is_some_and(|e| is(e.kind)))
            .collect()
    }

    #[test]
    fn the_second_read_says_the_first_task_has_not_written_yet() {
        let run = recorded(Scenario::bank().with_tasks(2));
        let all = sentences(&run);
        assert!(
            all.contains(&"T2 read $1,000 (T1 has not written yet).".to_owned()),
            "{all:#?}"
        );
        // The read and the await that follows it make one sentence.
        assert!(all.contains(
            &"T2 read $1,000 (T1 has not written yet) and is now awaiting I/O (100 ms): other tasks run meanwhile."
                .to_owned()
        ));
        assert!(all.contains(
            &"T1 read $1,000 and is now awaiting I/O (100 ms): other tasks run meanwhile."
                .to_owned()
        ));
    }

    #[test]
    fn a_lost_write_says_whose_credit_it_erased() {
        let run = recorded(Scenario::bank());
        let end = narrate(&run, run.len(), Detail::Event).expect("a sentence");
        assert_eq!(
            end.text,
            "T5 wrote $1,100 from its read of $1,000 at t=0 ms, erasing T4's +$100 (its write of $1,100). That credit is lost."
        );
        assert!(end.lost);
        let thousand = recorded(Scenario::article());
        let read = *events_where(&thousand, |k| matches!(k, EventKind::Read { .. }))
            .last()
            .expect("a read");
        let sentence = narrate(&thousand, read + 1, Detail::Event).expect("a sentence");
        assert_eq!(
            sentence.text,
            "T1000 read $1,000 (T1 and 998 others that read before it have not written yet)."
        );
    }

    #[test]
    fn a_free_lock_is_taken_without_waiting_and_a_held_one_queues() {
        let run = recorded(Scenario::bank().with_strategy(Strategy::Lock));
        let all = sentences(&run);
        assert!(all.contains(&"T1 acquired lock (free: no wait).".to_owned()));
        assert!(all.contains(
            &"T2 reached async with lock, held by T1: it queues, 1st in line.".to_owned()
        ));
        assert!(all.contains(
            &"T5 reached async with lock, held by T1: it queues, 4th in line.".to_owned()
        ));
        assert!(all.contains(&"T1 released lock; T2 is next.".to_owned()));
        assert!(all.contains(&"T5 acquired lock after waiting 400 ms.".to_owned()));
        // With the lock, every read comes after the last write: none is stale.
        assert!(
            !all.iter().any(|s| s.contains("not written yet")),
            "{all:#?}"
        );
    }

    #[test]
    fn a_deadlock_ends_on_the_cycle_and_a_fast_run_follows_its_writes() {
        let run = recorded(Scenario {
            tasks: 2,
            delay_ms: 10,
            ..Scenario::article().with_strategy(Strategy::OppositeOrder)
        });
        let end = narrate(&run, run.len(), Detail::Event).expect("a sentence");
        assert!(
            end.text.starts_with(
                "Nothing can run and no timer is pending: T1 waits for lock_b held by T2"
            ),
            "{}",
            end.text
        );
        let bank = recorded(Scenario::bank());
        assert_eq!(narrate(&bank, 0, Detail::Event), None);
        // Before any write, a fast run has nothing to say; after, its newest write.
        assert_eq!(narrate(&bank, 5, Detail::Writes), None);
        let first_write = events_where(&bank, |k| matches!(k, EventKind::Wrote { .. }))[0];
        let said = narrate(&bank, first_write + 2, Detail::Writes).expect("a sentence");
        assert_eq!(
            said.text,
            "T1 wrote $1,100 from its read of $1,000 at t=0 ms."
        );
    }
}
