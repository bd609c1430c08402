//! The full app's link parameters: `explore=1` opens "All outcomes",
//! `order=1212` replays an order of tasks (one character per step: T1-T9
//! as 1-9, T10-T35 as a-z), `scheduler=1` makes the learner the scheduler
//! (the order is then their picks so far), and `challenge=lose-an-update`
//! opens a "you are the scheduler" level by its name (or, in links made
//! before levels had names, by its number). `theme=light|dark|system` and `present=1`
//! say how the page looks (its colours; presentation mode, for a lecture);
//! `code=1` shows the code pane in an embed, and `code=` with any other
//! value is the learner's own program (see [`crate::py::link`]);
//! `locks=off` runs that program with its locks switched off,
//! `watch=hits` shows its variable `hits` as the balance, and
//! `picks=0.2.1` replays one of its schedules (the explorer's).
//! Registered by the full app and the lab
//! ([`super::link::register_extras`]).

use super::challenge::{find, level_settings, name, LEVELS};
use super::link::{register_extras, Extras};
use super::settings::{Settings, Theme};
use crate::sim::schedule::TaskOrder;

/// What an on/off parameter accepts. No program's `code=` value is one of
/// them (a DEFLATE stream is never so short).
const FLAG_WORDS: [&str; 9] = ["", "1", "true", "on", "yes", "0", "false", "off", "no"];

fn read(settings: &mut Settings, key: &str, value: &str) -> Option<Result<(), String>> {
    Some(match key {
        "order" => value
            .parse::<TaskOrder>()
            .map(|order| settings.scenario.order = Some(order))
            .map_err(|why| why.to_string()),
        "theme" => match Theme::from_slug(&value.to_ascii_lowercase()) {
            Some(theme) => {
                settings.theme = theme;
                Ok(())
            }
            None => Err(format!(
                "\"{}\" is not a theme: light, dark or system",
                value.escape_default()
            )),
        },
        "watch" => match is_identifier(value) {
            true => {
                settings.watch = Some(std::rc::Rc::from(value));
                Ok(())
            }
            false => Err(format!(
                "\"{}\" is not a variable's name",
                super::settings::printable(value)
            )),
        },
        "goal" => super::goal::Goal::parse(value).map(|goal| settings.goal = Some(goal)),
        "exercise" => match super::exercises::Exercise::by_id(value) {
            Some(exercise) => {
                settings.exercise = Some(exercise);
                Ok(())
            }
            None => Err(format!(
                "\"{}\" is not an exercise: one of {}",
                super::settings::printable(value),
                super::exercises::EXERCISES
                    .iter()
                    .map(|e| e.id)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        "picks" => match parse_picks(value) {
            Some(picks) => {
                settings.picks = Some(picks);
                Ok(())
            }
            None => Err(format!(
                "accepted: up to {MAX_PICKS} choices, as numbers between dots (with code=)"
            )),
        },
        "locks" => match value {
            "on" | "1" | "true" | "yes" => {
                settings.locks_off = false;
                Ok(())
            }
            "off" | "0" | "false" | "no" => {
                settings.locks_off = true;
                Ok(())
            }
            _ => Err("accepted: on/off, 1/0, true/false (with code=)".to_owned()),
        },
        "explore" | "scheduler" | "present" | "code" => {
            let on = match value {
                "" | "1" | "true" | "on" | "yes" => true,
                "0" | "false" | "off" | "no" => false,
                _ => return Some(Err("accepted: 1/0, true/false, on/off".to_owned())),
            };
            match key {
                "explore" => settings.explore = on,
                "present" => settings.present = on,
                "code" => settings.code = on,
                _ => settings.scheduler = on,
            }
            Ok(())
        }
        "challenge" => match find(value) {
            Some(number) => {
                settings.challenge = Some(number);
                settings.scheduler = true;
                Ok(())
            }
            None => Err(format!(
                "\"{}\" is not a level: a level's name, such as {}, or 1 to {}",
                value.escape_default(),
                LEVELS[0].name,
                LEVELS.len()
            )),
        },
        _ => return None,
    })
}

/// A Python name, as `watch=` takes one: letters, digits and `_`, not
/// starting with a digit, and short.
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    text.len() <= 64
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The most choices a `picks=` schedule may hold.
pub const MAX_PICKS: usize = 20_000;

/// `0.2.1`: a schedule of the learner's program, the pick (an index into
/// the ready tasks) at each point where more than one was ready.
pub fn parse_picks(value: &str) -> Option<std::rc::Rc<[u32]>> {
    if value.is_empty() {
        return Some(std::rc::Rc::from(Vec::new()));
    }
    let picks: Vec<u32> = value
        .split('.')
        .map(|pick| {
            (pick.len() <= 5 && pick.bytes().all(|b| b.is_ascii_digit()))
                .then(|| pick.parse().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    (picks.len() <= MAX_PICKS).then(|| std::rc::Rc::from(picks))
}

/// A schedule as `picks=` writes it.
pub fn picks_text(picks: &[u32]) -> String {
    let parts: Vec<String> = picks.iter().map(u32::to_string).collect();
    parts.join(".")
}

/// Also called for a lesson step's link, which keeps only how the page looks.
fn write(settings: &Settings, pairs: &mut Vec<(&'static str, String)>) {
    if settings.theme != Theme::System {
        pairs.push(("theme", settings.theme.slug().to_owned()));
    }
    if settings.present {
        pairs.push(("present", "1".to_owned()));
    }
    if settings.code && settings.program.is_none() {
        pairs.push(("code", "1".to_owned()));
    }
    if settings.lesson.is_some() {
        return;
    }
    if let Some(order) = &settings.scenario.order {
        pairs.push(("order", order.to_string()));
    }
    if settings.explore {
        pairs.push(("explore", "1".to_owned()));
    }
    match settings.challenge {
        Some(number) => pairs.extend(name(number).map(|name| ("challenge", name.to_owned()))),
        None if settings.scheduler => pairs.push(("scheduler", "1".to_owned())),
        None => {}
    }
}

/// A challenge's link names its level: the level sets the program (the
/// picks, `order`, are kept).
fn finish(settings: &mut Settings) {
    // An exercise's link without `code=` opens it as given; with one, the
    // learner's edit of it (its goal and hints still the exercise's).
    if let Some(exercise) = settings.exercise {
        if settings.program.is_none() {
            settings.program = Some(super::programs::keep(exercise.program));
        }
        settings.goal = settings.goal.or(Some(exercise.goal));
        if settings.watch.is_none() {
            settings.watch = exercise.watch.map(std::rc::Rc::from);
        }
    }
    // The switch, the variable watched and a goal are the learner's
    // program's only.
    if settings.program.is_none() {
        settings.locks_off = false;
        settings.watch = None;
        settings.picks = None;
        settings.goal = None;
    }
    // A goal is checked by the explorer: it opens with it.
    if settings.goal.is_some() {
        settings.explore = true;
    }
    if let Some(mut opened) = settings
        .challenge
        .and_then(|number| level_settings(number, settings))
    {
        opened.explore = settings.explore;
        opened.scenario.order = settings.scenario.order.take();
        *settings = opened;
    }
}

/// The full app's reading of a link: also the learner's program, `code=`
/// (any value that is not a flag), decoded as [`crate::py::link`] says.
fn read_with_program(
    settings: &mut Settings,
    key: &str,
    value: &str,
) -> Option<Result<(), String>> {
    if key == "code" && !FLAG_WORDS.contains(&value) {
        return Some(
            crate::py::link::decode(value)
                .map(|program| settings.program = Some(super::programs::keep(&program)))
                .map_err(|bad| bad.0),
        );
    }
    read(settings, key, value)
}

/// The learner's program goes last: the longest value, and the least
/// readable.
fn write_with_program(settings: &Settings, pairs: &mut Vec<(&'static str, String)>) {
    write(settings, pairs);
    if let Some(program) = settings.program {
        if settings.locks_off {
            pairs.push(("locks", "off".to_owned()));
        }
        if let Some(watch) = &settings.watch {
            pairs.push(("watch", watch.to_string()));
        }
        if let Some(picks) = &settings.picks {
            pairs.push(("picks", picks_text(picks)));
        }
        if let Some(exercise) = settings.exercise {
            pairs.push(("exercise", exercise.id.to_owned()));
        }
        if let Some(goal) = &settings.goal {
            pairs.push(("goal", goal.to_link()));
        }
        pairs.push((
            "code",
            crate::py::link::encode(&super::programs::text(program)),
        ));
    }
}

static FULL_APP_LINKS: Extras = Extras {
    read: read_with_program,
    write: write_with_program,
    finish,
};

/// The lab reads runs, never a learner's program (nor carries its codec).
static LAB_LINKS: Extras = Extras {
    read,
    write,
    finish,
};

/// Lets links carry the full app's parameters.
pub fn register() {
    register_extras(&FULL_APP_LINKS);
}

/// Lets the lab read the runs it is asked for (`order=` among them).
pub fn register_for_lab() {
    register_extras(&LAB_LINKS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Strategy;

    fn read(query: &str) -> (Settings, Vec<super::super::settings::Notice>) {
        register();
        let pairs = query.split('&').filter_map(|pair| pair.split_once('='));
        Settings::from_pairs(pairs)
    }

    #[test]
    fn a_challenge_link_opens_its_level_with_the_picks_so_far() {
        // Links made before levels had names open the same level.
        assert_eq!(
            read("challenge=1&order=12"),
            read("challenge=lose-an-update&order=12")
        );
        let (settings, notices) = read("challenge=lose-an-update&order=12");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(settings.challenge, Some(1));
        assert!(settings.scheduler);
        let scenario = &settings.scenario;
        assert_eq!(
            (scenario.strategy, scenario.tasks, scenario.amount),
            (Strategy::Unsafe, 2, 100)
        );
        assert_eq!(
            scenario.order.as_ref().map(ToString::to_string).as_deref(),
            Some("12")
        );
        // The link written back opens the same level at the same step.
        let pairs = settings.to_pairs();
        assert!(pairs.contains(&("challenge", "lose-an-update".to_owned())));
        assert!(pairs.contains(&("order", "12".to_owned())));
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(read(&query.join("&")).0, settings);
    }

    #[test]
    fn theme_and_presentation_mode_travel_in_the_link_and_bad_values_are_refused() {
        let (settings, notices) = read("tasks=5&theme=dark&present=1");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!((settings.theme, settings.present), (Theme::Dark, true));
        let pairs = settings.to_pairs();
        assert!(pairs.contains(&("theme", "dark".to_owned())));
        assert!(pairs.contains(&("present", "1".to_owned())));
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(read(&query.join("&")).0, settings);
        // Following the system and no presentation mode are the defaults: not written.
        let (plain, _) = read("tasks=5&theme=system&present=0");
        assert_eq!((plain.theme, plain.present), (Theme::System, false));
        assert!(!plain
            .to_pairs()
            .iter()
            .any(|(k, _)| *k == "theme" || *k == "present"));
        // A lesson step's link keeps how the page looks, and nothing of the run.
        let (lesson, notices) = read("lesson=3&theme=light&present=1");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(
            lesson.to_pairs(),
            vec![
                ("lesson", "3".to_owned()),
                ("theme", "light".to_owned()),
                ("present", "1".to_owned())
            ]
        );
        for (bad, key) in [("theme=sepia", "theme"), ("present=maybe", "present")] {
            let (settings, notices) = read(bad);
            assert_eq!(
                (settings.theme, settings.present),
                (Theme::System, false),
                "{bad}"
            );
            assert_eq!(notices.len(), 1, "{bad}");
            assert_eq!(notices[0].parameter, key, "{bad}");
            assert!(notices[0].message.ends_with("ignored"), "{notices:?}");
        }
        assert!(read("theme=sepia").1[0]
            .message
            .contains("light, dark or system"));
    }

    #[test]
    fn a_free_scheduler_link_keeps_its_program_and_bad_levels_are_refused() {
        let (settings, _) = read("scheduler=1&strategy=lock&tasks=3&order=1");
        assert!(settings.scheduler && settings.challenge.is_none());
        assert_eq!(settings.scenario.strategy, Strategy::Lock);
        for bad in [
            "challenge=0",
            "challenge=99",
            "challenge=x",
            "challenge=lose-it",
        ] {
            let (settings, notices) = read(bad);
            assert_eq!(settings.challenge, None, "{bad}");
            assert!(!settings.scheduler, "{bad}");
            assert_eq!(notices.len(), 1, "{bad}");
            assert!(notices[0].message.contains("is not a level"), "{bad}");
        }
    }

    #[test]
    fn a_program_travels_in_the_link_and_code_1_stays_a_flag() {
        let program = "import asyncio\n# ünïcode and 'quotes' & = ?\nbalance = 0\n";
        let query = format!("tasks=3&code={}", crate::py::link::encode(program));
        let (settings, notices) = read(&query);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(
            settings
                .program
                .map(super::super::programs::text)
                .as_deref(),
            Some(program)
        );
        assert!(!settings.code);
        // Written back last, it reads back the same.
        let pairs = settings.to_pairs();
        assert_eq!(pairs.last().map(|(key, _)| *key), Some("code"));
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(read(&query.join("&")).0, settings);
        // The flag keeps its meaning.
        let (settings, notices) = read("code=1");
        assert!(notices.is_empty(), "{notices:?}");
        assert!(settings.code);
        assert_eq!(settings.program, None);
    }

    #[test]
    fn the_lock_switch_on_a_program_travels_in_the_link() {
        let program = "import asyncio\nlock = asyncio.Lock()\n";
        let code = crate::py::link::encode(program);
        let (settings, notices) = read(&format!("code={code}&locks=off"));
        assert!(notices.is_empty(), "{notices:?}");
        assert!(settings.locks_off);
        let pairs = settings.to_pairs();
        assert!(pairs.contains(&("locks", "off".to_owned())), "{pairs:?}");
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(read(&query.join("&")).0, settings);
        // On is the default, and is not written.
        let (settings, _) = read(&format!("locks=on&code={code}"));
        assert!(!settings.locks_off);
        assert!(!settings.to_pairs().iter().any(|(key, _)| *key == "locks"));
        // Without a program there is nothing to switch.
        let (settings, _) = read("locks=off");
        assert!(!settings.locks_off);
        let (settings, notices) = read(&format!("code={code}&locks=maybe"));
        assert!(!settings.locks_off);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].message.contains("on/off"), "{notices:?}");
    }

    #[test]
    fn a_schedule_of_the_learners_program_travels_in_the_link() {
        let code = crate::py::link::encode("x = 0\n");
        let (settings, notices) = read(&format!("code={code}&picks=0.2.10"));
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(settings.picks.as_deref(), Some(&[0, 2, 10][..]));
        let pairs = settings.to_pairs();
        assert!(pairs.contains(&("picks", "0.2.10".to_owned())), "{pairs:?}");
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(read(&query.join("&")).0, settings);
        // Only with a program; only numbers between dots, and not too many.
        assert_eq!(read("picks=0.1").0.picks, None);
        let too_many = vec!["0"; MAX_PICKS + 1].join(".");
        for bad in ["1..2", "a", "1.-2", "123456", too_many.as_str()] {
            let (settings, notices) = read(&format!("code={code}&picks={bad}"));
            assert_eq!(settings.picks, None, "{bad}");
            assert_eq!(notices.len(), 1, "{bad}: {notices:?}");
        }
    }

    #[test]
    fn a_goal_and_an_exercise_travel_in_the_link() {
        use crate::view::exercises::EXERCISES;
        use crate::view::goal::Goal;
        let code = crate::py::link::encode("import asyncio\nbalance = 0\n");
        // A teacher's exercise: a program and a goal; the explorer opens.
        let (settings, notices) = read(&format!("goal=balance:3&code={code}"));
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(settings.goal, Goal::parse("balance:3").ok());
        assert!(settings.explore);
        let pairs = settings.to_pairs();
        assert!(
            pairs.contains(&("goal", "balance:3".to_owned())),
            "{pairs:?}"
        );
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(read(&query.join("&")).0, settings);
        // One of ours, by name: its program, goal and variable.
        let (opened, notices) = read("exercise=too-narrow");
        assert!(notices.is_empty(), "{notices:?}");
        let exercise = &EXERCISES[2];
        assert_eq!(opened.exercise, Some(exercise));
        assert_eq!(opened.goal, Some(exercise.goal));
        assert_eq!(opened.watch.as_deref(), exercise.watch);
        assert_eq!(
            opened.program.map(crate::view::programs::text).as_deref(),
            Some(exercise.program)
        );
        // A goal without a program means nothing; a bad one says why.
        let (alone, notices) = read("goal=correct");
        assert_eq!((alone.goal, notices.len()), (None, 0));
        for bad in ["balance:x", "fast", "correct,awaits:2"] {
            let (settings, notices) = read(&format!("goal={bad}&code={code}"));
            assert_eq!(settings.goal, None, "{bad}");
            assert_eq!(notices.len(), 1, "{bad}");
        }
        let (settings, notices) = read("exercise=nope");
        assert_eq!((settings.program, notices.len()), (None, 1));
    }

    #[test]
    fn the_variable_watched_travels_in_the_link() {
        let code = crate::py::link::encode("hits = 0\n");
        let (settings, notices) = read(&format!("watch=hits&code={code}"));
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(settings.watch.as_deref(), Some("hits"));
        let pairs = settings.to_pairs();
        assert!(pairs.contains(&("watch", "hits".to_owned())), "{pairs:?}");
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(read(&query.join("&")).0, settings);
        // Only with a program; only a name.
        assert_eq!(read("watch=hits").0.watch, None);
        for bad in ["1st", "a-b", "", "x y"] {
            let (settings, notices) = read(&format!("code={code}&watch={bad}"));
            assert_eq!(settings.watch, None, "{bad}");
            assert_eq!(notices.len(), 1, "{bad}: {notices:?}");
            assert!(
                notices[0].message.contains("not a variable's name"),
                "{notices:?}"
            );
        }
    }

    #[test]
    fn a_program_link_that_cannot_be_read_says_why_and_keeps_the_playground() {
        for (bad, why) in [
            ("code=@@@", "not base64url"),
            ("code=AAAA", "not DEFLATE"),
            (&*format!("code={}", "A".repeat(20_000)), "too long"),
        ] {
            let (settings, notices) = read(bad);
            assert_eq!(settings.program, None, "{bad}");
            assert_eq!(notices.len(), 1, "{bad}");
            assert!(
                notices[0].message.contains(why),
                "{bad}: {}",
                notices[0].message
            );
        }
    }
}
