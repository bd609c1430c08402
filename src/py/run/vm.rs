//! Runs compiled code ([`super::compile`]) with explicit frames: a call of
//! a learner's function pushes a frame instead of recursing in Rust, and an
//! exception unwinds the frames' blocks. It runs every program (`docs/vm.md`):
//! the module's statements, every function, and (`run_coroutine`, one
//! future per task) every `async def` body, suspended at an `await` with
//! its frames left where they are.

use std::cell::RefCell;
use std::rc::Rc;

use super::builtins::{self, Builtin};
use super::calls;
use super::compile::{self, Code, Op, NONE};
use super::interp::{Env, Interp, Raise, Stop, R};
#[cfg(feature = "explore")]
use super::key::VmState;
use super::objects::{with_receiver, Keywords};
use super::ops::{self, Items};
use super::scope::{Function, Scope, ScopeInfo};
use super::sync;
use super::value::{Dict, Value};
use crate::py::ast::Stmt;

/// How high the VM's three stacks stand: values (moved at every
/// instruction, so nothing else is kept with them), the iterators of the
/// loops running, and the arguments of the calls being gathered.
#[derive(Clone, Copy)]
struct Heights {
    values: usize,
    iters: usize,
    args: usize,
}

/// Where an exception goes inside a frame: the handler, and the stacks'
/// heights to cut back to.
struct Block {
    handler: u32,
    heights: Heights,
}

struct Frame {
    code: Rc<Code>,
    pc: usize,
    env: Env,
    /// Where its part of the stacks begins.
    base: Heights,
    blocks: Vec<Block>,
    /// A call of a function (one level of `Interp::depth`), not a comprehension.
    counted: bool,
    /// A learner's coroutine awaited in place: the awaiting statement's
    /// line, set again when it returns or raises (as `run_coroutine` does
    /// after an `Exit::Await`).
    resumes: Option<u32>,
}

impl Frame {
    /// A frame that starts `code` in `env`, its stacks from `base` up;
    /// not a counted call, nor an awaited coroutine (set those after).
    fn new(code: Rc<Code>, env: Env, base: Heights) -> Frame {
        Frame {
            code,
            pc: 0,
            env,
            base,
            blocks: Vec::new(),
            counted: false,
            resumes: None,
        }
    }
}

struct Vm<'i> {
    interp: &'i Rc<Interp>,
    stack: Vec<Value>,
    iters: Vec<Items>,
    args: Vec<(Vec<Value>, Keywords)>,
    /// The running frame, kept in place (a task that calls nothing
    /// allocates no vector of frames).
    frame: Frame,
    /// The frames it was called from, outermost first.
    callers: Vec<Frame>,
    /// The exceptions its `except` blocks are handling, innermost last:
    /// what a bare `raise` raises again, also from a function or coroutine
    /// called there (CPython's exception state, one per task).
    handling: Vec<Value>,
}

impl Drop for Vm<'_> {
    /// Its stack, emptied, goes back for the next VM.
    fn drop(&mut self) {
        self.stack.clear();
        self.lend_stack();
    }
}

/// Why [`Vm::execute`] stopped.
enum Exit {
    /// The outermost frame returned this.
    Return(Value),
    /// This is to be awaited; its result goes on the stack.
    Await(Value),
    /// This lock or semaphore (on the stack) is to be acquired.
    Acquire(Value),
    /// `await asyncio.sleep(delay)`; `None` goes on the stack.
    Sleep(f64),
}

/// Runs the module's statements.
pub fn run_module(interp: &Rc<Interp>, body: &[Stmt]) -> R<()> {
    let code = compile::module(interp, body);
    #[cfg(feature = "explore")]
    if interp.rt.is_keyed() {
        super::key::name_code(&code, 1);
    }
    Vm::running(interp, code, None).run().map(|_| ())
}

/// Runs a call of a learner's synchronous function made outside the VM
/// (by a built-in calling back, such as `sorted`'s key), its arguments bound
/// in `scope`; the caller counts the call's depth.
pub fn run_function(interp: &Rc<Interp>, function: &Function, scope: Rc<Scope>) -> R<Value> {
    let code = code_of(interp, function);
    Vm::running(interp, code, Some(scope)).run()
}

/// Runs a coroutine of a learner's `async def`, its arguments bound in
/// `scope`: the VM runs until an `await`, which is awaited in place
/// (`Interp::await_value`: a built-in's coroutine, or a future where the
/// task suspends), and goes on with its result.
pub async fn run_coroutine(
    interp: Rc<Interp>,
    function: Rc<Function>,
    scope: Rc<Scope>,
) -> R<Value> {
    let code = code_of(&interp, &function);
    let mut vm = Vm::running(&interp, code, Some(scope));
    // Where the explorer reads this VM's state: below it, the VMs that
    // awaited it in place (see `key::Parked`).
    #[cfg(feature = "explore")]
    let (level, keyed) = (interp.parked_levels(), interp.rt.is_keyed());
    loop {
        let raised = match vm.execute() {
            Ok(Exit::Return(value)) => return Ok(value),
            Ok(Exit::Await(awaitable)) => {
                let line = interp.line.get();
                #[cfg(feature = "explore")]
                if keyed {
                    interp.park(level, vm.park(line, 1, std::slice::from_ref(&awaitable)));
                }
                vm.lend_stack();
                // Boxed: a task's own future stays small (most tasks only
                // sleep, which `Exit::Sleep` awaits in place).
                let result = Box::pin(interp.await_value(awaitable)).await;
                match vm.resume(line, result) {
                    Ok(()) => continue,
                    Err(raised) => raised,
                }
            }
            Ok(Exit::Sleep(delay)) => {
                let line = interp.line.get();
                #[cfg(feature = "explore")]
                if keyed {
                    interp.park(level, vm.park(line, 2, &[Value::Float(delay)]));
                }
                vm.lend_stack();
                let result = sleep_deeper(&interp, delay).await;
                match vm.resume(line, result) {
                    Ok(()) => continue,
                    Err(raised) => raised,
                }
            }
            // The line is not set again: the release sets it.
            Ok(Exit::Acquire(context)) => {
                #[cfg(feature = "explore")]
                if keyed {
                    let line = interp.line.get();
                    interp.park(level, vm.park(line, 3, std::slice::from_ref(&context)));
                }
                // A free lock is taken at once; waiting is boxed, so that
                // a task's own future stays small.
                let acquired = match context {
                    Value::Lock(lock) if sync::acquire_now(&interp, &lock) => Ok(Value::Bool(true)),
                    Value::Lock(lock) => Box::pin(sync::acquire(Rc::clone(&interp), lock)).await,
                    Value::Semaphore(sem) => {
                        Box::pin(sync::acquire_semaphore(Rc::clone(&interp), sem)).await
                    }
                    _ => Err(broken("with")),
                };
                match acquired {
                    Ok(_) => continue,
                    Err(raised) => raised,
                }
            }
            Err(raised) => raised,
        };
        match raised {
            Raise::Exception(exc) => vm.unwind(exc)?,
            // A stop keeps the line it stopped on (an endless loop's).
            stop => return Err(stop),
        }
    }
}

/// `await asyncio.sleep(delay)`, one call deeper while it sleeps (as
/// awaiting the coroutine it stands for would be).
async fn sleep_deeper(interp: &Rc<Interp>, delay: f64) -> R<Value> {
    interp.enter()?;
    let slept = sync::sleep(Rc::clone(interp), delay).await;
    interp.leave();
    slept
}

/// The VM found its own state broken: a compiler bug, never the program's.
fn broken(what: &str) -> Raise {
    Stop::Internal(format!("the VM's {what}")).into()
}

impl<'i> Vm<'i> {
    /// A VM about to run `code` in `env`, its outermost frame.
    fn running(interp: &'i Rc<Interp>, code: Rc<Code>, env: Env) -> Self {
        let base = Heights {
            values: 0,
            iters: 0,
            args: 0,
        };
        let frame = Frame::new(code, env, base);
        Vm {
            interp,
            stack: interp.stacks.borrow_mut().pop().unwrap_or_default(),
            iters: Vec::new(),
            args: Vec::new(),
            frame,
            callers: Vec::new(),
            handling: Vec::new(),
        }
    }

    #[cfg(feature = "explore")]
    /// Its state while suspended on line `line` (why: `exit`, on
    /// `awaiting`), for the explorer: every frame's code, place, blocks
    /// and scope, and every value on its stacks.
    fn park(&self, line: u32, exit: u64, awaiting: &[Value]) -> VmState {
        let mut state = VmState {
            discards: matches!(self.frame.code.ops.get(self.frame.pc), Some(Op::Pop)),
            ..VmState::default()
        };
        state.words.extend([line as u64, exit]);
        state.values.extend_from_slice(awaiting);
        for frame in self.callers.iter().chain([&self.frame]) {
            state.codes.push(Rc::clone(&frame.code));
            state.scopes.push(frame.env.clone());
            let base = frame.base;
            state.words.extend([
                frame.pc as u64,
                base.values as u64,
                base.iters as u64,
                base.args as u64,
                frame.counted as u64,
                frame.resumes.map_or(u64::MAX, u64::from),
                frame.blocks.len() as u64,
            ]);
            for block in &frame.blocks {
                let h = block.heights;
                state.words.extend([
                    block.handler as u64,
                    h.values as u64,
                    h.iters as u64,
                    h.args as u64,
                ]);
            }
        }
        state.words.push(self.stack.len() as u64);
        state.values.extend_from_slice(&self.stack);
        state.words.push(self.handling.len() as u64);
        state.values.extend_from_slice(&self.handling);
        state.words.push(self.args.len() as u64);
        for (args, keywords) in &self.args {
            state
                .words
                .extend([args.len() as u64, keywords.len() as u64]);
            state.values.extend_from_slice(args);
            for (name, value) in keywords {
                state.values.push(Value::Str(Rc::clone(name)));
                state.values.push(value.clone());
            }
        }
        state.words.push(self.iters.len() as u64);
        for items in &self.iters {
            match items {
                Items::List(list, at) => {
                    state.words.extend([1, *at as u64]);
                    state.values.push(Value::List(Rc::clone(list)));
                }
                Items::Range(next, stop, step) => {
                    state
                        .words
                        .extend([2, *next as u64, *stop as u64, *step as u64]);
                }
                Items::Values(rest) => {
                    state.words.extend([3, rest.as_slice().len() as u64]);
                    state.values.extend_from_slice(rest.as_slice());
                }
            }
        }
        state
    }

    /// Gives its stack back while suspended, when nothing is on it.
    fn lend_stack(&mut self) {
        if self.stack.is_empty() && self.stack.capacity() > 0 {
            let stack = std::mem::take(&mut self.stack);
            self.interp.stacks.borrow_mut().push(stack);
        }
    }

    /// Goes on after an await that gave `result`, begun on `line`: its
    /// stack taken back, the line set again (unless a stop, which keeps
    /// the line it stopped on), the value pushed; or what it raised.
    fn resume(&mut self, line: u32, result: R<Value>) -> Result<(), Raise> {
        self.reclaim_stack();
        if !matches!(result, Err(Raise::Stop(_))) {
            self.interp.line.set(line);
        }
        self.push(result?);
        Ok(())
    }

    /// Takes a stack again (one given back by any VM) after `lend_stack`.
    fn reclaim_stack(&mut self) {
        if self.stack.capacity() == 0 {
            if let Some(stack) = self.interp.stacks.borrow_mut().pop() {
                self.stack = stack;
            }
        }
    }

    fn run(&mut self) -> R<Value> {
        loop {
            match self.execute() {
                Ok(Exit::Return(value)) => return Ok(value),
                // Only an `async def`'s own code awaits.
                Ok(Exit::Await(_) | Exit::Acquire(_) | Exit::Sleep(_)) => {
                    return Err(broken("await"))
                }
                Err(Raise::Exception(exc)) => self.unwind(exc)?,
                Err(stop) => return Err(stop),
            }
        }
    }

    /// Sends `exc` to the innermost block that catches it, popping the
    /// frames that have none; with none left, it is the run's.
    fn unwind(&mut self, exc: Value) -> R<()> {
        loop {
            if let Some(block) = self.frame.blocks.pop() {
                self.frame.pc = block.handler as usize;
                self.cut(block.heights);
                self.stack.push(exc);
                return Ok(());
            }
            if !self.pop_frame() {
                return Err(Raise::Exception(exc));
            }
        }
    }

    /// Calls into `frame`: it runs, the running one waits below it.
    fn push_frame(&mut self, frame: Frame) {
        let caller = std::mem::replace(&mut self.frame, frame);
        self.callers.push(caller);
    }

    /// Leaves the running frame: its part of the stacks is cut, its depth
    /// and line given back; its caller runs again (true), or it was the
    /// outermost (false), left in place with nothing more to give back.
    fn pop_frame(&mut self) -> bool {
        self.cut(self.frame.base);
        if self.frame.counted {
            self.interp.leave();
        }
        if let Some(line) = self.frame.resumes {
            self.interp.line.set(line);
        }
        match self.callers.pop() {
            Some(caller) => {
                self.frame = caller;
                true
            }
            None => {
                self.frame.counted = false;
                self.frame.resumes = None;
                false
            }
        }
    }

    fn heights(&self) -> Heights {
        Heights {
            values: self.stack.len(),
            iters: self.iters.len(),
            args: self.args.len(),
        }
    }

    fn cut(&mut self, to: Heights) {
        self.stack.truncate(to.values);
        self.iters.truncate(to.iters);
        self.args.truncate(to.args);
    }

    #[inline]
    fn push(&mut self, value: Value) {
        self.stack.push(value);
    }

    #[inline]
    fn pop(&mut self) -> R<Value> {
        self.stack.pop().ok_or_else(|| broken("stack"))
    }

    fn pop_n(&mut self, count: usize) -> R<Vec<Value>> {
        let at = self
            .stack
            .len()
            .checked_sub(count)
            .ok_or_else(|| broken("stack"))?;
        Ok(self.stack.split_off(at))
    }

    #[inline]
    fn top(&self) -> R<&Value> {
        self.stack.last().ok_or_else(|| broken("stack"))
    }

    /// Runs until the outermost frame returns, an `await` is reached, or
    /// something raises.
    fn execute(&mut self) -> R<Exit> {
        let interp = self.interp;
        // The running frame's code and place, kept here (not read through
        // the frame at every instruction) and written back before a call.
        let (mut code, mut pc) = self.current();
        loop {
            let op = *code.ops.get(pc).ok_or_else(|| broken("code"))?;
            pc += 1;
            match op {
                Op::Stmt(line) => {
                    interp.line.set(line);
                    interp.tick()?;
                }
                Op::Line(line) => interp.line.set(line),
                Op::Tick => interp.tick()?,
                Op::Const(at) => self.push(code.consts[at as usize].clone()),
                Op::LoadLocal(slot) => {
                    let value = self.load(0, slot as usize)?;
                    self.push(value);
                }
                Op::LoadOuter(depth, slot) => {
                    let value = self.load(depth, slot as usize)?;
                    self.push(value);
                }
                Op::StoreLocal(slot) => {
                    let value = self.pop()?;
                    self.store(0, slot as usize, value)?;
                }
                Op::StoreOuter(depth, slot) => {
                    let value = self.pop()?;
                    self.store(depth, slot as usize, value)?;
                }
                Op::LoadGlobal(slot, name) => {
                    let value =
                        interp.load_global_slot(slot as usize, &code.names[name as usize])?;
                    self.push(value);
                }
                Op::StoreGlobal(slot, name) => {
                    let value = self.pop()?;
                    interp.store_global_slot(slot as usize, &code.names[name as usize], value);
                }
                Op::Delete(name) => {
                    interp.delete(&code.names[name as usize], &self.frame.env)?;
                }
                Op::DeleteQuiet(name) => {
                    // Whether it was still bound does not matter: it is not now.
                    let _ = interp.delete(&code.names[name as usize], &self.frame.env);
                }
                Op::Pop => {
                    self.stack.pop();
                }
                Op::Dup => {
                    let value = self.top()?.clone();
                    self.push(value);
                }
                Op::Dup2 => {
                    let len = self.stack.len();
                    if len < 2 {
                        return Err(broken("stack"));
                    }
                    self.stack.extend_from_within(len - 2..);
                }
                Op::Rot2 => {
                    let len = self.stack.len();
                    if len < 2 {
                        return Err(broken("stack"));
                    }
                    self.stack.swap(len - 1, len - 2);
                }
                Op::Rot3 => {
                    let len = self.stack.len();
                    if len < 3 {
                        return Err(broken("stack"));
                    }
                    self.stack[len - 3..].rotate_right(1);
                }
                Op::Binary(op) => {
                    let right = self.pop()?;
                    let left = self.pop()?;
                    self.push(ops::binary(interp, left, op, right)?);
                }
                Op::Augmented(op) => {
                    let operand = self.pop()?;
                    let current = self.pop()?;
                    self.push(ops::augmented(interp, current, op, operand)?);
                }
                Op::Unary(op) => {
                    let operand = self.pop()?;
                    self.push(ops::unary(interp, op, operand)?);
                }
                Op::Compare(op) => {
                    let right = self.pop()?;
                    let left = self.pop()?;
                    self.push(Value::Bool(ops::compare(interp, &left, op, &right)?));
                }
                Op::CompareJumpIfFalse(op, to) => {
                    let right = self.pop()?;
                    let left = self.pop()?;
                    if !ops::compare(interp, &left, op, &right)? {
                        pc = to as usize;
                    }
                }
                Op::Jump(to) => pc = to as usize,
                Op::JumpIfFalse(to) => {
                    if !self.pop()?.truthy() {
                        pc = to as usize;
                    }
                }
                Op::JumpIfTrue(to) => {
                    if self.pop()?.truthy() {
                        pc = to as usize;
                    }
                }
                Op::JumpIfFalseOrPop(to) => {
                    if self.jumps_or_pops(false)? {
                        pc = to as usize;
                    }
                }
                Op::JumpIfTrueOrPop(to) => {
                    if self.jumps_or_pops(true)? {
                        pc = to as usize;
                    }
                }
                Op::BuildTuple(count) => {
                    let items = self.pop_n(count as usize)?;
                    self.push(Value::Tuple(items.into()));
                }
                Op::BuildList(count) => {
                    let items = self.pop_n(count as usize)?;
                    self.push(Value::list(items));
                }
                Op::PushTo => {
                    let value = self.pop()?;
                    self.list_on_top()?.borrow_mut().push(value);
                }
                Op::Spread => {
                    let iterable = self.pop()?;
                    let items = ops::collect(interp, &iterable)?;
                    self.list_on_top()?.borrow_mut().extend(items);
                }
                Op::ToTuple => {
                    let list = self.list_on_top()?;
                    let items = std::mem::take(&mut *list.borrow_mut());
                    self.pop()?;
                    self.push(Value::Tuple(items.into()));
                }
                Op::BuildDict => self.push(Value::Dict(Rc::new(RefCell::new(Dict::default())))),
                Op::DictPut => {
                    let value = self.pop()?;
                    let key = self.pop()?;
                    let Value::Dict(dict) = self.top()? else {
                        return Err(broken("stack"));
                    };
                    ops::dict_insert(interp, &mut dict.borrow_mut(), key, value)?;
                }
                Op::Format(spec, repr) => {
                    let value = self.pop()?;
                    let text = ops::format_part(interp, &value, &code.names[spec as usize], repr)?;
                    self.push(Value::str(&text));
                }
                Op::Concat(count) => {
                    let parts = self.pop_n(count as usize)?;
                    let mut out = String::new();
                    for part in &parts {
                        if let Value::Str(text) = part {
                            out.push_str(text);
                        }
                    }
                    self.push(Value::str(&out));
                }
                Op::Slice => {
                    let parts = self.pop_n(3)?;
                    self.push(ops::slice_value(parts));
                }
                Op::GetAttr(name, owner) => {
                    let object = self.pop()?;
                    let owner = (owner != NONE).then(|| &*code.names[owner as usize]);
                    let value = interp.get_attr(&object, &code.names[name as usize], owner)?;
                    self.push(value);
                }
                Op::SetAttr(name, owner) => {
                    let object = self.pop()?;
                    let value = self.pop()?;
                    let owner = (owner != NONE).then(|| &*code.names[owner as usize]);
                    interp.set_attr(&object, &code.names[name as usize], value, owner)?;
                }
                Op::GetItem => {
                    let index = self.pop()?;
                    let object = self.pop()?;
                    self.push(ops::subscript(interp, &object, &index)?);
                }
                Op::SetItem => {
                    let index = self.pop()?;
                    let object = self.pop()?;
                    let value = self.pop()?;
                    ops::set_item(interp, &object, index, value)?;
                }
                Op::DeleteItem => {
                    let index = self.pop()?;
                    let object = self.pop()?;
                    ops::delete_item(interp, &object, &index)?;
                }
                Op::Call(count) => {
                    // `await asyncio.sleep(delay)`: slept at once, without
                    // the coroutine object only this await could see, nor a
                    // vector of arguments.
                    let len = self.stack.len();
                    if count == 1
                        && len >= 2
                        && matches!(self.stack[len - 2], Value::Builtin(Builtin::Sleep))
                        && matches!(code.ops.get(pc), Some(Op::Await))
                    {
                        let delay = self.pop()?;
                        self.pop()?;
                        let delay = builtins::sleep_delay(interp, &delay)?;
                        self.frame.pc = pc + 1;
                        return Ok(Exit::Sleep(delay));
                    }
                    self.frame.pc = pc;
                    // `f(a, b)` to `def f(x, y)`: the arguments move from
                    // the stack into the new scope, with no vector between.
                    let at = len.checked_sub(count as usize + 1);
                    if let Some(Value::Function(function)) = at.map(|at| &self.stack[at]) {
                        if function.takes_plainly(count as usize) {
                            let function = Rc::clone(function);
                            let scope = calls::new_scope(&function);
                            calls::fill_slots(&scope, self.stack.drain(len - count as usize..));
                            self.stack.pop();
                            self.enter_function(function, scope)?;
                            (code, pc) = self.current();
                            continue;
                        }
                    }
                    let args = self.pop_n(count as usize)?;
                    let callee = self.pop()?;
                    self.call(callee, args, Vec::new())?;
                    (code, pc) = self.current();
                }
                Op::ArgsBegin => self.args.push(Default::default()),
                Op::ArgPush => {
                    let value = self.pop()?;
                    self.args_on_top()?.push(value);
                }
                Op::ArgSpread => {
                    let iterable = self.pop()?;
                    let items = ops::collect(interp, &iterable)?;
                    self.args_on_top()?.extend(items);
                }
                Op::ArgKeyword(name) => {
                    let value = self.pop()?;
                    let name = Rc::clone(&code.names[name as usize]);
                    self.keywords_on_top()?.push((name, value));
                }
                Op::ArgDoubleStar => {
                    let mapping = self.pop()?;
                    let pairs = ops::keyword_pairs(interp, &mapping)?;
                    self.keywords_on_top()?.extend(pairs);
                }
                Op::CallArgs => {
                    let (args, keywords) = self.args.pop().ok_or_else(|| broken("stack"))?;
                    let callee = self.pop()?;
                    self.frame.pc = pc;
                    self.call(callee, args, keywords)?;
                    (code, pc) = self.current();
                }
                Op::Iter => {
                    let iterable = self.pop()?;
                    let items = ops::iterate(interp, &iterable)?;
                    self.iters.push(items);
                }
                Op::ForIter(exhausted) => {
                    let items = self.iters.last_mut().ok_or_else(|| broken("stack"))?;
                    match items.next_item() {
                        Some(item) => self.push(item),
                        None => {
                            self.iters.pop();
                            pc = exhausted as usize;
                        }
                    }
                }
                Op::PopIter => {
                    self.iters.pop();
                }
                Op::SetupExcept(handler) | Op::SetupFinally(handler) => {
                    let heights = self.heights();
                    self.frame.blocks.push(Block { handler, heights });
                }
                Op::PopBlock => {
                    self.frame.blocks.pop();
                }
                Op::Matches(next) => {
                    let kind = self.pop()?;
                    if !interp.exception_matches(self.top()?, kind)? {
                        pc = next as usize;
                    }
                }
                Op::SetHandling => {
                    let exc = self.top()?.clone();
                    self.handling.push(exc);
                }
                Op::ClearHandling => {
                    self.handling.pop();
                }
                Op::Reraise => return Err(Raise::Exception(self.pop()?)),
                Op::Raise(has_value) => {
                    if !has_value {
                        return Err(match self.handling.last() {
                            Some(exc) => Raise::Exception(exc.clone()),
                            None => interp.error("RuntimeError", "No active exception to reraise"),
                        });
                    }
                    return Err(interp.raise(self.pop()?));
                }
                Op::AssertFailed(has_message) => {
                    let message = if has_message {
                        self.pop()?.to_str()
                    } else {
                        String::new()
                    };
                    return Err(interp.error("AssertionError", message));
                }
                Op::Unpack(count, star) => {
                    let value = self.pop()?;
                    let items = match ops::collect(interp, &value) {
                        Err(_) if !ops::is_iterable(&value) => {
                            let message =
                                format!("cannot unpack non-iterable {} object", value.type_name());
                            return Err(interp.error("TypeError", message));
                        }
                        collected => collected?,
                    };
                    let star = (star != NONE).then_some(star as usize);
                    let values = interp.unpacked(count as usize, star, items)?;
                    for value in values.into_iter().rev() {
                        self.push(value);
                    }
                }
                Op::MakeFunction(def) => {
                    let def = &code.defs[def as usize];
                    let params = &def.params;
                    let given = |p: &[crate::py::ast::Param]| {
                        p.iter().filter(|p| p.default.is_some()).count()
                    };
                    let count = given(&params.positional) + given(&params.keyword_only);
                    let mut values = self.pop_n(count)?.into_iter();
                    let mut defaults_of = |p: &[crate::py::ast::Param]| -> Vec<Option<Value>> {
                        p.iter()
                            .map(|p| p.default.as_ref().and_then(|_| values.next()))
                            .collect()
                    };
                    let defaults = defaults_of(&params.positional);
                    let keyword_defaults = defaults_of(&params.keyword_only);
                    let function =
                        interp.make_function(def, &self.frame.env, defaults, keyword_defaults);
                    self.push(function);
                }
                Op::Import(module) => {
                    let module = &code.names[module as usize];
                    self.push(import(interp, module)?);
                }
                Op::ImportFrom(module, name) => {
                    let (module, name) = (&code.names[module as usize], &code.names[name as usize]);
                    let module_value = import(interp, module)?;
                    let value = interp.get_attr(&module_value, name, None).map_err(|_| {
                        interp.error(
                            "ImportError",
                            format!("cannot import name '{name}' from '{module}'"),
                        )
                    })?;
                    self.push(value);
                }
                Op::Comprehension(at) => {
                    let iterable = self.pop()?;
                    let inner = Rc::clone(&code.codes[at as usize]);
                    let Some(info) = inner.scope.clone() else {
                        return Err(broken("code"));
                    };
                    let is_dict = inner.builds_dict;
                    let env = self.frame.env.clone();
                    let base = self.heights();
                    self.push(if is_dict {
                        Value::Dict(Rc::new(RefCell::new(Dict::default())))
                    } else {
                        Value::list(Vec::new())
                    });
                    self.push(iterable);
                    self.frame.pc = pc;
                    self.push_frame(Frame::new(
                        Rc::clone(&inner),
                        Some(Scope::new(info, env)),
                        base,
                    ));
                    (code, pc) = (inner, 0);
                }
                Op::MakeClass(at, has_base) => {
                    let base = match has_base {
                        true => Value::Class(interp.class_base(self.pop()?)?),
                        false => Value::None,
                    };
                    let inner = Rc::clone(&code.codes[at as usize]);
                    let (Some(info), Some(Op::BuildClass(name))) =
                        (inner.scope.clone(), inner.ops.last().copied())
                    else {
                        return Err(broken("code"));
                    };
                    let scope =
                        interp.class_scope(info, &inner.names[name as usize], &self.frame.env);
                    // The base waits at the bottom of the body's stack for BuildClass.
                    let base_at = self.heights();
                    self.push(base);
                    self.frame.pc = pc;
                    self.push_frame(Frame::new(Rc::clone(&inner), Some(scope), base_at));
                    (code, pc) = (inner, 0);
                }
                Op::BuildClass(name) => {
                    let base = match self.built()? {
                        Value::Class(class) => Some(Rc::clone(class)),
                        _ => None,
                    };
                    let scope = self.frame.env.clone().ok_or_else(|| broken("scope"))?;
                    if !self.pop_frame() {
                        return Err(broken("frames"));
                    }
                    self.push(interp.build_class(&code.names[name as usize], base, &scope));
                    (code, pc) = self.current();
                }
                Op::Append => {
                    let value = self.pop()?;
                    match self.built()? {
                        Value::List(list) => list.borrow_mut().push(value),
                        _ => return Err(broken("stack")),
                    }
                }
                Op::DictInsert => {
                    let value = self.pop()?;
                    let key = self.pop()?;
                    match self.built()? {
                        Value::Dict(dict) => {
                            ops::dict_insert(interp, &mut dict.borrow_mut(), key, value)?
                        }
                        _ => return Err(broken("stack")),
                    }
                }
                Op::Return => {
                    let value = self.pop()?;
                    if !self.pop_frame() {
                        return Ok(Exit::Return(value));
                    }
                    self.push(value);
                    (code, pc) = self.current();
                }
                Op::Error(kind, message) => {
                    let message = &code.names[message as usize];
                    return Err(interp.error(&code.names[kind as usize], &**message));
                }
                Op::Await => {
                    let awaitable = self.pop()?;
                    // A learner's coroutine: a frame on this VM, as a call
                    // is (one level deeper, as `await_value` counts it).
                    if let Value::Coroutine(coroutine) = &awaitable {
                        if let Some((function, scope)) = coroutine.take_vm() {
                            interp.enter()?;
                            self.frame.pc = pc;
                            let inner = code_of(interp, &function);
                            self.push_frame(Frame {
                                counted: true,
                                resumes: Some(interp.line.get()),
                                ..Frame::new(Rc::clone(&inner), Some(scope), self.heights())
                            });
                            (code, pc) = (inner, 0);
                            continue;
                        }
                    }
                    self.frame.pc = pc;
                    return Ok(Exit::Await(awaitable));
                }
                Op::Enter(is_async) => match (self.top()?, is_async) {
                    (context @ (Value::Lock(_) | Value::Semaphore(_)), true) => {
                        let context = context.clone();
                        self.frame.pc = pc;
                        return Ok(Exit::Acquire(context));
                    }
                    (other, _) => {
                        let protocol = if is_async { "asynchronous " } else { "" };
                        let message = format!(
                            "'{}' object does not support the {protocol}context manager protocol",
                            other.type_name()
                        );
                        return Err(interp.error("TypeError", message));
                    }
                },
                Op::Release => match self.pop()? {
                    Value::Lock(lock) => lock.release(interp)?,
                    Value::Semaphore(sem) => sem.release(interp),
                    _ => return Err(broken("with")),
                },
            }
        }
    }

    /// Whether a short-circuit jumps (keeping the value), else pops it.
    fn jumps_or_pops(&mut self, when: bool) -> R<bool> {
        if self.top()?.truthy() == when {
            return Ok(true);
        }
        self.stack.pop();
        Ok(false)
    }

    /// The running frame's code and place.
    fn current(&self) -> (Rc<Code>, usize) {
        (Rc::clone(&self.frame.code), self.frame.pc)
    }

    fn list_on_top(&self) -> R<Rc<RefCell<Vec<Value>>>> {
        match self.top()? {
            Value::List(list) => Ok(Rc::clone(list)),
            _ => Err(broken("stack")),
        }
    }

    fn args_on_top(&mut self) -> R<&mut Vec<Value>> {
        Ok(&mut self.args.last_mut().ok_or_else(|| broken("stack"))?.0)
    }

    fn keywords_on_top(&mut self) -> R<&mut Keywords> {
        Ok(&mut self.args.last_mut().ok_or_else(|| broken("stack"))?.1)
    }

    /// What the running comprehension builds (or the class body's base):
    /// the bottom of its stack.
    fn built(&self) -> R<&Value> {
        self.stack
            .get(self.frame.base.values)
            .ok_or_else(|| broken("stack"))
    }

    /// The scope `depth` out from the running frame's.
    #[inline]
    fn scope(&self, depth: u32) -> R<&Rc<Scope>> {
        let mut scope = self.frame.env.as_ref().ok_or_else(|| broken("scope"))?;
        for _ in 0..depth {
            scope = scope.parent.as_ref().ok_or_else(|| broken("scope"))?;
        }
        Ok(scope)
    }

    #[inline]
    fn load(&self, depth: u32, slot: usize) -> R<Value> {
        let scope = self.scope(depth)?;
        let value = scope.vars.borrow().get(slot).cloned().flatten();
        value.ok_or_else(|| {
            let name = scope.info.slot_names.get(slot).map_or("", |n| n.as_str());
            self.interp.unbound(name, depth == 0)
        })
    }

    #[inline]
    fn store(&self, depth: u32, slot: usize, value: Value) -> R<()> {
        let scope = self.scope(depth)?;
        if let (Value::Lock(_), Some(name)) = (&value, scope.info.slot_names.get(slot)) {
            self.interp.name_lock(&value, name);
        }
        if let Some(place) = scope.vars.borrow_mut().get_mut(slot) {
            *place = Some(value);
        }
        Ok(())
    }

    /// Calls `callee`: a learner's synchronous function in a new frame,
    /// anything else as `Interp::call` calls it (its result pushed).
    fn call(&mut self, callee: Value, args: Vec<Value>, keywords: Keywords) -> R<()> {
        let interp = self.interp;
        let (function, args) = match callee {
            Value::Function(function) if !function.def.is_async => (function, args),
            Value::Bound(bound) if !bound.1.def.is_async => {
                (Rc::clone(&bound.1), with_receiver(&bound.0, args))
            }
            Value::Builtin(Builtin::Super) if args.is_empty() => {
                self.push(interp.make_super(&self.frame.env)?);
                return Ok(());
            }
            other => {
                self.push(interp.call(other, args, keywords)?);
                return Ok(());
            }
        };
        let scope = interp.bind_arguments(&function, args, keywords)?;
        self.enter_function(function, scope)
    }

    /// Runs `function` in `scope`, bound: a frame on this VM for a `def`,
    /// a coroutine pushed for an `async def`.
    fn enter_function(&mut self, function: Rc<Function>, scope: Rc<Scope>) -> R<()> {
        let interp = self.interp;
        if function.def.is_async {
            self.push(interp.coroutine_of(function, scope));
            return Ok(());
        }
        interp.enter()?;
        let code = code_of(interp, &function);
        self.push_frame(Frame {
            counted: true,
            ..Frame::new(code, Some(scope), self.heights())
        });
        Ok(())
    }
}

/// A function's code, compiled on its first call.
fn code_of(interp: &Interp, function: &Function) -> Rc<Code> {
    let key = Rc::as_ptr(&function.def) as usize;
    if let Some(code) = interp.codes.borrow().get(&key) {
        return Rc::clone(code);
    }
    // Its scope, then the ones it closes over: the same chain for every
    // function this definition makes.
    let mut chain: Vec<Rc<ScopeInfo>> = vec![Rc::clone(&function.info)];
    let outer = std::iter::successors(function.closure.as_ref(), |s| s.parent.as_ref());
    chain.extend(outer.map(|scope| Rc::clone(&scope.info)));
    let code = compile::function(interp, &function.def, chain);
    #[cfg(feature = "explore")]
    if interp.rt.is_keyed() {
        super::key::name_code(&code, super::key::def_fingerprint(&function.def));
    }
    interp.codes.borrow_mut().insert(key, Rc::clone(&code));
    code
}

fn import(interp: &Interp, module: &str) -> R<Value> {
    builtins::module(module)
        .ok_or_else(|| interp.error("ModuleNotFoundError", format!("No module named '{module}'")))
}
