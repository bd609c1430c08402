//! The keyboard help: a button, and a native modal `<dialog>` that keeps
//! focus inside, makes the page behind inert and closes on Escape. Closing
//! returns focus to the button.

use yew::prelude::*;

use super::effects::focus;
use super::keyboard;
use crate::view::scheduler::keys as scheduler_keys;
use crate::view::state::Action;

/// The button that opens the help: part of the page's header, which renders
/// with the page (a component of its own costs more download than it saves).
pub fn help_button(dispatch: &super::store::Dispatch) -> Html {
    let dispatch = dispatch.clone();
    let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Help(None)));
    html! {
        <button type="button" class="ghost keys" {onclick}
            aria-keyshortcuts="?" aria-label="Keyboard shortcuts" data-testid="help-button">
            <span class="keys-word">{"Keyboard "}</span><kbd>{"?"}</kbd>
        </button>
    }
}

/// The editor's own keys: typed there, the page's keys do not apply.
const EDITOR_KEYS: [(&str, &str); 5] = [
    (
        "Tab",
        "indent the line (or the lines selected) by four spaces",
    ),
    ("Shift+Tab", "dedent by four spaces"),
    ("Enter", "a new line, indented as the block needs"),
    ("Ctrl+Enter", "run the program"),
    ("Esc, then Tab", "leave the editor"),
];

#[derive(Properties, PartialEq)]
pub struct HelpDialogProps {
    pub open: bool,
    /// The learner is the scheduler: its keys, which replace the page's.
    pub scheduler: bool,
    pub dispatch: super::store::Dispatch,
}

#[function_component(HelpDialog)]
pub fn help_dialog(props: &HelpDialogProps) -> Html {
    let dispatch = props.dispatch.clone();
    let dialog_ref = use_node_ref();
    {
        let dialog_ref = dialog_ref.clone();
        let dispatch = dispatch.clone();
        use_effect_with(props.open, move |&open| {
            let dialog = dialog_ref.cast::<web_sys::HtmlDialogElement>();
            // Escape closes the dialog itself: tell the state.
            let listener = dialog.as_ref().map(|dialog| {
                gloo_events::EventListener::new(dialog, "close", move |_| {
                    dispatch.dispatch(Action::Help(Some(false)));
                })
            });
            if let Some(dialog) = &dialog {
                if open && !dialog.open() {
                    let _ = dialog.show_modal();
                } else if !open && dialog.open() {
                    dialog.close();
                    focus("[data-testid=help-button]");
                }
            }
            move || drop(listener)
        });
    }
    let close = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Help(Some(false))));
    // Each key is listed once, with the meaning it has on this page.
    let listed: Vec<(&str, &str)> = if props.scheduler {
        let mut keys = scheduler_keys::SHORTCUTS.to_vec();
        keys.extend(
            keyboard::SHORTCUTS
                .iter()
                .filter(|(key, _)| matches!(*key, "?" | "Esc")),
        );
        keys
    } else {
        keyboard::SHORTCUTS.to_vec()
    };
    html! {
        <dialog class="help" ref={dialog_ref} aria-labelledby="help-title" data-testid="help">
            <h2 id="help-title">{ if props.scheduler { "Keyboard: you are the scheduler" } else { "Keyboard" } }</h2>
            <dl>
                { for listed.iter().map(|(key, what)| html! {
                    <><dt><kbd>{*key}</kbd></dt><dd>{*what}</dd></>
                }) }
            </dl>
            if !props.scheduler {
                <p class="muted">{"As the scheduler (\"You are the scheduler\", the challenges), keys of its own apply: they are listed here while it is open."}</p>
            }
            if !props.scheduler {
                <h3 class="help-editor">{"In your program's editor (Edit)"}</h3>
                <dl data-testid="help-editor">
                    { for EDITOR_KEYS.iter().map(|(key, what)| html! {
                        <><dt><kbd>{*key}</kbd></dt><dd>{*what}</dd></>
                    }) }
                </dl>
            }
            <p class="muted">{"Every control is also reachable with Tab."}</p>
            // No `autofocus`: a cross-origin embed refuses it (a console
            // message); `showModal` puts the keyboard on Close all the same,
            // the dialog's first control.
            <button type="button" onclick={close} data-testid="help-close">{"Close"}</button>
        </dialog>
    }
}
