//! "You are the scheduler" of the learner's own program: the moves (pick,
//! asyncio's choice, undo, redo, back to the start) on the picks so far,
//! and what the panel says of the run they make. The run and its offers
//! come from the interpreter (`view::learner::run_program_stepped`); the
//! picks are the page's `picks=`, so the link, Back and Forward follow.
//!
//! ```
//! use racecourse::view::learner::ProgramOffer;
//! use racecourse::view::scheduler::program::Hand;
//! use racecourse::view::scheduler::session::Move;
//!
//! let offer = |pick, task| ProgramOffer { pick, task, does: String::new(), stops_at: None };
//! // T1 stands second in asyncio's queue, T2 first.
//! let offers = [offer(1, 1), offer(0, 2)];
//! let hand = Hand::new(&[0]);
//! // Key 1 is T1 (the engine's task 0): place 1 in the queue.
//! let picked = hand.apply(&Move::Pick(0), &offers).unwrap();
//! assert_eq!(picked.picks, [0, 1]);
//! assert_eq!(picked.apply(&Move::Undo, &[]).unwrap().picks, [0]);
//! ```

use super::session::Move;
use std::collections::VecDeque;

use crate::sim::{Ending, Outcome};
use crate::view::learner::{program_task_name, LearnerRun, ProgramOffer};

/// The learner's picks so far, and the furthest schedule reached (redo
/// walks forward along it while the picks are a prefix of it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hand {
    pub picks: Vec<u32>,
    pub ahead: Vec<u32>,
}

impl Hand {
    pub fn new(picks: &[u32]) -> Self {
        Hand {
            picks: picks.to_vec(),
            ahead: picks.to_vec(),
        }
    }

    /// The picks came from elsewhere (the link, Back or Forward).
    pub fn following(&self, picks: &[u32]) -> Hand {
        let ahead = if self.ahead.starts_with(picks) {
            self.ahead.clone()
        } else {
            picks.to_vec()
        };
        Hand {
            picks: picks.to_vec(),
            ahead,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.picks.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        self.ahead.len() > self.picks.len() && self.ahead.starts_with(&self.picks)
    }

    /// The hand after running the program's task `task` (0 is `main()`),
    /// if it can run: its place in asyncio's queue is the pick.
    pub fn run(&self, task: u32, offers: &[ProgramOffer]) -> Option<Hand> {
        let offer = offers.iter().find(|o| o.task == task)?;
        self.with_picks(self.picks.iter().copied().chain([offer.pick]).collect())
    }

    /// The hand after `step`, with `offers` the tasks that can run now;
    /// `None` when the step changes nothing (a task that cannot run, undo
    /// at the start).
    pub fn apply(&self, step: &Move, offers: &[ProgramOffer]) -> Option<Hand> {
        let mut picks = self.picks.clone();
        match step {
            // A key or a lane names the engine's task: T1 is the program's task 1.
            Move::Pick(task) => return self.run(task + 1, offers),
            Move::Asyncio => picks.push(offers.iter().find(|o| o.asyncio_next())?.pick),
            Move::Redo if self.can_redo() => picks.push(self.ahead[picks.len()]),
            Move::Undo if self.can_undo() => {
                picks.pop();
            }
            Move::Start if self.can_undo() => picks.clear(),
            Move::Follow(_)
            | Move::Redo
            | Move::Undo
            | Move::Start
            | Move::Hint
            | Move::AskPossible => return None,
        }
        self.with_picks(picks)
    }

    fn with_picks(&self, picks: Vec<u32>) -> Option<Hand> {
        // A step off the remembered schedule forgets what lay ahead.
        let ahead = if self.ahead.starts_with(&picks) {
            self.ahead.clone()
        } else {
            picks.clone()
        };
        Some(Hand { picks, ahead })
    }
}

/// What the learner asks: a move (a key, a lane, Undo…), or a task by the
/// program's number for it (an offer's button: `main()`'s too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Move(Move),
    Task(u32),
}

/// The hand, the offers it picks from, and what was asked while they were
/// unknown: from a move until the page has drawn the run it makes, a key
/// must not pick from the offers of the step before, nor be lost.
#[derive(Clone, Debug, Default)]
pub struct Picker {
    pub hand: Hand,
    offers: Option<Vec<ProgramOffer>>,
    queued: VecDeque<Choice>,
}

impl Picker {
    /// The page drew the run of `picks`, with these offers (`None`: not
    /// known yet, the interpreter loading). Picks from elsewhere (the
    /// link, Back or Forward) are followed.
    pub fn drawn(&mut self, picks: &[u32], offers: Option<Vec<ProgramOffer>>) {
        if self.hand.picks != picks {
            self.hand = self.hand.following(picks);
        }
        self.offers = offers;
    }

    /// `choice` asked: the new picks for the page, if it moved the hand now
    /// (while the offers are unknown, or choices wait, it waits its turn).
    pub fn ask(&mut self, choice: Choice) -> Option<Vec<u32>> {
        if self.offers.is_none() || !self.queued.is_empty() {
            self.queued.push_back(choice);
            return None;
        }
        self.make(choice)
    }

    /// The choices that waited, made in turn on the offers now known: the
    /// new picks for the page, once one moves the hand.
    pub fn catch_up(&mut self) -> Option<Vec<u32>> {
        while self.offers.is_some() {
            let choice = self.queued.pop_front()?;
            if let Some(picks) = self.make(choice) {
                return Some(picks);
            }
        }
        None
    }

    fn make(&mut self, choice: Choice) -> Option<Vec<u32>> {
        let offers = self.offers.as_deref().unwrap_or_default();
        let next = match choice {
            Choice::Move(step) => self.hand.apply(&step, offers),
            Choice::Task(task) => self.hand.run(task, offers),
        }?;
        self.hand = next;
        self.offers = None;
        Some(self.hand.picks.clone())
    }
}

/// What the panel says once the run has ended (or cannot go on).
pub fn ended(run: &LearnerRun) -> Option<String> {
    let outcome = run.outcome.as_ref()?;
    let ending = outcome.ending.as_ref()?;
    if let Ending::Deadlock(deadlock) = ending {
        return Some(format!(
            "No task can run again, and the program never ends: {deadlock}."
        ));
    }
    if let Some(error) = &run.error {
        return Some(format!(
            "The program stopped: line {}: {}.",
            error.line, error.message
        ));
    }
    let Some(name) = run.watched.as_deref() else {
        return Some("Every task has run to its end.".to_owned());
    };
    let right = outcome.final_balance == outcome.expected_balance;
    let mut said = format!(
        "The run has ended with {name} = {}{}",
        outcome.final_balance,
        if right {
            ", as when the tasks run one at a time.".to_owned()
        } else {
            format!("; one task at a time gives {}.", outcome.expected_balance)
        }
    );
    let erased = erased(outcome);
    if !erased.is_empty() {
        said.push_str(&format!(" {}.", erased.join("; ")));
    }
    Some(said)
}

/// "T1's write of 1 was erased by T2's, made from a read taken before it".
fn erased(outcome: &Outcome) -> Vec<String> {
    (outcome.lost_writes.iter())
        .filter_map(|lost| {
            let write = outcome.writes.get(lost.write as usize)?;
            let by = outcome.writes.get(lost.overwritten_by as usize)?;
            Some(format!(
                "{}'s write of {} was erased by {}'s write of {}, made from a read taken before it",
                program_task_name(write.task + 1),
                write.value,
                program_task_name(by.task + 1),
                by.value
            ))
        })
        .collect()
}

/// What a screen reader hears after each move.
pub fn said(run: &LearnerRun) -> String {
    let Some(steps) = &run.steps else {
        return String::new();
    };
    if let Some(refused) = &steps.refused {
        return format!("This schedule cannot be played: {refused}.");
    }
    let last = steps.last_step.clone().unwrap_or_default();
    match ended(run) {
        Some(ended) => format!("{last}. {ended}"),
        None => last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;
    use crate::view::learner::run_program_stepped;

    const CREDIT: &str = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(credit(), credit())\nasyncio.run(main())\n";

    fn run(picks: &[u32]) -> LearnerRun {
        run_program_stepped(CREDIT, &Scenario::article(), None, false, picks)
    }

    fn offers(picks: &[u32]) -> Vec<ProgramOffer> {
        run(picks).steps.map(|s| s.offers).unwrap_or_default()
    }

    #[test]
    fn moves_follow_the_offers_and_redo_walks_the_furthest_schedule() {
        let hand = Hand::new(&[]);
        // Only tasks that can run are picked: there is no T3.
        assert_eq!(hand.apply(&Move::Pick(2), &offers(&[])), None);
        let hand = hand.apply(&Move::Pick(1), &offers(&[])).expect("T2 runs");
        assert_eq!(hand.picks, [1], "T2 stands second in the queue");
        let hand = hand
            .apply(&Move::Asyncio, &offers(&[1]))
            .expect("asyncio's");
        assert_eq!(hand.picks, [1, 0]);
        let back = hand.apply(&Move::Start, &[]).expect("back");
        assert!(back.picks.is_empty() && back.can_redo() && !back.can_undo());
        let again = back.apply(&Move::Redo, &[]).expect("redo");
        assert_eq!(again.picks, [1]);
        // A different step forgets the rest.
        let other = again.apply(&Move::Undo, &[]).expect("undo");
        let other = other.apply(&Move::Pick(0), &offers(&[])).expect("T1");
        assert_eq!((other.picks.clone(), other.can_redo()), (vec![0], false));
        assert_eq!(Hand::new(&[]).apply(&Move::Undo, &[]), None);
        // Picks from the link keep what lies ahead when they are on its way.
        // A button names its task: T2 stands second in the queue.
        assert_eq!(
            Hand::new(&[]).run(2, &offers(&[])).map(|h| h.picks),
            Some(vec![1])
        );
        assert_eq!(Hand::new(&[]).run(3, &offers(&[])), None);
        let followed = hand.following(&[1]);
        assert!(followed.can_redo());
        assert!(!hand.following(&[0]).can_redo());
    }

    /// Keys pressed before the page has drawn a move's run wait, then are
    /// made in turn, each on the offers the step before left.
    #[test]
    fn choices_asked_before_the_offers_are_known_wait_their_turn() {
        let mut picker = Picker::default();
        picker.drawn(&[], Some(offers(&[])));
        // T1 (key 1), then at once T2 (its button) and T1 again (key 1).
        assert_eq!(picker.ask(Choice::Move(Move::Pick(0))), Some(vec![0]));
        assert_eq!(picker.ask(Choice::Task(2)), None, "waits for the offers");
        assert_eq!(picker.ask(Choice::Move(Move::Pick(0))), None);
        assert_eq!(picker.catch_up(), None, "still unknown");
        // Drawn: T2 reads, at the front of the queue now.
        picker.drawn(&[0], Some(offers(&[0])));
        assert_eq!(picker.catch_up(), Some(vec![0, 0]));
        assert_eq!(
            picker.ask(Choice::Move(Move::Undo)),
            None,
            "behind T1's turn"
        );
        // T1 is back at the front: it writes, and T2 after it, alone.
        picker.drawn(&[0, 0], Some(offers(&[0, 0])));
        assert_eq!(picker.catch_up(), Some(vec![0, 0, 0]));
        picker.drawn(&[0, 0, 0], Some(offers(&[0, 0, 0])));
        assert_eq!(picker.catch_up(), Some(vec![0, 0]), "then the undo");
        picker.drawn(&[0, 0], Some(offers(&[0, 0])));
        assert_eq!(picker.catch_up(), None);
        // A choice that cannot be made is dropped, and the next one made.
        let mut picker = Picker::default();
        picker.drawn(&[], None);
        assert_eq!(picker.ask(Choice::Task(7)), None);
        assert_eq!(picker.ask(Choice::Move(Move::Asyncio)), None);
        picker.drawn(&[], Some(offers(&[])));
        assert_eq!(picker.catch_up(), Some(vec![0]));
        // Picks from the link are followed.
        picker.drawn(&[1, 0], Some(offers(&[1, 0])));
        assert_eq!(picker.hand.picks, [1, 0]);
    }

    #[test]
    fn the_end_says_what_the_schedule_made() {
        assert_eq!(ended(&run(&[0])), None, "not over");
        let lost = ended(&run(&[0, 0, 0])).expect("over");
        assert_eq!(
            lost,
            "The run has ended with balance = 1; one task at a time gives 2. T1's write of 1 was erased by T2's write of 1, made from a read taken before it."
        );
        let right = ended(&run(&[0, 1])).expect("over");
        assert_eq!(
            right,
            "The run has ended with balance = 2, as when the tasks run one at a time."
        );
        assert!(said(&run(&[0, 1])).ends_with(&right));
        assert!(said(&run(&[9])).starts_with("This schedule cannot be played: pick 1"));
    }
}
