//! The page's state, free of any browser dependency so it is tested natively:
//! settings and links, a recorded run and what a frame of it shows, the
//! words and markup the page draws, and the reducers that tie them together.
//! Engine -> trace -> [`recording`] -> [`state`] -> the Yew view.

pub mod challenge;
pub mod code_lines;
pub mod editor;
pub mod exercises;
pub mod explored;
pub mod full_links;
pub mod goal;
pub mod handoff;
pub mod lanes;
pub mod learner;
pub mod lesson;
pub mod link;
pub mod markup;
pub mod narration;
pub mod outcomes;
pub mod pace;
pub mod program;
pub mod programs;
pub mod recording;
pub mod scheduler;
pub mod settings;
pub mod share;
pub mod state;
pub mod text;
