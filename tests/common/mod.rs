//! What the tests that check against CPython share.

#[allow(dead_code)] // not every test file that shares this module uses it
pub mod corpus;
#[allow(dead_code)] // not every test file that shares this module uses it
pub mod generator;
#[allow(dead_code)] // not every test file that shares this module uses it
pub mod programs;

use std::io::Write;
use std::process::{Command, Stdio};

/// What `python3 -c script args...` prints; the test fails if it fails.
#[allow(dead_code)] // not every test file that shares this module uses it
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

/// What `python3 file` prints (as bytes) with `input` on its stdin.
#[allow(dead_code)] // not every test file that shares this module uses it
pub fn python_file(file: &str, input: &str) -> Vec<u8> {
    let mut child = Command::new("python3")
        .arg(file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    let input = input.to_owned();
    // Written from a thread, so that a full stdout pipe cannot stall the write.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("python3 runs");
    writer
        .join()
        .expect("the writer thread")
        .expect("python3 reads its input");
    assert!(
        output.status.success(),
        "python3 {file} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}
