//! Runs a Python file with the playground's interpreter and prints what it
//! printed, how it ended, and (with `--trace`) every event:
//! `cargo run --example pyrun -- program.py [--trace]`.

use racecourse::py::run::{run, Limits};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: pyrun PROGRAM.py [--trace]");
        std::process::exit(2);
    };
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(2);
        }
    };
    match run(&source, Limits::default()) {
        Err(error) => println!("{error}"),
        Ok(program) => {
            print!("{}", program.output);
            if args.iter().any(|a| a == "--trace") {
                for event in &program.events {
                    println!(
                        "{:.6} T{} line {} {:?}",
                        event.time, event.task, event.line, event.kind
                    );
                }
            }
            for warning in &program.warnings {
                println!("warning: {warning}");
            }
            if let Some(message) = program.error_message() {
                println!("{message}");
            }
            println!("globals: {:?}", program.globals);
            println!("lost: {:?}", program.lost());
        }
    }
}
