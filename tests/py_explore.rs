//! The explorer of a learner's program ([`racecourse::py::run::explore`])
//! against brute force: every schedule run one by one
//! ([`racecourse::py::run::orders::every_order`]), outcome by outcome.

use std::collections::BTreeMap;

use racecourse::py::run::explore::{Explorer, Outcome};
use racecourse::py::run::orders::{every_order, Replay};
use racecourse::py::run::{run_chosen, Limits, Mode};

fn brute(source: &str, most: usize, checked: bool) -> Counted {
    let counts = brute_within(source, most, checked);
    assert!(counts.is_some(), "brute force ran out at {most} schedules");
    counts.unwrap_or_default()
}

/// Outcomes with their counts, and the most awaits a task made in one
/// hold of a lock (counted only where a goal is checked).
#[derive(Debug, Default, PartialEq)]
struct Counted {
    counts: BTreeMap<Outcome, u64>,
    most_awaits_in_lock: u32,
}

/// Every schedule's outcome, or `None` if there are `most` or more;
/// `checked`: as where a goal is checked (a lost update marks the outcome).
fn brute_within(source: &str, most: usize, checked: bool) -> Option<Counted> {
    let mut counted = Counted::default();
    let mode = Mode {
        goal_checked: checked,
        ..Mode::default()
    };
    let runs = every_order(source, Limits::default(), most, |_, run| {
        *counted
            .counts
            .entry(Outcome::of_mode(run, None, mode))
            .or_insert(0) += 1;
        if checked {
            counted.most_awaits_in_lock = counted.most_awaits_in_lock.max(run.most_awaits_in_lock);
        }
    })
    .expect("parses");
    (runs < most).then_some(counted)
}

fn explored(source: &str, checked: bool) -> Counted {
    let mode = Mode {
        goal_checked: checked,
        ..Mode::default()
    };
    let mut explorer = Explorer::new(source, Limits::default(), mode, None).expect("parses");
    let all = explorer.finish().expect("counted");
    let mut counts = BTreeMap::new();
    for (outcome, count, schedule) in &all.all {
        // Each outcome's schedule, replayed, ends there.
        let (replay, _) = Replay::new(schedule.iter().map(|&p| p as usize).collect());
        let ran = run_chosen(source, Limits::default(), Box::new(replay)).expect("parses");
        assert_eq!(
            &Outcome::of_mode(&ran, None, mode),
            outcome,
            "witness {schedule:?}"
        );
        counts.insert(
            outcome.clone(),
            count.to_string().parse::<u64>().expect("small"),
        );
    }
    if checked {
        // The witness of the most awaits in a lock reaches it.
        let witness: Vec<usize> = explorer
            .awaits_witness()
            .iter()
            .map(|&p| p as usize)
            .collect();
        let (replay, _) = Replay::new(witness);
        let ran = run_chosen(source, Limits::default(), Box::new(replay)).expect("parses");
        assert_eq!(
            ran.most_awaits_in_lock, all.most_awaits_in_lock,
            "awaits witness"
        );
    }
    Counted {
        counts,
        most_awaits_in_lock: if checked { all.most_awaits_in_lock } else { 0 },
    }
}

fn check(name: &str, source: &str) {
    for checked in [false, true] {
        let expected = brute(source, 2_000_000, checked);
        let got = explored(source, checked);
        let schedules: u64 = expected.counts.values().sum();
        eprintln!(
            "{name}{}: {schedules} schedules, {} outcomes: {:?}",
            if checked { " (checked)" } else { "" },
            expected.counts.len(),
            expected.counts.keys().take(3).collect::<Vec<_>>()
        );
        assert_eq!(got, expected, "{name}, checked: {checked}");
    }
}

#[test]
fn article_three_credits() {
    check(
        "article",
        "
import asyncio
balance = 0
async def credit():
    global balance
    current = balance
    await asyncio.sleep(0.1)
    balance = current + 1
async def main():
    await asyncio.gather(*[credit() for _ in range(3)])
asyncio.run(main())
",
    );
}

/// Programs written unlike the strategy files, each checked outcome by
/// outcome against every schedule run one by one.
const PROGRAMS: &[(&str, &str)] = &[
    (
        "lock taken in a loop",
        "
import asyncio
balance = 0
lock = asyncio.Lock()
async def credit(times):
    global balance
    for _ in range(times):
        async with lock:
            current = balance
            await asyncio.sleep(0)
            balance = current + 1
async def main():
    await asyncio.gather(credit(2), credit(2))
asyncio.run(main())
",
    ),
    (
        "lock taken too late",
        "
import asyncio
balance = 100
lock = asyncio.Lock()
async def deposit(amount):
    global balance
    seen = balance
    await asyncio.sleep(0.01)
    async with lock:
        balance = seen + amount
async def main():
    await asyncio.gather(deposit(10), deposit(20), deposit(10))
asyncio.run(main())
",
    ),
    (
        "lock too narrow, I/O outside",
        "
import asyncio
balance = 0
lock = asyncio.Lock()
async def credit():
    global balance
    async with lock:
        current = balance
    await asyncio.sleep(1)
    async with lock:
        balance = current + 1
async def main():
    await asyncio.gather(*(credit() for _ in range(3)))
asyncio.run(main())
",
    ),
    (
        "a semaphore of two",
        "
import asyncio
count = 0
sem = asyncio.Semaphore(2)
async def work():
    global count
    async with sem:
        c = count
        await asyncio.sleep(0)
        count = c + 1
async def main():
    await asyncio.gather(work(), work(), work())
asyncio.run(main())
",
    ),
    (
        "an event gates the readers",
        "
import asyncio
ready = asyncio.Event()
value = 0
seen = []
async def writer():
    global value
    await asyncio.sleep(0)
    value = 42
    ready.set()
async def reader(name):
    await ready.wait()
    seen.append((name, value))
async def main():
    await asyncio.gather(reader('a'), writer(), reader('b'))
asyncio.run(main())
",
    ),
    (
        "a queue with two consumers",
        "
import asyncio
total = 0
log = []
async def producer(q):
    for n in [1, 2, 3]:
        await q.put(n)
    await q.put(None)
    await q.put(None)
async def consumer(q, name):
    global total
    while True:
        item = await q.get()
        if item is None:
            break
        t = total
        await asyncio.sleep(0)
        total = t + item
        log.append(name)
async def main():
    q = asyncio.Queue()
    await asyncio.gather(producer(q), consumer(q, 'x'), consumer(q, 'y'))
asyncio.run(main())
",
    ),
    (
        "a bounded queue, put waits",
        "
import asyncio
got = []
async def producer(q):
    for n in range(3):
        await q.put(n)
async def consumer(q):
    for _ in range(3):
        got.append(await q.get())
        await asyncio.sleep(0)
async def main():
    q = asyncio.Queue(maxsize=1)
    await asyncio.gather(producer(q), consumer(q))
asyncio.run(main())
",
    ),
    (
        "create_task, awaited one by one",
        "
import asyncio
hits = 0
async def hit():
    global hits
    h = hits
    await asyncio.sleep(0.5)
    hits = h + 1
async def main():
    tasks = [asyncio.create_task(hit()) for _ in range(3)]
    for t in tasks:
        await t
asyncio.run(main())
",
    ),
    (
        "a counter class",
        "
import asyncio
class Counter:
    def __init__(self):
        self.value = 0
    async def increment(self):
        v = self.value
        await asyncio.sleep(0)
        self.value = v + 1
counter = Counter()
async def main():
    await asyncio.gather(counter.increment(), counter.increment(), counter.increment())
    global final
    final = counter.value
asyncio.run(main())
",
    ),
    (
        "a safe counter class",
        "
import asyncio
class SafeCounter:
    def __init__(self):
        self._value = 0
        self._lock = asyncio.Lock()
    async def increment(self):
        async with self._lock:
            v = self._value
            await asyncio.sleep(0)
            self._value = v + 1
c = SafeCounter()
async def main():
    await asyncio.gather(*[c.increment() for _ in range(3)])
    global final
    final = c._value
asyncio.run(main())
",
    ),
    (
        "opposite order: deadlock",
        "
import asyncio
a = asyncio.Lock()
b = asyncio.Lock()
done = 0
async def first():
    global done
    async with a:
        await asyncio.sleep(0)
        async with b:
            done += 1
async def second():
    global done
    async with b:
        await asyncio.sleep(0)
        async with a:
            done += 1
async def main():
    await asyncio.gather(first(), second())
asyncio.run(main())
",
    ),
    (
        "bank transfer between two accounts",
        "
import asyncio
accounts = {'alice': 100, 'bob': 100}
async def transfer(src, dst, amount):
    s = accounts[src]
    await asyncio.sleep(0)
    accounts[src] = s - amount
    d = accounts[dst]
    await asyncio.sleep(0)
    accounts[dst] = d + amount
async def main():
    await asyncio.gather(transfer('alice', 'bob', 30), transfer('bob', 'alice', 10))
asyncio.run(main())
",
    ),
    (
        "an exception in some orders",
        "
import asyncio
stock = 1
async def buy():
    global stock
    if stock <= 0:
        raise ValueError('sold out')
    await asyncio.sleep(0)
    stock -= 1
    if stock < 0:
        raise RuntimeError('oversold')
async def main():
    await asyncio.gather(buy(), buy())
asyncio.run(main())
",
    ),
    (
        "results used, in order",
        "
import asyncio
n = 0
async def take():
    global n
    mine = n
    await asyncio.sleep(0)
    n = mine + 1
    return mine
async def main():
    global results
    results = await asyncio.gather(take(), take(), take())
asyncio.run(main())
",
    ),
    (
        "a gather kept in a variable",
        "
import asyncio
n = 0
async def take(k):
    global n
    mine = n
    await asyncio.sleep(0)
    n = mine + k
    return n
async def main():
    global out
    g = asyncio.gather(take(1), take(1), take(1))
    await g
    out = g.result()
asyncio.run(main())
",
    ),
    (
        "nonlocal counter in a closure",
        "
import asyncio
async def main():
    count = 0
    async def bump():
        nonlocal count
        c = count
        await asyncio.sleep(0)
        count = c + 1
    await asyncio.gather(bump(), bump(), bump())
    global final
    final = count
asyncio.run(main())
",
    ),
    (
        "a list checked then appended",
        "
import asyncio
seats = []
async def book(name):
    if len(seats) < 2:
        await asyncio.sleep(0)
        seats.append(name)
async def main():
    await asyncio.gather(book('a'), book('b'), book('c'))
asyncio.run(main())
",
    ),
    (
        "a dict of counters",
        "
import asyncio
votes = {}
async def vote(name):
    n = votes.get(name, 0)
    await asyncio.sleep(0)
    votes[name] = n + 1
async def main():
    await asyncio.gather(vote('x'), vote('y'), vote('x'))
asyncio.run(main())
",
    ),
    (
        "compare and retry",
        "
import asyncio
balance = 0
retries = 0
async def credit():
    global balance, retries
    while True:
        seen = balance
        await asyncio.sleep(0)
        if balance == seen:
            balance = seen + 1
            return
        retries += 1
async def main():
    await asyncio.gather(credit(), credit())
asyncio.run(main())
",
    ),
    (
        "two awaits between read and write",
        "
import asyncio
x = 0
async def inc():
    global x
    v = x
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    x = v + 1
async def main():
    await asyncio.gather(inc(), inc())
asyncio.run(main())
",
    ),
    (
        "a coroutine awaited in place",
        "
import asyncio
balance = 10
async def read():
    await asyncio.sleep(0)
    return balance
async def write(v):
    global balance
    await asyncio.sleep(0)
    balance = v
async def credit(k):
    current = await read()
    await write(current + k)
async def main():
    await asyncio.gather(credit(1), credit(5))
asyncio.run(main())
",
    ),
    (
        "a task awaits another task",
        "
import asyncio
order = []
async def slow():
    await asyncio.sleep(0)
    order.append('slow')
    return 7
async def waiter(t):
    v = await t
    order.append(('waiter', v))
async def main():
    t = asyncio.create_task(slow())
    await asyncio.gather(waiter(t), waiter(t), slow())
asyncio.run(main())
",
    ),
    (
        "explicit acquire and release",
        "
import asyncio
lock = asyncio.Lock()
total = 0
async def add(k):
    global total
    await lock.acquire()
    try:
        t = total
        await asyncio.sleep(0)
        total = t + k
    finally:
        lock.release()
async def main():
    await asyncio.gather(add(1), add(2), add(3))
asyncio.run(main())
",
    ),
    (
        "different amounts, one lock",
        "
import asyncio
balance = 0
lock = asyncio.Lock()
async def credit(amount):
    global balance
    async with lock:
        b = balance
        await asyncio.sleep(0)
    balance = b + amount
async def main():
    await asyncio.gather(credit(1), credit(2), credit(1))
asyncio.run(main())
",
    ),
    (
        "a cancelled task",
        "
import asyncio
state = 'start'
async def worker():
    global state
    try:
        await asyncio.sleep(1)
        state = 'finished'
    except asyncio.CancelledError:
        state = 'cancelled'
        raise
async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        pass
asyncio.run(main())
",
    ),
    (
        "sleep gives a result",
        "
import asyncio
got = []
async def echo(v):
    r = await asyncio.sleep(0, v)
    got.append(r)
async def main():
    await asyncio.gather(echo(1), echo(2), echo(1))
asyncio.run(main())
",
    ),
    (
        "two waiters on one event, set between",
        "
import asyncio
ev = asyncio.Event()
trail = []
async def waiter(n):
    trail.append(('wait', n))
    await ev.wait()
    trail.append(('woke', n))
async def setter():
    await asyncio.sleep(0)
    ev.set()
    trail.append('set')
async def main():
    await asyncio.gather(waiter(1), setter(), waiter(2))
asyncio.run(main())
",
    ),
    (
        "queue join and task_done",
        "
import asyncio
done = []
async def worker(q, name):
    while True:
        item = await q.get()
        await asyncio.sleep(0)
        done.append((name, item))
        q.task_done()
async def main():
    q = asyncio.Queue()
    for n in range(3):
        q.put_nowait(n)
    workers = [asyncio.create_task(worker(q, w)) for w in 'ab']
    await q.join()
    for w in workers:
        w.cancel()
asyncio.run(main())
",
    ),
    (
        "random, seeded",
        "
import asyncio
import random
random.seed(3)
picks = []
async def pick():
    await asyncio.sleep(0)
    picks.append(random.randint(1, 3))
async def main():
    await asyncio.gather(pick(), pick())
asyncio.run(main())
",
    ),
];

#[test]
fn programs_written_differently_agree_with_brute_force() {
    assert!(PROGRAMS.len() >= 20);
    for (name, source) in PROGRAMS {
        check(name, source);
    }
}

/// A small random program: two or three workers of a few statements
/// each, drawn from reads, writes, awaits, a lock, a semaphore, an event,
/// a queue, a helper coroutine, loops and branches.
fn small_program(seed: u64) -> String {
    let mut dice = Dice(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut out = String::from(
        "import asyncio\nbalance = 0\ncount = 0\nlog = []\nlock = asyncio.Lock()\nsem = asyncio.Semaphore(1)\nev = asyncio.Event()\nq = asyncio.Queue()\n\nasync def helper(k):\n    await asyncio.sleep(0)\n    return k + balance\n\n",
    );
    let workers = 2 + dice.below(2) as usize;
    for w in 0..workers {
        out.push_str(&format!(
            "async def w{w}():\n    global balance, count\n    v = 0\n"
        ));
        let mut awaits = 0;
        block(&mut dice, &mut out, 1, 3, &mut awaits, w);
        out.push('\n');
    }
    let calls: Vec<String> = (0..workers).map(|w| format!("w{w}()")).collect();
    if dice.below(3) == 0 {
        out.push_str(&format!(
            "async def main():\n    tasks = [asyncio.create_task(c) for c in [{}]]\n    for t in tasks:\n        await t\n",
            calls.join(", ")
        ));
    } else {
        out.push_str(&format!(
            "async def main():\n    await asyncio.gather({})\n",
            calls.join(", ")
        ));
    }
    out.push_str("\nasyncio.run(main())\n");
    out
}

fn block(
    dice: &mut Dice,
    out: &mut String,
    depth: usize,
    statements: u64,
    awaits: &mut u32,
    w: usize,
) {
    let pad = "    ".repeat(depth);
    for _ in 0..2 + dice.below(statements) {
        let k = dice.below(3) + 1;
        let line = match dice.below(if depth < 3 { 14 } else { 10 }) {
            0 | 1 => "v = balance".to_string(),
            2 | 3 if *awaits < 2 => {
                *awaits += 1;
                "await asyncio.sleep(0)".to_string()
            }
            2 | 3 => "count += 1".to_string(),
            4 => format!("balance = v + {k}"),
            5 => format!("log.append({w})"),
            6 if *awaits < 3 => {
                *awaits += 1;
                format!("v = await helper({k})")
            }
            6 => "v = v + 1".to_string(),
            7 => "if not ev.is_set():\n".to_string() + &pad + "    ev.set()",
            8 if *awaits < 3 => {
                *awaits += 1;
                if dice.below(2) == 0 {
                    "await q.put(v)".to_string()
                } else {
                    "await ev.wait()".to_string()
                }
            }
            8 => "log.append(q.qsize())".to_string(),
            9 => "if q.qsize() > 0:\n".to_string() + &pad + "    log.append(q.get_nowait())",
            10 => {
                out.push_str(&format!("{pad}async with lock:\n"));
                block(dice, out, depth + 1, 3, awaits, w);
                continue;
            }
            11 => {
                out.push_str(&format!("{pad}async with sem:\n"));
                block(dice, out, depth + 1, 2, awaits, w);
                continue;
            }
            12 => {
                out.push_str(&format!("{pad}if balance < {k}:\n"));
                block(dice, out, depth + 1, 2, awaits, w);
                continue;
            }
            _ => {
                out.push_str(&format!("{pad}for _ in range(2):\n"));
                block(dice, out, depth + 1, 2, awaits, w);
                continue;
            }
        };
        out.push_str(&format!("{pad}{line}\n"));
    }
}

/// xorshift64*: the same programs on every machine.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) % n
    }
}

/// Small random programs (locks, a semaphore, an event, a queue, a helper
/// coroutine, create_task), each counted both ways. Set
/// `RACECOURSE_EXPLORE_PROGRAMS` for more than the 300 of every run.
#[test]
fn random_programs_agree_with_brute_force() {
    let programs: u64 = std::env::var("RACECOURSE_EXPLORE_PROGRAMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let mut checked = 0;
    let mut outcomes = 0;
    let mut several: u64 = 0;
    let mut lost: u64 = 0;
    for seed in 0..programs {
        let source = small_program(seed);
        let Some(expected) = brute_within(&source, 5_000, false) else {
            continue;
        };
        checked += 1;
        outcomes += expected.counts.len();
        several += u64::from(expected.counts.len() > 1);
        assert_eq!(
            explored(&source, false),
            expected,
            "program {seed}:\n{source}"
        );
        // Where a goal is checked: lost updates and awaits in a lock too.
        let marked = brute(&source, 5_000, true);
        lost += u64::from(marked.counts.keys().any(Outcome::lost_update));
        assert_eq!(
            explored(&source, true),
            marked,
            "program {seed}, checked:\n{source}"
        );
    }
    eprintln!(
        "{checked} of {programs} random programs counted both ways, {outcomes} outcomes; {several} with more than one; {lost} that can lose an update"
    );
    assert!(
        lost > 0,
        "no program could lose an update: the marks went untested"
    );
    assert!(
        checked * 2 >= programs,
        "only {checked} of {programs} were small enough"
    );
    assert!(
        several * 3 >= checked,
        "only {several} of {checked} had more than one outcome"
    );
}

/// The state key at the first point where more than one task is ready.
fn first_key(source: &str) -> u128 {
    key_after(source, &[])
}

/// The state key where more than one task is ready after `picks` (at
/// such points before).
fn key_after(source: &str, picks: &[usize]) -> u128 {
    use racecourse::py::run::aio::Chooser;
    use racecourse::py::run::interp::Interp;
    use racecourse::py::run::key::state_key;
    use std::cell::Cell;
    use std::rc::Rc;
    struct Look(Rc<Cell<u128>>, Vec<usize>);
    impl Chooser for Look {
        fn choose(&mut self, interp: &Interp, _: &[u32]) -> Option<usize> {
            if !self.1.is_empty() {
                return Some(self.1.remove(0));
            }
            self.0.set(state_key(interp));
            None
        }
    }
    let key = Rc::new(Cell::new(0));
    let module = racecourse::py::parse(source).expect("parses");
    racecourse::py::run::run_parsed(
        &module,
        Limits::default(),
        Mode::default(),
        Some(Box::new(Look(Rc::clone(&key), picks.to_vec()))),
        true,
    );
    assert_ne!(key.get(), 0, "no choice in:\n{source}");
    key.get()
}

const KEYED: &str = "
import asyncio
balance = 0
lock = asyncio.Lock()
async def credit(k):
    global balance
    current = balance
    await asyncio.sleep(0)
    balance = current + k
async def main():
    await asyncio.gather(credit(1), credit(1))
asyncio.run(main())
";

#[test]
fn a_state_key_sees_every_change() {
    let base = first_key(KEYED);
    assert_eq!(first_key(KEYED), base, "the same program, the same state");
    let changed = [
        (
            "a variable",
            KEYED.replace("balance = 0\n", "balance = 1\n"),
        ),
        (
            "a new variable",
            KEYED.replace("balance = 0\n", "balance = 0\nother = 0\n"),
        ),
        (
            "an argument",
            KEYED.replace("credit(1), credit(1)", "credit(1), credit(2)"),
        ),
        (
            "a frame's place",
            KEYED.replace(
                "    current = balance\n",
                "    current = balance\n    pass\n",
            ),
        ),
        (
            "a lock held",
            KEYED.replace(
                "async def main():\n",
                "async def main():\n    await lock.acquire()\n",
            ),
        ),
        (
            "a list's contents",
            KEYED.replace("balance = 0\n", "balance = 0\nlog = [1]\n"),
        ),
    ];
    for (what, source) in &changed {
        assert_ne!(first_key(source), base, "{what}");
    }
    // Two orders to one state: the first two credits have read $0.
    let three = KEYED.replace("credit(1), credit(1)", "credit(1), credit(1), credit(1)");
    assert_eq!(key_after(&three, &[0, 0]), key_after(&three, &[1, 0]));
    // A suspended task's local: the second credit read $1, or $0.
    let read_one = key_after(&three, &[0, 2, 0]);
    let read_zero = key_after(&three, &[1, 0, 2]);
    assert_ne!(read_one, read_zero, "a local of a suspended task");
    // Two tasks swapped are one state: the arguments' order in gather
    // does not matter when its result is thrown away.
    let swapped_a = KEYED.replace("credit(1), credit(1)", "credit(1), credit(2)");
    let swapped_b = KEYED.replace("credit(1), credit(1)", "credit(2), credit(1)");
    assert_eq!(first_key(&swapped_a), first_key(&swapped_b), "symmetry");
    // ... but does when it is kept.
    let kept_a = swapped_a.replace(
        "    await asyncio.gather",
        "    global r\n    r = await asyncio.gather",
    );
    let kept_b = swapped_b.replace(
        "    await asyncio.gather",
        "    global r\n    r = await asyncio.gather",
    );
    assert_ne!(first_key(&kept_a), first_key(&kept_b), "results in order");
}
