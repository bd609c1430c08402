//! The Python the page shows, filled in with the run's own settings.
//!
//! Each strategy's `.py` file is the article's program with `{{initial}}`,
//! `{{amount}}`, `{{tasks}}`, `{{delay}}` (in seconds) and `{{expected}}`
//! where the article wrote 1000, 1, 1000, 0.1 and 2000. Rendered, it is a
//! whole program that CPython runs to the result the page shows
//! (`tests/python_shown.rs` checks that with `python3`).

use crate::sim::Scenario;

/// `ms` as Python writes seconds: 100 -> "0.1", 1 -> "0.001", 1500 -> "1.5".
pub fn seconds(ms: u64) -> String {
    let whole = ms / 1000;
    let fraction = ms % 1000;
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:03}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// The values for each placeholder in `scenario`.
fn values(scenario: &Scenario) -> [(&'static str, String); 5] {
    [
        ("{{initial}}", scenario.initial.to_string()),
        ("{{amount}}", scenario.amount.to_string()),
        ("{{tasks}}", scenario.tasks.to_string()),
        ("{{delay}}", seconds(scenario.delay_ms)),
        ("{{expected}}", scenario.expected_balance().to_string()),
    ]
}

/// One line of a template, filled in. A comment after a placeholder keeps
/// its column, so the article's comments stay lined up.
fn render_line(line: &str, values: &[(&'static str, String)]) -> String {
    let mut out = line.to_owned();
    let comment_at = line.find("  #");
    for (placeholder, value) in values {
        out = out.replace(placeholder, value);
    }
    let (Some(was), Some(now)) = (comment_at, out.find("  #")) else {
        return out;
    };
    let code = out[..now].trim_end();
    let comment = out[now..].trim_start();
    // The comment's column as the template has it, at least two spaces out.
    let gap = was.max(code.chars().count()) + 2 - code.chars().count();
    format!("{code}{}{comment}", " ".repeat(gap))
}

/// A note for runs whose timing the plain program does not show.
fn timing_note(scenario: &Scenario) -> Option<String> {
    let mut parts = Vec::new();
    if scenario.jitter_ms > 0 {
        parts.push(format!(
            "I/O delays of {} ms ± {} ms (seed {})",
            scenario.delay_ms, scenario.jitter_ms, scenario.seed
        ));
    }
    if scenario.delays.is_some() {
        parts.push("each task's own I/O delay".to_owned());
    }
    if scenario.starts.is_some() {
        parts.push("each task's own start time".to_owned());
    }
    (!parts.is_empty()).then(|| {
        format!(
            "# This run gives {}; the program below\n# sleeps {} s in every task.\n",
            parts.join(" and "),
            seconds(scenario.delay_ms)
        )
    })
}

/// The strategy's Python, as it would run with `scenario`'s settings.
pub fn python(scenario: &Scenario) -> String {
    python_from(scenario.strategy.python(), scenario)
}

/// `template` (a strategy's Python) filled in with `scenario`'s settings.
pub fn python_from(template: &str, scenario: &Scenario) -> String {
    let values = values(scenario);
    let mut out = timing_note(scenario).unwrap_or_default();
    for line in template.lines() {
        out.push_str(&render_line(line, &values));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Strategy;

    #[test]
    fn seconds_read_as_python_literals() {
        let said: Vec<String> = [0, 1, 10, 100, 125, 1000, 1500, 60_000]
            .into_iter()
            .map(seconds)
            .collect();
        assert_eq!(
            said,
            ["0", "0.001", "0.01", "0.1", "0.125", "1", "1.5", "60"]
        );
    }

    #[test]
    fn every_placeholder_is_filled_in_every_program() {
        let scenario = Scenario {
            initial: 250,
            delay_ms: 40,
            ..Scenario::bank().with_tasks(7)
        };
        for &strategy in Strategy::ALL {
            let shown = python(&scenario.clone().with_strategy(strategy));
            assert!(!shown.contains("{{"), "{strategy}: {shown}");
            assert!(shown.contains("250"), "{strategy}: the initial balance");
            // Mistake 2 as printed has no I/O at all.
            let awaits_io = strategy.rust().contains(".io().await");
            assert_eq!(
                shown.contains("sleep(0.04)"),
                awaits_io,
                "{strategy}: the delay"
            );
            assert!(
                shown.contains("range(7)") || shown.contains("range(1, 7 + 1)"),
                "{strategy}"
            );
            assert!(
                shown.contains("(100)") || shown.contains(", 100)"),
                "{strategy}: the amount"
            );
        }
    }

    #[test]
    fn the_article_settings_give_the_article_program() {
        let shown = python(&Scenario::article());
        assert!(shown.contains("balance = 1000\n"));
        assert!(shown.contains("    await asyncio.sleep(0.1)        # SUSPEND (simulating I/O)\n"));
        assert!(shown.contains("credit(1) for _ in range(1000)"));
        assert!(shown.contains("# Expected: 2000"));
        // The bank's settings, and the comment keeps its column.
        let bank = python(&Scenario {
            delay_ms: 1500,
            ..Scenario::bank()
        });
        assert!(bank.contains("    await asyncio.sleep(1.5)        # SUSPEND (simulating I/O)\n"));
        assert!(bank.contains("credit(100) for _ in range(5)"));
        assert!(bank.contains("# Expected: 1500"));
    }

    #[test]
    fn per_task_timing_is_said_not_hidden() {
        let plain = python(&Scenario::bank());
        assert!(plain.starts_with("import asyncio"));
        let jittered = python(&Scenario {
            jitter_ms: 40,
            seed: 7,
            ..Scenario::bank()
        });
        assert!(jittered.starts_with("# This run gives I/O delays of 100 ms ± 40 ms (seed 7)"));
    }
}
