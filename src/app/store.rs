//! The Yew side of the reducer: `AppState` (pure, tested natively) behind
//! yew's `Reducible`.

use std::rc::Rc;

use yew::prelude::*;

use crate::view::state::{Action, AppState};

#[derive(Clone, Debug)]
pub struct Store(pub AppState);

impl PartialEq for Store {
    /// The reducer hands out a new `Rc` for every change: identity is enough.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.0.apply(action);
        Rc::new(next)
    }
}

pub type Dispatch = UseReducerDispatcher<Store>;
