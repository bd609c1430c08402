//! Which line of a strategy's source a task is on, so the code pane can mark
//! it. The lines are found in the very text the page shows.

use super::recording::{Counts, Spot};

/// The spots that are lines of code, in the order [`find_spots`] gives them.
pub const SPOTS: [Spot; 5] = [
    Spot::Read,
    Spot::Io,
    Spot::FirstLock,
    Spot::SecondLock,
    Spot::Write,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Rust,
    Python,
}

fn patterns(language: Language, spot: Spot) -> &'static [&'static str] {
    match (language, spot) {
        (_, Spot::Elsewhere | Spot::Done) => &[],
        (Language::Rust, Spot::Read) => &["read_balance()", "read_versioned()"],
        (Language::Rust, Spot::Io) => &[".io().await"],
        (
            Language::Rust,
            Spot::FirstLock | Spot::SecondLock | Spot::FirstLockQueued | Spot::SecondLockQueued,
        ) => &[".lock("],
        (Language::Rust, Spot::Write) => {
            &["write_balance(", "add_to_balance(", "write_if_unchanged("]
        }
        (Language::Python, Spot::Read) => &["= balance", "seen_value, seen_version ="],
        (Language::Python, Spot::Io) => &["await asyncio.sleep(", "await do_something_else("],
        (
            Language::Python,
            Spot::FirstLock | Spot::SecondLock | Spot::FirstLockQueued | Spot::SecondLockQueued,
        ) => &["async with"],
        (Language::Python, Spot::Write) => &[
            "balance = current",
            "balance += ",
            "_value += ",
            "balance = temp",
            "balance, version =",
        ],
    }
}

/// The line (0-based) of each spot in `source`, in [`SPOTS`] order. Comment
/// lines are skipped; the second lock is the second line that takes one.
pub fn find_spots(source: &str, language: Language) -> [Option<usize>; 5] {
    let code_lines: Vec<(usize, &str)> = source
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let t = line.trim_start();
            !(t.starts_with("//") || t.starts_with('#'))
        })
        .collect();
    let nth_match = |spot: Spot, nth: usize| {
        code_lines
            .iter()
            .filter(|(_, line)| patterns(language, spot).iter().any(|p| line.contains(p)))
            .nth(nth)
            .map(|(number, _)| *number)
    };
    let mut spots = SPOTS.map(|spot| nth_match(spot, usize::from(spot == Spot::SecondLock)));
    // `balance += amount` reads and writes on one line.
    if spots[0].is_none() {
        spots[0] = spots[4];
    }
    spots
}

/// The tasks at one line: those on it (or, at an `async with`, through it
/// and holding the lock), and those queued at it for the lock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OnLine {
    pub tasks: u32,
    pub queued: u32,
}

impl OnLine {
    pub fn any(self) -> bool {
        self.tasks + self.queued > 0
    }
}

/// The line (in `spots`, from [`find_spots`]) where a task at `spot` stands.
pub fn line_of(spot: Spot, spots: &[Option<usize>; 5]) -> Option<usize> {
    let slot = match spot {
        Spot::Elsewhere | Spot::Done => return None,
        Spot::Read => 0,
        Spot::Io => 1,
        Spot::FirstLock | Spot::FirstLockQueued => 2,
        Spot::SecondLock | Spot::SecondLockQueued => 3,
        Spot::Write => 4,
    };
    spots[slot]
}

/// Who stands on each of `lines` lines: the tasks at each spot, on that
/// spot's line. Tasks that have finished, or not started, are on none.
pub fn tasks_on_lines(lines: usize, spots: &[Option<usize>; 5], counts: &Counts) -> Vec<OnLine> {
    let mut on_lines = vec![OnLine::default(); lines];
    for spot in [
        Spot::Read,
        Spot::Io,
        Spot::FirstLock,
        Spot::SecondLock,
        Spot::Write,
        Spot::FirstLockQueued,
        Spot::SecondLockQueued,
    ] {
        let Some(line) = line_of(spot, spots).and_then(|l| on_lines.get_mut(l)) else {
            continue;
        };
        if matches!(spot, Spot::FirstLockQueued | Spot::SecondLockQueued) {
            line.queued += counts.spot(spot);
        } else {
            line.tasks += counts.spot(spot);
        }
    }
    on_lines
}

/// The gutter beside a line: how many tasks stand on it, and how many
/// queue there for a lock.
pub fn gutter(on: OnLine) -> String {
    match (on.tasks, on.queued) {
        (0, 0) => String::new(),
        (1, 0) => "1 task ▶".to_owned(),
        (n, 0) => format!("{n} tasks ▶"),
        (0, q) => format!("{q} queued"),
        (n, q) => format!("{n} ▶ {q} queued"),
    }
}

/// A comment line (shown muted).
pub fn is_comment(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("//") || trimmed.starts_with('#')
}

/// The code alone: comments explain the answer, so a lesson shows them only
/// after the reveal.
pub fn without_comments(source: &str, language: Language) -> String {
    let marker = match language {
        Language::Rust => "//",
        Language::Python => "#",
    };
    let lines: Vec<&str> = source
        .lines()
        .filter(|l| !l.trim_start().starts_with(marker))
        .map(|l| l.find(marker).map_or(l, |at| &l[..at]).trim_end())
        .collect();
    lines.join("\n").trim_start_matches('\n').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Strategy;

    #[test]
    fn every_strategy_marks_its_read_io_and_write_lines() {
        for &strategy in Strategy::ALL {
            for (language, source) in [
                (Language::Rust, strategy.rust()),
                (Language::Python, strategy.python()),
            ] {
                let lines: Vec<&str> = source.lines().collect();
                let line = |spot: Option<usize>| spot.and_then(|i| lines.get(i)).copied();
                let spots = find_spots(source, language);
                let write = line(spots[4])
                    .unwrap_or_else(|| panic!("{strategy} {language:?}: no write line"));
                assert!(!write.trim().is_empty());
                // The read line reads, unless read and write share a line (`+=`).
                let read = line(spots[0])
                    .unwrap_or_else(|| panic!("{strategy} {language:?}: no read line"));
                let reads = [
                    "read_balance()",
                    "read_versioned()",
                    "= balance",
                    "seen_value",
                ];
                assert!(
                    reads.iter().any(|r| read.contains(r)) || spots[0] == spots[4],
                    "{strategy} {language:?}: {read}"
                );
                if strategy.uses_locks() {
                    let lock = line(spots[2]).unwrap_or_else(|| panic!("{strategy}: no lock line"));
                    assert!(
                        lock.contains(".lock(") || lock.contains("async with"),
                        "{lock}"
                    );
                }
                for spot in spots.into_iter().flatten() {
                    let text = lines[spot].trim_start();
                    assert!(
                        !text.starts_with("//") && !text.starts_with('#'),
                        "{strategy}: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_gutter_counts_tasks_and_comments_are_told_apart() {
        let on = |tasks, queued| OnLine { tasks, queued };
        assert_eq!(gutter(on(0, 0)), "");
        assert_eq!(gutter(on(1, 0)), "1 task ▶");
        assert_eq!(gutter(on(999, 0)), "999 tasks ▶");
        assert_eq!(gutter(on(0, 4)), "4 queued");
        assert_eq!(gutter(on(1, 998)), "1 ▶ 998 queued");
        assert!(is_comment("    // why"));
        assert!(is_comment("# why"));
        assert!(!is_comment("let a = b; // why"));
        let counts = Counts {
            spots: [0, 3, 5, 0, 0, 2, 7, 0, 0],
            ..Counts::default()
        };
        let source = Strategy::Unsafe.rust();
        let spots = find_spots(source, Language::Rust);
        let on_lines = tasks_on_lines(source.lines().count(), &spots, &counts);
        assert_eq!(
            on_lines.iter().map(|on| on.tasks).sum::<u32>(),
            3 + 5 + 2,
            "read, I/O and write; done is off the code"
        );
        let lines: Vec<&str> = source.lines().collect();
        let io_line = on_lines
            .iter()
            .position(|on| on.tasks == 5)
            .expect("the I/O line");
        assert!(lines[io_line].contains(".io().await"));
    }

    #[test]
    fn comments_go_when_they_would_give_the_answer_away() {
        let rust = Strategy::Unsafe.rust();
        let bare = without_comments(rust, Language::Rust);
        assert!(!bare.contains("//"));
        assert!(bare.contains("task.io().await;"));
        let python = without_comments(Strategy::Unsafe.python(), Language::Python);
        assert!(!python.contains('#'));
        assert!(python.contains("current = balance"));
    }

    #[test]
    fn two_lock_programs_have_two_lock_lines() {
        let spots = find_spots(Strategy::OppositeOrder.rust(), Language::Rust);
        assert!(spots[2].is_some() && spots[3].is_some());
        assert!(spots[2] < spots[3]);
    }
}
