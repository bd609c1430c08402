use super::settings::{Preset, Speed};
use super::*;
use crate::sim::{simulate, simulate_with, Ending, Fifo, Outcome, Scenario, Strategy};
use crate::view::recording::{Recording, Shared};
use crate::view::settings::{Field, INSTANT};

/// The lab, answering at once: the run the page asks for, computed.
pub(super) fn lab(state: Rc<AppState>) -> Rc<AppState> {
    if !state.run.computing {
        return state;
    }
    let scenario = &state.settings().scenario;
    let outcome = simulate_with(scenario, &mut Fifo, run::PAGE_LIMITS).expect("valid");
    let run = state.run.id;
    let recording = Shared(Rc::new(Recording::finished(outcome)));
    state.reduce(Action::Happened(Happening::Computed { run, recording }))
}

pub(super) fn start() -> Rc<AppState> {
    lab(Rc::new(AppState::default()))
}

pub(super) fn act(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    lab(state.reduce(action))
}

pub(super) fn settings(command: SettingsCommand) -> Action {
    Action::Command(Command::Settings(command))
}

pub(super) fn playback(command: PlaybackCommand) -> Action {
    Action::Command(Command::Playback(command))
}

pub(super) fn lesson(command: LessonCommand) -> Action {
    Action::Command(Command::Lesson(command))
}

pub(super) fn advance(state: Rc<AppState>, due: usize) -> Rc<AppState> {
    act(state, Action::Happened(Happening::Advance(due)))
}

pub(super) fn balance(state: &AppState) -> i64 {
    let run = state.run.shown().expect("a run");
    run.balance(state.run.cursor)
}

/// Plays the current run to its end, as the instant speed would.
pub(super) fn play_to_end(state: Rc<AppState>) -> Rc<AppState> {
    let state = if state.run.status == Status::Playing {
        state
    } else {
        act(state, playback(PlaybackCommand::PlayPause))
    };
    advance(state, usize::MAX)
}

#[test]
fn quadratic_runs_stop_with_a_message() {
    let state = act(
        start(),
        settings(SettingsCommand::Set(Field::Tasks, 10_000)),
    );
    let state = act(
        state,
        settings(SettingsCommand::Strategy(Strategy::Optimistic)),
    );
    let state = play_to_end(state);
    let row = state.results.last().expect("a row");
    assert!(
        matches!(row.ending, Ending::Limit { .. }),
        "{:?}",
        row.ending
    );
}

#[test]
fn real_timers_stop_rather_than_pause_and_take_the_browsers_run() {
    let state = act(start(), settings(SettingsCommand::Preset(Preset::Bank)));
    let state = act(state, settings(SettingsCommand::RealTimers(true)));
    let state = act(state, playback(PlaybackCommand::PlayPause));
    assert_eq!(state.run.status, Status::Playing);
    let run = state.run.id;
    let state = advance(state, 100);
    assert_eq!(
        state.run.cursor, 0,
        "the playback clock does not drive real timers"
    );
    let state = act(state, playback(PlaybackCommand::PlayPause));
    assert_eq!(state.run.status, Status::Ready);
    assert_ne!(
        state.run.id, run,
        "a new run id drops the old run's handles"
    );
    let state = act(state, playback(PlaybackCommand::PlayPause));
    // What the browser reports is what is shown; a stopped run's report is not.
    let outcome = simulate(&Scenario::bank()).expect("valid");
    let so_far = Shared(Rc::new(Recording::new(Outcome {
        ending: None,
        ..outcome.clone()
    })));
    let stale = act(
        Rc::clone(&state),
        Action::Happened(Happening::Live {
            run,
            recording: so_far,
        }),
    );
    assert!(Rc::ptr_eq(&stale, &state));
    let ended = Shared(Rc::new(Recording::finished(outcome)));
    let current = state.run.id;
    let state = act(
        state,
        Action::Happened(Happening::Live {
            run: current,
            recording: ended,
        }),
    );
    assert_eq!(state.run.status, Status::Finished);
    assert_eq!(balance(&state), 1100);
    assert!(state
        .results
        .last()
        .is_some_and(|r| r.real_timers && r.final_balance == 1100));
}

#[test]
fn a_run_the_lab_cannot_do_stops_and_says_why() {
    let state = act(start(), settings(SettingsCommand::RealTimers(true)));
    let state = act(state, playback(PlaybackCommand::PlayPause));
    let run = state.run.id;
    let stale = act(
        Rc::clone(&state),
        Action::Happened(Happening::LabFailed {
            run: Some(run + 7),
            why: "old".to_owned(),
        }),
    );
    assert!(
        Rc::ptr_eq(&stale, &state),
        "a report for another run changes nothing"
    );
    let why = "the lab worker could not start".to_owned();
    let state = act(
        state,
        Action::Happened(Happening::LabFailed {
            run: Some(run),
            why,
        }),
    );
    assert_eq!(state.run.status, Status::Ready);
    let error = state.run.recording.as_ref().expect_err("no run");
    assert_eq!(error.to_string(), "the lab worker could not start");
    // Nothing to play until the settings change or the run is restarted.
    let state = act(state, playback(PlaybackCommand::PlayPause));
    assert_eq!(state.run.status, Status::Ready);
    let state = act(state, playback(PlaybackCommand::Restart));
    assert!(state.run.recording.is_ok(), "prepared again");
}

#[test]
fn the_help_dialog_holds_the_learners_commands_while_open() {
    let state = act(start(), Action::Help(None));
    let state = act(state, settings(SettingsCommand::ToggleLock));
    let state = act(state, playback(PlaybackCommand::Restart));
    assert_eq!(state.settings().scenario.strategy, Strategy::Unsafe);
    assert_eq!(state.run.status, Status::Ready);
    let state = act(state, Action::Help(Some(false)));
    let state = act(state, settings(SettingsCommand::ToggleLock));
    assert_eq!(state.settings().scenario.strategy, Strategy::Lock);
}

#[test]
fn two_hundred_runs_keep_fifty_rows() {
    let mut state = act(start(), settings(SettingsCommand::Preset(Preset::Bank)));
    for _ in 0..200 {
        state = play_to_end(act(state, playback(PlaybackCommand::Restart)));
    }
    assert_eq!(state.results.rows().len(), results::KEPT_RUNS);
    assert_eq!(state.results.dropped(), 150);
}

mod lesson;
mod playback;

#[test]
fn a_links_autorun_waits_until_the_page_is_seen() {
    let settings = Settings {
        autorun: true,
        ..Settings::from_scenario(&Scenario::bank())
    };
    let opened = Rc::new(AppState::new(settings, Vec::new()));
    assert!(opened.autorun_waiting);
    assert_eq!(opened.run.status, Status::Ready, "not playing out of sight");
    let seen = act(Rc::clone(&opened), Action::Happened(Happening::Seen));
    assert_eq!(seen.run.status, Status::Playing);
    assert!(!seen.autorun_waiting);
    // Seen again (scrolled away and back): nothing more happens.
    let again = seen.clone().reduce(Action::Happened(Happening::Seen));
    assert!(Rc::ptr_eq(&again, &seen));
    // A page without autorun does not start when seen.
    let plain = start();
    let seen_plain = plain.clone().reduce(Action::Happened(Happening::Seen));
    assert!(Rc::ptr_eq(&seen_plain, &plain));
    // A learner who pressed Run first is not interrupted.
    let pressed = act(opened, playback(PlaybackCommand::PlayPause));
    let pressed = act(pressed, playback(PlaybackCommand::PlayPause));
    assert_eq!(pressed.run.status, Status::Paused);
    let seen_late = act(pressed, Action::Happened(Happening::Seen));
    assert_eq!(seen_late.run.status, Status::Paused);
}

fn scheduler(command: SchedulerCommand) -> Action {
    Action::Command(Command::Scheduler(command))
}

#[test]
fn the_learners_schedule_is_shown_to_its_end_and_nothing_plays_by_itself() {
    use crate::view::challenge::level;
    use crate::view::scheduler::play;
    let program = Box::new(level(1).expect("level 1").scenario());
    let state = Rc::new(AppState::default()).reduce(scheduler(SchedulerCommand::Open {
        program,
        level: Some(1),
    }));
    assert!(state.settings().scheduler);
    assert_eq!(state.settings().challenge, Some(1));
    assert_eq!(state.run.status, Status::Ready);
    // The picks are played on the page: the lab is never asked for them.
    assert!(!state.run.computing, "the lab is not asked");
    let scenario = state.settings().scenario.clone();
    let half = play(&scenario, &[0, 1]).expect("plays");
    let state = state.reduce(scheduler(SchedulerCommand::Picks {
        picks: vec![0, 1],
        run: Shared(Rc::clone(&half.recording)),
    }));
    assert_eq!(state.run.status, Status::Paused);
    assert!(!state.run.computing);
    assert_eq!(state.run.cursor, half.recording.len());
    assert_eq!(
        state
            .settings()
            .scenario
            .order
            .as_ref()
            .map(ToString::to_string),
        Some("12".to_owned()),
        "the link carries the picks"
    );
    assert_eq!(state.results.rows().len(), 0);
    // The clock does not move it; told the same picks again, nothing changes.
    let same = Rc::clone(&state).reduce(Action::Happened(Happening::Advance(5)));
    assert!(Rc::ptr_eq(&same, &state));
    let again = Rc::clone(&state).reduce(scheduler(SchedulerCommand::Picks {
        picks: vec![0, 1],
        run: Shared(Rc::clone(&half.recording)),
    }));
    assert!(Rc::ptr_eq(&again, &state));
    // The last step ends the run: it is finished, and gets its row.
    let done = play(&scenario, &[0, 1, 0, 1]).expect("plays");
    let state = state.reduce(scheduler(SchedulerCommand::Picks {
        picks: vec![0, 1, 0, 1],
        run: Shared(Rc::clone(&done.recording)),
    }));
    assert_eq!(state.run.status, Status::Finished);
    assert!(!state.run.computing);
    assert_eq!(balance(&state), 1100);
    assert_eq!(state.results.rows().len(), 1);
    // Changing the program leaves the level, not the scheduler.
    let state = state.reduce(settings(SettingsCommand::ToggleLock));
    assert_eq!(state.settings().challenge, None);
    assert!(state.settings().scheduler);
    assert_eq!(state.settings().scenario.order, None);
    assert!(!state.run.computing);
}

#[test]
fn the_scheduler_opens_on_the_pages_program_or_a_level_and_leaves_it() {
    use crate::view::settings::Theme;
    let state = act(
        start(),
        settings(SettingsCommand::Display(Theme::Dark, true)),
    );
    let program = Box::new(state.settings().scenario.clone());
    let free = act(
        state,
        scheduler(SchedulerCommand::Open {
            program,
            level: None,
        }),
    );
    assert!(free.settings().scheduler && free.settings().challenge.is_none());
    assert_eq!(free.settings().scenario, start().settings().scenario);
    let level = crate::view::challenge::level(2).expect("level 2");
    let opened = act(
        free,
        scheduler(SchedulerCommand::Open {
            program: Box::new(level.scenario()),
            level: Some(2),
        }),
    );
    assert_eq!(opened.settings().challenge, Some(2));
    assert_eq!(opened.settings().scenario.tasks, 3);
    assert_eq!(
        opened.settings().theme,
        Theme::Dark,
        "how the page looks stays"
    );
    let left = opened.reduce(scheduler(SchedulerCommand::Leave));
    assert!(!left.settings().scheduler && left.settings().challenge.is_none());
    assert_eq!(left.settings().scenario.tasks, 3, "the program stays");
    // Off the scheduler, the lab computes the run again.
    assert!(left.run.computing);
}

/// The learner as the scheduler of their own program: the picks are the
/// page's `picks=`, the run the interpreter made of them is shown at its
/// end, and opening or leaving the scheduler starts from asyncio's order.
#[test]
fn the_learners_own_program_is_scheduled_by_its_picks() {
    use crate::view::learner::run_program_stepped;
    let text = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(credit(), credit())\nasyncio.run(main())\n";
    let program = crate::view::programs::keep(text);
    let state = act(start(), settings(SettingsCommand::Code(Some(program))));
    let state = act(
        state,
        settings(SettingsCommand::Picks(Some(Rc::from(vec![1u32, 0])))),
    );
    assert!(!state.settings().schedules_program());
    let opened = act(
        state,
        scheduler(SchedulerCommand::Open {
            program: Box::new(Scenario::article()),
            level: None,
        }),
    );
    assert!(opened.settings().schedules_program());
    assert_eq!(
        opened.settings().program,
        Some(program),
        "the program stays"
    );
    assert_eq!(opened.settings().picks, None, "scheduled from its start");
    let picked = act(opened, scheduler(SchedulerCommand::ProgramPicks(vec![0])));
    assert_eq!(picked.settings().picks.as_deref(), Some(&[0u32][..]));
    // The run so far, shown at its end, paused: it is not over.
    let run = run_program_stepped(text, &picked.settings().scenario, None, false, &[0]);
    let recording = Shared(Rc::new(run.recording().expect("it ran")));
    // A run the page has moved on from is not shown.
    let stale = act(
        Rc::clone(&picked),
        scheduler(SchedulerCommand::ProgramShown {
            run: picked.run.id - 1,
            recording: recording.clone(),
        }),
    );
    assert!(Rc::ptr_eq(&stale, &picked));
    let shown = act(
        Rc::clone(&picked),
        scheduler(SchedulerCommand::ProgramShown {
            run: picked.run.id,
            recording: recording.clone(),
        }),
    );
    assert_eq!(shown.run.status, Status::Paused);
    assert_eq!(shown.run.cursor, recording.len());
    assert!(
        !shown.run.computing,
        "the lab's answer for this run is not waited for"
    );
    // To the end: finished.
    let picks = vec![0, 0, 0];
    let state = act(
        shown,
        scheduler(SchedulerCommand::ProgramPicks(picks.clone())),
    );
    let run = run_program_stepped(text, &state.settings().scenario, None, false, &picks);
    let recording = Shared(Rc::new(run.recording().expect("it ran")));
    let id = state.run.id;
    let state = act(
        state,
        scheduler(SchedulerCommand::ProgramShown { run: id, recording }),
    );
    assert_eq!(state.run.status, Status::Finished);
    assert_eq!(balance(&state), 1);
    // No picks: none in the link.
    let back = act(state, scheduler(SchedulerCommand::ProgramPicks(Vec::new())));
    assert_eq!(back.settings().picks, None);
    let again = act(back, scheduler(SchedulerCommand::ProgramPicks(vec![1])));
    // The explorer's counterexample to a goal leaves the learner's own picks be.
    let counterexample: Rc<[u32]> = Rc::from(vec![0u32, 0, 0]);
    let kept = act(
        Rc::clone(&again),
        settings(SettingsCommand::Counterexample(Rc::clone(&counterexample))),
    );
    assert_eq!(kept.settings().picks, again.settings().picks);
    assert_eq!(kept.run.id, again.run.id, "nothing runs again");
    let left = act(again, scheduler(SchedulerCommand::Leave));
    assert!(!left.settings().scheduler);
    assert_eq!(
        (left.settings().program, left.settings().picks.clone()),
        (Some(program), None)
    );
    // Out of the scheduler, the counterexample plays in the lanes.
    let replayed = act(
        Rc::clone(&left),
        settings(SettingsCommand::Counterexample(counterexample)),
    );
    assert_eq!(
        replayed.settings().picks.as_deref(),
        Some(&[0u32, 0, 0][..])
    );
    // Picks belong to the learner's program: without one, none are kept.
    let built_in = act(start(), scheduler(SchedulerCommand::ProgramPicks(vec![1])));
    assert_eq!(built_in.settings().picks, None);
}

#[test]
fn how_the_page_looks_survives_a_preset_a_lesson_step_and_a_level() {
    use crate::view::settings::Theme;
    let state = act(
        start(),
        settings(SettingsCommand::Display(Theme::Dark, true)),
    );
    assert_eq!(
        (state.settings().theme, state.settings().present),
        (Theme::Dark, true)
    );
    let state = act(state, settings(SettingsCommand::Preset(Preset::Article)));
    assert_eq!(state.settings().scenario.tasks, 1000, "the preset ran");
    assert_eq!(
        (state.settings().theme, state.settings().present),
        (Theme::Dark, true)
    );
    let state = act(state, lesson(LessonCommand::Go(4)));
    assert_eq!(state.settings().lesson, Some(4));
    assert_eq!(
        (state.settings().theme, state.settings().present),
        (Theme::Dark, true)
    );
    let level = crate::view::challenge::level_settings(2, state.settings()).expect("a level");
    assert_eq!((level.theme, level.present), (Theme::Dark, true));
}

#[test]
fn a_run_handed_over_paused_shows_where_the_playground_stood() {
    // The playground's Rust tab loads the full app, which picks up the run
    // 7 events in, paused, once its lab has computed it.
    let mut state = AppState::default();
    state.run = Rc::new(state.run.paused_at(7));
    assert!(state.run.wanted(), "the lab is asked for the run at once");
    let state = lab(Rc::new(state));
    assert_eq!(state.run.cursor, 7);
    assert_eq!(state.run.status, run::Status::Paused);
    // At 0 events in, the run waits at its start as a fresh one does.
    let mut fresh = AppState::default();
    fresh.run = Rc::new(fresh.run.paused_at(0));
    assert_eq!(fresh.run.status, run::Status::Ready);
}

/// On the learner's program the lock switch stays on the program and
/// switches its locks; a strategy or a scenario leaves the program, and
/// with it the switch's state.
#[test]
fn a_schedule_replayed_is_the_programs_own() {
    let picks: Rc<[u32]> = Rc::from(vec![1, 0, 2]);
    // Without a program of the learner's, there is nothing to replay.
    let none = act(
        start(),
        settings(SettingsCommand::Picks(Some(Rc::clone(&picks)))),
    );
    assert_eq!(none.settings().picks, None);
    let program = crate::view::programs::keep("import asyncio\nlock = asyncio.Lock()\n");
    let state = act(start(), settings(SettingsCommand::Code(Some(program))));
    let replaying = act(
        state,
        settings(SettingsCommand::Picks(Some(Rc::clone(&picks)))),
    );
    assert_eq!(replaying.settings().picks, Some(Rc::clone(&picks)));
    assert_eq!(replaying.run.status, Status::Playing);
    // Back to asyncio's order; and the lock switch or an edit drops it.
    let back = act(
        Rc::clone(&replaying),
        settings(SettingsCommand::Picks(None)),
    );
    assert_eq!(back.settings().picks, None);
    let switched = act(Rc::clone(&replaying), settings(SettingsCommand::ToggleLock));
    assert_eq!(switched.settings().picks, None);
    let edited = crate::view::programs::keep("import asyncio\n# edited\n");
    let edited = act(replaying, settings(SettingsCommand::Code(Some(edited))));
    assert_eq!(edited.settings().picks, None);
}

#[test]
fn the_lock_switch_on_the_learners_program_keeps_the_program() {
    let program = crate::view::programs::keep("import asyncio\nlock = asyncio.Lock()\n");
    let state = act(start(), settings(SettingsCommand::Code(Some(program))));
    let strategy = state.settings().scenario.strategy;
    assert!(!state.settings().locks_off);

    let off = act(state, settings(SettingsCommand::ToggleLock));
    assert_eq!(off.settings().program, Some(program));
    assert!(off.settings().locks_off);
    // The built-in program behind it is not switched.
    assert_eq!(off.settings().scenario.strategy, strategy);
    assert_eq!(off.run.status, Status::Playing);

    // Running the program again (after an edit) keeps the switch.
    let edited = crate::view::programs::keep("import asyncio\nlock = asyncio.Lock()\n# edited\n");
    let again = act(off, settings(SettingsCommand::Code(Some(edited))));
    assert!(again.settings().locks_off);

    let on = act(Rc::clone(&again), settings(SettingsCommand::ToggleLock));
    assert!(!on.settings().locks_off);
    assert_eq!(on.settings().program, Some(edited));

    // The variable watched is the program's too, and runs it again.
    let watched = act(
        Rc::clone(&again),
        settings(SettingsCommand::Watch(Rc::from("hits"))),
    );
    assert_eq!(watched.settings().watch.as_deref(), Some("hits"));
    assert_eq!(watched.settings().program, Some(edited));
    assert_eq!(watched.run.status, Status::Playing);

    // A built-in strategy leaves the program, its switch and its variable.
    let left = act(watched, settings(SettingsCommand::Strategy(Strategy::Lock)));
    assert_eq!(left.settings().program, None);
    assert!(!left.settings().locks_off);
    assert_eq!(left.settings().watch, None);
    // There the switch flips the built-in program again.
    let flipped = act(left, settings(SettingsCommand::ToggleLock));
    assert_eq!(flipped.settings().scenario.strategy, Strategy::Unsafe);
    assert!(!flipped.settings().locks_off);
}
