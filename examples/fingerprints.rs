//! Prints the fingerprint of a fixed set of seeded runs.
//!
//! `scripts/test.sh` passes this native output to the wasm build, whose
//! browser test recomputes it in Chromium: the same seed gives the same run
//! on x86_64 and wasm32.

fn main() {
    println!("{}", racecourse::sim::portability_fingerprints());
}
