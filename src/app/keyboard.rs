//! The page's shortcuts, on the whole window.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

use super::store::Dispatch;
use crate::view::state::run::PlaybackCommand;
use crate::view::state::settings::{Preset, SettingsCommand, Speed};
use crate::view::state::{Action, Command, LessonCommand};

pub const SHORTCUTS: [(&str, &str); 9] = [
    ("Space", "run / pause"),
    ("→", "step one event"),
    ("R", "restart"),
    ("L", "lock on / off"),
    ("+  −", "faster / slower"),
    ("1 2 3", "presets: article, bank, deadlock"),
    ("[  ]", "lesson: back / next step"),
    ("?", "this help"),
    ("Esc", "close help"),
];

/// Keys typed into a form field belong to the field.
fn typing_in_a_field(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            let kind = el.get_attribute("type").unwrap_or_default();
            tag == "textarea"
                || tag == "select"
                || (tag == "input" && !matches!(kind.as_str(), "checkbox" | "radio" | "button"))
        })
}

fn action_for(event: &KeyboardEvent) -> Option<Action> {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return None;
    }
    let key = event.key();
    if key == "Escape" {
        return Some(Action::Help(Some(false)));
    }
    if typing_in_a_field(event) {
        return None;
    }
    if key == "?" {
        return Some(Action::Help(None));
    }
    let target = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    // Space on a focused button presses the button; leave it be.
    let on_button = target.as_ref().is_some_and(|el| {
        matches!(
            el.tag_name().to_ascii_lowercase().as_str(),
            "button" | "summary" | "a"
        )
    });
    // Arrows scroll the code and move between tabs where those have focus.
    let arrows_taken = target.as_ref().is_some_and(|el| {
        el.closest("pre, [role=tab], [role=tablist]")
            .ok()
            .flatten()
            .is_some()
    });
    let command = match key.as_str() {
        " " | "Spacebar" if !on_button => Command::Playback(PlaybackCommand::PlayPause),
        "ArrowRight" if !arrows_taken => Command::Playback(PlaybackCommand::Step),
        "r" | "R" => Command::Playback(PlaybackCommand::Restart),
        "l" | "L" => Command::Settings(SettingsCommand::ToggleLock),
        "+" | "=" => Command::Settings(SettingsCommand::Speed(Speed::Faster)),
        "-" | "_" => Command::Settings(SettingsCommand::Speed(Speed::Slower)),
        "1" => Command::Settings(SettingsCommand::Preset(Preset::Article)),
        "2" => Command::Settings(SettingsCommand::Preset(Preset::Bank)),
        "3" => Command::Settings(SettingsCommand::Preset(Preset::Deadlock)),
        "[" | "PageUp" => Command::Lesson(LessonCommand::Previous),
        "]" | "PageDown" => Command::Lesson(LessonCommand::Next),
        _ => return None,
    };
    Some(Action::Command(command))
}

/// Where the page's keys go. The window listens from before the first
/// render: Yew may hand the browser a frame between drawing the page (which
/// says "Ready: press Run (or Space)") and running the effects that hand the
/// app's dispatcher over, and a key pressed then must not be lost. Until the
/// app takes them, the first key waits here.
#[derive(Default)]
struct Keys {
    app: Option<Dispatch>,
    /// The first key pressed before the app took the keys.
    early: Option<Action>,
}

thread_local! {
    static KEYS: std::cell::RefCell<Keys> = std::cell::RefCell::default();
}

/// Listens to the window's keys from now on (before the app renders); the
/// keys go to the app once [`take_keys`] hands them over.
pub fn listen() -> Option<EventListener> {
    let window = web_sys::window()?;
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(
        &window,
        "keydown",
        options,
        move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if let Some(action) = action_for(event) {
                // Space and the arrow would also scroll the page.
                if matches!(action, Action::Command(Command::Playback(_))) {
                    event.prevent_default();
                }
                let app = KEYS.with(|keys| keys.borrow().app.clone());
                match app {
                    Some(app) => app.dispatch(action),
                    // One is enough: the Space a learner pressed while the page drew.
                    None => KEYS.with(|keys| {
                        keys.borrow_mut().early.get_or_insert(action);
                    }),
                }
            }
        },
    ))
}

/// The app takes the keys: the one pressed before now first,
/// unless `replay` is false (the learner is the scheduler: there the keys
/// mean moves, which the scheduler's panel, not yet drawn, decides). The
/// returned guard gives them back (to wait again) when dropped.
pub fn take_keys(dispatch: Dispatch, replay: bool) -> impl Drop {
    let early = KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        keys.app = Some(dispatch.clone());
        std::mem::take(&mut keys.early)
    });
    if let Some(action) = early.filter(|_| replay) {
        dispatch.dispatch(action);
    }
    KeysTaken
}

struct KeysTaken;

impl Drop for KeysTaken {
    fn drop(&mut self) {
        KEYS.with(|keys| keys.borrow_mut().app = None);
    }
}
