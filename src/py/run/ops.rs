//! Python's operators on the interpreter's values: arithmetic with
//! CPython's rules (true division gives a float, `//` and `%` floor,
//! integers never wrap), comparisons, indexing, iteration, formatting.

use std::rc::Rc;

use super::interp::{Interp, R};
use super::value::{range_len, Dict, Value};
use crate::py::ast::{BinOp, CmpOp, UnaryOp};

fn overflow(interp: &Interp) -> super::interp::Raise {
    interp.error(
        "OverflowError",
        "this playground's integers stop at 9,223,372,036,854,775,807",
    )
}

fn symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Pow => "** or pow()",
        BinOp::LShift => "<<",
        BinOp::RShift => ">>",
        BinOp::BitAnd => "&",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
    }
}

/// A number as an integer (bools are ints), if it is one.
fn int_of(value: &Value) -> Option<i64> {
    match value {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn float_of(value: &Value) -> Option<f64> {
    match value {
        Value::Float(f) => Some(*f),
        other => int_of(other).map(|i| i as f64),
    }
}

pub fn binary(interp: &Interp, left: Value, op: BinOp, right: Value) -> R<Value> {
    if let (Some(a), Some(b)) = (int_of(&left), int_of(&right)) {
        return int_binary(interp, a, op, b);
    }
    if let (Some(a), Some(b)) = (float_of(&left), float_of(&right)) {
        return float_binary(interp, a, op, b);
    }
    match (&left, op, &right) {
        (Value::Str(a), BinOp::Add, Value::Str(b)) => Ok(Value::str(&format!("{a}{b}"))),
        (Value::List(a), BinOp::Add, Value::List(b)) => {
            let mut items = a.borrow().clone();
            items.extend(b.borrow().iter().cloned());
            Ok(Value::list(items))
        }
        (Value::Tuple(a), BinOp::Add, Value::Tuple(b)) => {
            Ok(Value::Tuple(a.iter().chain(b.iter()).cloned().collect()))
        }
        (Value::Str(_) | Value::List(_) | Value::Tuple(_), BinOp::Mul, n)
        | (n, BinOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_))
            if int_of(n).is_some() =>
        {
            let (sequence, count) = if int_of(&left).is_some() {
                (&right, int_of(&left))
            } else {
                (&left, int_of(&right))
            };
            let count = count.unwrap_or(0).max(0) as usize;
            repeat(interp, sequence, count)
        }
        (Value::Str(format), BinOp::Mod, args) => percent_format(interp, format, args),
        (Value::Str(_) | Value::List(_) | Value::Tuple(_), BinOp::Add, other) => Err(interp.error(
            "TypeError",
            format!(
                "can only concatenate {} (not \"{}\") to {}",
                left.type_name(),
                other.type_name(),
                left.type_name()
            ),
        )),
        _ => Err(interp.error(
            "TypeError",
            format!(
                "unsupported operand type(s) for {}: '{}' and '{}'",
                symbol(op),
                left.type_name(),
                right.type_name()
            ),
        )),
    }
}

fn repeat(interp: &Interp, sequence: &Value, count: usize) -> R<Value> {
    let size = match sequence {
        Value::Str(s) => s.len(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        _ => 0,
    };
    if size.saturating_mul(count) > 10_000_000 {
        return Err(interp.error(
            "MemoryError",
            "that sequence would be too big for this playground",
        ));
    }
    Ok(match sequence {
        Value::Str(s) => Value::str(&s.repeat(count)),
        Value::List(l) => {
            let items = l.borrow();
            Value::list((0..count).flat_map(|_| items.iter().cloned()).collect())
        }
        Value::Tuple(t) => Value::Tuple((0..count).flat_map(|_| t.iter().cloned()).collect()),
        other => other.clone(),
    })
}

fn int_binary(interp: &Interp, a: i64, op: BinOp, b: i64) -> R<Value> {
    let zero = || interp.error("ZeroDivisionError", "division by zero");
    let result = match op {
        BinOp::Add => a.checked_add(b),
        BinOp::Sub => a.checked_sub(b),
        BinOp::Mul => a.checked_mul(b),
        BinOp::Div => {
            if b == 0 {
                return Err(zero());
            }
            return Ok(Value::Float(a as f64 / b as f64));
        }
        BinOp::FloorDiv => {
            if b == 0 {
                return Err(interp.error("ZeroDivisionError", "integer division or modulo by zero"));
            }
            // Floor, as Python divides: round toward minus infinity.
            a.checked_div(b).map(|q| {
                if a % b != 0 && ((a < 0) != (b < 0)) {
                    q - 1
                } else {
                    q
                }
            })
        }
        BinOp::Mod => {
            if b == 0 {
                return Err(interp.error("ZeroDivisionError", "integer modulo by zero"));
            }
            a.checked_rem(b).map(|r| {
                if r != 0 && (r < 0) != (b < 0) {
                    r + b
                } else {
                    r
                }
            })
        }
        BinOp::Pow => {
            if b < 0 {
                return Ok(Value::Float((a as f64).powf(b as f64)));
            }
            u32::try_from(b).ok().and_then(|b| a.checked_pow(b))
        }
        BinOp::LShift => {
            if b < 0 {
                return Err(interp.error("ValueError", "negative shift count"));
            }
            u32::try_from(b)
                .ok()
                .and_then(|b| a.checked_shl(b))
                .filter(|r| r >> b.min(63) == a)
        }
        BinOp::RShift => {
            if b < 0 {
                return Err(interp.error("ValueError", "negative shift count"));
            }
            Some(a >> b.min(63))
        }
        BinOp::BitAnd => Some(a & b),
        BinOp::BitOr => Some(a | b),
        BinOp::BitXor => Some(a ^ b),
    };
    result.map(Value::Int).ok_or_else(|| overflow(interp))
}

fn float_binary(interp: &Interp, a: f64, op: BinOp, b: f64) -> R<Value> {
    let zero = |what: &str| interp.error("ZeroDivisionError", what);
    Ok(Value::Float(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => {
            if b == 0.0 {
                return Err(zero("float division by zero"));
            }
            a / b
        }
        BinOp::FloorDiv => {
            if b == 0.0 {
                return Err(zero("float floor division by zero"));
            }
            (a / b).floor()
        }
        BinOp::Mod => {
            if b == 0.0 {
                return Err(zero("float modulo"));
            }
            let r = a % b;
            if r != 0.0 && (r < 0.0) != (b < 0.0) {
                r + b
            } else {
                r
            }
        }
        BinOp::Pow => a.powf(b),
        _ => {
            return Err(interp.error(
                "TypeError",
                format!(
                    "unsupported operand type(s) for {}: 'float' and 'float'",
                    symbol(op)
                ),
            ))
        }
    }))
}

/// `x op= y`: lists extend in place, as `list.__iadd__` does.
pub fn augmented(interp: &Interp, current: Value, op: BinOp, operand: Value) -> R<Value> {
    if let (Value::List(list), BinOp::Add) = (&current, op) {
        let items = collect(interp, &operand)?;
        list.borrow_mut().extend(items);
        return Ok(current);
    }
    binary(interp, current, op, operand)
}

pub fn unary(interp: &Interp, op: UnaryOp, operand: Value) -> R<Value> {
    match (op, &operand) {
        (UnaryOp::Not, v) => Ok(Value::Bool(!v.truthy())),
        (UnaryOp::Neg, v) if int_of(v).is_some() => int_of(v)
            .and_then(i64::checked_neg)
            .map(Value::Int)
            .ok_or_else(|| overflow(interp)),
        (UnaryOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
        (UnaryOp::Pos, v) if int_of(v).is_some() => Ok(Value::Int(int_of(v).unwrap_or(0))),
        (UnaryOp::Pos, Value::Float(f)) => Ok(Value::Float(*f)),
        (UnaryOp::Invert, v) if int_of(v).is_some() => Ok(Value::Int(!int_of(v).unwrap_or(0))),
        _ => {
            let name = match op {
                UnaryOp::Neg => "unary -",
                UnaryOp::Pos => "unary +",
                UnaryOp::Invert => "unary ~",
                UnaryOp::Not => "not",
            };
            Err(interp.error(
                "TypeError",
                format!("bad operand type for {name}: '{}'", operand.type_name()),
            ))
        }
    }
}

/// Python's `==`.
pub fn equal(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (float_of(a), float_of(b)) {
        return x == y && int_of(a).zip(int_of(b)).is_none_or(|(i, j)| i == j);
    }
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equal(p, q))
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equal(p, q))
        }
        (Value::Dict(x), Value::Dict(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.items()
                    .all(|(k, v)| k.key().and_then(|k| y.get(&k)).is_some_and(|w| equal(v, w)))
        }
        (Value::Range(..), Value::Range(..)) => {
            range_len(a) == range_len(b) && collect_range(a) == collect_range(b)
        }
        _ => a.identity() == b.identity() && a.type_name() == b.type_name(),
    }
}

fn collect_range(range: &Value) -> Vec<i64> {
    let Value::Range(bounds) = range else {
        return Vec::new();
    };
    let [start, _, step] = **bounds;
    (0..range_len(range)).map(|i| start + i * step).collect()
}

/// `a < b` and friends, for numbers, strings and sequences.
fn order(interp: &Interp, a: &Value, b: &Value, op: CmpOp) -> R<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if let (Some(x), Some(y)) = (int_of(a), int_of(b)) {
        return Ok(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (float_of(a), float_of(b)) {
        return Ok(x.partial_cmp(&y).unwrap_or(Ordering::Equal));
    }
    let sequence = |x: &[Value], y: &[Value]| -> R<Ordering> {
        for (p, q) in x.iter().zip(y) {
            if !equal(p, q) {
                return order(interp, p, q, op);
            }
        }
        Ok(x.len().cmp(&y.len()))
    };
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Ok(x.cmp(y)),
        (Value::Tuple(x), Value::Tuple(y)) => sequence(x, y),
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            sequence(&x, &y)
        }
        _ => {
            let symbol = match op {
                CmpOp::Lt => "<",
                CmpOp::LtE => "<=",
                CmpOp::Gt => ">",
                _ => ">=",
            };
            Err(interp.error(
                "TypeError",
                format!(
                    "'{symbol}' not supported between instances of '{}' and '{}'",
                    a.type_name(),
                    b.type_name()
                ),
            ))
        }
    }
}

pub fn less(interp: &Interp, a: &Value, b: &Value) -> R<bool> {
    Ok(order(interp, a, b, CmpOp::Lt)? == std::cmp::Ordering::Less)
}

/// The order that sorts `len` items stably by `less` on their indices (a
/// bottom-up merge sort). Every sort in the interpreter goes through this
/// one function, so the bundle holds one sort, not one per element type.
pub fn stable_order(len: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = order.clone();
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                // Equal items keep their order: the right one goes first only if less.
                if right < end && (left >= middle || less(order[right], order[left])) {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// `items` sorted stably by `less`.
pub fn sorted_by<T: Clone>(items: &[T], less: &mut dyn FnMut(&T, &T) -> bool) -> Vec<T> {
    stable_order(items.len(), &mut |a, b| less(&items[a], &items[b]))
        .into_iter()
        .map(|at| items[at].clone())
        .collect()
}

pub fn compare(interp: &Interp, a: &Value, op: CmpOp, b: &Value) -> R<bool> {
    use std::cmp::Ordering::*;
    Ok(match op {
        CmpOp::Eq => equal(a, b),
        CmpOp::NotEq => !equal(a, b),
        CmpOp::Lt => order(interp, a, b, op)? == Less,
        CmpOp::LtE => order(interp, a, b, op)? != Greater,
        CmpOp::Gt => order(interp, a, b, op)? == Greater,
        CmpOp::GtE => order(interp, a, b, op)? != Less,
        CmpOp::Is => identical(a, b),
        CmpOp::IsNot => !identical(a, b),
        CmpOp::In => contains(interp, b, a)?,
        CmpOp::NotIn => !contains(interp, b, a)?,
    })
}

fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::None | Value::Bool(_), _) | (_, Value::None | Value::Bool(_)) => false,
        _ => a.identity() == b.identity() && a.type_name() == b.type_name(),
    }
}

fn contains(interp: &Interp, container: &Value, item: &Value) -> R<bool> {
    match container {
        Value::Str(s) => match item {
            Value::Str(needle) => Ok(s.contains(&**needle)),
            other => Err(interp.error(
                "TypeError",
                format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ),
            )),
        },
        Value::Dict(d) | Value::View(super::value::ViewKind::Keys, d) => {
            Ok(item.key().is_some_and(|k| d.borrow().get(&k).is_some()))
        }
        other => Ok(collect(interp, other)?.iter().any(|x| equal(x, item))),
    }
}

/// A slice's bounds, kept as a tuple tagged by a range's step of 0.
pub fn slice_value(parts: Vec<Value>) -> Value {
    Value::Tuple(std::iter::once(Value::str(" slice")).chain(parts).collect())
}

fn as_slice(index: &Value) -> Option<[Value; 3]> {
    match index {
        Value::Tuple(t) if t.len() == 4 && matches!(&t[0], Value::Str(s) if &**s == " slice") => {
            Some([t[1].clone(), t[2].clone(), t[3].clone()])
        }
        _ => None,
    }
}

fn slice_indices(interp: &Interp, bounds: &[Value; 3], len: i64) -> R<Vec<usize>> {
    let step = match &bounds[2] {
        Value::None => 1,
        v => int_of(v)
            .ok_or_else(|| interp.error("TypeError", "slice indices must be integers or None"))?,
    };
    if step == 0 {
        return Err(interp.error("ValueError", "slice step cannot be zero"));
    }
    let bound = |v: &Value, default: i64| -> R<i64> {
        match v {
            Value::None => Ok(default),
            v => {
                let i = int_of(v).ok_or_else(|| {
                    interp.error("TypeError", "slice indices must be integers or None")
                })?;
                let i = if i < 0 { i + len } else { i };
                Ok(if step > 0 {
                    i.clamp(0, len)
                } else {
                    i.clamp(-1, len - 1)
                })
            }
        }
    };
    let (start, stop) = if step > 0 {
        (bound(&bounds[0], 0)?, bound(&bounds[1], len)?)
    } else {
        (bound(&bounds[0], len - 1)?, bound(&bounds[1], -1)?)
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Ok(out)
}

fn index_in(interp: &Interp, index: &Value, len: usize, what: &str) -> R<usize> {
    let i = int_of(index).ok_or_else(|| {
        interp.error(
            "TypeError",
            format!(
                "{what} indices must be integers or slices, not {}",
                index.type_name()
            ),
        )
    })?;
    let at = if i < 0 { i + len as i64 } else { i };
    if at < 0 || at >= len as i64 {
        return Err(interp.error("IndexError", format!("{what} index out of range")));
    }
    Ok(at as usize)
}

pub fn subscript(interp: &Interp, object: &Value, index: &Value) -> R<Value> {
    match object {
        Value::List(items) => {
            let items = items.borrow();
            if let Some(bounds) = as_slice(index) {
                let picked = slice_indices(interp, &bounds, items.len() as i64)?;
                return Ok(Value::list(
                    picked.into_iter().map(|i| items[i].clone()).collect(),
                ));
            }
            Ok(items[index_in(interp, index, items.len(), "list")?].clone())
        }
        Value::Tuple(items) => {
            if let Some(bounds) = as_slice(index) {
                let picked = slice_indices(interp, &bounds, items.len() as i64)?;
                return Ok(Value::Tuple(
                    picked.into_iter().map(|i| items[i].clone()).collect(),
                ));
            }
            Ok(items[index_in(interp, index, items.len(), "tuple")?].clone())
        }
        Value::Str(text) => {
            let chars: Vec<char> = text.chars().collect();
            if let Some(bounds) = as_slice(index) {
                let picked = slice_indices(interp, &bounds, chars.len() as i64)?;
                return Ok(Value::str(
                    &picked.into_iter().map(|i| chars[i]).collect::<String>(),
                ));
            }
            let at = index_in(interp, index, chars.len(), "string")?;
            Ok(Value::str(&chars[at].to_string()))
        }
        Value::Range(bounds) => {
            let at = index_in(interp, index, range_len(object) as usize, "range object")?;
            Ok(Value::Int(bounds[0] + at as i64 * bounds[2]))
        }
        Value::Dict(dict) => {
            let key = hash_key(interp, index)?;
            dict.borrow()
                .get(&key)
                .cloned()
                .ok_or_else(|| key_error(interp, index))
        }
        other => Err(interp.error(
            "TypeError",
            format!("'{}' object is not subscriptable", other.type_name()),
        )),
    }
}

fn key_error(interp: &Interp, key: &Value) -> super::interp::Raise {
    super::interp::Raise::Exception(
        interp.instance_of(
            interp
                .exception_class("KeyError")
                .expect("KeyError is built in"),
            vec![key.clone()],
        ),
    )
}

fn hash_key(interp: &Interp, value: &Value) -> R<super::value::Key> {
    value.key().ok_or_else(|| {
        interp.error(
            "TypeError",
            format!("unhashable type: '{}'", value.type_name()),
        )
    })
}

pub fn dict_insert(interp: &Interp, dict: &mut Dict, key: Value, value: Value) -> R<()> {
    let hashed = hash_key(interp, &key)?;
    dict.insert(hashed, key, value);
    Ok(())
}

pub fn set_item(interp: &Interp, object: &Value, index: Value, value: Value) -> R<()> {
    match object {
        Value::List(items) => {
            let len = items.borrow().len();
            let at = index_in(interp, &index, len, "list assignment")?;
            items.borrow_mut()[at] = value;
            Ok(())
        }
        Value::Dict(dict) => dict_insert(interp, &mut dict.borrow_mut(), index, value),
        other => Err(interp.error(
            "TypeError",
            format!(
                "'{}' object does not support item assignment",
                other.type_name()
            ),
        )),
    }
}

pub fn delete_item(interp: &Interp, object: &Value, index: &Value) -> R<()> {
    match object {
        Value::List(items) => {
            let len = items.borrow().len();
            let at = index_in(interp, index, len, "list assignment")?;
            items.borrow_mut().remove(at);
            Ok(())
        }
        Value::Dict(dict) => {
            let key = hash_key(interp, index)?;
            dict.borrow_mut()
                .remove(&key)
                .map(|_| ())
                .ok_or_else(|| key_error(interp, index))
        }
        other => Err(interp.error(
            "TypeError",
            format!(
                "'{}' object doesn't support item deletion",
                other.type_name()
            ),
        )),
    }
}

/// A `for` loop's source of items: a list is read as it stands at each
/// step (appending while iterating is seen), as Python's iterator does.
pub enum Items {
    List(Rc<std::cell::RefCell<Vec<Value>>>, usize),
    Range(i64, i64, i64),
    Values(std::vec::IntoIter<Value>),
}

impl Items {
    pub fn next_item(&mut self) -> Option<Value> {
        match self {
            Items::List(list, at) => {
                let item = list.borrow().get(*at).cloned();
                *at += 1;
                item
            }
            Items::Range(next, stop, step) => {
                if (*step > 0 && *next < *stop) || (*step < 0 && *next > *stop) {
                    let item = *next;
                    *next += *step;
                    Some(Value::Int(item))
                } else {
                    None
                }
            }
            Items::Values(values) => values.next(),
        }
    }
}

/// Whether `for` can go over `value`.
pub fn is_iterable(value: &Value) -> bool {
    matches!(
        value,
        Value::List(_)
            | Value::Range(_)
            | Value::Tuple(_)
            | Value::Str(_)
            | Value::Dict(_)
            | Value::View(..)
    )
}

pub fn iterate(interp: &Interp, value: &Value) -> R<Items> {
    Ok(match value {
        Value::List(list) => Items::List(Rc::clone(list), 0),
        Value::Range(bounds) => Items::Range(bounds[0], bounds[1], bounds[2]),
        Value::Tuple(items) => Items::Values(items.iter().cloned().collect::<Vec<_>>().into_iter()),
        Value::Str(text) => Items::Values(
            text.chars()
                .map(|c| Value::str(&c.to_string()))
                .collect::<Vec<_>>()
                .into_iter(),
        ),
        Value::Dict(dict) => Items::Values(
            dict.borrow()
                .items()
                .map(|(k, _)| k.clone())
                .collect::<Vec<_>>()
                .into_iter(),
        ),
        Value::View(kind, dict) => Items::Values(kind.items(&dict.borrow()).into_iter()),
        other => {
            return Err(interp.error(
                "TypeError",
                format!("'{}' object is not iterable", other.type_name()),
            ))
        }
    })
}

pub fn collect(interp: &Interp, value: &Value) -> R<Vec<Value>> {
    if let Value::Range(..) = value {
        if range_len(value) > 10_000_000 {
            return Err(interp.error("MemoryError", "that range is too long for this playground"));
        }
    }
    let mut items = iterate(interp, value)?;
    let mut out = Vec::with_capacity(length_hint(value));
    while let Some(item) = items.next_item() {
        out.push(item);
    }
    Ok(out)
}

/// How many items iterating `value` will give, where that is known at
/// once (`operator.length_hint`), capped: room to reserve, not a promise.
pub fn length_hint(value: &Value) -> usize {
    let known = match value {
        Value::List(items) => items.borrow().len(),
        Value::Tuple(items) => items.len(),
        Value::Range(..) => usize::try_from(super::value::range_len(value)).unwrap_or(0),
        _ => 0,
    };
    known.min(1 << 16)
}

pub fn keyword_pairs(interp: &Interp, mapping: &Value) -> R<Vec<(Rc<str>, Value)>> {
    let Value::Dict(dict) = mapping else {
        return Err(interp.error(
            "TypeError",
            format!(
                "argument after ** must be a mapping, not {}",
                mapping.type_name()
            ),
        ));
    };
    dict.borrow()
        .items()
        .map(|(k, v)| match k {
            Value::Str(name) => Ok((Rc::clone(name), v.clone())),
            _ => Err(interp.error("TypeError", "keywords must be strings")),
        })
        .collect()
}

/// `"%d items" % n`: the common conversions.
fn percent_format(interp: &Interp, format: &str, args: &Value) -> R<Value> {
    let args = match args {
        Value::Tuple(items) => items.to_vec(),
        one => vec![one.clone()],
    };
    let mut args = args.into_iter();
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&next) = chars.peek() {
            chars.next();
            if next.is_ascii_alphabetic() || next == '%' {
                spec.push(next);
                break;
            }
            spec.push(next);
        }
        if spec == "%" {
            out.push('%');
            continue;
        }
        let conversion = spec.pop().unwrap_or('s');
        let value = args
            .next()
            .ok_or_else(|| interp.error("TypeError", "not enough arguments for format string"))?;
        let spec = match conversion {
            'd' | 'i' => format!("{spec}d"),
            'f' | 'e' | 'g' | 'x' | 'o' => format!("{spec}{conversion}"),
            'r' => {
                out.push_str(&value.repr());
                continue;
            }
            _ => spec,
        };
        let spec = spec.replace('-', "<");
        out.push_str(&format_part(interp, &value, &spec, false)?);
    }
    Ok(Value::str(&out))
}

/// One `{value:spec}` of an f-string (or `format(value, spec)`).
pub fn format_part(interp: &Interp, value: &Value, spec: &str, repr: bool) -> R<String> {
    if repr {
        return super::format::apply(interp, &Value::str(&value.repr()), spec);
    }
    if spec.is_empty() {
        return Ok(value.to_str());
    }
    super::format::apply(interp, value, spec)
}
