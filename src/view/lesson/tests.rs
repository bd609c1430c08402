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
    for text in TEXTS {
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
    for (i, (step, text)) in STEPS.iter().zip(TEXTS).enumerate() {
        let scenario = (step.scenario)();
        let outcome = simulate(&scenario).expect("valid");
        let money = crate::view::text::money(outcome.final_balance);
        let completed = outcome.ending == Some(crate::sim::Ending::Completed);
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
                    let correct = scenario.initial + scenario.amount * i64::from(scenario.tasks);
                    if *balance == correct {
                        continue;
                    }
                    let phrase = format!("{count} end at {}", crate::view::text::money(*balance));
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
        if let Some(name) = text.challenge {
            let number = crate::view::challenge::find(name).expect("a level");
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
