//! The page's entry point (built by Trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    racecourse::app_main();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Racecourse is a web page: run `scripts/serve.sh` and open http://127.0.0.1:8080");
}
