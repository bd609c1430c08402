//! Small browser helpers shared by the page and the lab worker.

use web_sys::UrlSearchParams;

/// `a=1&b=2` as (key, value) pairs, decoded by the browser's URLSearchParams.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    let Ok(params) = UrlSearchParams::new_with_str(query) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&params) {
        for entry in entries.flatten() {
            let entry = js_sys::Array::from(&entry);
            pairs.push((
                entry.get(0).as_string().unwrap_or_default(),
                entry.get(1).as_string().unwrap_or_default(),
            ));
        }
    }
    pairs
}

/// `pairs` as a query string, encoded by URLSearchParams (without the `?`).
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let Ok(params) = UrlSearchParams::new() else {
        return String::new();
    };
    for (key, value) in pairs {
        params.append(key, value);
    }
    String::from(params.to_string())
}

/// The scenario that link parameters `query` describe (bad values fall
/// back to the defaults, as a link's do).
pub fn scenario_from_query(query: &str) -> crate::sim::Scenario {
    let pairs = query_pairs(query);
    let (settings, _) = crate::view::settings::Settings::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    );
    settings.scenario
}
