//! Writes each strategy's module docs (its `//!` lines, joined into one
//! paragraph) to `OUT_DIR/<file>.about`. The page shows them as "what to
//! notice" beside the code; the playground carries these few sentences,
//! and only the full app carries the whole Rust sources (its Rust tab).

use std::path::Path;
use std::{env, fs};

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let strategies = Path::new("src/sim/strategy");
    println!("cargo:rerun-if-changed={}", strategies.display());
    let entries = fs::read_dir(strategies).expect("src/sim/strategy is readable");
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".rs") || name == "mod.rs" {
            continue;
        }
        let source = fs::read_to_string(&path).expect("a strategy file is UTF-8");
        let about: Vec<&str> = source
            .lines()
            .filter_map(|line| line.strip_prefix("//!"))
            .map(str::trim)
            .collect();
        fs::write(
            Path::new(&out).join(format!("{name}.about")),
            about.join(" "),
        )
        .expect("OUT_DIR is writable");
    }
}
