//! The challenges' levels against the engine and the schedule explorer:
//! every level that can be won is won by its solution, and every level
//! that cannot be won has no winning schedule, by the explorer's exact
//! counts and by trying every schedule one by one.

use racecourse::sim::explore::{explore, Ending as Explored};
use racecourse::sim::schedule::TaskOrder;
use racecourse::view::challenge::{level, status, Goal, Level, Status, LEVELS};
use racecourse::view::scheduler::{play, MAX_SCHEDULED_TASKS};

/// Whether an explored ending meets an ending goal (`None`: the goal is
/// about the trace, not the ending).
fn ending_meets(level: &Level, ending: Explored) -> Option<bool> {
    let scenario = level.scenario();
    let expected = scenario.expected_balance();
    Some(match (level.goal, ending) {
        (Goal::Deadlock, ending) => ending == Explored::Deadlock,
        (_, Explored::Balance(balance)) => match level.goal {
            Goal::FinalBalance(want) => balance == want,
            Goal::LoseAny | Goal::Wrong => balance != expected,
            Goal::Correct => balance == expected,
            Goal::Deadlock | Goal::Retries(_) | Goal::Starve { .. } => return None,
        },
        (_, _) => false,
    })
}

/// Every schedule of `level`, played by hand: whether any meets its goal.
fn some_schedule_wins(level: &Level) -> (bool, usize) {
    let scenario = level.scenario();
    let mut stack = vec![Vec::new()];
    let mut schedules = 0;
    while let Some(picks) = stack.pop() {
        let played = play(&scenario, &picks).expect("plays");
        if status(level, &played, false) == Status::Won {
            return (true, schedules);
        }
        schedules += usize::from(played.ended);
        for offer in &played.offers {
            let mut next = picks.clone();
            next.push(offer.task);
            stack.push(next);
        }
    }
    (false, schedules)
}

#[test]
fn every_level_is_complete_and_playable() {
    assert_eq!(level(1).map(|l| l.goal), Some(Goal::FinalBalance(1100)));
    for (number, level) in LEVELS.iter().enumerate() {
        let scenario = level.scenario();
        scenario.validate().expect("a valid program");
        assert!(scenario.total_tasks() <= MAX_SCHEDULED_TASKS);
        assert!(!level.title.is_empty() && !level.goal_text.is_empty());
        assert!((1..=2).contains(&level.hints.len()), "level {}", number + 1);
        assert!(!level.explanation.is_empty());
        let start = play(&scenario, &[]).expect("plays");
        assert_eq!(status(level, &start, false), Status::Playing);
    }
}

#[test]
fn every_possible_level_is_won_by_its_solution() {
    for (number, level) in LEVELS.iter().enumerate().filter(|(_, l)| l.possible) {
        let order: TaskOrder = level.solution.parse().expect("a solution");
        let played = play(&level.scenario(), &order.0).expect("plays");
        assert_eq!(
            status(level, &played, false),
            Status::Won,
            "level {}: {}",
            number + 1,
            level.solution
        );
        // One step short, a goal about the end is not met yet.
        let short = play(&level.scenario(), &order.0[..order.0.len() - 1]).expect("plays");
        assert_eq!(status(level, &short, false), Status::Playing);
    }
}

#[test]
fn every_impossible_level_has_no_winning_schedule() {
    for (number, level) in LEVELS.iter().enumerate().filter(|(_, l)| !l.possible) {
        assert!(level.solution.is_empty());
        // The explorer's exact counts: no ending meets the goal.
        let all = explore(&level.scenario()).expect("explores");
        for (ending, count, _) in &all.outcomes {
            assert_eq!(
                ending_meets(level, *ending),
                Some(false),
                "level {}: {count} schedules end {ending:?}",
                number + 1
            );
        }
        // And every schedule played by hand, one by one.
        let (won, schedules) = some_schedule_wins(level);
        assert!(!won, "level {}", number + 1);
        assert_eq!(
            schedules.to_string(),
            all.total().to_string(),
            "level {}: the same schedules as the explorer's",
            number + 1
        );
        // Giving up then says why.
        let start = play(&level.scenario(), &[]).expect("plays");
        assert_eq!(status(level, &start, true), Status::Impossible);
    }
}

#[test]
fn starving_another_task_is_not_starving_t1() {
    let starve = LEVELS
        .iter()
        .find(|l| matches!(l.goal, Goal::Starve { .. }))
        .expect("a level");
    // T2 fails its compare four times: T1, T3, T4 and T5 write first.
    let picks: TaskOrder = "2112332442552".parse().expect("an order");
    let played = play(&starve.scenario(), &picks.0).expect("plays");
    assert_eq!(status(starve, &played, false), Status::Playing);
}

#[test]
fn possible_ending_levels_are_won_by_some_of_the_explorers_schedules() {
    let ending_goals = LEVELS
        .iter()
        .enumerate()
        .filter(|(_, l)| l.goal.about_the_ending());
    for (number, level) in ending_goals.filter(|(_, l)| l.possible) {
        let all = explore(&level.scenario()).expect("explores");
        let winning: Vec<_> = all
            .outcomes
            .iter()
            .filter(|(ending, _, _)| ending_meets(level, *ending) == Some(true))
            .collect();
        assert!(!winning.is_empty(), "level {}", number + 1);
        // The explorer's shortest schedule for a winning ending wins here too.
        let (_, _, shortest) = winning[0];
        let played = play(&level.scenario(), &shortest.0).expect("plays");
        assert_eq!(status(level, &played, false), Status::Won);
    }
}
