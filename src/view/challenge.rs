//! "You are the scheduler" challenges: the levels, as data, and how a
//! played run is judged against a level's goal.
//!
//! Each level is a program (a strategy, some tasks, amounts), a goal said
//! before play, a [`Goal`] that judges the run, hints, and what winning
//! teaches. Some goals cannot be reached, on purpose: no order breaks a
//! fix. `tests/challenges.rs` checks every level against the schedule
//! explorer and a search over every schedule: each possible level has a
//! winning schedule, and each impossible one has none.

use std::collections::{BTreeMap, BTreeSet};

use super::recording::Recording;
use super::scheduler::Played;
use super::settings::Settings;
use super::text::{money, task_name};
use crate::sim::{Ending, EventKind, Scenario, Strategy};

/// What a level asks of the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// Every task finishes, and the balance is this.
    FinalBalance(i64),
    /// Every task finishes with at least one write lost.
    LoseAny,
    /// Every task finishes at the right balance.
    Correct,
    /// Every task finishes at a wrong balance.
    Wrong,
    /// No task can ever run again.
    Deadlock,
    /// Compare-and-retry redoes its I/O this many times, counting every task.
    Retries(usize),
    /// `task` fails its compare `count` times: other tasks' writes keep
    /// getting in ahead of it.
    Starve { task: u32, count: usize },
}

/// One challenge.
pub struct Level {
    pub title: &'static str,
    pub strategy: Strategy,
    pub tasks: u32,
    pub initial: i64,
    pub amount: i64,
    /// Said before play.
    pub goal_text: &'static str,
    pub goal: Goal,
    /// Whether any schedule reaches the goal (checked by the tests).
    pub possible: bool,
    /// Revealed one at a time, on request.
    pub hints: &'static [&'static str],
    /// Shown on winning, or, for a level that cannot be won, on giving up.
    pub explanation: &'static str,
    /// A winning schedule (task numbers from 1, as in links), for the
    /// tests and for course authors; empty where there is none.
    pub solution: &'static str,
}

impl Level {
    /// The level's program (its I/O delays mean nothing here: the learner
    /// decides when each I/O finishes).
    pub fn scenario(&self) -> Scenario {
        Scenario {
            tasks: self.tasks,
            initial: self.initial,
            amount: self.amount,
            ..Scenario::article().with_strategy(self.strategy)
        }
    }
}

/// Where a level stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Playing,
    Won,
    /// No task can run and the goal is unmet.
    Stuck,
    /// The learner has given up on a level that cannot be won (or tried
    /// every choice), and is told why.
    Impossible,
}

impl Status {
    /// The name in `data-status`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Playing => "playing",
            Status::Won => "won",
            Status::Stuck => "stuck",
            Status::Impossible => "impossible",
        }
    }
}

/// How many times each task found the balance changed and started again.
fn retries(recording: &Recording) -> Vec<usize> {
    let mut per_task = vec![0; recording.tasks() as usize];
    for event in &recording.outcome.trace {
        if event.kind == EventKind::Retried {
            if let Some(count) = per_task.get_mut(event.task as usize) {
                *count += 1;
            }
        }
    }
    per_task
}

impl Goal {
    /// Whether `played` meets the goal. Goals about the end wait for it;
    /// goals about the trace are met as soon as they happen.
    pub fn met(self, recording: &Recording, ended: bool) -> bool {
        let outcome = &recording.outcome;
        let completed = ended && outcome.ending == Ending::Completed;
        let lost = outcome.lost_writes.len();
        match self {
            Goal::FinalBalance(balance) => completed && outcome.final_balance == balance,
            Goal::LoseAny => completed && lost > 0,
            Goal::Correct => completed && outcome.final_balance == outcome.expected_balance,
            Goal::Wrong => completed && outcome.final_balance != outcome.expected_balance,
            Goal::Deadlock => ended && matches!(outcome.ending, Ending::Deadlock(_)),
            Goal::Retries(count) => retries(recording).iter().sum::<usize>() >= count,
            Goal::Starve { task, count } => retries(recording)
                .get(task as usize)
                .is_some_and(|&r| r >= count),
        }
    }

    /// Whether the goal is about how the run ends (so the explorer's
    /// counts of endings say how rare a win is).
    pub fn about_the_ending(self) -> bool {
        !matches!(self, Goal::Retries(_) | Goal::Starve { .. })
    }
}

/// The level's status after `played`; `gave_up`: the learner asked whether
/// it can be done (or has tried every choice).
pub fn status(level: &Level, played: &Played, gave_up: bool) -> Status {
    if level.goal.met(&played.recording, played.ended) {
        Status::Won
    } else if gave_up && !level.possible {
        Status::Impossible
    } else if played.ended {
        Status::Stuck
    } else {
        Status::Playing
    }
}

/// The line under a level that says where it stands. `steps`: picks so
/// far; `possible_said`: the learner asked and was told it can be done.
pub fn status_line(status: Status, played: &Played, steps: usize, possible_said: bool) -> String {
    match status {
        Status::Playing if possible_said => {
            "It can be done. Keep trying, or take a hint.".to_owned()
        }
        Status::Playing if steps == 0 => "Choose the first step.".to_owned(),
        Status::Playing if steps == 1 => "1 step so far.".to_owned(),
        Status::Playing => format!("{steps} steps so far."),
        Status::Won => "Goal reached!".to_owned(),
        Status::Stuck => stuck(played).to_owned(),
        // The explanation that follows begins "It cannot be done."
        Status::Impossible => "No schedule reaches the goal.".to_owned(),
    }
}

/// Why a run that has ended short of the goal stopped, and what is left
/// to try. A run whose tasks all finished did not get stuck on anything:
/// other choices earlier may still reach the goal, or none may (the
/// learner can ask), so it does not promise that a different one will.
pub fn stuck(played: &Played) -> &'static str {
    if played.recording.outcome.ending == Ending::Completed {
        "Every task has finished, and the goal is not met. Undo to try other choices, or ask whether it can be done at all."
    } else {
        "No task can run, and the goal is not met. Undo and choose differently."
    }
}

/// Why the run came out as it did, in the learner's terms: "T1's write of
/// $1,100 was erased by T2's write of $1,100, computed from a read taken
/// before it".
pub fn reason(played: &Played) -> String {
    let outcome = &played.recording.outcome;
    if let Ending::Deadlock(deadlock) = &outcome.ending {
        if deadlock.cycle.len() == 2 {
            let [a, b] = [deadlock.cycle[0], deadlock.cycle[1]];
            return format!(
                "{} waits for {}, which {} holds, and {} waits for {}, which {} holds: neither can ever go on.",
                task_name(a.task),
                a.lock,
                task_name(a.held_by),
                task_name(b.task),
                b.lock,
                task_name(b.held_by)
            );
        }
        return format!("{deadlock}.");
    }
    let starved: Vec<String> = retries(&played.recording)
        .iter()
        .enumerate()
        .filter(|(_, &count)| count > 0)
        .map(|(task, count)| {
            let times = if *count == 1 {
                "once".to_owned()
            } else {
                format!("{count} times")
            };
            format!("{} redid its I/O {times}", task_name(task as u32))
        })
        .collect();
    if !starved.is_empty() {
        return format!(
            "{}: each time, another task's write got in between its read and its compare.",
            starved.join(", ")
        );
    }
    let erased: Vec<String> = outcome
        .lost_writes
        .iter()
        .filter_map(|lost| {
            let write = outcome.writes.get(lost.write as usize)?;
            let by = outcome.writes.get(lost.overwritten_by as usize)?;
            Some(format!(
                "{}'s write of {} was erased by {}, whose write of {} came from a read taken before it",
                task_name(write.task),
                money(write.value),
                task_name(by.task),
                money(by.value)
            ))
        })
        .collect();
    if !erased.is_empty() {
        return format!("{}.", erased.join("; "));
    }
    if played.ended {
        "Each task read the balance after the write before it had landed, so every credit counts."
            .to_owned()
    } else {
        String::new()
    }
}

/// The levels, following the article.
pub const LEVELS: [Level; 13] = [
    Level {
        title: "Lose an update",
        strategy: Strategy::Unsafe,
        tasks: 2,
        initial: 1000,
        amount: 100,
        goal_text: "Two tasks each credit $100 to $1,000. Make the final balance $1,100 instead of $1,200.",
        goal: Goal::FinalBalance(1100),
        possible: true,
        hints: &[
            "A task's first step reads the balance and stops at its await. What if the other task reads before the first one writes?",
            "T1, T2, T1, T2.",
        ],
        explanation: "Both tasks read $1,000 before either wrote, so both wrote $1,100. The await between the read and the write is where the other task got in.",
        solution: "1212",
    },
    Level {
        title: "Lose two at once",
        strategy: Strategy::Unsafe,
        tasks: 3,
        initial: 1000,
        amount: 100,
        goal_text: "Three tasks credit $100 each to $1,000. Lose two of the three updates: make the final balance $1,100.",
        goal: Goal::FinalBalance(1100),
        possible: true,
        hints: &[
            "Every task that reads before the last write lands computes from a stale balance.",
            "Let all three read first, then let them write.",
        ],
        explanation: "All three read $1,000, so all three wrote $1,100: only the last write survives. This is asyncio's own order when the delays are equal, and it is why 1000 tasks end at $1,001.",
        solution: "123123",
    },
    Level {
        title: "Right by luck",
        strategy: Strategy::Unsafe,
        tasks: 3,
        initial: 1000,
        amount: 100,
        goal_text: "The same buggy code, three tasks. Make it come out right anyway: $1,300.",
        goal: Goal::Correct,
        possible: true,
        hints: &[
            "A task is safe if nobody else reads between its read and its write.",
            "Let each task finish its write before the next one reads: T1, T1, T2, T2, T3, T3.",
        ],
        explanation: "Run each task's read and write back to back and nothing is lost. The code is still wrong: it is right only in the orders where no task is overtaken between its read and its write. The schedule explorer counts how few those are.",
        solution: "112233",
    },
    Level {
        title: "A lock, too late",
        strategy: Strategy::LockTooLate,
        tasks: 2,
        initial: 1000,
        amount: 100,
        goal_text: "Mistake 1: the lock is taken after the read. Lose an update anyway.",
        goal: Goal::LoseAny,
        possible: true,
        hints: &[
            "The lock guards the I/O and the write, not the read.",
            "Let T2 read while T1 holds the lock, before T1 writes.",
        ],
        explanation: "Both tasks read before the lock, so the lock only made them write their stale values one at a time. A lock protects only what it surrounds.",
        solution: "12122",
    },
    Level {
        title: "Break Solution 1",
        strategy: Strategy::Lock,
        tasks: 3,
        initial: 1000,
        amount: 100,
        goal_text: "The lock is held from the read, across the I/O, to the write. Find an order that ends at a wrong balance.",
        goal: Goal::Wrong,
        possible: false,
        hints: &[
            "Which task can read while another holds the lock?",
            "Try letting a second task start while the first waits for its I/O: where does it stop?",
        ],
        explanation: "It cannot be done. A task that wants the lock while another holds it queues at `async with` and does not read until the lock is handed over, so no read falls between another task's read and write. Only the order of the updates can change.",
        solution: "",
    },
    Level {
        title: "Break the restructure",
        strategy: Strategy::Restructure,
        tasks: 3,
        initial: 1000,
        amount: 100,
        goal_text: "Solution 2 does the I/O first, then `balance += amount`. Find an order that loses an update.",
        goal: Goal::Wrong,
        possible: false,
        hints: &[
            "Where are this program's awaits, and where are its reads and writes?",
            "Can any other task run between the read and the write of `balance += amount`?",
        ],
        explanation: "It cannot be done. The read and the write are one line with no await between them, and between two awaits a coroutine runs alone. Every order gives $1,300, and the I/O still overlaps.",
        solution: "",
    },
    Level {
        title: "Break the counter",
        strategy: Strategy::Counter,
        tasks: 3,
        initial: 1000,
        amount: 100,
        goal_text: "Solution 3: AsyncSafeCounter keeps the value and its lock together. Find an order that loses an update.",
        goal: Goal::Wrong,
        possible: false,
        hints: &[
            "The counter takes its own lock around its whole update.",
            "Can a caller reach the value without the lock?",
        ],
        explanation: "It cannot be done. The only way to the value is through the counter's method, which holds the lock from its read to its write: the same guarantee as Solution 1, and no caller can forget it.",
        solution: "",
    },
    Level {
        title: "Mistake 2, as written",
        strategy: Strategy::LockTooNarrow,
        tasks: 3,
        initial: 1000,
        amount: 100,
        goal_text: "The article calls this a mistake: read, then `async with lock:` around the write alone. Lose an update.",
        goal: Goal::Wrong,
        possible: false,
        hints: &[
            "Count the awaits between the read and the write.",
            "Does taking a free asyncio.Lock suspend the task?",
        ],
        explanation: "It cannot be done, and the reason is a detail of asyncio: taking a free lock does not suspend, so there is no await at all between the read and the write, and no other task can run there. The habit is still wrong: put any await before the lock, as the next level does, and it breaks.",
        solution: "",
    },
    Level {
        title: "Mistake 2, with I/O",
        strategy: Strategy::LockTooNarrowIo,
        tasks: 2,
        initial: 1000,
        amount: 100,
        goal_text: "The same narrow lock, with the I/O between the read and the lock. Lose an update.",
        goal: Goal::LoseAny,
        possible: true,
        hints: &[
            "The I/O is an await outside the lock.",
            "Both tasks read, then both write.",
        ],
        explanation: "The lock serialised the writes, but each was computed from a read taken before the await. The lock has to cover the read, the await and the write.",
        solution: "1212",
    },
    Level {
        title: "Deadlock",
        strategy: Strategy::OppositeOrder,
        tasks: 2,
        initial: 1000,
        amount: 1,
        goal_text: "T1 takes lock_a then lock_b; T2 takes lock_b then lock_a. Make them wait for each other for ever.",
        goal: Goal::Deadlock,
        possible: true,
        hints: &[
            "Each task holds its first lock across an await before it asks for the second.",
            "Let each task take its first lock before either asks for its second.",
        ],
        explanation: "Each holds the lock the other needs. asyncio would wait for ever; nothing raises an error. The fix is one lock order for everyone.",
        solution: "1212",
    },
    Level {
        title: "Deadlock one lock order",
        strategy: Strategy::ConsistentOrder,
        tasks: 2,
        initial: 1000,
        amount: 1,
        goal_text: "Both tasks take lock_a, then lock_b. Make them deadlock.",
        goal: Goal::Deadlock,
        possible: false,
        hints: &[
            "To deadlock, each task must hold a lock the other wants.",
            "Can a task hold lock_b without holding lock_a?",
        ],
        explanation: "It cannot be done. Whoever holds lock_a is the only task that can ask for lock_b, so nobody ever holds lock_b while wanting lock_a: there is no cycle to wait in.",
        solution: "",
    },
    Level {
        title: "Make it redo its I/O",
        strategy: Strategy::Optimistic,
        tasks: 3,
        initial: 1000,
        amount: 100,
        goal_text: "Compare-and-retry writes only if nobody wrote since its read; otherwise it starts again, I/O and all. Make the tasks redo their I/O three times in all.",
        goal: Goal::Retries(3),
        possible: true,
        hints: &[
            "A task's compare fails when another task wrote after its read.",
            "Let everyone read, then let one write: the others must start again. Then do it again.",
        ],
        explanation: "Every failed compare throws away a task's I/O and does it again. The result is still right, but under contention most of the work is redone: optimistic concurrency pays off only when conflicts are rare.",
        solution: "12331221",
    },
    Level {
        title: "Starve a task",
        strategy: Strategy::Optimistic,
        tasks: 5,
        initial: 1000,
        amount: 100,
        goal_text: "Five tasks, compare-and-retry. Starve T1: make its compare fail four times, once for every other task.",
        goal: Goal::Starve { task: 0, count: 4 },
        possible: true,
        hints: &[
            "T1 fails whenever another task writes between T1's read and T1's compare.",
            "Start T1 again each time, then let another task write before T1 compares.",
        ],
        explanation: "Starvation: T1 made no progress while the others did. This is not livelock, which would be no task making progress: each failed compare means another task succeeded. With a steady stream of new writers, T1 could be starved for as long as you like.",
        solution: "1221331441551",
    },
];

/// The schedules a learner has tried in a level: enough to tell when
/// they have tried every task at every choice (then a level that cannot
/// be won says so by itself).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tried {
    /// The tasks that could run after each prefix of picks seen.
    ready: BTreeMap<Vec<u32>, Vec<u32>>,
    ended: BTreeSet<Vec<u32>>,
}

impl Tried {
    pub fn visit(&mut self, picks: &[u32], played: &Played) {
        if played.ended {
            self.ended.insert(picks.to_vec());
        } else {
            let ready = played.offers.iter().map(|offer| offer.task).collect();
            self.ready.insert(picks.to_vec(), ready);
        }
    }

    /// Every schedule from the start has been played to its end.
    pub fn everything(&self) -> bool {
        self.exhausted(&mut Vec::new())
    }

    fn exhausted(&self, prefix: &mut Vec<u32>) -> bool {
        if self.ended.contains(prefix) {
            return true;
        }
        let Some(ready) = self.ready.get(prefix.as_slice()) else {
            return false;
        };
        ready.iter().all(|&task| {
            prefix.push(task);
            let done = self.exhausted(prefix);
            prefix.pop();
            done
        })
    }
}

/// The settings that open level `number`, keeping how the page is shown.
pub fn level_settings(number: u32, keep: &Settings) -> Option<Settings> {
    let level = level(number)?;
    Some(Settings {
        embed: keep.embed,
        theme: keep.theme,
        present: keep.present,
        code: keep.code,
        scheduler: true,
        challenge: Some(number),
        ..Settings::from_scenario(&level.scenario())
    })
}

/// Level `number` (from 1).
pub fn level(number: u32) -> Option<&'static Level> {
    LEVELS.get(number.checked_sub(1)? as usize)
}

/// The levels done, as localStorage keeps them: "1,2,5".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Done(pub Vec<u32>);

impl Done {
    pub fn has(&self, number: u32) -> bool {
        self.0.contains(&number)
    }

    pub fn with(&self, number: u32) -> Self {
        let mut done = self.0.clone();
        if level(number).is_some() && !done.contains(&number) {
            done.push(number);
            done.sort_unstable();
        }
        Done(done)
    }

    pub fn encode(&self) -> String {
        let numbers: Vec<String> = self.0.iter().map(u32::to_string).collect();
        numbers.join(",")
    }

    /// Reads stored progress; what is not a level is dropped.
    pub fn decode(text: &str) -> Self {
        let mut done = Done::default();
        for part in text.split(',') {
            if let Ok(number) = part.trim().parse() {
                done = done.with(number);
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::scheduler::play;
    use crate::view::text::ungrouped_money;

    #[test]
    fn the_status_line_counts_steps_and_says_why_a_run_is_stuck() {
        let one = level(1).expect("level 1");
        let scenario = one.scenario();
        let started = play(&scenario, &[0]).expect("plays");
        assert_eq!(
            status_line(Status::Playing, &started, 1, false),
            "1 step so far."
        );
        assert_eq!(
            status_line(Status::Playing, &started, 3, false),
            "3 steps so far."
        );
        // Every task finished, one at a time: nothing is stuck, the goal is just unmet.
        let finished = play(&scenario, &[0, 0, 1, 1]).expect("plays");
        assert_eq!(status(one, &finished, false), Status::Stuck);
        let line = status_line(Status::Stuck, &finished, 4, false);
        assert!(line.starts_with("Every task has finished"), "{line}");
        assert!(!line.contains("No task can run"), "{line}");
        // Said once: the explanation after it begins "It cannot be done."
        let impossible = level(5).expect("level 5");
        let start = play(&impossible.scenario(), &[]).expect("plays");
        let line = status_line(Status::Impossible, &start, 0, false);
        assert!(!impossible.explanation.starts_with(&line), "{line}");
        assert!(!line.contains("cannot be done"), "{line}");
    }

    #[test]
    fn every_level_writes_money_as_the_page_does() {
        for level in LEVELS {
            let texts = [level.title, level.goal_text, level.explanation]
                .into_iter()
                .chain(level.hints.iter().copied());
            for text in texts {
                assert_eq!(ungrouped_money(text), None, "{}: {text}", level.title);
            }
        }
    }

    #[test]
    fn level_one_is_the_issues_and_is_won_by_t1_t2_t1_t2() {
        let one = level(1).expect("level 1");
        assert_eq!(one.title, "Lose an update");
        let scenario = one.scenario();
        assert_eq!(
            (
                scenario.strategy,
                scenario.tasks,
                scenario.initial,
                scenario.amount
            ),
            (Strategy::Unsafe, 2, 1000, 100)
        );
        let halfway = play(&scenario, &[0, 1]).expect("plays");
        assert_eq!(status(one, &halfway, false), Status::Playing);
        let won = play(&scenario, &[0, 1, 0, 1]).expect("plays");
        assert_eq!(status(one, &won, false), Status::Won);
        assert_eq!(
            reason(&won),
            "T1's write of $1,100 was erased by T2, whose write of $1,100 came from a read taken before it."
        );
        let right = play(&scenario, &[0, 0, 1, 1]).expect("plays");
        assert_eq!(status(one, &right, false), Status::Stuck);
        assert!(reason(&right).starts_with("Each task read"));
    }

    #[test]
    fn giving_up_says_impossible_only_where_it_is() {
        let lock = level(5).expect("level 5");
        let start = play(&lock.scenario(), &[]).expect("plays");
        assert_eq!(status(lock, &start, true), Status::Impossible);
        let one = level(1).expect("level 1");
        let start = play(&one.scenario(), &[]).expect("plays");
        assert_eq!(status(one, &start, true), Status::Playing);
    }

    #[test]
    fn trying_every_choice_is_noticed() {
        // Two tasks under one lock order: few enough schedules to try them all.
        let level = level(11).expect("level 11");
        let scenario = level.scenario();
        let mut tried = Tried::default();
        let mut stack = vec![Vec::new()];
        let mut leaves = 0;
        while let Some(picks) = stack.pop() {
            assert!(!tried.everything(), "not before the last schedule");
            let played = play(&scenario, &picks).expect("plays");
            tried.visit(&picks, &played);
            leaves += usize::from(played.ended);
            for offer in played.offers.iter().rev() {
                let mut next = picks.clone();
                next.push(offer.task);
                stack.push(next);
            }
        }
        assert!(tried.everything());
        assert!(leaves > 1);
    }

    #[test]
    fn done_levels_round_trip_and_junk_is_dropped() {
        let done = Done::default().with(3).with(1).with(3).with(99);
        assert_eq!(done.encode(), "1,3");
        assert_eq!(Done::decode("1,3"), done);
        assert_eq!(Done::decode("x,2,,0,14"), Done(vec![2]));
        assert!(done.has(3) && !done.has(2));
    }
}
