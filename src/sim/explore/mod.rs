//! Every interleaving at once: how many schedules a program has, and how
//! many of them end at each balance, or in a deadlock.
//!
//! # The model
//!
//! A *step* is one task running from one suspension to the next. A
//! *schedule* is the order of steps: at each point, any task that can run
//! may go next. A sleeping task can (its I/O may finish at any moment); a
//! task queued on a lock can once a release has handed the lock to it.
//! Everything else is asyncio's: a free lock is taken without suspending,
//! nobody barges ahead of the queue, `queue.get` waits for a `put`. Delays
//! are abstracted away ([`Clock::Ordered`](crate::sim::Clock::Ordered));
//! only the order counts.
//!
//! The explorer drives **the strategies' own futures** on the engine's
//! executor, through [`OrderedRun`], the code the page shows and runs:
//! there is no second model of any program to drift from it.
//!
//! ```
//! use racecourse::sim::explore::{explore, Ending};
//! use racecourse::sim::{Scenario, Strategy};
//!
//! // Three tasks credit $1 to $0 with no lock.
//! let scenario = Scenario { tasks: 3, initial: 0, amount: 1, ..Scenario::article() };
//! let all = explore(&scenario).unwrap();
//! assert_eq!(all.total().to_string(), "90");
//! assert_eq!(all.count(Ending::Balance(3)).to_string(), "6"); // 6 of 90 are correct
//! assert_eq!(all.count(Ending::Balance(1)).to_string(), "48");
//! ```
//!
//! # The premise: a task's future is its role and what it observed
//!
//! Futures cannot be copied, so a state is reached by replaying its
//! schedule from the start (an [`OrderedRun`]). To replay few, states are
//! **merged**, and that rests on one premise: *what a task does next
//! depends only on which code it runs (its role) and what it has observed*
//! (the values it read, the locks it got, what it received, where each of
//! its steps stopped). A strategy is an ordinary `async fn` of its task,
//! with no other input, so this holds for every strategy; the role is what
//! the program branches on, and the strategy table says it beside the
//! program ([`Roles`], [`Strategy::roles`]), where a program that branches
//! differently must say so.
//!
//! From the premise: runs that reach the same state (`state`: each task's
//! role and history, the balance, the locks, the queue) have the same
//! futures, so each state is expanded once, and the number of schedules
//! from it is computed once (dynamic programming, by backward counts).
//! Tasks of one role with the same history are interchangeable, so the
//! state does not say which task is which (**symmetry**), and of several
//! interchangeable ready tasks one is tried, counted as many times as there
//! are of them. A finished task's history is forgotten (nothing of it is
//! ahead), and a read's version counts only as "written since?".
//!
//! **The queue has one consumer.** The state keeps the queue's items and
//! how many getters wait, not which tasks wait in which order: that is
//! exact while one task consumes (the single writer), because the one
//! waiting getter is that task. A program with two consumers would need
//! the getters' order in the state (which of them a `put` wakes).
//!
//! Compare-and-retry can be made to retry for ever: a task is followed for
//! so many steps ([`Bounds`]), and schedules in which one runs longer are
//! counted, up to that step, as [`Ending::Unfinished`].
//!
//! # What it costs
//!
//! Expanding a state replays its first schedule once per group of
//! interchangeable ready tasks, so time grows as states × groups × depth;
//! memory as states × (the state's key, about a word per task and per
//! queued or ready task, plus its edges and its counts per ending). States
//! reached (schedules in brackets), and what counting took natively, from
//! `cargo run --release --example state_counts` (one run each; the counts
//! are exact, the times this machine's):
//!
//! | program | 3 tasks | 8 tasks | 10 tasks | 12 tasks |
//! |---|---|---|---|---|
//! | no lock | 21 (90) | 1,802 (81,729,648,000) | 9,228 (2.4×10^15) | 45,070 (1.5×10^20) |
//! | lock | 16 (36) | 101 (551,658,240) | 156 (1.6×10^12) | 223 (6.9×10^15) |
//! | opposite order | 39 (56) | 2,425 (30,973,824) | 6,856 (13,261,334,400) | 16,492 (8.9×10^12) |
//! | compare and retry | 23 (198) | 123,982 (3.1×10^22) | over 400,000 | over 400,000 |
//!
//! | time, peak memory | 3 tasks | 8 tasks | 10 tasks | 12 tasks |
//! |---|---|---|---|---|
//! | no lock | 0.1 ms, 14 kB | 26.2 ms, 1.3 MB | 189.7 ms, 7.4 MB | 1246.7 ms, 36.2 MB |
//! | lock | 0.1 ms, 12 kB | 1.8 ms, 71 kB | 2.0 ms, 133 kB | 3.2 ms, 188 kB |
//! | opposite order | 0.3 ms, 31 kB | 32.5 ms, 1.8 MB | 103.0 ms, 5.5 MB | 285.0 ms, 16.2 MB |
//! | compare and retry | 0.1 ms, 16 kB | 3458.3 ms, 82.5 MB | not counted | not counted |
//!
//! Without merging, no lock at 8 tasks would be 8×10^10 replays; with it,
//! 1,802 states. In Chromium, `tests/e2e/bench.mjs` reports the page's own
//! times.
//!
//! The page counts only where [`plan`] says, before counting, that it takes
//! a moment (from each strategy's measured state counts); elsewhere it
//! draws a sample ([`Tally`], [`SAMPLE_LIMITS`]) at once.

mod count;
mod plan;
mod sample;
mod state;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

pub use count::Count;
pub use plan::{estimated_states, plan, state_budget, Plan, TooMany, WORK_BUDGET};
pub use sample::{
    ending_of, random_schedule, wilson_interval, SampleLimit, Sampler, Tally, SAMPLE_LIMITS,
};
use state::{Histories, Tracked};

use super::ordered::OrderedRun;
use super::rng::SeededRng;
use super::scenario::{Scenario, ScenarioError};
use super::schedule::{TaskOrder, MAX_ORDER_TASKS};
#[cfg(doc)]
use super::strategy::{Roles, Strategy};
use super::trace::TaskId;
use super::Ending as RunEnding;

/// How an explored schedule ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ending {
    /// Every task finished; the final balance.
    Balance(i64),
    /// No task can run and some have not finished.
    Deadlock,
    /// Still running at the depth limit (a task retrying for ever).
    Unfinished,
}

impl Ending {
    /// The key the page's `data-value` uses: the balance, or a word.
    pub fn key(self) -> String {
        match self {
            Ending::Balance(balance) => balance.to_string(),
            Ending::Deadlock => "deadlock".to_owned(),
            Ending::Unfinished => "unfinished".to_owned(),
        }
    }
}

/// How an ordered run ends, once no task can run: its balance when every
/// task finished, else a deadlock. `None` while a task can still run.
pub fn explored_ending(run: &OrderedRun) -> Option<Ending> {
    Some(match run.ending()? {
        RunEnding::Completed => Ending::Balance(run.world().balance_and_version().0),
        _ => Ending::Deadlock,
    })
}

/// Limits that keep an exploration to a size a page can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// States kept before the explorer gives up on exact counts.
    pub max_states: usize,
    /// Steps one task may run before its schedule counts as
    /// [`Ending::Unfinished`] (compare-and-retry can retry for ever).
    pub max_task_steps: u32,
}

impl Bounds {
    /// What the page allows: every article program runs to its end (the
    /// single writer takes a step per task), and compare-and-retry may
    /// retry about as often as there are tasks.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        Self {
            max_states: 400_000,
            max_task_steps: 2 * scenario.total_tasks() + 4,
        }
    }
}

/// Why there are no exact counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExploreError {
    Refused(ScenarioError),
    /// More tasks than an order can name.
    TooManyTasks {
        tasks: u32,
    },
    /// More states than the bounds allow.
    TooBig {
        states: usize,
    },
}

impl fmt::Display for ExploreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExploreError::Refused(error) => error.fmt(f),
            ExploreError::TooManyTasks { tasks } => write!(
                f,
                "{tasks} tasks are more than the explorer takes (up to {MAX_ORDER_TASKS})"
            ),
            ExploreError::TooBig { states } => write!(
                f,
                "more than {states} distinct states: too many to count exactly here"
            ),
        }
    }
}

/// An edge of the state graph: running any of `tasks` ready tasks whose
/// key is `task` leads to state `child`.
#[derive(Clone, Copy, Debug)]
struct Edge {
    task: u64,
    tasks: u32,
    child: u32,
}

/// A merged state: how it was first reached, and where it leads.
struct State {
    /// The state it was first reached from, and the task that ran then
    /// (numbered as in that state's own first schedule).
    parent: u32,
    ran: TaskId,
    depth: u32,
    edges: Vec<Edge>,
    /// Where no task runs on: how it ended.
    end: Option<usize>,
}

/// How far an exploration has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub expanded: usize,
    pub states: usize,
    pub depth: u32,
    pub done: bool,
}

/// An exploration in progress: [`Explorer::work`] expands a few states at a
/// time, so a page can show progress and stop it.
pub struct Explorer {
    scenario: Scenario,
    roles: Vec<u32>,
    bounds: Bounds,
    histories: Histories,
    states: Vec<State>,
    index: HashMap<Vec<u64>, u32>,
    endings: Vec<Ending>,
    /// States expanded so far (they are expanded in the order found, which
    /// is breadth first: by depth).
    next: usize,
}

impl Explorer {
    pub fn new(scenario: &Scenario, bounds: Bounds) -> Result<Self, ExploreError> {
        scenario.validate().map_err(ExploreError::Refused)?;
        let tasks = scenario.total_tasks();
        if tasks > MAX_ORDER_TASKS {
            return Err(ExploreError::TooManyTasks { tasks });
        }
        let roles = (0..tasks)
            .map(|t| scenario.strategy.roles().of(t, scenario.tasks))
            .collect();
        let mut explorer = Self {
            scenario: scenario.clone(),
            roles,
            bounds,
            histories: Histories::default(),
            states: Vec::new(),
            index: HashMap::new(),
            endings: Vec::new(),
            next: 0,
        };
        let root = explorer.start();
        let key = root.state_key();
        explorer.add_state(key, u32::MAX, 0, 0);
        Ok(explorer)
    }

    fn start(&self) -> Tracked {
        let run = OrderedRun::new(&self.scenario).expect("validated in Explorer::new");
        Tracked::new(run, self.roles.clone())
    }

    fn add_state(&mut self, key: Vec<u64>, parent: u32, ran: TaskId, depth: u32) -> u32 {
        if let Some(&id) = self.index.get(&key) {
            return id;
        }
        let id = self.states.len() as u32;
        self.states.push(State {
            parent,
            ran,
            depth,
            edges: Vec::new(),
            end: None,
        });
        self.index.insert(key, id);
        id
    }

    /// The first schedule that reached `state`.
    fn first_order(&self, mut state: u32) -> Vec<TaskId> {
        let mut order = Vec::with_capacity(self.states[state as usize].depth as usize);
        while let Some(s) = self.states.get(state as usize) {
            if s.parent == u32::MAX {
                break;
            }
            order.push(s.ran);
            state = s.parent;
        }
        order.reverse();
        order
    }

    fn replay(&mut self, order: &[TaskId]) -> Tracked {
        let mut run = self.start();
        for &task in order {
            let stepped = run.step(task, &mut self.histories);
            debug_assert!(stepped, "a state's own schedule replays");
        }
        run
    }

    fn ending_index(&mut self, ending: Ending) -> usize {
        match self.endings.iter().position(|&e| e == ending) {
            Some(i) => i,
            None => {
                self.endings.push(ending);
                self.endings.len() - 1
            }
        }
    }

    /// Expands up to `states` more states.
    pub fn work(&mut self, states: usize) -> Result<Progress, ExploreError> {
        for _ in 0..states {
            if self.next >= self.states.len() {
                break;
            }
            let id = self.next as u32;
            self.next += 1;
            self.expand(id);
            if self.states.len() > self.bounds.max_states {
                return Err(ExploreError::TooBig {
                    states: self.bounds.max_states,
                });
            }
        }
        Ok(self.progress())
    }

    pub fn progress(&self) -> Progress {
        Progress {
            expanded: self.next,
            states: self.states.len(),
            depth: self
                .states
                .get(self.next.saturating_sub(1))
                .map_or(0, |s| s.depth),
            done: self.next >= self.states.len(),
        }
    }

    fn expand(&mut self, id: u32) {
        let order = self.first_order(id);
        let depth = self.states[id as usize].depth;
        let run = self.replay(&order);
        if let Some(ending) = explored_ending(&run.run) {
            self.states[id as usize].end = Some(self.ending_index(ending));
            return;
        }
        if run.run.longest_unfinished() >= self.bounds.max_task_steps {
            self.states[id as usize].end = Some(self.ending_index(Ending::Unfinished));
            return;
        }
        // Ready tasks with the same key are interchangeable: try one of each.
        let mut groups: Vec<(u64, TaskId, u32)> = Vec::new();
        for task in run.ready() {
            let key = run.task_key(task);
            match groups.iter_mut().find(|(k, _, _)| *k == key) {
                Some(group) => group.2 += 1,
                None => groups.push((key, task, 1)),
            }
        }
        let mut live = Some(run);
        let last = groups.len().saturating_sub(1);
        let mut edges = Vec::with_capacity(groups.len());
        for (i, &(key, task, tasks)) in groups.iter().enumerate() {
            // The last group reuses the run replayed for this state.
            let mut child = match (i == last, live.take()) {
                (true, Some(run)) => run,
                (_, kept) => {
                    live = kept;
                    self.replay(&order)
                }
            };
            child.step(task, &mut self.histories);
            let child_id = self.add_state(child.state_key(), id, task, depth + 1);
            edges.push(Edge {
                task: key,
                tasks,
                child: child_id,
            });
        }
        self.states[id as usize].edges = edges;
    }

    /// Runs [`Explorer::work`] to the end and counts.
    pub fn finish(mut self) -> Result<Exploration, ExploreError> {
        while !self.work(1024)?.done {}
        Ok(self.count())
    }

    /// Every state after all the states it leads to. (The graph has no
    /// cycles: each step adds to the running task's history or ends it.)
    fn children_first(&self) -> Vec<u32> {
        let mut order = Vec::with_capacity(self.states.len());
        let mut visited = vec![false; self.states.len()];
        let mut stack: Vec<(u32, usize)> = vec![(0, 0)];
        visited[0] = true;
        while let Some((state, next_edge)) = stack.pop() {
            let edges = &self.states[state as usize].edges;
            if let Some(edge) = edges.get(next_edge) {
                stack.push((state, next_edge + 1));
                if !visited[edge.child as usize] {
                    visited[edge.child as usize] = true;
                    stack.push((edge.child, 0));
                }
            } else {
                order.push(state);
            }
        }
        order
    }

    /// Counts backwards from the endings: how many schedules lead from each
    /// state to each ending, each state once its children are counted.
    fn count(self) -> Exploration {
        let mut below: Vec<Vec<(usize, Count)>> = vec![Vec::new(); self.states.len()];
        for id in self.children_first() {
            let id = id as usize;
            let state = &self.states[id];
            let mut counts: Vec<(usize, Count)> = Vec::new();
            if let Some(end) = state.end {
                counts.push((end, Count::one()));
            }
            for edge in &state.edges {
                for (ending, count) in &below[edge.child as usize] {
                    match counts.iter_mut().find(|(e, _)| e == ending) {
                        Some((_, total)) => total.add_times(count, edge.tasks),
                        None => {
                            let mut total = Count::zero();
                            total.add_times(count, edge.tasks);
                            counts.push((*ending, total));
                        }
                    }
                }
            }
            below[id] = counts;
        }
        // The shortest schedule to each ending: the first state found with it.
        let mut shortest: Vec<Option<Vec<TaskId>>> = vec![None; self.endings.len()];
        for (id, state) in self.states.iter().enumerate() {
            if let Some(end) = state.end {
                if shortest[end].is_none() {
                    shortest[end] = Some(self.first_order(id as u32));
                }
            }
        }
        let mut totals: Vec<(Ending, Count, TaskOrder)> = below
            .first()
            .map(|root| {
                root.iter()
                    .map(|(e, count)| {
                        let order = shortest[*e].clone().unwrap_or_default();
                        (self.endings[*e], count.clone(), TaskOrder(order))
                    })
                    .collect()
            })
            .unwrap_or_default();
        totals.sort_by_key(|(ending, _, _)| *ending);
        let mut total = Count::zero();
        for (_, count, _) in &totals {
            total.add(count);
        }
        Exploration {
            scenario: self.scenario,
            roles: self.roles,
            states: self.states.len(),
            histories: self.histories.count(),
            history_table: RefCell::new(self.histories),
            graph: self.states.into_iter().map(|s| (s.edges, s.end)).collect(),
            below,
            endings: self.endings,
            outcomes: totals,
            total,
        }
    }
}

/// Counts exactly, with the page's bounds.
pub fn explore(scenario: &Scenario) -> Result<Exploration, ExploreError> {
    Explorer::new(scenario, Bounds::for_scenario(scenario))?.finish()
}

/// Every ending's exact count, and the state graph that drew them (kept for
/// drawing schedules uniformly: [`Exploration::draw`]).
pub struct Exploration {
    pub scenario: Scenario,
    roles: Vec<u32>,
    /// How many merged states the exploration reached.
    pub states: usize,
    /// How many distinct task histories.
    pub histories: usize,
    /// The histories' numbers, which the graph's edges name tasks by.
    history_table: RefCell<Histories>,
    graph: Vec<(Vec<Edge>, Option<usize>)>,
    /// Per state: ending index -> schedules from it to that ending.
    below: Vec<Vec<(usize, Count)>>,
    endings: Vec<Ending>,
    /// Per ending, in order (balances ascending, then deadlock, unfinished):
    /// how many schedules, and the shortest one.
    pub outcomes: Vec<(Ending, Count, TaskOrder)>,
    pub total: Count,
}

impl Exploration {
    pub fn total(&self) -> &Count {
        &self.total
    }

    /// How many schedules end in `ending`.
    pub fn count(&self, ending: Ending) -> Count {
        self.outcomes
            .iter()
            .find(|(e, _, _)| *e == ending)
            .map(|(_, count, _)| count.clone())
            .unwrap_or_default()
    }

    /// Schedules that end at the balance a correct program gives.
    pub fn correct(&self) -> Count {
        self.count(Ending::Balance(self.scenario.expected_balance()))
    }

    /// A schedule drawn uniformly from all of them (`ending: None`), or from
    /// those with `ending`: at each step, a ready task is picked in
    /// proportion to how many schedules go on from where it leads.
    pub fn draw(&self, rng: &mut SeededRng, ending: Option<Ending>) -> Option<TaskOrder> {
        let wanted = match ending {
            Some(e) => Some(self.endings.iter().position(|&x| x == e)?),
            None => None,
        };
        let weight = |state: u32| -> Count {
            let counts = &self.below[state as usize];
            match wanted {
                Some(w) => counts
                    .iter()
                    .find(|(e, _)| *e == w)
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default(),
                None => {
                    let mut total = Count::zero();
                    for (_, c) in counts {
                        total.add(c);
                    }
                    total
                }
            }
        };
        if weight(0).is_zero() {
            return None;
        }
        let mut run = Tracked::new(OrderedRun::new(&self.scenario).ok()?, self.roles.clone());
        let mut histories = self.history_table.borrow_mut();
        let mut state = 0u32;
        loop {
            let (edges, end) = &self.graph[state as usize];
            if edges.is_empty() {
                return end.is_some().then(|| TaskOrder(run.run.order().to_vec()));
            }
            // Each ready task leads where its group's edge does.
            let choices: Vec<(TaskId, u32, Count)> = run
                .ready()
                .into_iter()
                .filter_map(|task| {
                    let key = run.task_key(task);
                    let edge = edges.iter().find(|e| e.task == key)?;
                    Some((task, edge.child, weight(edge.child)))
                })
                .collect();
            let mut sum = Count::zero();
            for (_, _, w) in &choices {
                sum.add(w);
            }
            if sum.is_zero() {
                return None;
            }
            let mut pick = sum.random_below(rng);
            let mut chosen = None;
            for (task, child, w) in choices {
                if pick < w {
                    chosen = Some((task, child));
                    break;
                }
                pick = pick.minus(&w)?;
            }
            let (task, child) = chosen?;
            run.step(task, &mut histories);
            state = child;
        }
    }
}
