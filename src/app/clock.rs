//! The playback clock: while a virtual run plays, every animation frame
//! asks [`Pace`] how many events to show, and dispatches only when that is
//! at least one. A frame with nothing to show costs no render. Animation
//! frames stop in a background tab, and so does the clock.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

use super::store::Dispatch;
use crate::view::pace::Pace;
use crate::view::state::{Action, Happening};

struct Ticking {
    frame: Option<AnimationFrame>,
    last: Option<f64>,
    pace: Pace,
}

fn schedule(ticking: Rc<RefCell<Ticking>>, speed: Rc<RefCell<usize>>, dispatch: Dispatch) {
    let next = Rc::clone(&ticking);
    let frame = request_animation_frame(move |now| {
        let due = {
            let mut t = next.borrow_mut();
            let elapsed = t.last.map_or(0.0, |last| now - last);
            t.last = Some(now);
            let speed = *speed.borrow();
            t.pace.tick(elapsed, speed)
        };
        if due > 0 {
            dispatch.dispatch(Action::Happened(Happening::Advance(due)));
        }
        schedule(Rc::clone(&next), speed, dispatch);
    });
    ticking.borrow_mut().frame = Some(frame);
}

/// Runs the clock while `playing` (for run `run_id`), at speed level `speed`.
#[hook]
pub fn use_playback_clock(playing: bool, run_id: u64, speed: usize, dispatch: Dispatch) {
    // The speed can change mid-run without restarting the clock.
    let speed_now = use_mut_ref(|| speed);
    *speed_now.borrow_mut() = speed;
    use_effect_with((playing, run_id), move |&(playing, _)| {
        let ticking = playing.then(|| {
            let ticking = Rc::new(RefCell::new(Ticking {
                frame: None,
                last: None,
                pace: Pace::default(),
            }));
            schedule(Rc::clone(&ticking), speed_now, dispatch);
            ticking
        });
        // Dropping the pending frame cancels it; the closure it held goes with it.
        move || {
            if let Some(ticking) = ticking {
                ticking.borrow_mut().frame = None;
            }
        }
    });
}
