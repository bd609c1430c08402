//! The guided lesson: the article, step by step. Each step sets up the
//! playground and asks for a prediction before the run reveals the answer.

use std::cell::Cell;

use crate::sim::{Scenario, Strategy};

/// How many steps the lesson has.
pub const STEP_COUNT: usize = 15;

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

/// What a step says.
pub struct StepText {
    pub title: &'static str,
    /// What to look at, in a few sentences.
    pub body: &'static str,
    /// Said after the run, beside the learner's guess.
    pub reveal: &'static str,
    /// Said once the run of `also` has finished.
    pub also_reveal: &'static str,
    /// Points shown as a numbered list after the body.
    pub checklist: &'static [&'static str],
    /// The "you are the scheduler" level where the learner can cause what
    /// the step shows, offered once the answer is revealed.
    pub challenge: Option<u32>,
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

/// The steps' words, apart from their setups: only the lesson's panel (in
/// the full app) reads them, so the playground does not download them.
pub const TEXTS: [StepText; STEP_COUNT] = [
    StepText {
        title: "The bug",
        body: "1000 tasks each credit $1 to a balance of $1,000. Each reads the balance, awaits 100 ms of I/O, then writes back what it read plus one. Nothing else is wrong with the code. When it runs, each square below is a task; the balance is above.",
        reveal: "$1,001, not $2,000. Every task read $1,000 before any task wrote, so every task wrote $1,001. 999 updates vanished without an error. The article says it got \"sometimes $1,001, sometimes $1,156\": not from this program. asyncio runs every task up to its await before any I/O ends, so all 1000 reads come first and the answer is $1,001 every time, however long each task's I/O takes (try Jitter in Money, timing and seed). Other balances need tasks that start at different times, as requests reach a server: one click below runs that. All outcomes shows every balance an order of the tasks can give.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(2),
    },
    StepText {
        title: "Why: state crosses an await",
        body: "Two tasks, $100 each. Press Step (or →) a few times. The sentence under the balance says what each step did, and the code beside the lanes marks the line each task is on: T1 reads, then suspends at its await; T2 runs and reads the same $1,000. Then both write. \"If state crosses an await, assume it is wrong until you check it again.\"",
        reveal: "$1,100. T2's write was computed from a read taken before T1's write landed, so it overwrote T1's update.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(1),
    },
    StepText {
        title: "Solution 1: a lock",
        body: "Now the read, the I/O and the write sit inside one asyncio.Lock. Watch the row named lock, just above the tasks: one task holds it, the others queue for it.",
        reveal: "$2,000, correct. But look at the virtual time: 100 s (100,000 ms). With the I/O inside the lock the tasks do their I/O one at a time, so the run is 1000 times longer. The article's \"5-12% overhead\" does not hold for this code.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(5),
    },
    StepText {
        title: "Solution 2: restructure",
        body: "Do the I/O first, then `balance += amount` with no await between the read and the write. Between two awaits a coroutine runs alone.",
        reveal: "$2,000 in 100 ms: correct and fast. All the I/O still overlaps; only the update is atomic, because nothing can interleave where there is no await.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(6),
    },
    StepText {
        title: "Solution 3: encapsulate",
        body: "The article's AsyncSafeCounter keeps the value and its lock together, so no caller can forget the lock. Its simulated work takes 1 ms, inside the lock.",
        reveal: "$2,000, in 1 s (1000 ms): correct, and serialised like Solution 1 because the work happens inside the lock.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(7),
    },
    StepText {
        title: "The bank example",
        body: "Five transactions of $100 on an account of $1,000, as in the article's production bug. Run it without the lock first.",
        reveal: "$1,100 without the lock: every transaction read $1,000, then they wrote in turn, T1 to T5, each $1,100. Only T5's write survived; four transactions were lost. Now press L (or the lock switch) to turn the lock on: it runs again.",
        also_reveal: "$1,500 with the lock: each transaction read what the one before it wrote. The runs table below keeps both runs side by side.",
        checklist: &[],
        challenge: None,
    },
    StepText {
        title: "Mistake 1: locking too late",
        body: "The lock is there, around the I/O and the write, but the read happens before it.",
        reveal: "$1,001. Every task read $1,000 before taking the lock; the lock only serialised the writes of stale values (and made the run 1000 times slower).",
        also_reveal: "",
        checklist: &[],
        challenge: Some(4),
    },
    StepText {
        title: "Mistake 2, exactly as the article writes it",
        body: "Read, then `async with lock:` around the write alone. The article calls this wrong. Think about what can run between the read and the write here.",
        reveal: "$2,000: nothing is lost! There is no await between the read and the write, and taking a free asyncio.Lock does not suspend, so no other task ever runs in between. The habit is still wrong: add any await before the lock, as in the next step, and it breaks.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(8),
    },
    StepText {
        title: "Mistake 2, with I/O before the lock",
        body: "The same narrow lock, but now the I/O comes between the read and the lock, as it would in real code.",
        reveal: "$1,001. The lock serialises the writes, but each was computed from a read taken before the await.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(9),
    },
    StepText {
        title: "Mistake 3: any await in between",
        body: "`temp = balance; await do_something_else(); balance = temp + 1`. The await has nothing to do with the balance.",
        reveal: "$1,100, the same loss as the bug: it is the bug. Any await between a read and a write of shared state lets other tasks run.",
        also_reveal: "",
        checklist: &[],
        challenge: None,
    },
    StepText {
        title: "Two locks, opposite order",
        body: "T1 takes lock_a then lock_b; T2 takes lock_b then lock_a, each with 10 ms of work in between.",
        reveal: "No, it never finishes: T1 holds lock_a and waits for lock_b, T2 holds lock_b and waits for lock_a. asyncio would wait forever; here the engine sees that no task can run and no timer is pending, and draws the cycle. The balance stays $1,000.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(10),
    },
    StepText {
        title: "The fix: one lock order",
        body: "Both tasks take lock_a first, then lock_b.",
        reveal: "Yes, with $1,002 in 20 ms. Whoever holds lock_a can always get lock_b eventually, so there is no cycle: T2 waits for lock_a, then runs.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(11),
    },
    StepText {
        title: "The checklist",
        body: "The article's checklist, with what the runs showed:",
        reveal: "",
        also_reveal: "",
        checklist: &[
            "Find all shared mutable state.",
            "Trace every read and every write of it.",
            "Look for an await between a read and the write that depends on it.",
            "If there is one, restructure so there is none: correct, and the I/O still overlaps.",
            "Or hold one lock across the whole read-await-write: correct, but the I/O runs one task at a time.",
            "Or put the state and its lock in one type, so no caller can forget the lock.",
            "Take several locks in one order only. Then try your own cases: every control is yours.",
        ],
        challenge: None,
    },
    StepText {
        title: "Every order, not just asyncio's",
        body: "Each run so far was one order: asyncio's, where equal delays let every task read before any wrote. Other timings give other orders. Here 3 tasks each add $1 to $0. A task can be overtaken only at an await (its start and its I/O), so its steps can interleave with the others' in 90 different orders.",
        reveal: "6 of 90: only the orders in which each task writes before the next one reads. 48 end at $1 and 36 end at $2. asyncio's own order, marked on its bar in All outcomes, is one of the 48: equal delays are the worst case. Choose a bar to watch, in the lanes, an order that gives it.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(3),
    },
    StepText {
        title: "Can any order break Solution 1?",
        body: "The same 3 tasks, now with Solution 1's lock held from the read, across the I/O, to the write. One run shows one order. The explorer can try them all.",
        reveal: "No: all 36 orders end at $3. While a task holds the lock across its await, the others queue for it and the lock passes to them in turn, so no read can fall between another task's read and write. Only the order of the updates varies. A test run shows one order; counting every order shows that none fails.",
        also_reveal: "",
        checklist: &[],
        challenge: Some(5),
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
mod tests {
    use super::*;
    use crate::sim::simulate;
    use crate::view::text::ungrouped_money;

    #[test]
    fn the_articles_1156_needs_tasks_that_arrive_over_time() {
        // As step 1's reveal says: however each task's I/O varies, every
        // read comes before any write, and the balance ends at $1,001...
        for jitter_ms in [10, 50, 100, 500] {
            let jittered = Scenario {
                jitter_ms,
                ..Scenario::article()
            };
            assert_eq!(simulate(&jittered).expect("valid").final_balance, 1001);
        }
        // ...and tasks that arrive over time end elsewhere: the one click
        // the reveal offers gives the article's $1,156.
        let arrived = simulate(&arrivals()).expect("valid");
        assert_eq!(arrived.final_balance, 1156);
        assert!(arrived.elapsed_ms > ARRIVALS_MS);
        assert!(TEXTS[0].reveal.contains("$1,156"));
    }

    #[test]
    fn every_step_writes_money_as_the_page_does() {
        for text in &TEXTS {
            let texts = [text.title, text.body, text.reveal, text.also_reveal]
                .into_iter()
                .chain(text.checklist.iter().copied());
            for said in texts {
                assert_eq!(ungrouped_money(said), None, "{}: {said}", text.title);
            }
        }
    }

    #[test]
    fn every_step_runs_and_its_reveal_gives_the_real_answer() {
        for (i, (step, text)) in STEPS.iter().zip(&TEXTS).enumerate() {
            let scenario = (step.scenario)();
            let outcome = simulate(&scenario).expect("valid");
            let money = crate::view::text::money(outcome.final_balance);
            let completed = outcome.ending == crate::sim::Ending::Completed;
            match step.question {
                Some(Question::FinalBalance) => assert!(
                    text.reveal.starts_with(&money),
                    "step {}: {} vs {money}",
                    i + 1,
                    text.reveal
                ),
                Some(Question::WillItFinish) => {
                    let said = if completed { "Yes" } else { "No" };
                    assert!(text.reveal.starts_with(said), "step {}", i + 1);
                    assert!(text.reveal.contains(&money), "step {}", i + 1);
                }
                Some(question @ Question::CorrectOrders) => {
                    let all = crate::sim::explore::explore(&scenario).expect("explores");
                    let answer = explored_answer(question, &scenario).expect("answers");
                    assert_eq!(answer.to_string(), all.correct().to_string());
                    let total = all.total().to_string();
                    assert!(
                        text.reveal.starts_with(&format!("{answer} of {total}:")),
                        "step {}: {} of {total}",
                        i + 1,
                        all.correct()
                    );
                    assert!(text.body.contains(&format!("in {total} different orders")));
                    // Every wrong outcome's count is the explorer's, and
                    // asyncio's own run is one of those it names.
                    let mut named_asyncio = false;
                    for (ending, count, _) in &all.outcomes {
                        let crate::sim::explore::Ending::Balance(balance) = ending else {
                            panic!("step {}: {ending:?}", i + 1);
                        };
                        let correct =
                            scenario.initial + scenario.amount * i64::from(scenario.tasks);
                        if *balance == correct {
                            continue;
                        }
                        let phrase =
                            format!("{count} end at {}", crate::view::text::money(*balance));
                        assert!(text.reveal.contains(&phrase), "step {}: {phrase}", i + 1);
                        if *balance == outcome.final_balance {
                            assert!(text.reveal.contains(&format!("is one of the {count}")));
                            named_asyncio = true;
                        }
                    }
                    assert!(named_asyncio, "step {}", i + 1);
                }
                Some(question @ Question::AnyOrderBreaks) => {
                    let all = crate::sim::explore::explore(&scenario).expect("explores");
                    let breaks = explored_answer(question, &scenario).expect("answers");
                    assert_eq!(breaks, i64::from(all.correct() != *all.total()));
                    let said = if breaks == 1 {
                        "Yes".to_owned()
                    } else {
                        format!("No: all {} orders end at {money}", all.total())
                    };
                    assert!(text.reveal.starts_with(&said), "step {}: {said}", i + 1);
                }
                None => {}
            }
            if let Some(also) = step.also {
                let variant = simulate(&scenario.clone().with_strategy(also)).expect("valid");
                let money = crate::view::text::money(variant.final_balance);
                assert!(text.also_reveal.starts_with(&money), "step {}", i + 1);
                // The first reveal must not give the variant's answer away.
                assert!(
                    !text.reveal.contains(&money),
                    "step {}: {}",
                    i + 1,
                    text.reveal
                );
            }
            assert!(step.speed < super::super::settings::SPEEDS.len());
            // A level the step links to exists, and plays what the step shows.
            if let Some(number) = text.challenge {
                let level = crate::view::challenge::level(number).expect("a level");
                let shows = [scenario.strategy, step.also.unwrap_or(scenario.strategy)];
                assert!(
                    shows.contains(&level.strategy),
                    "step {}: level {number}",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn a_yes_or_no_is_judged_by_whether_the_run_completed() {
        let question = Question::WillItFinish;
        assert_eq!(question.answer(1000, false), Some(0));
        assert_eq!(question.answer(1002, true), Some(1));
        assert_eq!(question.guess_text(0), "it never finishes");
        assert_eq!(Question::FinalBalance.answer(1100, true), Some(1100));
        // The explorer's questions are not answered by one run.
        assert_eq!(Question::CorrectOrders.answer(1, true), None);
        assert!(Question::AnyOrderBreaks.explores() && !question.explores());
        assert_eq!(Question::AnyOrderBreaks.guess_text(0), "no order breaks it");
        assert_eq!(Question::FinalBalance.guess_text(1200), "$1,200");
    }

    #[test]
    fn progress_round_trips_and_rejects_junk() {
        let mut progress = Progress {
            step: 4,
            predictions: Vec::new(),
        };
        progress.predict(1, 2000);
        progress.predict(3, 1500);
        progress.predict(99, 1);
        let text = progress.encode();
        assert_eq!(text, "4;2000,,1500");
        assert_eq!(Progress::decode(&text), Some(progress.clone()));
        assert_eq!(progress.prediction(2), None);
        assert_eq!(progress.prediction(3), Some(1500));
        for junk in ["", "x;1", "0;", "99;", "3;a,b", "3"] {
            assert_eq!(Progress::decode(junk), None, "{junk:?}");
        }
    }
}
