//! The keys while the learner is the scheduler: one meaning each, wherever
//! the keyboard is on the page. The panel's key line and the help dialog
//! both say [`SHORTCUTS`]; [`key_move`] is what each key does.
//!
//! ```
//! use racecourse::view::scheduler::keys::{key_move, KeyMove, KeyPlace, Modifiers};
//!
//! // From the level's heading, → moves to the tasks, as the panel says.
//! let none = Modifiers::default();
//! assert_eq!(key_move("ArrowRight", none, KeyPlace::Page, true), Some(KeyMove::NextOffer));
//! assert_eq!(key_move("a", none, KeyPlace::Page, true), Some(KeyMove::Asyncio));
//! ```

use crate::sim::TaskId;

/// The keys, as the panel and the help dialog list them.
pub const SHORTCUTS: [(&str, &str); 7] = [
    ("1 … 9", "run that task's next step"),
    ("← →", "move along the tasks that can run"),
    ("Enter", "run the task you are on"),
    ("A", "let asyncio choose (the front of its queue)"),
    ("U  Backspace", "undo"),
    ("Shift+U", "redo"),
    ("R", "back to the start"),
];

/// The panel's line of keys: [`SHORTCUTS`], one sentence.
pub fn keys_line() -> String {
    let keys: Vec<String> = SHORTCUTS
        .iter()
        .map(|(key, what)| format!("{key} {what}"))
        .collect();
    format!("Keys: {}. Or click a task's lane.", keys.join(" · "))
}

/// Where the keyboard is when a key is pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyPlace {
    /// A text field, a list, or the help dialog: keys are typed there.
    Field,
    /// The code or its tabs, whose arrows scroll and switch tabs.
    Arrows,
    /// A button, link or summary (an offer among them): Space and Enter
    /// press it, as everywhere.
    Control,
    /// Anywhere else: the level's heading, the page.
    Page,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    pub shift: bool,
    pub ctrl: bool,
    /// Alt or Meta: the browser's and the system's.
    pub other: bool,
}

/// What a key asks of the scheduler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMove {
    Pick(TaskId),
    /// The keyboard to the next task that can run (from outside them, the first).
    NextOffer,
    /// The keyboard to the previous one (from outside them, the last).
    PreviousOffer,
    /// asyncio's own choice: the front of its ready queue.
    Asyncio,
    Undo,
    Redo,
    Start,
    /// Not the page's either: its meaning there (run, step, the lock
    /// switch of a fixed program) does not hold here. The browser's own
    /// (Space scrolls) still does.
    Nothing,
}

/// What `key` (a `KeyboardEvent.key`) does at `place`; `None` leaves it
/// to the page and the browser.
pub fn key_move(
    key: &str,
    mods: Modifiers,
    place: KeyPlace,
    in_challenge: bool,
) -> Option<KeyMove> {
    if mods.other || place == KeyPlace::Field {
        return None;
    }
    if mods.ctrl {
        return match key {
            "z" => Some(KeyMove::Undo),
            "Z" | "y" => Some(KeyMove::Redo),
            _ => None,
        };
    }
    Some(match key {
        // The code's and the tabs' own arrows.
        "ArrowRight" | "ArrowLeft" if place == KeyPlace::Arrows => return None,
        "ArrowRight" => KeyMove::NextOffer,
        "ArrowLeft" => KeyMove::PreviousOffer,
        // Space presses the control it is on, or scrolls: never "run".
        " " | "Spacebar" if place == KeyPlace::Control => return None,
        " " | "Spacebar" => KeyMove::Nothing,
        "a" | "A" => KeyMove::Asyncio,
        // By Shift, not by case: Caps Lock must not turn undo into redo.
        "u" | "U" if mods.shift => KeyMove::Redo,
        "u" | "U" | "Backspace" => KeyMove::Undo,
        "r" | "R" => KeyMove::Start,
        // A challenge's program is fixed.
        "l" | "L" if in_challenge => KeyMove::Nothing,
        "0" => KeyMove::Nothing,
        digit if digit.len() == 1 && digit.as_bytes()[0].is_ascii_digit() => {
            KeyMove::Pick(TaskId::from(digit.as_bytes()[0] - b'1'))
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Modifiers = Modifiers {
        shift: false,
        ctrl: false,
        other: false,
    };
    const PLACES: [KeyPlace; 3] = [KeyPlace::Page, KeyPlace::Control, KeyPlace::Arrows];

    #[test]
    fn right_moves_along_the_tasks_from_the_heading_and_from_an_offer() {
        for place in [KeyPlace::Page, KeyPlace::Control] {
            assert_eq!(
                key_move("ArrowRight", NONE, place, true),
                Some(KeyMove::NextOffer)
            );
            assert_eq!(
                key_move("ArrowLeft", NONE, place, false),
                Some(KeyMove::PreviousOffer)
            );
        }
        // Never asyncio's choice: that is A's, wherever the keyboard is.
        for place in PLACES {
            assert_ne!(
                key_move("ArrowRight", NONE, place, true),
                Some(KeyMove::Asyncio)
            );
            assert_eq!(key_move("a", NONE, place, true), Some(KeyMove::Asyncio));
            assert_eq!(key_move("A", NONE, place, true), Some(KeyMove::Asyncio));
        }
        // The code scrolls and the tabs switch with theirs.
        assert_eq!(key_move("ArrowRight", NONE, KeyPlace::Arrows, true), None);
    }

    #[test]
    fn space_presses_the_control_it_is_on_and_otherwise_runs_nothing() {
        assert_eq!(key_move(" ", NONE, KeyPlace::Control, true), None);
        assert_eq!(
            key_move(" ", NONE, KeyPlace::Page, true),
            Some(KeyMove::Nothing)
        );
    }

    #[test]
    fn each_key_means_the_same_at_every_place() {
        for key in ["1", "2", "9", "u", "U", "Backspace", "r", "R", "a", "0"] {
            let meanings: Vec<_> = PLACES
                .iter()
                .map(|&place| key_move(key, NONE, place, true))
                .collect();
            assert!(
                meanings.iter().all(|m| *m == meanings[0]),
                "{key}: {meanings:?}"
            );
            assert!(meanings[0].is_some(), "{key} is the scheduler's");
        }
        assert_eq!(
            key_move("1", NONE, KeyPlace::Page, false),
            Some(KeyMove::Pick(0))
        );
        assert_eq!(
            key_move("9", NONE, KeyPlace::Page, false),
            Some(KeyMove::Pick(8))
        );
        let shift = Modifiers {
            shift: true,
            ..NONE
        };
        // Caps Lock's "U" is still undo; Shift is redo.
        assert_eq!(
            key_move("U", NONE, KeyPlace::Page, true),
            Some(KeyMove::Undo)
        );
        assert_eq!(
            key_move("U", shift, KeyPlace::Page, true),
            Some(KeyMove::Redo)
        );
    }

    #[test]
    fn fields_and_the_browsers_keys_are_left_alone() {
        for key in ["1", "a", "ArrowRight", "u", " "] {
            assert_eq!(key_move(key, NONE, KeyPlace::Field, true), None);
        }
        let alt = Modifiers {
            other: true,
            ..NONE
        };
        assert_eq!(key_move("ArrowLeft", alt, KeyPlace::Page, true), None);
        let ctrl = Modifiers { ctrl: true, ..NONE };
        assert_eq!(
            key_move("z", ctrl, KeyPlace::Page, true),
            Some(KeyMove::Undo)
        );
        assert_eq!(
            key_move("r", ctrl, KeyPlace::Page, true),
            None,
            "reload stays reload"
        );
        // The lock switch belongs to a free program, not to a level's.
        assert_eq!(
            key_move("l", NONE, KeyPlace::Page, true),
            Some(KeyMove::Nothing)
        );
        assert_eq!(key_move("l", NONE, KeyPlace::Page, false), None);
        // Up and down scroll the page.
        assert_eq!(key_move("ArrowDown", NONE, KeyPlace::Control, true), None);
    }

    #[test]
    fn the_panel_says_each_key_once_as_the_help_does() {
        let line = keys_line();
        for (key, what) in SHORTCUTS {
            assert_eq!(line.matches(&format!("{key} {what}")).count(), 1);
        }
        assert_eq!(line.matches('→').count(), 1);
    }
}
