//! The learner's own program: the playground's subset of Python, read as
//! CPython reads it. This is the front end (issue 20, part 1 of the
//! interpreter): [`lexer`] turns text into tokens, [`parser`] tokens into
//! an [`ast::Module`], with CPython's messages for what is not Python and
//! a plain sentence for what is Python but not run here. The interpreter
//! that runs the tree's tasks on the engine's executor builds on it.
//!
//! Pure Rust, tested natively; nothing here is in the first load.

pub mod ast;
pub mod error;
pub mod lexer;
pub mod link;
pub mod parser;
pub mod random;
pub mod run;

pub use error::{ErrorKind, PyError};
pub use parser::parse;
