//! The real-timers runtime in headless Chromium (`wasm-bindgen-test`): the
//! same strategy code on the browser's own event loop, with `setTimeout`.
#![cfg(target_arch = "wasm32")]

use racecourse::lab::live::run_to_completion;
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
    assert_eq!(outcome.ending, Some(Ending::Completed));
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

/// A deadlock on real timers is seen exactly: both tasks queued for a lock
/// the other holds, not a guess after a quiet spell.
#[wasm_bindgen_test]
async fn a_real_timers_deadlock_is_seen_and_its_cycle_named() {
    let outcome = run_to_completion(Scenario {
        tasks: 2,
        delay_ms: 10,
        ..Scenario::article().with_strategy(Strategy::OppositeOrder)
    })
    .await
    .expect("valid");
    let Some(Ending::Deadlock(deadlock)) = &outcome.ending else {
        panic!("expected a deadlock, got {:?}", outcome.ending);
    };
    assert_eq!(
        deadlock.to_string(),
        "T1 waits for lock_b held by T2, T2 waits for lock_a held by T1"
    );
    assert_eq!(outcome.finished_tasks, 0);
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
    racecourse::app::show_fatal("Racecourse stopped: test");
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
