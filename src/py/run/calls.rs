//! Calls of a `def` (run on the VM, or for an `async def` a coroutine
//! whose body the VM runs as a task's future), binding their arguments,
//! and `await` of a value.

use std::rc::Rc;

use super::aio::{Body, Coroutine, Name, Wait};
use super::interp::{Interp, R};
use super::ops;
use super::scope::{Function, Scope, ScopeInfo};
use super::sync;
use super::value::Value;

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
            return Ok(self.coroutine_of(Rc::clone(function), scope));
        }
        self.enter()?;
        let result = super::vm::run_function(self, function, scope);
        self.leave();
        result
    }

    /// The coroutine a call of the `async def` `function` makes, its
    /// arguments bound in `scope`: not started until awaited or a task.
    pub fn coroutine_of(&self, function: Rc<Function>, scope: Rc<Scope>) -> Value {
        let name = Name::Function(Rc::clone(&function.name));
        let body = Body::Vm(function, scope);
        Value::Coroutine(Coroutine::new(name, body, Rc::clone(&self.warnings)))
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
        let scope = new_scope(function);
        if keywords.is_empty() && function.takes_plainly(args.len()) {
            fill_slots(&scope, args);
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

/// A new scope for a call of `function`, knowing its class if a method.
pub fn new_scope(function: &Function) -> Rc<Scope> {
    let scope = Scope::new(Rc::clone(&function.info), function.closure.clone());
    if let (Some(class), Some(first)) = (
        &*function.owner.borrow(),
        function.def.params.positional.first(),
    ) {
        if let Some(slot) = function.info.slot(&first.name) {
            *scope.owner.borrow_mut() = Some((class.clone(), slot));
        }
    }
    scope
}

/// The usual call, `f(a, b)` to `def f(x, y)` (see
/// [`Function::takes_plainly`]): the arguments straight into slots 0, 1, ...
pub fn fill_slots(scope: &Scope, args: impl IntoIterator<Item = Value>) {
    let mut vars = scope.vars.borrow_mut();
    for (slot, value) in vars.iter_mut().zip(args) {
        *slot = Some(value);
    }
}

/// Binds a parameter in its slot.
fn set_slot(vars: &mut [Option<Value>], info: &ScopeInfo, name: &str, value: Value) {
    if let Some(slot) = info.slot(name).and_then(|slot| vars.get_mut(slot)) {
        *slot = Some(value);
    }
}
