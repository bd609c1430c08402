use super::settings::{Preset, Speed};
use super::*;
use crate::sim::{simulate, simulate_with, Ending, Fifo, Scenario, Strategy};
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
fn bank_then_lock_toggle_gives_1100_then_1500() {
    let state = act(start(), settings(SettingsCommand::Preset(Preset::Bank)));
    assert_eq!(state.run.status, Status::Playing);
    let state = advance(state, usize::MAX);
    assert_eq!(state.run.status, Status::Finished);
    assert_eq!(balance(&state), 1100);
    let state = advance(
        act(state, settings(SettingsCommand::ToggleLock)),
        usize::MAX,
    );
    assert_eq!(balance(&state), 1500);
    let finals: Vec<i64> = state.results.rows().map(|r| r.final_balance).collect();
    assert_eq!(finals, vec![1100, 1500]);
}

#[test]
fn advancing_moves_the_cursor_and_shares_everything_else() {
    let state = act(start(), settings(SettingsCommand::Preset(Preset::Bank)));
    let next = advance(Rc::clone(&state), 3);
    assert_eq!(next.run.cursor, 3);
    // One run, one recording: a frame copies nothing but the cursor.
    let (before, after) = (
        state.run.shown().expect("run"),
        next.run.shown().expect("run"),
    );
    assert!(Rc::ptr_eq(&before.0, &after.0));
    assert!(Rc::ptr_eq(&state.settings, &next.settings));
    assert!(Rc::ptr_eq(&state.results, &next.results));
    assert!(Rc::ptr_eq(&state.progress, &next.progress));
}

#[test]
fn a_reduce_that_changes_nothing_hands_back_the_same_state() {
    let state = start();
    let paused = act(Rc::clone(&state), playback(PlaybackCommand::Step));
    for action in [
        Action::Happened(Happening::Advance(5)), // not playing
        Action::Help(Some(false)),               // already closed
        lesson(LessonCommand::Next),             // not in the lesson
        settings(SettingsCommand::DismissNotices),
        settings(SettingsCommand::Strategy(Strategy::Unsafe)),
        settings(SettingsCommand::Set(Field::Tasks, 1000)),
    ] {
        let next = Rc::clone(&paused).reduce(action.clone());
        assert!(Rc::ptr_eq(&next, &paused), "{action:?} changed the state");
    }
    let fastest = act(state, settings(SettingsCommand::Speed(Speed::To(INSTANT))));
    let again = Rc::clone(&fastest).reduce(settings(SettingsCommand::Speed(Speed::Faster)));
    assert!(Rc::ptr_eq(&fastest, &again));
}

#[test]
fn a_run_plays_once_the_lab_has_computed_it() {
    let waiting = Rc::new(AppState::default());
    assert!(waiting.run.computing);
    // The ready view needs nothing from the lab: the scenario is enough.
    let placeholder = waiting.run.shown().expect("a placeholder");
    assert_eq!((placeholder.len(), placeholder.tasks()), (0, 1000));
    let playing = waiting.reduce(playback(PlaybackCommand::PlayPause));
    assert_eq!(playing.run.status, Status::Playing);
    let still = Rc::clone(&playing).reduce(Action::Happened(Happening::Advance(50)));
    assert!(
        Rc::ptr_eq(&still, &playing),
        "nothing to advance through yet"
    );
    // An answer for another run changes nothing.
    let outcome = simulate(&Scenario::article()).expect("valid");
    let stale = Happening::Computed {
        run: playing.run.id + 1,
        recording: Shared(Rc::new(Recording::finished(outcome))),
    };
    let same = Rc::clone(&playing).reduce(Action::Happened(stale));
    assert!(Rc::ptr_eq(&same, &playing));
    let computed = lab(playing);
    assert!(!computed.run.computing);
    assert_eq!(
        computed.run.status,
        Status::Playing,
        "the press of Run stands"
    );
    let moved = advance(computed, 50);
    assert_eq!(moved.run.cursor, 50);
}

#[test]
fn steps_asked_for_before_the_lab_answers_show_on_arrival() {
    let waiting = Rc::new(AppState::default());
    assert!(
        !waiting.run.wanted(),
        "the ready view does not need the lab"
    );
    let stepped = waiting.reduce(playback(PlaybackCommand::Step));
    assert!(stepped.run.wanted() && stepped.run.computing);
    assert_eq!(stepped.run.status, Status::Paused);
    let computed = lab(stepped.clone());
    assert_eq!(
        (computed.run.status, computed.run.cursor),
        (Status::Paused, 1)
    );
    // Three presses while the lab works are three events, not one.
    let stepped = stepped
        .reduce(playback(PlaybackCommand::Step))
        .reduce(playback(PlaybackCommand::Step));
    let computed = lab(stepped);
    assert_eq!(
        (
            computed.run.status,
            computed.run.cursor,
            computed.run.steps_asked
        ),
        (Status::Paused, 3, 0)
    );
}

#[test]
fn pause_stops_the_clock_and_step_shows_exactly_one_event() {
    let state = act(start(), settings(SettingsCommand::Preset(Preset::Bank)));
    let state = act(state, playback(PlaybackCommand::PlayPause));
    assert_eq!(state.run.status, Status::Paused);
    let state = advance(state, 20);
    assert_eq!(state.run.cursor, 0);
    let state = act(state, playback(PlaybackCommand::Step));
    let state = act(state, playback(PlaybackCommand::Step));
    assert_eq!(state.run.cursor, 2);
    assert_eq!(state.run.status, Status::Paused);
}

#[test]
fn restart_rewinds_and_the_same_run_replays() {
    let state = act(start(), settings(SettingsCommand::Set(Field::Jitter, 30)));
    let state = play_to_end(state);
    let first = state.run.shown().expect("run").outcome.fingerprint();
    let state = act(state, settings(SettingsCommand::Speed(Speed::To(5))));
    let state = act(state, playback(PlaybackCommand::Restart));
    assert_eq!(state.run.cursor, 0);
    assert_eq!(state.run.status, Status::Playing);
    let state = play_to_end(state);
    let rows: Vec<u64> = state.results.rows().map(|r| r.fingerprint).collect();
    assert_eq!(rows, vec![first, first]);
}

#[test]
fn deadlock_preset_ends_with_a_deadlock_row() {
    let state = play_to_end(act(
        start(),
        settings(SettingsCommand::Preset(Preset::Deadlock)),
    ));
    let row = state.results.last().expect("a row");
    let Ending::Deadlock(deadlock) = &row.ending else {
        panic!("expected a deadlock, got {:?}", row.ending);
    };
    assert!(deadlock
        .to_string()
        .starts_with("T1 waits for lock_b held by T2"));
}

#[test]
fn refused_settings_show_an_error_and_do_not_play() {
    let mut bad = Settings::default();
    bad.scenario.tasks = 0;
    let state = lab(Rc::new(AppState::new(bad, Vec::new())));
    assert!(matches!(&state.run.recording, Err(run::RunError::Refused(e)) if e.field() == "tasks"));
    let state = act(state, playback(PlaybackCommand::PlayPause));
    assert_eq!(state.run.status, Status::Ready);
    let state = act(state, playback(PlaybackCommand::Step));
    let state = advance(state, 16);
    assert_eq!(state.results.rows().len(), 0);
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
    let so_far = Shared(Rc::new(Recording::so_far(outcome.clone())));
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

#[test]
fn the_learners_schedule_is_shown_to_its_end_and_nothing_plays_by_itself() {
    use crate::view::challenge::level_settings;
    use crate::view::scheduler::play;
    let opened = level_settings(1, &Settings::default()).expect("level 1");
    let state =
        Rc::new(AppState::default()).reduce(Action::Happened(Happening::Load(opened, Vec::new())));
    assert!(state.settings().scheduler);
    assert_eq!(state.run.status, Status::Ready, "the lab is not asked");
    let id = state.run.id;
    let scenario = state.settings().scenario.clone();
    let half = play(&scenario, &[0, 1]).expect("plays");
    let shown = Shared(Rc::clone(&half.recording));
    let state = state.reduce(Action::Happened(Happening::Scheduled {
        run: id,
        recording: shown,
    }));
    assert_eq!(state.run.status, Status::Paused);
    assert!(!state.run.computing);
    assert_eq!(state.run.cursor, half.recording.len());
    assert_eq!(state.results.rows().len(), 0);
    // The clock does not move it, and a stale run's schedule is ignored.
    let same = Rc::clone(&state).reduce(Action::Happened(Happening::Advance(5)));
    assert!(Rc::ptr_eq(&same, &state));
    let done = play(&scenario, &[0, 1, 0, 1]).expect("plays");
    let stale = Rc::clone(&state).reduce(Action::Happened(Happening::Scheduled {
        run: id + 7,
        recording: Shared(Rc::clone(&done.recording)),
    }));
    assert!(Rc::ptr_eq(&stale, &state));
    // The last step ends the run: it is finished, and gets its row.
    let state = state.reduce(Action::Happened(Happening::Scheduled {
        run: id,
        recording: Shared(Rc::clone(&done.recording)),
    }));
    assert_eq!(state.run.status, Status::Finished);
    assert_eq!(balance(&state), 1100);
    assert_eq!(state.results.rows().len(), 1);
    // Changing the program leaves the level, not the scheduler.
    let state = state.reduce(settings(SettingsCommand::ToggleLock));
    assert_eq!(state.settings().challenge, None);
    assert!(state.settings().scheduler);
    assert_eq!(state.settings().scenario.order, None);
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
