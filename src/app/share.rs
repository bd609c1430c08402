//! "Copy link" and "Copy embed code": a link that reproduces this run, and
//! an iframe snippet for course material.

use yew::prelude::*;

use super::host;
use crate::view::settings::Settings;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub settings: Settings,
}

/// The link a teacher shares: these settings, playing on open.
pub fn link(settings: &Settings) -> String {
    let shared = Settings {
        autorun: true,
        embed: false,
        ..settings.clone()
    };
    format!("{}{}", host::page_address(), host::query(&shared))
}

pub fn embed_code(settings: &Settings) -> String {
    let embedded = Settings {
        autorun: true,
        embed: true,
        lesson: None,
        ..settings.clone()
    };
    let page = host::page_address();
    let folder = page.rsplit_once('/').map_or(page.as_str(), |(dir, _)| dir);
    let title = format!(
        "Racecourse: {}, {} tasks",
        settings.scenario.strategy.title(),
        settings.scenario.tasks
    );
    format!(
        "<iframe src=\"{page}{}\" title=\"{}\" width=\"100%\" height=\"560\" style=\"border:0;max-width:1000px\" loading=\"lazy\"></iframe>\n<script src=\"{folder}/embed.js\" async></script>",
        host::query(&embedded).replace('&', "&amp;"),
        title.replace('"', "&quot;"),
    )
}

#[function_component(Share)]
pub fn share(props: &ShareProps) -> Html {
    // What was last put up for copying, and whether the clipboard took it.
    let shown = use_state(|| None::<(&'static str, String, bool)>);
    let offer = |what: &'static str, make: fn(&Settings) -> String| {
        let shown = shown.clone();
        let settings = props.settings.clone();
        Callback::from(move |_: MouseEvent| {
            let text = make(&settings);
            let copied = host::copy(&text);
            shown.set(Some((what, text, copied)));
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
    html! {
        <div class="share" role="group" aria-label="Share this run">
            <div class="share-buttons">
                <button type="button" onclick={offer("link", link)} data-testid="copy-link">{"Copy link"}</button>
                <button type="button" onclick={offer("embed code", embed_code)} data-testid="copy-embed">{"Copy embed code"}</button>
            </div>
            if let Some((what, text, copied)) = (*shown).clone() {
                <p class="hint" role="status">
                    { if copied { format!("Copied the {what}.") } else { format!("Copy the {what} from here:") } }
                </p>
                <textarea class="share-text" readonly=true rows={if what == "link" { "2" } else { "5" }}
                    value={text} onfocus={select_all} data-testid="share-text" aria-label={format!("The {what}")} />
            }
        </div>
    }
}
