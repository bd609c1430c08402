//! What the playground hands to the full app when the learner opens a tool.
//!
//! The page's first load is the playground alone; the lesson, the detailed
//! settings and sharing come with the full app, which the page loads when
//! one of them is opened. The full app starts from the page's link (the
//! settings) and from this: which tool to open, and the runs table so far.
//! It crosses as numbers (`static/boot.js` passes them along untouched).

use super::state::results::Results;

/// A tool the playground does not carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// The guided lesson, at a step (from 1).
    Lesson(u32),
    /// Money, timing and seed, real timers, and the link and embed code.
    Settings,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Handoff {
    pub tool: Option<Tool>,
    pub results: Results,
}

impl Handoff {
    /// The tool (0 none, 1 settings, 2 + step the lesson), then the runs table.
    pub fn to_numbers(&self) -> Vec<f64> {
        let tool = match self.tool {
            None => 0.0,
            Some(Tool::Settings) => 1.0,
            Some(Tool::Lesson(step)) => 2.0 + f64::from(step),
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
        let tool = match tool as u32 {
            0 => None,
            1 => Some(Tool::Settings),
            n => Some(Tool::Lesson(n - 2)),
        };
        Self {
            tool,
            results: Results::from_numbers(results).unwrap_or_default(),
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
        let results = (*Results::default().with(&run, false)).clone();
        for tool in [None, Some(Tool::Lesson(6)), Some(Tool::Settings)] {
            let handoff = Handoff {
                tool,
                results: results.clone(),
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
