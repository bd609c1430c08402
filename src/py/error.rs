//! What goes wrong with a learner's program, said as CPython says it: the
//! kind of error, its message, and where (line and column, both from 1).

use std::fmt;

/// The kinds of error the front end reports. The names are Python's, so
/// the learner can look them up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
    /// Valid Python that the playground does not run (`threading`, `lambda`, ...).
    NotInPlayground,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
            ErrorKind::NotInPlayground => "not in the playground",
        }
    }
}

/// An error at a place in the program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyError {
    pub kind: ErrorKind,
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl PyError {
    pub fn new(kind: ErrorKind, message: impl Into<String>, line: u32, column: u32) -> Self {
        Self {
            kind,
            message: message.into(),
            line,
            column,
        }
    }

    pub fn syntax(message: impl Into<String>, line: u32, column: u32) -> Self {
        Self::new(ErrorKind::SyntaxError, message, line, column)
    }
}

impl fmt::Display for PyError {
    /// `line 3: SyntaxError: invalid syntax`, or for what the playground
    /// does not run, `line 3: `threading` is not part of this playground...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::NotInPlayground => write!(f, "line {}: {}", self.line, self.message),
            kind => write!(f, "line {}: {}: {}", self.line, kind.name(), self.message),
        }
    }
}

impl std::error::Error for PyError {}
