//! The schedule explorer's link parameters: `explore=1` opens "All
//! outcomes", `order=1212` replays an order of tasks (one character per
//! step: T1-T9 as 1-9, T10-T35 as a-z). Registered by the full app and the
//! lab ([`super::link::register_extras`]).

use super::link::{register_extras, Extras};
use super::settings::Settings;
use crate::sim::schedule::TaskOrder;

fn read(settings: &mut Settings, key: &str, value: &str) -> Option<Result<(), String>> {
    Some(match key {
        "order" => value
            .parse::<TaskOrder>()
            .map(|order| settings.scenario.order = Some(order))
            .map_err(|why| why.to_string()),
        "explore" => {
            let on = match value {
                "" | "1" | "true" | "on" | "yes" => true,
                "0" | "false" | "off" | "no" => false,
                _ => return Some(Err("accepted: 1/0, true/false, on/off".to_owned())),
            };
            settings.explore = on;
            Ok(())
        }
        _ => return None,
    })
}

fn write(settings: &Settings, pairs: &mut Vec<(&'static str, String)>) {
    if let Some(order) = &settings.scenario.order {
        pairs.push(("order", order.to_string()));
    }
    if settings.explore {
        pairs.push(("explore", "1".to_owned()));
    }
}

static EXPLORER_LINKS: Extras = Extras { read, write };

/// Lets links carry the explorer's parameters (the full app and the lab).
pub fn register() {
    register_extras(&EXPLORER_LINKS);
}
