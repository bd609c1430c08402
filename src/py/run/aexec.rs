//! Calls, and the code that can suspend: an `async def`'s statements that
//! hold an `await` (or an `async with`) run here as Rust futures, so a
//! task stops exactly where CPython's coroutine would and resumes there.
//! Everything between two awaits runs on the synchronous path.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use super::aio::{Body, BoxFuture, Coroutine, Name, Wait};
use super::builtins::{self, Builtin};
use super::exec::Flow;
use super::interp::{at, Env, Interp, Raise, R};
use super::ops;
use super::scope::{Function, Scope, ScopeInfo};
use super::sync;
use super::value::Value;
use crate::py::ast::*;

type Boxed<'a, T> = Pin<Box<dyn Future<Output = R<T>> + 'a>>;

impl Interp {
    /// Calls a `def`: runs it, or for an `async def` makes its coroutine.
    pub fn call_function(
        self: &Rc<Self>,
        function: &Rc<Function>,
        args: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        let scope = self.bind_arguments(function, args, keywords)?;
        if function.def.is_async {
            let interp = Rc::clone(self);
            let function = Rc::clone(function);
            let name = Name::Function(Rc::clone(&function.name));
            if self.on_vm.get() {
                let coroutine =
                    Coroutine::new(name, Body::Vm(function, scope), Rc::clone(&self.warnings));
                return Ok(Value::Coroutine(coroutine));
            }
            // The body's statements run in this one future (one allocation
            // per coroutine); only nested blocks box their own.
            let body: BoxFuture = Box::pin(async move {
                let env = Some(scope);
                match interp.exec_statements(&function.def.body, &env).await? {
                    Flow::Return(value) => Ok(value),
                    _ => Ok(Value::None),
                }
            });
            let coroutine = Coroutine::new(name, Body::Future(body), Rc::clone(&self.warnings));
            return Ok(Value::Coroutine(coroutine));
        }
        self.enter()?;
        let result = if self.on_vm.get() {
            super::vm::run_function(self, function, scope)
        } else {
            self.exec_block(&function.def.body, &Some(scope))
                .map(|flow| match flow {
                    Flow::Return(value) => value,
                    _ => Value::None,
                })
        };
        self.leave();
        result
    }

    pub fn bind_arguments(
        self: &Rc<Self>,
        function: &Rc<Function>,
        args: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
    ) -> R<Rc<Scope>> {
        let def = &function.def;
        let name = &function.qualname;
        let params = &def.params;
        let scope = Scope::new(Rc::clone(&function.info), function.closure.clone());
        if let (Some(class), Some(first)) = (&*function.owner.borrow(), params.positional.first()) {
            if let Some(slot) = function.info.slot(&first.name) {
                *scope.owner.borrow_mut() = Some((class.clone(), slot));
            }
        }
        let simple = keywords.is_empty()
            && args.len() == params.positional.len()
            && params.keyword_only.is_empty()
            && params.star.is_none()
            && params.double_star.is_none();
        if simple && function.info.params_in_order {
            // The usual call, `f(a, b)` to `def f(x, y)`: straight into slots 1, 2, ...
            let mut vars = scope.vars.borrow_mut();
            for (slot, value) in vars.iter_mut().skip(1).zip(args) {
                *slot = Some(value);
            }
            drop(vars);
            return Ok(scope);
        }
        let mut slots: Vec<Option<Value>> = vec![None; params.positional.len()];
        let given = args.len();
        let mut args = args.into_iter();
        for slot in slots.iter_mut() {
            *slot = args.next();
        }
        let extra: Vec<Value> = args.collect();
        if !extra.is_empty() && params.star.is_none() {
            let takes = params.positional.len();
            let plural = if takes == 1 { "" } else { "s" };
            let were = if given == 1 { "was" } else { "were" };
            return Err(self.error(
                "TypeError",
                format!(
                    "{name}() takes {takes} positional argument{plural} but {given} {were} given"
                ),
            ));
        }
        let mut kw_slots: Vec<Option<Value>> = vec![None; params.keyword_only.len()];
        let mut rest = super::value::Dict::default();
        for (key, value) in keywords {
            if let Some(at) = params.positional.iter().position(|p| *p.name == *key) {
                if slots[at].is_some() {
                    return Err(self.error(
                        "TypeError",
                        format!("{name}() got multiple values for argument '{key}'"),
                    ));
                }
                slots[at] = Some(value);
            } else if let Some(at) = params.keyword_only.iter().position(|p| *p.name == *key) {
                kw_slots[at] = Some(value);
            } else if params.double_star.is_some() {
                let key_value = Value::Str(Rc::clone(&key));
                ops::dict_insert(self, &mut rest, key_value, value)?;
            } else {
                return Err(self.error(
                    "TypeError",
                    format!("{name}() got an unexpected keyword argument '{key}'"),
                ));
            }
        }
        let mut missing = Vec::new();
        {
            let mut vars = scope.vars.borrow_mut();
            for ((param, slot), default) in
                params.positional.iter().zip(slots).zip(&function.defaults)
            {
                match slot.or_else(|| default.clone()) {
                    Some(value) => set_slot(&mut vars, &function.info, &param.name, value),
                    None => missing.push(param.name.clone()),
                }
            }
            if !missing.is_empty() {
                drop(vars);
                let count = missing.len();
                let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
                let list = match quoted.as_slice() {
                    [one] => one.clone(),
                    [init @ .., last] => format!("{} and {last}", init.join(", ")),
                    [] => String::new(),
                };
                let plural = if count == 1 { "" } else { "s" };
                return Err(self.error(
                    "TypeError",
                    format!(
                        "{name}() missing {count} required positional argument{plural}: {list}"
                    ),
                ));
            }
            for ((param, slot), default) in params
                .keyword_only
                .iter()
                .zip(kw_slots)
                .zip(&function.keyword_defaults)
            {
                match slot.or_else(|| default.clone()) {
                    Some(value) => set_slot(&mut vars, &function.info, &param.name, value),
                    None => {
                        drop(vars);
                        return Err(self.error(
                            "TypeError",
                            format!(
                                "{name}() missing 1 required keyword-only argument: '{}'",
                                param.name
                            ),
                        ));
                    }
                }
            }
            if let Some(star) = &params.star {
                set_slot(&mut vars, &function.info, star, Value::Tuple(extra.into()));
            }
            if let Some(double_star) = &params.double_star {
                let rest = Value::Dict(Rc::new(std::cell::RefCell::new(rest)));
                set_slot(&mut vars, &function.info, double_star, rest);
            }
        }
        Ok(scope)
    }

    /// Whether running `stmt` may suspend.
    pub fn stmt_awaits(&self, stmt: &Stmt) -> bool {
        if let Some(known) = stmt.awaits.0.get() {
            return known;
        }
        let awaits = stmt_awaits(stmt);
        stmt.awaits.0.set(Some(awaits));
        awaits
    }

    pub fn exec_async<'a>(self: &'a Rc<Self>, body: &'a [Stmt], env: &'a Env) -> Boxed<'a, Flow> {
        Box::pin(self.exec_statements(body, env))
    }

    async fn exec_statements(self: &Rc<Self>, body: &[Stmt], env: &Env) -> R<Flow> {
        for stmt in body {
            let flow = if self.stmt_awaits(stmt) {
                self.exec_suspending(stmt, env).await?
            } else {
                self.exec(stmt, env)?
            };
            if !matches!(flow, Flow::Normal) {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    /// A statement with an `await` (or `async with`) somewhere in it.
    async fn exec_suspending(self: &Rc<Self>, stmt: &Stmt, env: &Env) -> R<Flow> {
        at(self, stmt.pos);
        self.tick()?;
        match &stmt.kind {
            StmtKind::Expr(expr) => {
                self.eval_suspending(expr, env).await?;
            }
            StmtKind::Assign(targets, value) => {
                let value = self.eval_suspending(value, env).await?;
                at(self, stmt.pos);
                for target in targets {
                    self.assign(target, value.clone(), env)?;
                }
            }
            StmtKind::AugAssign(target, op, value) => {
                // The target is read before the await, written after it:
                // `balance += await f()` is itself a lost update waiting to happen.
                let place = self.place(target, env)?;
                let current = self.load_place(&place, target, env)?;
                let operand = self.eval_maybe(value, env).await?;
                at(self, stmt.pos);
                let result = ops::augmented(self, current, *op, operand)?;
                self.store_place(place, target, result, env)?;
            }
            StmtKind::Return(value) => {
                let value = match value {
                    Some(value) => self.eval_suspending(value, env).await?,
                    None => Value::None,
                };
                return Ok(Flow::Return(value));
            }
            StmtKind::With(items, body, is_async) => {
                return self.with_items(items, body, *is_async, stmt.pos, env).await;
            }
            _ => return self.exec_compound(stmt, env).await,
        }
        Ok(Flow::Normal)
    }

    /// The rarer statements that suspend, in a future of their own: the
    /// common ones above keep every coroutine's own future small.
    fn exec_compound<'a>(self: &'a Rc<Self>, stmt: &'a Stmt, env: &'a Env) -> Boxed<'a, Flow> {
        Box::pin(async move {
            match &stmt.kind {
                StmtKind::Raise(exc) => {
                    let exc = match exc {
                        Some(exc) => Some(self.eval_maybe(exc, env).await?),
                        None => None,
                    };
                    return Err(self.raise(exc, env));
                }
                StmtKind::Assert(test, message) => {
                    if !self.eval_maybe(test, env).await?.truthy() {
                        let message = match message {
                            Some(message) => self.eval_maybe(message, env).await?.to_str(),
                            None => String::new(),
                        };
                        return Err(self.error("AssertionError", message));
                    }
                }
                StmtKind::If(test, body, orelse) => {
                    let branch = if self.eval_maybe(test, env).await?.truthy() {
                        body
                    } else {
                        orelse
                    };
                    return self.exec_async(branch, env).await;
                }
                StmtKind::While(test, body, orelse) => {
                    while self.eval_maybe(test, env).await?.truthy() {
                        self.tick()?;
                        match self.exec_async(body, env).await? {
                            Flow::Break => return Ok(Flow::Normal),
                            Flow::Return(value) => return Ok(Flow::Return(value)),
                            Flow::Normal | Flow::Continue => {}
                        }
                    }
                    return self.exec_async(orelse, env).await;
                }
                StmtKind::For(target, iter, body, orelse) => {
                    let iterable = self.eval_maybe(iter, env).await?;
                    let mut items = ops::iterate(self, &iterable)?;
                    while let Some(item) = items.next_item() {
                        self.tick()?;
                        at(self, stmt.pos);
                        self.assign(target, item, env)?;
                        match self.exec_async(body, env).await? {
                            Flow::Break => return Ok(Flow::Normal),
                            Flow::Return(value) => return Ok(Flow::Return(value)),
                            Flow::Normal | Flow::Continue => {}
                        }
                    }
                    return self.exec_async(orelse, env).await;
                }
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    let mut result = match self.exec_async(body, env).await {
                        Err(Raise::Exception(exc)) => {
                            let mut handled = Err(Raise::Exception(exc.clone()));
                            for handler in handlers {
                                if self.matches(&exc, handler, env)? {
                                    self.bind_handled(handler, &exc, env);
                                    handled = self.exec_async(&handler.body, env).await;
                                    self.unbind_handled(handler, env);
                                    break;
                                }
                            }
                            handled
                        }
                        Ok(Flow::Normal) => self.exec_async(orelse, env).await,
                        other => other,
                    };
                    if !finally.is_empty() && !matches!(result, Err(Raise::Stop(_))) {
                        match self.exec_async(finally, env).await? {
                            Flow::Normal => {}
                            flow => result = Ok(flow),
                        }
                    }
                    return result;
                }
                _ => {
                    return Err(self.error(
                        "NotImplementedError",
                        "an await in this statement is not part of this playground",
                    ))
                }
            }
            Ok(Flow::Normal)
        })
    }

    /// `async with a, b: body`, one context at a time.
    fn with_items<'a>(
        self: &'a Rc<Self>,
        items: &'a [(Expr, Option<Expr>)],
        body: &'a [Stmt],
        is_async: bool,
        pos: Pos,
        env: &'a Env,
    ) -> Boxed<'a, Flow> {
        Box::pin(async move {
            let Some(((context, target), rest)) = items.split_first() else {
                return self.exec_async(body, env).await;
            };
            at(self, pos);
            let context = self.eval_maybe(context, env).await?;
            let entered = match (&context, is_async) {
                (Value::Lock(lock), true) => {
                    sync::acquire(Rc::clone(self), Rc::clone(lock)).await?;
                    Value::None
                }
                (Value::Semaphore(sem), true) => {
                    sync::acquire_semaphore(Rc::clone(self), Rc::clone(sem)).await?;
                    Value::None
                }
                (other, _) => {
                    let protocol = if is_async { "asynchronous " } else { "" };
                    return Err(self.error(
                        "TypeError",
                        format!(
                            "'{}' object does not support the {protocol}context manager protocol",
                            other.type_name()
                        ),
                    ));
                }
            };
            if let Some(target) = target {
                self.assign(target, entered, env)?;
            }
            let result = if rest.is_empty() {
                self.exec_statements(body, env).await
            } else {
                self.with_items(rest, body, is_async, pos, env).await
            };
            if matches!(result, Err(Raise::Stop(_))) {
                return result;
            }
            at(self, pos);
            match &context {
                Value::Lock(lock) => lock.release(self)?,
                Value::Semaphore(sem) => sem.release(self),
                _ => {}
            }
            result
        })
    }

    /// A statement's whole expression: `await f(x)` there (the usual
    /// case) is awaited in the statement's own future, not a boxed one.
    async fn eval_suspending(self: &Rc<Self>, expr: &Expr, env: &Env) -> R<Value> {
        match &expr.kind {
            ExprKind::Await(inner) => self.await_expr(inner, env).await,
            _ => self.eval_maybe(expr, env).await,
        }
    }

    /// An expression that may hold an `await`: boxed only if it does.
    async fn eval_maybe(self: &Rc<Self>, expr: &Expr, env: &Env) -> R<Value> {
        if expr_awaits(expr) {
            self.eval_async(expr, env).await
        } else {
            self.eval(expr, env)
        }
    }

    /// `await inner`: the awaitable is made on the synchronous path unless
    /// it has an `await` of its own.
    async fn await_expr(self: &Rc<Self>, inner: &Expr, env: &Env) -> R<Value> {
        let awaitable = if expr_awaits(inner) {
            self.eval_async(inner, env).await?
        } else if let ExprKind::Call(function, args) = &inner.kind {
            match args.as_slice() {
                [Arg::Positional(arg)] => return self.await_call(function, arg, env).await,
                _ => self.eval(inner, env)?,
            }
        } else {
            self.eval(inner, env)?
        };
        let line = self.line.get();
        let result = self.await_value(awaitable).await;
        self.line.set(line);
        result
    }

    /// `await f(x)`; for `await asyncio.sleep(delay)`, the commonest await
    /// of all, the sleep is awaited at once, without the coroutine object
    /// that nothing but this `await` could ever see.
    async fn await_call(self: &Rc<Self>, function: &Expr, arg: &Expr, env: &Env) -> R<Value> {
        let callee = self.eval(function, env)?;
        let arg = self.eval(arg, env)?;
        let line = self.line.get();
        let result = if matches!(callee, Value::Builtin(Builtin::Sleep)) {
            let delay = builtins::sleep_delay(self, &arg)?;
            self.enter()?;
            let slept = sync::sleep(Rc::clone(self), delay).await;
            self.leave();
            slept
        } else {
            let awaitable = self.call_here(callee, vec![arg], Vec::new(), env)?;
            self.await_value(awaitable).await
        };
        self.line.set(line);
        result
    }

    /// An expression with an `await` in it.
    /// (Its callers have checked that it does: `eval_maybe`, `await_expr`.)
    fn eval_async<'a>(self: &'a Rc<Self>, expr: &'a Expr, env: &'a Env) -> Boxed<'a, Value> {
        Box::pin(async move {
            match &expr.kind {
                ExprKind::Await(inner) => self.await_expr(inner, env).await,
                ExprKind::Call(function, args) => {
                    let callee = self.eval_maybe(function, env).await?;
                    let mut positional = Vec::new();
                    let mut keywords = Vec::new();
                    for arg in args {
                        match arg {
                            Arg::Positional(e) => positional.push(self.eval_maybe(e, env).await?),
                            Arg::Star(e) => {
                                let spread = self.eval_maybe(e, env).await?;
                                positional.extend(ops::collect(self, &spread)?);
                            }
                            Arg::Keyword(name, e) => keywords
                                .push((Rc::from(name.as_str()), self.eval_maybe(e, env).await?)),
                            Arg::DoubleStar(e) => {
                                let mapping = self.eval_maybe(e, env).await?;
                                keywords.extend(ops::keyword_pairs(self, &mapping)?);
                            }
                        }
                    }
                    self.call_here(callee, positional, keywords, env)
                }
                ExprKind::FString(parts) => {
                    let mut out = String::new();
                    for part in parts {
                        match part {
                            FString::Text(text) => out.push_str(text),
                            FString::Value { value, spec, repr } => {
                                let value = self.eval_maybe(value, env).await?;
                                out.push_str(&ops::format_part(self, &value, spec, *repr)?);
                            }
                        }
                    }
                    Ok(Value::str(&out))
                }
                ExprKind::BinOp(left, op, right) => {
                    let left = self.eval_maybe(left, env).await?;
                    let right = self.eval_maybe(right, env).await?;
                    ops::binary(self, left, *op, right)
                }
                ExprKind::UnaryOp(op, operand) => {
                    let operand = self.eval_maybe(operand, env).await?;
                    ops::unary(self, *op, operand)
                }
                ExprKind::BoolOp(is_and, operands) => {
                    let mut value = Value::None;
                    for operand in operands {
                        value = self.eval_maybe(operand, env).await?;
                        if value.truthy() != *is_and {
                            break;
                        }
                    }
                    Ok(value)
                }
                ExprKind::Compare(first, rest) => {
                    let mut left = self.eval_maybe(first, env).await?;
                    for (op, right) in rest {
                        let right = self.eval_maybe(right, env).await?;
                        if !ops::compare(self, &left, *op, &right)? {
                            return Ok(Value::Bool(false));
                        }
                        left = right;
                    }
                    Ok(Value::Bool(true))
                }
                ExprKind::IfExp(test, body, orelse) => {
                    if self.eval_maybe(test, env).await?.truthy() {
                        self.eval_maybe(body, env).await
                    } else {
                        self.eval_maybe(orelse, env).await
                    }
                }
                ExprKind::Tuple(items) | ExprKind::List(items) => {
                    let mut values = Vec::with_capacity(items.len());
                    for item in items {
                        if let ExprKind::Starred(inner) = &item.kind {
                            let spread = self.eval_maybe(inner, env).await?;
                            values.extend(ops::collect(self, &spread)?);
                        } else {
                            values.push(self.eval_maybe(item, env).await?);
                        }
                    }
                    Ok(if matches!(expr.kind, ExprKind::Tuple(_)) {
                        Value::Tuple(values.into())
                    } else {
                        Value::list(values)
                    })
                }
                ExprKind::Attribute(object, name) => {
                    let object_value = self.eval_maybe(object, env).await?;
                    self.get_attr(&object_value, name, super::exec::owner_name(object))
                }
                ExprKind::Subscript(object, index) => {
                    let object = self.eval_maybe(object, env).await?;
                    let index = self.eval_maybe(index, env).await?;
                    ops::subscript(self, &object, &index)
                }
                _ => Err(self.error(
                    "NotImplementedError",
                    "an await inside this expression is not part of this playground",
                )),
            }
        })
    }

    /// `await value`.
    pub async fn await_value(self: &Rc<Self>, value: Value) -> R<Value> {
        match value {
            Value::Coroutine(coroutine) => {
                let Some(body) = coroutine.take() else {
                    return Err(
                        self.error("RuntimeError", "cannot reuse already awaited coroutine")
                    );
                };
                // One call deeper while it runs: endless `await f()`
                // recursion ends in RecursionError, not a crash.
                self.enter()?;
                let result = match body {
                    Body::Future(future) => future.await,
                    Body::Sleep(delay) => sync::sleep(Rc::clone(self), delay).await,
                    vm @ Body::Vm(..) => vm.boxed(self).await,
                };
                self.leave();
                result
            }
            Value::Future(fut) => Wait::new(self, fut).await,
            other => Err(self.error(
                "TypeError",
                format!(
                    "object {} can't be used in 'await' expression",
                    other.type_name()
                ),
            )),
        }
    }
}

/// Binds a parameter in its slot.
fn set_slot(vars: &mut [Option<Value>], info: &ScopeInfo, name: &str, value: Value) {
    if let Some(slot) = info.slot(name).and_then(|slot| vars.get_mut(slot)) {
        *slot = Some(value);
    }
}

/// Whether `stmt` holds an `await` or an `async with` (not inside a nested function).
pub fn stmt_awaits(stmt: &Stmt) -> bool {
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
pub fn expr_awaits(expr: &Expr) -> bool {
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
