//! Words and numbers as the page writes them: money, durations, task
//! names, log lines. Pure, so every sentence the page shows is tested here.

use std::fmt::Write;

use super::recording::Recording;
use super::state::run::{RunState, Status};
use crate::sim::{Ending, Event, EventKind, TaskId};

/// "T3": tasks count from 1 on the page.
pub fn task_name(task: TaskId) -> String {
    format!("T{}", u64::from(task) + 1)
}

/// 1234567 -> "1,234,567".
pub fn grouped(value: u64) -> String {
    grouped_digits(&value.to_string())
}

/// "81729648000" -> "81,729,648,000": decimal digits of any length.
pub fn grouped_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// 1100 -> "$1,100"; -5 -> "−$5" (a true minus sign).
pub fn money(value: i64) -> String {
    let sign = if value < 0 { "−" } else { "" };
    format!("{sign}${}", grouped(value.unsigned_abs()))
}

/// A duration as people read it: "40 ms", "1.5 s", "100 s", "25 min".
pub fn duration(ms: u64) -> String {
    if ms < 1_000 {
        return format!("{ms} ms");
    }
    if ms < 10_000 {
        let tenths = (ms + 50) / 100;
        return match tenths % 10 {
            0 => format!("{} s", tenths / 10),
            tenth => format!("{}.{tenth} s", tenths / 10),
        };
    }
    if ms < 600_000 {
        return format!("{} s", grouped((ms + 500) / 1000));
    }
    format!("{} min", grouped((ms + 30_000) / 60_000))
}

/// 1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd".
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{}{suffix}", grouped(n as u64))
}

/// "1 write", "3 writes".
/// `text` cut to `most` characters, "…" where it was cut.
pub fn clipped(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", grouped(n as u64))
    }
}

/// "completed", "deadlock: T1 waits for ...", or why the run stopped.
pub fn ending_text(ending: &Ending) -> String {
    match ending {
        Ending::Completed => "completed".to_owned(),
        Ending::Deadlock(deadlock) => format!("deadlock: {deadlock}"),
        Ending::Limit { steps, events } => format!(
            "stopped after {} steps and {} events, the page's limit: \
             this program needs more; try fewer tasks",
            grouped(*steps),
            grouped(*events as u64)
        ),
        Ending::Diverged(error) => error.to_string(),
    }
}

/// The status line: what the run is doing, or why it cannot run.
/// `asks_prediction`: a lesson step is waiting for the learner's guess.
pub fn status_text(run: &RunState, asks_prediction: bool) -> String {
    let recording = match &run.recording {
        Ok(recording) => recording,
        Err(error) => return format!("Cannot run: {error}"),
    };
    match run.status {
        Status::Ready if asks_prediction => {
            "Ready: make your prediction above, then run".to_owned()
        }
        Status::Ready => "Ready: press Run".to_owned(),
        Status::Playing if run.real_timers => "Running on real timers…".to_owned(),
        Status::Playing if run.computing => "Preparing the run…".to_owned(),
        Status::Playing => "Running".to_owned(),
        Status::Paused => "Paused".to_owned(),
        Status::Finished => {
            let outcome = &recording.outcome;
            if let Some(why) = &recording.stopped {
                return format!("Stopped on {why}");
            }
            match recording.ending() {
                None => "Finished".to_owned(),
                Some(Ending::Deadlock(_)) => "Stuck: deadlock".to_owned(),
                Some(Ending::Completed) if outcome.final_balance == outcome.expected_balance => {
                    "Finished: correct".to_owned()
                }
                Some(Ending::Completed) => match outcome.lost_count() {
                    0 => "Finished: wrong balance".to_owned(),
                    lost => format!("Finished: {} lost", count(lost, "update", "updates")),
                },
                Some(ending) => format!("Stopped: {}", ending_text(ending)),
            }
        }
    }
}

/// One sentence for screen readers that changes a few times a run, not on
/// every event.
pub fn run_summary(run: &RunState, speed: usize) -> String {
    let Ok(recording) = &run.recording else {
        return String::new();
    };
    let outcome = &recording.outcome;
    let scenario = &outcome.scenario;
    match run.status {
        Status::Finished if recording.stopped.is_some() => format!(
            "Run stopped on {}.",
            recording.stopped.as_deref().unwrap_or_default()
        ),
        Status::Finished => format!(
            "Run finished. {} with {} tasks: balance {}, expected {}, {} lost, {} of virtual time.",
            scenario.strategy.title(),
            scenario.tasks,
            money(outcome.final_balance),
            money(outcome.expected_balance),
            count(outcome.lost_count(), "write", "writes"),
            duration(outcome.elapsed_ms)
        ),
        Status::Playing => match super::pace::summary_cursor(run.cursor, speed) {
            0 => format!(
                "Running: {} with {} tasks, expected {}.",
                scenario.strategy.title(),
                scenario.tasks,
                money(scenario.expected_balance())
            ),
            at => format!(
                "{} in: balance {}, {} so far.",
                duration(recording.now_ms(at)),
                money(recording.balance(at)),
                count(recording.lost_so_far(at), "write lost", "writes lost")
            ),
        },
        Status::Paused => format!(
            "Paused at {}: balance {}.",
            duration(recording.now_ms(run.cursor)),
            money(recording.balance(run.cursor))
        ),
        Status::Ready => String::new(),
    }
}

/// A line of the log: the article's words for what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub at: usize,
    pub time_ms: u64,
    pub text: String,
    /// The line is a write that erased others.
    pub erases: bool,
}

/// The log line for event `at` of `run`, if that event makes one.
pub fn log_line(run: &Recording, at: usize) -> Option<LogLine> {
    let event = run.event(at)?;
    let mut text = article_line(event)?;
    let mut erases = false;
    if let EventKind::LockAcquired { lock } = event.kind {
        match run.waited(lock, at) {
            Some(ms) => {
                let _ = write!(text, " after waiting {}", duration(ms));
            }
            None => text.push_str(" (free: no wait)"),
        }
    }
    if let EventKind::Wrote { write, .. } = event.kind {
        let erased = run.erased_by(write);
        if let Some(newest) = erased.iter().max().and_then(|&w| run.write(w)) {
            erases = true;
            let _ = write!(
                text,
                " (erases {}'s {}",
                task_name(newest.task),
                newest.value
            );
            if erased.len() > 1 {
                let _ = write!(text, " and {} more", erased.len() - 1);
            }
            text.push(')');
        }
    }
    Some(LogLine {
        at,
        time_ms: event.time_ms,
        text,
        erases,
    })
}

/// The line the article's bank example would print for `event`, if any.
fn article_line(event: &Event) -> Option<String> {
    let who = task_name(event.task);
    Some(match event.kind {
        EventKind::Read { value } => format!("[{who}] Reading balance... ({value})"),
        EventKind::Wrote { value, .. } => format!("[{who}] Wrote balance: {value}"),
        EventKind::LockAcquired { lock } => format!("[{who}] Acquired {lock}"),
        EventKind::LockReleased { lock } => format!("[{who}] Released {lock}"),
        EventKind::LockRequested { lock } => format!("[{who}] Waiting for {lock}..."),
        EventKind::IoStarted { ms } => format!("[{who}] Awaiting I/O ({ms} ms)"),
        EventKind::Retried => format!("[{who}] Balance changed; retrying"),
        EventKind::Sent { value } => format!("[{who}] Queued {value} for the writer"),
        EventKind::Received { value } => format!("[{who}] Writer took {value} from the queue"),
        EventKind::Started | EventKind::IoDone | EventKind::Finished => return None,
    })
}

/// The first sum of money in `text` not written as [`money`] writes it
/// ("$1000" where the page says "$1,000"): one money format on one page.
#[cfg(test)]
pub(crate) fn ungrouped_money(text: &str) -> Option<String> {
    text.match_indices('$').find_map(|(at, _)| {
        let digits: String = text[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .collect();
        let digits = digits.trim_end_matches(',');
        let value: i64 = digits.replace(',', "").parse().ok()?;
        (money(value) != format!("${digits}")).then(|| format!("${digits}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Scenario};

    #[test]
    fn ungrouped_money_is_found() {
        assert_eq!(
            ungrouped_money("from $1000 to $1,100"),
            Some("$1000".to_owned())
        );
        assert_eq!(ungrouped_money("$1,001, not $2,000."), None);
        assert_eq!(ungrouped_money("$100 and $5"), None);
    }

    #[test]
    fn money_groups_thousands_and_signs_with_a_minus() {
        assert_eq!(money(0), "$0");
        assert_eq!(money(1100), "$1,100");
        assert_eq!(money(1_000_000_000), "$1,000,000,000");
        assert_eq!(money(-5), "−$5");
        assert_eq!(money(i64::MIN), "−$9,223,372,036,854,775,808");
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(0), "0 ms");
        assert_eq!(duration(100), "100 ms");
        assert_eq!(duration(1_000), "1 s");
        assert_eq!(duration(1_500), "1.5 s");
        assert_eq!(duration(9_949), "9.9 s");
        assert_eq!(duration(9_960), "10 s");
        assert_eq!(duration(100_000), "100 s");
        assert_eq!(duration(599_400), "599 s");
        assert_eq!(duration(3_600_000), "60 min");
    }

    #[test]
    fn ordinals_read_as_words() {
        let said: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 1000]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            said,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "1,000th"
            ]
        );
    }

    #[test]
    fn the_log_waits_only_where_a_task_queued() {
        let run = Recording::finished(
            simulate(&Scenario::bank().with_strategy(crate::sim::Strategy::Lock)).expect("valid"),
        );
        let logged = |run: &Recording| -> Vec<String> {
            run.log(run.len(), run.len())
                .iter()
                .filter_map(|&at| log_line(run, at as usize))
                .map(|l| l.text)
                .collect()
        };
        let lines = logged(&run);
        // T1 found the lock free: no "Waiting" line for it.
        assert_eq!(lines[0], "[T1] Acquired lock (free: no wait)");
        assert!(lines.contains(&"[T2] Waiting for lock...".to_owned()));
        assert!(!lines.contains(&"[T1] Waiting for lock...".to_owned()));
        assert!(lines.contains(&"[T5] Acquired lock after waiting 400 ms".to_owned()));
        let waiting = lines.iter().filter(|l| l.contains("Waiting")).count();
        assert_eq!(waiting, 4, "T2 to T5 queued");
        // Mistake 2 as printed never finds the lock taken: no line waits.
        let narrow = Recording::finished(
            simulate(&Scenario::bank().with_strategy(crate::sim::Strategy::LockTooNarrow))
                .expect("valid"),
        );
        let narrow_lines = logged(&narrow);
        assert!(
            narrow_lines.iter().all(|l| !l.contains("Waiting")),
            "{narrow_lines:#?}"
        );
        assert!(narrow_lines.iter().any(|l| l.ends_with("(free: no wait)")));
    }

    #[test]
    fn counts_say_one_and_many() {
        assert_eq!(count(1, "write", "writes"), "1 write");
        assert_eq!(count(0, "write", "writes"), "0 writes");
        assert_eq!(count(1000, "task", "tasks"), "1,000 tasks");
    }

    #[test]
    fn the_last_write_of_the_bank_bug_names_what_it_erased() {
        let run = Recording::finished(simulate(&Scenario::bank()).expect("valid"));
        let lines: Vec<LogLine> = (0..run.len()).filter_map(|at| log_line(&run, at)).collect();
        assert_eq!(lines[0].text, "[T1] Reading balance... (1000)");
        let last = lines.last().expect("a line");
        assert_eq!(last.text, "[T5] Wrote balance: 1100 (erases T4's 1100)");
        assert!(last.erases);
        assert!(!lines[0].erases);
    }

    /// A learner's program that raised or hit a limit is not "Finished:
    /// correct": the status says where it stopped and why.
    #[test]
    fn a_program_that_stops_says_where_and_why() {
        use crate::view::learner::run_program;
        use crate::view::recording::Shared;
        use crate::view::settings::Settings;
        use std::rc::Rc;
        let program = "import asyncio\nbalance = 0\nasync def f():\n    await asyncio.sleep(0)\n    return 1 / 0\nasync def main():\n    await asyncio.gather(f())\nasyncio.run(main())\n";
        let learner = run_program(program, &Scenario::article(), None, false);
        let settings = Settings::from_scenario(&Scenario::article());
        let mut run = RunState::prepare(&settings, 1);
        run.recording = Ok(Shared(Rc::new(learner.recording().expect("it ran"))));
        run.computing = false;
        run.status = Status::Finished;
        let stopped = "line 5: ZeroDivisionError: division by zero";
        assert_eq!(status_text(&run, false), format!("Stopped on {stopped}"));
        assert_eq!(run_summary(&run, 9), format!("Run stopped on {stopped}."));
        // One that ends as it should is finished, as before.
        let fine = program.replace("1 / 0", "1");
        let learner = run_program(&fine, &Scenario::article(), None, false);
        run.recording = Ok(Shared(Rc::new(learner.recording().expect("it ran"))));
        assert_eq!(status_text(&run, false), "Finished: correct");
    }

    /// A screen reader hears what the live region says each time it
    /// changes: at 1000 tasks that must be a summary every second or so,
    /// and the outcome at the end, not one announcement per event.
    #[test]
    fn the_spoken_summary_changes_about_once_a_second_and_ends_with_the_outcome() {
        use crate::view::pace::Pace;
        use crate::view::recording::{Recording, Shared};
        use crate::view::settings::Settings;
        use std::rc::Rc;
        let settings = Settings::from_scenario(&Scenario::article());
        let speed = 9;
        let mut run = RunState::prepare(&settings, 1);
        let outcome = simulate(&settings.scenario).expect("valid");
        run.recording = Ok(Shared(Rc::new(Recording::finished(outcome))));
        run.computing = false;
        run.status = Status::Playing;
        let mut pace = Pace::default();
        let mut said = vec![run_summary(&run, speed)];
        let mut frames = 0;
        while run.status == Status::Playing {
            frames += 1;
            run.cursor = (run.cursor + pace.tick(1000.0 / 60.0, speed)).min(run.events());
            if run.cursor == run.events() {
                run.status = Status::Finished;
            }
            let now = run_summary(&run, speed);
            if said.last() != Some(&now) {
                said.push(now);
            }
        }
        let seconds = frames as f64 / 60.0;
        assert!(seconds > 3.0, "a run long enough to hear ({seconds:.1} s)");
        let changes = said.len() as f64;
        assert!(
            changes <= seconds + 3.0,
            "{changes} announcements in {seconds:.1} s: {said:#?}"
        );
        // A summary that says nothing new is not said again (while every
        // task reads, for one), so there may be fewer; but the run is heard
        // moving between its start and its outcome.
        assert!(changes >= 4.0, "{said:#?}");
        assert!(
            said.iter()
                .any(|s| s.starts_with("100 ms in: balance $1,001")),
            "{said:#?}"
        );
        let last = said.last().expect("an outcome");
        assert!(last.starts_with("Run finished."), "{last}");
        assert!(last.contains("999 writes"), "{last}");
    }
}
