//! The levels' judging, names and stored progress.

use super::*;
use crate::view::scheduler::play;
use crate::view::text::ungrouped_money;

#[test]
fn the_status_line_counts_steps_and_says_why_a_run_is_stuck() {
    let one = level(1).expect("level 1");
    let scenario = one.scenario();
    let started = play(&scenario, &[0]).expect("plays");
    assert_eq!(
        status_line(Status::Playing, &started, 1, false),
        "1 step so far."
    );
    assert_eq!(
        status_line(Status::Playing, &started, 3, false),
        "3 steps so far."
    );
    // Every task finished, one at a time: nothing is stuck, the goal is just unmet.
    let finished = play(&scenario, &[0, 0, 1, 1]).expect("plays");
    assert_eq!(status(one, &finished, false), Status::Stuck);
    let line = status_line(Status::Stuck, &finished, 4, false);
    assert!(line.starts_with("Every task has finished"), "{line}");
    assert!(!line.contains("No task can run"), "{line}");
    // Said once: the explanation after it begins "It cannot be done."
    let impossible = level(5).expect("level 5");
    let start = play(&impossible.scenario(), &[]).expect("plays");
    let line = status_line(Status::Impossible, &start, 0, false);
    assert!(!impossible.explanation.starts_with(&line), "{line}");
    assert!(!line.contains("cannot be done"), "{line}");
}

#[test]
fn every_level_writes_money_as_the_page_does() {
    for level in LEVELS {
        let texts = [level.title, level.goal_text, level.explanation]
            .into_iter()
            .chain(level.hints.iter().copied());
        for text in texts {
            assert_eq!(ungrouped_money(text), None, "{}: {text}", level.title);
        }
    }
}

#[test]
fn level_one_is_the_issues_and_is_won_by_t1_t2_t1_t2() {
    let one = level(1).expect("level 1");
    assert_eq!(one.title, "Lose an update");
    let scenario = one.scenario();
    assert_eq!(
        (
            scenario.strategy,
            scenario.tasks,
            scenario.initial,
            scenario.amount
        ),
        (Strategy::Unsafe, 2, 1000, 100)
    );
    let halfway = play(&scenario, &[0, 1]).expect("plays");
    assert_eq!(status(one, &halfway, false), Status::Playing);
    let won = play(&scenario, &[0, 1, 0, 1]).expect("plays");
    assert_eq!(status(one, &won, false), Status::Won);
    assert_eq!(
        reason(&won),
        "T1's write of $1,100 was erased by T2, whose write of $1,100 came from a read taken before it."
    );
    let right = play(&scenario, &[0, 0, 1, 1]).expect("plays");
    assert_eq!(status(one, &right, false), Status::Stuck);
    assert!(reason(&right).starts_with("Each task read"));
}

#[test]
fn giving_up_says_impossible_only_where_it_is() {
    let lock = level(5).expect("level 5");
    let start = play(&lock.scenario(), &[]).expect("plays");
    assert_eq!(status(lock, &start, true), Status::Impossible);
    let one = level(1).expect("level 1");
    let start = play(&one.scenario(), &[]).expect("plays");
    assert_eq!(status(one, &start, true), Status::Playing);
}

#[test]
fn trying_every_choice_is_noticed() {
    // Two tasks under one lock order: few enough schedules to try them all.
    let level = level(11).expect("level 11");
    let scenario = level.scenario();
    let mut tried = Tried::default();
    let mut stack = vec![Vec::new()];
    let mut leaves = 0;
    while let Some(picks) = stack.pop() {
        assert!(!tried.everything(), "not before the last schedule");
        let played = play(&scenario, &picks).expect("plays");
        tried.visit(&picks, &played);
        leaves += usize::from(played.ended);
        for offer in played.offers.iter().rev() {
            let mut next = picks.clone();
            next.push(offer.task);
            stack.push(next);
        }
    }
    assert!(tried.everything());
    assert!(leaves > 1);
}

#[test]
fn done_levels_are_stored_by_name_and_old_numbers_still_read() {
    let done = Done::default().with(3).with(1).with(3).with(99);
    assert_eq!(done.encode(), "lose-an-update,right-by-luck");
    assert_eq!(Done::decode("lose-an-update,right-by-luck"), done);
    // Stored before levels had names.
    assert_eq!(Done::decode("1,3"), done);
    assert_eq!(Done::decode("x,2,,0,14,no-such-level"), Done(vec![2]));
    assert!(done.has(3) && !done.has(2));
}

#[test]
fn levels_are_found_by_name_or_old_number_and_names_are_link_safe() {
    assert_eq!(find("lose-an-update"), Some(1));
    assert_eq!(find("Starve-A-Task"), Some(13));
    assert_eq!(find("5"), Some(5));
    for bad in ["0", "14", "", "lose an update"] {
        assert_eq!(find(bad), None, "{bad}");
    }
    let mut names = BTreeSet::new();
    for (i, level) in LEVELS.iter().enumerate() {
        assert!(names.insert(level.name), "{} twice", level.name);
        assert!(
            level
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}",
            level.name
        );
        // A name is never a number, which would mean a position.
        assert!(level.name.parse::<u32>().is_err(), "{}", level.name);
        assert_eq!(find(level.name), Some(i as u32 + 1));
        assert_eq!(name(i as u32 + 1), Some(level.name));
    }
}
