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
    /// Leave out the comments (they give a lesson's answer away).
    pub hide_docs: bool,
}

/// The source as markup, a span per line with its task count in the
/// gutter. One string: much less code in the download than a node per line.
fn code_markup(source: &str, marks: impl Fn(usize) -> Option<usize>) -> String {
    use std::fmt::Write;
    let mut markup = String::with_capacity(source.len() * 2);
    markup.push_str("<code>");
    for (i, line) in source.lines().enumerate() {
        let mark = marks(i);
        let trimmed = line.trim_start();
        let comment = trimmed.starts_with("//") || trimmed.starts_with('#');
        let _ = write!(
            markup,
            r#"<span class="line{}{}"><span class="gutter"{}>"#,
            if mark.is_some() { " active" } else { "" },
            if comment { " comment" } else { "" },
            if mark.is_some() {
                ""
            } else {
                r#" aria-hidden="true""#
            },
        );
        match mark {
            Some(1) => markup.push_str("1 task ▶"),
            Some(n) => {
                let _ = write!(markup, "{n} tasks ▶");
            }
            None => {}
        }
        markup.push_str(r#"</span><span class="text">"#);
        escape_into(&mut markup, line);
        markup.push_str("\n</span></span>");
    }
    markup.push_str("</code>");
    markup
}

/// Appends `text` with the characters HTML treats specially escaped.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// The code alone: comments explain the answer, so a lesson shows them only
/// after the reveal.
fn without_comments(source: &str, language: Language) -> String {
    let marker = if language == Language::Rust {
        "//"
    } else {
        "#"
    };
    let lines: Vec<&str> = source
        .lines()
        .filter(|l| !l.trim_start().starts_with(marker))
        .map(|l| l.find(marker).map_or(l, |at| &l[..at]).trim_end())
        .collect();
    lines.join("\n").trim_start_matches('\n').to_owned()
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
    let source = if props.hide_docs {
        shown = without_comments(source, language);
        shown.as_str()
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
            <pre class="source" tabindex="0" data-testid="code">
                { Html::from_html_unchecked(code_markup(source, marks).into()) }
            </pre>
        </section>
    }
}
