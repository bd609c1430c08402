//! The learner's own program: the playground's subset of Python, read and
//! run as CPython reads and runs it. [`lexer`] turns text into tokens,
//! [`parser`] tokens into an [`ast::Module`], with CPython's messages for
//! what is not Python and a plain sentence for what is Python but not run
//! here; [`run`] interprets the tree, its tasks scheduled by asyncio's own
//! algorithm on a virtual clock, and records what they did.
//!
//! Pure Rust, tested natively against python3; nothing here is in the
//! first load (and, for now, in no bundle of the page).

pub mod ast;
pub mod deflate;
pub mod error;
pub mod lexer;
pub mod link;
pub mod parser;
pub mod random;
pub mod run;

pub use error::{ErrorKind, PyError};
pub use parser::parse;
