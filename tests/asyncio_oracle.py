#!/usr/bin/env python3
"""The fidelity oracle: the article's programs under CPython's real asyncio.

The event loop is CPython's own SelectorEventLoop, with one change: its clock
is virtual. When nothing is ready the loop asks the selector to wait until
the next timer; our selector moves the clock forward by exactly that much
instead of sleeping. Scheduling, timers (heapq), Tasks, Futures and
asyncio.Lock are all CPython's, so the runs are instant and exact.

Delays are whole numbers, in virtual seconds here and milliseconds in the
engine: integers keep float arithmetic exact, so ties stay ties.

Input (stdin), one case per line:
    STRATEGY INITIAL AMOUNT DELAYS STARTS     (lists comma-separated)
Output, per case:
    case FINAL ELAPSED completed|deadlock EVENT_COUNT
    followed by EVENT_COUNT lines: TIME TASK KIND [VALUE]
"""

import asyncio
import logging
import selectors
import sys


class Deadlock(Exception):
    """The loop would block forever: nothing ready, no timer pending."""


class VirtualClockSelector(selectors.SelectSelector):
    def __init__(self):
        super().__init__()
        self.now = 0

    def select(self, timeout=None):
        if timeout is None:
            raise Deadlock()
        if timeout > 0:
            self.now += timeout
        return []


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._virtual = VirtualClockSelector()
        super().__init__(selector=self._virtual)

    def time(self):
        return self._virtual.now


class World:
    """The shared balance and locks, recording what the engine records."""

    def __init__(self, initial):
        self.balance = initial
        self.version = 0
        self.locks = {"balance": asyncio.Lock(), "a": asyncio.Lock(), "b": asyncio.Lock()}
        self.queue = asyncio.Queue()
        self.events = []

    def log(self, task, kind, value=None):
        now = asyncio.get_running_loop().time()
        assert now == int(now), now
        self.events.append((int(now), task, kind, value))

    def read(self, task):
        self.log(task, "read", self.balance)
        return self.balance, self.version

    def write(self, task, value):
        self.balance = value
        self.version += 1
        self.log(task, "write", value)

    def add(self, task, amount):
        current, _ = self.read(task)
        self.write(task, current + amount)

    async def io(self, task, delay):
        self.log(task, "io", delay)
        await asyncio.sleep(delay)
        self.log(task, "io_done")


# One function per engine strategy, written as the article writes it.

async def unsafe(w, i, amount, delay):
    current, _ = w.read(i)            # READ
    await w.io(i, delay)              # SUSPEND
    w.write(i, current + amount)      # WRITE - BUG!


await_elsewhere = unsafe  # Mistake 3 is the same shape: any await in between


async def lock(w, i, amount, delay):
    w.log(i, "request", "balance")
    async with w.locks["balance"]:
        w.log(i, "acquired", "balance")
        current, _ = w.read(i)
        await w.io(i, delay)
        w.write(i, current + amount)
    w.log(i, "released", "balance")


async def restructure(w, i, amount, delay):
    await w.io(i, delay)
    w.add(i, amount)                  # balance += amount


async def counter(w, i, amount, delay):
    # AsyncSafeCounter.increment: I/O inside the counter's own lock
    w.log(i, "request", "balance")
    async with w.locks["balance"]:
        w.log(i, "acquired", "balance")
        await w.io(i, delay)
        w.add(i, amount)
    w.log(i, "released", "balance")


async def lock_too_late(w, i, amount, delay):
    current, _ = w.read(i)
    w.log(i, "request", "balance")
    async with w.locks["balance"]:
        w.log(i, "acquired", "balance")
        await w.io(i, delay)
        w.write(i, current + amount)
    w.log(i, "released", "balance")


async def lock_too_narrow(w, i, amount, delay):
    current, _ = w.read(i)            # Not protected!
    w.log(i, "request", "balance")
    async with w.locks["balance"]:
        w.log(i, "acquired", "balance")
        w.write(i, current + amount)
    w.log(i, "released", "balance")


async def lock_too_narrow_io(w, i, amount, delay):
    current, _ = w.read(i)
    await w.io(i, delay)
    w.log(i, "request", "balance")
    async with w.locks["balance"]:
        w.log(i, "acquired", "balance")
        w.write(i, current + amount)
    w.log(i, "released", "balance")


async def two_locks(w, i, amount, delay, first, second):
    w.log(i, "request", first)
    async with w.locks[first]:
        w.log(i, "acquired", first)
        await w.io(i, delay)
        w.log(i, "request", second)
        async with w.locks[second]:
            w.log(i, "acquired", second)
            w.add(i, amount)
        w.log(i, "released", second)
    w.log(i, "released", first)


async def opposite_order(w, i, amount, delay):
    first, second = ("a", "b") if i % 2 == 0 else ("b", "a")
    await two_locks(w, i, amount, delay, first, second)


async def consistent_order(w, i, amount, delay):
    await two_locks(w, i, amount, delay, "a", "b")


async def optimistic(w, i, amount, delay):
    while True:
        seen_value, seen_version = w.read(i)
        await w.io(i, delay)
        if w.version == seen_version:
            w.write(i, seen_value + amount)
            return
        w.log(i, "retry")


async def single_writer(w, i, amount, delay):
    await w.io(i, delay)
    w.log(i, "put", amount)
    await w.queue.put(amount)


async def the_writer(w, i, count):
    for _ in range(count):
        amount = await w.queue.get()
        w.log(i, "got", amount)
        w.add(i, amount)


STRATEGIES = {
    "unsafe": unsafe,
    "lock": lock,
    "restructure": restructure,
    "counter": counter,
    "optimistic": optimistic,
    "single-writer": single_writer,
    "lock-too-late": lock_too_late,
    "lock-too-narrow": lock_too_narrow,
    "lock-too-narrow-io": lock_too_narrow_io,
    "await-elsewhere": await_elsewhere,
    "opposite-order": opposite_order,
    "consistent-order": consistent_order,
}


async def run_task(w, strategy, i, amount, delay, start):
    if start > 0:                     # a start of 0 does not sleep at all
        await asyncio.sleep(start)
    w.log(i, "start")
    await strategy(w, i, amount, delay)
    w.log(i, "finish")


async def run_writer(w, i, count):
    w.log(i, "start")
    await the_writer(w, i, count)
    w.log(i, "finish")


def run_case(strategy, initial, amount, delays, starts):
    loop = VirtualClockLoop()
    asyncio.set_event_loop(loop)
    w = None

    async def main():
        nonlocal w
        w = World(initial)
        tasks = [
            run_task(w, STRATEGIES[strategy], i, amount, delays[i], starts[i])
            for i in range(len(delays))
        ]
        if strategy == "single-writer":
            # gather(*credits, writer()): the writer is created last.
            tasks.append(run_writer(w, len(delays), len(delays)))
        await asyncio.gather(*tasks)

    ending = "completed"
    try:
        loop.run_until_complete(main())
    except Deadlock:
        ending = "deadlock"
    elapsed = loop.time()
    if ending == "deadlock":
        # Unwind the stuck tasks so that they do not complain when collected.
        events = list(w.events)
        stuck = asyncio.all_tasks(loop)
        for task in stuck:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*stuck, return_exceptions=True))
        w.events = events
    loop.close()
    return w, int(elapsed), ending


def ints(text):
    return [int(x) for x in text.split(",")] if text else []


def main():
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    out = []
    for line in sys.stdin:
        if not line.strip():
            continue
        strategy, initial, amount, delays, starts = line.split()
        w, elapsed, ending = run_case(strategy, int(initial), int(amount), ints(delays), ints(starts))
        out.append(f"case {w.balance} {elapsed} {ending} {len(w.events)}")
        for time, task, kind, value in w.events:
            out.append(f"{time} {task} {kind}" + ("" if value is None else f" {value}"))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
