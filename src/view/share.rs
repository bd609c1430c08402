//! What "Copy link" and "Copy embed code" reproduce: the thing on screen
//! the learner chooses (the playground, with its code pane, a lesson step,
//! a challenge level, All outcomes), playing on open or not.

use super::challenge::{level, level_settings};
use super::settings::Settings;

/// What an embed (or a link) shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The program, compact.
    Playground,
    /// The program, with its code pane open under the tasks.
    Code,
    /// This guided-lesson step.
    Lesson(u32),
    /// This "you are the scheduler" level, from its start.
    Challenge(u32),
    /// The program with All outcomes, the schedule explorer.
    Explorer,
}

impl Shown {
    /// What `settings` have on screen that can be shared, the most
    /// particular first (the one offered at first).
    pub fn offers(settings: &Settings) -> Vec<Shown> {
        let mut offers = Vec::new();
        if let Some(step) = settings.lesson {
            offers.push(Shown::Lesson(step));
        }
        if let Some(number) = settings.challenge {
            offers.push(Shown::Challenge(number));
        }
        if settings.explore && settings.lesson.is_none() {
            offers.push(Shown::Explorer);
        }
        offers.extend([Shown::Playground, Shown::Code]);
        offers
    }

    /// Its name in the chooser.
    pub fn label(self) -> String {
        match self {
            Shown::Playground => "The playground".to_owned(),
            Shown::Code => "The playground and its code".to_owned(),
            Shown::Lesson(step) => format!("This lesson step ({step})"),
            Shown::Challenge(number) => format!("This challenge (level {number})"),
            Shown::Explorer => "All outcomes".to_owned(),
        }
    }

    /// Whether it can start playing on open (a lesson step asks for a
    /// prediction first; in a challenge the learner is the scheduler).
    pub fn plays(self) -> bool {
        !matches!(self, Shown::Lesson(_) | Shown::Challenge(_))
    }

    /// The settings that show it, from those on screen. `embed`: for an
    /// iframe (compact, and never in presentation mode).
    pub fn settings(self, on_screen: &Settings, autorun: bool, embed: bool) -> Settings {
        let program = Settings {
            autorun: autorun && self.plays(),
            embed,
            present: on_screen.present && !embed,
            lesson: None,
            explore: false,
            scheduler: false,
            challenge: None,
            code: false,
            ..on_screen.clone()
        };
        // The learner's picks as the scheduler are no replay to share.
        let program = if on_screen.scheduler {
            Settings {
                scenario: crate::sim::Scenario {
                    order: None,
                    ..program.scenario
                },
                ..program
            }
        } else {
            program
        };
        match self {
            Shown::Playground => program,
            Shown::Code => Settings {
                code: true,
                ..program
            },
            Shown::Lesson(step) => Settings {
                lesson: Some(step),
                ..program
            },
            Shown::Challenge(number) => {
                let opened = level_settings(number, &program).unwrap_or(program);
                Settings {
                    autorun: false,
                    ..opened
                }
            }
            Shown::Explorer => Settings {
                explore: true,
                ..program
            },
        }
    }

    /// The iframe's title: what a screen reader names the frame.
    pub fn title(self, on_screen: &Settings) -> String {
        let program = format!(
            "{}, {} tasks",
            on_screen.scenario.strategy.title(),
            on_screen.scenario.tasks
        );
        match self {
            Shown::Playground => format!("Racecourse: {program}"),
            Shown::Code => format!("Racecourse: {program}, with its code"),
            Shown::Lesson(step) => format!("Racecourse: the guided lesson, step {step}"),
            Shown::Challenge(number) => match level(number) {
                Some(level) => format!("Racecourse: challenge {number}, {}", level.title),
                None => format!("Racecourse: challenge {number}"),
            },
            Shown::Explorer => format!("Racecourse: all outcomes of {program}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::settings::Theme;

    fn read(query: &str) -> Settings {
        crate::view::full_links::register();
        let pairs = query.split('&').filter_map(|pair| pair.split_once('='));
        let (settings, notices) = Settings::from_pairs(pairs);
        assert!(notices.is_empty(), "{notices:?}");
        settings
    }

    fn query(settings: &Settings) -> String {
        let pairs: Vec<String> = settings
            .to_pairs()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        pairs.join("&")
    }

    #[test]
    fn what_is_on_screen_is_offered_the_most_particular_first() {
        assert_eq!(
            Shown::offers(&read("strategy=lock&tasks=5")),
            vec![Shown::Playground, Shown::Code]
        );
        assert_eq!(
            Shown::offers(&read("lesson=3")),
            vec![Shown::Lesson(3), Shown::Playground, Shown::Code]
        );
        assert_eq!(
            Shown::offers(&read("challenge=5&order=12")),
            vec![Shown::Challenge(5), Shown::Playground, Shown::Code]
        );
        assert_eq!(
            Shown::offers(&read("explore=1&tasks=3")),
            vec![Shown::Explorer, Shown::Playground, Shown::Code]
        );
    }

    #[test]
    fn each_choice_links_to_what_it_names_playing_on_open_or_not() {
        let program = read("strategy=lock&tasks=5&amount=100&theme=dark&present=1");
        let embedded = |shown: Shown, autorun| query(&shown.settings(&program, autorun, true));
        assert_eq!(
            embedded(Shown::Playground, true),
            "strategy=lock&tasks=5&amount=100&speed=3&theme=dark&autorun=1&embed=1"
        );
        assert_eq!(
            embedded(Shown::Playground, false),
            "strategy=lock&tasks=5&amount=100&speed=3&theme=dark&embed=1"
        );
        assert_eq!(
            embedded(Shown::Code, true),
            "strategy=lock&tasks=5&amount=100&speed=3&theme=dark&code=1&autorun=1&embed=1"
        );
        assert_eq!(
            embedded(Shown::Explorer, false),
            "strategy=lock&tasks=5&amount=100&speed=3&theme=dark&explore=1&embed=1"
        );
        // A link (not an embed) keeps presentation mode.
        assert_eq!(
            query(&Shown::Playground.settings(&program, true, false)),
            "strategy=lock&tasks=5&amount=100&speed=3&theme=dark&present=1&autorun=1"
        );
        // A lesson step and a level set up their own runs.
        let lesson = read("lesson=4");
        assert_eq!(
            query(&Shown::Lesson(4).settings(&lesson, true, true)),
            "lesson=4&embed=1"
        );
        let challenge = read("challenge=5&order=12");
        let level = Shown::Challenge(5).settings(&challenge, true, true);
        assert_eq!((level.challenge, level.autorun), (Some(5), false));
        assert_eq!(level.scenario.order, None, "from the level's start");
        assert!(
            query(&level).ends_with("challenge=break-solution-1&embed=1"),
            "{}",
            query(&level)
        );
        // The level's program, without the picks, is the playground's.
        let playground = Shown::Playground.settings(&challenge, true, true);
        assert!(!playground.scheduler && playground.scenario.order.is_none());
        assert_eq!(playground.theme, Theme::System);
    }
}
