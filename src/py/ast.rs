//! The syntax tree of a program in the playground's subset of Python. Every
//! node knows its line, so that what it does at run time (a read, a write,
//! an await, an error) can be shown on the line the learner wrote.

/// A place in the source: 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Not,
    Invert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    In,
    NotIn,
    Is,
    IsNot,
}

/// One part of an f-string: text, or a value with its format spec.
#[derive(Clone, Debug, PartialEq)]
pub enum FString {
    Text(String),
    /// A value, shown with its format spec; as `repr` shows it (`{x=}`) or as `str`.
    Value {
        value: Expr,
        spec: String,
        repr: bool,
    },
}

/// A call's argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Positional(Expr),
    /// `*args`
    Star(Expr),
    Keyword(String, Expr),
    /// `**kwargs`
    DoubleStar(Expr),
}

/// `for target in iter if cond...` in a comprehension.
#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub conditions: Vec<Expr>,
}

/// A name the code reads or writes (the compiler resolves it to a slot).
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub id: String,
}

impl Name {
    pub fn new(id: String) -> Name {
        Name { id }
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.id
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Name(Name),
    /// Decimal digits (integers do not overflow in Python).
    Int(String),
    Float(f64),
    Str(String),
    FString(Vec<FString>),
    True,
    False,
    None,
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    Set(Vec<Expr>),
    ListComp(Box<Expr>, Vec<Comprehension>),
    /// A generator expression: in the subset, evaluated eagerly as a list
    /// (`sum(x for x in ...)`).
    GeneratorExp(Box<Expr>, Vec<Comprehension>),
    DictComp(Box<(Expr, Expr)>, Vec<Comprehension>),
    Attribute(Box<Expr>, String),
    Subscript(Box<Expr>, Box<Expr>),
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    Call(Box<Expr>, Vec<Arg>),
    Await(Box<Expr>),
    BinOp(Box<Expr>, BinOp, Box<Expr>),
    UnaryOp(UnaryOp, Box<Expr>),
    /// `a and b and c` (`true`) or `a or b` (`false`).
    BoolOp(bool, Vec<Expr>),
    /// `a < b <= c`: the first operand and each (operator, operand).
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    /// `body if test else orelse`
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `*rest` in an assignment target or a list display.
    Starred(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    pub default: Option<Expr>,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub positional: Vec<Param>,
    /// `*args`
    pub star: Option<String>,
    /// Parameters after `*` or `*args`: keyword only.
    pub keyword_only: Vec<Param>,
    /// `**kwargs`
    pub double_star: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub name: String,
    pub params: Params,
    pub body: Vec<Stmt>,
    pub is_async: bool,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    /// The exception class (`except ValueError as e:`), or any.
    pub kind: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub pos: Pos,
    pub kind: StmtKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    Expr(Expr),
    /// `a = b = value`: every target, then the value.
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    Pass,
    Break,
    Continue,
    Return(Option<Expr>),
    Raise(Option<Expr>),
    Global(Vec<String>),
    Nonlocal(Vec<String>),
    Assert(Expr, Option<Expr>),
    Del(Vec<Expr>),
    /// `import asyncio` / `import random as r`: (module, bound name).
    Import(Vec<(String, String)>),
    /// `from asyncio import Lock as L`: module, (name, bound name).
    ImportFrom(String, Vec<(String, String)>),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Vec<Stmt>),
    For(Expr, Expr, Vec<Stmt>, Vec<Stmt>),
    /// `with` / `async with` items (context, `as` target), and the body.
    With(Vec<(Expr, Option<Expr>)>, Vec<Stmt>, bool),
    Try {
        body: Vec<Stmt>,
        handlers: Vec<ExceptHandler>,
        orelse: Vec<Stmt>,
        finally: Vec<Stmt>,
    },
    FunctionDef(std::rc::Rc<FunctionDef>),
    ClassDef {
        name: String,
        bases: Vec<Expr>,
        body: Vec<Stmt>,
    },
}

/// A whole program.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub body: Vec<Stmt>,
}
