//! The state of a learner's program at a point where the explorer chooses
//! a task: a 128-bit **key**, equal for two states exactly when everything
//! that decides what can still happen is equal (`docs/explore-programs.md`).
//!
//! What goes in: the module's variables and every object reachable from
//! them, by value (an object shared by two places is numbered where it is
//! first met, so aliasing counts); every task: its state, who waits on it,
//! the callbacks it has in the ready queue, and, while it is suspended,
//! its VM (frames, stacks, iterators, the exceptions it handles) and what
//! it waits on; locks, semaphores, events, queues with their waiters; the
//! state of `random`. What stays out: what was printed, the trace, the
//! clock (it does not move where only the order counts), the steps run.
//!
//! **Symmetry.** Tasks are not named by their ids. Each task is first given
//! a colour from its own state alone; the tasks are walked in the order of
//! their colours, and anything that refers to a task (a lock's holder, a
//! gather's children, a callback) names its place in that order. Two
//! states that differ only in which of two equal tasks is which get the
//! same key. (Tasks of equal colour are taken in the order they were made,
//! so some symmetric states are told apart: fewer merges, never a wrong one.)
//!
//! A program that can read a task's name (`get_name`, `current_task`,
//! `all_tasks` in its text: a default name is made from the task's id)
//! gets no symmetry: each task's colour includes its id.
//!
//! What the key cannot see (a built-in coroutine not yet started, a task
//! that runs one) makes the key unique: that state is never merged.

use std::cell::Cell;
use std::rc::Rc;

use super::aio::{Body, Callback, Callbacks, Fut, FutState, Gather};
use super::compile::Code;
use super::hash::FastMap;
use super::interp::Interp;
use super::scope::{Function, Scope};
use super::value::{Class, Value};

/// A state key.
pub type Key = u128;

/// What a task is, where the explorer can read it while it is suspended.
#[derive(Default)]
pub enum Parked {
    /// Not known: the task's state is never merged with another's.
    #[default]
    Unknown,
    /// A learner's coroutine, not started: its function and arguments.
    Fresh(Rc<Function>, Rc<Scope>),
    /// `asyncio.sleep(delay)` as a task.
    Sleep(f64),
    /// Suspended in its VM: one state per VM level (a learner's coroutine
    /// awaited in place by a built-in runs a VM of its own).
    Vm(Vec<VmState>),
}

impl Parked {
    /// What a task made from `body` is before it starts.
    pub fn fresh(body: &Body) -> Parked {
        match body {
            Body::Vm(function, scope) => Parked::Fresh(Rc::clone(function), Rc::clone(scope)),
            Body::Sleep(delay) => Parked::Sleep(*delay),
            Body::Future(_) => Parked::Unknown,
        }
    }

    /// The VM `level` calls deep is suspended in `state` (the levels
    /// above it have returned).
    pub fn park(&mut self, level: usize, state: VmState) {
        match self {
            Parked::Vm(levels) if level <= levels.len() => {
                levels.truncate(level);
                levels.push(state);
            }
            _ if level == 0 => *self = Parked::Vm(vec![state]),
            _ => *self = Parked::Unknown,
        }
    }

    /// What the await the innermost VM is suspended in keeps of its own
    /// (replacing what it kept before: a `put` that waits again keeps the
    /// same, not twice).
    pub fn also(&mut self, kept: &[Value]) {
        if let Parked::Vm(levels) = self {
            if let Some(last) = levels.last_mut() {
                let (words, values) = *last
                    .kept_from
                    .get_or_insert((last.words.len(), last.values.len()));
                last.words.truncate(words);
                last.values.truncate(values);
                last.words.push(KEPT);
                last.values.extend_from_slice(kept);
            }
        }
    }

    pub fn levels(&self) -> usize {
        match self {
            Parked::Vm(levels) => levels.len(),
            _ => 0,
        }
    }
}

const KEPT: u64 = u64::MAX - 1;

/// A VM's state while suspended, as plain parts: numbers (places,
/// heights, counts), the frames' code and scopes, and values.
#[derive(Default)]
pub struct VmState {
    pub words: Vec<u64>,
    pub codes: Vec<Rc<Code>>,
    pub scopes: Vec<Option<Rc<Scope>>>,
    pub values: Vec<Value>,
    /// What it awaits is thrown away when it comes (`await gather(...)`
    /// as a statement).
    pub discards: bool,
    /// Where what a built-in's await keeps begins (words, values).
    pub kept_from: Option<(usize, usize)>,
}

thread_local! {
    /// Handed out to what a key cannot see: never the same twice.
    static UNIQUE: Cell<u64> = const { Cell::new(0) };
}

/// The key of `interp`'s state (a program run with [`super::aio::Loop::keyed`]).
pub fn state_key(interp: &Interp) -> Key {
    let rt = &interp.rt;
    let tasks: Vec<Rc<Fut>> = rt.tasks.borrow().clone();
    // Each task's callbacks in the ready queue, in order.
    let mut queued: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    let ready = rt.ready.borrow();
    let mut loop_own = Vec::new();
    for (at, callback) in ready.iter().enumerate() {
        match callback.owner() {
            Some(id) if (id as usize) < queued.len() => queued[id as usize].push(at),
            _ => loop_own.push(at),
        }
    }
    // Colours, and the walking order.
    let coloured: Vec<(u128, usize)> = tasks
        .iter()
        .enumerate()
        .map(|(id, task)| {
            let mut keyer = Keyer::new(false, &[]);
            // A program that can read a task's name (`Task-3`, from its
            // id) tells every task apart: no two are interchangeable.
            if rt.names_read.get() {
                keyer.word(id as u64);
            }
            keyer.task(task, &queued[id], &ready);
            keyer.checked(interp, task);
            (keyer.finish(), id)
        })
        .collect();
    // One sort for the whole bundle (see `ops::stable_order`).
    let order = super::ops::stable_order(coloured.len(), &mut |a, b| coloured[a] < coloured[b]);
    let mut place = vec![0u32; tasks.len()];
    for (at, &index) in order.iter().enumerate() {
        place[coloured[index].1] = at as u32;
    }
    let mut keyer = Keyer::new(true, &place);
    let globals = interp.globals.borrow();
    let names: Vec<(&str, &Value)> = globals.iter().collect();
    let by_name = super::ops::stable_order(names.len(), &mut |a, b| names[a].0 < names[b].0);
    keyer.word(names.len() as u64);
    for at in by_name {
        let (name, value) = names[at];
        keyer.text(name);
        keyer.value(value);
    }
    drop(globals);
    for word in interp.random.borrow().state_words() {
        keyer.word(word);
    }
    // `time.sleep` moves the clock and `time.monotonic` reads it; the line
    // last run is what an exception made by the loop is raised on.
    keyer.word(rt.now.get().to_bits());
    keyer.word(u64::from(interp.line.get()));
    keyer.word(loop_own.len() as u64);
    for &at in &loop_own {
        keyer.callback(&ready[at]);
    }
    let timers = rt.timers.borrow();
    for timer in timers.iter().filter(|t| !t.fut.done()) {
        keyer.word(7);
        keyer.future(&timer.fut);
        keyer.task_ref(timer.owner);
    }
    drop(timers);
    if rt.goal_checked.get() {
        keyer.word(u64::from(interp.recorder.borrow().lost_update));
    }
    for index in order {
        let id = coloured[index].1;
        keyer.task(&tasks[id], &queued[id], &ready);
        keyer.checked(interp, &tasks[id]);
    }
    keyer.finish()
}

/// Walks a state into a hash: `deep` numbers objects and follows them;
/// shallow (a task's colour) writes only what a value is.
struct Keyer<'a> {
    deep: bool,
    place: &'a [u32],
    seen: FastMap<usize, u32>,
    lanes: (u64, u64),
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl<'a> Keyer<'a> {
    fn new(deep: bool, place: &'a [u32]) -> Self {
        Keyer {
            deep,
            place,
            seen: FastMap::default(),
            lanes: (0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344),
        }
    }

    fn finish(&self) -> u128 {
        (u128::from(mix(self.lanes.0)) << 64) | u128::from(mix(self.lanes.1 ^ 0x9e37))
    }

    fn word(&mut self, word: u64) {
        let (a, b) = self.lanes;
        self.lanes = (
            mix(a ^ word).wrapping_add(0x9e37_79b9_7f4a_7c15),
            mix(b.rotate_left(23) ^ word ^ 0x2545_f491_4f6c_dd1d),
        );
    }

    fn text(&mut self, text: &str) {
        self.word(text.len() as u64);
        for chunk in text.as_bytes().chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
    }

    fn unique(&mut self) {
        let next = UNIQUE.with(|u| {
            let n = u.get() + 1;
            u.set(n);
            n
        });
        self.word(0xdead);
        self.word(next);
    }

    /// Writes `tag`; in a deep walk, says whether the object at `address`
    /// is met for the first time (its contents follow), else names it.
    fn object(&mut self, tag: u64, address: usize) -> bool {
        self.word(tag);
        if !self.deep {
            return false;
        }
        let next = self.seen.len() as u32;
        match self.seen.get(&address) {
            Some(&number) => {
                self.word(u64::from(number));
                false
            }
            None => {
                self.seen.insert(address, next);
                self.word(u64::MAX);
                true
            }
        }
    }

    fn task_ref(&mut self, id: Option<u32>) {
        match id {
            Some(id) if self.deep => {
                let at = self.place.get(id as usize).copied().unwrap_or(u32::MAX);
                self.word(u64::from(at));
            }
            Some(_) => self.word(1),
            None => self.word(u64::MAX),
        }
    }

    fn values(&mut self, values: &[Value]) {
        self.word(values.len() as u64);
        for value in values {
            self.value(value);
        }
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::None => self.word(1),
            Value::Bool(b) => {
                self.word(2);
                self.word(u64::from(*b));
            }
            Value::Int(i) => {
                self.word(3);
                self.word(*i as u64);
            }
            Value::Float(f) => {
                self.word(4);
                self.word(f.to_bits());
            }
            Value::Str(s) => {
                self.word(5);
                self.text(s);
            }
            Value::List(list) => {
                if self.object(6, Rc::as_ptr(list) as *const u8 as usize) {
                    let items = list.borrow().clone();
                    self.values(&items);
                }
            }
            Value::Tuple(items) => {
                self.word(7);
                self.values(items);
            }
            Value::Dict(dict) => self.dict(8, dict),
            Value::View(kind, dict) => {
                self.word(9);
                self.word(*kind as u64);
                self.dict(8, dict);
            }
            Value::Range(range) => {
                self.word(10);
                for &n in range.iter() {
                    self.word(n as u64);
                }
            }
            Value::Function(function) => self.function(function),
            Value::Bound(bound) => {
                self.word(12);
                self.value(&bound.0);
                self.function(&bound.1);
            }
            Value::Builtin(builtin) => {
                self.word(13);
                self.text(builtin.name());
            }
            Value::Method(method) => {
                self.word(14);
                self.value(&method.0);
                self.text(method.1.name());
            }
            Value::Class(class) => self.class(class),
            Value::Instance(instance) => {
                if self.object(16, Rc::as_ptr(instance) as *const u8 as usize) {
                    self.class(&instance.class);
                    self.word(u64::from(instance.raised_at.get()));
                    let attrs = instance.attrs.borrow().clone();
                    self.word(attrs.len() as u64);
                    for (name, value) in &attrs {
                        self.text(name);
                        self.value(value);
                    }
                }
            }
            Value::Super(both) => {
                self.word(17);
                self.class(&both.0);
                self.value(&both.1);
            }
            Value::Module(name) => {
                self.word(18);
                self.text(name);
            }
            Value::Coroutine(coroutine) => {
                if self.object(19, Rc::as_ptr(coroutine) as *const u8 as usize) {
                    self.text(&coroutine.name.to_string());
                    self.word(u64::from(coroutine.started.get()));
                    match &*coroutine.future.borrow() {
                        None => self.word(0),
                        Some(Body::Sleep(delay)) => {
                            self.word(1);
                            self.word(delay.to_bits());
                        }
                        Some(Body::Vm(function, scope)) => {
                            self.word(2);
                            self.function(function);
                            self.scope(&Some(Rc::clone(scope)));
                        }
                        Some(Body::Future(_)) => self.unique(),
                    }
                }
            }
            Value::Future(fut) => self.future(fut),
            Value::Lock(lock) => {
                if self.object(21, Rc::as_ptr(lock) as *const u8 as usize) {
                    self.word(u64::from(lock.locked.get()));
                    self.task_ref(lock.holder.get());
                    let waiters: Vec<Rc<Fut>> = lock.waiters.borrow().iter().cloned().collect();
                    self.futures(&waiters);
                }
            }
            Value::Semaphore(sem) => {
                if self.object(22, Rc::as_ptr(sem) as *const u8 as usize) {
                    self.word(sem.value.get() as u64);
                    let waiters: Vec<Rc<Fut>> = sem.waiters.borrow().iter().cloned().collect();
                    self.futures(&waiters);
                }
            }
            Value::Event(event) => self.event(event),
            Value::Queue(queue) => {
                if self.object(24, Rc::as_ptr(queue) as *const u8 as usize) {
                    let items: Vec<Value> = queue.items.borrow().iter().cloned().collect();
                    self.values(&items);
                    self.word(queue.maxsize as u64);
                    self.word(queue.unfinished.get() as u64);
                    let getters: Vec<Rc<Fut>> = queue.getters.borrow().iter().cloned().collect();
                    self.futures(&getters);
                    let putters: Vec<Rc<Fut>> = queue.putters.borrow().iter().cloned().collect();
                    self.futures(&putters);
                    self.event(&queue.finished);
                }
            }
        }
    }

    fn event(&mut self, event: &Rc<super::sync::PyEvent>) {
        if self.object(23, Rc::as_ptr(event) as *const u8 as usize) {
            self.word(u64::from(event.value.get()));
            let waiters: Vec<Rc<Fut>> = event.waiters.borrow().iter().cloned().collect();
            self.futures(&waiters);
        }
    }

    fn dict(&mut self, tag: u64, dict: &Rc<std::cell::RefCell<super::value::Dict>>) {
        if self.object(tag, Rc::as_ptr(dict) as *const u8 as usize) {
            let items: Vec<(Value, Value)> = dict
                .borrow()
                .items()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            self.word(items.len() as u64);
            for (key, value) in &items {
                self.value(key);
                self.value(value);
            }
        }
    }

    fn function(&mut self, function: &Rc<Function>) {
        if self.object(11, Rc::as_ptr(function) as *const u8 as usize) {
            let def = &function.def;
            self.text(&def.name);
            self.word(u64::from(def.pos.line));
            self.word(u64::from(def.pos.column));
            for default in function.defaults.iter().chain(&function.keyword_defaults) {
                match default {
                    Some(value) => self.value(value),
                    None => self.word(0),
                }
            }
            self.scope(&function.closure);
            let owner = function.owner.borrow().as_ref().and_then(|o| o.upgrade());
            match owner {
                Some(class) => self.class(&class),
                None => self.word(0),
            }
        }
    }

    fn class(&mut self, class: &Rc<Class>) {
        if self.object(15, Rc::as_ptr(class) as *const u8 as usize) {
            self.text(&class.name);
            match &class.base {
                Some(base) => self.class(base),
                None => self.word(0),
            }
            let attrs: Vec<(Rc<str>, Value)> = class
                .attrs
                .borrow()
                .iter()
                .map(|(k, v)| (Rc::clone(k), v.clone()))
                .collect();
            let by_name =
                super::ops::stable_order(attrs.len(), &mut |a, b| attrs[a].0 < attrs[b].0);
            self.word(attrs.len() as u64);
            for at in by_name {
                self.text(&attrs[at].0);
                self.value(&attrs[at].1);
            }
        }
    }

    fn scope(&mut self, scope: &Option<Rc<Scope>>) {
        let Some(scope) = scope else {
            self.word(0);
            return;
        };
        // A shallow walk reads a scope's values too (a task's own locals
        // tell it apart), each as a shallow walk writes values.
        if self.object(25, Rc::as_ptr(scope) as usize) || !self.deep {
            let slots: Vec<Option<Value>> = scope.vars.borrow().iter().cloned().collect();
            self.word(slots.len() as u64);
            for slot in &slots {
                match slot {
                    Some(value) => self.value(value),
                    None => self.word(0),
                }
            }
            self.scope(&scope.parent);
        }
    }

    fn futures(&mut self, futures: &[Rc<Fut>]) {
        self.word(futures.len() as u64);
        for fut in futures {
            self.future(fut);
        }
    }

    /// A future: a task by its place; a plain one by what it holds.
    fn future(&mut self, fut: &Rc<Fut>) {
        if let Some(part) = &fut.task {
            self.word(20);
            self.task_ref(Some(part.id));
            return;
        }
        if self.object(26, Rc::as_ptr(fut) as usize) {
            self.future_parts(fut);
        }
    }

    /// What any future holds: its state, its callbacks, its gather.
    fn future_parts(&mut self, fut: &Fut) {
        match &*fut.state.borrow() {
            FutState::Pending => self.word(0),
            FutState::Done(value) => {
                self.word(1);
                self.value(value);
            }
            FutState::Failed(exc) => {
                self.word(2);
                self.value(exc);
            }
            FutState::Cancelled => self.word(3),
        }
        match &*fut.callbacks.borrow() {
            Callbacks::None => self.word(0),
            Callbacks::One(callback) => {
                self.word(1);
                self.callback(callback);
            }
            Callbacks::Many(all) => {
                self.word(all.len() as u64);
                for callback in all {
                    self.callback(callback);
                }
            }
        }
        let gather = fut.gather.take();
        fut.gather.set(gather.clone());
        match gather {
            Some(gather) => self.gather(&gather),
            None => self.word(0),
        }
    }

    fn gather(&mut self, gather: &Rc<Gather>) {
        if self.object(27, Rc::as_ptr(gather) as usize) {
            self.future(&gather.outer);
            if self.deep && thrown_away(&gather.outer) {
                // Nothing will read the results' order: the children are
                // a multiset (their places, sorted), which is what lets
                // equal tasks be swapped.
                let places: Vec<u64> = gather
                    .children
                    .iter()
                    .map(|child| match &child.task {
                        Some(part) => u64::from(
                            self.place
                                .get(part.id as usize)
                                .copied()
                                .unwrap_or(u32::MAX),
                        ),
                        None => u64::MAX,
                    })
                    .collect();
                if places.iter().all(|&p| p != u64::MAX) {
                    let sorted =
                        super::ops::stable_order(places.len(), &mut |a, b| places[a] < places[b]);
                    self.word(0x6a7);
                    self.word(places.len() as u64);
                    for at in sorted {
                        self.word(places[at]);
                    }
                } else {
                    self.futures(&gather.children);
                }
            } else {
                self.futures(&gather.children);
            }
            self.word(gather.distinct as u64);
            self.word(gather.finished.get() as u64);
            self.word(u64::from(gather.return_exceptions));
            self.word(u64::from(gather.cancel_requested.get()));
        }
    }

    fn callback(&mut self, callback: &Callback) {
        match callback {
            Callback::Step(task) => {
                self.word(1);
                self.future(task);
            }
            Callback::Wakeup(task) => {
                self.word(2);
                self.future(task);
            }
            Callback::SetResult(fut, owner) => {
                self.word(3);
                self.future(fut);
                self.task_ref(*owner);
            }
            Callback::GatherDone(gather, child) => {
                self.word(4);
                self.gather(gather);
                self.future(child);
            }
            Callback::Stop => self.word(5),
        }
    }

    /// Where a goal is checked, what a task's future lost updates and
    /// awaits inside a lock depend on: the variables it read that have
    /// changed since (by name; an attribute's object cannot be named
    /// across states, so a deep walk never merges that state), and how
    /// often it has suspended in the lock it holds.
    fn checked(&mut self, interp: &Interp, task: &Rc<Fut>) {
        let Some(part) = &task.task else {
            return;
        };
        if !interp.rt.goal_checked.get() {
            return;
        }
        self.word(u64::from(part.awaits_in_lock.get()));
        let recorder = interp.recorder.borrow();
        let mut stale: Vec<&str> = Vec::new();
        let mut attributes = false;
        for var in recorder.stale(part.id) {
            match var {
                super::trace::VarKey::Global(name) => stale.push(name),
                super::trace::VarKey::Attr(_, name) => {
                    attributes = true;
                    stale.push(name);
                }
            }
        }
        stale.sort_unstable();
        self.word(stale.len() as u64);
        for name in stale {
            self.text(name);
        }
        if attributes && self.deep {
            self.unique();
        }
    }

    /// A task's own part of the state: the future it is, and what it is
    /// doing; `queued`, its callbacks' places in `ready`.
    fn task(
        &mut self,
        task: &Rc<Fut>,
        queued: &[usize],
        ready: &std::collections::VecDeque<Callback>,
    ) {
        let Some(part) = &task.task else {
            return;
        };
        self.word(30);
        self.future_parts(task);
        if task.done() {
            return;
        }
        self.word(u64::from(part.started.get()));
        self.word(u64::from(part.must_cancel.get()));
        self.word(u64::from(part.depth.get()));
        match &part.given_name {
            Some(name) => self.text(name),
            None => self.word(0),
        }
        match &*part.fut_waiter.borrow() {
            Some(fut) => self.future(fut),
            None => self.word(0),
        }
        match &*part.parked.borrow() {
            Parked::Unknown if self.deep => self.unique(),
            Parked::Unknown => self.word(0),
            Parked::Fresh(function, scope) => {
                self.word(1);
                self.function(function);
                self.scope(&Some(Rc::clone(scope)));
            }
            Parked::Sleep(delay) => {
                self.word(2);
                self.word(delay.to_bits());
            }
            Parked::Vm(levels) => {
                self.word(3);
                self.word(levels.len() as u64);
                for level in levels {
                    self.word(level.words.len() as u64);
                    for &word in &level.words {
                        self.word(word);
                    }
                    for code in &level.codes {
                        self.word(fingerprint(code));
                    }
                    for scope in &level.scopes {
                        self.scope(scope);
                    }
                    self.values(&level.values);
                }
            }
        }
        self.word(queued.len() as u64);
        for &at in queued {
            self.callback(&ready[at]);
        }
    }
}

/// Whether the result of the gathering future `outer` is certain to be
/// thrown away: the tasks waiting on it discard what it gives, and nothing
/// else holds it (its gather, and in each waiting task: its waiter, its
/// `await` and what the explorer keeps).
fn thrown_away(outer: &Rc<Fut>) -> bool {
    let callbacks = outer.callbacks.borrow();
    let waiting: Vec<&Rc<Fut>> = match &*callbacks {
        Callbacks::One(Callback::Wakeup(task)) => vec![task],
        Callbacks::Many(all) => {
            let mut tasks = Vec::new();
            for callback in all {
                match callback {
                    Callback::Wakeup(task) => tasks.push(task),
                    _ => return false,
                }
            }
            tasks
        }
        _ => return false,
    };
    for task in &waiting {
        let Some(part) = &task.task else {
            return false;
        };
        let parked = part.parked.borrow();
        let Parked::Vm(levels) = &*parked else {
            return false;
        };
        let discards = levels.last().is_some_and(|top| {
            top.discards
                && matches!(top.values.first(), Some(Value::Future(f)) if Rc::ptr_eq(f, outer))
        });
        if !discards {
            return false;
        }
    }
    Rc::strong_count(outer) == 1 + 3 * waiting.len()
}

/// A code's fingerprint, the same in every run of one program: where its
/// definition begins (or 1, the module), and for code nested in it (a
/// comprehension, a class body) its place there.
fn fingerprint(code: &Code) -> u64 {
    code.fingerprint.get()
}

/// Names `code` and the code nested in it (see [`fingerprint`]), once
/// compiled, where the explorer reads states.
pub fn name_code(code: &Code, fingerprint: u64) {
    code.fingerprint.set(fingerprint);
    for (at, nested) in code.codes.iter().enumerate() {
        name_code(nested, mix(fingerprint ^ mix(at as u64 + 1)));
    }
}

/// The fingerprint of a function's code: where its definition begins.
pub fn def_fingerprint(def: &crate::py::ast::FunctionDef) -> u64 {
    mix((u64::from(def.pos.line) << 32 | u64::from(def.pos.column)) ^ 0x5eed)
}
