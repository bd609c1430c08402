//! What the VM asks of the interpreter between its instructions: attributes,
//! calls, classes, exceptions and unpacking.

use super::hash::FastMap;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::builtins;
use super::interp::{is_data, Env, Interp, Raise, CLASS_BODY, R};
use super::scope::{Scope, ScopeInfo};
use super::trace::VarRef;
use super::value::{Class, Value};
use crate::py::ast::*;

/// A call's keyword arguments, in the order given.
pub type Keywords = Vec<(Rc<str>, Value)>;

impl Interp {
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

    /// `raise exc`.
    pub fn raise(self: &Rc<Self>, exc: Value) -> Raise {
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

    fn is_exception_class(&self, class: &Rc<Class>) -> bool {
        self.exception_class("BaseException")
            .is_some_and(|base| class.is_subclass(&base))
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
        let values: Vec<Option<Value>> = scope
            .vars
            .borrow_mut()
            .iter_mut()
            .map(Option::take)
            .collect();
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

    // ---- assignment -------------------------------------------------------

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
                self.call_function(&bound.1, with_receiver(&bound.0, args), keywords)
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
                let with_self = with_receiver(&instance, args);
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

/// A method's arguments: the instance it is bound to, then `args`.
pub fn with_receiver(receiver: &Value, args: Vec<Value>) -> Vec<Value> {
    let mut with_self = Vec::with_capacity(args.len() + 1);
    with_self.push(receiver.clone());
    with_self.extend(args);
    with_self
}

/// Why a class with two bases does not run.
pub const MANY_BASES: &str = "a class with more than one base is not part of this playground";
