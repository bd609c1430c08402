//! Settings in a link: `?strategy=lock&tasks=5&amount=100&autorun=1`.
//!
//! Reading never fails. A value that cannot be used leaves the default in
//! place and a [`Notice`] that names the parameter and what it accepts.

use std::cell::Cell;

use super::settings::{printable, speed_for, Field, Notice, Settings, MAX_UI_MS, SPEEDS};
use crate::sim::Strategy;

/// Link parameters that only the full app and the lab read: the schedule
/// explorer's (`order`, `explore`). They are registered at start-up
/// ([`register_extras`]) rather than called from here, so that their code
/// stays out of the playground's first load; the playground never sees
/// such a link (`static/boot.js` starts the full app for it).
pub struct Extras {
    /// `Some` when `key` is one of them: whether `value` was used.
    pub read: fn(&mut Settings, &str, &str) -> Option<Result<(), String>>,
    /// Adds the pairs that reproduce them (for a lesson step's link too,
    /// whose run the step sets).
    pub write: fn(&Settings, &mut Vec<(&'static str, String)>),
    /// Settles them once every pair is read (a challenge sets its program).
    pub finish: fn(&mut Settings),
}

thread_local! {
    static EXTRAS: Cell<Option<&'static Extras>> = const { Cell::new(None) };
}

pub fn register_extras(extras: &'static Extras) {
    EXTRAS.with(|slot| slot.set(Some(extras)));
}

impl Settings {
    /// Reads settings from link parameters. Unknown keys are reported too,
    /// so a typo in a course's link does not silently do nothing.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<Notice>) {
        let mut link = LinkReader::default();
        for (key, value) in pairs {
            link.read(key, value);
        }
        link.finish()
    }

    /// The link parameters that reproduce these settings (defaults omitted).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        pairs(self)
    }

    /// The pairs that say what runs, in full: what the page asks the lab
    /// to run. A lesson's link names only its step; this names the step's
    /// own program.
    pub fn run_pairs(&self) -> Vec<(&'static str, String)> {
        let program = Settings {
            lesson: None,
            ..self.clone()
        };
        pairs(&program)
    }
}

/// The highest lesson step a link may name (the lesson clamps to its own length).
const MAX_LESSON_IN_LINK: u64 = 99;

/// The parameters that a lesson step sets itself: what runs, and how it plays.
const SCENARIO_KEYS: [&str; 13] = [
    "tasks", "strategy", "lock", "initial", "amount", "delay", "jitter", "seed", "delays",
    "starts", "speed", "autorun", "real",
];

/// The parameters that say what program runs. A link with none of them
/// opens on the article's bank example; with any, the rest default to the
/// article's 1000-task program (so every link made before keeps its run).
const PROGRAM_KEYS: [&str; 10] = [
    "tasks", "strategy", "lock", "initial", "amount", "delay", "jitter", "seed", "delays", "starts",
];

/// Reads a link's parameters one at a time, then settles how they combine.
#[derive(Default)]
struct LinkReader {
    settings: Settings,
    notices: Vec<Notice>,
    tasks_given: bool,
    speed_given: bool,
    strategy_given: bool,
    lock: Option<bool>,
    /// Scenario keys given alongside a lesson step (which overrides them).
    scenario_keys: Vec<String>,
    /// Per-task lists wait until the task count is known.
    lists: Vec<(&'static str, String)>,
}

impl LinkReader {
    pub fn read(&mut self, key: &str, raw: &str) {
        let value = raw.trim();
        if SCENARIO_KEYS.contains(&key) && !self.scenario_keys.iter().any(|k| k == key) {
            self.scenario_keys.push(key.to_owned());
        }
        if let Some(field) = Field::ALL.into_iter().find(|f| f.key() == key) {
            match field.parse(value) {
                Ok(n) => {
                    field.set(&mut self.settings, n);
                    self.tasks_given |= field == Field::Tasks;
                }
                Err(notice) => self.refuse(notice, "using the default"),
            }
            return;
        }
        match key {
            "strategy" => {
                // Given, even when unknown: a `lock` shorthand must not hide the notice.
                self.strategy_given = true;
                match value.parse::<Strategy>() {
                    Ok(strategy) => self.settings.scenario.strategy = strategy,
                    Err(error) => self
                        .notices
                        .push(Notice::new(key, format!("{error}; using unsafe"))),
                }
            }
            "lock" => match flag(raw) {
                Some(on) => self.lock = Some(on),
                None => self
                    .notices
                    .push(Notice::new(key, "accepted: on/off, 1/0, true/false")),
            },
            "speed" => match whole(value, 1, SPEEDS.len() as u64) {
                Some(n) => {
                    self.settings.speed = n as usize - 1;
                    self.speed_given = true;
                }
                None => self.out_of_range(key, raw, 1, SPEEDS.len() as u64),
            },
            "lesson" => match whole(value, 1, MAX_LESSON_IN_LINK) {
                Some(n) => self.settings.lesson = Some(n as u32),
                None => self.out_of_range(key, raw, 1, MAX_LESSON_IN_LINK),
            },
            "delays" => self.lists.push(("delays", value.to_owned())),
            "starts" => self.lists.push(("starts", value.to_owned())),
            "autorun" | "embed" | "real" => match flag(raw) {
                Some(on) => match key {
                    "autorun" => self.settings.autorun = on,
                    "embed" => self.settings.embed = on,
                    _ => self.settings.real_timers = on,
                },
                None => self
                    .notices
                    .push(Notice::new(key, "accepted: 1/0, true/false, on/off")),
            },
            _ => match EXTRAS
                .with(Cell::get)
                .map(|extras| (extras.read)(&mut self.settings, key, value))
            {
                Some(Some(Ok(()))) => {}
                Some(Some(Err(why))) => self.refuse(Notice::new(key, why), "ignored"),
                _ => self
                    .notices
                    .push(Notice::new(&printable(key), "unknown parameter, ignored")),
            },
        }
    }

    fn refuse(&mut self, mut notice: Notice, fallback: &str) {
        notice.message = format!("{}; {fallback}", notice.message);
        self.notices.push(notice);
    }

    fn out_of_range(&mut self, key: &str, raw: &str, min: u64, max: u64) {
        let message = format!(
            "\"{}\" is not a whole number from {min} to {max}",
            printable(raw)
        );
        self.refuse(Notice::new(key, message), "using the default");
    }

    /// How the parameters combine: lists against the final task count, the
    /// lock shorthand against an explicit strategy, a lesson against the rest.
    pub fn finish(mut self) -> (Settings, Vec<Notice>) {
        let names_program = self
            .scenario_keys
            .iter()
            .any(|key| PROGRAM_KEYS.contains(&key.as_str()));
        if !names_program && self.settings.lesson.is_none() {
            // The first view: the bank's five tasks, each read and write in sight.
            let bank = Settings::from_scenario(&crate::sim::Scenario::bank());
            // An order of tasks (an extra's) stays: it is not a program.
            let order = self.settings.scenario.order.take();
            self.settings.scenario = crate::sim::Scenario {
                order,
                ..bank.scenario
            };
            if !self.speed_given {
                self.settings.speed = bank.speed;
            }
        }
        for (key, value) in std::mem::take(&mut self.lists) {
            match ms_list(&value, self.settings.scenario.tasks) {
                Ok(list) if key == "delays" => self.settings.scenario.delays = Some(list),
                Ok(list) => self.settings.scenario.starts = Some(list),
                Err(why) => self.notices.push(Notice::new(key, why)),
            }
        }
        match (self.lock, self.strategy_given) {
            (Some(_), true) => self
                .notices
                .push(Notice::new("lock", "ignored: strategy is given too")),
            (Some(on), false) => {
                self.settings.scenario.strategy =
                    if on { Strategy::Lock } else { Strategy::Unsafe };
            }
            (None, _) => {}
        }
        if self.settings.lesson.is_some() && !self.scenario_keys.is_empty() {
            let were = if self.scenario_keys.len() == 1 {
                "was"
            } else {
                "were"
            };
            self.notices.push(Notice::new(
                "lesson",
                format!(
                    "a lesson step sets up its own run, so {} {were} ignored",
                    self.scenario_keys.join(", ")
                ),
            ));
        }
        if self.tasks_given && !self.speed_given {
            self.settings.speed = speed_for(self.settings.scenario.tasks as usize * 6);
        }
        if let Some(extras) = EXTRAS.with(Cell::get) {
            (extras.finish)(&mut self.settings);
        }
        (self.settings, self.notices)
    }
}

fn whole(value: &str, min: u64, max: u64) -> Option<u64> {
    value
        .parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
}

/// A switch's value. A key given with no value at all (`?embed`) is on; a
/// value of only spaces or line breaks is not "no value", and is refused.
fn flag(raw: &str) -> Option<bool> {
    if raw.is_empty() {
        return Some(true);
    }
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn ms_list(value: &str, tasks: u32) -> Result<Vec<u64>, String> {
    let parsed: Result<Vec<u64>, _> = value.split(',').map(|v| v.trim().parse::<u64>()).collect();
    let list = parsed.map_err(|_| {
        "expected whole milliseconds separated by commas, e.g. 100,50,75; ignored".to_owned()
    })?;
    if list.len() != tasks as usize {
        return Err(format!(
            "has {} values but there are {tasks} tasks (one value per task, comma-separated); ignored",
            list.len()
        ));
    }
    if list.iter().any(|&ms| ms > MAX_UI_MS) {
        return Err(format!("each value must be 0 to {MAX_UI_MS} ms; ignored"));
    }
    Ok(list)
}

fn write_extras(settings: &Settings, pairs: &mut Vec<(&'static str, String)>) {
    if let Some(extras) = EXTRAS.with(Cell::get) {
        (extras.write)(settings, pairs);
    }
}

/// The link parameters that reproduce `settings` (defaults omitted).
fn pairs(settings: &Settings) -> Vec<(&'static str, String)> {
    if let Some(step) = settings.lesson {
        // A lesson step sets up its own run: the step is the whole link.
        let mut pairs = vec![("lesson", step.to_string())];
        write_extras(settings, &mut pairs);
        if settings.embed {
            pairs.push(("embed", "1".to_owned()));
        }
        return pairs;
    }
    let base = Settings::default();
    let scenario = &settings.scenario;
    let join = |list: &[u64]| {
        list.iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut pairs = vec![
        ("strategy", scenario.strategy.slug().to_owned()),
        ("tasks", scenario.tasks.to_string()),
    ];
    let optional: [(&'static str, bool, String); 9] = [
        (
            "initial",
            scenario.initial != base.scenario.initial,
            scenario.initial.to_string(),
        ),
        (
            "amount",
            scenario.amount != base.scenario.amount,
            scenario.amount.to_string(),
        ),
        (
            "delay",
            scenario.delay_ms != base.scenario.delay_ms,
            scenario.delay_ms.to_string(),
        ),
        (
            "jitter",
            scenario.jitter_ms != 0,
            scenario.jitter_ms.to_string(),
        ),
        (
            "seed",
            scenario.jitter_ms != 0 || scenario.seed != base.scenario.seed,
            scenario.seed.to_string(),
        ),
        (
            "delays",
            scenario.delays.is_some(),
            scenario.delays.as_deref().map(join).unwrap_or_default(),
        ),
        (
            "starts",
            scenario.starts.is_some(),
            scenario.starts.as_deref().map(join).unwrap_or_default(),
        ),
        ("speed", true, (settings.speed + 1).to_string()),
        ("real", settings.real_timers, "1".to_owned()),
    ];
    pairs.extend(
        optional
            .into_iter()
            .filter(|(_, include, _)| *include)
            .map(|(key, _, value)| (key, value)),
    );
    write_extras(settings, &mut pairs);
    if settings.autorun {
        pairs.push(("autorun", "1".to_owned()));
    }
    if settings.embed {
        pairs.push(("embed", "1".to_owned()));
    }
    pairs
}
