//! What the tests that check against CPython share.

use std::process::Command;

/// What `python3 -c script args...` prints; the test fails if it fails.
pub fn python(script: &str, args: &[&str]) -> String {
    let output = Command::new("python3")
        .args(["-c", script])
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}
