//! Racecourse: see and understand the lost-update race in async code.
//!
//! [`sim`] is the engine, pure Rust with no browser dependency; [`view`] is
//! the page's state, also browser-free and tested natively; `app` (wasm32
//! only) draws it with Yew.

pub mod py;
pub mod sim;
pub mod view;

/// Every wasm build's allocator (the page's, the full app's, the lab's):
/// Talc, smaller and faster than Rust's default for wasm (dlmalloc). The
/// page is single-threaded: no atomics.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod lab;
#[cfg(target_arch = "wasm32")]
pub mod web;
