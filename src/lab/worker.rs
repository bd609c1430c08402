//! The worker's side of the protocol ([`super::protocol`]): read each
//! request, do it, post the answers.

use std::cell::RefCell;

use js_sys::Float64Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::explore;
use super::live::{LiveRun, Report};
use super::protocol::{Answer, Packed, Request};
use crate::sim::{simulate_with, Fifo};
use crate::view::state::run::PAGE_LIMITS;

thread_local! {
    /// The real-timers run in progress, if any; a new one replaces (cancels) it.
    static LIVE: RefCell<Option<LiveRun>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(answer: &Answer) {
    let _ = scope().post_message(&Float64Array::from(&answer.encode()[..]));
}

fn fail(id: Option<u64>, why: String) {
    post(&Answer::Failed { id, why });
}

fn run(id: u64, query: String) {
    let scenario = crate::web::scenario_from_query(&query);
    match simulate_with(&scenario, &mut Fifo, PAGE_LIMITS) {
        Ok(outcome) => post(&Answer::Run {
            id,
            query,
            events: outcome.trace,
            elapsed_ms: outcome.elapsed_ms,
            ending: outcome.ending,
        }),
        Err(error) => fail(Some(id), error.to_string()),
    }
}

fn live(id: u64, query: String) {
    let scenario = crate::web::scenario_from_query(&query);
    let report = move |report: Report| {
        post(&Answer::Live {
            id,
            query: query.clone(),
            events: report.new_events.to_vec(),
            elapsed_ms: report.elapsed_ms,
            ending: report.ending,
        });
    };
    let started = LiveRun::start(scenario, report);
    if started.is_none() {
        fail(Some(id), "the run's settings were refused".to_owned());
    }
    LIVE.with(|slot| *slot.borrow_mut() = started);
}

fn handle(data: JsValue) {
    let request = data
        .dyn_into::<Float64Array>()
        .ok()
        .and_then(|numbers| Request::decode(&numbers.to_vec()).ok());
    match request {
        Some(Request::Run { id, query }) => run(id, query),
        Some(Request::Live { id, query }) => live(id, query),
        Some(Request::Explore { query }) => {
            let scenario = crate::web::scenario_from_query(&query);
            let explored = explore::summary(&scenario, js_sys::Date::now, |report| {
                post(&report);
            });
            post(&Answer::Explored(Packed::new(&explored)));
        }
        Some(Request::Draw { id, ending }) => match explore::draw(ending, id) {
            Some(order) => post(&Answer::Drawn { id, order }),
            None => fail(Some(id), format!("no schedule ends at {}", ending.key())),
        },
        None => fail(None, "the lab could not read a request".to_owned()),
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
    crate::view::full_links::register_for_lab();
    let on_message =
        Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| handle(event.data()));
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&Answer::Ready);
}
