//! "Copy link" and "Copy embed code": a link that reproduces what is on
//! screen, and an iframe snippet for course material. The learner chooses
//! what they reproduce (`view::share::Shown`) and whether it plays on open.

use yew::prelude::*;

use super::controls::target_input;
use super::host;
use crate::view::settings::Settings;
use crate::view::share::Shown;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub settings: Settings,
}

/// The link a teacher shares.
pub fn link(settings: &Settings, shown: Shown, autorun: bool) -> String {
    let shared = shown.settings(settings, autorun, false);
    format!("{}{}", host::page_address(), host::query(&shared))
}

/// The iframe, asking `embed.js` to size it to its content.
pub fn embed_code(settings: &Settings, shown: Shown, autorun: bool) -> String {
    let embedded = shown.settings(settings, autorun, true);
    let page = host::page_address();
    let folder = page.rsplit_once('/').map_or(page.as_str(), |(dir, _)| dir);
    format!(
        "<iframe src=\"{page}{}\" title=\"{}\" width=\"100%\" height=\"560\" data-racecourse-height=\"auto\" style=\"border:0;max-width:1000px\" loading=\"lazy\"></iframe>\n<script src=\"{folder}/embed.js\" async></script>",
        host::query(&embedded).replace('&', "&amp;"),
        shown.title(settings).replace('&', "&amp;").replace('"', "&quot;"),
    )
}

#[function_component(Share)]
pub fn share(props: &ShareProps) -> Html {
    let offers = Shown::offers(&props.settings);
    // The learner's choice while it is still on screen; else the most particular.
    let chosen = use_state(|| None::<Shown>);
    let shown = (*chosen)
        .filter(|shown| offers.contains(shown))
        .unwrap_or(offers[0]);
    let autorun = use_state(|| true);
    // What was last put up for copying, and whether the clipboard took it.
    let made = use_state(|| None::<(&'static str, String, bool)>);
    let offer = |what: &'static str, make: fn(&Settings, Shown, bool) -> String| {
        let made = made.clone();
        let settings = props.settings.clone();
        let autorun = *autorun;
        Callback::from(move |_: MouseEvent| {
            let text = make(&settings, shown, autorun);
            let copied = host::copy(&text);
            made.set(Some((what, text, copied)));
        })
    };
    let select_all = Callback::from(|event: FocusEvent| {
        use wasm_bindgen::JsCast;
        if let Some(field) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            field.select();
        }
    });
    let choose = |option: Shown| {
        let chosen = chosen.clone();
        let made = made.clone();
        Callback::from(move |_: Event| {
            chosen.set(Some(option));
            made.set(None);
        })
    };
    let on_autorun = {
        let autorun = autorun.clone();
        let made = made.clone();
        Callback::from(move |event: Event| {
            autorun.set(target_input(&event).is_some_and(|i| i.checked()));
            made.set(None);
        })
    };
    html! {
        <div class="share" role="group" aria-label="Share this run">
            <fieldset class="share-what">
                <legend>{"Link or embed"}</legend>
                { for offers.iter().enumerate().map(|(i, &option)| html! {
                    <label>
                        <input type="radio" name="share-what" checked={option == shown} onchange={choose(option)}
                            data-testid={format!("share-what-{i}")} />
                        { option.label() }
                    </label>
                }) }
            </fieldset>
            <label class="check">
                <input type="checkbox" checked={*autorun && shown.plays()} disabled={!shown.plays()}
                    onchange={on_autorun} data-testid="share-autorun" />
                <span>{ if shown.plays() { "Play on open" } else { "Play on open (this one waits for the learner)" } }</span>
            </label>
            <div class="share-buttons">
                <button type="button" onclick={offer("link", link)} data-testid="copy-link">{"Copy link"}</button>
                <button type="button" onclick={offer("embed code", embed_code)} data-testid="copy-embed">{"Copy embed code"}</button>
            </div>
            if let Some((what, text, copied)) = (*made).clone() {
                <p class="hint" role="status">
                    { if copied { format!("Copied the {what}.") } else { format!("Copy the {what} from here:") } }
                </p>
                <textarea class="share-text" readonly=true rows={if what == "link" { "2" } else { "5" }}
                    value={text} onfocus={select_all} data-testid="share-text" aria-label={format!("The {what}")} />
            }
        </div>
    }
}
