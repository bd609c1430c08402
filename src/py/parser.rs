//! A recursive-descent parser for the playground's subset of Python, with
//! CPython's messages for what is not Python, and a plain sentence for
//! what is Python but not run here. Checks CPython's compiler makes too
//! (`await` outside an async function, `return` outside a function,
//! `break` outside a loop) are made here, with its words.

use std::rc::Rc;

use super::ast::*;
use super::error::{ErrorKind, PyError};
use super::lexer::{tokenize, FPart, Tok, Token};

/// The modules a program may import: what the playground runs.
pub const MODULES: [&str; 3] = ["asyncio", "random", "time"];

/// Parses a whole program.
pub fn parse(source: &str) -> Result<Module, PyError> {
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        scopes: vec![Scope::Module],
        loops: 0,
        depth: 0,
    };
    let mut body = Vec::new();
    while !parser.is(&Tok::End) {
        if parser.is(&Tok::Indent) {
            return Err(parser.indentation_error("unexpected indent"));
        }
        match parser.statement() {
            Ok(statements) => body.extend(statements),
            Err(error) => return Err(parser.unclosed_bracket(error)),
        }
    }
    Ok(Module { body })
}

#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Module,
    Function,
    AsyncFunction,
    Class,
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    scopes: Vec<Scope>,
    /// Loops around the statement being read, within its function.
    loops: u32,
    /// How deep the expression or block being read is nested.
    depth: u32,
}

/// The deepest nesting read (CPython's own limit on brackets is 200).
const MAX_DEPTH: u32 = 100;

fn not_here(what: &str, pos: Pos) -> PyError {
    PyError::new(
        ErrorKind::NotInPlayground,
        format!("{what} is not part of this playground: it runs asyncio programs"),
        pos.line,
        pos.column,
    )
}

impl Parser {
    fn token(&self) -> &Token {
        // The token list always ends with End, and reading stops there.
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn pos(&self) -> Pos {
        let t = self.token();
        Pos {
            line: t.line,
            column: t.column,
        }
    }

    fn is(&self, tok: &Tok) -> bool {
        &self.token().tok == tok
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(&self.token().tok, Tok::Op(o) if *o == op)
    }

    fn is_keyword(&self, word: &str) -> bool {
        matches!(&self.token().tok, Tok::Name(n) if n == word)
    }

    fn advance(&mut self) -> Token {
        let token = self.token().clone();
        if self.at < self.tokens.len() - 1 {
            self.at += 1;
        }
        token
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let found = self.is_op(op);
        if found {
            self.advance();
        }
        found
    }

    fn eat_keyword(&mut self, word: &str) -> bool {
        let found = self.is_keyword(word);
        if found {
            self.advance();
        }
        found
    }

    fn invalid(&self) -> PyError {
        let pos = self.pos();
        match &self.token().tok {
            Tok::Indent => self.indentation_error("unexpected indent"),
            _ => PyError::syntax("invalid syntax", pos.line, pos.column),
        }
    }

    /// As CPython does: a plain "invalid syntax" on a later line than an
    /// unclosed bracket is the bracket's fault, and says so.
    fn unclosed_bracket(&self, error: PyError) -> PyError {
        if error.kind != ErrorKind::SyntaxError || error.message != "invalid syntax" {
            return error;
        }
        let mut open: Vec<&Token> = Vec::new();
        for token in &self.tokens[..self.at.min(self.tokens.len())] {
            match token.tok {
                Tok::Op("(" | "[" | "{") => open.push(token),
                Tok::Op(")" | "]" | "}") => {
                    open.pop();
                }
                _ => {}
            }
        }
        match open.last() {
            Some(token) if token.line < error.line => {
                let Tok::Op(bracket) = token.tok else {
                    return error;
                };
                PyError::syntax(
                    format!("'{bracket}' was never closed"),
                    token.line,
                    token.column,
                )
            }
            _ => error,
        }
    }

    fn indentation_error(&self, message: &str) -> PyError {
        let pos = self.pos();
        PyError::new(ErrorKind::IndentationError, message, pos.line, pos.column)
    }

    fn expect_op(&mut self, op: &str) -> Result<(), PyError> {
        if self.eat_op(op) {
            Ok(())
        } else if op == ":" || op == ")" || op == "]" || op == "}" {
            let pos = self.pos();
            Err(PyError::syntax(
                format!("expected '{op}'"),
                pos.line,
                pos.column,
            ))
        } else {
            Err(self.invalid())
        }
    }

    fn name(&mut self) -> Result<String, PyError> {
        match &self.token().tok {
            Tok::Name(n) if !is_keyword(n) => {
                let n = n.clone();
                self.advance();
                Ok(n)
            }
            _ => Err(self.invalid()),
        }
    }

    fn end_of_statement(&mut self) -> Result<(), PyError> {
        if self.eat_op(";") && !self.is(&Tok::Newline) {
            // More statements on the line: the caller reads them.
            self.at -= 1;
            return Ok(());
        }
        if self.is(&Tok::Newline) {
            self.advance();
            Ok(())
        } else if self.is(&Tok::End) {
            Ok(())
        } else {
            Err(self.invalid())
        }
    }

    /// Directly in a function's body (a class body in a function is not).
    fn in_function(&self) -> bool {
        matches!(
            self.scopes.last(),
            Some(Scope::Function | Scope::AsyncFunction)
        )
    }

    /// Anywhere inside a function, class bodies included (for `nonlocal`).
    fn within_function(&self) -> bool {
        self.scopes
            .iter()
            .any(|s| matches!(s, Scope::Function | Scope::AsyncFunction))
    }

    /// Counts one level of nesting (a bracket, a unary operator, a block)
    /// around `read`: deeper than [`MAX_DEPTH`] is refused with a message,
    /// never a stack overflow.
    fn nested<T>(&mut self, read: fn(&mut Self) -> Result<T, PyError>) -> Result<T, PyError> {
        if self.depth >= MAX_DEPTH {
            let pos = self.pos();
            return Err(PyError::new(
                ErrorKind::NotInPlayground,
                format!("code nested more than {MAX_DEPTH} deep is not part of this playground"),
                pos.line,
                pos.column,
            ));
        }
        self.depth += 1;
        let result = read(self);
        self.depth -= 1;
        result
    }

    fn in_async_function(&self) -> bool {
        self.scopes.last() == Some(&Scope::AsyncFunction)
    }

    /// One logical line (possibly `a; b`), or one compound statement.
    fn statement(&mut self) -> Result<Vec<Stmt>, PyError> {
        let pos = self.pos();
        if let Tok::Name(word) = &self.token().tok {
            let compound = match word.as_str() {
                "if" => Some(self.if_statement()?),
                "while" => Some(self.while_statement()?),
                "for" => Some(self.for_statement()?),
                "def" => Some(self.function(false, pos)?),
                "class" => Some(self.class(pos)?),
                "try" => Some(self.try_statement()?),
                "with" => Some(self.with_statement(false, pos)?),
                "async" => {
                    self.advance();
                    if self.is_keyword("def") {
                        Some(self.function(true, pos)?)
                    } else if self.is_keyword("with") {
                        if !self.in_async_function() {
                            return Err(PyError::syntax(
                                "'async with' outside async function",
                                pos.line,
                                pos.column,
                            ));
                        }
                        Some(self.with_statement(true, pos)?)
                    } else if self.is_keyword("for") {
                        return Err(not_here("`async for`", pos));
                    } else {
                        return Err(self.invalid());
                    }
                }
                "match"
                    if matches!(
                        self.tokens.get(self.at + 1).map(|t| &t.tok),
                        Some(Tok::Name(_))
                    ) =>
                {
                    return Err(not_here("`match`", pos));
                }
                _ => None,
            };
            if let Some(statement) = compound {
                return Ok(vec![statement]);
            }
        }
        if self.is_op("@") {
            return Err(not_here("a decorator", pos));
        }
        let mut statements = vec![self.simple_statement()?];
        self.end_of_statement()?;
        while self.eat_op(";") {
            statements.push(self.simple_statement()?);
            self.end_of_statement()?;
        }
        Ok(statements)
    }

    /// An indented block after `:`, or statements on the same line.
    fn block(&mut self, what: &str, line: u32) -> Result<Vec<Stmt>, PyError> {
        self.expect_op(":")?;
        if !self.is(&Tok::Newline) {
            let mut body = vec![self.simple_statement()?];
            while self.eat_op(";") && !self.is(&Tok::Newline) && !self.is(&Tok::End) {
                body.push(self.simple_statement()?);
            }
            self.end_of_statement()?;
            return Ok(body);
        }
        self.advance();
        if !self.is(&Tok::Indent) {
            return Err(self.indentation_error(&format!(
                "expected an indented block after {what} on line {line}"
            )));
        }
        self.advance();
        let mut body = Vec::new();
        while !self.is(&Tok::Dedent) && !self.is(&Tok::End) {
            if self.is(&Tok::Indent) {
                return Err(self.indentation_error("unexpected indent"));
            }
            body.extend(self.nested(Self::statement)?);
        }
        self.advance();
        Ok(body)
    }

    fn if_statement(&mut self) -> Result<Stmt, PyError> {
        let pos = self.pos();
        let word = if self.eat_keyword("if") {
            "'if' statement"
        } else {
            self.advance();
            "'elif' statement"
        };
        let test = self.named_expression()?;
        let body = self.block(word, pos.line)?;
        let orelse = if self.is_keyword("elif") {
            vec![self.nested(Self::if_statement)?]
        } else if self.is_keyword("else") {
            let else_pos = self.pos();
            self.advance();
            self.block("'else' statement", else_pos.line)?
        } else {
            Vec::new()
        };
        Ok(Stmt {
            pos,
            kind: StmtKind::If(test, body, orelse),
        })
    }

    fn loop_body(&mut self, what: &str, line: u32) -> Result<Vec<Stmt>, PyError> {
        self.loops += 1;
        let body = self.block(what, line);
        self.loops -= 1;
        body
    }

    fn loop_else(&mut self) -> Result<Vec<Stmt>, PyError> {
        if self.is_keyword("else") {
            let pos = self.pos();
            self.advance();
            self.block("'else' statement", pos.line)
        } else {
            Ok(Vec::new())
        }
    }

    fn while_statement(&mut self) -> Result<Stmt, PyError> {
        let pos = self.pos();
        self.advance();
        let test = self.named_expression()?;
        let body = self.loop_body("'while' statement", pos.line)?;
        let orelse = self.loop_else()?;
        Ok(Stmt {
            pos,
            kind: StmtKind::While(test, body, orelse),
        })
    }

    fn for_statement(&mut self) -> Result<Stmt, PyError> {
        let pos = self.pos();
        self.advance();
        let target = self.target_list()?;
        if !self.eat_keyword("in") {
            return Err(self.invalid());
        }
        let iter = self.star_expression_list()?;
        let body = self.loop_body("'for' statement", pos.line)?;
        let orelse = self.loop_else()?;
        Ok(Stmt {
            pos,
            kind: StmtKind::For(target, iter, body, orelse),
        })
    }

    fn function(&mut self, is_async: bool, pos: Pos) -> Result<Stmt, PyError> {
        self.advance(); // def
        let name = self.name()?;
        self.expect_op("(")?;
        let params = self.params()?;
        if self.eat_op("->") {
            self.expression()?;
        }
        self.scopes.push(if is_async {
            Scope::AsyncFunction
        } else {
            Scope::Function
        });
        let loops = std::mem::take(&mut self.loops);
        let body = self.block("function definition", pos.line);
        self.loops = loops;
        self.scopes.pop();
        Ok(Stmt {
            pos,
            kind: StmtKind::FunctionDef(Rc::new(FunctionDef {
                name,
                params,
                body: body?,
                is_async,
                pos,
            })),
        })
    }

    fn params(&mut self) -> Result<Params, PyError> {
        let mut params = Params {
            positional: Vec::new(),
            star: None,
            keyword_only: Vec::new(),
            double_star: None,
        };
        let mut after_star = false;
        while !self.is_op(")") {
            let pos = self.pos();
            if self.eat_op("**") {
                params.double_star = Some(self.name()?);
            } else if self.eat_op("*") {
                after_star = true;
                if !self.is_op(",") {
                    params.star = Some(self.name()?);
                }
            } else if self.eat_op("/") {
                // Positional-only marker: every parameter so far already is.
            } else {
                let name = self.name()?;
                if self.eat_op(":") {
                    self.expression()?;
                }
                let default = if self.eat_op("=") {
                    Some(self.expression()?)
                } else {
                    None
                };
                let param = Param { name, default, pos };
                if after_star {
                    params.keyword_only.push(param);
                } else {
                    if default_missing_after_default(&params.positional, &param) {
                        return Err(PyError::syntax(
                            "non-default argument follows default argument",
                            pos.line,
                            pos.column,
                        ));
                    }
                    params.positional.push(param);
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        Ok(params)
    }

    fn class(&mut self, pos: Pos) -> Result<Stmt, PyError> {
        self.advance();
        let name = self.name()?;
        let mut bases = Vec::new();
        if self.eat_op("(") {
            while !self.is_op(")") {
                bases.push(self.expression()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
        }
        self.scopes.push(Scope::Class);
        let loops = std::mem::take(&mut self.loops);
        let body = self.block("class definition", pos.line);
        self.loops = loops;
        self.scopes.pop();
        Ok(Stmt {
            pos,
            kind: StmtKind::ClassDef {
                name,
                bases,
                body: body?,
            },
        })
    }

    fn try_statement(&mut self) -> Result<Stmt, PyError> {
        let pos = self.pos();
        self.advance();
        let body = self.block("'try' statement", pos.line)?;
        let mut handlers = Vec::new();
        while self.is_keyword("except") {
            let handler_pos = self.pos();
            self.advance();
            let (kind, name) = if self.is_op(":") {
                (None, None)
            } else {
                let kind = self.expression()?;
                let name = if self.eat_keyword("as") {
                    Some(self.name()?)
                } else {
                    None
                };
                (Some(kind), name)
            };
            let body = self.block("'except' statement", handler_pos.line)?;
            handlers.push(ExceptHandler {
                kind,
                name,
                body,
                pos: handler_pos,
            });
        }
        let orelse = if !handlers.is_empty() && self.is_keyword("else") {
            let else_pos = self.pos();
            self.advance();
            self.block("'else' statement", else_pos.line)?
        } else {
            Vec::new()
        };
        let finally = if self.is_keyword("finally") {
            let finally_pos = self.pos();
            self.advance();
            self.block("'finally' statement", finally_pos.line)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finally.is_empty() {
            let at = self.pos();
            return Err(PyError::syntax(
                "expected 'except' or 'finally' block",
                at.line,
                at.column,
            ));
        }
        Ok(Stmt {
            pos,
            kind: StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            },
        })
    }

    fn with_statement(&mut self, is_async: bool, pos: Pos) -> Result<Stmt, PyError> {
        self.advance(); // with
        let mut items = Vec::new();
        loop {
            let context = self.expression()?;
            let target = if self.eat_keyword("as") {
                Some(self.target()?)
            } else {
                None
            };
            items.push((context, target));
            if !self.eat_op(",") {
                break;
            }
        }
        let what = if is_async {
            "'async with' statement"
        } else {
            "'with' statement"
        };
        let body = self.block(what, pos.line)?;
        Ok(Stmt {
            pos,
            kind: StmtKind::With(items, body, is_async),
        })
    }

    fn names(&mut self) -> Result<Vec<String>, PyError> {
        let mut names = vec![self.name()?];
        while self.eat_op(",") {
            names.push(self.name()?);
        }
        Ok(names)
    }

    fn dotted_name(&mut self) -> Result<String, PyError> {
        let mut name = self.name()?;
        while self.eat_op(".") {
            name.push('.');
            name.push_str(&self.name()?);
        }
        Ok(name)
    }

    fn check_module(&self, module: &str, pos: Pos) -> Result<(), PyError> {
        let top = module.split('.').next().unwrap_or(module);
        if MODULES.contains(&top) {
            Ok(())
        } else {
            Err(not_here(&format!("`{module}`"), pos))
        }
    }

    fn simple_statement(&mut self) -> Result<Stmt, PyError> {
        let pos = self.pos();
        let kind = match &self.token().tok {
            Tok::Name(word) => match word.as_str() {
                "pass" => {
                    self.advance();
                    StmtKind::Pass
                }
                "break" | "continue" => {
                    let is_break = word == "break";
                    if self.loops == 0 {
                        let message = if is_break {
                            "'break' outside loop"
                        } else {
                            "'continue' not properly in loop"
                        };
                        return Err(PyError::syntax(message, pos.line, pos.column));
                    }
                    self.advance();
                    if is_break {
                        StmtKind::Break
                    } else {
                        StmtKind::Continue
                    }
                }
                "return" => {
                    if !self.in_function() {
                        return Err(PyError::syntax(
                            "'return' outside function",
                            pos.line,
                            pos.column,
                        ));
                    }
                    self.advance();
                    let value = if self.at_statement_end() {
                        None
                    } else {
                        Some(self.star_expression_list()?)
                    };
                    StmtKind::Return(value)
                }
                "raise" => {
                    self.advance();
                    let value = if self.at_statement_end() {
                        None
                    } else {
                        Some(self.expression()?)
                    };
                    if self.is_keyword("from") {
                        return Err(not_here("`raise ... from`", pos));
                    }
                    StmtKind::Raise(value)
                }
                "global" => {
                    self.advance();
                    StmtKind::Global(self.names()?)
                }
                "nonlocal" => {
                    if !self.within_function() {
                        return Err(PyError::syntax(
                            "nonlocal declaration not allowed at module level",
                            pos.line,
                            pos.column,
                        ));
                    }
                    self.advance();
                    StmtKind::Nonlocal(self.names()?)
                }
                "assert" => {
                    self.advance();
                    let test = self.expression()?;
                    let message = if self.eat_op(",") {
                        Some(self.expression()?)
                    } else {
                        None
                    };
                    StmtKind::Assert(test, message)
                }
                "del" => {
                    self.advance();
                    let mut targets = vec![self.target()?];
                    while self.eat_op(",") {
                        targets.push(self.target()?);
                    }
                    StmtKind::Del(targets)
                }
                "import" => {
                    self.advance();
                    let mut modules = Vec::new();
                    loop {
                        let at = self.pos();
                        let module = self.dotted_name()?;
                        self.check_module(&module, at)?;
                        let bound = if self.eat_keyword("as") {
                            self.name()?
                        } else {
                            module.split('.').next().unwrap_or("").to_owned()
                        };
                        modules.push((module, bound));
                        if !self.eat_op(",") {
                            break;
                        }
                    }
                    StmtKind::Import(modules)
                }
                "from" => {
                    self.advance();
                    let at = self.pos();
                    let module = self.dotted_name()?;
                    self.check_module(&module, at)?;
                    if !self.eat_keyword("import") {
                        return Err(self.invalid());
                    }
                    let parenthesized = self.eat_op("(");
                    let mut names = Vec::new();
                    loop {
                        if self.is_op("*") {
                            return Err(not_here("`import *`", self.pos()));
                        }
                        let name = self.name()?;
                        let bound = if self.eat_keyword("as") {
                            self.name()?
                        } else {
                            name.clone()
                        };
                        names.push((name, bound));
                        if !self.eat_op(",") || (parenthesized && self.is_op(")")) {
                            break;
                        }
                    }
                    if parenthesized {
                        self.expect_op(")")?;
                    }
                    StmtKind::ImportFrom(module, names)
                }
                "yield" => return Err(not_here("`yield`", pos)),
                "lambda" => return Err(not_here("`lambda`", pos)),
                _ => self.expression_statement()?,
            },
            _ => self.expression_statement()?,
        };
        Ok(Stmt { pos, kind })
    }

    fn at_statement_end(&self) -> bool {
        self.is(&Tok::Newline) || self.is(&Tok::End) || self.is_op(";")
    }

    fn expression_statement(&mut self) -> Result<StmtKind, PyError> {
        let first = self.star_expression_list()?;
        if let Some(op) = self.augmented_operator() {
            check_target(&first, true)?;
            self.advance();
            let value = self.star_expression_list()?;
            return Ok(StmtKind::AugAssign(first, op, value));
        }
        if self.is_op(":") {
            return Err(not_here("an annotated assignment", first.pos));
        }
        if !self.is_op("=") {
            return Ok(StmtKind::Expr(first));
        }
        let mut targets = vec![first];
        let mut value;
        loop {
            self.advance(); // =
            value = self.star_expression_list()?;
            if !self.is_op("=") {
                break;
            }
            targets.push(value);
        }
        for target in &targets {
            check_target(target, false)?;
        }
        Ok(StmtKind::Assign(targets, value))
    }

    fn augmented_operator(&self) -> Option<BinOp> {
        let Tok::Op(op) = &self.token().tok else {
            return None;
        };
        Some(match *op {
            "+=" => BinOp::Add,
            "-=" => BinOp::Sub,
            "*=" => BinOp::Mul,
            "/=" => BinOp::Div,
            "//=" => BinOp::FloorDiv,
            "%=" => BinOp::Mod,
            "**=" => BinOp::Pow,
            "<<=" => BinOp::LShift,
            ">>=" => BinOp::RShift,
            "&=" => BinOp::BitAnd,
            "|=" => BinOp::BitOr,
            "^=" => BinOp::BitXor,
            _ => return None,
        })
    }

    /// `a, b` as a tuple (or one expression), `*rest` allowed.
    fn star_expression_list(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        let first = self.star_expression()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.at_statement_end() || self.is_op("=") || self.is_op(")") {
                break;
            }
            items.push(self.star_expression()?);
        }
        Ok(Expr {
            pos,
            kind: ExprKind::Tuple(items),
        })
    }

    fn star_expression(&mut self) -> Result<Expr, PyError> {
        self.starred_or(Self::expression)
    }

    /// A `for` loop's target: names, attributes, subscripts, tuples.
    fn target_list(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        let first = self.target()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") && !self.is_keyword("in") {
            items.push(self.target()?);
        }
        Ok(Expr {
            pos,
            kind: ExprKind::Tuple(items),
        })
    }

    fn target(&mut self) -> Result<Expr, PyError> {
        let target = self.starred_or(Self::bitwise_or)?;
        check_target(&target, false)?;
        Ok(target)
    }

    /// `*value` (a `bitwise_or`, as Python's grammar has it), or what `read` reads.
    fn starred_or(
        &mut self,
        read: fn(&mut Self) -> Result<Expr, PyError>,
    ) -> Result<Expr, PyError> {
        let pos = self.pos();
        if self.eat_op("*") {
            let value = self.bitwise_or()?;
            return Ok(Expr {
                pos,
                kind: ExprKind::Starred(Box::new(value)),
            });
        }
        read(self)
    }

    fn named_expression(&mut self) -> Result<Expr, PyError> {
        let value = self.expression()?;
        if self.is_op(":=") {
            return Err(not_here("`:=`", self.pos()));
        }
        Ok(value)
    }

    /// A conditional expression (the top of the expression grammar).
    fn expression(&mut self) -> Result<Expr, PyError> {
        self.nested(Self::conditional)
    }

    fn conditional(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        if self.is_keyword("lambda") {
            return Err(not_here("`lambda`", pos));
        }
        if self.is_keyword("yield") {
            return Err(not_here("`yield`", pos));
        }
        let body = self.disjunction()?;
        if self.is_op(":=") {
            return Err(not_here("`:=`", self.pos()));
        }
        if !self.eat_keyword("if") {
            return Ok(body);
        }
        let test = self.disjunction()?;
        if !self.eat_keyword("else") {
            let at = self.pos();
            return Err(PyError::syntax(
                "expected 'else' after 'if' expression",
                at.line,
                at.column,
            ));
        }
        let orelse = self.expression()?;
        Ok(Expr {
            pos,
            kind: ExprKind::IfExp(Box::new(test), Box::new(body), Box::new(orelse)),
        })
    }

    fn disjunction(&mut self) -> Result<Expr, PyError> {
        self.bool_chain("or", Self::conjunction, false)
    }

    fn conjunction(&mut self) -> Result<Expr, PyError> {
        self.bool_chain("and", Self::inversion, true)
    }

    fn bool_chain(
        &mut self,
        word: &str,
        next: fn(&mut Self) -> Result<Expr, PyError>,
        is_and: bool,
    ) -> Result<Expr, PyError> {
        let pos = self.pos();
        let first = next(self)?;
        if !self.is_keyword(word) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_keyword(word) {
            values.push(next(self)?);
        }
        Ok(Expr {
            pos,
            kind: ExprKind::BoolOp(is_and, values),
        })
    }

    fn inversion(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        if self.eat_keyword("not") {
            let value = self.nested(Self::inversion)?;
            return Ok(Expr {
                pos,
                kind: ExprKind::UnaryOp(UnaryOp::Not, Box::new(value)),
            });
        }
        self.comparison()
    }

    fn comparison_operator(&mut self) -> Option<CmpOp> {
        let op = match &self.token().tok {
            Tok::Op("==") => CmpOp::Eq,
            Tok::Op("!=") => CmpOp::NotEq,
            Tok::Op("<") => CmpOp::Lt,
            Tok::Op("<=") => CmpOp::LtE,
            Tok::Op(">") => CmpOp::Gt,
            Tok::Op(">=") => CmpOp::GtE,
            Tok::Name(n) if n == "in" => CmpOp::In,
            Tok::Name(n) if n == "is" => {
                self.advance();
                return Some(if self.eat_keyword("not") {
                    CmpOp::IsNot
                } else {
                    CmpOp::Is
                });
            }
            Tok::Name(n)
                if n == "not"
                    && matches!(self.tokens.get(self.at + 1).map(|t| &t.tok), Some(Tok::Name(m)) if m == "in") =>
            {
                self.advance();
                CmpOp::NotIn
            }
            _ => return None,
        };
        self.advance();
        Some(op)
    }

    fn comparison(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        let first = self.bitwise_or()?;
        let mut rest = Vec::new();
        while let Some(op) = self.comparison_operator() {
            rest.push((op, self.bitwise_or()?));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        Ok(Expr {
            pos,
            kind: ExprKind::Compare(Box::new(first), rest),
        })
    }

    /// Binary operators by precedence, loosest first.
    fn binary(&mut self, level: usize) -> Result<Expr, PyError> {
        const LEVELS: [&[(&str, BinOp)]; 6] = [
            &[("|", BinOp::BitOr)],
            &[("^", BinOp::BitXor)],
            &[("&", BinOp::BitAnd)],
            &[("<<", BinOp::LShift), (">>", BinOp::RShift)],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[
                ("*", BinOp::Mul),
                ("/", BinOp::Div),
                ("//", BinOp::FloorDiv),
                ("%", BinOp::Mod),
            ],
        ];
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut left = self.binary(level + 1)?;
        loop {
            let Some(&(_, op)) = ops.iter().find(|(text, _)| self.is_op(text)) else {
                return Ok(left);
            };
            if self.is_op("@") {
                return Err(not_here("`@`", self.pos()));
            }
            self.advance();
            let right = self.binary(level + 1)?;
            left = Expr {
                pos: left.pos,
                kind: ExprKind::BinOp(Box::new(left), op, Box::new(right)),
            };
        }
    }

    fn bitwise_or(&mut self) -> Result<Expr, PyError> {
        self.binary(0)
    }

    fn unary(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        let op = if self.is_op("-") {
            UnaryOp::Neg
        } else if self.is_op("+") {
            UnaryOp::Pos
        } else if self.is_op("~") {
            UnaryOp::Invert
        } else {
            return self.power();
        };
        self.advance();
        let value = self.nested(Self::unary)?;
        Ok(Expr {
            pos,
            kind: ExprKind::UnaryOp(op, Box::new(value)),
        })
    }

    fn power(&mut self) -> Result<Expr, PyError> {
        let base = self.await_primary()?;
        if !self.eat_op("**") {
            return Ok(base);
        }
        let exponent = self.nested(Self::unary)?;
        Ok(Expr {
            pos: base.pos,
            kind: ExprKind::BinOp(Box::new(base), BinOp::Pow, Box::new(exponent)),
        })
    }

    fn await_primary(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        if self.eat_keyword("await") {
            if !self.in_async_function() {
                let message = if self.in_function() {
                    "'await' outside async function"
                } else {
                    "'await' outside function"
                };
                return Err(PyError::syntax(message, pos.line, pos.column));
            }
            let value = self.primary()?;
            return Ok(Expr {
                pos,
                kind: ExprKind::Await(Box::new(value)),
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, PyError> {
        let mut value = self.atom()?;
        loop {
            if self.eat_op(".") {
                let name = self.name()?;
                value = Expr {
                    pos: value.pos,
                    kind: ExprKind::Attribute(Box::new(value), name),
                };
            } else if self.eat_op("(") {
                let args = self.arguments()?;
                value = Expr {
                    pos: value.pos,
                    kind: ExprKind::Call(Box::new(value), args),
                };
            } else if self.eat_op("[") {
                let index = self.subscript()?;
                self.expect_op("]")?;
                value = Expr {
                    pos: value.pos,
                    kind: ExprKind::Subscript(Box::new(value), Box::new(index)),
                };
            } else {
                return Ok(value);
            }
        }
    }

    fn subscript(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        let mut items = vec![self.slice()?];
        let mut tuple = false;
        while self.eat_op(",") {
            tuple = true;
            if self.is_op("]") {
                break;
            }
            items.push(self.slice()?);
        }
        if tuple {
            Ok(Expr {
                pos,
                kind: ExprKind::Tuple(items),
            })
        } else {
            Ok(items.pop().unwrap_or(Expr {
                pos,
                kind: ExprKind::None,
            }))
        }
    }

    fn slice(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        let start = if self.is_op(":") {
            None
        } else {
            Some(self.expression()?)
        };
        if !self.eat_op(":") {
            return start.ok_or_else(|| self.invalid());
        }
        let bound = |p: &mut Self| -> Result<Option<Box<Expr>>, PyError> {
            if p.is_op(":") || p.is_op("]") || p.is_op(",") {
                Ok(None)
            } else {
                Ok(Some(Box::new(p.expression()?)))
            }
        };
        let stop = bound(self)?;
        let step = if self.eat_op(":") { bound(self)? } else { None };
        Ok(Expr {
            pos,
            kind: ExprKind::Slice(start.map(Box::new), stop, step),
        })
    }

    fn arguments(&mut self) -> Result<Vec<Arg>, PyError> {
        let mut args = Vec::new();
        let mut keywords = false;
        while !self.is_op(")") {
            let pos = self.pos();
            if self.eat_op("**") {
                args.push(Arg::DoubleStar(self.expression()?));
                keywords = true;
            } else if self.eat_op("*") {
                args.push(Arg::Star(self.expression()?));
            } else if matches!(&self.token().tok, Tok::Name(_))
                && matches!(
                    self.tokens.get(self.at + 1).map(|t| &t.tok),
                    Some(Tok::Op("="))
                )
            {
                let name = self.name()?;
                self.advance();
                args.push(Arg::Keyword(name, self.expression()?));
                keywords = true;
            } else {
                let value = self.expression()?;
                if keywords {
                    return Err(PyError::syntax(
                        "positional argument follows keyword argument",
                        pos.line,
                        pos.column,
                    ));
                }
                if self.is_keyword("for") {
                    let generators = self.comprehension_clauses()?;
                    args.push(Arg::Positional(Expr {
                        pos,
                        kind: ExprKind::GeneratorExp(Box::new(value), generators),
                    }));
                } else {
                    args.push(Arg::Positional(value));
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        Ok(args)
    }

    /// A comprehension's `for` clauses, then its closing bracket `close`.
    fn comprehension(
        &mut self,
        close: &str,
        pos: Pos,
        make: impl FnOnce(Vec<Comprehension>) -> ExprKind,
    ) -> Result<Expr, PyError> {
        let generators = self.comprehension_clauses()?;
        self.expect_op(close)?;
        Ok(Expr {
            pos,
            kind: make(generators),
        })
    }

    fn comprehension_clauses(&mut self) -> Result<Vec<Comprehension>, PyError> {
        let mut clauses = Vec::new();
        while self.is_keyword("for") || self.is_keyword("async") {
            if self.is_keyword("async") {
                return Err(not_here("an async comprehension", self.pos()));
            }
            self.advance();
            let target = self.target_list()?;
            if !self.eat_keyword("in") {
                return Err(self.invalid());
            }
            let iter = self.disjunction()?;
            let mut conditions = Vec::new();
            while self.eat_keyword("if") {
                conditions.push(self.disjunction()?);
            }
            clauses.push(Comprehension {
                target,
                iter,
                conditions,
            });
        }
        Ok(clauses)
    }

    fn atom(&mut self) -> Result<Expr, PyError> {
        let token = self.token().clone();
        let pos = Pos {
            line: token.line,
            column: token.column,
        };
        let kind = match token.tok {
            Tok::Name(name) => match name.as_str() {
                "True" => ExprKind::True,
                "False" => ExprKind::False,
                "None" => ExprKind::None,
                "lambda" | "yield" => return Err(not_here(&format!("`{name}`"), pos)),
                n if is_keyword(n) => return Err(self.invalid()),
                _ => ExprKind::Name(Name::new(name)),
            },
            Tok::Int(digits) => ExprKind::Int(digits),
            Tok::Float(value) => ExprKind::Float(value),
            Tok::Str(_) | Tok::FStr(_) => return self.strings(),
            Tok::Op("(") => {
                self.advance();
                if self.eat_op(")") {
                    return Ok(Expr {
                        pos,
                        kind: ExprKind::Tuple(Vec::new()),
                    });
                }
                let first = self.star_expression()?;
                if self.is_keyword("for") {
                    return self
                        .comprehension(")", pos, |g| ExprKind::GeneratorExp(Box::new(first), g));
                }
                if self.eat_op(")") {
                    return Ok(first);
                }
                let mut items = vec![first];
                while self.eat_op(",") && !self.is_op(")") {
                    items.push(self.star_expression()?);
                }
                self.expect_op(")")?;
                return Ok(Expr {
                    pos,
                    kind: ExprKind::Tuple(items),
                });
            }
            Tok::Op("[") => {
                self.advance();
                let mut items = Vec::new();
                while !self.is_op("]") {
                    let item = self.star_expression()?;
                    if items.is_empty() && self.is_keyword("for") {
                        return self
                            .comprehension("]", pos, |g| ExprKind::ListComp(Box::new(item), g));
                    }
                    items.push(item);
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op("]")?;
                return Ok(Expr {
                    pos,
                    kind: ExprKind::List(items),
                });
            }
            Tok::Op("{") => {
                self.advance();
                return self.dict_or_set(pos);
            }
            Tok::Op("...") => ExprKind::None,
            _ => return Err(self.invalid()),
        };
        self.advance();
        Ok(Expr { pos, kind })
    }

    fn dict_or_set(&mut self, pos: Pos) -> Result<Expr, PyError> {
        if self.eat_op("}") {
            return Ok(Expr {
                pos,
                kind: ExprKind::Dict(Vec::new()),
            });
        }
        let first = self.expression()?;
        if self.eat_op(":") {
            let value = self.expression()?;
            if self.is_keyword("for") {
                return self.comprehension("}", pos, |g| {
                    ExprKind::DictComp(Box::new((first, value)), g)
                });
            }
            let mut entries = vec![(first, value)];
            while self.eat_op(",") && !self.is_op("}") {
                let key = self.expression()?;
                if !self.eat_op(":") {
                    return Err(PyError::syntax(
                        "':' expected after dictionary key",
                        key.pos.line,
                        key.pos.column,
                    ));
                }
                entries.push((key, self.expression()?));
            }
            self.expect_op("}")?;
            return Ok(Expr {
                pos,
                kind: ExprKind::Dict(entries),
            });
        }
        let mut items = vec![first];
        while self.eat_op(",") && !self.is_op("}") {
            items.push(self.expression()?);
        }
        self.expect_op("}")?;
        Ok(Expr {
            pos,
            kind: ExprKind::Set(items),
        })
    }

    /// Adjacent string literals are one string; with an f-string among
    /// them, one f-string.
    fn strings(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        let mut parts: Vec<FString> = Vec::new();
        let mut formatted = false;
        loop {
            match self.token().tok.clone() {
                Tok::Str(text) => parts.push(FString::Text(text)),
                Tok::FStr(pieces) => {
                    formatted = true;
                    for piece in pieces {
                        parts.push(match piece {
                            FPart::Text(text) => FString::Text(text),
                            FPart::Expr {
                                source,
                                line,
                                column,
                                spec,
                                debug,
                                conversion,
                            } => FString::Value {
                                value: parse_fstring_expression(
                                    &source,
                                    line,
                                    column,
                                    &self.scopes,
                                )?,
                                spec,
                                // `{x=}` shows repr unless `!s` says otherwise.
                                repr: matches!(conversion, Some('r' | 'a'))
                                    || (debug && conversion.is_none()),
                            },
                        });
                    }
                }
                _ => break,
            }
            self.advance();
        }
        if formatted {
            return Ok(Expr {
                pos,
                kind: ExprKind::FString(parts),
            });
        }
        let text = parts
            .into_iter()
            .map(|p| match p {
                FString::Text(t) => t,
                FString::Value { .. } => String::new(),
            })
            .collect();
        Ok(Expr {
            pos,
            kind: ExprKind::Str(text),
        })
    }
}

fn default_missing_after_default(before: &[Param], param: &Param) -> bool {
    param.default.is_none() && before.iter().any(|p| p.default.is_some())
}

/// An expression inside an f-string's braces, positioned where it stands.
fn parse_fstring_expression(
    source: &str,
    line: u32,
    column: u32,
    scopes: &[Scope],
) -> Result<Expr, PyError> {
    let tokens = tokenize(&format!("({source})")).map_err(|e| PyError {
        line,
        column: column + e.column.saturating_sub(2),
        ..e
    })?;
    let mut parser = Parser {
        tokens: tokens
            .into_iter()
            .map(|t| Token {
                line,
                column: column + t.column.saturating_sub(2),
                tok: t.tok,
            })
            .collect(),
        at: 0,
        // Inside an f-string, `await` is as allowed as around it.
        scopes: scopes.to_vec(),
        loops: 0,
        depth: 0,
    };
    let value = parser.expression()?;
    if !parser.is(&Tok::Newline) && !parser.is(&Tok::End) {
        return Err(PyError::syntax("f-string: invalid syntax", line, column));
    }
    Ok(value)
}

/// Python's keywords (soft keywords such as `match` are names).
pub fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

/// What may be assigned to; CPython's words for what may not.
fn check_target(target: &Expr, augmented: bool) -> Result<(), PyError> {
    let what = match &target.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => return Ok(()),
        ExprKind::Tuple(items) | ExprKind::List(items) if !augmented => {
            return items.iter().try_for_each(|item| match &item.kind {
                ExprKind::Starred(inner) => check_target(inner, false),
                _ => check_target(item, false),
            });
        }
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Call(..) => "function call",
        ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) => "literal",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::True | ExprKind::False | ExprKind::None => {
            let word = match target.kind {
                ExprKind::True => "True",
                ExprKind::False => "False",
                _ => "None",
            };
            return Err(PyError::syntax(
                format!("cannot assign to {word}"),
                target.pos.line,
                target.pos.column,
            ));
        }
        ExprKind::Await(_) => "await expression",
        ExprKind::Compare(..) => "comparison",
        ExprKind::BoolOp(..) | ExprKind::BinOp(..) | ExprKind::UnaryOp(..) => "expression",
        ExprKind::IfExp(..) => "conditional expression",
        _ => "expression",
    };
    let message = if augmented {
        format!("'{what}' is an illegal expression for augmented assignment")
    } else {
        format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?")
    };
    Err(PyError::syntax(message, target.pos.line, target.pos.column))
}
