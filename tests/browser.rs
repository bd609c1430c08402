//! The real-timers runtime in headless Chromium (`wasm-bindgen-test`): the
//! same strategy code on the browser's own event loop, with `setTimeout`.
#![cfg(target_arch = "wasm32")]

use racecourse::app::live::run_to_completion;
use racecourse::sim::{Ending, Scenario, Strategy};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn bank(strategy: Strategy) -> Scenario {
    Scenario {
        delay_ms: 30,
        ..Scenario::bank().with_strategy(strategy)
    }
}

#[wasm_bindgen_test]
async fn unsafe_loses_updates_on_real_timers() {
    let outcome = run_to_completion(bank(Strategy::Unsafe))
        .await
        .expect("valid");
    assert_eq!(outcome.ending, Ending::Completed);
    assert_eq!(outcome.final_balance, 1100);
    assert_eq!(outcome.lost_count(), 4);
}

#[wasm_bindgen_test]
async fn lock_loses_nothing_on_real_timers() {
    let outcome = run_to_completion(bank(Strategy::Lock))
        .await
        .expect("valid");
    assert_eq!(outcome.final_balance, 1500);
    assert_eq!(outcome.lost_count(), 0);
    // Serialised I/O: at least five delays of real time.
    assert!(outcome.elapsed_ms >= 5 * 30, "{} ms", outcome.elapsed_ms);
}

#[wasm_bindgen_test]
async fn restructure_is_correct_on_real_timers() {
    let outcome = run_to_completion(Scenario {
        delay_ms: 20,
        ..Scenario::article().with_strategy(Strategy::Restructure)
    })
    .await
    .expect("valid");
    assert_eq!(outcome.final_balance, 2000);
}

/// What a panic shows: the page's banner, not a blank page. (The hook that
/// calls this is installed through Yew in `app_main`.)
#[wasm_bindgen_test]
fn a_fatal_error_is_shown_in_the_page() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let banner = document.create_element("div").expect("an element");
    banner.set_id("fatal");
    banner.set_attribute("hidden", "").expect("attribute");
    document
        .body()
        .expect("a body")
        .append_child(&banner)
        .expect("appended");
    racecourse::show_fatal("Racecourse stopped: test");
    assert!(!banner.has_attribute("hidden"));
    assert_eq!(
        banner.text_content().as_deref(),
        Some("Racecourse stopped: test")
    );
}

/// The engine gives the same run on wasm32 as on x86_64: `scripts/test.sh`
/// compiles in the fingerprints the native build printed
/// (`cargo run --example fingerprints`), and Chromium recomputes them here.
#[wasm_bindgen_test]
fn seeded_runs_are_the_same_as_native() {
    let Some(native) = option_env!("RACECOURSE_NATIVE_FINGERPRINTS") else {
        panic!("run through scripts/test.sh, which passes the native fingerprints");
    };
    assert_eq!(racecourse::sim::portability_fingerprints(), native);
}
