//! The page's first load: the playground (built by Trunk for wasm32). Its
//! tools come with the full app (`src/bin/full.rs`), loaded when opened.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: racecourse::Allocator = racecourse::allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    racecourse::app::mount::<racecourse::app::tools::Playground>(Default::default());
}

/// Takes the playground off the page, for the full app to take over
/// (`static/boot.js` calls this).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn stop() {
    racecourse::app::stop();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Racecourse is a web page: run `scripts/serve.sh` and open http://127.0.0.1:8080");
}
