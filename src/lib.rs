//! Racecourse: see and understand the lost-update race in async code.
//!
//! [`sim`] is the engine, pure Rust with no browser dependency; [`view`] is
//! the page's state, also browser-free and tested natively; `app` (wasm32
//! only) draws it with Yew.

pub mod py;
pub mod sim;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod lab;
#[cfg(target_arch = "wasm32")]
pub mod web;
