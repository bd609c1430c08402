//! The program lab's entry point (built by Trunk as a Web Worker, with the
//! `explore` feature): every schedule of the learner's program, counted
//! off the page's thread (`racecourse::lab::program`).

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: racecourse::Allocator = racecourse::allocator();

#[cfg(all(target_arch = "wasm32", feature = "explore"))]
fn main() {
    racecourse::lab::program::worker_main();
}

#[cfg(all(target_arch = "wasm32", not(feature = "explore")))]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The program lab is a Web Worker of the Racecourse page.");
}
