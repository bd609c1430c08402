//! "Fix it" exercises: a program from the article with its bug, a goal the
//! explorer checks over every schedule ([`crate::view::goal`]), hints, and
//! what the fix teaches once it is proven. Kept as data, like the
//! challenge levels; each program is a Python file beside this one, with
//! a worked fix (`*.fixed.py`) that the tests prove and CPython runs.

use crate::view::goal::{Claim, Goal};

/// One exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exercise {
    /// Its name in links and test ids.
    pub id: &'static str,
    pub title: &'static str,
    /// What to do, in a sentence.
    pub task: &'static str,
    pub goal: Goal,
    /// The variable shown as the balance (`None`: the page's own choice).
    pub watch: Option<&'static str>,
    /// The program as the learner gets it.
    pub program: &'static str,
    /// A fix the explorer proves (for the tests, and for the curious); the
    /// lock taken too late has the unsafe credit's.
    pub fixed: &'static str,
    /// Given one at a time, on request.
    pub hints: &'static [&'static str],
    /// Shown once the goal is proven.
    pub lesson: &'static str,
}

impl Exercise {
    pub fn by_id(id: &str) -> Option<&'static Exercise> {
        EXERCISES.iter().find(|e| e.id == id)
    }
}

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "unsafe-credit",
        title: "The unsafe credit",
        task: "Three credits of $100 to $1,000. Make every schedule end at $1,300.",
        goal: Goal {
            claim: Claim::Balance(1300),
            most_awaits_in_lock: None,
            least_locks: None,
        },
        watch: Some("balance"),
        program: include_str!("exercises/unsafe_credit.py"),
        fixed: include_str!("exercises/unsafe_credit.fixed.py"),
        hints: &[
            "Find the await between reading balance and writing it back: any task can run there.",
            "Another task can read the same old balance while this one sleeps. Make the read, the I/O and the write one step no one can cut into.",
            "asyncio.Lock(): take it with `async with lock:` around the read, the sleep and the write.",
        ],
        lesson: "The read and the write were two steps with an await between them; every other task could read the same old balance there. With the lock, a task that reads holds it until it has written, so no read goes stale: every order of the three tasks is one at a time, and 90 schedules shrink to 6, all at $1,300.",
    },
    Exercise {
        id: "too-late",
        title: "The lock taken too late",
        task: "There is a lock, and updates still vanish. Make every schedule end at $1,300.",
        goal: Goal {
            claim: Claim::Balance(1300),
            most_awaits_in_lock: None,
            least_locks: None,
        },
        watch: Some("balance"),
        program: include_str!("exercises/too_late.py"),
        fixed: include_str!("exercises/unsafe_credit.fixed.py"),
        hints: &[
            "Which line reads the balance? Is the lock held when it runs?",
            "The lock protects the write, but `current` was read before it: the read goes stale while the task waits for the lock.",
            "Move `current = balance` inside the `async with lock:` block.",
        ],
        lesson: "A lock protects what happens while it is held. The read ran before `async with lock:`, so a task could read, queue for the lock, and write back a value that others had already changed. Holding the lock from the read to the write is what makes the pair atomic.",
    },
    Exercise {
        id: "too-narrow",
        title: "The lock too narrow, and the I/O",
        task: "Make every schedule end at $1,300 without holding the lock across any await: the I/O must not make the others wait.",
        goal: Goal {
            claim: Claim::Balance(1300),
            most_awaits_in_lock: Some(0),
            least_locks: None,
        },
        watch: Some("balance"),
        program: include_str!("exercises/too_narrow.py"),
        fixed: include_str!("exercises/too_narrow.fixed.py"),
        hints: &[
            "Two short locks are not one: the read and the write are still split by an await.",
            "One lock around everything would work, but then every credit waits for every other's I/O (and the goal forbids an await inside the lock).",
            "Does the I/O need the balance? Do it first, then read and write the balance with no await between them.",
        ],
        lesson: "Locking the read and the write separately leaves the await between them unguarded. Wrapping the I/O in the lock would fix it at the price of running the credits one after another (N times longer, as the article's timings show). Doing the I/O first and then the read-modify-write with no await inside keeps the tasks concurrent and the update whole.",
    },
    Exercise {
        id: "opposite-order",
        title: "Two locks, opposite orders",
        task: "The two transfers can deadlock. Make no schedule deadlock, keeping a lock for each account.",
        goal: Goal {
            claim: Claim::NoDeadlock,
            most_awaits_in_lock: None,
            least_locks: Some(2),
        },
        watch: Some("checking"),
        program: include_str!("exercises/opposite_order.py"),
        fixed: include_str!("exercises/opposite_order.fixed.py"),
        hints: &[
            "Each transfer holds one lock while it waits for the other's.",
            "A deadlock needs a cycle: T1 waits for what T2 holds while T2 waits for what T1 holds.",
            "Take the locks in the same order in both transfers: checking_lock, then savings_lock.",
        ],
        lesson: "With one global order for taking locks, no task can hold a later lock while waiting for an earlier one, so no cycle of waiting can form. One big lock would also end the deadlock (the goal asks for two so that it cannot be the answer), but it serialises everything that touches any account; a fixed order keeps unrelated work concurrent.",
    },
    Exercise {
        id: "counter-class",
        title: "Make the counter class safe",
        task: "Counter.increment loses counts. Make no schedule lose an update.",
        goal: Goal {
            claim: Claim::NoLostUpdate,
            most_awaits_in_lock: None,
            least_locks: None,
        },
        watch: None,
        program: include_str!("exercises/counter_class.py"),
        fixed: include_str!("exercises/counter_class.fixed.py"),
        hints: &[
            "self.value is shared by every task that calls increment, just like a global.",
            "The class can own its lock: make one in __init__.",
            "`self._lock = asyncio.Lock()` in __init__, then `async with self._lock:` around the read, the sleep and the write.",
        ],
        lesson: "Encapsulation puts the lock next to the data it protects: callers cannot forget it, and every path to self.value goes through the same lock. The counter's users never see the lock at all.",
    },
    Exercise {
        id: "transfer",
        title: "The bank transfer",
        task: "Two transfers from checking to savings. Make no schedule lose an update, with no await inside a lock.",
        goal: Goal {
            claim: Claim::NoLostUpdate,
            most_awaits_in_lock: Some(0),
            least_locks: None,
        },
        watch: Some("checking"),
        program: include_str!("exercises/transfer.py"),
        fixed: include_str!("exercises/transfer.fixed.py"),
        hints: &[
            "Both accounts are read, then the fraud check awaits, then both are written from the old values.",
            "On one thread, code between two awaits runs without interruption.",
            "Do the fraud check first; then read and write both accounts with no await between the reads and the writes.",
        ],
        lesson: "In asyncio nothing runs between two awaits of a task: a read-modify-write with no await inside is already atomic, with no lock at all. Restructuring so the I/O happens before the shared state is touched is often better than a lock, because nothing waits.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exercise_has_a_goal_hints_and_a_lesson() {
        assert!(EXERCISES.len() >= 6);
        for exercise in EXERCISES {
            assert_eq!(Goal::parse(&exercise.goal.to_link()), Ok(exercise.goal));
            assert!(exercise.hints.len() >= 2, "{}", exercise.id);
            assert!(!exercise.lesson.is_empty() && !exercise.task.is_empty());
            assert_ne!(exercise.program, exercise.fixed);
            assert_eq!(Exercise::by_id(exercise.id), Some(exercise));
        }
    }
}
