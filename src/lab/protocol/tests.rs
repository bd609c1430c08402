use super::*;
use crate::sim::explore::Ending as ScheduleEnding;
use crate::sim::{simulate, Scenario, Strategy};

fn crosses(request: Request) {
    assert_eq!(Request::decode(&request.encode()), Ok(request));
}

fn answer_crosses(answer: Answer) {
    assert_eq!(Answer::decode(&answer.encode()), Ok(answer));
}

/// The explorer's answer crosses inside its message, and opens as it was.
fn opens(explored: Explored) {
    let answer = Answer::Explored(Packed::new(&explored));
    let Ok(Answer::Explored(packed)) = Answer::decode(&answer.encode()) else {
        panic!("the explorer's answer does not cross")
    };
    assert_eq!(packed.open(), Ok(explored));
}

fn explored() -> Explored {
    Explored {
        asyncio: Some(ScheduleEnding::Balance(1_001)),
        limit: (1_000, 3_000_000),
        exact: Ok(Counted {
            total: "150000000000000000000".to_owned(),
            states: 1_234,
            outcomes: vec![
                (
                    ScheduleEnding::Balance(-7),
                    "12".to_owned(),
                    "0101".to_owned(),
                ),
                (ScheduleEnding::Deadlock, "3".to_owned(), "01z".to_owned()),
                (ScheduleEnding::Unfinished, "1".to_owned(), String::new()),
            ],
        }),
        uniform: Some(Sample {
            draws: 10,
            steps: 40,
            counts: vec![(ScheduleEnding::Balance(1_002), 10, "1100".to_owned())],
        }),
        random: Sample {
            draws: 2,
            steps: 8,
            counts: vec![(ScheduleEnding::Deadlock, 2, "0011".to_owned())],
        },
        complete: true,
    }
}

#[test]
fn every_request_survives_the_crossing() {
    let query = "strategy=unsafe&tasks=5&name=%C3%A9t%C3%A9 ✓";
    crosses(Request::Run {
        id: 7,
        query: query.to_owned(),
    });
    crosses(Request::Live {
        id: 1 << 52,
        query: String::new(),
    });
    crosses(Request::Explore {
        query: query.to_owned(),
    });
    for ending in [
        ScheduleEnding::Balance(-1_000_000),
        ScheduleEnding::Deadlock,
        ScheduleEnding::Unfinished,
    ] {
        crosses(Request::Draw { id: 3, ending });
    }
}

#[test]
fn every_answer_survives_the_crossing() {
    let outcome =
        simulate(&Scenario::bank().with_strategy(Strategy::Lock).with_tasks(4)).expect("valid");
    let deadlock = simulate(&Scenario {
        tasks: 5,
        delay_ms: 10,
        ..Scenario::article().with_strategy(Strategy::OppositeOrder)
    })
    .expect("valid");
    answer_crosses(Answer::Ready);
    for ending in [outcome.ending.clone(), deadlock.ending.clone(), None] {
        answer_crosses(Answer::Run {
            id: 2,
            query: "tasks=4".to_owned(),
            events: outcome.trace.clone(),
            elapsed_ms: 1_234,
            ending: ending.clone(),
        });
        answer_crosses(Answer::Live {
            id: 3,
            query: String::new(),
            events: deadlock.trace.clone(),
            elapsed_ms: 0,
            ending,
        });
    }
    answer_crosses(Answer::Progress {
        expanded: 10,
        states: 900_000,
    });
    for explored in [explored(), Explored::default()] {
        opens(explored);
    }
    for exact in [
        Err(NotCounted::Tasks(40)),
        Err(NotCounted::States {
            estimate: 10_000_000,
            budget: 250_000,
        }),
        Err(NotCounted::Stopped(
            "too deep: \"50\" steps \\ ✓".to_owned(),
        )),
    ] {
        opens(Explored {
            exact,
            uniform: None,
            asyncio: None,
            complete: false,
            ..explored()
        });
    }
    answer_crosses(Answer::Drawn {
        id: 4,
        order: "0a1z".to_owned(),
    });
    answer_crosses(Answer::Failed {
        id: Some(9),
        why: "the run's settings were refused".to_owned(),
    });
    answer_crosses(Answer::Failed {
        id: None,
        why: String::new(),
    });
}

/// Every cut, and every number replaced by something out of place, is
/// refused or read: never a panic.
#[test]
fn malformed_messages_are_refused_never_a_panic() {
    assert_eq!(Request::decode(&[]), Err(Malformed));
    assert_eq!(Answer::decode(&[]), Err(Malformed));
    assert_eq!(Request::decode(&[9.0]), Err(Malformed), "no such request");
    assert_eq!(Answer::decode(&[0.5]), Err(Malformed), "not a whole kind");
    assert_eq!(Answer::decode(&[0.0, 0.0]), Err(Malformed), "left over");
    assert_eq!(
        Request::decode(&[2.0, 1e300]),
        Err(Malformed),
        "a text longer than the message"
    );
    assert_eq!(
        Request::decode(&[2.0, 1.0, f64::from(0xD800)]),
        Err(Malformed),
        "a surrogate is no character"
    );
    assert_eq!(Request::decode(&[0.0, f64::NAN, 0.0]), Err(Malformed));
    assert_eq!(Request::decode(&[0.0, -1.0, 0.0]), Err(Malformed));
    let whole = Packed::new(&explored()).0;
    let run = Answer::Run {
        id: 1,
        query: "q".to_owned(),
        events: simulate(&Scenario::bank().with_tasks(2))
            .expect("valid")
            .trace,
        elapsed_ms: 5,
        ending: None,
    }
    .encode();
    let draw = Request::Draw {
        id: 1,
        ending: ScheduleEnding::Deadlock,
    }
    .encode();
    // 0: a request, 1: an answer, 2: the explorer's answer inside one.
    let decode = |message: &[f64], which: u8| match which {
        0 => Request::decode(message).err(),
        1 => Answer::decode(message).err(),
        _ => Packed(message.to_vec()).open().err(),
    };
    for (message, answer) in [(whole, 2), (run, 1), (draw, 0)] {
        assert_eq!(decode(&message, answer), None, "whole, it is read");
        for cut in 0..message.len() {
            assert_eq!(
                decode(&message[..cut], answer),
                Some(Malformed),
                "cut at {cut}"
            );
        }
        for at in 0..message.len() {
            for odd in [f64::NAN, -1.0, 0.5, 1e300, 99.0, f64::INFINITY] {
                let mut changed = message.clone();
                changed[at] = odd;
                let _ = decode(&changed, answer);
            }
        }
    }
}
