//! Statements and expressions with no `await` in them: run straight
//! through, as CPython runs them between two suspensions.

use super::hash::FastMap;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::builtins;
use super::interp::{at, is_data, Env, Interp, Raise, CLASS_BODY, R};
use super::ops;
use super::scope::{Scope, ScopeInfo, HANDLING};
use super::trace::VarRef;
use super::value::{Class, Dict, Value};
use crate::py::ast::*;

/// A call's keyword arguments, in the order given.
pub type Keywords = Vec<(Rc<str>, Value)>;

/// How a block ended.
pub enum Flow {
    Normal,
    Return(Value),
    Break,
    Continue,
}

impl Interp {
    pub fn exec_block(self: &Rc<Self>, body: &[Stmt], env: &Env) -> R<Flow> {
        for stmt in body {
            match self.exec(stmt, env)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    pub fn exec(self: &Rc<Self>, stmt: &Stmt, env: &Env) -> R<Flow> {
        at(self, stmt.pos);
        self.tick()?;
        match &stmt.kind {
            StmtKind::Expr(expr) => {
                self.eval(expr, env)?;
            }
            StmtKind::Assign(targets, value) => {
                let value = self.eval(value, env)?;
                for target in targets {
                    self.assign(target, value.clone(), env)?;
                }
            }
            StmtKind::AugAssign(target, op, value) => {
                let place = self.place(target, env)?;
                let current = self.load_place(&place, target, env)?;
                let operand = self.eval(value, env)?;
                let result = ops::augmented(self, current, *op, operand)?;
                self.store_place(place, target, result, env)?;
            }
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Return(value) => {
                let value = match value {
                    Some(value) => self.eval(value, env)?,
                    None => Value::None,
                };
                return Ok(Flow::Return(value));
            }
            StmtKind::Raise(exc) => {
                let exc = match exc {
                    Some(exc) => Some(self.eval(exc, env)?),
                    None => None,
                };
                return Err(self.raise(exc, env));
            }
            StmtKind::Assert(test, message) => {
                if !self.eval(test, env)?.truthy() {
                    let message = match message {
                        Some(message) => self.eval(message, env)?.to_str(),
                        None => String::new(),
                    };
                    return Err(self.error("AssertionError", message));
                }
            }
            StmtKind::Del(targets) => {
                for target in targets {
                    self.delete_target(target, env)?;
                }
            }
            StmtKind::Import(modules) => {
                for (module, bound) in modules {
                    let value = builtins::module(module).ok_or_else(|| {
                        self.error("ModuleNotFoundError", format!("No module named '{module}'"))
                    })?;
                    self.store(bound, value, env);
                }
            }
            StmtKind::ImportFrom(module, names) => {
                let module_value = builtins::module(module).ok_or_else(|| {
                    self.error("ModuleNotFoundError", format!("No module named '{module}'"))
                })?;
                for (name, bound) in names {
                    let value = self.get_attr(&module_value, name, None).map_err(|_| {
                        self.error(
                            "ImportError",
                            format!("cannot import name '{name}' from '{module}'"),
                        )
                    })?;
                    self.store(bound, value, env);
                }
            }
            StmtKind::If(test, body, orelse) => {
                let branch = if self.eval(test, env)?.truthy() {
                    body
                } else {
                    orelse
                };
                return self.exec_block(branch, env);
            }
            StmtKind::While(test, body, orelse) => {
                while self.eval(test, env)?.truthy() {
                    self.tick()?;
                    match self.exec_block(body, env)? {
                        Flow::Break => return Ok(Flow::Normal),
                        Flow::Return(value) => return Ok(Flow::Return(value)),
                        Flow::Normal | Flow::Continue => {}
                    }
                }
                return self.exec_block(orelse, env);
            }
            StmtKind::For(target, iter, body, orelse) => {
                let iterable = self.eval(iter, env)?;
                let mut items = ops::iterate(self, &iterable)?;
                while let Some(item) = items.next_item() {
                    self.tick()?;
                    self.assign(target, item, env)?;
                    match self.exec_block(body, env)? {
                        Flow::Break => return Ok(Flow::Normal),
                        Flow::Return(value) => return Ok(Flow::Return(value)),
                        Flow::Normal | Flow::Continue => {}
                    }
                }
                return self.exec_block(orelse, env);
            }
            StmtKind::With(items, _, is_async) => {
                let context = self.eval(&items[0].0, env)?;
                let protocol = if *is_async { "asynchronous " } else { "" };
                return Err(self.error(
                    "TypeError",
                    format!(
                        "'{}' object does not support the {protocol}context manager protocol",
                        context.type_name()
                    ),
                ));
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                let result = match self.exec_block(body, env) {
                    Err(Raise::Exception(exc)) => self.handle(exc, handlers, env),
                    Ok(Flow::Normal) => self.exec_block(orelse, env),
                    other => other,
                };
                if finally.is_empty() || matches!(result, Err(Raise::Stop(_))) {
                    return result;
                }
                return match self.exec_block(finally, env)? {
                    Flow::Normal => result,
                    flow => Ok(flow),
                };
            }
            StmtKind::FunctionDef(def) => {
                let function = self.define(def, env)?;
                self.store(&def.name, function, env);
            }
            StmtKind::ClassDef { name, bases, body } => {
                let class = self.define_class(name, bases, body, env)?;
                self.store(name, class, env);
            }
        }
        Ok(Flow::Normal)
    }

    /// The handler that matches `exc`, run; or `exc` raised on.
    fn handle(self: &Rc<Self>, exc: Value, handlers: &[ExceptHandler], env: &Env) -> R<Flow> {
        for handler in handlers {
            if !self.matches(&exc, handler, env)? {
                continue;
            }
            self.bind_handled(handler, &exc, env);
            let result = self.exec_block(&handler.body, env);
            self.unbind_handled(handler, env);
            return result;
        }
        Err(Raise::Exception(exc))
    }

    pub fn matches(self: &Rc<Self>, exc: &Value, handler: &ExceptHandler, env: &Env) -> R<bool> {
        let Some(kind) = &handler.kind else {
            return Ok(true);
        };
        at(self, handler.pos);
        let kind = self.eval(kind, env)?;
        self.exception_matches(exc, kind)
    }

    /// Whether `except kind:` catches `exc`.
    pub fn exception_matches(&self, exc: &Value, kind: Value) -> R<bool> {
        let classes = match kind {
            Value::Tuple(items) => items.to_vec(),
            one => vec![one],
        };
        let Value::Instance(instance) = exc else {
            return Ok(false);
        };
        for class in classes {
            match class {
                Value::Class(class) => {
                    if instance.class.is_subclass(&class) {
                        return Ok(true);
                    }
                }
                _ => {
                    return Err(self.error(
                        "TypeError",
                        "catching classes that do not inherit from BaseException is not allowed",
                    ))
                }
            }
        }
        Ok(false)
    }

    pub fn bind_handled(&self, handler: &ExceptHandler, exc: &Value, env: &Env) {
        if let Some(name) = &handler.name {
            self.store(name, exc.clone(), env);
        }
        self.set_hidden(env, Some(exc.clone()));
    }

    pub fn unbind_handled(&self, handler: &ExceptHandler, env: &Env) {
        if let Some(name) = &handler.name {
            let _ = self.delete(name, env);
        }
        self.set_hidden(env, None);
    }

    pub fn set_hidden(&self, env: &Env, exc: Option<Value>) {
        match (env, exc) {
            (Some(scope), exc) => scope.set_handling(exc),
            (None, Some(exc)) => {
                self.globals.borrow_mut().set(HANDLING, exc);
            }
            (None, None) => {
                self.globals.borrow_mut().remove(HANDLING);
            }
        }
    }

    /// `raise exc`, or a bare `raise` inside an `except` block.
    pub fn raise(self: &Rc<Self>, exc: Option<Value>, env: &Env) -> Raise {
        let exc = match exc {
            Some(exc) => exc,
            None => {
                let handled = match env {
                    Some(scope) => scope.handling(),
                    None => self.globals.borrow_mut().get(HANDLING),
                };
                return match handled {
                    Some(exc) => Raise::Exception(exc),
                    None => self.error("RuntimeError", "No active exception to reraise"),
                };
            }
        };
        match exc {
            Value::Class(class) if self.is_exception_class(&class) => {
                match self.call(Value::Class(class), Vec::new(), Vec::new()) {
                    Ok(instance) => Raise::Exception(instance),
                    Err(error) => error,
                }
            }
            Value::Instance(instance) if super::value::is_exception(&instance) => {
                instance.raised_at.set(self.line.get());
                Raise::Exception(Value::Instance(instance))
            }
            _ => self.error("TypeError", "exceptions must derive from BaseException"),
        }
    }

    pub fn is_exception_class(&self, class: &Rc<Class>) -> bool {
        self.exception_class("BaseException")
            .is_some_and(|base| class.is_subclass(&base))
    }

    pub fn define(self: &Rc<Self>, def: &Rc<FunctionDef>, env: &Env) -> R<Value> {
        let mut defaults = Vec::new();
        for param in &def.params.positional {
            defaults.push(match &param.default {
                Some(default) => Some(self.eval(default, env)?),
                None => None,
            });
        }
        let mut keyword_defaults = Vec::new();
        for param in &def.params.keyword_only {
            keyword_defaults.push(match &param.default {
                Some(default) => Some(self.eval(default, env)?),
                None => None,
            });
        }
        Ok(self.make_function(def, env, defaults, keyword_defaults))
    }

    fn define_class(
        self: &Rc<Self>,
        name: &str,
        bases: &[Expr],
        body: &[Stmt],
        env: &Env,
    ) -> R<Value> {
        let base = match bases {
            [] => None,
            [base] => Some(self.class_base(self.eval(base, env)?)?),
            _ => return Err(self.error("NotImplementedError", MANY_BASES)),
        };
        let info = Rc::new(ScopeInfo::of_body(body, CLASS_BODY));
        let scope = self.class_scope(info, name, env);
        let class_env = Some(Rc::clone(&scope));
        if let Flow::Return(_) = self.exec_block(body, &class_env)? {
            return Err(self.error("SyntaxError", "'return' outside function"));
        }
        Ok(self.build_class(name, base, &scope))
    }

    /// A class's base, checked.
    pub fn class_base(&self, base: Value) -> R<Rc<Class>> {
        match base {
            Value::Class(class) => Ok(class),
            other => Err(self.error(
                "TypeError",
                format!(
                    "a class can only derive from a class, not {}",
                    other.type_name()
                ),
            )),
        }
    }

    /// The scope a class body runs in.
    pub fn class_scope(&self, info: Rc<ScopeInfo>, name: &str, env: &Env) -> Rc<Scope> {
        let scope = Scope::new(Rc::clone(&info), env.clone());
        // The class's name, for its methods' messages (`Account.__init__()`).
        if let Some(slot) = info.slot(CLASS_BODY) {
            scope.vars.borrow_mut()[slot] = Some(Value::str(name));
        }
        scope
    }

    /// The class its body's run made of its `scope`.
    pub fn build_class(&self, name: &str, base: Option<Rc<Class>>, scope: &Scope) -> Value {
        let values = std::mem::take(&mut *scope.vars.borrow_mut());
        let mut attrs = FastMap::default();
        for (name, value) in scope.info.slot_names.iter().zip(values) {
            if let (Some(value), false) = (value, name.starts_with(' ')) {
                attrs.insert(Rc::from(name.as_str()), value);
            }
        }
        let class = Rc::new(Class {
            name: Rc::from(name),
            base,
            attrs: RefCell::new(attrs),
        });
        // Its methods know their class, for `super()`.
        for value in class.attrs.borrow().values() {
            if let Value::Function(function) = value {
                *function.owner.borrow_mut() = Some(Rc::downgrade(&class));
            }
        }
        Value::Class(class)
    }

    /// `super()` in a method: its class's base, bound to its instance.
    pub fn make_super(&self, env: &Env) -> R<Value> {
        let mut scope = env.clone();
        while let Some(current) = scope {
            let owner = current.owner.borrow().clone();
            if let Some((class, slot)) = owner.and_then(|(c, slot)| Some((c.upgrade()?, slot))) {
                let instance = current.vars.borrow().get(slot).cloned().flatten();
                return match instance {
                    Some(instance) => Ok(Value::Super(Rc::new((class, instance)))),
                    None => Err(self.error("RuntimeError", "super(): no arguments")),
                };
            }
            scope = current.parent.clone();
        }
        Err(self.error("RuntimeError", "super(): no arguments"))
    }

    /// Calls `callee`; `super()` needs to know where it is called from.
    pub fn call_here(
        self: &Rc<Self>,
        callee: Value,
        positional: Vec<Value>,
        keywords: Keywords,
        env: &Env,
    ) -> R<Value> {
        if let (Value::Builtin(super::builtins::Builtin::Super), true) =
            (&callee, positional.is_empty())
        {
            return self.make_super(env);
        }
        self.call(callee, positional, keywords)
    }

    // ---- expressions ------------------------------------------------------

    pub fn eval(self: &Rc<Self>, expr: &Expr, env: &Env) -> R<Value> {
        match &expr.kind {
            ExprKind::Name(name) => self.load(name, env),
            ExprKind::Int(digits) => digits.parse().map(Value::Int).map_err(|_| {
                self.error(
                    "OverflowError",
                    "this playground's integers stop at 9,223,372,036,854,775,807",
                )
            }),
            ExprKind::Float(value) => Ok(Value::Float(*value)),
            ExprKind::Str(text) => Ok(Value::str(text)),
            ExprKind::True => Ok(Value::Bool(true)),
            ExprKind::False => Ok(Value::Bool(false)),
            ExprKind::None => Ok(Value::None),
            ExprKind::FString(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        FString::Text(text) => out.push_str(text),
                        FString::Value { value, spec, repr } => {
                            let value = self.eval(value, env)?;
                            out.push_str(&ops::format_part(self, &value, spec, *repr)?);
                        }
                    }
                }
                Ok(Value::str(&out))
            }
            ExprKind::Tuple(items) => Ok(Value::Tuple(self.eval_items(items, env)?.into())),
            ExprKind::List(items) => Ok(Value::list(self.eval_items(items, env)?)),
            ExprKind::Dict(pairs) => {
                let mut dict = Dict::default();
                for (key, value) in pairs {
                    let key = self.eval(key, env)?;
                    let value = self.eval(value, env)?;
                    ops::dict_insert(self, &mut dict, key, value)?;
                }
                Ok(Value::Dict(Rc::new(RefCell::new(dict))))
            }
            ExprKind::Set(_) => Err(self.error(
                "NotImplementedError",
                "sets are not part of this playground: use a list or a dict",
            )),
            ExprKind::ListComp(element, clauses) | ExprKind::GeneratorExp(element, clauses) => {
                let out = RefCell::new(Vec::new());
                // One loop over a known length (`for _ in range(n)`): room made once.
                self.comprehend(
                    clauses,
                    env,
                    &mut |size| out.borrow_mut().reserve(size),
                    &mut |interp, env| {
                        let item = interp.eval(element, env)?;
                        out.borrow_mut().push(item);
                        Ok(())
                    },
                )?;
                let out = out.into_inner();
                Ok(Value::list(out))
            }
            ExprKind::DictComp(pair, clauses) => {
                let mut dict = Dict::default();
                self.comprehend(clauses, env, &mut |_| {}, &mut |interp, env| {
                    let key = interp.eval(&pair.0, env)?;
                    let value = interp.eval(&pair.1, env)?;
                    ops::dict_insert(interp, &mut dict, key, value)
                })?;
                Ok(Value::Dict(Rc::new(RefCell::new(dict))))
            }
            ExprKind::Attribute(object, name) => {
                let object_value = self.eval(object, env)?;
                self.get_attr(&object_value, name, owner_name(object))
            }
            ExprKind::Subscript(object, index) => {
                let object = self.eval(object, env)?;
                let index = self.eval_index(index, env)?;
                ops::subscript(self, &object, &index)
            }
            ExprKind::Slice(..) => Err(self.error("SyntaxError", "a slice outside brackets")),
            ExprKind::Call(function, args) => {
                let callee = self.eval(function, env)?;
                let (positional, keywords) = self.eval_args(args, env)?;
                self.call_here(callee, positional, keywords, env)
            }
            ExprKind::Await(_) => Err(self.error("SyntaxError", "'await' outside async function")),
            ExprKind::BinOp(left, op, right) => {
                let left = self.eval(left, env)?;
                let right = self.eval(right, env)?;
                ops::binary(self, left, *op, right)
            }
            ExprKind::UnaryOp(op, operand) => {
                let operand = self.eval(operand, env)?;
                ops::unary(self, *op, operand)
            }
            ExprKind::BoolOp(is_and, operands) => {
                let mut value = Value::None;
                for operand in operands {
                    value = self.eval(operand, env)?;
                    if value.truthy() != *is_and {
                        break;
                    }
                }
                Ok(value)
            }
            ExprKind::Compare(first, rest) => {
                let mut left = self.eval(first, env)?;
                for (op, right) in rest {
                    let right = self.eval(right, env)?;
                    if !ops::compare(self, &left, *op, &right)? {
                        return Ok(Value::Bool(false));
                    }
                    left = right;
                }
                Ok(Value::Bool(true))
            }
            ExprKind::IfExp(test, body, orelse) => {
                if self.eval(test, env)?.truthy() {
                    self.eval(body, env)
                } else {
                    self.eval(orelse, env)
                }
            }
            ExprKind::Starred(_) => {
                Err(self.error("SyntaxError", "can't use starred expression here"))
            }
        }
    }

    /// A list or tuple display's items, `*spread` ones spread.
    pub fn eval_items(self: &Rc<Self>, items: &[Expr], env: &Env) -> R<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let ExprKind::Starred(inner) = &item.kind {
                let spread = self.eval(inner, env)?;
                out.extend(ops::collect(self, &spread)?);
            } else {
                out.push(self.eval(item, env)?);
            }
        }
        Ok(out)
    }

    pub fn eval_index(self: &Rc<Self>, index: &Expr, env: &Env) -> R<Value> {
        let ExprKind::Slice(lower, upper, step) = &index.kind else {
            return self.eval(index, env);
        };
        let part = |e: &Option<Box<Expr>>| -> R<Value> {
            match e {
                Some(e) => self.eval(e, env),
                None => Ok(Value::None),
            }
        };
        let parts = vec![part(lower)?, part(upper)?, part(step)?];
        Ok(ops::slice_value(parts))
    }

    pub fn eval_args(self: &Rc<Self>, args: &[Arg], env: &Env) -> R<(Vec<Value>, Keywords)> {
        let mut positional = Vec::with_capacity(args.len());
        let mut keywords = Vec::new();
        for arg in args {
            match arg {
                Arg::Positional(expr) => positional.push(self.eval(expr, env)?),
                Arg::Star(expr) => {
                    let spread = self.eval(expr, env)?;
                    positional.extend(ops::collect(self, &spread)?);
                }
                Arg::Keyword(name, expr) => {
                    keywords.push((Rc::from(name.as_str()), self.eval(expr, env)?))
                }
                Arg::DoubleStar(expr) => {
                    let mapping = self.eval(expr, env)?;
                    keywords.extend(ops::keyword_pairs(self, &mapping)?);
                }
            }
        }
        Ok((positional, keywords))
    }

    /// Runs `each` once per combination of a comprehension's clauses, in a
    /// scope of its own (its loop variables do not leak, as in Python 3).
    fn comprehend(
        self: &Rc<Self>,
        clauses: &[Comprehension],
        env: &Env,
        reserve: &mut dyn FnMut(usize),
        each: &mut dyn FnMut(&Rc<Interp>, &Env) -> R<()>,
    ) -> R<()> {
        let info = ScopeInfo::of_targets(clauses.iter().map(|c| &c.target));
        // The first iterable is evaluated outside, the rest inside.
        let first = self.eval(&clauses[0].iter, env)?;
        if let [only] = clauses {
            if only.conditions.is_empty() {
                reserve(ops::length_hint(&first));
            }
        }
        let inner = Some(Scope::new(Rc::new(info), env.clone()));
        self.comprehend_from(clauses, 0, Some(first), &inner, each)
    }

    fn comprehend_from(
        self: &Rc<Self>,
        clauses: &[Comprehension],
        at_clause: usize,
        iterable: Option<Value>,
        env: &Env,
        each: &mut dyn FnMut(&Rc<Interp>, &Env) -> R<()>,
    ) -> R<()> {
        let Some(clause) = clauses.get(at_clause) else {
            return each(self, env);
        };
        let iterable = match iterable {
            Some(value) => value,
            None => self.eval(&clause.iter, env)?,
        };
        let mut items = ops::iterate(self, &iterable)?;
        'items: while let Some(item) = items.next_item() {
            self.tick()?;
            self.assign(&clause.target, item, env)?;
            for condition in &clause.conditions {
                if !self.eval(condition, env)?.truthy() {
                    continue 'items;
                }
            }
            self.comprehend_from(clauses, at_clause + 1, None, env, each)?;
        }
        Ok(())
    }

    // ---- assignment -------------------------------------------------------

    pub fn assign(self: &Rc<Self>, target: &Expr, value: Value, env: &Env) -> R<()> {
        match &target.kind {
            ExprKind::Name(name) => {
                self.store_name(name, value, env);
                Ok(())
            }
            ExprKind::Tuple(targets) | ExprKind::List(targets) => {
                let items = ops::collect(self, &value)?;
                self.unpack(targets, items, env)
            }
            ExprKind::Attribute(object, name) => {
                let object_value = self.eval(object, env)?;
                self.set_attr(&object_value, name, value, owner_name(object))
            }
            ExprKind::Subscript(object, index) => {
                let object = self.eval(object, env)?;
                let index = self.eval_index(index, env)?;
                ops::set_item(self, &object, index, value)
            }
            _ => Err(self.error("SyntaxError", "cannot assign to expression")),
        }
    }

    fn unpack(self: &Rc<Self>, targets: &[Expr], items: Vec<Value>, env: &Env) -> R<()> {
        let star = targets
            .iter()
            .position(|t| matches!(t.kind, ExprKind::Starred(_)));
        let values = self.unpacked(targets.len(), star, items)?;
        for (target, value) in targets.iter().zip(values) {
            match &target.kind {
                ExprKind::Starred(inner) => self.assign(inner, value, env)?,
                _ => self.assign(target, value, env)?,
            }
        }
        Ok(())
    }

    /// `items` spread over `count` targets, the one at `star` (if any)
    /// taking the rest as a list: one value per target, in order.
    pub fn unpacked(&self, count: usize, star: Option<usize>, items: Vec<Value>) -> R<Vec<Value>> {
        match star {
            None => {
                if items.len() != count {
                    return Err(self.error(
                        "ValueError",
                        if items.len() > count {
                            format!("too many values to unpack (expected {count})")
                        } else {
                            format!(
                                "not enough values to unpack (expected {count}, got {})",
                                items.len()
                            )
                        },
                    ));
                }
                Ok(items)
            }
            Some(star) => {
                let after = count - star - 1;
                if items.len() < count - 1 {
                    return Err(self.error(
                        "ValueError",
                        format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            count - 1,
                            items.len()
                        ),
                    ));
                }
                let mut items = items;
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(star);
                items.push(Value::list(middle));
                items.extend(tail);
                Ok(items)
            }
        }
    }

    fn delete_target(self: &Rc<Self>, target: &Expr, env: &Env) -> R<()> {
        match &target.kind {
            ExprKind::Name(name) => self.delete(name, env),
            ExprKind::Subscript(object, index) => {
                let object = self.eval(object, env)?;
                let index = self.eval(index, env)?;
                ops::delete_item(self, &object, &index)
            }
            ExprKind::Tuple(targets) | ExprKind::List(targets) => {
                targets.iter().try_for_each(|t| self.delete_target(t, env))
            }
            _ => Err(self.error("SyntaxError", "cannot delete expression")),
        }
    }

    /// The target of `x += ...`, evaluated once.
    pub fn place(self: &Rc<Self>, target: &Expr, env: &Env) -> R<Target> {
        Ok(match &target.kind {
            ExprKind::Attribute(object, _) => Target::Attribute(self.eval(object, env)?),
            ExprKind::Subscript(object, index) => {
                Target::Item(self.eval(object, env)?, self.eval_index(index, env)?)
            }
            _ => Target::Name,
        })
    }

    pub fn load_place(self: &Rc<Self>, place: &Target, target: &Expr, env: &Env) -> R<Value> {
        match (place, &target.kind) {
            (Target::Attribute(object), ExprKind::Attribute(object_expr, name)) => {
                self.get_attr(object, name, owner_name(object_expr))
            }
            (Target::Item(object, index), _) => ops::subscript(self, object, index),
            (_, ExprKind::Name(name)) => self.load(name, env),
            _ => Err(self.error("SyntaxError", "illegal expression for augmented assignment")),
        }
    }

    pub fn store_place(
        self: &Rc<Self>,
        place: Target,
        target: &Expr,
        value: Value,
        env: &Env,
    ) -> R<()> {
        match (place, &target.kind) {
            (Target::Attribute(object), ExprKind::Attribute(object_expr, name)) => {
                self.set_attr(&object, name, value, owner_name(object_expr))
            }
            (Target::Item(object, index), _) => ops::set_item(self, &object, index, value),
            (_, ExprKind::Name(name)) => {
                self.store_name(name, value, env);
                Ok(())
            }
            _ => Err(self.error("SyntaxError", "illegal expression for augmented assignment")),
        }
    }

    // ---- attributes -------------------------------------------------------

    pub fn get_attr(self: &Rc<Self>, object: &Value, name: &str, owner: Option<&str>) -> R<Value> {
        match object {
            Value::Instance(instance) => {
                if let Some(value) = instance.get(name) {
                    if is_data(&value) {
                        let key = VarRef::Attr(instance.serial, name);
                        self.trace_access(key, &attr_name(owner, name), &value, false);
                    }
                    return Ok(value);
                }
                match instance.class.lookup(name) {
                    Some(Value::Function(function)) => {
                        Ok(Value::Bound(Rc::new((object.clone(), function))))
                    }
                    Some(value) => Ok(value),
                    None if name == "__class__" => Ok(Value::Class(Rc::clone(&instance.class))),
                    None => Err(self.error(
                        "AttributeError",
                        format!("'{}' object has no attribute '{name}'", instance.class.name),
                    )),
                }
            }
            Value::Super(bound) => {
                let (class, instance) = &**bound;
                match class.base.as_ref().and_then(|base| base.lookup(name)) {
                    Some(Value::Function(function)) => {
                        Ok(Value::Bound(Rc::new((instance.clone(), function))))
                    }
                    Some(value) => Ok(value),
                    None if name == "__init__" && self.is_exception_class(class) => {
                        Ok(Value::Method(Rc::new((
                            instance.clone(),
                            super::builtins::Method::InitException,
                        ))))
                    }
                    None if name == "__init__" => Ok(Value::Method(Rc::new((
                        instance.clone(),
                        super::builtins::Method::InitObject,
                    )))),
                    None => Err(self.error(
                        "AttributeError",
                        format!("'super' object has no attribute '{name}'"),
                    )),
                }
            }
            Value::Class(class) => match class.lookup(name) {
                Some(value) => Ok(value),
                None if name == "__name__" => Ok(Value::Str(Rc::clone(&class.name))),
                None => Err(self.error(
                    "AttributeError",
                    format!("type object '{}' has no attribute '{name}'", class.name),
                )),
            },
            other => builtins::attribute(self, other, name),
        }
    }

    pub fn set_attr(
        self: &Rc<Self>,
        object: &Value,
        name: &str,
        value: Value,
        owner: Option<&str>,
    ) -> R<()> {
        match object {
            Value::Instance(instance) => {
                let shown_name = attr_name(owner, name);
                self.name_lock(&value, &shown_name);
                if is_data(&value) {
                    let key = VarRef::Attr(instance.serial, name);
                    self.trace_access(key, &shown_name, &value, true);
                }
                instance.set(name, value);
                Ok(())
            }
            Value::Class(class) => {
                class.attrs.borrow_mut().insert(Rc::from(name), value);
                Ok(())
            }
            other => Err(self.error(
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", other.type_name()),
            )),
        }
    }

    // ---- calls ------------------------------------------------------------

    pub fn call(
        self: &Rc<Self>,
        callee: Value,
        args: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        match callee {
            Value::Function(function) => self.call_function(&function, args, keywords),
            Value::Bound(bound) => {
                let mut with_self = Vec::with_capacity(args.len() + 1);
                with_self.push(bound.0.clone());
                with_self.extend(args);
                self.call_function(&bound.1, with_self, keywords)
            }
            Value::Builtin(builtin) => builtins::call(self, builtin, args, keywords),
            Value::Method(method) => {
                builtins::call_method(self, &method.0, method.1, args, keywords)
            }
            Value::Class(class) => self.instantiate(class, args, keywords),
            other => Err(self.error(
                "TypeError",
                format!("'{}' object is not callable", other.type_name()),
            )),
        }
    }

    fn instantiate(
        self: &Rc<Self>,
        class: Rc<Class>,
        args: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        let exception = self.is_exception_class(&class);
        if exception && class.lookup("__init__").is_none() {
            return Ok(self.instance_of(class, args));
        }
        // An exception keeps its call's arguments whatever its __init__
        // does (BaseException.__new__ stores them).
        let instance = if exception {
            self.instance_of(Rc::clone(&class), args.clone())
        } else {
            Value::Instance(Rc::new(super::value::Instance {
                class: Rc::clone(&class),
                attrs: RefCell::new(Vec::new()),
                serial: self.next_serial(),
                raised_at: Cell::new(0),
            }))
        };
        match class.lookup("__init__") {
            Some(Value::Function(init)) => {
                let mut with_self = vec![instance.clone()];
                with_self.extend(args);
                if init.def.is_async {
                    return Err(self.error(
                        "TypeError",
                        "__init__() should return None, not 'coroutine'",
                    ));
                }
                self.call_function(&init, with_self, keywords)?;
            }
            _ if !args.is_empty() || !keywords.is_empty() => {
                return Err(self.error("TypeError", format!("{}() takes no arguments", class.name)));
            }
            _ => {}
        }
        Ok(instance)
    }
}

/// An attribute traced under the name the code gives it: `self._value`.
fn attr_name(owner: Option<&str>, name: &str) -> String {
    match owner {
        Some(object) => format!("{object}.{name}"),
        None => format!("….{name}"),
    }
}

/// The variable an attribute is read or written through (`self` in
/// `self.balance`), if it is one: what its trace is named after.
pub fn owner_name(object: &Expr) -> Option<&str> {
    match &object.kind {
        ExprKind::Name(name) => Some(&name.id),
        _ => None,
    }
}

/// Why a class with two bases does not run.
pub const MANY_BASES: &str = "a class with more than one base is not part of this playground";

/// What `x += ...` assigns to.
pub enum Target {
    Name,
    Attribute(Value),
    Item(Value, Value),
}
