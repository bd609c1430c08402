//! The page's shortcuts, on the whole window.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

use super::store::Dispatch;
use crate::view::state::Action;

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

/// The shortcuts as a definition list, for the help dialog.
pub fn shortcuts_markup() -> String {
    let mut markup = String::from("<dl>");
    for (key, what) in SHORTCUTS {
        markup.push_str(&format!("<dt><kbd>{key}</kbd></dt><dd>{what}</dd>"));
    }
    markup.push_str("</dl>");
    markup
}

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
        return Some(Action::CloseHelp);
    }
    if typing_in_a_field(event) {
        return None;
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
    use crate::view::state::Preset;
    Some(match key.as_str() {
        " " | "Spacebar" if !on_button => Action::PlayPause,
        "ArrowRight" if !arrows_taken => Action::Step,
        "r" | "R" => Action::Restart,
        "l" | "L" => Action::ToggleLock,
        "+" | "=" => Action::Faster,
        "-" | "_" => Action::Slower,
        "?" => Action::ToggleHelp,
        "1" => Action::Preset(Preset::Article),
        "2" => Action::Preset(Preset::Bank),
        "3" => Action::Preset(Preset::Deadlock),
        "[" | "PageUp" => Action::LessonPrevious,
        "]" | "PageDown" => Action::LessonNext,
        _ => return None,
    })
}

pub fn listen(dispatch: Dispatch) -> Option<EventListener> {
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
                if matches!(action, Action::PlayPause | Action::Step) {
                    event.prevent_default();
                }
                dispatch.dispatch(action);
            }
        },
    ))
}
