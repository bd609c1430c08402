//! The front end of the learner's-program interpreter, checked against
//! CPython itself (`python3`'s own `compile`):
//! - every program the page shows parses, and so do programs written
//!   differently, using what a learner writes next;
//! - programs that are not Python get CPython's error: its kind, its
//!   message and its line;
//! - Python that the playground does not run gets a plain sentence saying
//!   so, while CPython accepts it.

use std::io::Write;
use std::process::{Command, Stdio};

use racecourse::py::{parse, ErrorKind};
use racecourse::sim::{Scenario, Strategy};
use racecourse::view::program::python;

/// What CPython's compiler says of each program: `None` if it compiles,
/// else (error class, message, line).
fn cpython_compile(programs: &[&str]) -> Vec<Option<(String, String, u32)>> {
    const SCRIPT: &str = r#"
import json, sys
out = []
for src in json.load(sys.stdin):
    try:
        compile(src, "<program>", "exec")
        out.append(None)
    except SyntaxError as e:
        out.append([type(e).__name__, e.msg, e.lineno])
print(json.dumps(out))
"#;
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let input = format!(
        "[{}]",
        programs
            .iter()
            .map(|p| json_string(p))
            .collect::<Vec<_>>()
            .join(",")
    );
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("written");
    let output = child.wait_with_output().expect("python3 answers");
    assert!(
        output.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers = parse_answers(&String::from_utf8_lossy(&output.stdout));
    // One answer a program, or the comparisons below would compare nothing.
    assert_eq!(
        answers.len(),
        programs.len(),
        "python3 answered {answers:?}"
    );
    answers
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads python's `json.dumps` of a list of `null` or `[kind, msg, line]`
/// (only what the script above prints).
fn parse_answers(json: &str) -> Vec<Option<(String, String, u32)>> {
    let mut answers = Vec::new();
    let chars: Vec<char> = json.trim().chars().collect();
    let mut i = 1; // after '['
    let read_string = |i: &mut usize| -> String {
        let mut s = String::new();
        *i += 1; // opening quote
        while chars[*i] != '"' {
            if chars[*i] == '\\' {
                *i += 1;
                match chars[*i] {
                    'n' => s.push('\n'),
                    'u' => {
                        let hex: String = chars[*i + 1..*i + 5].iter().collect();
                        s.push(
                            char::from_u32(u32::from_str_radix(&hex, 16).expect("hex"))
                                .expect("char"),
                        );
                        *i += 4;
                    }
                    c => s.push(c),
                }
            } else {
                s.push(chars[*i]);
            }
            *i += 1;
        }
        *i += 1;
        s
    };
    while i < chars.len() {
        match chars[i] {
            'n' => {
                answers.push(None);
                i += 4;
            }
            '[' => {
                i += 1;
                let kind = read_string(&mut i);
                i += 2; // ", "
                let message = read_string(&mut i);
                i += 2;
                let start = i;
                while chars[i].is_ascii_digit() {
                    i += 1;
                }
                let line: String = chars[start..i].iter().collect();
                answers.push(Some((kind, message, line.parse().expect("a line"))));
                i += 1; // ']'
            }
            _ => i += 1,
        }
    }
    answers
}

#[test]
fn every_program_the_page_shows_parses() {
    for scenario in [Scenario::bank().with_tasks(3), Scenario::article()] {
        for &strategy in Strategy::ALL {
            let program = python(&scenario.clone().with_strategy(strategy));
            if let Err(error) = parse(&program) {
                panic!("{strategy:?}: {error}\n{program}");
            }
        }
    }
}

/// Programs a learner writes next, all valid Python in the subset.
const VALID: &[&str] = &[
    "import asyncio\n\nbalance = 0\n\nasync def credit(amount, *, times=1):\n    global balance\n    for _ in range(times):\n        current = balance\n        await asyncio.sleep(0)\n        balance = current + amount\n\nasync def main():\n    await asyncio.gather(*[credit(1, times=2) for _ in range(3)])\n    print(f\"{balance=}\" if False else f\"balance: {balance:>6}\")\n\nasyncio.run(main())\n",
    "import asyncio\nlock = asyncio.Lock()\nasync def t(i):\n    await lock.acquire()\n    try:\n        await asyncio.sleep(0.01 * i)\n    finally:\n        lock.release()\nasync def main():\n    tasks = [asyncio.create_task(t(i)) for i in range(3)]\n    for task in tasks:\n        await task\nasyncio.run(main())\n",
    "import asyncio, random\nrandom.seed(2)\nq = asyncio.Queue()\nasync def producer(n):\n    for i in range(n):\n        await q.put(i)\nasync def consumer(name):\n    total = 0\n    while True:\n        item = await q.get()\n        if item is None:\n            break\n        total += item\n    return name, total\n",
    "class Account:\n    def __init__(self, balance=0):\n        self.balance = balance\n        self.history = []\n\n    def deposit(self, amount):\n        assert amount > 0, 'positive'\n        self.balance += amount\n        self.history.append(('in', amount))\n        return self.balance\n",
    "def counter():\n    count = 0\n    def bump(by=1):\n        nonlocal count\n        count += by\n        return count\n    return bump\n",
    "x, *rest = [1, 2, 3]\nd = {'a': 1, 'b': [1, 2][0]}\nd['c'] = d.get('a', 0) + len(rest)\nprint(min(1, 2), max([3, 4]), sum(x for x in range(4)), abs(-2), int('3'), str(4))\n",
    "a = b = 0\nwhile a < 10 and not b:\n    a += 1\n    if a % 3 == 0: continue\n    elif a > 7: break\nelse:\n    pass\n",
    "import time\nstart = time.monotonic()\nvalues = {i: i * i for i in range(5) if i % 2}\nt = (1,)\ns = 'a' 'b'\nn = -2 ** 2 // 3\nprint(time.perf_counter() - start, values, t, s, n, 1 < 2 <= 3 != 4, [1, 2][::-1])\n",
    "import asyncio\nfrom asyncio import Semaphore, Event\nsem = Semaphore(2)\nready = Event()\nasync def worker(i):\n    async with sem:\n        await ready.wait()\n        raise ValueError(f'worker {i}')\n",
    "try:\n    x = 1 / 0\nexcept ZeroDivisionError as error:\n    print('caught', error)\nexcept (ValueError, TypeError):\n    pass\nelse:\n    print('no')\nfinally:\n    del x\n",
];

#[test]
fn programs_written_differently_parse_as_cpython_compiles_them() {
    let cpython = cpython_compile(VALID);
    for (program, compiled) in VALID.iter().zip(cpython) {
        assert_eq!(compiled, None, "CPython refuses a test program:\n{program}");
        if let Err(error) = parse(program) {
            panic!("{error}\n{program}");
        }
    }
}

/// Not Python: CPython's compiler refuses each, and so do we, alike.
const MALFORMED: &[&str] = &[
    "x = (1,\n",
    "if x:\ny = 1\n",
    "def f():\n    await g()\n",
    "f() = 1\n",
    "x += 1 +\n",
    "return 1\n",
    "for x in y:\n    pass\n  z = 1\n",
    "x = 1\n    y = 2\n",
    "async def f():\n    async with l\n        pass\n",
    "x = [1, 2\ny = 3\n",
    "print(\"a\")x\n",
    "1 = x\n",
    "None = 1\n",
    "a, b += 1\n",
    "def f(a=1, b):\n    pass\n",
    "f(a=1, 2)\n",
    "break\n",
    "while True:\n    def g():\n        continue\n",
    "class A:\n    return 1\n",
    "try:\n    pass\nx = 1\n",
    "x = $\n",
    "x = 1 if y\n",
    "with open(f) as g\n    pass\n",
    "if x\n    pass\n",
    "x = 0777\n",
    "s = \"abc\n",
    "d = {1: 2, 3}\n",
    "x = (1 for)\n",
    "def f():\n    async with lock:\n        pass\n",
    "x = 1)\n",
    "f(a, [b)\n",
    "for i in range(3):\npass\n",
    "def f(x):\n    return x\n  print(f(1))\n",
    "s = '''abc\n",
    "x = 'a' +\n",
    "True = 1\n",
    "await x\n",
    "class C:\n    def m(self):\n    return 1\n",
    "def f():\n    class A:\n        return 1\n",
    "for x in y:\n    class A:\n        break\n",
    "if x:\n        a\n\tb\n",
    "if x:\n\ta\n        b\n",
    "async def f():\n    class A:\n        await x\n",
    "print(f\"{x!z}\")\n",
    "print(f\"{x!}\")\n",
];

#[test]
fn what_is_not_python_gets_cpythons_error() {
    let cpython = cpython_compile(MALFORMED);
    let mut disagreements = Vec::new();
    for (program, expected) in MALFORMED.iter().zip(cpython) {
        let expected = expected.unwrap_or_else(|| panic!("CPython compiles {program:?}"));
        let ours = match parse(program) {
            Ok(_) => {
                disagreements.push(format!("{program:?}: parsed, CPython says {expected:?}"));
                continue;
            }
            Err(error) => (error.kind.name().to_owned(), error.message, error.line),
        };
        if ours != expected {
            disagreements.push(format!(
                "{program:?}:\n   ours    {ours:?}\n   CPython {expected:?}"
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} differ:\n{}",
        disagreements.len(),
        MALFORMED.len(),
        disagreements.join("\n")
    );
}

#[test]
fn python_the_playground_does_not_run_is_named_plainly() {
    let cases = [
        ("import threading\n", 1, "`threading` is not part of this playground: it runs asyncio programs"),
        ("x = 1\nfrom os import path\n", 2, "`os` is not part of this playground: it runs asyncio programs"),
        ("f = lambda x: x\n", 1, "`lambda` is not part of this playground: it runs asyncio programs"),
        ("def g():\n    yield 1\n", 2, "`yield` is not part of this playground: it runs asyncio programs"),
        ("@decorate\ndef f():\n    pass\n", 1, "a decorator is not part of this playground: it runs asyncio programs"),
        ("async def f():\n    async for x in y:\n        pass\n", 2, "`async for` is not part of this playground: it runs asyncio programs"),
        ("if (n := 1):\n    pass\n", 1, "`:=` is not part of this playground: it runs asyncio programs"),
        ("data = b'x'\n", 1, "bytes literals are not part of this playground: it runs asyncio programs with text and numbers"),
    ];
    let programs: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for ((program, line, message), compiled) in cases.iter().zip(cpython_compile(&programs)) {
        assert_eq!(compiled, None, "CPython compiles {program:?}");
        let error = parse(program).expect_err("not run here");
        assert_eq!(error.kind, ErrorKind::NotInPlayground, "{program:?}");
        assert_eq!(
            (error.line, error.message.as_str()),
            (*line, *message),
            "{program:?}"
        );
        assert_eq!(error.to_string(), format!("line {line}: {message}"));
    }
}

#[test]
fn deep_nesting_is_refused_with_a_message_not_a_crash() {
    let deep =
        |open: &str, close: &str, n: usize| format!("x = {}1{}\n", open.repeat(n), close.repeat(n));
    // A learner's nesting reads...
    for program in [
        deep("(", ")", 40),
        deep("[", "]", 40),
        deep("-", "", 40),
        deep("not ", "", 40),
    ] {
        assert!(parse(&program).is_ok(), "{program}");
    }
    // ...a link's absurd one is refused, never a stack overflow.
    for program in [
        deep("(", ")", 150),
        deep("-", "", 60_000),
        deep("2 ** ", "", 5_000),
        deep("not ", "", 5_000),
        format!("if x:\n    pass\n{}", "elif x:\n    pass\n".repeat(500)),
    ] {
        let error = parse(&program).expect_err("too deep");
        assert_eq!(error.kind, ErrorKind::NotInPlayground, "{error}");
        assert!(error.message.contains("nested more than"), "{error}");
    }
}
