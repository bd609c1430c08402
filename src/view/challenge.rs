//! "You are the scheduler" challenges: what a level is, how a played run
//! is judged against its goal, and how levels are named in links and
//! stored progress. The levels themselves are data, in `challenge/levels.rs`.
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

mod levels;
pub use levels::LEVELS;

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
    /// How links, stored progress and the lesson name it:
    /// `?challenge=lose-an-update`. Never changes once published.
    pub name: &'static str,
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
        let completed = ended && outcome.ending == Some(Ending::Completed);
        let lost = outcome.lost_writes.len();
        match self {
            Goal::FinalBalance(balance) => completed && outcome.final_balance == balance,
            Goal::LoseAny => completed && lost > 0,
            Goal::Correct => completed && outcome.final_balance == outcome.expected_balance,
            Goal::Wrong => completed && outcome.final_balance != outcome.expected_balance,
            Goal::Deadlock => ended && matches!(outcome.ending, Some(Ending::Deadlock(_))),
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
    if played.recording.outcome.ending == Some(Ending::Completed) {
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
    if let Some(Ending::Deadlock(deadlock)) = &outcome.ending {
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

/// Level `number` (from 1): its place in [`LEVELS`] on this page.
pub fn level(number: u32) -> Option<&'static Level> {
    LEVELS.get(number.checked_sub(1)? as usize)
}

/// The number of the level a link or stored progress names: by its name,
/// or (links made before levels had names) by its number.
pub fn find(name: &str) -> Option<u32> {
    let name = name.trim();
    match LEVELS
        .iter()
        .position(|level| level.name.eq_ignore_ascii_case(name))
    {
        Some(at) => Some(at as u32 + 1),
        None => name.parse().ok().filter(|&number| level(number).is_some()),
    }
}

/// The name of level `number`, as links and stored progress write it.
pub fn name(number: u32) -> Option<&'static str> {
    level(number).map(|level| level.name)
}

/// The levels done, by number; localStorage keeps them by name:
/// "lose-an-update,right-by-luck".
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
        let names: Vec<&str> = self.0.iter().filter_map(|&n| name(n)).collect();
        names.join(",")
    }

    /// Reads stored progress, by names or (stored before levels had
    /// names) by numbers; what is not a level is dropped.
    pub fn decode(text: &str) -> Self {
        text.split(',')
            .filter_map(find)
            .fold(Done::default(), |done, number| done.with(number))
    }
}

#[cfg(test)]
mod tests;
