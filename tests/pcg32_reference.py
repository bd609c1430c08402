#!/usr/bin/env python3
"""An independent PCG-XSH-RR 64/32 (O'Neill's pcg32, as rand_pcg::Pcg32).

Usage: pcg32_reference.py SEED COUNT LOW HIGH
Prints COUNT raw u32 outputs, then COUNT draws uniform in LOW..=HIGH by the
same rejection rule the engine uses, so the engine's jitter can be checked
against arithmetic that is not Rust's.
"""
import sys

MASK64 = (1 << 64) - 1
MULTIPLIER = 6364136223846793005
STREAM = 0x0A02_BDBF_7BB3_C0A7


class Pcg32:
    def __init__(self, seed, stream=STREAM):
        self.increment = ((stream << 1) | 1) & MASK64
        self.state = (seed + self.increment) & MASK64
        self.step()

    def step(self):
        self.state = (self.state * MULTIPLIER + self.increment) & MASK64

    def next_u32(self):
        state = self.state
        self.step()
        rot = state >> 59
        xsh = (((state >> 18) ^ state) >> 27) & 0xFFFFFFFF
        return ((xsh >> rot) | (xsh << ((32 - rot) & 31))) & 0xFFFFFFFF

    def uniform_inclusive(self, low, high):
        span = high - low
        if span == 0:
            return low
        if span >= 0xFFFFFFFF:
            rng = span + 1
            if rng > MASK64:
                return (self.next_u32() << 32) | self.next_u32()
            zone = MASK64 - (MASK64 - rng + 1) % rng
            while True:
                draw = (self.next_u32() << 32) | self.next_u32()
                if draw <= zone:
                    return low + draw % rng
        rng = span + 1
        zone = 0xFFFFFFFF - (0xFFFFFFFF - rng + 1) % rng
        while True:
            draw = self.next_u32()
            if draw <= zone:
                return low + draw % rng


def main():
    seed, count, low, high = (int(a) for a in sys.argv[1:5])
    raw = Pcg32(seed)
    print(" ".join(str(raw.next_u32()) for _ in range(count)))
    draws = Pcg32(seed)
    print(" ".join(str(draws.uniform_inclusive(low, high)) for _ in range(count)))


if __name__ == "__main__":
    main()
