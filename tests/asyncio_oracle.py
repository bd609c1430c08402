#!/usr/bin/env python3
"""The fidelity oracle: the article's programs under CPython's real asyncio.

The event loop is CPython's own SelectorEventLoop, with one change: its clock
is virtual, and it behaves like the clock a learner's machine has.

- On Linux and macOS `time.monotonic()` counts nanoseconds and has moved on
  every time it is read, so two `call_later`s with equal delays get different
  deadlines: equal sleeps fall due in the order they were set. Here the clock
  advances by exactly 1 ns each time the loop reads it.
- A real loop never wakes exactly at a deadline: epoll rounds its timeout up
  to whole milliseconds and the kernel adds slack, so it wakes tens of
  microseconds to a millisecond late. Here, when nothing is ready, the
  selector sleeps to the millisecond the next timer is due in; the clock then
  stands a few nanoseconds past the deadline (never before it), and every
  timer due in that millisecond fires, soonest deadline first.

(A loop that woke at the exact nanosecond would be a rig artefact of its own:
which of two timers set at different times fires first would then depend on
how many times the loop happened to read the clock along each one's chain of
earlier sleeps. On a real machine that order is set by wake-up latency.)

Scheduling, timers (heapq), Tasks, Futures, asyncio.Lock and asyncio.Queue
are all CPython's, so the runs are instant and do what the program does.

Delays and start offsets are whole milliseconds, slept as seconds
(`asyncio.sleep(ms / 1000)`). Event times and the elapsed time are reported
in milliseconds, rounded: the nanosecond reads never add up to half of one.

Input (stdin), one case per line:
    STRATEGY INITIAL AMOUNT DELAYS STARTS     (lists comma-separated)
Output, per case:
    case FINAL ELAPSED completed|deadlock EVENT_COUNT
    followed by EVENT_COUNT lines: TIME TASK KIND [VALUE]
    and one line: lost [WRITE>OVERWRITTEN_BY ...]  (writes numbered from 0)
"""

import asyncio
import logging
import selectors
import sys

NS_PER_MS = 1_000_000


class Deadlock(Exception):
    """The loop would block forever: nothing ready, no timer pending."""


class NanosecondClock:
    """A monotonic clock in nanoseconds: the milliseconds the loop has slept,
    plus 1 ns for every reading so far."""

    def __init__(self):
        self.slept_ms = 0
        self.reads = 0
        self.last_reading = 0.0

    def ns(self):
        return self.slept_ms * NS_PER_MS + self.reads

    def read(self):
        self.reads += 1
        # The readings must never add up to a millisecond of their own.
        assert self.reads < NS_PER_MS // 2, "too many clock readings for one case"
        self.last_reading = self.ns() / 1e9
        return self.last_reading

    def sleep(self, seconds):
        """Sleep `seconds` from the last reading: wake in the millisecond
        that the deadline falls in, a few nanoseconds past it."""
        deadline_ns = round((self.last_reading + seconds) * 1e9)
        self.slept_ms = max(self.slept_ms, deadline_ns // NS_PER_MS)
        assert self.ns() >= deadline_ns, "woke before the deadline"

    def ms(self):
        """The time in whole milliseconds, for the record: not a reading."""
        return round(self.ns() / NS_PER_MS)


class VirtualClockSelector(selectors.SelectSelector):
    def __init__(self, clock):
        super().__init__()
        self.clock = clock

    def select(self, timeout=None):
        if timeout is None:
            raise Deadlock()
        if timeout > 0:
            # The loop computed `timeout` from its last reading of the clock.
            self.clock.sleep(timeout)
        return []


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self.clock = NanosecondClock()
        super().__init__(selector=VirtualClockSelector(self.clock))
        # Linux's and macOS's monotonic resolution, whatever this host's is.
        self._clock_resolution = 1e-9

    def time(self):
        return self.clock.read()


class World:
    """The shared balance and locks, recording what the engine records."""

    def __init__(self, initial):
        self.balance = initial
        self.version = 0
        self.locks = {"lock": asyncio.Lock(), "self._lock": asyncio.Lock(), "a": asyncio.Lock(), "b": asyncio.Lock()}
        self.queue = asyncio.Queue()
        self.events = []
        self.last_read = {}           # task -> the version its last read saw
        self.writes = []              # (task, value, version it was based on)

    def log(self, task, kind, value=None):
        # Recording must not read (and so move) the clock the loop reads.
        now = asyncio.get_running_loop().clock.ms()
        self.events.append((now, task, kind, value))

    def read(self, task):
        self.log(task, "read", self.balance)
        self.last_read[task] = self.version
        return self.balance, self.version

    def write(self, task, value):
        # A write with no read before it saw everything there was to see.
        self.writes.append((task, value, self.last_read.get(task, self.version)))
        self.balance = value
        self.version += 1
        self.log(task, "write", value)

    def lost_writes(self):
        """(write, overwritten_by) for every write missing from the balance.

        The balance is built on a chain of writes, each on the version it
        read; a write off that chain is lost, and the write that erased it is
        the first later one whose read came before it landed."""
        surviving = set()
        version = len(self.writes)
        while version > 0:
            surviving.add(version - 1)
            version = self.writes[version - 1][2]
        lost = []
        for i in range(len(self.writes)):
            if i not in surviving:
                eraser = next(j for j in range(i + 1, len(self.writes)) if self.writes[j][2] <= i)
                lost.append((i, eraser))
        return lost

    def add(self, task, amount):
        current, _ = self.read(task)
        self.write(task, current + amount)

    async def io(self, task, delay):
        self.log(task, "io", delay)
        await asyncio.sleep(delay / 1000)
        self.log(task, "io_done")


# One function per engine strategy, written as the article writes it.

async def unsafe(w, i, amount, delay):
    current, _ = w.read(i)            # READ
    await w.io(i, delay)              # SUSPEND
    w.write(i, current + amount)      # WRITE - BUG!


await_elsewhere = unsafe  # Mistake 3 is the same shape: any await in between


async def lock(w, i, amount, delay):
    w.log(i, "request", "lock")
    async with w.locks["lock"]:
        w.log(i, "acquired", "lock")
        current, _ = w.read(i)
        await w.io(i, delay)
        w.write(i, current + amount)
    w.log(i, "released", "lock")


async def restructure(w, i, amount, delay):
    await w.io(i, delay)
    w.add(i, amount)                  # balance += amount


async def counter(w, i, amount, delay):
    # AsyncSafeCounter.increment: I/O inside the counter's own lock
    w.log(i, "request", "self._lock")
    async with w.locks["self._lock"]:
        w.log(i, "acquired", "self._lock")
        await w.io(i, delay)
        w.add(i, amount)
        w.read(i)                     # return self._value
    w.log(i, "released", "self._lock")


async def lock_too_late(w, i, amount, delay):
    current, _ = w.read(i)
    w.log(i, "request", "lock")
    async with w.locks["lock"]:
        w.log(i, "acquired", "lock")
        await w.io(i, delay)
        w.write(i, current + amount)
    w.log(i, "released", "lock")


async def lock_too_narrow(w, i, amount, delay):
    current, _ = w.read(i)            # Not protected!
    w.log(i, "request", "lock")
    async with w.locks["lock"]:
        w.log(i, "acquired", "lock")
        w.write(i, current + amount)
    w.log(i, "released", "lock")


async def lock_too_narrow_io(w, i, amount, delay):
    current, _ = w.read(i)
    await w.io(i, delay)
    w.log(i, "request", "lock")
    async with w.locks["lock"]:
        w.log(i, "acquired", "lock")
        w.write(i, current + amount)
    w.log(i, "released", "lock")


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
        await asyncio.sleep(start / 1000)
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
    elapsed = loop.clock.ms()
    if ending == "deadlock":
        # Unwind the stuck tasks so that they do not complain when collected.
        events = list(w.events)
        stuck = asyncio.all_tasks(loop)
        for task in stuck:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*stuck, return_exceptions=True))
        w.events = events
    loop.close()
    return w, elapsed, ending


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
        out.append(" ".join(["lost"] + [f"{i}>{j}" for i, j in w.lost_writes()]))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
