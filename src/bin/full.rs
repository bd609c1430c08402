//! The full app: the playground with its tools (the guided lesson, money,
//! timing and seed, real timers, the link and embed code). The page loads
//! it when a tool is opened, or at once for a link that asks for one;
//! `static/boot.js` calls `mount`.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: racecourse::Allocator = racecourse::allocator();

#[cfg(target_arch = "wasm32")]
fn main() {}

/// Puts the full app on the page, taking over from the playground with
/// what it handed over (see `racecourse::view::handoff`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(handoff: Vec<f64>, notices: Vec<String>) {
    racecourse::view::full_links::register();
    racecourse::view::lesson::register();
    racecourse::view::state::register_scheduler();
    let mut handoff = racecourse::view::handoff::Handoff::from_numbers(&handoff);
    handoff.notices = notices
        .iter()
        .filter_map(|text| racecourse::view::settings::Notice::from_text(text))
        .collect();
    racecourse::app::display::apply_link();
    racecourse::app::mount::<racecourse::app::tools::Full>(handoff);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The full app is part of the Racecourse page.");
}
