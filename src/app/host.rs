//! The page's conversation with the world around it: its link (kept in step
//! with the settings), the browser's Back and Forward, localStorage for the
//! lesson, and `postMessage` to a page that embeds it.
//!
//! Messages to the host page are plain objects with `source: "racecourse"`:
//! `ready`; `run-started` when a run starts (or resumes) playing;
//! `run-finished` with strategy, tasks, final, expected, lost and
//! elapsed_ms; `verdict` (goal, status, text) when the explorer has judged
//! the goal of the learner's program; `resize` with the content height.
//! `static/embed.js` is the host side.

use gloo_events::EventListener;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::ResizeObserver;

use crate::view::lesson::Progress;
use crate::view::settings::{Notice, Settings};
use crate::view::state::results::ResultRow;
use crate::view::text::ending_text;

const PROGRESS_KEY: &str = "racecourse.lesson";

/// Settings from the page's own link (`?tasks=5&strategy=lock`).
pub fn settings_from_location() -> (Settings, Vec<Notice>) {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let pairs = crate::web::query_pairs(&search);
    Settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// `?strategy=...&tasks=...`.
pub fn query(settings: &Settings) -> String {
    format!("?{}", crate::web::query_string(&settings.to_pairs()))
}

/// The whole playground for what an embed shows: its link without `embed`.
pub fn full_link(settings: &Settings) -> String {
    let full = Settings {
        embed: false,
        ..settings.clone()
    };
    format!("{}{}", page_address(), query(&full))
}

/// Watches for the page coming into view; disconnects when dropped.
pub struct SeenWatch {
    observer: web_sys::IntersectionObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for SeenWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `on_seen` when any of the app is on screen: in an iframe, when the
/// host page has scrolled it into view. `None` where the browser cannot
/// tell (then the page counts as seen).
pub fn when_seen(on_seen: impl Fn() + 'static) -> Option<SeenWatch> {
    let target = web_sys::window()?.document()?.get_element_by_id("app")?;
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
        move |entries: js_sys::Array| {
            let seen = entries.iter().any(|entry| {
                Reflect::get(&entry, &"isIntersecting".into())
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false)
            });
            if seen {
                on_seen();
            }
        },
    );
    let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&target);
    Some(SeenWatch {
        observer,
        _callback: callback,
    })
}

/// The page's address without query or fragment.
pub fn page_address() -> String {
    web_sys::window()
        .map(|w| {
            let location = w.location();
            format!(
                "{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// Puts the settings in the address bar: a new history entry when the
/// lesson step changed (so Back returns to the previous step), otherwise a
/// replacement.
pub fn sync_location(settings: &Settings, new_entry: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let target = query(settings);
    if window.location().search().ok().as_deref() == Some(target.as_str()) {
        return;
    }
    let url = format!("{}{target}", page_address());
    let _ = if new_entry {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// Calls `on_change` when the browser's Back or Forward changes the address.
pub fn on_history(on_change: impl Fn() + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "popstate", move |_| {
        on_change()
    }))
}

pub fn load_progress() -> Option<Progress> {
    let storage = web_sys::window()?.local_storage().ok()??;
    Progress::decode(&storage.get_item(PROGRESS_KEY).ok()??)
}

pub fn save_progress(progress: &Progress) {
    // Private browsing may refuse storage; the lesson works without it.
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(PROGRESS_KEY, &progress.encode());
    }
}

fn embedded() -> bool {
    web_sys::window().is_some_and(|w| match (w.parent(), w.self_()) {
        (Ok(Some(parent)), this) => !Object::is(&parent, &this),
        _ => false,
    })
}

fn message(kind: &str, fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    let _ = Reflect::set(&object, &"source".into(), &"racecourse".into());
    let _ = Reflect::set(&object, &"type".into(), &kind.into());
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object
}

/// Posts to the embedding page, if there is one. `*`: the host may be on
/// any origin, and nothing sent is private.
fn post(message: &Object) {
    if !embedded() {
        return;
    }
    if let Some(Ok(Some(parent))) = web_sys::window().map(|w| w.parent()) {
        let _ = parent.post_message(message, "*");
    }
}

/// The learner's program, for the host page that asked (`get-program`):
/// its text, or `null` for the built-in program.
pub fn post_program(program: Option<&str>, goal: Option<&crate::view::goal::Goal>) {
    let text = program.map_or(JsValue::NULL, JsValue::from);
    let goal = goal.map_or(JsValue::NULL, |g| JsValue::from(g.to_link()));
    post(&message("program", &[("program", text), ("goal", goal)]));
}

/// What the host page asks of the full app.
pub enum HostRequest {
    /// `{ source: "racecourse-host", type: "set-program", program, goal? }`:
    /// the text to run, and a goal (as `goal=` writes it) to check it by.
    SetProgram(String, Option<String>),
    /// `type: "get-program"`: say which program runs, and its goal.
    GetProgram,
}

/// The host page's request in `event`, if it is one.
pub fn host_request(event: &web_sys::MessageEvent) -> Option<HostRequest> {
    let window = web_sys::window()?;
    // From the host page, or re-posted by the page's own loader.
    let from = JsValue::from(event.source()?);
    let parent = window.parent().ok().flatten().map(JsValue::from);
    if !(parent.is_some_and(|p| p == from) || JsValue::from(window) == from) {
        return None;
    }
    let data = event.data();
    let field = |name: &str| Reflect::get(&data, &name.into()).ok()?.as_string();
    if field("source").as_deref() != Some("racecourse-host") {
        return None;
    }
    match field("type").as_deref()? {
        "set-program" => Some(HostRequest::SetProgram(field("program")?, field("goal"))),
        "get-program" => Some(HostRequest::GetProgram),
        _ => None,
    }
}

/// The explorer's verdict on the goal of the learner's program: `verdict`
/// with goal (as in links), status (`proven`, `counterexample`,
/// `unproven`) and text.
pub fn post_verdict(goal: &crate::view::goal::Goal, verdict: &crate::view::goal::Verdict) {
    post(&message(
        "verdict",
        &[
            ("goal", goal.to_link().into()),
            ("status", verdict.status().into()),
            ("text", verdict.text().into()),
        ],
    ));
}

pub fn post_ready() {
    post(&message("ready", &[]));
}

pub fn post_run_started() {
    post(&message("run-started", &[]));
}

pub fn post_run_finished(row: &ResultRow) {
    post(&message(
        "run-finished",
        &[
            (
                "strategy",
                if row.program {
                    "program"
                } else {
                    row.strategy.slug()
                }
                .into(),
            ),
            ("tasks", row.tasks.into()),
            ("final", (row.final_balance as f64).into()),
            ("expected", (row.expected as f64).into()),
            ("lost", (row.lost as f64).into()),
            ("elapsed_ms", (row.elapsed_ms as f64).into()),
            ("ending", ending_text(&row.ending).into()),
            ("real_timers", row.real_timers.into()),
            ("fingerprint", format!("{:016x}", row.fingerprint).into()),
        ],
    ));
}

/// Tells the host page the content's height whenever it changes.
pub struct ResizeReporter {
    observer: ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(JsValue)>,
}

impl ResizeReporter {
    pub fn start() -> Option<Self> {
        if !embedded() {
            return None;
        }
        let document = web_sys::window()?.document()?;
        let root = document.document_element()?;
        let measured = root.clone();
        let mut last = -1;
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| {
            let height = measured.scroll_height();
            if height != last {
                last = height;
                post(&message("resize", &[("height", height.into())]));
            }
        });
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(&root);
        if let Some(body) = document.body() {
            observer.observe(&body);
        }
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for ResizeReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Writes `text` to the clipboard; false where the browser refuses (no
/// secure context, no permission), so the caller shows it to copy by hand.
pub fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    if !window.is_secure_context() {
        return false;
    }
    // The text is also shown for copying by hand, so the promise's result
    // is not waited for.
    let _ = window.navigator().clipboard().write_text(text);
    true
}
