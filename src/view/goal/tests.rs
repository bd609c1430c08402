use super::*;

#[test]
fn goals_read_back_what_they_write() {
    for text in [
        "correct",
        "no-lost-update",
        "no-deadlock",
        "balance:1300",
        "balance:-5",
        "correct,awaits-in-lock:0",
        "balance:2000,awaits-in-lock:1",
        "no-deadlock,locks:2",
        "correct,awaits-in-lock:0,locks:3",
    ] {
        let goal = Goal::parse(text).unwrap();
        assert_eq!(goal.to_link(), text);
    }
}

#[test]
fn a_goal_that_is_not_one_says_why() {
    for (text, says) in [
        ("", "is not a goal"),
        ("fast", "is not a goal"),
        ("balance:lots", "not a whole number"),
        ("balance:99999999999999999999", "not a whole number"),
        ("correct,awaits:1", "is not a bound"),
        ("correct,awaits-in-lock:-1", "is not a bound"),
        ("no-deadlock,locks:0", "is not a bound"),
        ("no-deadlock,locks:many", "is not a bound"),
    ] {
        let error = Goal::parse(text).unwrap_err();
        assert!(error.contains(says), "{text}: {error}");
    }
    assert!(Goal::parse(&"x".repeat(500))
        .unwrap_err()
        .contains("too long"));
}

#[test]
fn verdicts_cross_to_the_page_as_text() {
    for verdict in [
        Verdict::Proven("Proven: all 6 schedules end with balance = 3.".into()),
        Verdict::Unproven("Not proven.".into()),
        Verdict::Counterexample("Counterexample: 1 of 6.".into(), Rc::from(vec![1, 0, 2])),
        Verdict::Counterexample(
            "Counterexample: asyncio's order.".into(),
            Rc::from(Vec::new()),
        ),
    ] {
        assert_eq!(Verdict::from_text(&verdict.to_text()), Some(verdict));
    }
    assert_eq!(Verdict::from_text("maybe\tx\t"), None);
}
