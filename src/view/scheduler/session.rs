//! A "you are the scheduler" session, as state and a pure reducer: the
//! program, the picks so far, the schedule redo walks along, the choices
//! tried, the hints shown, whether the learner gave up, and the levels won.
//! The panel (`app::scheduler`) draws it and turns keys and clicks into
//! [`Move`]s; the page's state hears only the picks and the run they make.
//!
//! ```
//! use racecourse::view::challenge::{level, Done, Status};
//! use racecourse::view::scheduler::session::{Move, Session};
//!
//! let program = level(1).unwrap().scenario();
//! let session = Session::new(program, Some(1), Vec::new(), Done::default());
//! let session = [Move::Pick(0), Move::Pick(1), Move::Pick(0), Move::Pick(1)]
//!     .into_iter()
//!     .fold(session, |session, step| session.apply(step));
//! assert_eq!(session.status(), Some(Status::Won));
//! assert!(session.done.has(1));
//! ```

use std::rc::Rc;

use super::keys::KeyMove;
use super::{play, PlayError, Played};
use crate::sim::explore::{explore, Exploration};
use crate::sim::{Scenario, TaskId};
use crate::view::challenge::{self, Done, Level, Status, Tried};

/// What the learner asks of the scheduler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    /// Run this task's next step (if it can run).
    Pick(TaskId),
    /// asyncio's own choice: the front of its ready queue.
    Asyncio,
    Undo,
    /// Forward along the furthest schedule reached.
    Redo,
    /// Back to the start.
    Start,
    /// Show the level's next hint.
    Hint,
    /// "Can it be done at all?"
    AskPossible,
    /// The picks came from elsewhere (Back or Forward): follow them.
    Follow(Vec<TaskId>),
}

impl Move {
    /// The move a key asks for; `None` for keys that move the keyboard,
    /// not the run.
    pub fn of_key(key: KeyMove) -> Option<Move> {
        Some(match key {
            KeyMove::Pick(task) => Move::Pick(task),
            KeyMove::Asyncio => Move::Asyncio,
            KeyMove::Undo => Move::Undo,
            KeyMove::Redo => Move::Redo,
            KeyMove::Start => Move::Start,
            KeyMove::NextOffer | KeyMove::PreviousOffer | KeyMove::Nothing => return None,
        })
    }
}

#[derive(Clone)]
pub struct Session {
    /// What is scheduled (without an order: the picks are the order).
    pub program: Scenario,
    /// The challenge's level number, or `None` for a free program.
    pub level: Option<u32>,
    pub picks: Vec<TaskId>,
    /// The furthest schedule reached: redo walks forward along it while
    /// the picks are a prefix of it.
    pub ahead: Vec<TaskId>,
    /// The run the picks make.
    pub played: Rc<Result<Played, PlayError>>,
    pub tried: Tried,
    /// How many of the level's hints are shown.
    pub hints: usize,
    /// The learner asked whether an impossible level can be done.
    pub gave_up: bool,
    /// The learner asked, and was told it can be done.
    pub possible_said: bool,
    /// The levels won, here and before (kept in storage by the panel).
    pub done: Done,
    /// The explorer's counts of every schedule's ending, once they are
    /// wanted (the run has ended, or the level is shown impossible).
    pub counts: Option<Rc<Exploration>>,
}

impl Session {
    pub fn new(program: Scenario, level: Option<u32>, picks: Vec<TaskId>, done: Done) -> Self {
        let program = Scenario {
            order: None,
            ..program
        };
        let played = Rc::new(play(&program, &picks));
        let session = Self {
            program,
            level,
            ahead: picks.clone(),
            picks,
            played,
            tried: Tried::default(),
            hints: 0,
            gave_up: false,
            possible_said: false,
            done,
            counts: None,
        };
        session.settled()
    }

    /// The level being played, if any.
    pub fn level(&self) -> Option<&'static Level> {
        self.level.and_then(challenge::level)
    }

    /// Where the level stands (`None` outside a level, or when the picks
    /// cannot be played).
    pub fn status(&self) -> Option<Status> {
        let played = self.played.as_ref().as_ref().ok()?;
        let gave_up = self.gave_up || self.tried.everything();
        Some(challenge::status(self.level()?, played, gave_up))
    }

    pub fn can_undo(&self) -> bool {
        !self.picks.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        self.ahead.len() > self.picks.len() && self.ahead.starts_with(&self.picks)
    }

    /// The tasks that can run now.
    fn offered(&self) -> impl Iterator<Item = &super::Offer> {
        self.played
            .as_ref()
            .as_ref()
            .ok()
            .into_iter()
            .flat_map(|p| &p.offers)
    }

    /// The session after `step`; itself when the step changes nothing.
    pub fn apply(self, step: Move) -> Self {
        let mut next = self.clone();
        let task = match step {
            Move::Pick(task) => Some(task),
            Move::Asyncio => self.offered().find(|o| o.asyncio_next).map(|o| o.task),
            Move::Redo if self.can_redo() => self.ahead.get(self.picks.len()).copied(),
            Move::Redo => None,
            Move::Undo | Move::Start if self.picks.is_empty() => return self,
            Move::Undo => {
                next.picks.pop();
                None
            }
            Move::Start => {
                next.picks.clear();
                None
            }
            Move::Hint => {
                let shown = self.level().map_or(0, |level| level.hints.len());
                next.hints = (self.hints + 1).min(shown);
                return next;
            }
            Move::AskPossible => {
                match self.level() {
                    Some(level) if level.possible => next.possible_said = true,
                    Some(_) => next.gave_up = true,
                    None => return self,
                }
                return next.settled();
            }
            Move::Follow(picks) if picks == self.picks => return self,
            Move::Follow(picks) => {
                next.picks = picks;
                None
            }
        };
        if let Some(task) = task {
            if !self.offered().any(|o| o.task == task) {
                return self;
            }
            next.picks.push(task);
        } else if next.picks == self.picks {
            return self;
        }
        // A step off the remembered schedule forgets what lay ahead.
        if !next.ahead.starts_with(&next.picks) {
            next.ahead = next.picks.clone();
        }
        next.played = Rc::new(play(&next.program, &next.picks));
        next.settled()
    }

    /// Notes what the picks reached: the choices tried, a level won, and
    /// the explorer's counts once they are wanted.
    fn settled(mut self) -> Self {
        if let Ok(played) = self.played.as_ref() {
            self.tried.visit(&self.picks, played);
        }
        let status = self.status();
        if let (Some(number), Some(Status::Won)) = (self.level, status) {
            self.done = self.done.with(number);
        }
        let wanted = match (self.level(), self.played.as_ref(), status) {
            (Some(level), Ok(played), _) => {
                (played.ended && level.goal.about_the_ending())
                    || status == Some(Status::Impossible)
            }
            _ => false,
        };
        if wanted && self.counts.is_none() {
            self.counts = explore(&self.program).ok().map(Rc::new);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::challenge::{find, level};
    use crate::view::scheduler::keys::{key_move, KeyPlace, Modifiers};

    fn session(name: &str) -> Session {
        let number = find(name).expect("a level");
        let program = level(number).expect("a level").scenario();
        Session::new(program, Some(number), Vec::new(), Done::default())
    }

    fn moves(session: Session, steps: &[Move]) -> Session {
        steps
            .iter()
            .cloned()
            .fold(session, |session, step| session.apply(step))
    }

    #[test]
    fn undo_and_redo_walk_the_furthest_schedule_until_a_step_leaves_it() {
        use Move::*;
        let s = moves(session("lose-an-update"), &[Pick(0), Pick(1), Pick(0)]);
        assert!(s.can_undo() && !s.can_redo());
        let s = moves(s, &[Undo, Undo]);
        assert_eq!(s.picks, [0]);
        assert!(s.can_redo());
        let s = s.apply(Redo);
        assert_eq!(s.picks, [0, 1]);
        // Back to the start keeps the schedule to redo.
        let s = moves(s, &[Start, Redo, Redo, Redo]);
        assert_eq!(s.picks, [0, 1, 0]);
        // A different step forgets what lay ahead.
        let s = moves(s, &[Undo, Undo, Pick(0)]);
        assert_eq!(s.picks, [0, 0]);
        assert!(!s.can_redo());
        let same = s.clone().apply(Redo);
        assert_eq!(same.picks, [0, 0]);
        // Nothing to undo at the start.
        let start = moves(s, &[Start, Undo, Start]);
        assert!(start.picks.is_empty() && !start.can_undo());
    }

    #[test]
    fn only_tasks_that_can_run_are_picked_and_asyncio_picks_the_front() {
        use Move::*;
        let lock = session("break-solution-1");
        let s = moves(lock, &[Pick(0), Pick(1)]);
        assert_eq!(s.picks, [0, 1], "T2 queues for the lock");
        // T2 waits for the lock: picking it again does nothing.
        let s = moves(s, &[Pick(1), Pick(7)]);
        assert_eq!(s.picks, [0, 1]);
        let s = moves(session("lose-an-update"), &[Pick(1), Asyncio]);
        assert_eq!(
            s.picks,
            [1, 0],
            "asyncio runs T1, at the front of its queue"
        );
    }

    #[test]
    fn keys_make_the_moves_the_panel_lists() {
        let none = Modifiers::default();
        let key = |k: &str| key_move(k, none, KeyPlace::Page, true).and_then(Move::of_key);
        let s = session("lose-an-update");
        let s = ["2", "1", "a", "u"]
            .iter()
            .filter_map(|k| key(k))
            .fold(s, |s, step| s.apply(step));
        assert_eq!(s.picks, [1, 0], "2, 1, asyncio's, undone");
        // Caps Lock's U is still undo.
        assert_eq!(key("U").map(|u| s.clone().apply(u).picks), Some(vec![1]));
        let shift = Modifiers {
            shift: true,
            ..none
        };
        let redo = key_move("U", shift, KeyPlace::Page, true).and_then(Move::of_key);
        assert_eq!(redo, Some(Move::Redo));
        assert_eq!(s.apply(Move::Redo).picks, [1, 0, 1]);
        // Moving along the offers is the keyboard's, not the run's.
        assert_eq!(key("ArrowRight"), None);
        assert_eq!(key(" "), None);
    }

    #[test]
    fn a_level_is_won_kept_done_and_counted() {
        let s = moves(
            session("lose-an-update"),
            &[Move::Pick(0), Move::Pick(1), Move::Pick(0)],
        );
        assert_eq!(s.status(), Some(Status::Playing));
        assert!(s.counts.is_none(), "no counts before the end");
        let s = s.apply(Move::Pick(1));
        assert_eq!(s.status(), Some(Status::Won));
        assert_eq!(s.done, Done(vec![1]));
        assert!(s.counts.is_some());
        // Undoing a win keeps the level done.
        assert!(s.apply(Move::Undo).done.has(1));
    }

    #[test]
    fn asking_tells_a_possible_level_from_an_impossible_one() {
        let possible = session("lose-an-update").apply(Move::AskPossible);
        assert!(possible.possible_said && !possible.gave_up);
        assert_eq!(possible.status(), Some(Status::Playing));
        let impossible = session("break-solution-1");
        assert!(impossible.counts.is_none());
        let impossible = impossible.apply(Move::AskPossible);
        assert_eq!(impossible.status(), Some(Status::Impossible));
        assert!(impossible.counts.is_some(), "the proof is counted");
    }

    #[test]
    fn hints_are_shown_one_at_a_time_up_to_the_last() {
        let s = session("lose-an-update");
        let all = s.level().expect("a level").hints.len();
        let s = moves(s, &vec![Move::Hint; 5]);
        assert_eq!(s.hints, all);
        let free = Session::new(s.program.clone(), None, Vec::new(), Done::default());
        assert_eq!(free.clone().apply(Move::Hint).hints, 0);
        assert_eq!(free.status(), None);
    }

    #[test]
    fn picks_from_elsewhere_are_followed_and_bad_ones_shown_as_errors() {
        let s = session("lose-an-update").apply(Move::Follow(vec![0, 1]));
        assert_eq!(s.picks, [0, 1]);
        assert!(s.played.is_ok());
        let bad = s.apply(Move::Follow(vec![8]));
        assert!(bad.played.is_err());
        assert_eq!(bad.status(), None);
        // From an unplayable schedule, back to the start.
        assert!(bad.apply(Move::Start).played.is_ok());
    }
}
