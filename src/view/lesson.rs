//! The guided lesson: the article, step by step. Each step sets up the
//! playground and asks for a prediction before the run reveals the answer.
//! What each step says is data, in `texts`.

pub mod texts;

use std::cell::Cell;

use crate::sim::{Scenario, Strategy};
use texts::{StepText, TEXTS};

/// How many steps the lesson has.
pub const STEP_COUNT: usize = 15;

// One text per step (the texts are a slice so that their file needs
// nothing from this one).
const _: () = assert!(TEXTS.len() == STEP_COUNT);

/// What a step sets up and asks.
pub struct LessonStep {
    /// The prediction asked for before running; `None` for reading-only steps.
    pub question: Option<Question>,
    pub scenario: fn() -> Scenario,
    /// Index into `settings::SPEEDS`: slow where each event matters.
    pub speed: usize,
    /// A strategy the step invites the learner to switch to (the bank
    /// example's "press L"): still the step's own setup.
    pub also: Option<Strategy>,
}

/// What a step asks the learner to predict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// A number of dollars.
    FinalBalance,
    /// Yes (1) or no (0): a deadlock has no final balance to guess.
    WillItFinish,
    /// How many of every order the tasks' steps can run in end at the
    /// right balance: the schedule explorer answers, not one run.
    CorrectOrders,
    /// Yes (1) or no (0): does any order end at a wrong balance? The
    /// explorer answers.
    AnyOrderBreaks,
}

impl Question {
    pub fn text(self) -> &'static str {
        match self {
            Question::FinalBalance => "What will the final balance be?",
            Question::WillItFinish => "Will it finish?",
            Question::CorrectOrders => "How many of those orders end at the right balance?",
            Question::AnyOrderBreaks => "Is there an order that ends at a wrong balance?",
        }
    }

    /// Whether the answer comes from counting every order rather than from
    /// the run (the step then opens "All outcomes" with its run).
    pub fn explores(self) -> bool {
        matches!(self, Question::CorrectOrders | Question::AnyOrderBreaks)
    }

    /// The labels of a yes-or-no question's two answers, yes first.
    pub fn yes_and_no(self) -> Option<(&'static str, &'static str)> {
        match self {
            Question::WillItFinish => Some(("Yes, it finishes", "No, it never finishes")),
            Question::AnyOrderBreaks => {
                Some(("Yes, some order breaks it", "No, every order is right"))
            }
            Question::FinalBalance | Question::CorrectOrders => None,
        }
    }

    /// The right answer for a run that ended with `balance` and `completed`
    /// (`None` for the explorer's questions: see [`explored_answer`]).
    pub fn answer(self, balance: i64, completed: bool) -> Option<i64> {
        match self {
            Question::FinalBalance => Some(balance),
            Question::WillItFinish => Some(i64::from(completed)),
            Question::CorrectOrders | Question::AnyOrderBreaks => None,
        }
    }

    /// A guess as the learner gave it: "$1,200", "yes".
    pub fn guess_text(self, guess: i64) -> String {
        match (self, guess) {
            (Question::FinalBalance, _) => super::text::money(guess),
            (Question::WillItFinish, 0) => "it never finishes".to_owned(),
            (Question::WillItFinish, _) => "it finishes".to_owned(),
            (Question::CorrectOrders, _) => format!("{guess} orders"),
            (Question::AnyOrderBreaks, 0) => "no order breaks it".to_owned(),
            (Question::AnyOrderBreaks, _) => "some order breaks it".to_owned(),
        }
    }
}

/// The answer to one of the explorer's questions about `scenario`, from
/// the exact counts of every order (tiny for a lesson's three tasks).
pub fn explored_answer(question: Question, scenario: &Scenario) -> Option<i64> {
    let all = crate::sim::explore::explore(scenario).ok()?;
    match question {
        Question::CorrectOrders => all.correct().to_string().parse().ok(),
        Question::AnyOrderBreaks => Some(i64::from(all.correct() != *all.total())),
        Question::FinalBalance | Question::WillItFinish => None,
    }
}

/// How long the article's 1000 tasks take to arrive in [`arrivals`], and
/// the seed their start times are drawn from (one that gives $1,156).
pub const ARRIVALS_MS: u64 = 18_500;
pub const ARRIVALS_SEED: u64 = 2;

/// The article's program with its 1000 tasks arriving at random times over
/// [`ARRIVALS_MS`], as requests reach a server, instead of all at once.
/// The article's "sometimes $1156" needs this: with every task started
/// at once, asyncio runs every read before any I/O ends, so every task
/// writes $1,001 whatever its I/O takes (jitter changes nothing).
pub fn arrivals() -> Scenario {
    let scenario = Scenario::article();
    let mut rng = crate::sim::rng::SeededRng::new(ARRIVALS_SEED);
    let starts = (0..scenario.tasks)
        .map(|_| rng.uniform_inclusive(0, ARRIVALS_MS))
        .collect();
    Scenario {
        starts: Some(starts),
        ..scenario
    }
}

const FINAL: Option<Question> = Some(Question::FinalBalance);
const FINISH: Option<Question> = Some(Question::WillItFinish);

fn article(strategy: Strategy) -> Scenario {
    Scenario::article().with_strategy(strategy)
}

fn bank(strategy: Strategy) -> Scenario {
    Scenario::bank().with_strategy(strategy)
}

/// Three tasks adding $1 to $0: few enough orders to count by hand, and to
/// read in the explorer's bars.
fn three_from_zero(strategy: Strategy) -> Scenario {
    Scenario {
        tasks: 3,
        initial: 0,
        ..article(strategy)
    }
}

pub const STEPS: [LessonStep; STEP_COUNT] = [
    LessonStep {
        question: FINAL,
        scenario: || article(Strategy::Unsafe),
        speed: 10,
        also: None,
    },
    LessonStep {
        question: FINAL,
        scenario: || Scenario {
            tasks: 2,
            ..bank(Strategy::Unsafe)
        },
        speed: 2,
        also: None,
    },
    LessonStep {
        question: FINAL,
        scenario: || article(Strategy::Lock),
        speed: 11,
        also: None,
    },
    LessonStep {
        question: FINAL,
        scenario: || article(Strategy::Restructure),
        speed: 10,
        also: None,
    },
    LessonStep {
        question: FINAL,
        scenario: || Scenario {
            delay_ms: 1,
            ..article(Strategy::Counter)
        },
        speed: 10,
        also: None,
    },
    LessonStep {
        question: FINAL,
        scenario: || bank(Strategy::Unsafe),
        speed: 3,
        also: Some(Strategy::Lock),
    },
    LessonStep {
        question: FINAL,
        scenario: || article(Strategy::LockTooLate),
        speed: 11,
        also: None,
    },
    LessonStep {
        question: FINAL,
        scenario: || article(Strategy::LockTooNarrow),
        speed: 10,
        also: None,
    },
    LessonStep {
        question: FINAL,
        scenario: || article(Strategy::LockTooNarrowIo),
        speed: 10,
        also: None,
    },
    LessonStep {
        question: FINAL,
        scenario: || bank(Strategy::AwaitElsewhere),
        speed: 3,
        also: None,
    },
    LessonStep {
        question: FINISH,
        scenario: || Scenario {
            tasks: 2,
            delay_ms: 10,
            ..article(Strategy::OppositeOrder)
        },
        speed: 3,
        also: None,
    },
    LessonStep {
        question: FINISH,
        scenario: || Scenario {
            tasks: 2,
            delay_ms: 10,
            ..article(Strategy::ConsistentOrder)
        },
        speed: 3,
        also: None,
    },
    LessonStep {
        question: None,
        scenario: || article(Strategy::Restructure),
        speed: 10,
        also: None,
    },
    // Added after the checklist so that links to the steps above keep
    // their meaning.
    LessonStep {
        question: Some(Question::CorrectOrders),
        scenario: || three_from_zero(Strategy::Unsafe),
        speed: 2,
        also: None,
    },
    LessonStep {
        question: Some(Question::AnyOrderBreaks),
        scenario: || three_from_zero(Strategy::Lock),
        speed: 2,
        also: None,
    },
];

/// The learner's progress, as kept in localStorage: the step (from 1) and
/// the predictions so far. Text form: `step;p1,p2,...` with empty slots for
/// steps not predicted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub step: u32,
    pub predictions: Vec<Option<i64>>,
}

impl Progress {
    pub fn prediction(&self, step: u32) -> Option<i64> {
        self.predictions
            .get(step.checked_sub(1)? as usize)
            .copied()
            .flatten()
    }

    pub fn predict(&mut self, step: u32, value: i64) {
        let Some(index) = step.checked_sub(1).map(|i| i as usize) else {
            return;
        };
        if index >= STEP_COUNT {
            return;
        }
        if self.predictions.len() <= index {
            self.predictions.resize(index + 1, None);
        }
        self.predictions[index] = Some(value);
    }

    pub fn encode(&self) -> String {
        let predictions: Vec<String> = self
            .predictions
            .iter()
            .map(|p| p.map(|v| v.to_string()).unwrap_or_default())
            .collect();
        format!("{};{}", self.step, predictions.join(","))
    }

    /// Reads stored progress; anything malformed is no progress at all.
    pub fn decode(text: &str) -> Option<Self> {
        let (step, predictions) = text.split_once(';')?;
        let step: u32 = step.parse().ok()?;
        if step == 0 || step as usize > STEP_COUNT {
            return None;
        }
        let predictions = if predictions.is_empty() {
            Vec::new()
        } else {
            predictions
                .split(',')
                .take(STEP_COUNT)
                .map(|p| {
                    if p.is_empty() {
                        Ok(None)
                    } else {
                        p.parse().map(Some)
                    }
                })
                .collect::<Result<Vec<_>, _>>()
                .ok()?
        };
        Some(Self { step, predictions })
    }
}

thread_local! {
    static REGISTERED: Cell<Option<&'static [LessonStep; STEP_COUNT]>> = const { Cell::new(None) };
}

/// Makes the steps' setups known (the full app). The playground never
/// shows the lesson (a lesson link starts the full app, and a step reached
/// by Back is handed over to it), so the steps' setups stay out of its
/// first load: there, [`step`] finds none.
pub fn register() {
    REGISTERED.with(|steps| steps.set(Some(&STEPS)));
}

/// Step `number` (from 1), where the steps are registered; natively
/// (tests, tools) always.
pub fn step(number: u32) -> Option<&'static LessonStep> {
    let steps = if cfg!(target_arch = "wasm32") {
        REGISTERED.with(Cell::get)?
    } else {
        &STEPS
    };
    steps.get(number.checked_sub(1)? as usize)
}

pub fn text(number: u32) -> Option<&'static StepText> {
    TEXTS.get(number.checked_sub(1)? as usize)
}

#[cfg(test)]
mod tests;
