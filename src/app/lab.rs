//! The page's side of the lab worker (`crate::lab`, which runs the engine):
//! one client, [`Lab`], for runs, real-timers runs and the explorer. It
//! speaks [`crate::lab::protocol`]: typed requests out, typed answers back.
//!
//! The worker's code loads only when the page first asks for something.
//! Requests wait until the worker says it is ready. Dropping a [`Lab`]
//! terminates its worker, with everything it had pending.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::Float64Array;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Url, Worker, WorkerOptions, WorkerType};

use crate::lab::protocol::{Answer, Request};
use crate::sim::account::Account;
use crate::sim::{Ending, Event, EventKind, Outcome, Schedule};
use crate::view::recording::{Recording, Shared};
use crate::view::settings::Settings;

/// A lab worker, and the requests waiting for it to listen.
pub struct Lab {
    worker: Worker,
    waiting: Rc<RefCell<Option<Vec<Float64Array>>>>,
    _listeners: [EventListener; 2],
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The worker's loader, next to the page (any host, any sub-path).
fn lab_url() -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    Some(Url::new_with_base("lab_loader.js", &base).ok()?.href())
}

fn post(worker: &Worker, message: &Float64Array) -> bool {
    worker.post_message(message).is_ok()
}

fn failed(why: &str) -> Answer {
    Answer::Failed {
        id: None,
        why: why.to_owned(),
    }
}

impl Lab {
    /// Starts a lab worker; `hear` hears its answers, and as
    /// [`Answer::Failed`] a worker that cannot start or be reached, or a
    /// message the page cannot read.
    pub fn start(hear: impl Fn(Answer) + 'static) -> Option<Self> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&lab_url()?, &options).ok()?;
        let waiting = Rc::new(RefCell::new(Some(Vec::new())));
        let hear = Rc::new(hear);
        let on_failure = Rc::clone(&hear);
        let queue = Rc::clone(&waiting);
        let on_message = EventListener::new(&worker, "message", move |event| {
            let answer = event
                .dyn_ref::<MessageEvent>()
                .and_then(|event| event.data().dyn_into::<Float64Array>().ok())
                .and_then(|numbers| Answer::decode(&numbers.to_vec()).ok());
            match answer {
                // The lab listens now: send what waited for it.
                Some(Answer::Ready) => {
                    let target = event.target().and_then(|t| t.dyn_into::<Worker>().ok());
                    for message in queue.borrow_mut().take().unwrap_or_default() {
                        if !target.as_ref().is_some_and(|w| post(w, &message)) {
                            hear(failed("the page could not reach the lab"));
                        }
                    }
                }
                Some(answer) => hear(answer),
                None => hear(failed("the lab sent a message the page cannot read")),
            }
        });
        let on_error = EventListener::new(&worker, "error", move |_| {
            on_failure(failed("the lab worker could not start"));
        });
        Some(Self {
            worker,
            waiting,
            _listeners: [on_message, on_error],
        })
    }

    /// Sends `request`, once the lab listens.
    pub fn ask(&self, request: Request) {
        let message = Float64Array::from(&request.encode()[..]);
        if let Some(waiting) = self.waiting.borrow_mut().as_mut() {
            waiting.push(message);
            return;
        }
        post(&self.worker, &message);
    }
}

/// What the lab says of runs.
pub enum LabNews {
    /// A run computed: the whole of it.
    Run { id: u64, recording: Shared },
    /// A real-timers run as it stands (ended, once its recording says so).
    Live { id: u64, recording: Shared },
    /// A request could not be done, or the worker could not start.
    Failed { id: Option<u64>, why: String },
}

/// The request for run `id` of `settings`: on real timers (`live`), or simulated.
pub fn run_request(live: bool, id: u64, settings: &Settings) -> Request {
    let query = crate::web::query_string(&settings.run_pairs());
    if live {
        Request::Live { id, query }
    } else {
        Request::Run { id, query }
    }
}

/// A recording of `events` of the run `query` describes, with their
/// account worked out again.
fn recording(query: &str, events: Vec<Event>, elapsed_ms: u64, ending: Option<Ending>) -> Shared {
    let scenario = &crate::web::scenario_from_query(query);
    let account = Account::replay(scenario.initial, &events);
    let finished = events
        .iter()
        .filter(|e| e.kind == EventKind::Finished)
        .count() as u32;
    let outcome = Outcome::new(
        scenario,
        (events, account),
        elapsed_ms,
        finished,
        ending,
        Schedule::default(),
    );
    Shared(Rc::new(Recording::new(outcome)))
}

/// Starts a lab for simulated runs: `news` hears each run's recording,
/// rebuilt from its events.
pub fn start_runs(news: impl Fn(LabNews) + 'static) -> Option<Lab> {
    Lab::start(move |answer| match answer {
        Answer::Run {
            id,
            query,
            events,
            elapsed_ms,
            ending,
        } => news(LabNews::Run {
            id,
            recording: recording(&query, events, elapsed_ms, ending),
        }),
        Answer::Failed { id, why } => news(LabNews::Failed { id, why }),
        // Never asked for here.
        _ => {}
    })
}

/// Starts a lab for one real-timers run: `news` hears its recording as it
/// stands after each report (the events gathered as they come; ended once
/// a report has the run's ending).
pub fn start_live(news: impl Fn(LabNews) + 'static) -> Option<Lab> {
    let so_far = RefCell::new(Vec::new());
    Lab::start(move |answer| match answer {
        Answer::Live {
            id,
            query,
            events,
            elapsed_ms,
            ending,
        } => {
            so_far.borrow_mut().extend(events);
            let events = so_far.borrow().clone();
            news(LabNews::Live {
                id,
                recording: recording(&query, events, elapsed_ms, ending),
            });
        }
        Answer::Failed { id, why } => news(LabNews::Failed { id, why }),
        // Never asked for here.
        _ => {}
    })
}
