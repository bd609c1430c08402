use super::*;
use crate::sim::Strategy;

fn parse(query: &[(&str, &str)]) -> (Settings, Vec<Notice>) {
    Settings::from_pairs(query.iter().copied())
}

#[test]
fn a_link_that_names_no_program_opens_on_the_bank_example() {
    for query in [&[][..], &[("autorun", "1"), ("embed", "1")][..]] {
        let (settings, notices) = parse(query);
        assert!(notices.is_empty());
        assert_eq!(settings.scenario, Scenario::bank(), "{query:?}");
        assert_eq!(
            settings.speed,
            Settings::from_scenario(&Scenario::bank()).speed
        );
    }
    let (fast, _) = parse(&[("speed", "14")]);
    assert_eq!((fast.scenario, fast.speed), (Scenario::bank(), INSTANT));
    // Naming any part of the program keeps the article's defaults for the
    // rest, as every link made before this rule did.
    let (lock, _) = parse(&[("strategy", "lock")]);
    assert_eq!(
        lock.scenario,
        Scenario::article().with_strategy(Strategy::Lock)
    );
    let (delay, _) = parse(&[("delay", "40")]);
    assert_eq!(delay.scenario.tasks, 1000);
    // Even a refused value names the program: it falls back to the article.
    let (refused, notices) = parse(&[("tasks", "many")]);
    assert_eq!((refused.scenario.tasks, notices.len()), (1000, 1));
}

#[test]
fn settings_survive_a_round_trip_through_pairs() {
    let mut settings = Settings {
        scenario: Scenario {
            strategy: Strategy::LockTooLate,
            initial: 50,
            amount: 7,
            jitter_ms: 20,
            seed: u64::MAX,
            ..Scenario::article()
        },
        autorun: true,
        embed: true,
        real_timers: true,
        ..Settings::default()
    };
    settings.set_tasks(3);
    settings.scenario.delays = Some(vec![5, 0, 9]);
    settings.scenario.starts = Some(vec![0, 10, 0]);
    let pairs = settings.to_pairs();
    let (back, notices) = Settings::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(back, settings);
}

#[test]
fn bad_values_fall_back_and_name_the_parameter() {
    let (settings, notices) = parse(&[
        ("tasks", "1000000000000"),
        ("delay", "soon"),
        ("strategy", "mutex"),
        ("amount", "-99999999999999999999"),
        ("starts", "1,2"),
        ("colour", "red"),
        ("speed", "0"),
    ]);
    let named: Vec<&str> = notices.iter().map(|n| n.parameter.as_str()).collect();
    assert_eq!(
        named,
        vec!["tasks", "delay", "strategy", "amount", "colour", "speed", "starts"]
    );
    assert!(notices[0].message.contains("1 to 10000"), "{}", notices[0]);
    assert!(
        notices[0].message.ends_with("using the default"),
        "{}",
        notices[0]
    );
    assert_eq!(settings.scenario.tasks, 1000);
    assert_eq!(settings.scenario.strategy, Strategy::Unsafe);
    assert_eq!(settings.scenario.starts, None);
    assert!(settings.scenario.validate().is_ok());
}

#[test]
fn negative_counts_and_empty_values_are_refused() {
    let (settings, notices) = parse(&[("tasks", "-5"), ("seed", ""), ("delays", "")]);
    assert_eq!(notices.len(), 3);
    assert_eq!(settings.scenario.tasks, 1000);
}

#[test]
fn list_length_is_checked_against_tasks_given_later() {
    let (settings, notices) = parse(&[("delays", "10,20"), ("tasks", "2")]);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(settings.scenario.delays, Some(vec![10, 20]));
}

#[test]
fn an_unknown_strategy_falls_back_to_unsafe_even_with_the_lock_shorthand() {
    let (settings, notices) = parse(&[("strategy", "bogus"), ("lock", "1")]);
    assert_eq!(settings.scenario.strategy, Strategy::Unsafe);
    assert!(notices[0].message.contains("using unsafe"));
}

#[test]
fn lock_shorthand_yields_to_an_explicit_strategy_in_any_order() {
    for query in [
        [("lock", "1"), ("strategy", "restructure")],
        [("strategy", "restructure"), ("lock", "1")],
    ] {
        let (settings, notices) = parse(&query);
        assert_eq!(settings.scenario.strategy, Strategy::Restructure);
        assert_eq!(notices[0].parameter, "lock");
    }
    let (settings, notices) = parse(&[("lock", "on")]);
    assert_eq!(settings.scenario.strategy, Strategy::Lock);
    assert!(notices.is_empty());
}

#[test]
fn a_lesson_link_is_just_the_step() {
    let settings = Settings {
        lesson: Some(4),
        embed: true,
        ..Settings::default()
    };
    let pairs = settings.to_pairs();
    assert_eq!(
        pairs,
        vec![("lesson", "4".to_owned()), ("embed", "1".to_owned())]
    );
    let (back, notices) = Settings::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    assert!(notices.is_empty());
    assert_eq!((back.lesson, back.embed), (Some(4), true));
}

#[test]
fn a_lesson_link_says_which_parameters_it_overrides() {
    let (_, notices) = parse(&[
        ("lesson", "3"),
        ("tasks", "7"),
        ("delay", "5"),
        ("speed", "2"),
        ("tasks", "8"),
    ]);
    assert_eq!(notices.len(), 1);
    assert!(
        notices[0]
            .message
            .contains("tasks, delay, speed were ignored"),
        "{}",
        notices[0]
    );
}

#[test]
fn lock_toggle_flips_between_the_bug_and_the_lock() {
    let mut settings = Settings::default();
    settings.toggle_lock();
    assert_eq!(settings.scenario.strategy, Strategy::Lock);
    settings.toggle_lock();
    assert_eq!(settings.scenario.strategy, Strategy::Unsafe);
    settings.scenario.strategy = Strategy::Restructure;
    settings.toggle_lock();
    assert_eq!(settings.scenario.strategy, Strategy::Lock);
    // Two locks: the switch is "Same lock order".
    settings.scenario.strategy = Strategy::OppositeOrder;
    settings.toggle_lock();
    assert_eq!(settings.scenario.strategy, Strategy::ConsistentOrder);
    settings.toggle_lock();
    assert_eq!(settings.scenario.strategy, Strategy::OppositeOrder);
}

#[test]
fn speed_for_makes_small_runs_slow_and_big_runs_fast() {
    assert!(SPEEDS[speed_for(30)] <= 4);
    assert!(SPEEDS[speed_for(6000)] >= 500);
    assert!(speed_for(usize::MAX) < INSTANT);
}

#[test]
fn the_form_and_the_link_accept_the_same_numbers() {
    // Seeds span the whole of u64, in the form as in a link.
    assert_eq!(
        Field::Seed.parse("18446744073709551615"),
        Ok(i128::from(u64::MAX))
    );
    assert!(Field::Seed.parse("18446744073709551616").is_err());
    assert!(Field::Seed.parse("-1").is_err());
    assert_eq!(Field::Amount.parse(" -1,000 "), Ok(-1000));
    assert_eq!(Field::Tasks.parse("10_000"), Ok(10_000));
    for field in Field::ALL {
        let (min, max) = field.range();
        assert_eq!(field.parse(&min.to_string()), Ok(min), "{field:?}");
        assert_eq!(field.parse(&max.to_string()), Ok(max), "{field:?}");
        let notice = field.parse(&(max + 1).to_string()).expect_err("too big");
        assert_eq!(notice.parameter, field.key());
        assert!(
            notice.message.contains(&format!("from {min} to {max}")),
            "{notice}"
        );
        assert_eq!(field.range_text(), format!("{min} to {max}"));
        assert_eq!(field.text(&settings_with(field, min)), min.to_string());
        let mut settings = Settings::default();
        field.set(&mut settings, max);
        assert_eq!(field.get(&settings), max, "{field:?}");
    }
}

fn settings_with(field: Field, value: i128) -> Settings {
    let mut settings = Settings::default();
    field.set(&mut settings, value);
    settings
}

#[test]
fn signs_are_single_and_in_front() {
    for bad in ["--5", "-+5", "+-5", "5-", "1e3", "0x10", ""] {
        assert!(Field::Amount.parse(bad).is_err(), "{bad:?}");
    }
    assert_eq!(Field::Amount.parse("+5"), Ok(5));
    assert_eq!(Field::Amount.parse("-0"), Ok(0));
}

#[test]
fn hostile_values_come_back_printable_and_short() {
    let essay = "<script>alert(1)</script>".repeat(20);
    let (_, notices) = parse(&[("tasks", essay.as_str()), ("b\u{7}ad", "1")]);
    assert!(notices[0].message.chars().count() < 120, "{}", notices[0]);
    assert!(notices[0].message.contains('…'));
    assert_eq!(notices[1].parameter, "b\u{fffd}ad");
}

/// The lab runs what `run_pairs` says. A lesson's link names only its
/// step, so the lab must be told the step's own program: every step, read
/// back from its run pairs, is the scenario the step sets up.
#[test]
fn the_run_pairs_of_every_lesson_step_describe_its_own_program() {
    for (number, step) in crate::view::lesson::STEPS.iter().enumerate() {
        let mut settings = Settings::from_scenario(&(step.scenario)());
        settings.lesson = Some(number as u32 + 1);
        assert_eq!(settings.to_pairs()[0].0, "lesson", "the link is the step");
        let pairs = settings.run_pairs();
        let (back, notices) = Settings::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert!(notices.is_empty(), "step {}: {notices:?}", number + 1);
        assert_eq!(back.scenario, (step.scenario)(), "step {}", number + 1);
    }
}

#[test]
fn a_bare_switch_is_on_but_a_blank_one_is_refused() {
    let (bare, notices) = parse(&[("embed", ""), ("real", " 1 ")]);
    assert!(bare.embed && bare.real_timers);
    assert!(notices.is_empty(), "{notices:?}");
    let (blank, notices) = parse(&[("real", "\r\n\t"), ("autorun", " ")]);
    assert!(!blank.real_timers && !blank.autorun);
    let refused: Vec<&str> = notices.iter().map(|n| n.parameter.as_str()).collect();
    assert_eq!(refused, ["real", "autorun"]);
}

#[test]
fn a_notice_crosses_to_the_full_app_as_one_line() {
    let notice = Notice::new(
        "tasks",
        "expected a whole number from 1 to 10000; using the default",
    );
    assert_eq!(Notice::from_text(&notice.to_text()), Some(notice));
    assert_eq!(Notice::from_text("no separator"), None);
}
