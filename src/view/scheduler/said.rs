//! What the scheduler's panel says about a [`Session`]: its heading, how
//! rare the learner's outcome is, what every schedule gives, the way on
//! to the next level, and the sentence a screen reader hears after each
//! move. Pure, so each is tested here.

use super::session::Session;
use super::Played;
use crate::sim::explore::{Ending as Explored, Exploration};
use crate::sim::{Ending, Scenario};
use crate::view::challenge::{self, level, reason, Status, LEVELS};
use crate::view::outcomes::percent;
use crate::view::text::{grouped_digits, money};

/// The line above the panel's title.
pub fn progress_line(session: &Session) -> String {
    match session.level {
        Some(number) => format!("You are the scheduler · level {number} of {}", LEVELS.len()),
        None => "You are the scheduler".to_owned(),
    }
}

/// "6 of the 90 schedules (6.7%)".
fn share(count: &str, total: &str) -> String {
    let percent = match (count.parse::<f64>(), total.parse::<f64>()) {
        (Ok(k), Ok(m)) if m > 0.0 => format!(" ({})", percent(k / m)),
        _ => String::new(),
    };
    format!(
        "{} of the {} schedules{percent}",
        grouped_digits(count),
        grouped_digits(total)
    )
}

fn ending_words(ending: Explored, scenario: &Scenario) -> String {
    match ending {
        Explored::Balance(balance) if balance == scenario.expected_balance() => {
            format!("{}, the right balance", money(balance))
        }
        Explored::Balance(balance) => money(balance),
        Explored::Deadlock => "a deadlock".to_owned(),
        Explored::Unfinished => "still retrying".to_owned(),
    }
}

/// How rare the learner's ending is among all schedules, once counted.
pub fn rarity(session: &Session) -> Option<String> {
    let (Ok(played), Some(all)) = (session.played.as_ref(), session.counts.as_deref()) else {
        return None;
    };
    let ending = match &played.recording.outcome.ending {
        Some(Ending::Completed) => Explored::Balance(played.recording.outcome.final_balance),
        Some(Ending::Deadlock(_)) => Explored::Deadlock,
        _ => return None,
    };
    let count = all.count(ending).to_string();
    Some(format!(
        "Your outcome, {}, is produced by {}.",
        ending_words(ending, &session.program),
        share(&count, &all.total().to_string())
    ))
}

/// What every schedule gives, for a level that cannot be won.
pub fn every_schedule(session: &Session) -> Option<String> {
    let all: &Exploration = session.counts.as_deref()?;
    let scenario = &session.program;
    let total = grouped_digits(&all.total().to_string());
    Some(match all.outcomes.as_slice() {
        [(ending, _, _)] => format!(
            "The schedule explorer counted all {total} schedules: every one ends in {}.",
            ending_words(*ending, scenario)
        ),
        outcomes => {
            let each: Vec<String> = outcomes
                .iter()
                .map(|(ending, count, _)| {
                    format!("{} in {}", ending_words(*ending, scenario), count)
                })
                .collect();
            format!(
                "The schedule explorer counted all {total} schedules: {}. None meets the goal.",
                each.join(", ")
            )
        }
    })
}

/// The level after this one, and its button's words.
pub fn next_level(session: &Session) -> Option<(u32, String)> {
    let next = session.level? + 1;
    let title = level(next)?.title;
    Some((next, format!("Next: level {next}, {title}")))
}

/// Why the run ended short of the goal, or (outside a level) that it ended.
pub fn ended(session: &Session, played: &Played) -> Option<String> {
    let why = reason(played);
    match session.status() {
        Some(Status::Stuck) => Some(format!(
            "The run ended at {}. {why}",
            money(played.recording.outcome.final_balance)
        )),
        None if played.ended => Some(format!("Every task that could run has run. {why}")),
        _ => None,
    }
}

/// The summary of the list of levels.
pub fn levels_summary(session: &Session) -> String {
    format!(
        "All levels ({} of {} done)",
        session.done.0.len(),
        LEVELS.len()
    )
}

/// What a screen reader hears after each move.
pub fn said(session: &Session) -> String {
    let played = match session.played.as_ref() {
        Ok(played) => played,
        Err(why) => return why.to_string(),
    };
    match session.status() {
        Some(Status::Won) => format!("Goal reached! {}", reason(played)),
        Some(Status::Impossible) => "It cannot be done.".to_owned(),
        Some(Status::Stuck) => format!(
            "{} {}",
            played.last_step.clone().unwrap_or_default(),
            challenge::stuck(played)
        ),
        _ => played.last_step.clone().unwrap_or_else(|| {
            session
                .level()
                .map_or(String::new(), |level| format!("Goal: {}", level.goal_text))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::challenge::{find, Done};
    use crate::view::scheduler::session::Move;

    fn session(name: &str, picks: &[u32]) -> Session {
        let number = find(name).expect("a level");
        let program = level(number).expect("a level").scenario();
        Session::new(program, Some(number), picks.to_vec(), Done::default())
    }

    #[test]
    fn each_move_is_said_and_the_goal_before_the_first() {
        let start = session("lose-an-update", &[]);
        assert!(said(&start).starts_with("Goal: Two tasks"));
        assert_eq!(
            progress_line(&start),
            "You are the scheduler · level 1 of 13"
        );
        let one = start.apply(Move::Pick(0));
        assert_eq!(said(&one), "T1 ran: read $1,000; now waiting for I/O");
        let won = session("lose-an-update", &[0, 1, 0, 1]);
        assert!(
            said(&won).starts_with("Goal reached! T1's write"),
            "{}",
            said(&won)
        );
        let stuck = session("lose-an-update", &[0, 0, 1, 1]);
        assert!(said(&stuck).ends_with("or ask whether it can be done at all."));
        let bad = session("lose-an-update", &[5]);
        assert_eq!(said(&bad), "step 1 names T6, which could not run then");
    }

    #[test]
    fn a_win_says_how_rare_it_is_and_leads_to_the_next_level() {
        let won = session("lose-an-update", &[0, 1, 0, 1]);
        assert_eq!(
            rarity(&won).as_deref(),
            Some("Your outcome, $1,100, is produced by 4 of the 6 schedules (66.7%).")
        );
        assert_eq!(
            next_level(&won),
            Some((2, "Next: level 2, Lose two at once".to_owned()))
        );
        let last = session("starve-a-task", &[]);
        assert_eq!(next_level(&last), None);
        let stuck = session("lose-an-update", &[0, 0, 1, 1]);
        let ended_at = ended(&stuck, stuck.played.as_ref().as_ref().expect("plays"));
        assert!(ended_at
            .expect("stuck")
            .starts_with("The run ended at $1,200. Each task read"));
    }

    #[test]
    fn an_impossible_level_is_proved_by_every_schedule() {
        let given_up = session("break-the-restructure", &[]).apply(Move::AskPossible);
        let proof = every_schedule(&given_up).expect("counted");
        assert!(
            proof.ends_with("every one ends in $1,300, the right balance."),
            "{proof}"
        );
        assert_eq!(said(&given_up), "It cannot be done.");
        assert_eq!(levels_summary(&given_up), "All levels (0 of 13 done)");
    }
}
