//! Corners of the interpreter against CPython: control flow through
//! `try`/`finally`, classes made anywhere, unpacking, awaits in every
//! place an expression can hold one, `async with` left every way, and
//! seeded random synchronous programs (functions, closures, loops left by
//! `break`/`continue`/`return` through `try`/`finally`, comprehensions,
//! exceptions caught and not). Each is run by the interpreter and by
//! CPython (`tests/py_oracle.py`): what it prints, how it ends and its
//! module variables must be equal. A few corners end where CPython has no
//! counterpart (a playground limit, what the playground does not run);
//! those are checked against the playground's own message.
//!
//! `RACECOURSE_PY_PROGRAMS=10000 cargo test --release --test py_corners`
//! runs more than the default 300 random programs.

mod common;

use common::generator::{Dice, Writer};
use common::programs::{assert_none_differ, cpython, ending_text};
use racecourse::py::run::{run, Ending, Limits, ProgramRun};

/// Runs `programs` on the interpreter and under CPython; the ones that
/// differ (with both runs), and the interpreter's runs.
fn differing(programs: &[String]) -> (Vec<String>, Vec<ProgramRun>) {
    let mut expected = Vec::new();
    for chunk in programs.chunks(500) {
        expected.extend(cpython(chunk));
    }
    assert_eq!(expected.len(), programs.len());
    let mut wrong = Vec::new();
    let mut runs = Vec::new();
    for (program, cpython) in programs.iter().zip(expected) {
        let ran = match run(program, Limits::default()) {
            Ok(ran) => ran,
            Err(error) => {
                wrong.push(format!(
                    "{program}
  does not parse: {error}"
                ));
                continue;
            }
        };
        let ours = (ran.output.as_str(), ending_text(&ran.ending), &ran.globals);
        if ours
            != (
                cpython.output.as_str(),
                cpython.ending.clone(),
                &cpython.globals,
            )
        {
            wrong.push(format!(
                "{program}
--- CPython:
{}
{}
{:?}
--- the interpreter:
{}
{}
{:?}
",
                cpython.output, cpython.ending, cpython.globals, ours.0, ours.1, ours.2
            ));
        }
        runs.push(ran);
    }
    (wrong, runs)
}

fn count() -> u64 {
    std::env::var("RACECOURSE_PY_PROGRAMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}

/// Corners of the compiled control flow and of class bodies.
const CORNERS: &[&str] = &[
    "def f():\n    try:\n        return 1\n    finally:\n        return 2\nprint(f())",
    "def f():\n    for i in range(3):\n        try:\n            if i == 1:\n                continue\n            if i == 2:\n                break\n        finally:\n            print('fin', i)\n    else:\n        print('else')\n    return i\nprint(f())",
    "def f():\n    for i in range(3):\n        try:\n            raise ValueError(i)\n        except ValueError as e:\n            if i == 1:\n                break\n            print('caught', e)\n    return e\nprint(f())",
    "try:\n    try:\n        raise KeyError('a')\n    except KeyError:\n        raise\nexcept KeyError as e:\n    print('again', e)\nprint(e)",
    "try:\n    raise ValueError('x')\nexcept ValueError:\n    try:\n        raise KeyError('y')\n    except KeyError:\n        pass\n    raise",
    "def f():\n    while True:\n        try:\n            return 'out'\n        finally:\n            print('finally runs')\nprint(f())",
    "for i in range(2):\n    try:\n        pass\n    finally:\n        break\nprint(i)",
    "x = 1\ndel x\nprint(x)",
    "class A:\n    x = 1\n    for i in range(3):\n        x += i\nprint(A.x, A.i)",
    "def make(k):\n    class C:\n        def get(self):\n            return k\n    return C\nprint(make(7)().get(), make(8).__name__)",
    "class E(Exception):\n    def __init__(self, n):\n        super().__init__(f'e{n}')\n        self.n = n\ntry:\n    raise E(3)\nexcept E as e:\n    print(e, e.n, e.args)",
    "a, b = 1\n",
    "a, *b = 'xyz'\nprint(a, b)\n[c, d] = (1, 2)\nprint(c, d)",
    "def f(*, k):\n    return k\nprint(f(k=1))\nprint(f(1))",
    "print(f'{1 + 1}{\"x\"!r:>5}{3.14159:.2f}')",
    "d = {}\nd[[1]] = 2",
    "print([x for x in 5])",
    "print(1 if [] else 2, [] or 'e', 0 and 1, 1 < 2 < 3 > 2, 1 < 3 < 2)",
    // async def bodies on the VM: awaits in every place the evaluator takes
    // them, exceptions and cancellation across awaits, what does not run.
    "import asyncio\nasync def f(x):\n    await asyncio.sleep(0.1)\n    return x + 1\nasync def name():\n    return 'ab'\nasync def main():\n    a = await f(1) + await f(2)\n    b = [await f(3), (await f(4),), *[await f(5)]]\n    print(a, b, f'{await f(5)}', -await f(6), await f(0) or 7, 1 < await f(1) < 3)\n    print((await f(1)) if await f(0) else 0, print(await f(1), sep=str(await f(0))))\n    t = asyncio.create_task(f(9))\n    print(await t)\n    x = 0\n    x += await f(x)\n    x, y = await f(1), await f(2)\n    print(x, y, (await name()).upper(), [1, 2, 3][await f(0)])\n    assert await f(0), 'never'\n    if await f(0):\n        print('if')\n    while await f(x) < 5:\n        x += 1\n    for i in range(await f(1)):\n        print(i, await f(i))\n    return await f(x)\nprint(asyncio.run(main()))",
    "import asyncio\nasync def boom():\n    await asyncio.sleep(0.1)\n    raise ValueError('b')\nasync def main():\n    try:\n        await boom()\n    except ValueError as e:\n        print('caught', e)\n    finally:\n        print('fin')\n    for i in range(3):\n        try:\n            await asyncio.sleep(0)\n            if i == 1:\n                continue\n            if i == 2:\n                break\n        finally:\n            print('f', i)\n    try:\n        raise KeyError('k')\n    except KeyError:\n        await asyncio.sleep(1)\n        print('handled')\n    await boom()\nasyncio.run(main())",
    "import asyncio\nasync def sleeper():\n    try:\n        await asyncio.sleep(10)\n    except asyncio.CancelledError:\n        print('cancelled')\n        raise\nasync def main():\n    t = asyncio.create_task(sleeper())\n    await asyncio.sleep(1)\n    t.cancel()\n    try:\n        await t\n    except asyncio.CancelledError:\n        print('main saw it')\nasyncio.run(main())",
    "import asyncio\nasync def f(x):\n    return x\nasync def main():\n    c = f(1)\n    print(await c)\n    await c\nasyncio.run(main())",
    "import asyncio\ndef g():\n    return 1\nasync def f(x):\n    await asyncio.sleep(x)\n    return x\nasync def main():\n    x = await f(g()) + undefined\nasyncio.run(main())",
    "import asyncio\nasync def main():\n    await 5\nasyncio.run(main())",
    "import asyncio\nbalance = 0\nasync def work(n):\n    global balance\n    for i in range(3):\n        b = balance\n        await asyncio.sleep(n / 10)\n        balance = b + 1\n    return n\nasync def main():\n    print(await asyncio.gather(work(1), work(2), work(3)))\n    print(balance)\nasyncio.run(main())",
    "import asyncio\nasync def main():\n    lock = asyncio.Lock()\n    async with lock:\n        await asyncio.sleep(1)\n        print('held', lock.locked())\n    print(lock.locked())\nasyncio.run(main())",
    "import asyncio\ndef g():\n    return 0\nasync def inner(n):\n    await asyncio.sleep(0.1)\n    if n:\n        raise KeyError(n)\n    return g()\nasync def outer():\n    try:\n        await inner(1)\n    except KeyError as e:\n        print('caught', e)\n    v = await inner(0) + 1\n    return v + undefined\nasync def main():\n    c = inner(0)\n    t = asyncio.create_task(inner(2))\n    print(await c)\n    unused = inner(3)\n    try:\n        await t\n    except KeyError as e:\n        print('task raised', e)\n    await outer()\nasyncio.run(main())",
    "import asyncio\nasync def main():\n    print(await asyncio.sleep(1), await asyncio.sleep(1, 'r'))\n    s = asyncio.sleep\n    print(await s(0.5), asyncio.get_event_loop().time() if False else 'ok')\n    try:\n        await asyncio.sleep('x')\n    except TypeError as e:\n        print('bad', e)\nasyncio.run(main())",
    "import asyncio\nasync def deep(n):\n    if n == 0:\n        await asyncio.sleep(0)\n        return 0\n    return await deep(n - 1) + 1\nasync def main():\n    print(await deep(100))\nasyncio.run(main())",
    "import asyncio\nlock = asyncio.Lock()\nsem = asyncio.Semaphore(2)\nasync def f(n):\n    async with lock as got, sem:\n        print('in', n, got, lock.locked())\n        await asyncio.sleep(0.5)\n        if n == 0:\n            return 'early'\n    for i in range(3):\n        async with lock:\n            await asyncio.sleep(0.1)\n            if i == 0:\n                continue\n            if i == 1:\n                break\n    try:\n        async with sem:\n            await asyncio.sleep(0.1)\n            raise ValueError(n)\n    except ValueError as e:\n        print('released', e, lock.locked())\n    return n\nasync def main():\n    print(await asyncio.gather(f(0), f(1), f(2)))\n    async with lock:\n        pass\n    print(lock.locked())\nasyncio.run(main())",
    // Awaits inside dict displays, comprehensions, slices and `del`: each
    // suspends where CPython's does, so other tasks' writes land between.
    "import asyncio\nbalance = 0\nasync def credit(n):\n    global balance\n    current = balance\n    await asyncio.sleep(0.01 * (n % 3))\n    balance = current + 1\n    return balance\nasync def racer(tag):\n    got = [await credit(i) for i in range(3) if i != 1]\n    table = {await credit(k): [await credit(j) for j in range(2)] for k in range(2)}\n    print(tag, got, table)\nasync def main():\n    await asyncio.gather(racer('a'), racer('b'))\n    d = {'x': await credit(0), await credit(1): 'y', 'z': {'w': await credit(2)}}\n    items = list(range(10))\n    del items[await credit(0) % 10], items[0]\n    print(d, items, items[await credit(1) % 4:await credit(2) % 9:1 + await credit(0) % 2])\n    print(balance)\nasyncio.run(main())",
    "import asyncio\nasync def f(x):\n    await asyncio.sleep(0.1)\n    return x\nasync def main():\n    print([await f(i) for i in range(3) for j in range(await f(2)) if await f(j)])\n    print({i: await f(i * i) for i in [await f(1), 2]})\n    print([[await f(i + j) for j in range(2)] for i in range(2)])\n    d = {'a': 1, 'b': 2}\n    del d[await f('a')]\n    print(d, [1, 2, 3][await f(0):])\n    print([await f(i) for i in range(3) if i > await undefined_name()])\nasyncio.run(main())",
    "import asyncio\nasync def main():\n    with asyncio.Lock():\n        pass\nasyncio.run(main())",
    "import asyncio\nasync def main():\n    async with 5:\n        pass\nasyncio.run(main())",
    "import asyncio\nlock = asyncio.Lock()\nasync def hold():\n    async with lock:\n        await asyncio.sleep(10)\nasync def main():\n    t = asyncio.create_task(hold())\n    await asyncio.sleep(1)\n    w = asyncio.create_task(hold())\n    await asyncio.sleep(1)\n    w.cancel()\n    t.cancel()\n    await asyncio.sleep(1)\n    print(lock.locked(), w.cancelled(), t.cancelled())\nasyncio.run(main())",
];

#[test]
fn corner_programs_run_as_under_cpython() {
    let programs: Vec<String> = CORNERS.iter().map(|p| format!("{p}\n")).collect();
    let (wrong, _) = differing(&programs);
    assert_none_differ(&wrong, programs.len());
}

#[test]
fn random_sync_programs_run_as_under_cpython() {
    let programs: Vec<String> = (1..=count()).map(sync_program).collect();
    let (wrong, runs) = differing(&programs);
    assert_none_differ(&wrong, programs.len());
    // Most run to their end; some end in an exception nothing caught.
    let raised = runs
        .iter()
        .filter(|r| r.ending != Ending::Completed)
        .count();
    assert!(
        raised > 0 && raised < programs.len() / 4,
        "{raised} of {} raise",
        programs.len()
    );
}

/// Corners where the playground ends a program itself: its limits, and
/// what it does not run. Each with how its message begins and its line.
const OWN_ENDINGS: &[(&str, &str, u32)] = &[
    ("class A(int, str):\n    pass", "NotImplementedError: a class with more than one base", 1),
    (
        "import asyncio\nasync def main():\n    with open('x'):\n        await asyncio.sleep(1)\nasyncio.run(main())",
        "NameError",
        3,
    ),
    ("n = 0\nwhile True:\n    n += 1\n", "The program has not awaited for 500 steps", 3),
    ("def f(n):\n    return f(n + 1)\nprint(f(0))\n", "RecursionError: maximum recursion depth exceeded", 2),
    (
        "def f(n):\n    try:\n        return f(n + 1)\n    finally:\n        print('unwound', n)\nf(0)\n",
        "RecursionError: maximum recursion depth exceeded",
        3,
    ),
    (
        "import asyncio\nasync def r(n):\n    return await r(n + 1)\nasyncio.run(r(0))",
        "RecursionError: maximum recursion depth exceeded",
        3,
    ),
    (
        "import asyncio\nasync def spin():\n    x = 0\n    while True:\n        x += 1\nasync def middle():\n    print('in')\n    await spin()\nasync def main():\n    await middle()\nasyncio.run(main())",
        "main() has not awaited for 500 steps",
        5,
    ),
    ("class A(5):\n    pass", "TypeError: a class can only derive from a class, not int", 1),
    (
        "import asyncio\nasync def f(x):\n    return x\nasync def main():\n    print(sum(await f(i) for i in range(2)))\nasyncio.run(main())",
        "NotImplementedError: an await inside a generator expression makes an async generator",
        5,
    ),
    // CPython 3.13's message (3.12 and before sleep for NaN seconds).
    (
        "import asyncio\nasync def main():\n    await asyncio.sleep(float('nan'))\nasyncio.run(main())",
        "ValueError: Invalid delay: NaN (not a number)",
        3,
    ),
    // The playground's depth (150 by default; 20 here), not CPython's 1000.
    (
        "import asyncio\nasync def deep(n):\n    if n == 0:\n        await asyncio.sleep(0)\n        return 0\n    return await deep(n - 1) + 1\nasync def main():\n    print(await deep(160))\nasyncio.run(main())",
        "RecursionError: maximum recursion depth exceeded",
        6,
    ),
];

#[test]
fn the_playground_ends_what_cpython_has_no_counterpart_for() {
    let limits = Limits {
        steps_without_await: 500,
        depth: 20,
        ..Limits::default()
    };
    for (program, begins, line) in OWN_ENDINGS {
        let ran = run(program, limits).expect("parses");
        let (message, at) = match &ran.ending {
            Ending::Exception { message, line } | Ending::Stopped { message, line } => {
                (message.as_str(), *line)
            }
            other => panic!("{program}\nended {other:?}"),
        };
        assert!(message.starts_with(begins), "{program}\nended: {message}");
        assert_eq!(at, *line, "{program}\nended: {message}");
    }
    // The unwinding `finally` blocks ran, innermost first.
    let ran = run(OWN_ENDINGS[4].0, limits).expect("parses");
    assert!(ran.output.starts_with("unwound 1"), "{}", ran.output);
}

/// A synchronous program: helpers, then random statements at module level
/// and in a function called several times (from the module, or from a
/// task: then its reads and writes of shared variables are traced).
fn sync_program(seed: u64) -> String {
    let mut writer = Writer {
        lines: Vec::new(),
        dice: Dice(seed),
        budget: 14,
    };
    writer.lines.push(
        "total = 0\nlog = []\ntable = {'a': 1, 'b': 2}\n\
class Box:\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\n\
box = Box(3)\n\
def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\
def counter():\n    c = 0\n    def bump(k=1):\n        nonlocal c\n        c += k\n        return c\n    return bump\n\
bump = counter()\n\
def risky(n, *rest, scale=1, **extra):\n    if n % 3 == 0:\n        raise ValueError(f'bad {n}')\n    return n * scale + len(rest) + len(extra)\n"
            .to_string(),
    );
    writer.line(0, "def work(n, m=2):");
    writer.line(1, "global total");
    sync_block(&mut writer, 1, 0, false, true);
    writer.line(1, "return n + m");
    if seed % 2 == 0 {
        writer.line(0, "for k in range(3):");
        writer.line(1, "print('work', k, work(k))");
    } else {
        // Called from a task, so that its reads and writes are traced.
        writer.line(0, "import asyncio");
        writer.line(0, "async def amain():");
        writer.line(1, "for k in range(3):");
        writer.line(2, "print('work', k, work(k))");
        writer.line(2, "await asyncio.sleep(0.1)");
        writer.line(0, "asyncio.run(amain())");
    }
    writer.budget = 10;
    sync_block(&mut writer, 0, 0, false, false);
    writer.line(0, "print('end', total, log, table, box.v, bump(0))");
    writer.lines.join("\n") + "\n"
}

/// A block of a synchronous program's statements.
fn sync_block(w: &mut Writer, depth: usize, nesting: u32, in_loop: bool, in_function: bool) {
    w.statements(depth, |w| {
        sync_statement(w, depth, nesting, in_loop, in_function)
    });
}

/// One statement of a synchronous program; `in_function`: where `return` may be.
fn sync_statement(w: &mut Writer, depth: usize, nesting: u32, in_loop: bool, in_function: bool) {
    let deeper = nesting < 3;
    let d = depth;
    match w.dice.below(23) {
        0 => w.line(d, "total += len(log) + 1"),
        1 => w.line(d, "log.append(total % 7)"),
        2 => w.line(d, "print('fib', fib(6), bump(), bump(2))"),
        3 => {
            let k = w.dice.below(7);
            w.line(d, "try:");
            w.line(d + 1, &format!("print('risky', risky({k}, 1, 2, scale=3, x=4))"));
            w.line(d, "except ValueError as e:");
            w.line(d + 1, "print('caught', e, e.args)");
            w.line(d + 1, "log.append(str(e))");
        }
        4 => w.line(
            d,
            "print([x * 2 for x in range(4) if x != 2], {k: v + 1 for k, v in table.items()}, sum(i for i in log))",
        ),
        5 => w.line(d, "a, *b, c = [total, 1, 2, len(log)]\nprint('unpacked', a, b, c)".replace('\n', &format!("\n{}", "    ".repeat(d))).as_str()),
        6 => {
            w.line(d, "box.v += 2");
            w.line(d, "table['a'] *= 2");
            w.line(d, "print('aug', box.v, box.get(), table, f'{total:>5}|{box.v!r}|{1 / 3:.3f}')");
        }
        7 if deeper => {
            let test = w.dice.pick(&["total % 2 == 0", "len(log) > 2", "box.v < 9", "not log"]);
            w.line(d, &format!("if {test}:"));
            sync_block(w, d + 1, nesting + 1, in_loop, in_function);
            if w.dice.chance(50) {
                w.line(d, "else:");
                sync_block(w, d + 1, nesting + 1, in_loop, in_function);
            }
        }
        8 if deeper => {
            let times = 1 + w.dice.below(4);
            let i = format!("i{depth}");
            w.line(d, &format!("for {i} in range({times}):"));
            w.line(d + 1, &format!("log.append({i})"));
            sync_block(w, d + 1, nesting + 1, true, in_function);
            if w.dice.chance(30) {
                w.line(d, "else:");
                w.line(d + 1, "print('for else')");
            }
        }
        9 if deeper => {
            let counter = format!("w{depth}");
            let rounds = 1 + w.dice.below(3);
            w.line(d, &format!("{counter} = 0"));
            w.line(d, &format!("while {counter} < {rounds}:"));
            w.line(d + 1, &format!("{counter} += 1"));
            sync_block(w, d + 1, nesting + 1, true, in_function);
        }
        10 if in_loop => {
            let test = w.dice.pick(&["total % 3 == 1", "len(log) % 2", "True"]);
            let what = w.dice.pick(&["break", "continue"]);
            w.line(d, &format!("if {test}:"));
            w.line(d + 1, &format!("print('{what}')"));
            w.line(d + 1, what);
        }
        11 if deeper => {
            w.line(d, "try:");
            sync_block(w, d + 1, nesting + 1, in_loop, in_function);
            if w.dice.chance(50) {
                w.line(d + 1, "raise KeyError('k')");
            }
            if w.dice.chance(60) {
                let kind = w.dice.pick(&["KeyError", "(KeyError, ValueError)", "Exception", "IndexError"]);
                w.line(d, &format!("except {kind} as err:"));
                w.line(d + 1, "print('handled', repr(err))");
                sync_block(w, d + 1, nesting + 1, in_loop, in_function);
                if w.dice.chance(30) {
                    w.line(d, "else:");
                    w.line(d + 1, "print('no error')");
                }
            }
            w.line(d, "finally:");
            w.line(d + 1, "print('finally', total)");
            sync_block(w, d + 1, nesting + 1, in_loop, in_function);
        }
        12 => w.line(d, "print('slice', log[1:3], log[::-1][:2], 'abcdef'[-3:], len(log) and log[-1])"),
        13 => w.line(d, "del table['b']\ntable['b'] = total".replace('\n', &format!("\n{}", "    ".repeat(d))).as_str()),
        14 => w.line(d, "assert total >= 0, 'negative'"),
        15 if in_function && depth > 1 => {
            // Leaves the function from wherever it is.
            w.line(d, "if total > 30:");
            w.line(d + 1, "return total");
        }
        16 => w.line(d, "print('cmp', 1 < total <= 100, total == 3 or len(log), 0 < box.v < 3 < 9, 'a' in table, 5 not in log)"),
        17 => w.line(d, "x, (y, z) = total, (len(log), box.v)\nprint('xyz', x, y, z, [[j for j in range(y % 3)] for _ in range(2)])".replace('\n', &format!("\n{}", "    ".repeat(d))).as_str()),
        18 if w.dice.chance(10) => w.line(d, "print(undefined_name)"),
        19 if w.dice.chance(15) => w.line(d, "print(log[100])"),
        20 => w.line(d, "print('sorted', sorted(log, key=str)[:3], max(log + [0]), min(table.values()))"),
        21 => {
            // A class made where it runs, its methods closing over the place.
            w.line(d, "class Local(Box):");
            w.line(d + 1, "scale = 2");
            w.line(d + 1, "names = [k for k in table]");
            w.line(d + 1, "def get(self):");
            w.line(d + 2, "return super().get() * self.scale + len(log)");
            w.line(d, "print('local', Local(total % 5).get(), Local.scale, Local.names)");
        }
        _ => w.line(d, "total = total + bump()"),
    }
}
