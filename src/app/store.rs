//! The Yew side of the reducer: [`AppState`] (pure, tested natively) is
//! Yew's `Reducible` as it is.

use std::rc::Rc;

use yew::prelude::*;

use crate::view::state::{Action, AppState, Command};

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        AppState::reduce(self, action)
    }
}

pub type Dispatch = UseReducerDispatcher<AppState>;

/// A callback that sends `command` (for buttons).
pub fn send<E>(dispatch: &Dispatch, command: Command) -> Callback<E> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| dispatch.dispatch(Action::Command(command.clone())))
}

/// A class list: `base`, and each extra class whose condition holds.
pub fn class(base: &'static str, extra: &[(bool, &'static str)]) -> String {
    let mut out = String::from(base);
    for (on, name) in extra {
        if *on {
            out.push(' ');
            out.push_str(name);
        }
    }
    out
}
