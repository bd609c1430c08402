//! Racecourse: see and understand the lost-update race in async code.
//!
//! [`sim`] is the engine, pure Rust with no browser dependency; the page
//! (compiled for `wasm32` only) sits on top of it.

pub mod sim;
