#!/usr/bin/env python3
"""The learner's-program oracle: whole programs under CPython's own asyncio.

Each program runs unchanged (its own `asyncio.run(main())`) on CPython's
SelectorEventLoop, with one change: its clock is virtual and exact, the
clock of the playground's reference ("CPython as a learner runs it"):

- A timer falls due at exactly `loop.time() + delay`. When nothing is
  ready the loop jumps to the soonest deadline, and every timer due by
  then fires, soonest first.
- Equal deadlines fall due in the order they were set. On a real machine
  the monotonic clock moves between two `call_later`s, so a timer set
  later is due later; here a sequence number breaks heapq's ties instead
  (heapq alone would order equal timers arbitrarily: a rig artefact).
- `time.monotonic()`, `time.perf_counter()` and `time.time()` read the
  virtual clock; `time.sleep(s)` moves it without running anything else.
- A loop with nothing ready and no timer would wait forever: reported as
  "forever" instead.

Input (stdin): a JSON list of program texts. Output (stdout), per program:
    output BYTES        then that many bytes: what the program printed
    ending TEXT         completed, forever, or the exception's last line
    line N              where the exception was raised (0 if none)
    global NAME REPR    one line per data variable at the end
    end

With --time, it prints each program's fastest of thirty runs in seconds.
"""

import asyncio
import contextlib
import heapq
import io
import itertools
import json
import math
import selectors
import sys
import time
import traceback
from asyncio import events

NOW = [0.0]
_sequence = itertools.count()


class NumberedTimer(events.TimerHandle):
    """A timer that sorts by deadline, then by the order it was set."""

    __slots__ = ("_sequence",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sequence = next(_sequence)

    def __lt__(self, other):
        return (self._when, self._sequence) < (other._when, other._sequence)


REAL_CLOCK = time.perf_counter
time.monotonic = lambda: NOW[0]
time.perf_counter = lambda: NOW[0]
time.time = lambda: NOW[0]


def _sleep(seconds):
    NOW[0] += seconds


time.sleep = _sleep


class Forever(BaseException):
    """Nothing ready, no timer: the loop would block forever."""


class ExactSelector(selectors.SelectSelector):
    def __init__(self, loop):
        super().__init__()
        self.loop = loop

    def select(self, timeout=None):
        if timeout is None:
            # A real run hangs here for ever: what it shows is what it has
            # printed and done so far (asyncio.run's clean-up never runs).
            FROZEN.append((sys.stdout.getvalue(), data_globals(SCOPE[0])))
            raise Forever()
        if timeout > 0:
            NOW[0] = max(NOW[0], self.loop._scheduled[0]._when)
        if NOW[0] > 100_000:
            # A generated program that never ends: fail it, do not hang.
            raise RuntimeError("ran past 100,000 virtual seconds")
        # `_run_once` fires timers with when < time() + resolution: exactly
        # those due by now.
        self.loop._clock_resolution = math.ulp(NOW[0])
        return []


class ExactLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(selector=ExactSelector(self))
        self._clock_resolution = math.ulp(0.0)

    def time(self):
        return NOW[0]

    def call_at(self, when, callback, *args, context=None):
        # BaseEventLoop.call_at, with the numbered timer.
        self._check_closed()
        timer = NumberedTimer(when, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer


class Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return ExactLoop()


asyncio.set_event_loop_policy(Policy())

DATA = (type(None), bool, int, float, str, list, tuple, dict)
SCOPE = [{}]
FROZEN = []


def data_globals(scope):
    return {
        name: repr(value)
        for name, value in scope.items()
        if not name.startswith("__") and isinstance(value, DATA)
    }


def run(program):
    NOW[0] = 0.0
    out = io.StringIO()
    scope = {"__name__": "__main__"}
    SCOPE[0] = scope
    FROZEN.clear()
    ending = "completed"
    line = 0
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(program, "<program>", "exec"), scope)
        except Forever:
            ending = "forever"
        except BaseException as exc:  # noqa: BLE001 - the learner's exception is the result
            name = type(exc).__name__
            text = str(exc)
            ending = f"{name}: {text}" if text else name
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<program>"]
            line = frames[-1].lineno if frames else 0
    if ending == "forever":
        printed, found = FROZEN[0]
    else:
        printed, found = out.getvalue(), data_globals(scope)
    return {"output": printed, "ending": ending, "line": line, "globals": found}


def main():
    programs = json.load(sys.stdin)
    if "--time" in sys.argv:
        # For the benchmark: each program's fastest of thirty runs, in
        # seconds (as many as the interpreter's side: shared machines are noisy).
        for program in programs:
            times = []
            for _ in range(30):
                start = REAL_CLOCK()
                run(program)
                times.append(REAL_CLOCK() - start)
            print(min(times))
        return
    out = sys.stdout.buffer
    for program in programs:
        result = run(program)
        printed = result["output"].encode()
        out.write(b"output %d\n" % len(printed) + printed + b"\n")
        out.write(f"ending {result['ending']}\n".encode())
        out.write(f"line {result['line']}\n".encode())
        for name, shown in sorted(result["globals"].items()):
            out.write(f"global {name} {shown}\n".encode())
        out.write(b"end\n")


if __name__ == "__main__":
    main()
