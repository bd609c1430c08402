//! What the learner chose, and how it travels in a link.
//!
//! Parsing takes `(key, value)` pairs (the browser's `URLSearchParams`
//! supplies them) and never fails: a bad value falls back to the default and
//! leaves a [`Notice`] naming the parameter and what it accepts.

use crate::sim::{Scenario, Strategy};

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
    fn new(parameter: &str, message: impl Into<String>) -> Self {
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

/// The parameters that a lesson step sets itself: what runs...
/// and how it plays.
const SCENARIO_KEYS: [&str; 13] = [
    "tasks", "strategy", "lock", "initial", "amount", "delay", "jitter", "seed", "delays",
    "starts", "speed", "autorun", "real",
];

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
        }
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

    /// The lock on/off switch: the bug and Solution 1 are its two positions.
    pub fn toggle_lock(&mut self) {
        self.scenario.strategy = if self.scenario.strategy == Strategy::Lock {
            Strategy::Unsafe
        } else {
            Strategy::Lock
        };
    }

    /// Reads settings from link parameters. Unknown keys are reported too,
    /// so a typo in a course's link does not silently do nothing.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<Notice>) {
        let mut settings = Settings::default();
        let mut notices = Vec::new();
        let mut speed_given = false;
        let mut tasks_given = false;
        let mut strategy_given = false;
        let mut lock: Option<bool> = None;
        let mut scenario_keys: Vec<&str> = Vec::new();
        let mut lists: Vec<(&'a str, &'a str)> = Vec::new();
        for (key, raw) in pairs {
            let value = raw.trim();
            if SCENARIO_KEYS.contains(&key) {
                scenario_keys.push(key);
            }
            match key {
                "tasks" => {
                    if let Some(n) = number(&mut notices, key, value, 1, u64::from(MAX_UI_TASKS)) {
                        settings.scenario.tasks = n as u32;
                        tasks_given = true;
                    }
                }
                "strategy" => match value.parse::<Strategy>() {
                    Ok(strategy) => {
                        settings.scenario.strategy = strategy;
                        strategy_given = true;
                    }
                    Err(error) => {
                        // Still "given": a `lock` shorthand must not override the notice.
                        strategy_given = true;
                        notices.push(Notice::new(key, format!("{error}; using unsafe")));
                    }
                },
                "lock" => match flag(value) {
                    Some(on) => lock = Some(on),
                    None => notices.push(Notice::new(key, "accepted: on/off, 1/0, true/false")),
                },
                "delay" => {
                    if let Some(n) = number(&mut notices, key, value, 0, MAX_UI_MS) {
                        settings.scenario.delay_ms = n;
                    }
                }
                "jitter" => {
                    if let Some(n) = number(&mut notices, key, value, 0, MAX_UI_MS) {
                        settings.scenario.jitter_ms = n;
                    }
                }
                "seed" => {
                    if let Some(n) = number(&mut notices, key, value, 0, u64::MAX) {
                        settings.scenario.seed = n;
                    }
                }
                "initial" => {
                    if let Some(n) = money(&mut notices, key, value) {
                        settings.scenario.initial = n;
                    }
                }
                "amount" => {
                    if let Some(n) = money(&mut notices, key, value) {
                        settings.scenario.amount = n;
                    }
                }
                "speed" => {
                    if let Some(n) = number(&mut notices, key, value, 1, SPEEDS.len() as u64) {
                        settings.speed = n as usize - 1;
                        speed_given = true;
                    }
                }
                "delays" | "starts" => lists.push((key, value)),
                "autorun" | "embed" | "real" => match flag(value) {
                    Some(on) => match key {
                        "autorun" => settings.autorun = on,
                        "embed" => settings.embed = on,
                        _ => settings.real_timers = on,
                    },
                    None => notices.push(Notice::new(key, "accepted: 1/0, true/false, on/off")),
                },
                "lesson" => {
                    if let Some(n) = number(&mut notices, key, value, 1, 99) {
                        settings.lesson = Some(n as u32);
                    }
                }
                _ => notices.push(Notice::new(key, "unknown parameter, ignored")),
            }
        }
        // Lists are checked against the final task count, whatever the key order.
        for (key, value) in lists {
            if let Some(list) = ms_list(&mut notices, key, value, settings.scenario.tasks) {
                if key == "delays" {
                    settings.scenario.delays = Some(list);
                } else {
                    settings.scenario.starts = Some(list);
                }
            }
        }
        // `lock` is shorthand for a strategy; an explicit strategy wins.
        match (lock, strategy_given) {
            (Some(_), true) => notices.push(Notice::new("lock", "ignored: strategy is given too")),
            (Some(on), false) => {
                settings.scenario.strategy = if on { Strategy::Lock } else { Strategy::Unsafe };
            }
            (None, _) => {}
        }
        if settings.lesson.is_some() && !scenario_keys.is_empty() {
            notices.push(Notice::new(
                "lesson",
                format!(
                    "a lesson step sets up its own run, so {} {} ignored",
                    scenario_keys.join(", "),
                    if scenario_keys.len() == 1 {
                        "was"
                    } else {
                        "were"
                    }
                ),
            ));
        }
        if tasks_given && !speed_given {
            settings.speed = speed_for(settings.scenario.tasks as usize * 6);
        }
        (settings, notices)
    }

    /// The link parameters that reproduce these settings (defaults omitted).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        if let Some(step) = self.lesson {
            // A lesson step sets up its own run: the step is the whole link.
            let mut pairs = vec![("lesson", step.to_string())];
            if self.embed {
                pairs.push(("embed", "1".to_owned()));
            }
            return pairs;
        }
        let base = Settings::default();
        let mut pairs = vec![
            ("strategy", self.scenario.strategy.slug().to_owned()),
            ("tasks", self.scenario.tasks.to_string()),
        ];
        let join = |list: &[u64]| {
            list.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        let optional: [(&'static str, bool, String); 9] = [
            (
                "initial",
                self.scenario.initial != base.scenario.initial,
                self.scenario.initial.to_string(),
            ),
            (
                "amount",
                self.scenario.amount != base.scenario.amount,
                self.scenario.amount.to_string(),
            ),
            (
                "delay",
                self.scenario.delay_ms != base.scenario.delay_ms,
                self.scenario.delay_ms.to_string(),
            ),
            (
                "jitter",
                self.scenario.jitter_ms != 0,
                self.scenario.jitter_ms.to_string(),
            ),
            (
                "seed",
                self.scenario.jitter_ms != 0 || self.scenario.seed != base.scenario.seed,
                self.scenario.seed.to_string(),
            ),
            (
                "delays",
                self.scenario.delays.is_some(),
                self.scenario
                    .delays
                    .as_deref()
                    .map(join)
                    .unwrap_or_default(),
            ),
            (
                "starts",
                self.scenario.starts.is_some(),
                self.scenario
                    .starts
                    .as_deref()
                    .map(join)
                    .unwrap_or_default(),
            ),
            ("speed", true, (self.speed + 1).to_string()),
            ("real", self.real_timers, "1".to_owned()),
        ];
        pairs.extend(
            optional
                .into_iter()
                .filter(|(_, include, _)| *include)
                .map(|(key, _, value)| (key, value)),
        );
        if self.autorun {
            pairs.push(("autorun", "1".to_owned()));
        }
        if self.embed {
            pairs.push(("embed", "1".to_owned()));
        }
        pairs
    }
}

fn flag(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn number(notices: &mut Vec<Notice>, key: &str, value: &str, min: u64, max: u64) -> Option<u64> {
    match value.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            notices.push(Notice::new(
                key,
                format!("\"{value}\" is not a whole number from {min} to {max}; using the default"),
            ));
            None
        }
    }
}

fn money(notices: &mut Vec<Notice>, key: &str, value: &str) -> Option<i64> {
    match value.parse::<i64>() {
        Ok(n) if n.unsigned_abs() <= MAX_UI_MONEY.unsigned_abs() => Some(n),
        _ => {
            notices.push(Notice::new(
                key,
                format!(
                    "\"{value}\" is not a whole number from -{MAX_UI_MONEY} to {MAX_UI_MONEY}; using the default"
                ),
            ));
            None
        }
    }
}

fn ms_list(notices: &mut Vec<Notice>, key: &str, value: &str, tasks: u32) -> Option<Vec<u64>> {
    let parsed: Result<Vec<u64>, _> = value.split(',').map(|v| v.trim().parse::<u64>()).collect();
    match parsed {
        Ok(list) if list.len() != tasks as usize => {
            notices.push(Notice::new(
                key,
                format!(
                    "has {} values but there are {tasks} tasks (one value per task, comma-separated); ignored",
                    list.len()
                ),
            ));
            None
        }
        Ok(list) if list.iter().any(|&ms| ms > MAX_UI_MS) => {
            notices.push(Notice::new(
                key,
                format!("each value must be 0 to {MAX_UI_MS} ms; ignored"),
            ));
            None
        }
        Ok(list) => Some(list),
        Err(_) => {
            notices.push(Notice::new(
                key,
                "expected whole milliseconds separated by commas, e.g. 100,50,75; ignored",
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &[(&str, &str)]) -> (Settings, Vec<Notice>) {
        Settings::from_pairs(query.iter().copied())
    }

    #[test]
    fn no_parameters_is_the_article() {
        let (settings, notices) = parse(&[]);
        assert!(notices.is_empty());
        assert_eq!(settings.scenario.clone(), Scenario::article());
    }

    #[test]
    fn settings_survive_a_round_trip_through_pairs() {
        let mut settings = Settings {
            scenario: Scenario {
                strategy: Strategy::LockTooLate,
                initial: 50,
                amount: 7,
                jitter_ms: 20,
                seed: 99,
                ..Scenario::article()
            },
            autorun: true,
            embed: true,
            real_timers: true,
            ..Settings::default()
        };
        settings.set_tasks(3);
        settings.scenario.delays = Some(vec![5, 0, 9]);
        settings.scenario.starts = Some(vec![0, 10, 0]);
        let pairs = settings.to_pairs();
        let (back, notices) = Settings::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(back, settings);
    }

    #[test]
    fn bad_values_fall_back_and_name_the_parameter() {
        let (settings, notices) = parse(&[
            ("tasks", "1000000000000"),
            ("delay", "soon"),
            ("strategy", "mutex"),
            ("amount", "-99999999999999999999"),
            ("starts", "1,2"),
            ("colour", "red"),
            ("speed", "0"),
        ]);
        let named: Vec<&str> = notices.iter().map(|n| n.parameter.as_str()).collect();
        assert_eq!(
            named,
            vec!["tasks", "delay", "strategy", "amount", "colour", "speed", "starts"]
        );
        assert!(notices[0].message.contains("1 to 10000"), "{}", notices[0]);
        assert_eq!(settings.scenario.tasks, 1000);
        assert_eq!(settings.scenario.strategy, Strategy::Unsafe);
        assert_eq!(settings.scenario.starts, None);
        assert!(settings.scenario.clone().validate().is_ok());
    }

    #[test]
    fn negative_counts_and_empty_values_are_refused() {
        let (settings, notices) = parse(&[("tasks", "-5"), ("seed", ""), ("delays", "")]);
        assert_eq!(notices.len(), 3);
        assert_eq!(settings.scenario.tasks, 1000);
    }

    #[test]
    fn list_length_is_checked_against_tasks_given_later() {
        let (settings, notices) = parse(&[("delays", "10,20"), ("tasks", "2")]);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(settings.scenario.delays, Some(vec![10, 20]));
    }

    #[test]
    fn an_unknown_strategy_falls_back_to_unsafe_even_with_the_lock_shorthand() {
        let (settings, notices) = parse(&[("strategy", "bogus"), ("lock", "1")]);
        assert_eq!(settings.scenario.strategy, Strategy::Unsafe);
        assert!(notices[0].message.contains("using unsafe"));
    }

    #[test]
    fn lock_shorthand_yields_to_an_explicit_strategy_in_any_order() {
        for query in [
            [("lock", "1"), ("strategy", "restructure")],
            [("strategy", "restructure"), ("lock", "1")],
        ] {
            let (settings, notices) = parse(&query);
            assert_eq!(settings.scenario.strategy, Strategy::Restructure);
            assert_eq!(notices[0].parameter, "lock");
        }
        let (settings, notices) = parse(&[("lock", "on")]);
        assert_eq!(settings.scenario.strategy, Strategy::Lock);
        assert!(notices.is_empty());
    }

    #[test]
    fn a_lesson_link_is_just_the_step() {
        let settings = Settings {
            lesson: Some(4),
            embed: true,
            ..Settings::default()
        };
        let pairs = settings.to_pairs();
        assert_eq!(
            pairs,
            vec![("lesson", "4".to_owned()), ("embed", "1".to_owned())]
        );
        let (back, notices) = Settings::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert!(notices.is_empty());
        assert_eq!((back.lesson, back.embed), (Some(4), true));
    }

    #[test]
    fn a_lesson_link_says_which_parameters_it_overrides() {
        let (_, notices) = parse(&[
            ("lesson", "3"),
            ("tasks", "7"),
            ("delay", "5"),
            ("speed", "2"),
        ]);
        assert_eq!(notices.len(), 1);
        assert!(
            notices[0]
                .message
                .contains("tasks, delay, speed were ignored"),
            "{}",
            notices[0]
        );
    }

    #[test]
    fn lock_toggle_flips_between_the_bug_and_the_lock() {
        let mut settings = Settings::default();
        settings.toggle_lock();
        assert_eq!(settings.scenario.strategy, Strategy::Lock);
        settings.toggle_lock();
        assert_eq!(settings.scenario.strategy, Strategy::Unsafe);
        settings.scenario.strategy = Strategy::Restructure;
        settings.toggle_lock();
        assert_eq!(settings.scenario.strategy, Strategy::Lock);
    }

    #[test]
    fn speed_for_makes_small_runs_slow_and_big_runs_fast() {
        assert!(SPEEDS[speed_for(30)] <= 4);
        assert!(SPEEDS[speed_for(6000)] >= 500);
        assert!(speed_for(usize::MAX) < INSTANT);
    }
}
