//! The interpreter's state: the module's globals, the event loop, the
//! trace, the output, and the limits that stop a runaway program with a
//! sentence instead of a frozen tab.

use super::hash::FastMap;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::aio::{Coroutine, Fut, Loop};
use super::builtins;
use super::scope::{Function, Globals, Place, Scope, ScopeInfo};
use super::sync::PyLock;
use super::trace::{Recorder, Shown, TraceKind, VarRef};
use super::value::{Class, Instance, Value};
use crate::py::ast::FunctionDef;
use crate::py::random::Random;

/// Why evaluation stopped: a Python exception (which `try` may catch), or
/// the playground stopping the program (which nothing catches).
pub enum Raise {
    Exception(Value),
    /// Boxed: a stop is rare, and every result is the smaller for it.
    Stop(Box<Stop>),
}

impl From<Stop> for Raise {
    fn from(stop: Stop) -> Raise {
        Raise::Stop(Box::new(stop))
    }
}

pub type R<T> = Result<T, Raise>;

/// The playground stops the program.
#[derive(Clone, Debug, PartialEq)]
pub enum Stop {
    /// A task (or the module, `None`) ran this many steps without awaiting.
    Endless {
        task: Option<u32>,
        steps: u64,
    },
    /// The whole run's budget of steps or events.
    Budget,
    TooManyTasks(usize),
    /// Nothing is ready and no timer is set, yet `asyncio.run` has not
    /// returned: CPython would wait forever.
    Forever,
    /// The explorer ended the run: what follows is known.
    Abandoned,
    Internal(String),
}

/// Limits that keep a learner's program from freezing the page.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub steps_without_await: u64,
    pub total_steps: u64,
    pub events: usize,
    pub tasks: usize,
    pub depth: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            steps_without_await: 100_000,
            total_steps: 50_000_000,
            events: 5_000_000,
            tasks: 100_000,
            depth: 150,
        }
    }
}

/// The names of the built-in exception classes, each with its base.
const EXCEPTIONS: [(&str, &str); 25] = [
    ("BaseException", ""),
    ("Exception", "BaseException"),
    ("CancelledError", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("LookupError", "Exception"),
    ("KeyError", "LookupError"),
    ("IndexError", "LookupError"),
    ("ValueError", "Exception"),
    ("TypeError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("AttributeError", "Exception"),
    ("RuntimeError", "Exception"),
    ("RecursionError", "RuntimeError"),
    ("NotImplementedError", "RuntimeError"),
    ("AssertionError", "Exception"),
    ("TimeoutError", "Exception"),
    ("QueueEmpty", "Exception"),
    ("QueueFull", "Exception"),
    ("InvalidStateError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("MemoryError", "Exception"),
];

pub struct Interp {
    pub globals: RefCell<Globals>,
    pub rt: Loop,
    pub recorder: RefCell<Recorder>,
    pub output: RefCell<String>,
    pub warnings: Rc<RefCell<Vec<String>>>,
    pub random: RefCell<Random>,
    pub limits: Limits,
    exceptions: FastMap<&'static str, Rc<Class>>,
    /// The line running now (what an exception is raised on).
    pub line: Cell<u32>,
    pub depth: Cell<u32>,
    pub steps: Cell<u64>,
    pub steps_since_await: Cell<u64>,
    serial: Cell<u32>,
    scope_infos: RefCell<FastMap<usize, Rc<ScopeInfo>>>,
    /// Each function's compiled code, by the address of its definition.
    pub(super) codes: RefCell<FastMap<usize, Rc<super::compile::Code>>>,
    /// VM value stacks not in use: a VM that ends, or a task that suspends
    /// with nothing on its stack, gives its vector back here, and a VM
    /// takes one when it starts or goes on (one for many tasks, not one each).
    pub(super) stacks: RefCell<Vec<Vec<Value>>>,
    /// The lock switch, off: every `asyncio.Lock` lets every task through.
    pub locks_off: Cell<bool>,
    /// The lines where a task went through such a lock (each once, in order).
    pub ignored_lock_lines: RefCell<Vec<u32>>,
    /// How many `asyncio.Lock`s the program made.
    pub locks_made: Cell<u32>,
}

impl Interp {
    pub fn new(limits: Limits) -> Rc<Interp> {
        let mut exceptions: FastMap<&'static str, Rc<Class>> = FastMap::default();
        for (name, base) in EXCEPTIONS {
            let class = Rc::new(Class {
                name: Rc::from(name),
                base: exceptions.get(base).cloned(),
                attrs: RefCell::new(FastMap::default()),
            });
            exceptions.insert(name, class);
        }
        Rc::new(Interp {
            globals: RefCell::new(Globals::default()),
            rt: Loop::default(),
            recorder: RefCell::new(Recorder::default()),
            output: RefCell::new(String::new()),
            warnings: Rc::new(RefCell::new(Vec::new())),
            random: RefCell::new(Random::seeded(0)),
            limits,
            exceptions,
            line: Cell::new(0),
            depth: Cell::new(0),
            steps: Cell::new(0),
            steps_since_await: Cell::new(0),
            serial: Cell::new(0),
            scope_infos: RefCell::new(FastMap::default()),
            codes: RefCell::new(FastMap::default()),
            locks_off: Cell::new(false),
            ignored_lock_lines: RefCell::new(Vec::new()),
            locks_made: Cell::new(0),
            stacks: RefCell::new(Vec::new()),
        })
    }

    pub fn next_serial(&self) -> u32 {
        let serial = self.serial.get();
        self.serial.set(serial + 1);
        serial
    }

    // ---- exceptions -------------------------------------------------------

    pub fn exception_class(&self, name: &str) -> Option<Rc<Class>> {
        self.exceptions.get(name).cloned()
    }

    /// An instance of the built-in exception `kind` with `message`.
    pub fn exception(&self, kind: &str, message: &str) -> Value {
        let class = self
            .exception_class(kind)
            .or_else(|| self.exception_class("RuntimeError"))
            .expect("the built-in exceptions are made in Interp::new");
        let args = if message.is_empty() {
            Vec::new()
        } else {
            vec![Value::str(message)]
        };
        self.instance_of(class, args)
    }

    pub fn instance_of(&self, class: Rc<Class>, args: Vec<Value>) -> Value {
        let instance = Instance {
            class,
            attrs: RefCell::new(vec![(Rc::from("args"), Value::Tuple(args.into()))]),
            serial: self.next_serial(),
            raised_at: Cell::new(self.line.get()),
        };
        Value::Instance(Rc::new(instance))
    }

    pub fn error(&self, kind: &str, message: impl AsRef<str>) -> Raise {
        Raise::Exception(self.exception(kind, message.as_ref()))
    }

    pub fn cancelled_error(&self) -> Value {
        self.exception("CancelledError", "")
    }

    pub fn is_cancelled_error(&self, exc: &Value) -> bool {
        self.is_instance_of(exc, "CancelledError")
    }

    pub fn is_instance_of(&self, value: &Value, class: &str) -> bool {
        match (value, self.exception_class(class)) {
            (Value::Instance(i), Some(class)) => i.class.is_subclass(&class),
            _ => false,
        }
    }

    // ---- limits -----------------------------------------------------------

    /// Counts one step of the running task; stops an endless loop.
    pub fn tick(&self) -> R<()> {
        let since = self.steps_since_await.get() + 1;
        self.steps_since_await.set(since);
        if since > self.limits.steps_without_await {
            return Err(Stop::Endless {
                task: self.rt.current.get(),
                steps: self.limits.steps_without_await,
            }
            .into());
        }
        Ok(self.check_total_steps()?)
    }

    pub fn check_total_steps(&self) -> Result<(), Stop> {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > self.limits.total_steps
            || self.recorder.borrow().events.len() > self.limits.events
        {
            return Err(Stop::Budget);
        }
        Ok(())
    }

    pub fn enter(&self) -> R<()> {
        let depth = self.depth.get() + 1;
        if depth > self.limits.depth {
            return Err(self.error(
                "RecursionError",
                format!(
                    "maximum recursion depth exceeded (the playground stops at {} calls deep)",
                    self.limits.depth
                ),
            ));
        }
        self.depth.set(depth);
        Ok(())
    }

    pub fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    // ---- names ------------------------------------------------------------

    pub fn scope_info(&self, def: &Rc<FunctionDef>) -> Rc<ScopeInfo> {
        let key = Rc::as_ptr(def) as usize;
        if let Some(info) = self.scope_infos.borrow().get(&key) {
            return Rc::clone(info);
        }
        let info = Rc::new(ScopeInfo::of_function(def));
        self.scope_infos.borrow_mut().insert(key, Rc::clone(&info));
        info
    }

    /// Reads the module variable in `slot` (named `name`), or the built-in.
    pub fn load_global_slot(&self, slot: usize, name: &str) -> R<Value> {
        let found = self.globals.borrow().value(slot);
        match found {
            Some(value) => {
                if is_data(&value) {
                    self.trace_global(slot, name, &value, false);
                }
                Ok(value)
            }
            None => builtins::global(self, name)
                .ok_or_else(|| self.error("NameError", format!("name '{name}' is not defined"))),
        }
    }

    /// The error of reading a local (`own`) or enclosing function's
    /// variable that has no value.
    pub fn unbound(&self, name: &str, own: bool) -> Raise {
        if own {
            self.error(
                "UnboundLocalError",
                format!(
                    "cannot access local variable '{name}' where it is not associated with a value"
                ),
            )
        } else {
            self.error(
                "NameError",
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            )
        }
    }

    /// Writes the module variable in `slot` (named `name`).
    pub fn store_global_slot(&self, slot: usize, name: &str, value: Value) {
        self.name_lock(&value, name);
        if is_data(&value) {
            self.trace_global(slot, name, &value, true);
        }
        self.globals.borrow_mut().set_slot(slot, value);
    }

    /// A global's read or write, its trace variable found through its slot.
    fn trace_global(&self, slot: usize, name: &str, value: &Value, write: bool) {
        if self.rt.current.get().is_none() {
            return;
        }
        let known = self.globals.borrow().traced.get(slot).copied().flatten();
        let var = match known {
            Some(var) => var,
            None => {
                let var = self
                    .recorder
                    .borrow_mut()
                    .var(VarRef::Global(name), || name.to_string());
                if let Some(traced) = self.globals.borrow_mut().traced.get_mut(slot) {
                    *traced = Some(var);
                }
                var
            }
        };
        self.trace_var(var, value, write);
    }

    fn trace_var(&self, var: u32, value: &Value, write: bool) {
        let Some(task) = self.rt.current.get() else {
            return;
        };
        let shown = shown(value);
        let time = self.rt.now.get();
        let line = self.line.get();
        let mut recorder = self.recorder.borrow_mut();
        if write {
            recorder.wrote(time, task, line, var, shown);
        } else {
            recorder.read(time, task, line, var, shown);
        }
    }

    pub fn delete(&self, name: &str, env: &Env) -> R<()> {
        let removed = match env.as_ref().map(|s| s.place(name)) {
            Some(Place::Local(owner, slot)) => {
                owner.vars.borrow_mut().get_mut(slot).and_then(Option::take)
            }
            _ => self.globals.borrow_mut().remove(name),
        };
        removed
            .map(|_| ())
            .ok_or_else(|| self.error("NameError", format!("name '{name}' is not defined")))
    }

    /// A lock takes the name of the first variable or attribute it is stored in.
    pub fn name_lock(&self, value: &Value, name: &str) {
        if let Value::Lock(lock) = value {
            // A lock that stops no one is not drawn.
            if lock.id.get().is_none() && !self.locks_off.get() {
                lock.id
                    .set(Some(self.recorder.borrow_mut().lock(name.to_string())));
            }
        }
    }

    // ---- the trace --------------------------------------------------------

    fn record(&self, task: Option<u32>, kind: TraceKind) {
        if let Some(task) = task {
            let time = self.rt.now.get();
            self.recorder
                .borrow_mut()
                .push(time, task, self.line.get(), kind);
        }
    }

    /// A read or write of a global or attribute by the running task.
    pub fn trace_access(&self, key: VarRef<'_>, name: &str, value: &Value, write: bool) {
        if self.rt.current.get().is_none() {
            return;
        }
        let var = self.recorder.borrow_mut().var(key, || name.to_string());
        self.trace_var(var, value, write);
    }

    pub fn trace_started(&self, task: u32) {
        self.record(Some(task), TraceKind::Started);
    }

    pub fn trace_finished(&self, task: u32) {
        self.record(Some(task), TraceKind::Finished);
    }

    pub fn trace_slept(&self, task: Option<u32>, seconds: f64) {
        self.record(task, TraceKind::Slept { seconds });
    }

    pub fn trace_woke(&self, task: Option<u32>) {
        self.record(task, TraceKind::Woke);
    }

    fn lock_id(&self, lock: &PyLock) -> u32 {
        match lock.id.get() {
            Some(id) => id,
            None => {
                let mut recorder = self.recorder.borrow_mut();
                let name = format!("lock {}", recorder.locks.len() + 1);
                let id = recorder.lock(name);
                lock.id.set(Some(id));
                id
            }
        }
    }

    pub fn trace_requested(&self, lock: &PyLock) {
        let lock = self.lock_id(lock);
        self.record(self.rt.current.get(), TraceKind::Requested { lock });
    }

    pub fn trace_acquired(&self, lock: &PyLock) {
        let lock = self.lock_id(lock);
        self.record(self.rt.current.get(), TraceKind::Acquired { lock });
    }

    pub fn trace_released(&self, lock: &PyLock) {
        let lock = self.lock_id(lock);
        self.record(self.rt.current.get(), TraceKind::Released { lock });
    }

    pub fn trace_put(&self, value: &Value) {
        let value = shown(value);
        self.record(self.rt.current.get(), TraceKind::Put { value });
    }

    pub fn trace_got(&self, value: &Value) {
        let value = shown(value);
        self.record(self.rt.current.get(), TraceKind::Got { value });
    }

    pub fn print(&self, text: &str) {
        self.output.borrow_mut().push_str(text);
        let text: Rc<str> = Rc::from(text.trim_end_matches('\n'));
        self.record(self.rt.current.get(), TraceKind::Printed { text });
    }

    // ---- tasks ------------------------------------------------------------

    /// A coroutine as a task, or the future itself (`ensure_future`).
    pub fn ensure_future(self: &Rc<Self>, awaitable: Value) -> R<Rc<Fut>> {
        match awaitable {
            Value::Future(fut) => Ok(fut),
            Value::Coroutine(coro) => self.create_task(&coro, None),
            other => Err(self.error(
                "TypeError",
                format!(
                    "An asyncio.Future, a coroutine or an awaitable is required, not {}",
                    other.type_name()
                ),
            )),
        }
    }

    pub fn create_task(self: &Rc<Self>, coro: &Rc<Coroutine>, name: Option<Rc<str>>) -> R<Rc<Fut>> {
        if !self.rt.running.get() {
            return Err(self.error("RuntimeError", "no running event loop"));
        }
        if self.rt.tasks.borrow().len() >= self.limits.tasks {
            return Err(Stop::TooManyTasks(self.limits.tasks).into());
        }
        let Some(body) = coro.take() else {
            return Err(self.error("RuntimeError", "cannot reuse already awaited coroutine"));
        };
        #[cfg(feature = "explore")]
        let parked = self.rt.is_keyed().then(|| super::key::Parked::fresh(&body));
        let task = self.rt.create_task(name, body.boxed(self));
        #[cfg(feature = "explore")]
        if let (Some(parked), Some(part)) = (parked, &task.task) {
            *part.parked.borrow_mut() = parked;
        }
        Ok(task)
    }

    #[cfg(feature = "explore")]
    /// The running task's state, as its VM `level` calls deep leaves it
    /// suspended (only while the explorer reads states).
    pub(super) fn park(&self, level: usize, state: super::key::VmState) {
        if let Some(task) = self.running_task() {
            if let Some(part) = &task.task {
                part.parked.borrow_mut().park(level, state);
            }
        }
    }

    #[cfg(feature = "explore")]
    /// What a built-in's await keeps beside the running task's VM (the
    /// queue and the item of a `put`, ...), while the explorer reads states.
    pub(super) fn park_also(&self, kept: &[Value]) {
        if !self.rt.is_keyed() {
            return;
        }
        if let Some(task) = self.running_task() {
            if let Some(part) = &task.task {
                part.parked.borrow_mut().also(kept);
            }
        }
    }

    #[cfg(feature = "explore")]
    /// How many VM levels the running task has parked.
    pub(super) fn parked_levels(&self) -> usize {
        self.running_task()
            .and_then(|task| task.task.as_ref().map(|part| part.parked.borrow().levels()))
            .unwrap_or(0)
    }

    #[cfg(feature = "explore")]
    fn running_task(&self) -> Option<Rc<super::aio::Fut>> {
        let id = self.rt.current.get()? as usize;
        self.rt.tasks.borrow().get(id).cloned()
    }

    /// Calls `def` bound into a Function value.
    pub fn make_function(
        &self,
        def: &Rc<FunctionDef>,
        env: &Env,
        defaults: Vec<Option<Value>>,
        keyword_defaults: Vec<Option<Value>>,
    ) -> Value {
        // A method's body sees the module and the enclosing functions, not the class body.
        let (closure, qualname) = match env {
            Some(scope) if scope.info.is_class => {
                let slot = scope.info.slot(CLASS_BODY);
                let class = slot.and_then(|slot| scope.vars.borrow().get(slot).cloned().flatten());
                let class = class.map(|name| name.to_str());
                let qualname = format!("{}.{}", class.unwrap_or_default(), def.name);
                (scope.parent.clone(), qualname)
            }
            other => (other.clone(), def.name.clone()),
        };
        Value::Function(Rc::new(Function {
            def: Rc::clone(def),
            name: Rc::from(def.name.as_str()),
            owner: RefCell::new(None),
            qualname,
            defaults,
            keyword_defaults,
            closure,
            info: self.scope_info(def),
        }))
    }

    /// Breaks the reference cycles a run leaves (coroutines hold the
    /// interpreter), so that its memory is freed.
    pub fn teardown(&self) {
        self.rt.clear();
        // What the explorer kept can close a loop back to its task.
        for task in self.rt.tasks.borrow().iter() {
            if let Some(part) = &task.task {
                part.parked.take();
            }
        }
        self.rt.tasks.borrow_mut().clear();
        self.globals.borrow_mut().clear();
    }
}

/// The hidden local of a class body's scope that holds the class's name
/// (for its methods' qualified names); no program can spell it.
pub const CLASS_BODY: &str = " class body";

/// The scope a statement runs in: `None` for the module.
pub type Env = Option<Rc<Scope>>;

/// Whether reads and writes of this value are traced: data, not code or
/// synchronisation objects.
pub fn is_data(value: &Value) -> bool {
    matches!(
        value,
        Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::Str(_)
            | Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_)
    )
}

pub fn shown(value: &Value) -> Shown {
    match value {
        Value::Int(i) => Shown::Int(*i),
        Value::Bool(b) => Shown::Int(i64::from(*b)),
        other => Shown::Text(Rc::from(other.repr())),
    }
}
