//! The interpreter of the learner's programs, for the full app: the
//! program lab's module (`src/bin/pylab.rs`), instantiated on the page's
//! own thread beside the full app's, and called synchronously once loaded.
//! The full app does not carry the interpreter (about 110 KB gzipped): it
//! loads this module the first time it has a learner's program to run.
//! `static/boot.js` imports it (`window.racecourseInterpreter`).

use std::cell::RefCell;

use js_sys::{Float64Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

enum Module {
    Loading(Vec<Box<dyn FnOnce()>>),
    Ready(JsValue),
    Failed(String),
}

thread_local! {
    static MODULE: RefCell<Option<Module>> = const { RefCell::new(None) };
}

async fn load() -> Result<JsValue, JsValue> {
    let window: JsValue = web_sys::window().ok_or("no window")?.into();
    let import: Function = Reflect::get(&window, &"racecourseInterpreter".into())?.dyn_into()?;
    let promise: Promise = import.call0(&JsValue::NULL)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// What the interpreter is doing.
pub enum Interpreter {
    /// Loading; what was asked runs when it is ready.
    Loading,
    Ready,
    Failed(String),
}

/// Whether the interpreter can run now; if not, starts loading it (once)
/// and calls `then` once it is ready (or could not load).
pub fn interpreter(then: impl FnOnce() + 'static) -> Interpreter {
    MODULE.with(|module| {
        let mut module = module.borrow_mut();
        match &mut *module {
            Some(Module::Ready(_)) => Interpreter::Ready,
            Some(Module::Failed(why)) => Interpreter::Failed(why.clone()),
            Some(Module::Loading(waiting)) => {
                waiting.push(Box::new(then));
                Interpreter::Loading
            }
            None => {
                *module = Some(Module::Loading(vec![Box::new(then)]));
                wasm_bindgen_futures::spawn_local(async {
                    let loaded = match load().await {
                        Ok(loaded) => Module::Ready(loaded),
                        Err(_) => Module::Failed(
                            "the interpreter could not be loaded; try reloading the page"
                                .to_owned(),
                        ),
                    };
                    let waiting = MODULE.with(|module| match module.borrow_mut().replace(loaded) {
                        Some(Module::Loading(waiting)) => waiting,
                        _ => Vec::new(),
                    });
                    for then in waiting {
                        then();
                    }
                });
                Interpreter::Loading
            }
        }
    })
}

/// Runs a request (`view::learner::run_request`) on the loaded interpreter:
/// the run as numbers (`LearnerRun::encode`), or `None` before it is loaded.
pub fn run(request: &str) -> Option<Vec<f64>> {
    let module = MODULE.with(|module| match &*module.borrow() {
        Some(Module::Ready(module)) => Some(module.clone()),
        _ => None,
    })?;
    let run: Function = Reflect::get(&module, &"run_learner".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let numbers: Float64Array = run
        .call1(&JsValue::NULL, &request.into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some(numbers.to_vec())
}
