//! The code pane: the article's Python, filled in with the run's settings,
//! and the strategy's Rust (the code that runs), with how many tasks stand
//! on each line, who queues at a lock, and the line the newest event ran.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sim::Strategy;
use crate::view::code_lines::{
    find_spots, gutter, is_comment, line_of, tasks_on_lines, without_comments, Language, OnLine,
};
use crate::view::program::python_from;
use crate::view::recording::{Counts, Phase, Spot};
use crate::view::state::settings::SettingsState;
use crate::view::text::grouped;

#[derive(Properties, PartialEq)]
pub struct CodeProps {
    pub strategy: Strategy,
    /// The settings the Python is filled in with.
    pub settings: Rc<SettingsState>,
    /// How many tasks are at each spot now.
    pub counts: Counts,
    /// Where the task of the newest event stands.
    pub current: Option<Spot>,
    /// Leave out the comments (they give a lesson's answer away).
    pub hide_docs: bool,
    /// What to notice in this program (hidden with the comments).
    pub about: Html,
    /// The Rust the strategy runs; `None` in the playground, whose Rust
    /// tab asks for the full app (`want_rust`), which opens on that tab
    /// (`rust_first`).
    pub rust: Option<&'static str>,
    /// The strategy's Python template (the playground's own programs only).
    pub python: &'static str,
    pub rust_first: bool,
    pub want_rust: Callback<()>,
    /// Edit the Python: the learner's own program (the full app's editor).
    pub want_edit: Callback<()>,
}

fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

#[derive(Properties, PartialEq)]
struct LinesProps {
    /// The text shown, its marked lines, and how many lines it has.
    code: Rc<(String, [Option<usize>; 5], usize)>,
    /// Who stands on each line.
    on_lines: Vec<OnLine>,
    /// The line the newest event ran.
    current: Option<usize>,
}

/// A node per line. It renders only when a line's count changes: while all
/// the tasks wait on one line, frame after frame costs nothing here.
#[function_component(CodeLines)]
fn code_lines(props: &LinesProps) -> Html {
    html! {
        <pre class="source" tabindex="0" data-testid="code"><code>
            { for props.code.0.lines().enumerate().map(|(i, line)| {
                let on = props.on_lines.get(i).copied().unwrap_or_default();
                let current = props.current == Some(i);
                // A wrapped line hangs past its own indentation (a class per
                // depth: no inline style under a strict CSP). One text node
                // per line, so the code copies with its indentation.
                let depth = (line.len() - line.trim_start().len()) / 4;
                let text_class = ["text", "text i1", "text i2", "text i3"][depth.min(3)];
                let class = crate::app::store::class(
                    if is_comment(line) { "line comment" } else { "line" },
                    &[(on.any(), "active"), (current, "current")],
                );
                html! {
                    <span {class} data-tasks={on.tasks.to_string()} data-queued={on.queued.to_string()}>
                        <span class="gutter" aria-hidden={(!on.any()).then_some("true")}>{gutter(on)}</span>
                        <span class={text_class}>{line.to_owned()}{"\n"}</span>
                    </span>
                }
            }) }
        </code></pre>
    }
}

#[function_component(CodePane)]
pub fn code_pane(props: &CodeProps) -> Html {
    // The learner came from a Python article: Python first.
    let python_tab = use_state(|| !(props.rust_first && props.rust.is_some()));
    let language = if *python_tab {
        Language::Python
    } else {
        Language::Rust
    };
    // The text shown, and where its marked lines are, change with the
    // settings and the tab, not with the frame.
    let code = use_memo(
        (
            props.settings.clone(),
            props.strategy,
            language,
            props.hide_docs,
            props.rust,
            props.python,
        ),
        |(settings, _, language, hide, rust, python)| {
            let source = match (language, rust) {
                (Language::Rust, Some(rust)) => (*rust).to_owned(),
                _ => python_from(python, &settings.settings.scenario),
            };
            let shown = if *hide {
                without_comments(&source, *language)
            } else {
                source
            };
            let spots = find_spots(&shown, *language);
            let lines = shown.lines().count();
            (shown, spots, lines)
        },
    );
    let (_, spots, lines) = &*code;
    let on_lines = tasks_on_lines(*lines, spots, &props.counts);
    let current = props.current.and_then(|spot| line_of(spot, spots));
    let tab = |is_python: bool, label: &'static str| {
        let selected = *python_tab == is_python;
        // Showing the Rust, where the playground has none, loads the full app.
        let show = {
            let python_tab = python_tab.clone();
            let want_rust = (props.rust.is_none()).then(|| props.want_rust.clone());
            move |python: bool| match (&want_rust, python) {
                (Some(want_rust), false) => want_rust.emit(()),
                _ => python_tab.set(python),
            }
        };
        let onclick = {
            let show = show.clone();
            Callback::from(move |_| show(is_python))
        };
        // Left and right arrows move between the two tabs (the tab pattern).
        let onkeydown = Callback::from(move |event: KeyboardEvent| {
            if matches!(event.key().as_str(), "ArrowLeft" | "ArrowRight") {
                event.prevent_default();
                show(!is_python);
                focus_by_id(if is_python { "tab-rust" } else { "tab-python" });
            }
        });
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                id={if is_python { "tab-python" } else { "tab-rust" }}
                tabindex={if selected { "0" } else { "-1" }} data-testid={if is_python { "tab-python" } else { "tab-rust" }}
                class={crate::app::store::class("tab", &[(selected, "active")])} {onclick} {onkeydown}>{label}</button>
        }
    };
    let done = props.counts.spot(Spot::Done);
    let waiting = props.counts.phase(Phase::NotStarted);
    html! {
        <section class="code" aria-label="Code">
            <div class="code-bar">
                <div class="tabs" role="tablist" aria-label="Language">
                    { tab(true, "Python (as CPython runs it)") }
                    { tab(false, "Rust (runs here)") }
                </div>
                <span class="code-actions">
                    // The "Fix it" exercises, from the first load: a link
                    // (the full app opens it), not code carried here.
                    if !props.settings.settings.embed {
                        <a href="?exercise=unsafe-credit" data-testid="exercises-link">{"Exercises"}</a>
                    }
                    <button type="button" class="edit" data-testid="program-edit"
                        onclick={props.want_edit.reform(|_| ())}>{"Edit"}</button>
                </span>
            </div>
            if !props.hide_docs {
                <p class="about">{props.about.clone()}</p>
            }
            <CodeLines code={code.clone()} {on_lines} {current} />
            <p class="code-foot" data-testid="code-foot">
                <span>{"not started: "}<strong>{grouped(u64::from(waiting))}</strong></span>
                <span>{"done: "}<strong data-testid="done">{grouped(u64::from(done))}</strong></span>
            </p>
        </section>
    }
}
