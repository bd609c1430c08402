//! Python's values as the interpreter holds them, and how Python shows them
//! (`str`, `repr`, the shortest float that reads back).
//!
//! Objects with identity (lists, dicts, instances, locks, tasks) are behind
//! `Rc`, so that two names for one list are one list, as in Python.

use super::hash::FastMap;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::aio::{Coroutine, Fut, PyEvent, PyLock, PyQueue, PySemaphore};
use super::builtins::{Builtin, Method};
use super::scope::Function;

#[derive(Clone)]
pub enum Value {
    None,
    Bool(bool),
    /// Python's int, within i64: arithmetic that leaves it is an error,
    /// never a wrong number.
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<[Value]>),
    Dict(Rc<RefCell<Dict>>),
    /// `d.keys()`, `d.values()`, `d.items()`: live views of the dict.
    View(ViewKind, Rc<RefCell<Dict>>),
    /// Start, stop, step: behind an `Rc`, so that every value is two words.
    Range(Rc<[i64; 3]>),
    Function(Rc<Function>),
    /// A method bound to its instance.
    Bound(Rc<(Value, Rc<Function>)>),
    Builtin(Builtin),
    /// A built-in method bound to its object (`items.append`).
    Method(Rc<(Value, Method)>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    /// `super()`: the class it was called in, and the instance.
    Super(Rc<(Rc<Class>, Value)>),
    Module(&'static str),
    Coroutine(Rc<Coroutine>),
    /// An asyncio Future or Task (awaitable; a task also runs).
    Future(Rc<Fut>),
    Lock(Rc<PyLock>),
    Semaphore(Rc<PySemaphore>),
    Event(Rc<PyEvent>),
    Queue(Rc<PyQueue>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

impl ViewKind {
    pub fn name(self) -> &'static str {
        match self {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }

    /// The view's items, as they stand.
    pub fn items(self, dict: &Dict) -> Vec<Value> {
        dict.items()
            .map(|(k, v)| match self {
                ViewKind::Keys => k.clone(),
                ViewKind::Values => v.clone(),
                ViewKind::Items => Value::Tuple(Rc::from(vec![k.clone(), v.clone()])),
            })
            .collect()
    }
}

/// A class: its name, its base, its attributes (methods, class variables).
pub struct Class {
    pub name: Rc<str>,
    pub base: Option<Rc<Class>>,
    pub attrs: RefCell<FastMap<Rc<str>, Value>>,
}

impl Class {
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(value) = self.attrs.borrow().get(name) {
            return Some(value.clone());
        }
        self.base.as_ref().and_then(|base| base.lookup(name))
    }

    /// Whether this class is `other` or derives from it.
    pub fn is_subclass(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        let mut class = Some(Rc::clone(self));
        while let Some(c) = class {
            if Rc::ptr_eq(&c, other) {
                return true;
            }
            class = c.base.clone();
        }
        false
    }
}

/// An instance of a class: its attributes, in the order they were set.
pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<Vec<(Rc<str>, Value)>>,
    /// Numbered as created, to tell shared objects apart in the trace.
    pub serial: u32,
    /// The line an exception was raised on (exceptions only).
    pub raised_at: Cell<u32>,
}

impl Instance {
    pub fn get(&self, name: &str) -> Option<Value> {
        self.attrs
            .borrow()
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v.clone())
    }

    pub fn set(&self, name: &str, value: Value) {
        let mut attrs = self.attrs.borrow_mut();
        match attrs.iter_mut().find(|(n, _)| &**n == name) {
            Some(slot) => slot.1 = value,
            None => attrs.push((Rc::from(name), value)),
        }
    }
}

/// What makes a dict key: Python's equality for hashable values (`1`,
/// `1.0` and `True` are one key).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Key {
    None,
    Int(i64),
    Float(u64),
    Str(Rc<str>),
    Tuple(Vec<Key>),
    /// Objects hash by identity.
    Id(usize),
}

/// A dict: insertion-ordered, as Python's.
#[derive(Default)]
pub struct Dict {
    entries: Vec<Option<(Value, Value)>>,
    index: FastMap<Key, usize>,
    len: usize,
}

impl Dict {
    pub fn get(&self, key: &Key) -> Option<&Value> {
        let at = *self.index.get(key)?;
        self.entries[at].as_ref().map(|(_, v)| v)
    }

    pub fn insert(&mut self, key: Key, key_value: Value, value: Value) {
        match self.index.get(&key) {
            Some(&at) => {
                if let Some(entry) = self.entries[at].as_mut() {
                    entry.1 = value;
                }
            }
            None => {
                self.index.insert(key, self.entries.len());
                self.entries.push(Some((key_value, value)));
                self.len += 1;
            }
        }
    }

    pub fn remove(&mut self, key: &Key) -> Option<Value> {
        let at = self.index.remove(key)?;
        self.len -= 1;
        self.entries[at].take().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn items(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().flatten().map(|(k, v)| (k, v))
    }

    pub fn clear(&mut self) {
        *self = Dict::default();
    }
}

impl Value {
    pub fn str(text: &str) -> Value {
        Value::Str(Rc::from(text))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    /// Python's `type(x).__name__`.
    pub fn type_name(&self) -> String {
        match self {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Dict(_) => "dict".into(),
            Value::View(kind, _) => kind.name().into(),
            Value::Range(..) => "range".into(),
            Value::Function(_) => "function".into(),
            Value::Bound(_) | Value::Method(_) => "method".into(),
            Value::Builtin(_) => "builtin_function_or_method".into(),
            Value::Class(_) => "type".into(),
            Value::Instance(i) => i.class.name.to_string(),
            Value::Super(_) => "super".into(),
            Value::Module(_) => "module".into(),
            Value::Coroutine(_) => "coroutine".into(),
            Value::Future(f) if f.is_task() => "Task".into(),
            Value::Future(_) => "Future".into(),
            Value::Lock(_) => "Lock".into(),
            Value::Semaphore(_) => "Semaphore".into(),
            Value::Event(_) => "Event".into(),
            Value::Queue(_) => "Queue".into(),
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::View(_, d) => !d.borrow().is_empty(),
            Value::Range(..) => range_len(self) > 0,
            _ => true,
        }
    }

    /// The dict key this value makes, if it is hashable.
    pub fn key(&self) -> Option<Key> {
        Some(match self {
            Value::None => Key::None,
            Value::Bool(b) => Key::Int(i64::from(*b)),
            Value::Int(i) => Key::Int(*i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Key::Int(*f as i64),
            Value::Float(f) => Key::Float(f.to_bits()),
            Value::Str(s) => Key::Str(Rc::clone(s)),
            Value::Tuple(items) => Key::Tuple(items.iter().map(Value::key).collect::<Option<_>>()?),
            Value::List(_) | Value::Dict(_) | Value::View(..) => return None,
            other => Key::Id(other.identity()),
        })
    }

    /// An address standing for the object's identity (`is`, `id`).
    pub fn identity(&self) -> usize {
        match self {
            Value::List(l) => Rc::as_ptr(l) as *const u8 as usize,
            Value::Tuple(t) => Rc::as_ptr(t) as *const u8 as usize,
            Value::Dict(d) | Value::View(_, d) => Rc::as_ptr(d) as *const u8 as usize,
            Value::Function(f) => Rc::as_ptr(f) as *const u8 as usize,
            Value::Bound(b) => Rc::as_ptr(b) as *const u8 as usize,
            Value::Method(m) => Rc::as_ptr(m) as *const u8 as usize,
            Value::Class(c) => Rc::as_ptr(c) as *const u8 as usize,
            Value::Instance(i) => Rc::as_ptr(i) as *const u8 as usize,
            Value::Super(s) => Rc::as_ptr(s) as *const u8 as usize,
            Value::Coroutine(c) => Rc::as_ptr(c) as *const u8 as usize,
            Value::Future(f) => Rc::as_ptr(f) as *const u8 as usize,
            Value::Lock(l) => Rc::as_ptr(l) as *const u8 as usize,
            Value::Semaphore(s) => Rc::as_ptr(s) as *const u8 as usize,
            Value::Event(e) => Rc::as_ptr(e) as *const u8 as usize,
            Value::Queue(q) => Rc::as_ptr(q) as *const u8 as usize,
            Value::Str(s) => Rc::as_ptr(s) as *const u8 as usize,
            Value::Builtin(b) => *b as usize,
            Value::Module(m) => m.as_ptr() as usize,
            Value::None => 1,
            Value::Bool(b) => 2 + usize::from(*b),
            Value::Int(i) => *i as usize,
            Value::Float(f) => f.to_bits() as usize,
            Value::Range(bounds) => (bounds[0] ^ bounds[1] ^ bounds[2]) as usize,
        }
    }

    /// `str(x)`.
    pub fn to_str(&self) -> String {
        match self {
            Value::Str(s) => s.to_string(),
            Value::Instance(i) if i.class.lookup("__str__").is_none() && is_exception(i) => {
                exception_str(i)
            }
            other => other.repr(),
        }
    }

    /// `repr(x)`.
    pub fn repr(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => str_repr(s),
            Value::List(l) => {
                let items: Vec<String> = l.borrow().iter().map(Value::repr).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Tuple(t) if t.len() == 1 => format!("({},)", t[0].repr()),
            Value::Tuple(t) => {
                let items: Vec<String> = t.iter().map(Value::repr).collect();
                format!("({})", items.join(", "))
            }
            Value::Dict(d) => {
                let items: Vec<String> = d
                    .borrow()
                    .items()
                    .map(|(k, v)| format!("{}: {}", k.repr(), v.repr()))
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
            Value::View(kind, d) => {
                let items: Vec<String> = kind.items(&d.borrow()).iter().map(Value::repr).collect();
                format!("{}([{}])", kind.name(), items.join(", "))
            }
            Value::Range(bounds) => match **bounds {
                [a, b, 1] => format!("range({a}, {b})"),
                [a, b, c] => format!("range({a}, {b}, {c})"),
            },
            Value::Function(f) => format!("<function {}>", f.def.name),
            Value::Bound(b) => format!("<bound method {}>", b.1.def.name),
            Value::Builtin(b) => format!("<built-in function {}>", b.name()),
            Value::Method(m) => format!("<built-in method {}>", m.1.name()),
            Value::Class(c) => format!("<class '{}'>", c.name),
            Value::Instance(i) if is_exception(i) => {
                let args = exception_args(i);
                let inner: Vec<String> = args.iter().map(Value::repr).collect();
                format!("{}({})", i.class.name, inner.join(", "))
            }
            Value::Instance(i) => format!("<{} object>", i.class.name),
            Value::Super(s) => format!(
                "<super: <class '{}'>, <{} object>>",
                s.0.name,
                s.1.type_name()
            ),
            Value::Module(m) => format!("<module '{m}'>"),
            Value::Coroutine(c) => format!("<coroutine object {}>", c.name),
            Value::Future(f) => f.describe(),
            Value::Lock(l) => format!("<asyncio.locks.Lock [{}]>", l.state_word()),
            Value::Semaphore(_) => "<asyncio.locks.Semaphore>".into(),
            Value::Event(_) => "<asyncio.locks.Event>".into(),
            Value::Queue(_) => "<Queue>".into(),
        }
    }
}

pub fn is_exception(instance: &Instance) -> bool {
    let mut class = Some(Rc::clone(&instance.class));
    while let Some(c) = class {
        if &*c.name == "BaseException" {
            return true;
        }
        class = c.base.clone();
    }
    false
}

pub fn exception_args(instance: &Instance) -> Vec<Value> {
    match instance.get("args") {
        Some(Value::Tuple(args)) => args.to_vec(),
        _ => Vec::new(),
    }
}

/// `str(exception)`: its one argument, or its arguments as a tuple.
pub fn exception_str(instance: &Instance) -> String {
    let args = exception_args(instance);
    let is_key_error = {
        let mut class = Some(Rc::clone(&instance.class));
        let mut found = false;
        while let Some(c) = class {
            found |= &*c.name == "KeyError";
            class = c.base.clone();
        }
        found
    };
    match args.as_slice() {
        [] => String::new(),
        // KeyError shows its key as Python writes it: `KeyError: 'b'`.
        [one] if is_key_error => one.repr(),
        [one] => one.to_str(),
        _ => Value::Tuple(args.into()).repr(),
    }
}

pub fn range_len(range: &Value) -> i64 {
    let Value::Range(bounds) = range else {
        return 0;
    };
    let [start, stop, step] = **bounds;
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}

/// `repr` of a str: single quotes unless the text has one and no double.
pub fn str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `repr` of a float, as CPython writes it: the shortest digits that read
/// back, in fixed notation from 1e-4 up to 1e16, else as `1e+16`.
pub fn float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.into();
    }
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .into();
    }
    let (mantissa, exponent) = super::digits::shortest(value);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if value < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exponent) {
        let point = exponent + 1; // digits before the point
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            format!("{whole}.{fraction}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{exponent_sign}{:02}", exponent.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_cpython_writes_them() {
        for (value, shown) in [
            (0.1, "0.1"),
            (100.0, "100.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (-2.5, "-2.5"),
            (123456789012345.6, "123456789012345.6"),
            (1e22, "1e+22"),
        ] {
            assert_eq!(float_repr(value), shown);
        }
    }

    #[test]
    fn strings_quote_as_cpython_quotes_them() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a\nb"), "'a\\nb'");
        assert_eq!(str_repr("both ' and \""), "'both \\' and \"'");
    }
}
