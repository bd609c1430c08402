//! Bringing what changed into view (the full app only): a control far from
//! the lanes it drives (a bar of "All outcomes") scrolls the lanes into
//! view when used, as `scrollIntoView({block: "nearest"})` would. Only the
//! page's own window scrolls: an embed's host page is never scrolled from
//! inside it. Smoothly, unless the learner asks for reduced motion.

use wasm_bindgen::JsCast;
use web_sys::{ScrollBehavior, ScrollToOptions};

/// How far to scroll a view `view_height` tall so that a box from `top` to
/// `bottom` (relative to the view) is in it, moving as little as possible;
/// a box taller than the view shows its top.
pub fn nearest(top: f64, bottom: f64, view_height: f64) -> f64 {
    if top < 0.0 {
        top
    } else if bottom > view_height {
        (bottom - view_height).min(top)
    } else {
        0.0
    }
}

/// Scrolls the page so that the element `selector` names is in view.
pub fn bring_into_view(selector: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(element) = window
        .document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let rect = element.get_bounding_client_rect();
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let by = nearest(rect.top(), rect.bottom(), height);
    if by.abs() < 1.0 {
        return;
    }
    let still = window
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());
    let options = ScrollToOptions::new();
    options.set_top(by);
    options.set_behavior(if still {
        ScrollBehavior::Instant
    } else {
        ScrollBehavior::Smooth
    });
    window.scroll_by_with_scroll_to_options(&options);
}
