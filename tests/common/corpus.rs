//! Programs more than one test runs: each feature of the subset, and
//! programs that raise.

/// The subset, feature by feature (`py_features.rs` checks each against CPython).
pub const FEATURES: &[&str] = &[
    // Numbers.
    "print(7 // 2, -7 // 2, 7 // -2, 7 % 3, -7 % 3, 7 % -3, 2 ** 10, 2 ** -1, 10 / 4, 1e16, 1e-5, 0.1 + 0.2)",
    "print(abs(-3), abs(-2.5), round(2.5), round(3.5), round(2.675, 2), int(3.9), int(-3.9), float('1.5'), int(' 42 '))",
    "print(divmod(17, 5), divmod(-17, 5), max(3, 9, 2), min([4, 1, 8]), sum([1, 2, 3], 10), 3 < 4 <= 4 != 5)",
    "print(True + True, 1 == 1.0, 5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 10, -16 >> 2, bool(0), bool([]), bool('x'))",
    // Strings.
    "s = 'Balance: $1,000'\nprint(s.upper(), s.lower(), s.split(':'), s.replace('1,000', '2,000'), s[0], s[-1], s[2:5], s[::-1], len(s))",
    "print(', '.join(['a', 'b', 'c']), 'x'.join('abc'), '  pad  '.strip(), 'abc'.startswith('ab'), 'abc'.endswith('bc'), 'a-b-c'.split('-'), 'banana'.count('a'), 'banana'.index('n'))",
    "print('{} has ${:,}'.format('T1', 1500), '%d tasks, %.2f s, %s' % (3, 0.25, 'ok'), '%5d|%-5d|' % (42, 42))",
    "x = 3.14159\nprint(f'{x:.2f} {x:8.3f} {x:<8.1f}| {1234567:,} {0.256:.1%} {42:05d} {42:>6} {\"hi\":^6}| {x!r} {x=}')",
    "print(repr('it\\'s'), repr(\"a\\nb\"), str(None), str(True), repr([1, 'a', (2,)]), repr({'k': [1.5]}))",
    "print('Straße ÉTÉ ǅ ﬁ İ'.upper(), 'ΣΑΣ ΌΣΟΣ. Ǆ ÀÉ İ'.lower(), 'ÿ'.upper(), 'Ω'.lower())",
    "print(1149636667324797.25, 0.1 + 0.7, 2.0 ** -1074, 1e22, 1e23, 123456789012345678.0, 2.5e-5, -0.0, 1 / 3)",
    "inf = float('inf')\nprint(f'{inf:.2f} {-inf:e} {float(\"nan\"):.1f} {inf:%} {0.125:.2f} {0.375:.2f} {2.675:.2f} {1e300:.3e} {5e-324:.2e} {0.0:.0e} {-0.0:.1f} {-0.0:e} {-0.0:.2%} {-0.0001:.1f} {-float(\"nan\"):.1f}')",
    "print(round(0.125, 2), round(-0.5, 0), round(1e300, 2), round(2.5e-8, 9), round(float('inf'), 1), '%.3f|%e|%.0f' % (1 / 3, 12345.678, 0.5))",
    // Containers.
    "items = [3, 1, 2]\nitems.append(5)\nitems.insert(0, 9)\nitems.extend([7, 7])\nprint(items, items.pop(), items.pop(0), items.index(2), items.count(7))\nitems.sort()\nprint(items)\nitems.sort(reverse=True)\nprint(items, sorted(items), list(reversed(items)))",
    "a = [1, 2, 3, 4, 5]\nprint(a[1:3], a[:2], a[3:], a[::2], a[-2:], a[::-1], a[10:], a[-10:2])\nb = a\nb.append(6)\nprint(a, a is b, a == [1, 2, 3, 4, 5, 6], [1] * 3, [1, 2] + [3])",
    "d = {'a': 1, 'b': 2}\nd['c'] = 3\ndel d['a']\nd['a'] = 4\nprint(d, list(d), d.keys(), d.values(), d.items(), d.get('z'), d.get('z', 0), 'b' in d, len(d))\nprint(d.pop('b'), d.setdefault('e', []), d)",
    "t = (1, 2, 3)\na, *rest = t\n*init, z = t\nx, (y, w) = 1, (2, 3)\nprint(a, rest, init, z, x, y, w, t + (4,), (5,), ())",
    "counts = {}\nfor word in 'a b a c b a'.split():\n    counts[word] = counts.get(word, 0) + 1\nprint(counts, sorted(counts.items(), key=str), max(counts, key=counts.get))",
    "print([i * i for i in range(5) if i % 2 == 0], {i: i * 2 for i in range(3)}, sum(x for x in range(10)), [(i, j) for i in range(2) for j in range(2)])",
    "print(list(enumerate('ab', 1)), list(zip([1, 2, 3], 'ab')), list(range(10, 0, -3)), any([0, 1]), all([]), range(5)[2], len(range(0, 10, 3)))",
    // Functions and scopes.
    "def f(a, b=2, *args, c, d=4, **kw):\n    return (a, b, args, c, d, kw)\nprint(f(1, c=3), f(1, 5, 6, 7, c=8, e=9), f(*[1, 2], **{'c': 3}))",
    "def outer():\n    count = 0\n    def inc():\n        nonlocal count\n        count += 1\n        return count\n    inc()\n    inc()\n    return count, inc\nn, inc = outer()\nprint(n, inc(), inc())",
    "x = 'global'\ndef show():\n    return x\ndef shadow():\n    x = 'local'\n    return x\ndef change():\n    global x\n    x = 'changed'\nprint(show(), shadow(), x)\nchange()\nprint(x)",
    "def append_to(item, bucket=[]):\n    bucket.append(item)\n    return bucket\nprint(append_to(1), append_to(2))",
    "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nprint(fact(20), [fact(i) for i in range(6)])",
    // Classes.
    "class Account:\n    fee = 1\n    def __init__(self, owner, balance=0):\n        self.owner = owner\n        self.balance = balance\n    def deposit(self, amount):\n        self.balance += amount - self.fee\n        return self\na = Account('ann', 10)\na.deposit(5).deposit(5)\nprint(a.owner, a.balance, Account.fee, type(a).__name__, isinstance(a, Account))",
    "class Base:\n    def hello(self):\n        return 'base ' + self.name()\n    def name(self):\n        return 'B'\nclass Child(Base):\n    def name(self):\n        return 'C'\nprint(Child().hello(), Base().hello(), isinstance(Child(), Base))",
    "class Overdrawn(Exception):\n    pass\ntry:\n    raise Overdrawn('short by', 5)\nexcept Exception as e:\n    print(type(e).__name__, e.args, str(e), repr(e))",
    "class Overdrawn(Exception):\n    def __init__(self, amount):\n        super().__init__(f'overdrawn by {amount}')\n        self.amount = amount\ntry:\n    raise Overdrawn(5)\nexcept Overdrawn as e:\n    print(e, e.amount, e.args, repr(e))\nclass Quiet(Exception):\n    def __init__(self, code):\n        self.code = code\nq = Quiet(7)\nprint(q.args, q.code, str(q))",
    "class Base:\n    def __init__(self, n):\n        self.n = n\n    def describe(self):\n        return f'base {self.n}'\nclass Child(Base):\n    def __init__(self, n):\n        super().__init__(n * 2)\n    def describe(self):\n        return 'child/' + super().describe()\nclass Plain:\n    def __init__(self):\n        super().__init__()\n        self.x = 1\nprint(Child(3).describe(), Child(1).n, Plain().x)",
    "import asyncio\nclass A:\n    async def work(self):\n        await asyncio.sleep(0.1)\n        return 'a'\nclass B(A):\n    async def work(self):\n        return (await super().work()) + 'b'\nprint(asyncio.run(B().work()))",
    // Control flow and exceptions.
    "for i in range(5):\n    if i == 1:\n        continue\n    if i == 3:\n        break\n    print(i)\nelse:\n    print('no break')\nwhile False:\n    pass\nelse:\n    print('while else')",
    "def risky(n):\n    try:\n        if n == 0:\n            raise ValueError('zero')\n        return 10 // n\n    except ValueError as e:\n        return 'caught ' + str(e)\n    finally:\n        print('finally', n)\nprint(risky(0), risky(5))",
    "try:\n    try:\n        {}['k']\n    except KeyError as e:\n        print('key', e)\n        raise RuntimeError('wrapped')\nexcept RuntimeError as e:\n    print('outer', e)\ntry:\n    [][1]\nexcept (KeyError, IndexError) as e:\n    print(type(e).__name__, e)",
    "def gen():\n    for i in range(3):\n        try:\n            if i == 1:\n                return i\n        finally:\n            print('cleanup', i)\nprint(gen())",
    "x = 5\nassert x > 0, 'positive'\nprint('ok' if x > 3 else 'small', x and 0, x or 0, not x, None or 'default')",
    // asyncio.
    "import asyncio\nasync def work(n):\n    await asyncio.sleep(n / 10)\n    return n * n\nasync def main():\n    print(await asyncio.gather(*(work(n) for n in [3, 1, 2])))\n    t = asyncio.create_task(work(4))\n    print(t.done(), await t, t.done(), t.result())\nasyncio.run(main())",
    "import asyncio\nasync def main():\n    q = asyncio.Queue()\n    for i in range(3):\n        q.put_nowait(i)\n    print(q.qsize(), q.empty(), q.get_nowait(), await q.get())\n    e = asyncio.Event()\n    print(e.is_set())\n    e.set()\n    print(await e.wait(), e.is_set())\n    s = asyncio.Semaphore(2)\n    async with s:\n        print(s.locked())\n    lock = asyncio.Lock()\n    print(lock.locked(), await lock.acquire(), lock.locked())\n    lock.release()\n    print(lock.locked())\nasyncio.run(main())",
    "import asyncio\nimport time\nasync def tick(name, n):\n    for i in range(n):\n        print(name, i, time.monotonic())\n        await asyncio.sleep(0.1)\nasync def main():\n    await asyncio.gather(tick('a', 3), tick('b', 2))\n    time.sleep(0.5)\n    print('blocked until', time.monotonic())\nasyncio.run(main())",
    "import asyncio\nasync def child():\n    try:\n        await asyncio.sleep(10)\n    except asyncio.CancelledError:\n        print('child cancelled')\n        raise\nasync def main():\n    t = asyncio.create_task(child())\n    await asyncio.sleep(0.1)\n    t.cancel()\n    try:\n        await t\n    except asyncio.CancelledError:\n        print('main saw it', t.cancelled())\nasyncio.run(main())",
    "import asyncio\nasync def boom():\n    raise KeyError('x')\nasync def main():\n    r = await asyncio.gather(boom(), asyncio.sleep(0.1, 'slept'), return_exceptions=True)\n    print(r)\n    print(asyncio.current_task().done())\nasyncio.run(main())\nprint(asyncio.run(asyncio.sleep(0, 'direct')))",
    "import random\nrandom.seed(42)\nprint(random.random(), random.randint(1, 100), random.uniform(1, 2), random.choice('abc'), random.randrange(0, 100, 5))\nitems = list(range(10))\nrandom.shuffle(items)\nprint(items)",
];

/// Programs that raise, each with the async setting a learner meets it in.
pub const RAISING: &[&str] = &[
    // Names and scopes.
    "print(balanse)",
    "balance = 0\ndef credit():\n    balance += 1\ncredit()",
    "import asyncio\nbalance = 0\nasync def credit():\n    current = balance\n    await asyncio.sleep(0)\n    balance = current + 1\nasyncio.run(credit())",
    "def outer():\n    def inner():\n        return x\n    r = inner()\n    x = 1\n    return r\nouter()",
    // Arithmetic and types.
    "print(1 / 0)",
    "print(10 // 0)",
    "print(5 % 0)",
    "print(1.5 / 0)",
    "print('balance: ' + 5)",
    "print(-'x')",
    "x = 5\nx()",
    "print(len(5))",
    "print(int('12a'))",
    "print(3 < 'a')",
    // Containers.
    "items = [1, 2]\nprint(items[2])",
    "d = {'a': 1}\nprint(d['b'])",
    "t = (1, 2)\nt[0] = 5",
    "a, b = [1, 2, 3]",
    "a, b, c = (1, 2)",
    "print({}[[1]])",
    "print([].pop())",
    "[1].remove(2)",
    // Calls.
    "def credit(amount):\n    pass\ncredit()",
    "def credit(amount):\n    pass\ncredit(1, 2)",
    "def credit(amount):\n    pass\ncredit(1, amount=2)",
    "def credit(amount):\n    pass\ncredit(amonut=2)",
    "class Account:\n    pass\nAccount().balance",
    "class Account:\n    def __init__(self, balance):\n        self.balance = balance\nAccount()",
    // asyncio, as a learner gets it wrong.
    "import asyncio\nlock = asyncio.Lock()\nasync def main():\n    with lock:\n        pass\nasyncio.run(main())",
    "import asyncio\nlock = asyncio.Lock()\nasync def main():\n    lock.release()\nasyncio.run(main())",
    "import asyncio\nasync def main():\n    await 5\nasyncio.run(main())",
    "import asyncio\nasync def work():\n    return 1\nasync def main():\n    c = work()\n    await c\n    await c\nasyncio.run(main())",
    "import asyncio\nasync def work():\n    await asyncio.sleep(0.1)\n    raise ValueError('the bank is closed')\nasync def main():\n    await asyncio.gather(work(), work())\nasyncio.run(main())",
    "import asyncio\nasync def main():\n    asyncio.run(main())\nasyncio.run(main())",
    "import asyncio\nasync def work():\n    pass\nasyncio.create_task(work())",
    "import asyncio\nasyncio.run(5)",
    "import asyncio\nasync def main():\n    await asyncio.sleep(0.1)\n    assert False, 'balance went negative'\nasyncio.run(main())",
    "import asyncio\nasync def main():\n    t = asyncio.create_task(asyncio.sleep(1))\n    await asyncio.sleep(0)\n    t.cancel()\n    await t\nasyncio.run(main())",
    "import asyncio\nq = asyncio.Queue()\nq.get_nowait()",
    "raise RuntimeError",
    "class Overdrawn(Exception):\n    pass\ntry:\n    raise Overdrawn('by $5')\nexcept ValueError:\n    pass",
    "try:\n    1 / 0\nexcept ZeroDivisionError:\n    raise",
];
