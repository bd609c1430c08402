//! Racecourse: see and understand the lost-update race in async code.
//!
//! [`sim`] is the engine, pure Rust with no browser dependency; [`view`] is
//! the page's state, also browser-free and tested natively; `app` (wasm32
//! only) draws it with Yew.

pub mod py;
pub mod sim;
pub mod view;

/// The allocator of each of the page's wasm builds (the playground, the
/// full app, the lab; each binary names it, so that tests may count
/// allocations with their own): Talc, smaller and faster than Rust's
/// default for wasm (dlmalloc). The page is single-threaded: no atomics.
#[cfg(target_arch = "wasm32")]
pub type Allocator = talc::wasm::WasmDynamicTalc;

#[cfg(target_arch = "wasm32")]
pub const fn allocator() -> Allocator {
    talc::wasm::new_wasm_dynamic_allocator()
}

#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod lab;
#[cfg(target_arch = "wasm32")]
pub mod web;
