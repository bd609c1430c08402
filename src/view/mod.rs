//! The page's state, free of any browser dependency so it is tested natively:
//! settings and links, the playback of a trace, and the reducer that ties
//! them together. Engine -> trace -> this -> the Yew view.

pub mod code_lines;
pub mod lesson;
pub mod playback;
pub mod settings;
pub mod state;
