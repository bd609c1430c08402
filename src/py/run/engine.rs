//! The learner's program told in the engine's words: its trace as the
//! engine's [`Event`]s, so that what the page draws for the strategies
//! (lanes, log, lock rows, lost writes) can draw the learner's program.
//!
//! The tasks are `asyncio.run`'s children: T1 is the first task main
//! created (the engine's task 0); main's own reads and writes (the final
//! `print(balance)`) are not a racing task's and are left out. The balance
//! is one shared variable; sleeps are the I/O.

use super::trace::{Shown, TraceEvent, TraceKind};
use super::ProgramRun;
use crate::sim::{Event, EventKind, LockName};

/// The variable the page shows as the balance: `balance` if the program
/// has one that tasks share, else the first shared integer it wrote.
pub fn balance_var(run: &ProgramRun) -> Option<u32> {
    if let Some(id) = run.vars.iter().position(|v| v.name == "balance") {
        return Some(id as u32);
    }
    let wrote_int = |id: usize| {
        run.events.iter().any(|e| {
            matches!(e.kind, TraceKind::Wrote { var, value: Shown::Int(_), .. } if var as usize == id)
        })
    };
    run.vars
        .iter()
        .enumerate()
        .find(|(id, var)| var.is_shared() && wrote_int(*id))
        .map(|(id, _)| id as u32)
}

/// The engine's lock for each of the program's locks (by id): a lock named
/// as the article's programs name theirs (`lock`, `lock_a`, `lock_b`,
/// `self._lock`) is that lock; the others take the slots left, in the order
/// they were made. A fifth lock has none (the page draws four).
pub fn lock_slots(run: &ProgramRun) -> Vec<Option<LockName>> {
    let mut slots: Vec<Option<LockName>> = run
        .locks
        .iter()
        .map(|name| LockName::ALL.into_iter().find(|l| l.label() == name))
        .collect();
    let taken = slots.clone();
    let mut free = LockName::ALL
        .into_iter()
        .filter(|lock| !taken.contains(&Some(*lock)));
    for slot in slots.iter_mut().filter(|slot| slot.is_none()) {
        *slot = free.next();
    }
    slots
}

fn ms(seconds: f64) -> u64 {
    (seconds * 1000.0).round().max(0.0) as u64
}

/// `run`'s trace as engine events, for the variable `balance`. What main
/// wrote before any other task ran (`self._value = initial`) is the
/// starting balance, not a write of the race: writes count from after it.
pub fn engine_events(run: &ProgramRun, balance: Option<u32>) -> Vec<Event> {
    engine_trace(run, balance)
        .into_iter()
        .map(|(_, event)| event)
        .collect()
}

/// [`engine_events`], each with the index in `run.events` of the event it
/// tells (for its line, and for what was printed between).
pub fn engine_trace(run: &ProgramRun, balance: Option<u32>) -> Vec<(usize, Event)> {
    let setup = run
        .events
        .iter()
        .take_while(|e| e.task == 0)
        .filter(|e| matches!(e.kind, TraceKind::Wrote { var, .. } if Some(var) == balance))
        .count() as u32;
    let slots = lock_slots(run);
    run.events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.task > 0)
        .filter_map(|(at, e)| Some((at, engine_event(&slots, e, balance, setup)?)))
        .collect()
}

fn engine_event(
    slots: &[Option<LockName>],
    event: &TraceEvent,
    balance: Option<u32>,
    setup: u32,
) -> Option<Event> {
    let int = |shown: &Shown| match shown {
        Shown::Int(value) => Some(*value),
        Shown::Text(_) => None,
    };
    let lock = |id: u32| *slots.get(id as usize)?;
    let kind = match &event.kind {
        TraceKind::Started => EventKind::Started,
        TraceKind::Finished => EventKind::Finished,
        TraceKind::Read { var, value } if Some(*var) == balance => {
            EventKind::Read { value: int(value)? }
        }
        TraceKind::Wrote {
            var,
            value,
            write,
            based_on,
        } if Some(*var) == balance => {
            let write = write.checked_sub(setup)?;
            EventKind::Wrote {
                value: int(value)?,
                write,
                overwrote: (based_on.saturating_sub(setup) < write).then(|| write - 1),
            }
        }
        TraceKind::Slept { seconds } => EventKind::IoStarted { ms: ms(*seconds) },
        TraceKind::Woke => EventKind::IoDone,
        TraceKind::Requested { lock: id } => EventKind::LockRequested { lock: lock(*id)? },
        TraceKind::Acquired { lock: id } => EventKind::LockAcquired { lock: lock(*id)? },
        TraceKind::Released { lock: id } => EventKind::LockReleased { lock: lock(*id)? },
        TraceKind::Put { value } => EventKind::Sent { value: int(value)? },
        TraceKind::Got { value } => EventKind::Received { value: int(value)? },
        _ => return None,
    };
    Some(Event {
        time_ms: ms(event.time),
        task: event.task - 1,
        kind,
    })
}
