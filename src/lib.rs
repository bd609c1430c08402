//! Racecourse: see and understand the lost-update race in async code.
//!
//! [`sim`] is the engine, pure Rust with no browser dependency; [`view`] is
//! the page's state, also browser-free and tested natively; `app` (wasm32
//! only) draws it with Yew.

pub mod sim;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod lab;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// Shows `message` in the page's `#fatal` banner (and the console): what a
/// panic leaves on screen instead of a blank or frozen page.
#[cfg(target_arch = "wasm32")]
pub fn show_fatal(message: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Some(fatal) = document.get_element_by_id("fatal") {
            fatal.set_text_content(Some(message));
            let _ = fatal.remove_attribute("hidden");
        }
    }
    web_sys::console::error_1(&message.into());
}

/// Starts the page: a panic shows a visible message instead of a blank page.
#[cfg(target_arch = "wasm32")]
pub fn app_main() {
    // Through Yew, which would otherwise replace any hook with its own
    // console-only one when the app renders.
    yew::set_custom_panic_hook(Box::new(|info| {
        show_fatal(&format!(
            "Racecourse stopped: {info}. Reload the page to start again."
        ));
    }));
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    if let Some(root) = root {
        root.set_inner_html("");
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
