#!/usr/bin/env python3
"""The article's programs on CPython's real clock: `asyncio.run`, real sleeps.

No virtual clock, no instrumented loop: what a learner sees when they paste
the article's code into python3. The programs are the article's, with the
`global` declarations they need to run at all (as printed, assigning to the
balance inside the coroutine makes it a local, and CPython raises
UnboundLocalError). The 1000-task program also records who wrote, in order.

About a second in all: the bank example (100 ms), the bank example with the
lock (5 x 100 ms) and the 1000 tasks (100 ms).
"""

import asyncio

# --- The bank example, as the article prints it ---------------------------

account_balance = 1000.0


async def process_transaction(transaction_id, amount):
    """Process a credit transaction - HAS RACE CONDITION"""
    global account_balance
    print(f"[{transaction_id}] Reading balance...")
    current = account_balance  # READ

    # Simulate I/O - database lookup, validation, external API
    await asyncio.sleep(0.1)  # SUSPENSION POINT

    new_balance = current + amount
    account_balance = new_balance  # WRITE - may overwrite others!
    print(f"[{transaction_id}] Wrote balance: {new_balance}")


async def main_bug():
    global account_balance
    account_balance = 1000.0

    # 5 transactions: +$100 each (should be $1500)
    await asyncio.gather(
        process_transaction("T1", 100),
        process_transaction("T2", 100),
        process_transaction("T3", 100),
        process_transaction("T4", 100),
        process_transaction("T5", 100),
    )
    print(f"Final balance: {account_balance}")


balance_lock = None


async def process_transaction_safe(transaction_id, amount):
    """Process transaction safely with Lock"""
    global account_balance
    async with balance_lock:  # CRITICAL SECTION
        print(f"[{transaction_id}] Acquired lock, reading...")
        current = account_balance

        await asyncio.sleep(0.1)  # Safe inside critical section

        new_balance = current + amount
        account_balance = new_balance
        print(f"[{transaction_id}] Released lock, balance: {new_balance}")


async def main_fixed():
    global account_balance, balance_lock
    account_balance = 1000.0
    balance_lock = asyncio.Lock()

    await asyncio.gather(
        process_transaction_safe("T1", 100),
        process_transaction_safe("T2", 100),
        process_transaction_safe("T3", 100),
        process_transaction_safe("T4", 100),
        process_transaction_safe("T5", 100),
    )
    print(f"Final balance: {account_balance}")


# --- The opening program: 1000 tasks credit $1 ------------------------------

balance = 1000
writers = []


async def credit(amount, task):
    global balance
    current = balance  # READ
    await asyncio.sleep(0.1)  # SUSPEND (simulating I/O)
    balance = current + amount  # WRITE - BUG!
    writers.append(task)  # (recorded here: who wrote, in order)


async def main():
    await asyncio.gather(*[credit(1, f"T{i + 1}") for i in range(1000)])
    print(f"Final balance: {balance}")  # Expected: 2000


print("== bank")
asyncio.run(main_bug())
print("== bank with lock")
asyncio.run(main_fixed())
print("== 1000 tasks")
asyncio.run(main())
print("writers " + " ".join(writers))
