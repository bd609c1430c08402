//! What the playground hands to the full app when the learner opens a tool.
//!
//! The page's first load is the playground alone: the article's story at a
//! size where every read and write is drawn (up to 12 tasks, one lock). The
//! grid for bigger runs, the two-lock programs, the keyboard help, the
//! lesson, the detailed settings and sharing come with the full app, which
//! the page loads when one of them is wanted. The full app starts from the page's link (the
//! settings) and from this: which tool to open, and the runs table so far.
//! It crosses as numbers (`static/boot.js` passes them along untouched).

use super::settings::Notice;
use super::state::results::Results;

/// A tool the playground does not carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// The guided lesson, at a step (from 1).
    Lesson(u32),
    /// Money, timing and seed, real timers, and the link and embed code.
    Settings,
    /// The keyboard help.
    Help,
    /// The Rust tab of the code pane: the Rust sources come with the full
    /// app, which shows the run where the playground stood (`at` events in).
    Rust { at: usize },
    /// The views the playground does not draw: the grid (more than 12
    /// tasks) and the two-lock programs' deadlock panel; `play`: the run
    /// was asked to play (a preset, Run), so the full app plays it.
    Views { play: bool },
    /// The learner's own program: the code pane's Python, editable.
    Edit,
}

/// The first number of a lesson's code: `LESSON + step`.
const LESSON: f64 = 10.0;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Handoff {
    pub tool: Option<Tool>,
    pub results: Results,
    /// The notices on screen: the playground has tidied the link by then,
    /// so the full app could not read them from it again. They cross as
    /// text beside the numbers ([`Notice::to_text`]).
    pub notices: Vec<Notice>,
}

impl Handoff {
    /// The tool (0 none, 1 settings, 2 help, 3 views, 4 views playing,
    /// 5 edit, 10 + step the lesson), then the runs table.
    pub fn to_numbers(&self) -> Vec<f64> {
        let tool = match self.tool {
            None => 0.0,
            Some(Tool::Settings) => 1.0,
            Some(Tool::Help) => 2.0,
            // Below zero: the count of events shown rides along.
            Some(Tool::Rust { at }) => -1.0 - at as f64,
            Some(Tool::Views { play }) => 3.0 + f64::from(u8::from(play)),
            Some(Tool::Edit) => 5.0,
            Some(Tool::Lesson(step)) => LESSON + f64::from(step),
        };
        let mut out = vec![tool];
        out.extend(self.results.to_numbers());
        out
    }

    /// A handoff back from [`Handoff::to_numbers`]. Whatever cannot be read
    /// is left out: the full app then starts as a link would start it.
    pub fn from_numbers(numbers: &[f64]) -> Self {
        let Some((&tool, results)) = numbers.split_first() else {
            return Self::default();
        };
        if tool < 0.0 && tool.is_finite() {
            let at = (-1.0 - tool).max(0.0) as usize;
            return Self {
                tool: Some(Tool::Rust { at }),
                results: Results::from_numbers(results).unwrap_or_default(),
                notices: Vec::new(),
            };
        }
        let tool = match tool as u32 {
            1 => Some(Tool::Settings),
            2 => Some(Tool::Help),
            3 => Some(Tool::Views { play: false }),
            4 => Some(Tool::Views { play: true }),
            5 => Some(Tool::Edit),
            n if n > LESSON as u32 => Some(Tool::Lesson(n - LESSON as u32)),
            _ => None,
        };
        Self {
            tool,
            results: Results::from_numbers(results).unwrap_or_default(),
            notices: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Scenario};
    use crate::view::recording::Recording;

    #[test]
    fn the_tool_and_the_runs_cross_over() {
        let run = Recording::finished(simulate(&Scenario::bank()).expect("valid"));
        let results = (*Results::default().with(&run, false, false)).clone();
        for tool in [
            None,
            Some(Tool::Lesson(6)),
            Some(Tool::Lesson(1)),
            Some(Tool::Settings),
            Some(Tool::Help),
            Some(Tool::Views { play: false }),
            Some(Tool::Views { play: true }),
            Some(Tool::Rust { at: 0 }),
            Some(Tool::Rust { at: 17 }),
        ] {
            let handoff = Handoff {
                tool,
                results: results.clone(),
                notices: Vec::new(),
            };
            assert_eq!(Handoff::from_numbers(&handoff.to_numbers()), handoff);
        }
    }

    #[test]
    fn a_garbled_handoff_starts_the_full_app_plainly() {
        assert_eq!(Handoff::from_numbers(&[]), Handoff::default());
        let garbled = Handoff::from_numbers(&[1.0, 5.0, 1.0, 99.0]);
        assert_eq!(garbled.tool, Some(Tool::Settings));
        assert_eq!(garbled.results, Results::default());
    }
}
