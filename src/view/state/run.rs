//! The run on screen: the recording for the current settings, how far it
//! has played, and whether it is playing.
//!
//! The engine runs in the lab worker, not on the page: a run is prepared
//! here as a placeholder (the scenario, nothing happened yet, which is all
//! the ready view needs) and becomes playable when the lab's recording
//! arrives ([`RunState::computed`]). Pressing Run before then plays as soon
//! as it does.

use std::rc::Rc;

use crate::sim::account::Account;
use crate::sim::{Limits, Outcome, Scenario, ScenarioError, Schedule};
use crate::view::recording::{Recording, Shared};
use crate::view::settings::{Settings, INSTANT};

/// The page's budget, which the lab applies: every article program at
/// 10,000 tasks needs well under 100,000 steps; compare-and-retry is
/// quadratic and needs about a million steps at 1000 tasks. Beyond that a
/// run stops (in well under a second) with a message instead of filling the
/// tab's memory: 2.5 million events are about 100 MB.
pub const PAGE_LIMITS: Limits = Limits {
    max_steps: 1_100_000,
    max_events: 2_500_000,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A run is prepared and shown at its start.
    Ready,
    Playing,
    Paused,
    Finished,
}

/// What the learner can do to the playback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaybackCommand {
    PlayPause,
    Step,
    Restart,
}

/// Why there is no run to play.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// The engine refuses these settings.
    Refused(ScenarioError),
    /// The lab could not compute or play it.
    Lab(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Refused(error) => error.fmt(f),
            RunError::Lab(why) => f.write_str(why),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RunState {
    /// Increases with every run prepared, so the browser side can tell runs apart.
    pub id: u64,
    pub status: Status,
    /// The run for the settings (a placeholder while the lab computes it),
    /// or why there is none.
    pub recording: Result<Shared, RunError>,
    /// The lab is computing this run; the recording is a placeholder.
    pub computing: bool,
    /// How many of the run's events are shown.
    pub cursor: usize,
    /// Steps pressed while the lab was computing: each shows an event once
    /// the recording arrives, so no press is lost to the wait.
    pub steps_asked: usize,
    /// This run plays on the browser's real timers, not the virtual clock.
    pub real_timers: bool,
}

/// A scenario's outcome before anything has happened.
pub fn nothing_yet(scenario: &Scenario) -> Outcome {
    Outcome::new(
        scenario,
        (Vec::new(), Account::new(scenario.initial)),
        0,
        0,
        None,
        Schedule::default(),
    )
}

impl RunState {
    /// The run for `settings`, shown at its start. A virtual run is computed
    /// by the lab; real timers play the browser's own run as it happens.
    pub fn prepare(settings: &Settings, id: u64) -> Self {
        let scenario = &settings.scenario;
        let recording = scenario
            .validate()
            .map(|()| Shared(Rc::new(Recording::new(nothing_yet(scenario)))))
            .map_err(RunError::Refused);
        Self {
            id,
            status: Status::Ready,
            // The scheduler's run is the learner's picks, played on the
            // page (`scheduled`): the lab is not asked for it.
            computing: recording.is_ok() && !settings.real_timers && !settings.scheduler,
            recording,
            cursor: 0,
            steps_asked: 0,
            real_timers: settings.real_timers,
        }
    }

    /// This run, still in the lab, to be shown paused `at` events in once
    /// it arrives (`at` 0: at its start, ready).
    pub fn paused_at(&self, at: usize) -> Self {
        Self {
            status: if at > 0 { Status::Paused } else { self.status },
            steps_asked: at,
            ..self.clone()
        }
    }

    /// The same settings, prepared afresh (a new id drops the old run's handles).
    pub fn again(&self, settings: &Settings) -> Self {
        Self::prepare(settings, self.id + 1)
    }

    /// How many events the run has (so far, on real timers).
    pub fn events(&self) -> usize {
        self.recording.as_ref().map_or(0, |r| r.len())
    }

    /// Starts playing (from the start again if the run had finished).
    pub fn play(self: &Rc<Self>, settings: &Settings) -> Rc<Self> {
        let mut next = if self.status == Status::Finished {
            self.again(settings)
        } else {
            Self::clone(self)
        };
        // A refused scenario has nothing to play (its error is shown).
        if next.recording.is_err() {
            return Rc::new(next);
        }
        next.status = Status::Playing;
        next.skip_if_instant(settings);
        Rc::new(next)
    }

    /// At the instant speed a playing run shows its end at once.
    fn skip_if_instant(&mut self, settings: &Settings) {
        if settings.speed == INSTANT
            && !self.real_timers
            && !self.computing
            && self.status == Status::Playing
        {
            self.cursor = self.events();
            self.status = Status::Finished;
        }
    }

    pub fn command(self: Rc<Self>, command: PlaybackCommand, settings: &Settings) -> Rc<Self> {
        match command {
            PlaybackCommand::PlayPause => match self.status {
                // Real timers cannot be paused: the browser's clock keeps going. Stop instead.
                Status::Playing if self.real_timers => Rc::new(self.again(settings)),
                Status::Playing => Rc::new(Self {
                    status: Status::Paused,
                    ..Self::clone(&self)
                }),
                _ => self.play(settings),
            },
            PlaybackCommand::Step => {
                if self.real_timers || self.recording.is_err() {
                    return self;
                }
                if self.computing {
                    // Stepping a run still in the lab: its events show on arrival.
                    return Rc::new(Self {
                        status: Status::Paused,
                        steps_asked: self.steps_asked + 1,
                        ..Self::clone(&self)
                    });
                }
                let mut next = if self.status == Status::Finished {
                    self.again(settings)
                } else {
                    Self::clone(&self)
                };
                if next.computing {
                    // A finished run starts again from the top, once computed.
                    return Rc::new(next);
                }
                next.status = Status::Paused;
                next.advance_by(1);
                Rc::new(next)
            }
            PlaybackCommand::Restart => Rc::new(self.again(settings)).play(settings),
        }
    }

    /// The playback clock says `due` more events are due.
    pub fn advance(self: Rc<Self>, due: usize) -> Rc<Self> {
        if self.status != Status::Playing || self.real_timers || self.computing || due == 0 {
            return self;
        }
        let mut next = Self::clone(&self);
        next.advance_by(due);
        Rc::new(next)
    }

    fn advance_by(&mut self, count: usize) {
        self.cursor = self.cursor.saturating_add(count).min(self.events());
        if self.cursor >= self.events() {
            self.status = Status::Finished;
        }
    }

    /// The lab has computed run `run`: its recording replaces the placeholder.
    pub fn computed(self: Rc<Self>, run: u64, recording: Shared, settings: &Settings) -> Rc<Self> {
        if run != self.id || !self.computing {
            return self;
        }
        let mut next = Self {
            recording: Ok(recording),
            computing: false,
            ..Self::clone(&self)
        };
        // The steps asked for while the run was in the lab.
        if next.status == Status::Paused && next.cursor == 0 {
            next.advance_by(next.steps_asked.max(1));
        }
        next.steps_asked = 0;
        next.skip_if_instant(settings);
        Rc::new(next)
    }

    /// A real-timers run reports what it has done (for run `run` only).
    pub fn live(self: Rc<Self>, run: u64, recording: Shared) -> Rc<Self> {
        if run != self.id || !self.real_timers || self.status != Status::Playing {
            return self;
        }
        let ended = recording.ended;
        let cursor = recording.len();
        Rc::new(Self {
            recording: Ok(recording),
            cursor,
            status: if ended {
                Status::Finished
            } else {
                Status::Playing
            },
            ..Self::clone(&self)
        })
    }

    /// The learner's picks so far, as run `run`: shown to their last event,
    /// finished once no task can run. Nothing plays by itself.
    pub fn scheduled(self: Rc<Self>, run: u64, recording: Shared) -> Rc<Self> {
        // Told again (Back to the same picks): nothing to redraw.
        let status = if recording.ended {
            Status::Finished
        } else {
            Status::Paused
        };
        let shown = self.shown() == Some(&recording)
            && self.cursor == recording.len()
            && self.status == status;
        if run != self.id || shown {
            return self;
        }
        let cursor = recording.len();
        Rc::new(Self {
            recording: Ok(recording),
            computing: false,
            cursor,
            status,
            steps_asked: 0,
            ..Self::clone(&self)
        })
    }

    /// The lab failed run `run` (or every run, when it could not start).
    pub fn failed(self: Rc<Self>, run: Option<u64>, why: &str) -> Rc<Self> {
        if run.is_some_and(|run| run != self.id) {
            return self;
        }
        Rc::new(Self {
            recording: Err(RunError::Lab(why.to_owned())),
            computing: false,
            status: Status::Ready,
            cursor: 0,
            ..Self::clone(&self)
        })
    }

    /// Whether the learner wants to see this run move (it plays, or they
    /// stepped it): then the lab must compute it now.
    pub fn wanted(&self) -> bool {
        self.status != Status::Ready
    }

    /// The recording when there is one.
    pub fn shown(&self) -> Option<&Shared> {
        self.recording.as_ref().ok()
    }
}
