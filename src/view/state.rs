//! The page's state and everything that can happen to it, as a reducer
//! (`State` + `Action`, as in Yew's function_todomvc). Pure: the browser side
//! only dispatches actions and draws the result.

use std::rc::Rc;

use super::lesson::{self, Progress};
use super::playback::Playback;
use super::settings::{Notice, Settings, INSTANT, SPEEDS};
use crate::sim::{simulate_with, Ending, Fifo, Limits, Outcome, Scenario, Strategy};

/// The page's budget: every article program at 10,000 tasks needs well under
/// 100,000 steps; compare-and-retry is quadratic and needs about a million
/// steps at 1000 tasks. Beyond that a run stops (in well under a second)
/// with a message instead of filling the tab's memory: 2.5 million events
/// are about 100 MB.
pub const PAGE_MAX_STEPS: u64 = 1_100_000;
pub const PAGE_MAX_EVENTS: usize = 2_500_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A run is prepared and shown at its start.
    Ready,
    Playing,
    Paused,
    Finished,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// 1000 tasks credit $1 to $1000 (the article's opening).
    Article,
    /// 5 transactions of $100 on $1000 (the article's bank example).
    Bank,
    /// The article's two tasks and two locks.
    Deadlock,
}

impl Preset {
    pub fn settings(self, strategy: Strategy) -> Settings {
        let scenario = match self {
            Preset::Article => Scenario::article(),
            Preset::Bank => Scenario::bank(),
            Preset::Deadlock => Scenario {
                tasks: 2,
                delay_ms: 10,
                ..Scenario::article()
            },
        };
        Settings::from_scenario(&scenario.with_strategy(strategy))
    }
}

/// One line of the results table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultRow {
    pub strategy: Strategy,
    pub tasks: u32,
    pub final_balance: i64,
    pub expected: i64,
    pub lost: usize,
    pub elapsed_ms: u64,
    pub real_timers: bool,
    pub ending: String,
    /// [`Outcome::fingerprint`]: equal fingerprints, identical runs.
    pub fingerprint: u64,
}

#[derive(Clone, Debug)]
pub enum Action {
    SetStrategy(Strategy),
    ToggleLock,
    SetTasks(u32),
    SetInitial(i64),
    SetAmount(i64),
    SetDelay(u64),
    SetJitter(u64),
    SetSeed(u64),
    SetRealTimers(bool),
    Preset(Preset),
    /// Settings from a link (with what could not be used).
    Load(Settings, Vec<Notice>),
    /// A form value that could not be used.
    Reject(Notice),
    DismissNotices,
    PlayPause,
    Step,
    Restart,
    Faster,
    Slower,
    SetSpeed(usize),
    /// The animation clock: `elapsed_ms` of real time passed.
    Tick {
        elapsed_ms: f64,
    },
    /// A real-timers run (started for `run`, a `run_id`) finished; its
    /// outcome replaces the virtual one.
    LiveFinished {
        run: u64,
        outcome: Rc<Outcome>,
    },
    /// Events a real-timers run has produced so far.
    LiveEvents {
        run: u64,
        events: Vec<crate::sim::Event>,
    },
    ToggleHelp,
    CloseHelp,
    /// Open the guided lesson at a step (from 1).
    LessonGo(u32),
    LessonNext,
    LessonPrevious,
    LessonExit,
    /// The learner's guess for the current step's final balance; starts the run.
    Predict(i64),
    /// Progress read back from storage.
    LoadProgress(Progress),
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub settings: Settings,
    pub notices: Vec<Notice>,
    pub status: Status,
    /// The prepared run (virtual clock); `None` when the scenario was refused.
    pub outcome: Option<Rc<Outcome>>,
    pub error: Option<String>,
    pub playback: Playback,
    /// Events owed to the playback: fractional progress between ticks.
    budget: f64,
    pub results: Vec<ResultRow>,
    pub help_open: bool,
    /// Increases with each run started, so the browser side can tell runs apart.
    pub run_id: u64,
    /// The guided lesson's progress (the current step is `settings.lesson`).
    pub progress: Progress,
}

impl Default for AppState {
    fn default() -> Self {
        Self::new(Settings::default(), Vec::new())
    }
}

impl AppState {
    pub fn new(settings: Settings, notices: Vec<Notice>) -> Self {
        let mut state = Self {
            playback: Playback::new(0, 0),
            settings,
            notices,
            status: Status::Ready,
            outcome: None,
            error: None,
            budget: 0.0,
            results: Vec::new(),
            help_open: false,
            run_id: 0,
            progress: Progress::default(),
        };
        if let Some(step) = state.settings.lesson {
            state.enter_lesson(step);
        }
        state.prepare();
        if state.settings.autorun {
            state.status = Status::Playing;
        }
        state
    }

    /// Computes the run for the current settings and rewinds to its start.
    fn prepare(&mut self) {
        let scenario = self.settings.scenario.clone();
        // Bounded even for a refused scenario (the UI never asks for more).
        let shown = scenario
            .total_tasks()
            .min(super::settings::MAX_UI_TASKS + 1);
        self.playback = Playback::new(shown, scenario.initial);
        self.budget = 0.0;
        self.run_id += 1;
        self.status = Status::Ready;
        match simulate_with(
            &scenario,
            &mut Fifo,
            Limits {
                max_steps: PAGE_MAX_STEPS,
                max_events: PAGE_MAX_EVENTS,
            },
        ) {
            Ok(outcome) => {
                // Real timers play the browser's own run, not this one.
                if !self.settings.real_timers {
                    self.playback = Playback::of(&outcome, shown);
                }
                self.outcome = Some(Rc::new(outcome));
                self.error = None;
            }
            Err(error) => {
                self.outcome = None;
                self.error = Some(error.to_string());
            }
        }
    }

    fn settings_changed(&mut self) {
        let was_playing = self.status == Status::Playing;
        self.prepare();
        if was_playing {
            self.status = Status::Playing;
        }
    }

    pub fn speed(&self) -> u32 {
        SPEEDS[self.settings.speed.min(INSTANT)]
    }

    pub fn is_live(&self) -> bool {
        self.settings.real_timers
    }

    /// Applies up to `count` more events of the prepared run.
    fn advance(&mut self, count: usize) {
        let Some(outcome) = self.outcome.clone() else {
            return;
        };
        let from = self.playback.applied;
        let to = from.saturating_add(count).min(outcome.trace.len());
        for event in &outcome.trace[from..to] {
            self.playback.apply(event);
        }
        if self.playback.applied >= outcome.trace.len() {
            self.finish(&outcome);
        }
    }

    fn finish(&mut self, outcome: &Outcome) {
        self.playback.settle(outcome);
        if self.status == Status::Finished {
            return;
        }
        self.status = Status::Finished;
        self.results.push(ResultRow {
            strategy: outcome.scenario.strategy,
            tasks: outcome.scenario.tasks,
            final_balance: outcome.final_balance,
            expected: outcome.expected_balance,
            lost: outcome.lost_count(),
            elapsed_ms: outcome.elapsed_ms,
            real_timers: self.settings.real_timers,
            ending: ending_text(outcome),
            fingerprint: outcome.fingerprint(),
        });
    }

    /// Sets the playground up for lesson step `step` (clamped to the lesson).
    fn enter_lesson(&mut self, step: u32) {
        let step = step.clamp(1, lesson::STEPS.len() as u32);
        let Some(lesson_step) = lesson::step(step) else {
            return;
        };
        let keep = self.settings.clone();
        self.settings = Settings {
            speed: lesson_step.speed,
            real_timers: false,
            autorun: false,
            embed: keep.embed,
            lesson: Some(step),
            ..Settings::from_scenario(&(lesson_step.scenario)())
        };
        self.progress.step = step;
    }

    /// Whether the current lesson step's answer may be shown.
    pub fn revealed(&self) -> bool {
        self.status == Status::Finished && !self.lesson_setup_changed()
    }

    /// In the lesson, whether the learner has changed the step's setup (the
    /// step's text then no longer describes what runs).
    pub fn lesson_setup_changed(&self) -> bool {
        let Some(step) = self.settings.lesson.and_then(lesson::step) else {
            return false;
        };
        let own = (step.scenario)();
        let invited = step
            .also
            .map(|strategy| own.clone().with_strategy(strategy));
        self.settings.scenario != own && Some(&self.settings.scenario) != invited.as_ref()
    }

    fn start_playing(&mut self) {
        if self.status == Status::Finished {
            self.prepare();
        }
        // A refused scenario has nothing to play (its error is shown).
        if self.outcome.is_none() {
            return;
        }
        self.status = Status::Playing;
        if self.settings.speed == INSTANT && !self.is_live() {
            self.advance(usize::MAX);
        }
    }

    pub fn apply(&mut self, action: Action) {
        // While the help is open, keys and clicks belong to it: the run
        // behind it goes on, but nothing else changes.
        if self.help_open
            && !matches!(
                action,
                Action::ToggleHelp
                    | Action::CloseHelp
                    | Action::Tick { .. }
                    | Action::LiveEvents { .. }
                    | Action::LiveFinished { .. }
                    | Action::LoadProgress(_)
                    | Action::Load(..)
            )
        {
            return;
        }
        match action {
            Action::SetStrategy(strategy) => {
                self.settings.scenario.strategy = strategy;
                self.settings_changed();
            }
            Action::ToggleLock => {
                self.settings.toggle_lock();
                self.prepare();
                self.start_playing();
            }
            Action::SetTasks(tasks) => {
                self.settings.set_tasks(tasks);
                self.settings_changed();
            }
            Action::SetInitial(value) => {
                self.settings.scenario.initial = value;
                self.settings_changed();
            }
            Action::SetAmount(value) => {
                self.settings.scenario.amount = value;
                self.settings_changed();
            }
            Action::SetDelay(value) => {
                self.settings.scenario.delay_ms = value;
                self.settings.scenario.delays = None;
                self.settings_changed();
            }
            Action::SetJitter(value) => {
                self.settings.scenario.jitter_ms = value;
                self.settings.scenario.delays = None;
                self.settings_changed();
            }
            Action::SetSeed(value) => {
                self.settings.scenario.seed = value;
                self.settings_changed();
            }
            Action::SetRealTimers(on) => {
                self.settings.real_timers = on;
                self.prepare();
            }
            Action::Preset(preset) => {
                let strategy = match (preset, self.settings.scenario.strategy.group()) {
                    (Preset::Deadlock, _) => Strategy::OppositeOrder,
                    (_, crate::sim::Group::Deadlock) => Strategy::Unsafe,
                    _ => self.settings.scenario.strategy,
                };
                let keep = self.settings.clone();
                self.settings = Settings {
                    real_timers: keep.real_timers,
                    embed: keep.embed,
                    lesson: keep.lesson,
                    ..preset.settings(strategy)
                };
                self.prepare();
                self.start_playing();
            }
            Action::Load(settings, notices) => {
                let lesson = settings.lesson;
                self.settings = settings;
                self.notices = notices;
                if let Some(step) = lesson {
                    self.enter_lesson(step);
                }
                self.prepare();
                if self.settings.autorun {
                    self.start_playing();
                }
            }
            Action::Reject(notice) => {
                self.notices.retain(|n| n.parameter != notice.parameter);
                self.notices.push(notice);
            }
            Action::DismissNotices => self.notices.clear(),
            Action::PlayPause => match self.status {
                // Real timers cannot be paused: the browser's clock keeps going. Stop instead.
                Status::Playing if self.is_live() => self.prepare(),
                Status::Playing => self.status = Status::Paused,
                _ => self.start_playing(),
            },
            Action::Step => {
                if self.is_live() {
                    return;
                }
                if self.status == Status::Finished {
                    self.prepare();
                }
                self.status = Status::Paused;
                self.advance(1);
            }
            Action::Restart => {
                self.prepare();
                self.start_playing();
            }
            Action::Faster => self.settings.speed = (self.settings.speed + 1).min(INSTANT),
            Action::Slower => self.settings.speed = self.settings.speed.saturating_sub(1),
            Action::SetSpeed(speed) => self.settings.speed = speed.min(INSTANT),
            Action::Tick { elapsed_ms } => {
                if self.status != Status::Playing || self.is_live() {
                    return;
                }
                if self.settings.speed == INSTANT {
                    self.advance(usize::MAX);
                    return;
                }
                // A long pause between ticks (a background tab) is not a burst.
                let elapsed = elapsed_ms.clamp(0.0, 250.0);
                self.budget += f64::from(self.speed()) * elapsed / 1000.0;
                let due = self.budget.floor();
                self.budget -= due;
                self.advance(due as usize);
            }
            // Messages from a run that was replaced meanwhile are dropped.
            Action::LiveEvents { run, events } => {
                if run == self.run_id && self.is_live() && self.status == Status::Playing {
                    for event in &events {
                        self.playback.apply(event);
                    }
                }
            }
            Action::LiveFinished { run, outcome } => {
                if run == self.run_id && self.is_live() && self.status == Status::Playing {
                    self.outcome = Some(Rc::clone(&outcome));
                    self.finish(&outcome);
                }
            }
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::CloseHelp => self.help_open = false,
            Action::LessonGo(step) => {
                self.enter_lesson(step);
                self.prepare();
            }
            Action::LessonNext | Action::LessonPrevious => {
                let Some(current) = self.settings.lesson else {
                    return;
                };
                let next = if matches!(action, Action::LessonNext) {
                    current.saturating_add(1)
                } else {
                    current.saturating_sub(1)
                };
                let next = next.clamp(1, lesson::STEPS.len() as u32);
                if next != current {
                    self.enter_lesson(next);
                    self.prepare();
                }
            }
            Action::LessonExit => self.settings.lesson = None,
            Action::Predict(value) => {
                if let Some(step) = self.settings.lesson {
                    self.progress.predict(step, value);
                    // The prediction is about the step's own setup (or the
                    // variant it invites, such as the bank step's lock).
                    if self.lesson_setup_changed() {
                        self.enter_lesson(step);
                    }
                    self.prepare();
                    self.start_playing();
                }
            }
            Action::LoadProgress(progress) => {
                let step = self.settings.lesson;
                self.progress = progress;
                if let Some(step) = step {
                    self.progress.step = step;
                }
            }
        }
    }
}

/// "completed", "deadlock: T1 waits for ...", or why the run stopped.
pub fn ending_text(outcome: &Outcome) -> String {
    match &outcome.ending {
        Ending::Completed => "completed".to_owned(),
        Ending::Deadlock(deadlock) => format!("deadlock: {deadlock}"),
        Ending::Limit { steps, events } => format!(
            "stopped after {steps} steps and {events} events, the page's limit: \
             this program needs more; try fewer tasks"
        ),
        Ending::Diverged(error) => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn play_to_end(state: &mut AppState) {
        state.apply(Action::SetSpeed(INSTANT));
        if state.status != Status::Playing {
            state.apply(Action::PlayPause);
        }
        state.apply(Action::Tick { elapsed_ms: 16.0 });
    }

    #[test]
    fn bank_then_lock_toggle_gives_1100_then_1500() {
        let mut state = AppState::default();
        state.apply(Action::Preset(Preset::Bank));
        assert_eq!(state.status, Status::Playing);
        state.apply(Action::SetSpeed(INSTANT));
        state.apply(Action::Tick { elapsed_ms: 16.0 });
        assert_eq!(state.status, Status::Finished);
        assert_eq!(state.playback.balance, 1100);
        state.apply(Action::ToggleLock);
        state.apply(Action::Tick { elapsed_ms: 16.0 });
        assert_eq!(state.playback.balance, 1500);
        let finals: Vec<i64> = state.results.iter().map(|r| r.final_balance).collect();
        assert_eq!(finals, vec![1100, 1500]);
    }

    #[test]
    fn ticks_apply_events_at_the_chosen_speed() {
        let mut state = AppState::default();
        state.apply(Action::Preset(Preset::Bank));
        state.apply(Action::SetSpeed(2)); // 4 events a second
        state.apply(Action::Tick { elapsed_ms: 100.0 });
        assert_eq!(state.playback.applied, 0, "0.4 of an event owed");
        state.apply(Action::Tick { elapsed_ms: 200.0 });
        assert_eq!(state.playback.applied, 1);
        state.apply(Action::Tick { elapsed_ms: 250.0 });
        assert_eq!(state.playback.applied, 2);
    }

    #[test]
    fn pause_stops_ticks_and_step_applies_exactly_one_event() {
        let mut state = AppState::default();
        state.apply(Action::Preset(Preset::Bank));
        state.apply(Action::PlayPause);
        assert_eq!(state.status, Status::Paused);
        state.apply(Action::Tick { elapsed_ms: 200.0 });
        assert_eq!(state.playback.applied, 0);
        state.apply(Action::Step);
        state.apply(Action::Step);
        assert_eq!(state.playback.applied, 2);
        assert_eq!(state.status, Status::Paused);
    }

    #[test]
    fn restart_rewinds_and_the_same_run_replays() {
        let mut state = AppState::default();
        state.apply(Action::SetJitter(30));
        play_to_end(&mut state);
        let first = state.playback.clone();
        state.apply(Action::SetSpeed(5));
        state.apply(Action::Restart);
        assert_eq!(state.playback.applied, 0);
        assert_eq!(state.status, Status::Playing);
        play_to_end(&mut state);
        assert_eq!(state.playback, first);
        assert_eq!(state.results[0], state.results[1]);
    }

    #[test]
    fn deadlock_preset_ends_with_a_deadlock_row() {
        let mut state = AppState::default();
        state.apply(Action::Preset(Preset::Deadlock));
        play_to_end(&mut state);
        let row = state.results.last().expect("a row");
        assert!(
            row.ending
                .starts_with("deadlock: T1 waits for lock_b held by T2"),
            "{}",
            row.ending
        );
    }

    #[test]
    fn refused_settings_show_an_error_and_do_not_play() {
        let mut state = AppState::default();
        state.apply(Action::SetTasks(0));
        assert!(state.error.as_deref().is_some_and(|e| e.contains("tasks")));
        state.apply(Action::PlayPause);
        assert_eq!(state.status, Status::Ready);
        state.apply(Action::Tick { elapsed_ms: 16.0 });
        assert!(state.results.is_empty());
    }

    #[test]
    fn quadratic_runs_stop_with_a_message() {
        let mut state = AppState::default();
        state.apply(Action::SetTasks(10_000));
        state.apply(Action::SetStrategy(Strategy::Optimistic));
        play_to_end(&mut state);
        let row = state.results.last().expect("a row");
        assert!(row.ending.contains("stopped after"), "{}", row.ending);
    }

    #[test]
    fn lesson_predict_then_reveal_and_walk_the_steps() {
        let mut state = AppState::default();
        state.apply(Action::LessonGo(2));
        assert_eq!(state.settings.lesson, Some(2));
        assert_eq!(state.settings.scenario.tasks, 2);
        assert_eq!(state.status, Status::Ready);
        assert!(!state.revealed());
        state.apply(Action::Predict(1200));
        assert_eq!(state.status, Status::Playing);
        assert_eq!(state.progress.prediction(2), Some(1200));
        play_to_end(&mut state);
        assert!(state.revealed());
        assert_eq!(state.playback.balance, 1100);
        // Experimenting inside a step: the reveal waits for the step's own setup.
        // (Step 2 invites no variant; the bank step, 6, invites the lock.)
        state.apply(Action::ToggleLock);
        play_to_end(&mut state);
        assert!(!state.revealed() && state.lesson_setup_changed());
        state.apply(Action::Predict(1100));
        assert_eq!(
            state.settings.scenario.strategy,
            Strategy::Unsafe,
            "back to the step's setup"
        );
        play_to_end(&mut state);
        assert!(state.revealed());
        state.apply(Action::LessonNext);
        assert_eq!(state.settings.lesson, Some(3));
        assert_eq!(state.settings.scenario.strategy, Strategy::Lock);
        assert!(!state.revealed(), "a new step hides the answer again");
        state.apply(Action::LessonPrevious);
        state.apply(Action::LessonPrevious);
        state.apply(Action::LessonPrevious);
        assert_eq!(state.settings.lesson, Some(1), "clamped at the first step");
        state.apply(Action::LessonGo(999));
        assert_eq!(state.settings.lesson, Some(lesson::STEPS.len() as u32));
        // Next on the last step keeps a finished run where it is.
        play_to_end(&mut state);
        let runs = state.run_id;
        state.apply(Action::LessonNext);
        assert_eq!((state.status, state.run_id), (Status::Finished, runs));
        state.apply(Action::LessonExit);
        assert_eq!(state.settings.lesson, None);
        assert_eq!(
            state.progress.step,
            lesson::STEPS.len() as u32,
            "progress remembers"
        );
    }

    #[test]
    fn the_bank_steps_lock_is_its_own_setup_and_predict_keeps_it() {
        let mut state = AppState::default();
        state.apply(Action::LessonGo(6));
        state.apply(Action::ToggleLock);
        assert!(!state.lesson_setup_changed());
        state.apply(Action::Predict(1500));
        assert_eq!(state.settings.scenario.strategy, Strategy::Lock);
        play_to_end(&mut state);
        assert!(state.revealed());
        assert_eq!(state.playback.balance, 1500);
    }

    #[test]
    fn a_lesson_link_opens_its_step() {
        let settings = Settings {
            lesson: Some(5),
            ..Settings::default()
        };
        let state = AppState::new(settings, Vec::new());
        assert_eq!(state.settings.scenario.strategy, Strategy::Counter);
        assert_eq!(state.progress.step, 5);
    }

    #[test]
    fn real_timers_stop_rather_than_pause_and_take_the_browsers_outcome() {
        let mut state = AppState::default();
        state.apply(Action::Preset(Preset::Bank));
        state.apply(Action::SetRealTimers(true));
        state.apply(Action::PlayPause);
        assert_eq!(state.status, Status::Playing);
        let run = state.run_id;
        state.apply(Action::Tick { elapsed_ms: 100.0 });
        assert_eq!(
            state.playback.applied, 0,
            "the playback clock does not drive real timers"
        );
        state.apply(Action::PlayPause);
        assert_eq!(state.status, Status::Ready);
        assert_ne!(
            state.run_id, run,
            "a new run id drops the old run's handles"
        );
        state.apply(Action::PlayPause);
        // What the browser reports is what is shown.
        let outcome = crate::sim::simulate(&Scenario::bank()).expect("valid");
        // A message from the stopped run changes nothing.
        state.apply(Action::LiveEvents {
            run,
            events: outcome.trace.clone(),
        });
        assert_eq!(state.playback.applied, 0);
        state.apply(Action::LiveEvents {
            run: state.run_id,
            events: outcome.trace.clone(),
        });
        assert_eq!(state.playback.balance, 1100);
        state.apply(Action::LiveFinished {
            run: state.run_id,
            outcome: Rc::new(outcome),
        });
        assert_eq!(state.status, Status::Finished);
        assert!(state
            .results
            .last()
            .is_some_and(|r| r.real_timers && r.final_balance == 1100));
    }

    #[test]
    fn the_help_dialog_holds_the_keys_while_open() {
        let mut state = AppState::default();
        state.apply(Action::ToggleHelp);
        state.apply(Action::ToggleLock);
        state.apply(Action::Restart);
        assert_eq!(state.settings.scenario.strategy, Strategy::Unsafe);
        assert_eq!(state.status, Status::Ready);
        state.apply(Action::CloseHelp);
        state.apply(Action::ToggleLock);
        assert_eq!(state.settings.scenario.strategy, Strategy::Lock);
    }

    #[test]
    fn speed_stays_in_range() {
        let mut state = AppState::default();
        for _ in 0..40 {
            state.apply(Action::Faster);
        }
        assert_eq!(state.settings.speed, INSTANT);
        for _ in 0..40 {
            state.apply(Action::Slower);
        }
        assert_eq!(state.settings.speed, 0);
    }
}
