//! The lab: the engine, in a Web Worker. The page is pure UI; it asks the
//! lab to run things, and the lab answers with events, as numbers
//! ([`crate::sim::wire`]), from which the page builds what it shows. Nothing
//! the engine does can freeze the page, and the engine's code is not part
//! of the page's first load: the page starts the lab when it first needs a run.
//!
//! The page and the lab speak [`protocol`]: typed requests and answers,
//! each message one `Float64Array`. The lab says [`protocol::Answer::Ready`]
//! once it listens (a message sent before could arrive while the worker's
//! module is still loading, and be lost); then it answers
//! - `Run`: simulate the run the link parameters describe, answered whole;
//! - `Live`: play it on real timers (`setTimeout` is the browser's, here as
//!   anywhere), answered as it goes with the new events, the last answer
//!   with the ending;
//! - `Explore` and `Draw`: the schedule explorer ([`explore`]);
//!
//! and `Failed` when a request cannot be done. The protocol and the
//! explorer's summary are pure Rust, tested natively; the worker itself
//! (`worker`, [`live`]) runs in the browser only.

pub mod explore;
#[cfg(feature = "explore")]
pub mod program;
pub mod protocol;

#[cfg(target_arch = "wasm32")]
pub mod live;
#[cfg(target_arch = "wasm32")]
mod worker;

#[cfg(target_arch = "wasm32")]
pub use worker::worker_main;
