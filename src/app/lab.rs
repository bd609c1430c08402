//! The page's side of the lab worker (`crate::lab`, which runs the engine):
//! requests go out as link parameters, answers come back as numbers, and
//! the page rebuilds the account and the recording it shows from them.
//!
//! The worker's code loads only when the page first asks for something.
//! Dropping a [`Lab`] terminates its worker, with everything it had pending.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Float64Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Url, Worker, WorkerOptions, WorkerType};

use crate::sim::account::Account;
use crate::sim::wire::{decode_ending, decode_events};
use crate::sim::{Ending, Event, EventKind, Outcome, Scenario, Schedule};
use crate::view::recording::{Recording, Shared};
use crate::view::settings::Settings;

/// What the lab says back.
pub enum LabNews {
    /// A run computed: the whole of it.
    Run { id: u64, recording: Shared },
    /// A real-timers run as it stands (ended, once its recording says so).
    Live { id: u64, recording: Shared },
    /// A request could not be done, or the worker could not start.
    Failed { id: Option<u64>, why: String },
}

/// A lab worker, and the messages waiting for it to listen.
pub struct Lab {
    worker: Worker,
    waiting: Rc<RefCell<Option<Vec<Object>>>>,
    _listeners: [EventListener; 2],
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The worker's loader, next to the page (any host, any sub-path).
pub fn lab_url() -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    Some(Url::new_with_base("lab_loader.js", &base).ok()?.href())
}

fn get(data: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(data, &key.into())
        .ok()
        .filter(|v| !v.is_undefined())
}

fn numbers(data: &JsValue, key: &str) -> Option<Vec<f64>> {
    Some(get(data, key)?.dyn_into::<Float64Array>().ok()?.to_vec())
}

/// A recording of `events`, with their account worked out again.
fn recording(
    scenario: &Scenario,
    events: Vec<Event>,
    elapsed_ms: u64,
    ending: Option<Ending>,
) -> Shared {
    let account = Account::replay(scenario.initial, &events);
    let finished = events
        .iter()
        .filter(|e| e.kind == EventKind::Finished)
        .count() as u32;
    let ended = ending.is_some();
    let outcome = Outcome::new(
        scenario,
        (events, account),
        elapsed_ms,
        finished,
        ending.unwrap_or(Ending::Completed),
        Schedule::default(),
    );
    Shared(Rc::new(if ended {
        Recording::finished(outcome)
    } else {
        Recording::so_far(outcome)
    }))
}

/// Reads one answer. `live` holds a real-timers run's events so far.
fn read(data: &JsValue, live: &RefCell<Vec<Event>>) -> LabNews {
    let id = get(data, "id")
        .and_then(|v| v.as_f64())
        .filter(|&id| id >= 0.0)
        .map(|id| id as u64);
    let text = |key: &str| get(data, key).and_then(|v| v.as_string());
    let kind = text("kind");
    let failed = |why: &str| LabNews::Failed {
        id,
        why: why.to_owned(),
    };
    let (Some(id_now), Some(kind @ ("run" | "live"))) = (id, kind.as_deref()) else {
        return failed(&text("message").unwrap_or_else(|| "the lab could not do it".to_owned()));
    };
    let Some(events) = numbers(data, "events").and_then(|n| decode_events(&n)) else {
        return failed("the lab sent events the page cannot read");
    };
    let ending = numbers(data, "ending").and_then(|n| decode_ending(&n));
    let elapsed = get(data, "elapsed_ms")
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u64;
    let scenario = crate::web::scenario_from_query(&text("query").unwrap_or_default());
    if kind == "run" {
        return LabNews::Run {
            id: id_now,
            recording: recording(
                &scenario,
                events,
                elapsed,
                Some(ending.unwrap_or(Ending::Completed)),
            ),
        };
    }
    let mut so_far = live.borrow_mut();
    so_far.extend(events);
    LabNews::Live {
        id: id_now,
        recording: recording(&scenario, so_far.clone(), elapsed, ending),
    }
}

impl Lab {
    /// Starts a lab worker; `news` hears its answers.
    pub fn start(news: impl Fn(LabNews) + 'static) -> Option<Self> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&lab_url()?, &options).ok()?;
        let waiting = Rc::new(RefCell::new(Some(Vec::<Object>::new())));
        let news = Rc::new(news);
        let on_failure = Rc::clone(&news);
        let queue = Rc::clone(&waiting);
        let live = RefCell::new(Vec::new());
        let on_message = EventListener::new(&worker, "message", move |event| {
            let Some(data) = event.dyn_ref::<MessageEvent>().map(MessageEvent::data) else {
                return;
            };
            if get(&data, "kind").and_then(|k| k.as_string()).as_deref() == Some("ready") {
                // The lab listens now: send what waited for it.
                let sent = queue.borrow_mut().take().unwrap_or_default();
                let target = event.target().and_then(|t| t.dyn_into::<Worker>().ok());
                for message in sent {
                    if target
                        .as_ref()
                        .is_none_or(|w| w.post_message(&message).is_err())
                    {
                        news(LabNews::Failed {
                            id: None,
                            why: "the page could not reach the lab".to_owned(),
                        });
                    }
                }
                return;
            }
            news(read(&data, &live));
        });
        let on_error = EventListener::new(&worker, "error", move |_| {
            on_failure(LabNews::Failed {
                id: None,
                why: "the lab worker could not start".to_owned(),
            });
        });
        Some(Self {
            worker,
            waiting,
            _listeners: [on_message, on_error],
        })
    }

    /// Asks the lab for `kind` ("run" or "live") of `settings`, as run `id`.
    pub fn ask(&self, kind: &str, id: u64, settings: &Settings) {
        let message = Object::new();
        let _ = Reflect::set(&message, &"kind".into(), &kind.into());
        let _ = Reflect::set(&message, &"id".into(), &(id as f64).into());
        let query = crate::web::query_string(&settings.run_pairs());
        let _ = Reflect::set(&message, &"query".into(), &query.into());
        if let Some(waiting) = self.waiting.borrow_mut().as_mut() {
            waiting.push(message);
            return;
        }
        let _ = self.worker.post_message(&message);
    }
}
