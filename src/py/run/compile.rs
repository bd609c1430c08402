//! Compiles a body of statements once into a flat list of instructions
//! ([`Op`]) for the VM ([`super::vm`]), every name resolved to its slot.
//! The design, and what is still to come, is in `docs/vm.md`.

use std::rc::Rc;

use super::interp::{Interp, CLASS_BODY};
use super::objects::{owner_name, MANY_BASES};
use super::scope::{resolve_through, ScopeInfo};
use super::value::Value;
use crate::py::ast::*;

/// One instruction. Jumps hold the index of the instruction they go to.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    /// A statement begins on this line: a step counted.
    Stmt(u32),
    /// Errors from here on are raised on this line (no step counted).
    Line(u32),
    /// One turn of a loop: a step.
    Tick,
    Const(u32),
    LoadLocal(u32),
    StoreLocal(u32),
    /// An enclosing function's variable: scopes out, slot.
    LoadOuter(u32, u32),
    StoreOuter(u32, u32),
    /// A module variable: its slot in `Globals`, its name.
    LoadGlobal(u32, u32),
    StoreGlobal(u32, u32),
    /// `del name` (by name: it may live in an enclosing scope).
    Delete(u32),
    /// Unbinds an `except ... as name` name, whether or not it is bound.
    DeleteQuiet(u32),
    Pop,
    Dup,
    Dup2,
    /// Swaps the top two.
    Rot2,
    /// Moves the top below the next two.
    Rot3,
    Binary(BinOp),
    Augmented(BinOp),
    Unary(UnaryOp),
    Compare(CmpOp),
    /// `Compare` and `JumpIfFalse` as one instruction (one dispatch fewer
    /// in every loop test).
    CompareJumpIfFalse(CmpOp, u32),
    Jump(u32),
    JumpIfFalse(u32),
    JumpIfTrue(u32),
    /// Jumps keeping the value if it is false, else pops it.
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    BuildTuple(u32),
    BuildList(u32),
    /// Pops a value onto the list below it.
    PushTo,
    /// Pops an iterable, extending the list below it.
    Spread,
    /// The list on top as a tuple.
    ToTuple,
    BuildDict,
    /// Pops a key and a value into the dict below them.
    DictPut,
    /// An f-string's value, formatted: its spec (a name), `repr` or `str`.
    Format(u32, bool),
    /// Joins this many strings.
    Concat(u32),
    Slice,
    /// An attribute's name, and the variable it is read through (or `NONE`).
    GetAttr(u32, u32),
    SetAttr(u32, u32),
    GetItem,
    SetItem,
    DeleteItem,
    /// Calls with this many positional arguments.
    Call(u32),
    /// The general call: `*a`, `k=v`, `**kw`, gathered one by one.
    ArgsBegin,
    ArgPush,
    ArgSpread,
    ArgKeyword(u32),
    ArgDoubleStar,
    CallArgs,
    Iter,
    /// The next item, or the iterator popped and a jump.
    ForIter(u32),
    PopIter,
    SetupExcept(u32),
    SetupFinally(u32),
    PopBlock,
    /// Pops an exception class: jumps unless the exception under it matches.
    Matches(u32),
    SetHandling,
    ClearHandling,
    Reraise,
    /// `raise` with a value on the stack, or a bare `raise`.
    Raise(bool),
    /// `assert` failed: with a message on the stack or not.
    AssertFailed(bool),
    /// Spreads the value over this many targets, the one at the second
    /// (or `NONE`) starred; the first target's value ends on top.
    Unpack(u32, u32),
    MakeFunction(u32),
    /// `import module` (a name).
    Import(u32),
    /// `from module import name`.
    ImportFrom(u32, u32),
    Comprehension(u32),
    /// Runs a class body (a code) in its scope: with a base on the stack or not.
    MakeClass(u32, bool),
    /// Ends a class body: the class (its name) made of its scope, returned.
    BuildClass(u32),
    /// Adds the top to the comprehension's list or dict.
    Append,
    DictInsert,
    Return,
    /// Raises an error of this kind (a name) with this message (a name).
    Error(u32, u32),
    /// `await` the value on top (in an `async def`): the task suspends
    /// here if it is a future, and the result replaces it.
    Await,
    /// `with` (true: `async with`) in an `async def`: the context on top,
    /// kept there, acquired (the task may suspend); anything but a lock
    /// or semaphore with `async with` is a TypeError.
    Enter(bool),
    /// Releases the lock or semaphore on top, popped.
    Release,
}

/// No index: an `Unpack` without a star, an attribute read through no variable.
pub const NONE: u32 = u32::MAX;

impl Op {
    fn target_mut(&mut self) -> Option<&mut u32> {
        match self {
            Op::Jump(t)
            | Op::JumpIfFalse(t)
            | Op::CompareJumpIfFalse(_, t)
            | Op::JumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t)
            | Op::ForIter(t)
            | Op::SetupExcept(t)
            | Op::SetupFinally(t)
            | Op::Matches(t) => Some(t),
            _ => None,
        }
    }
}

/// A compiled body.
#[derive(Default)]
pub struct Code {
    pub ops: Vec<Op>,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<str>>,
    pub codes: Vec<Rc<Code>>,
    pub defs: Vec<Rc<FunctionDef>>,
    /// The scope of its own a comprehension or class body runs in.
    pub scope: Option<Rc<ScopeInfo>>,
    /// A comprehension that builds a dict (not a list).
    pub builds_dict: bool,
    /// What the explorer's state keys call it, the same in every run of
    /// the program (`key::name_code`).
    pub fingerprint: std::cell::Cell<u64>,
}

/// The module's statements.
pub fn module(interp: &Interp, body: &[Stmt]) -> Rc<Code> {
    let mut compiler = Compiler::new(interp, Vec::new());
    compiler.block(body);
    compiler.finish_with_return()
}

/// A function's body; `chain` is its scope, then the scopes around it.
pub fn function(interp: &Interp, def: &FunctionDef, chain: Vec<Rc<ScopeInfo>>) -> Rc<Code> {
    let mut compiler = Compiler::new(interp, chain);
    compiler.is_async = def.is_async;
    compiler.block(&def.body);
    compiler.finish_with_return()
}

/// What a `return`, `break` or `continue` leaves on its way out.
#[derive(Clone, Copy)]
enum FBlock<'a> {
    /// A loop: whether a `for` (its iterator on the stack), where
    /// `continue` and `break` go.
    Loop { is_for: bool, head: u32, exit: u32 },
    /// A `try` body with handlers: its block to pop.
    Except,
    /// A `try` body (or its handlers, or `else`) with a `finally`.
    Finally(&'a [Stmt]),
    /// An `except` block: its name to unbind, its exception on the stack.
    Handler(Option<&'a str>),
    /// The exceptional path's `finally`: the exception on the stack.
    Exception,
    /// An `async with` body: its lock (or semaphore) on the stack, released
    /// on this line.
    With(u32),
}

struct Compiler<'i, 'a> {
    interp: &'i Interp,
    /// The scopes the code is in, innermost first (empty: the module).
    chain: Vec<Rc<ScopeInfo>>,
    code: Code,
    /// Each label's instruction, once placed.
    labels: Vec<u32>,
    fblocks: Vec<FBlock<'a>>,
    /// In a class body: where it ends (what leaves it early goes there).
    class_end: Option<u32>,
    /// Where the last label was placed (no instruction there may be fused
    /// into the one before it).
    placed_at: Option<usize>,
    /// The body of an `async def` (not a comprehension or class in it):
    /// `await` compiles to `Await`.
    is_async: bool,
}

impl<'i, 'a> Compiler<'i, 'a> {
    fn new(interp: &'i Interp, chain: Vec<Rc<ScopeInfo>>) -> Self {
        Compiler {
            interp,
            chain,
            code: Code::default(),
            labels: Vec::new(),
            fblocks: Vec::new(),
            class_end: None,
            placed_at: None,
            is_async: false,
        }
    }

    fn finish_with_return(mut self) -> Rc<Code> {
        self.constant(Value::None);
        self.emit(Op::Return);
        self.finish()
    }

    /// The code, every jump's label replaced by its instruction.
    fn finish(mut self) -> Rc<Code> {
        for op in &mut self.code.ops {
            if let Some(target) = op.target_mut() {
                *target = self.labels[*target as usize];
            }
        }
        Rc::new(self.code)
    }

    fn emit(&mut self, op: Op) {
        // A comparison and the jump on it, fused, unless something jumps
        // to the jump itself.
        let fusable = self.placed_at != Some(self.code.ops.len());
        if let (Op::JumpIfFalse(to), true, Some(last)) = (op, fusable, self.code.ops.last_mut()) {
            if let Op::Compare(compare) = *last {
                *last = Op::CompareJumpIfFalse(compare, to);
                return;
            }
        }
        self.code.ops.push(op);
    }

    fn label(&mut self) -> u32 {
        self.labels.push(NONE);
        (self.labels.len() - 1) as u32
    }

    fn place(&mut self, label: u32) {
        self.labels[label as usize] = self.code.ops.len() as u32;
        self.placed_at = Some(self.code.ops.len());
    }

    fn constant(&mut self, value: Value) {
        self.code.consts.push(value);
        self.emit(Op::Const((self.code.consts.len() - 1) as u32));
    }

    fn name(&mut self, name: &str) -> u32 {
        if let Some(at) = self.code.names.iter().position(|n| **n == *name) {
            return at as u32;
        }
        self.code.names.push(Rc::from(name));
        (self.code.names.len() - 1) as u32
    }

    fn error(&mut self, kind: &str, message: &str) {
        let kind = self.name(kind);
        let message = self.name(message);
        self.emit(Op::Error(kind, message));
    }

    // ---- names ------------------------------------------------------------

    /// The instructions that read and write `name`, where it lives.
    fn name_ops(&mut self, name: &str) -> (Op, Op) {
        match resolve_through(self.chain.iter().map(|i| &**i), name) {
            Some((0, slot)) => (Op::LoadLocal(slot), Op::StoreLocal(slot)),
            Some((depth, slot)) => (Op::LoadOuter(depth, slot), Op::StoreOuter(depth, slot)),
            None => {
                let slot = self.interp.globals.borrow_mut().slot(name) as u32;
                let name = self.name(name);
                (Op::LoadGlobal(slot, name), Op::StoreGlobal(slot, name))
            }
        }
    }

    fn load(&mut self, name: &str) {
        let (load, _) = self.name_ops(name);
        self.emit(load);
    }

    fn store(&mut self, name: &str) {
        let (_, store) = self.name_ops(name);
        self.emit(store);
    }

    // ---- statements -------------------------------------------------------

    fn block(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &'a Stmt) {
        let line = stmt.pos.line;
        // In an `async def`, a statement with an `await`: the line set
        // again after the await, and a clear error for what the
        // playground does not run.
        let suspends = self.is_async && stmt_awaits(stmt);
        // Where an assignment's value awaited, the line is set again.
        let again = suspends.then_some(line);
        self.emit(Op::Stmt(line));
        match &stmt.kind {
            _ if suspends && !may_await(stmt) => {
                let message = "an await in this statement is not part of this playground";
                self.error("NotImplementedError", message);
            }
            StmtKind::Expr(expr) => {
                self.expr(expr);
                self.emit(Op::Pop);
            }
            StmtKind::Assign(targets, value) => {
                self.expr(value);
                self.line_again(again);
                for (i, target) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.assign(target);
                }
            }
            StmtKind::AugAssign(target, op, value) => self.augmented(target, *op, value, again),
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Break => self.break_or_continue(true),
            StmtKind::Continue => self.break_or_continue(false),
            StmtKind::Return(value) => {
                match value {
                    Some(value) => self.expr(value),
                    None => self.constant(Value::None),
                }
                self.leave_blocks(0, true);
                if self.class_end.is_some() {
                    self.error("SyntaxError", "'return' outside function");
                } else {
                    self.emit(Op::Return);
                }
            }
            StmtKind::Raise(exc) => {
                if let Some(exc) = exc {
                    self.expr(exc);
                }
                self.emit(Op::Raise(exc.is_some()));
            }
            StmtKind::Assert(test, message) => {
                let passed = self.label();
                self.expr(test);
                self.emit(Op::JumpIfTrue(passed));
                if let Some(message) = message {
                    self.expr(message);
                }
                self.emit(Op::AssertFailed(message.is_some()));
                self.place(passed);
            }
            StmtKind::Del(targets) => targets.iter().for_each(|t| self.delete(t)),
            StmtKind::Import(modules) => {
                for (module, bound) in modules {
                    let module = self.name(module);
                    self.emit(Op::Import(module));
                    self.store(bound);
                }
            }
            StmtKind::ImportFrom(module, names) => {
                let module = self.name(module);
                for (name, bound) in names {
                    let name = self.name(name);
                    self.emit(Op::ImportFrom(module, name));
                    self.store(bound);
                }
            }
            StmtKind::If(test, body, orelse) => {
                self.branches(test, |c| c.block(body), |c| c.block(orelse));
            }
            StmtKind::While(test, body, orelse) => {
                let (head, otherwise, exit) = (self.label(), self.label(), self.label());
                self.place(head);
                self.expr(test);
                self.emit(Op::JumpIfFalse(otherwise));
                self.emit(Op::Tick);
                self.loop_body(false, head, exit, body);
                self.emit(Op::Jump(head));
                self.place(otherwise);
                self.block(orelse);
                self.place(exit);
            }
            StmtKind::For(target, iter, body, orelse) => {
                let (head, otherwise, exit) = (self.label(), self.label(), self.label());
                self.expr(iter);
                self.emit(Op::Iter);
                self.place(head);
                self.emit(Op::ForIter(otherwise));
                self.emit(Op::Tick);
                if suspends {
                    self.emit(Op::Line(line));
                }
                self.assign(target);
                self.loop_body(true, head, exit, body);
                self.emit(Op::Jump(head));
                self.place(otherwise);
                self.block(orelse);
                self.place(exit);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => self.try_statement(body, handlers, orelse, finally),
            StmtKind::FunctionDef(def) => {
                let params = def.params.positional.iter();
                for param in params.chain(&def.params.keyword_only) {
                    if let Some(default) = &param.default {
                        self.expr(default);
                    }
                }
                self.code.defs.push(Rc::clone(def));
                self.emit(Op::MakeFunction((self.code.defs.len() - 1) as u32));
                self.store(&def.name);
            }
            StmtKind::ClassDef { name, bases, body } => self.class(name, bases, body),
            StmtKind::With(items, body, is_async) => self.with(items, body, *is_async, line),
        }
    }

    /// `if test: then else: otherwise`, statements or expressions.
    fn branches(
        &mut self,
        test: &'a Expr,
        then: impl FnOnce(&mut Self),
        otherwise: impl FnOnce(&mut Self),
    ) {
        let (other, end) = (self.label(), self.label());
        self.expr(test);
        self.emit(Op::JumpIfFalse(other));
        then(self);
        self.emit(Op::Jump(end));
        self.place(other);
        otherwise(self);
        self.place(end);
    }

    /// `class name(base): body`: the body a code of its own, run in its scope.
    fn class(&mut self, name: &'a str, bases: &'a [Expr], body: &'a [Stmt]) {
        let has_base = match bases {
            [] => false,
            [base] => {
                self.expr(base);
                true
            }
            _ => return self.error("NotImplementedError", MANY_BASES),
        };
        let info = Rc::new(ScopeInfo::of_body(body, CLASS_BODY));
        let mut chain = vec![Rc::clone(&info)];
        chain.extend(self.chain.iter().cloned());
        let mut inner = Compiler::new(self.interp, chain);
        inner.code.scope = Some(info);
        let end = inner.label();
        inner.class_end = Some(end);
        inner.block(body);
        inner.place(end);
        let class_name = inner.name(name);
        inner.emit(Op::BuildClass(class_name));
        self.code.codes.push(inner.finish());
        self.emit(Op::MakeClass((self.code.codes.len() - 1) as u32, has_base));
        self.store(name);
    }

    fn loop_body(&mut self, is_for: bool, head: u32, exit: u32, body: &'a [Stmt]) {
        self.fblocks.push(FBlock::Loop { is_for, head, exit });
        self.block(body);
        self.fblocks.pop();
    }

    /// `break` or `continue`: out of the blocks inside the loop, then on.
    /// Outside any loop it ends the function (returning None).
    fn break_or_continue(&mut self, is_break: bool) {
        let innermost_loop = self
            .fblocks
            .iter()
            .rposition(|b| matches!(b, FBlock::Loop { .. }));
        let Some(at) = innermost_loop else {
            self.leave_blocks(0, true);
            match self.class_end {
                // It ends the class body there.
                Some(end) => self.emit(Op::Jump(end)),
                None => {
                    self.constant(Value::None);
                    self.emit(Op::Return);
                }
            }
            return;
        };
        self.leave_blocks(at + 1, false);
        if let FBlock::Loop { is_for, head, exit } = self.fblocks[at] {
            if is_break {
                if is_for {
                    self.emit(Op::PopIter);
                }
                self.emit(Op::Jump(exit));
            } else {
                self.emit(Op::Jump(head));
            }
        }
    }

    /// The code that leaves every block from the innermost down to
    /// `down_to`: a `return` (whose value is on top, and whose `Return`
    /// cuts the stack) need not pop what they hold.
    fn leave_blocks(&mut self, down_to: usize, returning: bool) {
        for at in (down_to..self.fblocks.len()).rev() {
            match self.fblocks[at] {
                FBlock::Loop { is_for, .. } => {
                    if is_for && !returning {
                        self.emit(Op::PopIter);
                    }
                }
                FBlock::Except => self.emit(Op::PopBlock),
                FBlock::Finally(finally) => {
                    self.emit(Op::PopBlock);
                    // The finally's own code sees only the blocks outside it.
                    let inside = self.fblocks.split_off(at);
                    self.block(finally);
                    self.fblocks.extend(inside);
                }
                FBlock::Handler(name) => {
                    self.emit(Op::PopBlock);
                    self.unhandle(name);
                    if !returning {
                        self.emit(Op::Pop);
                    }
                }
                FBlock::Exception => {
                    if !returning {
                        self.emit(Op::Pop);
                    }
                }
                FBlock::With(line) => {
                    self.emit(Op::PopBlock);
                    self.emit(Op::Line(line));
                    if returning {
                        // The value returned is above the lock.
                        self.emit(Op::Rot2);
                    }
                    self.emit(Op::Release);
                }
            }
        }
    }

    /// `with` (`async with` in an `async def`): each
    /// context in turn entered (a lock or semaphore acquired, which may
    /// suspend), the body, then each released on the statement's line,
    /// also when the body raises or leaves by `return`, `break` or `continue`.
    ///
    /// ```text
    ///     Line; context; Enter; [Const None; store target]
    ///     SetupFinally Lr; body; PopBlock; Line; Release; Jump Lend
    /// Lr: Line; Rot2; Release; Reraise
    /// Lend:
    /// ```
    fn with(
        &mut self,
        items: &'a [(Expr, Option<Expr>)],
        body: &'a [Stmt],
        is_async: bool,
        line: u32,
    ) {
        let Some(((context, target), rest)) = items.split_first() else {
            return self.block(body);
        };
        self.emit(Op::Line(line));
        self.expr(context);
        self.emit(Op::Enter(is_async));
        if let Some(target) = target {
            self.constant(Value::None);
            self.assign(target);
        }
        let (released, end) = (self.label(), self.label());
        self.emit(Op::SetupFinally(released));
        self.fblocks.push(FBlock::With(line));
        self.with(rest, body, is_async, line);
        self.fblocks.pop();
        self.emit(Op::PopBlock);
        self.emit(Op::Line(line));
        self.emit(Op::Release);
        self.emit(Op::Jump(end));
        self.place(released);
        self.emit(Op::Line(line));
        self.emit(Op::Rot2);
        self.emit(Op::Release);
        self.emit(Op::Reraise);
        self.place(end);
    }

    fn unhandle(&mut self, name: Option<&str>) {
        if let Some(name) = name {
            let name = self.name(name);
            self.emit(Op::DeleteQuiet(name));
        }
        self.emit(Op::ClearHandling);
    }

    /// `try` as laid out in docs/vm.md.
    fn try_statement(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finally: &'a [Stmt],
    ) {
        let (on_exception, end) = (self.label(), self.label());
        if !finally.is_empty() {
            self.emit(Op::SetupFinally(on_exception));
            self.fblocks.push(FBlock::Finally(finally));
        }
        if handlers.is_empty() {
            self.block(body);
            self.block(orelse);
        } else {
            let (handling, done) = (self.label(), self.label());
            self.emit(Op::SetupExcept(handling));
            self.fblocks.push(FBlock::Except);
            self.block(body);
            self.fblocks.pop();
            self.emit(Op::PopBlock);
            self.block(orelse);
            self.emit(Op::Jump(done));
            self.place(handling);
            for handler in handlers {
                self.handler(handler, done);
            }
            self.emit(Op::Reraise);
            self.place(done);
        }
        if !finally.is_empty() {
            self.fblocks.pop();
            self.emit(Op::PopBlock);
            self.block(finally);
            self.emit(Op::Jump(end));
            self.place(on_exception);
            self.fblocks.push(FBlock::Exception);
            self.block(finally);
            self.fblocks.pop();
            self.emit(Op::Reraise);
        }
        self.place(end);
    }

    /// One `except`: the exception is on the stack.
    fn handler(&mut self, handler: &'a ExceptHandler, done: u32) {
        let next = self.label();
        if let Some(kind) = &handler.kind {
            self.emit(Op::Line(handler.pos.line));
            self.expr(kind);
            self.emit(Op::Matches(next));
        }
        let name = handler.name.as_deref();
        if let Some(name) = name {
            self.emit(Op::Dup);
            self.store(name);
        }
        self.emit(Op::SetHandling);
        let cleanup = self.label();
        self.emit(Op::SetupFinally(cleanup));
        self.fblocks.push(FBlock::Handler(name));
        self.block(&handler.body);
        self.fblocks.pop();
        self.emit(Op::PopBlock);
        self.unhandle(name);
        self.emit(Op::Pop);
        self.emit(Op::Jump(done));
        self.place(cleanup);
        self.unhandle(name);
        self.emit(Op::Reraise);
        self.place(next);
    }

    // ---- targets ----------------------------------------------------------

    /// Stores the value on top in `target`.
    fn assign(&mut self, target: &'a Expr) {
        match &target.kind {
            ExprKind::Name(name) => self.store(name),
            ExprKind::Tuple(targets) | ExprKind::List(targets) => {
                let star = targets
                    .iter()
                    .position(|t| matches!(t.kind, ExprKind::Starred(_)));
                let star = star.map_or(NONE, |s| s as u32);
                self.emit(Op::Unpack(targets.len() as u32, star));
                for target in targets {
                    match &target.kind {
                        ExprKind::Starred(inner) => self.assign(inner),
                        _ => self.assign(target),
                    }
                }
            }
            ExprKind::Attribute(object, name) => {
                let (name, owner) = self.attribute(object, name);
                self.emit(Op::SetAttr(name, owner));
            }
            ExprKind::Subscript(object, index) => {
                self.expr(object);
                self.index(index);
                self.emit(Op::SetItem);
            }
            _ => {
                self.emit(Op::Pop);
                self.error("SyntaxError", "cannot assign to expression");
            }
        }
    }

    /// `object.name`'s object, on the stack; the attribute's name, and
    /// the variable it is read through (or `NONE`).
    fn attribute(&mut self, object: &'a Expr, name: &str) -> (u32, u32) {
        self.expr(object);
        let owner = match owner_name(object) {
            Some(owner) => self.name(owner),
            None => NONE,
        };
        (self.name(name), owner)
    }

    /// `target op= value`: the target's parts evaluated once, read, then
    /// written; `line` set again before the operation when the value awaits.
    fn augmented(&mut self, target: &'a Expr, op: BinOp, value: &'a Expr, line: Option<u32>) {
        match &target.kind {
            ExprKind::Name(name) => {
                let (load, store) = self.name_ops(name);
                self.emit(load);
                self.expr(value);
                self.line_again(line);
                self.emit(Op::Augmented(op));
                self.emit(store);
            }
            ExprKind::Attribute(object, name) => {
                let (name, owner) = self.attribute(object, name);
                self.emit(Op::Dup);
                self.emit(Op::GetAttr(name, owner));
                self.expr(value);
                self.line_again(line);
                self.emit(Op::Augmented(op));
                self.emit(Op::Rot2);
                self.emit(Op::SetAttr(name, owner));
            }
            ExprKind::Subscript(object, index) => {
                self.expr(object);
                self.index(index);
                self.emit(Op::Dup2);
                self.emit(Op::GetItem);
                self.expr(value);
                self.line_again(line);
                self.emit(Op::Augmented(op));
                self.emit(Op::Rot3);
                self.emit(Op::SetItem);
            }
            _ => self.error("SyntaxError", "illegal expression for augmented assignment"),
        }
    }

    fn line_again(&mut self, line: Option<u32>) {
        if let Some(line) = line {
            self.emit(Op::Line(line));
        }
    }

    fn delete(&mut self, target: &'a Expr) {
        match &target.kind {
            ExprKind::Name(name) => {
                let name = self.name(name);
                self.emit(Op::Delete(name));
            }
            ExprKind::Subscript(object, index) => {
                self.expr(object);
                self.expr(index);
                self.emit(Op::DeleteItem);
            }
            ExprKind::Tuple(targets) | ExprKind::List(targets) => {
                targets.iter().for_each(|t| self.delete(t));
            }
            _ => self.error("SyntaxError", "cannot delete expression"),
        }
    }

    // ---- expressions ------------------------------------------------------

    fn index(&mut self, index: &'a Expr) {
        let ExprKind::Slice(lower, upper, step) = &index.kind else {
            return self.expr(index);
        };
        for part in [lower, upper, step] {
            match part {
                Some(part) => self.expr(part),
                None => self.constant(Value::None),
            }
        }
        self.emit(Op::Slice);
    }

    fn expr(&mut self, expr: &'a Expr) {
        if self.is_async && !awaits_here(expr) && expr_awaits(expr) {
            let message = match expr.kind {
                ExprKind::GeneratorExp(..) => AWAIT_IN_GENERATOR,
                _ => AWAIT_IN_EXPRESSION,
            };
            return self.error("NotImplementedError", message);
        }
        match &expr.kind {
            ExprKind::Name(name) => self.load(name),
            ExprKind::Int(digits) => match digits.parse() {
                Ok(value) => self.constant(Value::Int(value)),
                Err(_) => self.error(
                    "OverflowError",
                    "this playground's integers stop at 9,223,372,036,854,775,807",
                ),
            },
            ExprKind::Float(value) => self.constant(Value::Float(*value)),
            ExprKind::Str(text) => self.constant(Value::str(text)),
            ExprKind::True => self.constant(Value::Bool(true)),
            ExprKind::False => self.constant(Value::Bool(false)),
            ExprKind::None => self.constant(Value::None),
            ExprKind::FString(parts) => {
                for part in parts {
                    match part {
                        FString::Text(text) => self.constant(Value::str(text)),
                        FString::Value { value, spec, repr } => {
                            self.expr(value);
                            let spec = self.name(spec);
                            self.emit(Op::Format(spec, *repr));
                        }
                    }
                }
                self.emit(Op::Concat(parts.len() as u32));
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let is_tuple = matches!(expr.kind, ExprKind::Tuple(_));
                if items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_))) {
                    self.emit(Op::BuildList(0));
                    for item in items {
                        if let ExprKind::Starred(inner) = &item.kind {
                            self.expr(inner);
                            self.emit(Op::Spread);
                        } else {
                            self.expr(item);
                            self.emit(Op::PushTo);
                        }
                    }
                    if is_tuple {
                        self.emit(Op::ToTuple);
                    }
                } else {
                    items.iter().for_each(|i| self.expr(i));
                    let count = items.len() as u32;
                    self.emit(if is_tuple {
                        Op::BuildTuple(count)
                    } else {
                        Op::BuildList(count)
                    });
                }
            }
            ExprKind::Dict(pairs) => {
                self.emit(Op::BuildDict);
                for (key, value) in pairs {
                    self.expr(key);
                    self.expr(value);
                    self.emit(Op::DictPut);
                }
            }
            ExprKind::Set(_) => self.error(
                "NotImplementedError",
                "sets are not part of this playground: use a list or a dict",
            ),
            ExprKind::ListComp(element, clauses) | ExprKind::GeneratorExp(element, clauses) => self
                .comprehension(
                    clauses,
                    |c| {
                        c.expr(element);
                        c.emit(Op::Append);
                    },
                    false,
                ),
            ExprKind::DictComp(pair, clauses) => self.comprehension(
                clauses,
                |c| {
                    c.expr(&pair.0);
                    c.expr(&pair.1);
                    c.emit(Op::DictInsert);
                },
                true,
            ),
            ExprKind::Attribute(object, name) => {
                let (name, owner) = self.attribute(object, name);
                self.emit(Op::GetAttr(name, owner));
            }
            ExprKind::Subscript(object, index) => {
                self.expr(object);
                self.index(index);
                self.emit(Op::GetItem);
            }
            ExprKind::Slice(..) => self.error("SyntaxError", "a slice outside brackets"),
            ExprKind::Call(function, args) => self.call(function, args),
            ExprKind::Await(inner) if self.is_async => {
                self.expr(inner);
                self.emit(Op::Await);
            }
            ExprKind::Await(_) => self.error("SyntaxError", "'await' outside async function"),
            ExprKind::BinOp(left, op, right) => {
                self.expr(left);
                self.expr(right);
                self.emit(Op::Binary(*op));
            }
            ExprKind::UnaryOp(op, operand) => {
                self.expr(operand);
                self.emit(Op::Unary(*op));
            }
            ExprKind::BoolOp(is_and, operands) => {
                let end = self.label();
                for (i, operand) in operands.iter().enumerate() {
                    self.expr(operand);
                    if i + 1 < operands.len() {
                        self.emit(if *is_and {
                            Op::JumpIfFalseOrPop(end)
                        } else {
                            Op::JumpIfTrueOrPop(end)
                        });
                    }
                }
                self.place(end);
            }
            ExprKind::Compare(first, rest) => {
                let (failed, end) = (self.label(), self.label());
                self.expr(first);
                for (i, (op, right)) in rest.iter().enumerate() {
                    self.expr(right);
                    if i + 1 == rest.len() {
                        self.emit(Op::Compare(*op));
                    } else {
                        // Keeps the right operand as the next comparison's left.
                        self.emit(Op::Dup);
                        self.emit(Op::Rot3);
                        self.emit(Op::Compare(*op));
                        self.emit(Op::JumpIfFalse(failed));
                    }
                }
                if rest.len() > 1 {
                    self.emit(Op::Jump(end));
                    self.place(failed);
                    self.emit(Op::Pop);
                    self.constant(Value::Bool(false));
                    self.place(end);
                }
            }
            ExprKind::IfExp(test, body, orelse) => {
                self.branches(test, |c| c.expr(body), |c| c.expr(orelse));
            }
            ExprKind::Starred(_) => self.error("SyntaxError", "can't use starred expression here"),
        }
    }

    fn call(&mut self, function: &'a Expr, args: &'a [Arg]) {
        self.expr(function);
        if args.iter().all(|a| matches!(a, Arg::Positional(_))) {
            for arg in args {
                if let Arg::Positional(arg) = arg {
                    self.expr(arg);
                }
            }
            self.emit(Op::Call(args.len() as u32));
            return;
        }
        self.emit(Op::ArgsBegin);
        for arg in args {
            match arg {
                Arg::Positional(e) => {
                    self.expr(e);
                    self.emit(Op::ArgPush);
                }
                Arg::Star(e) => {
                    self.expr(e);
                    self.emit(Op::ArgSpread);
                }
                Arg::Keyword(name, e) => {
                    self.expr(e);
                    let name = self.name(name);
                    self.emit(Op::ArgKeyword(name));
                }
                Arg::DoubleStar(e) => {
                    self.expr(e);
                    self.emit(Op::ArgDoubleStar);
                }
            }
        }
        self.emit(Op::CallArgs);
    }

    /// A comprehension: its first iterable here, the rest in a code of its
    /// own that runs in its own scope and returns what it built.
    fn comprehension(
        &mut self,
        clauses: &'a [Comprehension],
        element: impl FnOnce(&mut Compiler<'i, 'a>),
        is_dict: bool,
    ) {
        self.expr(&clauses[0].iter);
        let info = Rc::new(ScopeInfo::of_targets(clauses.iter().map(|c| &c.target)));
        let mut chain = vec![Rc::clone(&info)];
        chain.extend(self.chain.iter().cloned());
        let mut inner = Compiler::new(self.interp, chain);
        // In an `async def`, a comprehension may await (CPython makes it
        // an asynchronous comprehension, run in place as this one is).
        inner.is_async = self.is_async;
        inner.code.scope = Some(info);
        inner.code.builds_dict = is_dict;
        inner.emit(Op::Iter);
        let mut heads = Vec::new();
        for (i, clause) in clauses.iter().enumerate() {
            if i > 0 {
                inner.expr(&clause.iter);
                inner.emit(Op::Iter);
            }
            let (head, exhausted) = (inner.label(), inner.label());
            inner.place(head);
            inner.emit(Op::ForIter(exhausted));
            inner.emit(Op::Tick);
            inner.assign(&clause.target);
            for condition in &clause.conditions {
                inner.expr(condition);
                inner.emit(Op::JumpIfFalse(head));
            }
            heads.push((head, exhausted));
        }
        element(&mut inner);
        for (head, exhausted) in heads.into_iter().rev() {
            inner.emit(Op::Jump(head));
            inner.place(exhausted);
        }
        inner.emit(Op::Return);
        self.code.codes.push(inner.finish());
        self.emit(Op::Comprehension((self.code.codes.len() - 1) as u32));
    }
}

/// What an `await` in an expression that cannot hold one raises.
const AWAIT_IN_EXPRESSION: &str = "an await inside this expression is not part of this playground";

/// CPython makes such a generator an async generator, which only
/// `async for` can run.
const AWAIT_IN_GENERATOR: &str =
    "an await inside a generator expression makes an async generator, \
     which is not part of this playground: use a list comprehension";

/// The statements an `await` may be inside of in an `async def`; any
/// other raises NotImplementedError there.
fn may_await(stmt: &Stmt) -> bool {
    matches!(
        stmt.kind,
        StmtKind::Expr(_)
            | StmtKind::Assign(..)
            | StmtKind::AugAssign(..)
            | StmtKind::Return(_)
            | StmtKind::Raise(_)
            | StmtKind::Assert(..)
            | StmtKind::Del(_)
            | StmtKind::If(..)
            | StmtKind::While(..)
            | StmtKind::For(..)
            | StmtKind::Try { .. }
            | StmtKind::With(..)
    )
}

/// The expressions an `await` may be inside of in an `async def`; any
/// other raises NotImplementedError there.
fn awaits_here(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Await(_)
            | ExprKind::Call(..)
            | ExprKind::FString(_)
            | ExprKind::BinOp(..)
            | ExprKind::UnaryOp(..)
            | ExprKind::BoolOp(..)
            | ExprKind::Compare(..)
            | ExprKind::IfExp(..)
            | ExprKind::Tuple(_)
            | ExprKind::List(_)
            | ExprKind::Dict(_)
            | ExprKind::ListComp(..)
            | ExprKind::DictComp(..)
            | ExprKind::Attribute(..)
            | ExprKind::Subscript(..)
    )
}

/// Whether `stmt` holds an `await` or an `async with` (not inside a nested function).
fn stmt_awaits(stmt: &Stmt) -> bool {
    match &stmt.kind {
        StmtKind::Expr(e) | StmtKind::Raise(Some(e)) | StmtKind::Return(Some(e)) => expr_awaits(e),
        StmtKind::Assign(targets, value) => expr_awaits(value) || targets.iter().any(expr_awaits),
        StmtKind::AugAssign(target, _, value) => expr_awaits(target) || expr_awaits(value),
        StmtKind::Assert(test, message) => {
            expr_awaits(test) || message.as_ref().is_some_and(expr_awaits)
        }
        StmtKind::Del(targets) => targets.iter().any(expr_awaits),
        StmtKind::If(test, body, orelse) | StmtKind::While(test, body, orelse) => {
            expr_awaits(test) || block_awaits(body) || block_awaits(orelse)
        }
        StmtKind::For(target, iter, body, orelse) => {
            expr_awaits(target) || expr_awaits(iter) || block_awaits(body) || block_awaits(orelse)
        }
        StmtKind::With(items, body, is_async) => {
            *is_async || items.iter().any(|(e, _)| expr_awaits(e)) || block_awaits(body)
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finally,
        } => {
            block_awaits(body)
                || handlers.iter().any(|h| block_awaits(&h.body))
                || block_awaits(orelse)
                || block_awaits(finally)
        }
        _ => false,
    }
}

fn block_awaits(body: &[Stmt]) -> bool {
    body.iter().any(stmt_awaits)
}

/// Whether `expr` holds an `await` (not inside a nested function).
fn expr_awaits(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Await(_) => true,
        ExprKind::Tuple(items) | ExprKind::List(items) | ExprKind::Set(items) => {
            items.iter().any(expr_awaits)
        }
        ExprKind::Dict(pairs) => pairs.iter().any(|(k, v)| expr_awaits(k) || expr_awaits(v)),
        ExprKind::FString(parts) => parts.iter().any(|p| match p {
            FString::Value { value, .. } => expr_awaits(value),
            FString::Text(_) => false,
        }),
        ExprKind::ListComp(element, clauses) | ExprKind::GeneratorExp(element, clauses) => {
            expr_awaits(element) || clauses_await(clauses)
        }
        ExprKind::DictComp(pair, clauses) => {
            expr_awaits(&pair.0) || expr_awaits(&pair.1) || clauses_await(clauses)
        }
        ExprKind::Attribute(object, _) => expr_awaits(object),
        ExprKind::Subscript(object, index) => expr_awaits(object) || expr_awaits(index),
        ExprKind::Slice(a, b, c) => [a, b, c]
            .iter()
            .any(|p| p.as_deref().is_some_and(expr_awaits)),
        ExprKind::Call(function, args) => {
            expr_awaits(function)
                || args.iter().any(|a| match a {
                    Arg::Positional(e) | Arg::Star(e) | Arg::Keyword(_, e) | Arg::DoubleStar(e) => {
                        expr_awaits(e)
                    }
                })
        }
        ExprKind::BinOp(left, _, right) => expr_awaits(left) || expr_awaits(right),
        ExprKind::UnaryOp(_, operand) | ExprKind::Starred(operand) => expr_awaits(operand),
        ExprKind::BoolOp(_, operands) => operands.iter().any(expr_awaits),
        ExprKind::Compare(first, rest) => {
            expr_awaits(first) || rest.iter().any(|(_, e)| expr_awaits(e))
        }
        ExprKind::IfExp(a, b, c) => expr_awaits(a) || expr_awaits(b) || expr_awaits(c),
        _ => false,
    }
}

fn clauses_await(clauses: &[Comprehension]) -> bool {
    clauses
        .iter()
        .any(|c| expr_awaits(&c.iter) || c.conditions.iter().any(expr_awaits))
}
