//! The built-in functions, the three modules (`asyncio`, `random`, `time`)
//! and the methods of built-in objects that the playground runs.

use std::cell::RefCell;
use std::rc::Rc;

use super::aio::{cancel_future, Body, Coroutine, Name};
use super::interp::{Interp, Raise, R};
use super::ops::{self, collect, equal, less};
use super::sync::{self, PyEvent, PyLock, PyQueue, PySemaphore};
use super::value::{range_len, Dict, Value, ViewKind};
use crate::py::ast::CmpOp;

macro_rules! named {
    ($name:ident { $($variant:ident = $text:literal,)* }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($variant,)* }
        impl $name {
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }
        }
    };
}

named!(Builtin {
    Print = "print", Len = "len", Range = "range", Min = "min", Max = "max", Sum = "sum",
    Abs = "abs", Int = "int", Str = "str", Float = "float", Bool = "bool", List = "list",
    Dict = "dict", Tuple = "tuple", Sorted = "sorted", Reversed = "reversed",
    Enumerate = "enumerate", Zip = "zip", Isinstance = "isinstance", Round = "round",
    Repr = "repr", Any = "any", All = "all", Divmod = "divmod", Type = "type", Format = "format",
    Super = "super",
    Run = "run", Gather = "gather", CreateTask = "create_task", Sleep = "sleep",
    Lock = "Lock", Semaphore = "Semaphore", Event = "Event", Queue = "Queue",
    CurrentTask = "current_task",
    Seed = "seed", Random = "random", Randint = "randint", Uniform = "uniform",
    Choice = "choice", Shuffle = "shuffle", Randrange = "randrange",
    Monotonic = "monotonic", TimeSleep = "time.sleep",
});

named!(Method {
    Append = "append", Pop = "pop", Extend = "extend", Insert = "insert", Remove = "remove",
    Index = "index", Count = "count", Sort = "sort", Reverse = "reverse", Clear = "clear",
    Copy = "copy", Get = "get", Keys = "keys", Values = "values", Items = "items",
    Setdefault = "setdefault", Update = "update", Join = "join", Split = "split",
    Upper = "upper", Lower = "lower", Strip = "strip", Startswith = "startswith",
    Endswith = "endswith", Replace = "replace", Format = "format",
    Acquire = "acquire", Release = "release", Locked = "locked", Set = "set",
    IsSet = "is_set", Wait = "wait", Put = "put", PutNowait = "put_nowait",
    GetNowait = "get_nowait", Qsize = "qsize", Empty = "empty", Full = "full",
    TaskDone = "task_done", Done = "done", Result = "result", Cancel = "cancel",
    Cancelled = "cancelled", GetName = "get_name", InitException = "__init__",
    InitObject = "__init__ ",
});

const GLOBALS: [Builtin; 27] = [
    Builtin::Print,
    Builtin::Len,
    Builtin::Range,
    Builtin::Min,
    Builtin::Max,
    Builtin::Sum,
    Builtin::Abs,
    Builtin::Int,
    Builtin::Str,
    Builtin::Float,
    Builtin::Bool,
    Builtin::List,
    Builtin::Dict,
    Builtin::Tuple,
    Builtin::Sorted,
    Builtin::Reversed,
    Builtin::Enumerate,
    Builtin::Zip,
    Builtin::Isinstance,
    Builtin::Round,
    Builtin::Repr,
    Builtin::Any,
    Builtin::All,
    Builtin::Divmod,
    Builtin::Type,
    Builtin::Format,
    Builtin::Super,
];

/// A built-in name: a function or an exception class.
pub fn global(interp: &Interp, name: &str) -> Option<Value> {
    if let Some(builtin) = GLOBALS.iter().find(|b| b.name() == name) {
        return Some(Value::Builtin(*builtin));
    }
    if matches!(
        name,
        "CancelledError" | "QueueEmpty" | "QueueFull" | "InvalidStateError"
    ) {
        return None; // asyncio's, not built in
    }
    interp.exception_class(name).map(Value::Class)
}

pub fn module(name: &str) -> Option<Value> {
    ["asyncio", "random", "time"]
        .into_iter()
        .find(|m| *m == name)
        .map(Value::Module)
}

fn module_attribute(interp: &Interp, module: &str, name: &str) -> R<Value> {
    use Builtin as B;
    let function = match (module, name) {
        ("asyncio", "run") => B::Run,
        ("asyncio", "gather") => B::Gather,
        ("asyncio", "create_task" | "ensure_future") => B::CreateTask,
        ("asyncio", "sleep") => B::Sleep,
        ("asyncio", "Lock") => B::Lock,
        ("asyncio", "Semaphore" | "BoundedSemaphore") => B::Semaphore,
        ("asyncio", "Event") => B::Event,
        ("asyncio", "Queue") => B::Queue,
        ("asyncio", "current_task") => B::CurrentTask,
        (
            "asyncio",
            "CancelledError" | "QueueEmpty" | "QueueFull" | "InvalidStateError" | "TimeoutError",
        ) => {
            return interp
                .exception_class(name)
                .map(Value::Class)
                .ok_or_else(|| interp.error("AttributeError", name));
        }
        ("random", "seed") => B::Seed,
        ("random", "random") => B::Random,
        ("random", "randint") => B::Randint,
        ("random", "uniform") => B::Uniform,
        ("random", "choice") => B::Choice,
        ("random", "shuffle") => B::Shuffle,
        ("random", "randrange") => B::Randrange,
        ("time", "monotonic" | "perf_counter" | "time") => B::Monotonic,
        ("time", "sleep") => B::TimeSleep,
        _ => {
            return Err(interp.error(
                "AttributeError",
                format!("`{module}.{name}` is not part of this playground"),
            ))
        }
    };
    Ok(Value::Builtin(function))
}

/// `object.name` for the built-in types.
pub fn attribute(interp: &Interp, object: &Value, name: &str) -> R<Value> {
    use Method as M;
    if let Value::Module(module) = object {
        return module_attribute(interp, module, name);
    }
    if let (Value::Builtin(builtin), "__name__") = (object, name) {
        return Ok(Value::str(builtin.name()));
    }
    let method = match (object, name) {
        (Value::List(_), "append") => M::Append,
        (Value::List(_) | Value::Dict(_), "pop") => M::Pop,
        (Value::List(_), "extend") => M::Extend,
        (Value::List(_), "insert") => M::Insert,
        (Value::List(_), "remove") => M::Remove,
        (Value::List(_) | Value::Str(_) | Value::Tuple(_), "index") => M::Index,
        (Value::List(_) | Value::Str(_) | Value::Tuple(_), "count") => M::Count,
        (Value::List(_), "sort") => M::Sort,
        (Value::List(_), "reverse") => M::Reverse,
        (Value::List(_) | Value::Dict(_), "clear") => M::Clear,
        (Value::List(_) | Value::Dict(_), "copy") => M::Copy,
        (Value::Dict(_), "get") => M::Get,
        (Value::Dict(_), "keys") => M::Keys,
        (Value::Dict(_), "values") => M::Values,
        (Value::Dict(_), "items") => M::Items,
        (Value::Dict(_), "setdefault") => M::Setdefault,
        (Value::Dict(_), "update") => M::Update,
        (Value::Str(_), "join") => M::Join,
        (Value::Str(_), "split") => M::Split,
        (Value::Str(_), "upper") => M::Upper,
        (Value::Str(_), "lower") => M::Lower,
        (Value::Str(_), "strip") => M::Strip,
        (Value::Str(_), "startswith") => M::Startswith,
        (Value::Str(_), "endswith") => M::Endswith,
        (Value::Str(_), "replace") => M::Replace,
        (Value::Str(_), "format") => M::Format,
        (Value::Lock(_) | Value::Semaphore(_), "acquire") => M::Acquire,
        (Value::Lock(_) | Value::Semaphore(_), "release") => M::Release,
        (Value::Lock(_) | Value::Semaphore(_), "locked") => M::Locked,
        (Value::Event(_), "set") => M::Set,
        (Value::Event(_), "clear") => M::Clear,
        (Value::Event(_), "is_set") => M::IsSet,
        (Value::Event(_), "wait") => M::Wait,
        (Value::Queue(_), "put") => M::Put,
        (Value::Queue(_), "get") => M::Get,
        (Value::Queue(_), "put_nowait") => M::PutNowait,
        (Value::Queue(_), "get_nowait") => M::GetNowait,
        (Value::Queue(_), "qsize") => M::Qsize,
        (Value::Queue(_), "empty") => M::Empty,
        (Value::Queue(_), "full") => M::Full,
        (Value::Queue(_), "task_done") => M::TaskDone,
        (Value::Queue(_), "join") => M::Wait,
        (Value::Future(_), "done") => M::Done,
        (Value::Future(_), "result") => M::Result,
        (Value::Future(_), "cancel") => M::Cancel,
        (Value::Future(_), "cancelled") => M::Cancelled,
        (Value::Future(_), "get_name") => M::GetName,
        (Value::Instance(_), "args") => return Ok(Value::Tuple(Rc::from(Vec::new()))),
        (Value::Queue(q), "maxsize") => return Ok(Value::Int(q.maxsize)),
        _ => {
            return Err(interp.error(
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", object.type_name()),
            ))
        }
    };
    Ok(Value::Method(Rc::new((object.clone(), method))))
}

fn arity(interp: &Interp, name: &str, args: &[Value], least: usize, most: usize) -> R<()> {
    if args.len() < least || args.len() > most {
        let expected = if least == most {
            format!("exactly {least}")
        } else if args.len() < least {
            format!("at least {least}")
        } else {
            format!("at most {most}")
        };
        let plural = if least == most && least == 1 { "" } else { "s" };
        return Err(interp.error(
            "TypeError",
            format!(
                "{name}() takes {expected} argument{plural} ({} given)",
                args.len()
            ),
        ));
    }
    Ok(())
}

fn int_arg(interp: &Interp, value: &Value) -> R<i64> {
    match value {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        other => Err(interp.error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            ),
        )),
    }
}

/// `asyncio.sleep`'s delay, checked as asyncio checks it.
pub fn sleep_delay(interp: &Interp, value: &Value) -> R<f64> {
    // asyncio first asks `delay <= 0`: that comparison's TypeError is
    // what a delay of another type gets.
    if !matches!(value, Value::Float(_) | Value::Int(_) | Value::Bool(_)) {
        ops::compare(interp, value, CmpOp::LtE, &Value::Int(0))?;
    }
    let delay = float_arg(interp, value)?;
    if delay.is_nan() {
        return Err(interp.error("ValueError", "Invalid delay: NaN (not a number)"));
    }
    Ok(delay)
}

fn float_arg(interp: &Interp, value: &Value) -> R<f64> {
    match value {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        other => Err(interp.error(
            "TypeError",
            format!("must be real number, not {}", other.type_name()),
        )),
    }
}

fn keyword<'a>(keywords: &'a [(Rc<str>, Value)], name: &str) -> Option<&'a Value> {
    keywords.iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
}

fn no_keywords(interp: &Interp, name: &str, keywords: &[(Rc<str>, Value)]) -> R<()> {
    match keywords.first() {
        Some((key, _)) => Err(interp.error(
            "TypeError",
            format!("{name}() got an unexpected keyword argument '{key}'"),
        )),
        None => Ok(()),
    }
}

fn coroutine(
    interp: &Rc<Interp>,
    name: &'static str,
    body: impl std::future::Future<Output = R<Value>> + 'static,
) -> Value {
    Value::Coroutine(Coroutine::new(
        Name::Builtin(name),
        Body::Future(Box::pin(body)),
        Rc::clone(&interp.warnings),
    ))
}

fn sort_values(
    interp: &Rc<Interp>,
    items: &mut [Value],
    key: Option<&Value>,
    reverse: bool,
) -> R<()> {
    let keys: Vec<Value> = match key {
        Some(key) if !matches!(key, Value::None) => items
            .iter()
            .map(|item| interp.call(key.clone(), vec![item.clone()], Vec::new()))
            .collect::<R<_>>()?,
        _ => items.to_vec(),
    };
    let mut failure = None;
    // Python's sort is stable; the first comparison that fails is raised.
    let order = ops::stable_order(items.len(), &mut |a, b| {
        if failure.is_some() {
            return false;
        }
        // Reversed, the larger goes first, and equal items keep their order still.
        let (first, second) = if reverse { (b, a) } else { (a, b) };
        less(interp, &keys[first], &keys[second]).unwrap_or_else(|e| {
            failure = Some(e);
            false
        })
    });
    if let Some(error) = failure {
        return Err(error);
    }
    let sorted: Vec<Value> = order.into_iter().map(|i| items[i].clone()).collect();
    items.clone_from_slice(&sorted);
    Ok(())
}

fn extreme(
    interp: &Rc<Interp>,
    name: &str,
    args: Vec<Value>,
    keywords: &[(Rc<str>, Value)],
    want_max: bool,
) -> R<Value> {
    let items = if args.len() == 1 {
        collect(interp, &args[0])?
    } else {
        args
    };
    let key = keyword(keywords, "key");
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let score = match key {
            Some(key) => interp.call(key.clone(), vec![item.clone()], Vec::new())?,
            None => item.clone(),
        };
        // As CPython: the new item `>` (or `<`) the best so far, which
        // also says which operator a TypeError names.
        let better = match &best {
            None => true,
            Some((_, best_score)) if want_max => {
                ops::compare(interp, &score, CmpOp::Gt, best_score)?
            }
            Some((_, best_score)) => ops::compare(interp, &score, CmpOp::Lt, best_score)?,
        };
        if better {
            best = Some((item, score));
        }
    }
    match (best, keyword(keywords, "default")) {
        (Some((item, _)), _) => Ok(item),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => {
            Err(interp.error("ValueError", format!("{name}() arg is an empty sequence")))
        }
    }
}

pub fn call(
    interp: &Rc<Interp>,
    builtin: Builtin,
    args: Vec<Value>,
    keywords: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    use Builtin as B;
    let name = builtin.name();
    match builtin {
        B::Print => {
            let sep = keyword(&keywords, "sep")
                .map(Value::to_str)
                .unwrap_or_else(|| " ".into());
            let end = keyword(&keywords, "end")
                .map(Value::to_str)
                .unwrap_or_else(|| "\n".into());
            let words: Vec<String> = args.iter().map(Value::to_str).collect();
            interp.print(&format!("{}{end}", words.join(&sep)));
            Ok(Value::None)
        }
        B::Len => {
            arity(interp, name, &args, 1, 1)?;
            Ok(Value::Int(match &args[0] {
                Value::Str(s) => s.chars().count() as i64,
                Value::List(l) => l.borrow().len() as i64,
                Value::Tuple(t) => t.len() as i64,
                Value::Dict(d) | Value::View(_, d) => d.borrow().len() as i64,
                range @ Value::Range(..) => range_len(range),
                other => {
                    return Err(interp.error(
                        "TypeError",
                        format!("object of type '{}' has no len()", other.type_name()),
                    ))
                }
            }))
        }
        B::Range => {
            arity(interp, name, &args, 1, 3)?;
            let ints: Vec<i64> = args.iter().map(|a| int_arg(interp, a)).collect::<R<_>>()?;
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                _ => (0, 0, 1),
            };
            if step == 0 {
                return Err(interp.error("ValueError", "range() arg 3 must not be zero"));
            }
            Ok(Value::Range(Rc::new([start, stop, step])))
        }
        B::Min | B::Max => extreme(interp, name, args, &keywords, builtin == B::Max),
        B::Sum => {
            arity(interp, name, &args, 1, 2)?;
            let mut total = args.get(1).cloned().unwrap_or(Value::Int(0));
            for item in collect(interp, &args[0])? {
                total = ops::binary(interp, total, crate::py::ast::BinOp::Add, item)?;
            }
            Ok(total)
        }
        B::Abs => {
            arity(interp, name, &args, 1, 1)?;
            match &args[0] {
                Value::Float(f) => Ok(Value::Float(f.abs())),
                other => {
                    let i = int_arg(interp, other)?;
                    i.checked_abs()
                        .map(Value::Int)
                        .ok_or_else(|| interp.error("OverflowError", "integer too large"))
                }
            }
        }
        B::Int => {
            arity(interp, name, &args, 0, 1)?;
            match args.first() {
                None => Ok(Value::Int(0)),
                Some(Value::Float(f)) if f.is_finite() && f.abs() < 9.2e18 => {
                    Ok(Value::Int(f.trunc() as i64))
                }
                Some(Value::Float(_)) => {
                    Err(interp.error("OverflowError", "cannot convert float infinity to integer"))
                }
                Some(Value::Str(s)) => {
                    s.trim()
                        .replace('_', "")
                        .parse()
                        .map(Value::Int)
                        .map_err(|_| {
                            interp.error(
                                "ValueError",
                                format!(
                                    "invalid literal for int() with base 10: {}",
                                    Value::Str(Rc::clone(s)).repr()
                                ),
                            )
                        })
                }
                Some(other) => int_arg(interp, other).map(Value::Int),
            }
        }
        B::Float => {
            arity(interp, name, &args, 0, 1)?;
            match args.first() {
                None => Ok(Value::Float(0.0)),
                Some(Value::Str(s)) => s.trim().parse().map(Value::Float).map_err(|_| {
                    interp.error(
                        "ValueError",
                        format!(
                            "could not convert string to float: {}",
                            Value::Str(Rc::clone(s)).repr()
                        ),
                    )
                }),
                Some(other) => float_arg(interp, other).map(Value::Float),
            }
        }
        B::Str => Ok(Value::str(
            &args.first().map(Value::to_str).unwrap_or_default(),
        )),
        B::Repr => {
            arity(interp, name, &args, 1, 1)?;
            Ok(Value::str(&args[0].repr()))
        }
        B::Bool => Ok(Value::Bool(args.first().is_some_and(Value::truthy))),
        B::List => Ok(Value::list(match args.first() {
            Some(source) => collect(interp, source)?,
            None => Vec::new(),
        })),
        B::Tuple => Ok(Value::Tuple(match args.first() {
            Some(source) => collect(interp, source)?.into(),
            None => Rc::from(Vec::new()),
        })),
        B::Dict => {
            let mut dict = Dict::default();
            if let Some(source) = args.first() {
                match source {
                    Value::Dict(other) => {
                        for (k, v) in other.borrow().items() {
                            ops::dict_insert(interp, &mut dict, k.clone(), v.clone())?;
                        }
                    }
                    other => {
                        for pair in collect(interp, other)? {
                            let pair = collect(interp, &pair)?;
                            if pair.len() != 2 {
                                return Err(interp.error(
                                    "ValueError",
                                    "dictionary update sequence element has the wrong length",
                                ));
                            }
                            ops::dict_insert(interp, &mut dict, pair[0].clone(), pair[1].clone())?;
                        }
                    }
                }
            }
            for (key, value) in keywords {
                ops::dict_insert(interp, &mut dict, Value::Str(key), value)?;
            }
            Ok(Value::Dict(Rc::new(RefCell::new(dict))))
        }
        B::Sorted => {
            arity(interp, name, &args, 1, 1)?;
            let mut items = collect(interp, &args[0])?;
            let reverse = keyword(&keywords, "reverse").is_some_and(Value::truthy);
            sort_values(interp, &mut items, keyword(&keywords, "key"), reverse)?;
            Ok(Value::list(items))
        }
        B::Reversed => {
            arity(interp, name, &args, 1, 1)?;
            let mut items = collect(interp, &args[0])?;
            items.reverse();
            Ok(Value::list(items))
        }
        B::Enumerate => {
            arity(interp, name, &args, 1, 2)?;
            let start = match args.get(1).or_else(|| keyword(&keywords, "start")) {
                Some(start) => int_arg(interp, start)?,
                None => 0,
            };
            let items = collect(interp, &args[0])?;
            Ok(Value::list(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        Value::Tuple(Rc::from(vec![Value::Int(start + i as i64), item]))
                    })
                    .collect(),
            ))
        }
        B::Zip => {
            let columns: Vec<Vec<Value>> =
                args.iter().map(|a| collect(interp, a)).collect::<R<_>>()?;
            let shortest = columns.iter().map(Vec::len).min().unwrap_or(0);
            Ok(Value::list(
                (0..shortest)
                    .map(|i| Value::Tuple(columns.iter().map(|c| c[i].clone()).collect()))
                    .collect(),
            ))
        }
        B::Isinstance => {
            arity(interp, name, &args, 2, 2)?;
            let classes = match &args[1] {
                Value::Tuple(items) => items.to_vec(),
                one => vec![one.clone()],
            };
            for class in classes {
                let matched = match (&args[0], &class) {
                    (Value::Instance(i), Value::Class(c)) => i.class.is_subclass(c),
                    (value, Value::Builtin(b)) => match b {
                        B::Int => matches!(value, Value::Int(_) | Value::Bool(_)),
                        B::Float => matches!(value, Value::Float(_)),
                        B::Str => matches!(value, Value::Str(_)),
                        B::Bool => matches!(value, Value::Bool(_)),
                        B::List => matches!(value, Value::List(_)),
                        B::Dict => matches!(value, Value::Dict(_)),
                        B::Tuple => matches!(value, Value::Tuple(_)),
                        _ => false,
                    },
                    _ => false,
                };
                if matched {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        B::Round => {
            arity(interp, name, &args, 1, 2)?;
            let value = float_arg(interp, &args[0])?;
            match args.get(1) {
                None | Some(Value::None) => {
                    if let Value::Int(i) = args[0] {
                        return Ok(Value::Int(i));
                    }
                    // Ties to even, as Python rounds.
                    let rounded = value.round_ties_even();
                    if rounded.abs() < 9.2e18 {
                        Ok(Value::Int(rounded as i64))
                    } else {
                        Err(interp.error("OverflowError", "cannot convert float to integer"))
                    }
                }
                Some(digits) => {
                    let digits = int_arg(interp, digits)?;
                    if let Value::Int(i) = args[0] {
                        return Ok(Value::Int(i));
                    }
                    // Through the shortest decimal text, as CPython rounds the decimal value.
                    let text = super::digits::fixed(value, digits.clamp(0, 300) as usize);
                    Ok(Value::Float(text.parse().unwrap_or(value)))
                }
            }
        }
        B::Any => Ok(Value::Bool(
            collect(interp, &args.first().cloned().unwrap_or(Value::None))?
                .iter()
                .any(Value::truthy),
        )),
        B::All => Ok(Value::Bool(
            collect(interp, &args.first().cloned().unwrap_or(Value::None))?
                .iter()
                .all(Value::truthy),
        )),
        B::Divmod => {
            arity(interp, name, &args, 2, 2)?;
            let q = ops::binary(
                interp,
                args[0].clone(),
                crate::py::ast::BinOp::FloorDiv,
                args[1].clone(),
            )?;
            let r = ops::binary(
                interp,
                args[0].clone(),
                crate::py::ast::BinOp::Mod,
                args[1].clone(),
            )?;
            Ok(Value::Tuple(Rc::from(vec![q, r])))
        }
        B::Type => {
            arity(interp, name, &args, 1, 1)?;
            Ok(match &args[0] {
                Value::Instance(i) => Value::Class(Rc::clone(&i.class)),
                Value::Int(_) => Value::Builtin(B::Int),
                Value::Float(_) => Value::Builtin(B::Float),
                Value::Str(_) => Value::Builtin(B::Str),
                Value::Bool(_) => Value::Builtin(B::Bool),
                Value::List(_) => Value::Builtin(B::List),
                Value::Dict(_) => Value::Builtin(B::Dict),
                Value::Tuple(_) => Value::Builtin(B::Tuple),
                other => Value::str(&other.type_name()),
            })
        }
        B::Format => {
            arity(interp, name, &args, 1, 2)?;
            let spec = args.get(1).map(Value::to_str).unwrap_or_default();
            Ok(Value::str(&ops::format_part(
                interp, &args[0], &spec, false,
            )?))
        }
        B::Super => Err(interp.error(
            "RuntimeError",
            if args.is_empty() {
                "super(): no arguments"
            } else {
                "super() with arguments is not part of this playground: write super()"
            },
        )),
        B::Run => {
            arity(interp, "run", &args, 1, 1)?;
            super::run_main(interp, args[0].clone())
        }
        B::Gather => {
            let return_exceptions =
                keyword(&keywords, "return_exceptions").is_some_and(Value::truthy);
            sync::gather(interp, args, return_exceptions)
        }
        B::CreateTask => {
            arity(interp, "create_task", &args, 1, 1)?;
            let Value::Coroutine(coro) = &args[0] else {
                return Err(interp.error(
                    "TypeError",
                    format!("a coroutine was expected, got {}", args[0].repr()),
                ));
            };
            let name = keyword(&keywords, "name").map(|n| Rc::from(n.to_str()));
            Ok(Value::Future(interp.create_task(coro, name)?))
        }
        B::CurrentTask => {
            let current = interp.rt.current.get();
            Ok(current
                .and_then(|id| interp.rt.tasks.borrow().get(id as usize).cloned())
                .map(Value::Future)
                .unwrap_or(Value::None))
        }
        B::Sleep => {
            arity(interp, "sleep", &args, 1, 2)?;
            let delay = sleep_delay(interp, &args[0])?;
            // `sleep(delay, result)` gives `result` back when it wakes.
            let body = match args
                .get(1)
                .or_else(|| keyword(&keywords, "result"))
                .cloned()
            {
                None => Body::Sleep(delay),
                Some(result) => {
                    let sleeping = sync::sleep(Rc::clone(interp), delay);
                    #[cfg(feature = "explore")]
                    let keeper = Rc::clone(interp);
                    Body::Future(Box::pin(async move {
                        #[cfg(feature = "explore")]
                        keeper.park_also(std::slice::from_ref(&result));
                        sleeping.await.map(|_| result)
                    }))
                }
            };
            Ok(Value::Coroutine(Coroutine::new(
                Name::Builtin("sleep"),
                body,
                Rc::clone(&interp.warnings),
            )))
        }
        B::Lock => {
            no_keywords(interp, "Lock", &keywords)?;
            interp
                .locks_made
                .set(interp.locks_made.get().saturating_add(1));
            Ok(Value::Lock(Rc::new(PyLock::default())))
        }
        B::Semaphore => {
            let value = match args.first().or_else(|| keyword(&keywords, "value")) {
                Some(v) => int_arg(interp, v)?,
                None => 1,
            };
            if value < 0 {
                return Err(interp.error("ValueError", "Semaphore initial value must be >= 0"));
            }
            Ok(Value::Semaphore(Rc::new(PySemaphore::new(value))))
        }
        B::Event => Ok(Value::Event(Rc::new(PyEvent::default()))),
        B::Queue => {
            let maxsize = match args.first().or_else(|| keyword(&keywords, "maxsize")) {
                Some(v) => int_arg(interp, v)?,
                None => 0,
            };
            Ok(Value::Queue(Rc::new(PyQueue::new(maxsize))))
        }
        B::Seed => {
            let seed = match args.first() {
                Some(Value::Int(i)) => *i as i128,
                Some(Value::Bool(b)) => i128::from(*b),
                None | Some(Value::None) => 0,
                Some(other) => {
                    return Err(interp.error(
                        "TypeError",
                        format!(
                            "random.seed() takes an int in this playground, not {}",
                            other.type_name()
                        ),
                    ))
                }
            };
            *interp.random.borrow_mut() = crate::py::random::Random::seeded(seed);
            Ok(Value::None)
        }
        B::Random => Ok(Value::Float(interp.random.borrow_mut().random())),
        B::Uniform => {
            arity(interp, "uniform", &args, 2, 2)?;
            let (a, b) = (float_arg(interp, &args[0])?, float_arg(interp, &args[1])?);
            Ok(Value::Float(interp.random.borrow_mut().uniform(a, b)))
        }
        B::Randint => {
            arity(interp, "randint", &args, 2, 2)?;
            let (a, b) = (int_arg(interp, &args[0])?, int_arg(interp, &args[1])?);
            interp
                .random
                .borrow_mut()
                .randint(a, b)
                .map(Value::Int)
                .ok_or_else(|| {
                    interp.error(
                        "ValueError",
                        format!("empty range in randrange({a}, {})", b + 1),
                    )
                })
        }
        B::Randrange => {
            arity(interp, "randrange", &args, 1, 3)?;
            let ints: Vec<i64> = args.iter().map(|a| int_arg(interp, a)).collect::<R<_>>()?;
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                _ => (0, 0, 1),
            };
            interp
                .random
                .borrow_mut()
                .randrange(start, stop, step)
                .map(Value::Int)
                .ok_or_else(|| {
                    interp.error(
                        "ValueError",
                        format!("empty range in randrange({start}, {stop})"),
                    )
                })
        }
        B::Choice => {
            arity(interp, "choice", &args, 1, 1)?;
            let items = collect(interp, &args[0])?;
            match interp.random.borrow_mut().choice(items.len()) {
                Some(at) => Ok(items[at].clone()),
                None => Err(interp.error("IndexError", "Cannot choose from an empty sequence")),
            }
        }
        B::Shuffle => {
            arity(interp, "shuffle", &args, 1, 1)?;
            let Value::List(list) = &args[0] else {
                return Err(interp.error("TypeError", "shuffle() needs a list in this playground"));
            };
            interp.random.borrow_mut().shuffle(&mut list.borrow_mut());
            Ok(Value::None)
        }
        B::Monotonic => Ok(Value::Float(interp.rt.now.get())),
        B::TimeSleep => {
            // Blocks the whole loop: no other task runs meanwhile.
            arity(interp, "sleep", &args, 1, 1)?;
            let seconds = float_arg(interp, &args[0])?;
            if seconds < 0.0 {
                return Err(interp.error("ValueError", "sleep length must be non-negative"));
            }
            interp.rt.now.set(interp.rt.now.get() + seconds);
            Ok(Value::None)
        }
    }
}

pub fn call_method(
    interp: &Rc<Interp>,
    object: &Value,
    method: Method,
    args: Vec<Value>,
    keywords: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    use Method as M;
    let name = method.name();
    match (object, method) {
        (Value::List(list), M::Append) => {
            arity(interp, name, &args, 1, 1)?;
            list.borrow_mut().push(args[0].clone());
            Ok(Value::None)
        }
        (Value::List(list), M::Pop) => {
            let len = list.borrow().len() as i64;
            if len == 0 {
                return Err(interp.error("IndexError", "pop from empty list"));
            }
            let at = match args.first() {
                Some(i) => int_arg(interp, i)?,
                None => -1,
            };
            let at = if at < 0 { at + len } else { at };
            if at < 0 || at >= len {
                return Err(interp.error("IndexError", "pop index out of range"));
            }
            Ok(list.borrow_mut().remove(at as usize))
        }
        (Value::List(list), M::Extend) => {
            arity(interp, name, &args, 1, 1)?;
            let items = collect(interp, &args[0])?;
            list.borrow_mut().extend(items);
            Ok(Value::None)
        }
        (Value::List(list), M::Insert) => {
            arity(interp, name, &args, 2, 2)?;
            let len = list.borrow().len() as i64;
            let at = int_arg(interp, &args[0])?;
            let at = if at < 0 {
                (at + len).max(0)
            } else {
                at.min(len)
            };
            list.borrow_mut().insert(at as usize, args[1].clone());
            Ok(Value::None)
        }
        (Value::List(list), M::Remove) => {
            arity(interp, name, &args, 1, 1)?;
            let at = list.borrow().iter().position(|x| equal(x, &args[0]));
            match at {
                Some(at) => {
                    list.borrow_mut().remove(at);
                    Ok(Value::None)
                }
                None => Err(interp.error("ValueError", "list.remove(x): x not in list")),
            }
        }
        (Value::List(_) | Value::Tuple(_), M::Index) => {
            arity(interp, name, &args, 1, 1)?;
            let items = collect(interp, object)?;
            items
                .iter()
                .position(|x| equal(x, &args[0]))
                .map(|i| Value::Int(i as i64))
                .ok_or_else(|| {
                    interp.error("ValueError", format!("{} is not in list", args[0].repr()))
                })
        }
        (Value::List(_) | Value::Tuple(_), M::Count) => {
            arity(interp, name, &args, 1, 1)?;
            let items = collect(interp, object)?;
            Ok(Value::Int(
                items.iter().filter(|x| equal(x, &args[0])).count() as i64,
            ))
        }
        (Value::List(list), M::Sort) => {
            let mut items = list.borrow().clone();
            let reverse = keyword(&keywords, "reverse").is_some_and(Value::truthy);
            sort_values(interp, &mut items, keyword(&keywords, "key"), reverse)?;
            *list.borrow_mut() = items;
            Ok(Value::None)
        }
        (Value::List(list), M::Reverse) => {
            list.borrow_mut().reverse();
            Ok(Value::None)
        }
        (Value::List(list), M::Clear) => {
            list.borrow_mut().clear();
            Ok(Value::None)
        }
        (Value::List(list), M::Copy) => Ok(Value::list(list.borrow().clone())),
        (Value::Dict(dict), M::Get) => {
            arity(interp, name, &args, 1, 2)?;
            let key = args[0].key();
            Ok(key
                .and_then(|k| dict.borrow().get(&k).cloned())
                .unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None)))
        }
        (Value::Dict(dict), M::Keys | M::Values | M::Items) => {
            let kind = match method {
                M::Keys => ViewKind::Keys,
                M::Values => ViewKind::Values,
                _ => ViewKind::Items,
            };
            Ok(Value::View(kind, Rc::clone(dict)))
        }
        (Value::Dict(dict), M::Pop) => {
            arity(interp, name, &args, 1, 2)?;
            let key = args[0]
                .key()
                .ok_or_else(|| interp.error("TypeError", "unhashable type"))?;
            let removed = dict.borrow_mut().remove(&key);
            match (removed, args.get(1)) {
                (Some(value), _) => Ok(value),
                (None, Some(default)) => Ok(default.clone()),
                (None, None) => Err(Raise::Exception(interp.instance_of(
                    interp.exception_class("KeyError").expect("built in"),
                    vec![args[0].clone()],
                ))),
            }
        }
        (Value::Dict(dict), M::Setdefault) => {
            arity(interp, name, &args, 1, 2)?;
            let key = args[0]
                .key()
                .ok_or_else(|| interp.error("TypeError", "unhashable type"))?;
            let existing = dict.borrow().get(&key).cloned();
            match existing {
                Some(value) => Ok(value),
                None => {
                    let value = args.get(1).cloned().unwrap_or(Value::None);
                    dict.borrow_mut()
                        .insert(key, args[0].clone(), value.clone());
                    Ok(value)
                }
            }
        }
        (Value::Dict(dict), M::Update) => {
            if let Some(Value::Dict(other)) = args.first() {
                let pairs: Vec<(Value, Value)> = other
                    .borrow()
                    .items()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (k, v) in pairs {
                    ops::dict_insert(interp, &mut dict.borrow_mut(), k, v)?;
                }
            }
            for (k, v) in keywords {
                ops::dict_insert(interp, &mut dict.borrow_mut(), Value::Str(k), v)?;
            }
            Ok(Value::None)
        }
        (Value::Dict(dict), M::Clear) => {
            dict.borrow_mut().clear();
            Ok(Value::None)
        }
        (Value::Dict(dict), M::Copy) => {
            let mut copy = Dict::default();
            for (k, v) in dict.borrow().items() {
                ops::dict_insert(interp, &mut copy, k.clone(), v.clone())?;
            }
            Ok(Value::Dict(Rc::new(RefCell::new(copy))))
        }
        (Value::Str(text), _) => string_method(interp, text, method, args),
        (Value::Lock(lock), M::Acquire) => Ok(coroutine(
            interp,
            "acquire",
            sync::acquire(Rc::clone(interp), Rc::clone(lock)),
        )),
        (Value::Lock(lock), M::Release) => lock.release(interp).map(|_| Value::None),
        (Value::Lock(lock), M::Locked) => Ok(Value::Bool(lock.locked())),
        (Value::Semaphore(sem), M::Acquire) => Ok(coroutine(
            interp,
            "acquire",
            sync::acquire_semaphore(Rc::clone(interp), Rc::clone(sem)),
        )),
        (Value::Semaphore(sem), M::Release) => {
            sem.release(interp);
            Ok(Value::None)
        }
        (Value::Semaphore(sem), M::Locked) => Ok(Value::Bool(sem.locked())),
        (Value::Event(event), M::Set) => {
            event.set(interp);
            Ok(Value::None)
        }
        (Value::Event(event), M::Clear) => {
            event.value.set(false);
            Ok(Value::None)
        }
        (Value::Event(event), M::IsSet) => Ok(Value::Bool(event.value.get())),
        (Value::Event(event), M::Wait) => Ok(coroutine(
            interp,
            "wait",
            sync::wait_event(Rc::clone(interp), Rc::clone(event)),
        )),
        (Value::Queue(queue), M::Put) => {
            arity(interp, name, &args, 1, 1)?;
            Ok(coroutine(
                interp,
                "put",
                sync::put(Rc::clone(interp), Rc::clone(queue), args[0].clone()),
            ))
        }
        (Value::Queue(queue), M::Get) => Ok(coroutine(
            interp,
            "get",
            sync::get(Rc::clone(interp), Rc::clone(queue)),
        )),
        (Value::Queue(queue), M::PutNowait) => {
            arity(interp, name, &args, 1, 1)?;
            queue.put_nowait(interp, args[0].clone())
        }
        (Value::Queue(queue), M::GetNowait) => queue.get_nowait(interp),
        (Value::Queue(queue), M::Qsize) => Ok(Value::Int(queue.items.borrow().len() as i64)),
        (Value::Queue(queue), M::Empty) => Ok(Value::Bool(queue.items.borrow().is_empty())),
        (Value::Queue(queue), M::Full) => Ok(Value::Bool(queue.full())),
        (Value::Queue(queue), M::TaskDone) => queue.task_done(interp),
        (Value::Queue(queue), M::Wait) => Ok(coroutine(
            interp,
            "join",
            sync::wait_event(Rc::clone(interp), queue.finished_event()),
        )),
        // `super().__init__(...)` reaching Exception's or object's own.
        (Value::Instance(instance), M::InitException) => {
            instance.set("args", Value::Tuple(args.into()));
            Ok(Value::None)
        }
        (Value::Instance(_), M::InitObject) => {
            if args.is_empty() && keywords.is_empty() {
                Ok(Value::None)
            } else {
                Err(interp.error(
                    "TypeError",
                    "object.__init__() takes exactly one argument (the instance to initialize)",
                ))
            }
        }
        (Value::Future(fut), M::Done) => Ok(Value::Bool(fut.done())),
        (Value::Future(fut), M::Cancelled) => Ok(Value::Bool(fut.cancelled())),
        (Value::Future(fut), M::Result) => sync::result_of(interp, fut),
        (Value::Future(fut), M::Cancel) => Ok(Value::Bool(cancel_future(&interp.rt, fut))),
        (Value::Future(fut), M::GetName) => Ok(Value::str(
            &fut.task.as_ref().map(|t| t.name()).unwrap_or_default(),
        )),
        _ => Err(interp.error(
            "AttributeError",
            format!("'{}' object has no attribute '{name}'", object.type_name()),
        )),
    }
}

fn string_method(interp: &Rc<Interp>, text: &str, method: Method, args: Vec<Value>) -> R<Value> {
    use Method as M;
    let str_arg = |at: usize| -> R<String> {
        match args.get(at) {
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(interp.error(
                "TypeError",
                format!("must be str, not {}", other.type_name()),
            )),
            None => Err(interp.error(
                "TypeError",
                format!("{}() takes at least {} argument", method.name(), at + 1),
            )),
        }
    };
    Ok(match method {
        M::Join => {
            let items = collect(interp, args.first().unwrap_or(&Value::None))?;
            let mut words = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Str(s) => words.push(s.to_string()),
                    other => {
                        return Err(interp.error(
                            "TypeError",
                            format!(
                                "sequence item {i}: expected str instance, {} found",
                                other.type_name()
                            ),
                        ))
                    }
                }
            }
            Value::str(&words.join(text))
        }
        M::Split => {
            let parts: Vec<Value> = match args.first() {
                None | Some(Value::None) => text.split_whitespace().map(Value::str).collect(),
                Some(_) => {
                    let separator = str_arg(0)?;
                    if separator.is_empty() {
                        return Err(interp.error("ValueError", "empty separator"));
                    }
                    text.split(separator.as_str()).map(Value::str).collect()
                }
            };
            Value::list(parts)
        }
        M::Upper => Value::str(&super::case::upper(text)),
        M::Lower => Value::str(&super::case::lower(text)),
        M::Strip => Value::str(text.trim()),
        M::Startswith => Value::Bool(text.starts_with(str_arg(0)?.as_str())),
        M::Endswith => Value::Bool(text.ends_with(str_arg(0)?.as_str())),
        M::Replace => Value::str(&text.replace(str_arg(0)?.as_str(), &str_arg(1)?)),
        M::Count => Value::Int(text.matches(str_arg(0)?.as_str()).count() as i64),
        M::Index => match text.find(str_arg(0)?.as_str()) {
            Some(at) => Value::Int(text[..at].chars().count() as i64),
            None => return Err(interp.error("ValueError", "substring not found")),
        },
        M::Format => {
            let mut out = String::new();
            let mut next = 0;
            let mut rest = text;
            while let Some(open) = rest.find('{') {
                out.push_str(&rest[..open]);
                let Some(close) = rest[open..].find('}') else {
                    return Err(
                        interp.error("ValueError", "Single '{' encountered in format string")
                    );
                };
                let field = &rest[open + 1..open + close];
                let (index, spec) = field.split_once(':').unwrap_or((field, ""));
                let at = if index.is_empty() {
                    next += 1;
                    next - 1
                } else {
                    index.parse().map_err(|_| interp.error("KeyError", index))?
                };
                let value = args.get(at).ok_or_else(|| {
                    interp.error(
                        "IndexError",
                        format!("Replacement index {at} out of range for positional args tuple"),
                    )
                })?;
                out.push_str(&ops::format_part(interp, value, spec, false)?);
                rest = &rest[open + close + 1..];
            }
            out.push_str(rest);
            Value::str(&out)
        }
        _ => {
            return Err(interp.error(
                "AttributeError",
                format!("'str' object has no attribute '{}'", method.name()),
            ))
        }
    })
}
