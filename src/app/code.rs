//! The code pane: the strategy's Rust (the code that runs) and the article's
//! Python, with how many tasks stand on each line.

use yew::prelude::*;

use crate::sim::Strategy;
use crate::view::code_lines::{find_spots, Language};

#[derive(Properties, PartialEq)]
pub struct CodeProps {
    pub strategy: Strategy,
    /// Tasks at each spot (read, I/O, first lock, second lock, write).
    pub at_spots: [usize; 5],
    /// Leave out the Rust file's `//!` explanation (it gives a lesson's answer away).
    pub hide_docs: bool,
}

#[function_component(CodePane)]
pub fn code_pane(props: &CodeProps) -> Html {
    let python = use_state(|| false);
    let (language, source) = if *python {
        (Language::Python, props.strategy.python_source())
    } else {
        (Language::Rust, props.strategy.rust_source())
    };
    let shown: String;
    let source = if props.hide_docs && language == Language::Rust {
        shown = source
            .lines()
            .filter(|l| !l.trim_start().starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        shown.trim_start()
    } else {
        source
    };
    let spots = find_spots(source, language);
    let marks = |line: usize| -> Option<usize> {
        let count: usize = spots
            .iter()
            .zip(props.at_spots)
            .filter(|(spot, _)| **spot == Some(line))
            .map(|(_, n)| n)
            .sum();
        (count > 0).then_some(count)
    };
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
                    let other = if is_python { "tab-rust" } else { "tab-python" };
                    if let Some(el) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id(other))
                        .and_then(|e| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()
                        })
                    {
                        let _ = el.focus();
                    }
                }
            })
        };
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                id={if is_python { "tab-python" } else { "tab-rust" }}
                tabindex={if selected { "0" } else { "-1" }}
                class={classes!("tab", selected.then_some("active"))} {onclick} {onkeydown}>{label}</button>
        }
    };
    html! {
        <section class="code" aria-label="Code">
            <div class="tabs" role="tablist" aria-label="Language">
                { tab(false, "Rust (runs here)") }
                { tab(true, "Python (the article)") }
            </div>
            <pre class="source" tabindex="0" data-testid="code"><code>
                { for source.lines().enumerate().map(|(i, line)| {
                    let mark = marks(i);
                    let comment = { let t = line.trim_start(); t.starts_with("//") || t.starts_with('#') };
                    html! {
                        <span class={classes!("line", mark.is_some().then_some("active"), comment.then_some("comment"))}>
                            <span class="gutter" aria-hidden={mark.is_none().to_string()}>
                                { mark.map(|n| if n == 1 { "1 task ▶".to_owned() } else { format!("{n} tasks ▶") }).unwrap_or_default() }
                            </span>
                            <span class="text">{line}{"\n"}</span>
                        </span>
                    }
                }) }
            </code></pre>
        </section>
    }
}
