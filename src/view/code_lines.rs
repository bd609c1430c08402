//! Which line of a strategy's source a task is on, so the code pane can mark
//! it. The lines are found in the very text the page shows.

use super::playback::{Phase, TaskView};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spot {
    Read,
    Io,
    FirstLock,
    SecondLock,
    Write,
}

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
        (Language::Rust, Spot::Read) => &["read_balance()", "read_versioned()"],
        (Language::Rust, Spot::Io) => &[".io().await"],
        (Language::Rust, Spot::FirstLock | Spot::SecondLock) => &[".lock("],
        (Language::Rust, Spot::Write) => {
            &["write_balance(", "add_to_balance(", "write_if_unchanged("]
        }
        (Language::Python, Spot::Read) => &["= balance", "seen_value, seen_version ="],
        (Language::Python, Spot::Io) => &["await asyncio.sleep(", "await do_something_else("],
        (Language::Python, Spot::FirstLock | Spot::SecondLock) => &["async with"],
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

/// Where a task is, by what it is doing.
pub fn spot_of(task: &TaskView) -> Option<Spot> {
    match task.phase {
        Phase::Read => Some(Spot::Read),
        Phase::AwaitingIo => Some(Spot::Io),
        Phase::WaitingForLock if task.holds != 0 => Some(Spot::SecondLock),
        Phase::WaitingForLock => Some(Spot::FirstLock),
        Phase::Wrote | Phase::WriteLost => Some(Spot::Write),
        _ => None,
    }
}

/// How many tasks are at each spot, in [`SPOTS`] order.
pub fn tasks_at_spots<'a>(tasks: impl IntoIterator<Item = &'a TaskView>) -> [usize; 5] {
    let mut counts = [0; 5];
    for task in tasks {
        if let Some(spot) = spot_of(task) {
            counts[SPOTS.iter().position(|s| *s == spot).unwrap_or(0)] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Strategy;

    #[test]
    fn every_strategy_marks_its_read_io_and_write_lines() {
        for strategy in Strategy::ALL {
            for (language, source) in [
                (Language::Rust, strategy.rust_source()),
                (Language::Python, strategy.python_source()),
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
    fn two_lock_programs_have_two_lock_lines() {
        let spots = find_spots(Strategy::OppositeOrder.rust_source(), Language::Rust);
        assert!(spots[2].is_some() && spots[3].is_some());
        assert!(spots[2] < spots[3]);
    }
}
