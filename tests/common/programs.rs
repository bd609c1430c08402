//! Whole programs run by CPython's own asyncio on the exact virtual clock
//! (`tests/py_oracle.py`), for comparison with the interpreter.

/// What CPython reports of one program.
#[derive(Debug)]
pub struct Reported {
    pub output: String,
    /// `completed`, `forever`, or the exception's last traceback line.
    pub ending: String,
    /// The line the exception was raised on (0 if none).
    pub line: u32,
    /// Each module data variable at the end: name, `repr`.
    pub globals: Vec<(String, String)>,
}

/// How the interpreter says a program ended, in the oracle's words.
pub fn ending_text(ending: &racecourse::py::run::Ending) -> String {
    use racecourse::py::run::Ending;
    match ending {
        Ending::Completed => "completed".into(),
        Ending::Forever => "forever".into(),
        Ending::Exception { message, .. } | Ending::Stopped { message, .. } => message.clone(),
    }
}

/// Fails with every difference at once: `wrong` holds one text each.
pub fn assert_none_differ(wrong: &[String], of: usize) {
    assert!(
        wrong.is_empty(),
        "{} of {of} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Runs `programs` under CPython, one report each.
pub fn cpython(programs: &[String]) -> Vec<Reported> {
    let output = super::python_file("tests/py_oracle.py", &json_strings(programs));
    parse(&output)
}

fn json_strings(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        })
        .collect();
    format!("[{}]", quoted.join(","))
}

/// Reads the oracle's report: per program its output (length-prefixed),
/// its ending, its line and its globals.
fn parse(text: &[u8]) -> Vec<Reported> {
    let mut results = Vec::new();
    let mut at = 0;
    let line = |at: &mut usize| -> String {
        let end = text[*at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| *at + p);
        let found = String::from_utf8_lossy(&text[*at..end]).into_owned();
        *at = end + 1;
        found
    };
    while at < text.len() {
        let header = line(&mut at);
        let bytes: usize = header
            .strip_prefix("output ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("the oracle's report: {header}"));
        let output = String::from_utf8_lossy(&text[at..at + bytes]).into_owned();
        at += bytes + 1;
        let ending = line(&mut at)
            .strip_prefix("ending ")
            .unwrap_or_default()
            .to_string();
        let where_raised = line(&mut at);
        let line_number = where_raised
            .strip_prefix("line ")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let mut globals = Vec::new();
        loop {
            let next = line(&mut at);
            match next.strip_prefix("global ") {
                Some(pair) => {
                    let (name, shown) = pair.split_once(' ').unwrap_or((pair, ""));
                    globals.push((name.to_string(), shown.to_string()));
                }
                None => break,
            }
        }
        results.push(Reported {
            output,
            ending,
            line: line_number,
            globals,
        });
    }
    results
}
