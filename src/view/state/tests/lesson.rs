//! The guided lesson's part of the page state.

use super::*;

#[test]
fn lesson_predict_then_reveal_and_walk_the_steps() {
    let state = act(start(), lesson(LessonCommand::Go(2)));
    assert_eq!(state.settings().lesson, Some(2));
    assert_eq!(state.settings().scenario.tasks, 2);
    assert_eq!(state.run.status, Status::Ready);
    assert!(!revealed(&state));
    let state = act(state, lesson(LessonCommand::Predict(1200)));
    assert_eq!(state.run.status, Status::Playing);
    assert_eq!(state.progress.prediction(2), Some(1200));
    let state = play_to_end(state);
    assert!(revealed(&state));
    assert_eq!(balance(&state), 1100);
    // Experimenting inside a step: the reveal waits for the step's own setup.
    // (Step 2 invites no variant; the bank step, 6, invites the lock.)
    let state = play_to_end(act(state, settings(SettingsCommand::ToggleLock)));
    assert!(!revealed(&state) && lesson_setup_changed(&state));
    let state = act(state, lesson(LessonCommand::Predict(1100)));
    assert_eq!(
        state.settings().scenario.strategy,
        Strategy::Unsafe,
        "back to the step's setup"
    );
    let state = play_to_end(state);
    assert!(revealed(&state));
    let state = act(state, lesson(LessonCommand::Next));
    assert_eq!(state.settings().lesson, Some(3));
    assert_eq!(state.settings().scenario.strategy, Strategy::Lock);
    assert!(!revealed(&state), "a new step hides the answer again");
    let mut state = state;
    for _ in 0..3 {
        state = act(state, lesson(LessonCommand::Previous));
    }
    assert_eq!(
        state.settings().lesson,
        Some(1),
        "clamped at the first step"
    );
    let state = act(state, lesson(LessonCommand::Go(999)));
    let last = crate::view::lesson::STEPS.len() as u32;
    assert_eq!(state.settings().lesson, Some(last));
    // Next on the last step keeps a finished run where it is.
    let state = play_to_end(state);
    let (status, id) = (state.run.status, state.run.id);
    let state = act(state, lesson(LessonCommand::Next));
    assert_eq!((state.run.status, state.run.id), (status, id));
    let state = act(state, lesson(LessonCommand::Exit));
    assert_eq!(state.settings().lesson, None);
    assert_eq!(state.progress.step, last, "progress remembers");
}

#[test]
fn the_bank_steps_lock_is_its_own_setup_and_predict_keeps_it() {
    let state = act(start(), lesson(LessonCommand::Go(6)));
    let state = act(state, settings(SettingsCommand::ToggleLock));
    assert!(!lesson_setup_changed(&state));
    let state = act(state, lesson(LessonCommand::Predict(1500)));
    assert_eq!(state.settings().scenario.strategy, Strategy::Lock);
    let state = play_to_end(state);
    assert!(revealed(&state));
    assert_eq!(balance(&state), 1500);
}

#[test]
fn a_lesson_link_opens_its_step_and_stored_progress_keeps_it() {
    let linked = Settings {
        lesson: Some(5),
        ..Settings::default()
    };
    let state = lab(Rc::new(AppState::new(linked, Vec::new())));
    assert_eq!(state.settings().scenario.strategy, Strategy::Counter);
    assert_eq!(state.progress.step, 5);
    let stored = Progress {
        step: 9,
        predictions: vec![Some(1001)],
    };
    let state = act(state, Action::Happened(Happening::Progress(stored)));
    assert_eq!(state.progress.step, 5);
    assert_eq!(state.progress.prediction(1), Some(1001));
}

#[test]
fn a_question_about_every_order_runs_its_step_with_the_explorer_open() {
    // The lesson's panel sends the prediction, then opens "All outcomes".
    let last = crate::view::lesson::STEPS.len() as u32;
    for step in [last - 1, last] {
        let state = act(start(), lesson(LessonCommand::Go(step)));
        assert!(!state.settings().explore, "the bars would give it away");
        // Even after an experiment: the prediction sets the step up afresh,
        // and the explorer opens on the step's own program.
        let state = act(state, settings(SettingsCommand::ToggleLock));
        let state = act(state, lesson(LessonCommand::Predict(6)));
        let state = act(state, settings(SettingsCommand::Explore(true)));
        assert!(state.settings().explore, "step {step}");
        assert!(!lesson_setup_changed(&state));
        assert_eq!(state.run.status, Status::Playing, "opening keeps the run");
        assert_eq!(state.settings().scenario.tasks, 3);
        let state = play_to_end(state);
        assert!(revealed(&state));
        // The next step closes it again.
        let state = act(state, lesson(LessonCommand::Previous));
        assert!(!state.settings().explore);
    }
}
