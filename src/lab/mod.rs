//! The lab: the engine, in a Web Worker. The page is pure UI; it asks the
//! lab to run things, and the lab answers with events, as numbers
//! ([`crate::sim::wire`]), from which the page builds what it shows. Nothing
//! the engine does can freeze the page, and the engine's code is not part
//! of the page's first load: the page starts the lab when it first needs a run.
//!
//! The protocol (plain objects, `postMessage`):
//! - the lab says `{kind: "ready"}` once it listens (a message sent before
//!   that could arrive while the worker's module is still loading, and be lost);
//! - `{kind: "run", id, query}`: simulate the run the link parameters
//!   `query` describe. Answer `{kind: "run", id, query, events, ending,
//!   elapsed_ms, finished}` (`events` and `ending` as `Float64Array`s);
//! - `{kind: "live", id, query}`: play it on real timers (`setTimeout` is the
//!   browser's, here as anywhere). Answer, as it goes, `{kind: "live", id,
//!   query, events, elapsed_ms, finished}` with the new events, the last
//!   answer with `ending` too;
//! - `{kind: "explore", id, query}` and `{kind: "draw", id, ending}`: the
//!   schedule explorer ([`explore`]);
//! - `{kind: "error", id, message}` when a request cannot be done.

pub mod explore;
pub mod live;

use std::cell::RefCell;

use js_sys::{Float64Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::sim::wire::{encode_ending, encode_events};
use crate::sim::{simulate_with, Fifo};
use crate::view::state::run::PAGE_LIMITS;
use live::{LiveRun, Report};

thread_local! {
    /// The real-timers run in progress, if any; a new one replaces (cancels) it.
    static LIVE: RefCell<Option<LiveRun>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

fn numbers(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}

/// Posts `{kind, id, query, ...}`; `fill` adds the rest.
fn post(kind: &str, id: f64, query: &str, fill: impl FnOnce(&Object)) {
    let message = Object::new();
    set(&message, "kind", &kind.into());
    set(&message, "id", &id.into());
    set(&message, "query", &query.into());
    fill(&message);
    let _ = scope().post_message(&message);
}

fn fail(id: f64, query: &str, why: String) {
    post("error", id, query, |m| set(m, "message", &why.into()));
}

fn run(id: f64, query: &str) {
    match simulate_with(
        &crate::web::scenario_from_query(query),
        &mut Fifo,
        PAGE_LIMITS,
    ) {
        Ok(outcome) => post("run", id, query, |m| {
            set(m, "events", &numbers(&encode_events(&outcome.trace)));
            set(m, "ending", &numbers(&encode_ending(&outcome.ending)));
            set(m, "elapsed_ms", &(outcome.elapsed_ms as f64).into());
            set(m, "finished", &outcome.finished_tasks.into());
        }),
        Err(error) => fail(id, query, error.to_string()),
    }
}

fn live(id: f64, query: &str) {
    let echo = query.to_owned();
    let report = move |report: Report| {
        post("live", id, &echo, |m| {
            set(m, "events", &numbers(&encode_events(report.new_events)));
            set(m, "elapsed_ms", &(report.elapsed_ms as f64).into());
            if let Some(ending) = &report.ending {
                set(m, "ending", &numbers(&encode_ending(ending)));
            }
        });
    };
    let started = LiveRun::start(crate::web::scenario_from_query(query), report);
    if started.is_none() {
        fail(id, query, "the run's settings were refused".to_owned());
    }
    LIVE.with(|slot| *slot.borrow_mut() = started);
}

fn explore(id: f64, query: &str) {
    let scenario = crate::web::scenario_from_query(query);
    let json = explore::summary(&scenario, js_sys::Date::now, |report| match report {
        explore::Report::Counting { expanded, states } => post("progress", id, "", |m| {
            set(m, "expanded", &(expanded as f64).into());
            set(m, "states", &(states as f64).into());
        }),
        explore::Report::Partial(json) => {
            post("explored", id, query, |m| set(m, "json", &json.into()));
        }
    });
    post("explored", id, query, |m| set(m, "json", &json.into()));
}

fn draw(id: f64, ending: &str) {
    match explore::draw(ending, id as u64) {
        Some(order) => post("drawn", id, "", |m| set(m, "order", &order.into())),
        None => fail(id, "", format!("no schedule ends at {ending}")),
    }
}

fn handle(data: JsValue) {
    let text = |key: &str| {
        Reflect::get(&data, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let id = Reflect::get(&data, &"id".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(-1.0);
    let query = text("query").unwrap_or_default();
    match text("kind").as_deref() {
        Some("run") => run(id, &query),
        Some("live") => live(id, &query),
        Some("explore") => explore(id, &query),
        Some("draw") => draw(id, &text("ending").unwrap_or_default()),
        other => fail(id, &query, format!("unknown request {other:?}")),
    }
}

/// The worker's entry point: answer the page's messages. (Loaded on a page
/// instead, by the browser benchmark, it does nothing.)
pub fn worker_main() {
    if js_sys::global()
        .dyn_ref::<DedicatedWorkerGlobalScope>()
        .is_none()
    {
        return;
    }
    crate::view::full_links::register();
    let on_message =
        Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| handle(event.data()));
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let ready = Object::new();
    set(&ready, "kind", &"ready".into());
    let _ = scope().post_message(&ready);
}
