//! The code pane: the strategy's Rust (the code that runs) and the article's
//! Python, with how many tasks stand on each line.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sim::Strategy;
use crate::view::code_lines::{
    find_spots, gutter, is_comment, tasks_on_lines, without_comments, Language,
};
use crate::view::recording::Counts;

#[derive(Properties, PartialEq)]
pub struct CodeProps {
    pub strategy: Strategy,
    /// How many tasks are at each spot now.
    pub counts: Counts,
    /// Leave out the comments (they give a lesson's answer away).
    pub hide_docs: bool,
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
    /// Tasks on each line.
    on_lines: Vec<u32>,
}

/// A node per line. It renders only when a line's count changes: while all
/// the tasks wait on one line, frame after frame costs nothing here.
#[function_component(CodeLines)]
fn code_lines(props: &LinesProps) -> Html {
    html! {
        <pre class="source" tabindex="0" data-testid="code"><code>
            { for props.code.0.lines().enumerate().map(|(i, line)| {
                let tasks = props.on_lines.get(i).copied().unwrap_or(0);
                let class = match (tasks > 0, is_comment(line)) {
                    (true, _) => "line active",
                    (false, true) => "line comment",
                    (false, false) => "line",
                };
                html! {
                    <span {class}>
                        <span class="gutter" aria-hidden={(tasks == 0).then_some("true")}>{gutter(tasks)}</span>
                        <span class="text">{line.to_owned()}{"\n"}</span>
                    </span>
                }
            }) }
        </code></pre>
    }
}

#[function_component(CodePane)]
pub fn code_pane(props: &CodeProps) -> Html {
    let python = use_state(|| false);
    let language = if *python {
        Language::Python
    } else {
        Language::Rust
    };
    let info = props.strategy.info();
    let source = match language {
        Language::Rust => info.rust,
        Language::Python => info.python,
    };
    // The text shown, and where its marked lines are, change with the
    // strategy and the tab, not with the frame.
    let code = use_memo(
        (source, language, props.hide_docs),
        |&(source, language, hide)| {
            let shown = if hide {
                without_comments(source, language)
            } else {
                source.to_owned()
            };
            let spots = find_spots(&shown, language);
            let lines = shown.lines().count();
            (shown, spots, lines)
        },
    );
    let (_, spots, lines) = &*code;
    let on_lines = tasks_on_lines(*lines, spots, &props.counts);
    let tab = |is_python: bool, label: &'static str| {
        let selected = *python == is_python;
        let onclick = {
            let python = python.clone();
            Callback::from(move |_| python.set(is_python))
        };
        // Left and right arrows move between the two tabs (the tab pattern).
        let onkeydown = {
            let python = python.clone();
            Callback::from(move |event: KeyboardEvent| {
                if matches!(event.key().as_str(), "ArrowLeft" | "ArrowRight") {
                    event.prevent_default();
                    python.set(!is_python);
                    focus_by_id(if is_python { "tab-rust" } else { "tab-python" });
                }
            })
        };
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                id={if is_python { "tab-python" } else { "tab-rust" }}
                tabindex={if selected { "0" } else { "-1" }}
                class={crate::app::store::class("tab", &[(selected, "active")])} {onclick} {onkeydown}>{label}</button>
        }
    };
    html! {
        <section class="code" aria-label="Code">
            <div class="tabs" role="tablist" aria-label="Language">
                { tab(false, "Rust (runs here)") }
                { tab(true, "Python (the article)") }
            </div>
            <CodeLines code={code.clone()} {on_lines} />
        </section>
    }
}
