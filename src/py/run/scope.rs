//! Where a name lives, decided as CPython's compiler decides it: a name
//! assigned anywhere in a function is local to it (unless declared `global`
//! or `nonlocal`); any other name is looked up in the enclosing functions,
//! then the module, then the built-ins.

use super::hash::{FastMap, FastSet};
use std::cell::RefCell;
use std::rc::Rc;

use super::value::Value;
use crate::py::ast::{Expr, ExprKind, FunctionDef, Stmt, StmtKind};

/// What a function's body says of its names.
#[derive(Default, Debug)]
pub struct ScopeInfo {
    pub locals: FastSet<String>,
    pub globals: FastSet<String>,
    pub nonlocals: FastSet<String>,
    /// Each name's place, found with one lookup: a local's slot, or where
    /// else to look.
    kinds: FastMap<String, Kind>,
    /// The local names, by slot.
    pub slot_names: Vec<String>,
    /// A class body's scope (its functions are methods).
    pub is_class: bool,
    /// Whether the positional parameters are locals at slots 0, 1, ...
    /// (a call binds them without looking their names up).
    pub params_in_order: bool,
}

/// The slot that means "a module global".
const GLOBAL: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Local(u32),
    Global,
    Nonlocal,
}

/// Where `name` lives seen from the first of `infos` (a scope, then the
/// function scopes around it, innermost first): how many scopes out and its
/// slot there, or `None` for a module global. The compiler asks this of a
/// chain it knows statically; a running scope of its chain of parents.
pub fn resolve_through<'a>(
    infos: impl Iterator<Item = &'a ScopeInfo>,
    name: &str,
) -> Option<(u32, u32)> {
    for (depth, info) in infos.enumerate() {
        match info.kinds.get(name).copied() {
            Some(Kind::Global) => return None,
            Some(Kind::Local(slot)) => return Some((depth as u32, slot)),
            // Declared nonlocal here, or not named: look outside.
            Some(Kind::Nonlocal) | None => {}
        }
    }
    None
}

impl ScopeInfo {
    pub fn of_function(def: &FunctionDef) -> ScopeInfo {
        let mut info = ScopeInfo::default();
        // The parameters first, in order: their slots are 0, 1, ...
        let params = def.params.positional.iter().chain(&def.params.keyword_only);
        let mut names: Vec<String> = params.map(|p| p.name.clone()).collect();
        names.extend(def.params.star.iter().cloned());
        names.extend(def.params.double_star.iter().cloned());
        info.locals.extend(names.iter().cloned());
        info.collect(&def.body);
        for name in info.globals.iter().chain(&info.nonlocals) {
            info.locals.remove(name);
        }
        let mut info = info.number(names);
        info.params_in_order = (def.params.positional.iter().enumerate())
            .all(|(at, param)| info.slot(&param.name) == Some(at));
        info
    }

    /// The names a class body binds, and a hidden one for the class's name.
    pub fn of_body(body: &[Stmt], class_name: &str) -> ScopeInfo {
        let mut info = ScopeInfo {
            is_class: true,
            ..ScopeInfo::default()
        };
        info.collect(body);
        info.locals.insert(class_name.to_string());
        info.number(Vec::new())
    }

    /// The scope of a comprehension: its loop variables.
    pub fn of_targets<'a>(targets: impl Iterator<Item = &'a Expr>) -> ScopeInfo {
        let mut info = ScopeInfo::default();
        for target in targets {
            info.target(target);
        }
        info.number(Vec::new())
    }

    /// Gives every local a slot (`first` in order).
    fn number(mut self, first: Vec<String>) -> ScopeInfo {
        let mut order: Vec<String> = Vec::new();
        for name in first {
            if !order.contains(&name) {
                order.push(name);
            }
        }
        let rest: Vec<&String> = self.locals.iter().filter(|n| !order.contains(n)).collect();
        let rest: Vec<String> = super::ops::sorted_by(&rest, &mut |a, b| a < b)
            .into_iter()
            .cloned()
            .collect();
        order.extend(rest);
        for (slot, name) in order.iter().enumerate() {
            self.kinds.insert(name.clone(), Kind::Local(slot as u32));
        }
        for name in &self.globals {
            self.kinds.insert(name.clone(), Kind::Global);
        }
        for name in &self.nonlocals {
            self.kinds.insert(name.clone(), Kind::Nonlocal);
        }
        self.slot_names = order;
        self
    }

    /// A local's slot.
    pub fn slot(&self, name: &str) -> Option<usize> {
        match self.kinds.get(name) {
            Some(Kind::Local(slot)) => Some(*slot as usize),
            _ => None,
        }
    }

    fn collect(&mut self, body: &[Stmt]) {
        for stmt in body {
            match &stmt.kind {
                StmtKind::Assign(targets, _) => targets.iter().for_each(|t| self.target(t)),
                StmtKind::AugAssign(target, _, _) => self.target(target),
                StmtKind::Del(targets) => targets.iter().for_each(|t| self.target(t)),
                StmtKind::Global(names) => self.globals.extend(names.iter().cloned()),
                StmtKind::Nonlocal(names) => self.nonlocals.extend(names.iter().cloned()),
                StmtKind::Import(bound) | StmtKind::ImportFrom(_, bound) => {
                    self.locals
                        .extend(bound.iter().map(|(_, name)| name.clone()));
                }
                StmtKind::If(_, body, orelse) | StmtKind::While(_, body, orelse) => {
                    self.collect(body);
                    self.collect(orelse);
                }
                StmtKind::For(target, _, body, orelse) => {
                    self.target(target);
                    self.collect(body);
                    self.collect(orelse);
                }
                StmtKind::With(items, body, _) => {
                    for (_, target) in items {
                        if let Some(target) = target {
                            self.target(target);
                        }
                    }
                    self.collect(body);
                }
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    self.collect(body);
                    for handler in handlers {
                        self.locals.extend(handler.name.iter().cloned());
                        self.collect(&handler.body);
                    }
                    self.collect(orelse);
                    self.collect(finally);
                }
                StmtKind::FunctionDef(def) => {
                    self.locals.insert(def.name.clone());
                }
                StmtKind::ClassDef { name, .. } => {
                    self.locals.insert(name.clone());
                }
                _ => {}
            }
        }
    }

    fn target(&mut self, target: &Expr) {
        match &target.kind {
            ExprKind::Name(name) => {
                self.locals.insert(name.id.clone());
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().for_each(|t| self.target(t));
            }
            ExprKind::Starred(inner) => self.target(inner),
            _ => {}
        }
    }
}

/// One call's local variables (one slot each), and the function scopes
/// around it.
pub struct Scope {
    pub vars: RefCell<Slots>,
    pub info: Rc<ScopeInfo>,
    pub parent: Option<Rc<Scope>>,
    /// For a method's call: the class it was defined in (what `super()`
    /// starts looking after), and the slot of its first parameter (the
    /// instance).
    pub owner: RefCell<Option<(std::rc::Weak<super::value::Class>, usize)>>,
}

/// How many local variables a scope keeps inside itself: most functions
/// have no more, so a call makes one allocation, not two.
const INLINE: usize = 4;

/// A scope's slots, one per local variable: inside the scope when they
/// are few, else on the heap. Used as a slice.
pub enum Slots {
    Inline {
        len: u8,
        slots: [Option<Value>; INLINE],
    },
    Heap(Vec<Option<Value>>),
}

impl Slots {
    fn new(len: usize) -> Self {
        if len <= INLINE {
            Slots::Inline {
                len: len as u8,
                slots: Default::default(),
            }
        } else {
            Slots::Heap(vec![None; len])
        }
    }
}

impl std::ops::Deref for Slots {
    type Target = [Option<Value>];

    fn deref(&self) -> &Self::Target {
        match self {
            Slots::Inline { len, slots } => &slots[..usize::from(*len)],
            Slots::Heap(slots) => slots,
        }
    }
}

impl std::ops::DerefMut for Slots {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            Slots::Inline { len, slots } => &mut slots[..usize::from(*len)],
            Slots::Heap(slots) => slots,
        }
    }
}

/// Where a name was found.
pub enum Place {
    /// In this scope or an enclosing function's, at this slot.
    Local(Rc<Scope>, usize),
    Global,
}

impl Scope {
    pub fn new(info: Rc<ScopeInfo>, parent: Option<Rc<Scope>>) -> Rc<Scope> {
        Rc::new(Scope {
            vars: RefCell::new(Slots::new(info.slot_names.len())),
            info,
            parent,
            owner: RefCell::new(None),
        })
    }

    /// Where `name` is read from or written to, from this scope.
    pub fn place(self: &Rc<Self>, name: &str) -> Place {
        let (depth, slot) = self.resolve(name);
        if slot == GLOBAL {
            return Place::Global;
        }
        let mut scope = Rc::clone(self);
        for _ in 0..depth {
            match scope.parent.clone() {
                Some(parent) => scope = parent,
                None => return Place::Global,
            }
        }
        Place::Local(scope, slot as usize)
    }

    /// How many scopes out `name` lives, and its slot there (or [`GLOBAL`]).
    fn resolve(&self, name: &str) -> (u32, u32) {
        let chain = std::iter::successors(Some(self), |scope| scope.parent.as_deref());
        resolve_through(chain.map(|scope| &*scope.info), name).unwrap_or((0, GLOBAL))
    }
}

/// A function as `def` made it: its code, its defaults, the scope it closes over.
pub struct Function {
    pub def: Rc<FunctionDef>,
    /// `def.name`, shared with every coroutine the function makes.
    pub name: Rc<str>,
    /// `Account.__init__` for a method: what CPython's messages name.
    pub qualname: String,
    /// The class a method was defined in, set when its class is made.
    pub owner: RefCell<Option<std::rc::Weak<super::value::Class>>>,
    /// One per positional parameter, `None` where it has no default.
    pub defaults: Vec<Option<Value>>,
    pub keyword_defaults: Vec<Option<Value>>,
    pub closure: Option<Rc<Scope>>,
    pub info: Rc<ScopeInfo>,
}

impl Function {
    /// Whether a call with `count` positional arguments and no keywords
    /// binds them in order to slots 0, 1, ... and nothing else.
    pub fn takes_plainly(&self, count: usize) -> bool {
        let params = &self.def.params;
        count == params.positional.len()
            && params.keyword_only.is_empty()
            && params.star.is_none()
            && params.double_star.is_none()
            && self.info.params_in_order
    }
}

/// The module's variables. A name in the program's text is found by its
/// letters once, and by the address of its text after (as a scope's locals
/// are); each variable also keeps its number in the trace, once it has one.
#[derive(Default)]
pub struct Globals {
    slots: Vec<(Rc<str>, Option<Value>)>,
    by_name: FastMap<Rc<str>, u32>,
    by_address: FastMap<usize, u32>,
    /// Each slot's variable in the trace.
    pub traced: Vec<Option<u32>>,
}

impl Globals {
    /// The slot of `name`, made if it is new.
    pub fn slot(&mut self, name: &str) -> usize {
        let address = name.as_ptr() as usize;
        if let Some(&slot) = self.by_address.get(&address) {
            return slot as usize;
        }
        let slot = match self.by_name.get(name) {
            Some(&slot) => slot,
            None => {
                let slot = self.slots.len() as u32;
                let name: Rc<str> = Rc::from(name);
                self.slots.push((Rc::clone(&name), None));
                self.traced.push(None);
                self.by_name.insert(name, slot);
                slot
            }
        };
        self.by_address.insert(address, slot);
        slot as usize
    }

    pub fn get(&mut self, name: &str) -> Option<Value> {
        let slot = self.slot(name);
        self.value(slot)
    }

    pub fn value(&self, slot: usize) -> Option<Value> {
        self.slots.get(slot).and_then(|(_, value)| value.clone())
    }

    pub fn set(&mut self, name: &str, value: Value) {
        let slot = self.slot(name);
        self.set_slot(slot, value);
    }

    pub fn set_slot(&mut self, slot: usize, value: Value) {
        if let Some((_, place)) = self.slots.get_mut(slot) {
            *place = Some(value);
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let slot = self.slot(name);
        self.slots[slot].1.take()
    }

    /// The variables that have values, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.slots
            .iter()
            .filter_map(|(name, value)| value.as_ref().map(|v| (&**name, v)))
    }

    pub fn clear(&mut self) {
        for slot in &mut self.slots {
            slot.1 = None;
        }
    }
}
