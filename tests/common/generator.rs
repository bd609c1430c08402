//! The seeded random programs `py_programs.rs` runs against CPython (and
//! `py_vm.rs` runs on the evaluator and the VM).

/// SplitMix64: a fixed, portable generator for the programs.
pub struct Dice(pub u64);

impl Dice {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A program being written, line by line.
pub struct Writer {
    pub lines: Vec<String>,
    pub dice: Dice,
    /// Statements left in this block's function (keeps programs small).
    pub budget: u32,
}

impl Writer {
    pub fn line(&mut self, depth: usize, text: &str) {
        self.lines.push(format!("{}{}", "    ".repeat(depth), text));
    }

    /// One to three statements (as the budget allows), each written by
    /// `statement`; `pass` if none was.
    pub fn statements(&mut self, depth: usize, mut statement: impl FnMut(&mut Writer)) {
        let count = 1 + self.dice.below(3);
        for _ in 0..count {
            if self.budget == 0 {
                break;
            }
            self.budget -= 1;
            statement(self);
        }
        if self
            .lines
            .last()
            .is_some_and(|l| l.trim_end().ends_with(':'))
        {
            self.line(depth, "pass");
        }
    }

    fn sleep(&mut self) -> String {
        match self.dice.below(6) {
            0 => "await asyncio.sleep(0)".into(),
            1 => "await asyncio.sleep(random.uniform(0.01, 0.03))".into(),
            2 => format!(
                "await asyncio.sleep({})",
                self.dice.pick(&["0.1", "0.2", "0.3", "0.05"])
            ),
            _ => format!("await asyncio.sleep(0.0{})", 1 + self.dice.below(9)),
        }
    }

    /// A block of statements for a worker numbered by `n` (a parameter).
    fn block(&mut self, depth: usize, nesting: u32, in_lock: u8) {
        self.statements(depth, |w| w.statement(depth, nesting, in_lock));
    }

    fn statement(&mut self, depth: usize, nesting: u32, in_lock: u8) {
        let deeper = nesting < 2;
        match self.dice.below(24) {
            0 | 1 => {
                // The article's race: read, await, write.
                self.line(depth, "current = balance");
                let sleep = self.sleep();
                self.line(depth, &sleep);
                self.line(depth, "balance = current + n");
                self.line(depth, "print('w balance', n, balance, time.monotonic())");
            }
            2 => {
                self.line(depth, "balance += random.randint(1, 5)");
                self.line(depth, "print('w balance', n, balance)");
            }
            3 => {
                let sleep = self.sleep();
                self.line(depth, &sleep);
            }
            4 => {
                self.line(depth, "count += 1");
                self.line(depth, "print('w count', n, count)");
            }
            5 if deeper && in_lock == 0 => {
                self.line(depth, "async with lock:");
                self.line(depth + 1, "print('in lock', n)");
                self.block(depth + 1, nesting + 1, 1);
            }
            6 if deeper && in_lock <= 1 => {
                // Always the order lock, then lock2: never a deadlock.
                self.line(depth, "async with lock2:");
                self.block(depth + 1, nesting + 1, 2);
            }
            7 if deeper => {
                self.line(depth, "async with sem:");
                self.line(depth + 1, "print('in sem', n, time.monotonic())");
                self.block(depth + 1, nesting + 1, in_lock);
            }
            8 if deeper => {
                let test =
                    self.dice
                        .pick(&["balance % 2 == 0", "n > 2", "count < 3", "len(log) > 1"]);
                self.line(depth, &format!("if {test}:"));
                self.block(depth + 1, nesting + 1, in_lock);
                if self.dice.chance(50) {
                    self.line(depth, "else:");
                    self.block(depth + 1, nesting + 1, in_lock);
                }
            }
            9 if deeper => {
                let times = 1 + self.dice.below(3);
                self.line(depth, &format!("for j in range({times}):"));
                self.line(depth + 1, "log.append((n, j))");
                self.block(depth + 1, nesting + 1, in_lock);
            }
            10 => {
                let k = self.dice.below(5);
                self.line(depth, &format!("x = await helper(n + {k})"));
                self.line(depth, "log.append(x)");
            }
            11 => {
                self.line(depth, "t = asyncio.create_task(helper(n))");
                let sleep = self.sleep();
                self.line(depth, &sleep);
                self.line(depth, "print('task', n, t.done(), await t)");
            }
            12 => {
                self.line(depth, "await queue.put(n)");
                self.line(depth, "print('put', n, queue.qsize())");
            }
            13 if deeper => {
                self.line(depth, "try:");
                self.line(depth + 1, "if n % 2:");
                self.line(depth + 2, "raise ValueError(f'odd {n}')");
                self.block(depth + 1, nesting + 1, in_lock);
                self.line(depth, "except ValueError as error:");
                self.line(depth + 1, "log.append(str(error))");
                self.line(depth, "finally:");
                self.line(depth + 1, "print('finally', n, len(log))");
            }
            14 if in_lock == 0 => {
                self.line(depth, "await event.wait()");
                self.line(depth, "print('event', n, time.monotonic())");
            }
            15 => {
                // An object's attribute, raced through a method.
                self.line(depth, "v = await account.deposit(n)");
                self.line(
                    depth,
                    "print('account', n, v, account.balance, account.name)",
                );
            }
            16 => {
                self.line(depth, "v = await account.safe_deposit(amount=n + 1)");
                self.line(
                    depth,
                    "print('safe', n, v, f'{account.balance:>6}|{n / 3:.2f}|{count:03d}')",
                );
            }
            17 => {
                self.line(depth, "print('bump', n, bump(n), bump())");
            }
            18 if deeper => {
                // Its own counter: a nested loop must not reset the outer one's.
                let i = format!("i{depth}");
                self.line(depth, &format!("{i} = 0"));
                let rounds = 1 + self.dice.below(3);
                self.line(depth, &format!("while {i} < {rounds}:"));
                self.line(depth + 1, &format!("{i} += 1"));
                self.line(depth + 1, &format!("await asyncio.sleep(0.002 * {i})"));
                self.block(depth + 1, nesting + 1, in_lock);
            }
            19 => {
                // A bounded queue: the put waits for the drainer.
                self.line(depth, "await small.put((n, count))");
                self.line(depth, "print('small put', n, small.qsize(), small.full())");
            }
            20 => {
                self.line(depth, "t = asyncio.create_task(helper(n))");
                if self.dice.chance(50) {
                    let sleep = self.sleep();
                    self.line(depth, &sleep);
                }
                self.line(depth, "print('cancel', n, t.cancel(), t.done())");
                self.line(depth, "try:");
                self.line(depth + 1, "print('not cancelled', await t)");
                self.line(depth, "except asyncio.CancelledError:");
                self.line(depth + 1, "print('cancelled', n, t.cancelled())");
            }
            21 => {
                self.line(
                    depth,
                    "rs = await asyncio.gather(helper(n), failing(n), return_exceptions=True)",
                );
                self.line(
                    depth,
                    "print('gathered', n, [type(r).__name__ for r in rs], [str(r) for r in rs])",
                );
            }
            22 => {
                self.line(depth, "names.setdefault(n % 2, []).append(len(log))");
                self.line(depth, "print('names', sorted(names.items()), max(count, n), sum(x for x in range(n)), sorted(log, key=str)[:3])");
            }
            _ => {
                self.line(depth, "totals[n % 3] = totals.get(n % 3, 0) + balance");
                self.line(depth, "print('w totals', n, totals)");
            }
        }
    }
}

/// The program of `seed`: workers racing on shared variables, with every
/// asyncio feature the subset has.
pub fn program(seed: u64) -> String {
    let mut writer = Writer {
        lines: Vec::new(),
        dice: Dice(seed),
        budget: 0,
    };
    let workers = 1 + writer.dice.below(3);
    let header = format!(
        "import asyncio\nimport random\nimport time\n\nrandom.seed({seed})\nbalance = {}\ncount = 0\nlog = []\ntotals = {{}}\nlock = asyncio.Lock()\nlock2 = asyncio.Lock()\nsem = asyncio.Semaphore({})\nevent = asyncio.Event()\nqueue = asyncio.Queue()\n\n\
async def helper(k):\n    await asyncio.sleep(0.01 * (k % 4))\n    return k * 2\n\n\
async def setter():\n    await asyncio.sleep(0.15)\n    event.set()\n    print('set', time.monotonic())\n\n\
async def tail(steps):\n    try:\n        for i in range(steps):\n            await asyncio.sleep(0)\n            print('tail', i)\n    finally:\n        print('tail stops')\n\n\
async def failing(k):\n    await asyncio.sleep(0.005 * (k % 3))\n    raise ValueError(f'failed {{k}}')\n\n\
class Account:\n    def __init__(self, balance=0, *, name='account'):\n        self.balance = balance\n        self.name = name\n        self._lock = asyncio.Lock()\n\n    async def deposit(self, amount):\n        current = self.balance\n        await asyncio.sleep(0.01)\n        self.balance = current + amount\n        return self.balance\n\n    async def safe_deposit(self, amount=1):\n        async with self._lock:\n            return await self.deposit(amount)\n\n\
account = Account(50, name='shared')\n\n\
def make_counter():\n    total = 0\n    def bump(k=1):\n        nonlocal total\n        total += k\n        return total\n    return bump\n\n\
bump = make_counter()\nnames = {{}}\nsmall = asyncio.Queue(maxsize=1)\n\n\
async def drainer():\n    while True:\n        item = await small.get()\n        print('drained', item, time.monotonic())\n        await asyncio.sleep(0.004)\n\n\
async def consumer():\n    global balance\n    try:\n        while True:\n            item = await queue.get()\n            balance += item\n            print('w balance consumed', item, balance)\n            queue.task_done()\n    finally:\n        print('consumer stops', time.monotonic())\n",
        100 * writer.dice.below(20),
        1 + writer.dice.below(2),
    );
    writer.lines.push(header);
    for worker in 0..workers {
        writer.line(0, &format!("async def worker{worker}(n):"));
        writer.line(1, "global balance, count");
        writer.budget = 6;
        writer.block(1, 0, 0);
        writer.line(1, &format!("return n * {}", worker + 1));
        writer.line(0, "");
    }
    let tasks = 2 + writer.dice.below(4);
    writer.line(0, "async def main():");
    writer.line(1, "asyncio.create_task(setter())");
    writer.line(1, "asyncio.create_task(consumer())");
    writer.line(1, "asyncio.create_task(drainer())");
    writer.line(1, "early = asyncio.create_task(worker0(0))");
    let calls: Vec<String> = (1..=tasks)
        .map(|n| format!("worker{}({n})", writer.dice.below(workers)))
        .collect();
    writer.line(
        1,
        &format!(
            "results = await asyncio.gather({}, early)",
            calls.join(", ")
        ),
    );
    writer.line(
        1,
        "print('results', results, balance, count, log, totals, account.balance, names)",
    );
    writer.line(1, "print('elapsed', time.monotonic())");
    // Still running when main returns: asyncio.run lets it take the rest of
    // this pass and the next before it stops the loop and cancels it.
    let steps = 1 + writer.dice.below(4);
    writer.line(1, &format!("asyncio.create_task(tail({steps}))"));
    writer.line(0, "");
    writer.line(0, "asyncio.run(main())");
    writer.line(0, "print('after', balance, time.monotonic())");
    writer.lines.join("\n") + "\n"
}
