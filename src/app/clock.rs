//! The playback clock: while a virtual run plays, each beat asks [`Pace`]
//! how many events to show, and dispatches only when that is at least one.
//! A beat with nothing to show costs no render.
//!
//! The beats are `static/boot.js`'s: while `<html>` has `data-playing`
//! (set here), it fires `racecourse-beat` on the window every animation
//! frame and, from a timer, five times a second. A browser may stop
//! drawing a page it does not show (a background tab, an embed scrolled out
//! of view: WebKit stops its frames), and a run, and the result an embed
//! reports, must not wait to be drawn; while frames come, the timer's beats
//! find nothing due. (Frames and a timer of the page's own would cost the
//! first load a kilobyte.)

use std::cell::RefCell;

use gloo_events::EventListener;
use yew::prelude::*;

use super::store::Dispatch;
use crate::view::pace::Pace;
use crate::view::state::{Action, Happening};

struct Ticking {
    last: Option<f64>,
    pace: Pace,
}

/// One beat at time `now` (an event's `timeStamp`: the clock of
/// `performance.now()`): the events due since the last beat.
fn tick(ticking: &RefCell<Ticking>, speed: &RefCell<usize>, dispatch: &Dispatch, now: f64) {
    let due = {
        let mut t = ticking.borrow_mut();
        // Beats from frames and from the timer interleave: never backwards.
        let elapsed = t.last.map_or(0.0, |last| (now - last).max(0.0));
        t.last = Some(t.last.map_or(now, |last| last.max(now)));
        let speed = *speed.borrow();
        t.pace.tick(elapsed, speed)
    };
    if due > 0 {
        dispatch.dispatch(Action::Happened(Happening::Advance(due)));
    }
}

/// Marks the page as playing for `owner` (the playground or the full
/// app), or unmarks it if `owner` still holds the mark: the playground's
/// clock, stopped late as the full app takes over, never stops the full
/// app's. `static/boot.js` beats while the mark is there.
fn mark_playing(owner: &str, on: bool) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = if on {
        root.set_attribute("data-playing", owner)
    } else if root.get_attribute("data-playing").as_deref() == Some(owner) {
        root.remove_attribute("data-playing")
    } else {
        Ok(())
    };
}

/// Runs the clock while `playing` (for run `run_id`), at speed level
/// `speed`; `owner` names the app it runs in.
#[hook]
pub fn use_playback_clock(
    owner: &'static str,
    playing: bool,
    run_id: u64,
    speed: usize,
    dispatch: Dispatch,
) {
    // The speed can change mid-run without restarting the clock.
    let speed_now = use_mut_ref(|| speed);
    *speed_now.borrow_mut() = speed;
    use_effect_with((playing, run_id), move |&(playing, _)| {
        let listening = playing
            .then(|| {
                // The host page hears of each start (here, where playing starts,
                // rather than in an effect of its own: each costs the first load).
                super::host::post_run_started();
                let ticking = RefCell::new(Ticking {
                    last: None,
                    pace: Pace::default(),
                });
                let window = web_sys::window()?;
                let listener = EventListener::new(&window, "racecourse-beat", move |event| {
                    tick(&ticking, &speed_now, &dispatch, event.time_stamp());
                });
                mark_playing(owner, true);
                Some(listener)
            })
            .flatten();
        // Dropping the listener stops the clock; boot.js stops beating.
        move || {
            if let Some(listener) = listening {
                drop(listener);
                mark_playing(owner, false);
            }
        }
    });
}
