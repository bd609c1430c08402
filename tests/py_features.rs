//! The subset, feature by feature, against python3: each program below is
//! run by the interpreter and by CPython (`tests/py_oracle.py`), and what
//! it prints, how it ends and its final module variables must be equal.
//! The random programs of `py_programs.rs` mix features; these pin each one.

mod common;

use common::corpus::FEATURES as PROGRAMS;
use common::programs::{assert_none_differ, cpython, ending_text};
use racecourse::py::run::{run, Limits};

#[test]
fn each_feature_runs_as_under_cpython() {
    let programs: Vec<String> = PROGRAMS.iter().map(|p| format!("{p}\n")).collect();
    let reports = cpython(&programs);
    let mut wrong = Vec::new();
    for (program, report) in programs.iter().zip(reports) {
        let ran = match run(program, Limits::default()) {
            Ok(ran) => ran,
            Err(error) => {
                wrong.push(format!("{program}\n  does not parse here: {error}"));
                continue;
            }
        };
        let ending = ending_text(&ran.ending);
        if (&ran.output, &ending, &ran.globals) != (&report.output, &report.ending, &report.globals)
        {
            wrong.push(format!(
                "{program}\n  CPython: {:?} {:?} {:?}\n  here:    {:?} {:?} {:?}",
                report.output, report.ending, report.globals, ran.output, ending, ran.globals
            ));
        }
    }
    assert_none_differ(&wrong, programs.len());
}
