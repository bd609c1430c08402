//! What the learner chose, and how it travels in a link (the `link` module
//! reads and writes it: [`Settings::from_pairs`], [`Settings::to_pairs`]).
//!
//! Parsing takes `(key, value)` pairs (the browser's `URLSearchParams`
//! supplies them) and never fails: a bad value falls back to the default and
//! leaves a [`Notice`] naming the parameter and what it accepts. The form's
//! number fields use the same [`Field`] rules, so a link and the form accept
//! exactly the same values.

use crate::sim::Scenario;

/// The page offers up to this many tasks (the engine takes more).
pub const MAX_UI_TASKS: u32 = 10_000;
pub const MAX_UI_MS: u64 = 60_000;
pub const MAX_UI_MONEY: i64 = 1_000_000_000;

/// Playback speeds, in trace events per second; the last is "instant".
pub const SPEEDS: [u32; 14] = [
    1,
    2,
    4,
    8,
    15,
    30,
    60,
    120,
    250,
    500,
    1000,
    2500,
    10_000,
    u32::MAX,
];
pub const INSTANT: usize = SPEEDS.len() - 1;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// What runs: strategy, tasks, money, timings, seed.
    pub scenario: Scenario,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Run on the browser's own event loop instead of the virtual clock.
    pub real_timers: bool,
    /// Start playing as soon as the page opens.
    pub autorun: bool,
    /// Compact layout for an iframe.
    pub embed: bool,
    /// Guided-lesson step, counted from 1.
    pub lesson: Option<u32>,
    /// The schedule explorer ("All outcomes") is open.
    pub explore: bool,
    /// The learner is the scheduler: they pick every step (the picks are
    /// `scenario.order`), and nothing plays by itself.
    pub scheduler: bool,
    /// The "you are the scheduler" challenge being played: its number
    /// from 1 on this page (links and stored progress name it, see
    /// `challenge::find`).
    pub challenge: Option<u32>,
    /// Light, dark, or as the system says (the full app's `theme`).
    pub theme: Theme,
    /// Presentation mode: larger type, the whole width (the full app's `present`).
    pub present: bool,
    /// An embed shows the code pane too (the full app's `code`).
    pub code: bool,
    /// The learner's own program, run in place of the one shown (the full
    /// app's `code=`); `None`: the built-in program.
    pub program: Option<super::programs::ProgramId>,
    /// The lock switch on the learner's program, off: its `asyncio.Lock`s
    /// let every task through (the full app's `locks=off`).
    pub locks_off: bool,
    /// The shared variable of the learner's program shown as the balance
    /// (the full app's `watch=`); `None`: `balance`, else the first shared
    /// integer.
    pub watch: Option<std::rc::Rc<str>>,
    /// What every schedule of the learner's program must do, checked by
    /// the explorer (the full app's `goal=`): the program is an exercise.
    pub goal: Option<super::goal::Goal>,
    /// The "Fix it" exercise the program came from, for its hints and its
    /// lesson (the full app's `exercise=`).
    pub exercise: Option<&'static super::exercises::Exercise>,
    /// A schedule of the learner's program to replay in the lanes (the
    /// explorer's picks, the full app's `picks=`); `None`: asyncio's order.
    pub picks: Option<std::rc::Rc<[u32]>>,
}

/// The page's colours. The full app reads and writes it (`theme=` in the
/// link); `static/boot.js` applies it before anything is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's light or dark preference.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// Its value in the link and on `<html data-theme>`.
    pub fn slug(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|theme| theme.slug() == slug)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self::from_scenario(&Scenario::article())
    }
}

/// A parameter that could not be used as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub parameter: String,
    pub message: String,
}

impl Notice {
    /// One line of text, for the handoff to the full app.
    pub fn to_text(&self) -> String {
        format!("{}\u{1f}{}", self.parameter, self.message)
    }

    /// A notice back from [`Notice::to_text`].
    pub fn from_text(text: &str) -> Option<Self> {
        let (parameter, message) = text.split_once('\u{1f}')?;
        Some(Self::new(parameter, message))
    }

    pub fn new(parameter: &str, message: impl Into<String>) -> Self {
        Self {
            parameter: parameter.to_owned(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.parameter, self.message)
    }
}

/// A whole number the learner can give, in the form or in a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Tasks,
    Initial,
    Amount,
    Delay,
    Jitter,
    Seed,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Tasks,
        Field::Initial,
        Field::Amount,
        Field::Delay,
        Field::Jitter,
        Field::Seed,
    ];

    /// The link parameter, and the form field's id.
    pub fn key(self) -> &'static str {
        match self {
            Field::Tasks => "tasks",
            Field::Initial => "initial",
            Field::Amount => "amount",
            Field::Delay => "delay",
            Field::Jitter => "jitter",
            Field::Seed => "seed",
        }
    }

    /// The accepted values, inclusive.
    pub fn range(self) -> (i128, i128) {
        match self {
            Field::Tasks => (1, i128::from(MAX_UI_TASKS)),
            Field::Initial | Field::Amount => (-i128::from(MAX_UI_MONEY), i128::from(MAX_UI_MONEY)),
            Field::Delay | Field::Jitter => (0, i128::from(MAX_UI_MS)),
            Field::Seed => (0, i128::from(u64::MAX)),
        }
    }

    /// The accepted values in words, for messages and screen readers.
    pub fn range_text(self) -> &'static str {
        match self {
            Field::Tasks => "1 to 10000",
            Field::Initial | Field::Amount => "-1000000000 to 1000000000",
            Field::Delay | Field::Jitter => "0 to 60000",
            Field::Seed => "0 to 18446744073709551615",
        }
    }

    /// `raw` as a value of this field, or why not. Spaces around the number
    /// and a thousands separator ("1,000") are forgiven.
    pub fn parse(self, raw: &str) -> Result<i128, Notice> {
        let (min, max) = self.range();
        let cleaned: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '_')
            .collect();
        match whole(&cleaned) {
            Some(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(Notice::new(
                self.key(),
                format!(
                    "\"{}\" is not a whole number from {}",
                    printable(raw),
                    self.range_text()
                ),
            )),
        }
    }

    /// The current value, as the form shows it.
    pub fn text(self, settings: &Settings) -> String {
        let s = &settings.scenario;
        match self {
            Field::Tasks => s.tasks.to_string(),
            Field::Initial => s.initial.to_string(),
            Field::Amount => s.amount.to_string(),
            Field::Delay => s.delay_ms.to_string(),
            Field::Jitter => s.jitter_ms.to_string(),
            Field::Seed => s.seed.to_string(),
        }
    }

    pub fn get(self, settings: &Settings) -> i128 {
        let s = &settings.scenario;
        match self {
            Field::Tasks => i128::from(s.tasks),
            Field::Initial => i128::from(s.initial),
            Field::Amount => i128::from(s.amount),
            Field::Delay => i128::from(s.delay_ms),
            Field::Jitter => i128::from(s.jitter_ms),
            Field::Seed => i128::from(s.seed),
        }
    }

    /// Sets a value that [`Field::parse`] accepted (others are clamped into range).
    pub fn set(self, settings: &mut Settings, value: i128) {
        let (min, max) = self.range();
        let value = value.clamp(min, max);
        let s = &mut settings.scenario;
        match self {
            Field::Tasks => settings.set_tasks(value as u32),
            Field::Initial => s.initial = value as i64,
            Field::Amount => s.amount = value as i64,
            // A single delay replaces any per-task delays.
            Field::Delay => (s.delay_ms, s.delays) = (value as u64, None),
            Field::Jitter => (s.jitter_ms, s.delays) = (value as u64, None),
            Field::Seed => s.seed = value as u64,
        }
    }
}

/// A whole number, of either sign, up to the size of a u64. (Parsed by
/// hand: 128-bit parsing and formatting would cost the download kilobytes.)
fn whole(text: &str) -> Option<i128> {
    let (negative, digits) = match (text.strip_prefix('-'), text.strip_prefix('+')) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => (false, text),
    };
    if digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = i128::from(digits.parse::<u64>().ok()?);
    Some(if negative { -magnitude } else { magnitude })
}

/// A value shown back in a notice: control characters made visible, and
/// enough of it to recognise, not a whole pasted essay.
pub fn printable(text: &str) -> String {
    const KEEP: usize = 40;
    let mut out: String = text
        .chars()
        .take(KEEP)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if text.chars().nth(KEEP).is_some() {
        out.push('…');
    }
    out
}

/// A speed that lets a run of `events` play in about eight seconds.
pub fn speed_for(events: usize) -> usize {
    let wanted = (events as f64 / 8.0).max(1.0);
    SPEEDS[..INSTANT]
        .iter()
        .position(|&s| f64::from(s) >= wanted)
        .unwrap_or(INSTANT - 1)
}

impl Settings {
    pub fn from_scenario(scenario: &Scenario) -> Self {
        Self {
            scenario: scenario.clone(),
            speed: speed_for(scenario.tasks as usize * 6),
            real_timers: false,
            autorun: false,
            embed: false,
            lesson: None,
            explore: false,
            scheduler: false,
            challenge: None,
            theme: Theme::System,
            present: false,
            code: false,
            program: None,
            locks_off: false,
            watch: None,
            picks: None,
            goal: None,
            exercise: None,
        }
    }

    /// The learner is the scheduler of their own program: its run stops
    /// where they must pick (`picks` are theirs so far), not at its end.
    pub fn schedules_program(&self) -> bool {
        self.scheduler && self.lesson.is_none() && self.program.is_some()
    }

    /// Changes the task count; per-task lists no longer fit and are dropped.
    pub fn set_tasks(&mut self, tasks: u32) {
        if tasks != self.scenario.tasks {
            self.scenario.delays = None;
            self.scenario.starts = None;
        }
        self.scenario.tasks = tasks;
        self.speed = speed_for(tasks as usize * 6);
    }

    /// The lock switch (L): flips the program as its row of the strategy
    /// table says (the bug and the lock; the two lock orders).
    /// On the learner's program, it lets its locks stop tasks or not.
    pub fn toggle_lock(&mut self) {
        if self.program.is_some() {
            self.locks_off = !self.locks_off;
        } else {
            self.scenario.strategy = self.scenario.strategy.info().switch.flips_to;
        }
    }
}

#[cfg(test)]
mod tests;
