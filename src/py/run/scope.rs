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
}

impl ScopeInfo {
    pub fn of_function(def: &FunctionDef) -> ScopeInfo {
        let mut info = ScopeInfo::default();
        for param in def.params.positional.iter().chain(&def.params.keyword_only) {
            info.locals.insert(param.name.clone());
        }
        info.locals.extend(def.params.star.iter().cloned());
        info.locals.extend(def.params.double_star.iter().cloned());
        info.collect(&def.body);
        for name in info.globals.iter().chain(&info.nonlocals) {
            info.locals.remove(name);
        }
        info
    }

    /// The names a class body binds.
    pub fn of_body(body: &[Stmt]) -> ScopeInfo {
        let mut info = ScopeInfo::default();
        info.collect(body);
        info
    }

    /// The scope of a comprehension: its loop variables.
    pub fn of_targets<'a>(targets: impl Iterator<Item = &'a Expr>) -> ScopeInfo {
        let mut info = ScopeInfo::default();
        for target in targets {
            info.target(target);
        }
        info
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
                self.locals.insert(name.clone());
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().for_each(|t| self.target(t));
            }
            ExprKind::Starred(inner) => self.target(inner),
            _ => {}
        }
    }
}

/// One call's local variables, and the function scopes around it.
pub struct Scope {
    pub vars: RefCell<FastMap<Rc<str>, Value>>,
    pub info: Rc<ScopeInfo>,
    pub parent: Option<Rc<Scope>>,
}

/// Where a name was found.
pub enum Place {
    /// In this scope or an enclosing function's.
    Local(Rc<Scope>),
    Global,
}

impl Scope {
    pub fn new(info: Rc<ScopeInfo>, parent: Option<Rc<Scope>>) -> Rc<Scope> {
        Rc::new(Scope {
            vars: RefCell::new(FastMap::default()),
            info,
            parent,
        })
    }

    /// Where `name` is read from or written to, from this scope.
    pub fn place(self: &Rc<Self>, name: &str) -> Place {
        let mut scope = Some(Rc::clone(self));
        let mut first = true;
        while let Some(s) = scope {
            if s.info.globals.contains(name) {
                return Place::Global;
            }
            if s.info.locals.contains(name) && (first || !s.info.nonlocals.contains(name)) {
                return Place::Local(s);
            }
            first = false;
            scope = s.parent.clone();
        }
        Place::Global
    }
}

/// A function as `def` made it: its code, its defaults, the scope it closes over.
pub struct Function {
    pub def: Rc<FunctionDef>,
    /// `Account.__init__` for a method: what CPython's messages name.
    pub qualname: String,
    /// One per positional parameter, `None` where it has no default.
    pub defaults: Vec<Option<Value>>,
    pub keyword_defaults: Vec<Option<Value>>,
    pub closure: Option<Rc<Scope>>,
    pub info: Rc<ScopeInfo>,
}
