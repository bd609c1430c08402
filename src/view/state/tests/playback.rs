//! Playing a run: the lab's answer, the cursor, pause, step and restart,
//! presets and refused settings.

use super::*;

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
