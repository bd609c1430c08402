//! The page's state and everything that can happen to it, as reducers (a
//! `State`, an `Action` and `reduce`, as in Yew's function_todomvc).
//!
//! The state is a handful of sub-states, each behind its own `Rc` and each
//! with its own reducer: [`SettingsState`], [`RunState`] (the run on screen
//! and how far it has played), the lesson's [`Progress`] and the
//! [`Results`] table. A reduce that changes nothing hands back the very same
//! `Rc`, so Yew skips the render; a component that draws one sub-state
//! re-renders only when that `Rc` changes. Nothing is copied per frame: the
//! playback clock moves a cursor over a shared [`Recording`].
//!
//! [`Recording`]: super::recording::Recording

pub mod results;
pub mod run;
mod scheduler;
pub mod settings;

use std::rc::Rc;

use super::lesson::{self, Progress};
use super::recording::Shared;
use super::settings::{Notice, Settings};
use crate::sim::{Scenario, TaskId};
use results::Results;
use run::{PlaybackCommand, RunState, Status};
pub use scheduler::register as register_scheduler;
use settings::{Rerun, SettingsCommand, SettingsState};

/// What the learner can do in the guided lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonCommand {
    /// Open the lesson at a step (from 1).
    Go(u32),
    Next,
    Previous,
    Exit,
    /// The learner's guess for the step's final balance; runs the step.
    Predict(i64),
}

/// What the learner does as the scheduler ("You are the scheduler", the
/// challenges: the full app's panel, whose session is its own reducer,
/// `view::scheduler::session`).
#[derive(Clone, Debug, PartialEq)]
pub enum SchedulerCommand {
    /// Be the scheduler of `program` from its start: challenge level
    /// `level`'s (keeping only how the page looks), or the page's own.
    Open {
        program: Box<Scenario>,
        level: Option<u32>,
    },
    /// The picks so far, and the run they make, played on the page
    /// (`view::scheduler::play`: a few tasks, microseconds), so the lab
    /// is not asked for it.
    Picks { picks: Vec<TaskId>, run: Shared },
    /// The learner's own program: their picks so far (places in asyncio's
    /// ready queue, as `picks=`), run by the interpreter as the page's run.
    ProgramPicks(Vec<u32>),
    /// Run `run`, made: shown at its end, as the picks left it (ignored
    /// if the page has moved on to another run since).
    ProgramShown { run: u64, recording: Shared },
    /// Back to the page's own runs of the program.
    Leave,
}

/// What the learner asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Settings(SettingsCommand),
    Playback(PlaybackCommand),
    Lesson(LessonCommand),
    Scheduler(SchedulerCommand),
}

/// What happens by itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Happening {
    /// The playback clock: this many more events are due.
    Advance(usize),
    /// The lab has computed run `run`.
    Computed { run: u64, recording: Shared },
    /// A real-timers run (`run`) reports what it has done so far.
    Live { run: u64, recording: Shared },
    /// The lab could not do what run `run` needed (or could not start at all).
    LabFailed { run: Option<u64>, why: String },
    /// The address changed: the page opened, or Back or Forward.
    Load(Box<Settings>, Vec<Notice>),
    /// Lesson progress read back from storage.
    Progress(Progress),
    /// The page has come into view (an embed scrolled to, a tab shown):
    /// a link's `autorun` starts now, not out of sight.
    Seen,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The learner's commands. While the help dialog is open they are not
    /// for the page behind it: the type says so, not a list.
    Command(Command),
    /// Always applied, dialog or not: the clock, a real-timers run, the address.
    Happened(Happening),
    /// The help dialog: `Some(open)`, or `None` to toggle it.
    Help(Option<bool>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub settings: Rc<SettingsState>,
    pub run: Rc<RunState>,
    pub progress: Rc<Progress>,
    pub results: Rc<Results>,
    pub help_open: bool,
    /// The link asked to play on open, and the page has not been seen yet.
    pub autorun_waiting: bool,
}

impl Default for AppState {
    fn default() -> Self {
        Self::new(Settings::default(), Vec::new())
    }
}

impl AppState {
    /// The page as a link opens it.
    pub fn new(settings: Settings, notices: Vec<Notice>) -> Self {
        let (settings, step) = opened(settings);
        let autorun_waiting = settings.autorun;
        let run = Rc::new(RunState::prepare(&settings, 1));
        Self {
            settings: Rc::new(SettingsState { settings, notices }),
            run,
            progress: Rc::new(Progress {
                step: step.unwrap_or(0),
                ..Progress::default()
            }),
            results: Rc::default(),
            help_open: false,
            autorun_waiting,
        }
    }

    /// The state with a runs table handed over from before.
    pub fn with_results(self, results: Results) -> Self {
        Self {
            results: Rc::new(results),
            ..self
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings.settings
    }

    pub fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Help(open) => {
                let open = open.unwrap_or(!self.help_open);
                if open == self.help_open {
                    return self;
                }
                Rc::new(Self {
                    help_open: open,
                    ..Self::clone(&self)
                })
            }
            Action::Command(_) if self.help_open => self,
            Action::Command(Command::Settings(command)) => {
                let (settings, rerun) = self.settings.reduce(command);
                self.with_settings(settings, rerun)
            }
            Action::Command(Command::Playback(command)) => {
                let run = Rc::clone(&self.run).command(command, self.settings());
                self.with_run(run)
            }
            Action::Command(Command::Lesson(command)) => self.lesson(command),
            Action::Command(Command::Scheduler(command)) => scheduler::apply(self, command),
            Action::Happened(Happening::Advance(due)) => {
                let run = Rc::clone(&self.run).advance(due);
                self.with_run(run)
            }
            Action::Happened(Happening::Computed { run, recording }) => {
                let run = Rc::clone(&self.run).computed(run, recording, self.settings());
                self.with_run(run)
            }
            Action::Happened(Happening::Live { run, recording }) => {
                let run = Rc::clone(&self.run).live(run, recording);
                self.with_run(run)
            }
            Action::Happened(Happening::LabFailed { run, why }) => {
                let run = Rc::clone(&self.run).failed(run, &why);
                self.with_run(run)
            }
            Action::Happened(Happening::Load(settings, notices)) => self.load(*settings, notices),
            Action::Happened(Happening::Seen) => {
                if !self.autorun_waiting {
                    return self;
                }
                let waited = Rc::new(Self {
                    autorun_waiting: false,
                    ..Self::clone(&self)
                });
                if waited.run.status != Status::Ready {
                    return waited;
                }
                let run = Rc::clone(&waited.run).play(waited.settings());
                waited.with_run(run)
            }
            Action::Happened(Happening::Progress(progress)) => {
                // The step on screen (from the link) wins over the stored one.
                let progress = Progress {
                    step: self.settings().lesson.unwrap_or(progress.step),
                    ..progress
                };
                if progress == *self.progress {
                    return self;
                }
                Rc::new(Self {
                    progress: Rc::new(progress),
                    ..Self::clone(&self)
                })
            }
        }
    }

    /// New settings, and what they mean for the run.
    fn with_settings(self: Rc<Self>, settings: Rc<SettingsState>, rerun: Rerun) -> Rc<Self> {
        if Rc::ptr_eq(&settings, &self.settings) && rerun == Rerun::No {
            return self;
        }
        let was_playing = self.run.status == Status::Playing;
        let run = match rerun {
            Rerun::No => Rc::clone(&self.run),
            _ => Rc::new(self.run.again(&settings.settings)),
        };
        let run = match rerun {
            Rerun::Play => run.play(&settings.settings),
            Rerun::Keep if was_playing => run.play(&settings.settings),
            _ => run,
        };
        let next = Rc::new(Self {
            settings,
            ..Self::clone(&self)
        });
        next.with_run(run)
    }

    /// A new run state; a run that has just finished gets its row.
    fn with_run(self: Rc<Self>, run: Rc<RunState>) -> Rc<Self> {
        if Rc::ptr_eq(&run, &self.run) {
            return self;
        }
        let just_finished = run.status == Status::Finished
            && (self.run.status != Status::Finished || self.run.id != run.id);
        let results = match (just_finished, run.shown()) {
            (true, Some(recording)) => {
                let program = self.settings().program.is_some();
                self.results.with(recording, run.real_timers, program)
            }
            _ => Rc::clone(&self.results),
        };
        Rc::new(Self {
            run,
            results,
            ..Self::clone(&self)
        })
    }

    fn load(self: Rc<Self>, settings: Settings, notices: Vec<Notice>) -> Rc<Self> {
        let (settings, step) = opened(settings);
        let rerun = if settings.autorun {
            Rerun::Play
        } else {
            Rerun::Wait
        };
        let next = match step {
            Some(step) => self.with_progress_step(step),
            None => self,
        };
        next.with_settings(Rc::new(SettingsState { settings, notices }), rerun)
    }

    fn with_progress_step(self: Rc<Self>, step: u32) -> Rc<Self> {
        if self.progress.step == step {
            return self;
        }
        Rc::new(Self {
            progress: Rc::new(Progress {
                step,
                ..Progress::clone(&self.progress)
            }),
            ..Self::clone(&self)
        })
    }

    /// Lesson step `step`, set up, and then `rerun`.
    fn enter(self: Rc<Self>, step: u32, rerun: Rerun) -> Rc<Self> {
        let settings = lesson_settings(step, self.settings());
        let step = settings.lesson.unwrap_or(step);
        let notices = self.settings.notices.clone();
        self.with_progress_step(step)
            .with_settings(Rc::new(SettingsState { settings, notices }), rerun)
    }

    fn lesson(self: Rc<Self>, command: LessonCommand) -> Rc<Self> {
        let current = self.settings().lesson;
        match (command, current) {
            (LessonCommand::Go(step), _) => self.enter(step, Rerun::Wait),
            (LessonCommand::Next | LessonCommand::Previous, Some(step)) => {
                let next = if command == LessonCommand::Next {
                    step.saturating_add(1)
                } else {
                    step.saturating_sub(1)
                };
                let next = next.clamp(1, lesson::STEP_COUNT as u32);
                if next == step {
                    return self;
                }
                self.enter(next, Rerun::Wait)
            }
            (LessonCommand::Exit, Some(_)) => {
                let mut state = SettingsState::clone(&self.settings);
                state.settings.lesson = None;
                self.with_settings(Rc::new(state), Rerun::No)
            }
            (LessonCommand::Predict(value), Some(step)) => {
                let mut progress = Progress::clone(&self.progress);
                progress.predict(step, value);
                let predicted = Rc::new(Self {
                    progress: Rc::new(progress),
                    ..Self::clone(&self)
                });
                // The prediction is about the step's own setup (or the
                // variant it invites, such as the bank step's lock).
                if lesson_setup_changed(&predicted) {
                    predicted.enter(step, Rerun::Play)
                } else {
                    let settings = Rc::clone(&predicted.settings);
                    predicted.with_settings(settings, Rerun::Play)
                }
            }
            (_, None) => self,
        }
    }
}

/// Settings from a link: a lesson step sets up its own run.
fn opened(settings: Settings) -> (Settings, Option<u32>) {
    match settings.lesson {
        Some(step) => {
            let settings = lesson_settings(step, &settings);
            let step = settings.lesson;
            (settings, step)
        }
        None => (settings, None),
    }
}

/// The settings for lesson step `step` (clamped to the lesson), keeping
/// only how the page is shown.
fn lesson_settings(step: u32, keep: &Settings) -> Settings {
    let step = step.clamp(1, lesson::STEP_COUNT as u32);
    let Some(lesson_step) = lesson::step(step) else {
        return keep.clone();
    };
    Settings {
        speed: lesson_step.speed,
        real_timers: false,
        autorun: false,
        embed: keep.embed,
        theme: keep.theme,
        present: keep.present,
        code: keep.code,
        lesson: Some(step),
        ..Settings::from_scenario(&(lesson_step.scenario)())
    }
}

/// In the lesson, whether the learner has changed the step's setup (the
/// step's text then no longer describes what runs).
pub fn lesson_setup_changed(state: &AppState) -> bool {
    let settings = state.settings();
    let Some(step) = settings.lesson.and_then(lesson::step) else {
        return false;
    };
    let own = (step.scenario)();
    let invited = step
        .also
        .map(|strategy| own.clone().with_strategy(strategy));
    settings.scenario != own && Some(&settings.scenario) != invited.as_ref()
}

/// Whether the current lesson step's answer may be shown.
pub fn revealed(state: &AppState) -> bool {
    state.run.status == Status::Finished && !lesson_setup_changed(state)
}

#[cfg(test)]
mod tests;
