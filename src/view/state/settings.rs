//! The settings the learner chose, and the notices about values refused.

use std::rc::Rc;

use crate::sim::{Group, Scenario, Strategy};
use crate::view::settings::{Field, Notice, Settings, Theme, INSTANT};

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
    pub fn scenario(self) -> Scenario {
        match self {
            Preset::Article => Scenario::article(),
            Preset::Bank => Scenario::bank(),
            Preset::Deadlock => Scenario {
                tasks: 2,
                delay_ms: 10,
                ..Scenario::article()
            },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    Faster,
    Slower,
    To(usize),
}

/// What the learner can change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsCommand {
    Strategy(Strategy),
    /// The L key: the lock on or off (and run again).
    ToggleLock,
    Set(Field, i128),
    RealTimers(bool),
    Speed(Speed),
    /// One of the article's scenarios (and run it).
    Preset(Preset),
    /// Replay an explored order of tasks (`None`: asyncio's own again).
    Order(Option<crate::sim::schedule::TaskOrder>),
    /// Open or close the schedule explorer.
    Explore(bool),
    /// How the page looks: its theme, and presentation mode.
    Display(Theme, bool),
    /// A whole program to run in place of the one shown (the lesson's run
    /// of tasks arriving over time); the page keeps its look and its step.
    Program(Box<crate::sim::Scenario>),
    /// The learner's own program to run (`None`: back to the built-in one).
    Code(Option<crate::view::programs::ProgramId>),
    /// A "Fix it" exercise: its program, its goal, the explorer open.
    Exercise(&'static crate::view::exercises::Exercise),
    /// A goal for the learner's program (`None`: none), from the host page.
    Goal(Option<crate::view::goal::Goal>),
    /// The shared variable of the learner's program to show as the balance
    /// (and run it again).
    Watch(std::rc::Rc<str>),
    /// Replay a schedule of the learner's program (`None`: asyncio's order).
    Picks(Option<std::rc::Rc<[u32]>>),
    /// The explorer's counterexample to a goal, replayed as `Picks` unless
    /// the learner is scheduling the program by hand: their picks stay.
    Counterexample(std::rc::Rc<[u32]>),
    /// A form value that could not be used.
    Reject(Notice),
    DismissNotices,
}

/// What a change to the settings means for the run on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rerun {
    /// Nothing that runs changed (the speed, the notices).
    No,
    /// Prepare the run again, and keep playing if it was.
    Keep,
    /// Prepare the run again and play it.
    Play,
    /// Prepare the run again and wait.
    Wait,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsState {
    pub settings: Settings,
    pub notices: Vec<Notice>,
}

impl SettingsState {
    pub fn reduce(self: &Rc<Self>, command: SettingsCommand) -> (Rc<Self>, Rerun) {
        let mut next = Self::clone(self);
        let settings = &mut next.settings;
        // An explored order belongs to the program it was found for.
        if matches!(
            command,
            SettingsCommand::Strategy(_)
                | SettingsCommand::ToggleLock
                | SettingsCommand::Set(..)
                | SettingsCommand::RealTimers(_)
                | SettingsCommand::Preset(_)
                | SettingsCommand::Program(_)
                | SettingsCommand::Code(_)
                | SettingsCommand::Exercise(_)
        ) {
            settings.scenario.order = None;
            // A challenge is its own program: changing it leaves the level.
            settings.challenge = None;
            // So is a built-in one: choosing it leaves the learner's. The
            // lock switch stays on the learner's program (it lets its
            // locks stop tasks or not), and so does running it again.
            if !matches!(
                command,
                SettingsCommand::ToggleLock | SettingsCommand::Code(Some(_))
            ) {
                settings.program = None;
            }
            if settings.program.is_none() {
                settings.locks_off = false;
                settings.watch = None;
                settings.goal = None;
                settings.exercise = None;
            }
            // A schedule is one program's: another, or the switch, drops it.
            settings.picks = None;
        }
        let rerun = match command {
            SettingsCommand::Strategy(strategy) => {
                settings.scenario.strategy = strategy;
                Rerun::Keep
            }
            SettingsCommand::ToggleLock => {
                settings.toggle_lock();
                Rerun::Play
            }
            SettingsCommand::Set(field, value) => {
                field.set(settings, value);
                Rerun::Keep
            }
            SettingsCommand::RealTimers(on) => {
                settings.real_timers = on;
                Rerun::Wait
            }
            SettingsCommand::Speed(change) => {
                settings.speed = match change {
                    Speed::Faster => (settings.speed + 1).min(INSTANT),
                    Speed::Slower => settings.speed.saturating_sub(1),
                    Speed::To(speed) => speed.min(INSTANT),
                };
                Rerun::No
            }
            SettingsCommand::Preset(preset) => {
                // The deadlock preset is about locks; the others keep the
                // learner's strategy unless it is a two-lock one.
                let strategy = match (preset, settings.scenario.strategy.group()) {
                    (Preset::Deadlock, _) => Strategy::OppositeOrder,
                    (_, Group::Deadlock) => Strategy::Unsafe,
                    (_, _) => settings.scenario.strategy,
                };
                *settings = Settings {
                    real_timers: settings.real_timers,
                    embed: settings.embed,
                    theme: settings.theme,
                    present: settings.present,
                    code: settings.code,
                    explore: settings.explore,
                    lesson: settings.lesson,
                    ..Settings::from_scenario(&preset.scenario().with_strategy(strategy))
                };
                Rerun::Play
            }
            SettingsCommand::Program(scenario) => {
                settings.scenario = *scenario;
                Rerun::Play
            }
            SettingsCommand::Code(program) => {
                settings.program = program;
                Rerun::Play
            }
            SettingsCommand::Exercise(exercise) => {
                settings.program = Some(crate::view::programs::keep(exercise.program));
                settings.goal = Some(exercise.goal);
                settings.exercise = Some(exercise);
                settings.watch = exercise.watch.map(Rc::from);
                settings.locks_off = false;
                settings.explore = true;
                settings.scheduler = false;
                Rerun::Play
            }
            SettingsCommand::Goal(goal) => {
                settings.goal = settings.program.and(goal);
                settings.explore |= settings.goal.is_some();
                Rerun::No
            }
            SettingsCommand::Watch(name) => {
                settings.watch = settings.program.map(|_| name);
                Rerun::Play
            }
            SettingsCommand::Picks(picks) => {
                settings.picks = settings.program.and(picks);
                settings.real_timers = false;
                Rerun::Play
            }
            SettingsCommand::Counterexample(_) if settings.schedules_program() => Rerun::No,
            SettingsCommand::Counterexample(picks) => {
                settings.picks = settings.program.map(|_| picks);
                settings.real_timers = false;
                Rerun::Play
            }
            SettingsCommand::Order(order) => {
                settings.scenario.order = order;
                settings.real_timers = false;
                Rerun::Play
            }
            SettingsCommand::Explore(open) => {
                settings.explore = open;
                Rerun::No
            }
            SettingsCommand::Display(theme, present) => {
                settings.theme = theme;
                settings.present = present;
                Rerun::No
            }
            SettingsCommand::Reject(notice) => {
                next.notices.retain(|n| n.parameter != notice.parameter);
                next.notices.push(notice);
                Rerun::No
            }
            SettingsCommand::DismissNotices => {
                next.notices.clear();
                Rerun::No
            }
        };
        if next == **self {
            // Choosing the scenario already shown still runs it again.
            let rerun = if rerun == Rerun::Play {
                Rerun::Play
            } else {
                Rerun::No
            };
            return (Rc::clone(self), rerun);
        }
        (Rc::new(next), rerun)
    }
}
