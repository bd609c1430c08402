//! How the page looks, for a lecture (the full app only): the theme (light,
//! dark, or as the system says) and presentation mode (larger type, the
//! whole width of a projector). Both are in the link (`theme`, `present`);
//! `static/boot.js` puts the theme on `<html data-theme>` before anything
//! is drawn, and this keeps it there as the learner changes it. An embed
//! asked to show its code pane (`code=1`) is marked on `<html>` too.

use std::rc::Rc;

use yew::prelude::*;

use super::controls::{change, target_input};
use super::store::Dispatch;
use crate::view::settings::Theme;
use crate::view::state::settings::{SettingsCommand, SettingsState};

/// Sets or removes the attribute `name` on `root`.
fn flag(root: &web_sys::Element, name: &str, on: bool) {
    let _ = if on {
        root.set_attribute(name, "")
    } else {
        root.remove_attribute(name)
    };
}

/// Puts `theme`, `present` and `code` (an embed showing its code pane) on
/// `<html>`, where the styles read them.
fn apply(theme: Theme, present: bool, code: bool) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let before = (
        root.get_attribute("data-theme"),
        root.has_attribute("data-present"),
    );
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        _ => root.set_attribute("data-theme", theme.slug()),
    };
    flag(&root, "data-present", present);
    flag(&root, "data-embed-code", code);
    let after = (
        root.get_attribute("data-theme"),
        root.has_attribute("data-present"),
    );
    // The grid's canvas reads its colours and its width when the window
    // resizes: tell it, so it repaints in the new theme and at the new width.
    if before != after {
        if let (Some(window), Ok(resized)) = (web_sys::window(), web_sys::Event::new("resize")) {
            let _ = window.dispatch_event(&resized);
        }
    }
}

/// What the link asks for, before the full app draws its first frame (the
/// playground never draws a link with these: `static/boot.js` starts the
/// full app for it). Presentation mode applied after that frame would move
/// the whole page.
pub fn apply_link() {
    let (settings, _) = super::host::settings_from_location();
    apply(
        settings.theme,
        settings.present,
        settings.embed && (settings.code || settings.program.is_some()),
    );
}

#[derive(Properties, PartialEq)]
pub struct LookProps {
    pub theme: Theme,
    pub present: bool,
    /// An embed that shows its code pane.
    pub code: bool,
}

/// Keeps `<html>` in step with the settings; draws nothing.
#[function_component(Look)]
pub fn look(props: &LookProps) -> Html {
    use_effect_with(
        (props.theme, props.present, props.code),
        |&(theme, present, code)| apply(theme, present, code),
    );
    html! {}
}

#[derive(Properties, PartialEq)]
pub struct DisplayProps {
    pub settings: Rc<SettingsState>,
    pub dispatch: Dispatch,
}

/// The theme switch and presentation mode, in the tools.
#[function_component(Display)]
pub fn display(props: &DisplayProps) -> Html {
    let settings = &props.settings.settings;
    let (theme, present) = (settings.theme, settings.present);
    let choose = |chosen: Theme| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: Event| {
            change(&dispatch, SettingsCommand::Display(chosen, present));
        })
    };
    let on_present = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let on = target_input(&event).is_some_and(|i| i.checked());
            change(&dispatch, SettingsCommand::Display(theme, on));
        })
    };
    html! {
        <fieldset class="display" data-testid="display">
            <legend>{"Display"}</legend>
            <div class="theme-choice" role="radiogroup" aria-label="Theme">
                { for Theme::ALL.into_iter().map(|option| html! {
                    <label>
                        <input type="radio" name="theme" value={option.slug()} checked={option == theme}
                            onchange={choose(option)} data-testid={format!("theme-{}", option.slug())} />
                        { match option {
                            Theme::System => "System",
                            Theme::Light => "Light",
                            Theme::Dark => "Dark",
                        } }
                    </label>
                }) }
            </div>
            <label class="check">
                <input type="checkbox" checked={present} onchange={on_present} data-testid="present" />
                <span>{"Presentation mode: larger type, the lanes across the whole width (for a projector)"}</span>
            </label>
        </fieldset>
    }
}
