//! The guided lesson's panel: the step's text, the prediction, the reveal,
//! and the way back and forward.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::store::Dispatch;
use crate::view::lesson::{step, STEPS};
use crate::view::state::{Action, AppState, Status};

pub fn view(state: &AppState, dispatch: &Dispatch) -> Html {
    let Some(number) = state.settings.lesson else {
        return html! {};
    };
    let Some(current) = step(number) else {
        return html! {};
    };
    let send = |action: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(action.clone()))
    };
    let guess = state.progress.prediction(number);
    let d = dispatch.clone();
    let on_predict = Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        let value = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            .and_then(|form| form.elements().named_item("prediction"))
            .and_then(|field| field.dyn_into::<HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default();
        let cleaned: String = value
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        if let Ok(number) = cleaned.parse::<i64>() {
            d.dispatch(Action::Predict(number));
        }
    });
    let revealed = state.revealed();
    let total = STEPS.len() as u32;
    let final_balance = state.outcome.as_ref().map(|o| o.final_balance);
    html! {
        <section class="lesson" aria-labelledby="lesson-title" data-testid="lesson">
            <p class="lesson-progress">{format!("Guided lesson · step {number} of {total}")}</p>
            <h2 id="lesson-title">{current.title}</h2>
            <p>{ for super::code_spans(current.body) }</p>
            if !current.checklist.is_empty() {
                <ol class="checklist">
                    { for current.checklist.iter().map(|point| html! { <li>{ for super::code_spans(point) }</li> }) }
                </ol>
            }
            if let Some(question) = current.question {
                if !revealed {
                    <form class="predict" onsubmit={on_predict}>
                        <label for="prediction">{question}</label>
                        <span class="predict-row">
                            <span class="unit">{"$"}</span>
                            <input id="prediction" name="prediction" type="text" inputmode="numeric"
                                autocomplete="off" value={guess.map(|g| g.to_string()).unwrap_or_default()}
                                required=true pattern="-?[0-9][0-9,]*" title="A whole number of dollars, e.g. 1500"
                                data-testid="prediction" />
                            <button type="submit" class="primary">{"Predict, then run"}</button>
                        </span>
                        if state.status == Status::Playing {
                            <span class="hint">{"Running…"}</span>
                        }
                    </form>
                } else {
                    <div class="reveal" data-testid="reveal" role="status">
                        { match (guess, final_balance) {
                            (Some(g), Some(f)) if g == f => html! { <p class="verdict right">{format!("You predicted ${g}. Right.")}</p> },
                            (Some(g), Some(_)) => html! { <p class="verdict">{format!("You predicted ${g}.")}</p> },
                            _ => html! {},
                        } }
                        <p>{ for super::code_spans(current.reveal) }</p>
                    </div>
                }
            }
            if state.lesson_setup_changed() {
                <p class="hint" data-testid="lesson-changed">
                    {"You changed this step's setup, so the run below is your own experiment. "}
                    <button type="button" class="small" onclick={send(Action::LessonGo(number))}>
                        {"Back to this step's setup"}
                    </button>
                </p>
            }
            <nav class="lesson-nav" aria-label="Lesson steps">
                <button type="button" onclick={send(Action::LessonPrevious)} disabled={number <= 1}
                    aria-keyshortcuts="[" data-testid="lesson-back">{"← Back"}</button>
                <button type="button" onclick={send(Action::LessonNext)} disabled={number >= total}
                    aria-keyshortcuts="]" data-testid="lesson-next">{"Next →"}</button>
                <button type="button" class="ghost" onclick={send(Action::LessonExit)}>{"Leave the lesson"}</button>
            </nav>
        </section>
    }
}
