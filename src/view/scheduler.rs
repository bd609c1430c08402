//! "You are the scheduler": the learner picks which task runs each step.
//!
//! A step is one task running from one `await` to the next: exactly the
//! grain at which asyncio can interleave coroutines. The run is the
//! engine's own [`OrderedRun`], as the schedule explorer drives it, so what
//! a pick does is what the strategy's code does. A run is its list of
//! picks: replaying them from the start gives the same run every time,
//! which makes undo, redo and links trivial and exact. Before each pick,
//! every task that can run is offered with what its step will do
//! ([`OrderedRun::look_ahead`]).
//!
//! ```
//! use racecourse::sim::{Scenario, Strategy};
//! use racecourse::view::scheduler::play;
//!
//! let two = Scenario { tasks: 2, amount: 100, ..Scenario::article() };
//! // T1 reads, T2 reads, T1 writes, T2 writes: T1's update is lost.
//! let played = play(&two, &[0, 1, 0, 1]).unwrap();
//! assert_eq!(played.recording.outcome.final_balance, 1100);
//! assert!(played.offers.is_empty() && played.ended);
//! ```

pub mod keys;
pub mod program;
pub mod said;
pub mod session;

use std::fmt;
use std::rc::Rc;

use super::code_lines::{find_spots, line_of, Language};
use super::recording::{Recording, Spot};
use super::text::{money, task_name};
use crate::sim::ordered::{OrderedRun, ReplayError};
use crate::sim::TaskId;
use crate::sim::{Event, EventKind, LockName, Scenario, ScenarioError};

/// The most tasks a learner schedules by hand: one lane each.
pub const MAX_SCHEDULED_TASKS: u32 = super::lanes::MAX_LANES as u32;

/// A task that can run now, and what its next step will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub task: TaskId,
    /// "read $1,000, then await I/O".
    pub does: String,
    /// The line of the article's Python the task will stop at, if any.
    pub stops_at: Option<String>,
    /// asyncio's own choice: the front of its ready queue.
    pub asyncio_next: bool,
}

/// A task that cannot run now, and why ("finished", "waiting for
/// lock, which T1 holds").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub task: TaskId,
    pub why: String,
}

/// The run after the picks so far.
pub struct Played {
    /// The run so far; `ended` once no task can run.
    pub recording: Rc<Recording>,
    pub ended: bool,
    /// Tasks that can run, in task order.
    pub offers: Vec<Offer>,
    pub blocked: Vec<Blocked>,
    /// What the last pick did: "T2 ran: read $1,000; now waiting for I/O".
    pub last_step: Option<String>,
}

/// Why picks cannot be played.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlayError {
    Refused(ScenarioError),
    TooManyTasks(u32),
    /// Pick `step` (from 0) names a task that could not run then.
    NotReady {
        step: usize,
        task: TaskId,
    },
    /// Picks go on after the run has ended.
    Ended {
        step: usize,
    },
}

impl fmt::Display for PlayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlayError::Refused(why) => why.fmt(f),
            PlayError::TooManyTasks(tasks) => write!(
                f,
                "you can schedule up to {MAX_SCHEDULED_TASKS} tasks by hand, not {tasks}"
            ),
            PlayError::NotReady { step, task } => write!(
                f,
                "step {} names {}, which could not run then",
                step + 1,
                task_name(*task)
            ),
            PlayError::Ended { step } => {
                write!(f, "the run had ended before step {}", step + 1)
            }
        }
    }
}

/// Plays `picks` (task ids, one per step) on `scenario` from its start.
pub fn play(scenario: &Scenario, picks: &[TaskId]) -> Result<Played, PlayError> {
    if scenario.total_tasks() > MAX_SCHEDULED_TASKS {
        return Err(PlayError::TooManyTasks(scenario.total_tasks()));
    }
    let run = OrderedRun::replay(scenario, picks).map_err(|error| match error {
        ReplayError::Refused(why) => PlayError::Refused(why),
        ReplayError::NotReady { step, task } => PlayError::NotReady { step, task },
        ReplayError::Ended { step } => PlayError::Ended { step },
    })?;
    let ready: Vec<TaskId> = run.ready().collect();
    let last_step = run.last_step().map(|step| {
        let said = past(&run.events(step), step.task);
        format!("{} ran: {said}", task_name(step.task))
    });
    let ended = run.ending().is_some();
    // The article's Python as the code pane shows it, to name the line a
    // step stops at.
    let python_text = super::program::python(scenario);
    let python = find_spots(&python_text, Language::Python);
    let offers = run
        .look_ahead()
        .into_iter()
        .map(|ahead| {
            let events = ahead.run.events(&ahead.step);
            let stopped = Recording::new(ahead.run.outcome());
            Offer {
                task: ahead.task,
                does: future(&events, ahead.task),
                stops_at: spot_at_end(&stopped, ahead.task)
                    .and_then(|spot| line_of(spot, &python))
                    .and_then(|line| source_line(&python_text, line)),
                asyncio_next: ready.first() == Some(&ahead.task),
            }
        })
        .collect();
    let recording = Rc::new(Recording::new(run.outcome()));
    let blocked = (0..scenario.total_tasks())
        .filter(|task| !ready.contains(task))
        .map(|task| Blocked {
            task,
            why: why_blocked(&recording, task),
        })
        .collect();
    Ok(Played {
        recording,
        ended,
        offers,
        blocked,
        last_step,
    })
}

fn source_line(source: &str, line: usize) -> Option<String> {
    let text = source.lines().nth(line)?;
    // Without its comment: the marker "# READ" says nothing here.
    let code = text.split(" #").next().unwrap_or(text).trim();
    Some(code.to_owned())
}

/// Where `task` stands at the end of `recording`: the spot the code pane marks.
fn spot_at_end(recording: &Recording, task: TaskId) -> Option<Spot> {
    let last = recording
        .outcome
        .trace
        .iter()
        .rposition(|e| e.task == task)?;
    recording.spot_after(last, task)
}

/// One thing a step did, as a verb phrase: (future, past).
fn phrase(kind: EventKind) -> Option<(String, String)> {
    let both = |text: String| Some((text.clone(), text));
    match kind {
        EventKind::Read { value } => both(format!("read {}", money(value))),
        EventKind::LockAcquired { lock } => Some((format!("take {lock}"), format!("took {lock}"))),
        EventKind::LockReleased { lock } => {
            Some((format!("release {lock}"), format!("released {lock}")))
        }
        EventKind::Wrote { value, .. } => Some((
            format!("write {}", money(value)),
            format!("wrote {}", money(value)),
        )),
        EventKind::Retried => Some((
            "find the balance changed and start again".to_owned(),
            "found the balance changed and started again".to_owned(),
        )),
        EventKind::Sent { value } => Some((
            format!("queue {}", money(value)),
            format!("queued {}", money(value)),
        )),
        EventKind::Received { value } => Some((
            format!("take {} from the queue", money(value)),
            format!("took {} from the queue", money(value)),
        )),
        EventKind::Started
        | EventKind::IoDone
        | EventKind::IoStarted { .. }
        | EventKind::LockRequested { .. }
        | EventKind::Finished => None,
    }
}

/// Where a step stopped: (future, past), e.g. ("await I/O", "now waiting for I/O").
fn stop_words(events: &[Event], task: TaskId) -> Option<(String, String)> {
    let last = events.iter().rev().find(|e| e.task == task)?;
    Some(match last.kind {
        EventKind::IoStarted { .. } => ("await I/O".to_owned(), "now waiting for I/O".to_owned()),
        EventKind::LockRequested { lock } => (
            format!("queue for {lock}"),
            format!("now queued for {lock}"),
        ),
        EventKind::Finished => ("finish".to_owned(), "finished".to_owned()),
        _ => return None,
    })
}

fn sentence(events: &[Event], task: TaskId, past_tense: bool) -> String {
    let pick = |pair: (String, String)| if past_tense { pair.1 } else { pair.0 };
    let parts: Vec<String> = events
        .iter()
        .filter(|e| e.task == task)
        .filter_map(|e| phrase(e.kind))
        .map(pick)
        .collect();
    let stop = stop_words(events, task).map(pick);
    let done = parts.join(", ");
    match (parts.is_empty(), stop) {
        (true, Some(stop)) => stop,
        (true, None) => if past_tense { "ran on" } else { "run on" }.to_owned(),
        (false, None) => done,
        (false, Some(stop)) if past_tense => format!("{done}; {stop}"),
        (false, Some(stop)) => format!("{done}, then {stop}"),
    }
}

/// What a step will do: "read $1,000, then await I/O".
fn future(events: &[Event], task: TaskId) -> String {
    sentence(events, task, false)
}

/// What a step did: "read $1,000; now waiting for I/O".
fn past(events: &[Event], task: TaskId) -> String {
    sentence(events, task, true)
}

/// Why `task` cannot run at the end of `recording`.
fn why_blocked(recording: &Recording, task: TaskId) -> String {
    why_waiting(recording, task, "waiting for the queue")
}

/// Why `task` cannot run at the end of `recording`: it finished, or waits
/// for a lock (and who holds it), or else `otherwise`.
pub fn why_waiting(recording: &Recording, task: TaskId, otherwise: &str) -> String {
    let events = &recording.outcome.trace;
    let mine = || events.iter().rev().filter(|e| e.task == task);
    if mine().any(|e| e.kind == EventKind::Finished) {
        return "finished".to_owned();
    }
    let waiting_for = mine().find_map(|e| match e.kind {
        EventKind::LockRequested { lock } => Some(Some(lock)),
        EventKind::LockAcquired { .. } => Some(None),
        _ => None,
    });
    match waiting_for.flatten() {
        Some(lock) => {
            let holder = recording.holder(lock, recording.len());
            waits_for(lock, holder)
        }
        None => otherwise.to_owned(),
    }
}

fn waits_for(lock: LockName, holder: Option<TaskId>) -> String {
    match holder {
        Some(holder) => format!("waiting for {lock}, which {} holds", task_name(holder)),
        None => format!("waiting for {lock}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Strategy;

    fn two(strategy: Strategy) -> Scenario {
        Scenario {
            tasks: 2,
            amount: 100,
            ..Scenario::article().with_strategy(strategy)
        }
    }

    #[test]
    fn every_task_is_offered_with_what_its_step_will_do() {
        let played = play(&two(Strategy::Unsafe), &[]).expect("plays");
        assert!(!played.ended && played.last_step.is_none());
        let offered: Vec<TaskId> = played.offers.iter().map(|o| o.task).collect();
        assert_eq!(offered, [0, 1]);
        assert_eq!(played.offers[0].does, "read $1,000, then await I/O");
        assert_eq!(
            played.offers[0].stops_at.as_deref(),
            Some("await asyncio.sleep(0.1)")
        );
        assert!(played.offers[0].asyncio_next && !played.offers[1].asyncio_next);
    }

    #[test]
    fn the_learners_order_is_the_run_and_each_step_is_said() {
        let played = play(&two(Strategy::Unsafe), &[1, 0]).expect("plays");
        assert_eq!(
            played.last_step.as_deref(),
            Some("T1 ran: read $1,000; now waiting for I/O")
        );
        // T2 went first: asyncio's FIFO order puts it at the front now.
        assert_eq!(played.offers[0].does, "write $1,100, then finish");
        assert!(played.offers[1].asyncio_next);
        let done = play(&two(Strategy::Unsafe), &[1, 0, 1, 0]).expect("plays");
        assert!(done.ended);
        assert_eq!(done.recording.outcome.final_balance, 1100);
        assert_eq!(done.recording.outcome.lost_writes.len(), 1);
        // The other order of writes: T1's write is the one erased.
        let other = play(&two(Strategy::Unsafe), &[0, 1, 0, 1]).expect("plays");
        let lost = other.recording.outcome.lost_writes[0];
        let writes = &other.recording.outcome.writes;
        assert_eq!(writes[lost.write as usize].task, 0);
        assert_eq!(writes[lost.overwritten_by as usize].task, 1);
    }

    #[test]
    fn a_run_in_progress_has_no_ending_made_up() {
        let played = play(&two(Strategy::Unsafe), &[0, 1]).expect("plays");
        assert!(!played.ended);
        assert_eq!(played.recording.outcome.ending, None);
        assert_eq!(played.recording.ending(), None);
        let done = play(&two(Strategy::Unsafe), &[0, 1, 0, 1]).expect("plays");
        assert_eq!(
            done.recording.outcome.ending,
            Some(crate::sim::Ending::Completed)
        );
    }

    #[test]
    fn a_task_queued_for_a_lock_is_not_offered_and_says_why() {
        let lock = two(Strategy::Lock);
        let played = play(&lock, &[0]).expect("plays");
        assert_eq!(played.offers[1].does, "queue for lock");
        let played = play(&lock, &[0, 1]).expect("plays");
        assert_eq!(played.offers.len(), 1);
        assert_eq!(played.blocked[0].task, 1);
        assert_eq!(played.blocked[0].why, "waiting for lock, which T1 holds");
    }

    #[test]
    fn picks_that_cannot_be_played_are_errors_not_panics() {
        let lock = two(Strategy::Lock);
        assert_eq!(
            play(&lock, &[0, 1, 1]).err(),
            Some(PlayError::NotReady { step: 2, task: 1 })
        );
        assert_eq!(
            play(&lock, &[7]).err(),
            Some(PlayError::NotReady { step: 0, task: 7 })
        );
        let all = [0, 0, 1, 1, 1];
        assert!(matches!(
            play(&two(Strategy::Unsafe), &all),
            Err(PlayError::Ended { step: 4 })
        ));
        let many = Scenario::article();
        assert_eq!(play(&many, &[]).err(), Some(PlayError::TooManyTasks(1000)));
    }

    #[test]
    fn opposite_orders_deadlock_when_the_learner_makes_them() {
        let opposite = two(Strategy::OppositeOrder);
        let played = play(&opposite, &[0, 1, 0, 1]).expect("plays");
        assert!(played.ended);
        assert!(matches!(
            played.recording.outcome.ending,
            Some(crate::sim::Ending::Deadlock(_))
        ));
        assert!(played.offers.is_empty());
        assert_eq!(played.blocked.len(), 2);
    }
}
