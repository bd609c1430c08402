//! A goal over every schedule of the learner's program, and the verdict on
//! it: what turns the explorer into a checker of the learner's fix.
//!
//! A goal is a claim about how *every* schedule ends (they all end at
//! $1,300; none loses an update; none deadlocks; all end as the tasks one
//! at a time do), optionally with a bound on the awaits a task makes while
//! it holds a lock, so that one lock around everything is not always the
//! answer. The explorer counts every schedule ([`crate::py::run::explore`]);
//! [`judge`] reads its outcomes and says **proven** (the claim holds for
//! all of them), **counterexample** (it fails for some: the shortest such
//! schedule, to replay in the lanes) or **unproven** (only a sample could
//! be drawn, or some schedules never end). Pure: tested natively.

use std::rc::Rc;

use crate::py::run::explore::{Outcome, Outcomes};
use crate::sim::explore::Count;
use crate::view::text;

/// What every schedule must do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// End as the tasks run one at a time do (the watched variable's value).
    Correct,
    /// Never base a write on a value another write has since replaced.
    NoLostUpdate,
    /// Never leave every task waiting with nothing to wake one.
    NoDeadlock,
    /// End with the watched variable at this value.
    Balance(i64),
}

/// A claim, at most how many times a task may suspend while it holds a
/// lock (in one hold), and at least how many locks the program takes (a
/// lock per account, not one for everything).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Goal {
    pub claim: Claim,
    pub most_awaits_in_lock: Option<u32>,
    pub least_locks: Option<u32>,
}

/// The longest `goal=` value read.
const MAX_GOAL_TEXT: usize = 80;

impl Goal {
    pub fn new(claim: Claim) -> Goal {
        Goal {
            claim,
            most_awaits_in_lock: None,
            least_locks: None,
        }
    }

    /// A `goal=` value: `correct`, `no-lost-update`, `no-deadlock` or
    /// `balance:N`, optionally followed by `,awaits-in-lock:K` and
    /// `,locks:N`.
    pub fn parse(text: &str) -> Result<Goal, String> {
        if text.len() > MAX_GOAL_TEXT {
            return Err("the goal is too long to be one".into());
        }
        let mut parts = text.split(',').map(str::trim);
        let claim = match parts.next().unwrap_or("") {
            "correct" => Claim::Correct,
            "no-lost-update" => Claim::NoLostUpdate,
            "no-deadlock" => Claim::NoDeadlock,
            other => match other.strip_prefix("balance:") {
                Some(number) => Claim::Balance(number.parse().map_err(|_| {
                    format!("balance:{} is not a whole number", text::clipped(number, 20))
                })?),
                None => {
                    return Err(format!(
                        "\u{201c}{}\u{201d} is not a goal (correct, no-lost-update, no-deadlock or balance:N)",
                        text::clipped(other, 30)
                    ))
                }
            },
        };
        let mut goal = Goal::new(claim);
        for part in parts {
            let bound = |prefix: &str| {
                part.strip_prefix(prefix)
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|&n| n <= 1000)
            };
            if let Some(k) = bound("awaits-in-lock:") {
                goal.most_awaits_in_lock = Some(k);
            } else if let Some(n) = bound("locks:").filter(|&n| n > 0) {
                goal.least_locks = Some(n);
            } else {
                return Err(format!(
                    "\u{201c}{}\u{201d} is not a bound (awaits-in-lock:K or locks:N)",
                    text::clipped(part, 30)
                ));
            }
        }
        Ok(goal)
    }

    /// The `goal=` value ([`Goal::parse`] reads it back).
    pub fn to_link(&self) -> String {
        let claim = match self.claim {
            Claim::Correct => "correct".to_owned(),
            Claim::NoLostUpdate => "no-lost-update".to_owned(),
            Claim::NoDeadlock => "no-deadlock".to_owned(),
            Claim::Balance(n) => format!("balance:{n}"),
        };
        let mut link = claim;
        if let Some(k) = self.most_awaits_in_lock {
            link.push_str(&format!(",awaits-in-lock:{k}"));
        }
        if let Some(n) = self.least_locks {
            link.push_str(&format!(",locks:{n}"));
        }
        link
    }

    /// What the bounds add to the claim: ", and no task awaits while it
    /// holds a lock", ", with at least 2 locks".
    fn bounds(&self) -> String {
        let mut said = match self.most_awaits_in_lock {
            Some(0) => ", and no task awaits while it holds a lock".to_owned(),
            Some(k) => format!(
                ", and no task awaits more than {} while it holds a lock",
                times(k)
            ),
            None => String::new(),
        };
        if let Some(n) = self.least_locks {
            said.push_str(&format!(", with at least {n} locks taken"));
        }
        said
    }

    /// The goal in words: "Every schedule ends with balance = 1300".
    pub fn describe(&self, watched: Option<&str>) -> String {
        let name = watched.unwrap_or("the balance");
        let claim = match self.claim {
            Claim::Correct => {
                format!("Every schedule ends with {name} as when the tasks run one at a time")
            }
            Claim::NoLostUpdate => "No schedule loses an update".to_owned(),
            Claim::NoDeadlock => "No schedule deadlocks".to_owned(),
            Claim::Balance(n) => format!("Every schedule ends with {name} = {n}"),
        };
        format!("{claim}{}.", self.bounds())
    }
}

fn times(k: u32) -> String {
    match k {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        k => format!("{k} times"),
    }
}

/// What the explorer says of a goal.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// It holds for every schedule.
    Proven(String),
    /// It fails: why, and the shortest schedule that shows it.
    Counterexample(String, Rc<[u32]>),
    /// Neither can be said (a sample only, or schedules that never end).
    Unproven(String),
}

impl Verdict {
    /// The `goal-status` test id's `data-status`.
    pub fn status(&self) -> &'static str {
        match self {
            Verdict::Proven(_) => "proven",
            Verdict::Counterexample(..) => "counterexample",
            Verdict::Unproven(_) => "unproven",
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Verdict::Proven(text) | Verdict::Counterexample(text, _) | Verdict::Unproven(text) => {
                text
            }
        }
    }

    /// The schedule to replay, for a counterexample.
    pub fn picks(&self) -> Option<&Rc<[u32]>> {
        match self {
            Verdict::Counterexample(_, picks) => Some(picks),
            _ => None,
        }
    }

    /// One line for the worker's answer: status, text, picks.
    pub fn to_text(&self) -> String {
        let picks: Vec<String> = self
            .picks()
            .map(|p| p.iter().map(u32::to_string).collect())
            .unwrap_or_default();
        format!(
            "{}\t{}\t{}",
            self.status(),
            self.text().replace(['\t', '\n', '\r'], " "),
            picks.join(".")
        )
    }

    /// [`Verdict::to_text`] read back.
    pub fn from_text(line: &str) -> Option<Verdict> {
        let mut parts = line.split('\t');
        let (status, text, picks) = (parts.next()?, parts.next()?, parts.next()?);
        let text = text.to_owned();
        Some(match status {
            "proven" => Verdict::Proven(text),
            "unproven" => Verdict::Unproven(text),
            "counterexample" => {
                Verdict::Counterexample(text, crate::view::full_links::parse_picks(picks)?)
            }
            _ => return None,
        })
    }
}

/// What the explorer found, as the judge reads it.
pub struct Found<'a> {
    pub outcomes: &'a Outcomes,
    /// Every schedule was counted (else: a random sample).
    pub exact: bool,
    /// The outcome of the tasks run one at a time.
    pub serial: Option<&'a Outcome>,
    /// The variable shown as the balance.
    pub watched: Option<&'a str>,
    /// A schedule in which a task awaited [`Outcomes::most_awaits_in_lock`]
    /// times inside a lock.
    pub awaits_witness: Rc<[u32]>,
    /// How many different locks the tasks one at a time take
    /// ([`crate::py::run::ProgramRun::locks_taken`]).
    pub locks_taken: u32,
}

/// Whether `outcome` meets `claim`: `Some(false)` fails it, `None` cannot
/// say (the schedule never ended).
fn meets(claim: Claim, outcome: &Outcome, found: &Found) -> Option<bool> {
    let ending = outcome.ending();
    if *ending == Outcome::Unfinished {
        return match claim {
            // A schedule that never ends cannot end right.
            Claim::Correct | Claim::Balance(_) => Some(false),
            Claim::NoLostUpdate | Claim::NoDeadlock => None,
        };
    }
    Some(match claim {
        Claim::Correct => crate::view::explored::is_right(outcome, found.serial),
        Claim::NoLostUpdate => !outcome.lost_update(),
        Claim::NoDeadlock => *ending != Outcome::Deadlock,
        Claim::Balance(n) => ending.first_value() == Some(n.to_string().as_str()),
    })
}

/// "balance = 1300" for the claim proven.
fn proven_text(goal: &Goal, found: &Found, total: &str) -> String {
    let all = if total == "1" {
        "the one schedule".to_owned()
    } else {
        format!("all {total} schedules")
    };
    let name = found.watched.unwrap_or("the balance");
    let claim = match goal.claim {
        Claim::Correct => match found.serial.and_then(Outcome::first_value) {
            Some(value) => {
                format!("{all} end with {name} = {value}, as the tasks one at a time do")
            }
            None => format!("{all} end as the tasks one at a time do"),
        },
        Claim::NoLostUpdate => format!("{all} keep every update"),
        Claim::NoDeadlock => format!("{all} finish: none deadlocks"),
        Claim::Balance(n) => format!("{all} end with {name} = {n}"),
    };
    format!("Proven: {claim}{}.", goal.bounds())
}

/// The verdict on `goal` from what the explorer found.
pub fn judge(goal: &Goal, found: &Found) -> Verdict {
    if matches!(goal.claim, Claim::Balance(_) | Claim::Correct) && found.watched.is_none() {
        return Verdict::Unproven(
            "Nothing to check: the program has no shared integer to show as the balance.".into(),
        );
    }
    let mut failing = Count::zero();
    let mut total = Count::zero();
    let mut shortest: Option<(&Outcome, &Rc<[u32]>)> = None;
    let mut unknown = Count::zero();
    for (outcome, count, schedule) in &found.outcomes.all {
        total.add(count);
        match meets(goal.claim, outcome, found) {
            Some(true) => {}
            Some(false) => {
                failing.add(count);
                if shortest.is_none_or(|(_, s)| schedule.len() < s.len()) {
                    shortest = Some((outcome, schedule));
                }
            }
            None => unknown.add(count),
        }
    }
    let schedules = |count: &Count| {
        let digits = text::grouped_digits(&count.to_string());
        if found.exact {
            format!("{digits} of {}", text::grouped_digits(&total.to_string()))
        } else {
            format!(
                "{digits} of {} drawn",
                text::grouped_digits(&total.to_string())
            )
        }
    };
    if let Some((outcome, picks)) = shortest {
        let how = crate::view::explored::outcome_label(outcome);
        let steps = text::count(picks.len(), "pick", "picks");
        return Verdict::Counterexample(
            format!(
                "Counterexample: {} schedules fail. The shortest ({steps}) ends: {how}.",
                schedules(&failing)
            ),
            Rc::clone(picks),
        );
    }
    if let Some(k) = goal.most_awaits_in_lock {
        let most = found.outcomes.most_awaits_in_lock;
        if most > k {
            return Verdict::Counterexample(
                format!(
                    "Counterexample: the ending is right, but a task awaits {} while it holds a lock (at most {} allowed): other tasks wait all that time.",
                    times(most),
                    k
                ),
                Rc::clone(&found.awaits_witness),
            );
        }
    }
    if let Some(n) = goal.least_locks.filter(|&n| found.locks_taken < n) {
        return Verdict::Counterexample(
            format!(
                "Not this way: the program takes {}, and the goal asks for at least {n} (a lock for each thing shared, not one for everything). Asyncio's own order shows it.",
                text::count(found.locks_taken as usize, "lock", "locks")
            ),
            Rc::from(Vec::new()),
        );
    }
    if !found.exact {
        return Verdict::Unproven(format!(
            "Not proven: all {} schedules drawn at random pass, but there are too many to count every one. Try fewer tasks.",
            text::grouped_digits(&total.to_string())
        ));
    }
    if !unknown.is_zero() {
        return Verdict::Unproven(format!(
            "Not proven: {} schedules never end, and may yet fail.",
            schedules(&unknown)
        ));
    }
    Verdict::Proven(proven_text(
        goal,
        found,
        &text::grouped_digits(&total.to_string()),
    ))
}

#[cfg(test)]
mod tests;
