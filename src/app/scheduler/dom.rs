//! The scheduler panel's side of the page: its keys and clicks (where the
//! keyboard is when a key is pressed, moving it along the offers, which
//! lane a click hit), the keyboard after a move, and stored progress.

use std::cell::RefCell;

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, MouseEvent};

use crate::sim::TaskId;
use crate::view::scheduler::keys::{self, KeyMove, KeyPlace, Modifiers};
use crate::view::scheduler::session::Move;
use yew::Callback;

/// Where localStorage keeps the levels won (by name).
pub const DONE_KEY: &str = "racecourse.challenges";

/// The page's localStorage, unless the browser refuses it (private browsing).
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The move a key asks for, by where the keyboard is.
pub fn key_move(event: &KeyboardEvent, in_challenge: bool) -> Option<KeyMove> {
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
    let inside = |selector: &str| {
        target
            .as_ref()
            .is_some_and(|el| el.closest(selector).ok().flatten().is_some())
    };
    // As the page's own keys (keyboard.rs).
    let place = if inside("input, select, textarea, dialog") {
        KeyPlace::Field
    } else if inside("pre, [role=tab], [role=tablist]") {
        KeyPlace::Arrows
    } else if target.as_ref().is_some_and(|el| {
        matches!(
            el.tag_name().to_ascii_lowercase().as_str(),
            "button" | "summary" | "a"
        )
    }) {
        KeyPlace::Control
    } else {
        KeyPlace::Page
    };
    let mods = Modifiers {
        shift: event.shift_key(),
        ctrl: event.ctrl_key(),
        other: event.alt_key() || event.meta_key(),
    };
    keys::key_move(&event.key(), mods, place, in_challenge)
}

/// Moves the keyboard to the next (or previous) offer, round the ends;
/// from outside the offers, to the first (or the last).
pub fn move_along_picks(from: Option<Element>, forward: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(buttons) = document.query_selector_all(".picks .pick") else {
        return;
    };
    let count = buttons.length();
    if count == 0 {
        return;
    }
    let at = (0..count).find(|&i| {
        buttons
            .item(i)
            .zip(from.as_ref())
            .is_some_and(|(b, f)| b.is_same_node(Some(f.as_ref())) || b.contains(Some(f.as_ref())))
    });
    let next = match (at, forward) {
        (Some(at), true) => (at + 1) % count,
        (Some(at), false) => (at + count - 1) % count,
        (None, true) => 0,
        (None, false) => count - 1,
    };
    if let Some(button) = buttons
        .item(next)
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}

/// The task whose lane a click landed on, if it was on the lanes.
pub fn lane_clicked(event: &web_sys::Event) -> Option<TaskId> {
    let event = event.dyn_ref::<MouseEvent>()?;
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let svg = target.closest(".lanes-box svg").ok()??;
    let rect = svg.get_bounding_client_rect();
    let lanes = svg.get_attribute("viewBox")?;
    let height: f64 = lanes.split_whitespace().nth(3)?.parse().ok()?;
    if rect.height() <= 0.0 {
        return None;
    }
    let y = (f64::from(event.client_y()) - rect.top()) * height / rect.height();
    crate::view::lanes::lane_at(y).map(|lane| lane as TaskId)
}

/// After a move took away the control that had the keyboard (the last
/// offer, Undo at the start, a hint button once used), puts it on the
/// first offer in `panel`, or on `heading`.
pub fn refocus(panel: Option<Element>, heading: Option<HtmlElement>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Chromium may leave the keyboard on a button just disabled.
    let lost = document.active_element().is_none_or(|el| {
        el.tag_name().eq_ignore_ascii_case("body") || el.has_attribute("disabled")
    });
    if !lost {
        return;
    }
    let offer = panel
        .and_then(|section| section.query_selector(".pick").ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    if let Some(target) = offer.or(heading) {
        let _ = target.focus();
    }
}

/// The keys, taken in the capture phase before the page's own, and clicks on the lanes.
pub fn listen(into: &RefCell<Vec<EventListener>>, moves: Callback<Move>, in_challenge: bool) {
    let (Some(window), Some(document)) = (
        web_sys::window(),
        web_sys::window().and_then(|w| w.document()),
    ) else {
        return;
    };
    let options = EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: false,
    };
    let keys = moves.clone();
    let on_key = EventListener::new_with_options(&window, "keydown", options, move |event| {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let Some(wanted) = key_move(event, in_challenge) else {
            return;
        };
        event.stop_immediate_propagation();
        if matches!(wanted, KeyMove::NextOffer | KeyMove::PreviousOffer) {
            let from = event.target().and_then(|t| t.dyn_into::<Element>().ok());
            move_along_picks(from, wanted == KeyMove::NextOffer);
        }
        // Nothing else: Space still scrolls the page.
        if let Some(step) = Move::of_key(wanted) {
            keys.emit(step);
        } else if wanted == KeyMove::Nothing {
            return;
        }
        event.prevent_default();
    });
    let on_click = EventListener::new(&document, "click", move |event| {
        if let Some(task) = lane_clicked(event) {
            moves.emit(Move::Pick(task));
        }
    });
    into.borrow_mut().extend([on_key, on_click]);
}
